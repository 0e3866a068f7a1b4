/* pd-poller.h: watches open orders with MixPay, within the rate limit
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pd-clock.h"
#include "pd-mixpay-client.h"
#include "pd-order.h"
#include "pd-store.h"

G_BEGIN_DECLS

typedef enum
{
  PD_POLLER_STATUS_STOPPED,
  PD_POLLER_STATUS_WAITING_FOR_LOCK, /* another program polls this ledger */
  PD_POLLER_STATUS_IDLE,             /* nothing open: no timer armed */
  PD_POLLER_STATUS_WATCHING,         /* open orders, checking as they fall due */
  PD_POLLER_STATUS_OFFLINE,          /* MixPay unreachable: backing off */
  PD_POLLER_STATUS_RATE_LIMITED,     /* MixPay said 1429: paused */
  PD_POLLER_STATUS_SERVER_TROUBLE,   /* MixPay answered with server errors: backing off */
  PD_POLLER_STATUS_NOT_MIXPAY,       /* the API base does not answer like MixPay: backing off */
  PD_POLLER_STATUS_LEDGER_UNREACHABLE, /* a shared ledger's server cannot be reached: nobody may be polling */
} PdPollerStatus;

#define PD_TYPE_POLLER (pd_poller_get_type ())

G_DECLARE_FINAL_TYPE (PdPoller, pd_poller, PD, POLLER, GObject)

/* @clock NULL means the system clock. */
PdPoller       *pd_poller_new             (PdStore        *store,
                                           PdMixpayClient *client,
                                           PdClock        *clock);
guint           pd_poller_get_rate        (PdPoller       *self);
/* Requests a minute, 1 to 60; they are spaced 60/rate seconds apart. */
void            pd_poller_set_rate        (PdPoller       *self,
                                           guint           requests_per_minute);
void            pd_poller_start           (PdPoller       *self);
void            pd_poller_stop            (PdPoller       *self);
gboolean        pd_poller_get_running     (PdPoller       *self);
PdPollerStatus  pd_poller_get_status      (PdPoller       *self);
/* While another desk of a shared ledger polls (WAITING_FOR_LOCK): its
 * name, if it gave one. */
const char     *pd_poller_get_polling_desk (PdPoller      *self);
/* While offline or rate limited: when the next request may go out (µs). */
gint64          pd_poller_get_resume_at   (PdPoller       *self);
/* The last check error, for a banner; NULL after a success. */
const char     *pd_poller_get_last_error  (PdPoller       *self);
/* Checks @order in the next request slot, even a settled one. */
void            pd_poller_check_now       (PdPoller       *self,
                                           PdOrder        *order);
/* Ends a network back-off (and retries the polling lock) at once, as when
 * the user presses Retry; a rate-limit pause from MixPay is kept. */
void            pd_poller_retry_now       (PdPoller       *self);
/* Orders asked for with check_now (or new) not yet answered. */
guint           pd_poller_get_n_pending   (PdPoller       *self);

G_END_DECLS
