/* test-mixpay-client.c: the MixPay client against the fake server
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "pd-fake-server.h"
#include "pd-mixpay-client.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define OTHER_PAYEE "8e69e534-d0c4-3e04-8b61-37a73cd9e7d7"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"

typedef PdFakeServer FakeServer;

static FakeServer *main_server;
static SoupSession *control_session;

#define fake_server_start pd_fake_server_start
#define fake_server_start_full pd_fake_server_start_full
#define fake_server_stop pd_fake_server_stop
#define get_stats pd_fake_server_stats

static void
script (const char *json)
{
  pd_fake_server_script (main_server, json);
}

/* ----- running async calls ------------------------------------------------- */

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static PdMixpayClient *
new_client (const char *api)
{
  g_autoptr(GError) error = NULL;
  PdMixpayClient *client = pd_mixpay_client_new (api, &error);

  g_assert_no_error (error);

  return client;
}

static PdPaymentResult *
get_result (PdMixpayClient  *client,
            const char      *order_id,
            const char      *payee_id,
            GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_mixpay_client_get_payment_result_async (client, order_id, payee_id, NULL,
                                             got_result_cb, &result);

  return pd_mixpay_client_get_payment_result_finish (client, wait_for (&result), error);
}

static PdOrderState
check_order (PdMixpayClient  *client,
             const char      *order_id,
             GStrv           *mismatches)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPaymentResult) result = get_result (client, order_id, PAYEE, &error);

  g_assert_no_error (error);

  return pd_payment_result_verify (result, PAYEE, USDT, "10", mismatches);
}

static GError *
get_result_error (PdMixpayClient *client,
                  const char     *order_id)
{
  GError *error = NULL;
  g_autoptr(PdPaymentResult) result = get_result (client, order_id, PAYEE, &error);

  g_assert_null (result);
  g_assert_nonnull (error);

  return error;
}

/* ----- tests --------------------------------------------------------------- */

static void
test_lifecycle (void)
{
  g_autoptr(PdMixpayClient) client = new_client (main_server->api);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPaymentResult) confirming = NULL;
  g_autoptr(JsonObject) stats = NULL;

  script ("{\"orderId\":\"life-0001\",\"payeeId\":\"" PAYEE "\",\"quoteAmount\":\"10\","
          "\"quoteAssetId\":\"" USDT "\",\"steps\":[{\"status\":\"unpaid\"},"
          "{\"status\":\"confirming\",\"confirmations\":3},{\"status\":\"success\"}]}");

  g_assert_cmpint (check_order (client, "life-0001", NULL), ==, PD_ORDER_STATE_UNPAID);

  confirming = get_result (client, "life-0001", PAYEE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confirming->status, ==, "confirming");
  g_assert_cmpint (confirming->confirmations, ==, 3);
  g_assert_nonnull (confirming->txid);
  g_assert_true (g_str_has_prefix (pd_payment_result_get_raw_json (confirming), "{\"code\":0"));

  g_assert_cmpint (check_order (client, "life-0001", NULL), ==, PD_ORDER_STATE_PAID);
  /* The last step repeats. */
  g_assert_cmpint (check_order (client, "life-0001", NULL), ==, PD_ORDER_STATE_PAID);

  stats = get_stats (main_server);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (stats, "userAgent"),
                                   "Paydesk/" PACKAGE_VERSION " (+https://github.com/paydesk/paydesk)"));
}

static void
test_mismatches (void)
{
  static const struct {
    const char *order_id;
    const char *fields;
    const char *mismatch;
  } cases[] = {
    { "tamper-amount", "{\"quoteAmount\":\"0.01\"}", "quoteAmount" },
    { "tamper-asset", "{\"quoteAssetId\":\"usd\"}", "quoteAssetId" },
    { "tamper-payee", "{\"payeeId\":\"" OTHER_PAYEE "\"}", "payeeId" },
  };
  g_autoptr(PdMixpayClient) client = new_client (main_server->api);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"orderId\":\"%s\",\"payeeId\":\"" PAYEE "\","
                                               "\"steps\":[{\"status\":\"success\",\"fields\":%s}]}",
                                               cases[i].order_id, cases[i].fields);
      g_auto(GStrv) mismatches = NULL;
      const char * const expected[] = { cases[i].mismatch, NULL };

      script (json);
      g_assert_cmpint (check_order (client, cases[i].order_id, &mismatches), ==, PD_ORDER_STATE_MISMATCH);
      g_assert_cmpstrv (mismatches, expected);
    }
}

static void
test_http_error (void)
{
  g_autoptr(PdMixpayClient) client = new_client (main_server->api);
  g_autoptr(GError) error = NULL;

  script ("{\"orderId\":\"http-500\",\"payeeId\":\"" PAYEE "\",\"steps\":[{\"http\":500}]}");
  error = get_result_error (client, "http-500");
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_HTTP);
  g_assert_cmpuint (pd_mixpay_error_get_http_status (error), ==, 500);
  g_assert_true (pd_mixpay_error_is_retryable (error));
}

static void
test_malformed (void)
{
  g_autoptr(PdMixpayClient) client = new_client (main_server->api);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) wrong_type = NULL;

  script ("{\"orderId\":\"malformed\",\"payeeId\":\"" PAYEE "\",\"steps\":[{\"malformed\":true}]}");
  error = get_result_error (client, "malformed");
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED);
  g_assert_false (pd_mixpay_error_is_retryable (error));

  /* Without a status there is nothing to go on. */
  script ("{\"orderId\":\"wrong-type\",\"payeeId\":\"" PAYEE "\","
          "\"steps\":[{\"status\":\"success\",\"fields\":{\"status\":10}}]}");
  wrong_type = get_result_error (client, "wrong-type");
  g_assert_error (wrong_type, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED);
  g_assert_nonnull (strstr (wrong_type->message, "status"));

  /* A success whose amount cannot be read is read, as a mismatch. */
  script ("{\"orderId\":\"unreadable\",\"payeeId\":\"" PAYEE "\","
          "\"steps\":[{\"status\":\"success\",\"fields\":{\"quoteAmount\":10}}]}");
  {
    g_auto(GStrv) mismatches = NULL;

    g_assert_cmpint (check_order (client, "unreadable", &mismatches), ==, PD_ORDER_STATE_MISMATCH);
    g_assert_cmpstr (mismatches[0], ==, PD_MISMATCH_UNREADABLE);
  }
}

static void
test_timeout (void)
{
  g_autoptr(PdMixpayClient) client = new_client (main_server->api);
  g_autoptr(GError) error = NULL;
  gint64 started;

  pd_mixpay_client_set_timeout (client, 1);
  g_assert_cmpuint (pd_mixpay_client_get_timeout (client), ==, 1);

  script ("{\"orderId\":\"slow-answer\",\"payeeId\":\"" PAYEE "\",\"steps\":[{\"delayMs\":3000}]}");
  started = g_get_monotonic_time ();
  error = get_result_error (client, "slow-answer");
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 2500 * G_TIME_SPAN_MILLISECOND);
}

static void
test_cancelled (void)
{
  g_autoptr(PdMixpayClient) client = new_client (main_server->api);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPaymentResult) payment = NULL;

  script ("{\"orderId\":\"cancelled\",\"payeeId\":\"" PAYEE "\",\"steps\":[{\"delayMs\":2000}]}");
  pd_mixpay_client_get_payment_result_async (client, "cancelled", PAYEE, cancellable,
                                             got_result_cb, &result);
  g_cancellable_cancel (cancellable);
  payment = pd_mixpay_client_get_payment_result_finish (client, wait_for (&result), &error);
  g_assert_null (payment);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_connection_refused (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(PdMixpayClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *api = NULL;

  /* A port that was free a moment ago and has no listener. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  api = g_strdup_printf ("http://127.0.0.1:%u/v1",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  client = new_client (api);
  error = get_result_error (client, "refused");
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NETWORK);
  g_assert_true (pd_mixpay_error_is_retryable (error));
}

static void
test_scripted_rate_limit (void)
{
  g_autoptr(PdMixpayClient) client = new_client (main_server->api);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) maintenance = NULL;

  script ("{\"orderId\":\"limited\",\"payeeId\":\"" PAYEE "\",\"steps\":[{\"code\":1429,\"retryAfter\":5}]}");
  error = get_result_error (client, "limited");
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_RATE_LIMITED);
  g_assert_cmpint (pd_mixpay_error_get_api_code (error), ==, 1429);
  g_assert_cmpint (pd_mixpay_error_get_retry_after (error), ==, 5);
  g_assert_cmpuint (pd_mixpay_error_get_http_status (error), ==, 200);

  script ("{\"orderId\":\"maintenance\",\"payeeId\":\"" PAYEE "\",\"steps\":[{\"code\":10008}]}");
  maintenance = get_result_error (client, "maintenance");
  g_assert_error (maintenance, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_API);
  g_assert_cmpint (pd_mixpay_error_get_api_code (maintenance), ==, 10008);
  g_assert_cmpint (pd_mixpay_error_get_retry_after (maintenance), ==, -1);
  g_assert_true (pd_mixpay_error_is_retryable (maintenance));
}

/* The server's own limit: past it, HTTP 429 with Retry-After. */
static void
count_cb (guint *count)
{
  (*count)++;
}

static void
test_server_rate_limit (void)
{
  FakeServer *server = fake_server_start ("2", FALSE);
  g_autoptr(PdMixpayClient) client = new_client (server->api);
  g_autoptr(JsonObject) stats = NULL;
  guint n_spent = 0;

  g_signal_connect_swapped (client, "budget-spent", G_CALLBACK (count_cb), &n_spent);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdPaymentResult) result = get_result (client, "rate-test", PAYEE, &error);

      /* The second answer says none is left; the refusal says it again,
       * with its own pause, and is not told twice. */
      g_assert_cmpuint (n_spent, ==, i == 0 ? 0 : 1);
      if (i < 2)
        {
          g_assert_no_error (error);
          g_assert_true (result->not_found);
          continue;
        }

      g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_RATE_LIMITED);
      g_assert_cmpuint (pd_mixpay_error_get_http_status (error), ==, 429);
      g_assert_cmpint (pd_mixpay_error_get_api_code (error), ==, 1429);
      g_assert_cmpint (pd_mixpay_error_get_retry_after (error), >=, 1);
      g_assert_cmpint (pd_mixpay_error_get_retry_after (error), <=, 60);
    }

  stats = get_stats (server);
  g_assert_cmpint (json_object_get_int_member (stats, "total"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (stats, "rateLimited"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (stats, "timestamps")), ==, 3);

  fake_server_stop (server);
}

/* x-ratelimit-remaining: 0 is news whatever the answer: an HTTP 500
 * that carries it spent the minute's last request all the same. */
static void
test_budget_spent_on_error (void)
{
  FakeServer *server = fake_server_start ("1", FALSE);
  g_autoptr(PdMixpayClient) client = new_client (server->api);
  g_autoptr(GError) error = NULL;
  guint n_spent = 0;

  pd_fake_server_script (server, "{\"orderId\":\"spent-500\",\"payeeId\":\"" PAYEE "\","
                                 "\"steps\":[{\"http\":500}]}");
  g_signal_connect_swapped (client, "budget-spent", G_CALLBACK (count_cb), &n_spent);
  error = get_result_error (client, "spent-500");
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_HTTP);
  g_assert_cmpuint (pd_mixpay_error_get_http_status (error), ==, 500);
  g_assert_cmpuint (n_spent, ==, 1);

  fake_server_stop (server);
}

/* Two processes, each with its own client and gate on one ledger's file:
 * a 1429 one of them hears holds back the other, and a request waiting
 * for its slot can be cancelled. */
static void
test_gate_shared (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paydesk-client-gate-XXXXXX", &error);
  g_autofree char *ledger = g_build_filename (dir, "ledger.db", NULL);
  g_autofree char *lock = g_strconcat (ledger, ".poll-lock", NULL);
  g_autoptr(PdMixpayClient) app = new_client (main_server->api);
  g_autoptr(PdMixpayClient) cli = new_client (main_server->api);
  g_autoptr(PdRequestGate) app_gate = pd_request_gate_new_for_ledger (ledger, NULL);
  g_autoptr(PdRequestGate) cli_gate = pd_request_gate_new_for_ledger (ledger, NULL);
  g_autoptr(GError) limited = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *payee = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  gint64 until = 0;

  g_assert_no_error (error);
  pd_mixpay_client_set_gate (app, app_gate);
  pd_mixpay_client_set_gate (cli, cli_gate);

  script ("{\"orderId\":\"gate-limited\",\"payeeId\":\"" PAYEE "\",\"steps\":[{\"code\":1429,\"retryAfter\":2}]}");
  limited = get_result_error (app, "gate-limited");
  g_assert_error (limited, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_RATE_LIMITED);
  g_assert_true (pd_request_gate_get_pause (cli_gate, &until));

  /* The other one waits out the pause before it sends. */
  g_timer_start (timer);
  pd_mixpay_client_lookup_payee_async (cli, "38000008", NULL, got_result_cb, &result);
  payee = pd_mixpay_client_lookup_payee_finish (cli, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), >=, 1.5);
  g_clear_object (&result);

  /* Waiting for the next slot (1.2 s), cancelled: nothing is sent. */
  pd_mixpay_client_get_quote_assets_async (cli, cancellable, got_result_cb, &result);
  g_cancellable_cancel (cancellable);
  g_assert_null (pd_mixpay_client_get_assets_finish (cli, wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_unlink (lock);
  g_rmdir (dir);
}

/* The /v1/ request arrival times at @server since its last reset, in ms. */
static GArray *
arrival_times (FakeServer *server)
{
  g_autoptr(JsonObject) stats = get_stats (server);
  JsonArray *timestamps = json_object_get_array_member (stats, "timestamps");
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < json_array_get_length (timestamps); i++)
    {
      gint64 ms = json_array_get_int_element (timestamps, i);

      g_array_append_val (times, ms);
    }

  return times;
}

/* A request that leaves well after its slot (a busy machine: here the
 * main loop held up 400 ms between the grant and the send) still keeps
 * the next one, another process's, 60/rate s after it at MixPay: the
 * gate spaces sends, not grants. */
static void
test_gate_spaces_sends (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paydesk-client-gate-XXXXXX", &error);
  g_autofree char *ledger = g_build_filename (dir, "ledger.db", NULL);
  g_autofree char *lock = g_strconcat (ledger, ".poll-lock", NULL);
  g_autoptr(PdMixpayClient) app = new_client (main_server->api);
  g_autoptr(PdMixpayClient) cli = new_client (main_server->api);
  g_autoptr(PdRequestGate) app_gate = pd_request_gate_new_for_ledger (ledger, NULL);
  g_autoptr(PdRequestGate) cli_gate = pd_request_gate_new_for_ledger (ledger, NULL);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GBytes) reset = NULL;
  g_autoptr(GArray) times = NULL;
  g_autofree char *payee = NULL;

  g_assert_no_error (error);
  pd_request_gate_set_rate (app_gate, 60);
  pd_request_gate_set_rate (cli_gate, 60);
  pd_mixpay_client_set_gate (app, app_gate);
  pd_mixpay_client_set_gate (cli, cli_gate);
  reset = pd_fake_server_request (main_server, "POST", "/_control/reset", "{}");

  /* Granted now, sent only once the main loop runs again. */
  pd_mixpay_client_lookup_payee_async (app, "38000008", NULL, got_result_cb, &first);
  g_usleep (400 * 1000);
  payee = pd_mixpay_client_lookup_payee_finish (app, wait_for (&first), &error);
  g_assert_no_error (error);
  g_clear_pointer (&payee, g_free);

  pd_mixpay_client_lookup_payee_async (cli, "38000009", NULL, got_result_cb, &second);
  payee = pd_mixpay_client_lookup_payee_finish (cli, wait_for (&second), &error);
  g_assert_no_error (error);

  times = arrival_times (main_server);
  g_assert_cmpuint (times->len, ==, 2);
  g_test_message ("the two requests arrived %" G_GINT64_FORMAT " ms apart",
                  g_array_index (times, gint64, 1) - g_array_index (times, gint64, 0));
  g_assert_cmpint (g_array_index (times, gint64, 1) - g_array_index (times, gint64, 0), >=, 1000);

  g_unlink (lock);
  g_rmdir (dir);
}

static void
test_unknown_order (void)
{
  g_autoptr(PdMixpayClient) client = new_client (main_server->api);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPaymentResult) unknown = NULL;
  g_autoptr(PdPaymentResult) not_found = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PdPaymentResult) by_trace = NULL;

  unknown = get_result (client, "never-seen", PAYEE, &error);
  g_assert_no_error (error);
  g_assert_true (unknown->not_found);
  g_assert_cmpint (pd_payment_result_verify (unknown, PAYEE, USDT, "10", NULL), ==, PD_ORDER_STATE_UNPAID);

  /* MixPay's own "does not exist" means the same with HTTP 404. */
  script ("{\"orderId\":\"http-404\",\"payeeId\":\"" PAYEE "\",\"steps\":[{\"http\":404,\"code\":10062}]}");
  not_found = get_result (client, "http-404", PAYEE, &error);
  g_assert_no_error (error);
  g_assert_true (not_found->not_found);

  pd_mixpay_client_get_payment_result_by_trace_async (client, "6b5e4cc1-0d5b-4a3e-9d8a-0bd1b2b0c001",
                                                      NULL, got_result_cb, &result);
  by_trace = pd_mixpay_client_get_payment_result_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (by_trace->not_found);
}

/* Only MixPay's envelope with code 10062 means "not known yet": any other
 * 404 is a failed check, never an unpaid order. */
static void
test_not_found_needs_mixpay (void)
{
  g_autoptr(PdMixpayClient) client = new_client (main_server->api);
  g_autoptr(GError) plain = NULL;
  g_autoptr(GError) html = NULL;
  g_autoptr(GError) success = NULL;
  g_autoptr(GError) limited = NULL;
  g_autoptr(GError) portal = NULL;

  /* A web server that is not MixPay (a typo, a missing /v1, a proxy). */
  script ("{\"orderId\":\"plain-404\",\"payeeId\":\"" PAYEE "\",\"steps\":[{\"http\":404}]}");
  plain = get_result_error (client, "plain-404");
  g_assert_error (plain, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NOT_MIXPAY);
  g_assert_cmpuint (pd_mixpay_error_get_http_status (plain), ==, 404);
  g_assert_nonnull (strstr (plain->message, "does not answer like MixPay"));

  script ("{\"orderId\":\"html-404\",\"payeeId\":\"" PAYEE "\","
          "\"steps\":[{\"http\":404,\"body\":\"<html><body>Not Found</body></html>\"}]}");
  html = get_result_error (client, "html-404");
  g_assert_error (html, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NOT_MIXPAY);

  /* A success in a 404 is neither paid nor unpaid. */
  script ("{\"orderId\":\"success-404\",\"payeeId\":\"" PAYEE "\","
          "\"steps\":[{\"http\":404,\"status\":\"success\"}]}");
  success = get_result_error (client, "success-404");
  g_assert_error (success, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_HTTP);
  g_assert_cmpuint (pd_mixpay_error_get_http_status (success), ==, 404);

  /* A 1429 in a 404 is a refusal, with its pause. */
  script ("{\"orderId\":\"limited-404\",\"payeeId\":\"" PAYEE "\","
          "\"steps\":[{\"http\":404,\"code\":1429,\"retryAfter\":9}]}");
  limited = get_result_error (client, "limited-404");
  g_assert_error (limited, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_RATE_LIMITED);
  g_assert_cmpint (pd_mixpay_error_get_retry_after (limited), ==, 9);

  /* A captive portal's page with HTTP 200. */
  script ("{\"orderId\":\"portal-200\",\"payeeId\":\"" PAYEE "\","
          "\"steps\":[{\"body\":\"<html><body>Log in to the hotel Wi-Fi</body></html>\"}]}");
  portal = get_result_error (client, "portal-200");
  g_assert_error (portal, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NOT_MIXPAY);
}

static void
test_by_trace_and_encoding (void)
{
  g_autoptr(PdMixpayClient) client = new_client (main_server->api);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PdPaymentResult) by_trace = NULL;
  g_autoptr(PdPaymentResult) odd = NULL;

  script ("{\"orderId\":\"trace-0001\",\"payeeId\":\"" PAYEE "\","
          "\"traceId\":\"0f6e0c52-5b1d-4d53-9a0a-3f2d1d9a7e11\",\"status\":\"paid_less\"}");
  pd_mixpay_client_get_payment_result_by_trace_async (client, "0f6e0c52-5b1d-4d53-9a0a-3f2d1d9a7e11",
                                                      NULL, got_result_cb, &result);
  by_trace = pd_mixpay_client_get_payment_result_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_trace->status, ==, "paid_less");

  /* Reserved characters in a value reach the server intact. */
  script ("{\"orderId\":\"odd&id=1 +x\",\"payeeId\":\"" PAYEE "\",\"status\":\"confirming\"}");
  odd = get_result (client, "odd&id=1 +x", PAYEE, &error);
  g_assert_no_error (error);
  g_assert_false (odd->not_found);
  g_assert_cmpstr (odd->status, ==, "confirming");
}

/* Answers are read to their end, whole or chunked, found or not, so that
 * libsoup can reuse the connection: one connection for every request. */
static void
test_keeps_connection (void)
{
  FakeServer *server = fake_server_start ("0", FALSE);
  g_autoptr(PdMixpayClient) client = new_client (server->api);
  g_autoptr(JsonObject) stats = NULL;
  const char *order_ids[] = { "kept-plain", "kept-chunked", "kept-unknown", "kept-plain" };

  pd_fake_server_script (server,
                         "[{\"orderId\":\"kept-plain\",\"payeeId\":\"" PAYEE "\",\"steps\":[{\"status\":\"unpaid\"}]},"
                         "{\"orderId\":\"kept-chunked\",\"payeeId\":\"" PAYEE "\","
                         "\"steps\":[{\"status\":\"unpaid\",\"padBytes\":200000,\"chunked\":true}]}]");

  for (guint i = 0; i < G_N_ELEMENTS (order_ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdPaymentResult) result = get_result (client, order_ids[i], PAYEE, &error);

      g_assert_no_error (error);
      g_assert_true (result->not_found == g_str_equal (order_ids[i], "kept-unknown"));
    }

  stats = get_stats (server);
  g_assert_cmpint (json_object_get_int_member (stats, "total"), ==, G_N_ELEMENTS (order_ids));
  g_assert_cmpint (json_object_get_int_member (stats, "connections"), ==, 1);

  fake_server_stop (server);
}

static void
test_large_body (void)
{
  g_autoptr(PdMixpayClient) client = new_client (main_server->api);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPaymentResult) big_but_fine = NULL;

  script ("{\"orderId\":\"big-body\",\"payeeId\":\"" PAYEE "\",\"steps\":[{\"padBytes\":1100000}]}");
  error = get_result_error (client, "big-body");
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED);
  g_clear_error (&error);

  /* Without a Content-Length the client counts as it reads. */
  script ("{\"orderId\":\"big-chunked\",\"payeeId\":\"" PAYEE "\",\"steps\":[{\"padBytes\":1100000,\"chunked\":true}]}");
  error = get_result_error (client, "big-chunked");
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "larger"));
  g_clear_error (&error);

  script ("{\"orderId\":\"big-enough\",\"payeeId\":\"" PAYEE "\",\"steps\":[{\"padBytes\":900000,\"chunked\":true}]}");
  big_but_fine = get_result (client, "big-enough", PAYEE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (big_but_fine->status, ==, "unpaid");
}

/* Limits compared as exact decimals; a zero or missing limit
 * is no limit. */
static void
test_quote_amount_limits (void)
{
  static const char body[] =
    "{\"code\":0,\"success\":true,\"message\":\"\",\"data\":["
    "{\"assetId\":\"4d8c508b-91c5-375b-92b0-ee702ed2dac5\",\"symbol\":\"USDT\","
    "\"minQuoteAmount\":\"0.10\",\"maxQuoteAmount\":\"1000.0\",\"decimalDigit\":6,\"isAsset\":1},"
    "{\"assetId\":\"usd\",\"symbol\":\"USD\",\"minQuoteAmount\":\"0\","
    "\"decimalDigit\":2,\"isAsset\":0}]}";
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *limit = NULL;
  PdMixpayAsset *usdt;
  PdMixpayAsset *usd;

  assets = pd_mixpay_assets_parse (body, strlen (body), &error);
  g_assert_no_error (error);
  usdt = pd_mixpay_assets_find (assets, "4D8C508B-91C5-375B-92B0-EE702ED2DAC5");
  usd = pd_mixpay_assets_find (assets, "usd");
  g_assert_nonnull (usdt);
  g_assert_nonnull (usd);
  g_assert_null (pd_mixpay_assets_find (assets, "btc"));

  g_assert_cmpint (pd_mixpay_asset_check_quote_amount (usdt, "0.1", NULL), ==, PD_QUOTE_AMOUNT_WITHIN_LIMITS);
  g_assert_cmpint (pd_mixpay_asset_check_quote_amount (usdt, "1000", NULL), ==, PD_QUOTE_AMOUNT_WITHIN_LIMITS);
  g_assert_cmpint (pd_mixpay_asset_check_quote_amount (usdt, "0.099999", &limit), ==, PD_QUOTE_AMOUNT_BELOW_MINIMUM);
  g_assert_cmpstr (limit, ==, "0.1");
  g_clear_pointer (&limit, g_free);
  g_assert_cmpint (pd_mixpay_asset_check_quote_amount (usdt, "1000.000001", &limit), ==, PD_QUOTE_AMOUNT_ABOVE_MAXIMUM);
  g_assert_cmpstr (limit, ==, "1000");
  g_clear_pointer (&limit, g_free);

  g_assert_cmpint (pd_mixpay_asset_check_quote_amount (usd, "0.01", &limit), ==, PD_QUOTE_AMOUNT_WITHIN_LIMITS);
  g_assert_cmpint (pd_mixpay_asset_check_quote_amount (usd, "99999999", &limit), ==, PD_QUOTE_AMOUNT_WITHIN_LIMITS);
  g_assert_null (limit);
}

static void
test_asset_lists (void)
{
  g_autoptr(PdMixpayClient) client = new_client (main_server->api);
  g_autoptr(GAsyncResult) quote_result = NULL;
  g_autoptr(GAsyncResult) settlement_result = NULL;
  g_autoptr(GPtrArray) quote = NULL;
  g_autoptr(GPtrArray) settlement = NULL;
  g_autoptr(GError) error = NULL;
  PdMixpayAsset *asset;

  pd_mixpay_client_get_quote_assets_async (client, NULL, got_result_cb, &quote_result);
  quote = pd_mixpay_client_get_assets_finish (client, wait_for (&quote_result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quote->len, ==, 3);
  asset = g_ptr_array_index (quote, 1);
  g_assert_cmpstr (asset->symbol, ==, "BTC");
  g_assert_cmpint (asset->decimal_digit, ==, 8);

  pd_mixpay_client_get_settlement_assets_async (client, USDT, "10", NULL,
                                                got_result_cb, &settlement_result);
  settlement = pd_mixpay_client_get_assets_finish (client, wait_for (&settlement_result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (settlement->len, ==, 2);
  asset = g_ptr_array_index (settlement, 1);
  g_assert_cmpstr (asset->asset_id, ==, USDT);
  g_assert_true (asset->has_is_available);
  g_assert_true (asset->is_available);
}

static char *
lookup_payee (PdMixpayClient  *client,
              const char      *mixin_id,
              GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_mixpay_client_lookup_payee_async (client, mixin_id, NULL, got_result_cb, &result);

  return pd_mixpay_client_lookup_payee_finish (client, wait_for (&result), error);
}

static void
test_lookup_payee (void)
{
  g_autoptr(PdMixpayClient) client = new_client (main_server->api);
  g_autoptr(GError) error = NULL;
  g_autofree char *payee = NULL;
  g_autofree char *again = NULL;
  g_autofree char *none = NULL;
  g_autofree char *invalid = NULL;
  g_autoptr(JsonObject) before = get_stats (main_server);
  g_autoptr(JsonObject) after = NULL;

  payee = lookup_payee (client, "38000008", &error);
  g_assert_no_error (error);
  g_assert_true (pd_mixpay_id_is_uuid (payee));
  again = lookup_payee (client, "38000008", &error);
  g_assert_cmpstr (payee, ==, again);

  none = lookup_payee (client, "0", &error);
  g_assert_null (none);
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_API);
  g_assert_cmpint (pd_mixpay_error_get_api_code (error), ==, 10001);
  g_clear_error (&error);

  /* Refused before any request. */
  invalid = lookup_payee (client, "12ab/../x", &error);
  g_assert_null (invalid);
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_INVALID);
  after = get_stats (main_server);
  g_assert_cmpint (json_object_get_int_member (after, "total"), ==,
                   json_object_get_int_member (before, "total") + 3);
}

static char *
create_one_time (PdMixpayClient         *client,
                 const PdPaylinkParams  *params,
                 GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_mixpay_client_create_one_time_payment_async (client, params, NULL, got_result_cb, &result);

  return pd_mixpay_client_create_one_time_payment_finish (client, wait_for (&result), error);
}

static void
test_one_time_payment (void)
{
  g_autoptr(PdMixpayClient) client = new_client (main_server->api);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *refused = NULL;
  g_autoptr(PdPaymentResult) result = NULL;
  PdPaylinkParams params = {
    .payee_id = PAYEE,
    .settlement_asset_id = BTC,
    .quote_asset_id = USDT,
    .quote_amount = "12.5",
    .order_id = "one-time-0001",
    .remark = "Table 4 & friends",
  };

  code = create_one_time (client, &params, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (code));

  /* The order now exists at MixPay, unpaid, with the link's amount. */
  result = get_result (client, "one-time-0001", PAYEE, &error);
  g_assert_no_error (error);
  g_assert_false (result->not_found);
  g_assert_cmpint (pd_payment_result_verify (result, PAYEE, USDT, "12.50", NULL), ==, PD_ORDER_STATE_UNPAID);
  g_assert_cmpstr (result->quote_amount, ==, "12.5");

  params.settlement_asset_id = NULL;
  missing = create_one_time (client, &params, &error);
  g_assert_null (missing);
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "settlementAssetId"));
  g_clear_error (&error);

  /* The server refuses what it finds wrong, with its parameter error. */
  params.settlement_asset_id = "not-a-uuid";
  refused = create_one_time (client, &params, &error);
  g_assert_null (refused);
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_API);
  g_assert_cmpint (pd_mixpay_error_get_api_code (error), ==, 1017);
}

static gboolean
accept_any_certificate_cb (SoupMessage          *message,
                           GTlsCertificate      *certificate,
                           GTlsCertificateFlags  errors)
{
  return TRUE;
}

static void
test_untrusted_certificate (void)
{
  FakeServer *server = fake_server_start ("60", TRUE);
  g_autoptr(PdMixpayClient) client = new_client (server->api);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) stats = NULL;

  pd_mixpay_client_get_quote_assets_async (client, NULL, got_result_cb, &result);
  assets = pd_mixpay_client_get_assets_finish (client, wait_for (&result), &error);
  g_assert_null (assets);
  g_test_message ("untrusted certificate: %s", error->message);
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_TLS);
  g_assert_false (pd_mixpay_error_is_retryable (error));
  g_clear_error (&error);

  /* Control: the https server itself works for a client that chooses to
   * trust it, so the refusal above is about trust. */
  {
    g_autofree char *uri = g_strconcat (server->api, "/setting/quote_assets", NULL);
    g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, uri);
    g_autoptr(GBytes) body = NULL;

    g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_any_certificate_cb), NULL);
    body = soup_session_send_and_read (control_session, message, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  }

  fake_server_stop (server);
}

static void
test_api_base (void)
{
  static const char * const accepted[] = {
    "https://api.mixpay.me/v1",
    "https://staging.example/api/v1/",
    "http://127.0.0.1:8080/v1",
    "http://127.8.9.10/v1",
    "http://localhost:1234/v1",
    "http://[::1]:1234/v1",
  };
  static const char * const refused[] = {
    "http://api.mixpay.me/v1",
    "http://192.168.1.10/v1",
    "http://128.0.0.1/v1",
    "http://localhost.example.com/v1",
    "ftp://127.0.0.1/v1",
    "https://user:pw@api.mixpay.me/v1",
    "https://api.mixpay.me/v1?x=1",
    "https:///v1",
    "api.mixpay.me/v1",
    "",
  };
  g_autoptr(PdMixpayClient) fallback = NULL;
  g_autoptr(PdMixpayClient) trimmed = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(PdMixpayClient) client = pd_mixpay_client_new (accepted[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (client);
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(PdMixpayClient) client = pd_mixpay_client_new (refused[i], &error);

      g_assert_null (client);
      g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_INVALID);
      g_clear_error (&error);
    }

  fallback = pd_mixpay_client_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_mixpay_client_get_api_base (fallback), ==, PD_MIXPAY_DEFAULT_API_BASE);
  g_assert_cmpuint (pd_mixpay_client_get_timeout (fallback), ==, 20);

  trimmed = pd_mixpay_client_new ("https://staging.example/api/v1//", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_mixpay_client_get_api_base (trimmed), ==, "https://staging.example/api/v1");
}

/* The demo scenario the README describes loads and plays as written. */
static void
test_scenario_file (void)
{
  FakeServer *server = fake_server_start_full ("60", FALSE, "demo-scenario.json");
  g_autoptr(PdMixpayClient) client = new_client (server->api);
  static const PdOrderState paid_steps[] = {
    PD_ORDER_STATE_UNPAID, PD_ORDER_STATE_CONFIRMING, PD_ORDER_STATE_CONFIRMING, PD_ORDER_STATE_PAID,
  };

  for (guint i = 0; i < G_N_ELEMENTS (paid_steps); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdPaymentResult) result = get_result (client, "demo-paid-0001", PAYEE, &error);

      g_assert_no_error (error);
      g_assert_cmpint (pd_payment_result_verify (result, PAYEE, USDT, "10", NULL), ==, paid_steps[i]);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdPaymentResult) result = get_result (client, "demo-less-0002", PAYEE, &error);
    g_autoptr(PdPaymentResult) less = get_result (client, "demo-less-0002", PAYEE, &error);
    g_autofree char *remaining = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (pd_payment_result_verify (less, PAYEE, "USD", "25.50", NULL), ==, PD_ORDER_STATE_PAID_LESS);
    remaining = pd_payment_result_get_remaining (less);
    g_assert_cmpstr (remaining, ==, "1");
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdPaymentResult) result = get_result (client, "demo-tampered-0003", PAYEE, &error);

    g_assert_no_error (error);
    g_assert_cmpint (pd_payment_result_verify (result, PAYEE, USDT, "10", NULL), ==, PD_ORDER_STATE_MISMATCH);
  }

  fake_server_stop (server);
}

/* Nothing keeps the client alive once its calls are done. */
static void
test_client_finalized (void)
{
  PdMixpayClient *client = new_client (main_server->api);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPaymentResult) result = get_result (client, "never-seen", PAYEE, &error);

  g_assert_no_error (error);
  g_assert_finalize_object (client);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  control_session = soup_session_new ();
  main_server = fake_server_start ("1000", FALSE);

  g_test_add_func ("/mixpay-client/lifecycle", test_lifecycle);
  g_test_add_func ("/mixpay-client/mismatches", test_mismatches);
  g_test_add_func ("/mixpay-client/http-error", test_http_error);
  g_test_add_func ("/mixpay-client/malformed", test_malformed);
  g_test_add_func ("/mixpay-client/timeout", test_timeout);
  g_test_add_func ("/mixpay-client/cancelled", test_cancelled);
  g_test_add_func ("/mixpay-client/connection-refused", test_connection_refused);
  g_test_add_func ("/mixpay-client/scripted-rate-limit", test_scripted_rate_limit);
  g_test_add_func ("/mixpay-client/server-rate-limit", test_server_rate_limit);
  g_test_add_func ("/mixpay-client/budget-spent-on-error", test_budget_spent_on_error);
  g_test_add_func ("/mixpay-client/gate-shared", test_gate_shared);
  g_test_add_func ("/mixpay-client/gate-spaces-sends", test_gate_spaces_sends);
  g_test_add_func ("/mixpay-client/unknown-order", test_unknown_order);
  g_test_add_func ("/mixpay-client/not-found-needs-mixpay", test_not_found_needs_mixpay);
  g_test_add_func ("/mixpay-client/by-trace-and-encoding", test_by_trace_and_encoding);
  g_test_add_func ("/mixpay-client/keeps-connection", test_keeps_connection);
  g_test_add_func ("/mixpay-client/large-body", test_large_body);
  g_test_add_func ("/mixpay-client/asset-lists", test_asset_lists);
  g_test_add_func ("/mixpay-client/quote-amount-limits", test_quote_amount_limits);
  g_test_add_func ("/mixpay-client/lookup-payee", test_lookup_payee);
  g_test_add_func ("/mixpay-client/one-time-payment", test_one_time_payment);
  g_test_add_func ("/mixpay-client/untrusted-certificate", test_untrusted_certificate);
  g_test_add_func ("/mixpay-client/api-base", test_api_base);
  g_test_add_func ("/mixpay-client/scenario-file", test_scenario_file);
  g_test_add_func ("/mixpay-client/client-finalized", test_client_finalized);

  status = g_test_run ();

  fake_server_stop (main_server);
  g_clear_object (&control_session);

  return status;
}
