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
#include "pd-paylink.h"
#include "pd-request-gate.h"

#define USER_AGENT "Paydesk/" PACKAGE_VERSION " (+https://github.com/paydesk/paydesk)"
#define READ_CHUNK_SIZE (64 * 1024)
#define MAX_TIMEOUT 3600
/* A server asking for more than a day is not taken literally. */
#define MAX_RETRY_AFTER (24 * 60 * 60)
#define MIXIN_ID_MAX_LENGTH 20
#define API_BASE_MAX_LENGTH 256
/* RFC 6585; libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429

/* One client owns one SoupSession, so use it from the thread (and main
 * context) that created it, like the session itself. Requests never
 * follow redirects, and TLS certificates are checked as libsoup does by
 * default. */
struct _PdMixpayClient
{
  GObject      parent_instance;

  char          *api_base;
  guint          timeout;
  SoupSession   *session;
  PdRequestGate *gate;
};

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

/* ----- requests ---------------------------------------------------------- */

typedef struct _Request Request;

/* Turns a complete 2xx body into the task's value (or error). */
typedef void (*RequestParseFunc) (GTask      *task,
                                  const char *body,
                                  gsize       length);

struct _Request
{
  SoupMessage      *message;
  GInputStream     *stream;
  GByteArray       *body;
  /* Ours: cancelled by the caller's cancellable or by the deadline. */
  GCancellable     *cancellable;
  GCancellable     *caller_cancellable;
  gulong            caller_cancelled_id;
  GSource          *deadline;
  gboolean          timed_out;
  /* MixPay's code 10062 in a 404 means "this payment is not known yet". */
  gboolean          not_found_is_unpaid;
  /* The answer said none of the minute's requests is left
   * (x-ratelimit-remaining: 0), and is not itself a refusal. */
  gboolean          budget_spent;
  RequestParseFunc  parse;
  /* Waiting for the gate's next slot: the clock's timer, which holds a
   * reference on the task, and the handler that ends the wait. */
  guint             slot_timer;
  gulong            slot_cancelled_id;
};

static void
request_free (Request *request)
{
  if (request->caller_cancellable != NULL && request->caller_cancelled_id != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_cancelled_id);

  if (request->deadline != NULL)
    {
      g_source_destroy (request->deadline);
      g_source_unref (request->deadline);
    }

  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->stream);
  g_clear_object (&request->message);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_free (request);
}

static GError *
new_error (PdMixpayErrorCode  code,
           guint              http_status,
           int                retry_after,
           const char        *format,
           ...) G_GNUC_PRINTF (4, 5);

static GError *
new_error (PdMixpayErrorCode  code,
           guint              http_status,
           int                retry_after,
           const char        *format,
           ...)
{
  GError *error;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (PD_MIXPAY_ERROR, code, format, args);
  va_end (args);

  _pd_mixpay_error_set_details (error, 0, http_status, retry_after);

  return error;
}

/* Maps what libsoup or GIO reported into our domain. The caller's own
 * cancellation stays G_IO_ERROR_CANCELLED, as everywhere in GIO. */
static GError *
map_transport_error (Request      *request,
                     const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (request->timed_out)
        return new_error (PD_MIXPAY_ERROR_TIMEOUT, 0, -1,
                          _("MixPay did not answer in time"));
      return g_error_copy (error);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return new_error (PD_MIXPAY_ERROR_TIMEOUT, 0, -1,
                      _("MixPay did not answer in time"));

  if (error->domain == G_TLS_ERROR)
    return new_error (PD_MIXPAY_ERROR_TLS, 0, -1,
                      _("The secure connection to MixPay failed: %s"), error->message);

  if (g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_ENCODING))
    return new_error (PD_MIXPAY_ERROR_MALFORMED, 0, -1,
                      _("MixPay sent a broken HTTP answer: %s"), error->message);

  if (error->domain == SOUP_SESSION_ERROR)
    return new_error (PD_MIXPAY_ERROR_HTTP, 0, -1,
                      _("MixPay’s answer could not be used: %s"), error->message);

  return new_error (PD_MIXPAY_ERROR_NETWORK, 0, -1,
                    _("Could not reach MixPay: %s"), error->message);
}

/* Retry-After is either seconds or an HTTP date. */
static int
parse_retry_after (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;

  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &seconds, NULL))
    return (int) MIN (seconds, MAX_RETRY_AFTER);

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return -1;

  now = g_date_time_new_now_utc ();
  seconds = MAX (0, g_date_time_difference (date, now) / G_USEC_PER_SEC);

  return (int) MIN (seconds, MAX_RETRY_AFTER);
}

/* After the answer itself has been delivered, once, whatever the answer:
 * an error (an HTTP 500, say) spends a request as much as a success. */
static void
request_tell_budget (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  if (!request->budget_spent)
    return;

  request->budget_spent = FALSE;
  if (PD_MIXPAY_CLIENT (g_task_get_source_object (task))->gate != NULL)
    pd_request_gate_pause (PD_MIXPAY_CLIENT (g_task_get_source_object (task))->gate, -1);
  g_signal_emit (g_task_get_source_object (task), signals[BUDGET_SPENT], 0);
}

static void
request_return_error (GTask  *task,
                      GError *error)
{
  Request *request = g_task_get_task_data (task);

  /* A refusal is already a pause of its own, as long as MixPay says. */
  if (g_error_matches (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_RATE_LIMITED))
    request->budget_spent = FALSE;

  /* Errors raised by a parser learn the HTTP status and Retry-After here. */
  if (error->domain == PD_MIXPAY_ERROR && request->message != NULL &&
      pd_mixpay_error_get_http_status (error) == 0)
    _pd_mixpay_error_set_details (error,
                                  pd_mixpay_error_get_api_code (error),
                                  soup_message_get_status (request->message),
                                  error->code == PD_MIXPAY_ERROR_RATE_LIMITED
                                  ? parse_retry_after (request->message) : -1);

  /* Every process holds back, before anyone hears of it. */
  if (g_error_matches (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_RATE_LIMITED) &&
      PD_MIXPAY_CLIENT (g_task_get_source_object (task))->gate != NULL)
    pd_request_gate_pause (PD_MIXPAY_CLIENT (g_task_get_source_object (task))->gate,
                           pd_mixpay_error_get_retry_after (error));

  g_task_return_error (task, error);
  request_tell_budget (task);
}

static void request_read_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);

/* libsoup reports a connection closed in the middle of a body with a
 * Content-Length as a plain end of stream: count the bytes ourselves, or
 * a cut-off answer would be parsed as if it were whole. A compressed body
 * is decoded, so its length cannot be compared. */
static gboolean
body_is_complete (Request *request)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH ||
      soup_message_headers_get_one (headers, "Content-Encoding") != NULL)
    return TRUE;

  return (goffset) request->body->len == soup_message_headers_get_content_length (headers);
}


static gboolean
status_is_success (guint status)
{
  return status >= 200 && status < 300;
}

/* MixPay's answers are JSON objects; a page of HTML (a captive portal,
 * a web server's index) is not a broken answer of MixPay's. */
static gboolean
body_is_json_object (GByteArray *body)
{
  for (guint i = 0; i < body->len; i++)
    if (!g_ascii_isspace (body->data[i]))
      return body->data[i] == '{';

  return FALSE;
}

/* Hands the whole body to the request's parser. */
static void
request_parse (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  guint status = soup_message_get_status (request->message);

  if (status_is_success (status) && !body_is_json_object (request->body))
    request_return_error (task, pd_mixpay_error_new_not_mixpay (status));
  else
    request->parse (task, (const char *) request->body->data, request->body->len);
  request_tell_budget (task);
}

/* Takes the @n_read bytes just added to the body, 0 at its end. Returns
 * TRUE while more is to be read; otherwise it has completed @task. */
static gboolean
request_take_bytes (GTask *task,
                    gsize  n_read)
{
  Request *request = g_task_get_task_data (task);

  if (n_read == 0)
    {
      if (!body_is_complete (request))
        request_return_error (task,
                              new_error (PD_MIXPAY_ERROR_NETWORK, 0, -1,
                                         _("Could not reach MixPay: the connection closed before the whole answer arrived")));
      else
        request_parse (task);
      return FALSE;
    }

  if (request->body->len > PD_MIXPAY_MAX_RESPONSE_SIZE)
    {
      request_return_error (task,
                            new_error (PD_MIXPAY_ERROR_MALFORMED, 0, -1,
                                       _("MixPay’s answer is larger than %d bytes"),
                                       PD_MIXPAY_MAX_RESPONSE_SIZE));
      return FALSE;
    }

  return TRUE;
}

/* Never more than one byte past the cap: enough to know it is passed. */
static gsize
request_wanted (Request *request)
{
  return MIN (READ_CHUNK_SIZE, PD_MIXPAY_MAX_RESPONSE_SIZE + 1 - request->body->len);
}

/* Reads what has arrived already without going back to the main loop:
 * an answer is usually whole by the time its headers are, and reading it,
 * then its end, through two asynchronous reads cost two more rounds of
 * the main loop, each with its wake-ups. Returns TRUE when the body needs
 * waiting for; otherwise it has completed @task. */
static gboolean
request_read_available (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  GPollableInputStream *pollable;

  if (!G_IS_POLLABLE_INPUT_STREAM (request->stream) ||
      !g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (request->stream)))
    return TRUE;

  pollable = G_POLLABLE_INPUT_STREAM (request->stream);
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      guint length = request->body->len;
      gsize wanted = request_wanted (request);
      gssize n_read;

      g_byte_array_set_size (request->body, length + wanted);
      n_read = g_pollable_input_stream_read_nonblocking (pollable, request->body->data + length, wanted,
                                                         request->cancellable, &error);
      g_byte_array_set_size (request->body, length + MAX (n_read, 0));

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return TRUE;
      if (n_read < 0)
        {
          request_return_error (task, map_transport_error (request, error));
          return FALSE;
        }
      if (!request_take_bytes (task, n_read))
        return FALSE;
    }
}

/* Takes @task. */
static void
request_read_next (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  if (!request_read_available (task))
    {
      g_object_unref (task);
      return;
    }

  g_input_stream_read_bytes_async (request->stream,
                                   request_wanted (request),
                                   G_PRIORITY_DEFAULT,
                                   request->cancellable,
                                   request_read_cb,
                                   task);
}

static void
request_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;
  Request *request = g_task_get_task_data (task);

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      request_return_error (task, map_transport_error (request, error));
      return;
    }

  g_byte_array_append (request->body,
                       g_bytes_get_data (chunk, NULL),
                       g_bytes_get_size (chunk));

  if (request_take_bytes (task, g_bytes_get_size (chunk)))
    request_read_next (g_steal_pointer (&task));
}

/* MixPay reports what is left of the minute's requests; at 0 the next
 * request would be refused (spec §6). A value that is not a count says
 * nothing. */
static gboolean
budget_is_spent (SoupMessageHeaders *headers)
{
  const char *remaining = soup_message_headers_get_one (headers, "x-ratelimit-remaining");
  guint64 count;

  return remaining != NULL &&
         g_ascii_string_to_unsigned (remaining, 10, 0, G_MAXUINT64, &count, NULL) &&
         count == 0;
}

static void
parse_failed_answer (GTask      *task,
                     const char *body,
                     gsize       length)
{
  static const gint64 not_found[] = { PD_MIXPAY_CODE_ORDER_NOT_FOUND, 0 };
  Request *request = g_task_get_task_data (task);
  g_autoptr(PdMixpayEnvelope) envelope = NULL;
  g_autofree char *raw = NULL;
  GError *error = NULL;

  envelope = pd_mixpay_envelope_parse_failed_answer (soup_message_get_status (request->message),
                                                     soup_message_get_reason_phrase (request->message),
                                                     body, length,
                                                     request->not_found_is_unpaid ? not_found : NULL,
                                                     &error);
  if (envelope == NULL)
    {
      request_return_error (task, error);
      return;
    }

  raw = g_strndup (body, length);
  g_task_return_pointer (task, pd_payment_result_new_not_found (raw),
                         (GDestroyNotify) pd_payment_result_unref);
}

static void
request_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  guint status;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL)
    {
      g_task_return_error (task, map_transport_error (request, error));
      return;
    }

  status = soup_message_get_status (request->message);
  headers = soup_message_get_response_headers (request->message);

  if (status == HTTP_TOO_MANY_REQUESTS)
    {
      GError *rate_error = g_error_new (PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_RATE_LIMITED,
                                        _("MixPay is rate limiting requests (HTTP %u)"),
                                        status);

      _pd_mixpay_error_set_details (rate_error, PD_MIXPAY_CODE_RATE_LIMITED, status,
                                    parse_retry_after (request->message));
      request_return_error (task, rate_error);
      return;
    }

  request->budget_spent = budget_is_spent (headers);

  /* Only MixPay's own envelope says what an error status means: read it. */
  if (!status_is_success (status))
    request->parse = parse_failed_answer;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > PD_MIXPAY_MAX_RESPONSE_SIZE)
    {
      request_return_error (task,
                            new_error (PD_MIXPAY_ERROR_MALFORMED, 0, -1,
                                       _("MixPay’s answer is larger than %d bytes"),
                                       PD_MIXPAY_MAX_RESPONSE_SIZE));
      return;
    }

  request_read_next (g_steal_pointer (&task));
}

static void
caller_cancelled_cb (GCancellable *caller_cancellable,
                     GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static gboolean
deadline_passed_cb (gpointer user_data)
{
  Request *request = user_data;

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);

  return G_SOURCE_REMOVE;
}

static void request_go (GTask *task);

static void
request_stop_waiting (Request *request)
{
  if (request->slot_cancelled_id != 0)
    g_signal_handler_disconnect (request->cancellable, request->slot_cancelled_id);
  request->slot_cancelled_id = 0;
  request->slot_timer = 0;
}

static gboolean
slot_reached_cb (gpointer user_data)
{
  GTask *task = user_data;

  request_stop_waiting (g_task_get_task_data (task));
  request_go (task);
  return G_SOURCE_REMOVE;
}

static void
slot_wait_cancelled_cb (GCancellable *cancellable,
                        GTask        *task)
{
  PdMixpayClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  pd_clock_remove_timeout (pd_request_gate_get_clock (self->gate), request->slot_timer);
  request_stop_waiting (request);
  g_cancellable_set_error_if_cancelled (cancellable, &error);
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* Sends the request once the gate lets it go: every request to MixPay,
 * from every process on the ledger, goes through the one gate, and none
 * is sent while MixPay's pause lasts. Takes @task. */
static void
request_go (GTask *task)
{
  PdMixpayClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 next_allowed;

  if (g_cancellable_set_error_if_cancelled (request->cancellable, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (self->gate != NULL && !pd_request_gate_try_take (self->gate, &next_allowed))
    {
      request->slot_timer = pd_clock_add_timeout (pd_request_gate_get_clock (self->gate),
                                                  next_allowed, slot_reached_cb, task);
      request->slot_cancelled_id = g_signal_connect (request->cancellable, "cancelled",
                                                     G_CALLBACK (slot_wait_cancelled_cb), task);
      return;
    }

  /* The session's timeout bounds each read; this bounds the whole answer,
   * so a server dripping bytes cannot hold a request forever. The source
   * lives as long as the request, which the task owns. */
  request->deadline = g_timeout_source_new (self->timeout * 1000);
  g_source_set_callback (request->deadline, deadline_passed_cb, request, NULL);
  g_source_set_static_name (request->deadline, "[paydesk] MixPay request deadline");
  g_source_attach (request->deadline, g_task_get_context (task));

  soup_session_send_async (self->session,
                           request->message,
                           G_PRIORITY_DEFAULT,
                           request->cancellable,
                           request_sent_cb,
                           task);
}

/* Sends @message and hands the body to @parse; takes @task. */
static void
request_send (PdMixpayClient   *self,
              GTask            *task,
              SoupMessage      *message,
              gboolean          not_found_is_unpaid,
              RequestParseFunc  parse)
{
  Request *request = g_new0 (Request, 1);
  GCancellable *caller_cancellable = g_task_get_cancellable (task);

  request->message = g_object_ref (message);
  request->body = g_byte_array_new ();
  request->cancellable = g_cancellable_new ();
  request->not_found_is_unpaid = not_found_is_unpaid;
  request->parse = parse;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (caller_cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (caller_cancellable);
      request->caller_cancelled_id =
        g_cancellable_connect (caller_cancellable,
                               G_CALLBACK (caller_cancelled_cb),
                               g_object_ref (request->cancellable),
                               g_object_unref);
    }

  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Accept", "application/json");

  request_go (task);
}

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
parse_payment_result (GTask      *task,
                      const char *body,
                      gsize       length)
{
  GError *error = NULL;
  PdPaymentResult *result;

  result = pd_payment_result_new_from_json (body, length, &error);
  if (result == NULL)
    {
      request_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, result, (GDestroyNotify) pd_payment_result_unref);
}

static void
send_payment_result_query (PdMixpayClient *self,
                           GTask          *task,
                           GString        *query)
{
  g_autoptr(SoupMessage) message = new_get_message (self, "payments_result", query);

  if (return_if_invalid (task, "orderId", message != NULL, _("cannot be sent")))
    return;

  request_send (self, task, message, TRUE, parse_payment_result);
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
parse_assets (GTask      *task,
              const char *body,
              gsize       length)
{
  GError *error = NULL;
  GPtrArray *assets;

  assets = pd_mixpay_assets_parse (body, length, &error);
  if (assets == NULL)
    {
      request_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, assets, (GDestroyNotify) g_ptr_array_unref);
}

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

  request_send (self, g_steal_pointer (&task), message, FALSE, parse_assets);
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

static void
parse_payee (GTask      *task,
             const char *body,
             gsize       length)
{
  GError *error = NULL;
  char *payee_id = parse_data_uuid (body, length, "payeeId", &error);

  if (payee_id == NULL)
    request_return_error (task, error);
  else
    g_task_return_pointer (task, payee_id, g_free);
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

  request_send (self, g_steal_pointer (&task), message, FALSE, parse_payee);
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

static void
parse_one_time_code (GTask      *task,
                     const char *body,
                     gsize       length)
{
  GError *error = NULL;
  char *code = parse_data_uuid (body, length, "code", &error);

  if (code == NULL)
    request_return_error (task, error);
  else
    g_task_return_pointer (task, code, g_free);
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

  request_send (self, g_steal_pointer (&task), message, FALSE, parse_one_time_code);
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
