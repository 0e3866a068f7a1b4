/* pd-mixpay-asset.c: entries of MixPay's asset lists
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pd-decimal.h"
#include "pd-mixpay-client.h"

/* No asset has more decimals than this; a larger decimalDigit is junk. */
#define MAX_DECIMAL_DIGIT 30

G_DEFINE_BOXED_TYPE (PdMixpayAsset, pd_mixpay_asset,
                     pd_mixpay_asset_ref, pd_mixpay_asset_unref)

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
