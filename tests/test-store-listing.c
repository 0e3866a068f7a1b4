/* test-store-listing.c: every column of every order read back by the
 * listing as it was written, and as the single-order lookups read it
 * (on PostgreSQL the listing is binary COPY data, a lookup a query's
 * texts)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib.h>

#include "pd-ledger-columns.h"
#include "pd-order.h"
#include "pd-store.h"
#include "pd-test-store.h"

/* Orders with the same created_at, listed by id, newest first. */
#define N_SAME_TIME 40

/* Every column set, in texts a parser could trip on. */
static PdOrder *
make_full_order (void)
{
  const char * const mismatch[] = { "amount", "asset", NULL };
  PdOrder *order = pd_order_new ();

  pd_order_set_payee_id (order, PAYEE);
  pd_order_set_order_id (order, "FULL-订单-001");
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, USDT);
  pd_order_set_quote_symbol (order, "USDT");
  /* Far more digits than a double keeps. */
  pd_order_set_quote_amount (order, "123456789012345678901234567890.123456789012345678901234567891");
  pd_order_set_return_to (order, "https://shop.example/return?a=1&b=\"2\"");
  pd_order_set_remark (order, "tab\there, newline\nthere, back\\slash");
  pd_order_set_note (order, "收款 — café ☕, 𝄞 beyond the BMP, \"quoted\", ‘single’");
  pd_order_set_link_kind (order, PD_ORDER_LINK_KIND_ONE_TIME);
  pd_order_set_link (order, "https://mixpay.me/code/0123456789abcdef");
  pd_order_set_trace_id (order, "8f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b");
  pd_order_set_expires_at (order, G_GINT64_CONSTANT (4102444800));
  pd_order_set_created_at (order, G_GINT64_CONSTANT (1764979200));
  pd_order_set_updated_at (order, G_GINT64_CONSTANT (1764979260));
  pd_order_set_last_checked_at (order, G_GINT64_CONSTANT (1764979230));
  pd_order_set_next_check_at (order, G_GINT64_CONSTANT (9007199254740993));
  pd_order_set_state (order, PD_ORDER_STATE_PAID_LESS);
  pd_order_set_cancel_reason (order, "原因: none");
  pd_order_set_cancelled_at (order, G_GINT64_CONSTANT (1764979240));
  pd_order_set_mixpay_status (order, "success");
  pd_order_set_payment_amount (order, "0.000000000000000001");
  pd_order_set_payment_symbol (order, "BTC");
  pd_order_set_payable_amount (order, "99999999999999999999.99999999");
  pd_order_set_payable_symbol (order, "BTC");
  pd_order_set_confirmations (order, 2147483647);
  pd_order_set_txid (order, "0xdeadbeef");
  pd_order_set_explorer_url (order, "https://explorer.example/tx/0xdeadbeef");
  pd_order_set_failure_code (order, "E42");
  pd_order_set_failure_reason (order, "Ünïcödé failure");
  pd_order_set_surplus_amount (order, "-0.00000001");
  pd_order_set_surplus_status (order, "pending");
  pd_order_set_settle_status (order, "success");
  pd_order_set_settle_amount (order, "1.10000000");
  pd_order_set_settle_symbol (order, "BTC");
  pd_order_set_paid_at (order, G_GINT64_CONSTANT (1764979250));
  pd_order_set_mismatch (order, mismatch);

  return order;
}

/* Only what an order needs: every other column NULL or its default. */
static PdOrder *
make_bare_order (const char *order_id,
                 gint64      created_at)
{
  PdOrder *order = pd_order_new ();

  pd_order_set_payee_id (order, PAYEE);
  pd_order_set_order_id (order, order_id);
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, USDT);
  pd_order_set_quote_amount (order, "10");
  pd_order_set_created_at (order, created_at);
  pd_order_set_updated_at (order, created_at);

  return order;
}

static void
assert_same_order (PdOrder *a,
                   PdOrder *b)
{
  g_autofree char *mismatch_a = pd_ledger_join_mismatch (a);
  g_autofree char *mismatch_b = pd_ledger_join_mismatch (b);

  for (guint i = 0; i < PD_LEDGER_N_STRING_COLUMNS; i++)
    {
      const char *value_a = pd_ledger_string_columns[i].get (a);
      const char *value_b = pd_ledger_string_columns[i].get (b);

      if (g_strcmp0 (value_a, value_b) != 0)
        g_error ("%s of %s: “%s” ≠ “%s”", pd_ledger_string_columns[i].column,
                 pd_order_get_order_id (a), value_a ? value_a : "(null)", value_b ? value_b : "(null)");
    }
  for (guint i = 0; i < PD_LEDGER_N_TIME_COLUMNS; i++)
    if (pd_ledger_time_columns[i].get (a) != pd_ledger_time_columns[i].get (b))
      g_error ("%s of %s: %" G_GINT64_FORMAT " ≠ %" G_GINT64_FORMAT,
               pd_ledger_time_columns[i].column, pd_order_get_order_id (a),
               pd_ledger_time_columns[i].get (a), pd_ledger_time_columns[i].get (b));

  g_assert_cmpint (pd_order_get_state (a), ==, pd_order_get_state (b));
  g_assert_cmpint (pd_order_get_link_kind (a), ==, pd_order_get_link_kind (b));
  g_assert_cmpint (pd_order_get_confirmations (a), ==, pd_order_get_confirmations (b));
  g_assert_cmpstr (mismatch_a, ==, mismatch_b);
}

static GPtrArray *
import_orders (const char *path)
{
  g_autoptr(PdStore) store = pd_test_open_store (path);
  g_autoptr(GPtrArray) histories = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GError) error = NULL;
  GPtrArray *orders = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (orders, make_full_order ());
  g_ptr_array_add (orders, make_bare_order ("BARE-OLDEST", G_GINT64_CONSTANT (1000)));
  for (guint i = 0; i < N_SAME_TIME; i++)
    {
      g_autofree char *id = g_strdup_printf ("SAME-%02u", i);

      g_ptr_array_add (orders, make_bare_order (id, G_GINT64_CONSTANT (1700000000)));
    }

  for (guint i = 0; i < orders->len; i++)
    g_ptr_array_add (histories, g_ptr_array_new_with_free_func ((GDestroyNotify) pd_order_event_free));

  g_assert_true (pd_store_import_orders (store, orders, histories, &error));
  g_assert_no_error (error);
  pd_store_close (store);

  return orders;
}

static PdOrder *
find_written (GPtrArray *written,
              PdOrder   *listed)
{
  for (guint i = 0; i < written->len; i++)
    if (g_strcmp0 (pd_order_get_order_id (g_ptr_array_index (written, i)),
                   pd_order_get_order_id (listed)) == 0)
      return g_ptr_array_index (written, i);

  g_error ("%s was never written", pd_order_get_order_id (listed));
  return NULL;
}

/* Read by a store that holds none of them yet. */
static void
test_round_trip (PdTestLedger  *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) written = import_orders (fixture->path);
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(PdStore) other = pd_test_open_store (fixture->path);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;

  listed = pd_store_list_orders (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, written->len);

  for (guint i = 0; i < listed->len; i++)
    {
      PdOrder *order = g_ptr_array_index (listed, i);
      g_autoptr(PdOrder) looked_up = NULL;

      assert_same_order (order, find_written (written, order));

      /* The store's own object for it, and what a lookup reads. */
      looked_up = pd_store_lookup_order_by_id (store, pd_order_get_id (order), &error);
      g_assert_no_error (error);
      g_assert_true (looked_up == order);
      g_clear_object (&looked_up);
      looked_up = pd_store_lookup_order_by_id (other, pd_order_get_id (order), &error);
      g_assert_no_error (error);
      assert_same_order (order, looked_up);
      g_assert_cmpint (_pd_order_get_revision (order), ==, _pd_order_get_revision (looked_up));
    }

  /* Newest first, then by id. */
  for (guint i = 1; i < listed->len; i++)
    {
      PdOrder *newer = g_ptr_array_index (listed, i - 1);
      PdOrder *older = g_ptr_array_index (listed, i);

      g_assert_cmpint (pd_order_get_created_at (newer), >=, pd_order_get_created_at (older));
      if (pd_order_get_created_at (newer) == pd_order_get_created_at (older))
        g_assert_cmpint (pd_order_get_id (newer), >, pd_order_get_id (older));
    }
  g_assert_cmpstr (pd_order_get_order_id (g_ptr_array_index (listed, 0)), ==, "FULL-订单-001");
  g_assert_cmpstr (pd_order_get_order_id (g_ptr_array_index (listed, listed->len - 1)), ==, "BARE-OLDEST");
  g_assert_cmpstr (pd_order_get_order_id (g_ptr_array_index (listed, 1)), ==, "SAME-39");
}

/* A store that already holds some of the orders lists its own objects
 * for them, and new ones for the rest. */
static void
test_known_objects (PdTestLedger  *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) written = import_orders (fixture->path);
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(PdOrder) known = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;

  known = pd_store_lookup_order (store, PAYEE, "SAME-07", &error);
  g_assert_no_error (error);

  listed = pd_store_list_orders (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, written->len);
  for (guint i = 0; i < listed->len; i++)
    {
      PdOrder *order = g_ptr_array_index (listed, i);
      g_autoptr(PdOrder) looked_up = pd_store_lookup_order_by_id (store, pd_order_get_id (order), &error);

      g_assert_no_error (error);
      g_assert_true (looked_up == order);
      if (g_strcmp0 (pd_order_get_order_id (order), "SAME-07") == 0)
        g_assert_true (order == known);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  PD_TEST_LEDGER_ADD ("/store-listing/round-trip", test_round_trip);
  PD_TEST_LEDGER_ADD ("/store-listing/known-objects", test_known_objects);

  return pd_test_ledger_run_tests ();
}
