/* pd-order-status.c: how the app marks an order's state
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-order-status.h"

static const char * const css_classes[] = {
  [PD_ORDER_STATE_UNPAID] = "pd-state-unpaid",
  [PD_ORDER_STATE_CONFIRMING] = "pd-state-confirming",
  [PD_ORDER_STATE_PAID_LESS] = "pd-state-paid-less",
  [PD_ORDER_STATE_PENDING] = "pd-state-pending",
  [PD_ORDER_STATE_AUDITING] = "pd-state-auditing",
  [PD_ORDER_STATE_PAID] = "pd-state-paid",
  [PD_ORDER_STATE_FAILED] = "pd-state-failed",
  [PD_ORDER_STATE_MISMATCH] = "pd-state-mismatch",
  [PD_ORDER_STATE_UNKNOWN] = "pd-state-unknown",
  [PD_ORDER_STATE_CANCELLED] = "pd-state-cancelled",
};

G_STATIC_ASSERT (G_N_ELEMENTS (css_classes) == PD_ORDER_STATE_LAST + 1);

const char *
pd_order_status_get_css_class (PdOrderState state)
{
  g_return_val_if_fail (state <= PD_ORDER_STATE_LAST, "pd-state-unknown");

  return css_classes[state];
}

gboolean
pd_order_status_is_warning (PdOrderState state)
{
  return state == PD_ORDER_STATE_MISMATCH || state == PD_ORDER_STATE_UNKNOWN;
}

gboolean
pd_order_status_order_is_warning (PdOrder *order)
{
  g_return_val_if_fail (PD_IS_ORDER (order), FALSE);

  return pd_order_status_is_warning (pd_order_get_state (order)) || pd_order_has_mismatch (order);
}

static char *
dup_amount_with_symbol (const char *amount,
                        const char *symbol)
{
  if (symbol == NULL)
    return g_strdup (amount);

  /* TRANSLATORS: an amount and its asset, such as "10 USDT" */
  return g_strdup_printf (C_("amount", "%s %s"), amount, symbol);
}

/**
 * pd_order_status_dup_mailto_uri:
 *
 * Returns: (transfer full): a mailto: URI with no recipient, whose
 *   subject and body give the amount, the order ID and the link
 */
char *
pd_order_status_dup_mailto_uri (PdOrder *order)
{
  g_autofree char *amount = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *subject_escaped = NULL;
  g_autofree char *body_escaped = NULL;

  g_return_val_if_fail (PD_IS_ORDER (order), NULL);

  amount = dup_amount_with_symbol (pd_order_get_quote_amount (order),
                                   pd_order_get_quote_symbol (order));
  subject = g_strdup_printf (_("Payment of %s, order %s"), amount, pd_order_get_order_id (order));
  body = g_strdup_printf (_("Please pay %s for order %s with MixPay:\n\n%s\n"),
                          amount, pd_order_get_order_id (order), pd_order_get_link (order));
  /* Nothing reserved left as it is: the link's & and = stay in the body. */
  subject_escaped = g_uri_escape_string (subject, NULL, FALSE);
  body_escaped = g_uri_escape_string (body, NULL, FALSE);

  return g_strdup_printf ("mailto:?subject=%s&body=%s", subject_escaped, body_escaped);
}
