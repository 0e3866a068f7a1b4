/* test-order-invoice.c: the invoice actions of the order page and the
 * Shop page of the preferences, on the real widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "pd-invoice.h"
#include "pd-order-page.h"
#include "pd-merchant-profile-settings.h"
#include "pd-order-page-invoice.h"
#include "pd-preferences-window.h"
#include "pd-test-ui.h"

#define ORDER_ID "ui-invoice-0001"
#define LINK "https://mixpay.me/pay?payeeId=a38ed284-5689-4fb9-8c2a-91fba5e32ce9&orderId=" ORDER_ID

static PdOrder *
make_order (PdOrderState state)
{
  PdOrder *order = pd_order_new ();

  pd_order_set_order_id (order, ORDER_ID);
  pd_order_set_quote_asset_id (order, "usd");
  pd_order_set_quote_amount (order, "12.5");
  pd_order_set_link (order, LINK);
  pd_order_set_note (order, "Ceramic mug, blue");
  pd_order_set_created_at (order, 1795597200);
  pd_order_set_state (order, state);
  if (state == PD_ORDER_STATE_PAID_LESS)
    {
      pd_order_set_payment_amount (order, "10");
      pd_order_set_payable_amount (order, "12.5");
      pd_order_set_payment_symbol (order, "USDT");
    }
  else if (state == PD_ORDER_STATE_PAID)
    {
      pd_order_set_payment_amount (order, "12.5");
      pd_order_set_payment_symbol (order, "USDT");
      pd_order_set_txid (order, "ab12cd34ef56");
      pd_order_set_paid_at (order, 1795597500);
    }

  return order;
}

static gboolean
row_is_sensitive (PdOrderPage *page,
                  const char  *name)
{
  GtkWidget *row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), PD_TYPE_ORDER_PAGE, name));

  g_assert_nonnull (row);
  return gtk_widget_is_sensitive (row);
}

static char *
clipboard_text (GtkWidget *widget)
{
  GdkContentProvider *content = gdk_clipboard_get_content (gtk_widget_get_clipboard (widget));
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  gdk_content_provider_get_value (content, &value, &error);
  g_assert_no_error (error);
  return g_value_dup_string (&value);
}

static void
test_order_page_actions (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *window = gtk_window_new ();
  PdOrderPage *page = PD_ORDER_PAGE (pd_order_page_new ());
  g_autoptr(PdOrder) unpaid = make_order (PD_ORDER_STATE_UNPAID);
  g_autoptr(PdOrder) partial = make_order (PD_ORDER_STATE_PAID_LESS);
  g_autoptr(PdOrder) paid = make_order (PD_ORDER_STATE_PAID);
  g_autoptr(PdMerchantProfile) profile = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *copied = NULL;

  g_settings_set_string (settings, "shop-name", "Mug & Co");
  profile = pd_merchant_profile_settings_load (NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));

  pd_order_page_set_order (page, unpaid);
  pd_test_drain_main_context ();
  g_assert_true (row_is_sensitive (page, "print_invoice_row"));
  g_assert_true (row_is_sensitive (page, "save_invoice_row"));
  g_assert_true (row_is_sensitive (page, "email_invoice_row"));
  g_assert_true (row_is_sensitive (page, "copy_invoice_text_row"));
  g_assert_false (row_is_sensitive (page, "copy_reminder_row"));
  g_assert_false (row_is_sensitive (page, "save_receipt_row"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "order.copy-invoice-text", NULL));
  copied = clipboard_text (GTK_WIDGET (page));
  expected = pd_invoice_format_text (unpaid, profile);
  g_assert_cmpstr (copied, ==, expected);
  g_assert_nonnull (strstr (copied, "Invoice " ORDER_ID " from Mug & Co\n"));

  /* The state changes in place: the reminder becomes available. */
  pd_order_page_set_order (page, partial);
  pd_test_drain_main_context ();
  g_assert_true (row_is_sensitive (page, "copy_reminder_row"));
  g_assert_false (row_is_sensitive (page, "save_receipt_row"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "order.copy-reminder-text", NULL));
  g_clear_pointer (&copied, g_free);
  g_clear_pointer (&expected, g_free);
  copied = clipboard_text (GTK_WIDGET (page));
  expected = pd_invoice_format_reminder (partial, profile, NULL);
  g_assert_cmpstr (copied, ==, expected);
  g_assert_nonnull (strstr (copied, "Still to pay: 2.5 USDT\n"));

  pd_order_page_set_order (page, paid);
  pd_test_drain_main_context ();
  g_assert_false (row_is_sensitive (page, "copy_reminder_row"));
  g_assert_true (row_is_sensitive (page, "save_receipt_row"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "shop-name");
}

static void
test_order_page_documents (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *window = gtk_window_new ();
  PdOrderPage *page = PD_ORDER_PAGE (pd_order_page_new ());
  g_autoptr(PdOrder) paid = make_order (PD_ORDER_STATE_PAID);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-order-invoice-XXXXXX", &error);
  g_autofree char *pdf = g_build_filename (dir, "receipt.pdf", NULL);
  g_autofree char *email_path = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_no_error (error);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  pd_order_page_set_order (page, paid);

  g_assert_true (pd_order_page_write_document (page, PD_INVOICE_KIND_RECEIPT, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_true (length > 1000 && memcmp (contents, "%PDF-", 5) == 0);
  g_unlink (pdf);

  /* Never over the ledger: a PDF there would lose every order. */
  {
    static const char * const ledger_files[] = { "-changes/stamp", "-changes", "-wal", "-shm", "" };
    g_autofree char *ledger = g_build_filename (dir, "invoice.pdf", NULL);
    g_autoptr(PdStore) store = pd_store_open (ledger, &error);
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    gsize before_length;
    gsize after_length;

    g_assert_no_error (error);
    pd_order_page_set_store (page, store);
    g_assert_true (g_file_get_contents (ledger, &before, &before_length, NULL));
    g_assert_false (pd_order_page_write_document (page, PD_INVOICE_KIND_INVOICE, ledger, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
    g_clear_error (&error);
    g_assert_true (g_file_get_contents (ledger, &after, &after_length, NULL));
    g_assert_cmpmem (before, before_length, after, after_length);
    pd_order_page_set_store (page, NULL);
    pd_store_close (store);
    for (guint i = 0; i < G_N_ELEMENTS (ledger_files); i++)
      {
        g_autofree char *file = g_strconcat (ledger, ledger_files[i], NULL);

        g_remove (file);
      }
  }

  /* A missing logo is named, and no file is written. */
  g_settings_set_string (settings, "logo-path", "/nonexistent/logo.svg");
  g_assert_false (pd_order_page_write_document (page, PD_INVOICE_KIND_INVOICE, pdf, &error));
  g_assert_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_LOGO);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_settings_reset (settings, "logo-path");
  g_clear_error (&error);

  /* Print Invoice… draws with the same routine: exported to a PDF here,
   * since a test has no printer. */
  {
    g_autoptr(GtkPrintOperation) operation = pd_order_page_create_print_operation (page, &error);
    g_autofree char *printed = g_build_filename (dir, "printed.pdf", NULL);
    g_autofree char *text = NULL;
    g_autoptr(GSubprocess) pdftotext = NULL;

    g_assert_no_error (error);
    gtk_print_operation_set_export_filename (operation, printed);
    g_assert_cmpint (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error),
                     ==, GTK_PRINT_OPERATION_RESULT_APPLY);
    g_assert_no_error (error);
    pdftotext = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                  "pdftotext", "-layout", printed, "-", NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (pdftotext, NULL, NULL, &text, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (text, ORDER_ID));
    g_assert_nonnull (strstr (text, "12.5 USD"));
    g_assert_nonnull (strstr (text, "This invoice has been paid."));
    g_unlink (printed);
  }

  email_path = pd_order_page_dup_email_pdf_path (page);
  g_assert_true (g_path_is_absolute (email_path));
  g_assert_true (g_str_has_suffix (email_path, G_DIR_SEPARATOR_S "Invoice " ORDER_ID ".pdf"));

  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_shop_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  PdPreferencesWindow *window = pd_preferences_window_new (NULL);
  GtkWidget *widget = GTK_WIDGET (window);
  GtkEditable *name_row = GTK_EDITABLE (gtk_widget_get_template_child (widget, PD_TYPE_PREFERENCES_WINDOW, "shop_name_row"));
  GtkTextView *address = GTK_TEXT_VIEW (gtk_widget_get_template_child (widget, PD_TYPE_PREFERENCES_WINDOW, "shop_address_view"));
  AdwComboRow *paper = ADW_COMBO_ROW (gtk_widget_get_template_child (widget, PD_TYPE_PREFERENCES_WINDOW, "paper_size_row"));
  AdwActionRow *logo = ADW_ACTION_ROW (gtk_widget_get_template_child (widget, PD_TYPE_PREFERENCES_WINDOW, "logo_row"));
  g_auto(GStrv) lines = NULL;
  g_autofree char *shop_name = NULL;

  gtk_window_present (GTK_WINDOW (window));
  pd_test_drain_main_context ();

  gtk_editable_set_text (name_row, "Café Lumen");
  shop_name = g_settings_get_string (settings, "shop-name");
  g_assert_cmpstr (shop_name, ==, "Café Lumen");

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (address), "12 Harbour Street\nLisbon", -1);
  lines = g_settings_get_strv (settings, "shop-address");
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_cmpstr (lines[1], ==, "Lisbon");

  g_assert_cmpuint (adw_combo_row_get_selected (paper), ==, 0);
  adw_combo_row_set_selected (paper, 1);
  g_assert_cmpint (g_settings_get_enum (settings, "paper-size"), ==, PD_PAPER_LETTER);

  g_settings_set_string (settings, "logo-path", "/srv/shop/logo.svg");
  g_assert_cmpstr (adw_action_row_get_subtitle (logo), ==, "/srv/shop/logo.svg");
  /* A row's subtitle is markup: a "&" in the path still reads as one. */
  g_settings_set_string (settings, "logo-path", "/srv/Bread & Co/logo.svg");
  g_assert_true (pd_test_shows_text (logo, "/srv/Bread & Co/logo.svg"));
  g_settings_reset (settings, "logo-path");
  g_assert_cmpstr (adw_action_row_get_subtitle (logo), ==, "None");

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "shop-name");
  g_settings_reset (settings, "shop-address");
  g_settings_reset (settings, "paper-size");
}

/* The app's one reader of the Shop preferences. */
static void
test_merchant_profile (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(PdMerchantProfile) empty = NULL;
  g_autoptr(PdMerchantProfile) profile = NULL;
  const char * const address[] = { "12 Harbour Street", "Lisbon", NULL };
  PdPaper paper;

  empty = pd_merchant_profile_settings_load (&paper);
  g_assert_null (empty->shop_name);
  g_assert_null (empty->logo_path);
  g_assert_cmpuint (g_strv_length (empty->address), ==, 0);
  g_assert_cmpint (paper, ==, PD_PAPER_A4);

  g_settings_set_string (settings, "shop-name", "Café Lumen");
  g_settings_set_strv (settings, "shop-address", address);
  g_settings_set_string (settings, "contact-email", "hello@cafe-lumen.example");
  g_settings_set_string (settings, "invoice-footer", "  ");
  g_settings_set_string (settings, "invoice-title", "Tax invoice");
  g_settings_set_string (settings, "paper-size", "letter");
  profile = pd_merchant_profile_settings_load (&paper);

  g_assert_cmpstr (profile->shop_name, ==, "Café Lumen");
  g_assert_cmpstrv (profile->address, address);
  g_assert_cmpstr (profile->email, ==, "hello@cafe-lumen.example");
  g_assert_null (profile->footer);
  g_assert_cmpstr (profile->invoice_title, ==, "Tax invoice");
  g_assert_cmpint (paper, ==, PD_PAPER_LETTER);

  for (const char * const *key = (const char * const []) { "shop-name", "shop-address",
         "contact-email", "invoice-footer", "invoice-title", "paper-size", NULL };
       *key != NULL; key++)
    g_settings_reset (settings, *key);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/order-invoice/actions", test_order_page_actions);
  g_test_add_func ("/order-invoice/documents", test_order_page_documents);
  g_test_add_func ("/order-invoice/shop-preferences", test_shop_preferences);
  g_test_add_func ("/order-invoice/merchant-profile", test_merchant_profile);

  return g_test_run ();
}
