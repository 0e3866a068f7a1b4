/* pd-bench.h: timing, medians and the report of Paydesk's benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pd-order.h"
#include "pd-order-list.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* One figure of the report. The ratio is always "how many times the
 * baseline's cost": time over baseline time, or baseline rate over rate
 * for throughputs, so a ratio above 1 means slower than the baseline. */
typedef struct
{
  const char *name;
  double      value;
  const char *unit;
  double      baseline;
  const char *baseline_unit;
  const char *baseline_what;  /* what the baseline measures */
  double      ratio;
  const char *target;         /* NULL: no target of its own */
  gboolean    met;
  GArray     *samples;        /* (nullable) double, the subject's runs */
  GArray     *baseline_samples;
} PdBenchFigure;

/* The payee and assets every benchmark order uses (those of the brief). */
#define PD_BENCH_PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define PD_BENCH_BTC   "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define PD_BENCH_USDT  "4d8c508b-91c5-375b-92b0-ee702ed2dac5"

typedef struct _PdBench PdBench;

PdBench  *pd_bench_new                (void);
void      pd_bench_free               (PdBench             *bench);
/* Prints "name: value unit (baseline: value unit, ratio: x)" and keeps
 * the figure for the JSON report. */
void      pd_bench_add                (PdBench             *bench,
                                       const PdBenchFigure *figure);
/* A figure that could not be measured here, and why. */
void      pd_bench_skip               (PdBench             *bench,
                                       const char          *name,
                                       const char          *reason);
/* Prints which targets are met and writes the JSON file. */
gboolean  pd_bench_finish             (PdBench             *bench,
                                       const char          *json_path,
                                       GError             **error);

/* A figure from the medians of @samples and @baseline_samples (the
 * ratio is value over baseline), met when the median is at most
 * @max_value and the ratio at most @max_ratio (0: no such bound).
 * @target NULL: a figure without a target of its own. */
void      pd_bench_add_medians        (PdBench             *bench,
                                       const char          *name,
                                       const char          *unit,
                                       GArray              *samples,
                                       GArray              *baseline_samples,
                                       const char          *baseline_what,
                                       const char          *target,
                                       double               max_value,
                                       double               max_ratio);

/* A new order of 10 USDT to PD_BENCH_PAYEE, settled in BTC; @link may
 * be NULL. (transfer full) */
PdOrder  *pd_bench_new_order          (const char          *order_id,
                                       const char          *link);

/* Monotonic time in seconds, with nanosecond resolution. */
double    pd_bench_now                (void);
/* User + system CPU time of this process (every thread), in seconds. */
double    pd_bench_cpu_time           (void);
/* CPU seconds of the calling thread alone. */
double    pd_bench_thread_cpu_time    (void);
/* The median of @samples (double); sorts a copy. */
double    pd_bench_median             (GArray              *samples);
GArray   *pd_bench_samples_new        (void);
void      pd_bench_samples_add        (GArray              *samples,
                                       double               value);

/* A fresh empty folder under the temporary folder, and its removal. */
char     *pd_bench_make_temp_dir      (const char          *name);
void      pd_bench_remove_tree        (const char          *path);
void      pd_bench_remove_db          (const char          *path);

/* The benchmarks, in the order they run. Each adds its figures. */
void      pd_bench_link_qr            (PdBench             *bench);
void      pd_bench_ledger             (PdBench             *bench,
                                       const char          *self_path,
                                       gboolean             measure,
                                       char               **db_path_out);
void      pd_bench_poll               (PdBench             *bench);
/* Takings over the 100,000 orders of @db_path (bench-takings.c). */
void      pd_bench_takings            (PdBench             *bench,
                                       const char          *db_path);
/* The Takings view's figures from orders filed by day, beside its old
 * full reload (bench-takings-index.c). */
void      pd_bench_takings_index      (PdBench             *bench,
                                       const char          *db_path);
void      pd_bench_startup            (PdBench             *bench,
                                       const char          *db_100k);

/* The ledger at @path (an SQLite file or a database URI) opened as the
 * app opens it: its 100,000 orders read in a thread, then the list made
 * on this thread (@main_seconds); @store_seconds: opening alone. */
PdOrderList *pd_bench_open_list       (const char          *path,
                                       PdStore            **store_out,
                                       double              *store_seconds,
                                       double              *main_seconds);
/* PostgreSQL beside SQLite, on a throw-away server (bench-pg.c). */
void      pd_bench_pg                 (PdBench             *bench);
/* Children of the benchmark itself, for peak memory. */
int       pd_bench_rss_child          (const char          *what,
                                       const char          *db_path);

/* The ledger of @n orders the ledger benchmark and the startup use. */
GPtrArray *pd_bench_make_orders       (guint                n,
                                       guint                first);

G_END_DECLS
