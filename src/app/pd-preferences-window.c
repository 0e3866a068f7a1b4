/* pd-preferences-window.c: the preferences
 *
 * Every control writes straight to GSettings. The MixPay account fields are
 * checked with the paylink validators as the user types: an invalid value
 * is shown under its row and never stored, so the settings always hold
 * something a link can be built from.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-application.h"
#include "pd-asset-list.h"
#include "pd-field-error.h"
#include "pd-mixin-lookup-dialog.h"
#include "pd-paylink.h"
#include "pd-preferences-window.h"
#include "pd-preferences-display.h"
#include "pd-preferences-shop.h"
#include "pd-ledger-page.h"

typedef enum
{
  ENTRY_PAYEE_ID,
  ENTRY_SETTLEMENT_ASSET,
  ENTRY_QUOTE_ASSET,
  ENTRY_RETURN_TO,
  N_ENTRIES
} PdEntry;

typedef struct
{
  const char  *key;
  gboolean   (*validate) (const char  *text,
                          GError     **error);
  /* An empty value is allowed, and means "none". */
  gboolean     optional;
} PdEntrySetting;

static const PdEntrySetting entry_settings[N_ENTRIES] = {
  [ENTRY_PAYEE_ID] = { "payee-id", pd_paylink_validate_payee_id, FALSE },
  [ENTRY_SETTLEMENT_ASSET] = { "settlement-asset-id", pd_paylink_validate_settlement_asset, FALSE },
  [ENTRY_QUOTE_ASSET] = { "quote-asset-id", pd_paylink_validate_quote_asset, FALSE },
  [ENTRY_RETURN_TO] = { "return-to", pd_paylink_validate_return_to, TRUE },
};

/* The nicks of the io.github.paydesk.Paydesk.LinkKind enum, in the order of
 * the link kind row's items. */
static const char *link_kind_nicks[] = { "paylink", "one-time" };

/* The setting each asset list chooses, by PdAssetListKind. */
static const char *asset_keys[] = {
  [PD_ASSET_LIST_QUOTE] = "quote-asset-id",
  [PD_ASSET_LIST_SETTLEMENT] = "settlement-asset-id",
};

#define N_ASSET_LISTS G_N_ELEMENTS (asset_keys)

struct _PdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  /* Set while the rows are filled from the settings, which is not typing. */
  gboolean              loading;

  /* NULL when not run inside the app (then there are no asset lists). */
  PdApplication        *application;
  GCancellable         *cancellable;
  GPtrArray            *asset_lists[N_ASSET_LISTS];
  guint                 n_fetching;
  gboolean              was_fetching;
  GError               *fetch_error;

  /* Template widgets */
  AdwEntryRow          *entry_rows[N_ENTRIES];
  GtkWidget            *error_rows[N_ENTRIES];
  GtkLabel             *error_labels[N_ENTRIES];
  AdwComboRow          *link_kind_row;
  GtkSpinButton        *expiry_spin_button;
  GtkSwitch            *polling_switch;
  GtkSwitch            *notifications_switch;
  AdwComboRow          *asset_combos[N_ASSET_LISTS];
  GtkWidget            *assets_status_row;
  GtkLabel             *assets_status_label;
  GtkButton            *refresh_assets_button;
  GtkButton            *lookup_button;
};

G_DEFINE_FINAL_TYPE (PdPreferencesWindow, pd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_FETCHING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pd_preferences_window_fill_assets (PdPreferencesWindow *self,
                                               PdAssetListKind      kind);

/* Entry rows */

static gboolean
pd_entry_setting_validate (const PdEntrySetting  *setting,
                           const char            *text,
                           GError               **error)
{
  if (setting->optional && text[0] == '\0')
    return TRUE;

  return setting->validate (text, error);
}

static void
pd_preferences_window_show_error (PdPreferencesWindow *self,
                                  PdEntry              entry,
                                  const char          *message)
{
  pd_field_error_show (GTK_WIDGET (self->entry_rows[entry]), self->error_rows[entry],
                       self->error_labels[entry], message);
}

static void
pd_preferences_window_load_entry (PdPreferencesWindow *self,
                                  PdEntry              entry)
{
  g_autofree char *value = g_settings_get_string (self->settings, entry_settings[entry].key);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry_rows[entry]))));

  /* Our own write coming back: keep what the user is typing. */
  if (g_strcmp0 (value, text) == 0)
    return;

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry_rows[entry]), value);
  self->loading = FALSE;

  pd_preferences_window_show_error (self, entry, NULL);
}

static void
entry_row_changed_cb (PdPreferencesWindow *self,
                      GtkEditable         *editable)
{
  const PdEntrySetting *setting = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  PdEntry entry;

  if (self->loading)
    return;

  for (entry = 0; entry < N_ENTRIES; entry++)
    {
      if (GTK_EDITABLE (self->entry_rows[entry]) == editable)
        break;
    }
  g_return_if_fail (entry < N_ENTRIES);
  setting = &entry_settings[entry];

  /* Pasted IDs often come with spaces around them. */
  text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  if (!pd_entry_setting_validate (setting, text, &error))
    {
      g_autofree char *message = pd_field_error_describe (error);

      pd_preferences_window_show_error (self, entry, message);
      return;
    }

  pd_preferences_window_show_error (self, entry, NULL);
  g_settings_set_string (self->settings, setting->key, text);
}

static void
settings_changed_cb (PdPreferencesWindow *self,
                     const char          *key,
                     GSettings           *settings)
{
  for (PdEntry entry = 0; entry < N_ENTRIES; entry++)
    {
      if (g_str_equal (key, entry_settings[entry].key))
        pd_preferences_window_load_entry (self, entry);
    }

  for (PdAssetListKind kind = 0; kind < N_ASSET_LISTS; kind++)
    {
      PdAssetItem *item;
      g_autofree char *value = NULL;

      if (!g_str_equal (key, asset_keys[kind]))
        continue;

      /* Our own write, from choosing in the combo: nothing to show. */
      item = adw_combo_row_get_selected_item (self->asset_combos[kind]);
      value = g_settings_get_string (settings, key);
      if (item != NULL && g_ascii_strcasecmp (pd_asset_item_get_asset_id (item), value) == 0)
        continue;

      pd_preferences_window_fill_assets (self, kind);
    }
}

/* Asset lists */

/* Lists MixPay's assets, and the chosen one even when MixPay's list does not
 * have it, so opening the preferences never changes the setting. */
static void
pd_preferences_window_fill_assets (PdPreferencesWindow *self,
                                   PdAssetListKind      kind)
{
  g_autofree char *current = g_settings_get_string (self->settings, asset_keys[kind]);
  g_autoptr(GListStore) model = g_list_store_new (PD_TYPE_ASSET_ITEM);
  GPtrArray *assets = self->asset_lists[kind];
  guint selected = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; assets != NULL && i < assets->len; i++)
    {
      PdMixpayAsset *asset = g_ptr_array_index (assets, i);
      PdMixpayAsset *named_like = pd_mixpay_assets_find (self->asset_lists[PD_ASSET_LIST_SETTLEMENT],
                                                         asset->asset_id);
      g_autoptr(PdAssetItem) item = pd_asset_item_new_named (asset, named_like);

      if (g_ascii_strcasecmp (asset->asset_id, current) == 0)
        selected = i;
      g_list_store_append (model, item);
    }

  if (selected == GTK_INVALID_LIST_POSITION && current[0] != '\0')
    {
      g_autoptr(PdAssetItem) item = pd_asset_item_new_unlisted (current);

      selected = g_list_model_get_n_items (G_LIST_MODEL (model));
      g_list_store_append (model, item);
    }

  self->loading = TRUE;
  adw_combo_row_set_model (self->asset_combos[kind], G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->asset_combos[kind], selected);
  self->loading = FALSE;
}

static void
asset_combo_selected_cb (PdPreferencesWindow *self,
                         GParamSpec          *pspec,
                         AdwComboRow         *combo)
{
  PdAssetItem *item = adw_combo_row_get_selected_item (combo);
  g_autofree char *current = NULL;

  if (self->loading || item == NULL)
    return;

  for (PdAssetListKind kind = 0; kind < N_ASSET_LISTS; kind++)
    {
      if (self->asset_combos[kind] != combo)
        continue;

      current = g_settings_get_string (self->settings, asset_keys[kind]);
      if (g_strcmp0 (current, pd_asset_item_get_asset_id (item)) != 0)
        g_settings_set_string (self->settings, asset_keys[kind], pd_asset_item_get_asset_id (item));
    }
}

static gboolean
pd_preferences_window_has_asset_lists (PdPreferencesWindow *self)
{
  for (PdAssetListKind kind = 0; kind < N_ASSET_LISTS; kind++)
    {
      if (self->asset_lists[kind] == NULL || self->asset_lists[kind]->len == 0)
        return FALSE;
    }

  return TRUE;
}

static void
pd_preferences_window_update_assets_status (PdPreferencesWindow *self)
{
  g_autofree char *message = NULL;
  gboolean is_error = FALSE;

  if (self->n_fetching > 0)
    {
      message = g_strdup (_("Getting MixPay’s asset lists…"));
    }
  else if (g_error_matches (self->fetch_error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NOT_MIXPAY))
    {
      message = g_strdup (_("This address does not answer like MixPay: check the API base."));
      is_error = TRUE;
    }
  else if (self->fetch_error != NULL && !pd_preferences_window_has_asset_lists (self))
    {
      /* Translators: the reason follows, as MixPay or the network gave it */
      message = g_strdup_printf (_("Cannot get MixPay’s asset lists: %s. You can type asset IDs below."),
                                 self->fetch_error->message);
      is_error = TRUE;
    }
  else if (self->fetch_error != NULL)
    {
      message = g_strdup (_("MixPay cannot be reached: showing the asset lists saved earlier."));
    }

  pd_field_error_show_row (self->assets_status_row, self->assets_status_label, message);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->assets_status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->assets_status_label), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_assets_button), self->n_fetching == 0);
  if ((self->n_fetching > 0) != self->was_fetching)
    {
      self->was_fetching = self->n_fetching > 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FETCHING]);
    }
}

static void
pd_preferences_window_load_cached_assets (PdPreferencesWindow *self)
{
  PdStore *store = self->application != NULL ? pd_application_get_store (self->application) : NULL;

  for (PdAssetListKind kind = 0; kind < N_ASSET_LISTS; kind++)
    {
      g_autoptr(GError) error = NULL;

      if (store != NULL && self->asset_lists[kind] == NULL)
        {
          self->asset_lists[kind] = pd_asset_cache_load (store, kind, &error);
          if (error != NULL)
            g_warning ("Cannot read the cached asset list: %s", error->message);
        }
    }

  /* Once both are in: one names the other's assets. */
  for (PdAssetListKind kind = 0; kind < N_ASSET_LISTS; kind++)
    pd_preferences_window_fill_assets (self, kind);
}

typedef struct
{
  PdPreferencesWindow *self;
  PdAssetListKind      kind;
} FetchData;

static void
assets_fetched_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  FetchData *data = user_data;
  g_autoptr(PdPreferencesWindow) self = data->self;
  PdAssetListKind kind = data->kind;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  PdStore *store;

  g_free (data);

  assets = pd_mixpay_client_get_assets_finish (PD_MIXPAY_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->n_fetching--;

  if (assets == NULL)
    {
      g_clear_error (&self->fetch_error);
      self->fetch_error = g_steal_pointer (&error);
    }
  else
    {
      g_autoptr(GError) store_error = NULL;

      store = pd_application_get_store (self->application);
      if (store != NULL && !pd_asset_list_save (store, kind, assets, &store_error))
        g_warning ("Cannot cache the asset list: %s", store_error->message);

      g_clear_pointer (&self->asset_lists[kind], g_ptr_array_unref);
      self->asset_lists[kind] = g_steal_pointer (&assets);
      pd_preferences_window_fill_assets (self, kind);
      /* The settlement list names the quote assets. */
      if (kind == PD_ASSET_LIST_SETTLEMENT)
        pd_preferences_window_fill_assets (self, PD_ASSET_LIST_QUOTE);
    }

  pd_preferences_window_update_assets_status (self);
}

static void
pd_preferences_window_fetch_assets (PdPreferencesWindow *self)
{
  PdMixpayClient *client = self->application != NULL ? pd_application_get_client (self->application) : NULL;

  if (client == NULL || self->n_fetching > 0)
    return;

  g_clear_error (&self->fetch_error);

  for (PdAssetListKind kind = 0; kind < N_ASSET_LISTS; kind++)
    {
      FetchData *data = g_new0 (FetchData, 1);

      data->self = g_object_ref (self);
      data->kind = kind;
      self->n_fetching++;
      if (kind == PD_ASSET_LIST_QUOTE)
        pd_mixpay_client_get_quote_assets_async (client, self->cancellable,
                                                 assets_fetched_cb, data);
      else
        pd_mixpay_client_get_settlement_assets_async (client, NULL, NULL, self->cancellable,
                                                      assets_fetched_cb, data);
    }

  pd_preferences_window_update_assets_status (self);
}

static void
store_changed_cb (PdPreferencesWindow *self)
{
  pd_preferences_window_load_cached_assets (self);
}

/* Mixin ID lookup */

static void
payee_found_cb (PdPreferencesWindow *self,
                const char          *payee_id)
{
  /* As if typed: validated, then stored. */
  gtk_editable_set_text (GTK_EDITABLE (self->entry_rows[ENTRY_PAYEE_ID]), payee_id);
}

/**
 * pd_preferences_window_open_lookup:
 *
 * Opens the Mixin ID lookup over the preferences, as its button does.
 *
 * Returns: (transfer none): the lookup dialog
 */
PdMixinLookupDialog *
pd_preferences_window_open_lookup (PdPreferencesWindow *self)
{
  PdMixpayClient *client = self->application != NULL ? pd_application_get_client (self->application) : NULL;
  PdMixinLookupDialog *dialog;

  g_return_val_if_fail (PD_IS_PREFERENCES_WINDOW (self), NULL);

  dialog = pd_mixin_lookup_dialog_new (client);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "found",
                           G_CALLBACK (payee_found_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

/* Setting mappings */

static gboolean
link_kind_get_mapping (GValue   *value,
                       GVariant *variant,
                       gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (link_kind_nicks); i++)
    {
      if (g_str_equal (nick, link_kind_nicks[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
link_kind_set_mapping (const GValue       *value,
                       const GVariantType *expected_type,
                       gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (link_kind_nicks))
    return NULL;

  return g_variant_new_string (link_kind_nicks[selected]);
}

static gboolean
minutes_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));

  return TRUE;
}

static GVariant *
minutes_set_mapping (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  double minutes = g_value_get_double (value);

  /* The spin button keeps to the schema's range; never store outside it. */
  if (minutes < 0 || minutes > 2880)
    return NULL;

  return g_variant_new_uint32 ((guint32) minutes);
}

/* GObject */

static void
pd_preferences_window_dispose (GObject *object)
{
  PdPreferencesWindow *self = PD_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->application);
  g_clear_error (&self->fetch_error);
  for (PdAssetListKind kind = 0; kind < N_ASSET_LISTS; kind++)
    g_clear_pointer (&self->asset_lists[kind], g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (pd_preferences_window_parent_class)->dispose (object);
}

static void
pd_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PdPreferencesWindow *self = PD_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FETCHING:
      g_value_set_boolean (value, pd_preferences_window_get_fetching (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_preferences_window_class_init (PdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_preferences_window_dispose;
  object_class->get_property = pd_preferences_window_get_property;

  /* Whether MixPay's asset lists are being fetched. */
  properties[PROP_FETCHING] =
    g_param_spec_boolean ("fetching", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/pd-preferences-window.ui");

#define BIND_ENTRY(name, entry) \
  gtk_widget_class_bind_template_child_full (widget_class, name "_row", FALSE, \
                                             G_STRUCT_OFFSET (PdPreferencesWindow, entry_rows[entry])); \
  gtk_widget_class_bind_template_child_full (widget_class, name "_error_row", FALSE, \
                                             G_STRUCT_OFFSET (PdPreferencesWindow, error_rows[entry])); \
  gtk_widget_class_bind_template_child_full (widget_class, name "_error_label", FALSE, \
                                             G_STRUCT_OFFSET (PdPreferencesWindow, error_labels[entry]))
  BIND_ENTRY ("payee_id", ENTRY_PAYEE_ID);
  BIND_ENTRY ("settlement_asset", ENTRY_SETTLEMENT_ASSET);
  BIND_ENTRY ("quote_asset", ENTRY_QUOTE_ASSET);
  BIND_ENTRY ("return_to", ENTRY_RETURN_TO);
#undef BIND_ENTRY

  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, link_kind_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, expiry_spin_button);
  gtk_widget_class_bind_template_callback_full (widget_class, "expiry_input_cb",
                                                G_CALLBACK (pd_field_error_whole_number_input));
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, polling_switch);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child_full (widget_class, "settlement_asset_combo", FALSE,
                                             G_STRUCT_OFFSET (PdPreferencesWindow, asset_combos[PD_ASSET_LIST_SETTLEMENT]));
  gtk_widget_class_bind_template_child_full (widget_class, "quote_asset_combo", FALSE,
                                             G_STRUCT_OFFSET (PdPreferencesWindow, asset_combos[PD_ASSET_LIST_QUOTE]));
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, assets_status_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, assets_status_label);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, refresh_assets_button);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, lookup_button);
  /* Not needed by the code, but reachable by name for the UI tests
   * (gtk_widget_get_template_child). */
  gtk_widget_class_bind_template_child_full (widget_class, "polling_row", FALSE, 0);
  pd_preferences_window_class_init_shop (widget_class);
  pd_preferences_window_class_init_display (widget_class);
}

static void
pd_preferences_window_init (PdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  for (PdEntry entry = 0; entry < N_ENTRIES; entry++)
    {
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entry_rows[entry]),
                                      GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->error_labels[entry],
                                      -1);
      pd_preferences_window_load_entry (self, entry);
      g_signal_connect_object (self->entry_rows[entry], "changed",
                               G_CALLBACK (entry_row_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);

  g_settings_bind_with_mapping (self->settings, "link-kind",
                                self->link_kind_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                link_kind_get_mapping, link_kind_set_mapping,
                                NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "default-expiry-minutes",
                                self->expiry_spin_button, "value",
                                G_SETTINGS_BIND_DEFAULT,
                                minutes_get_mapping, minutes_set_mapping,
                                NULL, NULL);
  g_settings_bind (self->settings, "polling-enabled",
                   self->polling_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notifications-enabled",
                   self->notifications_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  self->cancellable = g_cancellable_new ();

  for (PdAssetListKind kind = 0; kind < N_ASSET_LISTS; kind++)
    {
      g_autoptr(GtkExpression) label = gtk_property_expression_new (PD_TYPE_ASSET_ITEM, NULL, "label");

      adw_combo_row_set_expression (self->asset_combos[kind], label);
      g_signal_connect_object (self->asset_combos[kind], "notify::selected-item",
                               G_CALLBACK (asset_combo_selected_cb), self,
                               G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->refresh_assets_button, "clicked",
                           G_CALLBACK (pd_preferences_window_fetch_assets), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->lookup_button, "clicked",
                           G_CALLBACK (pd_preferences_window_open_lookup), self,
                           G_CONNECT_SWAPPED);

  pd_preferences_window_init_shop (self);
  pd_preferences_window_init_display (self);
}

/* Public API */

/**
 * pd_preferences_window_new:
 * @application: (nullable): the app whose ledger and MixPay client the
 *   window uses; without it the asset lists are fetched from MixPay
 *   itself and nothing is cached
 *
 * Returns: (transfer full): a new preferences window
 */
PdPreferencesWindow *
pd_preferences_window_new (PdApplication *application)
{
  PdPreferencesWindow *self;

  g_return_val_if_fail (application == NULL || PD_IS_APPLICATION (application), NULL);

  self = g_object_new (PD_TYPE_PREFERENCES_WINDOW,
                       "application", application,
                       NULL);
  g_set_object (&self->application, application);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (pd_ledger_page_new (application)));

  if (application != NULL)
    g_signal_connect_object (application, "notify::store",
                             G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->lookup_button), FALSE);

  pd_preferences_window_load_cached_assets (self);
  pd_preferences_window_fetch_assets (self);
  pd_preferences_window_update_assets_status (self);

  return self;
}

gboolean
pd_preferences_window_get_fetching (PdPreferencesWindow *self)
{
  g_return_val_if_fail (PD_IS_PREFERENCES_WINDOW (self), FALSE);

  return self->n_fetching > 0;
}
