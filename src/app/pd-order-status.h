/* pd-order-status.h: how the app marks an order's state
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-order.h"

G_BEGIN_DECLS

/* "pd-state-paid" and so on: the style class of a state pill. */
const char *pd_order_status_get_css_class     (PdOrderState state);
/* Whether the merchant must not hand over goods for this state yet. */
gboolean    pd_order_status_is_warning        (PdOrderState state);
/* The same for an order: also any order paid through an edited link. */
gboolean    pd_order_status_order_is_warning  (PdOrder    *order);

/* A mailto: URI whose subject and body hold the amount and the link. */
char       *pd_order_status_dup_mailto_uri    (PdOrder    *order);

G_END_DECLS
