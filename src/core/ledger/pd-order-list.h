/* pd-order-list.h: the orders of a ledger as a filtered GListModel
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-order-state.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_ORDER_LIST (pd_order_list_get_type ())

/* A GListModel of PdOrder, newest first, of the orders of a PdStore in
 * one state group whose order ID, note or amount contains the search
 * text (case-insensitive). Loaded with one query; filtering runs over
 * the loaded objects, so it stays fast for 100,000 orders. Orders the
 * store adds appear at once; an order the store changes is filtered
 * again. No GTK: the app wraps it in its own sorters and selections. */
G_DECLARE_FINAL_TYPE (PdOrderList, pd_order_list, PD, ORDER_LIST, GObject)

PdOrderList  *pd_order_list_new             (PdStore       *store,
                                             GError       **error);
PdStore      *pd_order_list_get_store       (PdOrderList   *self);
PdOrderGroup  pd_order_list_get_group       (PdOrderList   *self);
void          pd_order_list_set_group       (PdOrderList   *self,
                                             PdOrderGroup   group);
const char   *pd_order_list_get_search_text (PdOrderList   *self);
void          pd_order_list_set_search_text (PdOrderList   *self,
                                             const char    *text);
/* Both at once, with one ::items-changed. */
void          pd_order_list_set_filter      (PdOrderList   *self,
                                             PdOrderGroup   group,
                                             const char    *text);
/* Every loaded order, whatever the filter. */
guint         pd_order_list_get_n_total     (PdOrderList   *self);
/* The @position'th of them, newest first. (transfer none) */
PdOrder      *pd_order_list_get_total_order (PdOrderList   *self,
                                             guint          position);

G_END_DECLS
