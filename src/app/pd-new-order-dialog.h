/* pd-new-order-dialog.h: the form that creates an order
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-application.h"

G_BEGIN_DECLS

#define PD_TYPE_NEW_ORDER_DIALOG (pd_new_order_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdNewOrderDialog, pd_new_order_dialog, PD, NEW_ORDER_DIALOG, AdwWindow)

PdNewOrderDialog *pd_new_order_dialog_new        (PdApplication    *application);
/* Whether every field holds a value a link can be built from. */
gboolean          pd_new_order_dialog_is_valid   (PdNewOrderDialog *self);
/* What the Create button does. */
void              pd_new_order_dialog_create     (PdNewOrderDialog *self);

G_END_DECLS
