/* test-cli-report.c: paydesk-cli report, with orders made and settled
 * through paydesk-cli against the fake MixPay server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "pd-fake-server.h"
#include "pd-test-cli.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define ZONE "Asia/Shanghai"

static PdFakeServer *server;

typedef struct
{
  PdCliFixture cli;
  char        *from;   /* yesterday and tomorrow, in ZONE: the */
  char        *to;     /* orders are made today */
} Fixture;

static char *
day_text (GDateTime *time,
          int        days)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (time, days);

  return g_date_time_format (day, "%Y-%m-%d");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (ZONE);
  g_autoptr(GDateTime) now = g_date_time_new_now (zone != NULL ? zone : NULL);

  pd_cli_fixture_set_up (&f->cli, server, "cli-report");
  g_subprocess_launcher_setenv (f->cli.launcher, "TZ", ZONE, TRUE);
  f->from = day_text (now, -1);
  f->to = day_text (now, 1);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  pd_cli_fixture_tear_down (&f->cli);
  g_free (f->from);
  g_free (f->to);
}

/* A new order made with paydesk-cli, its answers scripted; then one
 * `check`, which takes the first answer. */
static void
settle_order (Fixture    *f,
              const char *order_id,
              const char *quote_asset,
              const char *amount,
              const char *steps)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *json = g_strdup_printf ("{\"orderId\":\"%s\",\"payeeId\":\"" PAYEE "\","
                                           "\"quoteAmount\":\"%s\",\"quoteAssetId\":\"%s\","
                                           "\"settlementAssetId\":\"" BTC "\",\"steps\":%s}",
                                           order_id, amount, quote_asset, steps);

  pd_fake_server_script (server, json);
  PD_CLI_RUN (f->cli.launcher, &run, "new", "--payee", PAYEE, "--settlement-asset", BTC,
              "--quote-asset", quote_asset, "--amount", amount, "--order-id", order_id);
  pd_cli_assert_ok (&run);
  PD_CLI_RUN (f->cli.launcher, &run, "check", order_id);
  /* A mismatch or a failure exits 1, with its warning. */
  g_assert_cmpint (run.status, <=, 1);
}

#define SUCCESS "[{\"status\":\"success\"}]"

/* Four USDT payments, a tampered one, a failed one, a cancelled one and
 * an open one; and a payment in USD. */
static void
make_ledger (Fixture *f)
{
  g_auto(PdCliRun) run = { 0 };

  settle_order (f, "report-usdt-1", USDT, "0.1", SUCCESS);
  settle_order (f, "report-usdt-2", USDT, "0.2", SUCCESS);
  settle_order (f, "report-usdt-3", USDT, "12345678.12345678", SUCCESS);
  settle_order (f, "report-usdt-4", USDT, "0.00000001", SUCCESS);
  /* The payer edited the link to pay 0.01: MixPay says success. */
  settle_order (f, "report-tampered", USDT, "500",
                "[{\"status\":\"success\",\"fields\":{\"quoteAmount\":\"0.01\"}}]");
  settle_order (f, "report-failed", USDT, "7", "[{\"status\":\"failed\"}]");
  settle_order (f, "report-open", USDT, "2.5", "[{\"status\":\"unpaid\"}]");
  settle_order (f, "report-cancelled", USDT, "9", "[{\"status\":\"unpaid\"}]");
  PD_CLI_RUN (f->cli.launcher, &run, "cancel", "report-cancelled", "--reason", "paid cash");
  pd_cli_assert_ok (&run);
  settle_order (f, "report-usd-1", "usd", "3.5", SUCCESS);
}

static JsonObject *
find_asset (JsonArray  *assets,
            const char *asset_id)
{
  for (guint i = 0; i < json_array_get_length (assets); i++)
    {
      JsonObject *asset = json_array_get_object_element (assets, i);

      if (g_strcmp0 (json_object_get_string_member (asset, "quote_asset_id"), asset_id) == 0)
        return asset;
    }

  g_assert_not_reached ();
}

/* Money is a string in the JSON, never a number. */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  return json_node_get_string (node);
}

static void
test_json (Fixture       *f,
           gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *totals;
  JsonArray *periods;
  JsonObject *usdt;
  JsonObject *usd;
  gint64 paid_in_periods = 0;

  make_ledger (f);

  PD_CLI_RUN (f->cli.launcher, &run, "report", "--from", f->from, "--to", f->to, "--json");
  pd_cli_assert_ok (&run);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "from"), ==, f->from);
  g_assert_cmpstr (json_object_get_string_member (root, "to"), ==, f->to);
  g_assert_cmpstr (json_object_get_string_member (root, "by"), ==, "day");

  totals = json_object_get_array_member (root, "totals");
  g_assert_cmpuint (json_array_get_length (totals), ==, 2);
  usdt = find_asset (totals, USDT);
  g_assert_cmpstr (string_member (usdt, "paid_total"), ==, "12345678.42345679");
  g_assert_cmpint (json_object_get_int_member (usdt, "paid_count"), ==, 4);
  /* The tampered payment is a mismatch, and not a cent of it is takings. */
  g_assert_cmpint (json_object_get_int_member (usdt, "mismatch_count"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (usdt, "failed_count"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (usdt, "cancelled_count"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (usdt, "open_count"), ==, 1);
  g_assert_cmpstr (string_member (usdt, "open_total"), ==, "2.5");
  /* No asset list is cached: the asset goes by its ID, never null. */
  g_assert_cmpstr (string_member (usdt, "quote_symbol"), ==, USDT);

  /* The second quote asset has its own row. */
  usd = find_asset (totals, "usd");
  g_assert_cmpstr (string_member (usd, "paid_total"), ==, "3.5");
  g_assert_cmpint (json_object_get_int_member (usd, "paid_count"), ==, 1);
  g_assert_cmpstr (string_member (usd, "open_total"), ==, "0");
  g_assert_cmpstr (string_member (usd, "quote_symbol"), ==, "usd");

  /* Only days with orders, and they add up to the totals. */
  periods = json_object_get_array_member (root, "periods");
  g_assert_cmpuint (json_array_get_length (periods), >=, 1);
  g_assert_cmpuint (json_array_get_length (periods), <=, 2);
  for (guint i = 0; i < json_array_get_length (periods); i++)
    {
      JsonObject *period = json_array_get_object_element (periods, i);
      JsonArray *assets = json_object_get_array_member (period, "assets");

      g_assert_cmpuint (strlen (json_object_get_string_member (period, "period")), ==, 10);
      for (guint a = 0; a < json_array_get_length (assets); a++)
        paid_in_periods += json_object_get_int_member (json_array_get_object_element (assets, a), "paid_count");
    }
  g_assert_cmpint (paid_in_periods, ==, 5);

  /* A range without the orders: no periods, no totals. */
  PD_CLI_RUN (f->cli.launcher, &run, "report", "--from", "2020-01-01", "--to", "2020-12-31", "--by", "month", "--json");
  pd_cli_assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "\"periods\" : []"));
  g_assert_nonnull (strstr (run.out, "\"totals\" : []"));
  g_assert_nonnull (strstr (run.out, "\"by\" : \"month\""));
}

static void
test_csv_and_text (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *usdt_total = NULL;
  g_autofree char *usd_total = NULL;

  make_ledger (f);

  PD_CLI_RUN (f->cli.launcher, &run, "report", "--from", f->from, "--to", f->to, "--by", "month", "--csv");
  pd_cli_assert_ok (&run);
  g_assert_true (g_str_has_prefix (run.out,
                                   "period,quote_asset_id,quote_symbol,paid_count,paid_total,open_count,"
                                   "open_total,mismatch_count,failed_count,cancelled_count\r\n"));
  usdt_total = g_strdup_printf ("total," USDT "," USDT ",4,12345678.42345679,1,2.5,1,1,1\r\n");
  usd_total = g_strdup ("total,usd,usd,1,3.5,0,0,0,0,0\r\n");
  g_assert_nonnull (strstr (run.out, usdt_total));
  g_assert_nonnull (strstr (run.out, usd_total));

  PD_CLI_RUN (f->cli.launcher, &run, "report", "--from", f->from, "--to", f->to);
  pd_cli_assert_ok (&run);
  g_assert_true (g_str_has_prefix (run.out, "Takings from "));
  g_assert_nonnull (strstr (run.out, "paid 4: 12345678.42345679  open 1: 2.5  mismatch 1  failed 1  cancelled 1"));
}

static char *
pdf_words (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-layout", "-enc", "UTF-8", pdf, "-", NULL };
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GString *words = g_string_new (NULL);
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &text, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (words, g_utf8_get_char (p));

  return g_string_free (words, FALSE);
}

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *pdf = g_build_filename (f->cli.dir, "z-report.pdf", NULL);
  g_autofree char *words = NULL;
  const char *txid;

  make_ledger (f);

  PD_CLI_RUN (f->cli.launcher, &run, "report", "--from", f->from, "--to", f->to, "--pdf", pdf);
  pd_cli_assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "");
  words = pdf_words (pdf);

  g_assert_nonnull (strstr (words, "TakingsReport"));
  g_assert_nonnull (strstr (words, f->from));
  g_assert_nonnull (strstr (words, f->to));
  /* The totals, per asset. */
  g_assert_nonnull (strstr (words, "12345678.42345679"));
  g_assert_nonnull (strstr (words, "3.5"));
  /* Every paid order with its amount and transaction. */
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("report-usdt-%u", i);
      g_assert_nonnull (strstr (words, id));
    }
  g_assert_nonnull (strstr (words, "report-usd-1"));
  g_assert_nonnull (strstr (words, "report-usdt-3"));
  g_assert_nonnull (strstr (strstr (words, "report-usdt-3"), "12345678.12345678"));

  PD_CLI_RUN (f->cli.launcher, &run, "show", "report-usdt-3", "--json");
  pd_cli_assert_ok (&run);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  {
    JsonObject *order = json_node_get_object (json_parser_get_root (parser));

    if (json_object_has_member (order, "order"))
      order = json_object_get_object_member (order, "order");
    txid = json_object_get_string_member (order, "txid");
    g_assert_nonnull (txid);
    g_assert_nonnull (strstr (words, txid));
  }

  /* Never the orders that are not takings. */
  g_assert_null (strstr (words, "report-tampered"));
  g_assert_null (strstr (words, "report-failed"));
  g_assert_null (strstr (words, "report-open"));
  g_assert_null (strstr (words, "report-cancelled"));
}

/* Bad input is refused naming the option, before the ledger is even
 * made. */
static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *pdf = g_build_filename (f->cli.dir, "never.pdf", NULL);

  PD_CLI_RUN (f->cli.launcher, &run, "report", "--from", "2026-13-01");
  pd_cli_assert_usage_error (&run, "--from");
  PD_CLI_RUN (f->cli.launcher, &run, "report", "--from", "2026-02-29");
  pd_cli_assert_usage_error (&run, "--from");
  PD_CLI_RUN (f->cli.launcher, &run, "report", "--to", "25/11/2026");
  pd_cli_assert_usage_error (&run, "--to");
  PD_CLI_RUN (f->cli.launcher, &run, "report", "--to", "2026-11-25T10:00:00");
  pd_cli_assert_usage_error (&run, "--to");
  PD_CLI_RUN (f->cli.launcher, &run, "report", "--from", "2026-11-26", "--to", "2026-11-25");
  pd_cli_assert_usage_error (&run, "--from");
  PD_CLI_RUN (f->cli.launcher, &run, "report", "--from", "0001-01-01", "--to", "2026-11-25");
  pd_cli_assert_usage_error (&run, "--from");
  PD_CLI_RUN (f->cli.launcher, &run, "report", "--by", "year");
  pd_cli_assert_usage_error (&run, "--by");
  PD_CLI_RUN (f->cli.launcher, &run, "report", "--by", "");
  pd_cli_assert_usage_error (&run, "--by");
  PD_CLI_RUN (f->cli.launcher, &run, "report", "--json", "--csv");
  pd_cli_assert_usage_error (&run, "--csv");
  PD_CLI_RUN (f->cli.launcher, &run, "report", "--json", "--pdf", pdf);
  pd_cli_assert_usage_error (&run, "--pdf");
  PD_CLI_RUN (f->cli.launcher, &run, "report", "--pdf", pdf, "--paper", "a5");
  pd_cli_assert_usage_error (&run, "--paper");

  g_assert_false (g_file_test (f->cli.db, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = pd_fake_server_start ("0", FALSE);

  g_test_add ("/cli-report/json", Fixture, NULL, fixture_set_up, test_json, fixture_tear_down);
  g_test_add ("/cli-report/csv-and-text", Fixture, NULL, fixture_set_up, test_csv_and_text, fixture_tear_down);
  g_test_add ("/cli-report/pdf", Fixture, NULL, fixture_set_up, test_pdf, fixture_tear_down);
  g_test_add ("/cli-report/bad-input", Fixture, NULL, fixture_set_up, test_bad_input, fixture_tear_down);

  status = g_test_run ();
  pd_fake_server_stop (server);
  return status;
}
