/* pd-order-page.h: one order, its QR code, link, state and history
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-application.h"
#include "pd-qr-paintable.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_ORDER_PAGE (pd_order_page_get_type ())

/* Shows #PdOrderPage:order and offers the order.* actions: copy-link,
 * copy-qr, save-qr, share-email, open-link, check-now (activates
 * app.check-order of #PdOrderPage:application with the order's row id),
 * duplicate (then win.show-order with the new row id) and cancel.
 * Changes to the order are shown in place; #PdOrderPage:store provides
 * its history and receives duplicates and cancellations. */
G_DECLARE_FINAL_TYPE (PdOrderPage, pd_order_page, PD, ORDER_PAGE, GtkWidget)

GtkWidget     *pd_order_page_new              (void);
PdOrder       *pd_order_page_get_order        (PdOrderPage  *self);
void           pd_order_page_set_order        (PdOrderPage  *self,
                                               PdOrder      *order);
PdStore       *pd_order_page_get_store        (PdOrderPage  *self);
void           pd_order_page_set_store        (PdOrderPage  *self,
                                               PdStore      *store);
PdApplication *pd_order_page_get_application  (PdOrderPage   *self);
void           pd_order_page_set_application  (PdOrderPage   *self,
                                               PdApplication *application);
PdQrPaintable *pd_order_page_get_qr_paintable (PdOrderPage  *self);
/* FALSE and @error when @path is one of the ledger's files. */
gboolean       pd_order_page_check_output_path (PdOrderPage *self,
                                               const char   *path,
                                               GError      **error);
/* What order.save-qr does once a file is chosen: PNG or SVG by the
 * name's extension. */
gboolean       pd_order_page_save_qr          (PdOrderPage  *self,
                                               const char   *path,
                                               GError      **error);
/* What order.duplicate does, without showing the new order; returns it. */
PdOrder       *pd_order_page_duplicate        (PdOrderPage  *self,
                                               GError      **error);

G_END_DECLS
