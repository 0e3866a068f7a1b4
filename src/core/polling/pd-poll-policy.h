/* pd-poll-policy.h: when to ask MixPay about an order, and how fast
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pd-order-state.h"

G_BEGIN_DECLS

/* Pure policy, no I/O and no clock of its own: every function takes "now",
 * so the poller's behaviour is unit-tested in simulated time. Times are
 * microseconds (as g_get_real_time()). */

#define PD_POLL_DEFAULT_RATE       50   /* requests a minute; MixPay allows 60 */
#define PD_POLL_MAX_RATE           60
#define PD_POLL_DEFAULT_RETRY_S    60   /* after a 1429 without Retry-After */
#define PD_POLL_MAX_BACKOFF_S      300
#define PD_POLL_FIRST_BACKOFF_S    10
#define PD_POLL_CANCELLED_WATCH_S  (7 * 24 * 3600)
/* Added to the 60/rate seconds between two requests, in µs. The gate
 * spaces requests from when each was sent (pd_rate_gate_request_sent());
 * this covers what no sender sees: the way to MixPay, and the moment its
 * server counts the request, each a few milliseconds longer for one
 * request than for the next. */
#define PD_RATE_GATE_MARGIN_US     50000

/* Seconds until @state's order is due again, from its age and expiry;
 * -1 when it is never checked again automatically. @since: when the
 * order was created, or for a cancelled one, when it was cancelled. */
gint64   pd_poll_policy_interval        (PdOrderState state,
                                         gint64       since,
                                         gint64       expires_at,
                                         gint64       now);

/* The global request budget: requests spaced at least 60/rate seconds
 * apart (never a burst), paused after a 1429, backed off exponentially
 * after network failures. */
typedef struct
{
  gint64 spacing;        /* µs between two requests */
  gint64 next_slot;      /* earliest time of the next request */
  gint64 paused_until;   /* rate limited or backing off until then */
  guint  failures;       /* consecutive network failures */
  guint  rate_limited : 1;
} PdRateGate;

void     pd_rate_gate_init              (PdRateGate *gate,
                                         guint       requests_per_minute);
void     pd_rate_gate_set_rate          (PdRateGate *gate,
                                         guint       requests_per_minute);
gint64   pd_rate_gate_next_allowed      (const PdRateGate *gate,
                                         gint64            now);
gboolean pd_rate_gate_is_paused         (const PdRateGate *gate,
                                         gint64            now);
void     pd_rate_gate_take_slot         (PdRateGate *gate,
                                         gint64      now);
/* A request went at @sent_at, whoever sent it: the next one waits the
 * spacing from then, however long after its slot it went. */
void     pd_rate_gate_request_sent      (PdRateGate *gate,
                                         gint64      sent_at);
void     pd_rate_gate_rate_limited      (PdRateGate *gate,
                                         gint64      now,
                                         gint64      retry_after_seconds);
void     pd_rate_gate_network_failed    (PdRateGate *gate,
                                         gint64      now);
void     pd_rate_gate_succeeded         (PdRateGate *gate);
void     pd_rate_gate_network_available (PdRateGate *gate,
                                         gint64      now);

G_END_DECLS
