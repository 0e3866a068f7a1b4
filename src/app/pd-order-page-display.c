/* pd-order-page-display.c: the order page's Show to Customer action
 *
 * Kept apart from pd-order-page.c, which only installs the action and
 * has the button and the shortcut (Ctrl+D).
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-customer-display.h"
#include "pd-order-page-display.h"

static void
show_to_customer_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  PdOrder *order = pd_order_page_get_order (self);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (order == NULL || !GTK_IS_WINDOW (root))
    return;

  pd_customer_display_show (GTK_WINDOW (root), order);
}

void
pd_order_page_update_display_actions (PdOrderPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.show-to-customer",
                                 pd_order_page_get_order (self) != NULL);
}

void
pd_order_page_class_add_display_actions (GtkWidgetClass *widget_class)
{
  /* Reachable by name for the UI tests (gtk_widget_get_template_child). */
  gtk_widget_class_bind_template_child_full (widget_class, "show_to_customer_button", FALSE, 0);
  gtk_widget_class_install_action (widget_class, "order.show-to-customer", NULL,
                                   show_to_customer_action);
}
