/* pd-customer-display.h: the window the customer sees at the counter
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-order.h"
#include "pd-qr-paintable.h"

G_BEGIN_DECLS

/* What the customer display shows for an order. */
typedef enum
{
  PD_CUSTOMER_SCREEN_PAY,         /* amount, QR code, "Scan to pay" */
  PD_CUSTOMER_SCREEN_CONFIRMING,  /* a payment was seen, not yet final */
  PD_CUSTOMER_SCREEN_PAID,        /* verified: paid, nothing mismatched */
  PD_CUSTOMER_SCREEN_WAIT,        /* the merchant must look at it first */
  PD_CUSTOMER_SCREEN_CLOSED,      /* failed, cancelled or expired */
  PD_CUSTOMER_SCREEN_IDLE,        /* logo and "Thank you" after a payment */
} PdCustomerScreen;

#define PD_TYPE_CUSTOMER_DISPLAY (pd_customer_display_get_type ())

/* A window without a single control, for the customer: the shop's name
 * and logo, then the screen for #PdCustomerDisplay:order, which it
 * follows live. It never shows the order's note or any other order. Esc
 * closes it, and so does closing the window it is transient for. */
G_DECLARE_FINAL_TYPE (PdCustomerDisplay, pd_customer_display, PD, CUSTOMER_DISPLAY, AdwWindow)

PdCustomerDisplay *pd_customer_display_new            (void);
PdOrder           *pd_customer_display_get_order      (PdCustomerDisplay *self);
void               pd_customer_display_set_order      (PdCustomerDisplay *self,
                                                       PdOrder           *order);
PdCustomerScreen   pd_customer_display_get_screen     (PdCustomerDisplay *self);
/* The sentence of the current screen, as it is announced. */
const char        *pd_customer_display_get_message    (PdCustomerDisplay *self);
PdQrPaintable     *pd_customer_display_get_qr_paintable (PdCustomerDisplay *self);

/* Shows @order on the customer display of @merchant_window, opening it
 * (fullscreen on the customer's monitor when there is one) or reusing
 * the one already open. Returns it (owned by GTK). */
PdCustomerDisplay *pd_customer_display_show           (GtkWindow         *merchant_window,
                                                       PdOrder           *order);
/* The display open for @merchant_window, or NULL. */
PdCustomerDisplay *pd_customer_display_get_for_window (GtkWindow         *merchant_window);

/* The rules, apart from the widgets. An order with a non-empty mismatch
 * list is WAIT whatever its state; PAID only when the state is paid
 * and nothing mismatched; an unpaid order past expires_at (@now, Unix
 * seconds) is CLOSED. Never IDLE: that follows PAID after a delay. */
PdCustomerScreen   pd_customer_display_screen_for_order (PdOrder         *order,
                                                         gint64           now);
/* Which of @n_monitors monitors (their connector names, each may be
 * NULL) the display goes to: @wanted when it is connected, else the
 * first that is not @merchant_monitor (an index, or -1 when not known);
 * -1 for a normal window, as with a single monitor. */
int                pd_customer_display_pick_monitor   (const char * const *connectors,
                                                       guint              n_monitors,
                                                       const char        *wanted,
                                                       int                merchant_monitor);

G_END_DECLS
