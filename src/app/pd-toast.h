/* pd-toast.h: toasts of plain text
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A toast that shows @text as it is: a toast's title is markup in
 * libadwaita 1.2, and a file name or a translation may hold "&" or "<". */
AdwToast *pd_toast_new  (const char *text);
/* Adds pd_toast_new (@text) to the toast overlay around @widget; nothing
 * when there is none. */
void      pd_toast_show (GtkWidget  *widget,
                         const char *text);

G_END_DECLS
