/* pd-application.c: the Paydesk application, its actions and shortcuts
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-application.h"
#include "pd-asset-list.h"
#include "pd-ledger-secret.h"
#include "pd-ledger-settings.h"
#include "pd-new-order-dialog.h"
#include "pd-pg-backend.h"
#include "pd-preferences-window.h"
#include "pd-store.h"
#include "pd-screenshot.h"
#include "pd-window.h"

struct _PdApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  PdStore        *store;
  /* The ledger of `paydesk --db`, for this run only; NULL without. */
  char           *ledger_override;
  /* Set once the main window's first frame asked for the ledger. */
  gboolean        store_requested;
  GError         *store_error;
  /* The ledger opened at start (NULL: the file on this computer), and
   * whether the keyring answered when asked for its password. */
  char           *store_location;
  gboolean        keyring_available;
  GCancellable   *cancellable;
  PdMixpayClient *client;
  /* The ledger whose request gate the client was given. */
  char           *client_ledger;
  PdPoller       *poller;
  /* Set while the poller runs only for orders asked for by hand. */
  gboolean        checking_by_hand;

  /* The last notification sent, for withdrawing it and for the tests. */
  char           *last_notification_id;
  char           *last_notification_title;
  char           *last_notification_body;
};

G_DEFINE_FINAL_TYPE (PdApplication, pd_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_STORE,
  PROP_STORE_ERROR,
  PROP_CLIENT,
  PROP_POLLER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pd_application_recreate_poller (PdApplication *self);

/* The ledger in use, as app.ledger's state: a second launch with --db
 * reads it over D-Bus to tell whether it names another ledger. */
static void
pd_application_show_ledger (PdApplication *self,
                            const char    *location)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "ledger");

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action),
                               g_variant_new_take_string (pd_ledger_settings_dup_display (location)));
}

/* The main window that dialogs belong to: the most recently focused one. */
static GtkWindow *
pd_application_get_main_window (PdApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (PD_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

static GtkWindow *
pd_application_find_preferences_window (PdApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (PD_IS_PREFERENCES_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

/* Notifications */

static char *
notification_id_for (gint64 row_id)
{
  return g_strdup_printf ("order-%" G_GINT64_FORMAT, row_id);
}

/* "10 USDT": the order's amount in its quote asset. The store gives
 * older orders their symbol from the cached asset list
 * (pd_asset_cache_name_orders()); one not in that list shows its ID. */
static char *
pd_application_describe_amount (PdApplication *self,
                                PdOrder       *order)
{
  const char *symbol = pd_order_get_quote_symbol (order);

  if (symbol == NULL || symbol[0] == '\0')
    symbol = pd_order_get_quote_asset_id (order);

  /* Translators: an amount and its asset, e.g. "10 USDT" */
  return g_strdup_printf (C_("amount", "%s %s"), pd_order_get_quote_amount (order), symbol);
}

static void
pd_application_notify_order (PdApplication *self,
                             PdOrder       *order,
                             PdOrderState   state)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *amount = pd_application_describe_amount (self, order);
  const char *order_id = pd_order_get_order_id (order);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  switch (state)
    {
    case PD_ORDER_STATE_PAID:
      /* Translators: a notification; the order ID and the amount, e.g. "10 USDT" */
      title = g_strdup_printf (_("Order %s paid: %s"), order_id, amount);
      body = g_strdup (_("MixPay confirmed the payment."));
      break;
    case PD_ORDER_STATE_MISMATCH:
      /* Translators: a notification; the order ID */
      title = g_strdup_printf (_("Order %s: payment does not match — do not hand over goods"), order_id);
      /* Translators: the amount the order asked for, e.g. "10 USDT" */
      body = g_strdup_printf (_("The payment is not for %s as asked. Open the order for details."), amount);
      break;
    case PD_ORDER_STATE_FAILED:
      /* Translators: a notification; the order ID */
      title = g_strdup_printf (_("Order %s: the payment failed"), order_id);
      body = g_strdup (_("No money was received. Open the order for MixPay’s reason."));
      break;
    case PD_ORDER_STATE_UNKNOWN:
    default:
      /* Translators: a notification; the order ID */
      title = g_strdup_printf (_("Order %s: MixPay’s answer is not understood — do not hand over goods yet"),
                               order_id);
      body = g_strdup (_("Open the order for details."));
      break;
    }

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification,
                               state == PD_ORDER_STATE_PAID
                               ? G_NOTIFICATION_PRIORITY_NORMAL
                               : G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.show-order",
                                                "x", pd_order_get_id (order));

  g_free (self->last_notification_id);
  self->last_notification_id = notification_id_for (pd_order_get_id (order));
  g_free (self->last_notification_title);
  self->last_notification_title = g_steal_pointer (&title);
  g_free (self->last_notification_body);
  self->last_notification_body = g_steal_pointer (&body);

  g_application_send_notification (G_APPLICATION (self), self->last_notification_id,
                                   notification);
}

static void
poller_state_changed_cb (PdApplication *self,
                         PdOrder       *order,
                         int            old_state,
                         int            new_state,
                         PdPoller      *poller)
{
  /* Paid, or needing attention (the settings' promise): what a merchant
   * at the desk must hear of without looking. */
  if (new_state != PD_ORDER_STATE_PAID && new_state != PD_ORDER_STATE_MISMATCH &&
      new_state != PD_ORDER_STATE_FAILED && new_state != PD_ORDER_STATE_UNKNOWN)
    return;

  if (!g_settings_get_boolean (self->settings, "notifications-enabled"))
    return;

  pd_application_notify_order (self, order, new_state);
}

/* MixPay */

static char *
pd_application_dup_api_base (PdApplication *self)
{
  const char *env = g_getenv ("PAYDESK_API_BASE");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  return g_settings_get_string (self->settings, "api-base");
}

static void
pd_application_update_polling (PdApplication *self)
{
  if (self->poller == NULL)
    return;

  if (g_settings_get_boolean (self->settings, "polling-enabled"))
    {
      self->checking_by_hand = FALSE;
      pd_poller_start (self->poller);
    }
  else if (!self->checking_by_hand)
    {
      pd_poller_stop (self->poller);
    }
}

/* With polling off, a check asked for by hand runs the poller until it is
 * answered, then stops it again. */
static void
poller_n_pending_changed_cb (PdApplication *self,
                             GParamSpec    *pspec,
                             PdPoller      *poller)
{
  if (!self->checking_by_hand || pd_poller_get_n_pending (poller) > 0)
    return;

  self->checking_by_hand = FALSE;
  pd_application_update_polling (self);
}

static void
pd_application_clear_poller (PdApplication *self)
{
  if (self->poller == NULL)
    return;

  pd_poller_stop (self->poller);
  g_signal_handlers_disconnect_by_data (self->poller, self);
  g_clear_object (&self->poller);
}

/* Check Now buttons follow whether there is a poller to ask. */
static void
pd_application_update_check_order (PdApplication *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "check-order");

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->poller != NULL);
}

/* The poller talks through the client: a new client needs a new poller. */
static void
pd_application_recreate_poller (PdApplication *self)
{
  pd_application_clear_poller (self);

  if (self->store != NULL && self->client != NULL)
    {
      self->poller = pd_poller_new (self->store, self->client, NULL);
      g_signal_connect_object (self->poller, "state-changed",
                               G_CALLBACK (poller_state_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->poller, "notify::n-pending",
                               G_CALLBACK (poller_n_pending_changed_cb), self,
                               G_CONNECT_SWAPPED);
      pd_application_update_polling (self);
    }

  pd_application_update_check_order (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLLER]);
}

static void
pd_application_recreate_client (PdApplication *self)
{
  g_autofree char *api_base = pd_application_dup_api_base (self);
  g_autoptr(GError) error = NULL;

  pd_application_clear_poller (self);
  g_clear_object (&self->client);

  self->client = pd_mixpay_client_new (api_base, &error);
  if (self->client == NULL)
    g_warning ("Cannot talk to MixPay at %s: %s", api_base, error->message);
  else
    {
      /* The asset lists and look-ups share the ledger's one gate with the
       * poller and with paydesk-cli. */
      g_autofree char *ledger = self->store != NULL ? g_strdup (pd_store_get_path (self->store))
                                                    : pd_store_dup_default_path ();
      g_autoptr(PdRequestGate) gate = self->store != NULL ? pd_request_gate_new_for_store (self->store, NULL)
                                                          : pd_request_gate_new_for_ledger (ledger, NULL);
      g_autofree char *payee_id = g_settings_get_string (self->settings, "payee-id");

      pd_request_gate_set_payee (gate, payee_id);
      pd_mixpay_client_set_gate (self->client, gate);
      g_free (self->client_ledger);
      self->client_ledger = g_steal_pointer (&ledger);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  pd_application_recreate_poller (self);
}

static void
settings_changed_cb (PdApplication *self,
                     const char    *key,
                     GSettings     *settings)
{
  if (g_str_equal (key, "api-base"))
    pd_application_recreate_client (self);
  else if (g_str_equal (key, "polling-enabled"))
    pd_application_update_polling (self);
  else if (g_str_equal (key, "payee-id") && self->client != NULL &&
           pd_mixpay_client_get_gate (self->client) != NULL)
    {
      g_autofree char *payee_id = g_settings_get_string (settings, "payee-id");

      pd_request_gate_set_payee (pd_mixpay_client_get_gate (self->client), payee_id);
    }
}

/* MixPay's asset lists, fetched once into an empty cache so that new
 * orders know their asset's symbol and decimals without a visit to the
 * preferences (which refresh them). */

typedef struct
{
  PdApplication   *self;
  PdAssetListKind  kind;
} PrefetchData;

static void
prefetch_assets_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PrefetchData *data = user_data;
  g_autoptr(PdApplication) self = data->self;
  PdAssetListKind kind = data->kind;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;

  g_free (data);

  assets = pd_mixpay_client_get_assets_finish (PD_MIXPAY_CLIENT (object), result, &error);
  if (assets == NULL)
    {
      /* Offline: the preferences say so when opened. */
      g_debug ("Cannot fetch an asset list: %s", error->message);
      return;
    }

  if (self->store != NULL && !pd_asset_list_save (self->store, kind, assets, &error))
    g_warning ("Cannot cache an asset list: %s", error->message);
}

static void
pd_application_prefetch_assets (PdApplication *self)
{
  if (self->client == NULL)
    return;

  for (PdAssetListKind kind = PD_ASSET_LIST_QUOTE; kind <= PD_ASSET_LIST_SETTLEMENT; kind++)
    {
      g_autoptr(GPtrArray) cached = pd_asset_cache_load (self->store, kind, NULL);
      PrefetchData *data;

      if (cached != NULL && cached->len > 0)
        continue;

      data = g_new0 (PrefetchData, 1);
      data->self = g_object_ref (self);
      data->kind = kind;
      if (kind == PD_ASSET_LIST_QUOTE)
        pd_mixpay_client_get_quote_assets_async (self->client, self->cancellable,
                                                 prefetch_assets_cb, data);
      else
        pd_mixpay_client_get_settlement_assets_async (self->client, NULL, NULL, self->cancellable,
                                                      prefetch_assets_cb, data);
    }
}

/* The ledger */

static void
pd_application_publish_store (PdApplication *self,
                              PdStore       *store)
{
  self->store = store;
  /* Orders that paydesk-cli or another desk adds or changes while the
   * window is open show up in it, and open ones are polled. */
  pd_store_watch (store);
  pd_application_show_ledger (self, pd_store_get_path (store));
  /* The client's request gate belongs to the ledger: one made for
   * another ledger (the default, before the settings' shared one was
   * open) makes a new client, and so a new poller. */
  if (g_strcmp0 (self->client_ledger, pd_store_get_path (store)) != 0)
    pd_application_recreate_client (self);
  pd_application_prefetch_assets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  pd_application_recreate_poller (self);
}

static void
open_store_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PdApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  PdStore *store;

  store = pd_ledger_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Preferences → Ledger switched to another ledger meanwhile. */
  if (self->store != NULL)
    {
      if (store != NULL)
        {
          pd_store_close (store);
          g_object_unref (store);
        }
      return;
    }

  if (store == NULL)
    {
      /* Not a fault when it wants a password: the window asks for it. */
      if (g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_AUTH))
        g_message ("Cannot open the order ledger: %s", error->message);
      else
        g_warning ("Cannot open the order ledger: %s", error->message);
      self->store_error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE_ERROR]);
      return;
    }

  pd_application_publish_store (self, store);
}

typedef struct
{
  PdApplication *self;
  char          *location;
} LookupData;

/* Without the keyring (none on this computer, or locked and left so)
 * libpq may still find the password in ~/.pgpass. */
static void
lookup_password_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LookupData *data = user_data;
  g_autoptr(PdApplication) self = data->self;
  g_autofree char *location = data->location;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  g_free (data);
  password = pd_ledger_secret_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_message ("No password from the keyring: %s", error->message);
  self->keyring_available = error == NULL;

  pd_ledger_open_async (location, password, self->cancellable, open_store_cb, g_object_ref (self));
}

/* Opening checks the whole file, which takes a moment on a large ledger:
 * it happens in a thread, so the first frame never waits for it. A
 * shared ledger's password comes from the keyring first. */
static void
pd_application_open_store (PdApplication *self)
{
  g_autofree char *location = NULL;
  g_autoptr(GError) error = NULL;
  LookupData *data;

  if (self->store_requested)
    return;
  self->store_requested = TRUE;

  location = pd_ledger_settings_dup_location (self->settings, self->ledger_override, NULL, &error);
  if (error != NULL)
    {
      self->store_error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE_ERROR]);
      return;
    }

  self->store_location = g_strdup (location);
  if (!pd_pg_is_uri (location))
    {
      pd_ledger_open_async (location, NULL, self->cancellable, open_store_cb, g_object_ref (self));
      return;
    }

  data = g_new0 (LookupData, 1);
  data->self = g_object_ref (self);
  data->location = g_steal_pointer (&location);
  pd_ledger_secret_lookup_async (data->location, self->cancellable, lookup_password_cb, data);
}

/* The first frame never waits for the ledger, nor shares the processor
 * with its opening, which at 100,000 orders takes as long as the window
 * itself (tests/bench, startup-100000). */
static void
main_window_first_frame_cb (GtkWidget *widget,
                            gpointer   user_data)
{
  pd_application_open_store (PD_APPLICATION (user_data));
}

/* Actions */

static void
pd_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  PdApplication *self = user_data;
  GtkWindow *preferences = pd_application_find_preferences_window (self);

  if (preferences == NULL)
    {
      preferences = GTK_WINDOW (pd_preferences_window_new (self));
      gtk_window_set_transient_for (preferences, pd_application_get_main_window (self));
      gtk_window_set_modal (preferences, TRUE);
    }

  gtk_window_present (preferences);
}

static void
pd_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  PdApplication *self = user_data;
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", pd_application_get_main_window (self),
                        "modal", TRUE,
                        "application-name", _("Paydesk"),
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Paydesk authors"),
                        "copyright", _("© 2026 The Paydesk authors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/paydesk/paydesk",
                        "issue-url", "https://github.com/paydesk/paydesk/issues",
                        "translator-credits", _("translator-credits"),
                        "application-icon", APP_ID,
                        NULL);

  gtk_window_present (GTK_WINDOW (about));
}

static void
pd_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  PdApplication *self = user_data;
  GList *dialogs = NULL;
  GList *windows = NULL;

  /* Close rather than destroy, so every window saves its state and cancels
   * its work; the application ends with its last window. */
  /* Dialogs go before the windows they belong to, which must outlive
   * them: each is closed, and let go of, first. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (gtk_window_get_transient_for (l->data) != NULL)
        dialogs = g_list_prepend (dialogs, g_object_ref (l->data));
      else
        windows = g_list_prepend (windows, g_object_ref (l->data));
    }
  for (GList *l = dialogs; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free_full (dialogs, g_object_unref);
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);
}

static void
pd_application_new_order_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  PdApplication *self = user_data;
  GtkWindow *window = pd_application_get_main_window (self);
  PdNewOrderDialog *dialog;

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = pd_application_get_main_window (self);
    }

  dialog = pd_new_order_dialog_new (self);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), window);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
pd_application_check_order_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  PdApplication *self = user_data;
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->poller == NULL)
    return;

  order = pd_store_lookup_order_by_id (self->store, g_variant_get_int64 (parameter), &error);
  if (order == NULL)
    {
      g_warning ("Cannot check order %" G_GINT64_FORMAT ": %s",
                 g_variant_get_int64 (parameter), error->message);
      return;
    }

  if (!pd_poller_get_running (self->poller))
    {
      self->checking_by_hand = TRUE;
      pd_poller_start (self->poller);
    }
  pd_poller_check_now (self->poller, order);
}

static void
pd_application_show_order_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  PdApplication *self = user_data;
  g_autofree char *notification_id = notification_id_for (g_variant_get_int64 (parameter));
  GtkWindow *window;

  g_application_withdraw_notification (G_APPLICATION (self), notification_id);

  g_application_activate (G_APPLICATION (self));
  window = pd_application_get_main_window (self);
  if (window == NULL)
    return;

  /* The window's own action selects the order and shows its page. */
  if (g_action_group_has_action (G_ACTION_GROUP (window), "show-order"))
    g_action_group_activate_action (G_ACTION_GROUP (window), "show-order", parameter);
}

static const GActionEntry app_actions[] = {
  { "new-order", pd_application_new_order_action },
  { "check-order", pd_application_check_order_action, "x" },
  { "show-order", pd_application_show_order_action, "x" },
  { "preferences", pd_application_preferences_action },
  { "about", pd_application_about_action },
  { "quit", pd_application_quit_action },
};

/* GApplication */

static void
pd_application_startup (GApplication *application)
{
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_order_accels[] = { "<Control>n", NULL };
  PdApplication *self = PD_APPLICATION (application);
  g_autoptr(GSimpleAction) ledger = NULL;
  g_autofree char *location = NULL;

  G_APPLICATION_CLASS (pd_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-order",
                                         new_order_accels);
  pd_application_update_check_order (self);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  pd_application_recreate_client (self);

  /* Only a state to read: nothing activates it. */
  location = pd_ledger_settings_dup_location (self->settings, self->ledger_override, NULL, NULL);
  ledger = g_simple_action_new_stateful ("ledger", NULL,
                                         g_variant_new_take_string (pd_ledger_settings_dup_display (location)));
  g_simple_action_set_enabled (ledger, FALSE);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (ledger));
}

/* --db applies to the instance that opens the ledger. A second launch
 * only asks the running one to show its window: with --db naming
 * another ledger it says so and fails rather than show the wrong one. */
static int
pd_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  PdApplication *self = PD_APPLICATION (application);
  g_autofree char *db = NULL;
  g_autoptr(GVariant) running = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *message = NULL;

  if (!g_variant_dict_lookup (options, "db", "^ay", &db))
    return -1;

  g_free (self->ledger_override);
  self->ledger_override = pd_ledger_settings_check_command_line (db, &error);
  if (self->ledger_override == NULL)
    {
      g_printerr ("paydesk: %s\n", error->message);
      return 1;
    }

  if (!g_application_register (application, NULL, &error))
    {
      g_printerr ("paydesk: %s\n", error->message);
      return 1;
    }
  if (!g_application_get_is_remote (application))
    return -1;

  display = pd_ledger_settings_dup_display (self->ledger_override);
  running = g_action_group_get_action_state (G_ACTION_GROUP (application), "ledger");
  if (running != NULL && g_variant_is_of_type (running, G_VARIANT_TYPE_STRING) &&
      g_strcmp0 (g_variant_get_string (running, NULL), display) == 0)
    return -1;

  if (running != NULL && g_variant_is_of_type (running, G_VARIANT_TYPE_STRING))
    /* Translators: %s is the ledger Paydesk already uses, a file or
     * postgresql://user@host:port/database */
    message = g_strdup_printf (_("--db: Paydesk is already running with the ledger %s; quit it first to use another"),
                               g_variant_get_string (running, NULL));
  else
    message = g_strdup (_("--db: Paydesk is already running; quit it first to use another ledger"));
  g_printerr ("paydesk: %s\n", message);
  return 1;
}

static void
pd_application_shutdown (GApplication *application)
{
  PdApplication *self = PD_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  pd_application_clear_poller (self);
  if (self->store != NULL)
    pd_store_close (self->store);

  G_APPLICATION_CLASS (pd_application_parent_class)->shutdown (application);
}

static void
pd_application_activate (GApplication *application)
{
  PdApplication *self = PD_APPLICATION (application);
  GtkWindow *window = pd_application_get_main_window (self);

  if (window == NULL)
    {
      window = GTK_WINDOW (pd_window_new (self));
      pd_widget_call_after_first_frame (GTK_WIDGET (window), main_window_first_frame_cb, self);
    }

  gtk_window_present (window);
}

static void
pd_application_dispose (GObject *object)
{
  PdApplication *self = PD_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  pd_application_clear_poller (self);
  g_clear_object (&self->client);
  g_clear_pointer (&self->client_ledger, g_free);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->ledger_override, g_free);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->store_location, g_free);
  g_clear_pointer (&self->last_notification_id, g_free);
  g_clear_pointer (&self->last_notification_title, g_free);
  g_clear_pointer (&self->last_notification_body, g_free);

  G_OBJECT_CLASS (pd_application_parent_class)->dispose (object);
}

static void
pd_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdApplication *self = PD_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_STORE_ERROR:
      g_value_set_boxed (value, self->store_error);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_POLLER:
      g_value_set_object (value, self->poller);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_application_class_init (PdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pd_application_dispose;
  object_class->get_property = pd_application_get_property;

  app_class->handle_local_options = pd_application_handle_local_options;
  app_class->startup = pd_application_startup;
  app_class->activate = pd_application_activate;
  app_class->shutdown = pd_application_shutdown;

  /* The order ledger, opened in the background; NULL until then. */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         PD_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Why the ledger could not be opened; NULL unless that happened. */
  properties[PROP_STORE_ERROR] =
    g_param_spec_boxed ("store-error", NULL, NULL,
                        G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The MixPay client for the API base in use; replaced when it changes. */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         PD_TYPE_MIXPAY_CLIENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The poller of the ledger; NULL until the ledger is open. */
  properties[PROP_POLLER] =
    g_param_spec_object ("poller", NULL, NULL,
                         PD_TYPE_POLLER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_application_init (PdApplication *self)
{
  static const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("The order ledger for this run: a file or a postgresql:// URI (default: $PAYDESK_DB, or Preferences → Ledger)"),
      N_("LEDGER") },
    { NULL },
  };

  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

/* Public API */

PdApplication *
pd_application_new (void)
{
  return g_object_new (PD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/**
 * pd_application_get_store:
 *
 * Returns: (transfer none) (nullable): the order ledger, or %NULL while it
 *   is being opened or when it could not be (see
 *   pd_application_get_store_error()); watch notify::store
 */
PdStore *
pd_application_get_store (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * pd_application_set_store:
 * @store: (transfer none): a ledger opened (pd_ledger_open_async()) for
 *   Preferences → Ledger
 *
 * Switches the app to @store while it runs: the ledger it had is closed,
 * and the windows, the poller and the request gate follow notify::store.
 */
void
pd_application_set_store (PdApplication *self,
                          PdStore       *store)
{
  g_return_if_fail (PD_IS_APPLICATION (self));
  g_return_if_fail (PD_IS_STORE (store));

  if (self->store == store)
    return;

  pd_application_clear_poller (self);
  if (self->store != NULL)
    pd_store_close (self->store);
  g_clear_object (&self->store);
  self->store_requested = TRUE;
  if (self->store_error != NULL)
    {
      g_clear_error (&self->store_error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE_ERROR]);
    }

  pd_application_publish_store (self, g_object_ref (store));
}

const GError *
pd_application_get_store_error (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->store_error;
}

/**
 * pd_application_get_store_location:
 *
 * Returns: (nullable): the ledger the app opened (or tried to) when it
 *   started: a path or a postgresql:// URI without a password; %NULL for
 *   the file on this computer, or before it was asked for
 */
const char *
pd_application_get_store_location (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->store_location;
}

/**
 * pd_application_get_keyring_available:
 *
 * Returns: whether the keyring answered when the app asked it for the
 *   shared ledger's password (with one or none): where it did, a
 *   password can be kept there
 */
gboolean
pd_application_get_keyring_available (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), FALSE);

  return self->keyring_available;
}

/**
 * pd_application_get_client:
 *
 * Returns: (transfer none) (nullable): the MixPay client, %NULL when the
 *   API base is invalid; watch notify::client
 */
PdMixpayClient *
pd_application_get_client (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->client;
}

/**
 * pd_application_get_poller:
 *
 * Returns: (transfer none) (nullable): the poller, %NULL until the ledger
 *   is open; watch notify::poller
 */
PdPoller *
pd_application_get_poller (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->poller;
}

/* Where payment links point: see pd_paylink_dup_pay_base(). */
char *
pd_application_dup_pay_base (PdApplication *self)
{
  g_autofree char *setting = NULL;

  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  setting = g_settings_get_string (self->settings, "pay-base");
  return pd_paylink_dup_pay_base (setting);
}

/**
 * pd_application_get_ledger_override:
 *
 * Returns: (nullable): the ledger `paydesk --db` named for this run,
 *   which wins over $PAYDESK_DB and Preferences → Ledger; %NULL without
 */
const char *
pd_application_get_ledger_override (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->ledger_override;
}

/**
 * pd_application_get_last_notification:
 * @title: (out) (optional): its title
 * @body: (out) (optional): its body
 *
 * Returns: (nullable): the ID of the last notification sent, %NULL if none
 */
const char *
pd_application_get_last_notification (PdApplication  *self,
                                      const char    **title,
                                      const char    **body)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  if (title != NULL)
    *title = self->last_notification_title;
  if (body != NULL)
    *body = self->last_notification_body;

  return self->last_notification_id;
}
