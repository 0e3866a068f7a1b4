/* test-order-page.c: the order page: what it shows of an order in each
 * state, its link and QR code, and how it lays them out
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
#include "pd-order-texts.h"
#include "pd-qr.h"
#include "pd-qr-paintable.h"
#include "pd-test-orders.h"
#include "pd-test-ui.h"

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
  GtkWidget *expander = pd_test_orders_page_child ("pay_expander");
  GtkWidget *qr = pd_test_orders_page_child ("qr_picture");
  GtkWidget *copy_link = pd_test_orders_page_child ("copy_link_button");
  GtkWidget *status = pd_test_orders_page_child ("status_box");
  GtkWidget *payment = pd_test_orders_page_child ("created_label");
  GtkWidget *page = GTK_WIDGET (pd_test_orders_get_page ());

  pd_test_orders_reset_view ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      pd_test_orders_select (pd_test_orders_lookup (cases[i].order_id));
      g_test_message ("%s", cases[i].order_id);

      g_assert_cmpint (gtk_widget_get_visible (expander), ==, cases[i].settled);
      g_assert_cmpint (gtk_expander_get_child (GTK_EXPANDER (expander)) == pd_test_orders_page_child ("pay_box"), ==,
                       cases[i].settled);
      g_assert_cmpint (gtk_widget_get_mapped (qr), ==, !cases[i].settled);
      g_assert_cmpint (gtk_widget_has_css_class (copy_link, "suggested-action"), ==, !cases[i].settled);
      if (cases[i].settled)
        {
          graphene_point_t status_top, payment_top, expander_top;

          /* Folded, and below the status and the payment's facts. */
          g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (expander)));
          gtk_test_widget_wait_for_draw (GTK_WIDGET (pd_test_orders_get_window ()));
          g_assert_true (gtk_widget_compute_point (status, page, &GRAPHENE_POINT_INIT (0, 0), &status_top));
          g_assert_true (gtk_widget_compute_point (payment, page, &GRAPHENE_POINT_INIT (0, 0), &payment_top));
          g_assert_true (gtk_widget_compute_point (expander, page, &GRAPHENE_POINT_INIT (0, 0), &expander_top));
          g_assert_cmpfloat (status_top.y, <, payment_top.y);
          g_assert_cmpfloat (payment_top.y, <, expander_top.y);

          /* Still reachable: from the keyboard, and unfolded on demand. */
          gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
          pd_test_drain_main_context ();
          g_assert_true (gtk_widget_get_mapped (qr));
          gtk_expander_set_expanded (GTK_EXPANDER (expander), FALSE);
        }
    }
  pd_test_orders_reset_view ();
}

static void
test_orders_page_link_and_qr (void)
{
  PdOrder *order = pd_test_orders_lookup ("order-unpaid-001");
  const char *link = pd_order_get_link (order);
  PdQrPaintable *paintable = pd_order_page_get_qr_paintable (pd_test_orders_get_page ());
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

  pd_test_orders_reset_view ();
  pd_test_orders_select (order);

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pd_test_orders_page_child ("link_label"))), ==, link);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pd_test_orders_page_child ("status_label"))), ==,
                   "Waiting for payment");
  pd_test_wait_until (pd_test_orders_qr_is_ready, paintable, 10);
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
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (pd_test_orders_get_window ())), node,
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

      png = g_build_filename (pd_test_orders_get_tmpdir (), "qr.png", NULL);
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

/* One Tab stop a button: the flow box's cells around them take none. */
static void
test_orders_button_cells (void)
{
  GtkWidget *copy_link = pd_test_orders_page_child ("copy_link_button");
  GtkWidget *flow_box = gtk_widget_get_parent (gtk_widget_get_parent (copy_link));
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

/* A note or an amount without a space in it wraps anywhere: it made the
 * window as wide as the note, 4514 px, and wider on each selection. */
static void
test_orders_long_words_wrap (void)
{
  PdOrder *order = pd_test_orders_lookup ("order-unpaid-001");
  g_autofree char *note = g_strdup (pd_order_get_note (order));
  g_autofree char *word = g_strnfill (400, 'w');
  GtkWidget *window = GTK_WIDGET (pd_test_orders_get_window ());
  int before;
  int after;

  pd_test_orders_reset_view ();
  pd_test_orders_select (order);
  pd_test_drain_main_context ();
  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &before, NULL, NULL, NULL);

  pd_order_set_note (order, word);
  pd_order_set_quote_amount (order, "99999999999999999999999999999.99999999");
  pd_test_drain_main_context ();
  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &after, NULL, NULL, NULL);
  g_assert_cmpint (after, ==, before);

  pd_order_set_note (order, note);
  pd_order_set_quote_amount (order, "10");
}

static void
test_orders_mismatch (void)
{
  PdOrder *order = pd_test_orders_lookup ("order-mismatch05");

  pd_test_orders_reset_view ();
  pd_test_orders_select (order);

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pd_test_orders_page_child ("status_label"))), ==,
                   "Mismatch: amount paid for is 0.01, expected 10 — do not hand over goods");
  /* Never cut short: with more fields wrong, "do not hand over goods"
   * comes last, and this card may be the only place that says it. */
  g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (pd_test_orders_page_child ("status_label"))), ==,
                   PANGO_ELLIPSIZE_NONE);
  g_assert_cmpint (gtk_label_get_lines (GTK_LABEL (pd_test_orders_page_child ("status_label"))), ==, -1);
  g_assert_true (gtk_widget_has_css_class (pd_test_orders_page_child ("status_box"), "error"));
  /* What the payer sent is shown as received, never as paid. */
  g_assert_true (gtk_widget_get_visible (pd_test_orders_page_child ("paid_row")));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (pd_test_orders_page_child ("paid_row"))), ==,
                   "Received");
  g_assert_false (pd_test_shows_text (pd_test_orders_page_child ("paid_row"), "Paid"));

  pd_test_orders_select (pd_test_orders_lookup ("order-failed-006"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pd_test_orders_page_child ("status_label"))), ==,
                   "Failed: payment overtime");

  pd_test_orders_select (pd_test_orders_lookup ("order-less-0003"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pd_test_orders_page_child ("status_label"))), ==,
                   "Paid less: 3.513 USDT still due");
  g_assert_false (gtk_widget_has_css_class (pd_test_orders_page_child ("status_box"), "error"));

  pd_test_orders_select (pd_test_orders_lookup ("order-confirm-02"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pd_test_orders_page_child ("status_label"))), ==,
                   "3 confirmations");
  /* The transaction, with a way to its block explorer. */
  g_assert_true (gtk_widget_get_visible (pd_test_orders_page_child ("txid_row")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pd_test_orders_page_child ("txid_label"))), ==,
                   pd_order_get_txid (pd_test_orders_lookup ("order-confirm-02")));
  g_assert_true (gtk_widget_get_visible (pd_test_orders_page_child ("explorer_button")));
  g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (pd_test_orders_page_child ("explorer_button"))), ==,
                   pd_order_get_explorer_url (pd_test_orders_lookup ("order-confirm-02")));
  g_assert_false (gtk_widget_get_visible (pd_test_orders_page_child ("settlement_row")));

  pd_test_orders_select (pd_test_orders_lookup ("order-paid-0004"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pd_test_orders_page_child ("paid_label"))), ==, "10.013 USDT");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pd_test_orders_page_child ("settlement_label"))), ==,
                   "0.00003 BTC, settled");
  g_assert_false (gtk_widget_get_visible (pd_test_orders_page_child ("txid_row")));
}

/* A cancelled order is void: its code shows faded, and it is neither
 * copied, saved nor shared; an open one is. */
static void
test_orders_cancelled_not_handed_out (void)
{
  pd_test_orders_reset_view ();
  pd_test_orders_select (pd_test_orders_lookup ("order-cancel-007"));
  g_assert_false (gtk_widget_is_sensitive (pd_test_orders_page_child ("copy_link_button")));
  g_assert_false (gtk_widget_is_sensitive (pd_test_orders_page_child ("share_email_button")));
  g_assert_cmpfloat (gtk_widget_get_opacity (pd_test_orders_page_child ("qr_picture")), <, 0.5);

  pd_test_orders_select (pd_test_orders_lookup ("order-unpaid-001"));
  g_assert_true (gtk_widget_is_sensitive (pd_test_orders_page_child ("copy_link_button")));
  g_assert_true (gtk_widget_is_sensitive (pd_test_orders_page_child ("share_email_button")));
  g_assert_cmpfloat (gtk_widget_get_opacity (pd_test_orders_page_child ("qr_picture")), ==, 1.0);
}

/* A short remark reads on one line beside its title, not one word a
 * line. */
static void
test_orders_remark_one_line (void)
{
  PdStore *store = pd_application_get_store (pd_test_orders_get_app ());
  PdOrder *order = pd_test_orders_lookup ("order-unpaid-001");
  GtkLabel *remark = GTK_LABEL (pd_test_orders_page_child ("remark_label"));
  g_autoptr(GError) error = NULL;

  pd_test_orders_reset_view ();
  gtk_window_set_default_size (GTK_WINDOW (pd_test_orders_get_window ()), 1100, 760);
  pd_order_set_remark (order, "Two coffees");
  g_assert_true (pd_store_update_order (store, order, PD_ORDER_EVENT_UPDATED, NULL, NULL, &error));
  g_assert_no_error (error);
  pd_test_orders_select (order);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (pd_test_orders_get_window ()));

  g_assert_cmpstr (gtk_label_get_label (remark), ==, "Two coffees");
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (remark)), ==, 1);
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

int
main (int   argc,
      char *argv[])
{
  pd_test_orders_init (&argc, &argv);

  g_test_add_func ("/orders/settled-page", test_orders_settled_page);
  g_test_add_func ("/orders/page-link-and-qr", test_orders_page_link_and_qr);
  g_test_add_func ("/orders/button-cells", test_orders_button_cells);
  g_test_add_func ("/orders/long-words-wrap", test_orders_long_words_wrap);
  g_test_add_func ("/orders/mismatch", test_orders_mismatch);
  g_test_add_func ("/orders/cancelled-not-handed-out", test_orders_cancelled_not_handed_out);
  g_test_add_func ("/orders/remark-one-line", test_orders_remark_one_line);
  g_test_add_func ("/orders/status-sentences", test_orders_status_sentences);
  g_test_add_func ("/orders/relative-time", test_orders_relative_time);

  return pd_test_orders_run ();
}
