/* fake-mixpay.c: a small MixPay look-alike on loopback for tests and demos
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Serves the parts of the MixPay API Paydesk uses (see
 * /work/shared/mixpay-api.md and tests/fake-mixpay/README.md), payment
 * pages a person can click through, scripted answers per order, and the
 * 60-requests-a-minute limit. Listens on 127.0.0.1 only. The first line
 * on stdout is "PORT=N".
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib-unix.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "pd-decimal.h"
#include "pd-payment-result.h"

#define RATE_WINDOW_USEC (60 * G_USEC_PER_SEC)
#define ORDER_LIFETIME_SECONDS (240 * 60)

typedef struct
{
  char      *order_id;
  char      *payee_id;
  char      *trace_id;
  char      *code;            /* one-time payments only */
  char      *quote_amount;
  char      *quote_asset_id;
  char      *settlement_asset_id;
  char      *return_to;
  char      *remark;
  char      *status;          /* what MixPay would say now */
  gint64     confirmations;
  gint64     created_at;
  JsonArray *steps;           /* scripted answers, or NULL */
  guint      next_step;
} FakeOrder;

typedef struct
{
  SoupServer *server;
  GMainLoop  *loop;
  char       *fixtures_dir;
  guint       rate_limit;     /* per minute; 0 for none */
  gboolean    verbose;
  GQueue      window;         /* monotonic times of accepted API requests */
  GPtrArray  *orders;

  gint64      started_at;
  guint64     total;
  guint64     rate_limited;
  GHashTable *per_path;       /* path → count */
  GArray     *timestamps;     /* ms since start, gint64 */
  char       *user_agent;     /* of the last API request */
  GHashTable *clients;        /* "address:port" of each connection that asked the API */
} FakeMixpay;

/* A prepared answer, sent at once or after a scripted delay. */
typedef struct
{
  SoupServerMessage *message;
  guint              status;
  char              *content_type;
  char              *body;
  int                retry_after;
  char              *location;  /* a redirect's target, or NULL */
  gboolean           chunked;   /* no Content-Length: the client must count */
  gboolean           gone;
} Answer;

static const struct {
  const char *asset_id;
  const char *symbol;
} known_assets[] = {
  { "c6d0c728-2624-429b-8e0d-d9d19b6592fa", "BTC" },
  { "4d8c508b-91c5-375b-92b0-ee702ed2dac5", "USDT" },
  { "9b180ab6-6abe-3dc0-a13f-04169eb34bfa", "USDC" },
  { "43d61dcd-e413-450d-80b8-101d5e903357", "ETH" },
  { "c94ac88f-4671-3976-b60a-09064f1811e8", "XIN" },
  { "6770a1e5-6086-44d5-b60f-545f9d9e8ffd", "DOGE" },
  { "76c802a2-7c88-447f-a93e-c29c9e5dd9c8", "LTC" },
  { "25dabac5-056a-48ff-b9f9-f67395dc407c", "TRX" },
  { "usd", "USD" },
};

/* ----- orders -------------------------------------------------------------- */

static void
fake_order_free (FakeOrder *order)
{
  g_free (order->order_id);
  g_free (order->payee_id);
  g_free (order->trace_id);
  g_free (order->code);
  g_free (order->quote_amount);
  g_free (order->quote_asset_id);
  g_free (order->settlement_asset_id);
  g_free (order->return_to);
  g_free (order->remark);
  g_free (order->status);
  g_clear_pointer (&order->steps, json_array_unref);
  g_free (order);
}

static const char *
asset_symbol (const char *asset_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_assets); i++)
    if (pd_mixpay_ids_equal (asset_id, known_assets[i].asset_id))
      return known_assets[i].symbol;

  return "ASSET";
}

static FakeOrder *
find_order (FakeMixpay *self,
            const char *order_id,
            const char *payee_id)
{
  for (guint i = 0; i < self->orders->len; i++)
    {
      FakeOrder *order = g_ptr_array_index (self->orders, i);

      if (order_id != NULL && g_strcmp0 (order->order_id, order_id) == 0 &&
          pd_mixpay_ids_equal (order->payee_id, payee_id))
        return order;
    }

  return NULL;
}

static FakeOrder *
find_order_by (FakeMixpay *self,
               const char *trace_id,
               const char *code)
{
  for (guint i = 0; i < self->orders->len; i++)
    {
      FakeOrder *order = g_ptr_array_index (self->orders, i);

      if (trace_id != NULL && pd_mixpay_ids_equal (order->trace_id, trace_id))
        return order;
      if (code != NULL && g_strcmp0 (order->code, code) == 0)
        return order;
    }

  return NULL;
}

static FakeOrder *
ensure_order (FakeMixpay *self,
              const char *order_id,
              const char *payee_id,
              const char *trace_id)
{
  FakeOrder *order = NULL;

  if (order_id != NULL)
    order = find_order (self, order_id, payee_id);
  else if (trace_id != NULL)
    order = find_order_by (self, trace_id, NULL);

  if (order != NULL)
    return order;

  order = g_new0 (FakeOrder, 1);
  order->order_id = g_strdup (order_id);
  order->payee_id = g_strdup (payee_id);
  order->trace_id = trace_id != NULL ? g_strdup (trace_id) : g_uuid_string_random ();
  order->quote_amount = g_strdup ("10");
  order->quote_asset_id = g_strdup ("4d8c508b-91c5-375b-92b0-ee702ed2dac5");
  order->settlement_asset_id = g_strdup ("c6d0c728-2624-429b-8e0d-d9d19b6592fa");
  order->status = g_strdup ("unpaid");
  order->confirmations = -1;
  order->created_at = g_get_real_time () / G_USEC_PER_SEC;
  g_ptr_array_add (self->orders, order);

  return order;
}

static void
replace_string (char       **field,
                const char  *value)
{
  if (value == NULL || value[0] == '\0')
    return;

  g_free (*field);
  *field = g_strdup (value);
}

static void
set_status (FakeOrder  *order,
            const char *status)
{
  replace_string (&order->status, status);
  order->confirmations = g_str_equal (order->status, "confirming") ? 1 : -1;
}

/* ----- answers ------------------------------------------------------------- */

static char *
envelope (gint64      code,
          const char *message,
          JsonNode   *data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, code);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, code == 0);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message != NULL ? message : "");
  json_builder_set_member_name (builder, "data");
  if (data != NULL)
    json_builder_add_value (builder, json_node_copy (data));
  else
    {
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
  json_builder_set_member_name (builder, "timestampMs");
  json_builder_add_int_value (builder, g_get_real_time () / 1000);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static void
answer_free (Answer *answer)
{
  g_clear_object (&answer->message);
  g_free (answer->content_type);
  g_free (answer->body);
  g_free (answer->location);
  g_free (answer);
}

static Answer *
answer_new (SoupServerMessage *message,
            guint              status,
            const char        *content_type,
            char              *body)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->message = g_object_ref (message);
  answer->status = status;
  answer->content_type = g_strdup (content_type);
  answer->body = body;
  answer->retry_after = -1;

  return answer;
}

static void
answer_apply (Answer *answer)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (answer->message);

  /* libsoup 3.2 has no phrase for 429. */
  soup_server_message_set_status (answer->message, answer->status,
                                  answer->status == 429 ? "Too Many Requests" : NULL);
  if (answer->retry_after >= 0)
    {
      g_autofree char *value = g_strdup_printf ("%d", answer->retry_after);

      soup_message_headers_replace (headers, "Retry-After", value);
    }
  if (answer->location != NULL)
    soup_message_headers_replace (headers, "Location", answer->location);
  if (!answer->chunked)
    {
      soup_server_message_set_response (answer->message, answer->content_type,
                                        SOUP_MEMORY_COPY, answer->body, strlen (answer->body));
      return;
    }

  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, answer->content_type, NULL);
  soup_message_body_append (soup_server_message_get_response_body (answer->message),
                            SOUP_MEMORY_COPY, answer->body, strlen (answer->body));
  soup_message_body_complete (soup_server_message_get_response_body (answer->message));
}

static void
message_gone_cb (SoupServerMessage *message,
                 Answer            *answer)
{
  answer->gone = TRUE;
}

static gboolean
delayed_answer_cb (gpointer user_data)
{
  Answer *answer = user_data;

  if (!answer->gone)
    {
      g_signal_handlers_disconnect_by_data (answer->message, answer);
      answer_apply (answer);
      soup_server_message_unpause (answer->message);
    }

  answer_free (answer);

  return G_SOURCE_REMOVE;
}

/* Sends @answer now or after @delay_ms; takes it. */
static void
answer_send (Answer *answer,
             guint   delay_ms)
{
  if (delay_ms == 0)
    {
      answer_apply (answer);
      answer_free (answer);
      return;
    }

  soup_server_message_pause (answer->message);
  g_signal_connect (answer->message, "disconnected", G_CALLBACK (message_gone_cb), answer);
  g_signal_connect (answer->message, "finished", G_CALLBACK (message_gone_cb), answer);
  g_timeout_add (delay_ms, delayed_answer_cb, answer);
}

static void
send_json (SoupServerMessage *message,
           guint              status,
           char              *body)
{
  answer_send (answer_new (message, status, "application/json", body), 0);
}

static void
send_envelope_error (SoupServerMessage *message,
                     gint64             code,
                     const char        *text)
{
  send_json (message, SOUP_STATUS_OK, envelope (code, text, NULL));
}

static void
send_html (SoupServerMessage *message,
           guint              status,
           char              *body)
{
  answer_send (answer_new (message, status, "text/html; charset=utf-8", body), 0);
}

/* ----- payments_result ----------------------------------------------------- */

static void
add_string (JsonObject *object,
            const char *name,
            const char *value)
{
  json_object_set_string_member (object, name, value != NULL ? value : "");
}

static JsonNode *
order_result_data (FakeOrder *order)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *data = json_object_new ();
  const char *status = order->status;
  gboolean unpaid = g_str_equal (status, "unpaid");
  gboolean success = g_str_equal (status, "success");
  gboolean failed = g_str_equal (status, "failed");
  const char *quote_symbol = asset_symbol (order->quote_asset_id);
  const char *payment_asset = pd_mixpay_ids_equal (order->quote_asset_id, "usd")
                              ? "4d8c508b-91c5-375b-92b0-ee702ed2dac5" : order->quote_asset_id;
  g_autofree char *paid = NULL;
  g_autofree char *txid = NULL;
  g_autofree char *explorer = NULL;

  if (unpaid || failed)
    paid = g_strdup ("");
  else if (g_str_equal (status, "paid_less"))
    paid = pd_decimal_compare (order->quote_amount, "1") > 0
           ? pd_decimal_subtract_clamped (order->quote_amount, "1") : g_strdup ("0");
  else
    paid = g_strdup (order->quote_amount);

  if (!unpaid && !failed)
    {
      txid = g_compute_checksum_for_string (G_CHECKSUM_SHA256, order->trace_id, -1);
      explorer = g_strconcat ("https://explorer.invalid/tx/", txid, NULL);
    }

  add_string (data, "status", status);
  add_string (data, "quoteAmount", order->quote_amount);
  add_string (data, "quoteSymbol", quote_symbol);
  add_string (data, "quoteAssetId", order->quote_asset_id);
  add_string (data, "paymentAmount", paid);
  add_string (data, "paymentSymbol", unpaid ? "" : asset_symbol (payment_asset));
  add_string (data, "paymentAssetId", unpaid ? "" : payment_asset);
  add_string (data, "payee", "fake_payee");
  add_string (data, "payeeId", order->payee_id);
  add_string (data, "txid", txid);
  add_string (data, "blockExplorerUrl", explorer);
  json_object_set_int_member (data, "date", unpaid ? 0 : g_get_real_time () / G_USEC_PER_SEC);
  add_string (data, "surplusAmount", "0");
  add_string (data, "surplusStatus", "no");
  json_object_set_int_member (data, "confirmations",
                              g_str_equal (status, "confirming") ? MAX (order->confirmations, 0) : -1);
  add_string (data, "payableAmount", order->quote_amount);
  add_string (data, "payableSymbol", asset_symbol (payment_asset));
  add_string (data, "failureCode", failed ? "40000" : "0");
  add_string (data, "failureReason", failed ? "Payment overtime" : "");
  add_string (data, "returnTo", order->return_to);
  add_string (data, "traceId", order->trace_id);
  json_object_set_int_member (data, "expiredAt", order->created_at + ORDER_LIFETIME_SECONDS);
  add_string (data, "settleStatus", success ? "success" : "pending");
  add_string (data, "settleAmount", success ? order->quote_amount : "");
  add_string (data, "settleSymbol", success ? asset_symbol (order->settlement_asset_id) : "");

  json_node_take_object (node, data);

  return g_steal_pointer (&node);
}

static gint64
step_int (JsonObject *step,
          const char *name,
          gint64      fallback)
{
  JsonNode *node = json_object_get_member (step, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;

  return json_node_get_int (node);
}

static const char *
step_string (JsonObject *step,
             const char *name)
{
  JsonNode *node = json_object_get_member (step, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Builds the answer one scripted step (or the order's plain state, when
 * @step is NULL) gives. */
static Answer *
order_answer (SoupServerMessage *message,
              FakeOrder         *order,
              JsonObject        *step)
{
  g_autoptr(JsonNode) data = NULL;
  Answer *answer;
  gint64 http = step != NULL ? step_int (step, "http", 200) : 200;
  gint64 code = step != NULL ? step_int (step, "code", 0) : 0;

  if (step != NULL && step_string (step, "status") != NULL)
    set_status (order, step_string (step, "status"));
  if (step != NULL && json_object_has_member (step, "confirmations"))
    order->confirmations = step_int (step, "confirmations", 1);

  /* A client must never follow it: the target may be another host. */
  if (step != NULL && step_string (step, "redirect") != NULL)
    {
      answer = answer_new (message, SOUP_STATUS_FOUND, "text/plain", g_strdup ("moved\n"));
      answer->location = g_strdup (step_string (step, "redirect"));
      return answer;
    }

  /* A raw body, as a web server that is not MixPay would send, or text
   * no JSON library would write (an escaped NUL, say), as is. */
  if (step != NULL && step_string (step, "body") != NULL)
    return answer_new (message, (guint) CLAMP (http, 100, 599),
                       g_str_has_prefix (step_string (step, "body"), "{") ? "application/json" : "text/html",
                       g_strdup (step_string (step, "body")));

  /* A non-2xx status alone has a plain-text body; with an envelope's
   * members (code, status, fields) the envelope comes with that status. */
  if ((http < 200 || http > 299) &&
      (step == NULL || (!json_object_has_member (step, "code") &&
                        !json_object_has_member (step, "status") &&
                        !json_object_has_member (step, "fields"))))
    return answer_new (message, (guint) CLAMP (http, 100, 599), "text/plain",
                       g_strdup_printf ("scripted HTTP status %" G_GINT64_FORMAT "\n", http));

  if (step != NULL && json_object_get_boolean_member_with_default (step, "malformed", FALSE))
    return answer_new (message, (guint) http, "application/json",
                       g_strdup ("{\"code\": 0, \"success\": true, \"data\": {\"status\": \"succ"));

  if (code != 0)
    {
      const char *text = step_string (step, "message");

      if (text == NULL)
        text = code == 1429 ? "Your request frequency is too high, please try again later."
                            : "scripted error";
      answer = answer_new (message, (guint) CLAMP (http, 100, 599), "application/json",
                           envelope (code, text, NULL));
      answer->retry_after = (int) step_int (step, "retryAfter", -1);
      return answer;
    }

  data = order_result_data (order);

  if (step != NULL && json_object_has_member (step, "fields"))
    {
      JsonNode *fields = json_object_get_member (step, "fields");

      if (JSON_NODE_HOLDS_OBJECT (fields))
        {
          JsonObject *overrides = json_node_get_object (fields);
          g_autoptr(GList) names = json_object_get_members (overrides);

          for (GList *l = names; l != NULL; l = l->next)
            json_object_set_member (json_node_get_object (data), l->data,
                                    json_node_copy (json_object_get_member (overrides, l->data)));
        }
    }

  if (step != NULL && step_int (step, "padBytes", 0) > 0)
    {
      gint64 pad = MIN (step_int (step, "padBytes", 0), 64 * 1024 * 1024);
      g_autofree char *padding = g_strnfill ((gsize) pad, 'x');

      json_object_set_string_member (json_node_get_object (data), "padding", padding);
    }

  return answer_new (message, (guint) CLAMP (http, 100, 599), "application/json", envelope (0, "", data));
}

static void
handle_payments_result (FakeMixpay        *self,
                        SoupServerMessage *message,
                        GHashTable        *query)
{
  const char *order_id = query != NULL ? g_hash_table_lookup (query, "orderId") : NULL;
  const char *payee_id = query != NULL ? g_hash_table_lookup (query, "payeeId") : NULL;
  const char *trace_id = query != NULL ? g_hash_table_lookup (query, "traceId") : NULL;
  FakeOrder *order = NULL;
  JsonObject *step = NULL;
  Answer *answer;

  if (order_id != NULL && payee_id != NULL)
    order = find_order (self, order_id, payee_id);
  else if (trace_id != NULL)
    order = find_order_by (self, trace_id, NULL);
  else
    {
      send_envelope_error (message, 1017, "parameter error: orderId and payeeId, or traceId");
      return;
    }

  if (order == NULL)
    {
      send_envelope_error (message, 10062, "order does not exist");
      return;
    }

  if (order->steps != NULL && json_array_get_length (order->steps) > 0)
    {
      guint last = json_array_get_length (order->steps) - 1;
      JsonNode *node = json_array_get_element (order->steps, MIN (order->next_step, last));

      if (JSON_NODE_HOLDS_OBJECT (node))
        step = json_node_get_object (node);
      order->next_step++;
    }

  answer = order_answer (message, order, step);
  answer->chunked = step != NULL && json_object_get_boolean_member_with_default (step, "chunked", FALSE);
  answer_send (answer, step != NULL ? (guint) CLAMP (step_int (step, "delayMs", 0), 0, 600000) : 0);
}

/* ----- other API endpoints ------------------------------------------------- */

static void
handle_fixture (FakeMixpay        *self,
                SoupServerMessage *message,
                const char        *name,
                gboolean           mark_available)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *data;

  if (self->fixtures_dir == NULL)
    {
      send_envelope_error (message, -1, "fake-mixpay was started without --fixtures");
      return;
    }

  path = g_build_filename (self->fixtures_dir, name, NULL);
  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      !json_parser_load_from_data (parser, contents, -1, NULL))
    {
      send_envelope_error (message, -1, "fixture missing or broken");
      return;
    }

  data = json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "data");

  /* Asked with a quote, MixPay says which assets can settle it. */
  if (mark_available && data != NULL && JSON_NODE_HOLDS_ARRAY (data))
    {
      JsonArray *assets = json_node_get_array (data);

      for (guint i = 0; i < json_array_get_length (assets); i++)
        json_object_set_boolean_member (json_array_get_object_element (assets, i),
                                        "isAvailable", TRUE);
    }

  send_json (message, SOUP_STATUS_OK, envelope (0, "", data));
}

static gboolean
is_digits (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return FALSE;

  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;

  return TRUE;
}

/* Mixin IDs map to stable made-up UUIDs; "0" is a user that does not
 * exist. */
static void
handle_mixin_uuid (FakeMixpay        *self,
                   SoupServerMessage *message,
                   const char        *mixin_id)
{
  g_autofree char *hash = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(JsonNode) data = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object;

  if (!is_digits (mixin_id) || strlen (mixin_id) > 20)
    {
      send_envelope_error (message, 10011, "parameter error: mixinId");
      return;
    }

  if (g_str_equal (mixin_id, "0"))
    {
      send_envelope_error (message, 10001, "user does not exist");
      return;
    }

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, mixin_id, -1);
  uuid = g_strdup_printf ("%.8s-%.4s-5%.3s-a%.3s-%.12s",
                          hash, hash + 8, hash + 12, hash + 15, hash + 18);
  object = json_object_new ();
  json_object_set_string_member (object, "payeeId", uuid);
  json_node_take_object (data, object);

  send_json (message, SOUP_STATUS_OK, envelope (0, "", data));
}

static gboolean
is_order_id (const char *text)
{
  gsize length = text != NULL ? strlen (text) : 0;

  if (length < 6 || length > 36)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '-' && text[i] != '_')
      return FALSE;

  return TRUE;
}

/* Checks a link's fields as MixPay would; returns the first bad field. */
static const char *
invalid_link_field (GHashTable *fields)
{
  const char *order_id = g_hash_table_lookup (fields, "orderId");
  const char *trace_id = g_hash_table_lookup (fields, "traceId");
  const char *amount = g_hash_table_lookup (fields, "quoteAmount");
  const char *quote_asset = g_hash_table_lookup (fields, "quoteAssetId");

  if (!pd_mixpay_id_is_uuid (g_hash_table_lookup (fields, "payeeId")))
    return "payeeId";
  if (!pd_decimal_is_valid (amount) || pd_decimal_is_zero (amount))
    return "quoteAmount";
  if (quote_asset == NULL || quote_asset[0] == '\0')
    return "quoteAssetId";
  if (!pd_mixpay_id_is_uuid (g_hash_table_lookup (fields, "settlementAssetId")))
    return "settlementAssetId";
  if (order_id == NULL && trace_id == NULL)
    return "orderId";
  if (order_id != NULL && !is_order_id (order_id))
    return "orderId";
  if (trace_id != NULL && !pd_mixpay_id_is_uuid (trace_id))
    return "traceId";

  return NULL;
}

static FakeOrder *
order_from_link (FakeMixpay *self,
                 GHashTable *fields)
{
  FakeOrder *order = ensure_order (self,
                                   g_hash_table_lookup (fields, "orderId"),
                                   g_hash_table_lookup (fields, "payeeId"),
                                   g_hash_table_lookup (fields, "traceId"));

  /* An edited link changes what the payer pays, until something is paid. */
  if (g_str_equal (order->status, "unpaid"))
    {
      replace_string (&order->quote_amount, g_hash_table_lookup (fields, "quoteAmount"));
      replace_string (&order->quote_asset_id, g_hash_table_lookup (fields, "quoteAssetId"));
      replace_string (&order->settlement_asset_id, g_hash_table_lookup (fields, "settlementAssetId"));
    }
  replace_string (&order->return_to, g_hash_table_lookup (fields, "returnTo"));
  replace_string (&order->remark, g_hash_table_lookup (fields, "remark"));

  return order;
}

static void
handle_one_time_payment (FakeMixpay        *self,
                         SoupServerMessage *message)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) data = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  const char *bad_field;
  FakeOrder *order;

  if (!g_str_equal (soup_server_message_get_method (message), SOUP_METHOD_POST))
    {
      send_json (message, SOUP_STATUS_METHOD_NOT_ALLOWED, envelope (1017, "use POST", NULL));
      json_object_unref (object);
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  fields = soup_form_decode (text);

  bad_field = invalid_link_field (fields);
  if (bad_field != NULL)
    {
      g_autofree char *why = g_strdup_printf ("parameter error: %s", bad_field);

      send_envelope_error (message, 1017, why);
      json_object_unref (object);
      return;
    }

  order = find_order (self, g_hash_table_lookup (fields, "orderId"),
                      g_hash_table_lookup (fields, "payeeId"));
  if (order != NULL && g_str_equal (order->status, "success"))
    {
      send_envelope_error (message, 10020, "order already completed");
      json_object_unref (object);
      return;
    }

  order = order_from_link (self, fields);
  g_free (order->code);
  order->code = g_uuid_string_random ();

  json_object_set_string_member (object, "code", order->code);
  json_node_take_object (data, object);
  send_json (message, SOUP_STATUS_OK, envelope (0, "", data));
}

/* ----- payment pages ------------------------------------------------------- */

static const char page_style[] =
  "body{font-family:system-ui,sans-serif;background:#f6f5f4;color:#241f31;"
  "display:flex;justify-content:center;margin:0;padding:3em 1em}"
  "main{background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002;"
  "padding:2em;max-width:28em;width:100%}"
  "h1{font-size:1.2em;margin:0 0 .2em}.amount{font-size:2.4em;font-weight:700;margin:.3em 0}"
  "dl{display:grid;grid-template-columns:auto 1fr;gap:.4em 1em;font-size:.9em}"
  "dt{color:#77767b}dd{margin:0;word-break:break-all}"
  ".status{display:inline-block;padding:.2em .7em;border-radius:1em;background:#e8e6e3}"
  "form{display:flex;gap:.5em;flex-wrap:wrap;margin-top:1.5em}"
  "button{font:inherit;border:0;border-radius:6px;padding:.6em 1.1em;cursor:pointer}"
  ".pay{background:#2ec27e;color:#fff}.less{background:#f6d32d}.fail{background:#e01b24;color:#fff}"
  ".note{color:#77767b;font-size:.8em;margin-top:2em}";

static char *
render_order_page (FakeOrder  *order,
                   const char *back)
{
  GString *page = g_string_new (NULL);
  g_autofree char *amount = g_markup_escape_text (order->quote_amount, -1);
  g_autofree char *asset = g_markup_escape_text (order->quote_asset_id, -1);
  g_autofree char *payee = g_markup_escape_text (order->payee_id != NULL ? order->payee_id : "", -1);
  g_autofree char *order_id = g_markup_escape_text (order->order_id != NULL ? order->order_id : "", -1);
  g_autofree char *trace_id = g_markup_escape_text (order->trace_id, -1);
  g_autofree char *status = g_markup_escape_text (order->status, -1);
  g_autofree char *remark = g_markup_escape_text (order->remark != NULL ? order->remark : "", -1);
  g_autofree char *back_html = g_markup_escape_text (back, -1);
  g_autofree char *return_to = order->return_to != NULL ? g_markup_escape_text (order->return_to, -1) : NULL;

  g_string_append_printf (page,
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width\">"
    "<title>Fake MixPay – pay %s %s</title><style>%s</style></head><body><main>"
    "<h1>Fake MixPay checkout</h1><div class=\"amount\">%s %s</div>"
    "<p><span class=\"status\">%s</span></p>"
    "<dl><dt>Order</dt><dd>%s</dd><dt>Payee</dt><dd>%s</dd>"
    "<dt>Asset</dt><dd>%s</dd><dt>Trace</dt><dd>%s</dd><dt>Remark</dt><dd>%s</dd></dl>"
    "<form method=\"post\" action=\"/_pay/action\">"
    "<input type=\"hidden\" name=\"traceId\" value=\"%s\">"
    "<input type=\"hidden\" name=\"back\" value=\"%s\">"
    "<button class=\"pay\" name=\"action\" value=\"success\">Pay in full</button>"
    "<button name=\"action\" value=\"confirming\">Confirming</button>"
    "<button class=\"less\" name=\"action\" value=\"paid_less\">Pay less</button>"
    "<button class=\"fail\" name=\"action\" value=\"failed\">Fail</button>"
    "</form>",
    amount, asset_symbol (order->quote_asset_id), page_style,
    amount, asset_symbol (order->quote_asset_id), status,
    order_id, payee, asset, trace_id, remark, trace_id, back_html);

  if (return_to != NULL && g_str_equal (order->status, "success"))
    g_string_append_printf (page, "<p><a href=\"%s\">Back to the shop</a></p>", return_to);

  g_string_append (page,
    "<p class=\"note\">A test server: no money moves. Each button sets what "
    "payments_result answers for this order.</p></main></body></html>\n");

  return g_string_free (page, FALSE);
}

static char *
render_message_page (const char *title,
                     const char *text)
{
  g_autofree char *title_html = g_markup_escape_text (title, -1);
  g_autofree char *text_html = g_markup_escape_text (text, -1);

  return g_strdup_printf ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                          "<title>Fake MixPay – %s</title><style>%s</style></head>"
                          "<body><main><h1>%s</h1><p>%s</p></main></body></html>\n",
                          title_html, page_style, title_html, text_html);
}

static void
handle_pay_page (FakeMixpay        *self,
                 SoupServerMessage *message,
                 GHashTable        *query)
{
  GUri *uri = soup_server_message_get_uri (message);
  g_autofree char *back = NULL;
  const char *bad_field;
  FakeOrder *order;

  bad_field = query != NULL ? invalid_link_field (query) : "payeeId";
  if (bad_field != NULL)
    {
      g_autofree char *text = g_strdup_printf ("This payment link is not valid: %s.", bad_field);

      send_html (message, SOUP_STATUS_BAD_REQUEST, render_message_page ("Invalid link", text));
      return;
    }

  order = find_order (self, g_hash_table_lookup (query, "orderId"),
                      g_hash_table_lookup (query, "payeeId"));
  if (order != NULL && order->code != NULL)
    {
      send_html (message, SOUP_STATUS_BAD_REQUEST,
                 render_message_page ("Invalid link",
                                      "This order was created as a one-time payment; use its /code/ link."));
      return;
    }

  order = order_from_link (self, query);
  back = g_strconcat (g_uri_get_path (uri), "?", g_uri_get_query (uri), NULL);
  send_html (message, SOUP_STATUS_OK, render_order_page (order, back));
}

static void
handle_code_page (FakeMixpay        *self,
                  SoupServerMessage *message,
                  const char        *code)
{
  FakeOrder *order = find_order_by (self, NULL, code);

  if (order == NULL)
    {
      send_html (message, SOUP_STATUS_NOT_FOUND,
                 render_message_page ("Unknown payment", "No one-time payment has this code."));
      return;
    }

  send_html (message, SOUP_STATUS_OK,
             render_order_page (order, g_uri_get_path (soup_server_message_get_uri (message))));
}

static void
handle_pay_action (FakeMixpay        *self,
                   SoupServerMessage *message)
{
  static const char * const actions[] = { "success", "confirming", "paid_less", "failed", NULL };
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_autoptr(GHashTable) fields = soup_form_decode (text);
  const char *action = g_hash_table_lookup (fields, "action");
  const char *back = g_hash_table_lookup (fields, "back");
  FakeOrder *order = find_order_by (self, g_hash_table_lookup (fields, "traceId"), NULL);

  if (order == NULL || action == NULL || !g_strv_contains (actions, action) || back == NULL ||
      !(g_str_has_prefix (back, "/pay?") || g_str_has_prefix (back, "/code/")))
    {
      send_html (message, SOUP_STATUS_BAD_REQUEST,
                 render_message_page ("Bad request", "Unknown order or action."));
      return;
    }

  /* A person's click wins over any script. */
  g_clear_pointer (&order->steps, json_array_unref);
  set_status (order, action);
  if (order->confirmations >= 0)
    order->confirmations = 3;

  soup_server_message_set_redirect (message, SOUP_STATUS_SEE_OTHER, back);
}

/* ----- control API --------------------------------------------------------- */

static gboolean
apply_script (FakeMixpay  *self,
              JsonNode    *node,
              char       **problem)
{
  g_autoptr(GHashTable) link = g_hash_table_new (g_str_hash, g_str_equal);
  static const char * const link_fields[] = {
    "orderId", "payeeId", "traceId", "quoteAmount", "quoteAssetId",
    "settlementAssetId", "returnTo", "remark",
  };
  JsonObject *script;
  JsonNode *steps;
  FakeOrder *order;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return (*problem = g_strdup ("a script must be an object")), FALSE;

  script = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (link_fields); i++)
    {
      const char *value = step_string (script, link_fields[i]);

      if (value != NULL)
        g_hash_table_insert (link, (gpointer) link_fields[i], (gpointer) value);
    }

  if ((g_hash_table_lookup (link, "orderId") == NULL || g_hash_table_lookup (link, "payeeId") == NULL) &&
      g_hash_table_lookup (link, "traceId") == NULL)
    return (*problem = g_strdup ("orderId and payeeId, or traceId, are required")), FALSE;

  steps = json_object_get_member (script, "steps");
  if (steps != NULL && !JSON_NODE_HOLDS_ARRAY (steps))
    return (*problem = g_strdup ("steps must be an array")), FALSE;

  order = ensure_order (self,
                        g_hash_table_lookup (link, "orderId"),
                        g_hash_table_lookup (link, "payeeId"),
                        g_hash_table_lookup (link, "traceId"));
  replace_string (&order->quote_amount, g_hash_table_lookup (link, "quoteAmount"));
  replace_string (&order->quote_asset_id, g_hash_table_lookup (link, "quoteAssetId"));
  replace_string (&order->settlement_asset_id, g_hash_table_lookup (link, "settlementAssetId"));
  replace_string (&order->return_to, g_hash_table_lookup (link, "returnTo"));
  replace_string (&order->remark, g_hash_table_lookup (link, "remark"));
  if (step_string (script, "status") != NULL)
    set_status (order, step_string (script, "status"));

  g_clear_pointer (&order->steps, json_array_unref);
  if (steps != NULL)
    order->steps = json_array_ref (json_node_get_array (steps));
  order->next_step = 0;

  return TRUE;
}

/* A script file or body holds one script, an array of them, or
 * {"orders": [...]}. */
static gboolean
apply_scripts (FakeMixpay  *self,
               JsonNode    *root,
               char       **problem)
{
  JsonArray *array;

  if (JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "orders"))
    root = json_object_get_member (json_node_get_object (root), "orders");

  if (!JSON_NODE_HOLDS_ARRAY (root))
    return apply_script (self, root, problem);

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!apply_script (self, json_array_get_element (array, i), problem))
      return FALSE;

  return TRUE;
}

static void
handle_control_script (FakeMixpay        *self,
                       SoupServerMessage *message)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   g_bytes_get_size (body), &error))
    problem = g_strdup (error->message);
  else
    apply_scripts (self, json_parser_get_root (parser), &problem);

  if (problem != NULL)
    {
      g_autofree char *escaped = g_strescape (problem, NULL);

      send_json (message, SOUP_STATUS_BAD_REQUEST, g_strdup_printf ("{\"error\": \"%s\"}\n", escaped));
      return;
    }

  send_json (message, SOUP_STATUS_OK, g_strdup ("{\"ok\": true}\n"));
}

static void
handle_control_stats (FakeMixpay        *self,
                      SoupServerMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, self->total);
  json_builder_set_member_name (builder, "rateLimited");
  json_builder_add_int_value (builder, self->rate_limited);
  json_builder_set_member_name (builder, "rateLimit");
  json_builder_add_int_value (builder, self->rate_limit);
  json_builder_set_member_name (builder, "userAgent");
  if (self->user_agent != NULL)
    json_builder_add_string_value (builder, self->user_agent);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "connections");
  json_builder_add_int_value (builder, g_hash_table_size (self->clients));
  json_builder_set_member_name (builder, "orders");
  json_builder_add_int_value (builder, self->orders->len);
  json_builder_set_member_name (builder, "paths");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, self->per_path);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_int_value (builder, GPOINTER_TO_UINT (value));
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "timestamps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->timestamps->len; i++)
    json_builder_add_int_value (builder, g_array_index (self->timestamps, gint64, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  send_json (message, SOUP_STATUS_OK, json_to_string (root, FALSE));
}

static void
handle_control_reset (FakeMixpay        *self,
                      SoupServerMessage *message)
{
  self->total = 0;
  self->rate_limited = 0;
  g_hash_table_remove_all (self->per_path);
  g_hash_table_remove_all (self->clients);
  g_array_set_size (self->timestamps, 0);
  g_queue_clear_full (&self->window, g_free);

  send_json (message, SOUP_STATUS_OK, g_strdup ("{\"ok\": true}\n"));
}

/* ----- dispatch ------------------------------------------------------------ */

/* A client's connection is known by its address and port: a client that
 * keeps its connection asks every time from the same port. */
static void
count_client (FakeMixpay        *self,
              SoupServerMessage *message)
{
  GSocketAddress *address = soup_server_message_get_remote_address (message);
  g_autofree char *text = NULL;

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return;

  text = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
  g_hash_table_add (self->clients,
                    g_strdup_printf ("%s:%u", text,
                                     g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address))));
}

/* Counts an API request; returns the seconds to wait when it is over the
 * limit (0 when it may go on), and sets the rate-limit headers. */
static int
count_request (FakeMixpay        *self,
               SoupServerMessage *message,
               const char        *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  gint64 now = g_get_monotonic_time ();
  gint64 since_start_ms = (now - self->started_at) / 1000;
  g_autofree char *limit = NULL;
  g_autofree char *remaining = NULL;
  int wait = 0;

  self->total++;
  g_free (self->user_agent);
  self->user_agent = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                             "User-Agent"));
  g_hash_table_insert (self->per_path, g_strdup (path),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->per_path, path)) + 1));
  g_array_append_val (self->timestamps, since_start_ms);
  count_client (self, message);

  while (!g_queue_is_empty (&self->window) &&
         now - *(gint64 *) g_queue_peek_head (&self->window) >= RATE_WINDOW_USEC)
    g_free (g_queue_pop_head (&self->window));

  if (self->rate_limit > 0 && g_queue_get_length (&self->window) >= self->rate_limit)
    {
      gint64 oldest = *(gint64 *) g_queue_peek_head (&self->window);

      wait = (int) MAX (1, (oldest + RATE_WINDOW_USEC - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
      self->rate_limited++;
    }
  else
    {
      g_queue_push_tail (&self->window, g_memdup2 (&now, sizeof now));
    }

  if (self->rate_limit > 0)
    {
      limit = g_strdup_printf ("%u", self->rate_limit);
      remaining = g_strdup_printf ("%u", self->rate_limit - MIN (self->rate_limit,
                                                                 g_queue_get_length (&self->window)));
      soup_message_headers_replace (headers, "x-ratelimit-limit", limit);
      soup_message_headers_replace (headers, "x-ratelimit-remaining", remaining);
    }

  return wait;
}

static void
handle_api (FakeMixpay        *self,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query)
{
  int wait = count_request (self, message, path);

  if (wait > 0)
    {
      Answer *answer = answer_new (message, 429, "application/json",
                                   envelope (1429, "Your request frequency is too high, please try again later.",
                                             NULL));

      answer->retry_after = wait;
      answer_send (answer, 0);
      return;
    }

  if (g_str_equal (path, "/v1/payments_result"))
    handle_payments_result (self, message, query);
  else if (g_str_equal (path, "/v1/setting/quote_assets"))
    handle_fixture (self, message, "quote_assets.json", FALSE);
  else if (g_str_equal (path, "/v1/setting/settlement_assets"))
    handle_fixture (self, message, "settlement_assets.json",
                    query != NULL && g_hash_table_contains (query, "quoteAssetId"));
  else if (g_str_has_prefix (path, "/v1/user/mixin_uuid/"))
    handle_mixin_uuid (self, message, path + strlen ("/v1/user/mixin_uuid/"));
  else if (g_str_equal (path, "/v1/one_time_payment"))
    handle_one_time_payment (self, message);
  else
    send_json (message, SOUP_STATUS_NOT_FOUND, envelope (404, "no such API", NULL));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  FakeMixpay *self = user_data;
  const char *method = soup_server_message_get_method (message);

  if (self->verbose)
    g_printerr ("fake-mixpay: %s %s\n", method, path);

  if (g_str_has_prefix (path, "/v1/"))
    handle_api (self, message, path, query);
  else if (g_str_equal (path, "/pay"))
    handle_pay_page (self, message, query);
  else if (g_str_has_prefix (path, "/code/"))
    handle_code_page (self, message, path + strlen ("/code/"));
  else if (g_str_equal (path, "/_pay/action") && g_str_equal (method, SOUP_METHOD_POST))
    handle_pay_action (self, message);
  else if (g_str_equal (path, "/_control/script") && g_str_equal (method, SOUP_METHOD_POST))
    handle_control_script (self, message);
  else if (g_str_equal (path, "/_control/stats"))
    handle_control_stats (self, message);
  else if (g_str_equal (path, "/_control/reset") && g_str_equal (method, SOUP_METHOD_POST))
    handle_control_reset (self, message);
  else
    send_html (message, SOUP_STATUS_NOT_FOUND, render_message_page ("Not found", path));
}

static gboolean
quit_cb (gpointer user_data)
{
  FakeMixpay *self = user_data;

  g_main_loop_quit (self->loop);

  return G_SOURCE_CONTINUE;
}

static gboolean
stdin_closed_cb (int           fd,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  FakeMixpay *self = user_data;
  char buffer[256];
  gssize count = read (fd, buffer, sizeof buffer);

  /* Input is ignored; end of file (or an error) means the parent is gone. */
  if (count > 0)
    return G_SOURCE_CONTINUE;

  g_main_loop_quit (self->loop);

  return G_SOURCE_REMOVE;
}

static gboolean
load_scenario (FakeMixpay  *self,
               const char  *path,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *problem = NULL;

  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;

  if (!apply_scripts (self, json_parser_get_root (parser), &problem))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", path, problem);
      return FALSE;
    }

  return TRUE;
}

/* Under ASan, LeakSanitizer's tracer crashes ("Tracer caught signal 11",
 * libasan of gcc 12) on the extra thread GLib starts for a TLS handshake,
 * and the server then exits with status 1. Its leak check at exit is off
 * only when it serves TLS; plain HTTP runs keep it. ASan calls this
 * function if it exists; other builds never do. */
static gboolean serving_tls;

int __lsan_is_turned_off (void);

int
__lsan_is_turned_off (void)
{
  return serving_tls;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *fixtures = NULL;
  g_autofree char *scenario = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  GSList *uris;
  int port = 0;
  int rate_limit = 60;
  gboolean verbose = FALSE;
  gboolean watch_stdin = FALSE;
  FakeMixpay self = { 0 };
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port to listen on (0: any free one)", "N" },
    { "fixtures", 0, 0, G_OPTION_ARG_FILENAME, &fixtures, "Folder with quote_assets.json and settlement_assets.json", "DIR" },
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario, "JSON file of scripted orders", "FILE" },
    { "rate-limit", 0, 0, G_OPTION_ARG_INT, &rate_limit, "API requests allowed per 60 s (0: no limit; default 60)", "N" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "Serve https with this PEM certificate", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "…and this PEM private key", "FILE" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Log requests on stderr", NULL },
    { "watch-stdin", 0, 0, G_OPTION_ARG_NONE, &watch_stdin, "Exit when stdin closes (for tests: dies with its parent)", NULL },
    { NULL }
  };

  context = g_option_context_new ("- a fake MixPay API for Paydesk's tests and demos");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("fake-mixpay: %s\n", error->message);
      return 2;
    }

  if (port < 0 || port > 65535 || rate_limit < 0 || (tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("fake-mixpay: bad --port, --rate-limit, or --tls-cert without --tls-key\n");
      return 2;
    }

  self.fixtures_dir = g_steal_pointer (&fixtures);
  self.rate_limit = (guint) rate_limit;
  self.verbose = verbose;
  self.orders = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_order_free);
  self.per_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self.clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self.timestamps = g_array_new (FALSE, FALSE, sizeof (gint64));
  self.started_at = g_get_monotonic_time ();
  g_queue_init (&self.window);

  if (scenario != NULL && !load_scenario (&self, scenario, &error))
    {
      g_printerr ("fake-mixpay: %s\n", error->message);
      return 2;
    }

  if (tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (certificate == NULL)
        {
          g_printerr ("fake-mixpay: %s\n", error->message);
          return 2;
        }
      serving_tls = TRUE;
    }

  self.server = soup_server_new ("server-header", "fake-mixpay ",
                                 "tls-certificate", certificate,
                                 NULL);
  soup_server_add_handler (self.server, NULL, server_cb, &self, NULL);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, (guint16) port);
  if (!soup_server_listen (self.server, address,
                           certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0,
                           &error))
    {
      g_printerr ("fake-mixpay: cannot listen on 127.0.0.1:%d: %s\n", port, error->message);
      return 1;
    }

  uris = soup_server_get_uris (self.server);
  g_print ("PORT=%d\n", g_uri_get_port (uris->data));
  g_print ("API=%s://127.0.0.1:%d/v1\n", certificate != NULL ? "https" : "http",
           g_uri_get_port (uris->data));
  fflush (stdout);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self.loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, &self);
  g_unix_signal_add (SIGINT, quit_cb, &self);
  if (watch_stdin)
    g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_closed_cb, &self);
  g_main_loop_run (self.loop);

  soup_server_disconnect (self.server);
  g_clear_object (&self.server);
  g_main_loop_unref (self.loop);
  g_ptr_array_unref (self.orders);
  g_hash_table_unref (self.per_path);
  g_hash_table_unref (self.clients);
  g_array_unref (self.timestamps);
  g_queue_clear_full (&self.window, g_free);
  g_free (self.fixtures_dir);
  g_free (self.user_agent);

  return 0;
}
