/* pd-paylink.h: validate and build MixPay payment links
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PD_PAYLINK_ERROR (pd_paylink_error_quark ())

/* Which rule a value broke. The GError message always starts with the
 * field's name as MixPay spells it ("quoteAmount: …") so any front end can
 * show it as it is or map the field to its own label. */
typedef enum
{
  PD_PAYLINK_ERROR_MISSING,     /* a required field is empty */
  PD_PAYLINK_ERROR_INVALID,     /* wrong form (not a UUID, not a decimal…) */
  PD_PAYLINK_ERROR_TOO_LONG,
  PD_PAYLINK_ERROR_TOO_SHORT,
  PD_PAYLINK_ERROR_OUT_OF_RANGE /* zero amount, too many decimals, time in the past… */
} PdPaylinkErrorCode;

/* The fields of a link, for error reporting (pd_paylink_field_name()). */
typedef enum
{
  PD_PAYLINK_FIELD_PAYEE_ID,
  PD_PAYLINK_FIELD_SETTLEMENT_ASSET_ID,
  PD_PAYLINK_FIELD_QUOTE_ASSET_ID,
  PD_PAYLINK_FIELD_QUOTE_AMOUNT,
  PD_PAYLINK_FIELD_ORDER_ID,
  PD_PAYLINK_FIELD_RETURN_TO,
  PD_PAYLINK_FIELD_TRACE_ID,
  PD_PAYLINK_FIELD_REMARK,
  PD_PAYLINK_FIELD_EXPIRED_TIMESTAMP,
  PD_PAYLINK_FIELD_PAY_BASE,
} PdPaylinkField;

#define PD_PAYLINK_DEFAULT_PAY_BASE "https://mixpay.me"
#define PD_PAYLINK_ORDER_ID_MIN 6
#define PD_PAYLINK_ORDER_ID_MAX 36
#define PD_PAYLINK_REMARK_MAX 50
/* Decimals allowed when the quote asset's decimalDigit is not known. */
#define PD_PAYLINK_DEFAULT_DECIMALS 8

/* Everything a paylink carries. Strings are borrowed; NULL or "" means
 * "not given" for optional fields. expired_timestamp 0 means none. */
typedef struct
{
  const char *payee_id;
  const char *settlement_asset_id;
  const char *quote_asset_id;
  const char *quote_amount;
  const char *order_id;
  const char *return_to;
  const char *trace_id;
  const char *remark;
  gint64      expired_timestamp;
  /* Maximum decimals of quote_amount; 0 means PD_PAYLINK_DEFAULT_DECIMALS. */
  guint       max_decimals;
} PdPaylinkParams;

GQuark       pd_paylink_error_quark               (void);
const char  *pd_paylink_field_name                (PdPaylinkField          field);
/* The field a PD_PAYLINK_ERROR names (FALSE for other errors), and its
 * message without the "fieldName: " in front. */
gboolean     pd_paylink_error_get_field           (const GError           *error,
                                                   PdPaylinkField         *field);
const char  *pd_paylink_error_get_rule            (const GError           *error);

/* Each validator checks one field and sets a PD_PAYLINK_ERROR naming it. */
gboolean     pd_paylink_validate_payee_id         (const char             *payee_id,
                                                   GError                **error);
gboolean     pd_paylink_validate_settlement_asset (const char             *asset_id,
                                                   GError                **error);
gboolean     pd_paylink_validate_quote_asset      (const char             *asset_id,
                                                   GError                **error);
gboolean     pd_paylink_validate_amount           (const char             *amount,
                                                   guint                   max_decimals,
                                                   GError                **error);
gboolean     pd_paylink_validate_order_id         (const char             *order_id,
                                                   GError                **error);
gboolean     pd_paylink_validate_return_to        (const char             *url,
                                                   GError                **error);
gboolean     pd_paylink_validate_trace_id         (const char             *trace_id,
                                                   GError                **error);
gboolean     pd_paylink_validate_remark           (const char             *remark,
                                                   GError                **error);
gboolean     pd_paylink_validate_expired_timestamp (gint64                 timestamp,
                                                   gint64                  now,
                                                   GError                **error);
gboolean     pd_paylink_validate_pay_base         (const char             *base,
                                                   GError                **error);
gboolean     pd_paylink_validate                  (const PdPaylinkParams  *params,
                                                   GError                **error);

/* Builds the link after validating every field; NULL and @error on the
 * first invalid one. @pay_base NULL means PD_PAYLINK_DEFAULT_PAY_BASE. */
char        *pd_paylink_build                     (const PdPaylinkParams  *params,
                                                   const char             *pay_base,
                                                   GError                **error);

/* The link of a one-time payment code: {pay_base}/code/{code}. */
char        *pd_paylink_build_code_link           (const char             *code,
                                                   const char             *pay_base,
                                                   GError                **error);

/* Where payment links point: $PAYDESK_PAY_BASE when set, which every
 * program of Paydesk obeys, else @setting (the app's "pay-base"; NULL
 * means MixPay's own). */
char        *pd_paylink_dup_pay_base              (const char             *setting);
char        *pd_paylink_generate_order_id         (void);
char        *pd_paylink_generate_trace_id         (void);

gboolean     pd_paylink_is_uuid                   (const char             *text);
char        *pd_paylink_dup_canonical_id          (const char             *id);
gboolean     pd_paylink_is_single_line            (const char             *text);
char        *pd_paylink_dup_single_line           (const char             *text);
gboolean     pd_paylink_is_loopback_url           (const char             *url);
gboolean     pd_paylink_url_host_is_ascii         (const char             *url);
char        *pd_paylink_dup_ascii_url             (const char             *url);
gboolean     pd_paylink_host_is_loopback          (const char             *host);

G_END_DECLS
