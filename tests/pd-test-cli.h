/* pd-test-cli.h: run the built paydesk-cli from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pd-fake-server.h"

G_BEGIN_DECLS

typedef struct
{
  int   status;
  char *out;
  char *err;
} PdCliRun;

void          pd_cli_run_clear            (PdCliRun           *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdCliRun, pd_cli_run_clear)

/* A launcher for $PAYDESK_CLI with the ledger @db, settings from a key
 * file under @config_dir (empty unless the test writes one), the C locale
 * and no PAYDESK_PAY_BASE / PAYDESK_API_BASE from the outside. */
GSubprocessLauncher *pd_cli_launcher_new  (const char         *db,
                                           const char         *config_dir);
GSubprocess  *pd_cli_spawn                (GSubprocessLauncher *launcher,
                                           const char * const  *args);
/* Runs to the end and collects status, stdout and stderr. */
void          pd_cli_run                  (GSubprocessLauncher *launcher,
                                           PdCliRun            *run,
                                           const char * const  *args);

#define PD_CLI_RUN(launcher, run, ...) \
  G_STMT_START { \
    const char *_args[] = { __VA_ARGS__, NULL }; \
    pd_cli_run_clear (run); \
    pd_cli_run (launcher, run, _args); \
  } G_STMT_END

/* Fails the test, naming @args, the signal and the output, unless
 * @process (already waited for) exited by itself. */
void          pd_cli_assert_exited        (GSubprocess        *process,
                                           const char * const *args,
                                           const PdCliRun     *run);
/* Exit status 0 and nothing on stderr. */
void          pd_cli_assert_ok            (PdCliRun           *run);
/* Exit status 2, nothing on stdout, exactly one stderr line naming @option. */
void          pd_cli_assert_usage_error   (PdCliRun           *run,
                                           const char         *option);

/* Caches the fixture list of quote assets in the ledger @db, as the app
 * does once it has fetched MixPay's list. */
void          pd_cli_cache_quote_assets   (const char         *db);

/* The payee and assets of the orders pd_cli_fixture_new_order() records. */
#define PD_TEST_CLI_PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define PD_TEST_CLI_BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define PD_TEST_CLI_USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"

/* A ledger in a new temporary folder, and a launcher for paydesk-cli on
 * it whose API base and pay base are @server's (the fake MixPay). */
typedef struct
{
  PdFakeServer        *server;  /* not owned */
  char                *dir;
  char                *db;
  GSubprocessLauncher *launcher;
} PdCliFixture;

void          pd_cli_fixture_set_up       (PdCliFixture       *f,
                                           PdFakeServer       *server,
                                           const char         *name);
/* Removes the folder and what is in it. */
void          pd_cli_fixture_tear_down    (PdCliFixture       *f);
/* Removes @path, a temporary folder of files (no subfolders). */
void          pd_cli_remove_temp_dir      (const char         *path);
/* Records an order of 10 USDT for PD_TEST_CLI_PAYEE with `paydesk-cli
 * new`, after scripting the fake server's answers about it (@steps, a
 * JSON array). */
void          pd_cli_fixture_new_order    (PdCliFixture       *f,
                                           const char         *order_id,
                                           const char         *steps);
/* (transfer full): the order as `paydesk-cli show --json` prints it. */
JsonObject   *pd_cli_fixture_show_json    (PdCliFixture       *f,
                                           const char         *order_id);
/* The order's state, as `paydesk-cli show --json` prints it. */
char         *pd_cli_fixture_dup_state    (PdCliFixture       *f,
                                           const char         *order_id);
void          pd_cli_fixture_assert_state (PdCliFixture       *f,
                                           const char         *order_id,
                                           const char         *state);

G_END_DECLS
