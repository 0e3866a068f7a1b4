/* pd-save-path.c: the file a save dialog chose, with its extension
 *
 * Every save dialog of the app (exports, QR codes, invoices, the Z
 * report) names its file this way, so that a name typed without an
 * extension is saved as the type that was offered, and "Report.PDF" is
 * never saved as "Report.PDF.pdf".
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-save-path.h"

char *
pd_save_path_with_extension (const char         *path,
                             const char * const *extensions,
                             const char         *extension)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (extensions != NULL, NULL);
  g_return_val_if_fail (extension != NULL, NULL);

  lower = g_ascii_strdown (path, -1);
  for (guint i = 0; extensions[i] != NULL; i++)
    {
      g_autofree char *known = g_ascii_strdown (extensions[i], -1);

      if (g_str_has_suffix (lower, known))
        return g_strdup (path);
    }

  return g_strconcat (path, extension, NULL);
}

char *
pd_save_path_from_chooser (GtkFileChooser     *chooser,
                           const char * const *extensions,
                           const char         *extension)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (GTK_IS_FILE_CHOOSER (chooser), NULL);

  file = gtk_file_chooser_get_file (chooser);
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL)
    return NULL;

  return pd_save_path_with_extension (path, extensions, extension);
}
