/* test-poll-policy.c: poll intervals and the request budget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "pd-clock.h"
#include "pd-poll-policy.h"
#include "pd-request-gate.h"

#define S(x) ((gint64) (x) * G_USEC_PER_SEC)
#define MS(x) ((gint64) (x) * 1000)
#define T0 S (1700000000)

static void
test_interval_by_age (void)
{
  static const struct { gint64 age; gint64 interval; } cases[] = {
    { 0, 10 }, { 599, 10 }, { 600, 30 }, { 3599, 30 }, { 3600, 120 },
    { 86399, 120 }, { 86400, 900 }, { 7 * 86400 - 1, 900 }, { 7 * 86400, 3600 },
    { 365 * 86400, 3600 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (pd_poll_policy_interval (PD_ORDER_STATE_UNPAID, T0, 0, T0 + S (cases[i].age)),
                       ==, cases[i].interval);
      g_assert_cmpint (pd_poll_policy_interval (PD_ORDER_STATE_UNKNOWN, T0, 0, T0 + S (cases[i].age)),
                       ==, cases[i].interval);
    }
}

static void
test_interval_by_state (void)
{
  gint64 week_old = T0 + S (8 * 86400);

  /* Money moving: short whatever the age. */
  g_assert_cmpint (pd_poll_policy_interval (PD_ORDER_STATE_CONFIRMING, T0, 0, week_old), ==, 10);
  g_assert_cmpint (pd_poll_policy_interval (PD_ORDER_STATE_PAID_LESS, T0, 0, week_old), ==, 10);
  g_assert_cmpint (pd_poll_policy_interval (PD_ORDER_STATE_PENDING, T0, 0, week_old), ==, 10);
  g_assert_cmpint (pd_poll_policy_interval (PD_ORDER_STATE_AUDITING, T0, 0, week_old), ==, 10);

  /* Settled: never again. */
  g_assert_cmpint (pd_poll_policy_interval (PD_ORDER_STATE_PAID, T0, 0, T0), ==, -1);
  g_assert_cmpint (pd_poll_policy_interval (PD_ORDER_STATE_FAILED, T0, 0, T0), ==, -1);
  g_assert_cmpint (pd_poll_policy_interval (PD_ORDER_STATE_MISMATCH, T0, 0, T0), ==, -1);

  /* Cancelled: rarely, for a week. */
  g_assert_cmpint (pd_poll_policy_interval (PD_ORDER_STATE_CANCELLED, T0, 0, T0 + S (60)), ==, 3600);
  g_assert_cmpint (pd_poll_policy_interval (PD_ORDER_STATE_CANCELLED, T0, 0, week_old), ==, -1);
}

static void
test_interval_expired (void)
{
  gint64 expires = T0 + S (300);

  g_assert_cmpint (pd_poll_policy_interval (PD_ORDER_STATE_UNPAID, T0, expires, T0 + S (200)), ==, 10);
  g_assert_cmpint (pd_poll_policy_interval (PD_ORDER_STATE_UNPAID, T0, expires, T0 + S (400)), ==, 40);
  g_assert_cmpint (pd_poll_policy_interval (PD_ORDER_STATE_UNPAID, T0, expires, T0 + S (4000)), ==, 480);
}

static void
test_gate_spacing (void)
{
  PdRateGate gate;
  gint64 now = T0;
  gint64 times[200];

  pd_rate_gate_init (&gate, 50);
  g_assert_cmpint (gate.spacing, ==, MS (1200) + PD_RATE_GATE_MARGIN_US);

  /* A client asking as fast as it may. */
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      now = pd_rate_gate_next_allowed (&gate, now);
      pd_rate_gate_take_slot (&gate, now);
      times[i] = now;
    }

  for (guint i = 1; i < G_N_ELEMENTS (times); i++)
    g_assert_cmpint (times[i] - times[i - 1], >=, MS (1200));

  /* No 60 s window, its ends included, holds more than 50. */
  for (guint i = 0; i + 50 < G_N_ELEMENTS (times); i++)
    g_assert_cmpint (times[i + 50] - times[i], >, S (60));
}

static void
test_gate_rate_clamped (void)
{
  PdRateGate gate;

  pd_rate_gate_init (&gate, 1000);
  g_assert_cmpint (gate.spacing, ==, S (1) + PD_RATE_GATE_MARGIN_US);
  pd_rate_gate_init (&gate, 0);
  g_assert_cmpint (gate.spacing, ==, S (60) + PD_RATE_GATE_MARGIN_US);
  pd_rate_gate_init (&gate, 7);
  /* 8 requests never fit in a minute, its ends included. */
  g_assert_cmpint (gate.spacing * 7, >, S (60));
}

static void
test_gate_rate_limited (void)
{
  PdRateGate gate;

  pd_rate_gate_init (&gate, 50);
  pd_rate_gate_take_slot (&gate, T0);
  pd_rate_gate_rate_limited (&gate, T0, 5);
  g_assert_true (pd_rate_gate_is_paused (&gate, T0 + S (4)));
  g_assert_cmpint (pd_rate_gate_next_allowed (&gate, T0 + S (1)), ==, T0 + S (5));

  /* Without Retry-After: a minute. */
  pd_rate_gate_rate_limited (&gate, T0 + S (10), 0);
  g_assert_cmpint (pd_rate_gate_next_allowed (&gate, T0 + S (10)), ==, T0 + S (70));

  /* The network coming back does not cut a pause the server asked for. */
  pd_rate_gate_network_available (&gate, T0 + S (20));
  g_assert_cmpint (pd_rate_gate_next_allowed (&gate, T0 + S (20)), ==, T0 + S (70));
}

static void
test_gate_backoff (void)
{
  static const gint64 expected[] = { 10, 20, 40, 80, 160, 300, 300, 300 };
  PdRateGate gate;
  gint64 now = T0;

  pd_rate_gate_init (&gate, 50);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      now = pd_rate_gate_next_allowed (&gate, now);
      pd_rate_gate_take_slot (&gate, now);
      pd_rate_gate_network_failed (&gate, now);
      g_assert_cmpint (pd_rate_gate_next_allowed (&gate, now) - now, ==, S (expected[i]));
    }

  /* Connectivity is back: resume at once (spacing still holds). */
  pd_rate_gate_network_available (&gate, now + S (1));
  g_assert_cmpint (pd_rate_gate_next_allowed (&gate, now + S (1)), ==, now + gate.spacing);
  g_assert_cmpuint (gate.failures, ==, 0);

  /* A success resets the backoff. */
  pd_rate_gate_network_failed (&gate, now + S (2));
  pd_rate_gate_network_failed (&gate, now + S (2));
  pd_rate_gate_succeeded (&gate);
  pd_rate_gate_network_failed (&gate, now + S (40));
  g_assert_cmpint (pd_rate_gate_next_allowed (&gate, now + S (40)), ==, now + S (50));
}

/* Two processes on one ledger, each through its own gate on the shared
 * file, asking as often as they can for hours of simulated time, with
 * MixPay pausing them now and then: no 60-second window, its ends
 * included, ever holds more requests than the rate, none is sent during a
 * pause, and two requests are never closer than 60/rate seconds. */
static void
test_gate_sliding_windows (void)
{
  static const guint rates[] = { 50, 60, 7, 1 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paydesk-gate-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ledger.db.poll-lock", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);

  g_assert_no_error (error);

  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    {
      guint rate = rates[r];
      g_autoptr(PdFakeClock) clock = pd_fake_clock_new (T0 + S (r * 86400));
      g_autoptr(PdRequestGate) app = pd_request_gate_new (path, PD_CLOCK (clock));
      g_autoptr(PdRequestGate) cli = pd_request_gate_new (path, PD_CLOCK (clock));
      g_autoptr(GArray) sent = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) pauses = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 end = T0 + S (r * 86400) + S (rate >= 50 ? 3 * 3600 : 8 * 3600);
      gint64 now = T0 + S (r * 86400);
      guint max_in_window = 0;

      pd_request_gate_set_rate (app, rate);
      pd_request_gate_set_rate (cli, rate);

      while (now < end)
        {
          PdRequestGate *gate = g_rand_boolean (rand) ? app : cli;
          gint64 next;

          if (pd_request_gate_try_take (gate, &next, NULL))
            {
              g_array_append_val (sent, now);
              /* Now and then MixPay refuses or says nothing is left. */
              if (g_rand_int_range (rand, 0, 200) == 0)
                {
                  gint64 retry = g_rand_int_range (rand, -1, 40);
                  gint64 until = now + S (retry <= 0 ? PD_POLL_DEFAULT_RETRY_S : retry);

                  pd_request_gate_pause (g_rand_boolean (rand) ? app : cli, retry);
                  g_array_append_val (pauses, now);
                  g_array_append_val (pauses, until);
                }
              /* The next attempt: at once, or a moment later. */
              next = now + (g_rand_boolean (rand) ? 0 : g_rand_int_range (rand, 0, 700000));
            }
          else
            {
              g_assert_cmpint (next, >, now);
              /* A timer fires at the time asked, or a little after. */
              next += g_rand_boolean (rand) ? 0 : g_rand_int_range (rand, 0, 3000);
            }

          now = MAX (next, now);
          pd_fake_clock_set_now (clock, now);
        }

      g_assert_cmpuint (sent->len, >, 100);
      for (guint i = 0; i < sent->len; i++)
        {
          gint64 start = g_array_index (sent, gint64, i);
          guint n = 0;

          for (guint j = i; j < sent->len && g_array_index (sent, gint64, j) <= start + S (60); j++)
            n++;
          max_in_window = MAX (max_in_window, n);
          if (i > 0)
            g_assert_cmpint (start - g_array_index (sent, gint64, i - 1), >=, S (60) / rate);

          for (guint p = 0; p < pauses->len; p += 2)
            g_assert_false (start > g_array_index (pauses, gint64, p) &&
                            start < g_array_index (pauses, gint64, p + 1));
        }

      g_test_message ("rate %u: %u requests, at most %u in a 60 s window", rate, sent->len, max_in_window);
      g_assert_cmpuint (max_in_window, <=, rate);
    }

  g_unlink (path);
  g_rmdir (dir);
}

/* A request sent just after its grant leaves the shared budget alone
 * (writing it again would cost a second lock, read and write per
 * request), and the next request, from another process, still leaves at
 * least 60/rate s after it was sent; one sent late is written, and the
 * next waits the spacing from then. */
static void
test_gate_send_after_grant (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paydesk-gate-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ledger.db.poll-lock", NULL);
  g_autoptr(PdFakeClock) clock = pd_fake_clock_new (T0);
  g_autoptr(PdRequestGate) app = pd_request_gate_new (path, PD_CLOCK (clock));
  g_autoptr(PdRequestGate) cli = pd_request_gate_new (path, PD_CLOCK (clock));
  GStatBuf st;
  gint64 sent;
  gint64 next;

  g_assert_no_error (error);
  pd_request_gate_set_rate (app, 60);
  pd_request_gate_set_rate (cli, 60);

  /* Emptied behind the gate's back after the grant: a send at once does
   * not write it again. */
  g_assert_true (pd_request_gate_try_take (app, NULL, NULL));
  g_assert_cmpint (truncate (path, 0), ==, 0);
  pd_fake_clock_set_now (clock, T0 + MS (3));
  pd_request_gate_request_sent (app);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);

  /* Spaced from a send soon after the grant. */
  pd_fake_clock_set_now (clock, T0 + S (100));
  g_assert_true (pd_request_gate_try_take (app, NULL, NULL));
  sent = T0 + S (100) + MS (8);
  pd_fake_clock_set_now (clock, sent);
  pd_request_gate_request_sent (app);
  g_assert_false (pd_request_gate_try_take (cli, &next, NULL));
  g_assert_cmpint (next - sent, >=, S (60) / 60);

  /* A late send is written, and spaces the next from then. */
  pd_fake_clock_set_now (clock, next);
  g_assert_true (pd_request_gate_try_take (cli, NULL, NULL));
  sent = next + MS (400);
  pd_fake_clock_set_now (clock, sent);
  pd_request_gate_request_sent (cli);
  g_assert_false (pd_request_gate_try_take (app, &next, NULL));
  g_assert_cmpint (next - sent, >=, S (60) / 60 + PD_RATE_GATE_MARGIN_US);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/poll-policy/interval/age", test_interval_by_age);
  g_test_add_func ("/poll-policy/interval/state", test_interval_by_state);
  g_test_add_func ("/poll-policy/interval/expired", test_interval_expired);
  g_test_add_func ("/poll-policy/gate/spacing", test_gate_spacing);
  g_test_add_func ("/poll-policy/gate/clamped", test_gate_rate_clamped);
  g_test_add_func ("/poll-policy/gate/rate-limited", test_gate_rate_limited);
  g_test_add_func ("/poll-policy/gate/backoff", test_gate_backoff);
  g_test_add_func ("/poll-policy/gate/sliding-windows", test_gate_sliding_windows);
  g_test_add_func ("/poll-policy/gate/send-after-grant", test_gate_send_after_grant);

  return g_test_run ();
}
