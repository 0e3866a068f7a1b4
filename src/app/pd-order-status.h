/* pd-order-status.h: an order's state and failures in words
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-order.h"

G_BEGIN_DECLS

/* A sentence for the merchant: "Waiting for payment", "3 confirmations",
 * "Paid less: 3.513 USDT still due", "Mismatch: … — do not hand over
 * goods". @last_result_json, the last MixPay answer stored for the order
 * (nullable), tells what a mismatched payment was made for. */
char       *pd_order_status_dup_sentence      (PdOrder    *order,
                                               const char *last_result_json);
/* The meaning of a MixPay failureCode ("40000": "payment overtime"), or
 * NULL for a code not documented. */
const char *pd_order_status_get_failure_label (const char *failure_code);
/* "pd-state-paid" and so on: the style class of a state pill. */
const char *pd_order_status_get_css_class     (PdOrderState state);
/* Whether the merchant must not hand over goods for this state yet. */
gboolean    pd_order_status_is_warning        (PdOrderState state);
/* The same for an order: also any order paid through an edited link. */
gboolean    pd_order_status_order_is_warning  (PdOrder    *order);

/* "25 Nov 2026, 14:05" in local time; "" for 0. */
char       *pd_order_status_format_time       (gint64      unix_time);
/* "just now", "5 min ago", "3 h ago", "yesterday", or a date; "" for 0. */
char       *pd_order_status_format_relative   (gint64      unix_time,
                                               gint64      now);
/* A mailto: URI whose subject and body hold the amount and the link. */
char       *pd_order_status_dup_mailto_uri    (PdOrder    *order);

G_END_DECLS
