/* pd-window.h: the main window
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-application.h"

G_BEGIN_DECLS

#define PD_TYPE_WINDOW (pd_window_get_type ())

G_DECLARE_FINAL_TYPE (PdWindow, pd_window, PD, WINDOW, AdwApplicationWindow)

PdWindow     *pd_window_new             (PdApplication *application);
/* Cancelled when the window closes: pass it to the window's async work. */
GCancellable *pd_window_get_cancellable (PdWindow      *self);

/* The orders list (PdOrdersView) and the order page (PdOrderPage). */
GtkWidget    *pd_window_get_orders_view (PdWindow      *self);
GtkWidget    *pd_window_get_order_page  (PdWindow      *self);
/* The Takings view (PdTakingsView), beside the orders. */
GtkWidget    *pd_window_get_takings_view (PdWindow     *self);
/* What win.export does once a file is chosen: the orders shown, as CSV,
 * or JSON for a name ending in .json. */
gboolean      pd_window_export_orders   (PdWindow      *self,
                                         const char    *path,
                                         guint         *n_orders,
                                         GError       **error);
/* The same, telling the result in a toast or a dialog. */
void          pd_window_export_to_file  (PdWindow      *self,
                                         const char    *path);

G_END_DECLS
