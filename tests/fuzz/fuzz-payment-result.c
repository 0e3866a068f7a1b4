/* fuzz-payment-result.c: libFuzzer target for MixPay answers
 *
 * The input is an HTTP body as MixPay might send it. The envelope parser
 * and pd_payment_result_new_from_json() must either refuse it with a
 * PD_MIXPAY_ERROR or return a result whose amounts are valid decimals;
 * and pd_payment_result_verify() must never call an order paid unless the
 * answer is a success for exactly that payee, asset and amount.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-decimal.h"
#include "pd-fuzz.h"
#include "pd-mixpay-error.h"
#include "pd-payment-result.h"

/* The order every fixture answers for (tests/fixtures/README.md). */
#define ORDER_PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define ORDER_QUOTE_ASSET "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define ORDER_AMOUNT "10"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  pd_fuzz_init ();
  return 0;
}

static void
check_envelope (const char *text,
                gsize       length)
{
  static const gint64 none[] = { 0 };
  static const gint64 some[] = { PD_MIXPAY_CODE_ORDER_NOT_FOUND, PD_MIXPAY_CODE_RATE_LIMITED, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error_some = NULL;
  g_autoptr(PdMixpayEnvelope) envelope = pd_mixpay_envelope_parse (text, length, none, &error);
  g_autoptr(PdMixpayEnvelope) accepted = pd_mixpay_envelope_parse (text, length, some, &error_some);

  pd_fuzz_check ((envelope == NULL) == (error != NULL), "an error exactly when the envelope is refused");
  if (envelope != NULL)
    {
      pd_fuzz_check (envelope->code == PD_MIXPAY_CODE_OK, "only code 0 passes when none is accepted");
      pd_fuzz_check (envelope->root != NULL, "the envelope keeps its JSON");
    }
  else
    {
      pd_fuzz_check (error->domain == PD_MIXPAY_ERROR, "the error is a MixPay error");
      pd_fuzz_check (error->code != PD_MIXPAY_ERROR_RATE_LIMITED ||
                     pd_mixpay_error_get_api_code (error) == PD_MIXPAY_CODE_RATE_LIMITED,
                     "rate limiting comes from code 1429");
      pd_fuzz_check (g_utf8_validate (error->message, -1, NULL), "the message is UTF-8");
    }

  pd_fuzz_check ((accepted == NULL) == (error_some != NULL), "an error exactly when the envelope is refused");
  if (accepted != NULL)
    pd_fuzz_check (accepted->code == PD_MIXPAY_CODE_OK ||
                   accepted->code == PD_MIXPAY_CODE_ORDER_NOT_FOUND ||
                   accepted->code == PD_MIXPAY_CODE_RATE_LIMITED,
                   "only accepted codes pass");
  pd_fuzz_check (envelope == NULL || accepted != NULL, "accepting more codes refuses nothing more");
}

static void
check_amount (const char *amount)
{
  pd_fuzz_check (amount == NULL || pd_decimal_is_valid (amount), "a set amount is a valid decimal");
}

/* Verifies @result against an order; checks what verify promises. */
static PdOrderState
check_verify (PdPaymentResult *result,
              const char      *payee_id,
              const char      *quote_asset_id,
              const char      *quote_amount)
{
  g_auto(GStrv) mismatch = NULL;
  PdOrderState state = pd_payment_result_verify (result, payee_id, quote_asset_id,
                                                 quote_amount, &mismatch);

  pd_fuzz_check (state <= PD_ORDER_STATE_LAST, "verify returns a state");
  pd_fuzz_check (mismatch == NULL || mismatch[0] != NULL, "mismatch is NULL or not empty");
  if (state == PD_ORDER_STATE_PAID)
    {
      pd_fuzz_check (!result->not_found && g_strcmp0 (result->status, "success") == 0,
                     "only a success is paid");
      pd_fuzz_check (pd_mixpay_ids_equal (result->payee_id, payee_id), "paid to the order's payee");
      pd_fuzz_check (pd_mixpay_ids_equal (result->quote_asset_id, quote_asset_id),
                     "paid in the order's asset");
      pd_fuzz_check (pd_decimal_equal (result->quote_amount, quote_amount),
                     "paid the order's amount");
      pd_fuzz_check (mismatch == NULL, "a paid order has no mismatch");
      /* Fields only shown (a date, confirmations) may have been left out;
       * what verification compares never. */
      pd_fuzz_check (result->unreadable == NULL ||
                     (!g_strv_contains ((const char * const *) result->unreadable, "quoteAmount") &&
                      !g_strv_contains ((const char * const *) result->unreadable, "payeeId") &&
                      !g_strv_contains ((const char * const *) result->unreadable, "quoteAssetId")),
                     "a paid answer's compared fields were read");
      pd_fuzz_check (!result->has_is_fully_paid || result->is_fully_paid,
                     "a paid answer is not said to be short");
    }
  if (state == PD_ORDER_STATE_MISMATCH)
    pd_fuzz_check (mismatch != NULL, "a mismatch names its fields");
  if (result->not_found)
    pd_fuzz_check (state == PD_ORDER_STATE_UNPAID && mismatch == NULL, "not found is unpaid");

  return state;
}

static void
check_result (PdPaymentResult *result,
              const char      *text,
              gsize            length)
{
  g_autofree char *remaining = pd_payment_result_get_remaining (result);
  PdOrderState state;

  pd_fuzz_check (result->raw_json != NULL && strlen (result->raw_json) == length &&
                 memcmp (result->raw_json, text, length) == 0,
                 "the raw answer is kept as received");
  check_amount (result->quote_amount);
  check_amount (result->payment_amount);
  check_amount (result->payable_amount);
  check_amount (result->surplus_amount);
  check_amount (result->settle_amount);
  if (result->not_found)
    pd_fuzz_check (g_strcmp0 (result->status, "unpaid") == 0 && result->payee_id == NULL &&
                   result->quote_amount == NULL, "not found is unpaid, without fields");

  pd_fuzz_check ((remaining == NULL) == (result->payable_amount == NULL),
                 "a remaining amount exactly when a payable one is known");
  if (remaining != NULL)
    pd_fuzz_check (pd_decimal_compare (remaining, result->payable_amount) <= 0,
                   "never more remains than is payable");

  check_verify (result, ORDER_PAYEE, ORDER_QUOTE_ASSET, ORDER_AMOUNT);

  /* The result's own fields: a success for them is paid; any other
   * amount is never paid. */
  if (result->payee_id != NULL && result->quote_asset_id != NULL && result->quote_amount != NULL)
    {
      g_autofree char *more = pd_decimal_add (result->quote_amount, "0.00000001");

      state = check_verify (result, result->payee_id, result->quote_asset_id, result->quote_amount);
      /* Unless MixPay itself says it is not full, or an amount of it
       * could not be read: then it is a mismatch, never paid. */
      if (g_strcmp0 (result->status, "success") == 0 &&
          !(result->has_is_fully_paid && !result->is_fully_paid) &&
          (result->unreadable == NULL || result->unreadable[0] == NULL))
        pd_fuzz_check (state == PD_ORDER_STATE_PAID, "a success for its own order is paid");

      state = check_verify (result, result->payee_id, result->quote_asset_id, more);
      pd_fuzz_check (state != PD_ORDER_STATE_PAID, "another amount is never paid");
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPaymentResult) result = NULL;

  check_envelope (text, size);

  result = pd_payment_result_new_from_json (text, size, &error);
  pd_fuzz_check ((result == NULL) == (error != NULL), "an error exactly when the answer is refused");
  if (result == NULL)
    {
      pd_fuzz_check (error->domain == PD_MIXPAY_ERROR, "the error is a MixPay error");
      return 0;
    }

  check_result (result, text, size);
  pd_payment_result_unref (pd_payment_result_ref (result));

  return 0;
}
