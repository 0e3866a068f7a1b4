/* pd-takings-view.h: what the shop took in a day, week, month or range
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-clock.h"
#include "pd-order-list.h"
#include "pd-takings.h"

G_BEGIN_DECLS

#define PD_TYPE_TAKINGS_VIEW (pd_takings_view_get_type ())

G_DECLARE_FINAL_TYPE (PdTakingsView, pd_takings_view, PD, TAKINGS_VIEW, AdwBin)

void        pd_takings_view_set_order_list   (PdTakingsView  *self,
                                              PdOrderList    *list);
/* What today is, and when midnight comes (NULL: the system's clock). */
void        pd_takings_view_set_clock        (PdTakingsView  *self,
                                              PdClock        *clock);
/* "today", "week", "month" (each up to today) or "custom" (the range
 * last shown with pd_takings_view_set_custom_range()). */
const char *pd_takings_view_get_period       (PdTakingsView  *self);
void        pd_takings_view_set_period       (PdTakingsView  *self,
                                              const char     *period);
/* What the Show button of a custom range does with the two fields'
 * text: FALSE, an error naming the field and nothing changed for a day
 * that is not one, or a range that ends before it starts. */
gboolean    pd_takings_view_set_custom_range (PdTakingsView  *self,
                                              const char     *from,
                                              const char     *to,
                                              GError        **error);
/* TRUE while orders changed and the figures wait to be counted again
 * (changes come in bursts: they are counted once, just after). */
gboolean    pd_takings_view_get_busy         (PdTakingsView  *self);
/* The figures shown, or NULL before the first count. */
PdTakings  *pd_takings_view_get_takings      (PdTakingsView  *self);
/* What Save Z Report… does once a file is chosen: the PDF of the
 * figures shown. */
gboolean    pd_takings_view_save_z_report    (PdTakingsView  *self,
                                              const char     *path,
                                              GError        **error);

G_END_DECLS
