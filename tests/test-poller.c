/* test-poller.c: the poller's policy in simulated time, against the fake
 * MixPay server on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "pd-clock.h"
#include "pd-fake-server.h"
#include "pd-mixpay-error.h"
#include "pd-poll-policy.h"
#include "pd-poller.h"
#include "pd-store.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"

#define S(x) ((gint64) (x) * G_USEC_PER_SEC)
#define MS(x) ((gint64) (x) * 1000)
#define T0 S (1700000000)

static PdFakeServer *server;

typedef struct
{
  char           *dir;
  PdStore        *store;
  PdFakeClock    *clock;
  PdMixpayClient *client;
  PdPoller       *poller;
  GArray         *answer_times;   /* gint64, one per answered request */
  GPtrArray      *answered;       /* PdOrder, one per answered request */
  guint           n_failed;
  GError         *last_error;
} Fixture;

static void
answered_cb (PdPoller *poller,
             PdOrder  *order,
             gboolean  changed,
             Fixture  *f)
{
  gint64 now = pd_clock_get_now (PD_CLOCK (f->clock));

  g_array_append_val (f->answer_times, now);
  g_ptr_array_add (f->answered, g_object_ref (order));
}

static void
failed_cb (PdPoller     *poller,
           PdOrder      *order,
           const GError *error,
           Fixture      *f)
{
  answered_cb (poller, order, FALSE, f);
  f->n_failed++;
  g_clear_error (&f->last_error);
  f->last_error = g_error_copy (error);
}

static void
fixture_set_up_with_api (Fixture    *f,
                         const char *api)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("paydesk-poller-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "ledger.db", NULL);

  f->clock = pd_fake_clock_new (T0);
  f->store = pd_store_open (path, &error);
  g_assert_no_error (error);
  pd_store_set_clock (f->store, PD_CLOCK (f->clock));

  f->client = pd_mixpay_client_new (api, &error);
  g_assert_no_error (error);

  f->poller = pd_poller_new (f->store, f->client, PD_CLOCK (f->clock));
  f->answer_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->answered = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (f->poller, "order-checked", G_CALLBACK (answered_cb), f);
  g_signal_connect (f->poller, "check-failed", G_CALLBACK (failed_cb), f);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  fixture_set_up_with_api (f, server->api);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "ledger.db", NULL);
  g_autofree char *lock = g_strconcat (path, ".poll-lock", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *changed = g_strconcat (path, "-changes/stamp", NULL);
  g_autofree char *changes = g_strconcat (path, "-changes", NULL);

  pd_poller_stop (f->poller);
  g_assert_finalize_object (f->poller);
  g_clear_object (&f->client);
  pd_store_close (f->store);
  g_clear_object (&f->store);
  g_clear_object (&f->clock);
  g_clear_pointer (&f->answer_times, g_array_unref);
  g_clear_pointer (&f->answered, g_ptr_array_unref);
  g_clear_error (&f->last_error);

  g_unlink (path);
  g_unlink (lock);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (changed);
  g_rmdir (changes);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static PdOrder *
make_order (const char *order_id)
{
  PdOrder *order = pd_order_new ();
  g_autofree char *link = g_strdup_printf ("%s/pay?orderId=%s", server->base, order_id);

  pd_order_set_payee_id (order, PAYEE);
  pd_order_set_order_id (order, order_id);
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, USDT);
  pd_order_set_quote_amount (order, "10");
  pd_order_set_link (order, link);

  return order;
}

static PdOrder *
add_order (Fixture    *f,
           const char *order_id)
{
  g_autoptr(GError) error = NULL;
  PdOrder *order = make_order (order_id);

  pd_store_insert_order (f->store, order, &error);
  g_assert_no_error (error);

  return order;
}

static void
add_orders (Fixture *f,
            guint    n_orders)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_orders; i++)
    {
      g_autofree char *order_id = g_strdup_printf ("bulk-%05u", i);

      g_ptr_array_add (orders, make_order (order_id));
    }

  pd_store_insert_orders (f->store, orders, &error);
  g_assert_no_error (error);
}

static void
script (const char *order_id,
        const char *steps)
{
  g_autofree char *json = g_strdup_printf ("{\"orderId\":\"%s\",\"payeeId\":\"" PAYEE "\","
                                           "\"quoteAmount\":\"10\",\"quoteAssetId\":\"" USDT "\","
                                           "\"settlementAssetId\":\"" BTC "\",\"steps\":%s}",
                                           order_id, steps);

  pd_fake_server_script (server, json);
}

/* Runs simulated time up to @until: fires the poller's timer whenever it
 * falls due and waits for the real answer of each request it sends. */
static void
run_until (Fixture *f,
           gint64   until)
{
  gint64 deadline;

  while (pd_fake_clock_get_next (f->clock, &deadline) && deadline <= until)
    {
      guint answers = f->answer_times->len;

      pd_fake_clock_fire_next (f->clock);

      /* No timer while a request is out: wait for its answer. */
      while (pd_fake_clock_get_n_timers (f->clock) == 0 &&
             pd_poller_get_status (f->poller) != PD_POLLER_STATUS_IDLE &&
             f->answer_times->len == answers)
        g_main_context_iteration (NULL, TRUE);
    }

  if (pd_clock_get_now (PD_CLOCK (f->clock)) < until)
    pd_fake_clock_set_now (f->clock, until);
}

static gint64
answer_time_of (Fixture    *f,
                const char *order_id,
                gint64      after)
{
  for (guint i = 0; i < f->answered->len; i++)
    {
      PdOrder *order = g_ptr_array_index (f->answered, i);
      gint64 time = g_array_index (f->answer_times, gint64, i);

      if (time >= after && g_strcmp0 (pd_order_get_order_id (order), order_id) == 0)
        return time;
    }

  return -1;
}

static void
test_rate_with_many_orders (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(PdOrder) fresh = NULL;
  gint64 created;
  gint64 checked;

  add_orders (f, 1000);
  pd_poller_start (f->poller);
  g_assert_cmpint (pd_poller_get_rate (f->poller), ==, 50);

  run_until (f, T0 + S (100) + MS (500));

  /* A new order is asked about within one request slot, even with a
   * thousand overdue ones in front of it. */
  created = pd_clock_get_now (PD_CLOCK (f->clock));
  fresh = add_order (f, "fresh-order");
  run_until (f, T0 + S (240));
  checked = answer_time_of (f, "fresh-order", created);
  g_assert_cmpint (checked, >=, created);
  g_assert_cmpint (checked - created, <=, S (2));

  g_test_message ("%u requests in 240 simulated seconds", f->answer_times->len);
  /* Every slot used: one request each 60/rate s plus the gate's margin. */
  g_assert_cmpuint (f->answer_times->len, >=, S (240) / (MS (1200) + PD_RATE_GATE_MARGIN_US) - 1);
  g_assert_cmpuint (f->answer_times->len, <=, 201);
  g_assert_cmpuint (f->n_failed, ==, 0);

  for (guint i = 1; i < f->answer_times->len; i++)
    g_assert_cmpint (g_array_index (f->answer_times, gint64, i) -
                     g_array_index (f->answer_times, gint64, i - 1), >=, MS (1200));

  /* No 60-second window holds more than 50 requests. */
  for (guint i = 0; i + 50 < f->answer_times->len; i++)
    g_assert_cmpint (g_array_index (f->answer_times, gint64, i + 50) -
                     g_array_index (f->answer_times, gint64, i), >=, S (60));
}

static void
test_paid_within_interval (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(PdOrder) other = NULL;
  gint64 paid_at;
  gint64 seen;

  script ("poll-paid-1", "[{\"status\":\"unpaid\"}]");
  script ("poll-other-1", "[{\"status\":\"unpaid\"}]");
  order = add_order (f, "poll-paid-1");
  other = add_order (f, "poll-other-1");
  pd_poller_start (f->poller);

  run_until (f, T0 + S (33));
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_UNPAID);
  g_assert_cmpint (pd_order_get_last_checked_at (order), >, 0);

  /* The customer pays; a young order is checked every 10 seconds. */
  paid_at = pd_clock_get_now (PD_CLOCK (f->clock));
  script ("poll-paid-1", "[{\"status\":\"success\"}]");
  run_until (f, paid_at + S (12));

  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_PAID);
  seen = answer_time_of (f, "poll-paid-1", paid_at);
  g_assert_cmpint (seen - paid_at, <=, S (10) + MS (1200) + PD_RATE_GATE_MARGIN_US);
  g_assert_cmpint (pd_order_get_state (other), ==, PD_ORDER_STATE_UNPAID);

  /* Settled: never asked about again. */
  {
    guint answers = f->answer_times->len;

    run_until (f, paid_at + S (120));
    g_assert_cmpint (answer_time_of (f, "poll-paid-1", paid_at + S (12)), ==, -1);
    g_assert_cmpuint (f->answer_times->len, >, answers);
  }
}

static void
test_rate_limited_pauses_everything (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(PdOrder) limited = NULL;
  g_autoptr(PdOrder) other = NULL;
  gint64 limited_at;
  gint64 next;

  script ("poll-limit-1", "[{\"code\":1429,\"retryAfter\":7},{\"status\":\"unpaid\"}]");
  limited = add_order (f, "poll-limit-1");
  other = add_order (f, "poll-limit-2");
  pd_poller_start (f->poller);

  run_until (f, T0 + MS (100));
  g_assert_cmpuint (f->n_failed, ==, 1);
  g_assert_error (f->last_error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_RATE_LIMITED);
  limited_at = g_array_index (f->answer_times, gint64, 0);
  g_assert_cmpint (pd_poller_get_status (f->poller), ==, PD_POLLER_STATUS_RATE_LIMITED);
  g_assert_cmpint (pd_poller_get_resume_at (f->poller), ==, limited_at + S (7));

  run_until (f, T0 + S (30));
  next = g_array_index (f->answer_times, gint64, 1);
  g_assert_cmpint (next, ==, limited_at + S (7));
  /* The limited order keeps its place and goes first. */
  g_assert_cmpstr (pd_order_get_order_id (g_ptr_array_index (f->answered, 1)), ==, "poll-limit-1");
  g_assert_cmpint (pd_order_get_state (limited), ==, PD_ORDER_STATE_UNPAID);
  g_assert_cmpint (pd_poller_get_status (f->poller), ==, PD_POLLER_STATUS_WATCHING);
}

static void
test_idle_arms_no_timer (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  pd_poller_start (f->poller);
  g_assert_cmpint (pd_poller_get_status (f->poller), ==, PD_POLLER_STATUS_IDLE);
  g_assert_cmpuint (pd_fake_clock_get_n_timers (f->clock), ==, 0);

  /* An order that gets paid: the poller wakes for it, then sleeps. */
  script ("poll-idle-1", "[{\"status\":\"confirming\",\"confirmations\":1},{\"status\":\"success\"}]");
  order = add_order (f, "poll-idle-1");
  g_assert_cmpuint (pd_fake_clock_get_n_timers (f->clock), ==, 1);

  run_until (f, T0 + S (60));
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_PAID);
  g_assert_cmpuint (f->answer_times->len, ==, 2);
  g_assert_cmpint (pd_poller_get_status (f->poller), ==, PD_POLLER_STATUS_IDLE);
  g_assert_cmpuint (pd_fake_clock_get_n_timers (f->clock), ==, 0);
}

static void
test_mismatch_recorded (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *mismatch;
  PdOrderEvent *last;

  script ("poll-tampered", "[{\"status\":\"success\",\"fields\":{\"quoteAmount\":\"0.01\"}}]");
  order = add_order (f, "poll-tampered");
  pd_poller_start (f->poller);
  run_until (f, T0 + S (30));

  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_MISMATCH);
  mismatch = pd_order_get_mismatch (order);
  g_assert_nonnull (mismatch);
  g_assert_cmpstr (mismatch[0], ==, "quoteAmount");
  g_assert_null (mismatch[1]);
  g_assert_cmpuint (f->answer_times->len, ==, 1);

  events = pd_store_list_events (f->store, order, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (events, events->len - 1);
  g_assert_cmpint (last->kind, ==, PD_ORDER_EVENT_STATE_CHANGED);
  g_assert_cmpint (last->state, ==, PD_ORDER_STATE_MISMATCH);
  /* With why, for the merchant. */
  g_assert_cmpstr (last->message, ==, "unpaid → mismatch: the amount paid for is not 10");
  g_assert_nonnull (strstr (last->raw_json, "\"0.01\""));
}

/* "Does not exist" (code 10062, or HTTP 404) about an order MixPay had
 * seen money for: the order keeps its state and its payment's details,
 * and the history says what MixPay answered. */
static void
test_not_found_keeps_state (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *paid = NULL;

  script ("poll-forgotten", "[{\"status\":\"paid_less\"},{\"code\":10062},{\"http\":404,\"code\":10062}]");
  order = add_order (f, "poll-forgotten");
  pd_poller_start (f->poller);

  run_until (f, T0 + S (1));
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_PAID_LESS);
  paid = g_strdup (pd_order_get_payment_amount (order));
  g_assert_nonnull (paid);

  run_until (f, T0 + S (200));
  g_assert_cmpuint (f->answer_times->len, >=, 3);
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_PAID_LESS);
  g_assert_cmpstr (pd_order_get_payment_amount (order), ==, paid);
  g_assert_cmpuint (f->n_failed, >=, 2);

  events = pd_store_list_events (f->store, order, &error);
  g_assert_no_error (error);
  /* Created unpaid; never unpaid again after that. */
  g_assert_cmpuint (events->len, >=, 4);
  for (guint i = 1; i < events->len; i++)
    {
      PdOrderEvent *event = g_ptr_array_index (events, i);

      g_assert_cmpint (event->state, ==, PD_ORDER_STATE_PAID_LESS);
      if (event->kind == PD_ORDER_EVENT_CHECK_ERROR)
        g_assert_nonnull (strstr (event->message, "does not exist"));
    }
}

/* Paid, mismatch and failed are final: asked again by hand, a later
 * answer that would move them (a mismatch turned paid, a paid order
 * turned unpaid) only goes in the history. A cancelled order stays
 * cancelled when a payment for it failed. */
static void
test_final_states_stay (Fixture       *f,
                        gconstpointer  data)
{
  struct {
    const char   *order_id;
    const char   *steps;
    PdOrderState  first;
    PdOrderState  kept;
  } cases[] = {
    { "final-paid", "[{\"status\":\"success\"},{\"status\":\"unpaid\"},{\"status\":\"failed\"}]",
      PD_ORDER_STATE_PAID, PD_ORDER_STATE_PAID },
    { "final-mismatch", "[{\"status\":\"success\",\"fields\":{\"quoteAmount\":\"10.5\"}},"
      "{\"status\":\"success\"},{\"status\":\"success\"}]",
      PD_ORDER_STATE_MISMATCH, PD_ORDER_STATE_MISMATCH },
    { "final-failed", "[{\"status\":\"failed\"},{\"status\":\"success\"},{\"status\":\"unpaid\"}]",
      PD_ORDER_STATE_FAILED, PD_ORDER_STATE_FAILED },
  };

  pd_poller_start (f->poller);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PdOrder) order = NULL;
      g_autoptr(GPtrArray) events = NULL;
      g_autoptr(GError) error = NULL;
      PdOrderEvent *last;
      gint64 now;

      script (cases[i].order_id, cases[i].steps);
      order = add_order (f, cases[i].order_id);
      now = pd_clock_get_now (PD_CLOCK (f->clock));
      run_until (f, now + S (5));
      g_assert_cmpint (pd_order_get_state (order), ==, cases[i].first);

      for (guint asked = 0; asked < 2; asked++)
        {
          now = pd_clock_get_now (PD_CLOCK (f->clock));
          pd_poller_check_now (f->poller, order);
          run_until (f, now + S (5));
          g_assert_cmpint (pd_order_get_state (order), ==, cases[i].kept);
        }

      events = pd_store_list_events (f->store, order, &error);
      g_assert_no_error (error);
      last = g_ptr_array_index (events, events->len - 1);
      g_assert_cmpint (last->state, ==, cases[i].kept);
      g_assert_nonnull (strstr (last->message, "MixPay now answers"));
      g_assert_nonnull (last->raw_json);
    }
  g_assert_cmpuint (f->n_failed, ==, 0);
}

/* A payment that failed for a cancelled order moved no money: the order
 * stays cancelled. */
static void
test_cancelled_stays_after_failure (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  script ("cancelled-failed", "[{\"status\":\"unpaid\"},{\"status\":\"failed\"}]");
  order = add_order (f, "cancelled-failed");
  pd_poller_start (f->poller);
  run_until (f, T0 + S (5));
  g_assert_true (pd_store_cancel_order (f->store, order, "paid cash", &error));
  g_assert_no_error (error);

  pd_poller_check_now (f->poller, order);
  run_until (f, pd_clock_get_now (PD_CLOCK (f->clock)) + S (5));
  g_assert_cmpuint (f->answer_times->len, ==, 2);
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_CANCELLED);
}

/* An answer the ledger cannot take (another program holds it locked past
 * the busy timeout) is a failed check, not silence: paydesk-cli check
 * printed the old state and exited 0 over a success it never wrote. */
static void
test_unrecorded_answer_fails (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "ledger.db", NULL);
  g_autoptr(PdOrder) order = NULL;
  sqlite3 *holder = NULL;

  script ("poll-unrecorded", "[{\"status\":\"success\"}]");
  order = add_order (f, "poll-unrecorded");

  g_assert_cmpint (sqlite3_open (path, &holder), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (holder, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_test_expect_message ("paydesk-core", G_LOG_LEVEL_WARNING, "Cannot record MixPay’s answer*");
  pd_poller_start (f->poller);
  run_until (f, T0 + S (1));
  g_test_assert_expected_messages ();
  sqlite3_exec (holder, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (holder);

  g_assert_cmpuint (f->n_failed, ==, 1);
  g_assert_nonnull (strstr (f->last_error->message, "could not be recorded"));
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_UNPAID);
}

/* Answers each wrong for one order (here malformed, as HTML from a
 * captive portal would be), three in a row: the endpoint is at fault,
 * and everything backs off instead of asking on at the full rate. */
static void
test_order_errors_in_a_row_back_off (Fixture       *f,
                                     gconstpointer  data)
{
  gint64 third;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *order_id = g_strdup_printf ("portal-%u", i);
      g_autoptr(PdOrder) order = NULL;

      script (order_id, "[{\"malformed\":true}]");
      order = add_order (f, order_id);
    }
  pd_poller_start (f->poller);

  run_until (f, T0 + S (5));
  g_assert_cmpuint (f->n_failed, ==, 3);
  g_assert_cmpint (pd_poller_get_status (f->poller), ==, PD_POLLER_STATUS_SERVER_TROUBLE);
  third = g_array_index (f->answer_times, gint64, 2);
  g_assert_cmpint (pd_poller_get_resume_at (f->poller), >=, third + S (10));

  run_until (f, T0 + S (60));
  g_assert_cmpuint (f->answer_times->len, >=, 4);
  g_assert_cmpint (g_array_index (f->answer_times, gint64, 3) - third, >=, S (10));
}

/* An API base that answers, but not like MixPay (a plain web server's
 * 404): no order moves, "Last checked" stays, everything backs off at
 * once, and the status says what is wrong. */
static void
test_not_mixpay (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PdOrder) order = NULL;

  script ("poll-not-mixpay", "[{\"http\":404}]");
  order = add_order (f, "poll-not-mixpay");
  pd_poller_start (f->poller);

  run_until (f, T0 + S (5));
  g_assert_cmpuint (f->n_failed, ==, 1);
  g_assert_error (f->last_error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NOT_MIXPAY);
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_UNPAID);
  g_assert_cmpint (pd_order_get_last_checked_at (order), ==, 0);
  g_assert_cmpint (pd_poller_get_status (f->poller), ==, PD_POLLER_STATUS_NOT_MIXPAY);
  g_assert_nonnull (strstr (pd_poller_get_last_error (f->poller), "does not answer like MixPay"));
}

static void
test_server_errors_keep_state (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  PdOrderEvent *last;
  gint64 first;

  script ("poll-broken", "[{\"http\":500},{\"malformed\":true},{\"status\":\"unpaid\"}]");
  order = add_order (f, "poll-broken");
  pd_poller_start (f->poller);

  run_until (f, T0 + S (1));
  g_assert_cmpuint (f->n_failed, ==, 1);
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_UNPAID);
  /* MixPay answered: reachable, in trouble. */
  g_assert_cmpint (pd_poller_get_status (f->poller), ==, PD_POLLER_STATUS_SERVER_TROUBLE);
  first = g_array_index (f->answer_times, gint64, 0);

  /* A server error backs off 10 s; a malformed answer slows down only
   * that order (a minute). */
  run_until (f, T0 + S (200));
  g_assert_cmpint (g_array_index (f->answer_times, gint64, 1) - first, ==, S (10));
  g_assert_cmpint (g_array_index (f->answer_times, gint64, 2) -
                   g_array_index (f->answer_times, gint64, 1), ==, S (60));
  g_assert_cmpuint (f->n_failed, ==, 2);
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_UNPAID);

  events = pd_store_list_events (f->store, order, &error);
  g_assert_no_error (error);
  /* created, two check errors, then the facts of the first real answer */
  g_assert_cmpuint (events->len, ==, 4);
  for (guint i = 1; i <= 2; i++)
    {
      PdOrderEvent *event = g_ptr_array_index (events, i);

      g_assert_cmpint (event->kind, ==, PD_ORDER_EVENT_CHECK_ERROR);
      g_assert_cmpint (event->state, ==, PD_ORDER_STATE_UNPAID);
    }
  last = g_ptr_array_index (events, 3);
  g_assert_cmpint (last->kind, ==, PD_ORDER_EVENT_UPDATED);
  /* The state did not move: no "unpaid → unpaid" in the history. */
  g_assert_null (last->message);
}

static void
test_network_backoff (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PdOrder) order = NULL;
  static const gint64 gaps[] = { 10, 20, 40, 80, 160, 300, 300 };
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *api = NULL;
  guint16 port;

  /* A port nothing listens on: take one, then give it back. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  api = g_strdup_printf ("http://127.0.0.1:%u/v1", port);

  fixture_tear_down (f, data);
  memset (f, 0, sizeof *f);
  fixture_set_up_with_api (f, api);

  order = add_order (f, "poll-offline");
  pd_poller_start (f->poller);
  run_until (f, T0 + S (1200));

  g_assert_cmpuint (f->n_failed, ==, f->answer_times->len);
  g_assert_cmpuint (f->answer_times->len, >=, G_N_ELEMENTS (gaps) + 1);
  g_assert_error (f->last_error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NETWORK);
  for (guint i = 0; i < G_N_ELEMENTS (gaps); i++)
    g_assert_cmpint (g_array_index (f->answer_times, gint64, i + 1) -
                     g_array_index (f->answer_times, gint64, i), ==, S (gaps[i]));
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_UNPAID);
  g_assert_cmpint (pd_poller_get_status (f->poller), ==, PD_POLLER_STATUS_OFFLINE);
  g_assert_nonnull (pd_poller_get_last_error (f->poller));
}

static void
test_retry_now_ends_backoff (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *api = NULL;
  guint16 port;
  gint64 asked;
  guint answers;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  api = g_strdup_printf ("http://127.0.0.1:%u/v1", port);

  fixture_tear_down (f, data);
  memset (f, 0, sizeof *f);
  fixture_set_up_with_api (f, api);

  order = add_order (f, "poll-retry");
  pd_poller_start (f->poller);
  run_until (f, T0 + S (100));
  g_assert_cmpint (pd_poller_get_status (f->poller), ==, PD_POLLER_STATUS_OFFLINE);
  g_assert_cmpint (pd_poller_get_resume_at (f->poller), >, T0 + S (100));

  /* Retry asks within a request slot, not at the end of the back-off. */
  asked = pd_clock_get_now (PD_CLOCK (f->clock));
  answers = f->answer_times->len;
  pd_poller_retry_now (f->poller);
  run_until (f, asked + S (2));
  g_assert_cmpuint (f->answer_times->len, ==, answers + 1);
  g_assert_cmpint (g_array_index (f->answer_times, gint64, answers) - asked, <=, MS (1200) + PD_RATE_GATE_MARGIN_US);
  /* Still unreachable: backing off again. */
  g_assert_cmpint (pd_poller_get_status (f->poller), ==, PD_POLLER_STATUS_OFFLINE);
}

static void
test_one_poller_per_ledger (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(PdPoller) second = NULL;

  script ("poll-lock-1", "[{\"status\":\"unpaid\"}]");
  order = add_order (f, "poll-lock-1");
  pd_poller_start (f->poller);

  second = pd_poller_new (f->store, f->client, PD_CLOCK (f->clock));
  pd_poller_start (second);
  g_assert_cmpint (pd_poller_get_status (second), ==, PD_POLLER_STATUS_WAITING_FOR_LOCK);

  /* The first lets go; the second takes over on its next try. */
  pd_poller_stop (f->poller);
  run_until (f, T0 + S (20));
  g_assert_cmpint (pd_poller_get_status (second), !=, PD_POLLER_STATUS_WAITING_FOR_LOCK);
  g_assert_cmpint (pd_order_get_last_checked_at (order), >, 0);

  pd_poller_stop (second);
}

/* A poller that waits for the lock tries again every few seconds, even
 * when the orders it would check are not due for a quarter of an hour:
 * the one that polls may have ended, and a payment made meanwhile would
 * go unseen until then. */
static void
test_lock_retried_before_due (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(PdOrder) order = make_order ("poll-lock-old");
  g_autoptr(PdPoller) second = NULL;
  g_autoptr(GError) error = NULL;
  gint64 stopped_at;

  /* Two days old: asked about every 15 minutes. */
  script ("poll-lock-old", "[{\"status\":\"unpaid\"}]");
  pd_order_set_created_at (order, T0 / G_USEC_PER_SEC - 2 * 24 * 3600);
  pd_store_insert_order (f->store, order, &error);
  g_assert_no_error (error);
  pd_poller_start (f->poller);
  run_until (f, T0 + S (2));
  g_assert_cmpuint (f->answer_times->len, ==, 1);

  second = pd_poller_new (f->store, f->client, PD_CLOCK (f->clock));
  pd_poller_start (second);
  g_assert_cmpint (pd_poller_get_status (second), ==, PD_POLLER_STATUS_WAITING_FOR_LOCK);

  pd_poller_stop (f->poller);
  stopped_at = pd_clock_get_now (PD_CLOCK (f->clock));
  run_until (f, stopped_at + S (6));
  g_assert_cmpint (pd_poller_get_status (second), ==, PD_POLLER_STATUS_WATCHING);

  pd_poller_stop (second);
}

/* The poller ends, another starts on the same ledger, as paydesk-cli
 * check run again and again does. */
static void
replace_poller (Fixture *f)
{
  pd_poller_stop (f->poller);
  g_assert_finalize_object (f->poller);
  f->poller = pd_poller_new (f->store, f->client, PD_CLOCK (f->clock));
  g_signal_connect (f->poller, "order-checked", G_CALLBACK (answered_cb), f);
  g_signal_connect (f->poller, "check-failed", G_CALLBACK (failed_cb), f);
}

/* The request budget outlives the process that spent it: a pause MixPay
 * asked for, and the spacing after the last request. */
static void
test_budget_outlives_the_poller (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(PdOrder) order = NULL;
  gint64 limited_at;
  gint64 resumed_at;

  script ("poll-budget", "[{\"code\":1429,\"retryAfter\":30},{\"status\":\"unpaid\"}]");
  order = add_order (f, "poll-budget");
  pd_poller_start (f->poller);
  run_until (f, T0 + MS (100));
  g_assert_cmpuint (f->n_failed, ==, 1);
  limited_at = g_array_index (f->answer_times, gint64, 0);

  replace_poller (f);
  pd_fake_clock_set_now (f->clock, T0 + S (1));
  pd_poller_start (f->poller);
  pd_poller_check_now (f->poller, order);
  g_assert_cmpint (pd_poller_get_status (f->poller), ==, PD_POLLER_STATUS_RATE_LIMITED);
  g_assert_cmpint (pd_poller_get_resume_at (f->poller), ==, limited_at + S (30));
  run_until (f, T0 + S (35));
  g_assert_cmpuint (f->answer_times->len, ==, 2);
  resumed_at = g_array_index (f->answer_times, gint64, 1);
  g_assert_cmpint (resumed_at, >=, limited_at + S (30));

  /* At once again: the next request waits its slot, 1.2 s at 50 a minute. */
  replace_poller (f);
  pd_poller_start (f->poller);
  pd_poller_check_now (f->poller, order);
  run_until (f, resumed_at + S (5));
  g_assert_cmpuint (f->answer_times->len, ==, 3);
  g_assert_cmpint (g_array_index (f->answer_times, gint64, 2) - resumed_at, >=, MS (1200));
}

/* A record an older Paydesk wrote: numbers without padding, and more
 * after it than one record. Its budget holds, and one record of the new
 * width is what the file holds from then on. */
static void
test_budget_from_older_record (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *lock = g_build_filename (f->dir, "ledger.db.poll-lock", NULL);
  g_autofree char *old = g_strdup_printf ("paydesk-rate-gate 1 %" G_GINT64_MODIFIER "d 0\n"
                                          "left over from a longer record, and then some more\n",
                                          T0 + MS (500));
  g_autofree char *contents = NULL;
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_set_contents (lock, old, -1, &error);
  g_assert_no_error (error);
  script ("poll-old-record", "[{\"status\":\"unpaid\"}]");
  order = add_order (f, "poll-old-record");
  pd_fake_clock_set_now (f->clock, T0 + S (1));
  pd_poller_start (f->poller);
  pd_poller_check_now (f->poller, order);
  run_until (f, T0 + S (5));

  /* 1.2 s after the older process's request, not at once. */
  g_assert_cmpuint (f->answer_times->len, ==, 1);
  g_assert_cmpint (g_array_index (f->answer_times, gint64, 0), >=, T0 + MS (1700));

  g_file_get_contents (lock, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, strlen (contents));
  g_assert_true (g_str_has_prefix (contents, "paydesk-rate-gate 1 "));
  g_assert_nonnull (strchr (contents, '\n'));
  g_assert_cmpstr (strchr (contents, '\n'), ==, "\n");
}

/* MixPay's answers count down the minute's requests
 * (x-ratelimit-remaining). At 0 the poller waits a whole window instead
 * of sending a request bound to be refused. */
static void
test_budget_spent_pauses (void)
{
  PdFakeServer *limited = pd_fake_server_start ("3", FALSE);
  g_autoptr(JsonObject) stats = NULL;
  Fixture fixture = { 0 };
  Fixture *f = &fixture;
  gint64 last_answer;

  fixture_set_up_with_api (f, limited->api);
  add_orders (f, 5);
  pd_poller_start (f->poller);
  run_until (f, T0 + S (30));

  g_assert_cmpuint (f->answer_times->len, ==, 3);
  g_assert_cmpuint (f->n_failed, ==, 0);
  last_answer = g_array_index (f->answer_times, gint64, 2);
  g_assert_cmpint (pd_poller_get_status (f->poller), ==, PD_POLLER_STATUS_RATE_LIMITED);
  g_assert_cmpint (pd_poller_get_resume_at (f->poller), ==, last_answer + S (PD_POLL_DEFAULT_RETRY_S));

  stats = pd_fake_server_stats (limited);
  g_assert_cmpint (json_object_get_int_member (stats, "total"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (stats, "rateLimited"), ==, 0);

  fixture_tear_down (f, NULL);
  pd_fake_server_stop (limited);
}

static void
test_check_now_takes_next_slot (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(PdOrder) settled = NULL;
  g_autoptr(GError) error = NULL;
  gint64 asked;

  script ("poll-manual", "[{\"status\":\"success\"}]");
  settled = add_order (f, "poll-manual");
  add_orders (f, 50);
  pd_poller_start (f->poller);
  run_until (f, T0 + S (20));
  g_assert_cmpint (pd_order_get_state (settled), ==, PD_ORDER_STATE_PAID);

  /* Settled orders are not polled, but a person may ask. */
  asked = pd_clock_get_now (PD_CLOCK (f->clock));
  pd_poller_check_now (f->poller, settled);
  g_assert_cmpuint (pd_poller_get_n_pending (f->poller), ==, 1);
  run_until (f, asked + S (3));
  g_assert_cmpint (answer_time_of (f, "poll-manual", asked) - asked, <=, MS (1200) + PD_RATE_GATE_MARGIN_US);
  g_assert_cmpuint (pd_poller_get_n_pending (f->poller), ==, 0);
}

static guint
n_answers_for (Fixture    *f,
               const char *order_id)
{
  guint n = 0;

  for (guint i = 0; i < f->answered->len; i++)
    n += g_strcmp0 (pd_order_get_order_id (g_ptr_array_index (f->answered, i)), order_id) == 0;

  return n;
}

/* An order cancelled long after it was made is watched for a week after
 * its cancellation, once an hour: never asked about at every slot,
 * crowding out the open orders. */
static void
test_old_order_cancelled (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(PdOrder) old = NULL;
  g_autoptr(PdOrder) fresh = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = T0 + S (8 * 24 * 3600);

  old = add_order (f, "poll-old-cancelled");
  pd_fake_clock_set_now (f->clock, start);
  pd_store_cancel_order (f->store, old, "The customer paid in cash", &error);
  g_assert_no_error (error);
  fresh = add_order (f, "poll-fresh");

  pd_poller_start (f->poller);
  run_until (f, start + S (120));

  g_assert_cmpuint (n_answers_for (f, "poll-old-cancelled"), ==, 1);
  g_assert_cmpint (pd_order_get_next_check_at (old), ==, start / G_USEC_PER_SEC + 3600);
  /* A young order: every 10 seconds. */
  g_assert_cmpuint (n_answers_for (f, "poll-fresh"), >=, 11);
  g_assert_cmpint (pd_order_get_state (old), ==, PD_ORDER_STATE_CANCELLED);
}

/* Another program cancels an order, then MixPay says it was paid: the
 * poller's write from what it read before is refused, the order is read
 * again, and the answer is applied to it as it is now; the cancellation
 * is not written over. */
static void
test_changed_elsewhere (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "ledger.db", NULL);
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(PdOrder) theirs = NULL;
  g_autoptr(PdOrder) stored = NULL;
  g_autoptr(PdStore) other = NULL;
  g_autoptr(PdStore) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cancelled_at;

  script ("poll-elsewhere", "[{\"status\":\"unpaid\"}]");
  order = add_order (f, "poll-elsewhere");
  pd_poller_start (f->poller);
  run_until (f, T0 + S (5));
  g_assert_cmpint (pd_order_get_last_checked_at (order), >, 0);

  other = pd_store_open (path, &error);
  g_assert_no_error (error);
  theirs = pd_store_lookup_order (other, PAYEE, "poll-elsewhere", &error);
  g_assert_no_error (error);
  g_assert_true (pd_store_cancel_order (other, theirs, "customer left", &error));
  g_assert_no_error (error);
  cancelled_at = pd_order_get_cancelled_at (theirs);
  pd_store_close (other);

  script ("poll-elsewhere", "[{\"status\":\"success\"}]");
  run_until (f, T0 + S (30));

  g_assert_cmpuint (f->n_failed, ==, 0);
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_PAID);
  g_assert_cmpstr (pd_order_get_cancel_reason (order), ==, "customer left");

  again = pd_store_open (path, &error);
  g_assert_no_error (error);
  stored = pd_store_lookup_order (again, PAYEE, "poll-elsewhere", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pd_order_get_state (stored), ==, PD_ORDER_STATE_PAID);
  g_assert_cmpstr (pd_order_get_cancel_reason (stored), ==, "customer left");
  g_assert_cmpint (pd_order_get_cancelled_at (stored), ==, cancelled_at);
  pd_store_close (again);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  server = pd_fake_server_start ("0", FALSE);

#define ADD(path, func) \
  g_test_add ("/poller/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("rate-with-many-orders", test_rate_with_many_orders);
  ADD ("paid-within-interval", test_paid_within_interval);
  ADD ("rate-limited", test_rate_limited_pauses_everything);
  ADD ("idle-arms-no-timer", test_idle_arms_no_timer);
  ADD ("mismatch-recorded", test_mismatch_recorded);
  ADD ("server-errors-keep-state", test_server_errors_keep_state);
  ADD ("not-mixpay", test_not_mixpay);
  ADD ("not-found-keeps-state", test_not_found_keeps_state);
  ADD ("order-errors-in-a-row-back-off", test_order_errors_in_a_row_back_off);
  ADD ("network-backoff", test_network_backoff);
  ADD ("retry-now", test_retry_now_ends_backoff);
  ADD ("one-poller-per-ledger", test_one_poller_per_ledger);
  ADD ("lock-retried-before-due", test_lock_retried_before_due);
  ADD ("check-now", test_check_now_takes_next_slot);
  ADD ("budget-from-older-record", test_budget_from_older_record);
  ADD ("final-states-stay", test_final_states_stay);
  ADD ("unrecorded-answer-fails", test_unrecorded_answer_fails);
  ADD ("cancelled-stays-after-failure", test_cancelled_stays_after_failure);
  g_test_add_func ("/poller/budget-spent-pauses", test_budget_spent_pauses);
  ADD ("budget-outlives-the-poller", test_budget_outlives_the_poller);
  ADD ("old-order-cancelled", test_old_order_cancelled);
  ADD ("changed-elsewhere", test_changed_elsewhere);

#undef ADD

  status = g_test_run ();
  pd_fake_server_stop (server);

  return status;
}
