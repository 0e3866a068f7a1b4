/* pd-order-texts.h: an order's state, failures and history in words
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-order.h"
#include "pd-order-event.h"

G_BEGIN_DECLS

/* A sentence for the merchant: "Waiting for payment", "3 confirmations",
 * "Paid less: 3.513 USDT still due", "Mismatch: … — do not hand over
 * goods". @last_result_json, the last MixPay answer stored for the order
 * (nullable), tells what a mismatched payment was made for. */
char       *pd_order_texts_dup_sentence       (PdOrder            *order,
                                               const char         *last_result_json);
/* The meaning of a MixPay failureCode ("40000": "payment overtime"), or
 * NULL for a code not documented. */
const char *pd_order_texts_get_failure_label  (const char         *failure_code);
/* "10 USDT", or "10" when @symbol is NULL or empty. */
char       *pd_order_texts_dup_amount         (const char         *amount,
                                               const char         *symbol);
/* "3 confirmations". */
char       *pd_order_texts_dup_confirmations  (int                 confirmations);
/* A history entry's message in the person's language (a change of
 * state as the states' labels, and its reason); NULL when it has none. */
char       *pd_order_texts_dup_event_message  (const PdOrderEvent *event);

/* "25 Nov 2026, 14:05" in local time; "" for 0. */
char       *pd_order_texts_format_time        (gint64              unix_time);
/* "just now", "5 min ago", "3 h ago", "yesterday", or a date; "" for 0. */
char       *pd_order_texts_format_relative    (gint64              unix_time,
                                               gint64              now);

G_END_DECLS
