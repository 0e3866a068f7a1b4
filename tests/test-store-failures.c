/* test-store-failures.c: a ledger the store cannot open or write, or
 * will not open: what it says, and that nothing is left half done
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pd-test-store.h"

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
  made = pd_test_ledger_dup_sql_text (existing,
                                      "SELECT count(*) FROM pg_database WHERE datname = 'paydesk_no_such_db'");
  g_assert_cmpstr (made, ==, "0");

  /* Nothing listens on the discard port. */
  store = pd_store_open ("postgresql://127.0.0.1:9/paydesk?connect_timeout=5", &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO);
}

static void
test_store_unwritable (PdTestLedger  *fixture,
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
  pd_test_write_file (blocker, "x", 1);
  store = pd_store_open (below, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO);
  g_clear_error (&error);
  pd_test_assert_file_is (blocker, "x", 1);

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
test_store_closed (PdTestLedger  *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(PdOrder) order = pd_test_new_order (PAYEE, "order-0100", "1");

  pd_store_close (store);
  g_assert_false (pd_store_insert_order (store, order, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO);
}

static void
test_store_failed_write (PdTestLedger  *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(PdOrder) order = pd_test_new_order (PAYEE, "order-fail", "1");
  g_autoptr(GPtrArray) events = NULL;
  guint changed = 0;

  g_assert_true (pd_store_insert_order (store, order, &error));
  g_assert_no_error (error);
  g_signal_connect (store, "order-changed", G_CALLBACK (pd_test_count_order_cb), &changed);

  /* Another program makes every change of an order fail. */
  if (pd_test_pg_wanted ())
    pd_test_ledger_run_sql (fixture->path,
                            "CREATE FUNCTION refuse () RETURNS trigger LANGUAGE plpgsql AS"
                            "  $$ BEGIN RAISE EXCEPTION 'refused'; END $$;"
                            "CREATE TRIGGER refuse BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION refuse ()");
  else
    pd_test_ledger_run_sql (fixture->path, "CREATE TRIGGER refuse BEFORE UPDATE ON orders "
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

/* The same on PostgreSQL: a database with another program's tables is
 * refused and left as it was, without even Paydesk's version table. */
static void
foreign_database_pg (PdTestLedger *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *tables = NULL;

  pd_test_ledger_run_sql (fixture->path, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('kept');");

  store = pd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_FOREIGN);

  kept = pd_test_ledger_dup_sql_text (fixture->path, "SELECT string_agg (name, ',') FROM contacts");
  g_assert_cmpstr (kept, ==, "kept");
  tables = pd_test_ledger_dup_sql_text (fixture->path,
                                        "SELECT string_agg (tablename, ',') FROM pg_tables"
                                        " WHERE schemaname = current_schema ()");
  g_assert_cmpstr (tables, ==, "contacts");
}

/* A version 0 file with tables in it is another program's database:
 * refused, and left as it was to the byte (not even switched to WAL). */
static void
test_store_foreign_database (PdTestLedger  *fixture,
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

/* The same on PostgreSQL: a step that cannot be applied (a table of
 * schema 2 is in the way) leaves the database at schema 1, the table as
 * it was. */
static void
migrate_failure_rolls_back_pg (PdTestLedger *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *version = NULL;
  g_autofree char *in_the_way = NULL;

  pd_test_ledger_run_sql (fixture->path,
                          "CREATE TABLE paydesk_schema (version INTEGER NOT NULL); INSERT INTO paydesk_schema VALUES (1);"
                          "CREATE TABLE poll_desk (name TEXT); INSERT INTO poll_desk VALUES ('old');");

  store = pd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "schema 2"));
  g_test_message ("migration: %s", error->message);

  version = pd_test_ledger_dup_sql_text (fixture->path, "SELECT string_agg (version::text, ',') FROM paydesk_schema");
  g_assert_cmpstr (version, ==, "1");
  in_the_way = pd_test_ledger_dup_sql_text (fixture->path, "SELECT string_agg (name, ',') FROM poll_desk");
  g_assert_cmpstr (in_the_way, ==, "old");
}

/* The same on PostgreSQL: a newer Paydesk's database is refused as it
 * is. */
static void
newer_version_pg (PdTestLedger *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *version = NULL;
  g_autofree char *tables = NULL;

  pd_test_ledger_run_sql (fixture->path,
                          "CREATE TABLE paydesk_schema (version INTEGER NOT NULL); INSERT INTO paydesk_schema VALUES (99);"
                          "CREATE TABLE future (x INTEGER);");

  store = pd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_VERSION);

  version = pd_test_ledger_dup_sql_text (fixture->path, "SELECT string_agg (version::text, ',') FROM paydesk_schema");
  g_assert_cmpstr (version, ==, "99");
  tables = pd_test_ledger_dup_sql_text (fixture->path,
                                        "SELECT string_agg (tablename, ',' ORDER BY tablename) FROM pg_tables"
                                        " WHERE schemaname = current_schema ()");
  g_assert_cmpstr (tables, ==, "future,paydesk_schema");
}

static void
test_store_migrate_failure_rolls_back (PdTestLedger  *fixture,
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
  version = pd_test_ledger_dup_sql_text (fixture->path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "1");
  events = pd_test_ledger_dup_sql_text (fixture->path,
                                        "SELECT count(*) FROM sqlite_master WHERE name = 'order_events'");
  g_assert_cmpstr (events, ==, "0");
}

static void
test_store_newer_version (PdTestLedger  *fixture,
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
  pd_test_assert_file_is (fixture->path, before, length);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  PD_TEST_LEDGER_ADD ("/store/unwritable", test_store_unwritable);
  PD_TEST_LEDGER_ADD ("/store/closed", test_store_closed);
  PD_TEST_LEDGER_ADD ("/store/failed-write", test_store_failed_write);
  PD_TEST_LEDGER_ADD ("/store/foreign-database", test_store_foreign_database);
  PD_TEST_LEDGER_ADD ("/store/migrate-failure-rolls-back", test_store_migrate_failure_rolls_back);
  PD_TEST_LEDGER_ADD ("/store/newer-version", test_store_newer_version);

  return pd_test_ledger_run_tests ();
}
