/* test-desks-poll-pg.c: several desks recording orders in and polling
 * MixPay for one PostgreSQL ledger: the real paydesk-cli, each desk a computer of its own (its own
 * settings and runtime folder: nothing shared but the database), against
 * the fake MixPay server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "pd-fake-server.h"
#include "pd-mixpay-client.h"
#include "pd-order.h"
#include "pd-poller.h"
#include "pd-store.h"
#include "pd-test-cli.h"
#include "pd-test-pg.h"

#define PAYEE PD_TEST_CLI_PAYEE
#define BTC PD_TEST_CLI_BTC
#define USDT PD_TEST_CLI_USDT

/* A ledger no server answers for: nothing listens on port 1. */
#define UNREACHABLE_LEDGER "postgresql://paydesk@127.0.0.1:1/paydesk"
/* 60/rate at the fastest rate any desk here runs, in ms. */
#define MIN_SPACING_MS 1000
/* The promise for a crashed polling desk, and the design's. */
#define HANDOVER_LIMIT_S 20
#define N_HANDOVERS 3
/* Orders each desk records at once with the other. */
#define N_EACH 60

static PdFakeServer *server;

typedef struct
{
  char      *uri;
  PdStore   *store;
  GPtrArray *dirs;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reset = NULL;

  f->uri = pd_test_pg_new_database ();
  f->store = pd_store_open (f->uri, &error);
  g_assert_no_error (error);
  f->dirs = g_ptr_array_new_with_free_func (g_free);
  reset = pd_fake_server_request (server, "POST", "/_control/reset", "{}");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                                                   G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                                   NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < f->dirs->len; i++)
    remove_tree (g_ptr_array_index (f->dirs, i));
  g_clear_pointer (&f->dirs, g_ptr_array_unref);
  g_clear_object (&f->store);
  g_clear_pointer (&f->uri, g_free);
}

/* paydesk-cli on desk @name: its own settings and runtime folder, the
 * shared ledger, the fake MixPay; stdout and stderr in one pipe. */
static GSubprocessLauncher *
desk_new (Fixture    *f,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("paydesk-desk-XXXXXX", &error);
  GSubprocessLauncher *launcher;

  g_assert_no_error (error);
  g_ptr_array_add (f->dirs, dir);
  launcher = pd_cli_launcher_new (f->uri, dir);
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "PAYDESK_API_BASE", server->api, TRUE);
  g_subprocess_launcher_setenv (launcher, "PAYDESK_PAY_BASE", server->base, TRUE);
  g_subprocess_launcher_setenv (launcher, "PAYDESK_DESK_NAME", name, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", dir, TRUE);

  return launcher;
}

/* The fake MixPay's answers about @order_id: @steps, a JSON array. */
static void
script_order (const char *order_id,
              const char *steps)
{
  g_autofree char *json = g_strdup_printf ("{\"orderId\":\"%s\",\"payeeId\":\"" PAYEE "\","
                                           "\"quoteAmount\":\"10\",\"quoteAssetId\":\"" USDT "\","
                                           "\"settlementAssetId\":\"" BTC "\",\"steps\":%s}",
                                           order_id, steps);

  pd_fake_server_script (server, json);
}

/* An order of 10 USDT whose MixPay answers are @steps (a JSON array). */
static void
add_order (Fixture    *f,
           const char *order_id,
           const char *steps)
{
  g_autoptr(PdOrder) order = pd_order_new ();
  g_autoptr(GError) error = NULL;

  script_order (order_id, steps);
  pd_order_set_payee_id (order, PAYEE);
  pd_order_set_order_id (order, order_id);
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, USDT);
  pd_order_set_quote_amount (order, "10");
  g_assert_true (pd_store_insert_order (f->store, order, &error));
  g_assert_no_error (error);
}

static void
assert_state (Fixture    *f,
              const char *order_id,
              PdOrderState state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOrder) order = NULL;

  g_assert_true (pd_store_refresh (f->store, &error));
  g_assert_no_error (error);
  order = pd_store_lookup_order (f->store, PAYEE, order_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_order_state_to_string (pd_order_get_state (order)), ==,
                   pd_order_state_to_string (state));
}

/* Reads @process's output line by line into @seen until a line holds
 * @needle (TRUE), or to its end (FALSE). */
static gboolean
read_until (GDataInputStream *output,
            GString          *seen,
            const char       *needle)
{
  char *line;

  while ((line = g_data_input_stream_read_line_utf8 (output, NULL, NULL, NULL)) != NULL)
    {
      gboolean found = needle != NULL && strstr (line, needle) != NULL;

      g_string_append_printf (seen, "%s\n", line);
      g_free (line);
      if (found)
        return TRUE;
    }

  return FALSE;
}

static GDataInputStream *
output_of (GSubprocess *process)
{
  return g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
}

/* Reads the rest of @process's output and waits for it: its exit status. */
static int
finish (GSubprocess      *process,
        GDataInputStream *output,
        GString          *seen)
{
  g_autoptr(GError) error = NULL;

  read_until (output, seen, NULL);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    g_error ("paydesk-cli was killed by signal %d; it said: %s",
             g_subprocess_get_term_sig (process), seen->str);

  return g_subprocess_get_exit_status (process);
}

/* The /v1/ request arrival times since the last reset, in ms. */
static GArray *
arrival_times (void)
{
  g_autoptr(JsonObject) stats = pd_fake_server_stats (server);
  JsonArray *timestamps = json_object_get_array_member (stats, "timestamps");
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < json_array_get_length (timestamps); i++)
    {
      gint64 ms = json_array_get_int_element (timestamps, i);

      g_array_append_val (times, ms);
    }

  return times;
}

static guint
n_requests (void)
{
  g_autoptr(GArray) times = arrival_times ();

  return times->len;
}

/* Waits until the fake server has had @n requests; FALSE after @seconds. */
static gboolean
wait_for_requests (guint  n,
                   double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (n_requests () < n)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (100 * 1000);
    }

  return TRUE;
}

/* The desk that last took the polling lock, as the others are told. */
static char *
dup_polling_desk (PGconn *conn)
{
  PGresult *result = PQexec (conn, "SELECT desk FROM poll_desk WHERE id = 1");
  char *desk = NULL;

  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1)
    desk = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);

  return desk;
}

/* The desk's own settings: its shop's payee and assets, as Preferences
 * would have saved them on that computer. */
static void
desk_write_settings (GSubprocessLauncher *desk,
                     const char          *quote_asset)
{
  const char *config = g_subprocess_launcher_getenv (desk, "XDG_CONFIG_HOME");
  g_autofree char *dir = g_build_filename (config, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (dir, "keyfile", NULL);
  g_autofree char *contents = g_strdup_printf ("[io/github/paydesk/Paydesk]\n"
                                               "payee-id='" PAYEE "'\n"
                                               "settlement-asset-id='" BTC "'\n"
                                               "quote-asset-id='%s'\n",
                                               quote_asset);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (keyfile, contents, -1, &error);
  g_assert_no_error (error);
  /* What each command says on stderr is checked on its own here. */
  g_subprocess_launcher_set_flags (desk, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
}

typedef struct
{
  GSubprocessLauncher *desk;
  const char          *name;
  GString             *failures;
} Recording;

/* `paydesk-cli new` N_EACH times on one desk, one process an order. */
static gpointer
record_orders (gpointer data)
{
  Recording *recording = data;

  for (guint i = 0; i < N_EACH; i++)
    {
      g_auto(PdCliRun) run = { 0 };
      g_autofree char *id = g_strdup_printf ("%s-%03u", recording->name, i);
      g_autofree char *amount = g_strdup_printf ("%u.%02u", i + 1, i);

      PD_CLI_RUN (recording->desk, &run, "new", "--amount", amount, "--order-id", id);
      if (run.status != 0)
        g_string_append_printf (recording->failures, "%s: status %d: %s", id, run.status, run.err);
    }

  return NULL;
}

/* The order IDs `paydesk-cli list --json` prints on @desk. */
static GHashTable *
list_order_ids (GSubprocessLauncher *desk)
{
  g_auto(PdCliRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *orders;

  PD_CLI_RUN (desk, &run, "list", "--json");
  pd_cli_assert_ok (&run);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  orders = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (orders); i++)
    {
      JsonObject *order = json_array_get_object_element (orders, i);

      g_assert_true (g_hash_table_add (ids, g_strdup (json_object_get_string_member (order, "order_id"))));
    }

  return ids;
}

/* Two desks, each with its own settings, record 60 orders each at the
 * same time, every one in its own paydesk-cli process: none is lost,
 * and each desk lists all 120. */
static void
test_desks_record_at_once (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) desk_a = desk_new (f, "DESK-A");
  g_autoptr(GSubprocessLauncher) desk_b = desk_new (f, "DESK-B");
  Recording recordings[] = {
    { desk_a, "desk-a", g_string_new (NULL) },
    { desk_b, "desk-b", g_string_new (NULL) },
  };
  GThread *threads[G_N_ELEMENTS (recordings)];

  desk_write_settings (desk_a, USDT);
  desk_write_settings (desk_b, "usd");

  for (guint i = 0; i < G_N_ELEMENTS (recordings); i++)
    threads[i] = g_thread_new ("desk", record_orders, &recordings[i]);
  for (guint i = 0; i < G_N_ELEMENTS (recordings); i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpstr (recordings[i].failures->str, ==, "");
      g_string_free (recordings[i].failures, TRUE);
    }

  for (guint d = 0; d < 2; d++)
    {
      g_autoptr(GHashTable) listed = list_order_ids (d == 0 ? desk_a : desk_b);

      g_assert_cmpuint (g_hash_table_size (listed), ==, 2 * N_EACH);
      for (guint i = 0; i < N_EACH; i++)
        {
          g_autofree char *from_a = g_strdup_printf ("desk-a-%03u", i);
          g_autofree char *from_b = g_strdup_printf ("desk-b-%03u", i);

          g_assert_true (g_hash_table_contains (listed, from_a));
          g_assert_true (g_hash_table_contains (listed, from_b));
        }
    }

  /* Each order as its own desk's settings made it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdOrder) from_a = NULL;
    g_autoptr(PdOrder) from_b = NULL;

    g_assert_true (pd_store_refresh (f->store, &error));
    from_a = pd_store_lookup_order (f->store, PAYEE, "desk-a-059", &error);
    g_assert_no_error (error);
    from_b = pd_store_lookup_order (f->store, PAYEE, "desk-b-000", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pd_order_get_quote_asset_id (from_a), ==, USDT);
    g_assert_cmpstr (pd_order_get_quote_amount (from_a), ==, "60.59");
    g_assert_cmpstr (pd_order_get_quote_asset_id (from_b), ==, "usd");
    g_assert_cmpstr (pd_order_get_quote_amount (from_b), ==, "1");
  }
}

/* A desk cannot take an order ID the other desk has used for the same
 * payee: refused by name, and the other desk's order stays as it was. */
static void
test_desks_reuse_refused (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) desk_a = desk_new (f, "DESK-A");
  g_autoptr(GSubprocessLauncher) desk_b = desk_new (f, "DESK-B");
  g_auto(PdCliRun) run = { 0 };
  g_autoptr(GHashTable) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOrder) kept = NULL;

  desk_write_settings (desk_a, USDT);
  desk_write_settings (desk_b, "usd");

  PD_CLI_RUN (desk_a, &run, "new", "--amount", "12.5", "--order-id", "counter-0001");
  pd_cli_assert_ok (&run);

  PD_CLI_RUN (desk_b, &run, "new", "--amount", "99", "--order-id", "counter-0001");
  g_assert_cmpint (run.status, !=, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "--order-id"));
  g_assert_nonnull (strstr (run.err, "counter-0001"));
  g_assert_nonnull (strstr (run.err, "already"));

  listed = list_order_ids (desk_b);
  g_assert_cmpuint (g_hash_table_size (listed), ==, 1);
  g_assert_true (pd_store_refresh (f->store, &error));
  kept = pd_store_lookup_order (f->store, PAYEE, "counter-0001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_order_get_quote_amount (kept), ==, "12.5");
  g_assert_cmpstr (pd_order_get_quote_asset_id (kept), ==, USDT);
}

/* Both desks run poll --until-settled at once, while both also look up
 * payees: every request, whichever desk and command sent it, reaches
 * MixPay at least 60/rate s after the one before, and every order
 * settles as its answers say. */
static void
test_poll_spacing (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) desk_a = desk_new (f, "DESK-A");
  g_autoptr(GSubprocessLauncher) desk_b = desk_new (f, "DESK-B");
  const char * const poll[] = { "poll", "--until-settled", "--rate", "60", "--timeout", "100", NULL };
  const char * const lookup_a[] = { "lookup-payee", "38000011", NULL };
  const char * const lookup_b[] = { "lookup-payee", "38000012", NULL };
  GSubprocess *pollers[2];
  GSubprocess *lookups[4];
  g_autoptr(GArray) times = NULL;
  g_autoptr(JsonObject) stats = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  gint64 min_gap = G_MAXINT64;

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("spacing-paid-%u", i);

      add_order (f, id, "[{\"status\":\"confirming\",\"confirmations\":3},{\"status\":\"success\"}]");
    }
  add_order (f, "spacing-tampered", "[{\"status\":\"success\",\"fields\":{\"quoteAmount\":\"0.01\"}}]");
  add_order (f, "spacing-failed", "[{\"status\":\"failed\",\"fields\":{\"failureCode\":\"40000\"}}]");

  pollers[0] = pd_cli_spawn (desk_a, poll);
  pollers[1] = pd_cli_spawn (desk_b, poll);
  for (guint i = 0; i < G_N_ELEMENTS (lookups); i++)
    lookups[i] = pd_cli_spawn (i % 2 ? desk_b : desk_a, i % 2 ? lookup_b : lookup_a);

  for (guint i = 0; i < G_N_ELEMENTS (lookups); i++)
    {
      g_autoptr(GDataInputStream) output = output_of (lookups[i]);
      g_autoptr(GString) seen = g_string_new (NULL);

      if (finish (lookups[i], output, seen) != 0)
        g_error ("lookup-payee failed: %s", seen->str);
      g_object_unref (lookups[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (pollers); i++)
    {
      g_autoptr(GDataInputStream) output = output_of (pollers[i]);
      g_autoptr(GString) seen = g_string_new (NULL);

      if (finish (pollers[i], output, seen) != 0)
        g_error ("poll --until-settled on desk %c failed: %s", 'A' + i, seen->str);
      g_test_message ("desk %c said: %s", 'A' + i, seen->str);
      g_object_unref (pollers[i]);
    }
  g_test_message ("both desks were done after %.1f s", g_timer_elapsed (timer, NULL));

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("spacing-paid-%u", i);

      assert_state (f, id, PD_ORDER_STATE_PAID);
    }
  assert_state (f, "spacing-tampered", PD_ORDER_STATE_MISMATCH);
  assert_state (f, "spacing-failed", PD_ORDER_STATE_FAILED);

  /* Three answers for each paid order (two, and the one that said it
   * was paid), one for each other, four look-ups. */
  times = arrival_times ();
  g_assert_cmpuint (times->len, >=, 3 * 2 + 2 + G_N_ELEMENTS (lookups));
  for (guint i = 1; i < times->len; i++)
    min_gap = MIN (min_gap, g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 1));
  g_test_message ("%u requests from both desks; the closest two arrived %" G_GINT64_FORMAT " ms apart",
                  times->len, min_gap);
  g_assert_cmpint (min_gap, >=, MIN_SPACING_MS);

  stats = pd_fake_server_stats (server);
  g_assert_cmpint (json_object_get_int_member (stats, "rateLimited"), ==, 0);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The polling desk is killed with SIGKILL, three times over: each time
 * the desk that waited takes over within 20 s (its session ended with
 * the process, and the server freed the lock), and in the end every
 * order settles. */
static void
test_poll_handover (Fixture       *f,
                    gconstpointer  data)
{
  const char * const poll[] = { "poll", "--until-settled", "--timeout", "110", NULL };
  const char *orders[] = { "handover-1", "handover-2", "handover-3" };
  GSubprocess *desks[N_HANDOVERS + 1] = { NULL };
  GDataInputStream *outputs[N_HANDOVERS + 1] = { NULL };
  g_autoptr(GString) seen = g_string_new (NULL);
  double handover[N_HANDOVERS];
  PGconn *conn;
  g_autofree char *desk = NULL;
  gint64 deadline;

  conn = PQconnectdb (f->uri);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    add_order (f, orders[i], "[{\"status\":\"unpaid\"}]");

  for (guint i = 0; i <= N_HANDOVERS; i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = NULL;
      g_autofree char *name = g_strdup_printf ("DESK-%u", i);
      g_autofree char *waiting = NULL;
      gint64 killed_at;

      launcher = desk_new (f, name);
      desks[i] = pd_cli_spawn (launcher, poll);
      outputs[i] = output_of (desks[i]);

      if (i == 0)
        {
          /* The first desk polls: MixPay hears about every order. */
          g_assert_true (wait_for_requests (G_N_ELEMENTS (orders), 30));
          desk = dup_polling_desk (conn);
          g_assert_cmpstr (desk, ==, "DESK-0");
          g_clear_pointer (&desk, g_free);
          continue;
        }

      /* The next one waits, and says for which desk. */
      waiting = g_strdup_printf ("checking payments on DESK-%u; waiting until it stops", i - 1);
      if (!read_until (outputs[i], seen, waiting))
        g_error ("desk %u did not wait for desk %u: %s", i, i - 1, seen->str);

      killed_at = g_get_monotonic_time ();
      g_subprocess_force_exit (desks[i - 1]);
      g_subprocess_wait (desks[i - 1], NULL, NULL);

      deadline = killed_at + HANDOVER_LIMIT_S * G_USEC_PER_SEC;
      while ((desk = dup_polling_desk (conn)) != NULL && !g_str_equal (desk, name) &&
             g_get_monotonic_time () < deadline)
        {
          g_clear_pointer (&desk, g_free);
          g_usleep (50 * 1000);
        }
      handover[i - 1] = (g_get_monotonic_time () - killed_at) / (double) G_USEC_PER_SEC;
      g_test_message ("desk %u polled %.2f s after desk %u was killed", i, handover[i - 1], i - 1);
      g_assert_cmpstr (desk, ==, name);
      g_clear_pointer (&desk, g_free);
    }

  qsort (handover, N_HANDOVERS, sizeof handover[0], compare_doubles);
  g_test_message ("hand-over after SIGKILL: median %.2f s, longest %.2f s",
                  handover[N_HANDOVERS / 2], handover[N_HANDOVERS - 1]);

  /* The customers pay: the last desk sees it and ends. */
  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    script_order (orders[i], "[{\"status\":\"success\"}]");
  if (finish (desks[N_HANDOVERS], outputs[N_HANDOVERS], seen) != 0)
    g_error ("the last desk failed: %s", seen->str);
  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    assert_state (f, orders[i], PD_ORDER_STATE_PAID);

  for (guint i = 0; i <= N_HANDOVERS; i++)
    {
      g_clear_object (&outputs[i]);
      g_clear_object (&desks[i]);
    }
  PQfinish (conn);
}

/* The server stops in the middle of a poll and starts again: meanwhile
 * the polling desk says that the ledger cannot be reached (not that
 * another desk polls); then it polls again, and records every answer. */
static void
test_poll_server_restart (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = desk_new (f, "DESK-A");
  const char * const poll[] = { "poll", "--until-settled", "--timeout", "100", NULL };
  const char *orders[] = { "restart-1", "restart-2" };
  g_autoptr(GSubprocess) desk = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    add_order (f, orders[i], "[{\"status\":\"unpaid\"}]");

  desk = pd_cli_spawn (launcher, poll);
  output = output_of (desk);
  g_assert_true (wait_for_requests (G_N_ELEMENTS (orders), 30));

  /* Paid while the ledger is away: the answers wait for it. */
  pd_test_pg_stop_server ();
  g_timer_start (timer);
  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    script_order (orders[i], "[{\"status\":\"success\"}]");
  if (!read_until (output, seen, "the shared ledger cannot be reached"))
    g_error ("the desk did not say that the ledger is away: %s", seen->str);
  g_test_message ("the desk said the ledger is away after %.1f s", g_timer_elapsed (timer, NULL));
  g_assert_null (strstr (seen->str, "another Paydesk"));
  pd_test_pg_start_server ();

  if (finish (desk, output, seen) != 0)
    g_error ("poll --until-settled failed after the restart: %s", seen->str);
  g_test_message ("the desk said: %s", seen->str);
  /* The server's own words on the way down are for the log. */
  g_assert_null (strstr (seen->str, "terminating connection"));
  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      g_autofree char *line = g_strdup_printf ("%s: unpaid → paid", orders[i]);

      g_assert_nonnull (strstr (seen->str, line));
      assert_state (f, orders[i], PD_ORDER_STATE_PAID);
    }
}

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The payee of Mixin user @mixin_id, asked through @client, or NULL and
 * why in @error. */
static char *
lookup_payee (PdMixpayClient  *client,
              const char      *mixin_id,
              gboolean         hold_up,
              GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_mixpay_client_lookup_payee_async (client, mixin_id, NULL, got_result_cb, &result);
  /* Granted now, sent only once the main loop runs again: a busy desk. */
  if (hold_up)
    g_usleep (400 * 1000);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return pd_mixpay_client_lookup_payee_finish (client, result, error);
}

/* Two desks' gates on the ledger's budget row: a request held up 400 ms
 * between its slot and its sending still keeps the other desk's next
 * request 60/rate s after it at MixPay. */
static void
test_gate_spaces_sends (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdMixpayClient) here = pd_mixpay_client_new (server->api, &error);
  g_autoptr(PdMixpayClient) there = pd_mixpay_client_new (server->api, &error);
  g_autoptr(PdRequestGate) here_gate = pd_request_gate_new_for_ledger (f->uri, NULL);
  g_autoptr(PdRequestGate) there_gate = pd_request_gate_new_for_ledger (f->uri, NULL);
  g_autoptr(GArray) times = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  pd_request_gate_set_payee (here_gate, PAYEE);
  pd_request_gate_set_payee (there_gate, PAYEE);
  pd_request_gate_set_rate (here_gate, 60);
  pd_request_gate_set_rate (there_gate, 60);
  pd_mixpay_client_set_gate (here, here_gate);
  pd_mixpay_client_set_gate (there, there_gate);

  first = lookup_payee (here, "38000021", TRUE, &error);
  g_assert_no_error (error);
  second = lookup_payee (there, "38000022", FALSE, &error);
  g_assert_no_error (error);

  times = arrival_times ();
  g_assert_cmpuint (times->len, ==, 2);
  g_test_message ("the two requests arrived %" G_GINT64_FORMAT " ms apart",
                  g_array_index (times, gint64, 1) - g_array_index (times, gint64, 0));
  g_assert_cmpint (g_array_index (times, gint64, 1) - g_array_index (times, gint64, 0), >=, MIN_SPACING_MS);
}

/* A MixPay client whose requests go through the gate of a shared ledger
 * no server answers for. */
static PdMixpayClient *
client_without_budget (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdRequestGate) gate = pd_request_gate_new_for_ledger (UNREACHABLE_LEDGER, NULL);
  PdMixpayClient *client = pd_mixpay_client_new (server->api, &error);

  g_assert_no_error (error);
  pd_request_gate_set_payee (gate, PAYEE);
  pd_mixpay_client_set_gate (client, gate);
  return client;
}

/* A desk whose shared ledger cannot be reached cannot know what the
 * other desks spent of the account's budget: it sends nothing to MixPay,
 * and says why, rather than spend a budget of its own beside theirs. */
static void
test_budget_unreachable (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PdMixpayClient) client = client_without_budget ();
  PdRequestGate *gate = pd_mixpay_client_get_gate (client);
  g_autoptr(GError) error = NULL;
  g_autofree char *payee = NULL;
  gint64 next_allowed = 0;
  gint64 before = g_get_monotonic_time ();

  g_assert_false (pd_request_gate_try_take (gate, &next_allowed, &error));
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NO_BUDGET);
  g_assert_true (pd_mixpay_error_is_retryable (error));
  g_assert_cmpint (next_allowed, >, before);
  g_clear_error (&error);

  /* A look-up hears it at once, not after waiting for a slot. */
  payee = lookup_payee (client, "38000021", FALSE, &error);
  g_assert_null (payee);
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NO_BUDGET);
  g_test_message ("the look-up said: %s", error->message);

  g_assert_cmpuint (n_requests (), ==, 0);
}

static void
count_check_failed_cb (PdPoller     *poller,
                       PdOrder      *order,
                       const GError *error,
                       guint        *n_failed)
{
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NO_BUDGET);
  (*n_failed)++;
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* The desk holds the polling lock, then loses its way to the budget: its
 * due order is not asked about, polling backs off instead of spinning,
 * the desk says the ledger is out of reach, and the order keeps its state
 * and its place. */
static void
test_poller_budget_unreachable (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(PdMixpayClient) client = client_without_budget ();
  g_autoptr(PdPoller) poller = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint n_failed = 0;

  add_order (f, "no-budget-1", "[{\"status\":\"success\"}]");
  poller = pd_poller_new (f->store, client, NULL);
  g_signal_connect (poller, "check-failed", G_CALLBACK (count_check_failed_cb), &n_failed);
  pd_poller_start (poller);

  g_timeout_add_seconds (4, quit_cb, loop);
  g_main_loop_run (loop);

  g_test_message ("%u checks were not sent in 4 s", n_failed);
  g_assert_cmpuint (n_requests (), ==, 0);
  /* Backed off: the first try at once, then 1, 2, 4 s apart at most. */
  g_assert_cmpuint (n_failed, >=, 1);
  g_assert_cmpuint (n_failed, <=, 4);
  g_assert_cmpint (pd_poller_get_status (poller), ==, PD_POLLER_STATUS_LEDGER_UNREACHABLE);
  pd_poller_stop (poller);
  assert_state (f, "no-budget-1", PD_ORDER_STATE_UNPAID);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);

  server = pd_fake_server_start ("60", FALSE);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/desks-poll/record-at-once", test_desks_record_at_once);
  ADD ("/desks-poll/reuse-refused", test_desks_reuse_refused);
  ADD ("/desks-poll/gate-spaces-sends", test_gate_spaces_sends);
  ADD ("/desks-poll/budget-unreachable", test_budget_unreachable);
  ADD ("/desks-poll/poller-budget-unreachable", test_poller_budget_unreachable);
  ADD ("/desks-poll/spacing", test_poll_spacing);
  ADD ("/desks-poll/handover", test_poll_handover);
  ADD ("/desks-poll/server-restart", test_poll_server_restart);
#undef ADD

  rc = g_test_run ();
  pd_fake_server_stop (server);
  pd_test_pg_stop ();
  return rc;
}
