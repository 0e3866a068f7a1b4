/* pd-test-store.c: a ledger for each store test, on SQLite or on the
 * throw-away PostgreSQL server, and ways to reach it from outside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <libpq-fe.h>

#include "pd-test-store.h"

void
pd_test_ledger_set_up (PdTestLedger  *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-store-XXXXXX", &error);
  g_assert_no_error (error);
  if (pd_test_pg_wanted ())
    fixture->path = pd_test_pg_new_database ();
  else
    fixture->path = g_build_filename (fixture->dir, "ledger", "paydesk.db", NULL);
}

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

void
pd_test_ledger_tear_down (PdTestLedger  *fixture,
                          gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

int
pd_test_ledger_run_tests (void)
{
  int rc = g_test_run ();

  pd_test_pg_stop ();
  return rc;
}

PdOrder *
pd_test_new_order (const char *payee_id,
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

PdStore *
pd_test_open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  PdStore *store = pd_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);

  return store;
}

void
pd_test_count_order_cb (gpointer  instance,
                        PdOrder  *order,
                        guint    *count)
{
  g_assert_true (PD_IS_ORDER (order));
  (*count)++;
}

void
pd_test_count_notify_cb (GObject    *object,
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

gboolean
pd_test_ledger_try_sql (const char *path,
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

void
pd_test_ledger_run_sql (const char *path,
                        const char *sql)
{
  g_assert_true (pd_test_ledger_try_sql (path, sql));
}

char *
pd_test_ledger_dup_sql_text (const char *path,
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

void
pd_test_write_file (const char *path,
                    const char *contents,
                    gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

void
pd_test_assert_file_is (const char *path,
                        const char *contents,
                        gsize       length)
{
  g_autofree char *now = NULL;
  gsize now_length = 0;

  g_assert_true (g_file_get_contents (path, &now, &now_length, NULL));
  g_assert_cmpmem (now, now_length, contents, length);
}
