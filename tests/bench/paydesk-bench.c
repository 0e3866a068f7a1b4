/* paydesk-bench.c: Paydesk's benchmark, each figure against a baseline
 * measured in the same run
 *
 *   paydesk-bench [--json=PATH] [--only=PART,…]
 *
 * Parts: link-qr, ledger (with search), takings, poll, startup (with idle),
 * pg (PostgreSQL beside SQLite, on a throw-away server).
 * Prints one line a figure, "name: value unit (baseline: value unit,
 * ratio: x)", then which targets are met, and writes the same figures
 * as JSON (default: $PAYDESK_TEST_BUILDDIR/bench.json, else
 * _build/bench.json).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <glib.h>

#include "pd-bench.h"

static gboolean
wants (GStrv       only,
       const char *part)
{
  return only == NULL || g_strv_contains ((const char * const *) only, part);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *json_path = NULL;
  g_autofree char *only_list = NULL;
  g_autofree char *rss_child = NULL;
  g_autofree char *rss_db = NULL;
  g_autofree char *db_100k = NULL;
  g_autofree char *self_path = NULL;
  g_auto(GStrv) only = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  PdBench *bench;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, "Where to write the figures as JSON", "PATH" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only_list, "Run only these parts (link-qr, ledger, takings, poll, startup, pg)", "PART,…" },
    { "rss-child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &rss_child, NULL, NULL },
    { "rss-db", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &rss_db, NULL, NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— measure Paydesk against its baselines");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (rss_child != NULL)
    return pd_bench_rss_child (rss_child, rss_db);

  if (json_path == NULL)
    {
      const char *builddir = g_getenv ("PAYDESK_TEST_BUILDDIR");

      json_path = g_build_filename (builddir != NULL ? builddir : "_build", "bench.json", NULL);
    }

  if (only_list != NULL)
    only = g_strsplit (only_list, ",", -1);

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_strdup (argv[0]);

  bench = pd_bench_new ();

  if (wants (only, "link-qr"))
    pd_bench_link_qr (bench);
  if (wants (only, "ledger") || wants (only, "startup") || wants (only, "takings"))
    pd_bench_ledger (bench, self_path, wants (only, "ledger"), &db_100k);
  if (wants (only, "takings"))
    pd_bench_takings (bench, db_100k);
  if (wants (only, "poll"))
    pd_bench_poll (bench);
  if (wants (only, "startup"))
    pd_bench_startup (bench, db_100k);
  if (wants (only, "pg"))
    pd_bench_pg (bench);

  if (db_100k != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (db_100k);

      pd_bench_remove_db (db_100k);
      pd_bench_remove_tree (dir);
    }

  if (!pd_bench_finish (bench, json_path, &error))
    {
      g_printerr ("Cannot write %s: %s\n", json_path, error->message);
      pd_bench_free (bench);
      return 1;
    }

  pd_bench_free (bench);
  return 0;
}
