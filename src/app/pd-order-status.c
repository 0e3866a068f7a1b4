/* pd-order-status.c: how the app marks an order's state
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-mailto.h"
#include "pd-order-status.h"

/* "pd-state-" and the ledger's name of the state, "paid_less" as
 * "paid-less": style.css names each. */
const char *
pd_order_status_get_css_class (PdOrderState state)
{
  g_autofree char *css_class = NULL;

  g_return_val_if_fail (state <= PD_ORDER_STATE_LAST, "pd-state-unknown");

  css_class = g_strconcat ("pd-state-", pd_order_state_to_string (state), NULL);
  g_strdelimit (css_class, "_", '-');

  return g_intern_string (css_class);
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

  g_return_val_if_fail (PD_IS_ORDER (order), NULL);

  amount = dup_amount_with_symbol (pd_order_get_quote_amount (order),
                                   pd_order_get_quote_symbol (order));
  subject = g_strdup_printf (_("Payment of %s, order %s"), amount, pd_order_get_order_id (order));
  body = g_strdup_printf (_("Please pay %s for order %s with MixPay:\n\n%s\n"),
                          amount, pd_order_get_order_id (order), pd_order_get_link (order));

  return pd_mailto_build (subject, body, NULL);
}
