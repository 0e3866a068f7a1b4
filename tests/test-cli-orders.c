/* test-cli-orders.c: paydesk-cli new, list, show, export, cancel and
 * duplicate, run as a script would run them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "pd-store.h"
#include "pd-test-cli.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"

#define ASSETS "--payee", PAYEE, "--settlement-asset", BTC, "--quote-asset", USDT

/* A comma, a quote, a newline, non-ASCII text and a leading "=". */
#define HARD_NOTE "=HYPERLINK(\"http://x\"), café\nzweite Zeile: 東京 ✓"

typedef struct
{
  char *dir;
  char *db;
  char *config;  /* XDG_CONFIG_HOME of the keyfile settings backend */
} Fixture;

typedef PdCliRun CliRun;

#define cli_run_clear pd_cli_run_clear
#define assert_ok pd_cli_assert_ok
#define assert_usage_error pd_cli_assert_usage_error

static GSubprocess *
spawn_cli (Fixture            *fixture,
           const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = pd_cli_launcher_new (fixture->db, fixture->config);

  return pd_cli_spawn (launcher, args);
}

static void
run_cli (Fixture            *fixture,
         CliRun             *run,
         const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = pd_cli_launcher_new (fixture->db, fixture->config);

  pd_cli_run (launcher, run, args);
}

#define RUN(fixture, run, ...) \
  G_STMT_START { \
    const char *_args[] = { __VA_ARGS__, NULL }; \
    cli_run_clear (run); \
    run_cli (fixture, run, _args); \
  } G_STMT_END

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-cli-orders-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "data", "paydesk.db", NULL);
  fixture->config = g_build_filename (fixture->dir, "config", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
  g_free (fixture->config);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

/* RFC 4180: rows of cells; CRLF ends a row, a bare LF only inside quotes. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  GPtrArray *row = g_ptr_array_new ();
  GString *cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p != '\0'; p++)
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
        quoted = TRUE;
      else if (*p == ',')
        g_ptr_array_add (row, g_string_free (g_steal_pointer (&cell), FALSE)), cell = g_string_new (NULL);
      else if (*p == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (row, g_string_free (g_steal_pointer (&cell), FALSE));
          cell = g_string_new (NULL);
          g_ptr_array_add (row, NULL);
          g_ptr_array_add (rows, g_ptr_array_free (row, FALSE));
          row = g_ptr_array_new ();
          p++;
        }
      else
        {
          g_assert_true (*p != '\n' && *p != '\r');
          g_string_append_c (cell, *p);
        }
    }

  g_assert_false (quoted);
  g_assert_cmpuint (row->len, ==, 0);
  g_assert_cmpuint (cell->len, ==, 0);
  g_ptr_array_unref (row);
  g_string_free (cell, TRUE);

  return rows;
}

static const char *
csv_cell (GPtrArray  *rows,
          guint       row,
          const char *column)
{
  char **header = g_ptr_array_index (rows, 0);

  for (guint i = 0; header[i] != NULL; i++)
    if (strcmp (header[i], column) == 0)
      return ((char **)g_ptr_array_index (rows, row))[i];

  g_assert_not_reached ();
}

static void
test_cli_round_trip (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  JsonObject *order;

  RUN (fixture, &run, "new", "--amount", "10.50", "--order-id", "round-trip-1",
       "--note", HARD_NOTE, "--remark", "table 4", ASSETS);
  assert_ok (&run);
  g_assert_true (g_str_has_prefix (run.out, "https://mixpay.me/pay?payeeId=" PAYEE));
  g_assert_nonnull (strstr (run.out, "&quoteAmount=10.5&orderId=round-trip-1"));
  /* The note is private: never in the link. */
  g_assert_null (strstr (run.out, "HYPERLINK"));

  RUN (fixture, &run, "list", "--json");
  assert_ok (&run);
  list = parse_json (run.out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (list));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  order = json_array_get_object_element (json_node_get_array (list), 0);
  g_assert_cmpstr (json_object_get_string_member (order, "note"), ==, HARD_NOTE);
  g_assert_cmpstr (json_object_get_string_member (order, "order_id"), ==, "round-trip-1");
  g_assert_cmpstr (json_object_get_string_member (order, "quote_amount"), ==, "10.5");
  g_assert_cmpstr (json_object_get_string_member (order, "state"), ==, "unpaid");
  g_assert_cmpstr (json_object_get_string_member (order, "remark"), ==, "table 4");
  g_assert_cmpstr (json_object_get_string_member (order, "link_kind"), ==, "paylink");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (order, "created_at"), "Z"));
  g_assert_true (json_object_get_null_member (order, "last_checked_at"));

  RUN (fixture, &run, "export", "--format", "csv");
  assert_ok (&run);
  rows = parse_csv (run.out);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpuint (g_strv_length (rows->pdata[0]), ==, g_strv_length (rows->pdata[1]));
  /* The same note, shown as text (not a formula) by a spreadsheet. */
  g_assert_cmpstr (csv_cell (rows, 1, "note"), ==, "'" HARD_NOTE);
  g_assert_cmpstr (csv_cell (rows, 1, "order_id"), ==, "round-trip-1");
  g_assert_cmpstr (csv_cell (rows, 1, "quote_amount"), ==, "10.5");
  g_assert_cmpstr (csv_cell (rows, 1, "state"), ==, "unpaid");
}

static void
test_cli_new_json_and_defaults (Fixture       *fixture,
                                gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *keyfile_dir = g_build_filename (fixture->config, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (keyfile_dir, "keyfile", NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *order;

  /* No flag and no setting: the error names the option. */
  RUN (fixture, &run, "new", "--amount", "5");
  assert_usage_error (&run, "--payee");
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_mkdir_with_parents (keyfile_dir, 0700), ==, 0);
  g_file_set_contents (keyfile,
                       "[io/github/paydesk/Paydesk]\n"
                       "payee-id='" PAYEE "'\n"
                       "settlement-asset-id='" BTC "'\n"
                       "quote-asset-id='usd'\n"
                       "return-to='https://shop.example/thanks'\n"
                       "pay-base='https://pay.shop.example'\n"
                       "default-expiry-minutes=uint32 30\n",
                       -1, &error);
  g_assert_no_error (error);

  RUN (fixture, &run, "new", "--amount", "5.000", "--json");
  assert_ok (&run);
  node = parse_json (run.out);
  order = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (order, "payee_id"), ==, PAYEE);
  g_assert_cmpstr (json_object_get_string_member (order, "settlement_asset_id"), ==, BTC);
  g_assert_cmpstr (json_object_get_string_member (order, "quote_asset_id"), ==, "usd");
  g_assert_cmpstr (json_object_get_string_member (order, "return_to"), ==, "https://shop.example/thanks");
  g_assert_cmpstr (json_object_get_string_member (order, "quote_amount"), ==, "5");
  g_assert_nonnull (strstr (json_object_get_string_member (order, "link"), "expiredTimestamp="));
  /* The links the app would make. */
  g_assert_true (g_str_has_prefix (json_object_get_string_member (order, "link"),
                                   "https://pay.shop.example/pay?"));
  g_assert_cmpuint (strlen (json_object_get_string_member (order, "order_id")), >=, 6);
  g_assert_true (json_object_get_null_member (order, "note"));

  /* A flag wins over the setting. */
  RUN (fixture, &run, "new", "--amount", "1", "--quote-asset", USDT, "--expires-in", "0", "--json");
  assert_ok (&run);
  g_clear_pointer (&node, json_node_unref);
  node = parse_json (run.out);
  order = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (order, "quote_asset_id"), ==, USDT);
  g_assert_null (strstr (json_object_get_string_member (order, "link"), "expiredTimestamp="));

  /* A bad setting is named as the setting. */
  g_file_set_contents (keyfile,
                       "[io/github/paydesk/Paydesk]\n"
                       "payee-id='" PAYEE "'\n"
                       "settlement-asset-id='" BTC "'\n"
                       "quote-asset-id='usd'\n"
                       "pay-base='http://pay.shop.example'\n",
                       -1, &error);
  g_assert_no_error (error);
  RUN (fixture, &run, "new", "--amount", "1");
  assert_usage_error (&run, "setting pay-base");
}

static void
test_cli_usage_errors (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };

  RUN (fixture, &run, "new", "--amount", "1e5", ASSETS);
  assert_usage_error (&run, "--amount");
  /* Empty is not "the default": that would be MixPay itself. */
  RUN (fixture, &run, "lookup-payee", "38000008", "--api-base", "");
  assert_usage_error (&run, "--api-base");
  RUN (fixture, &run, "new", "--amount", "3", ASSETS, "--pay-base", "");
  assert_usage_error (&run, "--pay-base");
  /* What was typed is echoed without the escape sequence in it. */
  RUN (fixture, &run, "bad\033[2J\033]0;title\007");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown command"));
  g_assert_null (strchr (run.err, '\033'));
  g_assert_null (strchr (run.err, '\007'));
  RUN (fixture, &run, "new", ASSETS);
  assert_usage_error (&run, "--amount");
  RUN (fixture, &run, "new", "--amount", "3", "--order-id", "bad id!", ASSETS);
  assert_usage_error (&run, "--order-id");
  RUN (fixture, &run, "new", "--amount", "3", "--expires-in", "soon", ASSETS);
  assert_usage_error (&run, "--expires-in");
  RUN (fixture, &run, "new", "--amount", "3", "--qr", "code.gif", ASSETS);
  assert_usage_error (&run, "--qr");
  RUN (fixture, &run, "new", "--amount", "3", "--return-to", "ftp://x", ASSETS);
  assert_usage_error (&run, "--return-to");
  RUN (fixture, &run, "list", "--state", "sleeping");
  assert_usage_error (&run, "--state");
  RUN (fixture, &run, "export", "--format", "xlsx");
  assert_usage_error (&run, "--format");
  RUN (fixture, &run, "export", "--format", "csv", "--since", "yesterday");
  assert_usage_error (&run, "--since");

  /* Nothing was written: not even an empty ledger. */
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));

  RUN (fixture, &run, "new", "--amount", "3", "--order-id", "dup-order-1", ASSETS);
  assert_ok (&run);
  RUN (fixture, &run, "new", "--amount", "4", "--order-id", "dup-order-1", ASSETS);
  assert_usage_error (&run, "--order-id");
  RUN (fixture, &run, "show", "no-such-order");
  assert_usage_error (&run, "ORDER_ID");
  RUN (fixture, &run, "cancel", "dup-order-1");
  assert_usage_error (&run, "--reason");
  RUN (fixture, &run, "cancel", "dup-order-1", "--reason", "paid\ncash");
  assert_usage_error (&run, "--reason");
}

static void
test_cli_show_cancel_duplicate (Fixture       *fixture,
                                gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) copy = NULL;
  JsonObject *order;
  JsonArray *events;

  RUN (fixture, &run, "new", "--amount", "7.25", "--order-id", "show-me-1", "--note", "two espressos", ASSETS);
  assert_ok (&run);

  RUN (fixture, &run, "show", "show-me-1");
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "two espressos"));
  g_assert_nonnull (strstr (run.out, "created"));

  RUN (fixture, &run, "cancel", "show-me-1", "--reason", "paid cash");
  assert_ok (&run);
  RUN (fixture, &run, "cancel", "show-me-1", "--reason", "twice");
  assert_usage_error (&run, "ORDER_ID");

  RUN (fixture, &run, "show", "show-me-1", "--json");
  assert_ok (&run);
  node = parse_json (run.out);
  order = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (order, "state"), ==, "cancelled");
  events = json_object_get_array_member (order, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0), "kind"), ==, "created");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 1), "kind"), ==, "cancelled");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 1), "message"), ==, "paid cash");

  RUN (fixture, &run, "duplicate", "show-me-1", "--json");
  assert_ok (&run);
  copy = parse_json (run.out);
  order = json_node_get_object (copy);
  g_assert_cmpstr (json_object_get_string_member (order, "order_id"), !=, "show-me-1");
  g_assert_cmpstr (json_object_get_string_member (order, "quote_amount"), ==, "7.25");
  g_assert_cmpstr (json_object_get_string_member (order, "note"), ==, "two espressos");
  g_assert_cmpstr (json_object_get_string_member (order, "settlement_asset_id"), ==, BTC);
  g_assert_cmpstr (json_object_get_string_member (order, "state"), ==, "unpaid");

  RUN (fixture, &run, "list", "--state", "open");
  assert_ok (&run);
  g_assert_null (strstr (run.out, "show-me-1"));
  g_assert_nonnull (strstr (run.out, json_object_get_string_member (order, "order_id")));
  RUN (fixture, &run, "list", "--state", "cancelled");
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "show-me-1"));
}

/* A ledger written before payment results were checked for escape
 * sequences may hold them: show and list print them harmless. */
static void
test_cli_show_stored_escapes (Fixture       *fixture,
                              gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  sqlite3 *db = NULL;

  RUN (fixture, &run, "new", "--amount", "2", "--order-id", "escapes-1", ASSETS);
  assert_ok (&run);

  g_assert_cmpint (sqlite3_open (fixture->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "UPDATE orders SET state = 'failed',"
                                 " txid = 'tx' || char (27) || '[2J',"
                                 " failure_reason = 'refused' || char (27) || ']0;owned' || char (7),"
                                 " note = 'two' || char (8238) || 'cups' || char (13) || 'more'"
                                 " WHERE order_id = 'escapes-1';"
                                 "INSERT INTO order_events (order_ref, time, kind, state, message)"
                                 " SELECT id, 1700000000, 'updated', 'failed', 'gone' || char (27) || '[31m'"
                                 " FROM orders WHERE order_id = 'escapes-1';",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  RUN (fixture, &run, "show", "escapes-1");
  assert_ok (&run);
  g_assert_null (strchr (run.out, '\033'));
  g_assert_null (strchr (run.out, '\007'));
  g_assert_null (strstr (run.out, "\u202e"));
  g_assert_nonnull (strstr (run.out, "refused\xef\xbf\xbd]0;owned"));
  g_assert_nonnull (strstr (run.out, "gone\xef\xbf\xbd[31m"));

  RUN (fixture, &run, "list");
  assert_ok (&run);
  g_assert_null (strstr (run.out, "\u202e"));
  g_assert_null (strchr (run.out, '\r'));
  g_assert_nonnull (strstr (run.out, "two\xef\xbf\xbd" "cups more"));
}

static void
test_cli_export_file (Fixture       *fixture,
                      gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *out = g_build_filename (fixture->dir, "orders.json", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "no", "such", "orders.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) node = NULL;

  RUN (fixture, &run, "new", "--amount", "1", "--order-id", "export-1", ASSETS);
  assert_ok (&run);
  RUN (fixture, &run, "new", "--amount", "2", "--order-id", "export-2", ASSETS);
  assert_ok (&run);
  RUN (fixture, &run, "cancel", "export-2", "--reason", "test");
  assert_ok (&run);

  RUN (fixture, &run, "export", "--format", "json", "--state", "open", "--output", out);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  node = parse_json (contents);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (node), 0),
                                                  "order_id"), ==, "export-1");

  /* Nothing from the future. */
  RUN (fixture, &run, "export", "--format", "csv", "--since", "2999-01-01");
  assert_ok (&run);
  g_assert_true (g_str_has_prefix (run.out, "order_id,"));
  g_assert_cmpstr (strchr (run.out, '\n') + 1, ==, "");

  RUN (fixture, &run, "export", "--format", "csv", "--output", missing);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "paydesk-cli: "));
}

/* The number of orders the ledger lists, read with paydesk-cli. */
static guint
count_orders (Fixture *fixture)
{
  g_auto(PdCliRun) run = { 0 };
  g_autoptr(JsonNode) node = NULL;

  RUN (fixture, &run, "list", "--json");
  assert_ok (&run);
  node = parse_json (run.out);
  return json_array_get_length (json_node_get_array (node));
}

/* An export, an invoice or a QR code written over the ledger (or a file
 * it needs) would lose every order: refused as bad input. */
static void
test_cli_outputs_spare_the_ledger (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *wal = g_strconcat (fixture->db, "-wal", NULL);
  g_autofree char *link = g_build_filename (fixture->dir, "ledger-link.csv", NULL);
  g_autofree char *png_db = g_build_filename (fixture->dir, "orders.png", NULL);

  RUN (fixture, &run, "new", "--amount", "1", "--order-id", "spare-1", ASSETS);
  assert_ok (&run);

  RUN (fixture, &run, "export", "--format", "csv", "--output", fixture->db);
  assert_usage_error (&run, "--output");
  RUN (fixture, &run, "export", "--format", "json", "--output", wal);
  assert_usage_error (&run, "--output");
  /* A link to the ledger is the ledger. */
  g_assert_cmpint (symlink (fixture->db, link), ==, 0);
  RUN (fixture, &run, "export", "--format", "csv", "--output", link);
  assert_usage_error (&run, "--output");
  RUN (fixture, &run, "invoice", "spare-1", "--pdf", fixture->db);
  assert_usage_error (&run, "--pdf");
  g_assert_cmpuint (count_orders (fixture), ==, 1);

  /* A ledger named like a QR code, not there yet: nothing is made. */
  RUN (fixture, &run, "new", "--amount", "1", ASSETS, "--db", png_db, "--qr", png_db);
  assert_usage_error (&run, "--qr");
  g_assert_false (g_file_test (png_db, G_FILE_TEST_EXISTS));

  RUN (fixture, &run, "export", "--format", "csv", "--output", "");
  assert_usage_error (&run, "--output");
  RUN (fixture, &run, "export", "--format", "csv", "--output", fixture->dir);
  assert_usage_error (&run, "--output");

  /* A pipe would be replaced by a plain file, not written into. */
  {
    g_autofree char *fifo = g_build_filename (fixture->dir, "orders.pdf", NULL);

    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    RUN (fixture, &run, "export", "--format", "csv", "--output", fifo);
    assert_usage_error (&run, "--output");
    RUN (fixture, &run, "invoice", "spare-1", "--pdf", fifo);
    assert_usage_error (&run, "--pdf");
    g_assert_true (g_file_test (fifo, G_FILE_TEST_EXISTS) && !g_file_test (fifo, G_FILE_TEST_IS_REGULAR));
    g_unlink (fifo);
  }
}

/* Commands that read orders, or act on one, do not create a ledger where
 * a mistyped --db points. */
static void
test_cli_readers_create_nothing (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *folder = g_build_filename (fixture->dir, "typo", NULL);
  g_autofree char *db = g_build_filename (folder, "ledger.db", NULL);

  RUN (fixture, &run, "list", "--db", db);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "");
  RUN (fixture, &run, "export", "--format", "json", "--db", db);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "[]\n");

  RUN (fixture, &run, "show", "no-such-order", "--db", db);
  assert_usage_error (&run, "ORDER_ID");
  RUN (fixture, &run, "cancel", "no-such-order", "--reason", "typo", "--db", db);
  assert_usage_error (&run, "ORDER_ID");
  RUN (fixture, &run, "invoice", "no-such-order", "--text", "--db", db);
  assert_usage_error (&run, "ORDER_ID");

  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));

  RUN (fixture, &run, "list", "--db", "");
  assert_usage_error (&run, "--db");
}

/* The options of every command may come before the command, as in git
 * ("paydesk-cli --db PATH list"); a command's own options only after it. */
static void
test_cli_global_options_first (Fixture       *fixture,
                               gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *other = g_build_filename (fixture->dir, "other.db", NULL);
  g_autofree char *other_option = g_strconcat ("--db=", other, NULL);

  RUN (fixture, &run, "--db", other, "new", "--amount", "5", "--order-id", "before-db-1", ASSETS);
  assert_ok (&run);
  RUN (fixture, &run, "--db", other, "list");
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "before-db-1"));
  RUN (fixture, &run, other_option, "--api-base", "http://127.0.0.1:9/v1", "show", "before-db-1");
  assert_ok (&run);
  RUN (fixture, &run, "list", "--db", other);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "before-db-1"));
  /* The ledger of $PAYDESK_DB was not touched. */
  RUN (fixture, &run, "list");
  assert_ok (&run);
  g_assert_null (strstr (run.out, "before-db-1"));

  /* Given on both sides, the later one wins, as when given twice after. */
  RUN (fixture, &run, "--db", fixture->db, "list", "--db", other);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "before-db-1"));

  /* A bad value is refused before it as after it. */
  RUN (fixture, &run, "--db", "", "list");
  assert_usage_error (&run, "--db");
  RUN (fixture, &run, "--api-base", "http://api.mixpay.me/v1", "check", "before-db-1", "--db", other);
  assert_usage_error (&run, "--api-base");
  RUN (fixture, &run, "list", "--db");
  assert_usage_error (&run, "--db");
  RUN (fixture, &run, "--db");
  assert_usage_error (&run, "--db");

  /* An option only some commands take, or none, goes after the command. */
  RUN (fixture, &run, "--json", "list");
  assert_usage_error (&run, "--json");
  RUN (fixture, &run, "--db", other, "--state", "unpaid", "list");
  assert_usage_error (&run, "--state");
  RUN (fixture, &run, "--no-such-option", "list");
  assert_usage_error (&run, "--no-such-option");

  /* Options but no command. */
  RUN (fixture, &run, "--db", other);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "Commands:"));

  RUN (fixture, &run, "--db", other, "--help");
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "Commands:"));
  RUN (fixture, &run, "--db", other, "list", "--help");
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "--state"));
}

/* A QR code that cannot be written leaves no order; an order that cannot
 * be stored leaves no QR code. */
static void
test_cli_new_qr_all_or_nothing (Fixture       *fixture,
                                gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-folder", "order.png", NULL);
  g_autofree char *qr = g_build_filename (fixture->dir, "order.svg", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  RUN (fixture, &run, "new", "--amount", "7", "--order-id", "qr-fail-01", ASSETS, "--qr", missing);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "order.png"));
  RUN (fixture, &run, "new", "--amount", "7", "--order-id", "qr-fail-02", ASSETS);
  assert_ok (&run);
  g_assert_cmpuint (count_orders (fixture), ==, 1);

  /* The same order ID again: refused, and no code written for it. */
  RUN (fixture, &run, "new", "--amount", "7", "--order-id", "qr-fail-02", ASSETS, "--qr", qr);
  assert_usage_error (&run, "--order-id");
  g_assert_false (g_file_test (qr, G_FILE_TEST_EXISTS));

  RUN (fixture, &run, "new", "--amount", "7", "--order-id", "qr-fail-03", ASSETS, "--qr", qr);
  assert_ok (&run);
  g_assert_true (g_file_test (qr, G_FILE_TEST_IS_REGULAR));

  /* No staging file left behind either way. */
  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_null (strstr (name, ".partial"));
}

static void
test_cli_corrupt_database (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *folder = g_path_get_dirname (fixture->db);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  char garbage[4096];
  gsize length = 0;

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = (char)(i * 31 + 7);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (fixture->db, garbage, sizeof garbage, &error);
  g_assert_no_error (error);

  RUN (fixture, &run, "list");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, fixture->db));
  g_assert_cmpstr (run.out, ==, "");

  RUN (fixture, &run, "new", "--amount", "1", ASSETS);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");

  g_assert_true (g_file_get_contents (fixture->db, &after, &length, NULL));
  g_assert_cmpmem (after, length, garbage, sizeof garbage);
}

static void
test_cli_unwritable_database (Fixture       *fixture,
                              gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *blocker = g_build_filename (fixture->dir, "file", NULL);
  g_autofree char *below = g_build_filename (blocker, "paydesk.db", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (blocker, "x", 1, &error);
  g_assert_no_error (error);

  RUN (fixture, &run, "new", "--db", below, "--amount", "1", ASSETS);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, blocker));
}

/* `paydesk-cli new` killed at random moments: the ledger stays healthy
 * and keeps every order whose link was printed. */
static void
test_cli_crash (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) printed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *check = NULL;
  guint killed = 0;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start;
  gint64 base_run;

  /* One order acknowledged before the kills: on a loaded machine every
   * killed run may die before it creates the ledger, and the ledger must
   * then still hold this one. Its length (several times longer under
   * ASan) is also how late a kill may come. */
  {
    g_auto(PdCliRun) run = { 0 };

    start = g_get_monotonic_time ();
    RUN (fixture, &run, "new", "--amount", "1.25", "--order-id", "crash-base",
         "--note", HARD_NOTE, ASSETS);
    assert_ok (&run);
    g_ptr_array_add (printed, g_strdup ("crash-base"));
    base_run = g_get_monotonic_time () - start;
  }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 40 && g_get_monotonic_time () - start < 25 * G_USEC_PER_SEC; i++)
    {
      g_autofree char *order_id = g_strdup_printf ("crash-%04u", i);
      const char *args[] = { "new", "--amount", "1.25", "--order-id", order_id,
                             "--note", HARD_NOTE, ASSETS, NULL };
      g_autoptr(GSubprocess) process = spawn_cli (fixture, args);
      g_autofree char *out = NULL;

      /* From at once to after a normal run has finished. */
      g_usleep (g_test_rand_int_range (0, MAX (40000, base_run * 5 / 4)));
      g_subprocess_force_exit (process);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);

      if (g_subprocess_get_if_signaled (process))
        killed++;
      if (out != NULL && strstr (out, order_id) != NULL)
        g_ptr_array_add (printed, g_steal_pointer (&order_id));
    }

  g_test_message ("%u runs killed, %u printed their link", killed, printed->len);

  /* Another program finds the file healthy (opening it recovers the WAL). */
  g_assert_cmpint (sqlite3_open (fixture->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  check = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpstr (check, ==, "ok");

  store = pd_store_open (fixture->db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < printed->len; i++)
    {
      g_autoptr(PdOrder) order = pd_store_lookup_order (store, PAYEE, printed->pdata[i], &error);
      g_autoptr(GPtrArray) events = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (pd_order_get_note (order), ==, HARD_NOTE);
      events = pd_store_list_events (store, order, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (events->len, ==, 1);
    }
}

static char *
stored_quote_symbol (Fixture    *fixture,
                     const char *order_id)
{
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  store = pd_store_open (fixture->db, &error);
  g_assert_no_error (error);
  order = pd_store_lookup_order (store, PAYEE, order_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (order);

  return g_strdup (pd_order_get_quote_symbol (order));
}

/* Once the app has cached MixPay's quote assets in the ledger, "new" and
 * "duplicate" record the asset's symbol as the app does, so the app's
 * list shows "7 USDT" rather than "7". */
static void
test_cli_new_names_quote_asset (Fixture       *fixture,
                                gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *unknown = NULL;

  RUN (fixture, &run, "new", "--amount", "7", "--order-id", "before-cache", ASSETS);
  assert_ok (&run);
  before = stored_quote_symbol (fixture, "before-cache");
  g_assert_null (before);

  pd_cli_cache_quote_assets (fixture->db);

  RUN (fixture, &run, "new", "--amount", "7", "--order-id", "after-cache", ASSETS);
  assert_ok (&run);
  after = stored_quote_symbol (fixture, "after-cache");
  g_assert_cmpstr (after, ==, "USDT");

  RUN (fixture, &run, "duplicate", "before-cache", "--json");
  assert_ok (&run);
  {
    g_autoptr(JsonNode) node = parse_json (run.out);

    copied = stored_quote_symbol (fixture, json_object_get_string_member (json_node_get_object (node), "order_id"));
  }
  g_assert_cmpstr (copied, ==, "USDT");

  /* An asset the list does not know keeps no symbol. */
  RUN (fixture, &run, "new", "--amount", "7", "--order-id", "unknown-asset",
       "--payee", PAYEE, "--settlement-asset", BTC,
       "--quote-asset", "11111111-2222-4333-8444-555555555555");
  assert_ok (&run);
  unknown = stored_quote_symbol (fixture, "unknown-asset");
  g_assert_null (unknown);
}

/* With MixPay's list cached, a price outside the asset's limits or with
 * more decimals than it has is refused, as in the app, and nothing is
 * stored; without the list, nothing is known to refuse. */
static void
test_cli_new_checks_asset_limits (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };

  RUN (fixture, &run, "new", "--amount", "5000", "--order-id", "uncached-5000", ASSETS);
  assert_ok (&run);

  pd_cli_cache_quote_assets (fixture->db);

  RUN (fixture, &run, "new", "--amount", "5000", "--order-id", "too-much", ASSETS);
  assert_usage_error (&run, "--amount");
  g_assert_nonnull (strstr (run.err, "at most 1000 USDT"));
  RUN (fixture, &run, "new", "--amount", "0.05", "--order-id", "too-little", ASSETS);
  assert_usage_error (&run, "--amount");
  g_assert_nonnull (strstr (run.err, "at least 0.1 USDT"));
  RUN (fixture, &run, "new", "--amount", "1.0000001", "--order-id", "too-fine", ASSETS);
  assert_usage_error (&run, "--amount");
  RUN (fixture, &run, "show", "too-much");
  assert_usage_error (&run, "ORDER_ID");

  /* The limits themselves are allowed, in any spelling. */
  RUN (fixture, &run, "new", "--amount", "1000.000", "--order-id", "at-most", ASSETS);
  assert_ok (&run);
  RUN (fixture, &run, "new", "--amount", "0.1", "--order-id", "at-least", ASSETS);
  assert_ok (&run);
  RUN (fixture, &run, "new", "--amount", "1.000001", "--order-id", "six-decimals", ASSETS);
  assert_ok (&run);
}

/* An order ID may start with "-": after "--", every command that names
 * an order finds it. */
static void
test_cli_order_id_after_dashes (Fixture       *fixture,
                                gconstpointer  data)
{
  g_auto(PdCliRun) run = { 0 };

  RUN (fixture, &run, "new", "--amount", "3", "--order-id", "-dash-order", ASSETS);
  assert_ok (&run);
  RUN (fixture, &run, "show", "--", "-dash-order");
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "-dash-order"));
  RUN (fixture, &run, "invoice", "--text", "--", "-dash-order");
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "Invoice -dash-order"));
  RUN (fixture, &run, "duplicate", "--json", "--", "-dash-order");
  assert_ok (&run);
  RUN (fixture, &run, "cancel", "--reason", "test", "--", "-dash-order");
  assert_ok (&run);
  /* Without "--" it reads as an option, and is refused as one. */
  RUN (fixture, &run, "show", "-dash-order");
  g_assert_cmpint (run.status, ==, 2);
}

/* --since DATE starts at the merchant's midnight, as invoices show dates:
 * an order made at 05:00 in Shanghai on 1 November (21:00 UTC the day
 * before) is November's there, October's in UTC. */
static void
test_cli_export_since_local_midnight (Fixture       *fixture,
                                      gconstpointer  data)
{
  static const char * const export_args[] = { "export", "--format", "csv", "--since", "2026-11-01", NULL };
  g_auto(PdCliRun) run = { 0 };
  g_auto(PdCliRun) shanghai = { 0 };
  g_auto(PdCliRun) utc = { 0 };
  sqlite3 *db = NULL;

  RUN (fixture, &run, "new", "--amount", "3", "--order-id", "early-november", ASSETS);
  assert_ok (&run);
  g_assert_cmpint (sqlite3_open (fixture->db, &db), ==, SQLITE_OK);
  /* 2026-10-31T21:00:00Z; "CST-8" is a POSIX rule, UTC+8, needing no
   * tzdata. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE orders SET created_at = 1793480400"
                                     " WHERE order_id = 'early-november'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  {
    g_autoptr(GSubprocessLauncher) launcher = pd_cli_launcher_new (fixture->db, fixture->config);

    g_subprocess_launcher_setenv (launcher, "TZ", "CST-8", TRUE);
    pd_cli_run (launcher, &shanghai, export_args);
    assert_ok (&shanghai);
    g_assert_nonnull (strstr (shanghai.out, "early-november"));
  }
  {
    g_autoptr(GSubprocessLauncher) launcher = pd_cli_launcher_new (fixture->db, fixture->config);

    g_subprocess_launcher_setenv (launcher, "TZ", "UTC0", TRUE);
    pd_cli_run (launcher, &utc, export_args);
    assert_ok (&utc);
    g_assert_null (strstr (utc.out, "early-november"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/orders/round-trip", test_cli_round_trip);
  ADD ("/cli/orders/new-json-and-defaults", test_cli_new_json_and_defaults);
  ADD ("/cli/orders/new-names-quote-asset", test_cli_new_names_quote_asset);
  ADD ("/cli/orders/new-checks-asset-limits", test_cli_new_checks_asset_limits);
  ADD ("/cli/orders/usage-errors", test_cli_usage_errors);
  ADD ("/cli/orders/show-cancel-duplicate", test_cli_show_cancel_duplicate);
  ADD ("/cli/orders/show-stored-escapes", test_cli_show_stored_escapes);
  ADD ("/cli/orders/order-id-after-dashes", test_cli_order_id_after_dashes);
  ADD ("/cli/orders/export-since-local-midnight", test_cli_export_since_local_midnight);
  ADD ("/cli/orders/export-file", test_cli_export_file);
  ADD ("/cli/orders/outputs-spare-the-ledger", test_cli_outputs_spare_the_ledger);
  ADD ("/cli/orders/readers-create-nothing", test_cli_readers_create_nothing);
  ADD ("/cli/orders/global-options-first", test_cli_global_options_first);
  ADD ("/cli/orders/new-qr-all-or-nothing", test_cli_new_qr_all_or_nothing);
  ADD ("/cli/orders/corrupt-database", test_cli_corrupt_database);
  ADD ("/cli/orders/unwritable-database", test_cli_unwritable_database);
  ADD ("/cli/orders/crash", test_cli_crash);
#undef ADD

  return g_test_run ();
}
