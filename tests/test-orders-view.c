/* test-orders-view.c: the orders view: its rows and their states, the
 * filter, search and sort, and rows that follow their orders
 *
 * Drives the real PdApplication and PdWindow under Xvfb on a ledger of
 * orders in every state (pd-test-orders.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "pd-asset-list.h"
#include "pd-decimal.h"
#include "pd-mixpay-asset.h"
#include "pd-order-status.h"
#include "pd-test-orders.h"
#include "pd-test-ui.h"

/* The state pill of @order's row: the one label with that order's
 * state class among the rows on screen. */
static void
collect_pills (GtkWidget  *widget,
               PdOrderState state,
               GPtrArray  *found)
{
  if (GTK_IS_LABEL (widget) &&
      gtk_widget_has_css_class (widget, "pd-pill") &&
      gtk_widget_has_css_class (widget, pd_order_status_get_css_class (state)))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_pills (child, state, found);
}

static GtkWidget *
find_only_pill (PdOrderState state)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_pills (GTK_WIDGET (pd_test_orders_get_view ()), state, found);
  g_assert_cmpuint (found->len, ==, 1);

  return g_ptr_array_index (found, 0);
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

static void
test_orders_list (void)
{
  GtkStack *pages = GTK_STACK (pd_test_orders_window_child ("pages"));
  g_auto(GStrv) ids = NULL;

  pd_test_orders_reset_view ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, "orders");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (pd_test_orders_get_view ())));

  /* Newest first. */
  ids = pd_test_orders_dup_shown_ids ();
  g_assert_cmpuint (g_strv_length (ids), ==, pd_test_orders_n_fixtures);
  for (guint i = 0; i < pd_test_orders_n_fixtures; i++)
    g_assert_cmpstr (ids[i], ==, pd_test_orders_fixtures[pd_test_orders_n_fixtures - 1 - i].order_id);

  /* One pill a state, each with its class and label. */
  for (guint i = 0; i < pd_test_orders_n_fixtures; i++)
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_only_pill (pd_test_orders_fixtures[i].state))), ==,
                     pd_order_state_get_label (pd_test_orders_fixtures[i].state));
}

/* Each state's style class is the one style.css names. */
static void
test_orders_state_css_class (void)
{
  g_assert_cmpstr (pd_order_status_get_css_class (PD_ORDER_STATE_UNPAID), ==, "pd-state-unpaid");
  g_assert_cmpstr (pd_order_status_get_css_class (PD_ORDER_STATE_PAID_LESS), ==, "pd-state-paid-less");
  g_assert_cmpstr (pd_order_status_get_css_class (PD_ORDER_STATE_CANCELLED), ==, "pd-state-cancelled");
}

static void
test_orders_filter_search (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_auto(GStrv) paid = NULL;
  g_auto(GStrv) attention = NULL;
  g_auto(GStrv) open = NULL;
  g_auto(GStrv) coffee = NULL;
  g_auto(GStrv) amount = NULL;
  g_auto(GStrv) both = NULL;

  pd_test_orders_reset_view ();

  pd_orders_view_set_group (pd_test_orders_get_view (), PD_ORDER_GROUP_PAID);
  paid = pd_test_orders_dup_shown_ids ();
  g_assert_cmpuint (g_strv_length (paid), ==, 1);
  g_assert_cmpstr (paid[0], ==, "order-paid-0004");
  /* The choice is remembered for the next start. */
  g_assert_cmpstr (g_settings_get_string (settings, "orders-filter"), ==, "paid");

  /* …and a remembered choice is applied. */
  g_settings_set_string (settings, "orders-filter", "attention");
  pd_test_drain_main_context ();
  g_assert_cmpint (pd_orders_view_get_group (pd_test_orders_get_view ()), ==, PD_ORDER_GROUP_ATTENTION);
  attention = pd_test_orders_dup_shown_ids ();
  g_assert_cmpuint (g_strv_length (attention), ==, 2);
  g_assert_cmpstr (attention[0], ==, "order-failed-006");
  g_assert_cmpstr (attention[1], ==, "order-mismatch05");

  pd_orders_view_set_group (pd_test_orders_get_view (), PD_ORDER_GROUP_OPEN);
  open = pd_test_orders_dup_shown_ids ();
  g_assert_cmpuint (g_strv_length (open), ==, 4);

  /* Search by note, then by amount, within the filter. */
  pd_orders_view_set_group (pd_test_orders_get_view (), PD_ORDER_GROUP_ALL);
  pd_orders_view_set_search_text (pd_test_orders_get_view (), "coffee");
  coffee = pd_test_orders_dup_shown_ids ();
  g_assert_cmpuint (g_strv_length (coffee), ==, 1);
  g_assert_cmpstr (coffee[0], ==, "order-unpaid-001");

  pd_orders_view_set_search_text (pd_test_orders_get_view (), "25.5");
  amount = pd_test_orders_dup_shown_ids ();
  g_assert_cmpuint (g_strv_length (amount), ==, 1);
  g_assert_cmpstr (amount[0], ==, "order-confirm-02");

  pd_orders_view_set_group (pd_test_orders_get_view (), PD_ORDER_GROUP_PAID);
  both = pd_test_orders_dup_shown_ids ();
  g_assert_cmpuint (g_strv_length (both), ==, 0);

  pd_test_orders_reset_view ();
}

static void
test_orders_sort (void)
{
  GtkColumnView *column_view = GTK_COLUMN_VIEW (pd_test_orders_view_child ("column_view"));
  GListModel *columns = gtk_column_view_get_columns (column_view);
  g_autoptr(GtkColumnViewColumn) amount = g_list_model_get_item (columns, 2);
  g_autoptr(GtkColumnViewColumn) created = g_list_model_get_item (columns, 3);
  g_autoptr(GPtrArray) orders = NULL;
  g_auto(GStrv) oldest_first = NULL;

  pd_test_orders_reset_view ();
  g_assert_cmpstr (gtk_column_view_column_get_title (amount), ==, "Amount");

  /* As numbers, exactly: 3 < 7.25 < 10 = 10.0 < 25.5 < 120. */
  gtk_column_view_sort_by_column (column_view, amount, GTK_SORT_ASCENDING);
  orders = pd_orders_view_dup_shown_orders (pd_test_orders_get_view ());
  for (guint i = 1; i < orders->len; i++)
    g_assert_cmpint (pd_decimal_compare (pd_order_get_quote_amount (g_ptr_array_index (orders, i - 1)),
                                         pd_order_get_quote_amount (g_ptr_array_index (orders, i))), <=, 0);
  g_assert_cmpstr (pd_order_get_quote_amount (g_ptr_array_index (orders, 0)), ==, "3");
  g_assert_cmpstr (pd_order_get_quote_amount (g_ptr_array_index (orders, 1)), ==, "7.25");

  gtk_column_view_sort_by_column (column_view, created, GTK_SORT_ASCENDING);
  oldest_first = pd_test_orders_dup_shown_ids ();
  g_assert_cmpstr (oldest_first[0], ==, pd_test_orders_fixtures[0].order_id);

  /* Back to the list's own order, newest first. */
  gtk_column_view_sort_by_column (column_view, NULL, GTK_SORT_ASCENDING);
}

/* The column headers take no keyboard focus in GTK 4.8: the sort menu
 * beside the search button does what they do, and every item of it
 * names a sort that exists (an unknown one warns, which fails here). */
static void
test_orders_sort_menu (void)
{
  GtkWidget *view = GTK_WIDGET (pd_test_orders_get_view ());
  GtkWidget *sort_button = GTK_WIDGET (gtk_widget_get_template_child (view, PD_TYPE_ORDERS_VIEW, "sort_button"));
  GMenuModel *menu = G_MENU_MODEL (gtk_widget_get_template_child (view, PD_TYPE_ORDERS_VIEW, "sort_menu"));
  g_autoptr(GPtrArray) orders = NULL;
  g_auto(GStrv) oldest_first = NULL;
  guint n_items = 0;

  pd_test_orders_reset_view ();
  g_assert_true (gtk_widget_get_focusable (gtk_widget_get_first_child (sort_button)));
  /* Its popover is made on the first click, with this menu. */
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (sort_button)));
  gtk_menu_button_popup (GTK_MENU_BUTTON (sort_button));
  g_assert_true (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (sort_button)) == menu);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (sort_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (sort_button), ==, "Sort Orders");

  g_assert_true (gtk_widget_activate_action (view, "orders.sort-by", "s", "amount:descending"));
  orders = pd_orders_view_dup_shown_orders (pd_test_orders_get_view ());
  g_assert_cmpstr (pd_order_get_quote_amount (g_ptr_array_index (orders, 0)), ==, "120");
  for (guint i = 1; i < orders->len; i++)
    g_assert_cmpint (pd_decimal_compare (pd_order_get_quote_amount (g_ptr_array_index (orders, i - 1)),
                                         pd_order_get_quote_amount (g_ptr_array_index (orders, i))), >=, 0);

  g_assert_true (gtk_widget_activate_action (view, "orders.sort-by", "s", "created:ascending"));
  oldest_first = pd_test_orders_dup_shown_ids ();
  g_assert_cmpstr (oldest_first[0], ==, pd_test_orders_fixtures[0].order_id);

  for (int section = 0; section < g_menu_model_get_n_items (menu); section++)
    {
      g_autoptr(GMenuModel) items = g_menu_model_get_item_link (menu, section, G_MENU_LINK_SECTION);

      for (int i = 0; i < g_menu_model_get_n_items (items); i++, n_items++)
        {
          g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (items, i, G_MENU_ATTRIBUTE_TARGET,
                                                                            G_VARIANT_TYPE_STRING);

          g_assert_nonnull (target);
          g_assert_true (gtk_widget_activate_action_variant (view, "orders.sort-by", target));
        }
    }
  g_assert_cmpuint (n_items, ==, 7);

  /* Back to the list's own order, newest first. */
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (pd_test_orders_view_child ("column_view")),
                                  NULL, GTK_SORT_ASCENDING);
  pd_test_orders_reset_view ();
}

/* A list sorted by state follows a change of state: the row moves, and
 * stays selected. */
static void
test_orders_resort_on_change (void)
{
  GtkColumnView *column_view = GTK_COLUMN_VIEW (pd_test_orders_view_child ("column_view"));
  g_autoptr(GtkColumnViewColumn) state_column = g_list_model_get_item (gtk_column_view_get_columns (column_view), 4);
  PdOrder *order = pd_test_orders_lookup ("order-unpaid-001");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = NULL;

  pd_test_orders_reset_view ();
  g_assert_cmpstr (gtk_column_view_column_get_title (state_column), ==, "State");
  gtk_column_view_sort_by_column (column_view, state_column, GTK_SORT_ASCENDING);
  pd_test_orders_select (order);
  orders = pd_orders_view_dup_shown_orders (pd_test_orders_get_view ());
  g_assert_true (g_ptr_array_index (orders, 0) == order);
  g_clear_pointer (&orders, g_ptr_array_unref);

  pd_order_set_state (order, PD_ORDER_STATE_UNKNOWN);
  g_assert_true (pd_store_update_order (pd_application_get_store (pd_test_orders_get_app ()), order,
                                        PD_ORDER_EVENT_UPDATED, NULL, NULL, &error));
  g_assert_no_error (error);
  pd_test_drain_main_context ();

  orders = pd_orders_view_dup_shown_orders (pd_test_orders_get_view ());
  for (guint i = 1; i < orders->len; i++)
    g_assert_cmpint (pd_order_get_state (g_ptr_array_index (orders, i - 1)), <=,
                     pd_order_get_state (g_ptr_array_index (orders, i)));
  g_assert_false (g_ptr_array_index (orders, 0) == order);
  g_assert_true (pd_orders_view_get_selected_order (pd_test_orders_get_view ()) == order);

  pd_order_set_state (order, PD_ORDER_STATE_UNPAID);
  g_assert_true (pd_store_update_order (pd_application_get_store (pd_test_orders_get_app ()), order,
                                        PD_ORDER_EVENT_UPDATED, NULL, NULL, &error));
  g_assert_no_error (error);
  gtk_column_view_sort_by_column (column_view, NULL, GTK_SORT_ASCENDING);
  pd_test_orders_reset_view ();
}

/* A search that hides the selected order leaves no page of it beside
 * the list: "No Order Selected" shows until another is chosen. */
static void
test_orders_search_hides_page (void)
{
  GtkStack *order_stack = GTK_STACK (pd_test_orders_window_child ("order_stack"));
  PdOrder *tea = pd_test_orders_lookup ("order-paid-0004");

  pd_test_orders_reset_view ();
  pd_test_orders_select (tea);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (order_stack), ==, "order");

  pd_orders_view_set_search_text (pd_test_orders_get_view (), "coffee");
  pd_test_drain_main_context ();
  g_assert_null (pd_orders_view_get_selected_order (pd_test_orders_get_view ()));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (order_stack), ==, "none");

  pd_test_orders_select (pd_test_orders_lookup ("order-unpaid-001"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (order_stack), ==, "order");
  pd_test_orders_reset_view ();
}

static void
test_orders_live_update (void)
{
  PdStore *store = pd_application_get_store (pd_test_orders_get_app ());
  PdOrder *order = pd_test_orders_lookup ("order-review-008");
  g_autoptr(GError) error = NULL;
  GtkWidget *pill;
  GtkWidget *last_row;
  guint position;
  guint n_history;

  pd_test_orders_reset_view ();
  pd_test_orders_select (order);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (pd_test_orders_get_window ()));
  pill = g_object_ref (find_only_pill (PD_ORDER_STATE_AUDITING));
  position = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (
                 gtk_column_view_get_model (GTK_COLUMN_VIEW (pd_test_orders_view_child ("column_view")))));

  n_history = count_children (pd_test_orders_page_child ("history_list"));

  /* The poller's write, through the store. */
  pd_order_set_payment_amount (order, "120");
  pd_order_set_payment_symbol (order, "USDT");
  pd_order_set_mixpay_status (order, "success");
  pd_order_set_state (order, PD_ORDER_STATE_PAID);
  pd_store_record_result (store, order, "auditing → paid", NULL, &error);
  g_assert_no_error (error);
  pd_test_drain_main_context ();

  /* The same label changed; the row and the selection stayed. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pill)), ==, "Paid");
  g_assert_true (gtk_widget_has_css_class (pill, "pd-state-paid"));
  g_assert_false (gtk_widget_has_css_class (pill, "pd-state-auditing"));
  g_assert_true (gtk_widget_get_parent (pill) != NULL);
  g_assert_true (pd_orders_view_get_selected_order (pd_test_orders_get_view ()) == order);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (
                      gtk_column_view_get_model (GTK_COLUMN_VIEW (pd_test_orders_view_child ("column_view"))))), ==,
                    position);

  /* The page too, with a new history entry. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pd_test_orders_page_child ("status_label"))), ==,
                   "Paid 120 USDT");
  g_assert_cmpuint (count_children (pd_test_orders_page_child ("history_list")), ==, n_history + 1);
  /* The poller's "auditing → paid", in the states' labels. */
  last_row = gtk_widget_get_last_child (pd_test_orders_page_child ("history_list"));
  g_assert_true (ADW_IS_ACTION_ROW (last_row));
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (last_row)),
                                   " — In review → Paid"));
  g_object_unref (pill);
}

/* The labels among the rows on screen that read @text. */
static void
collect_labels (GtkWidget  *widget,
                const char *text,
                GPtrArray  *found)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text, found);
}

static guint
count_labels (const char *text)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_labels (GTK_WIDGET (pd_test_orders_get_view ()), text, found);
  return found->len;
}

static GPtrArray *
load_quote_assets_fixture (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PAYDESK_TEST_FIXTURES"), "quote_assets.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *assets;

  g_assert_true (g_file_get_contents (path, &json, NULL, &error));
  assets = pd_mixpay_assets_parse (json, strlen (json), &error);
  g_assert_no_error (error);

  return assets;
}

/* An order paydesk-cli recorded before the app had MixPay's quote assets
 * has no symbol: once the list is cached, its row reads "5.5 USDT". */
static void
test_orders_symbol_from_asset_list (void)
{
  PdStore *store = pd_application_get_store (pd_test_orders_get_app ());
  g_autoptr(PdStore) cli = NULL;
  g_autoptr(PdOrder) order = pd_order_new ();
  g_autoptr(GPtrArray) assets = load_quote_assets_fixture ();
  g_autoptr(GError) error = NULL;

  pd_order_set_payee_id (order, PAYEE_ID);
  pd_order_set_order_id (order, "cli-no-symbol-09");
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, USDT);
  pd_order_set_quote_amount (order, "5.5");
  cli = pd_store_open (pd_store_get_path (store), &error);
  g_assert_no_error (error);
  g_assert_true (pd_store_insert_order (cli, order, &error));
  g_assert_no_error (error);
  pd_store_close (cli);
  g_assert_true (pd_store_refresh (store, &error));
  g_assert_no_error (error);

  pd_test_orders_reset_view ();
  pd_orders_view_set_search_text (pd_test_orders_get_view (), "cli-no-symbol");
  pd_test_drain_main_context ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (pd_test_orders_get_window ()));
  g_assert_cmpuint (count_labels ("5.5"), ==, 1);

  g_assert_true (pd_asset_list_save (store, PD_ASSET_LIST_QUOTE, assets, &error));
  g_assert_no_error (error);
  pd_test_drain_main_context ();
  g_assert_cmpuint (count_labels ("5.5"), ==, 0);
  g_assert_cmpuint (count_labels ("5.5 USDT"), ==, 1);
  g_assert_cmpstr (pd_order_get_quote_symbol (pd_test_orders_lookup ("cli-no-symbol-09")), ==, "USDT");
  pd_test_orders_reset_view ();
}

int
main (int   argc,
      char *argv[])
{
  pd_test_orders_init (&argc, &argv);

  g_test_add_func ("/orders/list", test_orders_list);
  g_test_add_func ("/orders/state-css-class", test_orders_state_css_class);
  g_test_add_func ("/orders/filter-search", test_orders_filter_search);
  g_test_add_func ("/orders/sort", test_orders_sort);
  g_test_add_func ("/orders/sort-menu", test_orders_sort_menu);
  g_test_add_func ("/orders/resort-on-change", test_orders_resort_on_change);
  g_test_add_func ("/orders/search-hides-page", test_orders_search_hides_page);
  g_test_add_func ("/orders/live-update", test_orders_live_update);
  g_test_add_func ("/orders/symbol-from-asset-list", test_orders_symbol_from_asset_list);

  return pd_test_orders_run ();
}
