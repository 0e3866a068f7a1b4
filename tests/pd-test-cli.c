/* pd-test-cli.c: run the built paydesk-cli from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pd-store.h"
#include "pd-test-cli.h"

void
pd_cli_run_clear (PdCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

GSubprocessLauncher *
pd_cli_launcher_new (const char *db,
                     const char *config_dir)
{
  GSubprocessLauncher *launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_setenv (launcher, "PAYDESK_DB", db, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "PAYDESK_PAY_BASE");
  g_subprocess_launcher_unsetenv (launcher, "PAYDESK_API_BASE");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_dir, TRUE);

  return launcher;
}

GSubprocess *
pd_cli_spawn (GSubprocessLauncher *launcher,
              const char * const  *args)
{
  const char *cli = g_getenv ("PAYDESK_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  if (cli == NULL)
    g_error ("PAYDESK_CLI is not set: run this test through meson");

  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  return process;
}

void
pd_cli_assert_exited (GSubprocess        *process,
                      const char * const *args,
                      const PdCliRun     *run)
{
  g_autofree char *command = NULL;
  int signum;

  if (g_subprocess_get_if_exited (process))
    return;

  /* Which run, which signal and what it said before: a crash under load
   * must be diagnosable from the log alone. */
  signum = g_subprocess_get_term_sig (process);
  command = g_strjoinv (" ", (char **) args);
  g_error ("paydesk-cli %.500s: killed by signal %d (%s); stdout: %.2000s; stderr: %.8000s",
           command, signum, g_strsignal (signum),
           run->out != NULL ? run->out : "", run->err != NULL ? run->err : "");
}

void
pd_cli_run (GSubprocessLauncher *launcher,
            PdCliRun            *run,
            const char * const  *args)
{
  g_autoptr(GSubprocess) process = pd_cli_spawn (launcher, args);
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  pd_cli_assert_exited (process, args, run);
  run->status = g_subprocess_get_exit_status (process);
}

void
pd_cli_assert_ok (PdCliRun *run)
{
  if (run->status != 0)
    g_error ("paydesk-cli failed (%d): %s", run->status, run->err);
  g_assert_cmpstr (run->err, ==, "");
}

void
pd_cli_assert_usage_error (PdCliRun   *run,
                           const char *option)
{
  g_autofree char *prefix = g_strdup_printf ("paydesk-cli: %s: ", option);

  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  if (!g_str_has_prefix (run->err, prefix))
    g_error ("expected an error naming %s, got: %s", option, run->err);
  /* Exactly one line. */
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
}

void
pd_cli_cache_quote_assets (const char *db)
{
  g_autofree char *path = g_build_filename (g_getenv ("PAYDESK_TEST_FIXTURES"), "quote_assets.json", NULL);
  g_autofree char *assets = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &assets, NULL, &error));
  store = pd_store_open (db, &error);
  g_assert_no_error (error);
  pd_store_set_asset_list (store, PD_ASSET_LIST_QUOTE, assets,
                           g_get_real_time () / G_USEC_PER_SEC, &error);
  g_assert_no_error (error);
  pd_store_close (store);
}

/* The fixture of the commands that ask MixPay */

void
pd_cli_fixture_set_up (PdCliFixture *f,
                       PdFakeServer *server,
                       const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("paydesk-%s-XXXXXX", name);

  f->server = server;
  f->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "ledger.db", NULL);
  f->launcher = pd_cli_launcher_new (f->db, f->dir);
  g_subprocess_launcher_setenv (f->launcher, "PAYDESK_API_BASE", server->api, TRUE);
  g_subprocess_launcher_setenv (f->launcher, "PAYDESK_PAY_BASE", server->base, TRUE);
}

void
pd_cli_remove_temp_dir (const char *path)
{
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NONE, NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

void
pd_cli_fixture_tear_down (PdCliFixture *f)
{
  pd_cli_remove_temp_dir (f->dir);
  g_clear_object (&f->launcher);
  g_clear_pointer (&f->db, g_free);
  g_clear_pointer (&f->dir, g_free);
}

void
pd_cli_fixture_new_order (PdCliFixture *f,
                          const char   *order_id,
                          const char   *steps)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *json = g_strdup_printf ("{\"orderId\":\"%s\",\"payeeId\":\"" PD_TEST_CLI_PAYEE "\","
                                           "\"quoteAmount\":\"10\",\"quoteAssetId\":\"" PD_TEST_CLI_USDT "\","
                                           "\"settlementAssetId\":\"" PD_TEST_CLI_BTC "\",\"steps\":%s}",
                                           order_id, steps);

  pd_fake_server_script (f->server, json);
  PD_CLI_RUN (f->launcher, &run, "new", "--payee", PD_TEST_CLI_PAYEE,
              "--settlement-asset", PD_TEST_CLI_BTC, "--quote-asset", PD_TEST_CLI_USDT,
              "--amount", "10", "--order-id", order_id);
  pd_cli_assert_ok (&run);
}

JsonObject *
pd_cli_fixture_show_json (PdCliFixture *f,
                          const char   *order_id)
{
  g_auto(PdCliRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *order;

  PD_CLI_RUN (f->launcher, &run, "show", order_id, "--json");
  pd_cli_assert_ok (&run);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  order = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (order, "order"))
    order = json_object_get_object_member (order, "order");

  return json_object_ref (order);
}

char *
pd_cli_fixture_dup_state (PdCliFixture *f,
                          const char   *order_id)
{
  g_autoptr(JsonObject) order = pd_cli_fixture_show_json (f, order_id);

  return g_strdup (json_object_get_string_member (order, "state"));
}

void
pd_cli_fixture_assert_state (PdCliFixture *f,
                             const char   *order_id,
                             const char   *state)
{
  g_autofree char *actual = pd_cli_fixture_dup_state (f, order_id);

  g_assert_cmpstr (actual, ==, state);
}
