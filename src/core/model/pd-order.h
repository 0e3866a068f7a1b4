/* pd-order.h: one order of the ledger
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pd-order-state.h"
#include "pd-paylink.h"

G_BEGIN_DECLS

/* How the payer gets to the payment page. The string names
 * (pd_order_link_kind_to_string()) match the GSettings enum nicks. */
typedef enum
{
  PD_ORDER_LINK_KIND_PAYLINK,
  PD_ORDER_LINK_KIND_ONE_TIME,
} PdOrderLinkKind;

#define PD_TYPE_ORDER_STATE     (pd_order_state_get_type ())
#define PD_TYPE_ORDER_GROUP     (pd_order_group_get_type ())
#define PD_TYPE_ORDER_LINK_KIND (pd_order_link_kind_get_type ())
#define PD_TYPE_ORDER           (pd_order_get_type ())

/* GTypes of the enums, for properties and GtkExpressions; the nicks are
 * the string names of pd-order-state.h. */
GType pd_order_state_get_type     (void) G_GNUC_CONST;
GType pd_order_group_get_type     (void) G_GNUC_CONST;
GType pd_order_link_kind_get_type (void) G_GNUC_CONST;

const char *pd_order_link_kind_to_string   (PdOrderLinkKind  kind);
gboolean    pd_order_link_kind_from_string (const char      *name,
                                            PdOrderLinkKind *kind);

/* An order: what was asked for (payee, assets, amount, link…), local
 * bookkeeping (note, times, state) and the facts of the last payment
 * result MixPay gave. Every property notifies, only when its value
 * changes, so a row bound to it updates in place.
 *
 * Times are Unix seconds (UTC); 0 means "never" or "none".
 * Strings are NULL when not known; setting "" stores NULL.
 * Amounts are decimal strings (pd-decimal.h), never doubles.
 *
 * A PdStore keeps one PdOrder per stored order; pd_order_get_id() is its
 * row id there, 0 while the order is not stored. */
G_DECLARE_FINAL_TYPE (PdOrder, pd_order, PD, ORDER, GObject)

PdOrder         *pd_order_new                  (void);

gint64           pd_order_get_id               (PdOrder         *self);

/* What was asked for. */
const char      *pd_order_get_order_id         (PdOrder         *self);
void             pd_order_set_order_id         (PdOrder         *self,
                                                const char      *order_id);
const char      *pd_order_get_payee_id         (PdOrder         *self);
void             pd_order_set_payee_id         (PdOrder         *self,
                                                const char      *payee_id);
const char      *pd_order_get_settlement_asset_id (PdOrder      *self);
void             pd_order_set_settlement_asset_id (PdOrder      *self,
                                                   const char   *asset_id);
const char      *pd_order_get_quote_asset_id   (PdOrder         *self);
void             pd_order_set_quote_asset_id   (PdOrder         *self,
                                                const char      *asset_id);
const char      *pd_order_get_quote_symbol     (PdOrder         *self);
void             pd_order_set_quote_symbol     (PdOrder         *self,
                                                const char      *symbol);
const char      *pd_order_get_quote_amount     (PdOrder         *self);
void             pd_order_set_quote_amount     (PdOrder         *self,
                                                const char      *amount);
const char      *pd_order_get_return_to        (PdOrder         *self);
void             pd_order_set_return_to        (PdOrder         *self,
                                                const char      *url);
const char      *pd_order_get_remark          (PdOrder         *self);
void             pd_order_set_remark          (PdOrder         *self,
                                                const char      *remark);
const char      *pd_order_get_note            (PdOrder         *self);
void             pd_order_set_note            (PdOrder         *self,
                                                const char      *note);
PdOrderLinkKind  pd_order_get_link_kind        (PdOrder         *self);
void             pd_order_set_link_kind        (PdOrder         *self,
                                                PdOrderLinkKind  kind);
const char      *pd_order_get_link             (PdOrder         *self);
void             pd_order_set_link             (PdOrder         *self,
                                                const char      *link);
const char      *pd_order_get_trace_id         (PdOrder         *self);
void             pd_order_set_trace_id         (PdOrder         *self,
                                                const char      *trace_id);
gint64           pd_order_get_expires_at       (PdOrder         *self);
void             pd_order_set_expires_at       (PdOrder         *self,
                                                gint64           expires_at);

/* Bookkeeping. */
gint64           pd_order_get_created_at       (PdOrder         *self);
void             pd_order_set_created_at       (PdOrder         *self,
                                                gint64           created_at);
gint64           pd_order_get_updated_at       (PdOrder         *self);
void             pd_order_set_updated_at       (PdOrder         *self,
                                                gint64           updated_at);
gint64           pd_order_get_last_checked_at  (PdOrder         *self);
void             pd_order_set_last_checked_at  (PdOrder         *self,
                                                gint64           checked_at);
gint64           pd_order_get_next_check_at    (PdOrder         *self);
void             pd_order_set_next_check_at    (PdOrder         *self,
                                                gint64           next_check_at);
PdOrderState     pd_order_get_state            (PdOrder         *self);
void             pd_order_set_state            (PdOrder         *self,
                                                PdOrderState     state);
const char      *pd_order_get_cancel_reason    (PdOrder         *self);
void             pd_order_set_cancel_reason    (PdOrder         *self,
                                                const char      *reason);
gint64           pd_order_get_cancelled_at     (PdOrder         *self);
void             pd_order_set_cancelled_at     (PdOrder         *self,
                                                gint64           cancelled_at);

/* Facts of the last payment result. */
const char      *pd_order_get_mixpay_status    (PdOrder         *self);
void             pd_order_set_mixpay_status    (PdOrder         *self,
                                                const char      *status);
const char      *pd_order_get_payment_amount   (PdOrder         *self);
void             pd_order_set_payment_amount   (PdOrder         *self,
                                                const char      *amount);
const char      *pd_order_get_payment_symbol   (PdOrder         *self);
void             pd_order_set_payment_symbol   (PdOrder         *self,
                                                const char      *symbol);
const char      *pd_order_get_payable_amount   (PdOrder         *self);
void             pd_order_set_payable_amount   (PdOrder         *self,
                                                const char      *amount);
const char      *pd_order_get_payable_symbol   (PdOrder         *self);
void             pd_order_set_payable_symbol   (PdOrder         *self,
                                                const char      *symbol);
/* -1 when MixPay reports none (it does unless the payment is confirming). */
int              pd_order_get_confirmations    (PdOrder         *self);
void             pd_order_set_confirmations    (PdOrder         *self,
                                                int              confirmations);
const char      *pd_order_get_txid             (PdOrder         *self);
void             pd_order_set_txid             (PdOrder         *self,
                                                const char      *txid);
const char      *pd_order_get_explorer_url     (PdOrder         *self);
void             pd_order_set_explorer_url     (PdOrder         *self,
                                                const char      *url);
const char      *pd_order_get_failure_code     (PdOrder         *self);
void             pd_order_set_failure_code     (PdOrder         *self,
                                                const char      *code);
const char      *pd_order_get_failure_reason   (PdOrder         *self);
void             pd_order_set_failure_reason   (PdOrder         *self,
                                                const char      *reason);
const char      *pd_order_get_surplus_amount   (PdOrder         *self);
void             pd_order_set_surplus_amount   (PdOrder         *self,
                                                const char      *amount);
const char      *pd_order_get_surplus_status   (PdOrder         *self);
void             pd_order_set_surplus_status   (PdOrder         *self,
                                                const char      *status);
const char      *pd_order_get_settle_status    (PdOrder         *self);
void             pd_order_set_settle_status    (PdOrder         *self,
                                                const char      *status);
const char      *pd_order_get_settle_amount    (PdOrder         *self);
void             pd_order_set_settle_amount    (PdOrder         *self,
                                                const char      *amount);
const char      *pd_order_get_settle_symbol    (PdOrder         *self);
void             pd_order_set_settle_symbol    (PdOrder         *self,
                                                const char      *symbol);
gint64           pd_order_get_paid_at          (PdOrder         *self);
void             pd_order_set_paid_at          (PdOrder         *self,
                                                gint64           paid_at);
/* Names of the fields of a success result that did not match the order
 * ("payeeId", "quoteAssetId", "quoteAmount"); NULL when none. */
const char * const *pd_order_get_mismatch      (PdOrder         *self);
void             pd_order_set_mismatch         (PdOrder         *self,
                                                const char * const *fields);

/* Whether a payment result named another payee, asset or amount than
 * the order (pd_order_get_mismatch() is not empty), whatever the state:
 * the payer edited the link, so nothing MixPay says is due or paid
 * counts for this order, and the merchant must be warned. */
gboolean         pd_order_has_mismatch         (PdOrder         *self);
/* "Needs attention": failed, mismatch or unknown, any order with a
 * mismatch, and a paid_less order past its deadline (@now, Unix
 * seconds). The app's filter and `paydesk-cli list --state attention`. */
gboolean         pd_order_needs_attention      (PdOrder         *self,
                                                gint64           now);
/* Whether @self is in @group at @now, as the views filter. */
gboolean         pd_order_in_group             (PdOrder         *self,
                                                PdOrderGroup     group,
                                                gint64           now);
/* What a paid_less payer still owes: max(payable − payment, 0), or NULL
 * when either amount is not known, or the payment does not match the
 * order (the payable amount is then the edited link's). */
char            *pd_order_dup_remaining_amount (PdOrder         *self);
/* The order's link fields as paylink parameters; borrowed from @self. */
void             pd_order_get_paylink_params   (PdOrder         *self,
                                                PdPaylinkParams *params);
/* Builds the universal paylink from the order's fields and stores it as
 * the order's link (kind "paylink"); FALSE and a PD_PAYLINK_ERROR when a
 * field is invalid. */
gboolean         pd_order_build_paylink        (PdOrder         *self,
                                                const char      *pay_base,
                                                GError         **error);

/* Search: the order ID, note and quote amount, one a line, folded; made
 * on first use and kept until one of them changes. A search for @text
 * matches when the key contains pd_order_fold_search_text (@text). */
const char      *pd_order_get_search_key       (PdOrder         *self);
char            *pd_order_fold_search_text     (const char      *text);

G_END_DECLS
