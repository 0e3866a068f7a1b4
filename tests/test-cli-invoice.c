/* test-cli-invoice.c: paydesk-cli invoice and receipt, run as a script
 * would run them, on a ledger with orders in several states
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "pd-store.h"
#include "pd-test-cli.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define LINK_PREFIX "https://mixpay.me/pay?payeeId=" PAYEE "&settlementAssetId=" BTC \
  "&quoteAssetId=usd&quoteAmount=42&orderId="
/* 2026-11-25 09:00 and 10:00 UTC. */
#define CREATED_AT 1795597200
#define EXPIRES_AT 1795600800

typedef struct
{
  char *dir;
  char *db;
  char *config;
  char *pdf;
} Fixture;

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
store_order (PdStore      *store,
             const char   *order_id,
             PdOrderState  state,
             const char   *quote_asset_id)
{
  g_autoptr(PdOrder) order = pd_order_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *link = g_strconcat (LINK_PREFIX, order_id, NULL);

  pd_order_set_order_id (order, order_id);
  pd_order_set_payee_id (order, PAYEE);
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, quote_asset_id);
  pd_order_set_quote_amount (order, "42");
  pd_order_set_note (order, "Repair of a bicycle wheel");
  pd_order_set_link (order, link);
  pd_order_set_created_at (order, CREATED_AT);
  pd_order_set_expires_at (order, EXPIRES_AT);
  pd_store_insert_order (store, order, &error);
  g_assert_no_error (error);

  if (state == PD_ORDER_STATE_UNPAID)
    return;

  pd_order_set_state (order, state);
  if (state == PD_ORDER_STATE_PAID_LESS)
    {
      pd_order_set_payment_amount (order, "0.0003");
      pd_order_set_payable_amount (order, "0.0005");
      pd_order_set_payment_symbol (order, "BTC");
      pd_order_set_payable_symbol (order, "BTC");
    }
  else
    {
      pd_order_set_payment_amount (order, "0.0005");
      pd_order_set_payment_symbol (order, "BTC");
      pd_order_set_txid (order, "0f9e8d7c6b5a49382716051423324150");
      pd_order_set_paid_at (order, CREATED_AT + 300);
    }
  pd_store_update_order (store, order, PD_ORDER_EVENT_UPDATED, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
write_settings (Fixture    *fixture,
                const char *extra)
{
  g_autofree char *keyfile_dir = g_build_filename (fixture->config, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (keyfile_dir, "keyfile", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (keyfile_dir, 0700), ==, 0);
  contents = g_strconcat ("[io/github/paydesk/Paydesk]\n"
                          "shop-name='Velo Werkstatt Lindner'\n"
                          "shop-address=['Bergstraße 4', '10115 Berlin']\n"
                          "invoice-footer='USt-IdNr. DE123456789'\n",
                          extra, NULL);
  g_file_set_contents (keyfile, contents, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;

  fixture->dir = g_dir_make_tmp ("test-cli-invoice-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "paydesk.db", NULL);
  fixture->config = g_build_filename (fixture->dir, "config", NULL);
  fixture->pdf = g_build_filename (fixture->dir, "out.pdf", NULL);

  store = pd_store_open (fixture->db, &error);
  g_assert_no_error (error);
  store_order (store, "cli-unpaid-1", PD_ORDER_STATE_UNPAID, "usd");
  store_order (store, "cli-partial-1", PD_ORDER_STATE_PAID_LESS, "usd");
  store_order (store, "cli-paid-1", PD_ORDER_STATE_PAID, "usd");
  store_order (store, "cli-usdt-1", PD_ORDER_STATE_UNPAID, USDT);
  pd_store_close (store);

  write_settings (fixture, "");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
  g_free (fixture->config);
  g_free (fixture->pdf);
}

/* Dates on documents are local time: UTC here. */
#define RUN(fixture, run, ...) \
  G_STMT_START { \
    g_autoptr(GSubprocessLauncher) _launcher = pd_cli_launcher_new ((fixture)->db, (fixture)->config); \
    const char *_args[] = { __VA_ARGS__, NULL }; \
    g_subprocess_launcher_setenv (_launcher, "TZ", "UTC", TRUE); \
    pd_cli_run_clear (run); \
    pd_cli_run (_launcher, run, _args); \
  } G_STMT_END

static char *
pdf_text (const char *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  char *out = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              "pdftotext", "-layout", pdf, "-", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));

  return out;
}

static void
test_invoice_pdf (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *text = NULL;

  RUN (fixture, &run, "invoice", "cli-unpaid-1", "--pdf", fixture->pdf);
  pd_cli_assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "");

  text = pdf_text (fixture->pdf);
  g_assert_nonnull (strstr (text, "Velo Werkstatt Lindner"));
  g_assert_nonnull (strstr (text, "Bergstraße 4"));
  g_assert_nonnull (strstr (text, "USt-IdNr. DE123456789"));
  g_assert_nonnull (strstr (text, "cli-unpaid-1"));
  g_assert_nonnull (strstr (text, "42 USD"));
  g_assert_nonnull (strstr (text, "2026-11-25 10:00 UTC"));
}

static void
test_receipt (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *text = NULL;

  RUN (fixture, &run, "receipt", "cli-unpaid-1", "--pdf", fixture->pdf);
  pd_cli_assert_usage_error (&run, "ORDER_ID");
  g_assert_nonnull (strstr (run.err, "cli-unpaid-1"));
  g_assert_nonnull (strstr (run.err, "unpaid"));
  g_assert_false (g_file_test (fixture->pdf, G_FILE_TEST_EXISTS));

  RUN (fixture, &run, "receipt", "cli-partial-1", "--pdf", fixture->pdf);
  pd_cli_assert_usage_error (&run, "ORDER_ID");
  g_assert_nonnull (strstr (run.err, "paid_less"));
  g_assert_false (g_file_test (fixture->pdf, G_FILE_TEST_EXISTS));

  RUN (fixture, &run, "receipt", "cli-paid-1", "--pdf", fixture->pdf, "--paper", "letter");
  pd_cli_assert_ok (&run);
  text = pdf_text (fixture->pdf);
  g_assert_nonnull (strstr (text, "Receipt"));
  g_assert_nonnull (strstr (text, "0.0005 BTC"));
  g_assert_nonnull (strstr (text, "0f9e8d7c6b5a49382716051423324150"));
  g_assert_nonnull (strstr (text, "2026-11-25 09:05 UTC"));
}

static void
test_text_and_reminder (Fixture       *fixture,
                        gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };

  RUN (fixture, &run, "invoice", "cli-unpaid-1", "--text");
  pd_cli_assert_ok (&run);
  g_assert_cmpstr (run.out, ==,
                   "Invoice cli-unpaid-1 from Velo Werkstatt Lindner\n"
                   "Repair of a bicycle wheel\n"
                   "Amount: 42 USD\n"
                   "Pay here: " LINK_PREFIX "cli-unpaid-1" "\n"
                   "Please pay by 2026-11-25 10:00 UTC.\n");

  RUN (fixture, &run, "invoice", "cli-partial-1", "--reminder");
  pd_cli_assert_ok (&run);
  g_assert_cmpstr (run.out, ==,
                   "Reminder: invoice cli-partial-1 from Velo Werkstatt Lindner\n"
                   "We received 0.0003 BTC of the 0.0005 BTC due.\n"
                   "Still to pay: 0.0002 BTC\n"
                   "Please pay the rest with the same link: " LINK_PREFIX "cli-partial-1" "\n"
                   "Please pay by 2026-11-25 10:00 UTC.\n"
                   "Thank you!\n");

  RUN (fixture, &run, "invoice", "cli-paid-1", "--reminder");
  pd_cli_assert_usage_error (&run, "ORDER_ID");
  g_assert_nonnull (strstr (run.err, "paid_less"));
}

static void
test_usage_errors (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };

  RUN (fixture, &run, "invoice", "cli-unpaid-1");
  pd_cli_assert_usage_error (&run, "--pdf");

  RUN (fixture, &run, "invoice", "cli-unpaid-1", "--text", "--reminder");
  pd_cli_assert_usage_error (&run, "--pdf");

  RUN (fixture, &run, "invoice", "cli-unpaid-1", "--pdf", fixture->pdf, "--paper", "a5");
  pd_cli_assert_usage_error (&run, "--paper");

  RUN (fixture, &run, "invoice", "--text");
  pd_cli_assert_usage_error (&run, "ORDER_ID");

  RUN (fixture, &run, "invoice", "no-such-order", "--text");
  pd_cli_assert_usage_error (&run, "ORDER_ID");

  RUN (fixture, &run, "receipt", "cli-paid-1");
  pd_cli_assert_usage_error (&run, "--pdf");

  g_assert_false (g_file_test (fixture->pdf, G_FILE_TEST_EXISTS));
}

/* An asset ID becomes its symbol once the app has cached MixPay's list
 * of quote assets in the ledger. */
static void
test_symbol_from_asset_cache (Fixture       *fixture,
                              gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };

  RUN (fixture, &run, "invoice", "cli-usdt-1", "--text");
  pd_cli_assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "Amount: 42 " USDT "\n"));

  pd_cli_cache_quote_assets (fixture->db);

  RUN (fixture, &run, "invoice", "cli-usdt-1", "--text");
  pd_cli_assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "Amount: 42 USDT\n"));
}

/* A missing logo or an unwritable path: status 1, the reason on
 * stderr, and the old file as it was. */
static void
test_failures_keep_the_old_file (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *in_a_file = g_build_filename (fixture->pdf, "invoice.pdf", NULL);
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (fixture->pdf, "the old invoice", -1, NULL));
  write_settings (fixture, "logo-path='/nonexistent/logo.png'\n");
  RUN (fixture, &run, "invoice", "cli-unpaid-1", "--pdf", fixture->pdf);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, "paydesk-cli: logo-path: "));
  g_assert_nonnull (strstr (run.err, "/nonexistent/logo.png"));
  g_assert_true (g_file_get_contents (fixture->pdf, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old invoice");

  write_settings (fixture, "");
  RUN (fixture, &run, "invoice", "cli-unpaid-1", "--pdf", in_a_file);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, in_a_file));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli-invoice/pdf", test_invoice_pdf);
  ADD ("/cli-invoice/receipt", test_receipt);
  ADD ("/cli-invoice/text-and-reminder", test_text_and_reminder);
  ADD ("/cli-invoice/usage-errors", test_usage_errors);
  ADD ("/cli-invoice/symbol-from-asset-cache", test_symbol_from_asset_cache);
  ADD ("/cli-invoice/failures-keep-the-old-file", test_failures_keep_the_old_file);

  return g_test_run ();
}
