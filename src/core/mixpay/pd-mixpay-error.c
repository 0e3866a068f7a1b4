/* pd-mixpay-error.c: errors of the MixPay API and its answers' envelope
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "pd-json-check.h"
#include "pd-mixpay-error.h"
#include "pd-paylink.h"

/* MixPay's answers are two or three levels deep; anything much deeper is
 * hostile and would make json-glib's recursive parser eat the stack. */
#define JSON_MAX_DEPTH 64
/* Of a name given twice, as much as a message shows. */
#define DUPLICATE_KEY_MAX_CHARS 64

typedef struct
{
  gint64 api_code;
  guint  http_status;
  int    retry_after;
} PdMixpayErrorPrivate;

static void
pd_mixpay_error_private_init (PdMixpayErrorPrivate *priv)
{
  priv->api_code = 0;
  priv->http_status = 0;
  priv->retry_after = -1;
}

static void
pd_mixpay_error_private_copy (const PdMixpayErrorPrivate *src,
                              PdMixpayErrorPrivate       *dest)
{
  *dest = *src;
}

static void
pd_mixpay_error_private_clear (PdMixpayErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (PdMixpayError, pd_mixpay_error)

void
_pd_mixpay_error_set_details (GError *error,
                              gint64  api_code,
                              guint   http_status,
                              int     retry_after)
{
  PdMixpayErrorPrivate *priv;

  g_return_if_fail (error != NULL && error->domain == PD_MIXPAY_ERROR);

  priv = pd_mixpay_error_get_private (error);
  priv->api_code = api_code;
  priv->http_status = http_status;
  priv->retry_after = retry_after;
}

static PdMixpayErrorPrivate *
get_details (const GError *error)
{
  if (error == NULL || error->domain != PD_MIXPAY_ERROR)
    return NULL;

  return pd_mixpay_error_get_private (error);
}

/**
 * pd_mixpay_error_get_api_code:
 *
 * Returns: the API's error code (such as 1429 or 10008) carried by a
 *   %PD_MIXPAY_ERROR, or 0 when the error did not come from an API answer
 */
gint64
pd_mixpay_error_get_api_code (const GError *error)
{
  PdMixpayErrorPrivate *priv = get_details (error);

  return priv != NULL ? priv->api_code : 0;
}

/**
 * pd_mixpay_error_get_http_status:
 *
 * Returns: the HTTP status of the answer that caused @error, or 0 when
 *   there was no answer
 */
guint
pd_mixpay_error_get_http_status (const GError *error)
{
  PdMixpayErrorPrivate *priv = get_details (error);

  return priv != NULL ? priv->http_status : 0;
}

/**
 * pd_mixpay_error_get_retry_after:
 *
 * Returns: the seconds the server asked us to wait (its Retry-After
 *   header) for a %PD_MIXPAY_ERROR_RATE_LIMITED error, or -1 when it did
 *   not say; callers then pick their own pause
 */
int
pd_mixpay_error_get_retry_after (const GError *error)
{
  PdMixpayErrorPrivate *priv = get_details (error);

  return priv != NULL ? priv->retry_after : -1;
}

/**
 * pd_mixpay_error_is_retryable:
 *
 * Returns: %TRUE when asking again later may succeed: network trouble,
 *   timeouts, rate limits, server errors (HTTP 5xx, API code -1),
 *   maintenance (10008) and a shared ledger's budget out of reach (nothing
 *   was sent). Malformed answers, TLS failures, other API codes and
 *   invalid arguments are not.
 */
gboolean
pd_mixpay_error_is_retryable (const GError *error)
{
  if (error == NULL || error->domain != PD_MIXPAY_ERROR)
    return FALSE;

  switch ((PdMixpayErrorCode) error->code)
    {
    case PD_MIXPAY_ERROR_NETWORK:
    case PD_MIXPAY_ERROR_TIMEOUT:
    case PD_MIXPAY_ERROR_RATE_LIMITED:
    case PD_MIXPAY_ERROR_NO_BUDGET:
      return TRUE;
    case PD_MIXPAY_ERROR_HTTP:
      return pd_mixpay_error_get_http_status (error) >= 500;
    case PD_MIXPAY_ERROR_API:
      {
        gint64 code = pd_mixpay_error_get_api_code (error);

        return code == PD_MIXPAY_CODE_SERVER_ERROR ||
               code == PD_MIXPAY_CODE_MAINTENANCE;
      }
    case PD_MIXPAY_ERROR_TLS:
    case PD_MIXPAY_ERROR_MALFORMED:
    case PD_MIXPAY_ERROR_INVALID:
    case PD_MIXPAY_ERROR_NOT_MIXPAY:
    default:
      return FALSE;
    }
}

/* Only RFC 8259 JSON within json-glib's limits reaches json-glib (see
 * pd-json-check.c). */
static gboolean
check_strict_json (const char  *text,
                   gsize        length,
                   GError     **error)
{
  g_autofree char *duplicate_key = NULL;
  g_autofree char *shown_key = NULL;
  gsize offset = 0;

  switch (pd_json_check (text, length, JSON_MAX_DEPTH, &offset, &duplicate_key))
    {
    case PD_JSON_CHECK_OK:
      return TRUE;
    case PD_JSON_CHECK_EMPTY:
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                           _("The answer is empty"));
      return FALSE;
    case PD_JSON_CHECK_TOO_DEEP:
    case PD_JSON_CHECK_INTEGER:
      g_set_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                   _("The answer is nested more than %d levels deep or holds an integer beyond 64 bits"),
                   JSON_MAX_DEPTH);
      return FALSE;
    case PD_JSON_CHECK_SEVERAL:
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                           _("The answer is not valid JSON: it holds more than one value"));
      return FALSE;
    case PD_JSON_CHECK_DUPLICATE_KEY:
      /* The name is the server's text: one line, and not a book. */
      shown_key = pd_paylink_dup_single_line (duplicate_key);
      if (g_utf8_strlen (shown_key, -1) > DUPLICATE_KEY_MAX_CHARS)
        {
          char *cut = g_utf8_substring (shown_key, 0, DUPLICATE_KEY_MAX_CHARS);

          g_free (shown_key);
          shown_key = g_strconcat (cut, "…", NULL);
          g_free (cut);
        }
      g_set_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                   _("%s: given twice in one object of the answer"), shown_key);
      return FALSE;
    case PD_JSON_CHECK_NUL:
      g_set_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                   /* TRANSLATORS: \u0000 is JSON's escape for a NUL character, keep it as is */
                   _("The answer holds a NUL character (\\u0000) at byte %lu; it is not read"),
                   (unsigned long) offset);
      return FALSE;
    case PD_JSON_CHECK_SYNTAX:
    default:
      g_set_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                   _("The answer is not valid JSON (at byte %lu)"), (unsigned long) offset);
      return FALSE;
    }
}

JsonNode *
pd_mixpay_parse_json (const char  *text,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  if (text == NULL || length == 0)
    {
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                           _("The answer is empty"));
      return NULL;
    }

  if (length > G_MAXSSIZE || !g_utf8_validate_len (text, length, NULL))
    {
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                           _("The answer is not valid UTF-8 text"));
      return NULL;
    }

  if (!check_strict_json (text, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, length, &parse_error))
    {
      /* json-glib quotes the offending text cut at a byte count, which
       * can split a character: the message must stay valid UTF-8. */
      g_autofree char *detail = g_utf8_make_valid (parse_error->message, -1);

      g_set_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                   _("The answer is not valid JSON: %s"), detail);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                           _("The answer is empty"));
      return NULL;
    }

  return json_node_ref (root);
}

void
pd_mixpay_envelope_free (PdMixpayEnvelope *envelope)
{
  if (envelope == NULL)
    return;

  g_free (envelope->message);
  g_clear_pointer (&envelope->data, json_node_unref);
  g_clear_pointer (&envelope->root, json_node_unref);
  g_free (envelope);
}

static gboolean
node_is_value_of_type (JsonNode *node,
                       GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
code_is_accepted (gint64        code,
                  const gint64 *accepted_codes)
{
  if (code == PD_MIXPAY_CODE_OK)
    return TRUE;

  for (guint i = 0; accepted_codes != NULL && accepted_codes[i] != 0; i++)
    if (accepted_codes[i] == code)
      return TRUE;

  return FALSE;
}

static GError *
envelope_to_error (const PdMixpayEnvelope *envelope)
{
  GError *error;
  /* The server's text goes into a message shown to people, printed by
   * paydesk-cli and kept in the order's history: valid UTF-8 even if a \u
   * escape in the JSON decoded to a lone surrogate, one line, and no
   * escape sequence a terminal would obey. */
  g_autofree char *message = envelope->message != NULL && envelope->message[0] != '\0'
                             ? pd_paylink_dup_single_line (envelope->message)
                             : g_strdup (_("no message"));

  /* PRId64, not G_GINT64_FORMAT: xgettext expands only the former, so
   * the translation is found at run time. */
  if (envelope->code == PD_MIXPAY_CODE_RATE_LIMITED)
    error = g_error_new (PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_RATE_LIMITED,
                         _("MixPay is rate limiting requests (code %" PRId64 "): %s"),
                         envelope->code, message);
  else
    error = g_error_new (PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_API,
                         _("MixPay answered with error code %" PRId64 ": %s"),
                         envelope->code, message);

  _pd_mixpay_error_set_details (error, envelope->code, 0, -1);

  return error;
}

/**
 * pd_mixpay_envelope_parse:
 * @text: the answer's body
 * @length: its length in bytes
 * @accepted_codes: (nullable): API codes returned as an envelope rather
 *   than an error, ended by 0
 *
 * Checks the envelope every MixPay answer has: an object whose `code` is
 * an integer, whose `success` (when present) is a boolean that agrees
 * with the code, whose `message` is a string or null and whose
 * `timestampMs` is an integer. A successful envelope must carry `data`.
 *
 * Returns: (transfer full): the envelope, or %NULL with @error set
 */
PdMixpayEnvelope *
pd_mixpay_envelope_parse (const char    *text,
                          gsize          length,
                          const gint64  *accepted_codes,
                          GError       **error)
{
  g_autoptr(PdMixpayEnvelope) envelope = g_new0 (PdMixpayEnvelope, 1);
  JsonObject *object;
  JsonNode *node;

  envelope->root = pd_mixpay_parse_json (text, length, error);
  if (envelope->root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (envelope->root))
    {
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                           _("The answer is not a JSON object"));
      return NULL;
    }

  object = json_node_get_object (envelope->root);

  node = json_object_get_member (object, "code");
  if (node == NULL || !node_is_value_of_type (node, G_TYPE_INT64))
    {
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                           _("code: missing or not an integer"));
      return NULL;
    }
  envelope->code = json_node_get_int (node);

  node = json_object_get_member (object, "success");
  if (node != NULL && !node_is_value_of_type (node, G_TYPE_BOOLEAN))
    {
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                           _("success: not a boolean"));
      return NULL;
    }
  envelope->success = node != NULL ? json_node_get_boolean (node)
                                   : envelope->code == PD_MIXPAY_CODE_OK;
  if (envelope->success != (envelope->code == PD_MIXPAY_CODE_OK))
    {
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                           _("success: does not agree with code"));
      return NULL;
    }

  node = json_object_get_member (object, "message");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!node_is_value_of_type (node, G_TYPE_STRING))
        {
          g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                               _("message: not a string"));
          return NULL;
        }
      envelope->message = g_strdup (json_node_get_string (node));
    }

  node = json_object_get_member (object, "timestampMs");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!node_is_value_of_type (node, G_TYPE_INT64))
        {
          g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                               _("timestampMs: not an integer"));
          return NULL;
        }
      envelope->timestamp_ms = json_node_get_int (node);
    }

  node = json_object_get_member (object, "data");
  if (node != NULL)
    envelope->data = json_node_ref (node);

  if (!code_is_accepted (envelope->code, accepted_codes))
    {
      g_propagate_error (error, envelope_to_error (envelope));
      return NULL;
    }

  if (envelope->code == PD_MIXPAY_CODE_OK && envelope->data == NULL)
    {
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                           _("data: missing"));
      return NULL;
    }

  return g_steal_pointer (&envelope);
}

/**
 * pd_mixpay_error_new_not_mixpay:
 * @http_status: the answer's HTTP status
 *
 * Returns: (transfer full): the error for an answer that is not MixPay's
 *   at all (a plain web server, a proxy, a captive portal)
 */
GError *
pd_mixpay_error_new_not_mixpay (guint http_status)
{
  GError *error = g_error_new (PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NOT_MIXPAY,
                               _("This address does not answer like MixPay (HTTP status %u): check the API base"),
                               http_status);

  _pd_mixpay_error_set_details (error, 0, http_status, -1);

  return error;
}

/**
 * pd_mixpay_envelope_parse_failed_answer:
 * @http_status: the answer's HTTP status, not a 2xx
 * @reason: (nullable): its reason phrase
 * @text: the answer's body
 * @length: its length in bytes
 * @accepted_codes: (nullable): as for pd_mixpay_envelope_parse()
 *
 * What an answer with an HTTP error status means. Only MixPay's own
 * envelope says it: one of @accepted_codes (10062, "does not exist", in
 * a 404) is returned for the caller to handle, and MixPay's error codes
 * (1429 in a 404) are errors as in a 200. Any other 4xx (a web server
 * that is not MixPay, a 404 with a success inside) is never read as an
 * answer about a payment.
 *
 * Returns: (transfer full) (nullable): the envelope, or %NULL with @error
 */
PdMixpayEnvelope *
pd_mixpay_envelope_parse_failed_answer (guint          http_status,
                                        const char    *reason,
                                        const char    *text,
                                        gsize          length,
                                        const gint64  *accepted_codes,
                                        GError       **error)
{
  g_autoptr(PdMixpayEnvelope) envelope = NULL;
  g_autoptr(GError) local_error = NULL;
  GError *failure;

  envelope = pd_mixpay_envelope_parse (text, length, accepted_codes, &local_error);
  if (envelope != NULL && envelope->code != PD_MIXPAY_CODE_OK)
    return g_steal_pointer (&envelope);

  if (g_error_matches (local_error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_RATE_LIMITED) ||
      g_error_matches (local_error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_API))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* A server error (a 502 from MixPay's load balancer) is trouble at
   * MixPay's end, and retried as such. */
  if (envelope == NULL && http_status >= 400 && http_status < 500)
    {
      g_propagate_error (error, pd_mixpay_error_new_not_mixpay (http_status));
      return NULL;
    }

  failure = g_error_new (PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_HTTP,
                         _("MixPay answered with HTTP status %u %s"),
                         http_status, reason != NULL ? reason : "");
  _pd_mixpay_error_set_details (failure, 0, http_status, -1);
  g_propagate_error (error, failure);

  return NULL;
}
