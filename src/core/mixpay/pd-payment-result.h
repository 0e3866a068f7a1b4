/* pd-payment-result.h: one answer of MixPay's payments_result, verified
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "pd-order.h"
#include "pd-order-state.h"

G_BEGIN_DECLS

#define PD_TYPE_PAYMENT_RESULT (pd_payment_result_get_type ())

/* A parsed `data` object of payments_result (section 3 of the contract).
 * Reference counted and immutable: every field is read-only. Strings are
 * NULL when the field is absent, null or empty; amounts are valid
 * pd-decimal strings whenever they are set. */
typedef struct _PdPaymentResult PdPaymentResult;

struct _PdPaymentResult
{
  /*< private >*/
  gatomicrefcount ref_count;

  /*< public >*/
  /* TRUE when MixPay does not know the payment yet (code 10062, in an
   * HTTP 200 or 404): the payer has not opened the link. Every other field is unset
   * and the state is unpaid. */
  gboolean  not_found;

  char     *status;
  char     *quote_amount;
  char     *quote_symbol;
  char     *quote_asset_id;
  char     *payment_amount;
  char     *payment_symbol;
  char     *payment_asset_id;
  char     *payee_id;
  char     *payee;
  char     *txid;
  char     *block_explorer_url;
  gint64    date;               /* Unix seconds, 0 when absent */
  char     *surplus_amount;
  char     *surplus_status;
  gint64    confirmations;      /* -1 unless confirming */
  char     *payable_amount;
  char     *payable_symbol;
  char     *failure_code;
  char     *failure_reason;
  char     *trace_id;
  gint64    expired_at;         /* Unix seconds, 0 when absent */
  char     *settle_status;
  char     *settle_amount;
  char     *settle_symbol;
  char     *return_to;
  char     *order_id;
  gboolean  has_is_fully_paid;  /* payment.isFullyPaid was given */
  gboolean  is_fully_paid;

  /* The API names of the members given whose value could not be read
   * (an amount "1e1", a date as a string, …), which are left unset;
   * NULL when there is none. */
  char    **unreadable;

  /* The answer as received, for the order's event history. */
  char     *raw_json;
};

/* Why a payment is a mismatch, beyond the three fields compared
 * (payeeId, quoteAssetId, quoteAmount): stored in an order's mismatch
 * list with them. */
#define PD_MISMATCH_PAID_BEFORE_CREATED "paidBeforeCreated"
#define PD_MISMATCH_ORDER_ID            "orderId"
#define PD_MISMATCH_TRACE_ID            "traceId"
#define PD_MISMATCH_NOT_FULLY_PAID      "isFullyPaid"
#define PD_MISMATCH_UNREADABLE          "unreadableAmount"

/* How much earlier than an order's creation a payment may say it was
 * made and still count as one for it: clocks differ, the desk's and
 * MixPay's (5 minutes). */
#define PD_PAYMENT_CLOCK_SKEW_S (5 * 60)

GType            pd_payment_result_get_type         (void) G_GNUC_CONST;

PdPaymentResult *pd_payment_result_new_from_json    (const char       *body,
                                                     gsize             length,
                                                     GError          **error);
PdPaymentResult *pd_payment_result_new_from_data    (JsonNode         *data,
                                                     const char       *raw_json,
                                                     GError          **error);
PdPaymentResult *pd_payment_result_new_not_found    (const char       *raw_json);

PdPaymentResult *pd_payment_result_ref              (PdPaymentResult  *self);
void             pd_payment_result_unref            (PdPaymentResult  *self);

const char      *pd_payment_result_get_raw_json     (PdPaymentResult  *self);
PdOrderState     pd_payment_result_verify           (PdPaymentResult  *self,
                                                     const char       *expected_payee_id,
                                                     const char       *expected_quote_asset_id,
                                                     const char       *expected_quote_amount,
                                                     GStrv            *out_mismatch_fields);
PdOrderState     pd_payment_result_verify_order     (PdPaymentResult  *self,
                                                     PdOrder          *order,
                                                     GStrv            *out_mismatch_fields);
char            *pd_payment_result_get_remaining    (PdPaymentResult  *self);

char            *pd_mismatch_dup_clause             (PdOrder          *order,
                                                     const char       *field);
char            *pd_mismatch_dup_reason             (PdOrder          *order);

gboolean         pd_mixpay_ids_equal                (const char       *a,
                                                     const char       *b);
gboolean         pd_mixpay_id_is_uuid               (const char       *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdPaymentResult, pd_payment_result_unref)

G_END_DECLS
