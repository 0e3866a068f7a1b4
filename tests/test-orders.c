/* test-orders.c: the orders view, the order page and their actions
 *
 * Drives the real PdApplication and PdWindow under Xvfb on a temporary
 * ledger (PAYDESK_DB) filled, before the app starts, with orders in
 * every state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pd-application.h"
#include "pd-asset-list.h"
#include "pd-decimal.h"
#include "pd-order-export.h"
#include "pd-order-page.h"
#include "pd-order-status.h"
#include "pd-order-texts.h"
#include "pd-toast.h"
#include "pd-orders-view.h"
#include "pd-paylink.h"
#include "pd-qr.h"
#include "pd-window.h"

#include "orders-fixture.h"
#include "pd-test-ui.h"

#define PAY_BASE "http://127.0.0.1:9"

static PdApplication *app;
static PdWindow *window;
static char *tmpdir;

/* The ledger's orders, oldest first; the list shows them the other way. */
static const PdTestOrder fixtures[] = {
  { "order-unpaid-001", "10", "Coffee beans, 1 kg", PD_ORDER_STATE_UNPAID },
  { "order-confirm-02", "25.5", "Espresso machine repair", PD_ORDER_STATE_CONFIRMING },
  { "order-less-0003", "10", NULL, PD_ORDER_STATE_PAID_LESS },
  { "order-paid-0004", "10", "Green tea", PD_ORDER_STATE_PAID },
  { "order-mismatch05", "10", "Grinder", PD_ORDER_STATE_MISMATCH },
  { "order-failed-006", "7.25", "Mugs", PD_ORDER_STATE_FAILED },
  { "order-cancel-007", "3", "Cookies", PD_ORDER_STATE_CANCELLED },
  { "order-review-008", "120", "Catering", PD_ORDER_STATE_AUDITING },
};

/* Helpers */

static PdOrdersView *
get_view (void)
{
  return PD_ORDERS_VIEW (pd_window_get_orders_view (window));
}

static PdOrderPage *
get_page (void)
{
  return PD_ORDER_PAGE (pd_window_get_order_page (window));
}

static GtkWidget *
page_child (const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (get_page ()),
                                                   PD_TYPE_ORDER_PAGE, name);

  g_assert_true (GTK_IS_WIDGET (child));
  return GTK_WIDGET (child);
}

static PdOrder *
lookup_order (const char *order_id)
{
  g_autoptr(GError) error = NULL;
  PdOrder *order = pd_store_lookup_order (pd_application_get_store (app), PAYEE_ID,
                                          order_id, &error);

  g_assert_no_error (error);
  /* The store keeps its own reference: borrowing is safe here. */
  g_object_unref (order);
  return order;
}

static char **
dup_shown_order_ids (void)
{
  g_autoptr(GPtrArray) orders = pd_orders_view_dup_shown_orders (get_view ());
  GStrvBuilder *builder = g_strv_builder_new ();
  char **ids;

  for (guint i = 0; i < orders->len; i++)
    g_strv_builder_add (builder, pd_order_get_order_id (g_ptr_array_index (orders, i)));

  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ids;
}

static void
reset_view (void)
{
  pd_orders_view_set_group (get_view (), PD_ORDER_GROUP_ALL);
  pd_orders_view_set_search_text (get_view (), "");
  pd_test_drain_main_context ();
}

static void
select_order (PdOrder *order)
{
  g_assert_true (pd_orders_view_select_order (get_view (), order));
  pd_test_drain_main_context ();
  g_assert_true (pd_orders_view_get_selected_order (get_view ()) == order);
  g_assert_true (pd_order_page_get_order (get_page ()) == order);
}

static gboolean
qr_is_ready (gpointer data)
{
  return pd_qr_paintable_get_qr (data) != NULL;
}

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

  collect_pills (GTK_WIDGET (get_view ()), state, found);
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

/* Tests */

static void
test_orders_list (void)
{
  GtkStack *pages = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                               "pages"));
  g_auto(GStrv) ids = NULL;

  reset_view ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, "orders");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (get_view ())));

  /* Newest first. */
  ids = dup_shown_order_ids ();
  g_assert_cmpuint (g_strv_length (ids), ==, G_N_ELEMENTS (fixtures));
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    g_assert_cmpstr (ids[i], ==, fixtures[G_N_ELEMENTS (fixtures) - 1 - i].order_id);

  /* One pill a state, each with its class and label. */
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_only_pill (fixtures[i].state))), ==,
                     pd_order_state_get_label (fixtures[i].state));
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

  reset_view ();

  pd_orders_view_set_group (get_view (), PD_ORDER_GROUP_PAID);
  paid = dup_shown_order_ids ();
  g_assert_cmpuint (g_strv_length (paid), ==, 1);
  g_assert_cmpstr (paid[0], ==, "order-paid-0004");
  /* The choice is remembered for the next start. */
  g_assert_cmpstr (g_settings_get_string (settings, "orders-filter"), ==, "paid");

  /* …and a remembered choice is applied. */
  g_settings_set_string (settings, "orders-filter", "attention");
  pd_test_drain_main_context ();
  g_assert_cmpint (pd_orders_view_get_group (get_view ()), ==, PD_ORDER_GROUP_ATTENTION);
  attention = dup_shown_order_ids ();
  g_assert_cmpuint (g_strv_length (attention), ==, 2);
  g_assert_cmpstr (attention[0], ==, "order-failed-006");
  g_assert_cmpstr (attention[1], ==, "order-mismatch05");

  pd_orders_view_set_group (get_view (), PD_ORDER_GROUP_OPEN);
  open = dup_shown_order_ids ();
  g_assert_cmpuint (g_strv_length (open), ==, 4);

  /* Search by note, then by amount, within the filter. */
  pd_orders_view_set_group (get_view (), PD_ORDER_GROUP_ALL);
  pd_orders_view_set_search_text (get_view (), "coffee");
  coffee = dup_shown_order_ids ();
  g_assert_cmpuint (g_strv_length (coffee), ==, 1);
  g_assert_cmpstr (coffee[0], ==, "order-unpaid-001");

  pd_orders_view_set_search_text (get_view (), "25.5");
  amount = dup_shown_order_ids ();
  g_assert_cmpuint (g_strv_length (amount), ==, 1);
  g_assert_cmpstr (amount[0], ==, "order-confirm-02");

  pd_orders_view_set_group (get_view (), PD_ORDER_GROUP_PAID);
  both = dup_shown_order_ids ();
  g_assert_cmpuint (g_strv_length (both), ==, 0);

  reset_view ();
}

static void
test_orders_sort (void)
{
  GtkColumnView *column_view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (get_view ()),
                                                                             PD_TYPE_ORDERS_VIEW,
                                                                             "column_view"));
  GListModel *columns = gtk_column_view_get_columns (column_view);
  g_autoptr(GtkColumnViewColumn) amount = g_list_model_get_item (columns, 2);
  g_autoptr(GtkColumnViewColumn) created = g_list_model_get_item (columns, 3);
  g_autoptr(GPtrArray) orders = NULL;
  g_auto(GStrv) oldest_first = NULL;

  reset_view ();
  g_assert_cmpstr (gtk_column_view_column_get_title (amount), ==, "Amount");

  /* As numbers, exactly: 3 < 7.25 < 10 = 10.0 < 25.5 < 120. */
  gtk_column_view_sort_by_column (column_view, amount, GTK_SORT_ASCENDING);
  orders = pd_orders_view_dup_shown_orders (get_view ());
  for (guint i = 1; i < orders->len; i++)
    g_assert_cmpint (pd_decimal_compare (pd_order_get_quote_amount (g_ptr_array_index (orders, i - 1)),
                                         pd_order_get_quote_amount (g_ptr_array_index (orders, i))), <=, 0);
  g_assert_cmpstr (pd_order_get_quote_amount (g_ptr_array_index (orders, 0)), ==, "3");
  g_assert_cmpstr (pd_order_get_quote_amount (g_ptr_array_index (orders, 1)), ==, "7.25");

  gtk_column_view_sort_by_column (column_view, created, GTK_SORT_ASCENDING);
  oldest_first = dup_shown_order_ids ();
  g_assert_cmpstr (oldest_first[0], ==, fixtures[0].order_id);

  /* Back to the list's own order, newest first. */
  gtk_column_view_sort_by_column (column_view, NULL, GTK_SORT_ASCENDING);
}

/* A settled order's page leads with its status and payment, not with a
 * QR code and "Copy Link" that invite a second payment: those are folded
 * in an expander, for reference. An open order's page leads with them. */
static void
test_orders_settled_page (void)
{
  static const struct { const char *order_id; gboolean settled; } cases[] = {
    { "order-unpaid-001", FALSE },
    { "order-less-0003", FALSE },
    { "order-paid-0004", TRUE },
    { "order-mismatch05", TRUE },
    { "order-failed-006", TRUE },
    { "order-cancel-007", TRUE },
  };
  GtkWidget *expander = page_child ("pay_expander");
  GtkWidget *qr = page_child ("qr_picture");
  GtkWidget *copy_link = page_child ("copy_link_button");
  GtkWidget *status = page_child ("status_box");
  GtkWidget *payment = page_child ("created_label");

  reset_view ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      select_order (lookup_order (cases[i].order_id));
      g_test_message ("%s", cases[i].order_id);

      g_assert_cmpint (gtk_widget_get_visible (expander), ==, cases[i].settled);
      g_assert_cmpint (gtk_expander_get_child (GTK_EXPANDER (expander)) == page_child ("pay_box"), ==,
                       cases[i].settled);
      g_assert_cmpint (gtk_widget_get_mapped (qr), ==, !cases[i].settled);
      g_assert_cmpint (gtk_widget_has_css_class (copy_link, "suggested-action"), ==, !cases[i].settled);
      if (cases[i].settled)
        {
          graphene_point_t status_top, payment_top, expander_top;

          /* Folded, and below the status and the payment's facts. */
          g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (expander)));
          gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
          g_assert_true (gtk_widget_compute_point (status, GTK_WIDGET (get_page ()), &GRAPHENE_POINT_INIT (0, 0), &status_top));
          g_assert_true (gtk_widget_compute_point (payment, GTK_WIDGET (get_page ()), &GRAPHENE_POINT_INIT (0, 0), &payment_top));
          g_assert_true (gtk_widget_compute_point (expander, GTK_WIDGET (get_page ()), &GRAPHENE_POINT_INIT (0, 0), &expander_top));
          g_assert_cmpfloat (status_top.y, <, payment_top.y);
          g_assert_cmpfloat (payment_top.y, <, expander_top.y);

          /* Still reachable: from the keyboard, and unfolded on demand. */
          gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
          pd_test_drain_main_context ();
          g_assert_true (gtk_widget_get_mapped (qr));
          gtk_expander_set_expanded (GTK_EXPANDER (expander), FALSE);
        }
    }
  reset_view ();
}

/* A list sorted by state follows a change of state: the row moves, and
 * stays selected. */
static void
test_orders_resort_on_change (void)
{
  GtkColumnView *column_view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (get_view ()),
                                                                             PD_TYPE_ORDERS_VIEW,
                                                                             "column_view"));
  g_autoptr(GtkColumnViewColumn) state_column = g_list_model_get_item (gtk_column_view_get_columns (column_view), 4);
  PdOrder *order = lookup_order ("order-unpaid-001");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = NULL;

  reset_view ();
  g_assert_cmpstr (gtk_column_view_column_get_title (state_column), ==, "State");
  gtk_column_view_sort_by_column (column_view, state_column, GTK_SORT_ASCENDING);
  select_order (order);
  orders = pd_orders_view_dup_shown_orders (get_view ());
  g_assert_true (g_ptr_array_index (orders, 0) == order);
  g_clear_pointer (&orders, g_ptr_array_unref);

  pd_order_set_state (order, PD_ORDER_STATE_UNKNOWN);
  g_assert_true (pd_store_update_order (pd_application_get_store (app), order, PD_ORDER_EVENT_UPDATED,
                                        NULL, NULL, &error));
  g_assert_no_error (error);
  pd_test_drain_main_context ();

  orders = pd_orders_view_dup_shown_orders (get_view ());
  for (guint i = 1; i < orders->len; i++)
    g_assert_cmpint (pd_order_get_state (g_ptr_array_index (orders, i - 1)), <=,
                     pd_order_get_state (g_ptr_array_index (orders, i)));
  g_assert_false (g_ptr_array_index (orders, 0) == order);
  g_assert_true (pd_orders_view_get_selected_order (get_view ()) == order);

  pd_order_set_state (order, PD_ORDER_STATE_UNPAID);
  g_assert_true (pd_store_update_order (pd_application_get_store (app), order, PD_ORDER_EVENT_UPDATED,
                                        NULL, NULL, &error));
  g_assert_no_error (error);
  gtk_column_view_sort_by_column (column_view, NULL, GTK_SORT_ASCENDING);
  reset_view ();
}

/* A search that hides the selected order leaves no page of it beside
 * the list: "No Order Selected" shows until another is chosen. */
static void
test_orders_search_hides_page (void)
{
  GtkStack *order_stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                     "order_stack"));
  PdOrder *tea = lookup_order ("order-paid-0004");

  reset_view ();
  select_order (tea);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (order_stack), ==, "order");

  pd_orders_view_set_search_text (get_view (), "coffee");
  pd_test_drain_main_context ();
  g_assert_null (pd_orders_view_get_selected_order (get_view ()));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (order_stack), ==, "none");

  select_order (lookup_order ("order-unpaid-001"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (order_stack), ==, "order");
  reset_view ();
}

/* The column headers take no keyboard focus in GTK 4.8: the sort menu
 * beside the search button does what they do, and every item of it
 * names a sort that exists (an unknown one warns, which fails here). */
static void
test_orders_sort_menu (void)
{
  GtkWidget *view = GTK_WIDGET (get_view ());
  GtkWidget *sort_button = GTK_WIDGET (gtk_widget_get_template_child (view, PD_TYPE_ORDERS_VIEW, "sort_button"));
  GMenuModel *menu = G_MENU_MODEL (gtk_widget_get_template_child (view, PD_TYPE_ORDERS_VIEW, "sort_menu"));
  g_autoptr(GPtrArray) orders = NULL;
  g_auto(GStrv) oldest_first = NULL;
  guint n_items = 0;

  reset_view ();
  g_assert_true (gtk_widget_get_focusable (gtk_widget_get_first_child (sort_button)));
  /* Its popover is made on the first click, with this menu. */
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (sort_button)));
  gtk_menu_button_popup (GTK_MENU_BUTTON (sort_button));
  g_assert_true (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (sort_button)) == menu);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (sort_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (sort_button), ==, "Sort Orders");

  g_assert_true (gtk_widget_activate_action (view, "orders.sort-by", "s", "amount:descending"));
  orders = pd_orders_view_dup_shown_orders (get_view ());
  g_assert_cmpstr (pd_order_get_quote_amount (g_ptr_array_index (orders, 0)), ==, "120");
  for (guint i = 1; i < orders->len; i++)
    g_assert_cmpint (pd_decimal_compare (pd_order_get_quote_amount (g_ptr_array_index (orders, i - 1)),
                                         pd_order_get_quote_amount (g_ptr_array_index (orders, i))), >=, 0);

  g_assert_true (gtk_widget_activate_action (view, "orders.sort-by", "s", "created:ascending"));
  oldest_first = dup_shown_order_ids ();
  g_assert_cmpstr (oldest_first[0], ==, fixtures[0].order_id);

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
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (gtk_widget_get_template_child (view, PD_TYPE_ORDERS_VIEW,
                                                                                 "column_view")),
                                  NULL, GTK_SORT_ASCENDING);
  reset_view ();
}

static void
test_orders_page_link_and_qr (void)
{
  PdOrder *order = lookup_order ("order-unpaid-001");
  const char *link = pd_order_get_link (order);
  PdQrPaintable *paintable = pd_order_page_get_qr_paintable (get_page ());
  g_autoptr(PdQr) expected = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *pixels = NULL;
  g_autofree char *png = NULL;
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  GtkSnapshot *snapshot;
  guint total;
  guint module = 4;
  int size;

  reset_view ();
  select_order (order);

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child ("link_label"))), ==, link);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child ("status_label"))), ==,
                   "Waiting for payment");
  pd_test_wait_until (qr_is_ready, paintable, 10);
  g_assert_cmpstr (pd_qr_get_text (pd_qr_paintable_get_qr (paintable)), ==, link);

  /* Draw the paintable as the page does, at a size that is not a whole
   * number of modules, and read every module back. */
  expected = pd_qr_new (link, PD_QR_LEVEL_M, &error);
  g_assert_no_error (error);
  total = pd_qr_get_width (expected) + 2 * PD_QR_QUIET_ZONE;
  size = total * module + 3;

  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (GDK_PAINTABLE (paintable), GDK_SNAPSHOT (snapshot), size, size);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, size, size));
  pixels = g_malloc ((gsize) size * size * 4);
  gdk_texture_download (texture, pixels, size * 4);

  for (guint y = 0; y < total; y++)
    {
      for (guint x = 0; x < total; x++)
        {
          /* Whole-pixel modules, the code centred on whole pixels. */
          guint px = 1 + x * module + module / 2;
          guint py = 1 + y * module + module / 2;
          guint8 red = pixels[(gsize) py * size * 4 + px * 4 + 2];
          gboolean in_symbol = x >= PD_QR_QUIET_ZONE && y >= PD_QR_QUIET_ZONE &&
                               x < total - PD_QR_QUIET_ZONE && y < total - PD_QR_QUIET_ZONE;
          gboolean dark = in_symbol && pd_qr_get_module (expected, x - PD_QR_QUIET_ZONE,
                                                         y - PD_QR_QUIET_ZONE);

          /* Pure black or white: nothing blurred. */
          g_assert_cmpuint (red, ==, dark ? 0 : 255);
        }
    }

  /* A real reader agrees. */
  if (zbarimg != NULL)
    {
      g_autofree char *out = NULL;
      int status;
      const char *argv[] = { zbarimg, "--raw", "-q", NULL, NULL };

      png = g_build_filename (tmpdir, "qr.png", NULL);
      g_assert_true (gdk_texture_save_to_png (texture, png));
      argv[3] = png;
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                    &out, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_cmpint (status, ==, 0);
      g_assert_cmpstr (g_strchomp (out), ==, link);
      g_unlink (png);
    }
  else
    {
      g_test_message ("zbarimg not installed: the module comparison stands alone");
    }
}

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
pointer_is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
read_texture_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GdkTexture **texture = user_data;
  g_autoptr(GError) error = NULL;

  *texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
clipboard_is_local_and_changed (gpointer data)
{
  GdkContentProvider *content = gdk_clipboard_get_content (data);
  GValue value = G_VALUE_INIT;
  gboolean changed;

  if (content == NULL)
    return FALSE;

  g_value_init (&value, G_TYPE_STRING);
  if (!gdk_content_provider_get_value (content, &value, NULL))
    return FALSE;

  changed = g_strcmp0 (g_value_get_string (&value), "something else") != 0;
  g_value_unset (&value);

  return changed;
}

static gboolean
int64_is_set (gpointer data)
{
  return *(gint64 *) data != 0;
}

static void
test_orders_copy (void)
{
  /* An open order: a settled one folds its link away. */
  PdOrder *order = lookup_order ("order-unpaid-001");
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  g_autofree char *text = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  reset_view ();
  select_order (order);
  pd_test_wait_until (qr_is_ready, pd_order_page_get_qr_paintable (get_page ()), 10);

  gdk_clipboard_set_text (clipboard, "something else");
  /* A button's activation finishes after its short pressed look. */
  gtk_widget_activate (page_child ("copy_link_button"));
  pd_test_wait_until (clipboard_is_local_and_changed, clipboard, 10);
  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &text);
  pd_test_wait_until (pointer_is_set, &text, 10);
  g_assert_cmpstr (text, ==, pd_order_get_link (order));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_page ()), "order.copy-qr", NULL));
  gdk_clipboard_read_texture_async (clipboard, NULL, read_texture_cb, &texture);
  pd_test_wait_until (pointer_is_set, &texture, 10);
  g_assert_cmpint (gdk_texture_get_width (texture), >, 0);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gdk_texture_get_height (texture));
}

/* A note or an amount without a space in it wraps anywhere: it made the
 * window as wide as the note, 4514 px, and wider on each selection. */
static void
test_orders_long_words_wrap (void)
{
  PdOrder *order = lookup_order ("order-unpaid-001");
  g_autofree char *note = g_strdup (pd_order_get_note (order));
  g_autofree char *word = g_strnfill (400, 'w');
  int before;
  int after;

  reset_view ();
  select_order (order);
  pd_test_drain_main_context ();
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &before, NULL, NULL, NULL);

  pd_order_set_note (order, word);
  pd_order_set_quote_amount (order, "99999999999999999999999999999.99999999");
  pd_test_drain_main_context ();
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &after, NULL, NULL, NULL);
  g_assert_cmpint (after, ==, before);

  pd_order_set_note (order, note);
  pd_order_set_quote_amount (order, "10");
}

/* One Tab stop a button: the flow box's cells around them take none. */
static void
test_orders_button_cells (void)
{
  GtkWidget *flow_box = gtk_widget_get_parent (gtk_widget_get_parent (page_child ("copy_link_button")));
  guint n_cells = 0;

  g_assert_true (GTK_IS_FLOW_BOX (flow_box));
  for (GtkWidget *cell = gtk_widget_get_first_child (flow_box);
       cell != NULL;
       cell = gtk_widget_get_next_sibling (cell), n_cells++)
    {
      g_assert_false (gtk_widget_get_focusable (cell));
      g_assert_true (gtk_widget_get_focusable (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (cell))));
    }
  g_assert_cmpuint (n_cells, >=, 6);
}

static void
test_orders_save_qr (void)
{
  PdOrder *order = lookup_order ("order-unpaid-001");
  g_autofree char *png = g_build_filename (tmpdir, "saved.png", NULL);
  g_autofree char *svg = g_build_filename (tmpdir, "saved.svg", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  reset_view ();
  select_order (order);
  pd_test_wait_until (qr_is_ready, pd_order_page_get_qr_paintable (get_page ()), 10);

  g_assert_true (pd_order_page_save_qr (get_page (), png, &error));
  g_assert_no_error (error);
  g_assert_true (pd_order_page_save_qr (get_page (), svg, &error));
  g_assert_no_error (error);
  g_file_get_contents (svg, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "<?xml") || g_str_has_prefix (contents, "<svg"));

  /* Never over the ledger or its log, whatever their names. */
  {
    const char *ledger = pd_store_get_path (pd_order_page_get_store (get_page ()));
    g_autofree char *wal = g_strconcat (ledger, "-wal", NULL);
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    gsize before_length;
    gsize after_length;

    g_assert_true (g_file_get_contents (ledger, &before, &before_length, NULL));
    g_assert_false (pd_order_page_save_qr (get_page (), ledger, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
    g_clear_error (&error);
    g_assert_false (pd_order_page_save_qr (get_page (), wal, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
    g_clear_error (&error);
    g_assert_true (g_file_get_contents (ledger, &after, &after_length, NULL));
    g_assert_cmpmem (before, before_length, after, after_length);
  }

  g_unlink (png);
  g_unlink (svg);
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

  collect_labels (GTK_WIDGET (get_view ()), text, found);
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
  PdStore *store = pd_application_get_store (app);
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

  reset_view ();
  pd_orders_view_set_search_text (get_view (), "cli-no-symbol");
  pd_test_drain_main_context ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpuint (count_labels ("5.5"), ==, 1);

  g_assert_true (pd_asset_list_save (store, PD_ASSET_LIST_QUOTE, assets, &error));
  g_assert_no_error (error);
  pd_test_drain_main_context ();
  g_assert_cmpuint (count_labels ("5.5"), ==, 0);
  g_assert_cmpuint (count_labels ("5.5 USDT"), ==, 1);
  g_assert_cmpstr (pd_order_get_quote_symbol (lookup_order ("cli-no-symbol-09")), ==, "USDT");
  reset_view ();
}

/* A short remark reads on one line beside its title, not one word a
 * line. */
static void
test_orders_remark_one_line (void)
{
  PdStore *store = pd_application_get_store (app);
  PdOrder *order = lookup_order ("order-unpaid-001");
  GtkLabel *remark = GTK_LABEL (page_child ("remark_label"));
  g_autoptr(GError) error = NULL;

  reset_view ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  pd_order_set_remark (order, "Two coffees");
  g_assert_true (pd_store_update_order (store, order, PD_ORDER_EVENT_UPDATED, NULL, NULL, &error));
  g_assert_no_error (error);
  select_order (order);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_cmpstr (gtk_label_get_label (remark), ==, "Two coffees");
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (remark)), ==, 1);
}

static void
test_orders_live_update (void)
{
  PdStore *store = pd_application_get_store (app);
  PdOrder *order = lookup_order ("order-review-008");
  g_autoptr(GError) error = NULL;
  GtkWidget *pill;
  GtkWidget *last_row;
  guint position;
  guint n_history;

  reset_view ();
  select_order (order);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  pill = g_object_ref (find_only_pill (PD_ORDER_STATE_AUDITING));
  position = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (
                 gtk_column_view_get_model (GTK_COLUMN_VIEW (
                   gtk_widget_get_template_child (GTK_WIDGET (get_view ()), PD_TYPE_ORDERS_VIEW,
                                                  "column_view")))));

  n_history = count_children (page_child ("history_list"));

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
  g_assert_true (pd_orders_view_get_selected_order (get_view ()) == order);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (
                      gtk_column_view_get_model (GTK_COLUMN_VIEW (
                        gtk_widget_get_template_child (GTK_WIDGET (get_view ()), PD_TYPE_ORDERS_VIEW,
                                                       "column_view"))))), ==, position);

  /* The page too, with a new history entry. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child ("status_label"))), ==,
                   "Paid 120 USDT");
  g_assert_cmpuint (count_children (page_child ("history_list")), ==, n_history + 1);
  /* The poller's "auditing → paid", in the states' labels. */
  last_row = gtk_widget_get_last_child (page_child ("history_list"));
  g_assert_true (ADW_IS_ACTION_ROW (last_row));
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (last_row)),
                                   " — In review → Paid"));
  g_object_unref (pill);
}

/* A cancelled order is void: its code shows faded, and it is neither
 * copied, saved nor shared; an open one is. */
static void
test_orders_cancelled_not_handed_out (void)
{
  reset_view ();
  select_order (lookup_order ("order-cancel-007"));
  g_assert_false (gtk_widget_is_sensitive (page_child ("copy_link_button")));
  g_assert_false (gtk_widget_is_sensitive (page_child ("share_email_button")));
  g_assert_cmpfloat (gtk_widget_get_opacity (page_child ("qr_picture")), <, 0.5);

  select_order (lookup_order ("order-unpaid-001"));
  g_assert_true (gtk_widget_is_sensitive (page_child ("copy_link_button")));
  g_assert_true (gtk_widget_is_sensitive (page_child ("share_email_button")));
  g_assert_cmpfloat (gtk_widget_get_opacity (page_child ("qr_picture")), ==, 1.0);
}

static void
test_orders_mismatch (void)
{
  PdOrder *order = lookup_order ("order-mismatch05");

  reset_view ();
  select_order (order);

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child ("status_label"))), ==,
                   "Mismatch: amount paid for is 0.01, expected 10 — do not hand over goods");
  /* Never cut short: with more fields wrong, "do not hand over goods"
   * comes last, and this card may be the only place that says it. */
  g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (page_child ("status_label"))), ==, PANGO_ELLIPSIZE_NONE);
  g_assert_cmpint (gtk_label_get_lines (GTK_LABEL (page_child ("status_label"))), ==, -1);
  g_assert_true (gtk_widget_has_css_class (page_child ("status_box"), "error"));
  /* What the payer sent is shown as received, never as paid. */
  g_assert_true (gtk_widget_get_visible (page_child ("paid_row")));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (page_child ("paid_row"))), ==, "Received");
  g_assert_false (pd_test_shows_text (page_child ("paid_row"), "Paid"));

  select_order (lookup_order ("order-failed-006"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child ("status_label"))), ==,
                   "Failed: payment overtime");

  select_order (lookup_order ("order-less-0003"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child ("status_label"))), ==,
                   "Paid less: 3.513 USDT still due");
  g_assert_false (gtk_widget_has_css_class (page_child ("status_box"), "error"));

  select_order (lookup_order ("order-confirm-02"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child ("status_label"))), ==,
                   "3 confirmations");
  /* The transaction, with a way to its block explorer. */
  g_assert_true (gtk_widget_get_visible (page_child ("txid_row")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child ("txid_label"))), ==,
                   pd_order_get_txid (lookup_order ("order-confirm-02")));
  g_assert_true (gtk_widget_get_visible (page_child ("explorer_button")));
  g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (page_child ("explorer_button"))), ==,
                   pd_order_get_explorer_url (lookup_order ("order-confirm-02")));
  g_assert_false (gtk_widget_get_visible (page_child ("settlement_row")));

  select_order (lookup_order ("order-paid-0004"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child ("paid_label"))), ==, "10.013 USDT");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child ("settlement_label"))), ==,
                   "0.00003 BTC, settled");
  g_assert_false (gtk_widget_get_visible (page_child ("txid_row")));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

static void
test_orders_cancel (void)
{
  PdOrder *order = lookup_order ("order-unpaid-001");
  g_autofree char *long_reason = g_strnfill (PD_STORE_CANCEL_REASON_MAX + 55, 'x');
  AdwMessageDialog *dialog;
  GtkEditable *entry;
  GtkLabel *error_label;

  reset_view ();

  /* Only open orders can be cancelled. */
  select_order (lookup_order ("order-paid-0004"));
  g_assert_false (gtk_widget_get_sensitive (page_child ("cancel_row")));

  select_order (order);
  g_assert_true (gtk_widget_get_sensitive (page_child ("cancel_row")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_page ()), "order.cancel", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_object_ref (dialog);

  /* A reason is required. */
  entry = GTK_EDITABLE (gtk_widget_get_first_child (adw_message_dialog_get_extra_child (dialog)));
  error_label = GTK_LABEL (gtk_widget_get_next_sibling (GTK_WIDGET (entry)));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "cancel-order"));
  gtk_editable_set_text (entry, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "cancel-order"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));

  /* A reason too long is said under the entry, not cut short. */
  gtk_editable_set_text (entry, long_reason);
  g_assert_cmpuint (strlen (gtk_editable_get_text (entry)), ==, PD_STORE_CANCEL_REASON_MAX + 55);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "cancel-order"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, "Must be at most 200 characters long");
  gtk_editable_set_text (entry, "paid \u202e hsac");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "cancel-order"));

  gtk_editable_set_text (entry, "Paid by card at the counter");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "cancel-order"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));

  /* What clicking the response button does. */
  adw_message_dialog_response (dialog, "cancel-order");
  pd_test_close_and_finalize (dialog);
  /* Cancel Order is off now; the row above it has the keyboard. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), page_child ("duplicate_row")) ||
                 gtk_root_get_focus (GTK_ROOT (window)) == page_child ("duplicate_row"));

  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_CANCELLED);
  g_assert_cmpstr (pd_order_get_cancel_reason (order), ==, "Paid by card at the counter");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child ("status_label"))), ==,
                   "Cancelled: Paid by card at the counter");
  g_assert_false (gtk_widget_get_sensitive (page_child ("cancel_row")));
  g_assert_true (pd_orders_view_get_selected_order (get_view ()) == order);
}

static void
test_orders_duplicate (void)
{
  PdOrder *original = lookup_order ("order-paid-0004");
  PdOrderList *list;
  PdOrder *copy;
  guint n_total;

  reset_view ();
  list = pd_orders_view_get_order_list (get_view ());
  n_total = pd_order_list_get_n_total (list);
  select_order (original);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_page ()), "order.duplicate", NULL));
  pd_test_drain_main_context ();

  g_assert_cmpuint (pd_order_list_get_n_total (list), ==, n_total + 1);
  /* The new order is shown at once. */
  copy = pd_orders_view_get_selected_order (get_view ());
  g_assert_true (copy != original);
  g_assert_true (pd_order_page_get_order (get_page ()) == copy);
  /* The keyboard goes to the top of the page that shows it. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == page_child ("copy_link_button"));
  g_assert_cmpint (pd_order_get_id (copy), !=, 0);
  g_assert_cmpstr (pd_order_get_order_id (copy), !=, pd_order_get_order_id (original));
  g_assert_cmpstr (pd_order_get_quote_amount (copy), ==, "10");
  g_assert_cmpstr (pd_order_get_quote_asset_id (copy), ==, USDT);
  g_assert_cmpstr (pd_order_get_settlement_asset_id (copy), ==, BTC);
  g_assert_cmpstr (pd_order_get_note (copy), ==, "Green tea");
  g_assert_cmpint (pd_order_get_state (copy), ==, PD_ORDER_STATE_UNPAID);
  /* A fresh link, on the configured pay base. */
  g_assert_true (g_str_has_prefix (pd_order_get_link (copy), PAY_BASE "/pay?"));
  g_assert_nonnull (strstr (pd_order_get_link (copy), pd_order_get_order_id (copy)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child ("link_label"))), ==,
                   pd_order_get_link (copy));
}

static void
test_orders_show_order (void)
{
  PdOrder *order = lookup_order ("order-confirm-02");

  pd_orders_view_set_group (get_view (), PD_ORDER_GROUP_PAID);
  pd_orders_view_set_search_text (get_view (), "tea");

  /* Hidden by the filter: the filter and search are cleared. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-order",
                                  g_variant_new_int64 (pd_order_get_id (order)));
  pd_test_drain_main_context ();
  g_assert_cmpint (pd_orders_view_get_group (get_view ()), ==, PD_ORDER_GROUP_ALL);
  g_assert_cmpstr (pd_orders_view_get_search_text (get_view ()), ==, "");
  g_assert_true (pd_orders_view_get_selected_order (get_view ()) == order);
  g_assert_true (pd_order_page_get_order (get_page ()) == order);
}

/* Toasts queue, and under Xvfb those of earlier tests never time out:
 * dismissed as a person would, with their close buttons. Returns how many
 * were shown. */
static guint
dismiss_shown_toasts (GtkWidget *root)
{
  GType toast_type = g_type_from_name ("AdwToastWidget");
  guint n_dismissed = 0;

  if (GTK_IS_BUTTON (root) && toast_type != 0 &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (root)), "window-close-symbolic") == 0 &&
      gtk_widget_get_ancestor (root, toast_type) != NULL)
    {
      g_signal_emit_by_name (root, "clicked");
      n_dismissed++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; )
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      n_dismissed += dismiss_shown_toasts (child);
      child = next;
    }

  return n_dismissed;
}

/* Each dismissal brings the next queued toast, after its animation. */
static void
dismiss_all_toasts (GtkWidget *root)
{
  for (guint round = 0; round < 20; round++)
    {
      gint64 settle = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

      if (dismiss_shown_toasts (root) == 0 && round > 0)
        return;
      while (g_get_monotonic_time () < settle)
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (G_USEC_PER_SEC / 100);
    }
}

static gboolean
shows_export_toast (gpointer root)
{
  return pd_test_shows_text (root, "1 order exported to “Bread & Co.csv”");
}

static void
test_orders_export (void)
{
  g_autofree char *csv = g_build_filename (tmpdir, "shown.csv", NULL);
  g_autofree char *json = g_build_filename (tmpdir, "shown.json", NULL);
  g_autofree char *ampersand = g_build_filename (tmpdir, "Bread & Co.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_orders = 0;

  reset_view ();
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export"));
  pd_orders_view_set_group (get_view (), PD_ORDER_GROUP_ATTENTION);

  g_assert_true (pd_window_export_orders (window, csv, &n_orders, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_orders, ==, 2);
  g_file_get_contents (csv, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\r\n", -1);
  /* A header, two orders, and the empty piece after the last CRLF. */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[1], "order-failed-006,"));
  g_assert_true (g_str_has_prefix (lines[2], "order-mismatch05,"));
  g_assert_null (strstr (contents, "order-unpaid-001"));

  /* Search narrows the export too; .json picks JSON. */
  pd_orders_view_set_search_text (get_view (), "grinder");
  g_assert_true (pd_window_export_orders (window, json, &n_orders, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_orders, ==, 1);
  json_parser_load_from_file (parser, json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_node_get_array (json_parser_get_root (parser)), 0), "order_id"), ==,
                   "order-mismatch05");

  /* Never over the ledger, whatever its name. */
  {
    const char *ledger = pd_store_get_path (pd_application_get_store (app));
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    gsize before_length;
    gsize after_length;

    g_assert_true (g_file_get_contents (ledger, &before, &before_length, NULL));
    g_assert_false (pd_window_export_orders (window, ledger, &n_orders, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
    g_clear_error (&error);
    g_assert_true (g_file_get_contents (ledger, &after, &after_length, NULL));
    g_assert_cmpmem (before, before_length, after, after_length);
  }

  /* The toast names the file as it reads: its title is markup, and the
   * name holds a "&". */
  dismiss_all_toasts (GTK_WIDGET (window));
  pd_window_export_to_file (window, ampersand);
  pd_test_wait_until (shows_export_toast, window, 10);

  g_unlink (csv);
  g_unlink (json);
  g_unlink (ampersand);
  reset_view ();
}

static void
check_order_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  *(gint64 *) user_data = g_variant_get_int64 (parameter);
}

static void
test_orders_check_now (void)
{
  PdOrder *order = lookup_order ("order-less-0003");
  g_autoptr(GSimpleAction) check_order = g_simple_action_new ("check-order", G_VARIANT_TYPE_INT64);
  g_autoptr(GAction) real_check_order = NULL;
  gint64 checked = 0;

  /* The app's own app.check-order asks its poller; here a stand-in records
   * what the page asks for, and the page must follow the action coming
   * and going. */
  real_check_order = g_object_ref (g_action_map_lookup_action (G_ACTION_MAP (app), "check-order"));
  g_action_map_remove_action (G_ACTION_MAP (app), "check-order");

  reset_view ();
  select_order (order);

  /* Nothing to check with until the poller provides app.check-order. */
  g_assert_false (g_action_group_has_action (G_ACTION_GROUP (app), "check-order"));
  g_assert_false (gtk_widget_get_sensitive (page_child ("check_now_button")));

  g_signal_connect (check_order, "activate", G_CALLBACK (check_order_cb), &checked);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (check_order));
  pd_test_drain_main_context ();
  g_assert_true (gtk_widget_get_sensitive (page_child ("check_now_button")));

  gtk_widget_activate (page_child ("check_now_button"));
  pd_test_wait_until (int64_is_set, &checked, 10);
  g_assert_cmpint (checked, ==, pd_order_get_id (order));

  /* Settled orders are not checked on demand. */
  select_order (lookup_order ("order-failed-006"));
  g_assert_false (gtk_widget_get_sensitive (page_child ("check_now_button")));

  g_action_map_remove_action (G_ACTION_MAP (app), "check-order");
  select_order (order);
  g_assert_false (gtk_widget_get_sensitive (page_child ("check_now_button")));

  g_action_map_add_action (G_ACTION_MAP (app), real_check_order);
}

/* The page asks the app it is given, never a global: a page of no app
 * has nothing to check with, even in a process whose default app has a
 * poller; given the app, it follows and activates that app's action. */
static void
test_orders_check_now_given_app (void)
{
  PdOrder *order = lookup_order ("order-unpaid-001");
  g_autoptr(GSimpleAction) check_order = g_simple_action_new ("check-order", G_VARIANT_TYPE_INT64);
  g_autoptr(GAction) real_check_order = NULL;
  GtkWidget *holder = gtk_window_new ();
  PdOrderPage *page = PD_ORDER_PAGE (pd_order_page_new ());
  GtkWidget *check_now = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), PD_TYPE_ORDER_PAGE,
                                                                    "check_now_button"));
  gint64 checked = 0;

  g_assert_true (g_application_get_default () == G_APPLICATION (app));
  real_check_order = g_object_ref (g_action_map_lookup_action (G_ACTION_MAP (app), "check-order"));
  g_action_map_remove_action (G_ACTION_MAP (app), "check-order");
  g_signal_connect (check_order, "activate", G_CALLBACK (check_order_cb), &checked);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (check_order));

  gtk_window_set_child (GTK_WINDOW (holder), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (holder));
  pd_order_page_set_store (page, pd_application_get_store (app));
  pd_order_page_set_order (page, order);
  pd_test_drain_main_context ();
  g_assert_false (gtk_widget_get_sensitive (check_now));

  g_object_set (page, "application", app, NULL);
  g_assert_true (pd_order_page_get_application (page) == app);
  pd_test_drain_main_context ();
  g_assert_true (gtk_widget_get_sensitive (check_now));
  gtk_widget_activate (check_now);
  pd_test_wait_until (int64_is_set, &checked, 10);
  g_assert_cmpint (checked, ==, pd_order_get_id (order));

  /* The window gives its page the app it was made for. */
  g_assert_true (pd_order_page_get_application (get_page ()) == app);

  pd_order_page_set_application (page, NULL);
  pd_test_drain_main_context ();
  g_assert_false (gtk_widget_get_sensitive (check_now));

  g_action_map_remove_action (G_ACTION_MAP (app), "check-order");
  g_action_map_add_action (G_ACTION_MAP (app), real_check_order);
  pd_test_close_and_finalize (g_object_ref (holder));
}

static void
test_orders_accessible (void)
{
  GtkWidget *view = GTK_WIDGET (get_view ());
  static const char *view_children[] = { "filter_dropdown", "search_button", "search_entry", "column_view" };
  static const char *page_children[] = { "copy_link_button", "check_now_button", "link_label", "qr_picture" };

  for (guint i = 0; i < G_N_ELEMENTS (view_children); i++)
    {
      GtkWidget *child = GTK_WIDGET (gtk_widget_get_template_child (view, PD_TYPE_ORDERS_VIEW,
                                                                    view_children[i]));
      g_autofree char *label = NULL;

      g_assert_true (gtk_widget_get_focusable (child) || gtk_widget_get_first_child (child) != NULL);
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (child),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));
    }

  for (guint i = 0; i < G_N_ELEMENTS (page_children); i++)
    g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (page_child (page_children[i])),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL));
}

static GtkWidget *
window_child (const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, name);

  g_assert_true (GTK_IS_WIDGET (child));
  return GTK_WIDGET (child);
}

static gboolean
leaflet_is_folded (gpointer data)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (window_child ("leaflet"))) == GPOINTER_TO_INT (data);
}

static void
test_orders_fold (void)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (window_child ("leaflet"));
  GtkWidget *back_button = window_child ("back_button");

  reset_view ();

  /* A narrow window shows the list or the page, with a way back. */
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 700);
  pd_test_wait_until (leaflet_is_folded, GINT_TO_POINTER (TRUE), 10);
  pd_test_drain_main_context ();
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == GTK_WIDGET (get_view ()) ||
                 adw_leaflet_get_visible_child (leaflet) == window_child ("order_stack"));

  select_order (lookup_order ("order-paid-0004"));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == window_child ("order_stack"));
  g_assert_true (gtk_widget_get_visible (back_button));
  gtk_test_accessible_assert_property (back_button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Back to the Orders");

  g_assert_true (gtk_widget_activate_action (back_button, "win.back", NULL));
  pd_test_drain_main_context ();
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == GTK_WIDGET (get_view ()));
  g_assert_false (gtk_widget_get_visible (back_button));
  /* Going back keeps the selection. */
  g_assert_true (pd_orders_view_get_selected_order (get_view ()) == lookup_order ("order-paid-0004"));

  /* Wide again: both side by side, no back button. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  pd_test_wait_until (leaflet_is_folded, GINT_TO_POINTER (FALSE), 10);
  pd_test_drain_main_context ();
  g_assert_false (gtk_widget_get_visible (back_button));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (get_page ())));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (get_view ())));
}

/* Clicking an order in a wide window leaves the focus in the list, so
 * the arrow keys go on through the orders. */
static void
test_orders_select_keeps_focus (void)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (window_child ("leaflet"));
  GtkWidget *column_view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (get_view ()),
                                                                      PD_TYPE_ORDERS_VIEW,
                                                                      "column_view"));
  GtkWidget *focus;

  reset_view ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  pd_test_wait_until (leaflet_is_folded, GINT_TO_POINTER (FALSE), 10);
  adw_leaflet_set_visible_child (leaflet, GTK_WIDGET (get_view ()));
  g_assert_true (gtk_widget_grab_focus (column_view));

  select_order (lookup_order ("order-confirm-02"));
  select_order (lookup_order ("order-paid-0004"));

  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == column_view || gtk_widget_is_ancestor (focus, column_view));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (get_page ())));
}

static void
test_orders_search_action (void)
{
  GtkSearchBar *search_bar = GTK_SEARCH_BAR (gtk_widget_get_template_child (GTK_WIDGET (get_view ()),
                                                                            PD_TYPE_ORDERS_VIEW,
                                                                            "search_bar"));
  GtkWidget *entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (get_view ()),
                                                                PD_TYPE_ORDERS_VIEW,
                                                                "search_entry"));
  GtkWidget *focus;

  reset_view ();
  gtk_search_bar_set_search_mode (search_bar, FALSE);
  g_action_group_activate_action (G_ACTION_GROUP (window), "search", NULL);
  pd_test_drain_main_context ();
  g_assert_true (gtk_search_bar_get_search_mode (search_bar));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));

  /* Closing the bar drops its text from the filter. */
  pd_orders_view_set_search_text (get_view (), "coffee");
  gtk_search_bar_set_search_mode (search_bar, FALSE);
  pd_test_drain_main_context ();
  g_assert_cmpstr (pd_orders_view_get_search_text (get_view ()), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pd_orders_view_get_order_list (get_view ()))), ==,
                    pd_order_list_get_n_total (pd_orders_view_get_order_list (get_view ())));
}

static void
test_orders_status_sentences (void)
{
  g_autoptr(PdOrder) order = pd_order_new ();
  g_autofree char *unknown = NULL;
  g_autofree char *paid = NULL;

  pd_order_set_quote_amount (order, "10");
  pd_order_set_quote_symbol (order, "USDT");
  pd_order_set_state (order, PD_ORDER_STATE_PAID);
  paid = pd_order_texts_dup_sentence (order, NULL);
  g_assert_cmpstr (paid, ==, "Paid 10 USDT");

  pd_order_set_state (order, PD_ORDER_STATE_UNKNOWN);
  pd_order_set_mixpay_status (order, "refunded");
  unknown = pd_order_texts_dup_sentence (order, NULL);
  g_assert_nonnull (strstr (unknown, "refunded"));
  g_assert_nonnull (strstr (unknown, "do not hand over goods"));

  /* Paid in part through a link edited to 1 USDT: the warning, never
   * "still due" from the edited link's payable amount. */
  {
    static const char * const fields[] = { "quoteAmount", NULL };
    g_autofree char *tampered = NULL;

    pd_order_set_state (order, PD_ORDER_STATE_PAID_LESS);
    pd_order_set_payment_amount (order, "0.5");
    pd_order_set_payable_amount (order, "1.0013");
    pd_order_set_payment_symbol (order, "USDT");
    pd_order_set_payable_symbol (order, "USDT");
    pd_order_set_mismatch (order, fields);
    tampered = pd_order_texts_dup_sentence (order, "{\"data\":{\"status\":\"paid_less\",\"quoteAmount\":\"1\"}}");
    g_assert_cmpstr (tampered, ==, "Mismatch: amount paid for is 1, expected 10 — do not hand over goods");
    g_assert_true (pd_order_status_order_is_warning (order));
  }

  g_assert_cmpstr (pd_order_texts_get_failure_label ("40000"), ==, "payment overtime");
  g_assert_null (pd_order_texts_get_failure_label ("1"));
}

static void
test_orders_relative_time (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  static const struct { gint64 ago; const char *text; } cases[] = {
    { 30, "just now" },
    { 5 * 60, "5 min ago" },
    { 2 * 3600 + 59, "2 h ago" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = pd_order_texts_format_relative (now - cases[i].ago, now);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  {
    g_autofree char *never = pd_order_texts_format_relative (0, now);

    g_assert_cmpstr (never, ==, "");
  }
}

static void
test_orders_mailto (void)
{
  PdOrder *order = lookup_order ("order-unpaid-001");
  g_autofree char *uri = pd_order_status_dup_mailto_uri (order);
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (uri, "mailto:?subject="));
  /* The link's own & and = are escaped: the query has two fields only. */
  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, &error);
  g_assert_no_error (error);
  params = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (params), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (params, "subject"), ==,
                   "Payment of 10 USDT, order order-unpaid-001");
  g_assert_nonnull (strstr (g_hash_table_lookup (params, "body"), pd_order_get_link (order)));
  g_assert_nonnull (strstr (g_hash_table_lookup (params, "body"), "10 USDT"));
  /* RFC 6068 line breaks: CRLF, as every mail program reads them. */
  g_assert_nonnull (strstr (g_hash_table_lookup (params, "body"), "MixPay:\r\n\r\n"));
}

/* Runs the tests once the app's window shows the ledger. */
static gboolean
store_is_open (gpointer data)
{
  return pd_application_get_store (app) != NULL;
}

static void
application_activated_cb (GApplication *application,
                          int          *status)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));

  g_signal_handlers_disconnect_by_func (application, application_activated_cb, status);

  window = g_object_ref (windows->data);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  pd_test_wait_until (store_is_open, NULL, 10);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  *status = g_test_run ();

  pd_test_close_and_finalize (window);
}

/* A toast shows its text as it is, not as markup. */
static gboolean
overlay_shows_literal_text (gpointer data)
{
  return pd_test_shows_text (data, "<b>&");
}

static void
test_orders_toast_plain_text (void)
{
  /* Ours until pd_test_close_and_finalize() drops it. */
  GtkWidget *toplevel = g_object_ref (gtk_window_new ());
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *child = gtk_label_new ("");
  g_autoptr(AdwToast) toast = pd_toast_new ("<b>&");

  g_assert_cmpstr (adw_toast_get_title (toast), ==, "&lt;b&gt;&amp;");

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), child);
  gtk_window_set_child (GTK_WINDOW (toplevel), overlay);
  gtk_window_present (GTK_WINDOW (toplevel));
  pd_toast_show (child, "<b>&");
  pd_test_wait_until (overlay_shows_literal_text, overlay, 5);

  pd_test_close_and_finalize (toplevel);
}

/* Each state's style class is the one style.css names. */
static void
test_orders_state_css_class (void)
{
  g_assert_cmpstr (pd_order_status_get_css_class (PD_ORDER_STATE_UNPAID), ==, "pd-state-unpaid");
  g_assert_cmpstr (pd_order_status_get_css_class (PD_ORDER_STATE_PAID_LESS), ==, "pd-state-paid-less");
  g_assert_cmpstr (pd_order_status_get_css_class (PD_ORDER_STATE_CANCELLED), ==, "pd-state-cancelled");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  int status = 1;

  gtk_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("paydesk-test-orders-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmpdir, "paydesk.db", NULL);
  pd_test_fill_ledger (db, fixtures, G_N_ELEMENTS (fixtures));
  /* Before the app starts: it opens the ledger at startup. */
  g_setenv ("PAYDESK_DB", db, TRUE);
  g_setenv ("PAYDESK_PAY_BASE", PAY_BASE, TRUE);

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "payee-id", PAYEE_ID);

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (application_activated_cb), &status);

  g_test_add_func ("/orders/list", test_orders_list);
  g_test_add_func ("/orders/state-css-class", test_orders_state_css_class);
  g_test_add_func ("/orders/toast-plain-text", test_orders_toast_plain_text);
  g_test_add_func ("/orders/filter-search", test_orders_filter_search);
  g_test_add_func ("/orders/sort", test_orders_sort);
  g_test_add_func ("/orders/sort-menu", test_orders_sort_menu);
  g_test_add_func ("/orders/resort-on-change", test_orders_resort_on_change);
  g_test_add_func ("/orders/settled-page", test_orders_settled_page);
  g_test_add_func ("/orders/search-hides-page", test_orders_search_hides_page);
  g_test_add_func ("/orders/page-link-and-qr", test_orders_page_link_and_qr);
  g_test_add_func ("/orders/copy", test_orders_copy);
  g_test_add_func ("/orders/save-qr", test_orders_save_qr);
  g_test_add_func ("/orders/button-cells", test_orders_button_cells);
  g_test_add_func ("/orders/long-words-wrap", test_orders_long_words_wrap);
  g_test_add_func ("/orders/mismatch", test_orders_mismatch);
  g_test_add_func ("/orders/cancelled-not-handed-out", test_orders_cancelled_not_handed_out);
  g_test_add_func ("/orders/live-update", test_orders_live_update);
  g_test_add_func ("/orders/remark-one-line", test_orders_remark_one_line);
  g_test_add_func ("/orders/symbol-from-asset-list", test_orders_symbol_from_asset_list);
  g_test_add_func ("/orders/check-now", test_orders_check_now);
  g_test_add_func ("/orders/check-now-given-app", test_orders_check_now_given_app);
  g_test_add_func ("/orders/cancel", test_orders_cancel);
  g_test_add_func ("/orders/duplicate", test_orders_duplicate);
  g_test_add_func ("/orders/show-order", test_orders_show_order);
  g_test_add_func ("/orders/export", test_orders_export);
  g_test_add_func ("/orders/accessible", test_orders_accessible);
  g_test_add_func ("/orders/fold", test_orders_fold);
  g_test_add_func ("/orders/select-keeps-focus", test_orders_select_keeps_focus);
  g_test_add_func ("/orders/search-action", test_orders_search_action);
  g_test_add_func ("/orders/status-sentences", test_orders_status_sentences);
  g_test_add_func ("/orders/relative-time", test_orders_relative_time);
  g_test_add_func ("/orders/mailto", test_orders_mailto);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_finalize_object (app);

  g_unlink (db);
  {
    g_autofree char *changed = g_strconcat (db, "-changes/stamp", NULL);
    g_autofree char *changes = g_strconcat (db, "-changes", NULL);
    g_unlink (changed);
    g_rmdir (changes);
  }
  g_rmdir (tmpdir);
  g_free (tmpdir);

  return status;
}
