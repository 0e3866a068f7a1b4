/* test-store-changes.c: what other programs write to the ledger: a
 * write from a stale copy refused, the store's orders brought up to date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib.h>

#include "pd-test-store.h"

/* Another program (paydesk-cli) cancels an order while this one holds it:
 * this one's next write of that order, made from what it read before,
 * writes nothing, says so, and reads the order again; then it can write. */
static void
test_store_changed_elsewhere (PdTestLedger  *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(PdStore) other = NULL;
  g_autoptr(PdStore) again = NULL;
  g_autoptr(PdOrder) order = pd_test_new_order (PAYEE, "elsewhere-1", "10");
  g_autoptr(PdOrder) theirs = NULL;
  g_autoptr(PdOrder) stored = NULL;
  g_autoptr(GPtrArray) events = NULL;
  const PdOrderEvent *event;
  guint n_changed = 0;

  g_assert_true (pd_store_insert_order (store, order, &error));
  g_assert_no_error (error);

  other = pd_test_open_store (fixture->path);
  theirs = pd_store_lookup_order (other, PAYEE, "elsewhere-1", &error);
  g_assert_no_error (error);
  g_assert_true (pd_store_cancel_order (other, theirs, "customer left", &error));
  g_assert_no_error (error);

  g_signal_connect (store, "order-changed", G_CALLBACK (pd_test_count_order_cb), &n_changed);
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
  other = pd_test_open_store (fixture->path);
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

  again = pd_test_open_store (fixture->path);
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
test_store_refresh (PdTestLedger  *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(PdStore) other = NULL;
  g_autoptr(PdOrder) first = pd_test_new_order (PAYEE, "refresh-1", "10");
  g_autoptr(PdOrder) second = pd_test_new_order (PAYEE, "refresh-2", "20");
  g_autoptr(PdOrder) added = pd_test_new_order (PAYEE, "refresh-new", "30");
  g_autoptr(PdOrder) theirs = NULL;
  g_autoptr(PdOrder) found = NULL;
  Counts counts = { 0 };
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_assert_true (pd_store_insert_order (store, first, &error));
  g_assert_true (pd_store_insert_order (store, second, &error));
  g_assert_no_error (error);
  g_signal_connect (store, "order-added", G_CALLBACK (pd_test_count_order_cb), &counts.n_added);
  g_signal_connect (store, "order-changed", G_CALLBACK (pd_test_count_order_cb), &counts.n_changed);

  /* Nothing written elsewhere; then only this store's own writes. */
  g_assert_true (pd_store_refresh (store, &error));
  g_assert_no_error (error);
  pd_order_set_note (second, "Table 2");
  g_assert_true (pd_store_update_order (store, second, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_no_error (error);
  counts = (Counts) { 0 };
  g_assert_true (pd_store_refresh (store, &error));
  g_assert_cmpuint (counts.n_added + counts.n_changed, ==, 0);

  other = pd_test_open_store (fixture->path);
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
test_store_refresh_skips_own (PdTestLedger  *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(PdStore) other = NULL;
  g_autoptr(PdOrder) mine = pd_test_new_order (PAYEE, "mine", "10");
  g_autoptr(PdOrder) theirs = pd_test_new_order (PAYEE, "theirs", "20");
  Counts counts = { 0 };

  pd_store_watch (store);
  g_assert_true (pd_store_insert_order (store, mine, &error));
  pd_order_set_note (mine, "Table 1");
  g_assert_true (pd_store_update_order (store, mine, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_no_error (error);
  g_signal_connect (store, "order-added", G_CALLBACK (pd_test_count_order_cb), &counts.n_added);
  g_signal_connect (store, "order-changed", G_CALLBACK (pd_test_count_order_cb), &counts.n_changed);

  /* Then another program adds an order. Changing "mine" behind the
   * ledger's back, without an event, shows whether the refresh reads it
   * again: it would, were it still going through this store's events. */
  other = pd_test_open_store (fixture->path);
  g_assert_true (pd_store_insert_order (other, theirs, &error));
  g_assert_no_error (error);
  pd_test_ledger_run_sql (fixture->path,
                          "UPDATE orders SET note = 'unseen', revision = revision + 1 WHERE order_id = 'mine'");

  g_assert_true (pd_store_refresh (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_added, ==, 1);
  g_assert_cmpuint (counts.n_changed, ==, 0);
  g_assert_cmpstr (pd_order_get_note (mine), ==, "Table 1");

  pd_store_close (other);
  pd_store_close (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  PD_TEST_LEDGER_ADD ("/store/changed-elsewhere", test_store_changed_elsewhere);
  PD_TEST_LEDGER_ADD ("/store/refresh", test_store_refresh);
  PD_TEST_LEDGER_ADD ("/store/refresh-skips-own", test_store_refresh_skips_own);

  return pd_test_ledger_run_tests ();
}
