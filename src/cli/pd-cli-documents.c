/* pd-cli-documents.c: paydesk-cli-documents, paydesk-cli's commands
 * that draw documents
 *
 * paydesk-cli runs this program, with its own command line, for invoice,
 * receipt and report; it reads that command line exactly as paydesk-cli
 * does. It alone links paydesk-documents (cairo, Pango, librsvg).
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-cli-private.h"

/* Only the name and what runs it: paydesk-cli's table says the rest. */
static const PdCliCommand documents_commands[] = {
  { "invoice", NULL, NULL, pd_cli_cmd_invoice },
  { "receipt", NULL, NULL, pd_cli_cmd_receipt },
  { "report", NULL, NULL, pd_cli_cmd_report },
};

int
main (int   argc,
      char *argv[])
{
  return pd_cli_main (argc, argv, documents_commands, G_N_ELEMENTS (documents_commands));
}
