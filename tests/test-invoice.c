/* test-invoice.c: invoices and receipts as PDF, read back with poppler's
 * pdftotext and pdfinfo, and the QR code decoded with zbarimg from a
 * page rendered by pdftoppm; the chat texts, the reminder and the mailto
 * link, exactly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "pd-invoice.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define ORDER_ID "inv-20261125-01"
#define LINK "https://mixpay.me/pay?payeeId=" PAYEE "&settlementAssetId=" BTC \
  "&quoteAssetId=" USDT "&quoteAmount=25.5&orderId=" ORDER_ID \
  "&traceId=8c1f5bd2-3b0e-4f59-9a53-0d6f1e2a7c44&expiredTimestamp=1795600800"
#define TXID "5f1c3a9e0b7d4e62a8c1f0d3b2e4a6c8d0f1e3a5b7c9d2e4f6a8b0c1d3e5f7a9"
/* 2026-11-25 09:00, 10:00 and 09:12:34 UTC. */
#define CREATED_AT 1795597200
#define EXPIRES_AT 1795600800
#define PAID_AT 1795597954

typedef struct
{
  char              *dir;
  char              *pdf;
  PdMerchantProfile *profile;
  GTimeZone         *utc;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("paydesk-invoice-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->pdf = g_build_filename (fixture->dir, "document.pdf", NULL);
  fixture->profile = pd_merchant_profile_new ();
  fixture->profile->shop_name = g_strdup ("Café Lumen");
  fixture->profile->address = g_strsplit ("12 Harbour Street|Lisbon 1100-001|Portugal", "|", -1);
  fixture->profile->email = g_strdup ("hello@cafe-lumen.example");
  fixture->profile->phone = g_strdup ("+351 21 000 0000");
  fixture->profile->footer = g_strdup ("VAT PT123456789 · Thank you for your visit");
  fixture->utc = g_time_zone_new_utc ();
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->pdf);
  pd_merchant_profile_free (fixture->profile);
  g_time_zone_unref (fixture->utc);
}

/* An order for 25.5 USDT in @state, with the payment facts MixPay gives
 * for that state. */
static PdOrder *
make_order (PdOrderState  state,
            const char   *note)
{
  PdOrder *order = pd_order_new ();

  pd_order_set_order_id (order, ORDER_ID);
  pd_order_set_payee_id (order, PAYEE);
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, USDT);
  pd_order_set_quote_symbol (order, "USDT");
  pd_order_set_quote_amount (order, "25.5");
  pd_order_set_link (order, LINK);
  pd_order_set_note (order, note);
  pd_order_set_created_at (order, CREATED_AT);
  pd_order_set_expires_at (order, EXPIRES_AT);
  pd_order_set_state (order, state);

  if (state == PD_ORDER_STATE_PAID_LESS)
    {
      pd_order_set_payment_amount (order, "20");
      pd_order_set_payment_symbol (order, "USDT");
      pd_order_set_payable_amount (order, "25.5");
      pd_order_set_payable_symbol (order, "USDT");
    }
  else if (state == PD_ORDER_STATE_PAID || state == PD_ORDER_STATE_MISMATCH)
    {
      pd_order_set_payment_amount (order, "0.00041");
      pd_order_set_payment_symbol (order, "BTC");
      pd_order_set_txid (order, TXID);
      pd_order_set_paid_at (order, PAID_AT);
    }

  return order;
}

/* Runs @argv; returns its standard output, its exit status in *@status. */
static char *
run_tool (const char * const *argv,
          int                *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (process);

  return out;
}

/* The text of the PDF without any white space, so a link wrapped over
 * lines reads as one word. */
static char *
pdf_words (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-layout", "-enc", "UTF-8", pdf, "-", NULL };
  g_autofree char *text = NULL;
  GString *words = g_string_new (NULL);
  int status;

  text = run_tool (argv, &status);
  g_assert_cmpint (status, ==, 0);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (words, c);
    }

  return g_string_free (words, FALSE);
}

static char *
squeeze (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, " \n", -1);

  return g_strjoinv ("", parts);
}

static void
assert_pdf_has (const char *words,
                const char *text)
{
  g_autofree char *expected = squeeze (text);

  if (strstr (words, expected) == NULL)
    g_error ("“%s” is not in the PDF text: %s", text, words);
}

/* "Pages: 1" and the size pdfinfo reports, in points. */
static void
assert_pdf_page (const char *pdf,
                 const char *size)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *info = NULL;
  g_autofree char *size_line = g_strdup_printf ("Page size:       %s", size);
  int status;

  info = run_tool (argv, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (info, "Pages:           1\n"));
  if (strstr (info, size_line) == NULL)
    g_error ("expected “%s” in: %s", size_line, info);
}

/* What zbarimg reads on page 1 rendered at 150 dpi; NULL when it finds
 * no code. */
static char *
decode_qr (const char *dir,
           const char *pdf)
{
  g_autofree char *png_root = g_build_filename (dir, "page", NULL);
  g_autofree char *png = g_strconcat (png_root, ".png", NULL);
  const char *render[] = { "pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile",
                           pdf, png_root, NULL };
  const char *zbar[] = { "zbarimg", "--raw", "-q", png, NULL };
  g_autofree char *ignored = NULL;
  char *decoded;
  int status;

  ignored = run_tool (render, &status);
  g_assert_cmpint (status, ==, 0);
  decoded = run_tool (zbar, &status);
  g_unlink (png);

  if (status == 4)  /* no symbol found */
    {
      g_free (decoded);
      return NULL;
    }
  g_assert_cmpint (status, ==, 0);
  g_strchomp (decoded);
  return decoded;
}

/* Number of raster images in the PDF: the QR code must not be one. */
static guint
count_pdf_images (const char *pdf)
{
  const char *argv[] = { "pdfimages", "-list", pdf, NULL };
  g_autofree char *list = NULL;
  g_auto(GStrv) lines = NULL;
  int status;

  guint images = 0;

  list = run_tool (argv, &status);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (list, "\n", -1);
  /* "page num type …": an alpha mask is a second row of type smask. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) columns = g_regex_split_simple ("\\s+", g_strstrip (lines[i]), 0, 0);

      if (g_strv_length (columns) > 2 && strcmp (columns[2], "image") == 0)
        images++;
    }

  return images;
}

static void
write_document (Fixture       *fixture,
                PdInvoiceKind  kind,
                PdOrder       *order,
                PdPaper        paper)
{
  g_autoptr(GError) error = NULL;
  PdInvoice doc = { kind, order, fixture->profile, fixture->utc };

  pd_invoice_write_pdf (&doc, fixture->pdf, paper, &error);
  g_assert_no_error (error);
}

/* An amount is never broken inside its number: one wider than the
 * amount column is set smaller, on one line, in the item row and in the
 * total. */
static void
test_invoice_long_amount (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(PdOrder) order = make_order (PD_ORDER_STATE_UNPAID, "A very large order");
  const char *argv[] = { "pdftotext", "-layout", "-enc", "UTF-8", fixture->pdf, "-", NULL };
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_whole = 0;
  int status;

  pd_order_set_quote_amount (order, "99999999999999999999.99999999");
  write_document (fixture, PD_INVOICE_KIND_INVOICE, order, PD_PAPER_A4);

  text = run_tool (argv, &status);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    n_whole += strstr (lines[i], "99999999999999999999.99999999 USDT") != NULL;
  g_assert_cmpuint (n_whole, ==, 2);
}

static void
test_invoice_unpaid (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PdOrder) order = make_order (PD_ORDER_STATE_UNPAID, "Two flat whites and a pastel de nata");
  g_autofree char *words = NULL;
  g_autofree char *qr = NULL;

  write_document (fixture, PD_INVOICE_KIND_INVOICE, order, PD_PAPER_A4);

  assert_pdf_page (fixture->pdf, "595.276 x 841.89 pts (A4)");
  words = pdf_words (fixture->pdf);
  assert_pdf_has (words, ORDER_ID);
  assert_pdf_has (words, "25.5 USDT");
  assert_pdf_has (words, LINK);
  assert_pdf_has (words, "Two flat whites and a pastel de nata");
  assert_pdf_has (words, "Café Lumen");
  assert_pdf_has (words, "Lisbon 1100-001");
  assert_pdf_has (words, "VAT PT123456789");
  assert_pdf_has (words, "2026-11-25 09:00 UTC");
  assert_pdf_has (words, "2026-11-25 10:00 UTC");

  qr = decode_qr (fixture->dir, fixture->pdf);
  g_assert_cmpstr (qr, ==, LINK);
  /* Drawn as vector rectangles, not embedded as an image. */
  g_assert_cmpuint (count_pdf_images (fixture->pdf), ==, 0);
}

static void
test_invoice_paid_less_letter (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(PdOrder) order = make_order (PD_ORDER_STATE_PAID_LESS, NULL);
  g_autofree char *words = NULL;
  g_autofree char *qr = NULL;

  write_document (fixture, PD_INVOICE_KIND_INVOICE, order, PD_PAPER_LETTER);

  assert_pdf_page (fixture->pdf, "612 x 792 pts (letter)");
  words = pdf_words (fixture->pdf);
  assert_pdf_has (words, ORDER_ID);
  assert_pdf_has (words, "25.5 USDT");
  assert_pdf_has (words, "Received20USDT");
  assert_pdf_has (words, "Still to pay5.5USDT");
  assert_pdf_has (words, LINK);
  /* Without a note, the line names the order. */
  assert_pdf_has (words, "Order " ORDER_ID);

  qr = decode_qr (fixture->dir, fixture->pdf);
  g_assert_cmpstr (qr, ==, LINK);
}

/* No QR code once no payment is due: a second payment would be lost. */
static void
test_invoice_settled (Fixture       *fixture,
                      gconstpointer  data)
{
  const PdOrderState states[] = { PD_ORDER_STATE_PAID, PD_ORDER_STATE_MISMATCH, PD_ORDER_STATE_CANCELLED };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autoptr(PdOrder) order = make_order (states[i], "Catering, 12 people");
      g_autofree char *words = NULL;
      g_autofree char *qr = NULL;

      write_document (fixture, PD_INVOICE_KIND_INVOICE, order, PD_PAPER_A4);
      words = pdf_words (fixture->pdf);
      assert_pdf_has (words, ORDER_ID);
      assert_pdf_has (words, "25.5 USDT");
      assert_pdf_has (words, "Catering, 12 people");
      qr = decode_qr (fixture->dir, fixture->pdf);
      g_assert_null (qr);

      if (states[i] == PD_ORDER_STATE_PAID)
        {
          assert_pdf_has (words, "This invoice has been paid.");
          assert_pdf_has (words, TXID);
        }
      else if (states[i] == PD_ORDER_STATE_MISMATCH)
        {
          assert_pdf_has (words, "does not match this invoice");
          /* A mismatch is never shown as paid. */
          g_assert_null (strstr (words, TXID));
        }
      else
        {
          assert_pdf_has (words, "was cancelled");
        }
    }
}

/* A paid_less answer through an edited link (1 USDT asked, 0.5 paid):
 * MixPay's payable amount is the edited link's, so the invoice asks for
 * nothing, shows no QR code and says the payment does not match. */
static void
test_invoice_paid_less_mismatch (Fixture       *fixture,
                                 gconstpointer  data)
{
  static const char * const fields[] = { "quoteAmount", NULL };
  g_autoptr(PdOrder) order = make_order (PD_ORDER_STATE_PAID_LESS, NULL);
  g_autofree char *words = NULL;
  g_autofree char *qr = NULL;

  pd_order_set_payable_amount (order, "1.0013");
  pd_order_set_payment_amount (order, "0.5");
  pd_order_set_mismatch (order, fields);

  write_document (fixture, PD_INVOICE_KIND_INVOICE, order, PD_PAPER_A4);
  words = pdf_words (fixture->pdf);
  assert_pdf_has (words, "does not match this invoice");
  /* The words come without their spaces. */
  g_assert_null (strstr (words, "Stilltopay"));
  g_assert_null (strstr (words, "Paymentlink"));
  qr = decode_qr (fixture->dir, fixture->pdf);
  g_assert_null (qr);
}

static void
test_receipt_paid (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PdOrder) order = make_order (PD_ORDER_STATE_PAID, "Two flat whites");
  g_autofree char *words = NULL;
  g_autofree char *qr = NULL;

  write_document (fixture, PD_INVOICE_KIND_RECEIPT, order, PD_PAPER_A4);

  words = pdf_words (fixture->pdf);
  assert_pdf_has (words, "Receipt");
  assert_pdf_has (words, ORDER_ID);
  assert_pdf_has (words, "25.5 USDT");
  assert_pdf_has (words, "Amount paid0.00041 BTC");
  assert_pdf_has (words, "Paid on2026-11-25 09:12 UTC");
  assert_pdf_has (words, TXID);
  g_assert_null (strstr (words, "mixpay.me/pay"));
  qr = decode_qr (fixture->dir, fixture->pdf);
  g_assert_null (qr);
}

static void
test_receipt_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  const PdOrderState states[] = {
    PD_ORDER_STATE_UNPAID, PD_ORDER_STATE_PAID_LESS, PD_ORDER_STATE_PENDING,
    PD_ORDER_STATE_MISMATCH, PD_ORDER_STATE_CANCELLED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autoptr(PdOrder) order = make_order (states[i], NULL);
      g_autoptr(GError) error = NULL;
      PdInvoice doc = { PD_INVOICE_KIND_RECEIPT, order, fixture->profile, fixture->utc };

      g_assert_false (pd_invoice_write_pdf (&doc, fixture->pdf, PD_PAPER_A4, &error));
      g_assert_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_NOT_PAID);
      g_assert_nonnull (strstr (error->message, ORDER_ID));
      g_assert_nonnull (strstr (error->message, pd_order_state_to_string (states[i])));
      g_assert_false (g_file_test (fixture->pdf, G_FILE_TEST_EXISTS));
    }
}

/* Chinese shop name, address and note; strings in the language gettext
 * picks for zh_CN, whether or not a translation is installed. */
static void
test_chinese (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *po_dir = g_build_filename (g_getenv ("PAYDESK_TEST_BUILDDIR"), "po", NULL);
  g_autoptr(PdOrder) unpaid = make_order (PD_ORDER_STATE_UNPAID, "两杯拿铁和一块芝士蛋糕（外带）");
  g_autoptr(PdOrder) paid = make_order (PD_ORDER_STATE_PAID, "两杯拿铁和一块芝士蛋糕（外带）");
  g_autofree char *words = NULL;
  g_autofree char *qr = NULL;

  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "C.UTF-8");

  g_free (fixture->profile->shop_name);
  fixture->profile->shop_name = g_strdup ("光明咖啡馆");
  g_strfreev (fixture->profile->address);
  fixture->profile->address = g_strsplit ("上海市黄浦区南京东路 100 号", "|", -1);

  write_document (fixture, PD_INVOICE_KIND_INVOICE, unpaid, PD_PAPER_A4);
  words = pdf_words (fixture->pdf);
  assert_pdf_has (words, "光明咖啡馆");
  assert_pdf_has (words, "上海市黄浦区南京东路100号");
  assert_pdf_has (words, "两杯拿铁和一块芝士蛋糕（外带）");
  assert_pdf_has (words, ORDER_ID);
  assert_pdf_has (words, "25.5 USDT");
  assert_pdf_has (words, LINK);
  assert_pdf_has (words, _("Invoice"));
  assert_pdf_has (words, _("How to pay"));
  qr = decode_qr (fixture->dir, fixture->pdf);
  g_assert_cmpstr (qr, ==, LINK);

  g_clear_pointer (&words, g_free);
  write_document (fixture, PD_INVOICE_KIND_RECEIPT, paid, PD_PAPER_LETTER);
  words = pdf_words (fixture->pdf);
  assert_pdf_has (words, "光明咖啡馆");
  assert_pdf_has (words, _("Receipt"));
  assert_pdf_has (words, _("Payment received"));
  assert_pdf_has (words, TXID);

  g_setenv ("LANGUAGE", "", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
}

/* A failed document leaves @path as it was: absent, or its old bytes. */
static void
assert_refused (Fixture       *fixture,
                PdInvoice     *doc,
                PdInvoiceErrorCode code,
                const char    *field)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (fixture->pdf, "old invoice", -1, NULL));
  g_assert_false (pd_invoice_write_pdf (doc, fixture->pdf, PD_PAPER_A4, &error));
  g_assert_error (error, PD_INVOICE_ERROR, code);
  if (field != NULL && !g_str_has_prefix (error->message, field))
    g_error ("expected an error naming %s, got: %s", field, error->message);
  g_assert_true (g_file_get_contents (fixture->pdf, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "old invoice");
  g_unlink (fixture->pdf);
}

static void
test_long_note (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GString) note = g_string_new (NULL);
  g_autoptr(PdOrder) order = NULL;

  while (note->len < 1000)
    g_string_append (note, "Lorem ipsum ");
  g_string_truncate (note, 1000);
  order = make_order (PD_ORDER_STATE_UNPAID, note->str);

  {
    PdInvoice doc = { PD_INVOICE_KIND_INVOICE, order, fixture->profile, fixture->utc };
    assert_refused (fixture, &doc, PD_INVOICE_ERROR_TOO_LONG, "note:");
  }

  /* The longest note allowed still fits on the page. */
  g_string_truncate (note, PD_INVOICE_NOTE_MAX_CHARS);
  pd_order_set_note (order, note->str);
  write_document (fixture, PD_INVOICE_KIND_INVOICE, order, PD_PAPER_LETTER);
  g_assert_true (g_file_test (fixture->pdf, G_FILE_TEST_IS_REGULAR));
}

static void
test_overflowing_address (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(PdOrder) order = make_order (PD_ORDER_STATE_UNPAID, NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  PdInvoice doc = { PD_INVOICE_KIND_INVOICE, order, fixture->profile, fixture->utc };

  for (guint i = 0; i < 80; i++)
    g_ptr_array_add (lines, (gpointer) "Building 4, Floor 12, Room 1207");
  g_ptr_array_add (lines, NULL);
  g_strfreev (fixture->profile->address);
  fixture->profile->address = g_strdupv ((char **) lines->pdata);

  assert_refused (fixture, &doc, PD_INVOICE_ERROR_TOO_LONG, NULL);
}

static void
test_missing_logo (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PdOrder) order = make_order (PD_ORDER_STATE_UNPAID, NULL);
  PdInvoice doc = { PD_INVOICE_KIND_INVOICE, order, fixture->profile, fixture->utc };
  g_autofree char *not_an_image = g_build_filename (fixture->dir, "logo.png", NULL);
  g_autoptr(GError) error = NULL;

  fixture->profile->logo_path = g_build_filename (fixture->dir, "no-such-logo.png", NULL);
  assert_refused (fixture, &doc, PD_INVOICE_ERROR_LOGO, "logo-path:");
  g_assert_false (pd_invoice_check (&doc, &error));
  g_assert_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_LOGO);
  g_assert_nonnull (strstr (error->message, "no-such-logo.png"));

  g_assert_true (g_file_set_contents (not_an_image, "not a PNG", -1, NULL));
  g_free (fixture->profile->logo_path);
  fixture->profile->logo_path = g_strdup (not_an_image);
  assert_refused (fixture, &doc, PD_INVOICE_ERROR_LOGO, "logo-path:");
}

static void
test_logos (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(PdOrder) order = make_order (PD_ORDER_STATE_UNPAID, NULL);
  g_autofree char *png = g_build_filename (fixture->dir, "logo.png", NULL);
  g_autofree char *svg = g_build_filename (fixture->dir, "logo.svg", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 240, 80);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *qr = NULL;

  cairo_set_source_rgb (cr, 0.8, 0.3, 0.1);
  cairo_arc (cr, 40, 40, 36, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_assert_true (g_file_set_contents (svg,
                                      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 40\">"
                                      "<rect width=\"40\" height=\"40\" rx=\"8\" fill=\"#1c71d8\"/></svg>",
                                      -1, NULL));

  fixture->profile->logo_path = g_strdup (png);
  write_document (fixture, PD_INVOICE_KIND_INVOICE, order, PD_PAPER_A4);
  /* The PNG logo is the only image: the QR code is still vector. */
  g_assert_cmpuint (count_pdf_images (fixture->pdf), ==, 1);
  qr = decode_qr (fixture->dir, fixture->pdf);
  g_assert_cmpstr (qr, ==, LINK);

  g_free (fixture->profile->logo_path);
  fixture->profile->logo_path = g_strdup (svg);
  write_document (fixture, PD_INVOICE_KIND_INVOICE, order, PD_PAPER_A4);
  g_assert_cmpuint (count_pdf_images (fixture->pdf), ==, 0);
}

static void
test_incomplete_order (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(PdOrder) no_link = make_order (PD_ORDER_STATE_UNPAID, NULL);
  g_autoptr(PdOrder) no_amount = make_order (PD_ORDER_STATE_UNPAID, NULL);
  g_autoptr(PdOrder) paid_no_link = make_order (PD_ORDER_STATE_PAID, NULL);
  PdInvoice doc = { PD_INVOICE_KIND_INVOICE, no_link, fixture->profile, fixture->utc };

  pd_order_set_link (no_link, NULL);
  assert_refused (fixture, &doc, PD_INVOICE_ERROR_INVALID, "link:");

  pd_order_set_quote_amount (no_amount, NULL);
  doc.order = no_amount;
  assert_refused (fixture, &doc, PD_INVOICE_ERROR_INVALID, "quoteAmount:");

  /* No payment is due once paid: the link is not needed. */
  pd_order_set_link (paid_no_link, NULL);
  write_document (fixture, PD_INVOICE_KIND_INVOICE, paid_no_link, PD_PAPER_A4);
  write_document (fixture, PD_INVOICE_KIND_RECEIPT, paid_no_link, PD_PAPER_A4);
}

static void
test_unwritable_path (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PdOrder) order = make_order (PD_ORDER_STATE_UNPAID, NULL);
  g_autofree char *blocker = g_build_filename (fixture->dir, "a-file", NULL);
  g_autofree char *path = g_build_filename (blocker, "invoice.pdf", NULL);
  g_autoptr(GError) error = NULL;
  PdInvoice doc = { PD_INVOICE_KIND_INVOICE, order, fixture->profile, fixture->utc };

  /* A folder that is a file: not even root can write there. */
  g_assert_true (g_file_set_contents (blocker, "", -1, NULL));
  g_assert_false (pd_invoice_write_pdf (&doc, path, PD_PAPER_A4, &error));
  g_assert_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, path));
}

/* The same routine draws on any cairo context, as a print operation's. */
static void
test_render_any_surface (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(PdOrder) order = make_order (PD_ORDER_STATE_UNPAID, NULL);
  g_autoptr(GError) error = NULL;
  PdInvoice doc = { PD_INVOICE_KIND_INVOICE, order, NULL, fixture->utc };
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  double x, y, width, height;

  g_assert_true (pd_invoice_render (&doc, cr, 612, 792, &error));
  g_assert_no_error (error);
  cairo_destroy (cr);
  cairo_recording_surface_ink_extents (surface, &x, &y, &width, &height);
  cairo_surface_destroy (surface);

  /* Inside margins of at least 15 mm, the QR quiet zone aside. */
  g_assert_cmpfloat (x, >=, 15 * 72 / 25.4);
  g_assert_cmpfloat (y, >=, 15 * 72 / 25.4);
  g_assert_cmpfloat (x + width, <=, 612 - 15 * 72 / 25.4);
  g_assert_cmpfloat (y + height, <=, 792 - 15 * 72 / 25.4);
}

static void
test_text (void)
{
  g_autoptr(PdOrder) order = make_order (PD_ORDER_STATE_UNPAID, "Two flat whites");
  g_autoptr(PdMerchantProfile) profile = pd_merchant_profile_new ();
  g_autofree char *anonymous = NULL;
  g_autofree char *text = NULL;

  anonymous = pd_invoice_format_text (order, NULL);
  g_assert_cmpstr (anonymous, ==,
                   "Invoice " ORDER_ID "\n"
                   "Two flat whites\n"
                   "Amount: 25.5 USDT\n"
                   "Pay here: " LINK "\n"
                   "Please pay by 2026-11-25 10:00 UTC.\n");

  profile->shop_name = g_strdup ("Café Lumen");
  pd_order_set_expires_at (order, 0);
  pd_order_set_note (order, NULL);
  pd_order_set_quote_symbol (order, NULL);
  pd_order_set_quote_asset_id (order, "usd");
  text = pd_invoice_format_text (order, profile);
  g_assert_cmpstr (text, ==,
                   "Invoice " ORDER_ID " from Café Lumen\n"
                   "Order " ORDER_ID "\n"
                   "Amount: 25.5 USD\n"
                   "Pay here: " LINK "\n");
}

/* The text for chat and email asks for money only while some is due, as
 * the PDF does: sent for a paid or cancelled order, a link invited a
 * second payment. */
static void
test_text_when_nothing_is_due (void)
{
  static const PdOrderState settled[] = {
    PD_ORDER_STATE_PAID, PD_ORDER_STATE_CONFIRMING, PD_ORDER_STATE_PENDING,
    PD_ORDER_STATE_AUDITING, PD_ORDER_STATE_MISMATCH, PD_ORDER_STATE_FAILED,
    PD_ORDER_STATE_CANCELLED, PD_ORDER_STATE_UNKNOWN,
  };
  g_autoptr(PdOrder) partly = make_order (PD_ORDER_STATE_PAID_LESS, "Two flat whites");
  g_autofree char *partly_text = pd_invoice_format_text (partly, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (settled); i++)
    {
      g_autoptr(PdOrder) order = make_order (settled[i], "Two flat whites");
      g_autofree char *text = pd_invoice_format_text (order, NULL);
      g_autofree char *mailto = pd_invoice_build_mailto (order, NULL, NULL);

      g_assert_null (strstr (text, LINK));
      g_assert_null (strstr (text, "Pay here"));
      g_assert_null (strstr (text, "Please pay by"));
      g_assert_nonnull (strstr (text, "Amount: 25.5 USDT\n"));
      g_assert_null (strstr (mailto, "mixpay"));
    }

  {
    g_autoptr(PdOrder) paid = make_order (PD_ORDER_STATE_PAID, "Two flat whites");
    g_autoptr(PdOrder) cancelled = make_order (PD_ORDER_STATE_CANCELLED, "Two flat whites");
    g_autofree char *paid_text = pd_invoice_format_text (paid, NULL);
    g_autofree char *cancelled_text = pd_invoice_format_text (cancelled, NULL);

    g_assert_true (g_str_has_suffix (paid_text, "This invoice has been paid. Thank you!\n"));
    g_assert_true (g_str_has_suffix (cancelled_text, "This invoice was cancelled and must not be paid.\n"));
  }

  /* Paid in part: what is left, then the same link. */
  g_assert_cmpstr (partly_text, ==,
                   "Invoice " ORDER_ID "\n"
                   "Two flat whites\n"
                   "Amount: 25.5 USDT\n"
                   "Still to pay: 5.5 USDT\n"
                   "Pay here: " LINK "\n"
                   "Please pay by 2026-11-25 10:00 UTC.\n");
}

static void
test_reminder (void)
{
  g_autoptr(PdOrder) order = make_order (PD_ORDER_STATE_PAID_LESS, NULL);
  g_autoptr(PdOrder) unpaid = make_order (PD_ORDER_STATE_UNPAID, NULL);
  g_autoptr(PdMerchantProfile) profile = pd_merchant_profile_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *refused = NULL;

  profile->shop_name = g_strdup ("Café Lumen");
  text = pd_invoice_format_reminder (order, profile, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==,
                   "Reminder: invoice " ORDER_ID " from Café Lumen\n"
                   "We received 20 USDT of the 25.5 USDT due.\n"
                   "Still to pay: 5.5 USDT\n"
                   "Please pay the rest with the same link: " LINK "\n"
                   "Please pay by 2026-11-25 10:00 UTC.\n"
                   "Thank you!\n");

  refused = pd_invoice_format_reminder (unpaid, profile, &error);
  g_assert_null (refused);
  g_assert_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "unpaid"));
}

/* The chat text and the reminder of a paid_less order whose payment
 * does not match it: the warning, never "still to pay" from the edited
 * link's payable amount, and no link to pay more through. */
static void
test_text_and_reminder_mismatch (void)
{
  static const char * const fields[] = { "quoteAmount", NULL };
  g_autoptr(PdOrder) order = make_order (PD_ORDER_STATE_PAID_LESS, "Two flat whites");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *reminder = NULL;

  pd_order_set_payable_amount (order, "1.0013");
  pd_order_set_payment_amount (order, "0.5");
  pd_order_set_mismatch (order, fields);

  text = pd_invoice_format_text (order, NULL);
  g_assert_null (strstr (text, "Still to pay"));
  g_assert_null (strstr (text, LINK));
  g_assert_nonnull (strstr (text, "does not match this invoice"));

  reminder = pd_invoice_format_reminder (order, NULL, &error);
  g_assert_null (reminder);
  g_assert_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "quoteAmount"));
}

static void
test_mailto (void)
{
  g_autoptr(PdOrder) order = make_order (PD_ORDER_STATE_UNPAID, "Two flat whites");
  g_autoptr(PdMerchantProfile) profile = pd_merchant_profile_new ();
  g_autofree char *uri = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected_body = NULL;
  g_auto(GStrv) fields = NULL;
  g_auto(GStrv) text_lines = NULL;

  profile->shop_name = g_strdup ("Café & Co");
  uri = pd_invoice_build_mailto (order, profile, "/home/me/Documents/Invoice inv 1.pdf");
  g_assert_true (g_str_has_prefix (uri, "mailto:?subject=Invoice%20" ORDER_ID "%20from%20Caf%C3%A9%20%26%20Co&body="));
  g_assert_true (g_str_has_suffix (uri, "&attach=file%3A%2F%2F%2Fhome%2Fme%2FDocuments%2FInvoice%2520inv%25201.pdf"));
  /* Nothing that ends a field or the URI is left unescaped. */
  g_assert_null (strchr (uri + strlen ("mailto:?"), '#'));
  g_assert_null (strchr (uri, ' '));
  g_assert_null (strchr (uri, '\n'));

  fields = g_strsplit (uri + strlen ("mailto:?"), "&", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 3);
  g_assert_true (g_str_has_prefix (fields[1], "body="));
  text = pd_invoice_format_text (order, profile);
  text_lines = g_strsplit (text, "\n", -1);
  {
    g_autofree char *joined = g_strjoinv ("\r\n", text_lines);
    g_autofree char *body = g_uri_unescape_string (fields[1] + strlen ("body="), NULL);

    expected_body = g_strconcat (joined, "\r\nThe invoice is attached as a PDF.\r\n", NULL);
    g_assert_cmpstr (body, ==, expected_body);
  }
}

static void
test_profile_copy (void)
{
  g_autoptr(PdMerchantProfile) profile = pd_merchant_profile_new ();
  g_autoptr(PdMerchantProfile) copy = NULL;
  const char * const address[] = { "12 Harbour Street", "Lisbon", NULL };
  PdPaper paper;

  profile->shop_name = g_strdup ("Café Lumen");
  profile->address = g_strdupv ((char **) address);
  profile->email = g_strdup ("hello@cafe-lumen.example");
  profile->invoice_title = g_strdup ("Tax invoice");
  copy = pd_merchant_profile_copy (profile);

  g_assert_cmpstr (copy->shop_name, ==, "Café Lumen");
  g_assert_true (copy->shop_name != profile->shop_name);
  g_assert_cmpstrv (copy->address, address);
  g_assert_cmpstr (copy->email, ==, "hello@cafe-lumen.example");
  g_assert_null (copy->footer);
  g_assert_cmpstr (copy->invoice_title, ==, "Tax invoice");

  g_assert_true (pd_paper_from_string ("Letter", &paper));
  g_assert_cmpint (paper, ==, PD_PAPER_LETTER);
  g_assert_true (pd_paper_from_string ("a4", &paper));
  g_assert_cmpint (paper, ==, PD_PAPER_A4);
  g_assert_false (pd_paper_from_string ("a5", &paper));
}

int
main (int   argc,
      char *argv[])
{
  /* Dates in the texts are local time. */
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LANGUAGE", "", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/invoice/pdf/long-amount", test_invoice_long_amount);
  ADD ("/invoice/pdf/unpaid", test_invoice_unpaid);
  ADD ("/invoice/pdf/paid-less-letter", test_invoice_paid_less_letter);
  ADD ("/invoice/pdf/settled", test_invoice_settled);
  ADD ("/invoice/pdf/receipt", test_receipt_paid);
  ADD ("/invoice/pdf/receipt-refused", test_receipt_refused);
  ADD ("/invoice/pdf/chinese", test_chinese);
  ADD ("/invoice/pdf/long-note", test_long_note);
  ADD ("/invoice/pdf/paid-less-mismatch", test_invoice_paid_less_mismatch);
  ADD ("/invoice/pdf/overflowing-address", test_overflowing_address);
  ADD ("/invoice/pdf/missing-logo", test_missing_logo);
  ADD ("/invoice/pdf/logos", test_logos);
  ADD ("/invoice/pdf/incomplete-order", test_incomplete_order);
  ADD ("/invoice/pdf/unwritable", test_unwritable_path);
  ADD ("/invoice/render/any-surface", test_render_any_surface);
  g_test_add_func ("/invoice/text", test_text);
  g_test_add_func ("/invoice/text-when-nothing-is-due", test_text_when_nothing_is_due);
  g_test_add_func ("/invoice/reminder", test_reminder);
  g_test_add_func ("/invoice/text-and-reminder-mismatch", test_text_and_reminder_mismatch);
  g_test_add_func ("/invoice/mailto", test_mailto);
  g_test_add_func ("/invoice/profile-copy", test_profile_copy);

  return g_test_run ();
}
