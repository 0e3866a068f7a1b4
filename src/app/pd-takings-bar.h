/* pd-takings-bar.h: one bar of the Takings chart
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PD_TYPE_TAKINGS_BAR (pd_takings_bar_get_type ())

G_DECLARE_FINAL_TYPE (PdTakingsBar, pd_takings_bar, PD, TAKINGS_BAR, GtkWidget)

/* @description is what the bar stands for, in words ("5 December: 0.3
 * USDT, 2 orders"): its tooltip and its accessible label. @fraction is
 * its height against the tallest bar, 0 to 1, for drawing only. */
GtkWidget  *pd_takings_bar_new             (const char   *description,
                                            double        fraction);
const char *pd_takings_bar_get_description (PdTakingsBar *self);
double      pd_takings_bar_get_fraction    (PdTakingsBar *self);

G_END_DECLS
