/* test-cli-poll.c: paydesk-cli poll, check and lookup-payee against the
 * fake MixPay server
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
  pd_cli_fixture_set_up (f, server, "cli-poll");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  pd_cli_fixture_tear_down (f);
}

static void
test_poll_until_settled (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autoptr(GTimer) timer = g_timer_new ();

  pd_cli_fixture_new_order (f, "cli-poll-paid", "[{\"status\":\"confirming\",\"confirmations\":3},{\"status\":\"success\"}]");
  pd_cli_fixture_new_order (f, "cli-poll-tampered", "[{\"status\":\"success\",\"fields\":{\"quoteAmount\":\"0.01\"}}]");
  pd_cli_fixture_new_order (f, "cli-poll-asset", "[{\"status\":\"success\",\"fields\":{\"quoteAssetId\":\"usd\"}}]");
  pd_cli_fixture_new_order (f, "cli-poll-payee", "[{\"status\":\"success\",\"fields\":{\"payeeId\":\"" OTHER_PAYEE "\"}}]");
  pd_cli_fixture_new_order (f, "cli-poll-failed", "[{\"status\":\"failed\",\"fields\":{\"failureCode\":\"40000\"}}]");

  PD_CLI_RUN (f->launcher, &run, "poll", "--until-settled", "--rate", "60", "--timeout", "60");
  g_test_message ("poll --until-settled took %.1f s", g_timer_elapsed (timer, NULL));
  pd_cli_assert_ok (&run);

  g_assert_nonnull (strstr (run.out, "cli-poll-paid: unpaid → confirming (3 confirmations)\n"));
  g_assert_nonnull (strstr (run.out, "cli-poll-paid: confirming → paid"));
  g_assert_nonnull (strstr (run.out, "cli-poll-tampered: unpaid → mismatch (do not hand over goods: the amount paid for is not 10)\n"));
  g_assert_nonnull (strstr (run.out, "cli-poll-asset: unpaid → mismatch"));
  g_assert_nonnull (strstr (run.out, "cli-poll-payee: unpaid → mismatch"));
  g_assert_nonnull (strstr (run.out, "cli-poll-failed: unpaid → failed"));

  pd_cli_fixture_assert_state (f, "cli-poll-paid", "paid");
  pd_cli_fixture_assert_state (f, "cli-poll-tampered", "mismatch");
  pd_cli_fixture_assert_state (f, "cli-poll-asset", "mismatch");
  pd_cli_fixture_assert_state (f, "cli-poll-payee", "mismatch");
  pd_cli_fixture_assert_state (f, "cli-poll-failed", "failed");

  /* Nothing open: returns at once. */
  PD_CLI_RUN (f->launcher, &run, "poll", "--until-settled");
  pd_cli_assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "");
}

/* A paid_less answer through a link edited to 1 USDT, 0.5 paid: the
 * payable amount is the edited link's. Nothing is "still due" from it,
 * no reminder asks for it, and the order needs attention. */
static void
test_check_paid_less_mismatch (Fixture       *f,
                               gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };

  pd_cli_fixture_new_order (f, "cli-tampered-less",
             "[{\"status\":\"paid_less\",\"fields\":{\"quoteAmount\":\"1\",\"paymentAmount\":\"0.5\","
             "\"payableAmount\":\"1.0013\"}}]");
  pd_cli_fixture_new_order (f, "cli-honest-less",
             "[{\"status\":\"paid_less\",\"fields\":{\"paymentAmount\":\"6.5\",\"payableAmount\":\"10.013\"}}]");

  PD_CLI_RUN (f->launcher, &run, "check", "cli-tampered-less");
  pd_cli_assert_ok (&run);
  g_assert_null (strstr (run.out, "still due"));
  g_assert_cmpstr (run.out, ==, "cli-tampered-less: paid_less (do not hand over goods: the amount paid for is not 10)\n");
  pd_cli_fixture_assert_state (f, "cli-tampered-less", "paid_less");

  PD_CLI_RUN (f->launcher, &run, "check", "cli-honest-less");
  pd_cli_assert_ok (&run);

  PD_CLI_RUN (f->launcher, &run, "list", "--state", "attention");
  pd_cli_assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "cli-tampered-less"));
  g_assert_null (strstr (run.out, "cli-honest-less"));

  PD_CLI_RUN (f->launcher, &run, "show", "cli-tampered-less");
  pd_cli_assert_ok (&run);
  g_assert_null (strstr (run.out, "Still due:"));
  g_assert_nonnull (strstr (run.out, "quoteAmount"));

  PD_CLI_RUN (f->launcher, &run, "invoice", "cli-tampered-less", "--reminder");
  g_assert_cmpint (run.status, !=, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "quoteAmount"));
}

/* A poll left running learns of orders another program records, as
 * they come: with nothing open it had no timer, and ran for minutes
 * without asking about one. */
static void
test_poll_sees_new_orders (Fixture       *f,
                           gconstpointer  data)
{
  static const char * const args[] = { "poll", "--rate", "60", "--timeout", "8", NULL };
  g_autoptr(GSubprocess) poll = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  poll = pd_cli_spawn (f->launcher, args);
  g_usleep (2 * G_USEC_PER_SEC);
  pd_cli_fixture_new_order (f, "cli-poll-later", "[{\"status\":\"success\"}]");

  g_subprocess_communicate_utf8 (poll, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (poll));
  g_assert_cmpint (g_subprocess_get_exit_status (poll), ==, 0);

  g_assert_nonnull (strstr (out, "cli-poll-later: unpaid → paid"));
  pd_cli_fixture_assert_state (f, "cli-poll-later", "paid");
}

static void
test_poll_once_and_check (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };

  pd_cli_fixture_new_order (f, "cli-once-1", "[{\"status\":\"unpaid\"},{\"status\":\"paid_less\",\"fields\":{\"paymentAmount\":\"6.5\",\"payableAmount\":\"10.013\"}}]");
  pd_cli_fixture_new_order (f, "cli-once-2", "[{\"status\":\"unpaid\"}]");

  PD_CLI_RUN (f->launcher, &run, "poll", "--once");
  pd_cli_assert_ok (&run);
  /* Both asked once; neither changed state. */
  g_assert_cmpstr (run.out, ==, "");
  pd_cli_fixture_assert_state (f, "cli-once-1", "unpaid");

  PD_CLI_RUN (f->launcher, &run, "check", "cli-once-1");
  pd_cli_assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "cli-once-1: paid_less (3.513 USDT still due)\n");
  pd_cli_fixture_assert_state (f, "cli-once-1", "paid_less");

  /* Without the quote asset's symbol (no asset list cached), the amount
   * alone. */
  pd_cli_fixture_new_order (f, "cli-once-3", "[{\"status\":\"success\"}]");
  PD_CLI_RUN (f->launcher, &run, "check", "cli-once-3");
  pd_cli_assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "cli-once-3: paid (10 verified)\n");

  PD_CLI_RUN (f->launcher, &run, "check", "no-such-order");
  pd_cli_assert_usage_error (&run, "ORDER_ID");

  /* Out of time, check speaks of its order, not of the ledger's. */
  pd_cli_fixture_new_order (f, "cli-once-slow", "[{\"status\":\"unpaid\",\"delayMs\":4000}]");
  PD_CLI_RUN (f->launcher, &run, "check", "cli-once-slow", "--timeout", "1");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "time is up; MixPay has not answered about order cli-once-slow\n"));
}

/* A customer may pay a cancelled order after all: poll --once and
 * --until-settled ask about the cancelled orders that are due even when
 * no order is open, and --until-settled still exits once none is. */
static void
test_poll_cancelled (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autoptr(JsonObject) stats = NULL;

  pd_cli_fixture_new_order (f, "cli-cancelled-1", "[{\"status\":\"success\"}]");
  PD_CLI_RUN (f->launcher, &run, "cancel", "cli-cancelled-1", "--reason", "customer left");
  pd_cli_assert_ok (&run);

  PD_CLI_RUN (f->launcher, &run, "poll", "--once", "--timeout", "30");
  pd_cli_assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "cli-cancelled-1: cancelled → paid (10 verified)\n");
  pd_cli_fixture_assert_state (f, "cli-cancelled-1", "paid");

  pd_cli_fixture_new_order (f, "cli-cancelled-2", "[{\"status\":\"success\"}]");
  PD_CLI_RUN (f->launcher, &run, "cancel", "cli-cancelled-2", "--reason", "customer left");
  pd_cli_assert_ok (&run);

  PD_CLI_RUN (f->launcher, &run, "poll", "--until-settled", "--rate", "60", "--timeout", "30");
  pd_cli_assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "cli-cancelled-2: cancelled → paid (10 verified)\n");
  pd_cli_fixture_assert_state (f, "cli-cancelled-2", "paid");

  /* The last open order settles: the cancelled one due after it is
   * still asked about before the run ends. */
  pd_cli_fixture_new_order (f, "cli-cancelled-open", "[{\"status\":\"success\"}]");
  pd_cli_fixture_new_order (f, "cli-cancelled-4", "[{\"status\":\"success\"}]");
  PD_CLI_RUN (f->launcher, &run, "cancel", "cli-cancelled-4", "--reason", "customer left");
  pd_cli_assert_ok (&run);
  PD_CLI_RUN (f->launcher, &run, "poll", "--until-settled", "--rate", "60", "--timeout", "30");
  pd_cli_assert_ok (&run);
  g_assert_cmpstr (run.out, ==,
                   "cli-cancelled-open: unpaid → paid (10 verified)\n"
                   "cli-cancelled-4: cancelled → paid (10 verified)\n");

  /* One still unpaid stays cancelled, and neither mode waits for it: it
   * was asked about, and is not open. */
  pd_cli_fixture_new_order (f, "cli-cancelled-3", "[{\"status\":\"unpaid\"}]");
  PD_CLI_RUN (f->launcher, &run, "cancel", "cli-cancelled-3", "--reason", "customer left");
  pd_cli_assert_ok (&run);
  g_bytes_unref (pd_fake_server_request (server, "POST", "/_control/reset", NULL));
  PD_CLI_RUN (f->launcher, &run, "poll", "--until-settled", "--rate", "60", "--timeout", "30");
  pd_cli_assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "");
  pd_cli_fixture_assert_state (f, "cli-cancelled-3", "cancelled");
  stats = pd_fake_server_stats (server);
  g_assert_cmpint (json_object_get_int_member (stats, "total"), ==, 1);
}

static void
test_poll_unreachable (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *api = NULL;
  guint16 port;

  pd_cli_fixture_new_order (f, "cli-offline", "[{\"status\":\"unpaid\"}]");

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  api = g_strdup_printf ("http://127.0.0.1:%u/v1", port);

  PD_CLI_RUN (f->launcher, &run, "check", "--api-base", api, "cli-offline");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "paydesk-cli: cli-offline: "));
  g_assert_cmpstr (run.out, ==, "");

  /* The failed check put cli-offline off for a while: --once asks only
   * about what is due, the order made since. */
  pd_cli_fixture_new_order (f, "cli-offline-2", "[{\"status\":\"unpaid\"}]");
  PD_CLI_RUN (f->launcher, &run, "poll", "--once", "--api-base", api);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "cli-offline-2: "));
  g_assert_null (strstr (run.err, "cli-offline: "));
  pd_cli_fixture_assert_state (f, "cli-offline", "unpaid");

  /* Plain http is for loopback only. */
  PD_CLI_RUN (f->launcher, &run, "poll", "--once", "--api-base", "http://api.mixpay.me/v1");
  pd_cli_assert_usage_error (&run, "--api-base");
}

/* Whether the ledger says the order was ever checked. */
static gboolean
was_checked (Fixture    *f,
             const char *order_id)
{
  g_autoptr(JsonObject) order = pd_cli_fixture_show_json (f, order_id);

  return json_object_get_string_member_with_default (order, "last_checked_at", NULL) != NULL;
}

/* An API base that answers 404 for everything (a plain web server) is a
 * failed check: exit status 1, said so, and "Last checked" not moved. */
static void
test_check_not_mixpay (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };

  pd_cli_fixture_new_order (f, "cli-plain-404", "[{\"http\":404}]");
  PD_CLI_RUN (f->launcher, &run, "check", "cli-plain-404");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "cli-plain-404: "));
  g_assert_nonnull (strstr (run.err, "does not answer like MixPay"));
  g_assert_false (was_checked (f, "cli-plain-404"));
  pd_cli_fixture_assert_state (f, "cli-plain-404", "unpaid");

  /* MixPay's own "does not exist" is an answer: unpaid, and checked. */
  pd_cli_fixture_new_order (f, "cli-real-404", "[{\"http\":404,\"code\":10062}]");
  PD_CLI_RUN (f->launcher, &run, "check", "cli-real-404");
  pd_cli_assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "cli-real-404: unpaid\n");
  g_assert_true (was_checked (f, "cli-real-404"));
}

static void
test_poll_usage_errors (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };

  PD_CLI_RUN (f->launcher, &run, "poll", "--rate", "0");
  pd_cli_assert_usage_error (&run, "--rate");
  PD_CLI_RUN (f->launcher, &run, "poll", "--rate", "61");
  pd_cli_assert_usage_error (&run, "--rate");
  PD_CLI_RUN (f->launcher, &run, "poll", "--once", "--until-settled");
  pd_cli_assert_usage_error (&run, "--once");
  PD_CLI_RUN (f->launcher, &run, "poll", "--timeout", "-5");
  pd_cli_assert_usage_error (&run, "--timeout");
  PD_CLI_RUN (f->launcher, &run, "check");
  pd_cli_assert_usage_error (&run, "ORDER_ID");

  /* Nothing was written: no ledger was even created. */
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
}

static void
test_lookup_payee (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *again = NULL;

  PD_CLI_RUN (f->launcher, &run, "lookup-payee", "38000008");
  pd_cli_assert_ok (&run);
  g_assert_cmpuint (strlen (run.out), ==, 37);
  g_assert_true (g_uuid_string_is_valid (g_strchomp (run.out)));
  again = g_strdup (run.out);

  PD_CLI_RUN (f->launcher, &run, "lookup-payee", "38000008");
  g_assert_cmpstr (g_strchomp (run.out), ==, again);

  PD_CLI_RUN (f->launcher, &run, "lookup-payee", "38x");
  pd_cli_assert_usage_error (&run, "MIXIN_ID");

  PD_CLI_RUN (f->launcher, &run, "lookup-payee", "0");
  g_assert_cmpint (run.status, ==, 1);
}

static void
test_new_one_time (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *prefix = g_strconcat (server->base, "/code/", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *order;

  PD_CLI_RUN (f->launcher, &run, "new", "--one-time", "--payee", PAYEE, "--settlement-asset", BTC,
              "--quote-asset", USDT, "--amount", "12.5", "--order-id", "cli-one-time-1", "--json");
  pd_cli_assert_ok (&run);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  order = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (order, "link_kind"), ==, "one-time");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (order, "link"), prefix));
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (order, "link") + strlen (prefix)));

  /* A duplicate is refused before MixPay is asked. */
  PD_CLI_RUN (f->launcher, &run, "new", "--one-time", "--payee", PAYEE, "--settlement-asset", BTC,
              "--quote-asset", USDT, "--amount", "12.5", "--order-id", "cli-one-time-1");
  pd_cli_assert_usage_error (&run, "--order-id");

  /* MixPay unreachable: nothing is stored. */
  PD_CLI_RUN (f->launcher, &run, "new", "--one-time", "--payee", PAYEE, "--settlement-asset", BTC,
              "--quote-asset", USDT, "--amount", "12.5", "--order-id", "cli-one-time-2",
              "--api-base", "http://127.0.0.1:9/v1");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  PD_CLI_RUN (f->launcher, &run, "show", "cli-one-time-2");
  pd_cli_assert_usage_error (&run, "ORDER_ID");
}

/* The /v1/ request arrival times since the last reset, in ms. */
static GArray *
request_times (void)
{
  g_autoptr(JsonObject) stats = pd_fake_server_stats (server);
  JsonArray *timestamps = json_object_get_array_member (stats, "timestamps");
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < json_array_get_length (timestamps); i++)
    {
      gint64 ms = json_array_get_int_element (timestamps, i);

      g_array_append_val (times, ms);
    }

  return times;
}

/* Every request to MixPay, from every command and process, goes through
 * the one gate: spaced 60/rate s apart, and never during a pause that a
 * 1429 asked for, whichever command heard it. */
static void
test_one_gate_for_every_command (Fixture       *f,
                                 gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autoptr(GArray) times = NULL;
  g_autoptr(GBytes) reset = NULL;

  pd_cli_fixture_new_order (f, "cli-gate-limited", "[{\"code\":1429,\"retryAfter\":3},{\"status\":\"unpaid\"}]");
  reset = pd_fake_server_request (server, "POST", "/_control/reset", "{}");

  /* check hears the 1429 and gives up; the pause outlives it. */
  PD_CLI_RUN (f->launcher, &run, "check", "cli-gate-limited", "--timeout", "1");
  g_assert_cmpint (run.status, ==, 1);
  PD_CLI_RUN (f->launcher, &run, "lookup-payee", "38000008");
  pd_cli_assert_ok (&run);
  PD_CLI_RUN (f->launcher, &run, "lookup-payee", "38000009");
  pd_cli_assert_ok (&run);
  PD_CLI_RUN (f->launcher, &run, "new", "--one-time", "--payee", PAYEE, "--settlement-asset", BTC,
              "--quote-asset", USDT, "--amount", "1", "--order-id", "cli-gate-one-time");
  pd_cli_assert_ok (&run);

  times = request_times ();
  g_assert_cmpuint (times->len, ==, 4);
  /* Nothing during the 3 s pause. */
  g_assert_cmpint (g_array_index (times, gint64, 1) - g_array_index (times, gint64, 0), >=, 3000);
  /* Then 1.2 s apart at 50 a minute, one process after another. */
  for (guint i = 2; i < times->len; i++)
    g_assert_cmpint (g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 1), >=, 1200);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  server = pd_fake_server_start ("0", FALSE);

#define ADD(path, func) \
  g_test_add ("/cli-poll/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("until-settled", test_poll_until_settled);
  ADD ("once-and-check", test_poll_once_and_check);
  ADD ("check-paid-less-mismatch", test_check_paid_less_mismatch);
  ADD ("sees-new-orders", test_poll_sees_new_orders);
  ADD ("cancelled", test_poll_cancelled);
  ADD ("unreachable", test_poll_unreachable);
  ADD ("check-not-mixpay", test_check_not_mixpay);
  ADD ("usage-errors", test_poll_usage_errors);
  ADD ("lookup-payee", test_lookup_payee);
  ADD ("new-one-time", test_new_one_time);
  ADD ("one-gate-for-every-command", test_one_gate_for_every_command);

#undef ADD

  status = g_test_run ();
  pd_fake_server_stop (server);

  return status;
}
