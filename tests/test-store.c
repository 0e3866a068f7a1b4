/* test-store.c: the order ledger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <libpq-fe.h>

#include "pd-ledger-columns.h"
#include "pd-order.h"
#include "pd-paylink.h"
#include "pd-store.h"
#include "pd-test-pg.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define OTHER_PAYEE "b38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-store-XXXXXX", &error);
  g_assert_no_error (error);
  /* The same tests on a database of the throw-away server (the -pg
   * entries of tests/meson.build). */
  if (pd_test_pg_wanted ())
    fixture->path = pd_test_pg_new_database ();
  else
    fixture->path = g_build_filename (fixture->dir, "ledger", "paydesk.db", NULL);
}

/* What only an SQLite file has (its folder, WAL, pages, the VFS). */
#define SQLITE_ONLY() \
  G_STMT_START { \
    if (pd_test_pg_wanted ()) \
      { \
        g_test_skip ("about the SQLite file only"); \
        return; \
      } \
  } G_STMT_END

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static PdOrder *
make_order (const char *payee_id,
            const char *order_id,
            const char *amount)
{
  PdOrder *order = pd_order_new ();

  pd_order_set_payee_id (order, payee_id);
  pd_order_set_order_id (order, order_id);
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, USDT);
  pd_order_set_quote_amount (order, amount);

  return order;
}

static PdStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  PdStore *store = pd_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);

  return store;
}

static void
count_signal_cb (gpointer  instance,
                 PdOrder  *order,
                 guint    *count)
{
  g_assert_true (PD_IS_ORDER (order));
  (*count)++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* Runs @sql on the PostgreSQL ledger @uri through a connection of its
 * own; the first value of its result, or NULL. FALSE in @ok when the
 * server refused it. */
static char *
run_pg (const char *uri,
        const char *sql,
        gboolean   *ok)
{
  PGconn *conn = PQconnectdb (uri);
  PGresult *result;
  char *value = NULL;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  *ok = PQresultStatus (result) == PGRES_COMMAND_OK || PQresultStatus (result) == PGRES_TUPLES_OK;
  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  PQfinish (conn);

  return value;
}

/* Runs @sql as another program; FALSE when the ledger refused it. */
static gboolean
try_sql (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  gboolean ok;

  if (pd_test_pg_wanted ())
    {
      g_free (run_pg (path, sql, &ok));
      return ok;
    }

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  ok = sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK;
  sqlite3_close (db);
  return ok;
}

static char *
run_sql_text (const char *path,
              const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;
  gboolean ok;

  if (pd_test_pg_wanted ())
    {
      result = run_pg (path, sql, &ok);
      g_assert_true (ok);
      return result;
    }

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return result;
}

/* Runs @sql on the ledger at @path, closed by the store: how an older
 * Paydesk, or another program, left the file. */
static void
run_sql (const char *path,
         const char *sql)
{
  g_assert_true (try_sql (path, sql));
}

static void
test_store_create_read_update (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autoptr(PdOrder) order = make_order (PAYEE, "order-0001", "10.5");
  g_autoptr(PdOrder) found = NULL;
  g_autoptr(PdOrder) reread = NULL;
  g_autofree char *mode = NULL;
  const char *mismatch[] = { "payeeId", "quoteAmount", NULL };
  guint added = 0;
  guint changed = 0;
  guint notified = 0;
  gint64 created_at;
  GStatBuf st;

  if (!pd_test_pg_wanted ())
    g_assert_cmpint (pd_store_get_schema_version (store), ==, PD_STORE_SCHEMA_VERSION);
  g_assert_cmpstr (pd_store_get_path (store), ==, fixture->path);

  /* The folder is private. */
  if (!pd_test_pg_wanted ())
  {
    g_autofree char *folder = g_path_get_dirname (fixture->path);
    g_assert_cmpint (g_stat (folder, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  }

  g_signal_connect (store, "order-added", G_CALLBACK (count_signal_cb), &added);
  g_signal_connect (store, "order-changed", G_CALLBACK (count_signal_cb), &changed);

  pd_order_set_note (order, "table 4, “espresso”");
  pd_order_set_return_to (order, "https://shop.example/o?id=1&x=2");
  pd_order_set_link_kind (order, PD_ORDER_LINK_KIND_ONE_TIME);
  pd_order_set_expires_at (order, 1900000000);
  g_assert_cmpint (pd_order_get_id (order), ==, 0);

  g_assert_true (pd_store_insert_order (store, order, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pd_order_get_id (order), >, 0);
  g_assert_cmpint (pd_order_get_created_at (order), >, 1700000000);
  g_assert_cmpint (pd_order_get_updated_at (order), ==, pd_order_get_created_at (order));
  g_assert_cmpuint (added, ==, 1);
  created_at = pd_order_get_created_at (order);

  /* One object per order: a lookup gives the very same one. */
  found = pd_store_lookup_order (store, PAYEE, "order-0001", &error);
  g_assert_no_error (error);
  g_assert_true (found == order);
  g_clear_object (&found);
  found = pd_store_lookup_order_by_id (store, pd_order_get_id (order), &error);
  g_assert_no_error (error);
  g_assert_true (found == order);

  /* An update writes the object as it is and tells its views. */
  g_signal_connect (order, "notify::state", G_CALLBACK (count_notify_cb), &notified);
  pd_order_set_state (order, PD_ORDER_STATE_MISMATCH);
  pd_order_set_state (order, PD_ORDER_STATE_MISMATCH);
  g_assert_cmpuint (notified, ==, 1);
  pd_order_set_mixpay_status (order, "success");
  pd_order_set_payment_amount (order, "10.013");
  pd_order_set_payment_symbol (order, "USDT");
  pd_order_set_payable_amount (order, "10.013");
  pd_order_set_confirmations (order, 3);
  pd_order_set_txid (order, "0xabc");
  pd_order_set_mismatch (order, mismatch);
  pd_order_set_paid_at (order, 1656513302);
  g_assert_true (pd_store_update_order (store, order, PD_ORDER_EVENT_UPDATED,
                                        "checked", "{\"code\":0}", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (pd_order_get_updated_at (order), >=, created_at);

  g_assert_true (pd_store_record_check (store, order, 1800000000, 1800000060, &error));
  g_assert_no_error (error);

  /* Everything is in the file, not only in the object. */
  g_clear_object (&found);
  g_clear_object (&store);
  store = open_store (fixture->path);
  reread = pd_store_lookup_order (store, PAYEE, "order-0001", &error);
  g_assert_no_error (error);
  g_assert_true (reread != order);
  g_assert_cmpstr (pd_order_get_quote_amount (reread), ==, "10.5");
  g_assert_cmpstr (pd_order_get_note (reread), ==, "table 4, “espresso”");
  g_assert_cmpstr (pd_order_get_return_to (reread), ==, "https://shop.example/o?id=1&x=2");
  g_assert_cmpstr (pd_order_get_settlement_asset_id (reread), ==, BTC);
  g_assert_cmpstr (pd_order_get_quote_asset_id (reread), ==, USDT);
  g_assert_cmpint (pd_order_get_link_kind (reread), ==, PD_ORDER_LINK_KIND_ONE_TIME);
  g_assert_cmpint (pd_order_get_expires_at (reread), ==, 1900000000);
  g_assert_cmpint (pd_order_get_created_at (reread), ==, created_at);
  g_assert_cmpint (pd_order_get_state (reread), ==, PD_ORDER_STATE_MISMATCH);
  g_assert_cmpstr (pd_order_get_mixpay_status (reread), ==, "success");
  g_assert_cmpstr (pd_order_get_payment_amount (reread), ==, "10.013");
  g_assert_cmpint (pd_order_get_confirmations (reread), ==, 3);
  g_assert_cmpstr (pd_order_get_txid (reread), ==, "0xabc");
  g_assert_cmpint (pd_order_get_paid_at (reread), ==, 1656513302);
  g_assert_cmpint (pd_order_get_last_checked_at (reread), ==, 1800000000);
  g_assert_cmpint (pd_order_get_next_check_at (reread), ==, 1800000060);
  g_assert_nonnull (pd_order_get_mismatch (reread));
  g_assert_true (g_strv_equal (pd_order_get_mismatch (reread), mismatch));
  g_assert_null (pd_order_get_failure_code (reread));

  /* The file is in WAL mode. */
  if (!pd_test_pg_wanted ())
    {
      mode = run_sql_text (fixture->path, "PRAGMA journal_mode");
      g_assert_cmpstr (mode, ==, "wal");
    }
}

/* The order IDs of a listing, newest first, space separated. */
static char *
list_ids (PdStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = pd_store_list_orders (store, &error);
  GString *ids = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < orders->len; i++)
    g_string_append_printf (ids, "%s%s", i ? " " : "",
                            pd_order_get_order_id (g_ptr_array_index (orders, i)));

  return g_string_free (ids, FALSE);
}

#define assert_listed(store, expected) \
  G_STMT_START { \
    g_autofree char *_ids = list_ids (store); \
    g_assert_cmpstr (_ids, ==, expected); \
  } G_STMT_END

/* Orders read back from the ledger: every string as written, the shared
 * ones shared between orders, and each setter still able to replace a
 * string that was read (they lie in one block per order). */
static void
test_store_loaded_strings (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autoptr(PdStore) again = NULL;
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  PdOrder *newer;
  PdOrder *older;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *order_id = g_strdup_printf ("loaded-%u", i);
      PdOrder *order = make_order (PAYEE, order_id, i == 1 ? "2.5" : "10");

      pd_order_set_created_at (order, 1000 + i);
      pd_order_set_note (order, i == 0 ? "Table 4" : NULL);
      pd_order_set_link (order, "https://mixpay.me/pay?orderId=x");
      pd_order_set_quote_symbol (order, i == 2 ? "USDC" : "USDT");
      g_ptr_array_add (orders, order);
    }
  g_assert_true (pd_store_insert_orders (store, orders, &error));
  g_assert_no_error (error);
  pd_store_close (store);

  again = open_store (fixture->path);
  loaded = pd_store_list_orders (again, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 3);
  newer = g_ptr_array_index (loaded, 0);
  older = g_ptr_array_index (loaded, 2);

  g_assert_cmpstr (pd_order_get_order_id (newer), ==, "loaded-2");
  g_assert_cmpstr (pd_order_get_order_id (older), ==, "loaded-0");
  g_assert_cmpstr (pd_order_get_quote_amount (g_ptr_array_index (loaded, 1)), ==, "2.5");
  g_assert_cmpstr (pd_order_get_note (older), ==, "Table 4");
  g_assert_null (pd_order_get_note (newer));
  g_assert_cmpstr (pd_order_get_quote_symbol (newer), ==, "USDC");
  g_assert_cmpstr (pd_order_get_quote_symbol (older), ==, "USDT");
  g_assert_cmpstr (pd_order_get_link (older), ==, "https://mixpay.me/pay?orderId=x");
  g_assert_true (pd_order_get_payee_id (newer) == pd_order_get_payee_id (older));
  g_assert_cmpstr (pd_order_get_payee_id (newer), ==, PAYEE);
  g_assert_true (pd_order_get_link (newer) != pd_order_get_link (older));

  /* Replaced and cleared, strings read from the ledger and shared ones. */
  pd_order_set_note (older, "Table 5");
  pd_order_set_link (older, NULL);
  pd_order_set_payee_id (older, "another payee");
  g_assert_cmpstr (pd_order_get_note (older), ==, "Table 5");
  g_assert_null (pd_order_get_link (older));
  g_assert_cmpstr (pd_order_get_payee_id (newer), ==, PAYEE);
  g_assert_cmpstr (pd_order_get_order_id (older), ==, "loaded-0");
  g_assert_true (g_str_has_prefix (pd_order_get_search_key (older), "loaded-0"));
}

/* Another program (paydesk-cli) cancels an order while this one holds it:
 * this one's next write of that order, made from what it read before,
 * writes nothing, says so, and reads the order again; then it can write. */
static void
test_store_changed_elsewhere (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autoptr(PdStore) other = NULL;
  g_autoptr(PdStore) again = NULL;
  g_autoptr(PdOrder) order = make_order (PAYEE, "elsewhere-1", "10");
  g_autoptr(PdOrder) theirs = NULL;
  g_autoptr(PdOrder) stored = NULL;
  g_autoptr(GPtrArray) events = NULL;
  const PdOrderEvent *event;
  guint n_changed = 0;

  g_assert_true (pd_store_insert_order (store, order, &error));
  g_assert_no_error (error);

  other = open_store (fixture->path);
  theirs = pd_store_lookup_order (other, PAYEE, "elsewhere-1", &error);
  g_assert_no_error (error);
  g_assert_true (pd_store_cancel_order (other, theirs, "customer left", &error));
  g_assert_no_error (error);

  g_signal_connect (store, "order-changed", G_CALLBACK (count_signal_cb), &n_changed);
  pd_order_set_note (order, "Table 4");
  g_assert_false (pd_store_update_order (store, order, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CHANGED);
  g_assert_nonnull (strstr (error->message, "elsewhere-1"));
  g_clear_error (&error);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_CANCELLED);
  g_assert_cmpstr (pd_order_get_cancel_reason (order), ==, "customer left");
  g_assert_null (pd_order_get_note (order));

  /* Read again, it writes; the other program's stale copy is refused. */
  pd_order_set_note (order, "Table 4");
  g_assert_true (pd_store_update_order (store, order, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_no_error (error);
  pd_order_set_note (theirs, "Table 9");
  g_assert_false (pd_store_update_order (other, theirs, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CHANGED);
  g_clear_error (&error);
  g_assert_cmpstr (pd_order_get_note (theirs), ==, "Table 4");

  /* A failed check names the state in the ledger, not a stale copy's. */
  pd_store_close (other);
  g_clear_object (&other);
  g_clear_object (&theirs);
  other = open_store (fixture->path);
  theirs = pd_store_lookup_order (other, PAYEE, "elsewhere-1", &error);
  g_assert_no_error (error);
  pd_order_set_state (order, PD_ORDER_STATE_PAID);
  g_assert_true (pd_store_record_result (store, order, "cancelled → paid", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_record_check_error (other, theirs, "Could not reach MixPay", 0, &error));
  g_assert_no_error (error);
  events = pd_store_list_events (other, theirs, &error);
  g_assert_no_error (error);
  event = g_ptr_array_index (events, events->len - 1);
  g_assert_cmpint (event->kind, ==, PD_ORDER_EVENT_CHECK_ERROR);
  g_assert_cmpint (event->state, ==, PD_ORDER_STATE_PAID);
  g_assert_cmpint (pd_order_get_state (theirs), ==, PD_ORDER_STATE_CANCELLED);

  pd_store_close (other);
  pd_store_close (store);

  again = open_store (fixture->path);
  stored = pd_store_lookup_order (again, PAYEE, "elsewhere-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pd_order_get_state (stored), ==, PD_ORDER_STATE_PAID);
  g_assert_cmpstr (pd_order_get_cancel_reason (stored), ==, "customer left");
  g_assert_cmpstr (pd_order_get_note (stored), ==, "Table 4");
}

typedef struct
{
  guint n_added;
  guint n_changed;
} Counts;

static gboolean
set_flag_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* What another program (paydesk-cli) writes reaches this store's orders:
 * pd_store_refresh() reads it; pd_store_watch() calls it when the ledger
 * is written. */
static void
test_store_refresh (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autoptr(PdStore) other = NULL;
  g_autoptr(PdOrder) first = make_order (PAYEE, "refresh-1", "10");
  g_autoptr(PdOrder) second = make_order (PAYEE, "refresh-2", "20");
  g_autoptr(PdOrder) added = make_order (PAYEE, "refresh-new", "30");
  g_autoptr(PdOrder) theirs = NULL;
  g_autoptr(PdOrder) found = NULL;
  Counts counts = { 0 };
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_assert_true (pd_store_insert_order (store, first, &error));
  g_assert_true (pd_store_insert_order (store, second, &error));
  g_assert_no_error (error);
  g_signal_connect (store, "order-added", G_CALLBACK (count_signal_cb), &counts.n_added);
  g_signal_connect (store, "order-changed", G_CALLBACK (count_signal_cb), &counts.n_changed);

  /* Nothing written elsewhere; then only this store's own writes. */
  g_assert_true (pd_store_refresh (store, &error));
  g_assert_no_error (error);
  pd_order_set_note (second, "Table 2");
  g_assert_true (pd_store_update_order (store, second, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_no_error (error);
  counts = (Counts) { 0 };
  g_assert_true (pd_store_refresh (store, &error));
  g_assert_cmpuint (counts.n_added + counts.n_changed, ==, 0);

  other = open_store (fixture->path);
  g_assert_true (pd_store_insert_order (other, added, &error));
  theirs = pd_store_lookup_order (other, PAYEE, "refresh-1", &error);
  g_assert_no_error (error);
  g_assert_true (pd_store_cancel_order (other, theirs, "customer left", &error));
  g_assert_no_error (error);

  g_assert_true (pd_store_refresh (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_added, ==, 1);
  g_assert_cmpuint (counts.n_changed, ==, 1);
  g_assert_cmpint (pd_order_get_state (first), ==, PD_ORDER_STATE_CANCELLED);
  g_assert_cmpstr (pd_order_get_cancel_reason (first), ==, "customer left");
  g_assert_cmpstr (pd_order_get_note (second), ==, "Table 2");
  found = pd_store_lookup_order (store, PAYEE, "refresh-new", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_order_get_quote_amount (found), ==, "30");

  /* Read once: the next refresh has nothing to say. */
  counts = (Counts) { 0 };
  g_assert_true (pd_store_refresh (store, &error));
  g_assert_cmpuint (counts.n_added + counts.n_changed, ==, 0);

  /* Watched: the other program's next write arrives by itself. */
  pd_store_watch (store);
  pd_order_set_note (theirs, "Paid in cash");
  g_assert_true (pd_store_update_order (other, theirs, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_no_error (error);
  timeout_id = g_timeout_add_seconds (10, set_flag_cb, &timed_out);
  while (counts.n_changed == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_cmpuint (counts.n_changed, ==, 1);
  g_assert_cmpstr (pd_order_get_note (first), ==, "Paid in cash");

  pd_store_close (other);
  pd_store_close (store);
}

/* A watching store's refresh skips the events it wrote itself: after a
 * long day of the app's own writes, the first write by paydesk-cli must
 * not make it read again every order it changed. */
static void
test_store_refresh_skips_own (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autoptr(PdStore) other = NULL;
  g_autoptr(PdOrder) mine = make_order (PAYEE, "mine", "10");
  g_autoptr(PdOrder) theirs = make_order (PAYEE, "theirs", "20");
  Counts counts = { 0 };

  pd_store_watch (store);
  g_assert_true (pd_store_insert_order (store, mine, &error));
  pd_order_set_note (mine, "Table 1");
  g_assert_true (pd_store_update_order (store, mine, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_no_error (error);
  g_signal_connect (store, "order-added", G_CALLBACK (count_signal_cb), &counts.n_added);
  g_signal_connect (store, "order-changed", G_CALLBACK (count_signal_cb), &counts.n_changed);

  /* Then another program adds an order. Changing "mine" behind the
   * ledger's back, without an event, shows whether the refresh reads it
   * again: it would, were it still going through this store's events. */
  other = open_store (fixture->path);
  g_assert_true (pd_store_insert_order (other, theirs, &error));
  g_assert_no_error (error);
  run_sql (fixture->path, "UPDATE orders SET note = 'unseen', revision = revision + 1 WHERE order_id = 'mine'");

  g_assert_true (pd_store_refresh (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_added, ==, 1);
  g_assert_cmpuint (counts.n_changed, ==, 0);
  g_assert_cmpstr (pd_order_get_note (mine), ==, "Table 1");

  pd_store_close (other);
  pd_store_close (store);
}

/* Orders recorded without their quote asset's symbol (by paydesk-cli,
 * before the app cached MixPay's list) take it from the list in memory,
 * as they are read, re-read or inserted; the row keeps none until the
 * order is written. */
static void
test_store_quote_symbols (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) writer = open_store (fixture->path);
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdStore) later = NULL;
  g_autoptr(GHashTable) symbols = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PdOrder) unnamed = make_order (PAYEE, "unnamed", "10");
  g_autoptr(PdOrder) named = make_order (PAYEE, "named", "20");
  g_autoptr(PdOrder) unlisted = make_order (PAYEE, "unlisted", "30");
  g_autoptr(PdOrder) fresh = make_order (PAYEE, "fresh", "40");
  g_autoptr(PdOrder) theirs = NULL;
  g_autoptr(PdOrder) found = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autofree char *row = NULL;
  PdOrder *read = NULL;
  guint n_notified = 0;

  /* Asset IDs match in any case. */
  pd_order_set_quote_asset_id (unnamed, "4D8C508B-91C5-375B-92B0-EE702ED2DAC5");
  pd_order_set_quote_symbol (named, "USD₮");
  pd_order_set_quote_asset_id (unlisted, "11111111-2222-4333-8444-555555555555");
  g_assert_true (pd_store_insert_order (writer, unnamed, &error));
  g_assert_true (pd_store_insert_order (writer, named, &error));
  g_assert_true (pd_store_insert_order (writer, unlisted, &error));
  g_assert_no_error (error);
  g_hash_table_insert (symbols, (char *) USDT, (char *) "USDT");

  /* Orders already read take the symbol at once, and say so. */
  store = open_store (fixture->path);
  orders = pd_store_list_orders (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < orders->len; i++)
    if (g_strcmp0 (pd_order_get_order_id (g_ptr_array_index (orders, i)), "unnamed") == 0)
      read = g_ptr_array_index (orders, i);
  g_assert_nonnull (read);
  g_assert_null (pd_order_get_quote_symbol (read));
  g_signal_connect (read, "notify::quote-symbol", G_CALLBACK (count_notify_cb), &n_notified);
  pd_store_set_quote_symbols (store, symbols);
  g_assert_cmpstr (pd_order_get_quote_symbol (read), ==, "USDT");
  g_assert_cmpuint (n_notified, ==, 1);
  found = pd_store_lookup_order (store, PAYEE, "named", &error);
  g_assert_cmpstr (pd_order_get_quote_symbol (found), ==, "USD₮");
  g_clear_object (&found);
  found = pd_store_lookup_order (store, PAYEE, "unlisted", &error);
  g_assert_null (pd_order_get_quote_symbol (found));
  g_clear_object (&found);
  row = run_sql_text (fixture->path, "SELECT quote_symbol FROM orders WHERE order_id = 'unnamed'");
  g_assert_null (row);

  /* Read again after another program wrote it: still named. */
  theirs = pd_store_lookup_order (writer, PAYEE, "unnamed", &error);
  pd_order_set_note (theirs, "Table 4");
  g_assert_true (pd_store_update_order (writer, theirs, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_true (pd_store_refresh (store, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pd_order_get_note (read), ==, "Table 4");
  g_assert_cmpstr (pd_order_get_quote_symbol (read), ==, "USDT");

  /* A store given the symbols before reading; inserting names too. */
  later = open_store (fixture->path);
  pd_store_set_quote_symbols (later, symbols);
  found = pd_store_lookup_order (later, PAYEE, "unnamed", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_order_get_quote_symbol (found), ==, "USDT");
  g_assert_true (pd_store_insert_order (later, fresh, &error));
  g_assert_no_error (error);
  g_clear_pointer (&row, g_free);
  row = run_sql_text (fixture->path, "SELECT quote_symbol FROM orders WHERE order_id = 'fresh'");
  g_assert_cmpstr (row, ==, "USDT");

  /* The order's next write keeps it. */
  pd_order_set_note (read, "Table 5");
  g_assert_true (pd_store_update_order (store, read, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&row, g_free);
  row = run_sql_text (fixture->path, "SELECT quote_symbol FROM orders WHERE order_id = 'unnamed'");
  g_assert_cmpstr (row, ==, "USDT");

  pd_store_close (later);
  pd_store_close (store);
  pd_store_close (writer);
}

/* A second listing may reuse the first (the app lists every order twice
 * as it opens): never once a row changed, here or elsewhere. */
static void
test_store_list_again (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autoptr(PdStore) other = NULL;
  g_autoptr(PdOrder) first = make_order (PAYEE, "order-1", "1");
  g_autoptr(PdOrder) second = make_order (PAYEE, "order-2", "2");
  g_autoptr(PdOrder) third = make_order (PAYEE, "order-3", "3");
  g_autoptr(PdOrder) fourth = make_order (PAYEE, "order-4", "4");
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) again = NULL;

  pd_order_set_created_at (first, 1000);
  pd_order_set_created_at (second, 2000);
  pd_order_set_created_at (third, 3000);
  pd_order_set_created_at (fourth, 4000);
  g_assert_true (pd_store_insert_order (store, first, &error));
  g_assert_true (pd_store_insert_order (store, second, &error));
  g_assert_no_error (error);

  /* The same objects, in an array of the caller's own. */
  listed = pd_store_list_orders (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_true (g_ptr_array_index (listed, 0) == second);
  g_ptr_array_set_size (listed, 0);
  again = pd_store_list_orders (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 2);
  g_assert_true (g_ptr_array_index (again, 0) == second);
  g_assert_true (g_ptr_array_index (again, 1) == first);

  /* Written through this store. */
  g_assert_true (pd_store_insert_order (store, third, &error));
  g_assert_no_error (error);
  assert_listed (store, "order-3 order-2 order-1");

  /* Written through another connection, then another process. */
  other = open_store (fixture->path);
  g_assert_true (pd_store_insert_order (other, fourth, &error));
  g_assert_no_error (error);
  assert_listed (store, "order-4 order-3 order-2 order-1");

  run_sql (fixture->path, "UPDATE orders SET created_at = 5000 WHERE order_id = 'order-1'");
  assert_listed (store, "order-1 order-4 order-3 order-2");
  assert_listed (store, "order-1 order-4 order-3 order-2");

  /* Closed is closed, listed before or not. */
  pd_store_close (store);
  g_assert_null (pd_store_list_orders (store, &error));
  g_assert_nonnull (error);
}

/* Notes keep lines and tabs, nothing that would show other text than
 * was typed, and not a book: refused whole, nothing stored. */
static void
test_store_note_rule (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autofree char *long_note = g_strnfill (PD_STORE_NOTE_MAX + 1, 'n');
  const char *bad[] = { long_note, "two \xe2\x80\xae cups", "bell\a", "esc\033[2J" };
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(PdOrder) order = make_order (PAYEE, "order-note-bad", "10");

      pd_order_set_note (order, bad[i]);
      g_assert_false (pd_store_insert_order (store, order, &error));
      g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "note: "));
      g_clear_error (&error);
    }

  all = pd_store_list_orders (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 0);

  long_note[PD_STORE_NOTE_MAX] = '\0';
  g_assert_null (pd_store_check_note (long_note));
  g_assert_null (pd_store_check_note ("Two flat whites\n\tand a pastel de nata"));
  g_assert_null (pd_store_check_note (NULL));
}

/* One payee written two ways is one payee, as for MixPay: one payment
 * must not settle two orders. */
static void
test_store_payee_spellings (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autoptr(PdOrder) upper = make_order ("A38ED284-5689-4FB9-8C2A-91FBA5E32CE9", "order-spelled", "10");
  g_autoptr(PdOrder) bare = make_order ("a38ed28456894fb98c2a91fba5e32ce9", "order-spelled", "10");
  g_autoptr(PdOrder) found = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_insert_order (store, upper, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pd_order_get_payee_id (upper), ==, "a38ed284-5689-4fb9-8c2a-91fba5e32ce9");

  g_assert_false (pd_store_insert_order (store, bare, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  found = pd_store_lookup_order (store, "A38ED28456894FB98C2A91FBA5E32CE9", "order-spelled", &error);
  g_assert_no_error (error);
  g_assert_true (found == upper);

  {
    g_autofree char *fiat = pd_paylink_dup_canonical_id ("usd");

    g_assert_cmpstr (fiat, ==, "usd");
  }
}

/* Amounts come back as they were written, digit for digit, however
 * long: text, never a float, in every backend. */
static void
test_store_exact_decimals (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *amounts[] = {
    "0.000000000000000001", "123456789012345678901234567890.123456789", "12.34567890123456789",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);

  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      g_autofree char *order_id = g_strdup_printf ("exact-%u", i);
      g_autoptr(PdOrder) order = make_order (PAYEE, order_id, amounts[i]);

      pd_order_set_payment_amount (order, amounts[i]);
      g_assert_true (pd_store_insert_order (store, order, &error));
      g_assert_no_error (error);
    }
  pd_store_close (store);
  g_clear_object (&store);

  store = open_store (fixture->path);
  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      g_autofree char *order_id = g_strdup_printf ("exact-%u", i);
      g_autoptr(PdOrder) order = pd_store_lookup_order (store, PAYEE, order_id, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (pd_order_get_quote_amount (order), ==, amounts[i]);
      g_assert_cmpstr (pd_order_get_payment_amount (order), ==, amounts[i]);
    }
}

static void
test_store_duplicate (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autoptr(PdOrder) first = make_order (PAYEE, "order-0002", "10");
  g_autoptr(PdOrder) again = make_order (PAYEE, "order-0002", "99");
  g_autoptr(PdOrder) other = make_order (OTHER_PAYEE, "order-0002", "5");
  g_autoptr(PdOrder) found = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) events = NULL;
  guint added = 0;

  g_assert_true (pd_store_insert_order (store, first, &error));
  g_assert_no_error (error);
  g_signal_connect (store, "order-added", G_CALLBACK (count_signal_cb), &added);

  g_assert_false (pd_store_insert_order (store, again, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "order-0002"));
  g_clear_error (&error);
  g_assert_cmpint (pd_order_get_id (again), ==, 0);
  g_assert_cmpuint (added, ==, 0);

  /* Never overwritten. */
  found = pd_store_lookup_order (store, PAYEE, "order-0002", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_order_get_quote_amount (found), ==, "10");
  events = pd_store_list_events (store, found, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);

  /* The same ID for another payee is another payment. */
  g_assert_true (pd_store_insert_order (store, other, &error));
  g_assert_no_error (error);

  /* A batch with a duplicate stores none of it. */
  g_ptr_array_add (batch, make_order (PAYEE, "order-0003", "1"));
  g_ptr_array_add (batch, make_order (PAYEE, "order-0002", "2"));
  g_assert_false (pd_store_insert_orders (store, batch, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_null (pd_store_lookup_order (store, PAYEE, "order-0003", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (pd_order_get_id (g_ptr_array_index (batch, 0)), ==, 0);
  g_assert_cmpint (pd_order_get_created_at (g_ptr_array_index (batch, 0)), ==, 0);

  all = pd_store_find_orders (store, "order-0002", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);

  /* A required field missing is refused, naming it. */
  {
    g_autoptr(PdOrder) incomplete = make_order (PAYEE, "order-0004", NULL);
    g_assert_false (pd_store_insert_order (store, incomplete, &error));
    g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "quoteAmount"));
  }
}

static void
test_store_events (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autoptr(PdOrder) order = make_order (PAYEE, "order-0010", "10");
  g_autoptr(PdOrder) paid = make_order (PAYEE, "order-0011", "10");
  g_autoptr(GPtrArray) events = NULL;
  const PdOrderEvent *event;

  g_assert_true (pd_store_insert_order (store, order, &error));
  g_assert_no_error (error);

  g_assert_true (pd_store_record_check_error (store, order, "HTTP 502", 1800000000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pd_order_get_next_check_at (order), ==, 1800000000);
  /* Not "checked just now": MixPay did not answer. */
  g_assert_cmpint (pd_order_get_last_checked_at (order), ==, 0);

  /* The caller said "updated" but the state changed: recorded as such. */
  pd_order_set_state (order, PD_ORDER_STATE_CONFIRMING);
  g_assert_true (pd_store_update_order (store, order, PD_ORDER_EVENT_UPDATED,
                                        NULL, "{\"status\":\"confirming\"}", &error));
  g_assert_no_error (error);

  pd_order_set_confirmations (order, 2);
  g_assert_true (pd_store_update_order (store, order, PD_ORDER_EVENT_UPDATED, NULL, NULL, &error));
  g_assert_no_error (error);

  /* No event for a plain check. */
  g_assert_true (pd_store_record_check (store, order, 1800000001, 1800000031, &error));
  g_assert_no_error (error);

  g_assert_false (pd_store_cancel_order (store, order, "", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_CONFIRMING);

  /* One line, a sentence long: shown whole in a banner and a CSV cell. */
  {
    g_autofree char *long_reason = g_strnfill (PD_STORE_CANCEL_REASON_MAX + 1, 'x');
    const char *bad[] = { long_reason, "two\nlines", "paid \xe2\x80\xae hsac", "bell\a" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (pd_store_cancel_order (store, order, bad[i], &error));
        g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
        g_assert_true (g_str_has_prefix (error->message, "reason: "));
        g_clear_error (&error);
        g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_CONFIRMING);
      }
    long_reason[PD_STORE_CANCEL_REASON_MAX] = '\0';
    g_assert_null (pd_store_check_cancel_reason (long_reason));
  }

  g_assert_true (pd_store_cancel_order (store, order, "paid cash", &error));
  g_assert_no_error (error);
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_CANCELLED);
  g_assert_cmpstr (pd_order_get_cancel_reason (order), ==, "paid cash");
  g_assert_cmpint (pd_order_get_cancelled_at (order), >, 0);

  events = pd_store_list_events (store, order, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 5);

  event = g_ptr_array_index (events, 0);
  g_assert_cmpint (event->kind, ==, PD_ORDER_EVENT_CREATED);
  g_assert_cmpint (event->state, ==, PD_ORDER_STATE_UNPAID);
  event = g_ptr_array_index (events, 1);
  g_assert_cmpint (event->kind, ==, PD_ORDER_EVENT_CHECK_ERROR);
  g_assert_cmpstr (event->message, ==, "HTTP 502");
  event = g_ptr_array_index (events, 2);
  g_assert_cmpint (event->kind, ==, PD_ORDER_EVENT_STATE_CHANGED);
  g_assert_cmpint (event->state, ==, PD_ORDER_STATE_CONFIRMING);
  g_assert_cmpstr (event->raw_json, ==, "{\"status\":\"confirming\"}");
  event = g_ptr_array_index (events, 3);
  g_assert_cmpint (event->kind, ==, PD_ORDER_EVENT_UPDATED);
  g_assert_null (event->raw_json);
  event = g_ptr_array_index (events, 4);
  g_assert_cmpint (event->kind, ==, PD_ORDER_EVENT_CANCELLED);
  g_assert_cmpint (event->state, ==, PD_ORDER_STATE_CANCELLED);
  g_assert_cmpstr (event->message, ==, "paid cash");
  for (guint i = 1; i < events->len; i++)
    g_assert_cmpint (((PdOrderEvent *)events->pdata[i])->id, >, ((PdOrderEvent *)events->pdata[i - 1])->id);

  /* A settled order cannot be cancelled. */
  g_assert_true (pd_store_insert_order (store, paid, &error));
  pd_order_set_state (paid, PD_ORDER_STATE_PAID);
  g_assert_true (pd_store_update_order (store, paid, PD_ORDER_EVENT_STATE_CHANGED, NULL, NULL, &error));
  g_assert_false (pd_store_cancel_order (store, paid, "oops", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (pd_order_get_state (paid), ==, PD_ORDER_STATE_PAID);

  /* The history is append-only, even for another program. */
  g_assert_false (try_sql (fixture->path, "DELETE FROM order_events"));
  g_assert_false (try_sql (fixture->path, "UPDATE order_events SET message = 'x'"));

  g_clear_pointer (&events, g_ptr_array_unref);
  events = pd_store_list_events (store, order, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 5);
}

static void
test_store_due_orders (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) due = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 next = 0;
  struct {
    const char *id;
    PdOrderState state;
    gint64 next_check_at;
    gint64 cancelled_ago;
    gboolean expect_due;
  } cases[] = {
    { "due-never-checked", PD_ORDER_STATE_UNPAID, 0, 0, TRUE },
    { "due-confirming", PD_ORDER_STATE_CONFIRMING, 100, 0, TRUE },
    { "due-unknown", PD_ORDER_STATE_UNKNOWN, 50, 0, TRUE },
    { "not-yet", PD_ORDER_STATE_UNPAID, 0, 0, FALSE },  /* next check in the future */
    { "paid-done", PD_ORDER_STATE_PAID, 10, 0, FALSE },
    { "failed-done", PD_ORDER_STATE_FAILED, 10, 0, FALSE },
    { "cancelled-recent", PD_ORDER_STATE_CANCELLED, 200, 60, TRUE },
    { "cancelled-old", PD_ORDER_STATE_CANCELLED, 10, 8 * 24 * 3600, FALSE },
  };
  gboolean seen[G_N_ELEMENTS (cases)] = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PdOrder) order = make_order (PAYEE, cases[i].id, "1");

      pd_order_set_state (order, cases[i].state);
      pd_order_set_next_check_at (order, strcmp (cases[i].id, "not-yet") == 0
                                         ? now + 3600 : cases[i].next_check_at);
      if (cases[i].cancelled_ago)
        pd_order_set_cancelled_at (order, now - cases[i].cancelled_ago);
      g_assert_true (pd_store_insert_order (store, order, &error));
      g_assert_no_error (error);
    }

  due = pd_store_list_due_orders (store, now, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < due->len; i++)
    {
      const char *id = pd_order_get_order_id (due->pdata[i]);

      for (guint j = 0; j < G_N_ELEMENTS (cases); j++)
        if (strcmp (cases[j].id, id) == 0)
          seen[j] = TRUE;
      if (i > 0)
        g_assert_cmpint (pd_order_get_next_check_at (due->pdata[i]), >=,
                         pd_order_get_next_check_at (due->pdata[i - 1]));
    }
  for (guint j = 0; j < G_N_ELEMENTS (cases); j++)
    g_assert_true (seen[j] == cases[j].expect_due);
  g_assert_cmpstr (pd_order_get_order_id (due->pdata[0]), ==, "due-never-checked");

  g_clear_pointer (&due, g_ptr_array_unref);
  due = pd_store_list_due_orders (store, now, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 2);

  g_assert_true (pd_store_get_next_check_at (store, now, &next, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next, ==, 0);
}

static void
test_store_asset_cache (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autofree char *json = NULL;
  gint64 fetched_at = 0;

  g_assert_false (pd_store_get_asset_list (store, PD_ASSET_LIST_QUOTE, &json, &fetched_at, &error));
  g_assert_no_error (error);
  g_assert_null (json);

  g_assert_true (pd_store_set_asset_list (store, PD_ASSET_LIST_QUOTE, "[1]", 100, &error));
  g_assert_true (pd_store_set_asset_list (store, PD_ASSET_LIST_QUOTE, "[2]", 200, &error));
  g_assert_true (pd_store_set_asset_list (store, PD_ASSET_LIST_SETTLEMENT, "[3]", 300, &error));
  g_assert_no_error (error);

  g_assert_true (pd_store_get_asset_list (store, PD_ASSET_LIST_QUOTE, &json, &fetched_at, &error));
  g_assert_cmpstr (json, ==, "[2]");
  g_assert_cmpint (fetched_at, ==, 200);
  g_clear_pointer (&json, g_free);
  g_assert_true (pd_store_get_asset_list (store, PD_ASSET_LIST_SETTLEMENT, &json, &fetched_at, &error));
  g_assert_cmpstr (json, ==, "[3]");
}

static void
write_file (const char *path,
            const char *contents,
            gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static void
assert_file_is (const char *path,
                const char *contents,
                gsize       length)
{
  g_autofree char *now = NULL;
  gsize now_length = 0;

  g_assert_true (g_file_get_contents (path, &now, &now_length, NULL));
  g_assert_cmpmem (now, now_length, contents, length);
}

static void
test_store_corrupt (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *garbage = g_malloc (8192);

  SQLITE_ONLY ();

  for (guint i = 0; i < 8192; i++)
    garbage[i] = (char)(i * 7 + 13);
  write_file (fixture->path, garbage, 8192);

  store = pd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_test_message ("corrupt: %s", error->message);

  assert_file_is (fixture->path, garbage, 8192);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_store_damaged_pages (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autofree char *contents = NULL;
  gsize length = 0;

  SQLITE_ONLY ();

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *id = g_strdup_printf ("order-%04u", i);
      g_autoptr(PdOrder) order = make_order (PAYEE, id, "1");

      pd_order_set_note (order, "a note long enough to fill a few pages of the database file");
      g_assert_true (pd_store_insert_order (store, order, &error));
    }
  g_clear_object (&store);

  /* The store closed cleanly: everything is checkpointed into the file.
   * Keep the header, ruin every page after the first. */
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4 * 4096);
  for (gsize i = 4096; i < length; i++)
    contents[i] = (char)(0xA5 ^ i);
  write_file (fixture->path, contents, length);

  store = pd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
  assert_file_is (fixture->path, contents, length);
}

/* Damage deep in the file, where opening does not look: the background
 * check finds it before the first write, which is refused. */
static void
test_store_damaged_deep (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PdOrder) late = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  SQLITE_ONLY ();

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *id = g_strdup_printf ("order-%04u", i);
      PdOrder *order = make_order (PAYEE, id, "1");

      pd_order_set_note (order, "a note long enough to fill a few pages of the database file");
      g_ptr_array_add (orders, order);
    }
  g_assert_true (pd_store_insert_orders (store, orders, &error));
  g_clear_object (&store);

  /* Ruin the last page: the newest rows, never the first ones. */
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8 * 4096);
  for (gsize i = length - 4096; i < length; i++)
    contents[i] = (char)(0x5A ^ i);
  write_file (fixture->path, contents, length);

  store = pd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  late = make_order (PAYEE, "after-the-damage", "1");
  g_assert_false (pd_store_insert_order (store, late, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
  g_test_message ("damaged: %s", error->message);
  g_clear_error (&error);

  /* Refused again, and nothing reached the file, not even when closed. */
  g_assert_false (pd_store_insert_order (store, late, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
  g_clear_object (&store);
  assert_file_is (fixture->path, contents, length);
}

/* The same on PostgreSQL: a ledger that cannot be reached, or whose
 * database does not exist, is refused as one that cannot be opened, and
 * no database is made for it. */
static void
unwritable_pg (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *missing = pd_test_pg_uri ("paydesk_no_such_db");
  g_autofree char *existing = pd_test_pg_new_database ();
  g_autofree char *made = NULL;

  store = pd_store_open (missing, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO);
  g_clear_error (&error);
  made = run_sql_text (existing, "SELECT count(*) FROM pg_database WHERE datname = 'paydesk_no_such_db'");
  g_assert_cmpstr (made, ==, "0");

  /* Nothing listens on the discard port. */
  store = pd_store_open ("postgresql://127.0.0.1:9/paydesk?connect_timeout=5", &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO);
}

static void
test_store_unwritable (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *blocker = g_build_filename (fixture->dir, "not-a-folder", NULL);
  g_autofree char *below = g_build_filename (blocker, "paydesk.db", NULL);
  g_autofree char *folder_db = g_build_filename (fixture->dir, "folder.db", NULL);

  if (pd_test_pg_wanted ())
    {
      unwritable_pg ();
      return;
    }

  /* The folder cannot be made: a file is in the way. */
  write_file (blocker, "x", 1);
  store = pd_store_open (below, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO);
  g_clear_error (&error);
  assert_file_is (blocker, "x", 1);

  /* The database path is a folder. */
  g_assert_cmpint (g_mkdir (folder_db, 0700), ==, 0);
  store = pd_store_open (folder_db, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO);
  g_clear_error (&error);

  /* A read-only folder (not for root, who may write anywhere). */
  if (geteuid () != 0)
    {
      g_autofree char *locked = g_build_filename (fixture->dir, "locked", NULL);
      g_autofree char *inside = g_build_filename (locked, "paydesk.db", NULL);

      g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
      store = pd_store_open (inside, &error);
      g_assert_null (store);
      g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO);
      g_clear_error (&error);
      g_chmod (locked, 0700);
    }
}

static void
test_store_clock (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autoptr(PdFakeClock) clock = pd_fake_clock_new (G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC);
  g_autoptr(PdOrder) order = make_order (PAYEE, "order-clock", "1");
  g_autoptr(GPtrArray) events = NULL;

  pd_store_set_clock (store, PD_CLOCK (clock));
  g_assert_true (pd_store_insert_order (store, order, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pd_order_get_created_at (order), ==, 1700000000);

  pd_fake_clock_set_now (clock, G_GINT64_CONSTANT (1700000300) * G_USEC_PER_SEC);
  g_assert_true (pd_store_record_check_error (store, order, "timeout", 1700000330, &error));
  g_assert_no_error (error);
  /* A failed check is not an answer: only its event has the time. */
  g_assert_cmpint (pd_order_get_last_checked_at (order), ==, 0);

  pd_fake_clock_set_now (clock, G_GINT64_CONSTANT (1700000400) * G_USEC_PER_SEC);
  pd_order_set_state (order, PD_ORDER_STATE_PAID);
  g_assert_true (pd_store_update_order (store, order, PD_ORDER_EVENT_UPDATED, NULL, NULL, &error));
  g_assert_cmpint (pd_order_get_updated_at (order), ==, 1700000400);

  events = pd_store_list_events (store, order, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpint (((PdOrderEvent *)events->pdata[0])->time, ==, 1700000000);
  g_assert_cmpint (((PdOrderEvent *)events->pdata[1])->time, ==, 1700000300);
  g_assert_cmpint (((PdOrderEvent *)events->pdata[2])->time, ==, 1700000400);
}

static void
test_store_failed_write (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autoptr(PdOrder) order = make_order (PAYEE, "order-fail", "1");
  g_autoptr(GPtrArray) events = NULL;
  guint changed = 0;

  g_assert_true (pd_store_insert_order (store, order, &error));
  g_assert_no_error (error);
  g_signal_connect (store, "order-changed", G_CALLBACK (count_signal_cb), &changed);

  /* Another program makes every change of an order fail. */
  if (pd_test_pg_wanted ())
    run_sql (fixture->path,
             "CREATE FUNCTION refuse () RETURNS trigger LANGUAGE plpgsql AS"
             "  $$ BEGIN RAISE EXCEPTION 'refused'; END $$;"
             "CREATE TRIGGER refuse BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION refuse ()");
  else
    run_sql (fixture->path, "CREATE TRIGGER refuse BEFORE UPDATE ON orders "
                            "BEGIN SELECT RAISE (ABORT, 'refused'); END;");

  pd_order_set_state (order, PD_ORDER_STATE_PAID);
  pd_order_set_note (order, "changed");
  g_assert_false (pd_store_update_order (store, order, PD_ORDER_EVENT_UPDATED, NULL, "{}", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_FAILED);
  g_clear_error (&error);

  /* The object shows what is stored again; nothing was half written. */
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_UNPAID);
  g_assert_null (pd_order_get_note (order));
  g_assert_cmpuint (changed, ==, 0);
  events = pd_store_list_events (store, order, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);

  g_assert_false (pd_store_record_check (store, order, 5, 6, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (pd_order_get_last_checked_at (order), ==, 0);
  g_assert_cmpint (pd_order_get_next_check_at (order), ==, 0);
}

static void
test_store_closed (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autoptr(PdOrder) order = make_order (PAYEE, "order-0100", "1");

  pd_store_close (store);
  g_assert_false (pd_store_insert_order (store, order, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO);
}

/* A version 0 file with tables in it is another program's database:
 * refused, and left as it was to the byte (not even switched to WAL). */
/* The same on PostgreSQL: a database with another program's tables is
 * refused and left as it was, without even Paydesk's version table. */
static void
foreign_database_pg (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *tables = NULL;

  run_sql (fixture->path, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('kept');");

  store = pd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_FOREIGN);

  kept = run_sql_text (fixture->path, "SELECT string_agg (name, ',') FROM contacts");
  g_assert_cmpstr (kept, ==, "kept");
  tables = run_sql_text (fixture->path,
                         "SELECT string_agg (tablename, ',') FROM pg_tables WHERE schemaname = current_schema ()");
  g_assert_cmpstr (tables, ==, "contacts");
}

static void
test_store_foreign_database (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *wal_path = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_length;
  gsize after_length;
  sqlite3 *db = NULL;

  if (pd_test_pg_wanted ())
    {
      foreign_database_pg (fixture);
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('kept');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (fixture->path, &before, &before_length, NULL));

  store = pd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_FOREIGN);
  g_assert_nonnull (strstr (error->message, fixture->path));

  g_assert_true (g_file_get_contents (fixture->path, &after, &after_length, NULL));
  g_assert_cmpmem (before, before_length, after, after_length);
  g_assert_false (g_file_test (wal_path, G_FILE_TEST_EXISTS));
}

/* A schema 1 file, as the first release left it (one index on
 * next_check_at over every order), with an open, a paid and a recently
 * cancelled order: the current schema keeps them and finds the same ones
 * due. */
static void
test_store_migrate_from_v1 (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) due = NULL;
  g_autofree char *version = NULL;
  g_autofree char *indexes = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 next = -1;

  SQLITE_ONLY ();

  {
    g_autoptr(PdOrder) open = make_order (PAYEE, "v1-open", "1");
    g_autoptr(PdOrder) paid = make_order (PAYEE, "v1-paid", "2");
    g_autoptr(PdOrder) cancelled = make_order (PAYEE, "v1-cancelled", "3");

    pd_order_set_next_check_at (open, now - 5);
    pd_order_set_state (paid, PD_ORDER_STATE_PAID);
    pd_order_set_state (cancelled, PD_ORDER_STATE_CANCELLED);
    pd_order_set_cancelled_at (cancelled, now - 60);
    pd_order_set_next_check_at (cancelled, now - 1);
    g_assert_true (pd_store_insert_order (store, open, &error));
    g_assert_true (pd_store_insert_order (store, paid, &error));
    g_assert_true (pd_store_insert_order (store, cancelled, &error));
    g_assert_no_error (error);
  }
  pd_store_close (store);
  g_clear_object (&store);

  run_sql (fixture->path,
           "DROP INDEX orders_open_by_next_check;"
           "DROP INDEX orders_cancelled_by_time;"
           "CREATE INDEX orders_by_next_check_at ON orders (next_check_at);"
           "ALTER TABLE orders DROP COLUMN revision;"
           "PRAGMA user_version = 1;");

  store = open_store (fixture->path);
  g_assert_cmpint (pd_store_get_schema_version (store), ==, PD_STORE_SCHEMA_VERSION);
  due = pd_store_list_due_orders (store, now, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpstr (pd_order_get_order_id (due->pdata[0]), ==, "v1-open");
  g_assert_cmpstr (pd_order_get_order_id (due->pdata[1]), ==, "v1-cancelled");
  g_assert_true (pd_store_get_next_check_at (store, now, &next, &error));
  g_assert_cmpint (next, ==, now - 5);
  pd_store_close (store);

  version = run_sql_text (fixture->path, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, PD_STORE_SCHEMA_VERSION);
  indexes = run_sql_text (fixture->path,
                          "SELECT group_concat (name, ' ') FROM"
                          " (SELECT name FROM sqlite_master WHERE type = 'index'"
                          "  AND name LIKE 'orders%' ORDER BY name)");
  g_assert_cmpstr (indexes, ==, "orders_by_created_at orders_by_order_id"
                                " orders_cancelled_by_time orders_open_by_next_check");
}

/* How many times the program SQLite makes of @sql uses @opcode. */
static guint
count_opcodes (const char *path,
               const char *sql,
               const char *opcode)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN ", sql, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    n += g_strcmp0 ((const char *)sqlite3_column_text (stmt, 1), opcode) == 0;
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

/* A schema 2 file, whose index of open orders had "state IN (…)" for its
 * condition: schema 3 spells it without IN, and an answer recorded for
 * an order no longer writes through temporary tables. */
static void
test_store_migrate_from_v2 (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *update = "UPDATE orders SET state = 'paid', next_check_at = 0 WHERE id = 1";
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = open_store (fixture->path);
  g_autoptr(PdOrder) open = make_order (PAYEE, "v2-open", "1");
  g_autoptr(GPtrArray) due = NULL;
  g_autofree char *index = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  SQLITE_ONLY ();

  pd_order_set_next_check_at (open, now - 5);
  g_assert_true (pd_store_insert_order (store, open, &error));
  g_assert_no_error (error);
  pd_store_close (store);
  g_clear_object (&store);

  run_sql (fixture->path,
           "DROP INDEX orders_open_by_next_check;"
           "CREATE INDEX orders_open_by_next_check ON orders (next_check_at, id)"
           "  WHERE state IN ('unpaid', 'confirming', 'paid_less', 'pending', 'auditing', 'unknown');"
           "ALTER TABLE orders DROP COLUMN revision;"
           "PRAGMA user_version = 2;");
  g_assert_cmpuint (count_opcodes (fixture->path, update, "OpenEphemeral"), ==, 2);

  store = open_store (fixture->path);
  g_assert_cmpint (pd_store_get_schema_version (store), ==, PD_STORE_SCHEMA_VERSION);
  due = pd_store_list_due_orders (store, now, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpstr (pd_order_get_order_id (due->pdata[0]), ==, "v2-open");
  pd_store_close (store);

  index = run_sql_text (fixture->path,
                        "SELECT sql FROM sqlite_master WHERE name = 'orders_open_by_next_check'");
  g_assert_null (strstr (index, " IN "));
  g_assert_cmpuint (count_opcodes (fixture->path, update, "OpenEphemeral"), ==, 0);
}

/* Durability: a VFS that counts the syncs SQLite asks of the disk. It
 * opens every file with the real VFS and swaps in a copy of its methods
 * whose xSync counts, so the file works exactly as before. The real VFS
 * has a few sets of methods (by locking style): one copy each. */
#define MAX_METHODS 8

static sqlite3_vfs *real_vfs;
static sqlite3_vfs counting_vfs;
static const sqlite3_io_methods *real_methods[MAX_METHODS];
static sqlite3_io_methods counting_methods[MAX_METHODS];
static guint n_methods;
static guint n_syncs;

static int
counting_sync (sqlite3_file *file,
               int           flags)
{
  guint i = (guint) (file->pMethods - counting_methods);

  g_assert_cmpuint (i, <, n_methods);
  n_syncs++;
  return real_methods[i]->xSync (file, flags);
}

static int
counting_open (sqlite3_vfs  *vfs,
               const char   *name,
               sqlite3_file *file,
               int           flags,
               int          *out_flags)
{
  int rc = real_vfs->xOpen (real_vfs, name, file, flags, out_flags);
  guint i;

  if (rc != SQLITE_OK || file->pMethods == NULL)
    return rc;

  for (i = 0; i < n_methods && real_methods[i] != file->pMethods; i++)
    ;
  if (i == n_methods)
    {
      g_assert_cmpuint (n_methods, <, MAX_METHODS);
      real_methods[i] = file->pMethods;
      counting_methods[i] = *file->pMethods;
      counting_methods[i].xSync = counting_sync;
      n_methods++;
    }
  file->pMethods = &counting_methods[i];

  return rc;
}

static void
install_counting_vfs (void)
{
  if (real_vfs != NULL)
    return;

  real_vfs = sqlite3_vfs_find (NULL);
  counting_vfs = *real_vfs;
  counting_vfs.zName = "paydesk-test-counting";
  counting_vfs.xOpen = counting_open;
  g_assert_cmpint (sqlite3_vfs_register (&counting_vfs, TRUE), ==, SQLITE_OK);
}

/* What the merchant does waits for the disk; what MixPay answers (and can
 * answer again) does not, and leaves the next write waiting again. */
static void
test_store_durability (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdOrder) order = make_order (PAYEE, "durable-1", "10");
  g_autoptr(PdOrder) reread = NULL;
  g_autoptr(GPtrArray) events = NULL;

  SQLITE_ONLY ();

  install_counting_vfs ();
  store = open_store (fixture->path);

  n_syncs = 0;
  g_assert_true (pd_store_insert_order (store, order, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_syncs, >, 0);

  n_syncs = 0;
  g_assert_true (pd_store_record_check (store, order, 1800000000, 1800000010, &error));
  pd_order_set_state (order, PD_ORDER_STATE_CONFIRMING);
  pd_order_set_confirmations (order, 1);
  g_assert_true (pd_store_record_result (store, order, "unpaid → confirming", "{}", &error));
  g_assert_true (pd_store_record_check_error (store, order, "Network unreachable", 1800000020, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_syncs, ==, 0);

  n_syncs = 0;
  g_assert_true (pd_store_cancel_order (store, order, "Wrong amount", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_syncs, >, 0);

  /* Everything was committed, whatever it waited for. */
  pd_store_close (store);
  g_clear_object (&store);
  store = open_store (fixture->path);
  reread = pd_store_lookup_order (store, PAYEE, "durable-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pd_order_get_state (reread), ==, PD_ORDER_STATE_CANCELLED);
  g_assert_cmpint (pd_order_get_confirmations (reread), ==, 1);
  g_assert_cmpint (pd_order_get_next_check_at (reread), ==, 1800000020);
  events = pd_store_list_events (store, reread, &error);
  g_assert_no_error (error);
  /* created, state changed (the result), check error, cancelled */
  g_assert_cmpuint (events->len, ==, 4);
}

/* The same on PostgreSQL: a step that cannot be applied (a table of
 * schema 2 is in the way) leaves the database at schema 1, the table as
 * it was. */
static void
migrate_failure_rolls_back_pg (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *version = NULL;
  g_autofree char *in_the_way = NULL;

  run_sql (fixture->path,
           "CREATE TABLE paydesk_schema (version INTEGER NOT NULL); INSERT INTO paydesk_schema VALUES (1);"
           "CREATE TABLE poll_desk (name TEXT); INSERT INTO poll_desk VALUES ('old');");

  store = pd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "schema 2"));
  g_test_message ("migration: %s", error->message);

  version = run_sql_text (fixture->path, "SELECT string_agg (version::text, ',') FROM paydesk_schema");
  g_assert_cmpstr (version, ==, "1");
  in_the_way = run_sql_text (fixture->path, "SELECT string_agg (name, ',') FROM poll_desk");
  g_assert_cmpstr (in_the_way, ==, "old");
}

/* The same on PostgreSQL: a newer Paydesk's database is refused as it
 * is. */
static void
newer_version_pg (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *version = NULL;
  g_autofree char *tables = NULL;

  run_sql (fixture->path,
           "CREATE TABLE paydesk_schema (version INTEGER NOT NULL); INSERT INTO paydesk_schema VALUES (99);"
           "CREATE TABLE future (x INTEGER);");

  store = pd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_VERSION);

  version = run_sql_text (fixture->path, "SELECT string_agg (version::text, ',') FROM paydesk_schema");
  g_assert_cmpstr (version, ==, "99");
  tables = run_sql_text (fixture->path,
                         "SELECT string_agg (tablename, ',' ORDER BY tablename) FROM pg_tables"
                         " WHERE schemaname = current_schema ()");
  g_assert_cmpstr (tables, ==, "future,paydesk_schema");
}

static void
test_store_migrate_failure_rolls_back (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *version = NULL;
  g_autofree char *events = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  sqlite3 *db = NULL;

  if (pd_test_pg_wanted ())
    {
      migrate_failure_rolls_back_pg (fixture);
      return;
    }

  /* A schema 1 file the second step cannot apply over: its "orders"
   * table lacks the index that step replaces. */
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE orders (name TEXT); INSERT INTO orders VALUES ('old');"
                                 " PRAGMA user_version = 1;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = pd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "schema 2"));
  g_test_message ("migration: %s", error->message);

  /* Nothing of the step was kept. */
  version = run_sql_text (fixture->path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "1");
  events = run_sql_text (fixture->path,
                         "SELECT count(*) FROM sqlite_master WHERE name = 'order_events'");
  g_assert_cmpstr (events, ==, "0");
}

static void
test_store_newer_version (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  gsize length = 0;
  sqlite3 *db = NULL;

  if (pd_test_pg_wanted ())
    {
      newer_version_pg (fixture);
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (fixture->path, &before, &length, NULL));

  store = pd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_VERSION);
  assert_file_is (fixture->path, before, length);
}

static void
test_store_default_path (void)
{
  g_autofree char *path = NULL;
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "paydesk", "paydesk.db", NULL);

  g_setenv ("PAYDESK_DB", "/tmp/elsewhere.db", TRUE);
  path = pd_store_dup_default_path ();
  g_assert_cmpstr (path, ==, "/tmp/elsewhere.db");
  g_clear_pointer (&path, g_free);

  g_unsetenv ("PAYDESK_DB");
  path = pd_store_dup_default_path ();
  g_assert_cmpstr (path, ==, expected);
}

static guint
count_char (const char *text,
            char        c)
{
  guint n = 0;

  for (; *text != '\0'; text++)
    n += *text == c;

  return n;
}

/* The SQL and the row rule every backend shares (pd-ledger-columns):
 * one parameter a column, in the style of the backend. */
static void
test_store_columns_sql (void)
{
  const guint n_columns = PD_LEDGER_N_STRING_COLUMNS + PD_LEDGER_N_TIME_COLUMNS + PD_LEDGER_N_OTHER_COLUMNS;
  const guint n_set = n_columns - PD_LEDGER_N_KEY_COLUMNS - PD_LEDGER_N_FIXED_TIME_COLUMNS;
  g_autofree char *select = pd_ledger_build_select_columns_sql ();
  g_autofree char *insert = pd_ledger_build_insert_sql (PD_LEDGER_PARAMS_QUESTION);
  g_autofree char *insert_numbered = pd_ledger_build_insert_sql (PD_LEDGER_PARAMS_NUMBERED);
  g_autofree char *update = pd_ledger_build_update_sql (PD_LEDGER_PARAMS_QUESTION);
  g_autofree char *update_numbered = pd_ledger_build_update_sql (PD_LEDGER_PARAMS_NUMBERED);
  g_autofree char *last_param = g_strdup_printf ("$%u)", n_columns);
  g_autofree char *past_last = g_strdup_printf ("$%u", n_columns + 1);
  g_autofree char *update_tail = g_strdup_printf (", revision = revision + 1 WHERE id = $%u AND revision = $%u",
                                                  n_set + 1, n_set + 2);
  g_autoptr(PdOrder) order = pd_order_new ();
  g_autofree char *joined = NULL;
  const char * const *mismatch;

  g_assert_true (g_str_has_prefix (select, "SELECT id, order_id, payee_id, "));
  g_assert_true (g_str_has_suffix (select, ", mismatch, revision FROM orders "));
  g_assert_cmpuint (count_char (select, ','), ==, n_columns + 1);

  g_assert_true (g_str_has_prefix (insert, "INSERT INTO orders (order_id, payee_id, "));
  g_assert_cmpuint (count_char (insert, '?'), ==, n_columns);
  g_assert_cmpuint (count_char (insert_numbered, '?'), ==, 0);
  g_assert_true (g_str_has_suffix (insert_numbered, last_param));
  g_assert_null (strstr (insert_numbered, past_last));

  g_assert_true (g_str_has_prefix (update, "UPDATE orders SET settlement_asset_id = ?, "));
  g_assert_null (strstr (update, "created_at"));
  g_assert_true (g_str_has_suffix (update, ", revision = revision + 1 WHERE id = ? AND revision = ?"));
  g_assert_cmpuint (count_char (update, '?'), ==, n_set + 2);
  g_assert_true (g_str_has_prefix (update_numbered, "UPDATE orders SET settlement_asset_id = $1, "));
  g_assert_true (g_str_has_suffix (update_numbered, update_tail));

  /* A state this build does not know is unknown, never paid. */
  pd_ledger_set_other_columns (order, "settled-on-the-moon", NULL, 3, "payeeId,quoteAmount");
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_UNKNOWN);
  g_assert_cmpint (pd_order_get_link_kind (order), ==, PD_ORDER_LINK_KIND_PAYLINK);
  g_assert_cmpint (pd_order_get_confirmations (order), ==, 3);
  mismatch = pd_order_get_mismatch (order);
  g_assert_nonnull (mismatch);
  g_assert_cmpstr (mismatch[0], ==, "payeeId");
  g_assert_cmpstr (mismatch[1], ==, "quoteAmount");
  g_assert_null (mismatch[2]);
  joined = pd_ledger_join_mismatch (order);
  g_assert_cmpstr (joined, ==, "payeeId,quoteAmount");

  pd_ledger_set_other_columns (order, "paid", "one-time", 0, NULL);
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_PAID);
  g_assert_cmpint (pd_order_get_link_kind (order), ==, PD_ORDER_LINK_KIND_ONE_TIME);
  g_assert_null (pd_order_get_mismatch (order));
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/default-path", test_store_default_path);
  g_test_add_func ("/store/columns-sql", test_store_columns_sql);
#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/create-read-update", test_store_create_read_update);
  ADD ("/store/duplicate", test_store_duplicate);
  ADD ("/store/exact-decimals", test_store_exact_decimals);
  ADD ("/store/note-rule", test_store_note_rule);
  ADD ("/store/payee-spellings", test_store_payee_spellings);
  ADD ("/store/list-again", test_store_list_again);
  ADD ("/store/loaded-strings", test_store_loaded_strings);
  ADD ("/store/changed-elsewhere", test_store_changed_elsewhere);
  ADD ("/store/refresh", test_store_refresh);
  ADD ("/store/refresh-skips-own", test_store_refresh_skips_own);
  ADD ("/store/quote-symbols", test_store_quote_symbols);
  ADD ("/store/events", test_store_events);
  ADD ("/store/due-orders", test_store_due_orders);
  ADD ("/store/asset-cache", test_store_asset_cache);
  ADD ("/store/corrupt", test_store_corrupt);
  ADD ("/store/damaged-pages", test_store_damaged_pages);
  ADD ("/store/damaged-deep", test_store_damaged_deep);
  ADD ("/store/unwritable", test_store_unwritable);
  ADD ("/store/closed", test_store_closed);
  ADD ("/store/failed-write", test_store_failed_write);
  ADD ("/store/clock", test_store_clock);
  ADD ("/store/foreign-database", test_store_foreign_database);
  ADD ("/store/migrate-from-v1", test_store_migrate_from_v1);
  ADD ("/store/migrate-from-v2", test_store_migrate_from_v2);
  ADD ("/store/durability", test_store_durability);
  ADD ("/store/migrate-failure-rolls-back", test_store_migrate_failure_rolls_back);
  ADD ("/store/newer-version", test_store_newer_version);
#undef ADD

  rc = g_test_run ();
  pd_test_pg_stop ();
  return rc;
}
