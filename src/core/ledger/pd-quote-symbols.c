/* pd-quote-symbols.c: the symbol of an order's quote asset, for the
 * orders recorded without one
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-store-private.h"

/* Gives @order the symbol of its quote asset when it was recorded
 * without one; see pd_store_set_quote_symbols(). @symbols: lowercased
 * asset ID → symbol, or NULL. */
void
_pd_store_name_quote_asset (GHashTable *symbols,
                            PdOrder    *order)
{
  const char *symbol = pd_order_get_quote_symbol (order);
  const char *asset_id = pd_order_get_quote_asset_id (order);
  g_autofree char *key = NULL;

  if (symbols == NULL || (symbol != NULL && symbol[0] != '\0') || asset_id == NULL)
    return;

  key = g_ascii_strdown (asset_id, -1);
  symbol = g_hash_table_lookup (symbols, key);
  if (symbol != NULL)
    pd_order_set_quote_symbol (order, symbol);
}
