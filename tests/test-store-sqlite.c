/* test-store-sqlite.c: what only an SQLite ledger has: a damaged file, the
 * migrations of its schema, and what waits for the disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <sqlite3.h>

#include "pd-test-store.h"

static void
test_store_corrupt (PdTestLedger  *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *garbage = g_malloc (8192);

  PD_TEST_SQLITE_ONLY ();

  for (guint i = 0; i < 8192; i++)
    garbage[i] = (char)(i * 7 + 13);
  pd_test_write_file (fixture->path, garbage, 8192);

  store = pd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_test_message ("corrupt: %s", error->message);

  pd_test_assert_file_is (fixture->path, garbage, 8192);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_store_damaged_pages (PdTestLedger  *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autofree char *contents = NULL;
  gsize length = 0;

  PD_TEST_SQLITE_ONLY ();

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *id = g_strdup_printf ("order-%04u", i);
      g_autoptr(PdOrder) order = pd_test_new_order (PAYEE, id, "1");

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
  pd_test_write_file (fixture->path, contents, length);

  store = pd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
  pd_test_assert_file_is (fixture->path, contents, length);
}

/* Damage deep in the file, where opening does not look: the background
 * check finds it before the first write, which is refused. */
static void
test_store_damaged_deep (PdTestLedger  *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PdOrder) late = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  PD_TEST_SQLITE_ONLY ();

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *id = g_strdup_printf ("order-%04u", i);
      PdOrder *order = pd_test_new_order (PAYEE, id, "1");

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
  pd_test_write_file (fixture->path, contents, length);

  store = pd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  late = pd_test_new_order (PAYEE, "after-the-damage", "1");
  g_assert_false (pd_store_insert_order (store, late, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
  g_test_message ("damaged: %s", error->message);
  g_clear_error (&error);

  /* Refused again, and nothing reached the file, not even when closed. */
  g_assert_false (pd_store_insert_order (store, late, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
  g_clear_object (&store);
  pd_test_assert_file_is (fixture->path, contents, length);
}

/* A schema 1 file, as the first release left it (one index on
 * next_check_at over every order), with an open, a paid and a recently
 * cancelled order: the current schema keeps them and finds the same ones
 * due. */
static void
test_store_migrate_from_v1 (PdTestLedger  *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(GPtrArray) due = NULL;
  g_autofree char *version = NULL;
  g_autofree char *indexes = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 next = -1;

  PD_TEST_SQLITE_ONLY ();

  {
    g_autoptr(PdOrder) open = pd_test_new_order (PAYEE, "v1-open", "1");
    g_autoptr(PdOrder) paid = pd_test_new_order (PAYEE, "v1-paid", "2");
    g_autoptr(PdOrder) cancelled = pd_test_new_order (PAYEE, "v1-cancelled", "3");

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

  pd_test_ledger_run_sql (fixture->path,
                          "DROP INDEX orders_open_by_next_check;"
                          "DROP INDEX orders_cancelled_by_time;"
                          "CREATE INDEX orders_by_next_check_at ON orders (next_check_at);"
                          "ALTER TABLE orders DROP COLUMN revision;"
                          "PRAGMA user_version = 1;");

  store = pd_test_open_store (fixture->path);
  g_assert_cmpint (pd_store_get_schema_version (store), ==, PD_STORE_SCHEMA_VERSION);
  due = pd_store_list_due_orders (store, now, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpstr (pd_order_get_order_id (due->pdata[0]), ==, "v1-open");
  g_assert_cmpstr (pd_order_get_order_id (due->pdata[1]), ==, "v1-cancelled");
  g_assert_true (pd_store_get_next_check_at (store, now, &next, &error));
  g_assert_cmpint (next, ==, now - 5);
  pd_store_close (store);

  version = pd_test_ledger_dup_sql_text (fixture->path, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, PD_STORE_SCHEMA_VERSION);
  indexes = pd_test_ledger_dup_sql_text (fixture->path,
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
test_store_migrate_from_v2 (PdTestLedger  *fixture,
                            gconstpointer  data)
{
  const char *update = "UPDATE orders SET state = 'paid', next_check_at = 0 WHERE id = 1";
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(PdOrder) open = pd_test_new_order (PAYEE, "v2-open", "1");
  g_autoptr(GPtrArray) due = NULL;
  g_autofree char *index = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  PD_TEST_SQLITE_ONLY ();

  pd_order_set_next_check_at (open, now - 5);
  g_assert_true (pd_store_insert_order (store, open, &error));
  g_assert_no_error (error);
  pd_store_close (store);
  g_clear_object (&store);

  pd_test_ledger_run_sql (fixture->path,
                          "DROP INDEX orders_open_by_next_check;"
                          "CREATE INDEX orders_open_by_next_check ON orders (next_check_at, id)"
                          "  WHERE state IN ('unpaid', 'confirming', 'paid_less', 'pending', 'auditing', 'unknown');"
                          "ALTER TABLE orders DROP COLUMN revision;"
                          "PRAGMA user_version = 2;");
  g_assert_cmpuint (count_opcodes (fixture->path, update, "OpenEphemeral"), ==, 2);

  store = pd_test_open_store (fixture->path);
  g_assert_cmpint (pd_store_get_schema_version (store), ==, PD_STORE_SCHEMA_VERSION);
  due = pd_store_list_due_orders (store, now, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpstr (pd_order_get_order_id (due->pdata[0]), ==, "v2-open");
  pd_store_close (store);

  index = pd_test_ledger_dup_sql_text (fixture->path,
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
test_store_durability (PdTestLedger  *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdOrder) order = pd_test_new_order (PAYEE, "durable-1", "10");
  g_autoptr(PdOrder) reread = NULL;
  g_autoptr(GPtrArray) events = NULL;

  PD_TEST_SQLITE_ONLY ();

  install_counting_vfs ();
  store = pd_test_open_store (fixture->path);

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
  store = pd_test_open_store (fixture->path);
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  PD_TEST_LEDGER_ADD ("/store/corrupt", test_store_corrupt);
  PD_TEST_LEDGER_ADD ("/store/damaged-pages", test_store_damaged_pages);
  PD_TEST_LEDGER_ADD ("/store/damaged-deep", test_store_damaged_deep);
  PD_TEST_LEDGER_ADD ("/store/migrate-from-v1", test_store_migrate_from_v1);
  PD_TEST_LEDGER_ADD ("/store/migrate-from-v2", test_store_migrate_from_v2);
  PD_TEST_LEDGER_ADD ("/store/durability", test_store_durability);

  return pd_test_ledger_run_tests ();
}
