/* pd-cli-main.c: paydesk-cli, the Paydesk core for scripts and servers
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-cli-private.h"

/* Links no drawing library: invoice, receipt and report run in
 * paydesk-cli-documents, so that link, poll and the ledger's commands
 * start without loading cairo, Pango or librsvg. */
int
main (int   argc,
      char *argv[])
{
  return pd_cli_main (argc, argv, NULL, 0);
}
