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
#include "pd-order-private.h"
#include "pd-paylink.h"
#include "pd-payment-result.h"

/* Unix times after the year 9999 are nonsense, not dates. */
#define MAX_UNIX_TIME G_GINT64_CONSTANT (253402300799)
#define MAX_CONFIRMATIONS G_MAXINT32

/* How a member is read. What Paydesk only shows (a date, a payee's name,
 * a failure reason) never makes it throw the answer away: text is made
 * one line, and a value of another type is left out. What it verifies
 * (the IDs, the amounts) is left out too when it cannot be read, and
 * named in `unreadable`: then it is no match. Only a status that cannot
 * be read leaves nothing to go on. */
typedef enum
{
  FIELD_STATUS,
  FIELD_ID,
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
  FIELD ("status", FIELD_STATUS, status),
  FIELD ("quoteAmount", FIELD_AMOUNT, quote_amount),
  FIELD ("quoteSymbol", FIELD_STRING, quote_symbol),
  FIELD ("quoteAssetId", FIELD_ID, quote_asset_id),
  FIELD ("paymentAmount", FIELD_AMOUNT, payment_amount),
  FIELD ("paymentSymbol", FIELD_STRING, payment_symbol),
  FIELD ("paymentAssetId", FIELD_STRING, payment_asset_id),
  FIELD ("payeeId", FIELD_ID, payee_id),
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
  FIELD ("traceId", FIELD_ID, trace_id),
  FIELD ("expiredAt", FIELD_TIME, expired_at),
  FIELD ("settleStatus", FIELD_STRING, settle_status),
  FIELD ("settleAmount", FIELD_AMOUNT, settle_amount),
  FIELD ("settleSymbol", FIELD_STRING, settle_symbol),
  FIELD ("returnTo", FIELD_STRING, return_to),
  /* Not in the contract's list, but an answer that names an order must
   * name this one. */
  FIELD ("orderId", FIELD_ID, order_id),
};

static gboolean
field_is_text (FieldKind kind)
{
  return kind == FIELD_STATUS || kind == FIELD_ID || kind == FIELD_STRING || kind == FIELD_AMOUNT;
}

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
    if (field_is_text (fields[i].kind))
      g_free (G_STRUCT_MEMBER (char *, self, fields[i].offset));

  g_strfreev (self->unreadable);
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

/* Leaves @field out of the result, noting that it could not be read. */
static gboolean
skip_unreadable (GStrvBuilder *unreadable,
                 const char   *field)
{
  g_strv_builder_add (unreadable, field);
  return TRUE;
}

static gboolean
read_string_field (JsonNode         *node,
                   const FieldSpec  *spec,
                   PdPaymentResult  *self,
                   GStrvBuilder     *unreadable,
                   GError          **error)
{
  const char *text;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      if (spec->kind == FIELD_STATUS)
        return set_field_error (error, spec->name, _("not a string"));
      return skip_unreadable (unreadable, spec->name);
    }

  text = json_node_get_string (node);
  if (text == NULL || text[0] == '\0')
    return TRUE;

  if (spec->kind == FIELD_AMOUNT && !pd_decimal_is_valid (text))
    return skip_unreadable (unreadable, spec->name);

  /* Shown in the app, printed by paydesk-cli, exported: an escape
   * sequence in a txid or a failure reason would command a terminal. */
  if (!pd_paylink_is_single_line (text))
    {
      if (spec->kind == FIELD_STATUS)
        return set_field_error (error, spec->name, _("holds control or text-direction characters"));
      if (spec->kind != FIELD_STRING)
        return skip_unreadable (unreadable, spec->name);
      G_STRUCT_MEMBER (char *, self, spec->offset) = pd_paylink_dup_single_line (text);
      return TRUE;
    }

  G_STRUCT_MEMBER (char *, self, spec->offset) = g_strdup (text);

  return TRUE;
}

static gboolean
read_integer_field (JsonNode         *node,
                    const FieldSpec  *spec,
                    PdPaymentResult  *self,
                    GStrvBuilder     *unreadable)
{
  gint64 minimum = spec->kind == FIELD_CONFIRMATIONS ? -1 : 0;
  gint64 maximum = spec->kind == FIELD_CONFIRMATIONS ? MAX_CONFIRMATIONS : MAX_UNIX_TIME;
  gint64 value;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      value = json_node_get_int (node);
    }
  else if (spec->kind == FIELD_CONFIRMATIONS &&
           JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
           g_ascii_string_to_signed (json_node_get_string (node), 10, minimum, maximum, &value, NULL))
    {
      /* "12": a count all the same. */
    }
  else
    {
      return skip_unreadable (unreadable, spec->name);
    }

  /* A time in milliseconds, as timestampMs is. */
  if (spec->kind == FIELD_TIME && value > maximum && value / 1000 <= maximum)
    value /= 1000;

  if (value < minimum || value > maximum)
    return skip_unreadable (unreadable, spec->name);

  G_STRUCT_MEMBER (gint64, self, spec->offset) = value;

  return TRUE;
}

static gboolean
read_field (JsonObject       *object,
            const FieldSpec  *spec,
            PdPaymentResult  *self,
            GStrvBuilder     *unreadable,
            GError          **error)
{
  JsonNode *node = json_object_get_member (object, spec->name);

  /* Missing and null both mean "not given". */
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  switch (spec->kind)
    {
    case FIELD_STATUS:
    case FIELD_ID:
    case FIELD_STRING:
    case FIELD_AMOUNT:
      return read_string_field (node, spec, self, unreadable, error);
    case FIELD_TIME:
    case FIELD_CONFIRMATIONS:
      return read_integer_field (node, spec, self, unreadable);
    default:
      g_assert_not_reached ();
    }
}

/* Older answers describe an underpayment as `pending` with
 * `payment.isFullyPaid` false; `payment` only comes with `with=payment`. */
static void
read_payment_object (JsonObject       *object,
                     PdPaymentResult  *self,
                     GStrvBuilder     *unreadable)
{
  JsonNode *node = json_object_get_member (object, "payment");
  JsonNode *fully_paid;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      skip_unreadable (unreadable, "payment");
      return;
    }

  fully_paid = json_object_get_member (json_node_get_object (node), "isFullyPaid");
  if (fully_paid == NULL || JSON_NODE_HOLDS_NULL (fully_paid))
    return;

  if (!JSON_NODE_HOLDS_VALUE (fully_paid) ||
      json_node_get_value_type (fully_paid) != G_TYPE_BOOLEAN)
    {
      skip_unreadable (unreadable, "payment.isFullyPaid");
      return;
    }

  self->has_is_fully_paid = TRUE;
  self->is_fully_paid = json_node_get_boolean (fully_paid);
}

/**
 * pd_payment_result_new_from_data:
 * @data: the envelope's `data` member
 * @raw_json: (nullable): the whole answer's text, kept for the history
 *
 * Reads every field of the contract. Unknown members are ignored and
 * missing ones left unset; only `status` is required, and a status that
 * is not a one-line string is an error naming it. Any other member that
 * cannot be read (of the wrong JSON type, an amount that is not a plain
 * decimal, an integer out of range) is left unset and named in
 * `unreadable`, for pd_payment_result_verify() to count; a date in
 * milliseconds is read as one, and display-only text is made one line.
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
  g_autoptr(GStrvBuilder) unreadable = NULL;
  JsonObject *object;

  g_return_val_if_fail (data != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (data))
    {
      set_field_error (error, "data", _("not an object"));
      return NULL;
    }

  object = json_node_get_object (data);
  self = payment_result_alloc (raw_json);
  unreadable = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!read_field (object, &fields[i], self, unreadable, error))
      return NULL;

  read_payment_object (object, self, unreadable);
  self->unreadable = g_strv_builder_end (unreadable);
  if (self->unreadable[0] == NULL)
    g_clear_pointer (&self->unreadable, g_strfreev);

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

static gboolean
is_unreadable (PdPaymentResult *self,
               const char      *field)
{
  return self->unreadable != NULL && g_strv_contains ((const char * const *) self->unreadable, field);
}

/* Whether MixPay names an amount of this payment that cannot be read. */
static gboolean
has_unreadable_amount (PdPaymentResult *self,
                       gboolean         any)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].kind == FIELD_AMOUNT &&
        (any || strcmp (fields[i].name, "quoteAmount") == 0) &&
        is_unreadable (self, fields[i].name))
      return TRUE;

  return FALSE;
}

static PdOrderState
state_of_verified (PdPaymentResult    *self,
                   const char * const *mismatches)
{
  if (self->not_found || g_strcmp0 (self->status, "success") != 0)
    return status_to_state (self);

  return mismatches[0] == NULL ? PD_ORDER_STATE_PAID : PD_ORDER_STATE_MISMATCH;
}

static void
add_unique (GPtrArray  *list,
            const char *field)
{
  for (guint i = 0; i < list->len; i++)
    if (strcmp (g_ptr_array_index (list, i), field) == 0)
      return;

  g_ptr_array_add (list, g_strdup (field));
}

static void
verify_into (PdPaymentResult *self,
             const char      *expected_payee_id,
             const char      *expected_quote_asset_id,
             const char      *expected_quote_amount,
             GPtrArray       *mismatches)
{
  gboolean is_success = !self->not_found && g_strcmp0 (self->status, "success") == 0;

  if (self->not_found)
    return;

  if ((is_success || self->payee_id != NULL || is_unreadable (self, "payeeId")) &&
      !pd_mixpay_ids_equal (self->payee_id, expected_payee_id))
    add_unique (mismatches, "payeeId");

  if ((is_success || self->quote_asset_id != NULL || is_unreadable (self, "quoteAssetId")) &&
      !pd_mixpay_ids_equal (self->quote_asset_id, expected_quote_asset_id))
    add_unique (mismatches, "quoteAssetId");

  /* MixPay says money moved and how much cannot be read: that is for the
   * merchant to look at, never paid, never a check to retry forever. */
  if (has_unreadable_amount (self, is_success))
    add_unique (mismatches, PD_MISMATCH_UNREADABLE);
  else if ((is_success || self->quote_amount != NULL) &&
           !pd_decimal_equal (self->quote_amount, expected_quote_amount))
    add_unique (mismatches, "quoteAmount");

  /* A success MixPay itself says is not full is no payment in full,
   * whatever the status says. */
  if (is_success &&
      ((self->has_is_fully_paid && !self->is_fully_paid) ||
       is_unreadable (self, "payment") || is_unreadable (self, "payment.isFullyPaid")))
    add_unique (mismatches, PD_MISMATCH_NOT_FULLY_PAID);
}

static PdOrderState
finish_verify (PdPaymentResult  *self,
               GPtrArray        *mismatches,
               GStrv            *out_mismatch_fields)
{
  PdOrderState state;

  g_ptr_array_add (mismatches, NULL);
  state = state_of_verified (self, (const char * const *) mismatches->pdata);

  if (out_mismatch_fields != NULL && mismatches->len > 1)
    *out_mismatch_fields = (GStrv) g_ptr_array_steal (mismatches, NULL);

  return state;
}

/**
 * pd_payment_result_verify:
 * @self: a result
 * @expected_payee_id: the order's payee, as stored when it was created
 * @expected_quote_asset_id: the order's quote asset
 * @expected_quote_amount: the order's amount
 * @out_mismatch_fields: (out) (optional) (transfer full): the API names of
 *   the fields that differ ("payeeId", "quoteAssetId", "quoteAmount"), and
 *   %PD_MISMATCH_UNREADABLE or %PD_MISMATCH_NOT_FULLY_PAID, or %NULL when
 *   none does
 *
 * Turns a result into the order's state. A `success` is %PD_ORDER_STATE_PAID
 * only if payee, quote asset and amount (as exact decimals) all match the
 * order, every amount of it can be read, and MixPay does not say it is not
 * fully paid (`payment.isFullyPaid` false); a missing field counts as
 * different, and any difference gives %PD_ORDER_STATE_MISMATCH.
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
  g_autoptr(GPtrArray) mismatches = g_ptr_array_new_with_free_func (g_free);

  if (out_mismatch_fields != NULL)
    *out_mismatch_fields = NULL;

  g_return_val_if_fail (self != NULL, PD_ORDER_STATE_UNKNOWN);
  g_return_val_if_fail (expected_payee_id != NULL, PD_ORDER_STATE_UNKNOWN);
  g_return_val_if_fail (expected_quote_asset_id != NULL, PD_ORDER_STATE_UNKNOWN);
  g_return_val_if_fail (expected_quote_amount != NULL, PD_ORDER_STATE_UNKNOWN);

  verify_into (self, expected_payee_id, expected_quote_asset_id, expected_quote_amount, mismatches);

  return finish_verify (self, mismatches, out_mismatch_fields);
}

/**
 * pd_payment_result_verify_order:
 * @self: a result
 * @order: the order it was asked for, as stored
 * @out_mismatch_fields: (out) (optional) (transfer full): as for
 *   pd_payment_result_verify(), and the PD_MISMATCH_… reasons below
 *
 * pd_payment_result_verify() against @order, and whether the answer is
 * about this order's payment at all: order IDs get reused (across
 * ledgers, reinstalls, simple numbering), and an answer about an earlier
 * payment must not settle a new order. So a `success` is also a mismatch
 * when it was paid more than %PD_PAYMENT_CLOCK_SKEW_S before the order
 * was created (%PD_MISMATCH_PAID_BEFORE_CREATED), when it names another
 * order ID (%PD_MISMATCH_ORDER_ID), or, for a one-time link, whose trace
 * ID is Paydesk's own, another trace ID (%PD_MISMATCH_TRACE_ID). A
 * universal link's payer may change its trace ID, so that one is not
 * compared. A date, an order ID or a trace ID the answer leaves out is
 * not compared.
 *
 * Returns: the state the order is in according to this result
 */
PdOrderState
pd_payment_result_verify_order (PdPaymentResult  *self,
                                PdOrder          *order,
                                GStrv            *out_mismatch_fields)
{
  g_autoptr(GPtrArray) mismatches = g_ptr_array_new_with_free_func (g_free);
  gboolean is_success;
  gint64 created_at;

  if (out_mismatch_fields != NULL)
    *out_mismatch_fields = NULL;

  g_return_val_if_fail (self != NULL, PD_ORDER_STATE_UNKNOWN);
  g_return_val_if_fail (PD_IS_ORDER (order), PD_ORDER_STATE_UNKNOWN);

  verify_into (self,
               pd_order_get_payee_id (order),
               pd_order_get_quote_asset_id (order),
               pd_order_get_quote_amount (order),
               mismatches);

  if (self->not_found)
    return finish_verify (self, mismatches, out_mismatch_fields);

  is_success = g_strcmp0 (self->status, "success") == 0;
  created_at = pd_order_get_created_at (order);

  if (is_success && self->date > 0 && created_at > 0 &&
      self->date < created_at - PD_PAYMENT_CLOCK_SKEW_S)
    add_unique (mismatches, PD_MISMATCH_PAID_BEFORE_CREATED);

  if ((self->order_id != NULL && g_strcmp0 (self->order_id, pd_order_get_order_id (order)) != 0) ||
      is_unreadable (self, "orderId"))
    add_unique (mismatches, PD_MISMATCH_ORDER_ID);

  if (pd_order_get_link_kind (order) == PD_ORDER_LINK_KIND_ONE_TIME &&
      pd_order_get_trace_id (order) != NULL &&
      ((self->trace_id != NULL && !pd_mixpay_ids_equal (self->trace_id, pd_order_get_trace_id (order))) ||
       is_unreadable (self, "traceId")))
    add_unique (mismatches, PD_MISMATCH_TRACE_ID);

  return finish_verify (self, mismatches, out_mismatch_fields);
}

/* Whether the amounts MixPay gives for @order can be believed: not when
 * the link was edited, or an amount could not be read. */
static gboolean
amounts_are_trusted (PdOrder *order)
{
  const char * const *mismatch = pd_order_get_mismatch (order);

  return mismatch == NULL ||
         (!g_strv_contains (mismatch, "quoteAmount") &&
          !g_strv_contains (mismatch, "quoteAssetId") &&
          !g_strv_contains (mismatch, PD_MISMATCH_UNREADABLE));
}

/**
 * pd_mismatch_dup_clause:
 * @order: a mismatched order
 * @field: one entry of its mismatch list
 *
 * Returns: (transfer full): why @order is a mismatch, for @field, in
 *   words, translated
 */
char *
pd_mismatch_dup_clause (PdOrder    *order,
                        const char *field)
{
  g_return_val_if_fail (PD_IS_ORDER (order), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (strcmp (field, "payeeId") == 0)
    return g_strdup (_("paid to another account"));
  if (strcmp (field, "quoteAssetId") == 0)
    return g_strdup (_("priced in another asset"));
  if (strcmp (field, "quoteAmount") == 0)
    return g_strdup_printf (_("the amount paid for is not %s"), pd_order_get_quote_amount (order));
  if (strcmp (field, PD_MISMATCH_PAID_BEFORE_CREATED) == 0)
    return g_strdup (_("paid before this order was created"));
  if (strcmp (field, PD_MISMATCH_ORDER_ID) == 0)
    return g_strdup (_("the answer is about another order ID"));
  if (strcmp (field, PD_MISMATCH_TRACE_ID) == 0)
    return g_strdup (_("the answer is about another trace ID"));
  if (strcmp (field, PD_MISMATCH_UNREADABLE) == 0)
    return g_strdup (_("MixPay reports a payment whose amount cannot be read"));
  if (strcmp (field, PD_MISMATCH_NOT_FULLY_PAID) == 0)
    {
      g_autofree char *remaining = amounts_are_trusted (order) ? _pd_order_dup_shortfall (order) : NULL;
      const char *symbol = pd_order_get_payable_symbol (order);

      if (symbol == NULL)
        symbol = pd_order_get_payment_symbol (order);

      if (remaining != NULL && symbol != NULL)
        /* TRANSLATORS: "MixPay says it is not fully paid: 9.013 USDT still due" */
        return g_strdup_printf (_("MixPay says it is not fully paid: %s %s still due"), remaining, symbol);
      if (remaining != NULL)
        return g_strdup_printf (_("MixPay says it is not fully paid: %s still due"), remaining);
      return g_strdup (_("MixPay says it is not fully paid"));
    }

  /* TRANSLATORS: %s is the name of a field of MixPay's answer */
  return g_strdup_printf (_("%s does not match"), field);
}

/**
 * pd_mismatch_dup_reason:
 * @order: an order
 *
 * Returns: (transfer full) (nullable): why @order is a mismatch, one
 *   clause for each entry of its mismatch list, translated; %NULL when
 *   the list is empty
 */
char *
pd_mismatch_dup_reason (PdOrder *order)
{
  const char * const *mismatch;
  GString *reason;

  g_return_val_if_fail (PD_IS_ORDER (order), NULL);

  mismatch = pd_order_get_mismatch (order);
  if (mismatch == NULL || mismatch[0] == NULL)
    return NULL;

  reason = g_string_new (NULL);
  for (guint i = 0; mismatch[i] != NULL; i++)
    {
      g_autofree char *clause = pd_mismatch_dup_clause (order, mismatch[i]);

      if (i > 0)
        /* TRANSLATORS: separates the reasons of a mismatch */
        g_string_append (reason, _("; "));
      g_string_append (reason, clause);
    }

  return g_string_free (reason, FALSE);
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
