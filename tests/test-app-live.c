/* test-app-live.c: creating orders and watching them live, in the app
 *
 * Drives the real PdApplication against the fake MixPay server: the New
 * Order dialog, the asset lists and Mixin ID lookup of the preferences,
 * the poller's notifications and the status banner. The ledger is a
 * temporary file ($PAYDESK_DB, set before the app starts).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <libsoup/soup.h>

#include "pd-application.h"
#include "pd-asset-list.h"
#include "pd-fake-server.h"
#include "pd-new-order-dialog.h"
#include "pd-order-page.h"
#include "pd-paylink.h"
#include "pd-preferences-window.h"
#include "pd-status-banner.h"
#include "pd-test-ui.h"
#include "pd-window.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
/* What MixPay would answer with no assets: as good as nothing cached. */
#define EMPTY_LIST "{\"code\":0,\"success\":true,\"message\":\"\",\"data\":[]}"

static PdApplication *app;
static PdFakeServer *server;
static GSettings *settings;

/* Helpers */

static gboolean
pointer_is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
store_is_open (gpointer data)
{
  return pd_application_get_store (app) != NULL;
}

static void
reset_settings (void)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  pd_test_drain_main_context ();
}

static void
configure_merchant (void)
{
  reset_settings ();
  g_settings_set_string (settings, "payee-id", PAYEE);
  g_settings_set_string (settings, "settlement-asset-id", BTC);
  g_settings_set_string (settings, "quote-asset-id", USDT);
  pd_test_drain_main_context ();
}

/* Points the app at another MixPay API, as a changed setting does. */
static void
use_api (const char *api)
{
  g_setenv ("PAYDESK_API_BASE", api, TRUE);
  /* The environment wins over the setting; changing it makes the app
   * build a new client, which reads the environment again. */
  g_settings_set_string (settings, "api-base", "https://example.com/v1");
  g_settings_reset (settings, "api-base");
  pd_test_drain_main_context ();
  g_assert_cmpstr (pd_mixpay_client_get_api_base (pd_application_get_client (app)), ==, api);
}

static guint16
get_unused_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port;

  /* Take one, then give it back: nothing listens there afterwards. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  return port;
}

/* The order the main window's page shows, or -1. */
static gint64
shown_order_id (void)
{
  PdWindow *window = pd_test_find_window (app, PD_TYPE_WINDOW);
  PdOrder *order;

  g_assert_nonnull (window);
  order = pd_order_page_get_order (PD_ORDER_PAGE (pd_window_get_order_page (window)));

  return order != NULL ? pd_order_get_id (order) : -1;
}

static gboolean
order_is_shown (gpointer order)
{
  return shown_order_id () == pd_order_get_id (order);
}

static PdOrder *
lookup_order (const char *order_id)
{
  return pd_store_lookup_order (pd_application_get_store (app), PAYEE, order_id, NULL);
}

/* New Order dialog */

static PdNewOrderDialog *
open_new_order_dialog (void)
{
  PdNewOrderDialog *dialog;

  g_action_group_activate_action (G_ACTION_GROUP (app), "new-order", NULL);
  dialog = pd_test_find_window (app, PD_TYPE_NEW_ORDER_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  return dialog;
}

static gpointer
dialog_child (PdNewOrderDialog *dialog,
              const char       *name)
{
  return pd_test_template_child (dialog, PD_TYPE_NEW_ORDER_DIALOG, name);
}

static void
type_into (PdNewOrderDialog *dialog,
           const char       *row_name,
           const char       *text)
{
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, row_name)), text);
  pd_test_drain_main_context ();
}

static gboolean
create_is_sensitive (PdNewOrderDialog *dialog)
{
  return gtk_widget_get_sensitive (dialog_child (dialog, "create_button"));
}

static void
assert_field_error (PdNewOrderDialog *dialog,
                    const char       *field,
                    gboolean          shown)
{
  g_autofree char *row = g_strconcat (field, "_row", NULL);
  g_autofree char *error_row = g_strconcat (field, "_error_row", NULL);
  g_autofree char *error_label = g_strconcat (field, "_error_label", NULL);
  const char *message = gtk_label_get_text (dialog_child (dialog, error_label));

  g_assert_cmpint (gtk_widget_get_visible (dialog_child (dialog, error_row)), ==, shown);
  g_assert_cmpint (gtk_widget_has_css_class (dialog_child (dialog, row), "error"), ==, shown);
  if (shown)
    {
      g_assert_cmpstr (message, !=, "");
      /* Merchant words: MixPay's field names stay out. */
      g_assert_null (strstr (message, "quoteAmount"));
      g_assert_null (strstr (message, "orderId"));
      g_assert_null (strstr (message, "remark:"));
      gtk_test_accessible_assert_state (dialog_child (dialog, row),
                                        GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
    }
}

static void
test_new_order_validation (void)
{
  PdNewOrderDialog *dialog;
  g_autofree char *long_remark = g_strnfill (PD_PAYLINK_REMARK_MAX + 1, 'r');
  const char *order_id;

  configure_merchant ();
  pd_test_cache_fixture_asset_lists (pd_application_get_store (app));
  dialog = open_new_order_dialog ();

  g_assert_cmpstr (gtk_label_get_text (dialog_child (dialog, "symbol_label")), ==, "USDT");
  order_id = gtk_editable_get_text (dialog_child (dialog, "order_id_row"));
  g_assert_true (pd_paylink_validate_order_id (order_id, NULL));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (dialog_child (dialog, "expiry_spin_button")),
                   ==, g_settings_get_uint (settings, "default-expiry-minutes"));

  /* Nothing typed: no complaint yet, but nothing to create either. */
  g_assert_false (create_is_sensitive (dialog));
  assert_field_error (dialog, "amount", FALSE);
  assert_field_error (dialog, "order_id", FALSE);

  type_into (dialog, "amount_row", "ten");
  assert_field_error (dialog, "amount", TRUE);
  g_assert_false (create_is_sensitive (dialog));
  type_into (dialog, "amount_row", "0");
  assert_field_error (dialog, "amount", TRUE);
  /* USDT allows 6 decimals (the fixture's decimalDigit). */
  type_into (dialog, "amount_row", "1.1234567");
  assert_field_error (dialog, "amount", TRUE);
  g_assert_false (create_is_sensitive (dialog));
  /* Within MixPay's limits for USDT (the fixture: 0.1 to 1000), said
   * with the asset, before a payer meets MixPay's refusal. */
  type_into (dialog, "amount_row", "0.05");
  assert_field_error (dialog, "amount", TRUE);
  g_assert_cmpstr (gtk_label_get_text (dialog_child (dialog, "amount_error_label")), ==,
                   "Must be at least 0.1 USDT");
  g_assert_false (create_is_sensitive (dialog));
  type_into (dialog, "amount_row", "1000.000001");
  assert_field_error (dialog, "amount", TRUE);
  g_assert_cmpstr (gtk_label_get_text (dialog_child (dialog, "amount_error_label")), ==,
                   "Must be at most 1000 USDT");
  type_into (dialog, "amount_row", "1000");
  assert_field_error (dialog, "amount", FALSE);
  type_into (dialog, "amount_row", "1.123456");
  assert_field_error (dialog, "amount", FALSE);
  g_assert_true (create_is_sensitive (dialog));

  type_into (dialog, "order_id_row", "abc");
  assert_field_error (dialog, "order_id", TRUE);
  g_assert_false (create_is_sensitive (dialog));
  type_into (dialog, "order_id_row", "table 12!");
  assert_field_error (dialog, "order_id", TRUE);
  type_into (dialog, "order_id_row", "table-12");
  assert_field_error (dialog, "order_id", FALSE);
  g_assert_true (create_is_sensitive (dialog));

  type_into (dialog, "remark_row", long_remark);
  assert_field_error (dialog, "remark", TRUE);
  g_assert_false (create_is_sensitive (dialog));
  type_into (dialog, "remark_row", "Two coffees");
  assert_field_error (dialog, "remark", FALSE);
  g_assert_true (pd_new_order_dialog_is_valid (dialog));
  g_assert_true (create_is_sensitive (dialog));

  /* The note follows the store's rule, said under it: no direction
   * override, not a book. */
  type_into (dialog, "note_row", "two\u202ecups");
  assert_field_error (dialog, "note", TRUE);
  g_assert_cmpstr (gtk_label_get_text (dialog_child (dialog, "note_error_label")), ==,
                   "Must not contain control or text-direction characters");
  g_assert_false (create_is_sensitive (dialog));
  {
    g_autofree char *long_note = g_strnfill (PD_STORE_NOTE_MAX + 1, 'n');

    type_into (dialog, "note_row", long_note);
    assert_field_error (dialog, "note", TRUE);
    g_assert_false (create_is_sensitive (dialog));
  }
  type_into (dialog, "note_row", "Alice, table 4");
  assert_field_error (dialog, "note", FALSE);
  g_assert_true (create_is_sensitive (dialog));

  /* A fiat quote asset: its decimalDigit is 2. */
  g_settings_set_string (settings, "quote-asset-id", "usd");
  pd_test_drain_main_context ();
  g_assert_cmpstr (gtk_label_get_text (dialog_child (dialog, "symbol_label")), ==, "USD");
  type_into (dialog, "amount_row", "1.123");
  assert_field_error (dialog, "amount", TRUE);
  type_into (dialog, "amount_row", "1.12");
  assert_field_error (dialog, "amount", FALSE);

  pd_test_close_and_finalize (g_object_ref (dialog));
}

static gboolean
focus_is_in (GtkWindow *window,
             GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Whether Tab from @from reaches @to before @past, which follows @to.
 * (In a window that is not the active one, as under a test's X server,
 * GTK puts a stop or two more on the way.) */
static gboolean
tab_reaches (GtkWindow *window,
             GtkWidget *from,
             GtkWidget *to,
             GtkWidget *past)
{
  gtk_widget_grab_focus (from);
  for (guint i = 0; i < 8; i++)
    {
      gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
      if (focus_is_in (window, to))
        return TRUE;
      if (focus_is_in (window, past))
        return FALSE;
    }

  return FALSE;
}

/* A shown error does not hide the fields after it from the keyboard, and
 * reads as its message when Tab reaches it. */
static void
test_new_order_tab_past_errors (void)
{
  PdNewOrderDialog *dialog;
  g_autofree char *long_remark = g_strnfill (PD_PAYLINK_REMARK_MAX + 1, 'r');

  configure_merchant ();
  pd_test_cache_fixture_asset_lists (pd_application_get_store (app));
  dialog = open_new_order_dialog ();
  type_into (dialog, "amount_row", "ten");
  type_into (dialog, "remark_row", long_remark);
  assert_field_error (dialog, "amount", TRUE);
  assert_field_error (dialog, "remark", TRUE);

  g_assert_true (tab_reaches (GTK_WINDOW (dialog), dialog_child (dialog, "amount_row"),
                              dialog_child (dialog, "order_id_row"), dialog_child (dialog, "remark_row")));
  g_assert_true (tab_reaches (GTK_WINDOW (dialog), dialog_child (dialog, "remark_row"),
                              dialog_child (dialog, "note_row"), dialog_child (dialog, "amount_row")));
  g_assert_true (tab_reaches (GTK_WINDOW (dialog), dialog_child (dialog, "note_row"),
                              dialog_child (dialog, "expiry_spin_button"), dialog_child (dialog, "amount_row")));
  gtk_test_accessible_assert_property (dialog_child (dialog, "amount_error_row"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       gtk_label_get_text (dialog_child (dialog, "amount_error_label")));

  pd_test_close_and_finalize (g_object_ref (dialog));
}

static void
order_created_cb (PdNewOrderDialog *dialog,
                  PdOrder          *order,
                  gboolean         *created)
{
  *created = TRUE;
}

static void
test_new_order_create (void)
{
  PdNewOrderDialog *dialog;
  g_autoptr(PdOrder) order = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *pay_base = NULL;
  PdPaylinkParams params = { 0 };
  gboolean created = FALSE;

  configure_merchant ();
  pd_test_cache_fixture_asset_lists (pd_application_get_store (app));
  g_settings_set_uint (settings, "default-expiry-minutes", 30);
  dialog = open_new_order_dialog ();
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "order-created", G_CALLBACK (order_created_cb), &created);

  type_into (dialog, "amount_row", "10.50");
  type_into (dialog, "order_id_row", "app-create-1");
  type_into (dialog, "remark_row", "Two coffees");
  type_into (dialog, "note_row", "Alice, table 4");

  /* A negative expiry is refused, not taken as 0 ("never"); a time typed
   * but not yet taken when Create is activated is the one used. */
  {
    GtkSpinButton *expiry = dialog_child (dialog, "expiry_spin_button");

    gtk_editable_set_text (GTK_EDITABLE (expiry), "-30");
    gtk_spin_button_update (expiry);
    g_assert_cmpint (gtk_spin_button_get_value_as_int (expiry), ==, 30);
    gtk_editable_set_text (GTK_EDITABLE (expiry), "45");
  }

  /* Enter in a field activates Create. */
  g_assert_true (create_is_sensitive (dialog));
  gtk_widget_activate_action (dialog_child (dialog, "amount_row"), "default.activate", NULL);
  /* An activated button clicks after a short flash. */
  pd_test_wait_until (pd_test_flag_is_set, &created, 5);
  g_assert_null (dialog);

  order = lookup_order ("app-create-1");
  g_assert_nonnull (order);
  g_assert_cmpstr (pd_order_get_quote_amount (order), ==, "10.5");
  g_assert_cmpstr (pd_order_get_quote_symbol (order), ==, "USDT");
  g_assert_cmpstr (pd_order_get_note (order), ==, "Alice, table 4");
  g_assert_cmpint (pd_order_get_link_kind (order), ==, PD_ORDER_LINK_KIND_PAYLINK);
  g_assert_cmpint (pd_order_get_expires_at (order) - pd_order_get_created_at (order), ==, 45 * 60);
  /* Its page is open in the main window. */
  pd_test_wait_until (order_is_shown, order, 5);

  /* The stored link is the one the core builds from the same fields. */
  params.payee_id = PAYEE;
  params.settlement_asset_id = BTC;
  params.quote_asset_id = USDT;
  params.quote_amount = "10.5";
  params.order_id = "app-create-1";
  params.trace_id = pd_order_get_trace_id (order);
  params.remark = "Two coffees";
  params.expired_timestamp = pd_order_get_expires_at (order);
  pay_base = pd_application_dup_pay_base (app);
  g_assert_cmpstr (pay_base, ==, server->base);
  expected = pd_paylink_build (&params, pay_base, NULL);
  g_assert_nonnull (expected);
  g_assert_cmpstr (pd_order_get_link (order), ==, expected);
}

static void
test_new_order_duplicate (void)
{
  PdNewOrderDialog *dialog;
  g_autoptr(GPtrArray) orders = NULL;

  configure_merchant ();
  dialog = open_new_order_dialog ();
  type_into (dialog, "amount_row", "3");
  type_into (dialog, "order_id_row", "app-duplicate");
  pd_new_order_dialog_create (dialog);
  pd_test_drain_main_context ();

  dialog = open_new_order_dialog ();
  type_into (dialog, "amount_row", "4");
  type_into (dialog, "order_id_row", "app-duplicate");
  g_assert_true (create_is_sensitive (dialog));
  g_signal_emit_by_name (dialog_child (dialog, "create_button"), "clicked");
  pd_test_drain_main_context ();

  /* Still open, the order ID marked, nothing stored twice. */
  g_assert_true (pd_test_find_window (app, PD_TYPE_NEW_ORDER_DIALOG) == dialog);
  assert_field_error (dialog, "order_id", TRUE);
  g_assert_false (create_is_sensitive (dialog));
  orders = pd_store_find_orders (pd_application_get_store (app), "app-duplicate", NULL);
  g_assert_cmpuint (orders->len, ==, 1);

  /* Another ID clears it. */
  type_into (dialog, "order_id_row", "app-duplicate-2");
  assert_field_error (dialog, "order_id", FALSE);
  g_assert_true (create_is_sensitive (dialog));

  pd_test_close_and_finalize (g_object_ref (dialog));
}

static void
test_new_order_one_time (void)
{
  PdNewOrderDialog *dialog;
  g_autoptr(PdOrder) order = NULL;
  g_autofree char *prefix = NULL;
  gboolean created = FALSE;

  configure_merchant ();
  g_settings_set_string (settings, "link-kind", "one-time");
  dialog = open_new_order_dialog ();
  g_signal_connect (dialog, "order-created", G_CALLBACK (order_created_cb), &created);
  type_into (dialog, "amount_row", "12");
  type_into (dialog, "order_id_row", "app-one-time");
  pd_new_order_dialog_create (dialog);

  /* Waiting for MixPay: the form is locked. */
  g_assert_false (create_is_sensitive (dialog));
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "spinner")));
  g_assert_null (lookup_order ("app-one-time"));
  pd_test_wait_until (pd_test_flag_is_set, &created, 10);

  order = lookup_order ("app-one-time");
  g_assert_nonnull (order);
  g_assert_cmpint (pd_order_get_link_kind (order), ==, PD_ORDER_LINK_KIND_ONE_TIME);
  prefix = g_strconcat (server->base, "/code/", NULL);
  g_assert_true (g_str_has_prefix (pd_order_get_link (order), prefix));
  g_assert_true (pd_paylink_is_uuid (pd_order_get_link (order) + strlen (prefix)));
}

static void
test_new_order_one_time_offline (void)
{
  PdNewOrderDialog *dialog;
  g_autofree char *dead = g_strdup_printf ("http://127.0.0.1:%u/v1", get_unused_port ());
  GtkLabel *error_label;

  configure_merchant ();
  g_settings_set_string (settings, "link-kind", "one-time");
  use_api (dead);
  dialog = open_new_order_dialog ();
  type_into (dialog, "amount_row", "12");
  type_into (dialog, "order_id_row", "app-one-time-offline");
  pd_new_order_dialog_create (dialog);

  error_label = dialog_child (dialog, "error_label");
  pd_test_wait_until ((PdTestCondition) gtk_widget_get_visible, error_label, 10);
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "MixPay"));
  g_assert_true (create_is_sensitive (dialog));
  g_assert_null (lookup_order ("app-one-time-offline"));

  pd_test_close_and_finalize (g_object_ref (dialog));
  use_api (server->api);
}

static void
test_new_order_no_payee (void)
{
  PdNewOrderDialog *dialog;

  reset_settings ();
  dialog = open_new_order_dialog ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (dialog_child (dialog, "pages")), ==, "no-payee");
  g_assert_false (create_is_sensitive (dialog));

  /* Setting one up elsewhere brings the form. */
  g_settings_set_string (settings, "payee-id", PAYEE);
  pd_test_drain_main_context ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (dialog_child (dialog, "pages")), ==, "form");

  pd_test_close_and_finalize (g_object_ref (dialog));
}

/* Preferences */

static PdPreferencesWindow *
open_preferences (void)
{
  PdPreferencesWindow *window;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  window = pd_test_find_window (app, PD_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  return window;
}

static gboolean
assets_fetched (gpointer window)
{
  /* The refresh button is insensitive while the lists are fetched. */
  return gtk_widget_get_sensitive (pd_test_template_child (window, PD_TYPE_PREFERENCES_WINDOW,
                                                                  "refresh_assets_button"));
}

static char *
dup_combo_labels (AdwComboRow *combo)
{
  GListModel *model = adw_combo_row_get_model (combo);
  GString *labels = g_string_new (NULL);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PdAssetItem) item = g_list_model_get_item (model, i);

      g_string_append_printf (labels, "%s\n", pd_asset_item_get_label (item));
    }

  return g_string_free (labels, FALSE);
}

static const char *
selected_asset_id (AdwComboRow *combo)
{
  PdAssetItem *item = adw_combo_row_get_selected_item (combo);

  return item != NULL ? pd_asset_item_get_asset_id (item) : NULL;
}

static void
test_preferences_asset_lists (void)
{
  g_autofree char *dead = g_strdup_printf ("http://127.0.0.1:%u/v1", get_unused_port ());
  g_autofree char *settlement_labels = NULL;
  g_autofree char *quote_labels = NULL;
  g_autofree char *offline_labels = NULL;
  g_autofree char *json = NULL;
  PdPreferencesWindow *window;
  AdwComboRow *settlement;
  AdwComboRow *quote;
  GtkWidget *status_row;

  configure_merchant ();
  /* Nothing cached: what is shown comes from the server. */
  pd_store_set_asset_list (pd_application_get_store (app), PD_ASSET_LIST_QUOTE, EMPTY_LIST, 0, NULL);
  pd_store_set_asset_list (pd_application_get_store (app), PD_ASSET_LIST_SETTLEMENT, EMPTY_LIST, 0, NULL);

  window = open_preferences ();
  settlement = pd_test_template_child (window, PD_TYPE_PREFERENCES_WINDOW, "settlement_asset_combo");
  quote = pd_test_template_child (window, PD_TYPE_PREFERENCES_WINDOW, "quote_asset_combo");
  status_row = pd_test_template_child (window, PD_TYPE_PREFERENCES_WINDOW, "assets_status_row");
  pd_test_wait_until (assets_fetched, window, 10);
  g_assert_false (gtk_widget_get_visible (status_row));

  settlement_labels = dup_combo_labels (settlement);
  quote_labels = dup_combo_labels (quote);
  g_assert_cmpstr (settlement_labels, ==, "BTC — Bitcoin\nUSDT — Tether USD (Ethereum)\n");
  g_assert_cmpstr (quote_labels, ==, "USD — currency\nBTC — Bitcoin\nUSDT — Tether USD (Ethereum)\n");
  g_assert_cmpstr (selected_asset_id (settlement), ==, BTC);
  g_assert_cmpstr (selected_asset_id (quote), ==, USDT);

  /* Choosing one stores its ID. */
  adw_combo_row_set_selected (settlement, 1);
  pd_test_drain_main_context ();
  g_assert_cmpstr (g_settings_get_string (settings, "settlement-asset-id"), ==, USDT);
  adw_combo_row_set_selected (quote, 0);
  pd_test_drain_main_context ();
  g_assert_cmpstr (g_settings_get_string (settings, "quote-asset-id"), ==, "usd");

  /* The lists were cached in the ledger. */
  g_assert_true (pd_store_get_asset_list (pd_application_get_store (app), PD_ASSET_LIST_SETTLEMENT,
                                          &json, NULL, NULL));
  g_assert_nonnull (strstr (json, "Tether USD"));
  pd_test_close_and_finalize (g_object_ref (window));

  /* Offline: the cached lists, and a word about it. */
  use_api (dead);
  g_settings_set_string (settings, "settlement-asset-id", BTC);
  window = open_preferences ();
  settlement = pd_test_template_child (window, PD_TYPE_PREFERENCES_WINDOW, "settlement_asset_combo");
  status_row = pd_test_template_child (window, PD_TYPE_PREFERENCES_WINDOW, "assets_status_row");
  pd_test_wait_until (assets_fetched, window, 10);
  offline_labels = dup_combo_labels (settlement);
  g_assert_cmpstr (offline_labels, ==, settlement_labels);
  g_assert_cmpstr (selected_asset_id (settlement), ==, BTC);
  g_assert_true (gtk_widget_get_visible (status_row));
  g_assert_false (gtk_widget_has_css_class (pd_test_template_child (window, PD_TYPE_PREFERENCES_WINDOW,
                                                                           "assets_status_label"), "error"));
  pd_test_close_and_finalize (g_object_ref (window));

  /* Offline with nothing cached: an error, and the current IDs kept. */
  pd_store_set_asset_list (pd_application_get_store (app), PD_ASSET_LIST_QUOTE, EMPTY_LIST, 0, NULL);
  pd_store_set_asset_list (pd_application_get_store (app), PD_ASSET_LIST_SETTLEMENT, EMPTY_LIST, 0, NULL);
  window = open_preferences ();
  settlement = pd_test_template_child (window, PD_TYPE_PREFERENCES_WINDOW, "settlement_asset_combo");
  pd_test_wait_until (assets_fetched, window, 10);
  g_assert_true (gtk_widget_has_css_class (pd_test_template_child (window, PD_TYPE_PREFERENCES_WINDOW,
                                                                          "assets_status_label"), "error"));
  g_assert_cmpstr (selected_asset_id (settlement), ==, BTC);
  g_assert_cmpstr (g_settings_get_string (settings, "settlement-asset-id"), ==, BTC);
  pd_test_close_and_finalize (g_object_ref (window));

  use_api (server->api);
}

static void
payee_found_cb (PdMixinLookupDialog *dialog,
                const char          *payee_id,
                char               **found)
{
  *found = g_strdup (payee_id);
}

static gboolean
error_is_inside_dialog (gpointer label)
{
  GtkWidget *dialog = GTK_WIDGET (gtk_widget_get_root (label));
  graphene_rect_t bounds;

  return gtk_widget_get_mapped (label) &&
         gtk_widget_compute_bounds (label, dialog, &bounds) &&
         bounds.size.height > 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (dialog);
}

static void
test_preferences_mixin_lookup (void)
{
  PdPreferencesWindow *window;
  PdMixinLookupDialog *dialog;
  GtkWidget *look_up;
  GtkLabel *error_label;
  g_autofree char *found = NULL;
  g_autofree char *stored = NULL;

  reset_settings ();
  window = open_preferences ();
  g_assert_true (gtk_widget_get_sensitive (pd_test_template_child (window, PD_TYPE_PREFERENCES_WINDOW, "lookup_button")));

  dialog = pd_preferences_window_open_lookup (window);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "found", G_CALLBACK (payee_found_cb), &found);
  look_up = pd_test_template_child (dialog, PD_TYPE_MIXIN_LOOKUP_DIALOG, "look_up_button");
  error_label = pd_test_template_child (dialog, PD_TYPE_MIXIN_LOOKUP_DIALOG, "error_label");

  g_assert_false (gtk_widget_get_sensitive (look_up));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  /* It opens on the field, not on Cancel. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)),
                                         pd_test_template_child (dialog, PD_TYPE_MIXIN_LOOKUP_DIALOG, "mixin_id_row")));
  gtk_editable_set_text (pd_test_template_child (dialog, PD_TYPE_MIXIN_LOOKUP_DIALOG, "mixin_id_row"), "12a");
  g_assert_false (gtk_widget_get_sensitive (look_up));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  /* Shown, not below the edge of a dialog that kept its first height. */
  pd_test_wait_until (error_is_inside_dialog, error_label, 5);

  /* MixPay knows no account 0: its answer shows in the dialog. */
  gtk_editable_set_text (pd_test_template_child (dialog, PD_TYPE_MIXIN_LOOKUP_DIALOG, "mixin_id_row"), "0");
  g_assert_true (gtk_widget_get_sensitive (look_up));
  g_signal_emit_by_name (look_up, "clicked");
  pd_test_wait_until ((PdTestCondition) gtk_widget_get_visible, error_label, 10);
  g_assert_nonnull (dialog);
  g_assert_null (found);
  /* Back in the field, to correct the number. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)),
                                         pd_test_template_child (dialog, PD_TYPE_MIXIN_LOOKUP_DIALOG, "mixin_id_row")));

  gtk_editable_set_text (pd_test_template_child (dialog, PD_TYPE_MIXIN_LOOKUP_DIALOG, "mixin_id_row"), "37160854");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  pd_mixin_lookup_dialog_look_up (dialog);
  pd_test_wait_until (pointer_is_set, &found, 10);

  /* Filled into the payee row, as if typed, so it is stored. */
  g_assert_true (pd_paylink_is_uuid (found));
  g_assert_null (dialog);
  g_assert_cmpstr (gtk_editable_get_text (pd_test_template_child (window, PD_TYPE_PREFERENCES_WINDOW, "payee_id_row")),
                   ==, found);
  stored = g_settings_get_string (settings, "payee-id");
  g_assert_cmpstr (stored, ==, found);

  pd_test_close_and_finalize (g_object_ref (window));

  /* Without a valid MixPay address, typing does not hide why Look Up
   * stays off. */
  dialog = pd_mixin_lookup_dialog_new (NULL);
  error_label = pd_test_template_child (dialog, PD_TYPE_MIXIN_LOOKUP_DIALOG, "error_label");
  gtk_editable_set_text (pd_test_template_child (dialog, PD_TYPE_MIXIN_LOOKUP_DIALOG, "mixin_id_row"), "37160854");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, "The MixPay address in the settings is not valid.");
  g_assert_false (gtk_widget_get_sensitive (pd_test_template_child (dialog, PD_TYPE_MIXIN_LOOKUP_DIALOG, "look_up_button")));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Live status */

/* A desktop's notification server on the test's private session bus, so
 * the notifications the app sends can be read back. */
static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "  </interface>"
  "</node>";

static struct
{
  GDBusConnection *connection;
  guint            last_id;
  char            *last_summary;
  char            *last_body;
  guint            n_received;
  guint            last_closed;
} desktop;

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *object_path,
                         const char            *interface_name,
                         const char            *method_name,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  if (g_str_equal (method_name, "Notify"))
    {
      const char *summary;
      const char *body;

      g_variant_get (parameters, "(&su&s&s&s^a&s@a{sv}i)", NULL, NULL, NULL, &summary, &body,
                     NULL, NULL, NULL);
      g_free (desktop.last_summary);
      desktop.last_summary = g_strdup (summary);
      g_free (desktop.last_body);
      desktop.last_body = g_strdup (body);
      desktop.n_received++;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", ++desktop.last_id));
    }
  else if (g_str_equal (method_name, "CloseNotification"))
    {
      g_variant_get (parameters, "(u)", &desktop.last_closed);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else
    {
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(ssss)", "test", "paydesk", "1", "1.2"));
    }
}

static gboolean
name_acquired (gpointer data)
{
  return *(gboolean *) data;
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  static gboolean acquired;

  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  desktop.connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (desktop.connection, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (desktop.connection, "org.freedesktop.Notifications",
                                G_BUS_NAME_OWNER_FLAGS_NONE,
                                name_acquired_cb, NULL, &acquired, NULL);
  pd_test_wait_until (name_acquired, &acquired, 5);
}

static gboolean
desktop_received (gpointer data)
{
  return desktop.n_received >= GPOINTER_TO_UINT (data);
}

static gboolean
desktop_closed (gpointer data)
{
  return desktop.last_closed == GPOINTER_TO_UINT (data);
}

static void
script_order (const char *order_id,
              const char *steps)
{
  g_autofree char *json = g_strdup_printf ("{\"orderId\":\"%s\",\"payeeId\":\"" PAYEE "\","
                                           "\"quoteAmount\":\"10\",\"quoteAssetId\":\"" USDT "\","
                                           "\"settlementAssetId\":\"" BTC "\",\"steps\":%s}",
                                           order_id, steps);

  pd_fake_server_script (server, json);
}

static PdOrder *
add_order (const char *order_id)
{
  PdOrder *order = pd_order_new ();
  g_autofree char *link = g_strdup_printf ("%s/pay?orderId=%s", server->base, order_id);
  g_autoptr(GError) error = NULL;

  pd_order_set_payee_id (order, PAYEE);
  pd_order_set_order_id (order, order_id);
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, USDT);
  pd_order_set_quote_symbol (order, "USDT");
  pd_order_set_quote_amount (order, "10");
  pd_order_set_link (order, link);
  pd_store_insert_order (pd_application_get_store (app), order, &error);
  g_assert_no_error (error);

  return order;
}

static gboolean
notified_about (gpointer data)
{
  const char *id = pd_application_get_last_notification (app, NULL, NULL);

  return g_strcmp0 (id, data) == 0;
}

static gboolean
order_is_settled (gpointer order)
{
  return pd_order_state_is_settled (pd_order_get_state (order));
}

static void
test_poller_notifies (void)
{
  g_autoptr(PdOrder) paid = NULL;
  g_autoptr(PdOrder) mismatch = NULL;
  g_autoptr(PdOrder) quiet = NULL;
  g_autofree char *paid_id = NULL;
  g_autofree char *mismatch_id = NULL;
  const char *title;
  const char *body;
  guint n_before = desktop.n_received;

  configure_merchant ();
  g_assert_nonnull (pd_application_get_poller (app));
  g_assert_true (pd_poller_get_running (pd_application_get_poller (app)));

  script_order ("app-live-paid", "[{\"status\":\"success\"}]");
  paid = add_order ("app-live-paid");
  paid_id = g_strdup_printf ("order-%" G_GINT64_FORMAT, pd_order_get_id (paid));
  pd_test_wait_until (notified_about, paid_id, 15);
  g_assert_cmpint (pd_order_get_state (paid), ==, PD_ORDER_STATE_PAID);
  pd_application_get_last_notification (app, &title, &body);
  g_assert_cmpstr (title, ==, "Order app-live-paid paid: 10 USDT");
  pd_test_wait_until (desktop_received, GUINT_TO_POINTER (n_before + 1), 5);
  g_assert_cmpstr (desktop.last_summary, ==, title);

  /* Clicking it opens the order, and it goes away. */
  g_dbus_connection_emit_signal (desktop.connection, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", desktop.last_id, "default"), NULL);
  pd_test_wait_until (desktop_closed, GUINT_TO_POINTER (desktop.last_id), 5);
  pd_test_wait_until (order_is_shown, paid, 5);

  /* A tampered amount: a mismatch, and a warning. */
  script_order ("app-live-mismatch",
                "[{\"status\":\"success\",\"fields\":{\"quoteAmount\":\"0.01\"}}]");
  mismatch = add_order ("app-live-mismatch");
  mismatch_id = g_strdup_printf ("order-%" G_GINT64_FORMAT, pd_order_get_id (mismatch));
  pd_test_wait_until (notified_about, mismatch_id, 15);
  g_assert_cmpint (pd_order_get_state (mismatch), ==, PD_ORDER_STATE_MISMATCH);
  pd_application_get_last_notification (app, &title, &body);
  g_assert_cmpstr (title, ==, "Order app-live-mismatch: payment does not match — do not hand over goods");
  g_assert_nonnull (strstr (body, "10 USDT"));
  pd_test_wait_until (desktop_received, GUINT_TO_POINTER (n_before + 2), 5);
  g_assert_cmpstr (desktop.last_summary, ==, title);

  /* A failed payment and a status MixPay's contract does not know need
   * attention too. */
  {
    g_autoptr(PdOrder) failed = NULL;
    g_autoptr(PdOrder) unknown = NULL;
    g_autofree char *failed_id = NULL;
    g_autofree char *unknown_id = NULL;

    script_order ("app-live-failed", "[{\"status\":\"failed\"}]");
    failed = add_order ("app-live-failed");
    failed_id = g_strdup_printf ("order-%" G_GINT64_FORMAT, pd_order_get_id (failed));
    pd_test_wait_until (notified_about, failed_id, 15);
    pd_application_get_last_notification (app, &title, &body);
    g_assert_cmpstr (title, ==, "Order app-live-failed: the payment failed");

    script_order ("app-live-unknown", "[{\"status\":\"refund_in_progress\"}]");
    unknown = add_order ("app-live-unknown");
    unknown_id = g_strdup_printf ("order-%" G_GINT64_FORMAT, pd_order_get_id (unknown));
    pd_test_wait_until (notified_about, unknown_id, 15);
    g_assert_cmpint (pd_order_get_state (unknown), ==, PD_ORDER_STATE_UNKNOWN);
    pd_application_get_last_notification (app, &title, &body);
    g_assert_nonnull (strstr (title, "do not hand over goods yet"));
    pd_test_wait_until (desktop_received, GUINT_TO_POINTER (n_before + 4), 5);
    /* The last one told of, below. */
    g_free (mismatch_id);
    mismatch_id = g_steal_pointer (&unknown_id);
  }

  /* Notifications off: the order is paid, nobody is told. */
  g_settings_set_boolean (settings, "notifications-enabled", FALSE);
  script_order ("app-live-quiet", "[{\"status\":\"success\"}]");
  quiet = add_order ("app-live-quiet");
  pd_test_wait_until (order_is_settled, quiet, 15);
  pd_test_drain_main_context ();
  g_assert_true (notified_about (mismatch_id));
  g_assert_cmpuint (desktop.n_received, ==, n_before + 4);
}

static void
test_check_order_action (void)
{
  g_autoptr(PdOrder) order = NULL;
  PdPoller *poller;

  configure_merchant ();
  g_settings_set_boolean (settings, "polling-enabled", FALSE);
  pd_test_drain_main_context ();
  poller = pd_application_get_poller (app);
  g_assert_false (pd_poller_get_running (poller));

  script_order ("app-live-by-hand", "[{\"status\":\"success\"}]");
  order = add_order ("app-live-by-hand");
  g_action_group_activate_action (G_ACTION_GROUP (app), "check-order",
                                  g_variant_new_int64 (pd_order_get_id (order)));
  g_assert_true (pd_poller_get_running (poller));
  pd_test_wait_until (order_is_settled, order, 15);
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_PAID);

  /* Polling stays off once the check is answered. */
  pd_test_drain_main_context ();
  g_assert_false (pd_poller_get_running (poller));
}

static gboolean
banner_is_revealed (gpointer banner)
{
  return pd_status_banner_get_revealed (banner);
}

static gboolean
banner_is_hidden (gpointer banner)
{
  return !pd_status_banner_get_revealed (banner);
}

static void
test_window_has_banner (void)
{
  PdWindow *window = pd_test_find_window (app, PD_TYPE_WINDOW);
  PdStatusBanner *banner;

  g_assert_nonnull (window);
  banner = PD_STATUS_BANNER (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                            "status_banner"));
  g_assert_true (PD_IS_STATUS_BANNER (banner));
  g_assert_true (pd_status_banner_get_poller (banner) == pd_application_get_poller (app));
  g_assert_false (pd_status_banner_get_revealed (banner));
}

static gboolean
has_been_answered (gpointer order)
{
  return pd_order_get_last_checked_at (order) > 0;
}

static void
test_status_banner (void)
{
  guint16 port = get_unused_port ();
  g_autofree char *api = g_strdup_printf ("http://127.0.0.1:%u/v1", port);
  g_autofree char *port_arg = g_strdup_printf ("--port=%u", port);
  g_autofree char *fixtures_arg = g_strdup_printf ("--fixtures=%s", g_getenv ("PAYDESK_TEST_FIXTURES"));
  g_autoptr(GSubprocess) revived = NULL;
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GtkWidget *banner;

  configure_merchant ();
  banner = pd_status_banner_new ();
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), banner);
  g_object_bind_property (app, "poller", banner, "poller", G_BINDING_SYNC_CREATE);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (pd_status_banner_get_revealed (PD_STATUS_BANNER (banner)));

  /* Nothing listens at the API: the poller backs off, the banner says so. */
  use_api (api);
  g_assert_true (pd_status_banner_get_poller (PD_STATUS_BANNER (banner)) == pd_application_get_poller (app));
  order = add_order ("app-live-offline");
  pd_test_wait_until (banner_is_revealed, banner, 15);
  g_assert_true (g_str_has_prefix (pd_status_banner_get_title (PD_STATUS_BANNER (banner)),
                                   "MixPay cannot be reached. Trying again at "));
  g_assert_true (gtk_widget_get_visible (pd_test_template_child (banner, PD_TYPE_STATUS_BANNER, "retry_button")));

  /* MixPay comes back on that port; Retry Now does not wait out the back-off. */
  revived = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              g_getenv ("PAYDESK_FAKE_MIXPAY"), port_arg, fixtures_arg,
                              "--watch-stdin", "--rate-limit=0", NULL);
  g_assert_no_error (error);
  g_usleep (500 * 1000);
  g_signal_emit_by_name (pd_test_template_child (banner, PD_TYPE_STATUS_BANNER, "retry_button"), "clicked");
  pd_test_wait_until (banner_is_hidden, banner, 8);
  /* And MixPay answers, when the order is next due: the failed checks had
   * not set "last checked". */
  pd_test_wait_until (has_been_answered, order, 25);

  g_subprocess_send_signal (revived, SIGTERM);
  g_subprocess_wait (revived, NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  use_api (server->api);
}

/* Launching the app opened its main window: run the tests inside the
 * running application, once its ledger is open. */
static void
application_activated_cb (GApplication *application,
                          int          *status)
{
  g_signal_handlers_disconnect_by_func (application, application_activated_cb, status);

  pd_test_wait_until (store_is_open, NULL, 10);
  start_notification_server ();
  *status = g_test_run ();

  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;
  int status = 1;

  gtk_test_init (&argc, &argv, NULL);

  server = pd_fake_server_start ("0", FALSE);
  dir = g_dir_make_tmp ("paydesk-app-live-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "ledger.db", NULL);
  /* All before the app starts: it reads them once. */
  g_setenv ("PAYDESK_DB", db, TRUE);
  g_setenv ("PAYDESK_API_BASE", server->api, TRUE);
  g_setenv ("PAYDESK_PAY_BASE", server->base, TRUE);

  settings = g_settings_new (APP_ID);
  configure_merchant ();

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (application_activated_cb), &status);

  g_test_add_func ("/app-live/new-order/validation", test_new_order_validation);
  g_test_add_func ("/app-live/new-order/tab-past-errors", test_new_order_tab_past_errors);
  g_test_add_func ("/app-live/new-order/create", test_new_order_create);
  g_test_add_func ("/app-live/new-order/duplicate", test_new_order_duplicate);
  g_test_add_func ("/app-live/new-order/one-time", test_new_order_one_time);
  g_test_add_func ("/app-live/new-order/one-time-offline", test_new_order_one_time_offline);
  g_test_add_func ("/app-live/new-order/no-payee", test_new_order_no_payee);
  g_test_add_func ("/app-live/preferences/asset-lists", test_preferences_asset_lists);
  g_test_add_func ("/app-live/preferences/mixin-lookup", test_preferences_mixin_lookup);
  g_test_add_func ("/app-live/poller/notifies", test_poller_notifies);
  g_test_add_func ("/app-live/poller/check-order", test_check_order_action);
  g_test_add_func ("/app-live/banner", test_status_banner);
  g_test_add_func ("/app-live/window-banner", test_window_has_banner);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_finalize_object (app);
  g_clear_object (&settings);
  g_clear_object (&desktop.connection);
  g_clear_pointer (&desktop.last_summary, g_free);
  g_clear_pointer (&desktop.last_body, g_free);

  pd_fake_server_stop (server);
  g_unlink (db);
  {
    g_autofree char *lock = g_strconcat (db, ".poll-lock", NULL);
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_autofree char *changed = g_strconcat (db, "-changes/stamp", NULL);
    g_autofree char *changes = g_strconcat (db, "-changes", NULL);

    g_unlink (lock);
    g_unlink (wal);
    g_unlink (shm);
    g_unlink (changed);
    g_rmdir (changes);
  }
  g_rmdir (dir);

  return status;
}
