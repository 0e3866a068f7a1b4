/* pd-cli-export.c: paydesk-cli export, the ledger as CSV or JSON
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-cli-common.h"
#include "pd-order-export.h"

/* --since: a date (2026-11-01), from its midnight where the merchant is
 * (TZ), as the invoices show dates; or an ISO 8601 time, in its own zone
 * if it names one (2026-11-01T09:30:00+01:00), else the local one. A
 * date read as midnight UTC would put a month's export from Shanghai
 * eight hours early: the end of the month before in, its own first
 * hours out. */
static gboolean
parse_since (const char *text,
             gint64     *since)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  if (strlen (text) == 10)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00", NULL);
      time = g_date_time_new_from_iso8601 (midnight, local);
    }
  else
    {
      time = g_date_time_new_from_iso8601 (text, local);
    }

  if (time == NULL)
    return FALSE;

  *since = g_date_time_to_unix (time);
  return TRUE;
}

int
pd_cli_cmd_export (PdCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *state = NULL;
  g_autofree char *since_text = NULL;
  g_autofree char *output_path = NULL;
  gboolean show_help = FALSE;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("csv or json (required)"), N_("FORMAT") },
    { "state", 0, 0, G_OPTION_ARG_STRING, &state,
      N_("Only orders in this state, or group: open, settled, paid, attention"), N_("STATE") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text,
      N_("Only orders created on or after DATE (2026-11-01 or an ISO 8601 time)"), N_("DATE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("Write to FILE, replaced whole or not at all (default: standard output)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    pd_cli_context_new (cli, NULL, _("Export orders as CSV or JSON."), entries, &show_help);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gint64 since = 0;
  int status;

  if (!pd_cli_parse (context, &show_help, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return pd_cli_usage_error ("export", _("unexpected argument “%s”"), argv[1]);

  if (format == NULL || (strcmp (format, "csv") != 0 && strcmp (format, "json") != 0))
    return pd_cli_usage_error ("--format", "%s", _("must be csv or json"));

  if (since_text != NULL && !parse_since (since_text, &since))
    return pd_cli_usage_error ("--since", _("“%s” is not a date such as 2026-11-01"), since_text);

  if (output_path != NULL && (status = pd_cli_check_output_path (cli, "--output", output_path)) != PD_CLI_EXIT_OK)
    return status;

  orders = pd_cli_list_orders (cli, state, since, &status);
  if (orders == NULL)
    return status;

  if (strcmp (format, "csv") == 0)
    {
      contents = pd_order_export_csv (orders);
    }
  else
    {
      g_autofree char *json = pd_order_export_json (orders, TRUE);
      contents = g_strconcat (json, "\n", NULL);
    }

  if (output_path == NULL)
    return pd_cli_print (contents);

  if (!pd_order_export_write_file (output_path, contents, &error))
    return pd_cli_failure ("%s", error->message);

  return PD_CLI_EXIT_OK;
}
