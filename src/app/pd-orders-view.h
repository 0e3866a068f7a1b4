/* pd-orders-view.h: every order in a sortable, searchable table
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-order-list.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_ORDERS_VIEW (pd_orders_view_get_type ())

/* The orders of #PdOrdersView:store in a GtkColumnView, newest first
 * unless a column is sorted, narrowed by #PdOrdersView:group and the
 * search bar. Rows follow their PdOrder in place; selecting one sets
 * #PdOrdersView:selected-order. */
G_DECLARE_FINAL_TYPE (PdOrdersView, pd_orders_view, PD, ORDERS_VIEW, GtkWidget)

GtkWidget    *pd_orders_view_new                (void);
PdStore      *pd_orders_view_get_store          (PdOrdersView *self);
void          pd_orders_view_set_store          (PdOrdersView *self,
                                                 PdStore      *store);
/* NULL until a store is set. */
PdOrderList  *pd_orders_view_get_order_list     (PdOrdersView *self);
PdOrderGroup  pd_orders_view_get_group          (PdOrdersView *self);
void          pd_orders_view_set_group          (PdOrdersView *self,
                                                 PdOrderGroup  group);
const char   *pd_orders_view_get_search_text    (PdOrdersView *self);
void          pd_orders_view_set_search_text    (PdOrdersView *self,
                                                 const char   *text);
void          pd_orders_view_start_search       (PdOrdersView *self);
PdOrder      *pd_orders_view_get_selected_order (PdOrdersView *self);
/* Selects @order, clearing the filter and the search when they hide it;
 * FALSE when the order is not in the ledger's list at all. */
gboolean      pd_orders_view_select_order       (PdOrdersView *self,
                                                 PdOrder      *order);
/* The orders as shown: filtered, searched and sorted. (transfer full) */
GPtrArray    *pd_orders_view_dup_shown_orders   (PdOrdersView *self);

G_END_DECLS
