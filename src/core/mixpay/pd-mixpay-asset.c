/* pd-mixpay-asset.c: entries of MixPay's asset lists
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pd-decimal.h"
#include "pd-mixpay-asset.h"
#include "pd-mixpay-error.h"

/* No asset has more decimals than this; a larger decimalDigit is junk. */
#define MAX_DECIMAL_DIGIT 30

G_DEFINE_BOXED_TYPE (PdMixpayAsset, pd_mixpay_asset,
                     pd_mixpay_asset_ref, pd_mixpay_asset_unref)

/**
 * pd_mixpay_assets_find:
 * @assets: (nullable) (element-type PdMixpayAsset): a list
 * @asset_id: (nullable): an asset ID, in any case
 *
 * Returns: (transfer none) (nullable): the entry of @asset_id
 */
PdMixpayAsset *
pd_mixpay_assets_find (GPtrArray  *assets,
                       const char *asset_id)
{
  if (assets == NULL || asset_id == NULL)
    return NULL;

  for (guint i = 0; i < assets->len; i++)
    {
      PdMixpayAsset *asset = g_ptr_array_index (assets, i);

      if (g_ascii_strcasecmp (asset->asset_id, asset_id) == 0)
        return asset;
    }

  return NULL;
}

/* A limit MixPay gives, normalized; NULL when it gives none (absent,
 * malformed or zero). */
static char *
dup_limit (const char *limit)
{
  if (!pd_decimal_is_valid (limit) || pd_decimal_is_zero (limit))
    return NULL;

  return pd_decimal_normalize (limit);
}

/**
 * pd_mixpay_asset_check_quote_amount:
 * @self: a quote asset
 * @amount: a valid decimal
 * @limit: (out) (optional) (transfer full): the limit @amount passes,
 *   normalized, when it passes one
 *
 * MixPay refuses a price outside its quote asset's limits only once the
 * payer opens the link; the app and paydesk-cli say so when the price is
 * typed, each in its own words. Compared as exact decimals.
 */
PdQuoteAmountCheck
pd_mixpay_asset_check_quote_amount (const PdMixpayAsset  *self,
                                    const char           *amount,
                                    char                **limit)
{
  g_autofree char *minimum = NULL;
  g_autofree char *maximum = NULL;

  g_return_val_if_fail (self != NULL, PD_QUOTE_AMOUNT_WITHIN_LIMITS);
  g_return_val_if_fail (pd_decimal_is_valid (amount), PD_QUOTE_AMOUNT_WITHIN_LIMITS);

  minimum = dup_limit (self->min_quote_amount);
  maximum = dup_limit (self->max_quote_amount);

  if (minimum != NULL && pd_decimal_compare (amount, minimum) < 0)
    {
      if (limit != NULL)
        *limit = g_steal_pointer (&minimum);
      return PD_QUOTE_AMOUNT_BELOW_MINIMUM;
    }

  if (maximum != NULL && pd_decimal_compare (amount, maximum) > 0)
    {
      if (limit != NULL)
        *limit = g_steal_pointer (&maximum);
      return PD_QUOTE_AMOUNT_ABOVE_MAXIMUM;
    }

  return PD_QUOTE_AMOUNT_WITHIN_LIMITS;
}

PdMixpayAsset *
pd_mixpay_asset_ref (PdMixpayAsset *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
pd_mixpay_asset_unref (PdMixpayAsset *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->asset_id);
  g_free (self->symbol);
  g_free (self->name);
  g_free (self->network);
  g_free (self->icon_url);
  g_free (self->min_quote_amount);
  g_free (self->max_quote_amount);
  g_free (self->chain_asset_id);
  g_free (self->chain_symbol);
  g_free (self->chain_name);
  g_free (self);
}

static gboolean
set_item_error (GError     **error,
                const char  *prefix,
                guint        index,
                const char  *field,
                const char  *problem)
{
  g_set_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
               /* TRANSLATORS: "data[2].assetId: not a string" or
                * "data[2].chainAsset.id: not a string" */
               _("data[%u].%s%s: %s"), index, prefix, field, problem);
  return FALSE;
}

/* Reads an optional string member; "" and null mean absent. */
static gboolean
read_string (JsonObject  *object,
             const char  *member,
             gboolean     is_amount,
             char       **out,
             const char  *prefix,
             guint        index,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return set_item_error (error, prefix, index, member, _("not a string"));

  text = json_node_get_string (node);
  if (text[0] == '\0')
    return TRUE;

  if (is_amount && !pd_decimal_is_valid (text))
    return set_item_error (error, prefix, index, member, _("not a plain decimal amount"));

  *out = g_strdup (text);

  return TRUE;
}

/* isAsset comes as 0/1 in quote_assets and as a boolean in
 * settlement_assets; both are accepted. */
static gboolean
read_flag (JsonObject  *object,
           const char  *member,
           gboolean    *has_value,
           gboolean    *out,
           const char  *prefix,
           guint        index,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    *out = json_node_get_boolean (node);
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
           (json_node_get_int (node) == 0 || json_node_get_int (node) == 1))
    *out = json_node_get_int (node) == 1;
  else
    return set_item_error (error, prefix, index, member, _("not a boolean"));

  if (has_value != NULL)
    *has_value = TRUE;

  return TRUE;
}

static gboolean
read_decimal_digit (JsonObject     *object,
                    PdMixpayAsset  *asset,
                    guint           index,
                    GError        **error)
{
  JsonNode *node = json_object_get_member (object, "decimalDigit");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return set_item_error (error, "", index, "decimalDigit", _("not an integer"));

  if (json_node_get_int (node) < 0 || json_node_get_int (node) > MAX_DECIMAL_DIGIT)
    return set_item_error (error, "", index, "decimalDigit", _("out of range"));

  asset->decimal_digit = (int) json_node_get_int (node);

  return TRUE;
}

static gboolean
read_chain_asset (JsonObject     *object,
                  PdMixpayAsset  *asset,
                  guint           index,
                  GError        **error)
{
  JsonNode *node = json_object_get_member (object, "chainAsset");
  JsonObject *chain;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_item_error (error, "", index, "chainAsset", _("not an object"));

  chain = json_node_get_object (node);

  return read_string (chain, "id", FALSE, &asset->chain_asset_id, "chainAsset.", index, error) &&
         read_string (chain, "symbol", FALSE, &asset->chain_symbol, "chainAsset.", index, error) &&
         read_string (chain, "name", FALSE, &asset->chain_name, "chainAsset.", index, error);
}

static PdMixpayAsset *
asset_new_from_node (JsonNode  *node,
                     guint      index,
                     GError   **error)
{
  g_autoptr(PdMixpayAsset) asset = g_new0 (PdMixpayAsset, 1);
  JsonObject *object;

  g_atomic_ref_count_init (&asset->ref_count);
  asset->decimal_digit = -1;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                   _("data[%u]: not an object"), index);
      return NULL;
    }

  object = json_node_get_object (node);

  if (!read_string (object, "assetId", FALSE, &asset->asset_id, "", index, error) ||
      !read_string (object, "symbol", FALSE, &asset->symbol, "", index, error) ||
      !read_string (object, "name", FALSE, &asset->name, "", index, error) ||
      !read_string (object, "network", FALSE, &asset->network, "", index, error) ||
      !read_string (object, "iconUrl", FALSE, &asset->icon_url, "", index, error) ||
      !read_string (object, "minQuoteAmount", TRUE, &asset->min_quote_amount, "", index, error) ||
      !read_string (object, "maxQuoteAmount", TRUE, &asset->max_quote_amount, "", index, error) ||
      !read_decimal_digit (object, asset, index, error) ||
      !read_flag (object, "isAsset", NULL, &asset->is_asset, "", index, error) ||
      !read_flag (object, "isAvailable", &asset->has_is_available, &asset->is_available,
                  "", index, error) ||
      !read_chain_asset (object, asset, index, error))
    return NULL;

  if (asset->asset_id == NULL)
    {
      set_item_error (error, "", index, "assetId", _("missing"));
      return NULL;
    }

  return g_steal_pointer (&asset);
}

/**
 * pd_mixpay_assets_parse:
 * @body: a whole setting/quote_assets or setting/settlement_assets answer
 *
 * Returns: (transfer container) (element-type PdMixpayAsset): the assets,
 *   or %NULL with a %PD_MIXPAY_ERROR set
 */
GPtrArray *
pd_mixpay_assets_parse (const char  *body,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(PdMixpayEnvelope) envelope = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  JsonArray *array;

  envelope = pd_mixpay_envelope_parse (body, length, NULL, error);
  if (envelope == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (envelope->data))
    {
      g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED,
                           _("data: not an array"));
      return NULL;
    }

  array = json_node_get_array (envelope->data);
  assets = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_mixpay_asset_unref);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      PdMixpayAsset *asset = asset_new_from_node (json_array_get_element (array, i), i, error);

      if (asset == NULL)
        return NULL;

      g_ptr_array_add (assets, asset);
    }

  return g_steal_pointer (&assets);
}
