/* pd-takings-index.h: orders filed by the day they count on
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-takings.h"

G_BEGIN_DECLS

/* The orders of a ledger filed by the local day they count on
 * (pd_takings_order_time()), with each day's tallies kept until one of
 * its orders changes. A period's figures then add up the tallies of its
 * days instead of going through every order, and a changed order costs
 * the recount of its day or two. The figures are the same as
 * pd_takings_new_for_orders() over the same orders.
 *
 * The index holds a reference to each order; like the orders, it belongs
 * to one thread. */
typedef struct _PdTakingsIndex PdTakingsIndex;

/* @zone: the zone of local days (NULL: the local time zone) */
PdTakingsIndex *pd_takings_index_new         (GTimeZone       *zone);
void            pd_takings_index_free        (PdTakingsIndex  *self);
/* Files @order, or files it again after it changed (its state, paid_at,
 * mismatch or symbol). */
void            pd_takings_index_add_order   (PdTakingsIndex  *self,
                                              PdOrder         *order);
guint           pd_takings_index_get_n_orders (PdTakingsIndex *self);
/* The figures from @from to @to (inclusive), as
 * pd_takings_new_for_orders() counts them. (transfer full) */
PdTakings      *pd_takings_index_count       (PdTakingsIndex  *self,
                                              const GDate     *from,
                                              const GDate     *to,
                                              PdTakingsBy      by);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTakingsIndex, pd_takings_index_free)

G_END_DECLS
