/* pd-bench.c: timing, medians and the report of Paydesk's benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pd-bench.h"

struct _PdBench
{
  JsonBuilder *figures;   /* an open array */
  GPtrArray   *targets;   /* char *, one line a target */
  guint        n_missed;
};

PdBench *
pd_bench_new (void)
{
  PdBench *bench = g_new0 (PdBench, 1);

  bench->figures = json_builder_new ();
  json_builder_begin_array (bench->figures);
  bench->targets = g_ptr_array_new_with_free_func (g_free);

  return bench;
}

void
pd_bench_free (PdBench *bench)
{
  g_object_unref (bench->figures);
  g_ptr_array_unref (bench->targets);
  g_free (bench);
}

/* Three significant digits at least, never an exponent. */
static char *
format_value (double value)
{
  double magnitude = fabs (value);

  if (magnitude >= 100 || value == 0)
    return g_strdup_printf ("%.0f", value);
  if (magnitude >= 10)
    return g_strdup_printf ("%.1f", value);
  if (magnitude >= 1)
    return g_strdup_printf ("%.2f", value);
  return g_strdup_printf ("%.3f", value);
}

static void
add_samples (JsonBuilder *builder,
             const char  *member,
             GArray      *samples)
{
  if (samples == NULL)
    return;

  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < samples->len; i++)
    json_builder_add_double_value (builder, g_array_index (samples, double, i));
  json_builder_end_array (builder);
}

void
pd_bench_add (PdBench             *bench,
              const PdBenchFigure *figure)
{
  g_autofree char *value = format_value (figure->value);
  g_autofree char *baseline = format_value (figure->baseline);
  JsonBuilder *builder = bench->figures;

  g_print ("%s: %s %s (baseline: %s %s, ratio: %.2f)\n",
           figure->name, value, figure->unit,
           baseline, figure->baseline_unit ?: figure->unit, figure->ratio);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, figure->name);
  json_builder_set_member_name (builder, "value");
  json_builder_add_double_value (builder, figure->value);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, figure->unit);
  json_builder_set_member_name (builder, "baseline");
  json_builder_add_double_value (builder, figure->baseline);
  json_builder_set_member_name (builder, "baseline_unit");
  json_builder_add_string_value (builder, figure->baseline_unit ?: figure->unit);
  json_builder_set_member_name (builder, "baseline_what");
  json_builder_add_string_value (builder, figure->baseline_what);
  json_builder_set_member_name (builder, "ratio");
  json_builder_add_double_value (builder, figure->ratio);
  if (figure->target != NULL)
    {
      json_builder_set_member_name (builder, "target");
      json_builder_add_string_value (builder, figure->target);
      json_builder_set_member_name (builder, "met");
      json_builder_add_boolean_value (builder, figure->met);
    }
  add_samples (builder, "samples", figure->samples);
  add_samples (builder, "baseline_samples", figure->baseline_samples);
  json_builder_end_object (builder);

  if (figure->target != NULL)
    {
      g_ptr_array_add (bench->targets,
                       g_strdup_printf ("  %-26s %-44s %s", figure->name, figure->target,
                                        figure->met ? "met" : "MISSED"));
      bench->n_missed += !figure->met;
    }
}

void
pd_bench_add_medians (PdBench    *bench,
                      const char *name,
                      const char *unit,
                      GArray     *samples,
                      GArray     *baseline_samples,
                      const char *baseline_what,
                      const char *target,
                      double      max_value,
                      double      max_ratio)
{
  PdBenchFigure figure = { 0 };

  figure.name = name;
  figure.unit = unit;
  figure.value = pd_bench_median (samples);
  figure.baseline = pd_bench_median (baseline_samples);
  figure.baseline_what = baseline_what;
  figure.ratio = figure.value / figure.baseline;
  figure.target = target;
  figure.met = (max_value <= 0 || figure.value <= max_value) &&
               (max_ratio <= 0 || figure.ratio <= max_ratio);
  figure.samples = samples;
  figure.baseline_samples = baseline_samples;
  pd_bench_add (bench, &figure);
}

void
pd_bench_skip (PdBench    *bench,
               const char *name,
               const char *reason)
{
  g_print ("%s: not measured (%s)\n", name, reason);

  json_builder_begin_object (bench->figures);
  json_builder_set_member_name (bench->figures, "name");
  json_builder_add_string_value (bench->figures, name);
  json_builder_set_member_name (bench->figures, "skipped");
  json_builder_add_string_value (bench->figures, reason);
  json_builder_end_object (bench->figures);
}

static char *
read_cpu_model (void)
{
  g_autofree char *cpuinfo = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    return g_strdup ("unknown");

  lines = g_strsplit (cpuinfo, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');

      if (g_str_has_prefix (lines[i], "model name") && colon != NULL)
        return g_strstrip (g_strdup (colon + 1));
    }

  return g_strdup ("unknown");
}

static void
add_machine (JsonBuilder *builder)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format_iso8601 (now);
  g_autofree char *cpu = read_cpu_model ();
  g_autofree char *loadavg = NULL;

  json_builder_set_member_name (builder, "date");
  json_builder_add_string_value (builder, date);
  json_builder_set_member_name (builder, "machine");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cpus");
  json_builder_add_int_value (builder, g_get_num_processors ());
  json_builder_set_member_name (builder, "cpu_model");
  json_builder_add_string_value (builder, cpu);
  /* The machine may be shared: how busy it was, at the end of the run. */
  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    {
      json_builder_set_member_name (builder, "loadavg");
      json_builder_add_string_value (builder, g_strstrip (loadavg));
    }
  json_builder_end_object (builder);
}

gboolean
pd_bench_finish (PdBench     *bench,
                 const char  *json_path,
                 GError     **error)
{
  g_autoptr(JsonBuilder) report = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) figures = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *folder = g_path_get_dirname (json_path);

  g_print ("\nTargets:\n");
  for (guint i = 0; i < bench->targets->len; i++)
    g_print ("%s\n", (const char *) g_ptr_array_index (bench->targets, i));
  g_print ("%u of %u targets met\n",
           bench->targets->len - bench->n_missed, bench->targets->len);

  json_builder_end_array (bench->figures);
  figures = json_builder_get_root (bench->figures);

  json_builder_begin_object (report);
  add_machine (report);
  json_builder_set_member_name (report, "figures");
  json_builder_add_value (report, g_steal_pointer (&figures));
  json_builder_end_object (report);

  root = json_builder_get_root (report);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  g_mkdir_with_parents (folder, 0755);
  if (!json_generator_to_file (generator, json_path, error))
    return FALSE;

  g_print ("Figures written to %s\n", json_path);
  return TRUE;
}

double
pd_bench_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

double
pd_bench_cpu_time (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

PdOrder *
pd_bench_new_order (const char *order_id,
                    const char *link)
{
  PdOrder *order = pd_order_new ();

  pd_order_set_payee_id (order, PD_BENCH_PAYEE);
  pd_order_set_order_id (order, order_id);
  pd_order_set_settlement_asset_id (order, PD_BENCH_BTC);
  pd_order_set_quote_asset_id (order, PD_BENCH_USDT);
  pd_order_set_quote_amount (order, "10");
  pd_order_set_link (order, link);

  return order;
}

double
pd_bench_thread_cpu_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

double
pd_bench_median (GArray *samples)
{
  g_autoptr(GArray) sorted = NULL;
  guint n = samples->len;

  g_return_val_if_fail (n > 0, 0);

  sorted = g_array_copy (samples);
  g_array_sort (sorted, compare_doubles);

  if (n % 2 == 1)
    return g_array_index (sorted, double, n / 2);

  return (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
}

GArray *
pd_bench_samples_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

void
pd_bench_samples_add (GArray *samples,
                      double  value)
{
  g_array_append_val (samples, value);
}

char *
pd_bench_make_temp_dir (const char *name)
{
  g_autofree char *template = g_strdup_printf ("paydesk-bench-%s-XXXXXX", name);
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (template, &error);

  if (dir == NULL)
    g_error ("Cannot make a temporary folder: %s", error->message);

  return dir;
}

void
pd_bench_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        pd_bench_remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

/* The database and the files SQLite keeps beside it. */
void
pd_bench_remove_db (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal", "-changes/stamp", "-changes", ".poll-lock" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
}
