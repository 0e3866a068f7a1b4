/* bench-poll.c: CPU time to parse, verify and write 1,000 payment
 * results, directly and through the poller against the fake MixPay
 * server on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "pd-bench.h"
#include "pd-clock.h"
#include "pd-fake-server.h"
#include "pd-mixpay-client.h"
#include "pd-payment-result.h"
#include "pd-poller.h"
#include "pd-store.h"

#define N_RESULTS 1000
#define N_HISTORY 100000
#define RUNS 3

#define T0 ((gint64) 1700000000 * G_USEC_PER_SEC)

#define BASELINE_SCHEMA \
  "CREATE TABLE orders (id INTEGER PRIMARY KEY, order_id TEXT NOT NULL," \
  " payee_id TEXT NOT NULL, quote_asset_id TEXT NOT NULL, quote_amount TEXT NOT NULL," \
  " state TEXT NOT NULL, mixpay_status TEXT, payment_amount TEXT, payment_symbol TEXT," \
  " settle_amount TEXT, paid_at INTEGER, updated_at INTEGER," \
  " UNIQUE (payee_id, order_id));" \
  "CREATE TABLE events (id INTEGER PRIMARY KEY, order_ref INTEGER NOT NULL," \
  " time INTEGER NOT NULL, state TEXT NOT NULL, raw_json TEXT);"
#define BASELINE_UPDATE \
  "UPDATE orders SET state = ?, mixpay_status = ?, payment_amount = ?, payment_symbol = ?," \
  " settle_amount = ?, paid_at = ?, updated_at = ? WHERE id = ?"
#define BASELINE_EVENT \
  "INSERT INTO events (order_ref, time, state, raw_json) VALUES (?, ?, ?, ?)"

/* Years of business: @n_settled orders paid long ago, inserted before
 * the open ones, as a merchant's ledger has them. */
static void
add_history (PdStore *store,
             guint    n_settled)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_settled; i++)
    {
      g_autofree char *order_id = g_strdup_printf ("history-%06u", i);
      PdOrder *order = pd_bench_new_order (order_id, NULL);

      pd_order_set_state (order, PD_ORDER_STATE_PAID);
      g_ptr_array_add (orders, order);
    }

  if (!pd_store_insert_orders (store, orders, &error))
    g_error ("insert history: %s", error->message);
}

/* Orders that wait for their payment, one to a result, after
 * @n_settled settled ones. */
static PdStore *
make_store (const char *path,
            const char *pay_base,
            PdClock    *clock,
            guint       n_settled)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  PdStore *store = pd_store_open (path, &error);

  if (store == NULL)
    g_error ("pd_store_open: %s", error->message);
  if (clock != NULL)
    pd_store_set_clock (store, clock);
  /* As the app: watching for other programs' writes, it does not tell
   * others of its own (pd_store_watch()). */
  pd_store_watch (store);
  if (n_settled > 0)
    add_history (store, n_settled);

  for (guint i = 0; i < N_RESULTS; i++)
    {
      g_autofree char *order_id = g_strdup_printf ("bench-%05u", i);
      g_autofree char *link = g_strdup_printf ("%s/pay?orderId=%s", pay_base, order_id);

      g_ptr_array_add (orders, pd_bench_new_order (order_id, link));
    }

  if (!pd_store_insert_orders (store, orders, &error))
    g_error ("insert: %s", error->message);

  return store;
}

static char *
read_success_fixture (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PAYDESK_TEST_FIXTURES"),
                                            "payments_result-success.json", NULL);
  g_autoptr(GError) error = NULL;
  char *body = NULL;

  if (!g_file_get_contents (path, &body, NULL, &error))
    g_error ("%s", error->message);

  return body;
}

/* Direct: the poller's work on an answer, without the network ------- */

static void
apply_result (PdOrder         *order,
              PdPaymentResult *result,
              PdOrderState     state,
              GStrv            mismatch)
{
  pd_order_set_state (order, state);
  pd_order_set_mixpay_status (order, result->status);
  pd_order_set_payment_amount (order, result->payment_amount);
  pd_order_set_payment_symbol (order, result->payment_symbol);
  pd_order_set_payable_amount (order, result->payable_amount);
  pd_order_set_payable_symbol (order, result->payable_symbol);
  pd_order_set_settle_status (order, result->settle_status);
  pd_order_set_settle_amount (order, result->settle_amount);
  pd_order_set_settle_symbol (order, result->settle_symbol);
  pd_order_set_confirmations (order, (int) result->confirmations);
  pd_order_set_mismatch (order, (const char * const *) mismatch);
  pd_order_set_paid_at (order, result->date);
}

/* Returns CPU seconds; @wall_out the wall-clock seconds. */
static double
direct_cycle (PdStore    *store,
              const char *body,
              double     *wall_out)
{
  g_autoptr(GPtrArray) orders = pd_store_list_orders (store, NULL);
  double cpu = pd_bench_cpu_time ();
  double wall = pd_bench_now ();

  for (guint i = 0; i < orders->len; i++)
    {
      PdOrder *order = g_ptr_array_index (orders, i);
      g_autoptr(PdPaymentResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) mismatch = NULL;
      PdOrderState state;

      result = pd_payment_result_new_from_json (body, strlen (body), &error);
      if (result == NULL)
        g_error ("parse: %s", error->message);

      state = pd_payment_result_verify (result, pd_order_get_payee_id (order),
                                        pd_order_get_quote_asset_id (order),
                                        pd_order_get_quote_amount (order), &mismatch);
      g_assert_cmpint (state, ==, PD_ORDER_STATE_PAID);

      apply_result (order, result, state, mismatch);
      if (!pd_store_record_result (store, order, "unpaid → paid",
                                   pd_payment_result_get_raw_json (result), &error))
        g_error ("update: %s", error->message);
    }

  *wall_out = pd_bench_now () - wall;
  return pd_bench_cpu_time () - cpu;
}

/* Plain json-glib and plain SQLite ----------------------------------- */

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *update;
  sqlite3_stmt *event;
} Baseline;

static void
baseline_exec (sqlite3    *db,
               const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
baseline_open (Baseline   *baseline,
               const char *path,
               guint       n_settled)
{
  sqlite3_open_v2 (path, &baseline->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  /* The durability the ledger gives answers from MixPay: WAL, commits
   * that do not wait for the disk (pd_store_record_result()). */
  baseline_exec (baseline->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
  baseline_exec (baseline->db, BASELINE_SCHEMA);
  baseline_exec (baseline->db, "BEGIN");
  if (n_settled > 0)
    {
      g_autofree char *sql =
        g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u)"
                         " INSERT INTO orders (order_id, payee_id, quote_asset_id, quote_amount, state)"
                         " SELECT 'history-' || i, '" PD_BENCH_PAYEE "', '" PD_BENCH_USDT "', '10', 'paid' FROM n",
                         n_settled);
      baseline_exec (baseline->db, sql);
    }
  for (guint i = 0; i < N_RESULTS; i++)
    {
      g_autofree char *sql =
        g_strdup_printf ("INSERT INTO orders (order_id, payee_id, quote_asset_id, quote_amount, state)"
                         " VALUES ('bench-%05u', '" PD_BENCH_PAYEE "', '" PD_BENCH_USDT "', '10', 'unpaid')", i);
      baseline_exec (baseline->db, sql);
    }
  baseline_exec (baseline->db, "COMMIT");
  sqlite3_prepare_v2 (baseline->db, BASELINE_UPDATE, -1, &baseline->update, NULL);
  sqlite3_prepare_v2 (baseline->db, BASELINE_EVENT, -1, &baseline->event, NULL);
}

static void
baseline_close (Baseline   *baseline,
                const char *path)
{
  sqlite3_finalize (baseline->update);
  sqlite3_finalize (baseline->event);
  sqlite3_close (baseline->db);
  pd_bench_remove_db (path);
}

/* Parses @body, reads what the ledger keeps, writes it and one event,
 * inside the caller's transaction. */
static void
baseline_write (Baseline   *baseline,
                gint64      id,
                const char *body,
                gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *data;
  const char *status;
  int p = 1;

  if (!json_parser_load_from_data (parser, body, length, &error))
    g_error ("baseline parse: %s", error->message);
  data = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "data");
  status = json_object_get_string_member (data, "status");
  g_assert_cmpstr (json_object_get_string_member (data, "payeeId"), ==, PD_BENCH_PAYEE);

  sqlite3_reset (baseline->update);
  sqlite3_bind_text (baseline->update, p++, "paid", -1, SQLITE_STATIC);
  sqlite3_bind_text (baseline->update, p++, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (baseline->update, p++, json_object_get_string_member (data, "paymentAmount"), -1, SQLITE_STATIC);
  sqlite3_bind_text (baseline->update, p++, json_object_get_string_member (data, "paymentSymbol"), -1, SQLITE_STATIC);
  sqlite3_bind_text (baseline->update, p++, json_object_get_string_member (data, "settleAmount"), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (baseline->update, p++, json_object_get_int_member (data, "date"));
  sqlite3_bind_int64 (baseline->update, p++, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (baseline->update, p++, id);
  if (sqlite3_step (baseline->update) != SQLITE_DONE)
    g_error ("baseline update: %s", sqlite3_errmsg (baseline->db));

  sqlite3_reset (baseline->event);
  sqlite3_bind_int64 (baseline->event, 1, id);
  sqlite3_bind_int64 (baseline->event, 2, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (baseline->event, 3, "paid", -1, SQLITE_STATIC);
  sqlite3_bind_text (baseline->event, 4, body, (int) length, SQLITE_STATIC);
  if (sqlite3_step (baseline->event) != SQLITE_DONE)
    g_error ("baseline event: %s", sqlite3_errmsg (baseline->db));
}

/* baseline_write() in a transaction of its own, as an answer that must
 * be kept before the next request goes out. */
static void
baseline_handle (Baseline   *baseline,
                 gint64      id,
                 const char *body,
                 gsize       length)
{
  baseline_exec (baseline->db, "BEGIN IMMEDIATE");
  baseline_write (baseline, id, body, length);
  baseline_exec (baseline->db, "COMMIT");
}

static double
baseline_direct_cycle (const char *path,
                       const char *body,
                       double     *wall_out)
{
  Baseline baseline = { 0 };
  double cpu;
  double wall;

  baseline_open (&baseline, path, 0);
  cpu = pd_bench_cpu_time ();
  wall = pd_bench_now ();
  for (guint i = 0; i < N_RESULTS; i++)
    baseline_handle (&baseline, i + 1, body, strlen (body));
  *wall_out = pd_bench_now () - wall;
  cpu = pd_bench_cpu_time () - cpu;
  baseline_close (&baseline, path);

  return cpu;
}

/* Through the poller, over loopback ---------------------------------- */

static void
order_checked_cb (PdPoller *poller,
                  PdOrder  *order,
                  gboolean  changed,
                  guint    *n_checked)
{
  (*n_checked)++;
}

static void
check_failed_cb (PdPoller     *poller,
                 PdOrder      *order,
                 const GError *error,
                 guint        *n_checked)
{
  g_error ("check of %s failed: %s", pd_order_get_order_id (order), error->message);
}

/* Every order the fake server knows ends paid, in full. */
static void
script_orders (PdFakeServer *server)
{
  g_autoptr(GString) json = g_string_new ("[");

  for (guint i = 0; i < N_RESULTS; i++)
    g_string_append_printf (json,
                            "%s{\"orderId\":\"bench-%05u\",\"payeeId\":\"" PD_BENCH_PAYEE "\","
                            "\"quoteAmount\":\"10\",\"quoteAssetId\":\"" PD_BENCH_USDT "\","
                            "\"settlementAssetId\":\"" PD_BENCH_BTC "\",\"steps\":[{\"status\":\"success\"}]}",
                            i ? "," : "", i);
  g_string_append (json, "]");

  pd_fake_server_script (server, json->str);
}

/* Simulated time: fires the poller's timer as soon as it is armed, and
 * waits for each answer in real time. */
static double
poller_cycle (PdFakeServer *server,
              const char   *path,
              guint         n_settled,
              double       *wall_out)
{
  g_autoptr(PdFakeClock) clock = pd_fake_clock_new (T0);
  g_autoptr(PdStore) store = make_store (path, server->base, PD_CLOCK (clock), n_settled);
  g_autoptr(PdMixpayClient) client = NULL;
  g_autoptr(PdPoller) poller = NULL;
  g_autoptr(GError) error = NULL;
  guint n_checked = 0;
  double cpu;
  double wall;

  client = pd_mixpay_client_new (server->api, &error);
  g_assert_no_error (error);
  poller = pd_poller_new (store, client, PD_CLOCK (clock));
  pd_poller_set_rate (poller, 60);
  g_signal_connect (poller, "order-checked", G_CALLBACK (order_checked_cb), &n_checked);
  g_signal_connect (poller, "check-failed", G_CALLBACK (check_failed_cb), &n_checked);

  cpu = pd_bench_cpu_time ();
  wall = pd_bench_now ();
  pd_poller_start (poller);
  while (n_checked < N_RESULTS)
    {
      if (pd_fake_clock_get_n_timers (clock) > 0)
        pd_fake_clock_fire_next (clock);
      else
        g_main_context_iteration (NULL, TRUE);
    }
  *wall_out = pd_bench_now () - wall;
  cpu = pd_bench_cpu_time () - cpu;

  pd_poller_stop (poller);
  g_clear_object (&poller);
  pd_store_close (store);
  pd_bench_remove_db (path);

  return cpu;
}

/* The request for bench-@i's result. */
static SoupMessage *
new_result_message (const char *api,
                    guint       i)
{
  g_autofree char *uri = g_strdup_printf ("%s/payments_result?orderId=bench-%05u&payeeId=" PD_BENCH_PAYEE,
                                          api, i);

  return soup_message_new (SOUP_METHOD_GET, uri);
}

/* baseline_handle() of an answer, or the end of the benchmark. */
static void
baseline_handle_answer (Baseline     *baseline,
                        gint64        id,
                        GBytes       *body,
                        const GError *error)
{
  gsize length;
  const char *data;

  if (body == NULL)
    g_error ("baseline GET: %s", error->message);
  data = g_bytes_get_data (body, &length);
  baseline_handle (baseline, id, data, length);
}

/* The same requests with a bare libsoup session, json-glib and SQLite. */
static double
baseline_poller_cycle (PdFakeServer *server,
                       const char   *path,
                       guint         n_settled,
                       double       *wall_out)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  Baseline baseline = { 0 };
  double cpu;
  double wall;

  baseline_open (&baseline, path, n_settled);
  cpu = pd_bench_cpu_time ();
  wall = pd_bench_now ();
  for (guint i = 0; i < N_RESULTS; i++)
    {
      g_autoptr(SoupMessage) message = new_result_message (server->api, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) body = soup_session_send_and_read (session, message, NULL, &error);

      baseline_handle_answer (&baseline, n_settled + i + 1, body, error);
    }
  *wall_out = pd_bench_now () - wall;
  cpu = pd_bench_cpu_time () - cpu;
  baseline_close (&baseline, path);

  return cpu;
}

/* The same requests again, now through libsoup's asynchronous API, as
 * any client that must not block a window has to send them: each answer
 * is handled in its callback, which sends the next request. */
typedef struct
{
  SoupSession  *session;
  Baseline     *baseline;
  const char   *api;
  guint         n_done;
} AsyncBaseline;

static void async_baseline_send (gpointer client);

static void
async_baseline_read_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  AsyncBaseline *async = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (async->session, result, &error);

  baseline_handle_answer (async->baseline, async->n_done + 1, body, error);

  if (++async->n_done < N_RESULTS)
    async_baseline_send (async);
}

static void
async_baseline_send (gpointer client)
{
  AsyncBaseline *async = client;
  g_autoptr(SoupMessage) message = new_result_message (async->api, async->n_done);

  soup_session_send_and_read_async (async->session, message, G_PRIORITY_DEFAULT, NULL,
                                    async_baseline_read_cb, async);
}

/* CPU seconds of an asynchronous client over a fresh baseline ledger:
 * @start sends its first requests, and its callbacks count the answers
 * written in @n_done. */
static double
run_async_baseline (Baseline    *baseline,
                    const char  *path,
                    void       (*start) (gpointer client),
                    gpointer     client,
                    const guint *n_done)
{
  double cpu;

  baseline_open (baseline, path, 0);
  cpu = pd_bench_cpu_time ();
  start (client);
  while (*n_done < N_RESULTS)
    g_main_context_iteration (NULL, TRUE);
  cpu = pd_bench_cpu_time () - cpu;
  baseline_close (baseline, path);

  return cpu;
}

static double
async_baseline_poller_cycle (PdFakeServer *server,
                             const char   *path)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  Baseline baseline = { 0 };
  AsyncBaseline async = { session, &baseline, server->api, 0 };

  return run_async_baseline (&baseline, path, async_baseline_send, &async, &async.n_done);
}

/* And once more from a worker thread, with a session and an SQLite
 * connection of its own, synchronously: the other way to keep a window
 * responsive. The main thread learns of the answers in batches, at most
 * THREAD_BATCH_MS late, and reads each answered row back on its own
 * connection, as a window that shows them must. */
#define THREAD_BATCH_MS 50

typedef struct
{
  const char   *api;
  Baseline      baseline;       /* the worker's */
  sqlite3      *reader;         /* the main thread's */
  sqlite3_stmt *read_row;
  gint          n_answered;     /* atomic; written by the worker */
  gint          batch_pending;  /* atomic */
  guint         n_seen;         /* the main thread's */
  guint         n_batches;
} ThreadBaseline;

static void
thread_baseline_read_row (ThreadBaseline *thread,
                          gint64          id)
{
  sqlite3_bind_int64 (thread->read_row, 1, id);
  if (sqlite3_step (thread->read_row) != SQLITE_ROW)
    g_error ("thread baseline read: %s", sqlite3_errmsg (thread->reader));
  for (int i = 0; i < sqlite3_column_count (thread->read_row); i++)
    g_assert_nonnull (sqlite3_column_text (thread->read_row, i));
  /* A statement left on its row would keep its snapshot. */
  sqlite3_reset (thread->read_row);
}

static gboolean
thread_baseline_batch_cb (gpointer user_data)
{
  ThreadBaseline *thread = user_data;
  guint n_answered;

  /* Cleared before reading the count: an answer counted after this
   * schedules the next batch. */
  g_atomic_int_set (&thread->batch_pending, 0);
  n_answered = g_atomic_int_get (&thread->n_answered);
  thread->n_batches++;
  /* One snapshot for the batch: each statement alone would begin a read
   * transaction of its own, and find the worker's newer commits. */
  baseline_exec (thread->reader, "BEGIN");
  for (; thread->n_seen < n_answered; thread->n_seen++)
    thread_baseline_read_row (thread, thread->n_seen + 1);
  baseline_exec (thread->reader, "COMMIT");

  return G_SOURCE_REMOVE;
}

static gpointer
thread_baseline_worker (gpointer user_data)
{
  ThreadBaseline *thread = user_data;
  g_autoptr(SoupSession) session = soup_session_new ();

  for (guint i = 0; i < N_RESULTS; i++)
    {
      g_autoptr(SoupMessage) message = new_result_message (thread->api, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) body = soup_session_send_and_read (session, message, NULL, &error);

      baseline_handle_answer (&thread->baseline, i + 1, body, error);
      g_atomic_int_set (&thread->n_answered, i + 1);
      if (g_atomic_int_compare_and_exchange (&thread->batch_pending, 0, 1))
        g_timeout_add (THREAD_BATCH_MS, thread_baseline_batch_cb, thread);
    }

  return NULL;
}

static double
thread_baseline_poller_cycle (PdFakeServer *server,
                              const char   *path)
{
  ThreadBaseline thread = { .api = server->api };
  GThread *worker;
  double cpu;

  baseline_open (&thread.baseline, path, 0);
  sqlite3_open_v2 (path, &thread.reader, SQLITE_OPEN_READONLY, NULL);
  sqlite3_prepare_v2 (thread.reader,
                      "SELECT state, mixpay_status, payment_amount, payment_symbol, settle_amount, paid_at"
                      " FROM orders WHERE id = ?", -1, &thread.read_row, NULL);

  cpu = pd_bench_cpu_time ();
  worker = g_thread_new ("bench-poll-worker", thread_baseline_worker, &thread);
  while (thread.n_seen < N_RESULTS)
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (worker);
  cpu = pd_bench_cpu_time () - cpu;
  g_debug ("poll-cycle-thread-floor: %u answers in %u batches", thread.n_seen, thread.n_batches);

  sqlite3_finalize (thread.read_row);
  sqlite3_close (thread.reader);
  baseline_close (&thread.baseline, path);

  return cpu;
}

/* And the design the rate rule forbids (issue 4: requests at least
 * 60/rate seconds apart, never a burst): BURST requests at once, their
 * answers written in one transaction when the last has come. Only to
 * show what that rule costs on this machine. */
#define BURST 10

typedef struct
{
  SoupSession *session;
  Baseline    *baseline;
  const char  *api;
  guint        n_done;
  guint        n_in_burst;
  GBytes      *answers[BURST];
} BurstBaseline;

static void burst_baseline_send (gpointer client);

static void
burst_baseline_read_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  BurstBaseline *burst = user_data;
  SoupMessage *message = soup_session_get_async_result_message (burst->session, result);
  guint slot = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (message), "pd-burst-slot"));
  g_autoptr(GError) error = NULL;

  burst->answers[slot] = soup_session_send_and_read_finish (burst->session, result, &error);
  if (burst->answers[slot] == NULL)
    g_error ("burst GET: %s", error->message);

  if (++burst->n_in_burst < MIN (BURST, N_RESULTS - burst->n_done))
    return;

  baseline_exec (burst->baseline->db, "BEGIN IMMEDIATE");
  for (guint i = 0; i < burst->n_in_burst; i++)
    {
      gsize length;
      const char *body = g_bytes_get_data (burst->answers[i], &length);

      baseline_write (burst->baseline, burst->n_done + i + 1, body, length);
      g_clear_pointer (&burst->answers[i], g_bytes_unref);
    }
  baseline_exec (burst->baseline->db, "COMMIT");

  burst->n_done += burst->n_in_burst;
  burst->n_in_burst = 0;
  if (burst->n_done < N_RESULTS)
    burst_baseline_send (burst);
}

static void
burst_baseline_send (gpointer client)
{
  BurstBaseline *burst = client;

  for (guint i = 0; i < BURST && burst->n_done + i < N_RESULTS; i++)
    {
      g_autoptr(SoupMessage) message = new_result_message (burst->api, burst->n_done + i);

      g_object_set_data (G_OBJECT (message), "pd-burst-slot", GUINT_TO_POINTER (i));
      soup_session_send_and_read_async (burst->session, message, G_PRIORITY_DEFAULT, NULL,
                                        burst_baseline_read_cb, burst);
    }
}

static double
burst_baseline_poller_cycle (PdFakeServer *server,
                             const char   *path)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  Baseline baseline = { 0 };
  BurstBaseline burst = { session, &baseline, server->api, 0, 0, { NULL } };

  return run_async_baseline (&baseline, path, burst_baseline_send, &burst, &burst.n_done);
}

static void
add_cpu_figure (PdBench    *bench,
                const char *name,
                GArray     *cpu,
                GArray     *baseline_cpu,
                const char *baseline_what)
{
  pd_bench_add_medians (bench, name, "ms CPU/1000", cpu, baseline_cpu, baseline_what,
                        "≤ 200 ms CPU per 1,000 results", 200, 0);
}

/* With no settled orders, also poll-cycle-async-floor and
 * poll-cycle-thread-floor, in the same runs: no target of their own, the
 * least a client that must not block a window pays on this machine, in
 * either design, to read poll-cycle-poller against; and
 * poll-cycle-burst-floor, the same asynchronous client in bursts, which
 * the rate rule forbids. */
static void
measure_poller (PdBench      *bench,
                PdFakeServer *server,
                const char   *path,
                const char   *baseline_path,
                const char   *name,
                guint         n_settled)
{
  g_autoptr(GArray) cpu = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_cpu = pd_bench_samples_new ();
  g_autoptr(GArray) floor_cpu = pd_bench_samples_new ();
  g_autoptr(GArray) thread_floor_cpu = pd_bench_samples_new ();
  g_autoptr(GArray) burst_floor_cpu = pd_bench_samples_new ();

  for (guint run = 0; run < RUNS; run++)
    {
      double wall;
      double baseline_wall;

      pd_bench_samples_add (cpu, poller_cycle (server, path, n_settled, &wall) * 1000);
      pd_bench_samples_add (baseline_cpu,
                            baseline_poller_cycle (server, baseline_path, n_settled, &baseline_wall) * 1000);
      if (n_settled == 0)
        {
          pd_bench_samples_add (floor_cpu, async_baseline_poller_cycle (server, baseline_path) * 1000);
          pd_bench_samples_add (thread_floor_cpu, thread_baseline_poller_cycle (server, baseline_path) * 1000);
          pd_bench_samples_add (burst_floor_cpu, burst_baseline_poller_cycle (server, baseline_path) * 1000);
        }
      g_debug ("%s: %.0f ms wall, baseline %.0f ms wall", name, wall * 1000, baseline_wall * 1000);
    }

  add_cpu_figure (bench, name, cpu, baseline_cpu,
                  n_settled == 0
                  ? "bare libsoup GETs of the same results + json-glib + plain SQLite"
                  : "bare libsoup GETs + json-glib + plain SQLite, with the same 100,000 settled rows");
  if (n_settled == 0)
    {
      pd_bench_add_medians (bench, "poll-cycle-async-floor", "ms CPU/1000", floor_cpu, baseline_cpu,
                            "the same bare libsoup GETs, json-glib and SQLite, sent synchronously",
                            NULL, 0, 0);
      pd_bench_add_medians (bench, "poll-cycle-thread-floor", "ms CPU/1000", thread_floor_cpu, baseline_cpu,
                            "the same, synchronously on the main thread",
                            NULL, 0, 0);
      pd_bench_add_medians (bench, "poll-cycle-burst-floor", "ms CPU/1000", burst_floor_cpu, baseline_cpu,
                            "the same, synchronously on the main thread",
                            NULL, 0, 0);
    }
}

void
pd_bench_poll (PdBench *bench)
{
  g_autofree char *dir = pd_bench_make_temp_dir ("poll");
  g_autofree char *path = g_build_filename (dir, "paydesk.db", NULL);
  g_autofree char *baseline_path = g_build_filename (dir, "baseline.db", NULL);
  g_autofree char *body = read_success_fixture ();
  g_autoptr(GArray) cpu = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_cpu = pd_bench_samples_new ();
  PdFakeServer *server;

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(PdStore) store = make_store (path, "https://mixpay.me", NULL, 0);
      double wall;
      double baseline_wall;

      pd_bench_samples_add (cpu, direct_cycle (store, body, &wall) * 1000);
      pd_store_close (store);
      pd_bench_remove_db (path);
      pd_bench_samples_add (baseline_cpu, baseline_direct_cycle (baseline_path, body, &baseline_wall) * 1000);
      g_debug ("direct: %.0f ms wall, baseline %.0f ms wall", wall * 1000, baseline_wall * 1000);
    }

  add_cpu_figure (bench, "poll-cycle", cpu, baseline_cpu,
                  "json-glib parse + plain SQLite UPDATE and event INSERT, a transaction each, synchronous = NORMAL");

  if (g_getenv ("PAYDESK_FAKE_MIXPAY") == NULL)
    {
      pd_bench_skip (bench, "poll-cycle-poller", "PAYDESK_FAKE_MIXPAY is not set: run it through meson");
      pd_bench_remove_tree (dir);
      return;
    }

  server = pd_fake_server_start ("0", FALSE);
  script_orders (server);
  measure_poller (bench, server, path, baseline_path, "poll-cycle-poller", 0);
  /* The poller must not slow down as the ledger grows: the same 1,000
   * answers in a ledger that also holds 100,000 settled orders. */
  measure_poller (bench, server, path, baseline_path, "poll-cycle-poller-100000", N_HISTORY);
  pd_fake_server_stop (server);

  pd_bench_remove_tree (dir);
}
