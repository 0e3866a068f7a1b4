/* pd-cli.c: paydesk-cli, the Paydesk core for scripts and servers
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "pd-cli-private.h"

static const PdCliCommand commands[] = {
  { "link", N_("--payee ID --settlement-asset ID --quote-asset ID --amount DEC --order-id ID"),
    N_("Print a payment link and optionally write its QR code"), pd_cli_cmd_link },
  { "new", N_("--amount DEC [--order-id ID] [--note TEXT] [--json]"),
    N_("Record a new order and print its payment link"), pd_cli_cmd_new },
  { "list", N_("[--state STATE] [--json]"),
    N_("List the orders of the ledger"), pd_cli_cmd_list },
  { "show", N_("ORDER_ID [--json]"),
    N_("Show an order and its history"), pd_cli_cmd_show },
  { "export", N_("--format csv|json [--state STATE] [--since DATE] [--output FILE]"),
    N_("Export orders as CSV or JSON"), pd_cli_cmd_export },
  { "cancel", N_("ORDER_ID --reason TEXT"),
    N_("Cancel an open order"), pd_cli_cmd_cancel },
  { "duplicate", N_("ORDER_ID"),
    N_("Record a new order like an existing one"), pd_cli_cmd_duplicate },
  { "poll", N_("[--once | --until-settled] [--rate N] [--timeout SECONDS]"),
    N_("Ask MixPay about open orders and print every change of state"), pd_cli_cmd_poll },
  { "check", N_("ORDER_ID"),
    N_("Ask MixPay about one order now"), pd_cli_cmd_check },
  { "lookup-payee", N_("MIXIN_ID"),
    N_("Print the payee ID of a Mixin ID"), pd_cli_cmd_lookup_payee },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n  paydesk-cli COMMAND [OPTION…]\n\n%s\n",
           _("Usage:"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-13s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “paydesk-cli COMMAND --help” for the options of a command."));
}

/* The command whose options are being parsed: its global options fall
 * back to the environment once the command line has been read. */
static PdCli *parsing_cli;

void
pd_cli_add_global_options (PdCli          *cli,
                           GOptionContext *context)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &cli->db_path,
      N_("The order ledger (default: $PAYDESK_DB, or paydesk.db in the user data folder)"), N_("PATH") },
    { "pay-base", 0, 0, G_OPTION_ARG_STRING, &cli->pay_base,
      N_("Base of payment links (default: $PAYDESK_PAY_BASE or https://mixpay.me)"), N_("URL") },
    { "api-base", 0, 0, G_OPTION_ARG_STRING, &cli->api_base,
      N_("MixPay API base (default: $PAYDESK_API_BASE or https://api.mixpay.me/v1)"), N_("URL") },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("global",
                                            _("Options of every command:"),
                                            _("Show the options of every command"),
                                            NULL, NULL);

  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, group);
  parsing_cli = cli;
}

static void
take_default_from_environment (char       **value,
                               const char  *variable)
{
  const char *from_environment = g_getenv (variable);

  if (*value == NULL && from_environment != NULL && *from_environment != '\0')
    *value = g_strdup (from_environment);
}

gboolean
pd_cli_parse_options (GOptionContext   *context,
                      int              *argc,
                      char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (g_option_context_parse (context, argc, argv, &error))
    {
      /* The command line wins over the environment. */
      if (parsing_cli != NULL)
        {
          take_default_from_environment (&parsing_cli->db_path, "PAYDESK_DB");
          take_default_from_environment (&parsing_cli->pay_base, "PAYDESK_PAY_BASE");
          take_default_from_environment (&parsing_cli->api_base, "PAYDESK_API_BASE");
        }
      return TRUE;
    }

  fprintf (stderr, "paydesk-cli: %s\n", error->message);
  return FALSE;
}

int
pd_cli_usage_error (const char *option,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "paydesk-cli: %s: %s\n", option, message);
  return PD_CLI_EXIT_USAGE;
}

int
pd_cli_failure (const char *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "paydesk-cli: %s\n", message);
  return PD_CLI_EXIT_FAILURE;
}

static void
pd_cli_clear (PdCli *cli)
{
  g_clear_pointer (&cli->db_path, g_free);
  g_clear_pointer (&cli->pay_base, g_free);
  g_clear_pointer (&cli->api_base, g_free);
}

int
main (int   argc,
      char *argv[])
{
  PdCli cli = { 0 };
  int status = PD_CLI_EXIT_USAGE;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return PD_CLI_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return PD_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("paydesk-cli %s\n", PACKAGE_VERSION);
      return PD_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[1], commands[i].name) == 0)
        {
          /* The command sees itself as argv[0], as GOption expects. */
          status = commands[i].run (&cli, argc - 1, argv + 1);
          pd_cli_clear (&cli);
          return status;
        }
    }

  fprintf (stderr, _("paydesk-cli: unknown command “%s”\n"), argv[1]);
  print_usage (stderr);
  pd_cli_clear (&cli);
  return status;
}
