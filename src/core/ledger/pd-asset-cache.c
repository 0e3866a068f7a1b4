/* pd-asset-cache.c: MixPay's asset lists as the ledger caches them
 *
 * The app fetches MixPay's lists and caches them in the ledger, in the
 * envelope MixPay answers with; the app and paydesk-cli read them back
 * from there, to name orders' assets without the network.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-asset-cache.h"

GPtrArray *
pd_asset_cache_load (PdStore          *store,
                     PdAssetListKind   kind,
                     GError          **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  if (!pd_store_get_asset_list (store, kind, &json, NULL, error))
    return NULL;

  return pd_mixpay_assets_parse (json, strlen (json), error);
}

/* Each listed asset's ID, lowercased, → its symbol. */
static GHashTable *
index_symbols (GPtrArray *assets)
{
  GHashTable *symbols = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < assets->len; i++)
    {
      PdMixpayAsset *asset = g_ptr_array_index (assets, i);

      if (asset->asset_id != NULL && asset->symbol != NULL && asset->symbol[0] != '\0')
        g_hash_table_insert (symbols, g_ascii_strdown (asset->asset_id, -1), g_strdup (asset->symbol));
    }

  return symbols;
}

void
pd_asset_cache_name_orders (PdStore   *store,
                            GPtrArray *quote_assets)
{
  g_autoptr(GPtrArray) cached = NULL;
  g_autoptr(GHashTable) symbols = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PD_IS_STORE (store));

  if (quote_assets == NULL)
    {
      cached = pd_asset_cache_load (store, PD_ASSET_LIST_QUOTE, &error);
      if (cached == NULL)
        {
          if (error != NULL)
            g_debug ("Cannot read the cached quote assets: %s", error->message);
          return;
        }
      quote_assets = cached;
    }

  symbols = index_symbols (quote_assets);
  pd_store_set_quote_symbols (store, symbols);
}
