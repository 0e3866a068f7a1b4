/* pd-ledger-paths.c: where the ledger lives, and the files no output may
 * overwrite
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "pd-ledger-paths.h"
#include "pd-store.h"

/* The files SQLite and Paydesk keep beside a ledger at @path. */
static const char * const ledger_file_suffixes[] = {
  "", "-wal", "-shm", "-journal", PD_LEDGER_POLL_LOCK_SUFFIX,
  PD_LEDGER_CHANGES_SUFFIX "/" PD_LEDGER_CHANGES_STAMP,
};

char *
pd_ledger_dup_poll_lock_path (const char *ledger_path)
{
  g_return_val_if_fail (ledger_path != NULL, NULL);

  return g_strconcat (ledger_path, PD_LEDGER_POLL_LOCK_SUFFIX, NULL);
}

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf a_stat;
  GStatBuf b_stat;

  if (g_stat (a, &a_stat) == 0 && g_stat (b, &b_stat) == 0)
    return a_stat.st_dev == b_stat.st_dev && a_stat.st_ino == b_stat.st_ino;

  /* Either is missing: by name, as an absolute path. */
  {
    g_autofree char *canonical_a = g_canonicalize_filename (a, NULL);
    g_autofree char *canonical_b = g_canonicalize_filename (b, NULL);

    return strcmp (canonical_a, canonical_b) == 0;
  }
}

/**
 * pd_store_path_is_ledger_file:
 * @ledger_path: (nullable): a ledger, %NULL for the default
 * @path: a file about to be written
 *
 * Whether writing @path would write over the ledger at @ledger_path or a
 * file beside it that it needs (its write-ahead log, its shared memory,
 * its poll lock): an export, a QR code or a PDF saved there would lose
 * every order. Compares the files themselves when both exist (a link to
 * the ledger is the ledger), else their absolute names.
 */
gboolean
pd_store_path_is_ledger_file (const char *ledger_path,
                              const char *path)
{
  g_autofree char *default_path = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (ledger_path == NULL)
    ledger_path = default_path = pd_store_dup_default_path ();

  for (guint i = 0; i < G_N_ELEMENTS (ledger_file_suffixes); i++)
    {
      g_autofree char *file = g_strconcat (ledger_path, ledger_file_suffixes[i], NULL);

      if (same_file (file, path))
        return TRUE;
    }

  return FALSE;
}

/**
 * pd_store_check_output_path:
 * @ledger_path: (nullable): a ledger, %NULL for the default
 * @path: a file the person chose to write
 *
 * The one refusal every writer of a chosen file gives (the app's exports,
 * QR codes and PDFs, paydesk-cli's outputs) when @path is one of the
 * ledger's files (pd_store_path_is_ledger_file()).
 *
 * Returns: %FALSE with a %G_IO_ERROR_INVALID_FILENAME error naming @path
 */
gboolean
pd_store_check_output_path (const char  *ledger_path,
                            const char  *path,
                            GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (!pd_store_path_is_ledger_file (ledger_path, path))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
               _("“%s” is the order ledger or a file it needs: choose another file"), path);
  return FALSE;
}

char *
pd_store_dup_default_path (void)
{
  const char *env = g_getenv ("PAYDESK_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "paydesk", "paydesk.db", NULL);
}
