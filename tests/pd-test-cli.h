/* pd-test-cli.h: run the built paydesk-cli from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

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

G_END_DECLS
