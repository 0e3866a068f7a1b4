/* bench-takings.c: a period's takings at 100,000 orders, against plain
 * SQLite reading the same rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "pd-bench.h"
#include "pd-order-list.h"
#include "pd-store.h"
#include "pd-takings.h"

#define TAKINGS_RUNS 7

/* What a plain query returns for the same period: the fields the
 * figures need, for the rows in it, without adding anything up (SQLite's
 * SUM() is floating point, which money never is). */
static double
baseline_period (sqlite3 *db,
                 gint64   start,
                 gint64   end)
{
  sqlite3_stmt *stmt = NULL;
  double begin = pd_bench_now ();
  guint rows = 0;

  sqlite3_prepare_v2 (db,
                      "SELECT quote_asset_id, state, quote_amount, paid_at FROM orders"
                      " WHERE created_at >= ?1 AND created_at < ?2",
                      -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    rows++;
  sqlite3_finalize (stmt);

  return pd_bench_now () - begin;
}

static void
add_figure (PdBench    *bench,
            const char *name,
            GArray     *seconds,
            GArray     *baseline_seconds,
            const char *baseline_what)
{
  for (guint i = 0; i < seconds->len; i++)
    g_array_index (seconds, double, i) *= 1000;
  for (guint i = 0; i < baseline_seconds->len; i++)
    g_array_index (baseline_seconds, double, i) *= 1000;

  pd_bench_add_medians (bench, name, "ms", seconds, baseline_seconds, baseline_what,
                        "≤ 100 ms for a period's figures at 100,000 orders", 100, 0);
}

/* @first, @last: the period; by day, as the Takings view asks. */
static void
bench_period (PdBench     *bench,
              const char  *name,
              PdOrderList *list,
              sqlite3     *db,
              const GDate *first,
              const GDate *last,
              guint        expect_at_least)
{
  g_autoptr(GArray) seconds = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_seconds = pd_bench_samples_new ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) start = g_date_time_new (zone, g_date_get_year (first), g_date_get_month (first),
                                                g_date_get_day (first), 0, 0, 0);
  g_autoptr(GDateTime) end_day = g_date_time_new (zone, g_date_get_year (last), g_date_get_month (last),
                                                  g_date_get_day (last), 0, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_days (end_day, 1);

  for (guint run = 0; run <= TAKINGS_RUNS; run++)
    {
      g_autoptr(PdTakings) takings = NULL;
      double begin = pd_bench_now ();
      double subject;
      guint counted = 0;
      GPtrArray *totals;

      takings = pd_takings_new_for_model (G_LIST_MODEL (list), first, last, PD_TAKINGS_BY_DAY, NULL);
      subject = pd_bench_now () - begin;

      totals = pd_takings_get_totals (takings);
      for (guint i = 0; i < totals->len; i++)
        {
          PdTakingsAsset *asset = g_ptr_array_index (totals, i);

          counted += asset->paid_count + asset->open_count + asset->mismatch_count +
                     asset->failed_count + asset->cancelled_count;
        }
      g_assert_cmpuint (counted, >=, expect_at_least);

      if (run == 0)
        continue;

      pd_bench_samples_add (seconds, subject);
      pd_bench_samples_add (baseline_seconds,
                            baseline_period (db, g_date_time_to_unix (start), g_date_time_to_unix (end)));
    }

  add_figure (bench, name, seconds, baseline_seconds,
              "plain SQLite SELECT of the period's rows (asset, state, amount, paid_at), not summed");
}

/**
 * pd_bench_takings:
 * @db_path: a ledger of 100,000 orders (pd_bench_ledger())
 *
 * The figures the Takings view shows, from the list the app keeps.
 */
void
pd_bench_takings (PdBench    *bench,
                  const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (db_path, &error);
  g_autoptr(PdOrderList) list = NULL;
  g_autoptr(PdOrder) newest = NULL;
  g_autoptr(PdOrder) oldest = NULL;
  sqlite3 *db = NULL;
  GDate first, last, month_first;
  guint n;

  if (store == NULL)
    g_error ("pd_store_open: %s", error->message);
  list = pd_order_list_new (store, &error);
  if (list == NULL)
    g_error ("pd_order_list_new: %s", error->message);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  newest = g_list_model_get_item (G_LIST_MODEL (list), 0);
  oldest = g_list_model_get_item (G_LIST_MODEL (list), n - 1);
  pd_takings_date_from_unix (pd_order_get_created_at (oldest), NULL, &first);
  /* Paid a little after they were made: a day more. */
  pd_takings_date_from_unix (pd_order_get_created_at (newest) + 24 * 60 * 60, NULL, &last);
  month_first = last;
  g_date_subtract_days (&month_first, 30);

  sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL);
  /* Every order in one period (three years, day by day): the worst case. */
  bench_period (bench, "takings-100000", list, db, &first, &last, n);
  /* The last month of them: what "This Month" asks for. */
  bench_period (bench, "takings-month-100000", list, db, &month_first, &last, 1);
  sqlite3_close (db);

  g_clear_object (&list);
  pd_store_close (store);

  pd_bench_takings_index (bench, db_path);
}
