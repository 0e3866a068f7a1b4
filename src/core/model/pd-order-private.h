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

/* How many times the row was written, as this object last read or wrote
 * it: the store writes the row only if it still has that revision. */
gint64 _pd_order_get_revision (PdOrder *self);
void   _pd_order_set_revision (PdOrder *self,
                               gint64   revision);

/* Filling a new order, that no one else holds yet, from a row of the
 * ledger: the setters skip their notifications in between. */
void _pd_order_begin_load (PdOrder *self);
void _pd_order_end_load   (PdOrder *self);

/* Fills the strings of new orders, between _pd_order_begin_load() and
 * _pd_order_end_load(), faster than their setters: values that repeat
 * from one order to the next are shared, and an order's own strings lie
 * in one allocation. @names: the string properties, in the order
 * _pd_order_loader_set_strings() gets their values. */
typedef struct _PdOrderLoader PdOrderLoader;

PdOrderLoader *_pd_order_loader_new         (const char * const *names);
void           _pd_order_loader_set_strings (PdOrderLoader      *loader,
                                             PdOrder            *order,
                                             const char * const *values);
void           _pd_order_loader_free        (PdOrderLoader      *loader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdOrderLoader, _pd_order_loader_free)

/* max(payable − payment, 0) in one asset, whatever the mismatch list
 * says: for the one caller that knows the payable amount is MixPay's own
 * and not an edited link's (pd_mismatch_dup_clause()). */
char *_pd_order_dup_shortfall (PdOrder *self);

G_END_DECLS
