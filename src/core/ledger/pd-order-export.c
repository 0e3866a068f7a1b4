/* pd-order-export.c: orders as JSON and CSV, for the CLI and the app
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pd-order-export.h"
#include "pd-payment-result.h"

/* The columns of the CSV, in the order of the JSON keys. */
static const char * const columns[] = {
  "order_id", "payee_id", "quote_asset_id", "quote_amount",
  "settlement_asset_id", "return_to", "remark", "note", "link", "link_kind",
  "trace_id", "state", "mixpay_status", "payment_amount", "payment_symbol",
  "payable_amount", "confirmations", "txid", "failure_code", "failure_reason",
  "mismatch", "created_at", "updated_at", "last_checked_at",
  /* Added later, at the end, so that columns read by position stay put:
   * what an accountant needs beside the amount. */
  "quote_symbol", "paid_at", "cancelled_at", "cancel_reason",
};

char *
pd_order_export_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = NULL;

  if (unix_time == 0)
    return NULL;

  time = g_date_time_new_from_unix_utc (unix_time);
  if (time == NULL)
    return NULL;

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* The value of column @key of @order as text, NULL when not known; the
 * CSV and JSON writers share it so they cannot disagree. */
static char *
dup_column (PdOrder    *order,
            const char *key)
{
  if (strcmp (key, "order_id") == 0)
    return g_strdup (pd_order_get_order_id (order));
  if (strcmp (key, "payee_id") == 0)
    return g_strdup (pd_order_get_payee_id (order));
  if (strcmp (key, "quote_asset_id") == 0)
    return g_strdup (pd_order_get_quote_asset_id (order));
  if (strcmp (key, "quote_amount") == 0)
    return g_strdup (pd_order_get_quote_amount (order));
  if (strcmp (key, "settlement_asset_id") == 0)
    return g_strdup (pd_order_get_settlement_asset_id (order));
  if (strcmp (key, "return_to") == 0)
    return g_strdup (pd_order_get_return_to (order));
  if (strcmp (key, "remark") == 0)
    return g_strdup (pd_order_get_remark (order));
  if (strcmp (key, "note") == 0)
    return g_strdup (pd_order_get_note (order));
  if (strcmp (key, "link") == 0)
    return g_strdup (pd_order_get_link (order));
  if (strcmp (key, "link_kind") == 0)
    return g_strdup (pd_order_link_kind_to_string (pd_order_get_link_kind (order)));
  if (strcmp (key, "trace_id") == 0)
    return g_strdup (pd_order_get_trace_id (order));
  if (strcmp (key, "state") == 0)
    return g_strdup (pd_order_state_to_string (pd_order_get_state (order)));
  if (strcmp (key, "mixpay_status") == 0)
    return g_strdup (pd_order_get_mixpay_status (order));
  if (strcmp (key, "payment_amount") == 0)
    return g_strdup (pd_order_get_payment_amount (order));
  if (strcmp (key, "payment_symbol") == 0)
    return g_strdup (pd_order_get_payment_symbol (order));
  if (strcmp (key, "payable_amount") == 0)
    return g_strdup (pd_order_get_payable_amount (order));
  if (strcmp (key, "confirmations") == 0)
    return pd_order_get_confirmations (order) >= 0
           ? g_strdup_printf ("%d", pd_order_get_confirmations (order)) : NULL;
  if (strcmp (key, "txid") == 0)
    return g_strdup (pd_order_get_txid (order));
  if (strcmp (key, "failure_code") == 0)
    return g_strdup (pd_order_get_failure_code (order));
  if (strcmp (key, "failure_reason") == 0)
    return g_strdup (pd_order_get_failure_reason (order));
  if (strcmp (key, "mismatch") == 0)
    return pd_order_get_mismatch (order) != NULL
           ? g_strjoinv (";", (char **)pd_order_get_mismatch (order)) : NULL;
  if (strcmp (key, "created_at") == 0)
    return pd_order_export_format_time (pd_order_get_created_at (order));
  if (strcmp (key, "updated_at") == 0)
    return pd_order_export_format_time (pd_order_get_updated_at (order));
  if (strcmp (key, "last_checked_at") == 0)
    return pd_order_export_format_time (pd_order_get_last_checked_at (order));
  if (strcmp (key, "quote_symbol") == 0)
    return g_strdup (pd_order_get_quote_symbol (order));
  if (strcmp (key, "paid_at") == 0)
    return pd_order_export_format_time (pd_order_get_paid_at (order));
  if (strcmp (key, "cancelled_at") == 0)
    return pd_order_export_format_time (pd_order_get_cancelled_at (order));
  if (strcmp (key, "cancel_reason") == 0)
    return g_strdup (pd_order_get_cancel_reason (order));

  g_return_val_if_reached (NULL);
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *value)
{
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
pd_order_to_json (PdOrder *order)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (PD_IS_ORDER (order), NULL);

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      json_builder_set_member_name (builder, columns[i]);

      if (strcmp (columns[i], "mismatch") == 0)
        {
          const char * const *fields = pd_order_get_mismatch (order);

          json_builder_begin_array (builder);
          for (guint j = 0; fields != NULL && fields[j] != NULL; j++)
            json_builder_add_string_value (builder, fields[j]);
          json_builder_end_array (builder);
        }
      else if (strcmp (columns[i], "confirmations") == 0)
        {
          if (pd_order_get_confirmations (order) >= 0)
            json_builder_add_int_value (builder, pd_order_get_confirmations (order));
          else
            json_builder_add_null_value (builder);
        }
      else
        {
          g_autofree char *value = dup_column (order, columns[i]);

          add_nullable_string (builder, value);
        }
    }
  /* Why, in words; JSON only, the CSV columns stay as they are. */
  json_builder_set_member_name (builder, "mismatch_reason");
  {
    g_autofree char *reason = pd_mismatch_dup_reason (order);

    add_nullable_string (builder, reason);
  }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
pd_order_events_to_json (GPtrArray *events)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (events != NULL, NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    {
      const PdOrderEvent *event = g_ptr_array_index (events, i);
      g_autofree char *time = pd_order_export_format_time (event->time);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "time");
      add_nullable_string (builder, time);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, pd_order_event_kind_to_string (event->kind));
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, pd_order_state_to_string (event->state));
      json_builder_set_member_name (builder, "message");
      add_nullable_string (builder, event->message);
      json_builder_set_member_name (builder, "raw_json");
      add_nullable_string (builder, event->raw_json);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

char *
pd_order_export_json (GPtrArray *orders,
                      gboolean   pretty)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonArray) array = json_array_sized_new (orders->len);

  g_return_val_if_fail (orders != NULL, NULL);

  for (guint i = 0; i < orders->len; i++)
    json_array_add_element (array, pd_order_to_json (g_ptr_array_index (orders, i)));

  json_node_set_array (root, array);

  return json_to_string (root, pretty);
}

char *
pd_order_export_csv_cell (const char *value)
{
  GString *cell;
  gboolean quote;

  if (value == NULL || *value == '\0')
    return g_strdup ("");

  cell = g_string_new (NULL);

  /* A spreadsheet runs these as formulas; the ' makes it show text. */
  if (strchr ("=+-@\t\r", value[0]) != NULL)
    g_string_append_c (cell, '\'');

  g_string_append (cell, value);

  quote = strpbrk (cell->str, ",\"\r\n") != NULL;
  if (quote)
    {
      g_string_replace (cell, "\"", "\"\"", 0);
      g_string_prepend_c (cell, '"');
      g_string_append_c (cell, '"');
    }

  return g_string_free (cell, FALSE);
}

static void
append_row (GString     *csv,
            const char **cells,
            guint        n_cells)
{
  for (guint i = 0; i < n_cells; i++)
    {
      g_autofree char *cell = pd_order_export_csv_cell (cells[i]);

      if (i > 0)
        g_string_append_c (csv, ',');
      g_string_append (csv, cell);
    }

  g_string_append (csv, "\r\n");
}

char *
pd_order_export_csv (GPtrArray *orders)
{
  GString *csv = g_string_new (NULL);

  g_return_val_if_fail (orders != NULL, NULL);

  append_row (csv, (const char **)columns, G_N_ELEMENTS (columns));

  for (guint i = 0; i < orders->len; i++)
    {
      PdOrder *order = g_ptr_array_index (orders, i);
      char *cells[G_N_ELEMENTS (columns)];

      for (guint j = 0; j < G_N_ELEMENTS (columns); j++)
        cells[j] = dup_column (order, columns[j]);

      append_row (csv, (const char **)cells, G_N_ELEMENTS (columns));

      for (guint j = 0; j < G_N_ELEMENTS (columns); j++)
        g_free (cells[j]);
    }

  return g_string_free (csv, FALSE);
}

gboolean
pd_order_export_write_file (const char  *path,
                            const char  *contents,
                            GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  /* CONSISTENT: a temporary file renamed over @path; DURABLE: synced. */
  return g_file_set_contents_full (path, contents, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0666, error);
}
