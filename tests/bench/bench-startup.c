/* bench-startup.c: the app from exec to its first frame, and its
 * wake-ups when idle, each against a bare AdwApplicationWindow
 *
 * The app prints "PAYDESK_FIRST_FRAME=<monotonic µs>" after its first
 * frame when PAYDESK_BENCH_FIRST_FRAME is set (and quits unless it is
 * "stay"); tests/bench/bare-window.c does the same. Both clocks are
 * CLOCK_MONOTONIC, so the time from spawn to first frame is a plain
 * difference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <gio/gio.h>

#include "pd-bench.h"
#include "pd-fake-server.h"
#include "pd-store.h"

#define STARTUP_RUNS 5
#define IDLE_SETTLE_SECONDS 2
#define IDLE_SETTLE_MAX_SECONDS 30
#define IDLE_WINDOW_SECONDS 12
#define CHILD_TIMEOUT_SECONDS 30

#define N_OPEN_ORDERS 1000

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  gint64            spawned;      /* monotonic µs */
  gint64            first_frame;  /* monotonic µs, 0 until seen */
  gboolean          done;
} Child;

static void
child_free (Child *child)
{
  if (child->process != NULL && !child->done)
    {
      g_subprocess_force_exit (child->process);
      g_subprocess_wait (child->process, NULL, NULL);
    }

  g_clear_object (&child->out);
  g_clear_object (&child->process);
  g_free (child);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Child, child_free)

/* Settings as a merchant's: a payee (so the app shows its orders, not the
 * first-run page) and a MixPay address on loopback that nothing answers. */
static char *
make_config_home (void)
{
  char *home = pd_bench_make_temp_dir ("config");
  g_autofree char *folder = g_build_filename (home, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (folder, "keyfile", NULL);
  const char *contents =
    "[io/github/paydesk/Paydesk]\n"
    "payee-id='" PD_BENCH_PAYEE "'\n"
    "api-base='http://127.0.0.1:9/v1'\n"
    "pay-base='http://127.0.0.1:9'\n";

  g_mkdir_with_parents (folder, 0700);
  g_file_set_contents (keyfile, contents, -1, NULL);

  return home;
}

/* @api_base: (nullable): MixPay's API for the app, else nothing listens. */
static Child *
child_spawn_full (const char *program,
                  const char *db_path,
                  const char *config_home,
                  const char *mode,
                  const char *api_base)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  Child *child = g_new0 (Child, 1);

  g_subprocess_launcher_setenv (launcher, "PAYDESK_BENCH_FIRST_FRAME", mode, TRUE);
  g_subprocess_launcher_setenv (launcher, "PAYDESK_DB", db_path, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
  /* Warnings are worth seeing, but must not end the run. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  if (api_base != NULL)
    g_subprocess_launcher_setenv (launcher, "PAYDESK_API_BASE", api_base, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "PAYDESK_API_BASE");

  child->spawned = g_get_monotonic_time ();
  child->process = g_subprocess_launcher_spawn (launcher, &error, program, NULL);
  if (child->process == NULL)
    g_error ("%s: %s", program, error->message);
  child->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child->process));

  return child;
}

static Child *
child_spawn (const char *program,
             const char *db_path,
             const char *config_home,
             const char *mode)
{
  return child_spawn_full (program, db_path, config_home, mode, NULL);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
line_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **line = user_data;
  gsize length;

  *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), result, &length, NULL);
  if (*line == NULL)
    *line = g_strdup ("");  /* end of output */
}

/* Reads the child's output up to its first-frame line; FALSE if it ends
 * or falls silent first. */
static gboolean
child_wait_first_frame (Child *child)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (CHILD_TIMEOUT_SECONDS, timeout_cb, &timed_out);

  while (child->first_frame == 0 && !timed_out)
    {
      g_autofree char *line = NULL;

      g_data_input_stream_read_line_async (child->out, G_PRIORITY_DEFAULT, NULL, line_read_cb, &line);
      while (line == NULL && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      if (timed_out)
        g_error ("no first frame after %d s", CHILD_TIMEOUT_SECONDS);

      if (g_str_has_prefix (line, "PAYDESK_FIRST_FRAME="))
        child->first_frame = g_ascii_strtoll (line + strlen ("PAYDESK_FIRST_FRAME="), NULL, 10);
      else if (*line == '\0')
        break;
    }

  g_source_remove (timeout_id);

  return child->first_frame != 0;
}

static void
child_finish (Child *child)
{
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait (child->process, NULL, &error))
    g_error ("wait: %s", error->message);
  child->done = TRUE;
}

/* Milliseconds from spawn to first frame. */
static double
time_to_first_frame (const char *program,
                     const char *db_path,
                     const char *config_home)
{
  g_autoptr(Child) child = child_spawn (program, db_path, config_home, "1");

  if (!child_wait_first_frame (child))
    g_error ("%s never showed its first frame", program);
  child_finish (child);

  return (child->first_frame - child->spawned) / 1000.0;
}

static void
add_startup_figure (PdBench    *bench,
                    const char *name,
                    GArray     *samples,
                    GArray     *baseline_samples)
{
  pd_bench_add_medians (bench, name, "ms", samples, baseline_samples,
                        "a bare AdwApplicationWindow (tests/bench/bare-window.c) to its first frame",
                        "≤ 1.3× the bare window", 0, 1.3);
}

static void
bench_startup (PdBench    *bench,
               const char *app,
               const char *bare,
               const char *empty_db,
               const char *db_100k,
               const char *config_home)
{
  g_autoptr(GArray) bare_ms = pd_bench_samples_new ();
  g_autoptr(GArray) empty_ms = pd_bench_samples_new ();
  g_autoptr(GArray) full_ms = pd_bench_samples_new ();

  /* Interleaved, after one warm-up run of each (it also creates the
   * empty ledger). */
  for (guint run = 0; run <= STARTUP_RUNS; run++)
    {
      double b = time_to_first_frame (bare, empty_db, config_home);
      double e = time_to_first_frame (app, empty_db, config_home);
      double f = db_100k != NULL ? time_to_first_frame (app, db_100k, config_home) : 0;

      if (run == 0)
        continue;

      pd_bench_samples_add (bare_ms, b);
      pd_bench_samples_add (empty_ms, e);
      pd_bench_samples_add (full_ms, f);
    }

  add_startup_figure (bench, "startup-empty", empty_ms, bare_ms);
  if (db_100k != NULL)
    add_startup_figure (bench, "startup-100000", full_ms, bare_ms);
  else
    pd_bench_skip (bench, "startup-100000", "no ledger of 100,000 orders was made");
}

/* Idle ----------------------------------------------------------------- */

/* Context switches of each thread of @pid so far (thread ID → count):
 * each is a time a thread went to sleep and woke up again, or was
 * preempted. */
static GHashTable *
count_switches (GPid     pid,
                gboolean verbose)
{
  g_autofree char *tasks = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (tasks, 0, NULL);
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *tid;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *status_path = g_build_filename (tasks, tid, "status", NULL);
      g_autofree char *status = NULL;
      g_auto(GStrv) lines = NULL;
      guint64 thread_total = 0;
      const char *name = "?";

      if (!g_file_get_contents (status_path, &status, NULL, NULL))
        continue;

      lines = g_strsplit (status, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (g_str_has_prefix (lines[i], "Name:"))
            name = g_strstrip (lines[i] + strlen ("Name:"));
          else if (g_str_has_prefix (lines[i], "voluntary_ctxt_switches:"))
            thread_total += g_ascii_strtoull (lines[i] + strlen ("voluntary_ctxt_switches:"), NULL, 10);
          else if (g_str_has_prefix (lines[i], "nonvoluntary_ctxt_switches:"))
            thread_total += g_ascii_strtoull (lines[i] + strlen ("nonvoluntary_ctxt_switches:"), NULL, 10);
        }

      if (verbose)
        g_printerr ("  thread %s (%s): %" G_GUINT64_FORMAT " switches since it started\n",
                    tid, name, thread_total);
      g_hash_table_insert (counts, g_strdup (tid), g_memdup2 (&thread_total, sizeof thread_total));
    }

  return counts;
}

/* Switches between two counts; a thread that started in between counts
 * from zero, one that ended is lost (a few switches at most). */
static guint64
count_switches_between (GHashTable *before,
                        GHashTable *after)
{
  GHashTableIter iter;
  gpointer tid;
  gpointer count;
  guint64 total = 0;

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &tid, &count))
    {
      const guint64 *old = g_hash_table_lookup (before, tid);
      guint64 now = *(const guint64 *) count;

      total += old != NULL && *old <= now ? now - *old : now;
    }

  return total;
}

static void
sleep_seconds (guint seconds)
{
  gboolean timed_out = FALSE;

  g_timeout_add_seconds (seconds, timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

static GPid
child_pid (Child *child)
{
  return (GPid) g_ascii_strtoll (g_subprocess_get_identifier (child->process), NULL, 10);
}

static void
child_stop (Child *child)
{
  g_subprocess_send_signal (child->process, SIGTERM);
  g_subprocess_wait (child->process, NULL, NULL);
  child->done = TRUE;
}

/* After its first frame the app still opens and lists the ledger: the
 * idle window starts once a second passes with at most two switches, or
 * after IDLE_SETTLE_MAX_SECONDS. */
static void
wait_until_quiet (Child *child)
{
  g_autoptr(GHashTable) last = NULL;

  sleep_seconds (IDLE_SETTLE_SECONDS);
  last = count_switches (child_pid (child), FALSE);
  for (guint waited = 0; waited < IDLE_SETTLE_MAX_SECONDS; waited++)
    {
      g_autoptr(GHashTable) now = NULL;
      guint64 switches;

      sleep_seconds (1);
      now = count_switches (child_pid (child), FALSE);
      switches = count_switches_between (last, now);
      g_clear_pointer (&last, g_hash_table_unref);
      last = g_steal_pointer (&now);
      if (switches <= 2)
        return;
    }
}

/* Wake-ups a minute of each of @children, once their first frame is
 * painted and they had time to settle: the quieter of two windows in a
 * row. A timer wakes a program in both; a one-off event (a worker thread
 * of GLib's pool ending after 15 idle seconds, a message from the
 * session bus) falls in one, and 3 of them in 12 s read as 15 a minute. */
static void
measure_idle (Child  **children,
              guint    n_children,
              gboolean until_quiet,
              double  *per_minute)
{
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);

  for (guint i = 0; i < n_children; i++)
    if (!child_wait_first_frame (children[i]))
      g_error ("an idle child never showed its first frame");

  for (guint i = 0; i < n_children && until_quiet; i++)
    wait_until_quiet (children[i]);
  if (!until_quiet)
    sleep_seconds (IDLE_SETTLE_SECONDS + 3);
  for (guint i = 0; i < n_children; i++)
    g_ptr_array_add (first, count_switches (child_pid (children[i]), FALSE));

  sleep_seconds (IDLE_WINDOW_SECONDS);
  for (guint i = 0; i < n_children; i++)
    g_ptr_array_add (second, count_switches (child_pid (children[i]), FALSE));

  sleep_seconds (IDLE_WINDOW_SECONDS);
  for (guint i = 0; i < n_children; i++)
    {
      g_autoptr(GHashTable) third = NULL;
      guint64 one;
      guint64 two;

      g_printerr ("idle child %d, at the end of its two %d s windows:\n",
                  (int) child_pid (children[i]), IDLE_WINDOW_SECONDS);
      third = count_switches (child_pid (children[i]), TRUE);
      one = count_switches_between (g_ptr_array_index (first, i), g_ptr_array_index (second, i));
      two = count_switches_between (g_ptr_array_index (second, i), third);
      g_printerr ("  %" G_GUINT64_FORMAT " and %" G_GUINT64_FORMAT " switches in the two windows\n",
                  one, two);
      per_minute[i] = MIN (one, two) * 60.0 / IDLE_WINDOW_SECONDS;
      child_stop (children[i]);
    }
}

/* A ledger of orders waiting for their payment, made just now. */
static void
make_open_ledger (const char *path,
                  const char *pay_base)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (path, &error);

  if (store == NULL)
    g_error ("pd_store_open: %s", error->message);

  for (guint i = 0; i < N_OPEN_ORDERS; i++)
    {
      g_autofree char *order_id = g_strdup_printf ("open-%04u", i);
      g_autofree char *link = g_strdup_printf ("%s/pay?orderId=%s", pay_base, order_id);

      g_ptr_array_add (orders, pd_bench_new_order (order_id, link));
    }

  if (!pd_store_insert_orders (store, orders, &error))
    g_error ("insert: %s", error->message);
}

static gint64
count_requests (PdFakeServer *server)
{
  g_autoptr(JsonObject) stats = pd_fake_server_stats (server);

  return json_object_get_int_member (stats, "total");
}

static void
add_idle_figure (PdBench    *bench,
                 const char *name,
                 double      value,
                 double      baseline)
{
  g_autoptr(GArray) samples = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_samples = pd_bench_samples_new ();
  PdBenchFigure figure = { 0 };

  pd_bench_samples_add (samples, value);
  pd_bench_samples_add (baseline_samples, baseline);

  figure.name = name;
  figure.unit = "wake-ups/min";
  figure.value = value;
  figure.baseline = baseline;
  figure.baseline_what = "the bare AdwApplicationWindow, idle over the same kind of window";
  /* A bare window that never wakes up makes any ratio infinite: count
   * one wake-up a minute as the floor. */
  figure.ratio = MAX (value, 1) / MAX (baseline, 1);
  figure.target = "no periodic wake-ups with nothing open";
  /* A periodic timer of even 1 Hz is 60 a minute; a few stray wake-ups
   * (a D-Bus message, the X server) are not periodic. */
  figure.met = value <= MAX (baseline, 0) + 6;
  figure.samples = samples;
  figure.baseline_samples = baseline_samples;
  pd_bench_add (bench, &figure);
}

/* With 1,000 open orders the app polls at its default rate against the
 * fake MixPay server: what that costs in wake-ups, and the rate seen. */
static void
bench_idle_open_orders (PdBench    *bench,
                        const char *app,
                        const char *config_home,
                        double      bare_per_minute)
{
  g_autofree char *dir = pd_bench_make_temp_dir ("open");
  g_autofree char *db_path = g_build_filename (dir, "paydesk.db", NULL);
  g_autoptr(GArray) samples = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_samples = pd_bench_samples_new ();
  PdBenchFigure figure = { 0 };
  PdFakeServer *server;
  double per_minute;
  double requests;
  gint64 before;

  if (g_getenv ("PAYDESK_FAKE_MIXPAY") == NULL)
    {
      pd_bench_skip (bench, "idle-1000-open", "PAYDESK_FAKE_MIXPAY is not set: run it through meson");
      return;
    }

  server = pd_fake_server_start ("0", FALSE);
  make_open_ledger (db_path, server->base);

  {
    g_autoptr(Child) child = child_spawn_full (app, db_path, config_home, "stay", server->api);
    Child *children[] = { child };

    /* From the spawn to the end of the idle window: the start (before
     * the ledger is open and the poller runs) makes it a little low. */
    before = count_requests (server);
    measure_idle (children, 1, FALSE, &per_minute);
    requests = (count_requests (server) - before) * 60.0 /
               ((g_get_monotonic_time () - child->spawned) / (double) G_USEC_PER_SEC);
  }

  pd_fake_server_stop (server);
  pd_bench_remove_db (db_path);
  pd_bench_remove_tree (dir);

  pd_bench_samples_add (samples, per_minute);
  pd_bench_samples_add (baseline_samples, bare_per_minute);
  g_printerr ("idle-1000-open: %.0f MixPay requests a minute\n", requests);

  figure.name = "idle-1000-open";
  figure.unit = "wake-ups/min";
  figure.value = per_minute;
  figure.baseline = bare_per_minute;
  figure.baseline_what = "the bare AdwApplicationWindow, idle";
  figure.ratio = MAX (per_minute, 1) / MAX (bare_per_minute, 1);
  figure.samples = samples;
  figure.baseline_samples = baseline_samples;
  pd_bench_add (bench, &figure);

  figure.name = "idle-1000-open-requests";
  figure.unit = "requests/min";
  figure.value = requests;
  figure.baseline = 50;
  figure.baseline_what = "the poller's default rate, 50 a minute";
  figure.ratio = requests / 50;
  figure.target = "at most MixPay's rate limit (60 a minute)";
  figure.met = requests <= 60;
  figure.samples = NULL;
  figure.baseline_samples = NULL;
  pd_bench_add (bench, &figure);
}

static void
bench_idle (PdBench    *bench,
            const char *app,
            const char *bare,
            const char *empty_db,
            const char *db_100k,
            const char *config_home)
{
  double first[2];
  double full = 0;

  /* The bare window beside the app on an empty ledger; the app on the
   * big ledger alone after them (one app instance on the bus at a time). */
  {
    g_autoptr(Child) bare_child = child_spawn (bare, empty_db, config_home, "stay");
    g_autoptr(Child) app_child = child_spawn (app, empty_db, config_home, "stay");
    Child *children[] = { bare_child, app_child };

    measure_idle (children, 2, TRUE, first);
  }

  if (db_100k != NULL)
    {
      g_autoptr(Child) app_child = child_spawn (app, db_100k, config_home, "stay");
      Child *children[] = { app_child };

      measure_idle (children, 1, TRUE, &full);
    }

  add_idle_figure (bench, "idle-empty", first[1], first[0]);
  if (db_100k != NULL)
    add_idle_figure (bench, "idle-100000-settled", full, first[0]);

  bench_idle_open_orders (bench, app, config_home, first[0]);
}

void
pd_bench_startup (PdBench    *bench,
                  const char *db_100k)
{
  const char *app = g_getenv ("PAYDESK_BENCH_APP");
  const char *bare = g_getenv ("PAYDESK_BENCH_BARE_WINDOW");
  g_autofree char *dir = NULL;
  g_autofree char *empty_db = NULL;
  g_autofree char *config_home = NULL;

  if (app == NULL || bare == NULL)
    {
      pd_bench_skip (bench, "startup", "PAYDESK_BENCH_APP or PAYDESK_BENCH_BARE_WINDOW is not set: run it through meson");
      return;
    }

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      pd_bench_skip (bench, "startup", "no display: run ./build-aux/test --bench (Xvfb)");
      return;
    }

  dir = pd_bench_make_temp_dir ("startup");
  empty_db = g_build_filename (dir, "empty.db", NULL);
  config_home = make_config_home ();

  bench_startup (bench, app, bare, empty_db, db_100k, config_home);
  bench_idle (bench, app, bare, empty_db, db_100k, config_home);

  pd_bench_remove_db (empty_db);
  pd_bench_remove_tree (dir);
  pd_bench_remove_tree (config_home);
}
