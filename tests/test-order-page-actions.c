/* test-order-page-actions.c: the order page's actions: copy, save and
 * share the link, check now, cancel and duplicate
 *
 * Drives the real PdApplication and PdWindow under Xvfb on a ledger of
 * orders in every state (pd-test-orders.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pd-order-status.h"
#include "pd-test-orders.h"
#include "pd-test-ui.h"

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

static void
test_orders_copy (void)
{
  /* An open order: a settled one folds its link away. */
  PdOrder *order = pd_test_orders_lookup ("order-unpaid-001");
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (pd_test_orders_get_window ()));
  g_autofree char *text = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  pd_test_orders_reset_view ();
  pd_test_orders_select (order);
  pd_test_wait_until (pd_test_orders_qr_is_ready, pd_order_page_get_qr_paintable (pd_test_orders_get_page ()), 10);

  gdk_clipboard_set_text (clipboard, "something else");
  /* A button's activation finishes after its short pressed look. */
  gtk_widget_activate (pd_test_orders_page_child ("copy_link_button"));
  pd_test_wait_until (clipboard_is_local_and_changed, clipboard, 10);
  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &text);
  pd_test_wait_until (pointer_is_set, &text, 10);
  g_assert_cmpstr (text, ==, pd_order_get_link (order));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pd_test_orders_get_page ()), "order.copy-qr", NULL));
  gdk_clipboard_read_texture_async (clipboard, NULL, read_texture_cb, &texture);
  pd_test_wait_until (pointer_is_set, &texture, 10);
  g_assert_cmpint (gdk_texture_get_width (texture), >, 0);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gdk_texture_get_height (texture));
}

static void
test_orders_save_qr (void)
{
  PdOrder *order = pd_test_orders_lookup ("order-unpaid-001");
  g_autofree char *png = g_build_filename (pd_test_orders_get_tmpdir (), "saved.png", NULL);
  g_autofree char *svg = g_build_filename (pd_test_orders_get_tmpdir (), "saved.svg", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  pd_test_orders_reset_view ();
  pd_test_orders_select (order);
  pd_test_wait_until (pd_test_orders_qr_is_ready, pd_order_page_get_qr_paintable (pd_test_orders_get_page ()), 10);

  g_assert_true (pd_order_page_save_qr (pd_test_orders_get_page (), png, &error));
  g_assert_no_error (error);
  g_assert_true (pd_order_page_save_qr (pd_test_orders_get_page (), svg, &error));
  g_assert_no_error (error);
  g_file_get_contents (svg, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "<?xml") || g_str_has_prefix (contents, "<svg"));

  /* Never over the ledger or its log, whatever their names. */
  {
    const char *ledger = pd_store_get_path (pd_order_page_get_store (pd_test_orders_get_page ()));
    g_autofree char *wal = g_strconcat (ledger, "-wal", NULL);
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    gsize before_length;
    gsize after_length;

    g_assert_true (g_file_get_contents (ledger, &before, &before_length, NULL));
    g_assert_false (pd_order_page_save_qr (pd_test_orders_get_page (), ledger, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
    g_clear_error (&error);
    g_assert_false (pd_order_page_save_qr (pd_test_orders_get_page (), wal, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
    g_clear_error (&error);
    g_assert_true (g_file_get_contents (ledger, &after, &after_length, NULL));
    g_assert_cmpmem (before, before_length, after, after_length);
  }

  g_unlink (png);
  g_unlink (svg);
}

static void
check_order_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  *(gint64 *) user_data = g_variant_get_int64 (parameter);
}

static gboolean
int64_is_set (gpointer data)
{
  return *(gint64 *) data != 0;
}

static void
test_orders_check_now (void)
{
  PdApplication *app = pd_test_orders_get_app ();
  PdOrder *order = pd_test_orders_lookup ("order-less-0003");
  g_autoptr(GSimpleAction) check_order = g_simple_action_new ("check-order", G_VARIANT_TYPE_INT64);
  g_autoptr(GAction) real_check_order = NULL;
  gint64 checked = 0;

  /* The app's own app.check-order asks its poller; here a stand-in records
   * what the page asks for, and the page must follow the action coming
   * and going. */
  real_check_order = g_object_ref (g_action_map_lookup_action (G_ACTION_MAP (app), "check-order"));
  g_action_map_remove_action (G_ACTION_MAP (app), "check-order");

  pd_test_orders_reset_view ();
  pd_test_orders_select (order);

  /* Nothing to check with until the poller provides app.check-order. */
  g_assert_false (g_action_group_has_action (G_ACTION_GROUP (app), "check-order"));
  g_assert_false (gtk_widget_get_sensitive (pd_test_orders_page_child ("check_now_button")));

  g_signal_connect (check_order, "activate", G_CALLBACK (check_order_cb), &checked);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (check_order));
  pd_test_drain_main_context ();
  g_assert_true (gtk_widget_get_sensitive (pd_test_orders_page_child ("check_now_button")));

  gtk_widget_activate (pd_test_orders_page_child ("check_now_button"));
  pd_test_wait_until (int64_is_set, &checked, 10);
  g_assert_cmpint (checked, ==, pd_order_get_id (order));

  /* Settled orders are not checked on demand. */
  pd_test_orders_select (pd_test_orders_lookup ("order-failed-006"));
  g_assert_false (gtk_widget_get_sensitive (pd_test_orders_page_child ("check_now_button")));

  g_action_map_remove_action (G_ACTION_MAP (app), "check-order");
  pd_test_orders_select (order);
  g_assert_false (gtk_widget_get_sensitive (pd_test_orders_page_child ("check_now_button")));

  g_action_map_add_action (G_ACTION_MAP (app), real_check_order);
}

/* The page asks the app it is given, never a global: a page of no app
 * has nothing to check with, even in a process whose default app has a
 * poller; given the app, it follows and activates that app's action. */
static void
test_orders_check_now_given_app (void)
{
  PdApplication *app = pd_test_orders_get_app ();
  PdOrder *order = pd_test_orders_lookup ("order-unpaid-001");
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
  g_assert_true (pd_order_page_get_application (pd_test_orders_get_page ()) == app);

  pd_order_page_set_application (page, NULL);
  pd_test_drain_main_context ();
  g_assert_false (gtk_widget_get_sensitive (check_now));

  g_action_map_remove_action (G_ACTION_MAP (app), "check-order");
  g_action_map_add_action (G_ACTION_MAP (app), real_check_order);
  pd_test_close_and_finalize (g_object_ref (holder));
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
  GtkRoot *root = GTK_ROOT (pd_test_orders_get_window ());
  PdOrder *order = pd_test_orders_lookup ("order-unpaid-001");
  g_autofree char *long_reason = g_strnfill (PD_STORE_CANCEL_REASON_MAX + 55, 'x');
  AdwMessageDialog *dialog;
  GtkEditable *entry;
  GtkLabel *error_label;

  pd_test_orders_reset_view ();

  /* Only open orders can be cancelled. */
  pd_test_orders_select (pd_test_orders_lookup ("order-paid-0004"));
  g_assert_false (gtk_widget_get_sensitive (pd_test_orders_page_child ("cancel_row")));

  pd_test_orders_select (order);
  g_assert_true (gtk_widget_get_sensitive (pd_test_orders_page_child ("cancel_row")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pd_test_orders_get_page ()), "order.cancel", NULL));
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
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (root), pd_test_orders_page_child ("duplicate_row")) ||
                 gtk_root_get_focus (root) == pd_test_orders_page_child ("duplicate_row"));

  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_CANCELLED);
  g_assert_cmpstr (pd_order_get_cancel_reason (order), ==, "Paid by card at the counter");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pd_test_orders_page_child ("status_label"))), ==,
                   "Cancelled: Paid by card at the counter");
  g_assert_false (gtk_widget_get_sensitive (pd_test_orders_page_child ("cancel_row")));
  g_assert_true (pd_orders_view_get_selected_order (pd_test_orders_get_view ()) == order);
}

static void
test_orders_duplicate (void)
{
  GtkRoot *root = GTK_ROOT (pd_test_orders_get_window ());
  PdOrder *original = pd_test_orders_lookup ("order-paid-0004");
  PdOrderList *list;
  PdOrder *copy;
  guint n_total;

  pd_test_orders_reset_view ();
  list = pd_orders_view_get_order_list (pd_test_orders_get_view ());
  n_total = pd_order_list_get_n_total (list);
  pd_test_orders_select (original);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pd_test_orders_get_page ()), "order.duplicate", NULL));
  pd_test_drain_main_context ();

  g_assert_cmpuint (pd_order_list_get_n_total (list), ==, n_total + 1);
  /* The new order is shown at once. */
  copy = pd_orders_view_get_selected_order (pd_test_orders_get_view ());
  g_assert_true (copy != original);
  g_assert_true (pd_order_page_get_order (pd_test_orders_get_page ()) == copy);
  /* The keyboard goes to the top of the page that shows it. */
  g_assert_true (gtk_root_get_focus (root) == pd_test_orders_page_child ("copy_link_button"));
  g_assert_cmpint (pd_order_get_id (copy), !=, 0);
  g_assert_cmpstr (pd_order_get_order_id (copy), !=, pd_order_get_order_id (original));
  g_assert_cmpstr (pd_order_get_quote_amount (copy), ==, "10");
  g_assert_cmpstr (pd_order_get_quote_asset_id (copy), ==, USDT);
  g_assert_cmpstr (pd_order_get_settlement_asset_id (copy), ==, BTC);
  g_assert_cmpstr (pd_order_get_note (copy), ==, "Green tea");
  g_assert_cmpint (pd_order_get_state (copy), ==, PD_ORDER_STATE_UNPAID);
  /* A fresh link, on the configured pay base. */
  g_assert_true (g_str_has_prefix (pd_order_get_link (copy), PD_TEST_ORDERS_PAY_BASE "/pay?"));
  g_assert_nonnull (strstr (pd_order_get_link (copy), pd_order_get_order_id (copy)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pd_test_orders_page_child ("link_label"))), ==,
                   pd_order_get_link (copy));
}

static void
test_orders_mailto (void)
{
  PdOrder *order = pd_test_orders_lookup ("order-unpaid-001");
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

int
main (int   argc,
      char *argv[])
{
  pd_test_orders_init (&argc, &argv);

  g_test_add_func ("/orders/copy", test_orders_copy);
  g_test_add_func ("/orders/save-qr", test_orders_save_qr);
  g_test_add_func ("/orders/check-now", test_orders_check_now);
  g_test_add_func ("/orders/check-now-given-app", test_orders_check_now_given_app);
  g_test_add_func ("/orders/cancel", test_orders_cancel);
  g_test_add_func ("/orders/duplicate", test_orders_duplicate);
  g_test_add_func ("/orders/mailto", test_orders_mailto);

  return pd_test_orders_run ();
}
