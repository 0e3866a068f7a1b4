/* pd-preferences-display.h: the customer display's preferences
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-preferences-window.h"

G_BEGIN_DECLS

/* Called from the window's class_init and init: names the Customer
 * Display group's rows, then fills the monitor row from GdkDisplay's
 * monitors (live) and binds both rows to their settings. */
void pd_preferences_window_class_init_display (GtkWidgetClass      *widget_class);
void pd_preferences_window_init_display       (PdPreferencesWindow *self);

G_END_DECLS
