/* pd-mixpay-request.c: one request to MixPay, from the rate gate to the
 * parsed answer
 *
 * Every request waits for its slot in the client's PdRequestGate, runs
 * under a deadline for the whole answer, reads at most
 * PD_MIXPAY_MAX_RESPONSE_SIZE bytes, and turns transport failures and
 * MixPay's error envelopes into PD_MIXPAY_ERRORs.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pd-mixpay-client-private.h"

#define READ_CHUNK_SIZE (64 * 1024)
/* A server asking for more than a day is not taken literally. */
#define MAX_RETRY_AFTER (24 * 60 * 60)
/* RFC 6585; libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429

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
  /* What a 2xx answer's body becomes, and how that is freed. */
  PdMixpayParseFunc parse_value;
  GDestroyNotify    value_free;
  /* Waiting for the gate's next slot: the clock's timer, which holds a
   * reference on the task, and the handler that ends the wait. */
  guint             slot_timer;
  gulong            slot_cancelled_id;
  /* Tells the gate when the request actually left (the message's
   * "wrote-body"). */
  gulong            wrote_body_id;
};

static void
request_free (Request *request)
{
  if (request->caller_cancellable != NULL && request->caller_cancelled_id != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_cancelled_id);

  if (request->wrote_body_id != 0)
    g_signal_handler_disconnect (request->message, request->wrote_body_id);

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
  _pd_mixpay_client_emit_budget_spent (g_task_get_source_object (task));
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
 * then its end, through two asynchronous reads would cost two more rounds
 * of the main loop, each with its wake-ups. Returns TRUE when the body needs
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

/* MixPay counts requests as they arrive, and a request may leave well
 * after the gate allowed it: connecting, or a busy machine, takes time
 * the next request's slot knows nothing of. So the gate hears when this
 * one's last byte is written, and spaces the next from then. libsoup
 * sends a request again on a kept-alive connection that turned out
 * closed: each time counts. */
static void
request_wrote_body_cb (SoupMessage   *message,
                       PdRequestGate *gate)
{
  pd_request_gate_request_sent (gate);
}

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

  if (self->gate != NULL && !pd_request_gate_try_take (self->gate, &next_allowed, &error))
    {
      /* The shared budget is out of reach: the caller hears it now (a
       * look-up waits for nothing it cannot get), and retries later. */
      if (error != NULL)
        {
          g_task_return_error (task, error);
          g_object_unref (task);
          return;
        }

      request->slot_timer = pd_clock_add_timeout (pd_request_gate_get_clock (self->gate),
                                                  next_allowed, slot_reached_cb, task);
      request->slot_cancelled_id = g_signal_connect (request->cancellable, "cancelled",
                                                     G_CALLBACK (slot_wait_cancelled_cb), task);
      return;
    }

  if (self->gate != NULL && request->wrote_body_id == 0)
    request->wrote_body_id = g_signal_connect_data (request->message, "wrote-body",
                                                    G_CALLBACK (request_wrote_body_cb),
                                                    g_object_ref (self->gate),
                                                    (GClosureNotify) (void (*) (void)) g_object_unref, 0);

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

static void
parse_value (GTask      *task,
             const char *body,
             gsize       length)
{
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer value = request->parse_value (body, length, &error);

  if (value == NULL)
    request_return_error (task, error);
  else
    g_task_return_pointer (task, value, request->value_free);
}

void
_pd_mixpay_request_send (PdMixpayClient    *self,
                         GTask             *task,
                         SoupMessage       *message,
                         gboolean           not_found_is_unpaid,
                         PdMixpayParseFunc  parse,
                         GDestroyNotify     value_free)
{
  Request *request = g_new0 (Request, 1);
  GCancellable *caller_cancellable = g_task_get_cancellable (task);

  request->message = g_object_ref (message);
  request->body = g_byte_array_new ();
  request->cancellable = g_cancellable_new ();
  request->not_found_is_unpaid = not_found_is_unpaid;
  request->parse = parse_value;
  request->parse_value = parse;
  request->value_free = value_free;
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
