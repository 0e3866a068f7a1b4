/* fuzz-export.c: libFuzzer target for the CSV and JSON export of orders
 *
 * The input is the text fields of an order separated by NUL bytes, in the
 * order of `string_columns` below, then its confirmations, creation time
 * and mismatch list (";"-separated). The CSV written for it must parse back
 * as RFC 4180 to a header and one row of the same cells, where a value a
 * spreadsheet would run as a formula has a "'" in front; for UTF-8 input
 * the JSON must parse and give the same strings back.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-fuzz.h"
#include "pd-order-export.h"

typedef struct
{
  const char *column;
  void (*set) (PdOrder *order, const char *value);
  const char *(*get) (PdOrder *order);
} StringColumn;

static const StringColumn string_columns[] = {
  { "order_id", pd_order_set_order_id, pd_order_get_order_id },
  { "payee_id", pd_order_set_payee_id, pd_order_get_payee_id },
  { "quote_asset_id", pd_order_set_quote_asset_id, pd_order_get_quote_asset_id },
  { "quote_amount", pd_order_set_quote_amount, pd_order_get_quote_amount },
  { "settlement_asset_id", pd_order_set_settlement_asset_id, pd_order_get_settlement_asset_id },
  { "return_to", pd_order_set_return_to, pd_order_get_return_to },
  { "remark", pd_order_set_remark, pd_order_get_remark },
  { "note", pd_order_set_note, pd_order_get_note },
  { "link", pd_order_set_link, pd_order_get_link },
  { "trace_id", pd_order_set_trace_id, pd_order_get_trace_id },
  { "mixpay_status", pd_order_set_mixpay_status, pd_order_get_mixpay_status },
  { "payment_amount", pd_order_set_payment_amount, pd_order_get_payment_amount },
  { "payment_symbol", pd_order_set_payment_symbol, pd_order_get_payment_symbol },
  { "payable_amount", pd_order_set_payable_amount, pd_order_get_payable_amount },
  { "txid", pd_order_set_txid, pd_order_get_txid },
  { "failure_code", pd_order_set_failure_code, pd_order_get_failure_code },
  { "failure_reason", pd_order_set_failure_reason, pd_order_get_failure_reason },
};

enum
{
  INPUT_CONFIRMATIONS = G_N_ELEMENTS (string_columns),
  INPUT_CREATED_AT,
  INPUT_MISMATCH,
  N_INPUTS
};

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  pd_fuzz_init ();
  return 0;
}

/* Reads one RFC 4180 field at *@p; NULL if it is malformed. */
static char *
parse_csv_field (const char **p)
{
  GString *field = g_string_new (NULL);

  if (**p != '"')
    {
      for (; **p != '\0' && **p != ',' && **p != '\r' && **p != '\n'; (*p)++)
        {
          if (**p == '"')
            return (g_string_free (field, TRUE), NULL);
          g_string_append_c (field, **p);
        }
      return g_string_free (field, FALSE);
    }

  for ((*p)++; ; (*p)++)
    {
      if (**p == '\0')
        return (g_string_free (field, TRUE), NULL);
      if (**p == '"')
        {
          if ((*p)[1] != '"')
            break;
          (*p)++;
        }
      g_string_append_c (field, **p);
    }
  (*p)++;

  return g_string_free (field, FALSE);
}

/* Parses @csv strictly: fields separated by ",", every record ended by
 * CRLF. Returns the records (each a GStrv) or NULL if malformed. */
static GPtrArray *
parse_csv (const char *csv)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *p = csv;

  while (*p != '\0')
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

      for (;;)
        {
          char *cell = parse_csv_field (&p);

          if (cell == NULL)
            return NULL;
          g_ptr_array_add (cells, cell);
          if (*p != ',')
            break;
          p++;
        }

      if (p[0] != '\r' || p[1] != '\n')
        return NULL;
      p += 2;

      g_ptr_array_add (cells, NULL);
      g_ptr_array_add (records, g_ptr_array_steal (cells, NULL));
    }

  return g_steal_pointer (&records);
}

/* What the cell of @value must read: the value, with a "'" in front if a
 * spreadsheet would run it as a formula. */
static char *
expected_cell (const char *value)
{
  if (value == NULL)
    return g_strdup ("");
  if (strchr ("=+-@\t\r", value[0]) != NULL)
    return g_strconcat ("'", value, NULL);
  return g_strdup (value);
}

static const StringColumn *
find_string_column (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++)
    if (strcmp (string_columns[i].column, name) == 0)
      return &string_columns[i];
  return NULL;
}

static void
check_csv (PdOrder *order)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new ();
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) records = NULL;
  char **header;
  char **row;

  g_ptr_array_add (orders, order);
  csv = pd_order_export_csv (orders);
  pd_fuzz_check (csv != NULL, "the CSV is written");

  records = parse_csv (csv);
  pd_fuzz_check (records != NULL, "the CSV parses as RFC 4180");
  pd_fuzz_check (records->len == 2, "a header and one row");
  header = g_ptr_array_index (records, 0);
  row = g_ptr_array_index (records, 1);
  pd_fuzz_check (g_strv_length (header) == g_strv_length (row), "the row has a cell for each column");

  for (guint i = 0; header[i] != NULL; i++)
    {
      const StringColumn *column = find_string_column (header[i]);
      g_autofree char *expected = NULL;

      /* No cell may start a formula, whatever column it is in. */
      pd_fuzz_check (row[i][0] == '\0' || strchr ("=+-@\t\r", row[i][0]) == NULL,
                     "no cell starts a formula");
      if (column == NULL)
        continue;

      expected = expected_cell (column->get (order));
      pd_fuzz_check (strcmp (row[i], expected) == 0, "a cell reads back as its value");
    }
}

static void
check_json (PdOrder *order)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  JsonArray *array;
  JsonObject *object;

  g_ptr_array_add (orders, order);
  json = pd_order_export_json (orders, FALSE);
  pd_fuzz_check (json != NULL && json_parser_load_from_data (parser, json, -1, NULL),
                 "the JSON parses");
  pd_fuzz_check (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)), "the JSON is an array");
  array = json_node_get_array (json_parser_get_root (parser));
  pd_fuzz_check (json_array_get_length (array) == 1, "one order in the JSON");
  object = json_array_get_object_element (array, 0);
  pd_fuzz_check (object != NULL, "the order is an object");

  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++)
    {
      const char *value = string_columns[i].get (order);
      JsonNode *node = json_object_get_member (object, string_columns[i].column);

      pd_fuzz_check (node != NULL, "every documented key is there");
      if (value == NULL)
        pd_fuzz_check (JSON_NODE_HOLDS_NULL (node), "an unknown value is null");
      else
        pd_fuzz_check (g_strcmp0 (json_node_get_string (node), value) == 0,
                       "a string reads back from the JSON");
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_auto(GStrv) inputs = pd_fuzz_split_fields (data, size, N_INPUTS);
  g_autoptr(PdOrder) order = pd_order_new ();
  g_auto(GStrv) mismatch = NULL;
  gboolean utf8 = TRUE;

  for (guint i = 0; i < N_INPUTS; i++)
    utf8 = utf8 && g_utf8_validate (inputs[i], -1, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++)
    string_columns[i].set (order, inputs[i]);

  pd_order_set_confirmations (order, (int) g_ascii_strtoll (inputs[INPUT_CONFIRMATIONS], NULL, 10));
  pd_order_set_created_at (order, g_ascii_strtoll (inputs[INPUT_CREATED_AT], NULL, 10));
  if (*inputs[INPUT_MISMATCH] != '\0')
    {
      mismatch = g_strsplit (inputs[INPUT_MISMATCH], ";", -1);
      pd_order_set_mismatch (order, (const char * const *) mismatch);
    }

  check_csv (order);
  /* JSON is UTF-8 only: what the order holds comes from JSON, from GTK or
   * from the validators, all UTF-8; CSV is checked byte for byte. */
  if (utf8)
    check_json (order);

  return 0;
}
