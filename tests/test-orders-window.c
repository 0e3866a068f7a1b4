/* test-orders-window.c: the window around the orders: toasts, showing
 * an order, export, folding, focus, search and what assistive
 * technologies read
 *
 * Drives the real PdApplication and PdWindow under Xvfb on a ledger of
 * orders in every state (pd-test-orders.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pd-toast.h"
#include "pd-test-orders.h"
#include "pd-test-ui.h"

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

static void
test_orders_show_order (void)
{
  PdOrder *order = pd_test_orders_lookup ("order-confirm-02");

  pd_orders_view_set_group (pd_test_orders_get_view (), PD_ORDER_GROUP_PAID);
  pd_orders_view_set_search_text (pd_test_orders_get_view (), "tea");

  /* Hidden by the filter: the filter and search are cleared. */
  g_action_group_activate_action (G_ACTION_GROUP (pd_test_orders_get_window ()), "show-order",
                                  g_variant_new_int64 (pd_order_get_id (order)));
  pd_test_drain_main_context ();
  g_assert_cmpint (pd_orders_view_get_group (pd_test_orders_get_view ()), ==, PD_ORDER_GROUP_ALL);
  g_assert_cmpstr (pd_orders_view_get_search_text (pd_test_orders_get_view ()), ==, "");
  g_assert_true (pd_orders_view_get_selected_order (pd_test_orders_get_view ()) == order);
  g_assert_true (pd_order_page_get_order (pd_test_orders_get_page ()) == order);
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
  g_autofree char *csv = g_build_filename (pd_test_orders_get_tmpdir (), "shown.csv", NULL);
  g_autofree char *json = g_build_filename (pd_test_orders_get_tmpdir (), "shown.json", NULL);
  g_autofree char *ampersand = g_build_filename (pd_test_orders_get_tmpdir (), "Bread & Co.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_orders = 0;

  pd_test_orders_reset_view ();
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (pd_test_orders_get_window ()), "export"));
  pd_orders_view_set_group (pd_test_orders_get_view (), PD_ORDER_GROUP_ATTENTION);

  g_assert_true (pd_window_export_orders (pd_test_orders_get_window (), csv, &n_orders, &error));
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
  pd_orders_view_set_search_text (pd_test_orders_get_view (), "grinder");
  g_assert_true (pd_window_export_orders (pd_test_orders_get_window (), json, &n_orders, &error));
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
    const char *ledger = pd_store_get_path (pd_application_get_store (pd_test_orders_get_app ()));
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    gsize before_length;
    gsize after_length;

    g_assert_true (g_file_get_contents (ledger, &before, &before_length, NULL));
    g_assert_false (pd_window_export_orders (pd_test_orders_get_window (), ledger, &n_orders, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
    g_clear_error (&error);
    g_assert_true (g_file_get_contents (ledger, &after, &after_length, NULL));
    g_assert_cmpmem (before, before_length, after, after_length);
  }

  /* The toast names the file as it reads: its title is markup, and the
   * name holds a "&". */
  dismiss_all_toasts (GTK_WIDGET (pd_test_orders_get_window ()));
  pd_window_export_to_file (pd_test_orders_get_window (), ampersand);
  pd_test_wait_until (shows_export_toast, pd_test_orders_get_window (), 10);

  g_unlink (csv);
  g_unlink (json);
  g_unlink (ampersand);
  pd_test_orders_reset_view ();
}

static void
test_orders_accessible (void)
{
  GtkWidget *view = GTK_WIDGET (pd_test_orders_get_view ());
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
    g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (pd_test_orders_page_child (page_children[i])),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL));
}

static gboolean
leaflet_is_folded (gpointer data)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (pd_test_orders_window_child ("leaflet"))) == GPOINTER_TO_INT (data);
}

static void
test_orders_fold (void)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (pd_test_orders_window_child ("leaflet"));
  GtkWidget *back_button = pd_test_orders_window_child ("back_button");

  pd_test_orders_reset_view ();

  /* A narrow window shows the list or the page, with a way back. */
  gtk_window_set_default_size (GTK_WINDOW (pd_test_orders_get_window ()), 400, 700);
  pd_test_wait_until (leaflet_is_folded, GINT_TO_POINTER (TRUE), 10);
  pd_test_drain_main_context ();
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == GTK_WIDGET (pd_test_orders_get_view ()) ||
                 adw_leaflet_get_visible_child (leaflet) == pd_test_orders_window_child ("order_stack"));

  pd_test_orders_select (pd_test_orders_lookup ("order-paid-0004"));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == pd_test_orders_window_child ("order_stack"));
  g_assert_true (gtk_widget_get_visible (back_button));
  gtk_test_accessible_assert_property (back_button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Back to the Orders");

  g_assert_true (gtk_widget_activate_action (back_button, "win.back", NULL));
  pd_test_drain_main_context ();
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == GTK_WIDGET (pd_test_orders_get_view ()));
  g_assert_false (gtk_widget_get_visible (back_button));
  /* Going back keeps the selection. */
  g_assert_true (pd_orders_view_get_selected_order (pd_test_orders_get_view ()) ==
                 pd_test_orders_lookup ("order-paid-0004"));

  /* Wide again: both side by side, no back button. */
  gtk_window_set_default_size (GTK_WINDOW (pd_test_orders_get_window ()), 1100, 760);
  pd_test_wait_until (leaflet_is_folded, GINT_TO_POINTER (FALSE), 10);
  pd_test_drain_main_context ();
  g_assert_false (gtk_widget_get_visible (back_button));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (pd_test_orders_get_page ())));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (pd_test_orders_get_view ())));
}

/* Clicking an order in a wide window leaves the focus in the list, so
 * the arrow keys go on through the orders. */
static void
test_orders_select_keeps_focus (void)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (pd_test_orders_window_child ("leaflet"));
  GtkWidget *column_view = pd_test_orders_view_child ("column_view");
  GtkWidget *focus;

  pd_test_orders_reset_view ();
  gtk_window_set_default_size (GTK_WINDOW (pd_test_orders_get_window ()), 1100, 760);
  pd_test_wait_until (leaflet_is_folded, GINT_TO_POINTER (FALSE), 10);
  adw_leaflet_set_visible_child (leaflet, GTK_WIDGET (pd_test_orders_get_view ()));
  g_assert_true (gtk_widget_grab_focus (column_view));

  pd_test_orders_select (pd_test_orders_lookup ("order-confirm-02"));
  pd_test_orders_select (pd_test_orders_lookup ("order-paid-0004"));

  focus = gtk_root_get_focus (GTK_ROOT (pd_test_orders_get_window ()));
  g_assert_nonnull (focus);
  g_assert_true (focus == column_view || gtk_widget_is_ancestor (focus, column_view));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (pd_test_orders_get_page ())));
}

static void
test_orders_search_action (void)
{
  GtkSearchBar *search_bar = GTK_SEARCH_BAR (pd_test_orders_view_child ("search_bar"));
  GtkWidget *entry = pd_test_orders_view_child ("search_entry");
  PdOrderList *list;
  GtkWidget *focus;

  pd_test_orders_reset_view ();
  gtk_search_bar_set_search_mode (search_bar, FALSE);
  g_action_group_activate_action (G_ACTION_GROUP (pd_test_orders_get_window ()), "search", NULL);
  pd_test_drain_main_context ();
  g_assert_true (gtk_search_bar_get_search_mode (search_bar));
  focus = gtk_root_get_focus (GTK_ROOT (pd_test_orders_get_window ()));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));

  /* Closing the bar drops its text from the filter. */
  pd_orders_view_set_search_text (pd_test_orders_get_view (), "coffee");
  gtk_search_bar_set_search_mode (search_bar, FALSE);
  pd_test_drain_main_context ();
  g_assert_cmpstr (pd_orders_view_get_search_text (pd_test_orders_get_view ()), ==, "");
  list = pd_orders_view_get_order_list (pd_test_orders_get_view ());
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, pd_order_list_get_n_total (list));
}

int
main (int   argc,
      char *argv[])
{
  pd_test_orders_init (&argc, &argv);

  g_test_add_func ("/orders/toast-plain-text", test_orders_toast_plain_text);
  g_test_add_func ("/orders/show-order", test_orders_show_order);
  g_test_add_func ("/orders/export", test_orders_export);
  g_test_add_func ("/orders/accessible", test_orders_accessible);
  g_test_add_func ("/orders/fold", test_orders_fold);
  g_test_add_func ("/orders/select-keeps-focus", test_orders_select_keeps_focus);
  g_test_add_func ("/orders/search-action", test_orders_search_action);

  return pd_test_orders_run ();
}
