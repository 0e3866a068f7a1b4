/* test-cli-verify.c: what paydesk-cli check makes of MixPay answers
 * that must not make an order paid, against the fake MixPay server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pd-fake-server.h"
#include "pd-test-cli.h"

#define PAYEE PD_TEST_CLI_PAYEE
#define OTHER_PAYEE "8e69e534-d0c4-3e04-8b61-37a73cd9e7d7"
#define BTC PD_TEST_CLI_BTC
#define USDT PD_TEST_CLI_USDT

static PdFakeServer *server;

typedef PdCliFixture Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  pd_cli_fixture_set_up (f, server, "cli-verify");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  pd_cli_fixture_tear_down (f);
}

/* A mismatch whose reason `check`, `show`, `list --json` and the
 * history all give. */
static void
assert_mismatch_told (Fixture    *f,
                      const char *order_id,
                      const char *reason)
{
  g_auto(PdCliRun) run = { 0 };
  g_autoptr(JsonObject) order = pd_cli_fixture_show_json (f, order_id);

  g_assert_cmpstr (json_object_get_string_member (order, "state"), ==, "mismatch");
  g_assert_true (json_object_get_null_member (order, "paid_at"));
  g_assert_cmpstr (json_object_get_string_member (order, "mismatch_reason"), ==, reason);

  PD_CLI_RUN (f->launcher, &run, "show", order_id);
  pd_cli_assert_ok (&run);
  /* Once as the mismatch, once in the history. */
  g_assert_nonnull (strstr (run.out, reason));
  g_assert_nonnull (strstr (strstr (run.out, reason) + 1, reason));

  PD_CLI_RUN (f->launcher, &run, "list", "--state", "attention", "--json");
  pd_cli_assert_ok (&run);
  g_assert_nonnull (strstr (run.out, order_id));
  g_assert_nonnull (strstr (run.out, reason));
}

/* Scripts @order_id to answer @body, the whole answer's text, as is. */
static void
new_order_answering (Fixture    *f,
                     const char *order_id,
                     const char *body)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *quoted = NULL;
  g_autofree char *steps = NULL;

  json_node_set_string (node, body);
  quoted = json_to_string (node, FALSE);
  steps = g_strdup_printf ("[{\"body\":%s}]", quoted);
  pd_cli_fixture_new_order (f, order_id, steps);
}

/* json-glib cuts names and values at an escaped NUL, the strict check
 * kept it: each of these answers made its order paid. */
static void
test_check_nul_escape (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const datas[] = {
    "\"status\":\"success\\u0000-refunded\",\"payeeId\":\"" PAYEE "\"",
    "\"status\":\"failed\",\"status\\u0000\":\"success\",\"payeeId\":\"" PAYEE "\"",
    "\"status\":\"success\",\"payeeId\":\"" PAYEE "\\u0000" OTHER_PAYEE "\"",
    "\"status\":\"success\",\"payeeId\":\"" PAYEE "\",\"quoteAmount\":\"10\\u0000.5\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (datas); i++)
    {
      g_auto(PdCliRun) run = { 0 };
      g_autofree char *order_id = g_strdup_printf ("cli-nul-%u", i);
      g_autofree char *body = NULL;

      body = g_strdup_printf ("{\"code\":0,\"success\":true,\"message\":\"\",\"data\":{%s%s}}",
                              datas[i],
                              i == 3 ? ",\"quoteAssetId\":\"" USDT "\""
                                     : ",\"quoteAmount\":\"10\",\"quoteAssetId\":\"" USDT "\"");
      new_order_answering (f, order_id, body);

      PD_CLI_RUN (f->launcher, &run, "check", order_id);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      if (strstr (run.err, "\\u0000") == NULL)
        g_error ("%s: %s", order_id, run.err);
      pd_cli_fixture_assert_state (f, order_id, "unpaid");

      PD_CLI_RUN (f->launcher, &run, "show", order_id);
      pd_cli_assert_ok (&run);
      g_assert_nonnull (strstr (run.out, "\\u0000"));
    }
}

/* An answer about an earlier payment, or another order, settles
 * nothing. */
static void
test_check_other_payment (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };

  /* Years before the order existed. */
  pd_cli_fixture_new_order (f, "cli-paid-before", "[{\"status\":\"success\",\"fields\":{\"date\":1500000000}}]");
  PD_CLI_RUN (f->launcher, &run, "check", "cli-paid-before");
  pd_cli_assert_ok (&run);
  g_assert_true (g_str_has_prefix (run.out, "cli-paid-before: mismatch"));
  assert_mismatch_told (f, "cli-paid-before", "paid before this order was created");

  /* Within the allowed clock skew, a minute early, it is paid. */
  {
    g_autofree char *steps = g_strdup_printf ("[{\"status\":\"success\",\"fields\":{\"date\":%" G_GINT64_FORMAT "}}]",
                                              g_get_real_time () / G_USEC_PER_SEC - 60);

    pd_cli_fixture_new_order (f, "cli-paid-skew", steps);
    PD_CLI_RUN (f->launcher, &run, "check", "cli-paid-skew");
    pd_cli_assert_ok (&run);
    pd_cli_fixture_assert_state (f, "cli-paid-skew", "paid");
  }

  pd_cli_fixture_new_order (f, "cli-other-order", "[{\"status\":\"success\",\"fields\":{\"orderId\":\"cli-another-order\"}}]");
  PD_CLI_RUN (f->launcher, &run, "check", "cli-other-order");
  pd_cli_assert_ok (&run);
  assert_mismatch_told (f, "cli-other-order", "the answer is about another order ID");

  /* The same order ID, written the same, is fine. */
  pd_cli_fixture_new_order (f, "cli-same-order", "[{\"status\":\"success\",\"fields\":{\"orderId\":\"cli-same-order\"}}]");
  PD_CLI_RUN (f->launcher, &run, "check", "cli-same-order");
  pd_cli_assert_ok (&run);
  pd_cli_fixture_assert_state (f, "cli-same-order", "paid");

  /* On a one-time link the trace ID is Paydesk's own. */
  pd_fake_server_script (server, "{\"orderId\":\"cli-other-trace\",\"payeeId\":\"" PAYEE "\","
                                 "\"quoteAmount\":\"10\",\"quoteAssetId\":\"" USDT "\","
                                 "\"settlementAssetId\":\"" BTC "\",\"steps\":[{\"status\":\"success\","
                                 "\"fields\":{\"traceId\":\"0e6c1a44-8a3b-4a7e-9d55-3b1f7a2c9d10\"}}]}");
  PD_CLI_RUN (f->launcher, &run, "new", "--one-time", "--payee", PAYEE, "--settlement-asset", BTC,
              "--quote-asset", USDT, "--amount", "10", "--order-id", "cli-other-trace");
  pd_cli_assert_ok (&run);
  PD_CLI_RUN (f->launcher, &run, "check", "cli-other-trace");
  pd_cli_assert_ok (&run);
  assert_mismatch_told (f, "cli-other-trace", "the answer is about another trace ID");
}

/* MixPay says success, but not fully paid (1 of 10.013). */
static void
test_check_success_not_fully_paid (Fixture       *f,
                                   gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };

  pd_cli_fixture_new_order (f, "cli-not-full", "[{\"status\":\"success\",\"fields\":{\"paymentAmount\":\"1\","
                                "\"payableAmount\":\"10.013\",\"payment\":{\"isFullyPaid\":false}}}]");
  PD_CLI_RUN (f->launcher, &run, "check", "cli-not-full");
  pd_cli_assert_ok (&run);
  g_assert_true (g_str_has_prefix (run.out, "cli-not-full: mismatch"));
  assert_mismatch_told (f, "cli-not-full", "MixPay says it is not fully paid: 9.013 USDT still due");

  /* Fully paid, it is paid. */
  pd_cli_fixture_new_order (f, "cli-full", "[{\"status\":\"success\",\"fields\":{\"payment\":{\"isFullyPaid\":true}}}]");
  PD_CLI_RUN (f->launcher, &run, "check", "cli-full");
  pd_cli_assert_ok (&run);
  pd_cli_fixture_assert_state (f, "cli-full", "paid");
}

/* A success that cannot be read is a mismatch, not a failed check
 * retried forever; display-only fields of the wrong type are left out. */
static void
test_check_unreadable_success (Fixture       *f,
                               gconstpointer  data)
{
  static const char * const amounts[] = { "\"1e1\"", "\"-10\"", "10", "\"10,0\"" };
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *steps = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      g_autofree char *order_id = g_strdup_printf ("cli-unreadable-%u", i);
      g_autofree char *answer = g_strdup_printf ("[{\"status\":\"success\",\"fields\":{\"quoteAmount\":%s}}]",
                                                 amounts[i]);

      pd_cli_fixture_new_order (f, order_id, answer);
      PD_CLI_RUN (f->launcher, &run, "check", order_id);
      pd_cli_assert_ok (&run);
      assert_mismatch_told (f, order_id, "MixPay reports a payment whose amount cannot be read");
    }

  /* The date in milliseconds, now. */
  steps = g_strdup_printf ("[{\"status\":\"success\",\"fields\":{\"date\":%" G_GINT64_FORMAT ","
                           "\"confirmations\":\"12\",\"returnTo\":\"https://shop.example/\\u2028x\","
                           "\"payee\":7,\"failureReason\":[\"x\"]}}]",
                           g_get_real_time () / 1000);
  pd_cli_fixture_new_order (f, "cli-display-types", steps);
  PD_CLI_RUN (f->launcher, &run, "check", "cli-display-types");
  pd_cli_assert_ok (&run);
  pd_cli_fixture_assert_state (f, "cli-display-types", "paid");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  server = pd_fake_server_start ("0", FALSE);

#define ADD(path, func) \
  g_test_add ("/cli-verify/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("nul-escape", test_check_nul_escape);
  ADD ("other-payment", test_check_other_payment);
  ADD ("success-not-fully-paid", test_check_success_not_fully_paid);
  ADD ("unreadable-success", test_check_unreadable_success);

#undef ADD

  status = g_test_run ();
  pd_fake_server_stop (server);

  return status;
}
