/* pd-takings-chart.h: a bar chart of what was paid per day in one asset
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-takings.h"

G_BEGIN_DECLS

#define PD_TYPE_TAKINGS_CHART (pd_takings_chart_get_type ())

G_DECLARE_FINAL_TYPE (PdTakingsChart, pd_takings_chart, PD, TAKINGS_CHART, GtkWidget)

GtkWidget *pd_takings_chart_new      (void);
/* One bar per PdTakingsRow of @rows, all of one asset, in order: its
 * height is the row's paid total against the largest. */
void       pd_takings_chart_set_rows (PdTakingsChart *self,
                                      GPtrArray      *rows,
                                      PdTakingsBy     by);
guint      pd_takings_chart_get_n_bars (PdTakingsChart *self);
/* The bar widgets (PdTakingsBar), first to last. */
GtkWidget *pd_takings_chart_get_bar  (PdTakingsChart *self,
                                      guint           index);

G_END_DECLS
