/* pd-order-page-invoice.h: the order page's invoice and receipt actions
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-invoice.h"
#include "pd-order-page.h"

G_BEGIN_DECLS

/* Installs order.print-invoice, order.save-invoice-pdf,
 * order.save-receipt-pdf, order.email-invoice, order.copy-invoice-text
 * and order.copy-reminder-text (paid_less only). */
void     pd_order_page_class_add_invoice_actions (GtkWidgetClass     *widget_class);
/* Enables them for the page's order and its state. */
void     pd_order_page_update_invoice_actions    (PdOrderPage        *self);

/* What Save as PDF and Email Invoice write: the document of @kind for
 * the page's order, in the app's language. */
gboolean pd_order_page_write_document            (PdOrderPage        *self,
                                                  PdInvoiceKind       kind,
                                                  const char         *path,
                                                  GError            **error);
/* What Print Invoice… runs: one page drawn by pd_invoice_render() on the
 * app's paper size; NULL when the invoice cannot be made. */
GtkPrintOperation *pd_order_page_create_print_operation (PdOrderPage  *self,
                                                         GError      **error);
/* Where Email Invoice saves the PDF first: the documents folder, or
 * the cache folder when there is none. */
char    *pd_order_page_dup_email_pdf_path        (PdOrderPage        *self);

G_END_DECLS
