/* test-crash.c: paydesk-cli new and poll killed with SIGKILL at random
 * moments, 200 times each
 *
 * After every kill the ledger must open, pass PRAGMA integrity_check, and
 * hold every order whose link `new` printed and every change of state
 * `poll` printed (or a later state of that order's script: a killed
 * poller may have recorded more than it could print, never less).
 *
 * The kill delays are scaled to a run measured first, so that they fall
 * all over a run, writes included, on a fast machine or a slow one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pd-fake-server.h"
#include "pd-store.h"
#include "pd-test-cli.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"

#define N_KILLS 200
/* Each half of the test stops early (and says so) past this. */
#define NEW_TIME_BUDGET_S 25
#define POLL_TIME_BUDGET_S 40
/* Runs made whatever the time budget says: on a loaded machine (or under
 * ASan) a run takes longer, and the budget alone once left too few kills
 * to prove anything (14 runs, seen at load 30). */
#define MIN_RUNS (N_KILLS / 8)
#define N_POLLED_ORDERS 100
#define S_TO_US(s) ((gint64) (s) * G_USEC_PER_SEC)

/* A comma, a quote, a newline, non-ASCII text and a leading "=". */
#define HARD_NOTE "=HYPERLINK(\"http://x\"), café\nzweite Zeile: 東京 ✓"

static PdFakeServer *server;

typedef struct
{
  char                *dir;
  char                *db;
  GSubprocessLauncher *launcher;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("paydesk-crash-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "ledger.db", NULL);
  f->launcher = pd_cli_launcher_new (f->db, f->dir);
  g_subprocess_launcher_setenv (f->launcher, "PAYDESK_API_BASE", server->api, TRUE);
  g_subprocess_launcher_setenv (f->launcher, "PAYDESK_PAY_BASE", server->base, TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal", "-changes/stamp", "-changes", ".poll-lock" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (f->db, suffixes[i], NULL);

      g_remove (path);
    }
  g_rmdir (f->dir);

  g_clear_object (&f->launcher);
  g_free (f->db);
  g_free (f->dir);
}

static void
process_ended_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  gboolean *ended = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *ended = TRUE;
}

static gboolean
time_is_up_cb (gpointer user_data)
{
  gboolean *time_is_up = user_data;

  *time_is_up = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits @delay_us, or less if the process ends sooner: a run that ended
 * by itself need not hold up the next one. */
static void
wait_at_most (GSubprocess *process,
              gint64       delay_us)
{
  gboolean ended = FALSE;
  gboolean time_is_up = FALSE;
  guint timer;

  if (delay_us < 1000)
    {
      g_usleep (delay_us);
      return;
    }

  timer = g_timeout_add ((guint) (delay_us / 1000), time_is_up_cb, &time_is_up);
  g_subprocess_wait_async (process, NULL, process_ended_cb, &ended);
  while (!ended && !time_is_up)
    g_main_context_iteration (NULL, TRUE);
  if (!time_is_up)
    g_source_remove (timer);
  /* The wait's callback must run before @ended goes out of scope. */
  while (!ended)
    {
      g_subprocess_force_exit (process);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Spawns the CLI, kills it after @delay_us (unless it ended before) and
 * returns its standard output; *@killed says whether SIGKILL ended it. */
static char *
run_and_kill (Fixture            *f,
              const char * const *args,
              gint64              delay_us,
              gboolean           *killed)
{
  g_autoptr(GSubprocess) process = pd_cli_spawn (f->launcher, args);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;

  wait_at_most (process, delay_us);
  g_subprocess_force_exit (process);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  *killed = g_subprocess_get_if_signaled (process);
  if (!*killed && g_subprocess_get_exit_status (process) != 0)
    g_error ("paydesk-cli %s failed on its own (%d): %s", args[0],
             g_subprocess_get_exit_status (process), err);

  return out;
}

/* How long an undisturbed run takes until @args printed its first line. */
static gint64
measure_first_line (Fixture            *f,
                    const char * const *args)
{
  g_autoptr(GSubprocess) process = pd_cli_spawn (f->launcher, args);
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 took;

  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  took = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);

  return took;
}

static char *
query_one (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return text;
}

/* Opens the ledger as Paydesk does (recovering a hot WAL) and checks it
 * as another program would. */
static PdStore *
open_healthy_ledger (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *check = NULL;
  g_autofree char *orphans = NULL;
  g_autofree char *without_created = NULL;
  PdStore *store;
  sqlite3 *db = NULL;

  store = pd_store_open (f->db, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  check = query_one (db, "PRAGMA integrity_check");
  /* An order and its "created" event are written together or not at all. */
  orphans = query_one (db, "SELECT COUNT(*) FROM order_events WHERE order_ref NOT IN (SELECT id FROM orders)");
  without_created = query_one (db, "SELECT COUNT(*) FROM orders WHERE id NOT IN "
                                   "(SELECT order_ref FROM order_events WHERE kind = 'created')");
  sqlite3_close (db);

  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpstr (orphans, ==, "0");
  g_assert_cmpstr (without_created, ==, "0");

  return store;
}

static void
close_ledger (PdStore *store)
{
  pd_store_close (store);
  g_object_unref (store);
}

/* Kill delays are uniform in [0, bound]. The bound follows the runs so
 * that about a quarter of them print (their write committed):
 * the kills then spread from the start of a run to past its write,
 * whatever the speed of the machine. */
typedef struct
{
  gint64 bound;
} KillWindow;

static gint64
kill_window_pick (KillWindow *window)
{
  return g_test_rand_int_range (0, (gint32) window->bound + 1);
}

static void
kill_window_update (KillWindow *window,
                    gboolean    printed)
{
  /* Shrinking three times as much as it grows settles at a quarter. */
  window->bound = printed ? window->bound * 94 / 100 : window->bound * 102 / 100;
  window->bound = CLAMP (window->bound, 1000, 3 * G_USEC_PER_SEC);
}

/* ----- new --------------------------------------------------------------- */

static void
test_kill_new (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) printed = g_ptr_array_new_with_free_func (g_free);
  gint64 start = g_get_monotonic_time ();
  gint64 run_time = 0;
  KillWindow window;
  guint n_runs = 0;
  guint n_killed = 0;
  guint n_checks = 0;

  /* The second run: the first one also creates the ledger. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *order_id = g_strdup_printf ("calibrate-%u", i);
      const char *args[] = { "new", "--amount", "1", "--order-id", order_id,
                             "--payee", PAYEE, "--settlement-asset", BTC, "--quote-asset", USDT, NULL };

      run_time = measure_first_line (f, args);
    }
  g_test_message ("an undisturbed `new` printed its link after %" G_GINT64_FORMAT " ms", run_time / 1000);
  window.bound = run_time * 12 / 10;

  for (guint i = 0;
       n_killed < N_KILLS &&
       (n_runs < MIN_RUNS || g_get_monotonic_time () - start < S_TO_US (NEW_TIME_BUDGET_S));
       i++)
    {
      g_autofree char *order_id = g_strdup_printf ("crash-new-%04u", i);
      const char *args[] = { "new", "--amount", "1.25", "--order-id", order_id, "--note", HARD_NOTE,
                             "--payee", PAYEE, "--settlement-asset", BTC, "--quote-asset", USDT, NULL };
      g_autofree char *out = NULL;
      g_autoptr(PdStore) store = NULL;
      gboolean killed;

      out = run_and_kill (f, args, kill_window_pick (&window), &killed);
      n_runs++;
      n_killed += killed;
      kill_window_update (&window, out != NULL && strstr (out, order_id) != NULL);
      if (out != NULL && strstr (out, order_id) != NULL)
        g_ptr_array_add (printed, g_steal_pointer (&order_id));

      store = open_healthy_ledger (f);
      for (guint j = 0; j < printed->len; j++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(PdOrder) order = pd_store_lookup_order (store, PAYEE, printed->pdata[j], &error);

          g_assert_no_error (error);
          g_assert_cmpstr (pd_order_get_quote_amount (order), ==, "1.25");
          g_assert_cmpstr (pd_order_get_note (order), ==, HARD_NOTE);
          n_checks++;
        }
      close_ledger (g_steal_pointer (&store));
    }

  g_test_message ("new: %u runs, %u killed by SIGKILL, %u printed their link; "
                  "%u checks of acknowledged orders after the kills",
                  n_runs, n_killed, printed->len, n_checks);
  g_printerr ("test-crash: new: %u kills in %u runs, %u acknowledged orders, %u order checks\n",
              n_killed, n_runs, printed->len, n_checks);
  if (n_killed < N_KILLS)
    g_test_message ("new: stopped after %u runs, past the time budget of %d s", n_runs, NEW_TIME_BUDGET_S);
  /* Both outcomes happened: kills before the commit and after the print. */
  g_assert_cmpuint (n_killed, >, 0);
  g_assert_cmpuint (printed->len, >, 0);
}

/* ----- poll -------------------------------------------------------------- */

/* Each polled order walks through distinct states, one step per request;
 * kinds differ in how they end. */
static const struct
{
  const char *steps;
  const char *states[7];  /* as the ledger names them, in order */
} scripts[] = {
  { "[{\"status\":\"confirming\",\"confirmations\":1},{\"status\":\"paid_less\"},"
    "{\"status\":\"pending\"},{\"status\":\"auditing\"},{\"status\":\"success\"}]",
    { "unpaid", "confirming", "paid_less", "pending", "auditing", "paid", NULL } },
  { "[{\"status\":\"confirming\",\"confirmations\":1},{\"status\":\"pending\"},{\"status\":\"failed\"}]",
    { "unpaid", "confirming", "pending", "failed", NULL } },
  { "[{\"status\":\"confirming\",\"confirmations\":2},{\"status\":\"auditing\"},"
    "{\"status\":\"success\",\"fields\":{\"quoteAmount\":\"0.01\"}}]",
    { "unpaid", "confirming", "auditing", "mismatch", NULL } },
};

static int
state_index (guint       script,
             const char *state)
{
  for (int i = 0; scripts[script].states[i] != NULL; i++)
    if (g_str_equal (scripts[script].states[i], state))
      return i;

  return -1;
}

static void
add_polled_orders (Fixture *f)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (f->db, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < N_POLLED_ORDERS; i++)
    {
      g_autofree char *order_id = g_strdup_printf ("crash-poll-%03u", i);
      g_autofree char *link = g_strdup_printf ("%s/pay?orderId=%s", server->base, order_id);
      g_autofree char *script = g_strdup_printf ("{\"orderId\":\"%s\",\"payeeId\":\"" PAYEE "\","
                                                 "\"quoteAmount\":\"10\",\"quoteAssetId\":\"" USDT "\","
                                                 "\"settlementAssetId\":\"" BTC "\",\"steps\":%s}",
                                                 order_id, scripts[i % G_N_ELEMENTS (scripts)].steps);
      PdOrder *order = pd_order_new ();

      pd_order_set_payee_id (order, PAYEE);
      pd_order_set_order_id (order, order_id);
      pd_order_set_settlement_asset_id (order, BTC);
      pd_order_set_quote_asset_id (order, USDT);
      pd_order_set_quote_amount (order, "10");
      pd_order_set_link (order, link);
      g_ptr_array_add (orders, order);
      pd_fake_server_script (server, script);
    }

  pd_store_insert_orders (store, orders, &error);
  g_assert_no_error (error);
  close_ledger (g_steal_pointer (&store));
}

/* A printed change of state: "ORDER: old → new" and maybe " (details)". */
static gboolean
parse_state_line (const char  *line,
                  char       **order_id,
                  char       **state)
{
  g_autoptr(GRegex) regex = g_regex_new ("^(crash-poll-[0-9]+): [a-z_]+ → ([a-z_]+)( \\(.*\\))?$",
                                         0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_regex_match (regex, line, 0, &match))
    return FALSE;

  *order_id = g_match_info_fetch (match, 1);
  *state = g_match_info_fetch (match, 2);
  return TRUE;
}

static void
test_kill_poll (Fixture       *f,
                gconstpointer  data)
{
  /* order ID → index in its script of the latest state printed */
  g_autoptr(GHashTable) printed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *args[] = { "poll", "--rate", "60", NULL };
  gint64 start;
  gint64 first_line;
  KillWindow window;
  guint n_runs = 0;
  guint n_killed = 0;
  guint n_lines = 0;
  guint n_checks = 0;

  add_polled_orders (f);
  first_line = measure_first_line (f, args);
  g_test_message ("an undisturbed `poll` printed its first change after %" G_GINT64_FORMAT " ms",
                  first_line / 1000);
  window.bound = first_line * 12 / 10;

  start = g_get_monotonic_time ();
  for (guint i = 0;
       i < N_KILLS &&
       (n_runs < MIN_RUNS || g_get_monotonic_time () - start < S_TO_US (POLL_TIME_BUDGET_S));
       i++)
    {
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;
      g_autoptr(PdStore) store = NULL;
      g_autoptr(GPtrArray) orders = NULL;
      g_autoptr(GError) error = NULL;
      gboolean killed;
      gint64 delay;

      /* Mostly around the first request and its write; sometimes later,
       * past the second request a second after the first. */
      if (g_test_rand_int_range (0, 100) < 90)
        delay = kill_window_pick (&window);
      else
        delay = g_test_rand_int_range (0, 1500 * 1000);

      out = run_and_kill (f, args, delay, &killed);
      n_runs++;
      n_killed += killed;
      g_assert_true (killed);

      if (delay <= window.bound)
        kill_window_update (&window, strchr (out, '\n') != NULL);

      lines = g_strsplit (out, "\n", -1);
      /* The last piece has no newline: it was not printed whole. */
      for (guint j = 0; lines[j] != NULL && lines[j + 1] != NULL; j++)
        {
          g_autofree char *order_id = NULL;
          g_autofree char *state = NULL;
          guint script;
          int index;

          if (!parse_state_line (lines[j], &order_id, &state))
            g_error ("unexpected line from poll: %s", lines[j]);
          script = (guint) g_ascii_strtoull (order_id + strlen ("crash-poll-"), NULL, 10) % G_N_ELEMENTS (scripts);
          index = state_index (script, state);
          g_assert_cmpint (index, >=, 0);
          g_hash_table_replace (printed, g_steal_pointer (&order_id), GINT_TO_POINTER (index));
          n_lines++;
        }

      /* Every state ever printed is stored, or a later one. */
      store = open_healthy_ledger (f);
      orders = pd_store_list_orders (store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (orders->len, ==, N_POLLED_ORDERS + 0);
      for (guint j = 0; j < orders->len; j++)
        {
          PdOrder *order = g_ptr_array_index (orders, j);
          const char *order_id = pd_order_get_order_id (order);
          guint script = (guint) g_ascii_strtoull (order_id + strlen ("crash-poll-"), NULL, 10) % G_N_ELEMENTS (scripts);
          int stored = state_index (script, pd_order_state_to_string (pd_order_get_state (order)));
          gpointer printed_index;

          g_assert_cmpint (stored, >=, 0);
          if (g_hash_table_lookup_extended (printed, order_id, NULL, &printed_index))
            {
              g_assert_cmpint (stored, >=, GPOINTER_TO_INT (printed_index));
              n_checks++;
            }
        }
      close_ledger (g_steal_pointer (&store));
    }

  g_test_message ("poll: %u runs killed by SIGKILL, %u changes of state printed, "
                  "%u orders checked against what was printed", n_killed, n_lines, n_checks);
  g_printerr ("test-crash: poll: %u kills, %u printed changes of state, %u order checks\n",
              n_killed, n_lines, n_checks);
  if (n_runs < N_KILLS)
    g_test_message ("poll: stopped after %u runs, past the time budget of %d s", n_runs, POLL_TIME_BUDGET_S);
  g_assert_cmpuint (n_lines, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  server = pd_fake_server_start ("0", FALSE);

  g_test_add ("/crash/kill-new", Fixture, NULL, fixture_set_up, test_kill_new, fixture_tear_down);
  g_test_add ("/crash/kill-poll", Fixture, NULL, fixture_set_up, test_kill_poll, fixture_tear_down);

  status = g_test_run ();
  pd_fake_server_stop (server);

  return status;
}
