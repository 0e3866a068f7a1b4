/* pd-order-private.h: what only the ledger may change on an order
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-order.h"

G_BEGIN_DECLS

/* The row id in the store; set by PdStore when it inserts or loads. */
void _pd_order_set_id (PdOrder *self,
                       gint64   id);

/* Filling a new order, that no one else holds yet, from a row of the
 * ledger: the setters skip their notifications in between. */
void _pd_order_begin_load (PdOrder *self);
void _pd_order_end_load   (PdOrder *self);

G_END_DECLS
