/* fuzz-paylink.c: libFuzzer target for the paylink validators and builder
 *
 * The input is the fields of a link separated by NUL bytes, in the order
 * of the `fields` array below. Each validator must accept or refuse its
 * field with an error naming it; when pd_paylink_build() accepts them all,
 * the link must parse back with GUri to exactly the values given.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-decimal.h"
#include "pd-fuzz.h"
#include "pd-paylink.h"

enum
{
  INPUT_PAYEE_ID,
  INPUT_SETTLEMENT_ASSET_ID,
  INPUT_QUOTE_ASSET_ID,
  INPUT_QUOTE_AMOUNT,
  INPUT_ORDER_ID,
  INPUT_RETURN_TO,
  INPUT_TRACE_ID,
  INPUT_REMARK,
  INPUT_EXPIRED_TIMESTAMP,
  INPUT_MAX_DECIMALS,
  INPUT_PAY_BASE,
  N_INPUTS
};

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  pd_fuzz_init ();
  return 0;
}

/* The validator's answer and its error must agree, and the error must name
 * @field, as every front end relies on. */
static void
check_verdict (gboolean        valid,
               GError         *error,
               PdPaylinkField  field)
{
  PdPaylinkField named;

  pd_fuzz_check (valid == (error == NULL), "an error exactly when a value is refused");
  if (valid)
    return;

  pd_fuzz_check (error->domain == PD_PAYLINK_ERROR, "the error is a paylink error");
  pd_fuzz_check (pd_paylink_error_get_field (error, &named) && named == field,
                 "the error names the field");
  pd_fuzz_check (g_utf8_validate (error->message, -1, NULL), "the message is UTF-8");
  pd_fuzz_check (*pd_paylink_error_get_rule (error) != '\0', "the message says which rule");
}

#define CHECK_VALIDATOR(call, field) \
  G_STMT_START { \
    g_autoptr(GError) error = NULL; \
    gboolean valid = call; \
    check_verdict (valid, error, field); \
  } G_STMT_END

static void
check_validators (const PdPaylinkParams *params,
                  const char            *pay_base)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  CHECK_VALIDATOR (pd_paylink_validate_payee_id (params->payee_id, &error),
                   PD_PAYLINK_FIELD_PAYEE_ID);
  CHECK_VALIDATOR (pd_paylink_validate_settlement_asset (params->settlement_asset_id, &error),
                   PD_PAYLINK_FIELD_SETTLEMENT_ASSET_ID);
  CHECK_VALIDATOR (pd_paylink_validate_quote_asset (params->quote_asset_id, &error),
                   PD_PAYLINK_FIELD_QUOTE_ASSET_ID);
  CHECK_VALIDATOR (pd_paylink_validate_amount (params->quote_amount, params->max_decimals, &error),
                   PD_PAYLINK_FIELD_QUOTE_AMOUNT);
  CHECK_VALIDATOR (pd_paylink_validate_order_id (params->order_id, &error),
                   PD_PAYLINK_FIELD_ORDER_ID);
  CHECK_VALIDATOR (pd_paylink_validate_return_to (params->return_to, &error),
                   PD_PAYLINK_FIELD_RETURN_TO);
  CHECK_VALIDATOR (pd_paylink_validate_trace_id (params->trace_id, &error),
                   PD_PAYLINK_FIELD_TRACE_ID);
  CHECK_VALIDATOR (pd_paylink_validate_remark (params->remark, &error),
                   PD_PAYLINK_FIELD_REMARK);
  CHECK_VALIDATOR (pd_paylink_validate_expired_timestamp (params->expired_timestamp, now, &error),
                   PD_PAYLINK_FIELD_EXPIRED_TIMESTAMP);
  CHECK_VALIDATOR (pd_paylink_validate_pay_base (pay_base, &error),
                   PD_PAYLINK_FIELD_PAY_BASE);
}

/* An optional parameter is in the link exactly when it was given. */
static void
check_optional (GHashTable *query,
                const char *name,
                const char *given)
{
  const char *found = g_hash_table_lookup (query, name);

  if (given == NULL || *given == '\0')
    pd_fuzz_check (found == NULL, "an optional field left empty is not in the link");
  else
    pd_fuzz_check (g_strcmp0 (found, given) == 0, "an optional field parses back as given");
}

static void
check_link (const char            *link,
            const PdPaylinkParams *params,
            const char            *pay_base)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (link, G_URI_FLAGS_ENCODED_QUERY, &error);
  g_autoptr(GUri) base = g_uri_parse (pay_base, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GHashTable) query = NULL;
  g_autofree char *amount = pd_decimal_normalize (params->quote_amount);
  /* An internationalised host goes out in punycode, so that a look-alike
   * shows for what it is. */
  g_autofree char *return_to = pd_paylink_dup_ascii_url (params->return_to);
  guint expected = 5;

  pd_fuzz_check (uri != NULL, "the link is a URI");
  pd_fuzz_check (base != NULL, "the accepted pay base is a URI");
  pd_fuzz_check (g_ascii_strcasecmp (g_uri_get_scheme (uri), g_uri_get_scheme (base)) == 0,
                 "the link keeps the pay base's scheme");
  pd_fuzz_check (g_ascii_strcasecmp (g_uri_get_host (uri), g_uri_get_host (base)) == 0,
                 "the link goes to the pay base's host");
  pd_fuzz_check (g_uri_get_port (uri) == g_uri_get_port (base), "the link keeps the port");
  pd_fuzz_check (g_str_has_suffix (g_uri_get_path (uri), "/pay"), "the link is a /pay link");
  pd_fuzz_check (g_uri_get_fragment (uri) == NULL, "no value leaks into a fragment");

  query = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, &error);
  pd_fuzz_check (query != NULL, "the query parses");
  pd_fuzz_check (g_strcmp0 (g_hash_table_lookup (query, "payeeId"), params->payee_id) == 0,
                 "payeeId parses back");
  pd_fuzz_check (g_strcmp0 (g_hash_table_lookup (query, "settlementAssetId"), params->settlement_asset_id) == 0,
                 "settlementAssetId parses back");
  pd_fuzz_check (g_strcmp0 (g_hash_table_lookup (query, "quoteAssetId"), params->quote_asset_id) == 0,
                 "quoteAssetId parses back");
  pd_fuzz_check (g_strcmp0 (g_hash_table_lookup (query, "quoteAmount"), amount) == 0,
                 "quoteAmount parses back normalised");
  pd_fuzz_check (g_strcmp0 (g_hash_table_lookup (query, "orderId"), params->order_id) == 0,
                 "orderId parses back");
  check_optional (query, "returnTo", return_to);
  check_optional (query, "traceId", params->trace_id);
  check_optional (query, "remark", params->remark);

  if (params->expired_timestamp != 0)
    {
      g_autofree char *timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, params->expired_timestamp);

      pd_fuzz_check (g_strcmp0 (g_hash_table_lookup (query, "expiredTimestamp"), timestamp) == 0,
                     "expiredTimestamp parses back");
      expected++;
    }

  expected += (*params->return_to != '\0') + (*params->trace_id != '\0') + (*params->remark != '\0');
  pd_fuzz_check (g_hash_table_size (query) == expected, "no parameter but the ones given");
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_auto(GStrv) inputs = pd_fuzz_split_fields (data, size, N_INPUTS);
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;
  PdPaylinkParams params = {
    .payee_id = inputs[INPUT_PAYEE_ID],
    .settlement_asset_id = inputs[INPUT_SETTLEMENT_ASSET_ID],
    .quote_asset_id = inputs[INPUT_QUOTE_ASSET_ID],
    .quote_amount = inputs[INPUT_QUOTE_AMOUNT],
    .order_id = inputs[INPUT_ORDER_ID],
    .return_to = inputs[INPUT_RETURN_TO],
    .trace_id = inputs[INPUT_TRACE_ID],
    .remark = inputs[INPUT_REMARK],
    .expired_timestamp = g_ascii_strtoll (inputs[INPUT_EXPIRED_TIMESTAMP], NULL, 10),
    .max_decimals = (guint) g_ascii_strtoull (inputs[INPUT_MAX_DECIMALS], NULL, 10),
  };
  /* An empty base stands for the default one, as NULL does for build. */
  const char *pay_base = *inputs[INPUT_PAY_BASE] != '\0' ? inputs[INPUT_PAY_BASE] : PD_PAYLINK_DEFAULT_PAY_BASE;
  gboolean valid;

  check_validators (&params, pay_base);

  valid = pd_paylink_validate (&params, NULL) && pd_paylink_validate_pay_base (pay_base, NULL);
  link = pd_paylink_build (&params, pay_base == inputs[INPUT_PAY_BASE] ? pay_base : NULL, &error);
  pd_fuzz_check ((link == NULL) == (error != NULL), "an error exactly when build fails");
  if (link == NULL)
    {
      pd_fuzz_check (error->domain == PD_PAYLINK_ERROR && pd_paylink_error_get_field (error, NULL),
                     "build names the field it refused");
      pd_fuzz_check (!valid, "build refuses only what a validator refuses");
      return 0;
    }

  pd_fuzz_check (valid, "build accepts only what the validators accept");
  check_link (link, &params, pay_base);

  return 0;
}
