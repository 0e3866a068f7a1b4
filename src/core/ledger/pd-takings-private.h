/* pd-takings-private.h: what pd-takings.c shares with the takings index
 *
 * The rule of what an order counts as, and the making of a PdTakings
 * from tallies, have one home (pd-takings.c); the index
 * (pd-takings-index.c) keeps tallies per day and hands them here.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-takings.h"

G_BEGIN_DECLS

/* What some orders of one quote asset came to: counts per state and exact
 * sums of the paid and open amounts. */
typedef struct _PdTakingsTally PdTakingsTally;
typedef struct _PdTakingsBuilder PdTakingsBuilder;

PdTakingsTally   *_pd_takings_tally_new         (void);
void              _pd_takings_tally_free        (PdTakingsTally         *tally);
/* Counts @order in @tally (see PdTakingsAsset); TRUE when it counts as
 * paid, so it belongs among the paid orders. */
gboolean          _pd_takings_tally_add_order   (PdTakingsTally         *tally,
                                                 PdOrder                *order);

/* A PdTakings made from tallies per day instead of from orders. NULL for
 * a range pd_takings_new_for_orders() refuses. */
PdTakingsBuilder *_pd_takings_builder_new       (const GDate            *from,
                                                 const GDate            *to,
                                                 PdTakingsBy             by);
/* @day: the day's offset from the range's first; @asset_id compared
 * without case, @symbol used when the asset has none yet. */
void              _pd_takings_builder_add_tally (PdTakingsBuilder       *builder,
                                                 guint                   day,
                                                 const char             *asset_id,
                                                 const char             *symbol,
                                                 const PdTakingsTally   *tally);
void              _pd_takings_builder_add_paid  (PdTakingsBuilder       *builder,
                                                 PdOrder                *order);
/* Frees @builder. (transfer full) */
PdTakings        *_pd_takings_builder_finish    (PdTakingsBuilder       *builder);

G_END_DECLS
