/* test-cli-libraries.c: what paydesk-cli loads
 *
 * The commands a server or a script runs most (link, poll, the ledger's)
 * must not load the drawing libraries that only documents need: cairo,
 * Pango and librsvg, with the dozens of libraries each brings. The
 * dynamic loader says what it loads (LD_DEBUG=files), whatever links it
 * in, directly or through another library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-test-cli.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"

static const char *drawing_libraries[] = { "libcairo", "libpango", "librsvg" };

typedef struct
{
  char                *dir;
  GSubprocessLauncher *launcher;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("paydesk-cli-libraries-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "paydesk.db", NULL);
  f->launcher = pd_cli_launcher_new (db, f->dir);
  /* One line "file=NAME [0];  needed by WHO" on stderr a library. */
  g_subprocess_launcher_setenv (f->launcher, "LD_DEBUG", "files", TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  pd_cli_remove_temp_dir (f->dir);
  g_clear_object (&f->launcher);
  g_clear_pointer (&f->dir, g_free);
}

static gboolean
loaded (const PdCliRun *run,
        const char     *library)
{
  g_autofree char *needle = g_strconcat ("file=", library, NULL);

  return strstr (run->err, needle) != NULL;
}

/* libpq and what it brings are loaded only for a PostgreSQL ledger. */
static void
assert_loads_no_libpq (const PdCliRun *run,
                       const char     *what)
{
  if (loaded (run, "libpq"))
    g_error ("%s loads libpq for an SQLite ledger: %.8000s", what, run->err);
}

/* The loader's report is there at all: without it, "nothing loaded"
 * would prove nothing. */
static void
assert_loads_no_drawing_library (const PdCliRun *run,
                                 const char     *what)
{
  if (!loaded (run, "libglib-2.0"))
    g_error ("%s: the loader's report names no libglib-2.0: %.2000s", what, run->err);

  for (guint i = 0; i < G_N_ELEMENTS (drawing_libraries); i++)
    if (loaded (run, drawing_libraries[i]))
      g_error ("%s loads %s: %.8000s", what, drawing_libraries[i], run->err);
}

static void
test_link (Fixture       *f,
           gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };

  PD_CLI_RUN (f->launcher, &run, "link", "--payee", PAYEE, "--settlement-asset", BTC,
              "--quote-asset", USDT, "--amount", "10", "--order-id", "product1000432");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "https://mixpay.me/pay?"));
  assert_loads_no_drawing_library (&run, "paydesk-cli link");
  assert_loads_no_libpq (&run, "paydesk-cli link");

  PD_CLI_RUN (f->launcher, &run, "--help");
  g_assert_cmpint (run.status, ==, 0);
  assert_loads_no_drawing_library (&run, "paydesk-cli --help");
}

/* The poller's command, on a ledger with nothing to ask about. */
static void
test_poll (Fixture       *f,
           gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };

  PD_CLI_RUN (f->launcher, &run, "poll", "--api-base", "http://127.0.0.1:9/v1", "--once");
  g_assert_cmpint (run.status, ==, 0);
  assert_loads_no_drawing_library (&run, "paydesk-cli poll --once");
  assert_loads_no_libpq (&run, "paydesk-cli poll --once");

  PD_CLI_RUN (f->launcher, &run, "list");
  g_assert_cmpint (run.status, ==, 0);
  assert_loads_no_drawing_library (&run, "paydesk-cli list");
  assert_loads_no_libpq (&run, "paydesk-cli list");
}

/* The commands that draw run in paydesk-cli-documents, which does load
 * them: the same check sees them there. */
static void
test_documents (Fixture       *f,
                gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };

  PD_CLI_RUN (f->launcher, &run, "invoice", "--help");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--pdf"));
  g_assert_true (loaded (&run, "libcairo"));
  g_assert_true (loaded (&run, "libpango"));
}

/* A paydesk-cli whose documents program is not where it looks says so,
 * in one line, and exits 1. */
static void
test_documents_missing (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *cli = g_build_filename (f->dir, "paydesk-cli", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (g_getenv ("PAYDESK_CLI"), &contents, &length, &error));
  g_assert_true (g_file_set_contents_full (cli, contents, (gssize) length,
                                           G_FILE_SET_CONTENTS_NONE, 0755, &error));
  g_assert_no_error (error);

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, cli, "invoice", "--help", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  if (g_subprocess_get_exit_status (process) == 0)
    {
      g_test_skip ("paydesk-cli-documents is installed in libexecdir");
      return;
    }

  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "paydesk-cli: cannot run /"));
  g_assert_nonnull (strstr (err, "/paydesk-cli-documents: "));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/libraries/link", Fixture, NULL, fixture_set_up, test_link, fixture_tear_down);
  g_test_add ("/cli/libraries/poll", Fixture, NULL, fixture_set_up, test_poll, fixture_tear_down);
  g_test_add ("/cli/libraries/documents", Fixture, NULL, fixture_set_up, test_documents, fixture_tear_down);
  g_test_add ("/cli/libraries/documents-missing", Fixture, NULL, fixture_set_up, test_documents_missing,
              fixture_tear_down);

  return g_test_run ();
}
