/* pd-save-path.h: the file a save dialog chose, with its extension
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* @path as is when it ends, in any case, with one of @extensions
 * (".csv", NULL-terminated), else with @extension added: a name typed
 * without one gets the type the dialog offered. */
char *pd_save_path_with_extension (const char         *path,
                                   const char * const *extensions,
                                   const char         *extension);
/* The same for the file @chooser chose; NULL when it chose none or one
 * with no local path. */
char *pd_save_path_from_chooser   (GtkFileChooser     *chooser,
                                   const char * const *extensions,
                                   const char         *extension);

G_END_DECLS
