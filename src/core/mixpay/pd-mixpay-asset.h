/* pd-mixpay-asset.h: MixPay's quote and settlement assets
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One entry of setting/quote_assets or setting/settlement_assets.
 * Read-only; strings are NULL when absent. */
typedef struct
{
  /*< private >*/
  gatomicrefcount ref_count;

  /*< public >*/
  char     *asset_id;
  char     *symbol;
  char     *name;             /* settlement assets only */
  char     *network;          /* settlement assets only */
  char     *icon_url;
  char     *min_quote_amount; /* quote assets only, a decimal */
  char     *max_quote_amount; /* quote assets only, a decimal */
  int       decimal_digit;    /* quote assets only; -1 when absent */
  gboolean  is_asset;         /* FALSE for fiat such as "usd" */
  char     *chain_asset_id;
  char     *chain_symbol;
  char     *chain_name;
  gboolean  has_is_available; /* settlement assets asked with a quote */
  gboolean  is_available;
} PdMixpayAsset;

#define PD_TYPE_MIXPAY_ASSET (pd_mixpay_asset_get_type ())

GType          pd_mixpay_asset_get_type     (void) G_GNUC_CONST;
PdMixpayAsset *pd_mixpay_asset_ref          (PdMixpayAsset *self);
void           pd_mixpay_asset_unref        (PdMixpayAsset *self);
GPtrArray     *pd_mixpay_assets_parse       (const char    *body,
                                             gsize          length,
                                             GError       **error);

typedef enum
{
  PD_QUOTE_AMOUNT_WITHIN_LIMITS,
  PD_QUOTE_AMOUNT_BELOW_MINIMUM,
  PD_QUOTE_AMOUNT_ABOVE_MAXIMUM,
} PdQuoteAmountCheck;

PdMixpayAsset *pd_mixpay_assets_find       (GPtrArray     *assets,
                                             const char    *asset_id);

PdQuoteAmountCheck pd_mixpay_asset_check_quote_amount (const PdMixpayAsset  *self,
                                                       const char           *amount,
                                                       char                **limit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdMixpayAsset, pd_mixpay_asset_unref)

G_END_DECLS
