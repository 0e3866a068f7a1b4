/* bench-ledger.c: the ledger at 100,000 orders (insert, open, memory,
 * search), each against plain SQLite on the same rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>

#include "pd-bench.h"
#include "pd-order-list.h"
#include "pd-store.h"

#define N_ORDERS 100000
#define INSERT_RUNS 3
/* One by one, every order is its own transaction (and fsync): fewer. */
#define SINGLE_ORDERS 1000
#define SINGLE_RUNS 3
#define OPEN_RUNS 5
#define SEARCH_ROUNDS 5
/* Three years of orders, up to a week ago. */
#define HISTORY_SECONDS (3 * 365 * 24 * 60 * 60)

/* The plain-SQLite baseline: the same columns the benchmark fills, with
 * the same key and index, in the same journal mode. */
#define BASELINE_SCHEMA \
  "CREATE TABLE orders (id INTEGER PRIMARY KEY, order_id TEXT NOT NULL," \
  " payee_id TEXT NOT NULL, settlement_asset_id TEXT NOT NULL," \
  " quote_asset_id TEXT NOT NULL, quote_symbol TEXT, quote_amount TEXT NOT NULL," \
  " note TEXT, link TEXT, trace_id TEXT, created_at INTEGER NOT NULL," \
  " updated_at INTEGER NOT NULL, state TEXT NOT NULL, mixpay_status TEXT," \
  " payment_amount TEXT, payment_symbol TEXT, settle_amount TEXT, paid_at INTEGER," \
  " UNIQUE (payee_id, order_id));" \
  "CREATE INDEX orders_by_created_at ON orders (created_at);"
#define BASELINE_INSERT \
  "INSERT INTO orders (order_id, payee_id, settlement_asset_id, quote_asset_id," \
  " quote_symbol, quote_amount, note, link, trace_id, created_at, updated_at, state," \
  " mixpay_status, payment_amount, payment_symbol, settle_amount, paid_at)" \
  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define BASELINE_N_COLUMNS 17

/* The orders of a busy shop: mostly paid, some failed or voided long
 * ago, a note on one in three. Deterministic: @first numbers them. */
GPtrArray *
pd_bench_make_orders (guint n,
                      guint first)
{
  GPtrArray *orders = g_ptr_array_new_full (n, g_object_unref);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC - 7 * 24 * 60 * 60;
  g_autoptr(GRand) rand = g_rand_new_with_seed (first + 1);

  for (guint i = first; i < first + n; i++)
    {
      PdOrder *order = pd_order_new ();
      gint64 created = now - HISTORY_SECONDS + (gint64) i * HISTORY_SECONDS / (first + n);
      guint kind = g_rand_int_range (rand, 0, 100);
      char tail[7];
      g_autofree char *order_id = NULL;
      g_autofree char *amount = NULL;
      g_autofree char *link = NULL;
      g_autofree char *trace_id = NULL;

      for (guint c = 0; c < 6; c++)
        tail[c] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[g_rand_int_range (rand, 0, 32)];
      tail[6] = '\0';

      order_id = g_strdup_printf ("PD%07u-%s", i, tail);
      amount = g_strdup_printf ("%u.%02u", g_rand_int_range (rand, 1, 500),
                                g_rand_int_range (rand, 0, 100));
      trace_id = g_uuid_string_random ();
      link = g_strdup_printf ("https://mixpay.me/pay?payeeId=" PD_BENCH_PAYEE "&settlementAssetId=" PD_BENCH_BTC
                              "&quoteAssetId=" PD_BENCH_USDT "&quoteAmount=%s&orderId=%s&traceId=%s",
                              amount, order_id, trace_id);

      pd_order_set_payee_id (order, PD_BENCH_PAYEE);
      pd_order_set_order_id (order, order_id);
      pd_order_set_settlement_asset_id (order, PD_BENCH_BTC);
      pd_order_set_quote_asset_id (order, PD_BENCH_USDT);
      pd_order_set_quote_symbol (order, "USDT");
      pd_order_set_quote_amount (order, amount);
      pd_order_set_link (order, link);
      pd_order_set_trace_id (order, trace_id);
      pd_order_set_created_at (order, created);
      pd_order_set_updated_at (order, created + 120);

      if (i % 3 == 0)
        {
          g_autofree char *note = g_strdup_printf ("Table %u, customer %u",
                                                   g_rand_int_range (rand, 1, 30),
                                                   g_rand_int_range (rand, 1, 5000));
          pd_order_set_note (order, note);
        }

      if (kind < 90)
        {
          pd_order_set_state (order, PD_ORDER_STATE_PAID);
          pd_order_set_mixpay_status (order, "success");
          pd_order_set_payment_amount (order, amount);
          pd_order_set_payment_symbol (order, "USDT");
          pd_order_set_settle_status (order, "success");
          pd_order_set_settle_amount (order, "0.00003");
          pd_order_set_settle_symbol (order, "BTC");
          pd_order_set_paid_at (order, created + 90);
        }
      else if (kind < 96)
        {
          pd_order_set_state (order, PD_ORDER_STATE_FAILED);
          pd_order_set_mixpay_status (order, "failed");
          pd_order_set_failure_code (order, "40000");
          pd_order_set_failure_reason (order, "overtime");
        }
      else
        {
          pd_order_set_state (order, PD_ORDER_STATE_CANCELLED);
          pd_order_set_cancel_reason (order, "customer left");
          pd_order_set_cancelled_at (order, created + 600);
        }

      g_ptr_array_add (orders, order);
    }

  return orders;
}

/* Plain SQLite ------------------------------------------------------- */

static sqlite3 *
baseline_open (const char *path)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    g_error ("sqlite3_open_v2 %s: %s", path, sqlite3_errmsg (db));

  /* The ledger's own durability: WAL, a sync at every commit. */
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", NULL, NULL, NULL);

  return db;
}

static void
baseline_exec (sqlite3    *db,
               const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
bind_text0 (sqlite3_stmt *stmt,
            int           param,
            const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, param, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, param);
}

static void
baseline_insert_one (sqlite3_stmt *stmt,
                     PdOrder      *order)
{
  int p = 1;

  sqlite3_reset (stmt);
  bind_text0 (stmt, p++, pd_order_get_order_id (order));
  bind_text0 (stmt, p++, pd_order_get_payee_id (order));
  bind_text0 (stmt, p++, pd_order_get_settlement_asset_id (order));
  bind_text0 (stmt, p++, pd_order_get_quote_asset_id (order));
  bind_text0 (stmt, p++, pd_order_get_quote_symbol (order));
  bind_text0 (stmt, p++, pd_order_get_quote_amount (order));
  bind_text0 (stmt, p++, pd_order_get_note (order));
  bind_text0 (stmt, p++, pd_order_get_link (order));
  bind_text0 (stmt, p++, pd_order_get_trace_id (order));
  sqlite3_bind_int64 (stmt, p++, pd_order_get_created_at (order));
  sqlite3_bind_int64 (stmt, p++, pd_order_get_updated_at (order));
  bind_text0 (stmt, p++, pd_order_state_to_string (pd_order_get_state (order)));
  bind_text0 (stmt, p++, pd_order_get_mixpay_status (order));
  bind_text0 (stmt, p++, pd_order_get_payment_amount (order));
  bind_text0 (stmt, p++, pd_order_get_payment_symbol (order));
  bind_text0 (stmt, p++, pd_order_get_settle_amount (order));
  sqlite3_bind_int64 (stmt, p++, pd_order_get_paid_at (order));
  g_assert_cmpint (p - 1, ==, BASELINE_N_COLUMNS);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("baseline insert: %s", sqlite3_errmsg (sqlite3_db_handle (stmt)));
}

/* Seconds to insert @orders into a new plain table, in one transaction
 * or one each. */
static double
baseline_insert (const char *path,
                 GPtrArray  *orders,
                 gboolean    batched)
{
  sqlite3 *db = baseline_open (path);
  sqlite3_stmt *stmt = NULL;
  double start;
  double seconds;

  baseline_exec (db, BASELINE_SCHEMA);
  sqlite3_prepare_v2 (db, BASELINE_INSERT, -1, &stmt, NULL);

  start = pd_bench_now ();
  if (batched)
    baseline_exec (db, "BEGIN IMMEDIATE");
  for (guint i = 0; i < orders->len; i++)
    {
      if (!batched)
        baseline_exec (db, "BEGIN IMMEDIATE");
      baseline_insert_one (stmt, g_ptr_array_index (orders, i));
      if (!batched)
        baseline_exec (db, "COMMIT");
    }
  if (batched)
    baseline_exec (db, "COMMIT");
  seconds = pd_bench_now () - start;

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  pd_bench_remove_db (path);

  return seconds;
}

/* Every row of the ledger, every column read, newest first: what loading
 * the list costs SQLite alone. Returns the rows seen. */
static guint
baseline_select_all (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint rows = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("sqlite3_open_v2 %s: %s", path, sqlite3_errmsg (db));
  if (sqlite3_prepare_v2 (db, "SELECT * FROM orders ORDER BY created_at DESC, id DESC",
                          -1, &stmt, NULL) != SQLITE_OK)
    g_error ("baseline select: %s", sqlite3_errmsg (db));

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (stmt);

      for (int c = 0; c < n; c++)
        {
          if (sqlite3_column_type (stmt, c) == SQLITE_INTEGER)
            sqlite3_column_int64 (stmt, c);
          else
            sqlite3_column_text (stmt, c);
        }
      rows++;
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return rows;
}

/* Insert ------------------------------------------------------------- */

static PdStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  PdStore *store = pd_store_open (path, &error);

  if (store == NULL)
    g_error ("pd_store_open: %s", error->message);

  return store;
}

static double
store_insert (const char *path,
              GPtrArray  *orders,
              gboolean    batched)
{
  g_autoptr(PdStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  double start = pd_bench_now ();

  if (batched)
    pd_store_insert_orders (store, orders, &error);
  else
    for (guint i = 0; i < orders->len && error == NULL; i++)
      pd_store_insert_order (store, g_ptr_array_index (orders, i), &error);

  if (error != NULL)
    g_error ("insert: %s", error->message);

  return pd_bench_now () - start;
}

static void
add_rate_figure (PdBench    *bench,
                 const char *name,
                 GArray     *seconds,
                 GArray     *baseline_seconds,
                 guint       n,
                 const char *target,
                 double      target_rate)
{
  g_autoptr(GArray) rates = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_rates = pd_bench_samples_new ();
  PdBenchFigure figure = { 0 };

  for (guint i = 0; i < seconds->len; i++)
    pd_bench_samples_add (rates, n / g_array_index (seconds, double, i));
  for (guint i = 0; i < baseline_seconds->len; i++)
    pd_bench_samples_add (baseline_rates, n / g_array_index (baseline_seconds, double, i));

  figure.name = name;
  figure.unit = "orders/s";
  figure.value = pd_bench_median (rates);
  figure.baseline = pd_bench_median (baseline_rates);
  figure.baseline_what = "plain SQLite INSERT of the same rows, same journal mode";
  figure.ratio = figure.baseline / figure.value;
  figure.target = target;
  figure.met = target == NULL || figure.value >= target_rate;
  figure.samples = rates;
  figure.baseline_samples = baseline_rates;
  pd_bench_add (bench, &figure);
}

/* Leaves a ledger of N_ORDERS orders at @db_path. */
static void
bench_insert (PdBench    *bench,
              const char *dir,
              const char *db_path,
              gboolean    measure)
{
  g_autofree char *scratch = g_build_filename (dir, "scratch.db", NULL);
  g_autoptr(GArray) seconds = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_seconds = pd_bench_samples_new ();
  guint runs = measure ? INSERT_RUNS : 1;

  /* Warm up: the code, the allocator and the page cache. */
  if (measure)
    {
      g_autoptr(GPtrArray) warm = pd_bench_make_orders (N_ORDERS / 10, 0);

      store_insert (scratch, warm, TRUE);
      pd_bench_remove_db (scratch);
    }

  for (guint run = 0; run < runs; run++)
    {
      g_autoptr(GPtrArray) orders = pd_bench_make_orders (N_ORDERS, 0);

      /* The last run's ledger stays for the benchmarks that follow. */
      pd_bench_remove_db (db_path);
      pd_bench_samples_add (seconds, store_insert (db_path, orders, TRUE));
      if (measure)
        pd_bench_samples_add (baseline_seconds, baseline_insert (scratch, orders, TRUE));
    }

  if (!measure)
    return;

  add_rate_figure (bench, "ledger-insert-batched", seconds, baseline_seconds, N_ORDERS,
                   "≥ 20,000 orders/s", 20000);

  g_array_set_size (seconds, 0);
  g_array_set_size (baseline_seconds, 0);
  for (guint run = 0; run < SINGLE_RUNS; run++)
    {
      g_autoptr(GPtrArray) orders = pd_bench_make_orders (SINGLE_ORDERS, run * SINGLE_ORDERS);

      pd_bench_samples_add (seconds, store_insert (scratch, orders, FALSE));
      pd_bench_remove_db (scratch);
      pd_bench_samples_add (baseline_seconds, baseline_insert (scratch, orders, FALSE));
    }

  add_rate_figure (bench, "ledger-insert-single", seconds, baseline_seconds, SINGLE_ORDERS,
                   NULL, 0);
}

/* Open --------------------------------------------------------------- */

typedef struct
{
  const char *path;
  PdStore    *store;
  double      store_seconds;
} Loading;

/* What open_store_in_thread() in src/app/pd-application.c does: open
 * the store and read every order into it (each with its search key),
 * in a thread of its own. */
static gpointer
load_in_thread (gpointer data)
{
  Loading *loading = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  double start = pd_bench_now ();

  loading->store = open_store (loading->path);
  loading->store_seconds = pd_bench_now () - start;
  orders = pd_store_list_orders (loading->store, &error);
  if (orders == NULL)
    g_error ("pd_store_list_orders: %s", error->message);
  g_assert_cmpuint (orders->len, ==, N_ORDERS);

  return NULL;
}

/* The ledger opened as the app opens it: loaded in a thread, then the
 * list made here, on the main thread, as the orders view makes it when
 * the store arrives. Everything counts towards the populated list; the
 * main thread's part (@main_seconds) is also what input waits for. */
PdOrderList *
pd_bench_open_list (const char *path,
                    PdStore   **store_out,
                    double     *store_seconds,
                    double     *main_seconds)
{
  g_autoptr(GError) error = NULL;
  Loading loading = { .path = path };
  PdOrderList *list;
  double start;

  g_thread_join (g_thread_new ("bench-load", load_in_thread, &loading));

  start = pd_bench_now ();
  list = pd_order_list_new (loading.store, &error);
  if (list == NULL)
    g_error ("pd_order_list_new: %s", error->message);
  *main_seconds = pd_bench_now () - start;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_ORDERS);

  *store_seconds = loading.store_seconds;
  *store_out = loading.store;
  return list;
}

static void
add_ms_figure (PdBench    *bench,
               const char *name,
               GArray     *seconds,
               GArray     *baseline_seconds,
               const char *baseline_what,
               const char *target,
               double      target_ms)
{
  PdBenchFigure figure = { 0 };

  for (guint i = 0; i < seconds->len; i++)
    g_array_index (seconds, double, i) *= 1000;
  for (guint i = 0; i < baseline_seconds->len; i++)
    g_array_index (baseline_seconds, double, i) *= 1000;

  figure.name = name;
  figure.unit = "ms";
  figure.value = pd_bench_median (seconds);
  figure.baseline = pd_bench_median (baseline_seconds);
  figure.baseline_what = baseline_what;
  figure.ratio = figure.value / figure.baseline;
  figure.target = target;
  figure.met = target == NULL || figure.value <= target_ms;
  figure.samples = seconds;
  figure.baseline_samples = baseline_seconds;
  pd_bench_add (bench, &figure);
}

static void
bench_open (PdBench    *bench,
            const char *db_path)
{
  g_autoptr(GArray) seconds = pd_bench_samples_new ();
  g_autoptr(GArray) store_seconds = pd_bench_samples_new ();
  g_autoptr(GArray) main_seconds = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_seconds = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_open_seconds = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_main_seconds = pd_bench_samples_new ();

  for (guint run = 0; run <= OPEN_RUNS; run++)
    {
      g_autoptr(PdStore) store = NULL;
      g_autoptr(PdOrderList) list = NULL;
      double open_seconds;
      double list_seconds;
      double start;
      double subject;
      double baseline;
      double baseline_open;
      sqlite3 *db = NULL;

      start = pd_bench_now ();
      list = pd_bench_open_list (db_path, &store, &open_seconds, &list_seconds);
      subject = pd_bench_now () - start;
      g_clear_object (&list);
      pd_store_close (store);
      g_clear_object (&store);

      start = pd_bench_now ();
      g_assert_cmpuint (baseline_select_all (db_path), ==, N_ORDERS);
      baseline = pd_bench_now () - start;

      /* Opening alone: the store's checks against a bare open. */
      start = pd_bench_now ();
      sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL);
      sqlite3_exec (db, "PRAGMA user_version", NULL, NULL, NULL);
      sqlite3_close (db);
      baseline_open = pd_bench_now () - start;

      if (run == 0)
        continue;

      pd_bench_samples_add (seconds, subject);
      pd_bench_samples_add (store_seconds, open_seconds);
      pd_bench_samples_add (main_seconds, list_seconds);
      pd_bench_samples_add (baseline_seconds, baseline);
      pd_bench_samples_add (baseline_open_seconds, baseline_open);
      pd_bench_samples_add (baseline_main_seconds, baseline);
    }

  add_ms_figure (bench, "ledger-open-100000", seconds, baseline_seconds,
                 "plain SQLite SELECT of every row and column, newest first",
                 "≤ 500 ms to a populated list", 500);
  add_ms_figure (bench, "ledger-open-store", store_seconds, baseline_open_seconds,
                 "sqlite3_open_v2 and one read", NULL, 0);
  add_ms_figure (bench, "ledger-open-main-thread", main_seconds, baseline_main_seconds,
                 "plain SQLite SELECT of every row and column (listing them again)",
                 NULL, 0);
}

/* Peak memory -------------------------------------------------------- */

static double
read_peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return -1;

  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024;
}

/* In a child, so the peak is that of loading alone: prints the peak
 * resident memory in MB. */
int
pd_bench_rss_child (const char *what,
                    const char *db_path)
{
  if (g_strcmp0 (what, "list") == 0)
    {
      g_autoptr(PdStore) store = NULL;
      g_autoptr(PdOrderList) list = NULL;
      double seconds;
      double main_seconds;

      list = pd_bench_open_list (db_path, &store, &seconds, &main_seconds);
      g_print ("%.1f\n", read_peak_rss_mb ());
      return 0;
    }

  if (g_strcmp0 (what, "select") == 0)
    {
      g_assert_cmpuint (baseline_select_all (db_path), ==, N_ORDERS);
      g_print ("%.1f\n", read_peak_rss_mb ());
      return 0;
    }

  g_printerr ("unknown child %s\n", what);
  return 2;
}

static double
run_rss_child (const char *self_path,
               const char *what,
               const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *what_arg = g_strconcat ("--rss-child=", what, NULL);
  g_autofree char *db_arg = g_strconcat ("--rss-db=", db_path, NULL);
  const char *argv[] = { self_path, what_arg, db_arg, NULL };
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", self_path, error->message);

  return g_ascii_strtod (out, NULL);
}

static void
bench_rss (PdBench    *bench,
           const char *self_path,
           const char *db_path)
{
  g_autoptr(GArray) samples = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_samples = pd_bench_samples_new ();
  PdBenchFigure figure = { 0 };

  for (guint run = 0; run < 3; run++)
    {
      pd_bench_samples_add (samples, run_rss_child (self_path, "list", db_path));
      pd_bench_samples_add (baseline_samples, run_rss_child (self_path, "select", db_path));
    }

  figure.name = "ledger-peak-rss-100000";
  figure.unit = "MB";
  figure.value = pd_bench_median (samples);
  figure.baseline = pd_bench_median (baseline_samples);
  figure.baseline_what = "a process that runs the plain SQLite SELECT";
  figure.ratio = figure.value / figure.baseline;
  figure.target = "≤ 150 MB with 100,000 orders loaded";
  figure.met = figure.value <= 150;
  figure.samples = samples;
  figure.baseline_samples = baseline_samples;
  pd_bench_add (bench, &figure);
}

/* Search ------------------------------------------------------------- */

static double
array_max (GArray *samples)
{
  double max = 0;

  for (guint i = 0; i < samples->len; i++)
    max = MAX (max, g_array_index (samples, double, i));

  return max;
}

/* What a plain SQLite query would take for the same search. */
static double
baseline_search (sqlite3_stmt *stmt,
                 const char   *text)
{
  g_autofree char *pattern = g_strdup_printf ("%%%s%%", text);
  double start = pd_bench_now ();
  guint rows = 0;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    rows++;

  return pd_bench_now () - start;
}

static void
bench_search (PdBench    *bench,
              const char *db_path)
{
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdOrderList) list = NULL;
  g_autoptr(GArray) seconds = pd_bench_samples_new ();
  g_autoptr(GArray) first_seconds = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_seconds = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_first = pd_bench_samples_new ();
  g_autoptr(GArray) worst = NULL;
  g_autoptr(GArray) baseline_worst = NULL;
  g_autoptr(PdOrder) wanted = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *typed;
  double open_seconds;
  double main_seconds;
  gsize typed_len;

  list = pd_bench_open_list (db_path, &store, &open_seconds, &main_seconds);

  /* The merchant types the random tail of an order ID the customer
   * reads out: six characters, one at a time. */
  wanted = g_list_model_get_item (G_LIST_MODEL (list), N_ORDERS / 3);
  typed = strrchr (pd_order_get_order_id (wanted), '-') + 1;
  typed_len = strlen (typed);

  sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL);
  sqlite3_prepare_v2 (db,
                      "SELECT id FROM orders WHERE order_id LIKE ?1 OR note LIKE ?1"
                      " OR quote_amount LIKE ?1 ORDER BY created_at DESC, id DESC",
                      -1, &stmt, NULL);

  for (guint round = 0; round < SEARCH_ROUNDS; round++)
    {
      for (gsize len = 1; len <= typed_len; len++)
        {
          g_autofree char *text = g_strndup (typed, len);
          double start = pd_bench_now ();
          double subject;

          pd_order_list_set_search_text (list, text);
          subject = pd_bench_now () - start;

          /* The very first keystroke on a fresh list: the one that
           * looks at every order. Reported on its own. */
          if (round == 0 && len == 1)
            {
              pd_bench_samples_add (first_seconds, subject);
              pd_bench_samples_add (baseline_first, baseline_search (stmt, text));
            }
          else
            {
              pd_bench_samples_add (seconds, subject);
              pd_bench_samples_add (baseline_seconds, baseline_search (stmt, text));
            }
        }

      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >=, 1);
      pd_order_list_set_search_text (list, NULL);
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);

  worst = pd_bench_samples_new ();
  baseline_worst = pd_bench_samples_new ();
  pd_bench_samples_add (worst, array_max (seconds));
  pd_bench_samples_add (baseline_worst, array_max (baseline_seconds));

  add_ms_figure (bench, "search-keystroke", seconds, baseline_seconds,
                 "plain SQLite LIKE '%text%' on order ID, note and amount",
                 "≤ 30 ms a keystroke at 100,000 orders", 30);
  add_ms_figure (bench, "search-keystroke-worst", worst, baseline_worst,
                 "the slowest plain SQLite LIKE '%text%' of the same keystrokes",
                 "≤ 30 ms a keystroke at 100,000 orders", 30);
  add_ms_figure (bench, "search-first-keystroke", first_seconds, baseline_first,
                 "plain SQLite LIKE '%text%' on order ID, note and amount",
                 "≤ 30 ms a keystroke at 100,000 orders", 30);
}

/**
 * pd_bench_ledger:
 * @measure: FALSE to only make the ledger for the startup benchmark
 * @db_path_out: (out): a ledger of 100,000 orders, for what follows
 */
void
pd_bench_ledger (PdBench     *bench,
                 const char  *self_path,
                 gboolean     measure,
                 char       **db_path_out)
{
  g_autofree char *dir = pd_bench_make_temp_dir ("ledger");
  char *db_path = g_build_filename (dir, "paydesk.db", NULL);

  bench_insert (bench, dir, db_path, measure);
  if (measure)
    {
      bench_open (bench, db_path);
      bench_rss (bench, self_path, db_path);
      bench_search (bench, db_path);
    }

  *db_path_out = db_path;
}
