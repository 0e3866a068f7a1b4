/* pd-paylink.c: validate and build MixPay payment links
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "pd-decimal.h"
#include "pd-paylink.h"

/* Far longer than any real shop address, short enough to keep the link
 * (and its QR code) scannable. */
#define RETURN_TO_MAX_LENGTH 1024
#define PAY_BASE_MAX_LENGTH 256

/* 9999-12-31T23:59:59Z: anything later is not a Unix time in seconds
 * (most likely milliseconds). */
#define TIMESTAMP_MAX G_GINT64_CONSTANT (253402300799)

#define FIAT_CODE_MIN 2
#define FIAT_CODE_MAX 10

/* Letters for the random tail of an order ID (RFC 4648 base32). */
#define BASE32_ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
#define ORDER_ID_RANDOM_CHARS 6

G_DEFINE_QUARK (pd-paylink-error-quark, pd_paylink_error)

/* As MixPay spells them in links and API answers. */
static const char * const field_names[] = {
  [PD_PAYLINK_FIELD_PAYEE_ID] = "payeeId",
  [PD_PAYLINK_FIELD_SETTLEMENT_ASSET_ID] = "settlementAssetId",
  [PD_PAYLINK_FIELD_QUOTE_ASSET_ID] = "quoteAssetId",
  [PD_PAYLINK_FIELD_QUOTE_AMOUNT] = "quoteAmount",
  [PD_PAYLINK_FIELD_ORDER_ID] = "orderId",
  [PD_PAYLINK_FIELD_RETURN_TO] = "returnTo",
  [PD_PAYLINK_FIELD_TRACE_ID] = "traceId",
  [PD_PAYLINK_FIELD_REMARK] = "remark",
  [PD_PAYLINK_FIELD_EXPIRED_TIMESTAMP] = "expiredTimestamp",
  [PD_PAYLINK_FIELD_PAY_BASE] = "payBase",
};

G_STATIC_ASSERT (G_N_ELEMENTS (field_names) == PD_PAYLINK_FIELD_PAY_BASE + 1);

/* Not a field of a paylink: the code of a one-time payment. */
#define CODE_FIELD_NAME "code"

/* ------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------ */

const char *
pd_paylink_field_name (PdPaylinkField field)
{
  g_return_val_if_fail (field <= PD_PAYLINK_FIELD_PAY_BASE, NULL);

  return field_names[field];
}

/* The field's name is put in front by code, not by translators, so that
 * pd_paylink_error_get_field() can always find it again. */
static void G_GNUC_PRINTF (4, 5)
set_named_error (GError             **error,
                 PdPaylinkErrorCode   code,
                 const char          *name,
                 const char          *format,
                 ...)
{
  g_autofree char *rule = NULL;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  rule = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, PD_PAYLINK_ERROR, code, "%s: %s", name, rule);
}

#define set_field_error(error, code, field, ...) \
  set_named_error ((error), (code), field_names[(field)], __VA_ARGS__)

/**
 * pd_paylink_error_get_field:
 * @error: a #PD_PAYLINK_ERROR
 * @field: (out) (optional): the field it names
 *
 * Returns: %TRUE if @error is a paylink error about one of the fields of
 *   #PdPaylinkField (%FALSE for other errors, such as a one-time code's)
 */
gboolean
pd_paylink_error_get_field (const GError   *error,
                            PdPaylinkField *field)
{
  g_return_val_if_fail (error != NULL, FALSE);

  if (error->domain != PD_PAYLINK_ERROR)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
    {
      gsize len = strlen (field_names[i]);

      if (strncmp (error->message, field_names[i], len) == 0 &&
          strncmp (error->message + len, ": ", 2) == 0)
        {
          if (field != NULL)
            *field = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * pd_paylink_error_get_rule:
 * @error: a #PD_PAYLINK_ERROR
 *
 * Returns: (transfer none): the message of @error without the field's name
 *   in front ("must be greater than zero"), for front ends that name the
 *   field their own way
 */
const char *
pd_paylink_error_get_rule (const GError *error)
{
  const char *separator;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != PD_PAYLINK_ERROR)
    return error->message;

  separator = strstr (error->message, ": ");
  if (separator == NULL)
    return error->message;

  return separator + 2;
}

/* ------------------------------------------------------------------------
 * Character classes
 * ------------------------------------------------------------------------ */

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

static gboolean
has_hex_digits (const char *text,
                gsize       count)
{
  for (gsize i = 0; i < count; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;

  return TRUE;
}

/**
 * pd_paylink_is_uuid:
 * @text: (nullable): text to check
 *
 * Returns: %TRUE for a UUID in either form MixPay uses: 8-4-4-4-12
 *   hexadecimal digits with dashes, or 32 hexadecimal digits without
 */
gboolean
pd_paylink_is_uuid (const char *text)
{
  static const guint group_lengths[] = { 8, 4, 4, 4, 12 };
  const char *p = text;
  gsize len;

  if (text == NULL)
    return FALSE;

  len = strlen (text);
  if (len == 32)
    return has_hex_digits (text, 32);

  if (len != 36)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (group_lengths); i++)
    {
      if (i > 0 && *p++ != '-')
        return FALSE;
      if (!has_hex_digits (p, group_lengths[i]))
        return FALSE;
      p += group_lengths[i];
    }

  return *p == '\0';
}

static gboolean
is_fiat_code (const char *text)
{
  gsize len = strlen (text);

  if (len < FIAT_CODE_MIN || len > FIAT_CODE_MAX)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (*p < 'a' || *p > 'z')
      return FALSE;

  return TRUE;
}

static gboolean
is_order_id_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

/* Space and control characters never belong in a URL as typed: they hide
 * what the link really points to. */
static gboolean
has_space_or_control (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p <= 0x20 || *p == 0x7f)
      return TRUE;

  return FALSE;
}

/* Characters that break a remark onto another line, or that reorder the
 * text around them so the payer would read something else than was typed
 * (bidirectional embeddings, overrides and isolates). */
static gboolean
is_forbidden_in_remark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_CONTROL ||
         type == G_UNICODE_LINE_SEPARATOR ||
         type == G_UNICODE_PARAGRAPH_SEPARATOR ||
         (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069);
}

/**
 * pd_paylink_dup_canonical_id:
 * @id: (nullable): an ID as typed
 *
 * A UUID written as MixPay writes it: lower case, with its four dashes.
 * MixPay takes "A38ED284…" and "a38ed2845689…" for the same payee, so
 * the ledger must too: two orders with one order ID, one payee spelled
 * two ways, were both marked paid by one payment. Anything that is not a
 * UUID (a fiat code such as "usd") is returned as it is.
 *
 * Returns: (transfer full) (nullable): the ID
 */
char *
pd_paylink_dup_canonical_id (const char *id)
{
  g_autofree char *hex = NULL;

  if (!pd_paylink_is_uuid (id))
    return g_strdup (id);

  hex = g_ascii_strdown (id, -1);
  if (strlen (hex) == 36)
    return g_steal_pointer (&hex);

  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

/**
 * pd_paylink_is_single_line:
 * @text: valid UTF-8
 *
 * Whether @text shows as it reads, on one line, wherever it is shown: no
 * control characters (a terminal would obey an escape sequence), no line
 * or paragraph separators, no direction embeddings, overrides or
 * isolates (which make text read as something else).
 */
gboolean
pd_paylink_is_single_line (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (is_forbidden_in_remark (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

/**
 * pd_paylink_dup_single_line:
 * @text: any bytes
 *
 * @text made fit to show, for text from elsewhere (a server's error
 * message): valid UTF-8, with every character pd_paylink_is_single_line()
 * refuses replaced by U+FFFD.
 *
 * Returns: (transfer full): the text
 */
char *
pd_paylink_dup_single_line (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *line = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (line, is_forbidden_in_remark (c) ? 0xFFFD : c);
    }

  return g_string_free (line, FALSE);
}

/* ------------------------------------------------------------------------
 * Validators
 * ------------------------------------------------------------------------ */

static gboolean
validate_uuid_field (const char      *text,
                     PdPaylinkField   field,
                     gboolean         required,
                     GError         **error)
{
  if (is_empty (text))
    {
      if (!required)
        return TRUE;

      set_field_error (error, PD_PAYLINK_ERROR_MISSING, field, "%s", _("is required"));
      return FALSE;
    }

  if (!pd_paylink_is_uuid (text))
    {
      set_field_error (error, PD_PAYLINK_ERROR_INVALID, field, "%s",
                       _("must be a UUID: 8-4-4-4-12 hexadecimal digits, or 32 without dashes"));
      return FALSE;
    }

  return TRUE;
}

gboolean
pd_paylink_validate_payee_id (const char  *payee_id,
                              GError     **error)
{
  return validate_uuid_field (payee_id, PD_PAYLINK_FIELD_PAYEE_ID, TRUE, error);
}

gboolean
pd_paylink_validate_settlement_asset (const char  *asset_id,
                                      GError     **error)
{
  return validate_uuid_field (asset_id, PD_PAYLINK_FIELD_SETTLEMENT_ASSET_ID, TRUE, error);
}

gboolean
pd_paylink_validate_quote_asset (const char  *asset_id,
                                 GError     **error)
{
  if (is_empty (asset_id))
    {
      set_field_error (error, PD_PAYLINK_ERROR_MISSING, PD_PAYLINK_FIELD_QUOTE_ASSET_ID,
                       "%s", _("is required"));
      return FALSE;
    }

  if (!pd_paylink_is_uuid (asset_id) && !is_fiat_code (asset_id))
    {
      set_field_error (error, PD_PAYLINK_ERROR_INVALID, PD_PAYLINK_FIELD_QUOTE_ASSET_ID,
                       _("must be an asset UUID or a lower-case fiat currency code of %d to %d letters, such as “usd”"),
                       FIAT_CODE_MIN, FIAT_CODE_MAX);
      return FALSE;
    }

  return TRUE;
}

static PdPaylinkErrorCode
paylink_code_from_decimal_error (const GError *error)
{
  switch ((PdDecimalError) error->code)
    {
    case PD_DECIMAL_ERROR_EMPTY:
      return PD_PAYLINK_ERROR_MISSING;
    case PD_DECIMAL_ERROR_TOO_LONG:
      return PD_PAYLINK_ERROR_TOO_LONG;
    case PD_DECIMAL_ERROR_NOT_POSITIVE:
    case PD_DECIMAL_ERROR_TOO_MANY_DECIMALS:
      return PD_PAYLINK_ERROR_OUT_OF_RANGE;
    case PD_DECIMAL_ERROR_SYNTAX:
    default:
      return PD_PAYLINK_ERROR_INVALID;
    }
}

/**
 * pd_paylink_validate_amount:
 * @amount: the quote amount as typed
 * @max_decimals: the quote asset's decimalDigit; 0 for
 *   %PD_PAYLINK_DEFAULT_DECIMALS
 * @error: a #PD_PAYLINK_ERROR naming quoteAmount
 *
 * Accepts a plain decimal (see pd-decimal.h) greater than zero, with at
 * most @max_decimals significant decimals.
 */
gboolean
pd_paylink_validate_amount (const char  *amount,
                            guint        max_decimals,
                            GError     **error)
{
  g_autoptr(GError) decimal_error = NULL;
  g_autofree char *normalized = NULL;

  if (max_decimals == 0)
    max_decimals = PD_PAYLINK_DEFAULT_DECIMALS;

  normalized = pd_decimal_parse (amount, &decimal_error);
  if (normalized == NULL ||
      !pd_decimal_check_decimals (normalized, max_decimals, &decimal_error))
    {
      set_field_error (error, paylink_code_from_decimal_error (decimal_error),
                       PD_PAYLINK_FIELD_QUOTE_AMOUNT, "%s", decimal_error->message);
      return FALSE;
    }

  if (pd_decimal_is_zero (normalized))
    {
      set_field_error (error, PD_PAYLINK_ERROR_OUT_OF_RANGE, PD_PAYLINK_FIELD_QUOTE_AMOUNT,
                       "%s", _("must be greater than zero"));
      return FALSE;
    }

  return TRUE;
}

gboolean
pd_paylink_validate_order_id (const char  *order_id,
                              GError     **error)
{
  gsize len;

  if (is_empty (order_id))
    {
      set_field_error (error, PD_PAYLINK_ERROR_MISSING, PD_PAYLINK_FIELD_ORDER_ID,
                       "%s", _("is required"));
      return FALSE;
    }

  for (const char *p = order_id; *p != '\0'; p++)
    {
      if (!is_order_id_char (*p))
        {
          set_field_error (error, PD_PAYLINK_ERROR_INVALID, PD_PAYLINK_FIELD_ORDER_ID, "%s",
                           _("may only contain the letters A to Z and a to z, digits, “-” and “_”"));
          return FALSE;
        }
    }

  /* Only ASCII is left, so bytes are characters. */
  len = strlen (order_id);
  if (len < PD_PAYLINK_ORDER_ID_MIN)
    {
      set_field_error (error, PD_PAYLINK_ERROR_TOO_SHORT, PD_PAYLINK_FIELD_ORDER_ID,
                       _("must be at least %d characters long"), PD_PAYLINK_ORDER_ID_MIN);
      return FALSE;
    }

  if (len > PD_PAYLINK_ORDER_ID_MAX)
    {
      set_field_error (error, PD_PAYLINK_ERROR_TOO_LONG, PD_PAYLINK_FIELD_ORDER_ID,
                       _("must be at most %d characters long"), PD_PAYLINK_ORDER_ID_MAX);
      return FALSE;
    }

  return TRUE;
}

static gboolean
scheme_is_http (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);

  return g_ascii_strcasecmp (scheme, "https") == 0 ||
         g_ascii_strcasecmp (scheme, "http") == 0;
}

static gboolean
uri_has_host (GUri *uri)
{
  return !is_empty (g_uri_get_host (uri));
}

/* The host as typed: GUri would turn a non-ASCII one into punycode
 * (NON_DNS stops that), and ENCODED keeps "%D1%96" as it was written. */
static gboolean
host_is_ascii_as_typed (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL)
    return FALSE;

  for (const char *p = host; *p != '\0'; p++)
    if (!g_ascii_isprint (*p) || *p == '%')
      return FALSE;

  return TRUE;
}

/**
 * pd_paylink_url_host_is_ascii:
 * @url: (nullable): an absolute URL
 *
 * Whether @url's host is written in plain ASCII, neither in another
 * script nor percent-encoded. Bases that decide where payments are made
 * and checked must be: "mіxpay.me" with a Cyrillic "і" looks like
 * MixPay's own.
 *
 * Returns: %TRUE if @url has a host, all ASCII
 */
gboolean
pd_paylink_url_host_is_ascii (const char *url)
{
  return !is_empty (url) && host_is_ascii_as_typed (url);
}

/**
 * pd_paylink_dup_ascii_url:
 * @url: a valid returnTo (pd_paylink_validate_return_to())
 *
 * @url with an internationalised host in punycode, as it really is
 * ("https://xn--mxpay-n2e.me/" for "https://mіxpay.me/"), so that a
 * look-alike shows for what it is wherever the link goes. An ASCII @url
 * is returned as it was typed.
 *
 * Returns: (transfer full): the URL
 */
char *
pd_paylink_dup_ascii_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (is_empty (url) || host_is_ascii_as_typed (url))
    return g_strdup (url);

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    return g_strdup (url);

  return g_uri_to_string (uri);
}

/* What an answer echoing a value may not hold (pd-payment-result.c reads
 * returnTo by the same rule): accepted here, every answer about the order
 * would be refused, and it could never be paid. */
static gboolean
set_error_unless_single_line (const char      *url,
                              PdPaylinkField   field,
                              GError         **error)
{
  if (pd_paylink_is_single_line (url))
    return TRUE;

  set_field_error (error, PD_PAYLINK_ERROR_INVALID, field, "%s",
                   _("must not contain line separators, control or text-direction characters"));
  return FALSE;
}

gboolean
pd_paylink_validate_return_to (const char  *url,
                               GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  if (is_empty (url))
    return TRUE;

  if (strlen (url) > RETURN_TO_MAX_LENGTH)
    {
      set_field_error (error, PD_PAYLINK_ERROR_TOO_LONG, PD_PAYLINK_FIELD_RETURN_TO,
                       _("must be at most %d characters long"), RETURN_TO_MAX_LENGTH);
      return FALSE;
    }

  if (!g_utf8_validate (url, -1, NULL) || has_space_or_control (url))
    {
      set_field_error (error, PD_PAYLINK_ERROR_INVALID, PD_PAYLINK_FIELD_RETURN_TO, "%s",
                       _("must not contain spaces or control characters"));
      return FALSE;
    }

  if (!set_error_unless_single_line (url, PD_PAYLINK_FIELD_RETURN_TO, error))
    return FALSE;

  /* Relative references fail to parse; javascript:, data: and file: parse
   * but are not http(s); "https:foo" parses without a host. */
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || !scheme_is_http (uri) || !uri_has_host (uri))
    {
      set_field_error (error, PD_PAYLINK_ERROR_INVALID, PD_PAYLINK_FIELD_RETURN_TO, "%s",
                       _("must be an absolute web address starting with https:// or http://"));
      return FALSE;
    }

  /* "https://mixpay.me@evil.example/" goes to evil.example. */
  if (g_uri_get_userinfo (uri) != NULL)
    {
      set_field_error (error, PD_PAYLINK_ERROR_INVALID, PD_PAYLINK_FIELD_RETURN_TO, "%s",
                       _("must not have a user name before the host (“name@”): the host is what follows the “@”"));
      return FALSE;
    }

  return TRUE;
}

gboolean
pd_paylink_validate_trace_id (const char  *trace_id,
                              GError     **error)
{
  return validate_uuid_field (trace_id, PD_PAYLINK_FIELD_TRACE_ID, FALSE, error);
}

gboolean
pd_paylink_validate_remark (const char  *remark,
                            GError     **error)
{
  if (is_empty (remark))
    return TRUE;

  if (!g_utf8_validate (remark, -1, NULL))
    {
      set_field_error (error, PD_PAYLINK_ERROR_INVALID, PD_PAYLINK_FIELD_REMARK, "%s",
                       _("is not valid UTF-8 text"));
      return FALSE;
    }

  if (!pd_paylink_is_single_line (remark))
    {
      set_field_error (error, PD_PAYLINK_ERROR_INVALID, PD_PAYLINK_FIELD_REMARK, "%s",
                       _("must be a single line without control or text-direction characters"));
      return FALSE;
    }

  if (g_utf8_strlen (remark, -1) > PD_PAYLINK_REMARK_MAX)
    {
      set_field_error (error, PD_PAYLINK_ERROR_TOO_LONG, PD_PAYLINK_FIELD_REMARK,
                       _("must be at most %d characters long"), PD_PAYLINK_REMARK_MAX);
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_paylink_validate_expired_timestamp:
 * @timestamp: Unix time in seconds; 0 for none
 * @now: the current Unix time in seconds
 * @error: a #PD_PAYLINK_ERROR naming expiredTimestamp
 *
 * Returns: %TRUE if @timestamp is 0 or a Unix time in seconds after @now
 */
gboolean
pd_paylink_validate_expired_timestamp (gint64   timestamp,
                                       gint64   now,
                                       GError **error)
{
  if (timestamp == 0)
    return TRUE;

  if (timestamp < 0 || timestamp > TIMESTAMP_MAX)
    {
      set_field_error (error, PD_PAYLINK_ERROR_INVALID, PD_PAYLINK_FIELD_EXPIRED_TIMESTAMP, "%s",
                       _("must be a Unix time in seconds"));
      return FALSE;
    }

  if (timestamp <= now)
    {
      set_field_error (error, PD_PAYLINK_ERROR_OUT_OF_RANGE, PD_PAYLINK_FIELD_EXPIRED_TIMESTAMP, "%s",
                       _("must be in the future"));
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_paylink_host_is_loopback:
 * @host: a URL's host, without brackets
 *
 * Returns: %TRUE for localhost, 127.0.0.0/8 and ::1
 */
gboolean
pd_paylink_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  /* Only a literal address counts: a name could resolve anywhere. */
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * pd_paylink_is_loopback_url:
 * @url: (nullable): an absolute URL
 *
 * Returns: %TRUE if @url's host is localhost, 127.0.0.0/8 or ::1
 */
gboolean
pd_paylink_is_loopback_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (is_empty (url))
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || !uri_has_host (uri))
    return FALSE;

  return pd_paylink_host_is_loopback (g_uri_get_host (uri));
}

/**
 * pd_paylink_validate_pay_base:
 * @base: the payment page base, such as https://mixpay.me
 * @error: a #PD_PAYLINK_ERROR naming payBase
 *
 * Accepts an https URL with a host, or an http URL on a loopback host (a
 * test or staging server), with an optional path, no query, fragment or
 * user name. A trailing "/" is allowed.
 */
gboolean
pd_paylink_validate_pay_base (const char  *base,
                              GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  if (is_empty (base))
    {
      set_field_error (error, PD_PAYLINK_ERROR_MISSING, PD_PAYLINK_FIELD_PAY_BASE, "%s",
                       _("is required"));
      return FALSE;
    }

  if (strlen (base) > PAY_BASE_MAX_LENGTH)
    {
      set_field_error (error, PD_PAYLINK_ERROR_TOO_LONG, PD_PAYLINK_FIELD_PAY_BASE,
                       _("must be at most %d characters long"), PAY_BASE_MAX_LENGTH);
      return FALSE;
    }

  if (!g_utf8_validate (base, -1, NULL) || has_space_or_control (base))
    {
      set_field_error (error, PD_PAYLINK_ERROR_INVALID, PD_PAYLINK_FIELD_PAY_BASE, "%s",
                       _("must not contain spaces or control characters"));
      return FALSE;
    }

  if (!set_error_unless_single_line (base, PD_PAYLINK_FIELD_PAY_BASE, error))
    return FALSE;

  uri = g_uri_parse (base, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || !scheme_is_http (uri) || !uri_has_host (uri) ||
      g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      set_field_error (error, PD_PAYLINK_ERROR_INVALID, PD_PAYLINK_FIELD_PAY_BASE, "%s",
                       _("must be an https:// address without query or fragment, such as https://mixpay.me"));
      return FALSE;
    }

  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0 &&
      !pd_paylink_host_is_loopback (g_uri_get_host (uri)))
    {
      set_field_error (error, PD_PAYLINK_ERROR_INVALID, PD_PAYLINK_FIELD_PAY_BASE, "%s",
                       _("must use https:// (plain http:// is only allowed for localhost and 127.0.0.1)"));
      return FALSE;
    }

  if (!host_is_ascii_as_typed (base))
    {
      set_field_error (error, PD_PAYLINK_ERROR_INVALID, PD_PAYLINK_FIELD_PAY_BASE, "%s",
                       _("the host must be written in plain ASCII (an internationalised name in its xn-- form)"));
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_paylink_validate:
 * @params: the fields of a link
 * @error: a #PD_PAYLINK_ERROR naming the first invalid field
 *
 * Checks every field in the order they appear in a link. The expiry is
 * compared with the current time.
 */
gboolean
pd_paylink_validate (const PdPaylinkParams  *params,
                     GError                **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (params != NULL, FALSE);

  return pd_paylink_validate_payee_id (params->payee_id, error) &&
         pd_paylink_validate_settlement_asset (params->settlement_asset_id, error) &&
         pd_paylink_validate_quote_asset (params->quote_asset_id, error) &&
         pd_paylink_validate_amount (params->quote_amount, params->max_decimals, error) &&
         pd_paylink_validate_order_id (params->order_id, error) &&
         pd_paylink_validate_return_to (params->return_to, error) &&
         pd_paylink_validate_trace_id (params->trace_id, error) &&
         pd_paylink_validate_remark (params->remark, error) &&
         pd_paylink_validate_expired_timestamp (params->expired_timestamp, now, error);
}

/* ------------------------------------------------------------------------
 * Building
 * ------------------------------------------------------------------------ */

/* The base without its trailing "/", after checking it. */
static char *
pay_base_prefix (const char  *pay_base,
                 GError     **error)
{
  gsize len;

  if (pay_base == NULL)
    pay_base = PD_PAYLINK_DEFAULT_PAY_BASE;

  if (!pd_paylink_validate_pay_base (pay_base, error))
    return NULL;

  len = strlen (pay_base);
  if (pay_base[len - 1] == '/')
    len--;

  return g_strndup (pay_base, len);
}

/* Appends "name=value" with every character of @value outside RFC 3986's
 * unreserved set percent-encoded, so "&", "=", "#", "+" and "%" in a value
 * cannot change the query. */
static void
append_parameter (GString    *link,
                  const char *name,
                  const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  if (link->str[link->len - 1] != '?')
    g_string_append_c (link, '&');

  g_string_append (link, name);
  g_string_append_c (link, '=');
  g_string_append (link, escaped);
}

static void
append_optional_parameter (GString        *link,
                           PdPaylinkField  field,
                           const char     *value)
{
  if (!is_empty (value))
    append_parameter (link, field_names[field], value);
}

/**
 * pd_paylink_build:
 * @params: the fields of the link
 * @pay_base: (nullable): the payment page base; %NULL for
 *   %PD_PAYLINK_DEFAULT_PAY_BASE
 * @error: a #PD_PAYLINK_ERROR naming the first invalid field
 *
 * Returns: (transfer full) (nullable): {pay_base}/pay?payeeId=…, with the
 *   parameters in MixPay's order and the amount normalised
 */
char *
pd_paylink_build (const PdPaylinkParams  *params,
                  const char             *pay_base,
                  GError                **error)
{
  g_autofree char *prefix = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *return_to = NULL;
  GString *link;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  prefix = pay_base_prefix (pay_base, error);
  if (prefix == NULL || !pd_paylink_validate (params, error))
    return NULL;

  amount = pd_decimal_normalize (params->quote_amount);
  return_to = pd_paylink_dup_ascii_url (params->return_to);

  link = g_string_new (prefix);
  g_string_append (link, "/pay?");
  append_parameter (link, field_names[PD_PAYLINK_FIELD_PAYEE_ID], params->payee_id);
  append_parameter (link, field_names[PD_PAYLINK_FIELD_SETTLEMENT_ASSET_ID], params->settlement_asset_id);
  append_parameter (link, field_names[PD_PAYLINK_FIELD_QUOTE_ASSET_ID], params->quote_asset_id);
  append_parameter (link, field_names[PD_PAYLINK_FIELD_QUOTE_AMOUNT], amount);
  append_parameter (link, field_names[PD_PAYLINK_FIELD_ORDER_ID], params->order_id);
  append_optional_parameter (link, PD_PAYLINK_FIELD_RETURN_TO, return_to);
  append_optional_parameter (link, PD_PAYLINK_FIELD_TRACE_ID, params->trace_id);
  append_optional_parameter (link, PD_PAYLINK_FIELD_REMARK, params->remark);

  if (params->expired_timestamp != 0)
    g_string_append_printf (link, "&%s=%" G_GINT64_FORMAT,
                            field_names[PD_PAYLINK_FIELD_EXPIRED_TIMESTAMP],
                            params->expired_timestamp);

  return g_string_free (link, FALSE);
}

/**
 * pd_paylink_build_code_link:
 * @code: the code of a one-time payment (a UUID, from one_time_payment)
 * @pay_base: (nullable): the payment page base; %NULL for
 *   %PD_PAYLINK_DEFAULT_PAY_BASE
 * @error: a #PD_PAYLINK_ERROR naming the code or payBase
 *
 * Returns: (transfer full) (nullable): {pay_base}/code/{code}
 */
char *
pd_paylink_build_code_link (const char  *code,
                            const char  *pay_base,
                            GError     **error)
{
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (is_empty (code))
    {
      set_named_error (error, PD_PAYLINK_ERROR_MISSING, CODE_FIELD_NAME, "%s", _("is required"));
      return NULL;
    }

  if (!pd_paylink_is_uuid (code))
    {
      set_named_error (error, PD_PAYLINK_ERROR_INVALID, CODE_FIELD_NAME, "%s",
                       _("must be a UUID: 8-4-4-4-12 hexadecimal digits, or 32 without dashes"));
      return NULL;
    }

  prefix = pay_base_prefix (pay_base, error);
  if (prefix == NULL)
    return NULL;

  return g_strconcat (prefix, "/code/", code, NULL);
}

/* ------------------------------------------------------------------------
 * Identifiers
 * ------------------------------------------------------------------------ */

/**
 * pd_paylink_dup_pay_base:
 *
 * Returns: (transfer full) (nullable): the base of payment links, %NULL
 *   (when @setting is) for PD_PAYLINK_DEFAULT_PAY_BASE
 */
char *
pd_paylink_dup_pay_base (const char *setting)
{
  const char *env = g_getenv ("PAYDESK_PAY_BASE");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  return g_strdup (setting);
}

/**
 * pd_paylink_generate_order_id:
 *
 * Returns: (transfer full): a new order ID such as PD20261125-143005-K7QZ2M:
 *   the UTC time of creation, so IDs sort by time and a merchant can read
 *   them, and 30 random bits so two orders in the same second differ
 */
char *
pd_paylink_generate_order_id (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  char tail[ORDER_ID_RANDOM_CHARS + 1];

  for (guint i = 0; i < ORDER_ID_RANDOM_CHARS; i++)
    tail[i] = BASE32_ALPHABET[g_random_int_range (0, 32)];
  tail[ORDER_ID_RANDOM_CHARS] = '\0';

  return g_strdup_printf ("PD%s-%s", stamp, tail);
}

/**
 * pd_paylink_generate_trace_id:
 *
 * Returns: (transfer full): a new random (version 4) UUID, lower case
 */
char *
pd_paylink_generate_trace_id (void)
{
  return g_uuid_string_random ();
}
