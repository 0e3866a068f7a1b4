/* pd-order-page-display.h: the order page's Show to Customer action
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-order-page.h"

G_BEGIN_DECLS

/* Installs order.show-to-customer: the page's order on the customer
 * display of the page's window (pd-customer-display.h). */
void pd_order_page_class_add_display_actions (GtkWidgetClass *widget_class);
/* Enables it when the page shows an order. */
void pd_order_page_update_display_actions    (PdOrderPage    *self);

G_END_DECLS
