/* test-cli-import-ledger.c: paydesk-cli import-ledger and
 * pd-ledger-import.c: a desk's SQLite ledger copied, every order with
 * its history, into another SQLite file or (as cli-import-ledger-pg)
 * into a database of the throw-away PostgreSQL server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pd-ledger-import.h"
#include "pd-order.h"
#include "pd-store.h"
#include "pd-test-cli.h"
#include "pd-test-pg.h"

#define PAYEE PD_TEST_CLI_PAYEE
#define BTC PD_TEST_CLI_BTC
#define USDT PD_TEST_CLI_USDT

/* The orders of the source ledger, one in each state that keeps
 * something of its own. */
static const char * const order_ids[] = {
  "imp-open", "imp-paid", "imp-mismatch", "imp-cancelled", "imp-failed", "imp-decimal",
};

typedef struct
{
  char                *dir;
  char                *source;   /* an SQLite file */
  char                *target;   /* a file that does not exist yet, or a database URI */
  GSubprocessLauncher *on_source;
  GSubprocessLauncher *on_target;
} Fixture;

static PdOrder *
make_order (const char *order_id,
            const char *amount,
            gint64      created_at)
{
  PdOrder *order = pd_order_new ();

  pd_order_set_payee_id (order, PAYEE);
  pd_order_set_order_id (order, order_id);
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, USDT);
  pd_order_set_quote_amount (order, amount);
  pd_order_set_created_at (order, created_at);

  return order;
}

static PdStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  PdStore *store = pd_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
update (PdStore          *store,
        PdOrder          *order,
        PdOrderEventKind  kind,
        const char       *message,
        const char       *raw_json)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_update_order (store, order, kind, message, raw_json, &error));
  g_assert_no_error (error);
}

/* A desk's ledger with orders in every state, notes, payment facts,
 * mismatch reasons, a cancel reason and several history lines each. */
static void
fill_source (const char *path)
{
  g_autoptr(PdStore) store = open_store (path);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *mismatch[] = { "payeeId", "quoteAmount", NULL };
  PdOrder *order;

  for (guint i = 0; i < G_N_ELEMENTS (order_ids); i++)
    g_ptr_array_add (orders, make_order (order_ids[i], i == 5 ? "12.34567890123456789" : "10.5",
                                         1764000000 + 60 * i));
  pd_order_set_note (g_ptr_array_index (orders, 0), "Table 4\nTwo coffees, 中文");
  pd_order_set_remark (g_ptr_array_index (orders, 0), "thanks");
  g_assert_true (pd_store_insert_orders (store, orders, &error));
  g_assert_no_error (error);

  order = g_ptr_array_index (orders, 1);
  pd_order_set_note (order, "paid at the counter");
  update (store, order, PD_ORDER_EVENT_NOTE, NULL, NULL);
  pd_order_set_state (order, PD_ORDER_STATE_PAID);
  pd_order_set_mixpay_status (order, "success");
  pd_order_set_payment_amount (order, "10.5");
  pd_order_set_payment_symbol (order, "USDT");
  pd_order_set_txid (order, "0xfeedbeef");
  pd_order_set_confirmations (order, 12);
  pd_order_set_paid_at (order, 1764000500);
  pd_order_set_settle_status (order, "success");
  update (store, order, PD_ORDER_EVENT_STATE_CHANGED, "paid", "{\"status\":\"success\"}");

  order = g_ptr_array_index (orders, 2);
  pd_order_set_state (order, PD_ORDER_STATE_MISMATCH);
  pd_order_set_mixpay_status (order, "success");
  pd_order_set_payment_amount (order, "1");
  pd_order_set_mismatch (order, mismatch);
  update (store, order, PD_ORDER_EVENT_STATE_CHANGED, "the payee and amount differ",
          "{\"status\":\"success\",\"quoteAmount\":\"1\"}");

  order = g_ptr_array_index (orders, 3);
  g_assert_true (pd_store_cancel_order (store, order, "paid cash", &error));
  g_assert_no_error (error);

  order = g_ptr_array_index (orders, 4);
  pd_order_set_state (order, PD_ORDER_STATE_FAILED);
  pd_order_set_failure_code (order, "expired");
  pd_order_set_failure_reason (order, "The payment expired");
  update (store, order, PD_ORDER_EVENT_STATE_CHANGED, NULL, "{\"status\":\"failed\"}");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-import-XXXXXX", &error);
  g_assert_no_error (error);
  f->source = g_build_filename (f->dir, "desk-2.db", NULL);
  if (pd_test_pg_wanted ())
    f->target = pd_test_pg_new_database ();
  else
    f->target = g_build_filename (f->dir, "shared.db", NULL);

  fill_source (f->source);
  f->on_source = pd_cli_launcher_new (f->source, f->dir);
  f->on_target = pd_cli_launcher_new (f->target, f->dir);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->on_source);
  g_clear_object (&f->on_target);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->source);
  g_free (f->target);
}

/* `show ORDER_ID --json`: every stored field and every history line,
 * with its time, kind, state, message and MixPay's answer. */
static char *
show_json (GSubprocessLauncher *launcher,
           const char          *order_id)
{
  g_auto(PdCliRun) run = { 0 };

  PD_CLI_RUN (launcher, &run, "show", order_id, "--json");
  pd_cli_assert_ok (&run);
  return g_steal_pointer (&run.out);
}

static char *
list_json (GSubprocessLauncher *launcher)
{
  g_auto(PdCliRun) run = { 0 };

  PD_CLI_RUN (launcher, &run, "list", "--json");
  pd_cli_assert_ok (&run);
  return g_steal_pointer (&run.out);
}

/* What each order of the source shows, and its whole listing. */
static GPtrArray *
snapshot (GSubprocessLauncher *launcher)
{
  GPtrArray *shown = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (order_ids); i++)
    g_ptr_array_add (shown, show_json (launcher, order_ids[i]));
  g_ptr_array_add (shown, list_json (launcher));

  return shown;
}

static void
assert_snapshots_equal (GPtrArray *a,
                        GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a, i), ==, g_ptr_array_index (b, i));
}

/* Every order arrives as the source shows it: state, note, payment
 * facts, mismatch reasons, cancel reason, times and every history line;
 * the source is left as it was. */
static void
test_import_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) before = snapshot (f->on_source);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  g_auto(PdCliRun) run = { 0 };
  g_autoptr(PdStore) target = NULL;
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  /* The history lines the comparison below covers. */
  g_assert_nonnull (strstr (g_ptr_array_index (before, 1), "\"raw_json\" : \"{\\\"status\\\":\\\"success\\\"}\""));
  g_assert_nonnull (strstr (g_ptr_array_index (before, 2), "quoteAmount"));
  g_assert_nonnull (strstr (g_ptr_array_index (before, 3), "paid cash"));

  PD_CLI_RUN (f->on_target, &run, "import-ledger", f->source);
  pd_cli_assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Imported 6 orders\n");

  imported = snapshot (f->on_target);
  assert_snapshots_equal (before, imported);
  after = snapshot (f->on_source);
  assert_snapshots_equal (before, after);

  /* Stored as this ledger's own: written as any other order, with its
   * revision checked. */
  target = open_store (f->target);
  order = pd_store_lookup_order (target, PAYEE, "imp-open", &error);
  g_assert_no_error (error);
  pd_order_set_note (order, "moved to the shared ledger");
  g_assert_true (pd_store_update_order (target, order, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_no_error (error);
  events = pd_store_list_events (target, order, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (((PdOrderEvent *) g_ptr_array_index (events, 0))->kind, ==, PD_ORDER_EVENT_CREATED);
  g_assert_cmpint (((PdOrderEvent *) g_ptr_array_index (events, 1))->kind, ==, PD_ORDER_EVENT_NOTE);
}

/* An order whose payee and order ID the target already has is refused,
 * named, and left as it is on both sides; the others are imported. */
static void
test_import_conflict (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) source_before = snapshot (f->on_source);
  g_autoptr(PdStore) target = open_store (f->target);
  g_autoptr(PdOrder) there = make_order ("imp-paid", "99", 1764100000);
  g_autofree char *there_before = NULL;
  g_autofree char *there_after = NULL;
  g_autoptr(GPtrArray) source_after = NULL;
  g_auto(PdCliRun) run = { 0 };
  g_autoptr(GError) error = NULL;

  pd_order_set_note (there, "the shared ledger's own");
  g_assert_true (pd_store_insert_order (target, there, &error));
  g_assert_no_error (error);
  update (target, there, PD_ORDER_EVENT_NOTE, NULL, NULL);
  there_before = show_json (f->on_target, "imp-paid");

  PD_CLI_RUN (f->on_target, &run, "import-ledger", f->source);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "Imported 5 orders\n");
  g_assert_cmpstr (run.err, ==,
                   "paydesk-cli: orderId: payee " PAYEE " already has an order “imp-paid” in this ledger; "
                   "it was not imported\n");

  there_after = show_json (f->on_target, "imp-paid");
  g_assert_cmpstr (there_after, ==, there_before);
  source_after = snapshot (f->on_source);
  assert_snapshots_equal (source_before, source_after);
  for (guint i = 0; i < G_N_ELEMENTS (order_ids); i++)
    if (i != 1)
      {
        g_autofree char *shown = show_json (f->on_target, order_ids[i]);

        g_assert_cmpstr (shown, ==, g_ptr_array_index (source_before, i));
      }

  /* Again: every order is there now, so every one is refused and
   * nothing changes. */
  {
    g_autofree char *listed = list_json (f->on_target);
    g_autofree char *listed_again = NULL;

    PD_CLI_RUN (f->on_target, &run, "import-ledger", f->source);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, "Imported 0 orders\n");
    for (guint i = 0; i < G_N_ELEMENTS (order_ids); i++)
      g_assert_nonnull (strstr (run.err, order_ids[i]));
    listed_again = list_json (f->on_target);
    g_assert_cmpstr (listed_again, ==, listed);
  }
}

/* Through the core, as the app would: the target's store knows the new
 * orders at once, and another program sees them after a refresh; a
 * conflicting order comes back in @refused. */
static void
test_import_core (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PdStore) source = NULL;
  g_autoptr(PdStore) target = open_store (f->target);
  g_autoptr(PdStore) other = open_store (f->target);
  g_autoptr(PdOrder) there = make_order ("imp-failed", "1", 1764100000);
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(PdOrder) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  guint n_imported = 0;

  g_assert_true (pd_store_insert_order (target, there, &error));
  g_assert_no_error (error);

  source = pd_ledger_import_open_source (f->target, f->source, &error);
  g_assert_no_error (error);
  g_assert_true (pd_ledger_import (target, source, &n_imported, &refused, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_imported, ==, 5);
  g_assert_cmpuint (refused->len, ==, 1);
  g_assert_cmpstr (pd_order_get_order_id (g_ptr_array_index (refused, 0)), ==, "imp-failed");

  cancelled = pd_store_lookup_order (target, PAYEE, "imp-cancelled", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pd_order_get_state (cancelled), ==, PD_ORDER_STATE_CANCELLED);
  g_assert_cmpstr (pd_order_get_cancel_reason (cancelled), ==, "paid cash");
  events = pd_store_list_events (target, cancelled, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (((PdOrderEvent *) g_ptr_array_index (events, 1))->kind, ==, PD_ORDER_EVENT_CANCELLED);

  g_assert_true (pd_store_refresh (other, &error));
  g_assert_no_error (error);
  listed = pd_store_list_orders (other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 6);
}

static void
assert_target_untouched (Fixture *f)
{
  if (pd_test_pg_wanted ())
    {
      g_autofree char *listed = list_json (f->on_target);

      g_assert_cmpstr (listed, ==, "[]\n");
    }
  else
    {
      /* No empty ledger made at --db for a mistyped FILE. */
      g_assert_false (g_file_test (f->target, G_FILE_TEST_EXISTS));
    }
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

/* A FILE that is missing, not a ledger, a server or the target itself
 * is refused with a message naming FILE; nothing is written anywhere. */
static void
test_import_bad_file (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no-such.db", NULL);
  g_autofree char *text = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.db", NULL);
  g_autofree char *foreign = g_build_filename (f->dir, "other-program.db", NULL);
  g_autofree char *foreign_before = NULL;
  gsize foreign_length = 0;
  g_auto(PdCliRun) run = { 0 };
  sqlite3 *db = NULL;

  PD_CLI_RUN (f->on_target, &run, "import-ledger", missing);
  pd_cli_assert_usage_error (&run, "FILE");
  g_assert_nonnull (strstr (run.err, "no-such.db does not exist"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  assert_target_untouched (f);

  g_assert_true (g_file_set_contents (text, "not a ledger\n", -1, NULL));
  PD_CLI_RUN (f->on_target, &run, "import-ledger", text);
  pd_cli_assert_usage_error (&run, "FILE");
  g_assert_nonnull (strstr (run.err, "is not a Paydesk ledger"));
  assert_file_is (text, "not a ledger\n", 13);
  assert_target_untouched (f);

  /* Opening an empty file as a ledger would make it one. */
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  PD_CLI_RUN (f->on_target, &run, "import-ledger", empty);
  pd_cli_assert_usage_error (&run, "FILE");
  g_assert_nonnull (strstr (run.err, "is not a Paydesk ledger"));
  assert_file_is (empty, "", 0);
  assert_target_untouched (f);

  g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (foreign, &foreign_before, &foreign_length, NULL));
  PD_CLI_RUN (f->on_target, &run, "import-ledger", foreign);
  pd_cli_assert_usage_error (&run, "FILE");
  g_assert_nonnull (strstr (run.err, "not a Paydesk ledger"));
  assert_file_is (foreign, foreign_before, foreign_length);
  assert_target_untouched (f);

  PD_CLI_RUN (f->on_target, &run, "import-ledger", "postgresql://desk@localhost/shop");
  pd_cli_assert_usage_error (&run, "FILE");
  g_assert_nonnull (strstr (run.err, "not a desk’s ledger file"));
  assert_target_untouched (f);

  PD_CLI_RUN (f->on_target, &run, "import-ledger");
  pd_cli_assert_usage_error (&run, "FILE");
  assert_target_untouched (f);

  /* The ledger itself: nothing to copy, and every order would clash. */
  PD_CLI_RUN (f->on_source, &run, "import-ledger", f->source);
  pd_cli_assert_usage_error (&run, "FILE");
  g_assert_nonnull (strstr (run.err, "is the ledger it would be imported into"));
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/import-ledger/round-trip", test_import_round_trip);
  ADD ("/import-ledger/conflict", test_import_conflict);
  ADD ("/import-ledger/core", test_import_core);
  ADD ("/import-ledger/bad-file", test_import_bad_file);
#undef ADD

  rc = g_test_run ();
  pd_test_pg_stop ();
  return rc;
}
