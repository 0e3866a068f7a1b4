/* pd-asset-cache.h: MixPay's asset lists as the ledger caches them
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-mixpay-client.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* (transfer container): NULL without an error when nothing is cached. */
GPtrArray *pd_asset_cache_load        (PdStore          *store,
                                       PdAssetListKind   kind,
                                       GError          **error);
/* Orders recorded without their quote asset's symbol take it from
 * @quote_assets, or from the cached quote list when it is NULL; see
 * pd_store_set_quote_symbols(). */
void       pd_asset_cache_name_orders (PdStore          *store,
                                       GPtrArray        *quote_assets);

G_END_DECLS
