/* test-store.c: the order ledger's orders: written, read again, listed,
 * and the rules they keep
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "pd-ledger-columns.h"
#include "pd-paylink.h"
#include "pd-test-store.h"

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

static void
test_store_create_read_update (PdTestLedger  *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(PdOrder) order = pd_test_new_order (PAYEE, "order-0001", "10.5");
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

  g_signal_connect (store, "order-added", G_CALLBACK (pd_test_count_order_cb), &added);
  g_signal_connect (store, "order-changed", G_CALLBACK (pd_test_count_order_cb), &changed);

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
  g_signal_connect (order, "notify::state", G_CALLBACK (pd_test_count_notify_cb), &notified);
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
  store = pd_test_open_store (fixture->path);
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
      mode = pd_test_ledger_dup_sql_text (fixture->path, "PRAGMA journal_mode");
      g_assert_cmpstr (mode, ==, "wal");
    }
}

/* Orders read back from the ledger: every string as written, the shared
 * ones shared between orders, and each setter still able to replace a
 * string that was read (they lie in one block per order). */
static void
test_store_loaded_strings (PdTestLedger  *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(PdStore) again = NULL;
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  PdOrder *newer;
  PdOrder *older;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *order_id = g_strdup_printf ("loaded-%u", i);
      PdOrder *order = pd_test_new_order (PAYEE, order_id, i == 1 ? "2.5" : "10");

      pd_order_set_created_at (order, 1000 + i);
      pd_order_set_note (order, i == 0 ? "Table 4" : NULL);
      pd_order_set_link (order, "https://mixpay.me/pay?orderId=x");
      pd_order_set_quote_symbol (order, i == 2 ? "USDC" : "USDT");
      g_ptr_array_add (orders, order);
    }
  g_assert_true (pd_store_insert_orders (store, orders, &error));
  g_assert_no_error (error);
  pd_store_close (store);

  again = pd_test_open_store (fixture->path);
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

/* A second listing may reuse the first (the app lists every order twice
 * as it opens): never once a row changed, here or elsewhere. */
static void
test_store_list_again (PdTestLedger  *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(PdStore) other = NULL;
  g_autoptr(PdOrder) first = pd_test_new_order (PAYEE, "order-1", "1");
  g_autoptr(PdOrder) second = pd_test_new_order (PAYEE, "order-2", "2");
  g_autoptr(PdOrder) third = pd_test_new_order (PAYEE, "order-3", "3");
  g_autoptr(PdOrder) fourth = pd_test_new_order (PAYEE, "order-4", "4");
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
  other = pd_test_open_store (fixture->path);
  g_assert_true (pd_store_insert_order (other, fourth, &error));
  g_assert_no_error (error);
  assert_listed (store, "order-4 order-3 order-2 order-1");

  pd_test_ledger_run_sql (fixture->path, "UPDATE orders SET created_at = 5000 WHERE order_id = 'order-1'");
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
test_store_note_rule (PdTestLedger  *fixture,
                      gconstpointer  data)
{
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autofree char *long_note = g_strnfill (PD_STORE_NOTE_MAX + 1, 'n');
  const char *bad[] = { long_note, "two \xe2\x80\xae cups", "bell\a", "esc\033[2J" };
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(PdOrder) order = pd_test_new_order (PAYEE, "order-note-bad", "10");

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
test_store_payee_spellings (PdTestLedger  *fixture,
                            gconstpointer  data)
{
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(PdOrder) upper = pd_test_new_order ("A38ED284-5689-4FB9-8C2A-91FBA5E32CE9", "order-spelled", "10");
  g_autoptr(PdOrder) bare = pd_test_new_order ("a38ed28456894fb98c2a91fba5e32ce9", "order-spelled", "10");
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
test_store_exact_decimals (PdTestLedger  *fixture,
                           gconstpointer  data)
{
  const char *amounts[] = {
    "0.000000000000000001", "123456789012345678901234567890.123456789", "12.34567890123456789",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);

  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      g_autofree char *order_id = g_strdup_printf ("exact-%u", i);
      g_autoptr(PdOrder) order = pd_test_new_order (PAYEE, order_id, amounts[i]);

      pd_order_set_payment_amount (order, amounts[i]);
      g_assert_true (pd_store_insert_order (store, order, &error));
      g_assert_no_error (error);
    }
  pd_store_close (store);
  g_clear_object (&store);

  store = pd_test_open_store (fixture->path);
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
test_store_duplicate (PdTestLedger  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(PdOrder) first = pd_test_new_order (PAYEE, "order-0002", "10");
  g_autoptr(PdOrder) again = pd_test_new_order (PAYEE, "order-0002", "99");
  g_autoptr(PdOrder) other = pd_test_new_order (OTHER_PAYEE, "order-0002", "5");
  g_autoptr(PdOrder) found = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) events = NULL;
  guint added = 0;

  g_assert_true (pd_store_insert_order (store, first, &error));
  g_assert_no_error (error);
  g_signal_connect (store, "order-added", G_CALLBACK (pd_test_count_order_cb), &added);

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
  g_ptr_array_add (batch, pd_test_new_order (PAYEE, "order-0003", "1"));
  g_ptr_array_add (batch, pd_test_new_order (PAYEE, "order-0002", "2"));
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
    g_autoptr(PdOrder) incomplete = pd_test_new_order (PAYEE, "order-0004", NULL);
    g_assert_false (pd_store_insert_order (store, incomplete, &error));
    g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "quoteAmount"));
  }
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
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/default-path", test_store_default_path);
  g_test_add_func ("/store/columns-sql", test_store_columns_sql);
  PD_TEST_LEDGER_ADD ("/store/create-read-update", test_store_create_read_update);
  PD_TEST_LEDGER_ADD ("/store/duplicate", test_store_duplicate);
  PD_TEST_LEDGER_ADD ("/store/exact-decimals", test_store_exact_decimals);
  PD_TEST_LEDGER_ADD ("/store/note-rule", test_store_note_rule);
  PD_TEST_LEDGER_ADD ("/store/payee-spellings", test_store_payee_spellings);
  PD_TEST_LEDGER_ADD ("/store/list-again", test_store_list_again);
  PD_TEST_LEDGER_ADD ("/store/loaded-strings", test_store_loaded_strings);

  return pd_test_ledger_run_tests ();
}
