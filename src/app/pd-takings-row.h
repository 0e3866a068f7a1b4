/* pd-takings-row.h: one line of the Takings table, one bar of its chart
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pd-takings.h"

G_BEGIN_DECLS

#define PD_TYPE_TAKINGS_ROW (pd_takings_row_get_type ())

G_DECLARE_FINAL_TYPE (PdTakingsRow, pd_takings_row, PD, TAKINGS_ROW, GObject)

/* @asset NULL: a period without orders of that asset (nothing paid). */
PdTakingsRow *pd_takings_row_new             (const PdTakingsPeriod *period,
                                              const char            *asset_name,
                                              const PdTakingsAsset  *asset);

/* "2026-12-05", "2026-W49" or "2026-12", as the CLI names periods. */
const char   *pd_takings_row_get_period      (PdTakingsRow *self);
const char   *pd_takings_row_get_asset_name  (PdTakingsRow *self);
guint         pd_takings_row_get_paid_count  (PdTakingsRow *self);
/* An exact decimal string; "0" when nothing was paid. */
const char   *pd_takings_row_get_paid_total  (PdTakingsRow *self);
guint         pd_takings_row_get_open_count  (PdTakingsRow *self);
const char   *pd_takings_row_get_open_total  (PdTakingsRow *self);
/* The period's first day. */
const GDate  *pd_takings_row_get_first_day   (PdTakingsRow *self);

G_END_DECLS
