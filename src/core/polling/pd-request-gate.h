/* pd-request-gate.h: the one rate gate every request to MixPay goes
 * through, shared by every process on a ledger
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pd-clock.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_REQUEST_GATE (pd_request_gate_get_type ())

G_DECLARE_FINAL_TYPE (PdRequestGate, pd_request_gate, PD, REQUEST_GATE, GObject)

/* @path: the file the budget is kept in, shared with every process that
 * opens it; NULL keeps it in this process only. @clock NULL means the
 * system clock. */
PdRequestGate *pd_request_gate_new            (const char    *path,
                                               PdClock       *clock);
/* The gate of the ledger at @ledger_path: the file beside it that the
 * poller locks (LEDGER.poll-lock). */
PdRequestGate *pd_request_gate_new_for_ledger (const char    *ledger_path,
                                               PdClock       *clock);
/* The same for an open @store, with the password it was opened with. */
PdRequestGate *pd_request_gate_new_for_store  (PdStore       *store,
                                               PdClock       *clock);
/* On a shared PostgreSQL ledger, the MixPay account whose budget this
 * gate spends (each has its own); a file's budget is the ledger's. */
void           pd_request_gate_set_payee      (PdRequestGate *self,
                                               const char    *payee_id);
PdClock       *pd_request_gate_get_clock      (PdRequestGate *self);
guint          pd_request_gate_get_rate       (PdRequestGate *self);
/* Requests a minute, 1 to 60. */
void           pd_request_gate_set_rate       (PdRequestGate *self,
                                               guint          requests_per_minute);
/* When the next request may go (µs; in the past when it may go now). */
gint64         pd_request_gate_next_allowed   (PdRequestGate *self);
/* While MixPay's pause (a 1429, or no request left) lasts: TRUE and its
 * end in @until. */
gboolean       pd_request_gate_get_pause      (PdRequestGate *self,
                                               gint64        *until);
/* Takes the slot for a request about to be sent: TRUE when it may go now;
 * otherwise FALSE and when to try again in @next_allowed. On a shared
 * ledger that cannot be reached, also PD_MIXPAY_ERROR_NO_BUDGET in
 * @error: no desk may send while nobody can count. */
gboolean       pd_request_gate_try_take       (PdRequestGate  *self,
                                               gint64         *next_allowed,
                                               GError        **error);
/* The request whose slot was taken has just been sent (its last byte
 * written): the next one, from any process, waits the spacing from now. */
void           pd_request_gate_request_sent   (PdRequestGate *self);
/* MixPay refused a request or said none is left: nobody sends until
 * @retry_after_seconds from now (<= 0: a whole window). */
void           pd_request_gate_pause          (PdRequestGate *self,
                                               gint64         retry_after_seconds);

G_END_DECLS
