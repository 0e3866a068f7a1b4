/* test-order-list.c: the filtered list model of the ledger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "pd-order.h"
#include "pd-order-list.h"
#include "pd-store.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"

typedef struct
{
  char        *dir;
  char        *path;
  PdStore     *store;
  PdOrderList *list;
  /* Kept up to date from ::items-changed alone: it must always equal
   * the model, which proves the reported ranges right. */
  GPtrArray   *mirror;
  guint        n_changes;
} Fixture;

static PdOrder *
make_order (const char   *order_id,
            const char   *amount,
            const char   *note,
            PdOrderState  state,
            gint64        created_at)
{
  PdOrder *order = pd_order_new ();

  pd_order_set_payee_id (order, PAYEE);
  pd_order_set_order_id (order, order_id);
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, USDT);
  pd_order_set_quote_amount (order, amount);
  pd_order_set_note (order, note);
  pd_order_set_state (order, state);
  pd_order_set_created_at (order, created_at);

  return order;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  g_assert_cmpuint (position + removed, <=, fixture->mirror->len);
  g_ptr_array_remove_range (fixture->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (fixture->mirror, position + i, g_list_model_get_item (model, position + i));
  fixture->n_changes++;
}

static void
assert_mirror (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (fixture->list);

  g_assert_cmpuint (fixture->mirror->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < fixture->mirror->len; i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (model, i);
      g_assert_true (order == fixture->mirror->pdata[i]);
    }
}

/* The order IDs the model shows, space separated. */
static char *
shown_ids (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (fixture->list);
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (model, i);
      g_string_append_printf (ids, "%s%s", i ? " " : "", pd_order_get_order_id (order));
    }

  assert_mirror (fixture);
  return g_string_free (ids, FALSE);
}

#define assert_shown(fixture, expected) \
  G_STMT_START { \
    g_autofree char *_ids = shown_ids (fixture); \
    g_assert_cmpstr (_ids, ==, expected); \
  } G_STMT_END

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model;

  fixture->dir = g_dir_make_tmp ("test-order-list-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "paydesk.db", NULL);
  fixture->store = pd_store_open (fixture->path, &error);
  g_assert_no_error (error);

  g_ptr_array_add (orders, make_order ("order-a1", "10.5", "Espresso for table 4", PD_ORDER_STATE_UNPAID, 1000));
  g_ptr_array_add (orders, make_order ("order-b2", "3", "Croissant", PD_ORDER_STATE_PAID, 2000));
  g_ptr_array_add (orders, make_order ("order-c3", "7.25", NULL, PD_ORDER_STATE_FAILED, 3000));
  g_ptr_array_add (orders, make_order ("order-d4", "12", "ÉCLAIR au café", PD_ORDER_STATE_MISMATCH, 4000));
  g_ptr_array_add (orders, make_order ("order-e5", "1", "espresso doppio", PD_ORDER_STATE_CONFIRMING, 5000));
  g_ptr_array_add (orders, make_order ("order-f6", "2", "tea", PD_ORDER_STATE_UNKNOWN, 6000));
  g_assert_true (pd_store_insert_orders (fixture->store, orders, &error));
  g_assert_no_error (error);

  fixture->list = pd_order_list_new (fixture->store, &error);
  g_assert_no_error (error);
  model = G_LIST_MODEL (fixture->list);
  g_assert_true (g_list_model_get_item_type (model) == PD_TYPE_ORDER);

  fixture->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (fixture->mirror, g_list_model_get_item (model, i));
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->mirror, g_ptr_array_unref);
  g_assert_finalize_object (fixture->list);
  g_assert_finalize_object (fixture->store);
  g_unlink (fixture->path);
  {
    g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);
    g_autofree char *changed = g_strconcat (fixture->path, "-changes/stamp", NULL);
    g_autofree char *changes = g_strconcat (fixture->path, "-changes", NULL);
    g_unlink (wal);
    g_unlink (shm);
    g_unlink (changed);
    g_rmdir (changes);
  }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
test_list_newest_first (Fixture       *fixture,
                        gconstpointer  data)
{
  assert_shown (fixture, "order-f6 order-e5 order-d4 order-c3 order-b2 order-a1");
  g_assert_cmpuint (pd_order_list_get_n_total (fixture->list), ==, 6);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture->list), 6));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_list_groups (Fixture       *fixture,
                  gconstpointer  data)
{
  guint notified = 0;

  pd_order_list_set_group (fixture->list, PD_ORDER_GROUP_OPEN);
  assert_shown (fixture, "order-f6 order-e5 order-a1");
  pd_order_list_set_group (fixture->list, PD_ORDER_GROUP_PAID);
  assert_shown (fixture, "order-b2");
  pd_order_list_set_group (fixture->list, PD_ORDER_GROUP_ATTENTION);
  assert_shown (fixture, "order-f6 order-d4 order-c3");
  pd_order_list_set_group (fixture->list, PD_ORDER_GROUP_SETTLED);
  assert_shown (fixture, "order-d4 order-c3 order-b2");
  pd_order_list_set_group (fixture->list, PD_ORDER_GROUP_ALL);
  assert_shown (fixture, "order-f6 order-e5 order-d4 order-c3 order-b2 order-a1");
  g_assert_cmpint (pd_order_list_get_group (fixture->list), ==, PD_ORDER_GROUP_ALL);

  /* As a property, as a view would bind it. */
  g_signal_connect (fixture->list, "notify::group", G_CALLBACK (count_notify_cb), &notified);
  g_object_set (fixture->list, "group", PD_ORDER_GROUP_PAID, NULL);
  g_object_set (fixture->list, "group", PD_ORDER_GROUP_PAID, NULL);
  g_assert_cmpuint (notified, ==, 1);
  assert_shown (fixture, "order-b2");
}

static void
test_list_search (Fixture       *fixture,
                  gconstpointer  data)
{
  guint changes;

  pd_order_list_set_search_text (fixture->list, "ESPRESSO");
  assert_shown (fixture, "order-e5 order-a1");
  g_assert_cmpstr (pd_order_list_get_search_text (fixture->list), ==, "ESPRESSO");

  /* Non-ASCII, folded. */
  pd_order_list_set_search_text (fixture->list, "éclair AU CAFÉ");
  assert_shown (fixture, "order-d4");

  /* By order ID and by amount. */
  pd_order_list_set_search_text (fixture->list, "C3");
  assert_shown (fixture, "order-c3");
  pd_order_list_set_search_text (fixture->list, "10.5");
  assert_shown (fixture, "order-a1");

  /* Search and group together. */
  pd_order_list_set_filter (fixture->list, PD_ORDER_GROUP_OPEN, "espresso");
  assert_shown (fixture, "order-e5 order-a1");
  pd_order_list_set_filter (fixture->list, PD_ORDER_GROUP_PAID, "espresso");
  assert_shown (fixture, "");

  /* The same filter again changes nothing. */
  changes = fixture->n_changes;
  pd_order_list_set_filter (fixture->list, PD_ORDER_GROUP_PAID, "espresso");
  g_assert_cmpuint (fixture->n_changes, ==, changes);

  pd_order_list_set_filter (fixture->list, PD_ORDER_GROUP_ALL, "");
  assert_shown (fixture, "order-f6 order-e5 order-d4 order-c3 order-b2 order-a1");
  g_assert_null (pd_order_list_get_search_text (fixture->list));
}

/* The key: three fields, one a line, folded; kept until one of them
 * changes, and only then. */
static void
test_order_search_key (void)
{
  g_autoptr(PdOrder) order = make_order ("Order-A1", "10.50", "Espresso", PD_ORDER_STATE_UNPAID, 0);
  g_autofree char *folded = NULL;
  const char *key;

  key = pd_order_get_search_key (order);
  g_assert_cmpstr (key, ==, "order-a1\nespresso\n10.5");

  /* Cached: a field the search does not look at leaves it alone. */
  pd_order_set_remark (order, "Latte");
  pd_order_set_state (order, PD_ORDER_STATE_PAID);
  g_assert_true (pd_order_get_search_key (order) == key);

  pd_order_set_note (order, "Ristretto");
  g_assert_cmpstr (pd_order_get_search_key (order), ==, "order-a1\nristretto\n10.5");
  pd_order_set_order_id (order, "B2");
  g_assert_cmpstr (pd_order_get_search_key (order), ==, "b2\nristretto\n10.5");
  pd_order_set_quote_amount (order, "007.250");
  g_assert_cmpstr (pd_order_get_search_key (order), ==, "b2\nristretto\n7.25");
  pd_order_set_note (order, NULL);
  g_assert_cmpstr (pd_order_get_search_key (order), ==, "b2\n\n7.25");

  /* Non-ASCII anywhere folds the whole key, fields still apart. */
  pd_order_set_note (order, "CRÈME Brûlée");
  key = pd_order_get_search_key (order);
  folded = pd_order_fold_search_text ("crème BRÛLÉE");
  g_assert_nonnull (strstr (key, folded));
  g_assert_true (g_str_has_prefix (key, "b2\n"));
  g_assert_true (g_str_has_suffix (key, "\n7.25"));
  g_clear_pointer (&folded, g_free);

  /* Case folding beyond lowering: ß is ss. */
  pd_order_set_note (order, "Straße");
  folded = pd_order_fold_search_text ("STRASSE");
  g_assert_nonnull (strstr (pd_order_get_search_key (order), folded));
}

/* The list looks in the order itself: an edit shows in the next search,
 * whether or not the store announced it. */
static void
test_list_search_follows_order (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOrder) a1 = NULL;

  /* Every key made, by the store or by this search. */
  pd_order_list_set_search_text (fixture->list, "birthday");
  assert_shown (fixture, "");

  a1 = pd_store_lookup_order (fixture->store, PAYEE, "order-a1", &error);
  g_assert_no_error (error);
  pd_order_set_note (a1, "Birthday cake");
  pd_order_list_set_search_text (fixture->list, "birthda");
  assert_shown (fixture, "order-a1");

  /* A non-ASCII note, found whatever the case. */
  pd_order_set_note (a1, "Crème BRÛLÉE");
  pd_order_list_set_search_text (fixture->list, "crème brûlée");
  assert_shown (fixture, "order-a1");
  pd_order_list_set_search_text (fixture->list, "CRÈME");
  assert_shown (fixture, "order-a1");

  /* Never across two fields: order ID then note. */
  pd_order_list_set_search_text (fixture->list, "a1crème");
  assert_shown (fixture, "");
  pd_order_list_set_search_text (fixture->list, "b2croissant");
  assert_shown (fixture, "");
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint count;
} Change;

static void
record_change_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->count++;
}

static void
test_list_minimal_changes (Fixture       *fixture,
                           gconstpointer  data)
{
  Change change = { 0 };

  g_signal_connect (fixture->list, "items-changed", G_CALLBACK (record_change_cb), &change);

  /* f6 e5 [d4 c3 b2] a1: only the middle run goes. */
  pd_order_list_set_group (fixture->list, PD_ORDER_GROUP_OPEN);
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (change.position, ==, 2);
  g_assert_cmpuint (change.removed, ==, 3);
  g_assert_cmpuint (change.added, ==, 0);

  pd_order_list_set_group (fixture->list, PD_ORDER_GROUP_ALL);
  g_assert_cmpuint (change.count, ==, 2);
  g_assert_cmpuint (change.position, ==, 2);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 3);
  assert_shown (fixture, "order-f6 order-e5 order-d4 order-c3 order-b2 order-a1");

  g_signal_handlers_disconnect_by_func (fixture->list, record_change_cb, &change);
}

static void
order_added_checks (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOrder) newest = make_order ("order-g7", "4", "latte", PD_ORDER_STATE_UNPAID, 0);
  g_autoptr(PdOrder) paid = make_order ("order-h8", "5", "mocha", PD_ORDER_STATE_PAID, 0);

  pd_order_list_set_group (fixture->list, PD_ORDER_GROUP_OPEN);
  assert_shown (fixture, "order-f6 order-e5 order-a1");

  g_assert_true (pd_store_insert_order (fixture->store, newest, &error));
  g_assert_no_error (error);
  assert_shown (fixture, "order-g7 order-f6 order-e5 order-a1");

  /* Filtered out, but loaded. */
  g_assert_true (pd_store_insert_order (fixture->store, paid, &error));
  g_assert_no_error (error);
  assert_shown (fixture, "order-g7 order-f6 order-e5 order-a1");
  g_assert_cmpuint (pd_order_list_get_n_total (fixture->list), ==, 8);

  pd_order_list_set_group (fixture->list, PD_ORDER_GROUP_ALL);
  assert_shown (fixture, "order-h8 order-g7 order-f6 order-e5 order-d4 order-c3 order-b2 order-a1");
}

static void
test_list_follows_store (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOrder) a1 = NULL;
  g_autoptr(PdOrder) e5 = NULL;
  g_autoptr(PdOrder) shown = NULL;

  order_added_checks (fixture);

  /* A state change filters the one order again. */
  pd_order_list_set_group (fixture->list, PD_ORDER_GROUP_OPEN);
  assert_shown (fixture, "order-g7 order-f6 order-e5 order-a1");
  e5 = pd_store_lookup_order (fixture->store, PAYEE, "order-e5", &error);
  g_assert_no_error (error);
  pd_order_set_state (e5, PD_ORDER_STATE_PAID);
  g_assert_true (pd_store_update_order (fixture->store, e5, PD_ORDER_EVENT_UPDATED, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_shown (fixture, "order-g7 order-f6 order-a1");

  pd_order_list_set_group (fixture->list, PD_ORDER_GROUP_PAID);
  assert_shown (fixture, "order-h8 order-e5 order-b2");

  /* The list holds the store's own objects. */
  shown = g_list_model_get_item (G_LIST_MODEL (fixture->list), 1);
  g_assert_true (shown == e5);

  /* A note edit is searched again. */
  pd_order_list_set_filter (fixture->list, PD_ORDER_GROUP_ALL, "birthday");
  assert_shown (fixture, "");
  a1 = pd_store_lookup_order (fixture->store, PAYEE, "order-a1", &error);
  pd_order_set_note (a1, "Birthday cake");
  g_assert_true (pd_store_update_order (fixture->store, a1, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_shown (fixture, "order-a1");

  g_assert_true (pd_store_cancel_order (fixture->store, a1, "paid cash", &error));
  g_assert_no_error (error);
  pd_order_list_set_filter (fixture->list, PD_ORDER_GROUP_OPEN, NULL);
  assert_shown (fixture, "order-g7 order-f6");

  /* The list finds an order's entry by where it sorts; one whose creation
   * time was changed in memory (the ledger keeps the first) is still
   * found, not listed twice. */
  pd_order_list_set_filter (fixture->list, PD_ORDER_GROUP_ALL, NULL);
  pd_order_set_created_at (e5, pd_order_get_created_at (e5) + 86400);
  pd_order_set_note (e5, "Moved");
  g_assert_true (pd_store_update_order (fixture->store, e5, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_shown (fixture, "order-h8 order-g7 order-f6 order-e5 order-d4 order-c3 order-b2 order-a1");
}

/* "Needs attention" is core's rule: an order paid through an edited link
 * is in it whatever its state, and so is paid_less past its deadline. */
static void
test_list_attention (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const fields[] = { "quoteAmount", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOrder) a1 = NULL;
  g_autoptr(PdOrder) e5 = NULL;

  pd_order_list_set_group (fixture->list, PD_ORDER_GROUP_ATTENTION);
  assert_shown (fixture, "order-f6 order-d4 order-c3");

  e5 = pd_store_lookup_order (fixture->store, PAYEE, "order-e5", &error);
  g_assert_no_error (error);
  pd_order_set_state (e5, PD_ORDER_STATE_PAID_LESS);
  pd_order_set_payment_amount (e5, "0.5");
  pd_order_set_payable_amount (e5, "1.0013");
  pd_order_set_mismatch (e5, fields);
  g_assert_true (pd_store_update_order (fixture->store, e5, PD_ORDER_EVENT_UPDATED, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_shown (fixture, "order-f6 order-e5 order-d4 order-c3");

  a1 = pd_store_lookup_order (fixture->store, PAYEE, "order-a1", &error);
  g_assert_no_error (error);
  pd_order_set_state (a1, PD_ORDER_STATE_PAID_LESS);
  pd_order_set_expires_at (a1, g_get_real_time () / G_USEC_PER_SEC + 3600);
  g_assert_true (pd_store_update_order (fixture->store, a1, PD_ORDER_EVENT_UPDATED, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_shown (fixture, "order-f6 order-e5 order-d4 order-c3");

  pd_order_set_expires_at (a1, g_get_real_time () / G_USEC_PER_SEC - 60);
  g_assert_true (pd_store_update_order (fixture->store, a1, PD_ORDER_EVENT_UPDATED, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_shown (fixture, "order-f6 order-e5 order-d4 order-c3 order-a1");
}

/* 100,000 orders: a benchmark (-m perf), not a timed unit test. */
static void
test_list_perf (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdOrderList) list = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-order-list-perf-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "paydesk.db", NULL);
  const guint n = 100000;
  guint expected_open = 0;
  double seconds;

  store = pd_store_open (path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("order-%06u", i);
      g_autofree char *amount = g_strdup_printf ("%u.%02u", i % 500, i % 100);
      g_autofree char *note = g_strdup_printf ("customer %u table %u", i % 977, i % 12);
      PdOrderState state = i % PD_ORDER_STATE_LAST;

      expected_open += !pd_order_state_is_settled (state);
      g_ptr_array_add (orders, make_order (id, amount, note, state, 1700000000 + i));
    }

  g_test_timer_start ();
  g_assert_true (pd_store_insert_orders (store, orders, &error));
  g_assert_no_error (error);
  seconds = g_test_timer_elapsed ();
  g_test_minimized_result (seconds, "insert %u orders: %.3f s", n, seconds);
  g_ptr_array_set_size (orders, 0);

  /* A fresh store, as the app starts: nothing loaded yet. */
  g_clear_object (&store);
  store = pd_store_open (path, &error);
  g_assert_no_error (error);

  g_test_timer_start ();
  list = pd_order_list_new (store, &error);
  g_assert_no_error (error);
  seconds = g_test_timer_elapsed ();
  g_test_minimized_result (seconds, "load %u orders: %.3f s", n, seconds);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);

  g_test_timer_start ();
  pd_order_list_set_group (list, PD_ORDER_GROUP_OPEN);
  seconds = g_test_timer_elapsed ();
  g_test_minimized_result (seconds, "filter open: %.4f s", seconds);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected_open);

  g_test_timer_start ();
  pd_order_list_set_filter (list, PD_ORDER_GROUP_ALL, "customer 976 ");
  seconds = g_test_timer_elapsed ();
  g_test_minimized_result (seconds, "first search: %.4f s", seconds);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);

  g_test_timer_start ();
  pd_order_list_set_search_text (list, "table 11");
  seconds = g_test_timer_elapsed ();
  g_test_minimized_result (seconds, "second search: %.4f s", seconds);

  g_clear_object (&list);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_autofree char *changed = g_strconcat (path, "-changes/stamp", NULL);
    g_autofree char *changes = g_strconcat (path, "-changes", NULL);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_unlink (changed);
    g_rmdir (changes);
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/order-list/newest-first", test_list_newest_first);
  ADD ("/order-list/groups", test_list_groups);
  ADD ("/order-list/search", test_list_search);
  ADD ("/order-list/search-follows-order", test_list_search_follows_order);
  ADD ("/order-list/minimal-changes", test_list_minimal_changes);
  ADD ("/order-list/follows-store", test_list_follows_store);
  ADD ("/order-list/attention", test_list_attention);
#undef ADD
  g_test_add_func ("/order-list/search-key", test_order_search_key);

  if (g_test_perf ())
    g_test_add_func ("/order-list/perf-100000", test_list_perf);

  return g_test_run ();
}
