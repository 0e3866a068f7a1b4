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

G_END_DECLS
