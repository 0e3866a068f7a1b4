/* pd-mixpay-client.c: asynchronous client of the MixPay API
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "pd-decimal.h"
#include "pd-mixpay-client.h"
#include "pd-mixpay-client-private.h"
#include "pd-paylink.h"
#include "pd-request-gate.h"

#define USER_AGENT "Paydesk/" PACKAGE_VERSION " (+https://github.com/paydesk/paydesk)"
#define MAX_TIMEOUT 3600
#define MIXIN_ID_MAX_LENGTH 20
#define API_BASE_MAX_LENGTH 256

static void pd_mixpay_client_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdMixpayClient, pd_mixpay_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      pd_mixpay_client_initable_iface_init))

enum {
  PROP_0,
  PROP_API_BASE,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  BUDGET_SPENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
return_if_invalid (GTask      *task,
                   const char *field,
                   gboolean    valid,
                   const char *problem)
{
  if (valid)
    return FALSE;

  g_task_return_new_error (task, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_INVALID,
                           /* TRANSLATORS: "payeeId: missing"; the field keeps its API name */
                           _("%s: %s"), field, problem);
  return TRUE;
}

static void
query_append (GString    *query,
              const char *name,
              const char *value)
{
  if (value == NULL || value[0] == '\0')
    return;

  g_string_append_c (query, query->len == 0 ? '?' : '&');
  g_string_append (query, name);
  g_string_append_c (query, '=');
  g_string_append_uri_escaped (query, value, NULL, FALSE);
}

static SoupMessage *
new_get_message (PdMixpayClient *self,
                 const char     *path,
                 GString        *query)
{
  g_autofree char *uri = g_strconcat (self->api_base, "/", path,
                                      query != NULL ? query->str : "",
                                      NULL);

  return soup_message_new (SOUP_METHOD_GET, uri);
}

/* ----- payments_result ----------------------------------------------------- */

static void
send_payment_result_query (PdMixpayClient *self,
                           GTask          *task,
                           GString        *query)
{
  g_autoptr(SoupMessage) message = new_get_message (self, "payments_result", query);

  if (return_if_invalid (task, "orderId", message != NULL, _("cannot be sent")))
    return;

  _pd_mixpay_request_send (self, task, message, TRUE,
                           (PdMixpayParseFunc) pd_payment_result_new_from_json,
                           (GDestroyNotify) pd_payment_result_unref);
}

/**
 * pd_mixpay_client_get_payment_result_async:
 * @order_id: the order's ID
 * @payee_id: the order's payee, as in its link
 *
 * Asks MixPay about the payment of one order. A payment MixPay does not
 * know yet (code 10062, with HTTP 200 or 404) is not an error: the result
 * is `not_found` and unpaid. Any other 404 is an error, never "unpaid".
 */
void
pd_mixpay_client_get_payment_result_async (PdMixpayClient      *self,
                                           const char          *order_id,
                                           const char          *payee_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) query = g_string_new (NULL);

  g_return_if_fail (PD_IS_MIXPAY_CLIENT (self));
  g_return_if_fail (order_id != NULL);
  g_return_if_fail (payee_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_mixpay_client_get_payment_result_async);

  if (return_if_invalid (task, "orderId", order_id[0] != '\0', _("missing")) ||
      return_if_invalid (task, "payeeId", payee_id[0] != '\0', _("missing")))
    return;

  query_append (query, "orderId", order_id);
  query_append (query, "payeeId", payee_id);
  send_payment_result_query (self, g_steal_pointer (&task), query);
}

/**
 * pd_mixpay_client_get_payment_result_by_trace_async:
 * @trace_id: the payment's trace ID
 *
 * Like pd_mixpay_client_get_payment_result_async(), by trace ID.
 */
void
pd_mixpay_client_get_payment_result_by_trace_async (PdMixpayClient      *self,
                                                    const char          *trace_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) query = g_string_new (NULL);

  g_return_if_fail (PD_IS_MIXPAY_CLIENT (self));
  g_return_if_fail (trace_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  /* Both start functions share one finish function and its check. */
  g_task_set_source_tag (task, pd_mixpay_client_get_payment_result_async);

  if (return_if_invalid (task, "traceId", trace_id[0] != '\0', _("missing")))
    return;

  query_append (query, "traceId", trace_id);
  send_payment_result_query (self, g_steal_pointer (&task), query);
}

/**
 * pd_mixpay_client_get_payment_result_finish:
 *
 * Returns: (transfer full): the result, not yet verified: call
 *   pd_payment_result_verify() with the order as stored
 */
PdPaymentResult *
pd_mixpay_client_get_payment_result_finish (PdMixpayClient  *self,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_mixpay_client_get_payment_result_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ----- asset lists --------------------------------------------------------- */

static void
get_assets (PdMixpayClient      *self,
            const char          *path,
            GString             *query,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, get_assets);

  message = new_get_message (self, path, query);
  if (return_if_invalid (task, path, message != NULL, _("cannot be sent")))
    return;

  _pd_mixpay_request_send (self, g_steal_pointer (&task), message, FALSE,
                           (PdMixpayParseFunc) pd_mixpay_assets_parse,
                           (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pd_mixpay_client_get_quote_assets_async:
 *
 * Fetches the assets a price can be given in (setting/quote_assets).
 * Finish with pd_mixpay_client_get_assets_finish().
 */
void
pd_mixpay_client_get_quote_assets_async (PdMixpayClient      *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (PD_IS_MIXPAY_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  get_assets (self, "setting/quote_assets", NULL, cancellable, callback, user_data);
}

/**
 * pd_mixpay_client_get_settlement_assets_async:
 * @quote_asset_id: (nullable): with @quote_amount, asks MixPay whether
 *   each asset can settle that price (isAvailable)
 * @quote_amount: (nullable): the price
 *
 * Fetches the assets a payee can receive (setting/settlement_assets).
 * Finish with pd_mixpay_client_get_assets_finish().
 */
void
pd_mixpay_client_get_settlement_assets_async (PdMixpayClient      *self,
                                              const char          *quote_asset_id,
                                              const char          *quote_amount,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(GString) query = g_string_new (NULL);

  g_return_if_fail (PD_IS_MIXPAY_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  query_append (query, "quoteAssetId", quote_asset_id);
  query_append (query, "quoteAmount", quote_amount);
  get_assets (self, "setting/settlement_assets", query, cancellable, callback, user_data);
}

/**
 * pd_mixpay_client_get_assets_finish:
 *
 * Returns: (transfer container) (element-type PdMixpayAsset): the assets
 */
GPtrArray *
pd_mixpay_client_get_assets_finish (PdMixpayClient  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == get_assets, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ----- user/mixin_uuid ----------------------------------------------------- */

/* Reads a UUID string member of the envelope's data object. */
static char *
parse_data_uuid (const char  *body,
                 gsize        length,
                 const char  *member,
                 GError     **error)
{
  g_autoptr(PdMixpayEnvelope) envelope = NULL;
  JsonNode *node;
  const char *value;

  envelope = pd_mixpay_envelope_parse (body, length, NULL, error);
  if (envelope == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (envelope->data))
    {
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                           _("data: not an object"));
      return NULL;
    }

  node = json_object_get_member (json_node_get_object (envelope->data), member);
  value = node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING
          ? json_node_get_string (node) : NULL;

  if (!pd_mixpay_id_is_uuid (value))
    {
      g_set_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                   _("%s: missing or not a UUID"), member);
      return NULL;
    }

  return g_strdup (value);
}

static gpointer
parse_payee (const char  *body,
             gsize        length,
             GError     **error)
{
  return parse_data_uuid (body, length, "payeeId", error);
}

static gboolean
is_mixin_id (const char *text)
{
  gsize length = strlen (text);

  if (length == 0 || length > MIXIN_ID_MAX_LENGTH)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

/**
 * pd_mixpay_client_lookup_payee_async:
 * @mixin_id: a numeric Mixin ID such as "38000008"
 *
 * Turns a Mixin ID into the payee UUID links need (user/mixin_uuid).
 */
void
pd_mixpay_client_lookup_payee_async (PdMixpayClient      *self,
                                     const char          *mixin_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PD_IS_MIXPAY_CLIENT (self));
  g_return_if_fail (mixin_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_mixpay_client_lookup_payee_async);

  if (return_if_invalid (task, "mixinId", is_mixin_id (mixin_id),
                         _("must be a number of at most 20 digits")))
    return;

  path = g_strconcat ("user/mixin_uuid/", mixin_id, NULL);
  message = new_get_message (self, path, NULL);
  if (return_if_invalid (task, "mixinId", message != NULL, _("cannot be sent")))
    return;

  _pd_mixpay_request_send (self, g_steal_pointer (&task), message, FALSE,
                           parse_payee, g_free);
}

/**
 * pd_mixpay_client_lookup_payee_finish:
 *
 * Returns: (transfer full): the payee UUID
 */
char *
pd_mixpay_client_lookup_payee_finish (PdMixpayClient  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_mixpay_client_lookup_payee_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ----- one_time_payment ---------------------------------------------------- */

static gpointer
parse_one_time_code (const char  *body,
                     gsize        length,
                     GError     **error)
{
  return parse_data_uuid (body, length, "code", error);
}

static gboolean
is_given (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/**
 * pd_mixpay_client_create_one_time_payment_async:
 * @params: the link's fields; validate them with pd_paylink_validate()
 *   first: only the required ones are checked here
 *
 * Registers a one-time payment (POST one_time_payment). Its code makes
 * the payer's link, {pay base}/code/{code}, whose fields nobody can edit.
 */
void
pd_mixpay_client_create_one_time_payment_async (PdMixpayClient        *self,
                                                const PdPaylinkParams *params,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) form = g_string_new (NULL);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *return_to = NULL;

  g_return_if_fail (PD_IS_MIXPAY_CLIENT (self));
  g_return_if_fail (params != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_mixpay_client_create_one_time_payment_async);

  if (return_if_invalid (task, "payeeId", is_given (params->payee_id), _("missing")) ||
      return_if_invalid (task, "quoteAmount", pd_decimal_is_valid (params->quote_amount),
                         _("not a plain decimal amount")) ||
      return_if_invalid (task, "quoteAssetId", is_given (params->quote_asset_id), _("missing")) ||
      return_if_invalid (task, "settlementAssetId", is_given (params->settlement_asset_id),
                         _("missing")) ||
      return_if_invalid (task, "orderId",
                         is_given (params->order_id) || is_given (params->trace_id),
                         _("an order ID or a trace ID is required")))
    return;

  query_append (form, "payeeId", params->payee_id);
  query_append (form, "quoteAmount", params->quote_amount);
  query_append (form, "quoteAssetId", params->quote_asset_id);
  query_append (form, "settlementAssetId", params->settlement_asset_id);
  query_append (form, "orderId", params->order_id);
  query_append (form, "traceId", params->trace_id);
  query_append (form, "remark", params->remark);
  return_to = pd_paylink_dup_ascii_url (params->return_to);
  query_append (form, "returnTo", return_to);
  if (params->expired_timestamp > 0)
    g_string_append_printf (form, "&expiredTimestamp=%" G_GINT64_FORMAT,
                            params->expired_timestamp);

  /* query_append() starts with '?', a form body does not. */
  body = g_bytes_new (form->str + 1, form->len - 1);
  uri = g_strconcat (self->api_base, "/one_time_payment", NULL);
  message = soup_message_new (SOUP_METHOD_POST, uri);
  if (return_if_invalid (task, "one_time_payment", message != NULL, _("cannot be sent")))
    return;

  soup_message_set_request_body_from_bytes (message,
                                            "application/x-www-form-urlencoded",
                                            body);

  _pd_mixpay_request_send (self, g_steal_pointer (&task), message, FALSE,
                           parse_one_time_code, g_free);
}

/**
 * pd_mixpay_client_create_one_time_payment_finish:
 *
 * Returns: (transfer full): the payment's code, a UUID
 */
char *
pd_mixpay_client_create_one_time_payment_finish (PdMixpayClient  *self,
                                                 GAsyncResult    *result,
                                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_mixpay_client_create_one_time_payment_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_pd_mixpay_client_emit_budget_spent (PdMixpayClient *self)
{
  g_signal_emit (self, signals[BUDGET_SPENT], 0);
}

/* ----- the client itself --------------------------------------------------- */

/**
 * pd_mixpay_validate_api_base:
 * @api_base: such as "https://api.mixpay.me/v1"
 *
 * Checks an API base: an absolute http(s) URL with a host and no query,
 * fragment or user information. Plain http is only allowed for loopback
 * hosts (127.0.0.0/8, ::1, localhost), since answers decide what counts
 * as paid.
 *
 * Returns: %TRUE if @api_base can be used
 */
gboolean
pd_mixpay_validate_api_base (const char  *api_base,
                             GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  /* As long as a payment page base may be: a real API base is short. */
  if (api_base != NULL && strlen (api_base) > API_BASE_MAX_LENGTH)
    {
      g_set_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_INVALID,
                   _("API base: must be at most %d characters long"), API_BASE_MAX_LENGTH);
      return FALSE;
    }

  if (api_base != NULL)
    uri = g_uri_parse (api_base, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL)
    {
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_INVALID,
                           _("API base: not a valid URL"));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_INVALID,
                           _("API base: must start with https://"));
      return FALSE;
    }

  if (host == NULL || host[0] == '\0' || g_uri_get_userinfo (uri) != NULL ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_INVALID,
                           _("API base: needs a host, and no user name, query or fragment"));
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !pd_paylink_host_is_loopback (host))
    {
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_INVALID,
                           _("API base: plain http is only allowed for this computer (127.0.0.1, ::1, localhost); use https"));
      return FALSE;
    }

  /* Answers from here decide what counts as paid: "api.mіxpay.me" with
   * a Cyrillic "і" must not pass for MixPay's own. */
  if (!pd_paylink_url_host_is_ascii (api_base) || !g_utf8_validate (api_base, -1, NULL) ||
      !pd_paylink_is_single_line (api_base))
    {
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_INVALID,
                           _("API base: the host must be written in plain ASCII (an internationalised name in its xn-- form), "
                             "without control or text-direction characters"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
pd_mixpay_client_initable_init (GInitable     *initable,
                                GCancellable  *cancellable,
                                GError       **error)
{
  PdMixpayClient *self = PD_MIXPAY_CLIENT (initable);

  return pd_mixpay_validate_api_base (self->api_base, error);
}

static void
pd_mixpay_client_initable_iface_init (GInitableIface *iface)
{
  iface->init = pd_mixpay_client_initable_init;
}

static void
set_api_base (PdMixpayClient *self,
              const char     *api_base)
{
  gsize length;

  if (api_base == NULL)
    api_base = PD_MIXPAY_DEFAULT_API_BASE;

  /* Paths are appended after one '/'. */
  length = strlen (api_base);
  while (length > 0 && api_base[length - 1] == '/')
    length--;

  g_free (self->api_base);
  self->api_base = g_strndup (api_base, length);
}

static void
pd_mixpay_client_dispose (GObject *object)
{
  PdMixpayClient *self = PD_MIXPAY_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->gate);

  G_OBJECT_CLASS (pd_mixpay_client_parent_class)->dispose (object);
}

static void
pd_mixpay_client_finalize (GObject *object)
{
  PdMixpayClient *self = PD_MIXPAY_CLIENT (object);

  g_free (self->api_base);

  G_OBJECT_CLASS (pd_mixpay_client_parent_class)->finalize (object);
}

static void
pd_mixpay_client_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdMixpayClient *self = PD_MIXPAY_CLIENT (object);

  switch (prop_id)
    {
    case PROP_API_BASE:
      g_value_set_string (value, self->api_base);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_mixpay_client_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PdMixpayClient *self = PD_MIXPAY_CLIENT (object);

  switch (prop_id)
    {
    case PROP_API_BASE:
      set_api_base (self, g_value_get_string (value));
      break;

    case PROP_TIMEOUT:
      pd_mixpay_client_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_mixpay_client_class_init (PdMixpayClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_mixpay_client_dispose;
  object_class->finalize = pd_mixpay_client_finalize;
  object_class->get_property = pd_mixpay_client_get_property;
  object_class->set_property = pd_mixpay_client_set_property;

  properties[PROP_API_BASE] =
    g_param_spec_string ("api-base", NULL, NULL,
                         PD_MIXPAY_DEFAULT_API_BASE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, MAX_TIMEOUT, PD_MIXPAY_DEFAULT_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdMixpayClient::budget-spent:
   *
   * An answer said that no request of the minute is left
   * (x-ratelimit-remaining: 0): the next one would be refused. Emitted
   * after the answer is delivered; the poller pauses on it, whichever
   * request spent the last one.
   */
  signals[BUDGET_SPENT] =
    g_signal_new ("budget-spent",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
pd_mixpay_client_init (PdMixpayClient *self)
{
  self->timeout = PD_MIXPAY_DEFAULT_TIMEOUT;
  /* TLS certificates are checked against the system's trust store, as
   * libsoup does by default; nothing here may relax that. */
  self->session = soup_session_new_with_options ("user-agent", USER_AGENT,
                                                 "timeout", self->timeout,
                                                 NULL);
}

/**
 * pd_mixpay_client_new:
 * @api_base: (nullable): the API base, %NULL for MixPay's own
 *
 * Returns: (transfer full) (nullable): a client, or %NULL with a
 *   %PD_MIXPAY_ERROR_INVALID error when the base is refused
 */
PdMixpayClient *
pd_mixpay_client_new (const char  *api_base,
                      GError     **error)
{
  return g_initable_new (PD_TYPE_MIXPAY_CLIENT, NULL, error,
                         "api-base", api_base,
                         NULL);
}

const char *
pd_mixpay_client_get_api_base (PdMixpayClient *self)
{
  g_return_val_if_fail (PD_IS_MIXPAY_CLIENT (self), NULL);

  return self->api_base;
}

guint
pd_mixpay_client_get_timeout (PdMixpayClient *self)
{
  g_return_val_if_fail (PD_IS_MIXPAY_CLIENT (self), 0);

  return self->timeout;
}

/**
 * pd_mixpay_client_set_timeout:
 * @seconds: how long a whole request may take, 1 to 3600
 *
 * Applies to requests started from now on.
 */
void
pd_mixpay_client_set_timeout (PdMixpayClient *self,
                              guint           seconds)
{
  g_return_if_fail (PD_IS_MIXPAY_CLIENT (self));
  g_return_if_fail (seconds >= 1 && seconds <= MAX_TIMEOUT);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  g_object_set (self->session, "timeout", seconds, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * pd_mixpay_client_set_gate:
 * @gate: (nullable): the rate gate every request waits for, shared with
 *   the other processes on the ledger; %NULL sends at once
 */
void
pd_mixpay_client_set_gate (PdMixpayClient *self,
                           PdRequestGate  *gate)
{
  g_return_if_fail (PD_IS_MIXPAY_CLIENT (self));
  g_return_if_fail (gate == NULL || PD_IS_REQUEST_GATE (gate));

  g_set_object (&self->gate, gate);
}

PdRequestGate *
pd_mixpay_client_get_gate (PdMixpayClient *self)
{
  g_return_val_if_fail (PD_IS_MIXPAY_CLIENT (self), NULL);

  return self->gate;
}
