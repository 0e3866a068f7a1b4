/* pd-order-draft.c: new orders, from form values or from another order
 *
 * The one place the app and paydesk-cli make an order, so that both
 * fill in the same fields the same way.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-decimal.h"
#include "pd-order-draft.h"
#include "pd-paylink.h"

/**
 * pd_order_draft_build:
 *
 * Returns: (transfer full): the order @draft describes
 */
PdOrder *
pd_order_draft_build (const PdOrderDraft *draft,
                      gint64              now)
{
  g_autoptr(PdOrder) order = pd_order_new ();
  g_autofree char *order_id = NULL;
  g_autofree char *trace_id = pd_paylink_generate_trace_id ();
  g_autofree char *amount = NULL;

  g_return_val_if_fail (draft != NULL, NULL);

  if (draft->order_id != NULL)
    order_id = g_strdup (draft->order_id);
  else
    order_id = pd_paylink_generate_order_id ();
  if (draft->quote_amount != NULL)
    amount = pd_decimal_normalize (draft->quote_amount);

  /* The setters store "" as NULL. */
  pd_order_set_order_id (order, order_id);
  pd_order_set_payee_id (order, draft->payee_id);
  pd_order_set_settlement_asset_id (order, draft->settlement_asset_id);
  pd_order_set_quote_asset_id (order, draft->quote_asset_id);
  pd_order_set_quote_symbol (order, draft->quote_symbol);
  pd_order_set_quote_amount (order, amount);
  pd_order_set_return_to (order, draft->return_to);
  pd_order_set_remark (order, draft->remark);
  pd_order_set_note (order, draft->note);
  pd_order_set_trace_id (order, trace_id);
  pd_order_set_created_at (order, now);
  if (draft->expiry_minutes > 0)
    pd_order_set_expires_at (order, now + (gint64) draft->expiry_minutes * 60);

  return g_steal_pointer (&order);
}

/**
 * pd_order_new_duplicate:
 *
 * Returns: (transfer full): the new order, or %NULL and @error when its
 *   paylink cannot be built
 */
PdOrder *
pd_order_new_duplicate (PdOrder     *original,
                        const char  *pay_base,
                        gint64       now,
                        GError     **error)
{
  g_autoptr(PdOrder) copy = pd_order_new ();
  g_autofree char *order_id = pd_paylink_generate_order_id ();
  g_autofree char *trace_id = pd_paylink_generate_trace_id ();

  g_return_val_if_fail (PD_IS_ORDER (original), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pd_order_set_order_id (copy, order_id);
  pd_order_set_trace_id (copy, trace_id);
  pd_order_set_payee_id (copy, pd_order_get_payee_id (original));
  pd_order_set_settlement_asset_id (copy, pd_order_get_settlement_asset_id (original));
  pd_order_set_quote_asset_id (copy, pd_order_get_quote_asset_id (original));
  pd_order_set_quote_symbol (copy, pd_order_get_quote_symbol (original));
  pd_order_set_quote_amount (copy, pd_order_get_quote_amount (original));
  pd_order_set_return_to (copy, pd_order_get_return_to (original));
  pd_order_set_remark (copy, pd_order_get_remark (original));
  pd_order_set_note (copy, pd_order_get_note (original));
  pd_order_set_created_at (copy, now);

  if (pd_order_get_expires_at (original) > pd_order_get_created_at (original))
    pd_order_set_expires_at (copy, now + pd_order_get_expires_at (original) -
                                   pd_order_get_created_at (original));

  if (!pd_order_build_paylink (copy, pay_base, error))
    return NULL;

  return g_steal_pointer (&copy);
}
