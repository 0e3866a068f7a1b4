/* pd-asset-list.c: MixPay's asset lists for the app, and their cache
 *
 * The lists are cached in the ledger in MixPay's own envelope, so reading
 * the cache goes through the same parser as an answer from the network.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pd-asset-list.h"
#include "pd-paylink.h"

struct _PdAssetItem
{
  GObject        parent_instance;

  PdMixpayAsset *asset;     /* NULL when unlisted */
  char          *asset_id;
  char          *label;
};

G_DEFINE_FINAL_TYPE (PdAssetItem, pd_asset_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ASSET_ID,
  PROP_SYMBOL,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the merchant recognises an asset by besides its symbol: its name
 * (settlement assets), else the chain it lives on (quote assets). */
static char *
describe_asset (PdMixpayAsset *asset)
{
  const char *symbol = asset->symbol != NULL ? asset->symbol : asset->asset_id;

  if (asset->name != NULL && asset->network != NULL &&
      g_strcmp0 (asset->name, asset->network) != 0)
    /* Translators: an asset: symbol — name (network), e.g. "USDT — Tether USD (Ethereum)" */
    return g_strdup_printf (_("%s — %s (%s)"), symbol, asset->name, asset->network);
  if (asset->name != NULL)
    /* Translators: an asset: symbol — name, e.g. "BTC — Bitcoin" */
    return g_strdup_printf (_("%s — %s"), symbol, asset->name);
  if (!asset->is_asset)
    /* Translators: a currency that is not a crypto asset, e.g. "USD — currency" */
    return g_strdup_printf (_("%s — currency"), symbol);
  if (asset->chain_name != NULL && g_strcmp0 (asset->chain_name, symbol) != 0)
    /* Translators: a crypto asset and the asset of its chain, e.g. "USDT — Ether chain" */
    return g_strdup_printf (_("%s — %s chain"), symbol, asset->chain_name);

  return g_strdup (symbol);
}

static void
pd_asset_item_finalize (GObject *object)
{
  PdAssetItem *self = PD_ASSET_ITEM (object);

  g_clear_pointer (&self->asset, pd_mixpay_asset_unref);
  g_free (self->asset_id);
  g_free (self->label);

  G_OBJECT_CLASS (pd_asset_item_parent_class)->finalize (object);
}

static void
pd_asset_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PdAssetItem *self = PD_ASSET_ITEM (object);

  switch (prop_id)
    {
    case PROP_ASSET_ID:
      g_value_set_string (value, self->asset_id);
      break;
    case PROP_SYMBOL:
      g_value_set_string (value, pd_asset_item_get_symbol (self));
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_asset_item_class_init (PdAssetItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_asset_item_finalize;
  object_class->get_property = pd_asset_item_get_property;

  properties[PROP_ASSET_ID] =
    g_param_spec_string ("asset-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYMBOL] =
    g_param_spec_string ("symbol", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What a list shows for it. */
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_asset_item_init (PdAssetItem *self)
{
}

PdAssetItem *
pd_asset_item_new (PdMixpayAsset *asset)
{
  return pd_asset_item_new_named (asset, NULL);
}

/* Quote assets come without a name: @named_like, the same asset from the
 * settlement list, lends it one. */
PdAssetItem *
pd_asset_item_new_named (PdMixpayAsset *asset,
                         PdMixpayAsset *named_like)
{
  PdAssetItem *self;

  g_return_val_if_fail (asset != NULL, NULL);

  self = g_object_new (PD_TYPE_ASSET_ITEM, NULL);
  self->asset = pd_mixpay_asset_ref (asset);
  self->asset_id = g_strdup (asset->asset_id);
  self->label = describe_asset (asset->name == NULL && named_like != NULL ? named_like : asset);

  return self;
}

PdAssetItem *
pd_asset_item_new_unlisted (const char *asset_id)
{
  PdAssetItem *self;

  g_return_val_if_fail (asset_id != NULL, NULL);

  self = g_object_new (PD_TYPE_ASSET_ITEM, NULL);
  self->asset_id = g_strdup (asset_id);
  /* Translators: an asset ID that MixPay's list does not have */
  self->label = g_strdup_printf (_("%s (not in MixPay’s list)"), asset_id);

  return self;
}

const char *
pd_asset_item_get_asset_id (PdAssetItem *self)
{
  g_return_val_if_fail (PD_IS_ASSET_ITEM (self), NULL);

  return self->asset_id;
}

const char *
pd_asset_item_get_symbol (PdAssetItem *self)
{
  g_return_val_if_fail (PD_IS_ASSET_ITEM (self), NULL);

  return self->asset != NULL ? self->asset->symbol : NULL;
}

const char *
pd_asset_item_get_label (PdAssetItem *self)
{
  g_return_val_if_fail (PD_IS_ASSET_ITEM (self), NULL);

  return self->label;
}

guint
pd_asset_item_get_decimals (PdAssetItem *self)
{
  g_return_val_if_fail (PD_IS_ASSET_ITEM (self), PD_PAYLINK_DEFAULT_DECIMALS);

  if (self->asset == NULL || self->asset->decimal_digit < 0)
    return PD_PAYLINK_DEFAULT_DECIMALS;

  return self->asset->decimal_digit;
}

/* The cache */

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_asset (JsonBuilder   *builder,
           PdMixpayAsset *asset)
{
  json_builder_begin_object (builder);
  add_string_member (builder, "assetId", asset->asset_id);
  add_string_member (builder, "symbol", asset->symbol);
  add_string_member (builder, "name", asset->name);
  add_string_member (builder, "network", asset->network);
  add_string_member (builder, "iconUrl", asset->icon_url);
  add_string_member (builder, "minQuoteAmount", asset->min_quote_amount);
  add_string_member (builder, "maxQuoteAmount", asset->max_quote_amount);
  if (asset->decimal_digit >= 0)
    {
      json_builder_set_member_name (builder, "decimalDigit");
      json_builder_add_int_value (builder, asset->decimal_digit);
    }
  json_builder_set_member_name (builder, "isAsset");
  json_builder_add_boolean_value (builder, asset->is_asset);
  if (asset->has_is_available)
    {
      json_builder_set_member_name (builder, "isAvailable");
      json_builder_add_boolean_value (builder, asset->is_available);
    }
  if (asset->chain_asset_id != NULL)
    {
      json_builder_set_member_name (builder, "chainAsset");
      json_builder_begin_object (builder);
      add_string_member (builder, "id", asset->chain_asset_id);
      add_string_member (builder, "symbol", asset->chain_symbol);
      add_string_member (builder, "name", asset->chain_name);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

char *
pd_asset_list_to_json (GPtrArray *assets)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (assets != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, "");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint i = 0; i < assets->len; i++)
    add_asset (builder, g_ptr_array_index (assets, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
pd_asset_list_save (PdStore          *store,
                    PdAssetListKind   kind,
                    GPtrArray        *assets,
                    GError          **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (assets != NULL, FALSE);

  json = pd_asset_list_to_json (assets);
  if (!pd_store_set_asset_list (store, kind, json, g_get_real_time () / G_USEC_PER_SEC, error))
    return FALSE;

  /* Orders that paydesk-cli recorded without their symbol show it. */
  if (kind == PD_ASSET_LIST_QUOTE)
    pd_asset_cache_name_orders (store, assets);
  return TRUE;
}
