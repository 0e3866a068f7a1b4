/* pd-preferences-shop.h: the Shop page of the preferences
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-preferences-window.h"

G_BEGIN_DECLS

/* Called from the window's class_init and init: names the Shop page's
 * widgets, then binds them to the merchant profile settings. */
void pd_preferences_window_class_init_shop (GtkWidgetClass      *widget_class);
void pd_preferences_window_init_shop       (PdPreferencesWindow *self);

G_END_DECLS
