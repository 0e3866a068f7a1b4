/* test-export.c: orders as JSON and CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pd-order.h"
#include "pd-order-export.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"

#define HARD_NOTE "=SUM(A1), \"quoted\"\nsecond line: Grüße 東京"

static PdOrder *
make_order (void)
{
  PdOrder *order = pd_order_new ();
  const char *mismatch[] = { "payeeId", "quoteAmount", NULL };

  pd_order_set_payee_id (order, PAYEE);
  pd_order_set_order_id (order, "order-0001");
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, USDT);
  pd_order_set_quote_amount (order, "10.013");
  pd_order_set_note (order, HARD_NOTE);
  pd_order_set_remark (order, "-5 off");
  pd_order_set_state (order, PD_ORDER_STATE_MISMATCH);
  pd_order_set_confirmations (order, 4);
  pd_order_set_mismatch (order, mismatch);
  pd_order_set_created_at (order, 1656513302);
  pd_order_set_quote_symbol (order, "USDT");
  pd_order_set_paid_at (order, 1656513400);

  return order;
}

/* A small RFC 4180 reader: rows of cells, CRLF or LF line ends. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *cell = g_string_new (NULL);
  const char *p = text;
  gboolean quoted = FALSE;

  while (*p != '\0')
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (cell, '"'), p++;
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (cell, *p);
        }
      else if (*p == '"')
        {
          g_assert_cmpuint (cell->len, ==, 0);
          quoted = TRUE;
        }
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
        }
      else if (*p == '\r' && p[1] == '\n')
        {
          /* The \n ends the row. */
        }
      else if (*p == '\n')
        {
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
        }
      else
        {
          g_assert_true (*p != '\r');
          g_string_append_c (cell, *p);
        }
      p++;
    }

  g_assert_false (quoted);
  g_assert_cmpuint (row->len, ==, 0);
  g_assert_cmpuint (cell->len, ==, 0);
  g_ptr_array_unref (row);
  g_string_free (cell, TRUE);

  return rows;
}

static const char *
cell_of (GPtrArray  *rows,
         guint       row,
         const char *column)
{
  GPtrArray *header = g_ptr_array_index (rows, 0);

  for (guint i = 0; i < header->len; i++)
    if (strcmp (g_ptr_array_index (header, i), column) == 0)
      return g_ptr_array_index ((GPtrArray *)g_ptr_array_index (rows, row), i);

  g_assert_not_reached ();
}

static void
test_export_csv_cell (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { NULL, "" },
    { "", "" },
    { "plain", "plain" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "=1+2", "'=1+2" },
    { "+1", "'+1" },
    { "-1", "'-1" },
    { "@SUM(A1)", "'@SUM(A1)" },
    { "\tx", "'\tx" },
    { "\rx", "\"'\rx\"" },
    { "=A1,\"x\"", "\"'=A1,\"\"x\"\"\"" },
    { "a=b", "a=b" },
    { "Grüße", "Grüße" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *cell = pd_order_export_csv_cell (cases[i].in);
      g_assert_cmpstr (cell, ==, cases[i].out);
    }
}

static void
test_export_csv (void)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *csv = NULL;

  g_ptr_array_add (orders, make_order ());
  csv = pd_order_export_csv (orders);
  g_assert_true (g_str_has_prefix (csv, "order_id,payee_id,quote_asset_id,quote_amount,"));
  g_assert_true (g_str_has_suffix (csv, "\r\n"));

  rows = parse_csv (csv);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpuint (((GPtrArray *)rows->pdata[0])->len, ==, ((GPtrArray *)rows->pdata[1])->len);
  g_assert_cmpstr (cell_of (rows, 1, "order_id"), ==, "order-0001");
  g_assert_cmpstr (cell_of (rows, 1, "quote_amount"), ==, "10.013");
  g_assert_cmpstr (cell_of (rows, 1, "note"), ==, "'" HARD_NOTE);
  g_assert_cmpstr (cell_of (rows, 1, "remark"), ==, "'-5 off");
  g_assert_cmpstr (cell_of (rows, 1, "state"), ==, "mismatch");
  g_assert_cmpstr (cell_of (rows, 1, "mismatch"), ==, "payeeId;quoteAmount");
  g_assert_cmpstr (cell_of (rows, 1, "confirmations"), ==, "4");
  g_assert_cmpstr (cell_of (rows, 1, "created_at"), ==, "2022-06-29T14:35:02Z");
  g_assert_cmpstr (cell_of (rows, 1, "last_checked_at"), ==, "");
  g_assert_cmpstr (cell_of (rows, 1, "link_kind"), ==, "paylink");
  /* What an accountant needs beside the amount, after the first columns. */
  g_assert_cmpstr (cell_of (rows, 1, "quote_symbol"), ==, "USDT");
  g_assert_cmpstr (cell_of (rows, 1, "paid_at"), ==, "2022-06-29T14:36:40Z");
  g_assert_cmpstr (cell_of (rows, 1, "cancelled_at"), ==, "");
  g_assert_cmpstr (cell_of (rows, 1, "cancel_reason"), ==, "");
  g_assert_true (strstr (csv, "last_checked_at,quote_symbol,paid_at,cancelled_at,cancel_reason\r\n") != NULL);
}

static void
test_export_json (void)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  static const char * const keys[] = {
    "order_id", "payee_id", "quote_asset_id", "quote_amount",
    "settlement_asset_id", "return_to", "remark", "note", "link", "link_kind",
    "trace_id", "state", "mixpay_status", "payment_amount", "payment_symbol",
    "payable_amount", "confirmations", "txid", "failure_code", "failure_reason",
    "mismatch", "created_at", "updated_at", "last_checked_at",
    "quote_symbol", "paid_at", "cancelled_at", "cancel_reason", "mismatch_reason",
  };
  JsonArray *array;
  JsonObject *object;
  JsonArray *mismatch;

  g_ptr_array_add (orders, make_order ());
  g_ptr_array_add (orders, pd_order_new ());
  json = pd_order_export_json (orders, TRUE);

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);

  object = json_array_get_object_element (array, 0);
  g_assert_cmpuint (json_object_get_size (object), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (object, keys[i]));

  g_assert_cmpstr (json_object_get_string_member (object, "note"), ==, HARD_NOTE);
  g_assert_cmpstr (json_object_get_string_member (object, "quote_amount"), ==, "10.013");
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "mismatch");
  g_assert_cmpint (json_object_get_int_member (object, "confirmations"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (object, "created_at"), ==, "2022-06-29T14:35:02Z");
  g_assert_true (json_object_get_null_member (object, "last_checked_at"));
  g_assert_true (json_object_get_null_member (object, "txid"));
  mismatch = json_object_get_array_member (object, "mismatch");
  g_assert_cmpuint (json_array_get_length (mismatch), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (mismatch, 1), ==, "quoteAmount");
  g_assert_cmpstr (json_object_get_string_member (object, "mismatch_reason"), ==,
                   "paid to another account; the amount paid for is not 10.013");

  object = json_array_get_object_element (array, 1);
  g_assert_true (json_object_get_null_member (object, "mismatch_reason"));
  g_assert_true (json_object_get_null_member (object, "confirmations"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "mismatch")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "unpaid");
}

static void
test_export_write_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "out.csv", NULL);
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  g_assert_true (pd_order_export_write_file (path, "old", &error));
  g_assert_true (pd_order_export_write_file (path, "new,contents\r\n", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "new,contents\r\n");

  g_assert_false (pd_order_export_write_file (missing, "x", &error));
  g_assert_nonnull (error);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_export_time (void)
{
  g_autofree char *never = pd_order_export_format_time (0);
  g_autofree char *time = pd_order_export_format_time (1656513302);

  g_assert_null (never);
  g_assert_cmpstr (time, ==, "2022-06-29T14:35:02Z");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/time", test_export_time);
  g_test_add_func ("/export/csv-cell", test_export_csv_cell);
  g_test_add_func ("/export/csv", test_export_csv);
  g_test_add_func ("/export/json", test_export_json);
  g_test_add_func ("/export/write-file", test_export_write_file);

  return g_test_run ();
}
