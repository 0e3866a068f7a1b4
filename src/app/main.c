/* main.c: entry point of the Paydesk app
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <glib/gi18n.h>

#include "pd-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdApplication) app = NULL;
  const char *localedir;

  /* As in paydesk-cli: a file size limit (ulimit -f) reached while
   * writing the ledger or a QR code makes the write fail with EFBIG,
   * which the app reports, instead of killing it without a word. */
  signal (SIGXFSZ, SIG_IGN);

  /* PAYDESK_LOCALEDIR (set by `meson devenv` and the tests) points at the
   * catalogues compiled into the build tree. */
  localedir = g_getenv ("PAYDESK_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE,
                  localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = pd_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
