/* pd-order-page-private.h: what the files of PdOrderPage share
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-order-page.h"
#include "pd-qr-paintable.h"

G_BEGIN_DECLS

struct _PdOrderPage
{
  GtkWidget        parent_instance;

  PdOrder         *order;
  PdStore         *store;
  PdApplication   *application;
  PdQrPaintable   *qr_paintable;
  GSettings       *settings;
  /* The last MixPay answer in the history: what a mismatch was paid for. */
  char            *last_result_json;
  guint            n_history_rows;

  /* Template widgets */
  GtkScrolledWindow *scrolled_window;
  GtkLabel        *amount_label;
  GtkLabel        *order_id_label;
  GtkLabel        *note_label;
  GtkWidget       *status_box;
  GtkImage        *status_icon;
  GtkLabel        *status_label;
  GtkWidget       *pay_box;
  GtkExpander     *pay_expander;
  GtkPicture      *qr_picture;
  GtkLabel        *link_label;
  GtkWidget       *paid_row;
  GtkLabel        *paid_label;
  GtkWidget       *txid_row;
  GtkLabel        *txid_label;
  GtkLinkButton   *explorer_button;
  GtkWidget       *surplus_row;
  GtkLabel        *surplus_label;
  GtkWidget       *settlement_row;
  GtkLabel        *settlement_label;
  GtkWidget       *remark_row;
  GtkLabel        *remark_label;
  GtkLabel        *created_label;
  GtkWidget       *expires_row;
  GtkLabel        *expires_label;
  GtkWidget       *checked_row;
  GtkLabel        *checked_label;
  GtkListBox      *history_list;
};

/* pd-order-page-actions.c: installs order.copy-link, order.copy-qr,
 * order.save-qr, order.share-email, order.open-link, order.check-now,
 * order.duplicate and order.cancel. */
void _pd_order_page_class_add_actions (GtkWidgetClass *widget_class);
/* Enables them for the page's order, its state and the app's actions. */
void _pd_order_page_update_actions    (PdOrderPage    *self);

G_END_DECLS
