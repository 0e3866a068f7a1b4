/* test-faults.c: the poller against a network and a server that misbehave
 * in every way we could think of, in simulated time
 *
 * Each case injects one fault into the answer about one order (with a
 * bystander order beside it) and checks that nothing is marked paid, the
 * ledger changes only by an error event (or the mismatch flag, for a
 * success that does not match), the next request goes out exactly when
 * the backoff rules say, and the poller keeps going.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pd-clock.h"
#include "pd-fake-server.h"
#include "pd-mixpay-error.h"
#include "pd-poll-policy.h"
#include "pd-poller.h"
#include "pd-store.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define OTHER_PAYEE "8e69e534-d0c4-3e04-8b61-37a73cd9e7d7"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"

#define S(x) ((gint64) (x) * G_USEC_PER_SEC)
#define MS(x) ((gint64) (x) * 1000)
#define T0 S (1700000000)
/* One request slot at 50 a minute: 60/50 s and the gate's margin. */
#define SLOT (MS (1200) + PD_RATE_GATE_MARGIN_US)

#define FAULTED "fault-order"
#define BYSTANDER "bystander-order"
#define GHOST "ghost-order-not-in-ledger"

/* An answer that is fine: the order is still unpaid. */
#define UNPAID_DATA \
  "{\"status\":\"unpaid\",\"quoteAmount\":\"10\",\"quoteAssetId\":\"" USDT "\"," \
  "\"payeeId\":\"" PAYEE "\",\"confirmations\":-1}"
#define ENVELOPE(data) \
  "{\"code\":0,\"success\":true,\"message\":\"\",\"data\":" data ",\"timestampMs\":1700000000000}"

static PdFakeServer *server;
static guint n_cases;
static guint n_faults_injected;
static guint n_orders_checked;

/* ----- a raw HTTP server, for what the fake MixPay server cannot do ------- */

/* Stands for "accept, read the request, never answer". */
#define HOLD_SILENT "(silent)"

typedef struct
{
  GSocketService *service;
  GCancellable   *stop;
  char           *api;
  GMutex          lock;
  GPtrArray      *fault_answers;  /* raw HTTP answers about FAULTED; the last repeats */
  guint           n_fault_requests;
  GPtrArray      *asked;          /* order IDs, in the order asked */
  gint            n_connections;
} RawServer;

static char *
http_answer (const char *status_line,
             const char *headers,
             const char *body)
{
  return g_strdup_printf ("HTTP/1.1 %s\r\nConnection: close\r\n%sContent-Length: %zu\r\n\r\n%s",
                          status_line, headers, strlen (body), body);
}

/* The order ID of a request line such as GET /v1/payments_result?orderId=X&… */
static char *
request_order_id (const char *head)
{
  const char *start = strstr (head, "orderId=");
  const char *end;

  if (start == NULL)
    return g_strdup ("");
  start += strlen ("orderId=");
  end = start + strcspn (start, "& \r\n");

  return g_strndup (start, end - start);
}

static char *
read_request_head (GInputStream *input,
                   GCancellable *cancellable)
{
  GString *head = g_string_new (NULL);
  char buffer[1024];

  while (strstr (head->str, "\r\n\r\n") == NULL && head->len < 64 * 1024)
    {
      gssize n = g_input_stream_read (input, buffer, sizeof buffer, cancellable, NULL);

      if (n <= 0)
        break;
      g_string_append_len (head, buffer, n);
    }

  return g_string_free (head, FALSE);
}

static gboolean
raw_server_run_cb (GThreadedSocketService *service,
                   GSocketConnection      *connection,
                   GObject                *source,
                   RawServer              *self)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autofree char *head = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *answer = NULL;

  g_atomic_int_inc (&self->n_connections);
  head = read_request_head (input, self->stop);
  order_id = request_order_id (head);

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->asked, g_strdup (order_id));
  if (g_str_equal (order_id, FAULTED) && self->fault_answers->len > 0)
    {
      guint i = MIN (self->n_fault_requests, self->fault_answers->len - 1);

      answer = g_strdup (g_ptr_array_index (self->fault_answers, i));
      self->n_fault_requests++;
    }
  g_mutex_unlock (&self->lock);

  if (answer == NULL)
    answer = http_answer ("200 OK", "Content-Type: application/json\r\n", ENVELOPE (UNPAID_DATA));

  if (g_str_equal (answer, HOLD_SILENT))
    {
      char byte;

      /* Hold the connection until the client gives up and closes it. */
      while (g_input_stream_read (input, &byte, 1, self->stop, NULL) > 0)
        ;
    }
  else
    {
      g_output_stream_write_all (output, answer, strlen (answer), NULL, self->stop, NULL);
    }

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static RawServer *
raw_server_new (const char *host)
{
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string (host, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  RawServer *self = g_new0 (RawServer, 1);

  g_mutex_init (&self->lock);
  self->stop = g_cancellable_new ();
  self->fault_answers = g_ptr_array_new_with_free_func (g_free);
  self->asked = g_ptr_array_new_with_free_func (g_free);
  self->service = g_threaded_socket_service_new (8);
  g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (self->service, "run", G_CALLBACK (raw_server_run_cb), self);
  g_socket_service_start (self->service);

  self->api = g_strdup_printf ("http://%s:%u/v1", host,
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  return self;
}

/* Answers about FAULTED, one per request; the last repeats. */
static void
raw_server_add_answer (RawServer  *self,
                       const char *answer)
{
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->fault_answers, g_strdup (answer));
  g_mutex_unlock (&self->lock);
}

static gboolean
raw_server_was_asked (RawServer  *self,
                      const char *order_id)
{
  gboolean asked = FALSE;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->asked->len; i++)
    asked |= g_str_equal (g_ptr_array_index (self->asked, i), order_id);
  g_mutex_unlock (&self->lock);

  return asked;
}

static void
raw_server_free (RawServer *self)
{
  GWeakRef service;
  GObject *alive;

  g_cancellable_cancel (self->stop);
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));

  /* Each running connection holds a reference to the service: once it
   * is gone, no worker thread uses @self any more. */
  g_weak_ref_init (&service, self->service);
  g_clear_object (&self->service);
  while ((alive = g_weak_ref_get (&service)) != NULL)
    {
      g_object_unref (alive);
      /* The listener's sources let go of it on the main context. */
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_weak_ref_clear (&service);

  g_clear_object (&self->stop);
  g_ptr_array_unref (self->fault_answers);
  g_ptr_array_unref (self->asked);
  g_mutex_clear (&self->lock);
  g_free (self->api);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawServer, raw_server_free)

/* ----- the poller in simulated time ------------------------------------------ */

typedef struct
{
  char           *dir;
  char           *path;
  PdStore        *store;
  PdFakeClock    *clock;
  PdMixpayClient *client;
  PdPoller       *poller;
  PdOrder        *faulted;
  PdOrder        *bystander;
  GArray         *times;          /* gint64: when each check was answered */
  GPtrArray      *checked;        /* order ID of each answered check */
  GPtrArray      *errors;         /* GError of each failed check, or NULL */
  guint           n_mismatches;
} Fixture;

static void
checked_cb (PdPoller *poller,
            PdOrder  *order,
            gboolean  changed,
            Fixture  *f)
{
  gint64 now = pd_clock_get_now (PD_CLOCK (f->clock));

  g_array_append_val (f->times, now);
  g_ptr_array_add (f->checked, g_strdup (pd_order_get_order_id (order)));
  g_ptr_array_add (f->errors, NULL);
  n_orders_checked++;
}

static void
failed_cb (PdPoller     *poller,
           PdOrder      *order,
           const GError *error,
           Fixture      *f)
{
  checked_cb (poller, order, FALSE, f);
  g_ptr_array_index (f->errors, f->errors->len - 1) = g_error_copy (error);
  n_faults_injected++;
}

static void
state_changed_cb (PdPoller *poller,
                  PdOrder  *order,
                  int       old_state,
                  int       new_state,
                  Fixture  *f)
{
  /* A success that does not match the order is a fault too. */
  if (new_state == PD_ORDER_STATE_MISMATCH)
    {
      f->n_mismatches++;
      n_faults_injected++;
    }
}

static PdOrder *
add_order (Fixture    *f,
           const char *order_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = g_strdup_printf ("https://mixpay.me/pay?orderId=%s", order_id);
  PdOrder *order = pd_order_new ();

  pd_order_set_payee_id (order, PAYEE);
  pd_order_set_order_id (order, order_id);
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, USDT);
  pd_order_set_quote_amount (order, "10");
  pd_order_set_trace_id (order, "7bb3bd45-4c3e-4b36-9a3b-1b9d6b0ae0a1");
  pd_order_set_link (order, link);
  pd_store_insert_order (f->store, order, &error);
  g_assert_no_error (error);

  return order;
}

static void
fixture_set_up (Fixture    *f,
                const char *api,
                guint       timeout_seconds)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("paydesk-faults-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "ledger.db", NULL);

  f->clock = pd_fake_clock_new (T0);
  f->store = pd_store_open (f->path, &error);
  g_assert_no_error (error);
  pd_store_set_clock (f->store, PD_CLOCK (f->clock));

  f->client = pd_mixpay_client_new (api, &error);
  g_assert_no_error (error);
  pd_mixpay_client_set_timeout (f->client, timeout_seconds);

  f->faulted = add_order (f, FAULTED);
  f->bystander = add_order (f, BYSTANDER);

  f->poller = pd_poller_new (f->store, f->client, PD_CLOCK (f->clock));
  f->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->checked = g_ptr_array_new_with_free_func (g_free);
  f->errors = g_ptr_array_new ();
  g_signal_connect (f->poller, "order-checked", G_CALLBACK (checked_cb), f);
  g_signal_connect (f->poller, "check-failed", G_CALLBACK (failed_cb), f);
  g_signal_connect (f->poller, "state-changed", G_CALLBACK (state_changed_cb), f);
}

static void
fixture_tear_down (Fixture *f)
{
  g_autofree char *lock = g_strconcat (f->path, ".poll-lock", NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *changed = g_strconcat (f->path, "-changes/stamp", NULL);
  g_autofree char *changes = g_strconcat (f->path, "-changes", NULL);

  pd_poller_stop (f->poller);
  g_assert_finalize_object (f->poller);
  g_clear_object (&f->client);
  g_clear_object (&f->faulted);
  g_clear_object (&f->bystander);
  pd_store_close (f->store);
  g_clear_object (&f->store);
  g_clear_object (&f->clock);
  g_array_unref (f->times);
  g_ptr_array_unref (f->checked);
  for (guint i = 0; i < f->errors->len; i++)
    if (g_ptr_array_index (f->errors, i) != NULL)
      g_error_free (g_ptr_array_index (f->errors, i));
  g_ptr_array_unref (f->errors);

  g_unlink (f->path);
  g_unlink (lock);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (changed);
  g_rmdir (changes);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Runs simulated time up to @until, waiting for the real answer of each
 * request the poller sends. */
static void
run_until (Fixture *f,
           gint64   until)
{
  gint64 deadline;

  while (pd_fake_clock_get_next (f->clock, &deadline) && deadline <= until)
    {
      guint answers = f->times->len;

      pd_fake_clock_fire_next (f->clock);
      while (pd_fake_clock_get_n_timers (f->clock) == 0 &&
             pd_poller_get_status (f->poller) != PD_POLLER_STATUS_IDLE &&
             f->times->len == answers)
        g_main_context_iteration (NULL, TRUE);
    }

  if (pd_clock_get_now (PD_CLOCK (f->clock)) < until)
    pd_fake_clock_set_now (f->clock, until);
}

/* Runs until the first check is answered: the faulted order, asked for
 * first, at T0. */
static void
run_first_check (Fixture *f)
{
  pd_poller_start (f->poller);
  pd_poller_check_now (f->poller, f->faulted);
  while (f->times->len == 0)
    {
      gint64 deadline;

      if (pd_fake_clock_get_next (f->clock, &deadline))
        {
          run_until (f, MAX (pd_clock_get_now (PD_CLOCK (f->clock)), deadline));
        }
      else
        {
          /* No timer: the request is out; wait for its answer. */
          g_assert_cmpuint (pd_poller_get_n_pending (f->poller), >, 0);
          g_main_context_iteration (NULL, TRUE);
        }
    }

  g_assert_cmpuint (f->times->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->checked, 0), ==, FAULTED);
  g_assert_cmpint (g_array_index (f->times, gint64, 0), ==, T0);
}

/* The first check at or after @after of @order_id (NULL: any); -1 if none. */
static gint64
check_time (Fixture    *f,
            const char *order_id,
            gint64      after)
{
  for (guint i = 0; i < f->times->len; i++)
    if (g_array_index (f->times, gint64, i) >= after &&
        (order_id == NULL || g_str_equal (g_ptr_array_index (f->checked, i), order_id)))
      return g_array_index (f->times, gint64, i);

  return -1;
}

/* ----- the ledger, as another program sees it ------------------------------ */

static sqlite3 *
open_db (Fixture *f)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  GString *text = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, i);

          g_string_append_printf (text, "%s=%s|", sqlite3_column_name (stmt, i),
                                  value != NULL ? value : "NULL");
        }
      g_string_append_c (text, '\n');
    }
  sqlite3_finalize (stmt);

  return g_string_free (text, FALSE);
}

/* Every order, every column except the check times. */
static char *
dump_orders (Fixture *f)
{
  sqlite3 *db = open_db (f);
  sqlite3_stmt *stmt = NULL;
  GString *dump = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT * FROM orders ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *name = sqlite3_column_name (stmt, i);
          const char *value = (const char *) sqlite3_column_text (stmt, i);

          if (g_str_equal (name, "last_checked_at") || g_str_equal (name, "next_check_at"))
            continue;
          g_string_append_printf (dump, "%s=%s|", name, value != NULL ? value : "NULL");
        }
      g_string_append_c (dump, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (dump, FALSE);
}

static void
assert_nothing_paid (Fixture *f)
{
  sqlite3 *db = open_db (f);
  g_autofree char *paid = query_text (db, "SELECT order_id FROM orders WHERE state = 'paid' OR paid_at != 0");
  g_autofree char *ghosts = query_text (db, "SELECT order_id FROM orders WHERE order_id NOT IN ('" FAULTED "', '" BYSTANDER "')");
  g_autofree char *check = query_text (db, "PRAGMA integrity_check");

  sqlite3_close (db);
  g_assert_cmpstr (paid, ==, "");
  g_assert_cmpstr (ghosts, ==, "");
  g_assert_cmpstr (check, ==, "integrity_check=ok|\n");
}

/* The events of @order after its "created" one, as "kind:state" lines. */
static char *
later_events (Fixture *f,
              PdOrder *order)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  GString *text = g_string_new (NULL);

  events = pd_store_list_events (f->store, order, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >=, 1);
  g_assert_cmpint (((PdOrderEvent *) g_ptr_array_index (events, 0))->kind, ==, PD_ORDER_EVENT_CREATED);
  for (guint i = 1; i < events->len; i++)
    {
      PdOrderEvent *event = g_ptr_array_index (events, i);

      g_string_append_printf (text, "%s:%s\n", pd_order_event_kind_to_string (event->kind),
                              pd_order_state_to_string (event->state));
    }

  return g_string_free (text, FALSE);
}

/* ----- the cases ------------------------------------------------------------- */

typedef enum
{
  BACKOFF_EVERYTHING,   /* network or server trouble: every request waits 10 s */
  BACKOFF_ORDER,        /* a bad answer: only that order waits a minute */
  BACKOFF_RATE_LIMITED, /* everything pauses for Retry-After (60 s without) */
} Backoff;

/* The client's timeout where a fault is not about time: far beyond any
 * answer of the fake server, even under ASan on a loaded two-core
 * machine, where 5 s was once reached ("MixPay did not answer in time"
 * instead of the fault's own error). It never lengthens a passing run. */
#define ANSWER_TIMEOUT_S 30

typedef struct
{
  const char        *name;
  PdMixpayErrorCode  error;
  Backoff            backoff;
  gint64             pause_s;   /* BACKOFF_RATE_LIMITED */
  guint              timeout_s; /* the client's; 0: ANSWER_TIMEOUT_S */
  /* The fault, through one of: */
  const char        *fake_step;       /* a fake-mixpay script step */
  const char        *raw_answer;      /* a raw HTTP answer (or HOLD_SILENT) */
  const char        *api;             /* "refused" or "tls" */
} ErrorFault;

#define CHUNKED_HEAD "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"

static const ErrorFault error_faults[] = {
  { "connection-refused", PD_MIXPAY_ERROR_NETWORK, BACKOFF_EVERYTHING, .api = "refused" },
  { "never-answers", PD_MIXPAY_ERROR_TIMEOUT, BACKOFF_EVERYTHING, .timeout_s = 1, .raw_answer = HOLD_SILENT },
  { "closes-mid-body", PD_MIXPAY_ERROR_NETWORK, BACKOFF_EVERYTHING,
    .raw_answer = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n"
                  "Content-Length: 400\r\n\r\n{\"code\":0,\"success\":true,\"data\":{\"status\":\"success\"" },
  { "closes-mid-chunk", PD_MIXPAY_ERROR_NETWORK, BACKOFF_EVERYTHING,
    .raw_answer = CHUNKED_HEAD "100\r\n{\"code\":0,\"success\":true,\"data\":{\"status\":\"success\"" },
  { "http-500", PD_MIXPAY_ERROR_HTTP, BACKOFF_EVERYTHING, .fake_step = "{\"http\":500}" },
  { "http-502", PD_MIXPAY_ERROR_HTTP, BACKOFF_EVERYTHING, .fake_step = "{\"http\":502}" },
  { "http-503", PD_MIXPAY_ERROR_HTTP, BACKOFF_EVERYTHING, .fake_step = "{\"http\":503}" },
  { "http-429-retry-after", PD_MIXPAY_ERROR_RATE_LIMITED, BACKOFF_RATE_LIMITED, 7,
    .raw_answer = "HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n" },
  { "http-429-no-retry-after", PD_MIXPAY_ERROR_RATE_LIMITED, BACKOFF_RATE_LIMITED, 60,
    .raw_answer = "HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n" },
  { "code-1429-retry-after", PD_MIXPAY_ERROR_RATE_LIMITED, BACKOFF_RATE_LIMITED, 5,
    .fake_step = "{\"code\":1429,\"retryAfter\":5}" },
  { "code-1429", PD_MIXPAY_ERROR_RATE_LIMITED, BACKOFF_RATE_LIMITED, 60, .fake_step = "{\"code\":1429}" },
  { "code-server-error", PD_MIXPAY_ERROR_API, BACKOFF_EVERYTHING, .fake_step = "{\"code\":-1}" },
  { "truncated-json", PD_MIXPAY_ERROR_MALFORMED, BACKOFF_ORDER, .fake_step = "{\"malformed\":true}" },
  /* A page that is not MixPay's (a captive portal, a web server's 404):
   * the API base is wrong, for every order. */
  { "not-json", PD_MIXPAY_ERROR_NOT_MIXPAY, BACKOFF_EVERYTHING,
    .raw_answer = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/html\r\nContent-Length: 26\r\n\r\n<html>success</html>\r\n\r\n\r\n" },
  { "plain-404", PD_MIXPAY_ERROR_NOT_MIXPAY, BACKOFF_EVERYTHING, .fake_step = "{\"http\":404}" },
  { "wrong-types", PD_MIXPAY_ERROR_MALFORMED, BACKOFF_ORDER,
    .fake_step = "{\"status\":\"success\",\"fields\":{\"quoteAmount\":10,\"status\":[\"success\"]}}" },
  { "body-50mb", PD_MIXPAY_ERROR_MALFORMED, BACKOFF_ORDER, .timeout_s = 30,
    .fake_step = "{\"status\":\"success\",\"padBytes\":52428800}" },
  { "body-50mb-chunked", PD_MIXPAY_ERROR_MALFORMED, BACKOFF_ORDER, .timeout_s = 30,
    .fake_step = "{\"status\":\"success\",\"padBytes\":52428800,\"chunked\":true}" },
  { "redirect-to-another-host", PD_MIXPAY_ERROR_HTTP, BACKOFF_ORDER, .fake_step = "redirect" },
  { "untrusted-certificate", PD_MIXPAY_ERROR_TLS, BACKOFF_EVERYTHING, .api = "tls" },
};

static void
script_fake (const char *order_id,
             const char *steps)
{
  g_autofree char *json = g_strdup_printf ("{\"orderId\":\"%s\",\"payeeId\":\"" PAYEE "\","
                                           "\"quoteAmount\":\"10\",\"quoteAssetId\":\"" USDT "\","
                                           "\"settlementAssetId\":\"" BTC "\",\"status\":\"unpaid\","
                                           "\"steps\":%s}",
                                           order_id, steps);

  pd_fake_server_script (server, json);
}

static char *
refused_api (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port;

  /* A port nothing listens on: take one, then give it back. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  return g_strdup_printf ("http://127.0.0.1:%u/v1", port);
}

static void
assert_error_backoff (Fixture          *f,
                      const ErrorFault *fault)
{
  gint64 next;

  switch (fault->backoff)
    {
    case BACKOFF_EVERYTHING:
      /* Nothing at all goes out for 10 s, then the poller tries again.
       * An error MixPay answered says it is in trouble, not unreachable. */
      g_assert_cmpint (pd_poller_get_status (f->poller), ==,
                       fault->error == PD_MIXPAY_ERROR_NOT_MIXPAY ? PD_POLLER_STATUS_NOT_MIXPAY
                       : fault->error == PD_MIXPAY_ERROR_HTTP || fault->error == PD_MIXPAY_ERROR_API
                       ? PD_POLLER_STATUS_SERVER_TROUBLE : PD_POLLER_STATUS_OFFLINE);
      g_assert_cmpint (pd_poller_get_resume_at (f->poller), ==, T0 + S (10));
      run_until (f, T0 + S (10) + MS (100));
      g_assert_cmpint (check_time (f, NULL, T0 + 1), ==, T0 + S (10));
      break;

    case BACKOFF_ORDER:
      /* The bystander takes the next slot; the faulted order waits a minute. */
      g_assert_cmpint (pd_poller_get_status (f->poller), ==, PD_POLLER_STATUS_WATCHING);
      g_assert_cmpint (pd_order_get_next_check_at (f->faulted), ==, T0 / G_USEC_PER_SEC + 60);
      run_until (f, T0 + S (62));
      g_assert_cmpint (check_time (f, BYSTANDER, T0), ==, T0 + SLOT);
      next = check_time (f, FAULTED, T0 + 1);
      g_assert_cmpint (next, >=, T0 + S (60));
      g_assert_cmpint (next, <=, T0 + S (60) + SLOT);
      break;

    case BACKOFF_RATE_LIMITED:
      /* Everything pauses; the same order goes first when it resumes. */
      g_assert_cmpint (pd_poller_get_status (f->poller), ==, PD_POLLER_STATUS_RATE_LIMITED);
      g_assert_cmpint (pd_poller_get_resume_at (f->poller), ==, T0 + S (fault->pause_s));
      run_until (f, T0 + S (fault->pause_s) + MS (100));
      g_assert_cmpint (check_time (f, NULL, T0 + 1), ==, T0 + S (fault->pause_s));
      g_assert_cmpstr (g_ptr_array_index (f->checked, 1), ==, FAULTED);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
test_error_fault (gconstpointer data)
{
  const ErrorFault *fault = data;
  g_autoptr(RawServer) raw = NULL;
  g_autoptr(RawServer) elsewhere = NULL;
  g_autofree char *api = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *events = NULL;
  g_autofree char *bystander_events = NULL;
  PdFakeServer *tls_server = NULL;
  Fixture f = { 0 };
  const GError *error;
  guint n_answers;

  if (g_strcmp0 (fault->api, "refused") == 0)
    {
      api = refused_api ();
    }
  else if (g_strcmp0 (fault->api, "tls") == 0)
    {
      tls_server = pd_fake_server_start ("0", TRUE);
      api = g_strdup (tls_server->api);
    }
  else if (fault->raw_answer != NULL)
    {
      g_autofree char *fine = http_answer ("200 OK", "Content-Type: application/json\r\n",
                                           ENVELOPE (UNPAID_DATA));

      raw = raw_server_new ("127.0.0.1");
      raw_server_add_answer (raw, fault->raw_answer);
      raw_server_add_answer (raw, fine);
      api = g_strdup (raw->api);
    }
  else
    {
      g_autofree char *steps = NULL;

      if (g_str_equal (fault->fake_step, "redirect"))
        {
          /* Another host (127.0.0.2) that would say "paid" if asked. */
          g_autofree char *paid = http_answer ("200 OK", "Content-Type: application/json\r\n",
                                               ENVELOPE ("{\"status\":\"success\",\"quoteAmount\":\"10\","
                                                         "\"quoteAssetId\":\"" USDT "\",\"payeeId\":\"" PAYEE "\"}"));

          elsewhere = raw_server_new ("127.0.0.2");
          raw_server_add_answer (elsewhere, paid);
          steps = g_strdup_printf ("[{\"redirect\":\"%s/payments_result?orderId=" FAULTED "&payeeId=" PAYEE "\"},"
                                   "{\"status\":\"unpaid\"}]", elsewhere->api);
        }
      else
        {
          steps = g_strdup_printf ("[%s,{\"status\":\"unpaid\"}]", fault->fake_step);
        }

      script_fake (FAULTED, steps);
      script_fake (BYSTANDER, "[{\"status\":\"unpaid\"}]");
      api = g_strdup (server->api);
    }

  fixture_set_up (&f, api, fault->timeout_s > 0 ? fault->timeout_s : ANSWER_TIMEOUT_S);
  before = dump_orders (&f);

  run_first_check (&f);

  /* The check failed as it should, and left only an error event. */
  error = g_ptr_array_index (f.errors, 0);
  g_assert_nonnull (error);
  g_test_message ("%s: %s", fault->name, error->message);
  g_assert_error (error, PD_MIXPAY_ERROR, fault->error);
  after = dump_orders (&f);
  g_assert_cmpstr (after, ==, before);
  events = later_events (&f, f.faulted);
  if (fault->backoff == BACKOFF_RATE_LIMITED)
    g_assert_cmpstr (events, ==, "");
  else
    g_assert_cmpstr (events, ==, "check-error:unpaid\n");
  assert_nothing_paid (&f);

  /* The next request goes out exactly when the rules say. */
  assert_error_backoff (&f, fault);

  /* And the poller keeps going: the faulted order is asked again, and
   * (unless the whole network is down) answered. */
  n_answers = f.times->len;
  run_until (&f, pd_clock_get_now (PD_CLOCK (f.clock)) + S (400));
  g_assert_cmpuint (f.times->len, >, n_answers);
  g_assert_cmpint (check_time (&f, FAULTED, T0 + 1), >, 0);
  if (fault->api == NULL)
    {
      g_autofree char *settled = later_events (&f, f.faulted);

      g_assert_null (g_ptr_array_index (f.errors, f.errors->len - 1));
      g_assert_cmpint (pd_order_get_state (f.faulted), ==, PD_ORDER_STATE_UNPAID);
      g_assert_true (g_str_has_suffix (settled, "updated:unpaid\n"));
    }
  bystander_events = later_events (&f, f.bystander);
  g_assert_null (strstr (bystander_events, "state-changed"));
  assert_nothing_paid (&f);

  if (elsewhere != NULL)
    {
      g_assert_cmpint (g_atomic_int_get (&elsewhere->n_connections), ==, 0);
      g_assert_false (raw_server_was_asked (elsewhere, FAULTED));
    }

  n_cases++;
  fixture_tear_down (&f);
  if (tls_server != NULL)
    pd_fake_server_stop (tls_server);
}

/* A success that does not match the order: flagged, never paid. */
typedef struct
{
  const char *name;
  const char *fields;     /* replace those of the fake server's data */
  const char *mismatch;   /* the fields named, joined by "," */
} MismatchFault;

static const MismatchFault mismatch_faults[] = {
  { "payee", "{\"payeeId\":\"" OTHER_PAYEE "\"}", "payeeId" },
  { "asset", "{\"quoteAssetId\":\"usd\"}", "quoteAssetId" },
  { "amount", "{\"quoteAmount\":\"9.99\"}", "quoteAmount" },
  { "amount-tiny-excess", "{\"quoteAmount\":\"10.000001\"}", "quoteAmount" },
  { "payee-missing", "{\"payeeId\":\"\"}", "payeeId" },
  { "all-three", "{\"payeeId\":\"" OTHER_PAYEE "\",\"quoteAssetId\":\"" BTC "\",\"quoteAmount\":\"0.01\"}",
    "payeeId,quoteAssetId,quoteAmount" },
};

static void
test_mismatch_fault (gconstpointer data)
{
  const MismatchFault *fault = data;
  g_autofree char *steps = g_strdup_printf ("[{\"status\":\"success\",\"fields\":%s}]", fault->fields);
  g_autofree char *events = NULL;
  g_autofree char *mismatch = NULL;
  Fixture f = { 0 };

  script_fake (FAULTED, steps);
  script_fake (BYSTANDER, "[{\"status\":\"unpaid\"}]");
  fixture_set_up (&f, server->api, ANSWER_TIMEOUT_S);

  run_first_check (&f);
  g_assert_null (g_ptr_array_index (f.errors, 0));
  g_assert_cmpuint (f.n_mismatches, ==, 1);
  g_assert_cmpint (pd_order_get_state (f.faulted), ==, PD_ORDER_STATE_MISMATCH);
  g_assert_cmpint (pd_order_get_paid_at (f.faulted), ==, 0);
  mismatch = g_strjoinv (",", (char **) pd_order_get_mismatch (f.faulted));
  g_assert_cmpstr (mismatch, ==, fault->mismatch);
  events = later_events (&f, f.faulted);
  g_assert_cmpstr (events, ==, "state-changed:mismatch\n");
  assert_nothing_paid (&f);

  /* Settled as a mismatch: not asked again; the bystander still is. */
  run_until (&f, T0 + S (60));
  g_assert_cmpint (check_time (&f, BYSTANDER, T0), ==, T0 + SLOT);
  g_assert_cmpint (check_time (&f, FAULTED, T0 + 1), ==, -1);
  g_assert_cmpint (pd_poller_get_status (f.poller), ==, PD_POLLER_STATUS_WATCHING);
  assert_nothing_paid (&f);

  n_cases++;
  fixture_tear_down (&f);
}

/* MixPay knows a paid order that is not in the ledger, and answers about
 * one of ours with that order's payment: nothing becomes paid, and the
 * other order is never asked about, let alone added. */
static void
test_success_for_unknown_order (void)
{
  g_autoptr(RawServer) raw = raw_server_new ("127.0.0.1");
  g_autofree char *ghost = http_answer ("200 OK", "Content-Type: application/json\r\n",
                                        ENVELOPE ("{\"status\":\"success\",\"orderId\":\"" GHOST "\","
                                                  "\"traceId\":\"0e3f4c4e-5a62-4c43-a7a6-1c1f3f5e2b11\","
                                                  "\"quoteAmount\":\"250\",\"quoteAssetId\":\"" USDT "\","
                                                  "\"payeeId\":\"" OTHER_PAYEE "\"}"));
  g_autofree char *events = NULL;
  Fixture f = { 0 };

  raw_server_add_answer (raw, ghost);
  fixture_set_up (&f, raw->api, ANSWER_TIMEOUT_S);

  run_first_check (&f);
  run_until (&f, T0 + S (120));

  g_assert_cmpint (pd_order_get_state (f.faulted), ==, PD_ORDER_STATE_MISMATCH);
  g_assert_cmpuint (f.n_mismatches, ==, 1);
  events = later_events (&f, f.faulted);
  g_assert_cmpstr (events, ==, "state-changed:mismatch\n");
  g_assert_cmpint (pd_order_get_state (f.bystander), ==, PD_ORDER_STATE_UNPAID);
  g_assert_false (raw_server_was_asked (raw, GHOST));
  g_assert_true (raw_server_was_asked (raw, BYSTANDER));
  assert_nothing_paid (&f);

  n_cases++;
  fixture_tear_down (&f);
}

/* The fake MixPay server holds a paid order that is not in the ledger:
 * the poller only ever asks about its own orders. */
static void
test_paid_order_elsewhere (void)
{
  g_autoptr(JsonObject) stats_before = NULL;
  g_autoptr(JsonObject) stats_after = NULL;
  Fixture f = { 0 };

  script_fake (GHOST, "[{\"status\":\"success\"}]");
  script_fake (FAULTED, "[{\"status\":\"unpaid\"}]");
  script_fake (BYSTANDER, "[{\"status\":\"unpaid\"}]");
  fixture_set_up (&f, server->api, ANSWER_TIMEOUT_S);

  run_first_check (&f);
  run_until (&f, T0 + S (60));
  g_assert_cmpuint (f.times->len, >=, 10);
  for (guint i = 0; i < f.checked->len; i++)
    g_assert_cmpstr (g_ptr_array_index (f.checked, i), !=, GHOST);
  g_assert_cmpint (pd_order_get_state (f.faulted), ==, PD_ORDER_STATE_UNPAID);
  assert_nothing_paid (&f);
  /* It does not count as an injected fault: no wrong answer was sent. */

  fixture_tear_down (&f);
}

static void
test_report (void)
{
  g_test_message ("faults injected: %u, orders checked: %u", n_faults_injected, n_orders_checked);
  /* Every case that ran injected at least one. */
  g_assert_cmpuint (n_faults_injected, >=, n_cases);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  server = pd_fake_server_start ("0", FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (error_faults); i++)
    {
      g_autofree char *path = g_strconcat ("/faults/error/", error_faults[i].name, NULL);

      g_test_add_data_func (path, &error_faults[i], test_error_fault);
    }
  for (guint i = 0; i < G_N_ELEMENTS (mismatch_faults); i++)
    {
      g_autofree char *path = g_strconcat ("/faults/mismatch/", mismatch_faults[i].name, NULL);

      g_test_add_data_func (path, &mismatch_faults[i], test_mismatch_fault);
    }
  g_test_add_func ("/faults/unknown/success-for-unknown-order", test_success_for_unknown_order);
  g_test_add_func ("/faults/unknown/paid-order-elsewhere", test_paid_order_elsewhere);
  /* Last, after every case above has run. */
  g_test_add_func ("/faults/summary/report", test_report);

  status = g_test_run ();
  pd_fake_server_stop (server);

  /* A plain line for whoever reads the log. */
  g_printerr ("test-faults: %u faults injected, %u orders checked\n",
              n_faults_injected, n_orders_checked);

  return status;
}
