/* pd-payment-result.c: one answer of MixPay's payments_result, verified
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pd-decimal.h"
#include "pd-mixpay-error.h"
#include "pd-paylink.h"
#include "pd-payment-result.h"

/* Unix times after the year 9999 are nonsense, not dates. */
#define MAX_UNIX_TIME G_GINT64_CONSTANT (253402300799)
#define MAX_CONFIRMATIONS G_MAXINT32

typedef enum
{
  FIELD_STRING,
  FIELD_AMOUNT,
  FIELD_TIME,
  FIELD_CONFIRMATIONS,
} FieldKind;

typedef struct
{
  const char *name;
  FieldKind   kind;
  gsize       offset;
} FieldSpec;

#define FIELD(name, kind, member) { name, kind, G_STRUCT_OFFSET (PdPaymentResult, member) }

static const FieldSpec fields[] = {
  FIELD ("status", FIELD_STRING, status),
  FIELD ("quoteAmount", FIELD_AMOUNT, quote_amount),
  FIELD ("quoteSymbol", FIELD_STRING, quote_symbol),
  FIELD ("quoteAssetId", FIELD_STRING, quote_asset_id),
  FIELD ("paymentAmount", FIELD_AMOUNT, payment_amount),
  FIELD ("paymentSymbol", FIELD_STRING, payment_symbol),
  FIELD ("paymentAssetId", FIELD_STRING, payment_asset_id),
  FIELD ("payeeId", FIELD_STRING, payee_id),
  FIELD ("payee", FIELD_STRING, payee),
  FIELD ("txid", FIELD_STRING, txid),
  FIELD ("blockExplorerUrl", FIELD_STRING, block_explorer_url),
  FIELD ("date", FIELD_TIME, date),
  FIELD ("surplusAmount", FIELD_AMOUNT, surplus_amount),
  FIELD ("surplusStatus", FIELD_STRING, surplus_status),
  FIELD ("confirmations", FIELD_CONFIRMATIONS, confirmations),
  FIELD ("payableAmount", FIELD_AMOUNT, payable_amount),
  FIELD ("payableSymbol", FIELD_STRING, payable_symbol),
  FIELD ("failureCode", FIELD_STRING, failure_code),
  FIELD ("failureReason", FIELD_STRING, failure_reason),
  FIELD ("traceId", FIELD_STRING, trace_id),
  FIELD ("expiredAt", FIELD_TIME, expired_at),
  FIELD ("settleStatus", FIELD_STRING, settle_status),
  FIELD ("settleAmount", FIELD_AMOUNT, settle_amount),
  FIELD ("settleSymbol", FIELD_STRING, settle_symbol),
  FIELD ("returnTo", FIELD_STRING, return_to),
};

G_DEFINE_BOXED_TYPE (PdPaymentResult, pd_payment_result,
                     pd_payment_result_ref, pd_payment_result_unref)

static PdPaymentResult *
payment_result_alloc (const char *raw_json)
{
  PdPaymentResult *self = g_new0 (PdPaymentResult, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->confirmations = -1;
  self->raw_json = g_strdup (raw_json);

  return self;
}

PdPaymentResult *
pd_payment_result_ref (PdPaymentResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
pd_payment_result_unref (PdPaymentResult *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].kind == FIELD_STRING || fields[i].kind == FIELD_AMOUNT)
      g_free (G_STRUCT_MEMBER (char *, self, fields[i].offset));

  g_free (self->raw_json);
  g_free (self);
}

static gboolean
set_field_error (GError     **error,
                 const char  *field,
                 const char  *problem)
{
  g_set_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
               /* TRANSLATORS: "quoteAmount: not a string"; the field keeps its API name */
               _("%s: %s"), field, problem);
  return FALSE;
}

static gboolean
read_string_field (JsonNode         *node,
                   const FieldSpec  *spec,
                   PdPaymentResult  *self,
                   GError          **error)
{
  const char *text;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return set_field_error (error, spec->name, _("not a string"));

  text = json_node_get_string (node);
  if (text == NULL || text[0] == '\0')
    return TRUE;

  if (spec->kind == FIELD_AMOUNT && !pd_decimal_is_valid (text))
    return set_field_error (error, spec->name, _("not a plain decimal amount"));

  /* Shown in the app, printed by paydesk-cli, exported: an escape
   * sequence in a txid or a failure reason would command a terminal. */
  if (!pd_paylink_is_single_line (text))
    return set_field_error (error, spec->name, _("holds control or text-direction characters"));

  G_STRUCT_MEMBER (char *, self, spec->offset) = g_strdup (text);

  return TRUE;
}

static gboolean
read_integer_field (JsonNode         *node,
                    const FieldSpec  *spec,
                    PdPaymentResult  *self,
                    GError          **error)
{
  gint64 minimum = spec->kind == FIELD_CONFIRMATIONS ? -1 : 0;
  gint64 maximum = spec->kind == FIELD_CONFIRMATIONS ? MAX_CONFIRMATIONS : MAX_UNIX_TIME;
  gint64 value;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return set_field_error (error, spec->name, _("not an integer"));

  value = json_node_get_int (node);
  if (value < minimum || value > maximum)
    return set_field_error (error, spec->name, _("out of range"));

  G_STRUCT_MEMBER (gint64, self, spec->offset) = value;

  return TRUE;
}

static gboolean
read_field (JsonObject       *object,
            const FieldSpec  *spec,
            PdPaymentResult  *self,
            GError          **error)
{
  JsonNode *node = json_object_get_member (object, spec->name);

  /* Missing and null both mean "not given". */
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  switch (spec->kind)
    {
    case FIELD_STRING:
    case FIELD_AMOUNT:
      return read_string_field (node, spec, self, error);
    case FIELD_TIME:
    case FIELD_CONFIRMATIONS:
      return read_integer_field (node, spec, self, error);
    default:
      g_assert_not_reached ();
    }
}

/* Older answers describe an underpayment as `pending` with
 * `payment.isFullyPaid` false; `payment` only comes with `with=payment`. */
static gboolean
read_payment_object (JsonObject       *object,
                     PdPaymentResult  *self,
                     GError          **error)
{
  JsonNode *node = json_object_get_member (object, "payment");
  JsonNode *fully_paid;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_field_error (error, "payment", _("not an object"));

  fully_paid = json_object_get_member (json_node_get_object (node), "isFullyPaid");
  if (fully_paid == NULL || JSON_NODE_HOLDS_NULL (fully_paid))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (fully_paid) ||
      json_node_get_value_type (fully_paid) != G_TYPE_BOOLEAN)
    return set_field_error (error, "payment.isFullyPaid", _("not a boolean"));

  self->has_is_fully_paid = TRUE;
  self->is_fully_paid = json_node_get_boolean (fully_paid);

  return TRUE;
}

/**
 * pd_payment_result_new_from_data:
 * @data: the envelope's `data` member
 * @raw_json: (nullable): the whole answer's text, kept for the history
 *
 * Reads every field of the contract. Unknown members are ignored and
 * missing ones left unset; only `status` is required. A member of the
 * wrong JSON type, an amount that is not a plain decimal or an integer out
 * of range is an error naming the field.
 *
 * Returns: (transfer full): the result, or %NULL with a
 *   %PD_MIXPAY_ERROR_MALFORMED error
 */
PdPaymentResult *
pd_payment_result_new_from_data (JsonNode    *data,
                                 const char  *raw_json,
                                 GError     **error)
{
  g_autoptr(PdPaymentResult) self = NULL;
  JsonObject *object;

  g_return_val_if_fail (data != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (data))
    {
      set_field_error (error, "data", _("not an object"));
      return NULL;
    }

  object = json_node_get_object (data);
  self = payment_result_alloc (raw_json);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!read_field (object, &fields[i], self, error))
      return NULL;

  if (!read_payment_object (object, self, error))
    return NULL;

  if (self->status == NULL)
    {
      set_field_error (error, "status", _("missing"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * pd_payment_result_new_not_found:
 *
 * Returns: (transfer full): the result of a payment MixPay does not know
 *   yet, which is still unpaid
 */
PdPaymentResult *
pd_payment_result_new_not_found (const char *raw_json)
{
  PdPaymentResult *self = payment_result_alloc (raw_json);

  self->not_found = TRUE;
  self->status = g_strdup ("unpaid");

  return self;
}

/**
 * pd_payment_result_new_from_json:
 * @body: a whole payments_result answer, envelope included
 * @length: its length in bytes
 *
 * Parses an answer. Code 10062 ("order does not exist") gives a
 * not-found result (unpaid); other API codes give a %PD_MIXPAY_ERROR
 * (%PD_MIXPAY_ERROR_RATE_LIMITED for 1429, %PD_MIXPAY_ERROR_API with the
 * code otherwise), and anything unexpected %PD_MIXPAY_ERROR_MALFORMED.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
PdPaymentResult *
pd_payment_result_new_from_json (const char  *body,
                                 gsize        length,
                                 GError     **error)
{
  static const gint64 accepted[] = { PD_MIXPAY_CODE_ORDER_NOT_FOUND, 0 };
  g_autoptr(PdMixpayEnvelope) envelope = NULL;
  g_autofree char *raw_json = NULL;

  envelope = pd_mixpay_envelope_parse (body, length, accepted, error);
  if (envelope == NULL)
    return NULL;

  /* The envelope parser validated the text as UTF-8 without NULs. */
  raw_json = g_strndup (body, length);

  if (envelope->code == PD_MIXPAY_CODE_ORDER_NOT_FOUND)
    return pd_payment_result_new_not_found (raw_json);

  return pd_payment_result_new_from_data (envelope->data, raw_json, error);
}

/**
 * pd_payment_result_get_raw_json:
 *
 * Returns: (nullable): the answer's text as received
 */
const char *
pd_payment_result_get_raw_json (PdPaymentResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->raw_json;
}

/* The state MixPay's status means, before a success is verified. */
static PdOrderState
status_to_state (PdPaymentResult *self)
{
  static const struct {
    const char  *status;
    PdOrderState state;
  } statuses[] = {
    { "unpaid", PD_ORDER_STATE_UNPAID },
    { "confirming", PD_ORDER_STATE_CONFIRMING },
    { "paid_less", PD_ORDER_STATE_PAID_LESS },
    { "pending", PD_ORDER_STATE_PENDING },
    { "auditing", PD_ORDER_STATE_AUDITING },
    { "failed", PD_ORDER_STATE_FAILED },
  };

  if (self->not_found)
    return PD_ORDER_STATE_UNPAID;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      if (g_strcmp0 (self->status, statuses[i].status) != 0)
        continue;

      if (statuses[i].state == PD_ORDER_STATE_PENDING &&
          self->has_is_fully_paid && !self->is_fully_paid)
        return PD_ORDER_STATE_PAID_LESS;

      return statuses[i].state;
    }

  return PD_ORDER_STATE_UNKNOWN;
}

/**
 * pd_mixpay_id_is_uuid:
 *
 * Returns: %TRUE if @text is a UUID, 8-4-4-4-12 or 32 hex digits
 */
gboolean
pd_mixpay_id_is_uuid (const char *text)
{
  return pd_paylink_is_uuid (text);
}

/**
 * pd_mixpay_ids_equal:
 *
 * Compares two MixPay IDs: UUIDs whatever their case and whether or not
 * they are written with dashes (MixPay accepts both forms; compared as
 * pd_paylink_dup_canonical_id() writes them), anything else (such as the
 * fiat code "usd") case-insensitively.
 *
 * Returns: %TRUE if both name the same ID; %NULL equals nothing
 */
gboolean
pd_mixpay_ids_equal (const char *a,
                     const char *b)
{
  g_autofree char *canonical_a = NULL;
  g_autofree char *canonical_b = NULL;

  if (a == NULL || b == NULL)
    return FALSE;

  if (pd_paylink_is_uuid (a) && pd_paylink_is_uuid (b))
    {
      canonical_a = pd_paylink_dup_canonical_id (a);
      canonical_b = pd_paylink_dup_canonical_id (b);
      return strcmp (canonical_a, canonical_b) == 0;
    }

  return g_ascii_strcasecmp (a, b) == 0;
}

/**
 * pd_payment_result_verify:
 * @self: a result
 * @expected_payee_id: the order's payee, as stored when it was created
 * @expected_quote_asset_id: the order's quote asset
 * @expected_quote_amount: the order's amount
 * @out_mismatch_fields: (out) (optional) (transfer full): the API names of
 *   the fields that differ ("payeeId", "quoteAssetId", "quoteAmount"), or
 *   %NULL when none does
 *
 * Turns a result into the order's state. A `success` is %PD_ORDER_STATE_PAID
 * only if payee, quote asset and amount (as exact decimals) all match the
 * order; a missing one counts as different, and any difference gives
 * %PD_ORDER_STATE_MISMATCH.
 *
 * Other statuses keep their state, but their fields are checked too: a
 * `confirming` or `paid_less` answer for another payee, asset or amount
 * means the payer edited the link, and the caller should record it before
 * the payment completes. Fields such an answer leaves out are not counted
 * as differences, since MixPay may not fill them in before a payment.
 *
 * Returns: the state the order is in according to this result
 */
PdOrderState
pd_payment_result_verify (PdPaymentResult  *self,
                          const char       *expected_payee_id,
                          const char       *expected_quote_asset_id,
                          const char       *expected_quote_amount,
                          GStrv            *out_mismatch_fields)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) mismatches = NULL;
  gboolean is_success;
  PdOrderState state;

  g_return_val_if_fail (self != NULL, PD_ORDER_STATE_UNKNOWN);
  g_return_val_if_fail (expected_payee_id != NULL, PD_ORDER_STATE_UNKNOWN);
  g_return_val_if_fail (expected_quote_asset_id != NULL, PD_ORDER_STATE_UNKNOWN);
  g_return_val_if_fail (expected_quote_amount != NULL, PD_ORDER_STATE_UNKNOWN);

  if (out_mismatch_fields != NULL)
    *out_mismatch_fields = NULL;

  is_success = !self->not_found && g_strcmp0 (self->status, "success") == 0;
  builder = g_strv_builder_new ();

  if (!self->not_found)
    {
      if ((is_success || self->payee_id != NULL) &&
          !pd_mixpay_ids_equal (self->payee_id, expected_payee_id))
        g_strv_builder_add (builder, "payeeId");

      if ((is_success || self->quote_asset_id != NULL) &&
          !pd_mixpay_ids_equal (self->quote_asset_id, expected_quote_asset_id))
        g_strv_builder_add (builder, "quoteAssetId");

      if ((is_success || self->quote_amount != NULL) &&
          !pd_decimal_equal (self->quote_amount, expected_quote_amount))
        g_strv_builder_add (builder, "quoteAmount");
    }

  mismatches = g_strv_builder_end (builder);

  if (is_success)
    state = mismatches[0] == NULL ? PD_ORDER_STATE_PAID : PD_ORDER_STATE_MISMATCH;
  else
    state = status_to_state (self);

  if (out_mismatch_fields != NULL && mismatches[0] != NULL)
    *out_mismatch_fields = g_steal_pointer (&mismatches);

  return state;
}

/**
 * pd_payment_result_get_remaining:
 *
 * Returns: (transfer full) (nullable): what the payer still owes,
 *   max(payableAmount − paymentAmount, 0), or %NULL when the result has
 *   no payable amount
 */
char *
pd_payment_result_get_remaining (PdPaymentResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->payable_amount == NULL)
    return NULL;

  return pd_decimal_subtract_clamped (self->payable_amount,
                                      self->payment_amount != NULL ? self->payment_amount : "0");
}
