/* test-poll-policy.c: poll intervals and the request budget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "pd-poll-policy.h"

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
  g_assert_cmpint (gate.spacing, ==, MS (1200));

  /* A client asking as fast as it may. */
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      now = pd_rate_gate_next_allowed (&gate, now);
      pd_rate_gate_take_slot (&gate, now);
      times[i] = now;
    }

  for (guint i = 1; i < G_N_ELEMENTS (times); i++)
    g_assert_cmpint (times[i] - times[i - 1], >=, MS (1200));

  /* No 60 s window holds more than 50. */
  for (guint i = 0; i + 50 < G_N_ELEMENTS (times); i++)
    g_assert_cmpint (times[i + 50] - times[i], >=, S (60));
}

static void
test_gate_rate_clamped (void)
{
  PdRateGate gate;

  pd_rate_gate_init (&gate, 1000);
  g_assert_cmpint (gate.spacing, ==, S (1));
  pd_rate_gate_init (&gate, 0);
  g_assert_cmpint (gate.spacing, ==, S (60));
  pd_rate_gate_init (&gate, 7);
  /* 60/7 s rounded up to the µs: 7 requests never fit in a minute. */
  g_assert_cmpint (gate.spacing * 7, >=, S (60));
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
  g_assert_cmpint (pd_rate_gate_next_allowed (&gate, now + S (1)), ==, now + MS (1200));
  g_assert_cmpuint (gate.failures, ==, 0);

  /* A success resets the backoff. */
  pd_rate_gate_network_failed (&gate, now + S (2));
  pd_rate_gate_network_failed (&gate, now + S (2));
  pd_rate_gate_succeeded (&gate);
  pd_rate_gate_network_failed (&gate, now + S (40));
  g_assert_cmpint (pd_rate_gate_next_allowed (&gate, now + S (40)), ==, now + S (50));
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

  return g_test_run ();
}
