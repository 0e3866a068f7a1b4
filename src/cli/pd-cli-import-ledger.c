/* pd-cli-import-ledger.c: paydesk-cli import-ledger, a desk's SQLite
 * ledger copied into the one --db names (pd-ledger-import.c)
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-cli-common.h"
#include "pd-ledger-import.h"

/* The orders left out, on stderr, one line each. The target is not
 * named: a URI may hold a password. */
static void
print_refused (GPtrArray *refused)
{
  for (guint i = 0; i < refused->len; i++)
    {
      PdOrder *order = g_ptr_array_index (refused, i);

      pd_cli_failure (_("orderId: payee %s already has an order “%s” in this ledger; it was not imported"),
                      pd_order_get_payee_id (order), pd_order_get_order_id (order));
    }
}

int
pd_cli_cmd_import_ledger (PdCli  *cli,
                          int     argc,
                          char  **argv)
{
  gboolean show_help = FALSE;
  const GOptionEntry entries[] = {
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    pd_cli_context_new (cli, N_("FILE"),
                        _("Copy every order of a desk’s ledger FILE, with its history, into the ledger --db names. "
                          "An order whose payee and order ID are already there is not copied; the others are, "
                          "in one transaction."),
                        entries, &show_help);
  g_autoptr(PdStore) source = NULL;
  g_autoptr(PdStore) target = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  guint n_imported = 0;
  int status;

  if (!pd_cli_parse (context, &show_help, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return pd_cli_usage_error ("FILE", "%s", _("give exactly one ledger file"));

  /* The source is checked before the target is opened: a mistyped FILE
   * must not create an empty ledger at --db. */
  source = pd_ledger_import_open_source (cli->db_path, argv[1], &error);
  if (source == NULL)
    {
      if (g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_IO) ||
          g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_BUSY))
        return pd_cli_failure ("%s", error->message);
      pd_cli_failure ("%s", error->message);
      return PD_CLI_EXIT_USAGE;
    }

  target = pd_cli_open_store (cli);
  if (target == NULL)
    return PD_CLI_EXIT_FAILURE;

  if (!pd_ledger_import (target, source, &n_imported, &refused, &error))
    return pd_cli_failure ("%s", error->message);

  output = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u order\n", "Imported %u orders\n",
                                         n_imported),
                            n_imported);
  status = pd_cli_print (output);

  if (refused->len > 0)
    {
      print_refused (refused);
      return PD_CLI_EXIT_FAILURE;
    }

  return status;
}
