/* pd-poll-policy.c: when to ask MixPay about an order, and how fast
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-poll-policy.h"

#define MINUTE 60
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

/* While money is moving, results change within seconds. */
#define ACTIVE_INTERVAL_S 10
/* A customer who let the link expire rarely pays late; MixPay then answers
 * "failed" anyway, so an expired order is checked four times less often. */
#define EXPIRED_FACTOR 4

static gint64
interval_for_age (gint64 age)
{
  if (age < 10 * MINUTE)
    return 10;
  if (age < HOUR)
    return 30;
  if (age < DAY)
    return 2 * MINUTE;
  if (age < 7 * DAY)
    return 15 * MINUTE;
  return HOUR;
}

gint64
pd_poll_policy_interval (PdOrderState state,
                         gint64       since,
                         gint64       expires_at,
                         gint64       now)
{
  gint64 age = MAX (0, (now - since) / G_USEC_PER_SEC);
  gint64 interval;

  switch (state)
    {
    case PD_ORDER_STATE_PAID:
    case PD_ORDER_STATE_FAILED:
    case PD_ORDER_STATE_MISMATCH:
      return -1;

    case PD_ORDER_STATE_CANCELLED:
      /* The customer may pay a voided order anyway; watch it rarely for a
       * week so such a payment is recorded, never hidden. */
      return age < PD_POLL_CANCELLED_WATCH_S ? HOUR : -1;

    case PD_ORDER_STATE_CONFIRMING:
    case PD_ORDER_STATE_PAID_LESS:
    case PD_ORDER_STATE_PENDING:
    case PD_ORDER_STATE_AUDITING:
      interval = ACTIVE_INTERVAL_S;
      break;

    case PD_ORDER_STATE_UNPAID:
    case PD_ORDER_STATE_UNKNOWN:
    default:
      interval = interval_for_age (age);
      break;
    }

  if (expires_at > 0 && now > expires_at)
    interval *= EXPIRED_FACTOR;

  return interval;
}

void
pd_rate_gate_init (PdRateGate *gate,
                   guint       requests_per_minute)
{
  g_return_if_fail (gate != NULL);

  *gate = (PdRateGate) { 0 };
  pd_rate_gate_set_rate (gate, requests_per_minute);
}

/* Keeps the pause and the backoff; only the spacing changes. */
void
pd_rate_gate_set_rate (PdRateGate *gate,
                       guint       requests_per_minute)
{
  g_return_if_fail (gate != NULL);

  requests_per_minute = CLAMP (requests_per_minute, 1, PD_POLL_MAX_RATE);

  /* Rate + 1 requests spaced exactly 60/rate s apart span exactly 60 s:
   * a window of 60 s with both ends would hold one more than the rate.
   * The margin keeps them apart, also when one request's way to MixPay
   * takes a few milliseconds longer than the next one's. */
  gate->spacing = 60 * G_USEC_PER_SEC / requests_per_minute + PD_RATE_GATE_MARGIN_US;
}

gint64
pd_rate_gate_next_allowed (const PdRateGate *gate,
                           gint64            now)
{
  return MAX (now, MAX (gate->next_slot, gate->paused_until));
}

gboolean
pd_rate_gate_is_paused (const PdRateGate *gate,
                        gint64            now)
{
  return gate->paused_until > now;
}

void
pd_rate_gate_take_slot (PdRateGate *gate,
                        gint64      now)
{
  g_return_if_fail (now >= gate->next_slot);

  gate->next_slot = now + gate->spacing;
}

void
pd_rate_gate_request_sent (PdRateGate *gate,
                           gint64      sent_at)
{
  gate->next_slot = MAX (gate->next_slot, sent_at + gate->spacing);
}

void
pd_rate_gate_rate_limited (PdRateGate *gate,
                           gint64      now,
                           gint64      retry_after_seconds)
{
  if (retry_after_seconds <= 0)
    retry_after_seconds = PD_POLL_DEFAULT_RETRY_S;

  gate->paused_until = MAX (gate->paused_until,
                            now + retry_after_seconds * G_USEC_PER_SEC);
  gate->rate_limited = TRUE;
}

void
pd_rate_gate_network_failed (PdRateGate *gate,
                             gint64      now)
{
  gint64 delay = PD_POLL_FIRST_BACKOFF_S;

  for (guint i = 0; i < gate->failures && delay < PD_POLL_MAX_BACKOFF_S; i++)
    delay *= 2;
  delay = MIN (delay, PD_POLL_MAX_BACKOFF_S);

  gate->failures++;
  gate->paused_until = MAX (gate->paused_until, now + delay * G_USEC_PER_SEC);
  gate->rate_limited = FALSE;
}

void
pd_rate_gate_succeeded (PdRateGate *gate)
{
  gate->failures = 0;
  gate->rate_limited = FALSE;
}

/* The network came back: a backoff caused by it ends now, but a pause the
 * server asked for (1429) stands, and so does the spacing. */
void
pd_rate_gate_network_available (PdRateGate *gate,
                                gint64      now)
{
  if (gate->failures == 0 || gate->rate_limited)
    return;

  gate->failures = 0;
  gate->paused_until = MIN (gate->paused_until, now);
}
