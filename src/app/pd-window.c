/* pd-window.c: the main window
 *
 * Shows what the app is for until a payee is configured, then the
 * orders: a list and the selected order's page side by side, folded
 * into one on a narrow window; beside them, the Takings view. Its size,
 * maximized state and the orders filter persist in GSettings.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-ledger-password-dialog.h"
#include "pd-order-export.h"
#include "pd-order-page.h"
#include "pd-orders-view.h"
#include "pd-pg-backend.h"
#include "pd-save-path.h"
#include "pd-status-banner.h"
#include "pd-takings-view.h"
#include "pd-toast.h"
#include "pd-window.h"

struct _PdWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GCancellable         *cancellable;
  PdApplication        *application;
  guint                 update_header_id;
  /* Asking for the shared ledger's password; NULL when not. */
  GtkWidget            *password_dialog;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *back_button;
  GtkWidget            *new_order_button;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  AdwViewStack         *view_stack;
  PdTakingsView        *takings_view;
  GtkMenuButton        *primary_menu_button;
  GtkStack             *pages;
  AdwStatusPage        *error_page;
  GtkWidget            *enter_password_button;
  GtkSpinner           *loading_spinner;
  AdwLeaflet           *leaflet;
  PdOrdersView         *orders_view;
  GtkStack             *order_stack;
  PdOrderPage          *order_page;
  PdStatusBanner       *status_banner;
};

G_DEFINE_FINAL_TYPE (PdWindow, pd_window, ADW_TYPE_APPLICATION_WINDOW)

static PdStore *
pd_window_get_store (PdWindow *self)
{
  return self->application ? pd_application_get_store (self->application) : NULL;
}

/* The shared ledger the app started on wants a password: none came from
 * the keyring, or the server refused it. */
static gboolean
pd_window_needs_password (PdWindow *self)
{
  const GError *store_error = self->application
                              ? pd_application_get_store_error (self->application) : NULL;

  return g_error_matches (store_error, PD_STORE_ERROR, PD_STORE_ERROR_AUTH) &&
         pd_pg_is_uri (pd_application_get_store_location (self->application));
}

static const char *
pd_window_choose_page (PdWindow *self)
{
  g_autofree char *payee_id = g_settings_get_string (self->settings, "payee-id");
  PdOrderList *list = pd_orders_view_get_order_list (self->orders_view);
  const GError *store_error = NULL;

  if (payee_id[0] == '\0')
    return "first-run";

  if (self->application != NULL)
    store_error = pd_application_get_store_error (self->application);
  if (store_error != NULL)
    return "error";

  if (list == NULL)
    return self->application != NULL && pd_window_get_store (self) == NULL ? "loading" : "no-orders";

  return pd_order_list_get_n_total (list) == 0 ? "no-orders" : "orders";
}

static void
pd_window_update_header (PdWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->pages);
  gboolean on_orders = g_strcmp0 (page, "orders") == 0;
  gboolean on_list = g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "orders") == 0;
  gboolean showing_order = on_orders && on_list &&
                           adw_leaflet_get_folded (self->leaflet) &&
                           adw_leaflet_get_visible_child (self->leaflet) == GTK_WIDGET (self->order_stack);

  gtk_widget_set_visible (self->back_button, showing_order);
  gtk_widget_set_visible (self->new_order_button, on_orders && !showing_order);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", showing_order);
  /* The switcher moves to the bottom when the header bar is too narrow
   * for it; never when there is nothing to switch to. */
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    adw_view_switcher_title_get_view_switcher_enabled (self->switcher_title) &&
                                    adw_view_switcher_title_get_title_visible (self->switcher_title));
}

static void
pd_window_update_page (PdWindow *self)
{
  const char *page = pd_window_choose_page (self);
  const GError *store_error = self->application
                              ? pd_application_get_store_error (self->application) : NULL;
  gboolean takings;

  /* The description is markup; the message names a path, which may
   * hold "&" or "<". */
  if (store_error != NULL)
    {
      g_autofree char *description = g_markup_escape_text (store_error->message, -1);

      adw_status_page_set_description (self->error_page, description);
    }
  gtk_widget_set_visible (self->enter_password_button, pd_window_needs_password (self));

  gtk_spinner_set_spinning (self->loading_spinner, g_strcmp0 (page, "loading") == 0);
  gtk_stack_set_visible_child_name (self->pages, page);
  /* Takings need the ledger, and a payee to have taken anything. */
  takings = g_strcmp0 (page, "orders") == 0 || g_strcmp0 (page, "no-orders") == 0;
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, takings);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                            "view")),
                               takings);
  if (!takings)
    adw_view_stack_set_visible_child_name (self->view_stack, "orders");
  /* Only a list of orders can be exported. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                            "export")),
                               g_strcmp0 (page, "orders") == 0);
  pd_window_update_header (self);
}

static void
pd_window_restore_state (PdWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
pd_window_save_state (PdWindow *self)
{
  int width;
  int height;

  /* The default size follows the user's resizing but not maximizing, so it
   * is the size to come back to when unmaximized. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

/* Callbacks */

static void
payee_id_changed_cb (PdWindow   *self,
                     const char *key,
                     GSettings  *settings)
{
  pd_window_update_page (self);
}

static void
order_list_items_changed_cb (PdWindow *self)
{
  pd_window_update_page (self);
}

static void
enter_password_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  PdLedgerPasswordDialog *dialog;

  if (!pd_window_needs_password (self))
    return;
  if (self->password_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->password_dialog));
      return;
    }

  dialog = pd_ledger_password_dialog_new (self->application,
                                          pd_application_get_store_location (self->application),
                                          pd_application_get_keyring_available (self->application));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self->application));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_set_weak_pointer (&self->password_dialog, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Asked for at once, rather than an error the merchant must read to
 * learn what to do; Cancel leaves the error page and its button. */
static void
store_error_changed_cb (PdWindow *self)
{
  pd_window_update_page (self);
  if (pd_window_needs_password (self))
    gtk_widget_activate_action (GTK_WIDGET (self), "ledger.enter-password", NULL);
}

static void
store_changed_cb (PdWindow *self)
{
  PdStore *store = pd_window_get_store (self);
  PdOrderList *list;

  pd_orders_view_set_store (self->orders_view, store);
  pd_order_page_set_store (self->order_page, store);

  list = pd_orders_view_get_order_list (self->orders_view);
  pd_takings_view_set_order_list (self->takings_view, list);
  if (list != NULL)
    g_signal_connect_object (list, "items-changed",
                             G_CALLBACK (order_list_items_changed_cb), self, G_CONNECT_SWAPPED);
  /* The first order may be one the filter hides: the list must still
   * replace "No Orders Yet". The list connected first, so it counts it. */
  if (store != NULL)
    g_signal_connect_object (store, "order-added",
                             G_CALLBACK (order_list_items_changed_cb), self, G_CONNECT_SWAPPED);

  pd_window_update_page (self);
}

/* Folded, the order page takes the list's place. Unfolded, both show,
 * and the page is not made the leaflet's visible child: that would move
 * the focus into it from the list, and the arrow keys would stop going
 * through the orders. */
static void
pd_window_show_order_page (PdWindow *self)
{
  gtk_stack_set_visible_child_name (self->order_stack, "order");
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->order_stack));
  pd_window_update_header (self);
}

static void
selected_order_changed_cb (PdWindow *self)
{
  PdOrder *order = pd_orders_view_get_selected_order (self->orders_view);

  /* Hidden by the filter or a search, or unselected: a page beside a
   * list that no longer shows its order would look like the page of
   * whichever row is there now. */
  if (order == NULL)
    {
      gtk_stack_set_visible_child_name (self->order_stack, "none");
      pd_window_update_header (self);
      return;
    }

  pd_order_page_set_order (self->order_page, order);
  pd_window_show_order_page (self);
}

static gboolean
update_header_cb (gpointer user_data)
{
  PdWindow *self = user_data;

  self->update_header_id = 0;
  pd_window_update_header (self);

  return G_SOURCE_REMOVE;
}

static void
leaflet_changed_cb (PdWindow *self)
{
  /* The leaflet folds while it is being allocated: showing the back
   * button then would change the header bar in the middle of a layout. */
  if (self->update_header_id == 0)
    self->update_header_id = g_idle_add (update_header_cb, self);
}

/* Actions */

static void
show_order_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  PdWindow *self = user_data;
  PdStore *store = pd_window_get_store (self);
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return;

  order = pd_store_lookup_order_by_id (store, g_variant_get_int64 (parameter), &error);
  if (order == NULL)
    {
      g_warning ("Cannot show order %" G_GINT64_FORMAT ": %s",
                 g_variant_get_int64 (parameter), error->message);
      return;
    }

  /* A new order may make the list appear in place of "No Orders Yet". */
  pd_window_update_page (self);
  pd_orders_view_select_order (self->orders_view, order);
  pd_order_page_set_order (self->order_page, order);
  pd_window_show_order_page (self);
}

static void
back_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PdWindow *self = user_data;

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
search_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  PdWindow *self = user_data;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->pages), "orders") != 0)
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, "orders");
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->orders_view));
  pd_orders_view_start_search (self->orders_view);
}

/* Alt+1, Alt+2: the orders or the takings. */
static void
view_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PdWindow *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/**
 * pd_window_export_to_file:
 * @path: a file name ending in .csv or .json
 *
 * What the Export action does with the chosen file: exports the orders
 * shown and says how many with a toast, or why not in a dialog.
 */
void
pd_window_export_to_file (PdWindow   *self,
                          const char *path)
{
  g_autoptr(GError) error = NULL;
  guint n_orders = 0;

  g_return_if_fail (PD_IS_WINDOW (self));

  if (pd_window_export_orders (self, path, &n_orders, &error))
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *title = g_strdup_printf (ngettext ("%u order exported to “%s”",
                                                          "%u orders exported to “%s”",
                                                          n_orders),
                                                n_orders, name);

      adw_toast_overlay_add_toast (self->toast_overlay, pd_toast_new (title));
    }
  else
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                  _("Cannot Export the Orders"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  static const char * const formats[] = { ".csv", ".json", NULL };
  g_autoptr(PdWindow) self = user_data;
  g_autofree char *path = NULL;
  GtkFileFilter *filter;
  gboolean json;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  /* The chosen type decides when the name has no extension. */
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
  json = filter != NULL && g_strcmp0 (gtk_file_filter_get_name (filter), _("JSON")) == 0;
  path = pd_save_path_from_chooser (GTK_FILE_CHOOSER (chooser), formats, json ? ".json" : ".csv");
  if (path == NULL)
    goto out;

  pd_window_export_to_file (self, path);

out:
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  PdWindow *self = user_data;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_file_filter_set_name (csv, _("CSV"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_set_name (json, _("JSON"));
  gtk_file_filter_add_mime_type (json, "application/json");
  gtk_file_filter_add_suffix (json, "json");

  chooser = gtk_file_chooser_native_new (_("Export Orders"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), json);
  /* TRANSLATORS: the default name of an export; keep the extension */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("paydesk-orders.csv"));

  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static const GActionEntry win_actions[] = {
  { "show-order", show_order_action, "x" },
  { "back", back_action },
  { "search", search_action },
  { "export", export_action },
  { "view", view_action, "s" },
};

/* GtkWindow */

static gboolean
pd_window_close_request (GtkWindow *window)
{
  PdWindow *self = PD_WINDOW (window);

  g_cancellable_cancel (self->cancellable);
  pd_window_save_state (self);

  return GTK_WINDOW_CLASS (pd_window_parent_class)->close_request (window);
}

/* GObject */

static void
pd_window_dispose (GObject *object)
{
  PdWindow *self = PD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->update_header_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_weak_pointer (&self->application);
  g_clear_weak_pointer (&self->password_dialog);
  /* The switchers let go of the stack's pages before the stack goes:
   * libadwaita 1.2 otherwise unparents the buttons of pages already
   * freed. */
  if (self->switcher_bar != NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, NULL);
  if (self->switcher_title != NULL)
    adw_view_switcher_title_set_stack (self->switcher_title, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_WINDOW);

  G_OBJECT_CLASS (pd_window_parent_class)->dispose (object);
}

static void
pd_window_class_init (PdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pd_window_dispose;

  window_class->close_request = pd_window_close_request;

  g_type_ensure (PD_TYPE_ORDERS_VIEW);
  g_type_ensure (PD_TYPE_ORDER_PAGE);
  g_type_ensure (PD_TYPE_STATUS_BANNER);
  g_type_ensure (PD_TYPE_TAKINGS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/pd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, new_order_button);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, takings_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, enter_password_button);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, orders_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, order_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, order_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, status_banner);
  /* Not needed by the code, but reachable by name for the UI tests
   * (gtk_widget_get_template_child). */
  gtk_widget_class_bind_template_child_full (widget_class, "first_run_page", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "set_up_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "no_orders_page", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "ledger.enter-password", NULL,
                                   enter_password_action);
}

static void
pd_window_init (PdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   win_actions, G_N_ELEMENTS (win_actions),
                                   self);

  g_signal_connect_object (self->settings, "changed::payee-id",
                           G_CALLBACK (payee_id_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* The last view: which orders the list shows. */
  g_settings_bind (self->settings, "orders-filter",
                   self->orders_view, "group",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->orders_view, "notify::selected-order",
                           G_CALLBACK (selected_order_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (leaflet_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::visible-child",
                           G_CALLBACK (leaflet_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pages, "notify::visible-child",
                           G_CALLBACK (leaflet_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (leaflet_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (leaflet_changed_cb), self, G_CONNECT_SWAPPED);

  pd_window_restore_state (self);
  pd_window_update_page (self);
}

/* Public API */

PdWindow *
pd_window_new (PdApplication *application)
{
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *export_accels[] = { "<Control>e", NULL };
  static const char *orders_accels[] = { "<Alt>1", NULL };
  static const char *takings_accels[] = { "<Alt>2", NULL };
  PdWindow *self;

  g_return_val_if_fail (PD_IS_APPLICATION (application), NULL);

  self = g_object_new (PD_TYPE_WINDOW,
                       "application", application,
                       NULL);

  g_set_weak_pointer (&self->application, application);
  pd_order_page_set_application (self->order_page, application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.search",
                                         search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.export",
                                         export_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.view::orders",
                                         orders_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.view::takings",
                                         takings_accels);

  /* Says when MixPay cannot be asked; the poller comes with the ledger. */
  g_object_bind_property (application, "poller", self->status_banner, "poller",
                          G_BINDING_SYNC_CREATE);
  /* And when a shared ledger's server cannot be reached. */
  g_object_bind_property (application, "store", self->status_banner, "store",
                          G_BINDING_SYNC_CREATE);

  /* The ledger opens in the background: show it once it is there. */
  g_signal_connect_object (application, "notify::store",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::store-error",
                           G_CALLBACK (store_error_changed_cb), self, G_CONNECT_SWAPPED);
  store_changed_cb (self);

  return self;
}

GCancellable *
pd_window_get_cancellable (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return self->cancellable;
}

GtkWidget *
pd_window_get_orders_view (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->orders_view);
}

GtkWidget *
pd_window_get_takings_view (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->takings_view);
}

GtkWidget *
pd_window_get_order_page (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->order_page);
}

/**
 * pd_window_export_orders:
 * @n_orders: (out) (optional): how many orders were written
 *
 * Writes the orders the list shows, as filtered, searched and sorted,
 * to @path: JSON when it ends in .json, CSV otherwise.
 */
gboolean
pd_window_export_orders (PdWindow    *self,
                         const char  *path,
                         guint       *n_orders,
                         GError     **error)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *contents = NULL;
  PdStore *store;

  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* A ledger whose name ends in .csv could be chosen: written over, every
   * order would be lost. */
  store = self->application != NULL ? pd_application_get_store (self->application) : NULL;
  if (store != NULL && !pd_store_check_output_path (pd_store_get_path (store), path, error))
    return FALSE;

  orders = pd_orders_view_dup_shown_orders (self->orders_view);
  lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".json"))
    contents = pd_order_export_json (orders, TRUE);
  else
    contents = pd_order_export_csv (orders);

  if (!pd_order_export_write_file (path, contents, error))
    return FALSE;

  if (n_orders != NULL)
    *n_orders = orders->len;

  return TRUE;
}
