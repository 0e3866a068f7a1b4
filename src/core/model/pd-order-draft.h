/* pd-order-draft.h: new orders, from form values or from another order
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-order.h"

G_BEGIN_DECLS

/* What the New Order dialog and `paydesk-cli new` ask for. Strings are
 * borrowed; NULL or "" is "none" unless said otherwise. */
typedef struct
{
  const char *order_id;             /* NULL: a new one */
  const char *payee_id;
  const char *settlement_asset_id;
  const char *quote_asset_id;
  const char *quote_symbol;
  const char *quote_amount;         /* as typed: normalised here */
  const char *return_to;
  const char *remark;
  const char *note;
  guint       expiry_minutes;       /* 0: no deadline */
} PdOrderDraft;

/* A new order, not yet stored and without a link, created at @now (Unix
 * seconds) with a new trace ID. */
PdOrder *pd_order_draft_build   (const PdOrderDraft  *draft,
                                 gint64               now);

/* A new order with the payee, assets, amount, return page, remark and
 * note of @original, new order and trace IDs, the same time to pay, and
 * a paylink to @pay_base (NULL: MixPay's): a one-time link needs MixPay
 * at creation, a paylink works offline. Not stored. */
PdOrder *pd_order_new_duplicate (PdOrder             *original,
                                 const char          *pay_base,
                                 gint64               now,
                                 GError             **error);

G_END_DECLS
