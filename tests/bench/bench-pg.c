/* bench-pg.c: the ledger on PostgreSQL (a throw-away server on
 * loopback, started as the tests start theirs) against the same code on
 * an SQLite file, in the same run: batched insert, opening 100,000
 * orders to a populated list, and a change on one desk seen on another
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-bench.h"
#include "pd-test-pg.h"

#define N_ORDERS 100000
#define INSERT_RUNS 3
#define OPEN_RUNS 5
/* Changes made on one desk and waited for on the other. */
#define LIVE_RUNS 21
#define LIVE_TIMEOUT 10.0

static PdStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  PdStore *store = pd_store_open (path, &error);

  if (store == NULL)
    g_error ("pd_store_open: %s", error->message);

  return store;
}

/* Seconds to store @n new orders in one transaction. */
static double
insert_batched (const char *path,
                guint       n)
{
  g_autoptr(GPtrArray) orders = pd_bench_make_orders (n, 0);
  g_autoptr(PdStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  double start = pd_bench_now ();

  if (!pd_store_insert_orders (store, orders, &error))
    g_error ("insert: %s", error->message);

  return pd_bench_now () - start;
}

static void
add_rates (PdBench    *bench,
           GArray     *seconds,
           GArray     *baseline_seconds)
{
  g_autoptr(GArray) rates = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_rates = pd_bench_samples_new ();
  PdBenchFigure figure = { 0 };

  for (guint i = 0; i < seconds->len; i++)
    pd_bench_samples_add (rates, N_ORDERS / g_array_index (seconds, double, i));
  for (guint i = 0; i < baseline_seconds->len; i++)
    pd_bench_samples_add (baseline_rates, N_ORDERS / g_array_index (baseline_seconds, double, i));

  figure.name = "pg-insert-batched";
  figure.unit = "orders/s";
  figure.value = pd_bench_median (rates);
  figure.baseline = pd_bench_median (baseline_rates);
  figure.baseline_what = "the same orders through PdStore into an SQLite file";
  figure.ratio = figure.baseline / figure.value;
  figure.target = "≥ 10,000 orders/s";
  figure.met = figure.value >= 10000;
  figure.samples = rates;
  figure.baseline_samples = baseline_rates;
  pd_bench_add (bench, &figure);
}

/* Each run fills a new database and a new file with the same 100,000
 * orders, in turn; the last of each stays, in @uri and @file, for the
 * figures that follow. */
static void
bench_insert (PdBench     *bench,
              const char  *dir,
              char       **uri,
              char       **file)
{
  g_autoptr(GArray) seconds = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_seconds = pd_bench_samples_new ();

  /* Warm up: the server's caches, the code, the allocator. */
  {
    g_autofree char *warm = pd_test_pg_new_database ();

    insert_batched (warm, N_ORDERS / 10);
  }

  for (guint run = 0; run < INSERT_RUNS; run++)
    {
      g_free (*uri);
      *uri = pd_test_pg_new_database ();
      pd_bench_samples_add (seconds, insert_batched (*uri, N_ORDERS));

      if (*file != NULL)
        pd_bench_remove_db (*file);
      g_free (*file);
      *file = g_strdup_printf ("%s/paydesk-%u.db", dir, run);
      pd_bench_samples_add (baseline_seconds, insert_batched (*file, N_ORDERS));
    }

  add_rates (bench, seconds, baseline_seconds);
}

/* The time to a populated list, as the app opens its ledger. */
static double
open_once (const char *path)
{
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdOrderList) list = NULL;
  double store_seconds, main_seconds;
  double start = pd_bench_now ();

  list = pd_bench_open_list (path, &store, &store_seconds, &main_seconds);
  start = pd_bench_now () - start;
  g_clear_object (&list);
  pd_store_close (store);

  return start;
}

static void
bench_open (PdBench    *bench,
            const char *uri,
            const char *file)
{
  g_autoptr(GArray) seconds = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_seconds = pd_bench_samples_new ();

  /* Run 0 warms up; then in turn. */
  for (guint run = 0; run <= OPEN_RUNS; run++)
    {
      double subject = open_once (uri);
      double baseline = open_once (file);

      if (run == 0)
        continue;
      pd_bench_samples_add (seconds, subject * 1000);
      pd_bench_samples_add (baseline_seconds, baseline * 1000);
    }

  pd_bench_add_medians (bench, "pg-open-100000", "ms", seconds, baseline_seconds,
                        "the same through PdStore from an SQLite file",
                        "≤ 1000 ms to a populated list", 1000, 0);
}

static void
changed_cb (PdStore  *store,
            PdOrder  *order,
            gboolean *seen)
{
  *seen = TRUE;
}

/* The median seconds from a note written on one desk's store to the
 * other's "order-changed" for it: LISTEN/NOTIFY on PostgreSQL, the
 * ledger's change marker and a file monitor on SQLite. */
static void
live_changes (const char *path,
              GArray     *samples)
{
  g_autoptr(PdStore) here = open_store (path);
  g_autoptr(PdStore) there = open_store (path);
  g_autoptr(PdOrder) order = pd_bench_new_order ("PDBENCH-LIVE", NULL);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  gboolean seen = FALSE;

  if (!pd_store_insert_order (here, order, &error))
    g_error ("insert: %s", error->message);

  listed = pd_store_list_orders (there, &error);
  if (listed == NULL)
    g_error ("list: %s", error->message);
  pd_store_watch (there);
  g_signal_connect (there, "order-changed", G_CALLBACK (changed_cb), &seen);

  /* What the first write set off goes before the clock starts. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  for (guint run = 0; run < LIVE_RUNS; run++)
    {
      g_autofree char *note = g_strdup_printf ("change %u", run);
      double start, deadline;

      seen = FALSE;
      pd_order_set_note (order, note);
      start = pd_bench_now ();
      deadline = start + LIVE_TIMEOUT;
      if (!pd_store_update_order (here, order, PD_ORDER_EVENT_NOTE, NULL, NULL, &error))
        g_error ("update: %s", error->message);

      while (!seen && pd_bench_now () < deadline)
        g_main_context_iteration (NULL, TRUE);
      if (!seen)
        g_error ("the other desk did not see change %u within %.0f s", run, LIVE_TIMEOUT);

      pd_bench_samples_add (samples, pd_bench_now () - start);
      /* Not back to back: a desk's changes come seconds apart. */
      g_usleep (20000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  g_signal_handlers_disconnect_by_func (there, changed_cb, &seen);
  pd_store_close (there);
  pd_store_close (here);
}

static void
bench_live (PdBench    *bench,
            const char *dir)
{
  g_autoptr(GArray) seconds = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_seconds = pd_bench_samples_new ();
  g_autofree char *uri = pd_test_pg_new_database ();
  g_autofree char *file = g_build_filename (dir, "live.db", NULL);

  live_changes (uri, seconds);
  live_changes (file, baseline_seconds);
  for (guint i = 0; i < seconds->len; i++)
    g_array_index (seconds, double, i) *= 1000;
  for (guint i = 0; i < baseline_seconds->len; i++)
    g_array_index (baseline_seconds, double, i) *= 1000;

  pd_bench_add_medians (bench, "pg-live-change", "ms", seconds, baseline_seconds,
                        "the same between two stores on one SQLite file",
                        "≤ 1000 ms (median, loopback)", 1000, 0);
  pd_bench_remove_db (file);
}

void
pd_bench_pg (PdBench *bench)
{
  g_autofree char *dir = pd_bench_make_temp_dir ("pg");
  g_autofree char *uri = NULL;
  g_autofree char *file = NULL;

  bench_insert (bench, dir, &uri, &file);
  bench_open (bench, uri, file);
  bench_live (bench, dir);

  pd_bench_remove_db (file);
  pd_bench_remove_tree (dir);
  pd_test_pg_stop ();
}
