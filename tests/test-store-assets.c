/* test-store-assets.c: MixPay's asset lists in the ledger: the cache,
 * and the quote symbols orders take from it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "pd-test-store.h"

/* Orders recorded without their quote asset's symbol (by paydesk-cli,
 * before the app cached MixPay's list) take it from the list in memory,
 * as they are read, re-read or inserted; the row keeps none until the
 * order is written. */
static void
test_store_quote_symbols (PdTestLedger  *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) writer = pd_test_open_store (fixture->path);
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdStore) later = NULL;
  g_autoptr(GHashTable) symbols = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PdOrder) unnamed = pd_test_new_order (PAYEE, "unnamed", "10");
  g_autoptr(PdOrder) named = pd_test_new_order (PAYEE, "named", "20");
  g_autoptr(PdOrder) unlisted = pd_test_new_order (PAYEE, "unlisted", "30");
  g_autoptr(PdOrder) fresh = pd_test_new_order (PAYEE, "fresh", "40");
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
  store = pd_test_open_store (fixture->path);
  orders = pd_store_list_orders (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < orders->len; i++)
    if (g_strcmp0 (pd_order_get_order_id (g_ptr_array_index (orders, i)), "unnamed") == 0)
      read = g_ptr_array_index (orders, i);
  g_assert_nonnull (read);
  g_assert_null (pd_order_get_quote_symbol (read));
  g_signal_connect (read, "notify::quote-symbol", G_CALLBACK (pd_test_count_notify_cb), &n_notified);
  pd_store_set_quote_symbols (store, symbols);
  g_assert_cmpstr (pd_order_get_quote_symbol (read), ==, "USDT");
  g_assert_cmpuint (n_notified, ==, 1);
  found = pd_store_lookup_order (store, PAYEE, "named", &error);
  g_assert_cmpstr (pd_order_get_quote_symbol (found), ==, "USD₮");
  g_clear_object (&found);
  found = pd_store_lookup_order (store, PAYEE, "unlisted", &error);
  g_assert_null (pd_order_get_quote_symbol (found));
  g_clear_object (&found);
  row = pd_test_ledger_dup_sql_text (fixture->path, "SELECT quote_symbol FROM orders WHERE order_id = 'unnamed'");
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
  later = pd_test_open_store (fixture->path);
  pd_store_set_quote_symbols (later, symbols);
  found = pd_store_lookup_order (later, PAYEE, "unnamed", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_order_get_quote_symbol (found), ==, "USDT");
  g_assert_true (pd_store_insert_order (later, fresh, &error));
  g_assert_no_error (error);
  g_clear_pointer (&row, g_free);
  row = pd_test_ledger_dup_sql_text (fixture->path, "SELECT quote_symbol FROM orders WHERE order_id = 'fresh'");
  g_assert_cmpstr (row, ==, "USDT");

  /* The order's next write keeps it. */
  pd_order_set_note (read, "Table 5");
  g_assert_true (pd_store_update_order (store, read, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&row, g_free);
  row = pd_test_ledger_dup_sql_text (fixture->path, "SELECT quote_symbol FROM orders WHERE order_id = 'unnamed'");
  g_assert_cmpstr (row, ==, "USDT");

  pd_store_close (later);
  pd_store_close (store);
  pd_store_close (writer);
}

static void
test_store_asset_cache (PdTestLedger  *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  PD_TEST_LEDGER_ADD ("/store/quote-symbols", test_store_quote_symbols);
  PD_TEST_LEDGER_ADD ("/store/asset-cache", test_store_asset_cache);

  return pd_test_ledger_run_tests ();
}
