/* bench-takings-index.c: the Takings view's figures at 100,000 orders,
 * from the orders filed by day (PdTakingsIndex), against the full reload
 * the view did before: a second store opened in a worker, every order
 * listed and counted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-asset-cache.h"
#include "pd-bench.h"
#include "pd-order-list.h"
#include "pd-store.h"
#include "pd-takings.h"
#include "pd-takings-index.h"

#define INDEX_RUNS 7
/* Each full reload reads the whole ledger: fewer of them. */
#define RELOAD_RUNS 5

typedef struct
{
  const char  *name;
  GDate        from;
  GDate        to;
  PdTakingsBy  by;
} Period;

/* What the view's worker did for every count before the index. */
static double
full_reload (const char   *db_path,
             const Period *period)
{
  double begin = pd_bench_now ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (db_path, &error);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(PdTakings) takings = NULL;

  if (store == NULL)
    g_error ("pd_store_open: %s", error->message);
  pd_asset_cache_name_orders (store, NULL);
  orders = pd_store_list_orders (store, &error);
  if (orders == NULL)
    g_error ("pd_store_list_orders: %s", error->message);
  takings = pd_takings_new_for_orders (orders, &period->from, &period->to, period->by, NULL);
  g_clear_pointer (&orders, g_ptr_array_unref);
  pd_store_close (store);

  return pd_bench_now () - begin;
}

static PdTakingsIndex *
file_orders (PdOrderList *list)
{
  PdTakingsIndex *index = pd_takings_index_new (NULL);
  guint n = pd_order_list_get_n_total (list);

  for (guint i = 0; i < n; i++)
    pd_takings_index_add_order (index, pd_order_list_get_total_order (list, i));

  return index;
}

static guint
count_orders (PdTakings *takings)
{
  GPtrArray *totals = pd_takings_get_totals (takings);
  guint counted = 0;

  for (guint i = 0; i < totals->len; i++)
    {
      PdTakingsAsset *asset = g_ptr_array_index (totals, i);

      counted += asset->paid_count + asset->open_count + asset->mismatch_count +
                 asset->failed_count + asset->cancelled_count;
    }

  return counted;
}

static void
add_figure (PdBench    *bench,
            const char *name,
            GArray     *seconds,
            GArray     *baseline_seconds)
{
  for (guint i = 0; i < seconds->len; i++)
    g_array_index (seconds, double, i) *= 1000;
  for (guint i = 0; i < baseline_seconds->len; i++)
    g_array_index (baseline_seconds, double, i) *= 1000;

  pd_bench_add_medians (bench, name, "ms", seconds, baseline_seconds,
                        "the view's full reload: a second store opened, every order listed and counted",
                        "≤ 100 ms for a period's figures at 100,000 orders", 100, 0);
}

/* A period counted the first time after the orders were filed: every
 * day of it is counted from its orders, none from a kept tally. The
 * figures must be the old path's. */
static void
bench_period (PdBench      *bench,
              const char   *db_path,
              PdOrderList  *list,
              const Period *period)
{
  g_autoptr(GArray) seconds = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_seconds = pd_bench_samples_new ();
  g_autofree char *name = g_strdup_printf ("takings-view-%s-100000", period->name);
  g_autoptr(PdTakings) full = pd_takings_new_for_model (G_LIST_MODEL (list), &period->from, &period->to,
                                                        period->by, NULL);

  for (guint run = 0; run <= INDEX_RUNS; run++)
    {
      g_autoptr(PdTakingsIndex) index = file_orders (list);
      g_autoptr(PdTakings) takings = NULL;
      double begin = pd_bench_now ();

      takings = pd_takings_index_count (index, &period->from, &period->to, period->by);
      if (run > 0)
        pd_bench_samples_add (seconds, pd_bench_now () - begin);
      g_assert_cmpuint (count_orders (takings), ==, count_orders (full));
      g_assert_cmpuint (pd_takings_get_paid_orders (takings)->len, ==,
                        pd_takings_get_paid_orders (full)->len);

      if (run > 0 && run <= RELOAD_RUNS)
        pd_bench_samples_add (baseline_seconds, full_reload (db_path, period));
    }
  g_assert_cmpuint (count_orders (full), >, 0);

  add_figure (bench, name, seconds, baseline_seconds);
}

/* The first showing of the view: every order filed, then this month
 * counted. Once a ledger; a change after it is the next figure. */
static void
bench_first_showing (PdBench      *bench,
                     const char   *db_path,
                     PdOrderList  *list,
                     const Period *month)
{
  g_autoptr(GArray) seconds = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_seconds = pd_bench_samples_new ();

  for (guint run = 0; run <= INDEX_RUNS; run++)
    {
      double begin = pd_bench_now ();
      g_autoptr(PdTakingsIndex) index = file_orders (list);
      g_autoptr(PdTakings) takings = pd_takings_index_count (index, &month->from, &month->to, month->by);

      if (run > 0)
        pd_bench_samples_add (seconds, pd_bench_now () - begin);
      if (run > 0 && run <= RELOAD_RUNS)
        pd_bench_samples_add (baseline_seconds, full_reload (db_path, month));
    }

  add_figure (bench, "takings-view-first-showing-100000", seconds, baseline_seconds);
}

/* A live update: an open order of today turns paid; it is filed again
 * and this month counted again, from the other days' kept tallies. */
static void
bench_live_update (PdBench      *bench,
                   const char   *db_path,
                   PdOrderList  *list,
                   const Period *month)
{
  g_autoptr(GArray) seconds = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_seconds = pd_bench_samples_new ();
  g_autoptr(PdTakingsIndex) index = file_orders (list);
  g_autoptr(PdTakings) first = pd_takings_index_count (index, &month->from, &month->to, month->by);
  guint n = pd_order_list_get_n_total (list);
  guint next = 0;

  for (guint run = 0; run <= INDEX_RUNS; run++)
    {
      g_autoptr(PdTakings) takings = NULL;
      PdOrder *order = NULL;
      double begin;

      /* The newest orders not yet paid, one a run. Changed in memory
       * only: the ledger stays as the reloads read it. */
      for (; next < n && order == NULL; next++)
        {
          PdOrder *candidate = pd_order_list_get_total_order (list, next);

          if (pd_order_get_state (candidate) != PD_ORDER_STATE_PAID && !pd_order_has_mismatch (candidate))
            order = candidate;
        }
      g_assert_nonnull (order);
      pd_order_set_state (order, PD_ORDER_STATE_PAID);
      pd_order_set_paid_at (order, pd_order_get_created_at (order) + 60);

      begin = pd_bench_now ();
      pd_takings_index_add_order (index, order);
      takings = pd_takings_index_count (index, &month->from, &month->to, month->by);
      if (run > 0)
        pd_bench_samples_add (seconds, pd_bench_now () - begin);
      {
        g_autoptr(PdTakings) full = pd_takings_new_for_model (G_LIST_MODEL (list), &month->from, &month->to,
                                                              month->by, NULL);

        g_assert_cmpuint (pd_takings_get_paid_orders (takings)->len, ==,
                          pd_takings_get_paid_orders (full)->len);
        g_assert_cmpuint (pd_takings_get_paid_orders (takings)->len, >,
                          pd_takings_get_paid_orders (first)->len);
      }

      if (run > 0 && run <= RELOAD_RUNS)
        pd_bench_samples_add (baseline_seconds, full_reload (db_path, month));
    }

  add_figure (bench, "takings-view-live-update-100000", seconds, baseline_seconds);
}

/**
 * pd_bench_takings_index:
 * @db_path: a ledger of 100,000 orders (pd_bench_ledger())
 *
 * Today, this month and a year, as the Takings view counts them, the
 * first showing of the view and a live update, each beside the full
 * reload of before in the same run.
 */
void
pd_bench_takings_index (PdBench    *bench,
                        const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (db_path, &error);
  g_autoptr(PdOrderList) list = NULL;
  g_autoptr(PdOrder) newest = NULL;
  Period today = { "today", { 0 }, { 0 }, PD_TAKINGS_BY_DAY };
  Period month = { "month", { 0 }, { 0 }, PD_TAKINGS_BY_DAY };
  Period year = { "year", { 0 }, { 0 }, PD_TAKINGS_BY_WEEK };

  if (store == NULL)
    g_error ("pd_store_open: %s", error->message);
  pd_asset_cache_name_orders (store, NULL);
  list = pd_order_list_new (store, &error);
  if (list == NULL)
    g_error ("pd_order_list_new: %s", error->message);

  /* "Today" is the newest order's day; the month and the year end on it,
   * as the view's This Month and a custom range of a year. */
  newest = g_object_ref (pd_order_list_get_total_order (list, 0));
  pd_takings_date_from_unix (pd_order_get_created_at (newest), NULL, &today.from);
  today.to = today.from;
  month.from = month.to = year.to = today.from;
  g_date_set_day (&month.from, 1);
  year.from = today.from;
  g_date_subtract_days (&year.from, 364);

  /* The operating system's cache, as in the app's second count. */
  full_reload (db_path, &today);

  bench_period (bench, db_path, list, &today);
  bench_period (bench, db_path, list, &month);
  bench_period (bench, db_path, list, &year);
  bench_first_showing (bench, db_path, list, &month);
  bench_live_update (bench, db_path, list, &month);

  g_clear_object (&list);
  pd_store_close (store);
}
