/* pd-asset-list.h: MixPay's asset lists for the app, and their cache
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-asset-cache.h"

G_BEGIN_DECLS

#define PD_TYPE_ASSET_ITEM (pd_asset_item_get_type ())

/* One asset as a list item, for combo rows: "USDT — Tether USD (Ethereum)". */
G_DECLARE_FINAL_TYPE (PdAssetItem, pd_asset_item, PD, ASSET_ITEM, GObject)

PdAssetItem *pd_asset_item_new           (PdMixpayAsset *asset);
PdAssetItem *pd_asset_item_new_named     (PdMixpayAsset *asset,
                                          PdMixpayAsset *named_like);
/* An asset ID that is not in MixPay's list (or no list yet). */
PdAssetItem *pd_asset_item_new_unlisted  (const char    *asset_id);
const char  *pd_asset_item_get_asset_id  (PdAssetItem   *self);
/* NULL for an unlisted asset. */
const char  *pd_asset_item_get_symbol    (PdAssetItem   *self);
const char  *pd_asset_item_get_label     (PdAssetItem   *self);
/* Decimals an amount may have: the asset's decimalDigit, else the default. */
guint        pd_asset_item_get_decimals  (PdAssetItem   *self);

/* The cache in the ledger: the same envelope MixPay answers with, read
 * back with pd_asset_cache_load(). Saving a quote list names the orders
 * recorded without their asset's symbol (pd_asset_cache_name_orders()). */
char          *pd_asset_list_to_json (GPtrArray        *assets);
gboolean       pd_asset_list_save    (PdStore          *store,
                                      PdAssetListKind   kind,
                                      GPtrArray        *assets,
                                      GError          **error);

G_END_DECLS
