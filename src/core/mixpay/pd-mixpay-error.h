/* pd-mixpay-error.h: errors of the MixPay API and its answers' envelope
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PD_MIXPAY_ERROR (pd_mixpay_error_quark ())

/* What went wrong talking to MixPay. A caller decides what to do from the
 * code alone; the details (API code, HTTP status, Retry-After) travel
 * inside the GError itself (an extended error domain), so they survive
 * g_error_copy() and GTask, and are read with the getters below. */
typedef enum
{
  PD_MIXPAY_ERROR_NETWORK,      /* unreachable, refused, DNS, connection lost */
  PD_MIXPAY_ERROR_TIMEOUT,      /* no complete answer within the timeout */
  PD_MIXPAY_ERROR_TLS,          /* bad or untrusted certificate, handshake */
  PD_MIXPAY_ERROR_HTTP,         /* an unexpected HTTP status (kept) */
  PD_MIXPAY_ERROR_MALFORMED,    /* not JSON, wrong types, missing fields, too large */
  PD_MIXPAY_ERROR_RATE_LIMITED, /* code 1429 or HTTP 429 (Retry-After kept) */
  PD_MIXPAY_ERROR_API,          /* any other API error code (code and message kept) */
  PD_MIXPAY_ERROR_INVALID,      /* refused before sending: bad API base or argument */
  PD_MIXPAY_ERROR_NOT_MIXPAY,   /* an answer that is not MixPay's: a plain web server, a portal */
  PD_MIXPAY_ERROR_NO_BUDGET,    /* not sent: the shared ledger that counts the account's requests is out of reach */
} PdMixpayErrorCode;

/* API codes Paydesk branches on (section 6 of the contract). */
#define PD_MIXPAY_CODE_OK               0
#define PD_MIXPAY_CODE_SERVER_ERROR     (-1)
#define PD_MIXPAY_CODE_RATE_LIMITED     1429
#define PD_MIXPAY_CODE_MAINTENANCE      10008
#define PD_MIXPAY_CODE_ORDER_NOT_FOUND  10062

/* The answer envelope: {code, success, message, data, timestampMs}. */
typedef struct
{
  gint64    code;
  gboolean  success;
  char     *message;        /* NULL when absent */
  JsonNode *data;           /* NULL when absent */
  gint64    timestamp_ms;   /* 0 when absent */
  JsonNode *root;
} PdMixpayEnvelope;

GQuark            pd_mixpay_error_quark            (void);

gint64            pd_mixpay_error_get_api_code     (const GError      *error);
guint             pd_mixpay_error_get_http_status  (const GError      *error);
int               pd_mixpay_error_get_retry_after  (const GError      *error);
gboolean          pd_mixpay_error_is_retryable     (const GError      *error);

/* Parses JSON text with a nesting limit (json-glib recurses without one). */
JsonNode         *pd_mixpay_parse_json             (const char        *text,
                                                    gsize              length,
                                                    GError           **error);

/* Parses an envelope. A non-zero code becomes a PD_MIXPAY_ERROR_RATE_LIMITED
 * or PD_MIXPAY_ERROR_API error unless it is listed in @accepted_codes
 * (ended by 0), in which case the envelope is returned for the caller to
 * handle. */
PdMixpayEnvelope *pd_mixpay_envelope_parse         (const char        *text,
                                                    gsize              length,
                                                    const gint64      *accepted_codes,
                                                    GError           **error);
void              pd_mixpay_envelope_free          (PdMixpayEnvelope  *envelope);
/* An answer with an HTTP error status: see the function's comment. */
PdMixpayEnvelope *pd_mixpay_envelope_parse_failed_answer (guint          http_status,
                                                          const char    *reason,
                                                          const char    *text,
                                                          gsize          length,
                                                          const gint64  *accepted_codes,
                                                          GError       **error);
GError           *pd_mixpay_error_new_not_mixpay   (guint              http_status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdMixpayEnvelope, pd_mixpay_envelope_free)

/* Internal: set by the client on errors it raises. */
void              _pd_mixpay_error_set_details     (GError            *error,
                                                    gint64             api_code,
                                                    guint              http_status,
                                                    int                retry_after);

G_END_DECLS
