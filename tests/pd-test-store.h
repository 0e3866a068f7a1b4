/* pd-test-store.h: a ledger for each store test, on SQLite or on the
 * throw-away PostgreSQL server, and ways to reach it from outside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pd-order.h"
#include "pd-store.h"
#include "pd-test-pg.h"

G_BEGIN_DECLS

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define OTHER_PAYEE "b38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"

/* A new temporary folder, and the ledger of one test: a file in that
 * folder (not made yet), or a new database of the throw-away server when
 * the tests run on PostgreSQL (the -pg entries of tests/meson.build). */
typedef struct
{
  char *dir;
  char *path;
} PdTestLedger;

void      pd_test_ledger_set_up       (PdTestLedger  *fixture,
                                       gconstpointer  data);
/* Removes the folder and everything in it. */
void      pd_test_ledger_tear_down    (PdTestLedger  *fixture,
                                       gconstpointer  data);

#define PD_TEST_LEDGER_ADD(name, func) \
  g_test_add (name, PdTestLedger, NULL, pd_test_ledger_set_up, func, pd_test_ledger_tear_down)

/* Runs the tests added, then stops the throw-away server if one was
 * started: what a store test's main() returns. */
int       pd_test_ledger_run_tests    (void);

/* What only an SQLite file has (its folder, WAL, pages, the VFS): such a
 * test skips itself on PostgreSQL. */
#define PD_TEST_SQLITE_ONLY() \
  G_STMT_START { \
    if (pd_test_pg_wanted ()) \
      { \
        g_test_skip ("about the SQLite file only"); \
        return; \
      } \
  } G_STMT_END

/* An order of @amount USDT, settled in BTC, not stored yet. */
PdOrder  *pd_test_new_order           (const char    *payee_id,
                                       const char    *order_id,
                                       const char    *amount);
/* Opens the ledger at @path, failing the test if it cannot. */
PdStore  *pd_test_open_store          (const char    *path);

/* Signal handlers that count into the guint @count. */
void      pd_test_count_order_cb      (gpointer       instance,
                                       PdOrder       *order,
                                       guint         *count);
void      pd_test_count_notify_cb     (GObject       *object,
                                       GParamSpec    *pspec,
                                       guint         *count);

/* Runs @sql on the ledger at @path as another program, through a
 * connection of its own; FALSE when the ledger refused it. */
gboolean  pd_test_ledger_try_sql      (const char    *path,
                                       const char    *sql);
/* The same, failing the test when the ledger refuses it: how an older
 * Paydesk, or another program, left the ledger. */
void      pd_test_ledger_run_sql      (const char    *path,
                                       const char    *sql);
/* The first value of @sql's result, or NULL. */
char     *pd_test_ledger_dup_sql_text (const char    *path,
                                       const char    *sql);

/* Writes @contents to @path, making its folder first. */
void      pd_test_write_file          (const char    *path,
                                       const char    *contents,
                                       gsize          length);
/* Fails the test unless @path holds exactly @contents. */
void      pd_test_assert_file_is      (const char    *path,
                                       const char    *contents,
                                       gsize          length);

G_END_DECLS
