/* pd-cli-private.h: shared by the paydesk-cli commands
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of every command. */
enum
{
  PD_CLI_EXIT_OK = 0,
  PD_CLI_EXIT_FAILURE = 1,  /* a runtime failure: database, network… */
  PD_CLI_EXIT_USAGE = 2,    /* invalid input; nothing was written */
};

/* Options every command takes, from the command line or the environment
 * (PAYDESK_DB, PAYDESK_PAY_BASE, PAYDESK_API_BASE). */
typedef struct
{
  char *db_path;
  char *pay_base;
  char *api_base;
} PdCli;

typedef int (*PdCliCommandFunc) (PdCli  *cli,
                                 int     argc,
                                 char  **argv);

typedef struct
{
  const char       *name;
  const char       *parameter_string;  /* for --help, untranslated syntax */
  const char       *summary;           /* N_() */
  PdCliCommandFunc  run;               /* NULL: in PD_CLI_DOCUMENTS_PROGRAM */
} PdCliCommand;

/* The program paydesk-cli runs for the commands that draw documents
 * (invoice, receipt, report), with its own command line: installed in
 * libexecdir, or beside paydesk-cli in the build tree. */
#define PD_CLI_DOCUMENTS_PROGRAM "paydesk-cli-documents"

/* Parses the global options and runs the command named on the command
 * line. paydesk-cli passes no @documents_commands and runs those commands
 * in PD_CLI_DOCUMENTS_PROGRAM; that program passes them. */
int      pd_cli_main               (int                 argc,
                                    char              **argv,
                                    const PdCliCommand *documents_commands,
                                    guint               n_documents_commands);

/* Adds --db, --pay-base and --api-base to a command's option context. */
void     pd_cli_add_global_options (PdCli          *cli,
                                    GOptionContext *context);
/* Parses a command's options; on failure prints the error and returns
 * FALSE (the command then exits with PD_CLI_EXIT_USAGE). */
gboolean pd_cli_parse_options      (GOptionContext *context,
                                    int            *argc,
                                    char         ***argv);
/* Prints "paydesk-cli: OPTION: MESSAGE" on stderr; returns PD_CLI_EXIT_USAGE. */
int      pd_cli_usage_error        (const char     *option,
                                    const char     *format,
                                    ...) G_GNUC_PRINTF (2, 3);
/* @text as a terminal can show it: tabs and line breaks become spaces,
 * other control characters and direction overrides U+FFFD. */
char    *pd_cli_dup_printable      (const char     *text);
/* Prints "paydesk-cli: MESSAGE" on stderr; returns PD_CLI_EXIT_FAILURE. */
int      pd_cli_failure            (const char     *format,
                                    ...) G_GNUC_PRINTF (1, 2);

/* The commands, one file a group (HACKING.md). pd-cli-link.c: */
int      pd_cli_cmd_link           (PdCli          *cli,
                                    int             argc,
                                    char          **argv);

/* pd-cli-orders.c: the ledger's orders. */
int      pd_cli_cmd_new            (PdCli          *cli,
                                    int             argc,
                                    char          **argv);
int      pd_cli_cmd_list           (PdCli          *cli,
                                    int             argc,
                                    char          **argv);
int      pd_cli_cmd_show           (PdCli          *cli,
                                    int             argc,
                                    char          **argv);
int      pd_cli_cmd_cancel         (PdCli          *cli,
                                    int             argc,
                                    char          **argv);
int      pd_cli_cmd_duplicate      (PdCli          *cli,
                                    int             argc,
                                    char          **argv);

/* pd-cli-export.c: */
int      pd_cli_cmd_export         (PdCli          *cli,
                                    int             argc,
                                    char          **argv);

/* pd-cli-mixpay.c: asking MixPay. */
int      pd_cli_cmd_poll           (PdCli          *cli,
                                    int             argc,
                                    char          **argv);
int      pd_cli_cmd_check          (PdCli          *cli,
                                    int             argc,
                                    char          **argv);
int      pd_cli_cmd_lookup_payee   (PdCli          *cli,
                                    int             argc,
                                    char          **argv);

/* The commands of paydesk-cli-documents (pd-cli-documents.c), which
 * alone links paydesk-documents. pd-cli-invoice.c: an order's documents. */
int      pd_cli_cmd_invoice        (PdCli          *cli,
                                    int             argc,
                                    char          **argv);
int      pd_cli_cmd_receipt        (PdCli          *cli,
                                    int             argc,
                                    char          **argv);

/* pd-cli-report.c: */
int      pd_cli_cmd_report         (PdCli          *cli,
                                    int             argc,
                                    char          **argv);

/* pd-cli-import-ledger.c: */
int      pd_cli_cmd_import_ledger  (PdCli          *cli,
                                    int             argc,
                                    char          **argv);

G_END_DECLS
