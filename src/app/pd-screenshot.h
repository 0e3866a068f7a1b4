/* pd-screenshot.h: first-frame hook and rendering a widget to a PNG
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*PdFirstFrameFunc) (GtkWidget *widget,
                                  gpointer   user_data);

/* Calls @func once, right after the first frame that draws @widget has
 * been painted. Nothing is called if @widget goes away before that. */
void     pd_widget_call_after_first_frame (GtkWidget         *widget,
                                           PdFirstFrameFunc   func,
                                           gpointer           user_data);

/* Renders @widget as it is now, at its current size, into a PNG file.
 * @widget must be realized. */
gboolean pd_screenshot_save_png           (GtkWidget         *widget,
                                           const char        *path,
                                           GError           **error);

G_END_DECLS
