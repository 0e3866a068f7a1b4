/* test-bad-input.c: hostile values through every input path
 *
 * The validators the app and the CLI share, every option of every
 * paydesk-cli command, the app's settings, a ledger written by a newer
 * Paydesk, a read-only and a full ledger folder. Each hostile value gets
 * a clear error naming the field, and changes nothing: the ledger stays
 * byte for byte what it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pd-decimal.h"
#include "pd-mixpay-error.h"
#include "pd-paylink.h"
#include "pd-payment-result.h"
#include "pd-store.h"
#include "pd-test-cli.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define TRACE "0e3f4c4e-5a62-4c43-a7a6-1c1f3f5e2b11"
#define EXISTING "existing-order"

#define RLO "\u202E"
#define MEGABYTE (1024 * 1024)

/* ----- hostile values ------------------------------------------------------- */

typedef enum
{
  HOSTILE_EMPTY,
  HOSTILE_HUGE,
  HOSTILE_INVALID_UTF8,
  HOSTILE_RLO,
  HOSTILE_SPACES,
  HOSTILE_SQL,
  HOSTILE_LINK_CHARS,
  HOSTILE_FILE_URL,
  HOSTILE_JAVASCRIPT_URL,
  N_HOSTILE
} Hostile;

static const char * const hostile_names[N_HOSTILE] = {
  "empty", "huge", "invalid-utf8", "rlo", "spaces", "sql", "link-chars", "file-url", "javascript-url",
};

#define ALL_HOSTILE ((1u << N_HOSTILE) - 1)
#define BIT(h) (1u << (h))

/* @valid made hostile: an attack on that field, or a plain bad value. */
static char *
make_hostile (Hostile     kind,
              const char *valid)
{
  switch (kind)
    {
    case HOSTILE_EMPTY:
      return g_strdup ("");
    case HOSTILE_HUGE:
      {
        /* A valid start, then a megabyte of more of the same kind. */
        char *huge = g_malloc (MEGABYTE + 1);

        memset (huge, g_ascii_isdigit (valid[0]) ? '9' : 'a', MEGABYTE);
        memcpy (huge, valid, strlen (valid));
        huge[MEGABYTE] = '\0';
        return huge;
      }
    case HOSTILE_INVALID_UTF8:
      return g_strconcat (valid, "\xff\xfe\xc3", NULL);
    case HOSTILE_RLO:
      return g_strconcat (RLO, valid, NULL);
    case HOSTILE_SPACES:
      return g_strconcat (" ", valid, " ", NULL);
    case HOSTILE_SQL:
      return g_strdup ("'; DROP TABLE orders; --");
    case HOSTILE_LINK_CHARS:
      return g_strconcat (valid, "&quoteAmount=0.01#x", NULL);
    case HOSTILE_FILE_URL:
      return g_strdup ("file:///etc/passwd");
    case HOSTILE_JAVASCRIPT_URL:
      return g_strdup ("javascript:alert(document.cookie)");
    case N_HOSTILE:
    default:
      g_assert_not_reached ();
    }
}

/* ----- the validators -------------------------------------------------------- */

typedef gboolean (*ValidateFunc) (const char *value, GError **error);

static gboolean
validate_amount (const char  *value,
                 GError     **error)
{
  return pd_paylink_validate_amount (value, 0, error);
}

static const struct
{
  PdPaylinkField  field;
  ValidateFunc    validate;
  const char     *valid;
  guint           accepted;   /* hostile values that are fine for this field */
} validators[] = {
  { PD_PAYLINK_FIELD_PAYEE_ID, pd_paylink_validate_payee_id, PAYEE, 0 },
  { PD_PAYLINK_FIELD_SETTLEMENT_ASSET_ID, pd_paylink_validate_settlement_asset, BTC, 0 },
  { PD_PAYLINK_FIELD_QUOTE_ASSET_ID, pd_paylink_validate_quote_asset, "usd", 0 },
  { PD_PAYLINK_FIELD_QUOTE_AMOUNT, validate_amount, "10", 0 },
  { PD_PAYLINK_FIELD_ORDER_ID, pd_paylink_validate_order_id, "order-123", 0 },
  /* Optional: empty means "none". A query in the return address is its
   * own business: it is percent-encoded into the link. */
  { PD_PAYLINK_FIELD_RETURN_TO, pd_paylink_validate_return_to, "https://shop.example/done",
    BIT (HOSTILE_EMPTY) | BIT (HOSTILE_LINK_CHARS) },
  { PD_PAYLINK_FIELD_TRACE_ID, pd_paylink_validate_trace_id, TRACE, BIT (HOSTILE_EMPTY) },
  /* Text shown to the payer: any words are fine, once encoded. */
  { PD_PAYLINK_FIELD_REMARK, pd_paylink_validate_remark, "thanks",
    BIT (HOSTILE_EMPTY) | BIT (HOSTILE_SPACES) | BIT (HOSTILE_SQL) | BIT (HOSTILE_LINK_CHARS) |
    BIT (HOSTILE_FILE_URL) | BIT (HOSTILE_JAVASCRIPT_URL) },
  { PD_PAYLINK_FIELD_PAY_BASE, pd_paylink_validate_pay_base, "https://mixpay.me", 0 },
};

/* A link built with @value in @field carries it as one parameter, whole,
 * and no other parameter changed. */
static void
assert_link_keeps (PdPaylinkField  field,
                   const char     *value)
{
  PdPaylinkParams params = {
    .payee_id = PAYEE, .settlement_asset_id = BTC, .quote_asset_id = "usd",
    .quote_amount = "10", .order_id = "order-123",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autofree char *link = NULL;
  const char *name = pd_paylink_field_name (field);

  if (field == PD_PAYLINK_FIELD_RETURN_TO)
    params.return_to = value;
  else if (field == PD_PAYLINK_FIELD_REMARK)
    params.remark = value;
  else if (field == PD_PAYLINK_FIELD_TRACE_ID)
    params.trace_id = value;
  else
    g_assert_not_reached ();

  link = pd_paylink_build (&params, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strchr (link, '#'));
  g_assert_null (strchr (link, ' '));
  query = g_uri_parse_params (strchr (link, '?') + 1, -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (query, "quoteAmount"), ==, "10");
  g_assert_cmpstr (g_hash_table_lookup (query, "orderId"), ==, "order-123");
  if (*value != '\0')
    g_assert_cmpstr (g_hash_table_lookup (query, name), ==, value);
  else
    g_assert_false (g_hash_table_contains (query, name));
}

static void
test_validators (void)
{
  guint n_refused = 0;

  for (guint v = 0; v < G_N_ELEMENTS (validators); v++)
    {
      const char *name = pd_paylink_field_name (validators[v].field);
      g_autofree char *prefix = g_strconcat (name, ": ", NULL);
      g_autoptr(GError) error = NULL;

      /* The valid value passes, so a refusal below is the hostile part's. */
      g_assert_true (validators[v].validate (validators[v].valid, &error));
      g_assert_no_error (error);

      for (Hostile h = 0; h < N_HOSTILE; h++)
        {
          g_autofree char *value = make_hostile (h, validators[v].valid);
          gboolean valid = validators[v].validate (value, &error);

          if ((validators[v].accepted & BIT (h)) != 0)
            {
              if (!valid)
                g_error ("%s refused %s: %s", name, hostile_names[h], error->message);
              if (validators[v].field != PD_PAYLINK_FIELD_PAY_BASE)
                assert_link_keeps (validators[v].field, value);
              continue;
            }

          if (valid)
            g_error ("%s accepted the hostile value %s", name, hostile_names[h]);
          g_assert_error (error, PD_PAYLINK_ERROR, error->code);
          if (!g_str_has_prefix (error->message, prefix))
            g_error ("%s: the error for %s does not name the field: %s", name, hostile_names[h], error->message);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          g_assert_cmpuint (strlen (error->message), <, 1000);
          g_clear_error (&error);
          n_refused++;
        }
    }

  g_test_message ("validators: %u hostile values refused", n_refused);
}

static void
test_decimal (void)
{
  for (Hostile h = 0; h < N_HOSTILE; h++)
    {
      g_autofree char *value = make_hostile (h, "10");
      g_autoptr(GError) error = NULL;
      g_autofree char *parsed = pd_decimal_parse (value, &error);

      if (parsed != NULL)
        g_error ("pd_decimal_parse accepted %s as %s", hostile_names[h], parsed);
      g_assert_error (error, PD_DECIMAL_ERROR, error->code);
      g_assert_false (pd_decimal_is_valid (value));
    }

  /* Not numbers either, though a parser built on strtod would say so. */
  {
    const char * const others[] = { "1e3", "-1", "+1", "0x10", "1,000", "１０", "NaN", "inf", ".5", "5.", "1..2", NULL };

    for (guint i = 0; others[i] != NULL; i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *parsed = pd_decimal_parse (others[i], &error);

        if (parsed != NULL)
          g_error ("pd_decimal_parse accepted “%s” as %s", others[i], parsed);
      }
  }
}

/* Answers are measured, not NUL-terminated: a NUL byte inside one is a
 * broken answer, never a shorter one. */
static void
test_nul_bytes (void)
{
  static const char success[] =
    "{\"code\":0,\"success\":true,\"data\":{\"status\":\"success\",\"quoteAmount\":\"10\","
    "\"quoteAssetId\":\"usd\",\"payeeId\":\"" PAYEE "\"}}";
  const char *places[] = { "\"status\":\"succ", "\"quoteAmount\":\"1", "{\"code\":0", NULL };

  for (guint i = 0; places[i] != NULL; i++)
    {
      g_autoptr(GString) body = g_string_new (success);
      g_autoptr(GError) error = NULL;
      g_autoptr(PdPaymentResult) result = NULL;
      gsize at = strstr (success, places[i]) - success + strlen (places[i]);

      g_string_insert_len (body, at, "\0", 1);
      result = pd_payment_result_new_from_json (body->str, body->len, &error);
      if (result != NULL)
        g_assert_cmpint (pd_payment_result_verify (result, PAYEE, "usd", "10", NULL), !=, PD_ORDER_STATE_PAID);
      else
        g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED);
    }
}

/* ----- the ledger, byte for byte ---------------------------------------------- */

typedef struct
{
  char   *dir;
  char   *db;
  char   *config;   /* XDG_CONFIG_HOME: the keyfile settings backend */
} Fixture;

typedef struct
{
  GBytes *db;
  gint64  wal_size;  /* -1: none */
} Snapshot;

static void
snapshot_clear (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->db, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Snapshot, snapshot_clear)

static void
take_snapshot (const char *db,
               Snapshot   *snapshot)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf buf;
  gsize length;

  g_file_get_contents (db, &contents, &length, &error);
  g_assert_no_error (error);
  snapshot_clear (snapshot);
  snapshot->db = g_bytes_new_take (g_steal_pointer (&contents), length);
  snapshot->wal_size = g_stat (wal, &buf) == 0 ? (gint64) buf.st_size : -1;
}

static void
assert_unchanged (const char     *db,
                  const Snapshot *before,
                  const char     *what)
{
  g_auto(Snapshot) after = { 0 };

  take_snapshot (db, &after);
  if (!g_bytes_equal (before->db, after.db))
    g_error ("%s changed the ledger", what);
  /* No WAL left behind, or the one that was there, as it was. */
  if (after.wal_size != before->wal_size && !(after.wal_size <= 0 && before->wal_size <= 0))
    g_error ("%s changed the ledger's WAL (%" G_GINT64_FORMAT " → %" G_GINT64_FORMAT " bytes)",
             what, before->wal_size, after.wal_size);
}

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

static PdOrder *
make_order (const char *order_id)
{
  PdOrder *order = pd_order_new ();
  g_autofree char *link = g_strdup_printf ("https://mixpay.me/pay?orderId=%s", order_id);

  pd_order_set_payee_id (order, PAYEE);
  pd_order_set_order_id (order, order_id);
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, USDT);
  pd_order_set_quote_amount (order, "10");
  pd_order_set_note (order, "a note");
  pd_order_set_link (order, link);

  return order;
}

/* A ledger with two orders, closed (so its WAL is checkpointed away). */
static void
create_ledger (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (db, &error);
  g_autoptr(PdOrder) existing = make_order (EXISTING);
  g_autoptr(PdOrder) other = make_order ("other-order");

  g_assert_no_error (error);
  pd_store_insert_order (store, existing, &error);
  g_assert_no_error (error);
  pd_store_insert_order (store, other, &error);
  g_assert_no_error (error);
  pd_store_close (store);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("paydesk-bad-input-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "data", "paydesk.db", NULL);
  f->config = g_build_filename (f->dir, "config", NULL);
  create_ledger (f->db);
}

static gboolean run_quietly (const char * const *argv);

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  const char *mounts[] = { "ro", "full" };

  /* A failed check may have left a test file system mounted. */
  for (guint i = 0; i < G_N_ELEMENTS (mounts); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, mounts[i], NULL);
      const char *argv[] = { "umount", path, NULL };

      if (geteuid () == 0 && g_file_test (path, G_FILE_TEST_IS_DIR))
        run_quietly (argv);
    }

  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->config);
}

static GSubprocessLauncher *
launcher_new (Fixture *f)
{
  GSubprocessLauncher *launcher = pd_cli_launcher_new (f->db, f->config);

  /* Never the network: loopback, where nothing listens. */
  g_subprocess_launcher_setenv (launcher, "PAYDESK_PAY_BASE", "http://127.0.0.1:9", TRUE);
  return launcher;
}

/* ----- every option of every command ------------------------------------------ */

/* Linux caps one argument at 128 KiB (MAX_ARG_STRLEN): a "huge" command
 * line value is just under. */
#define HUGE_ARGUMENT (120 * 1024)

#define NEW_ARGS "new", "--payee", PAYEE, "--settlement-asset", BTC, "--quote-asset", USDT
#define LINK_ARGS "link", "--payee", PAYEE, "--settlement-asset", BTC, "--quote-asset", USDT, \
                  "--order-id", "order-123"
#define FREE_TEXT (BIT (HOSTILE_EMPTY) | BIT (HOSTILE_SPACES) | BIT (HOSTILE_SQL) | \
                   BIT (HOSTILE_LINK_CHARS) | BIT (HOSTILE_FILE_URL) | BIT (HOSTILE_JAVASCRIPT_URL))

/* An empty --api-base means MixPay's own, as an empty $PAYDESK_API_BASE. */
#define DEFAULT BIT (HOSTILE_EMPTY)

typedef struct
{
  const char *named;        /* what the error names */
  const char *args[16];     /* the command line before the value */
  const char *valid;        /* what a hostile value is made from */
  guint       accepted;     /* hostile values that are fine here (not run) */
} CliInput;

static const CliInput cli_inputs[] = {
  { "--payee", { LINK_ARGS, "--amount", "10", "--payee" }, PAYEE, 0 },
  { "--settlement-asset", { LINK_ARGS, "--amount", "10", "--settlement-asset" }, BTC, 0 },
  { "--quote-asset", { LINK_ARGS, "--amount", "10", "--quote-asset" }, "usd", 0 },
  { "--amount", { LINK_ARGS, "--amount" }, "10", 0 },
  { "--order-id", { LINK_ARGS, "--amount", "10", "--order-id" }, "order-123", 0 },
  { "--return-to", { LINK_ARGS, "--amount", "10", "--return-to" }, "https://shop.example/done",
    BIT (HOSTILE_EMPTY) | BIT (HOSTILE_LINK_CHARS) },
  { "--remark", { LINK_ARGS, "--amount", "10", "--remark" }, "thanks", FREE_TEXT },
  { "--trace-id", { LINK_ARGS, "--amount", "10", "--trace-id" }, TRACE, BIT (HOSTILE_EMPTY) },
  { "--expires-at", { LINK_ARGS, "--amount", "10", "--expires-at" }, "1900000000", 0 },
  { "--qr", { LINK_ARGS, "--amount", "10", "--qr" }, "code.png", BIT (HOSTILE_RLO) },
  { "--pay-base", { LINK_ARGS, "--amount", "10", "--pay-base" }, "https://mixpay.me", 0 },

  { "--amount", { NEW_ARGS, "--amount" }, "10", 0 },
  { "--order-id", { NEW_ARGS, "--amount", "10", "--order-id" }, "order-123", 0 },
  { "--payee", { NEW_ARGS, "--amount", "10", "--payee" }, PAYEE, 0 },
  { "--settlement-asset", { NEW_ARGS, "--amount", "10", "--settlement-asset" }, BTC, 0 },
  { "--quote-asset", { NEW_ARGS, "--amount", "10", "--quote-asset" }, "usd", 0 },
  { "--return-to", { NEW_ARGS, "--amount", "10", "--return-to" }, "https://shop.example/done",
    BIT (HOSTILE_EMPTY) | BIT (HOSTILE_LINK_CHARS) },
  { "--remark", { NEW_ARGS, "--amount", "10", "--remark" }, "thanks", FREE_TEXT },
  { "--note", { NEW_ARGS, "--amount", "10", "--note" }, "a note", FREE_TEXT },
  { "--expires-in", { NEW_ARGS, "--amount", "10", "--expires-in" }, "60", 0 },
  { "--qr", { NEW_ARGS, "--amount", "10", "--qr" }, "code.png", BIT (HOSTILE_RLO) },
  { "--pay-base", { NEW_ARGS, "--amount", "10", "--pay-base" }, "https://mixpay.me", 0 },
  { "--api-base", { NEW_ARGS, "--amount", "10", "--one-time", "--api-base" }, "https://api.mixpay.me/v1", DEFAULT },

  { "--state", { "list", "--state" }, "open", 0 },

  { "ORDER_ID", { "show" }, EXISTING, 0 },
  { "--payee", { "show", EXISTING, "--payee" }, PAYEE, 0 },

  { "--format", { "export", "--format" }, "csv", 0 },
  { "--state", { "export", "--format", "csv", "--state" }, "open", 0 },
  { "--since", { "export", "--format", "csv", "--since" }, "2026-11-01", 0 },

  { "ORDER_ID", { "cancel", "--reason", "paid cash" }, EXISTING, 0 },
  { "--reason", { "cancel", EXISTING, "--reason" }, "paid cash", FREE_TEXT & ~BIT (HOSTILE_EMPTY) },
  { "--payee", { "cancel", EXISTING, "--reason", "paid cash", "--payee" }, PAYEE, 0 },

  { "ORDER_ID", { "duplicate" }, EXISTING, 0 },
  { "--payee", { "duplicate", EXISTING, "--payee" }, PAYEE, 0 },
  { "--qr", { "duplicate", EXISTING, "--qr" }, "code.png", BIT (HOSTILE_RLO) },
  { "--pay-base", { "duplicate", EXISTING, "--pay-base" }, "https://mixpay.me", 0 },

  { "--rate", { "poll", "--once", "--rate" }, "60", 0 },
  { "--timeout", { "poll", "--once", "--timeout" }, "5", 0 },
  { "--api-base", { "poll", "--once", "--api-base" }, "https://api.mixpay.me/v1", DEFAULT },

  { "ORDER_ID", { "check" }, EXISTING, 0 },
  { "--payee", { "check", EXISTING, "--payee" }, PAYEE, 0 },
  { "--timeout", { "check", EXISTING, "--timeout" }, "5", 0 },
  { "--api-base", { "check", EXISTING, "--api-base" }, "https://api.mixpay.me/v1", DEFAULT },

  { "MIXIN_ID", { "lookup-payee" }, "12345", 0 },
  { "--api-base", { "lookup-payee", "12345", "--api-base" }, "https://api.mixpay.me/v1", DEFAULT },
};

static char *
make_hostile_argument (Hostile     kind,
                       const char *valid)
{
  char *value = make_hostile (kind, valid);

  if (kind == HOSTILE_HUGE)
    value[HUGE_ARGUMENT] = '\0';

  return value;
}

static void
assert_named_error (const PdCliRun *run,
                    const char     *named,
                    const char     *what)
{
  g_autofree char *prefix = g_strdup_printf ("paydesk-cli: %s: ", named);

  if (run->status != 2 || !g_str_has_prefix (run->err, prefix))
    g_error ("%s: expected exit 2 and an error naming %s, got %d: %.300s", what, named, run->status, run->err);
  g_assert_cmpstr (run->out, ==, "");
  /* One line of readable text, whatever was typed. */
  g_assert_true (g_utf8_validate (run->err, -1, NULL));
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
  g_assert_cmpuint (strlen (run->err), <, 2000);
  g_assert_null (strstr (run->err, RLO));
}

static void
test_cli_options (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (f);
  g_auto(Snapshot) before = { 0 };
  guint n_runs = 0;

  take_snapshot (f->db, &before);

  for (guint i = 0; i < G_N_ELEMENTS (cli_inputs); i++)
    {
      const CliInput *input = &cli_inputs[i];
      GSubprocess *processes[N_HOSTILE] = { NULL };
      g_autofree char *row = g_strjoinv (" ", (char **) input->args);

      /* All hostile values of one option at once: the machine has cores. */
      for (Hostile h = 0; h < N_HOSTILE; h++)
        {
          g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

          if ((input->accepted & BIT (h)) != 0)
            continue;

          for (guint a = 0; input->args[a] != NULL; a++)
            g_ptr_array_add (args, g_strdup (input->args[a]));
          g_ptr_array_add (args, make_hostile_argument (h, input->valid));
          g_ptr_array_add (args, NULL);
          processes[h] = pd_cli_spawn (launcher, (const char * const *) args->pdata);
        }

      for (Hostile h = 0; h < N_HOSTILE; h++)
        {
          g_auto(PdCliRun) run = { 0 };
          g_autoptr(GError) error = NULL;
          g_autofree char *what = NULL;

          if (processes[h] == NULL)
            continue;

          g_subprocess_communicate_utf8 (processes[h], NULL, NULL, &run.out, &run.err, &error);
          g_assert_no_error (error);
          pd_cli_assert_exited (processes[h], (const char * const []) { row, hostile_names[h], NULL }, &run);
          what = g_strdup_printf ("paydesk-cli %s ‹%s›", row, hostile_names[h]);
          run.status = g_subprocess_get_exit_status (processes[h]);
          g_clear_object (&processes[h]);

          assert_named_error (&run, input->named, what);
          n_runs++;
        }

      assert_unchanged (f->db, &before, row);
    }

  g_test_message ("%u hostile command lines refused, the ledger untouched", n_runs);
}

/* ----- settings ------------------------------------------------------------------ */

static void
write_setting (Fixture    *f,
               const char *key,
               const char *value)
{
  g_autofree char *folder = g_build_filename (f->config, "glib-2.0", "settings", NULL);
  g_autofree char *path = g_build_filename (folder, "keyfile", NULL);
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GVariant) variant = g_variant_ref_sink (g_variant_new_string (value));
  g_autofree char *text = g_variant_print (variant, FALSE);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_key_file_set_value (keyfile, "io/github/paydesk/Paydesk", key, text);
  g_key_file_save_to_file (keyfile, path, &error);
  g_assert_no_error (error);
}

static void
reset_settings (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->config, "glib-2.0", "settings", "keyfile", NULL);

  g_unlink (path);
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  static const struct
  {
    const char *key;
    const char *valid;
    const char *args[10];
  } settings[] = {
    { "payee-id", PAYEE, { "new", "--amount", "1", "--settlement-asset", BTC, "--quote-asset", USDT } },
    { "settlement-asset-id", BTC, { "new", "--amount", "1", "--payee", PAYEE, "--quote-asset", USDT } },
    { "quote-asset-id", "usd", { "new", "--amount", "1", "--payee", PAYEE, "--settlement-asset", BTC } },
    { "return-to", "https://shop.example/done", { "new", "--amount", "1", "--payee", PAYEE, "--settlement-asset", BTC, "--quote-asset", USDT } },
    { "api-base", "https://api.mixpay.me/v1", { "poll", "--once" } },
  };
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (f);
  g_auto(Snapshot) before = { 0 };
  guint n_runs = 0;

  take_snapshot (f->db, &before);
  g_subprocess_launcher_unsetenv (launcher, "PAYDESK_API_BASE");

  for (guint s = 0; s < G_N_ELEMENTS (settings); s++)
    {
      g_autofree char *named = g_strdup_printf ("setting %s", settings[s].key);

      for (Hostile h = 0; h < N_HOSTILE; h++)
        {
          g_auto(PdCliRun) run = { 0 };
          g_autofree char *value = NULL;
          g_autofree char *what = NULL;

          /* A GVariant string is UTF-8; empty means "not set". */
          if (h == HOSTILE_INVALID_UTF8 || h == HOSTILE_EMPTY ||
              (g_str_equal (settings[s].key, "return-to") && h == HOSTILE_LINK_CHARS))
            continue;

          value = make_hostile (h, settings[s].valid);
          write_setting (f, settings[s].key, value);
          pd_cli_run (launcher, &run, settings[s].args);
          what = g_strdup_printf ("setting %s ‹%s›", settings[s].key, hostile_names[h]);
          assert_named_error (&run, named, what);
          assert_unchanged (f->db, &before, what);
          n_runs++;
        }
      reset_settings (f);
    }

  g_test_message ("%u hostile settings refused, naming the setting", n_runs);
}

/* ----- addresses ------------------------------------------------------------------ */

#define LS "\u2028"
#define NEL "\xc2\x85"
/* "mixpay.me" with a Cyrillic "і". */
#define LOOK_ALIKE_HOST "m\u0456xpay.me"

/* Every way an address reaches paydesk-cli (an option, the environment, a
 * setting of the app), refused the same way, naming where it came from:
 * a returnTo an answer could not echo (the order could never be paid),
 * one with a user name that reads as its host, and bases on a host that
 * is not ASCII. */
static void
test_addresses (Fixture       *f,
                gconstpointer  data)
{
  static const struct
  {
    const char *named;
    const char *variable;  /* the value goes there… */
    const char *key;       /* …or in this setting… */
    const char *args[16];  /* …or after these */
  } ways[] = {
    { "--return-to", NULL, NULL, { LINK_ARGS, "--amount", "10", "--return-to" } },
    { "--return-to", NULL, NULL, { NEW_ARGS, "--amount", "10", "--return-to" } },
    { "setting return-to", NULL, "return-to", { NEW_ARGS, "--amount", "10" } },
    { "--pay-base", NULL, NULL, { LINK_ARGS, "--amount", "10", "--pay-base" } },
    { "--pay-base", NULL, NULL, { NEW_ARGS, "--amount", "10", "--pay-base" } },
    { "--pay-base", "PAYDESK_PAY_BASE", NULL, { LINK_ARGS, "--amount", "10" } },
    { "setting pay-base", NULL, "pay-base", { NEW_ARGS, "--amount", "10" } },
    { "--api-base", NULL, NULL, { "poll", "--once", "--api-base" } },
    { "--api-base", NULL, NULL, { "check", EXISTING, "--api-base" } },
    { "--api-base", "PAYDESK_API_BASE", NULL, { "lookup-payee", "12345" } },
    { "setting api-base", NULL, "api-base", { "poll", "--once" } },
  };
  static const char * const return_to[] = {
    "https://shop.example/" LS "done", "https://shop.example/" NEL, "https://shop.example/" RLO "x",
    "https://shop.example/\u2029", "https://mixpay.me@evil.example/", "https://@evil.example/",
    "https://user:secret@shop.example/", NULL,
  };
  static const char * const pay_base[] = {
    "https://" LOOK_ALIKE_HOST, "https://m%D1%96xpay.me/", "https://mixpay.me/" LS, NULL,
  };
  static const char * const api_base[] = {
    "https://api." LOOK_ALIKE_HOST "/v1", "https://api.m%D1%96xpay.me/v1",
    "https://api.mixpay.me/v1" NEL, NULL,
  };
  g_auto(Snapshot) before = { 0 };
  guint n_runs = 0;

  take_snapshot (f->db, &before);

  for (guint w = 0; w < G_N_ELEMENTS (ways); w++)
    {
      const char * const *values = strstr (ways[w].named, "return-to") != NULL ? return_to
                                   : strstr (ways[w].named, "pay-base") != NULL ? pay_base
                                   : api_base;

      for (guint v = 0; values[v] != NULL; v++)
        {
          g_autoptr(GSubprocessLauncher) launcher = launcher_new (f);
          g_autoptr(GPtrArray) args = g_ptr_array_new ();
          g_auto(PdCliRun) run = { 0 };
          g_autofree char *row = g_strjoinv (" ", (char **) ways[w].args);
          g_autofree char *what = g_strdup_printf ("%s ‹%s›", row, values[v]);

          /* The environment wins over a setting. */
          g_subprocess_launcher_unsetenv (launcher, "PAYDESK_API_BASE");
          if (g_strcmp0 (ways[w].key, "pay-base") == 0)
            g_subprocess_launcher_unsetenv (launcher, "PAYDESK_PAY_BASE");
          for (guint a = 0; ways[w].args[a] != NULL; a++)
            g_ptr_array_add (args, (char *) ways[w].args[a]);
          if (ways[w].variable != NULL)
            g_subprocess_launcher_setenv (launcher, ways[w].variable, values[v], TRUE);
          else if (ways[w].key != NULL)
            write_setting (f, ways[w].key, values[v]);
          else
            g_ptr_array_add (args, (char *) values[v]);
          g_ptr_array_add (args, NULL);

          pd_cli_run (launcher, &run, (const char * const *) args->pdata);
          assert_named_error (&run, ways[w].named, what);
          assert_unchanged (f->db, &before, what);
          reset_settings (f);
          n_runs++;
        }
    }

  g_test_message ("%u bad addresses refused", n_runs);
}

/* ----- the ledger file itself -------------------------------------------------- */

static void
assert_failure (const PdCliRun *run,
                const char     *what)
{
  if (run->status != 1)
    g_error ("%s: expected exit 1, got %d: %s", what, run->status, run->err);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "paydesk-cli: "));
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
}

/* Commands that open the ledger, and what each would write. */
static const char * const ledger_commands[][10] = {
  { "list" },
  { "show", EXISTING },
  { "export", "--format", "json" },
  { "new", "--amount", "1", "--payee", PAYEE, "--settlement-asset", BTC, "--quote-asset", USDT },
  { "cancel", EXISTING, "--reason", "paid cash" },
  { "duplicate", EXISTING },
  { "poll", "--once" },
};

static void
test_newer_version (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (f);
  g_auto(Snapshot) before = { 0 };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  take_snapshot (f->db, &before);

  for (guint i = 0; i < G_N_ELEMENTS (ledger_commands); i++)
    {
      g_auto(PdCliRun) run = { 0 };

      pd_cli_run (launcher, &run, ledger_commands[i]);
      assert_failure (&run, ledger_commands[i][0]);
      g_assert_nonnull (strstr (run.err, f->db));
      assert_unchanged (f->db, &before, ledger_commands[i][0]);
    }
}

static gboolean
run_quietly (const char * const *argv)
{
  int status = -1;

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                       G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

/* A tmpfs of @size at @path: only root can, and only where mounts are
 * allowed (not in every container). */
static gboolean
mount_tmpfs (const char *path,
             const char *size)
{
  g_autofree char *options = g_strdup_printf ("size=%s,mode=0700", size);
  const char *argv[] = { "mount", "-t", "tmpfs", "-o", options, "paydesk-test", path, NULL };

  return geteuid () == 0 && run_quietly (argv);
}

static void
unmount (const char *path)
{
  const char *argv[] = { "umount", path, NULL };

  g_assert_true (run_quietly (argv));
}

static void
assert_every_command_fails (Fixture             *f,
                            GSubprocessLauncher *launcher,
                            const char          *db,
                            gboolean             reading_works)
{
  g_auto(Snapshot) before = { 0 };

  take_snapshot (db, &before);
  for (guint i = 0; i < G_N_ELEMENTS (ledger_commands); i++)
    {
      g_auto(PdCliRun) run = { 0 };
      g_autofree char *what = g_strdup_printf ("%s on %s", ledger_commands[i][0], db);

      pd_cli_run (launcher, &run, ledger_commands[i]);
      /* Reading may work where writing cannot; a write never does. */
      if (!(reading_works && run.status == 0 && i < 3))
        assert_failure (&run, what);
      assert_unchanged (db, &before, what);
    }
}

static void
test_read_only_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (f);
  g_autofree char *folder = g_path_get_dirname (f->db);
  g_autofree char *mount_point = g_build_filename (f->dir, "ro", NULL);

  /* No root needed: a folder that cannot exist. */
  {
    g_autofree char *below_file = g_build_filename (f->db, "paydesk.db", NULL);
    g_auto(PdCliRun) run = { 0 };
    const char *args[] = { "new", "--db", below_file, "--amount", "1", "--payee", PAYEE,
                           "--settlement-asset", BTC, "--quote-asset", USDT, NULL };
    const char *in_proc[] = { "new", "--db", "/proc/paydesk-test/paydesk.db", "--amount", "1", "--payee", PAYEE,
                              "--settlement-asset", BTC, "--quote-asset", USDT, NULL };
    g_auto(Snapshot) before = { 0 };

    take_snapshot (f->db, &before);
    pd_cli_run (launcher, &run, args);
    assert_failure (&run, "a ledger below a file");
    pd_cli_run_clear (&run);
    pd_cli_run (launcher, &run, in_proc);
    assert_failure (&run, "a ledger in /proc");
    g_assert_false (g_file_test ("/proc/paydesk-test", G_FILE_TEST_EXISTS));
    assert_unchanged (f->db, &before, "a ledger below a file");
  }

  if (geteuid () != 0)
    {
      /* The folder of an existing ledger made read-only. */
      g_assert_cmpint (g_chmod (folder, 0500), ==, 0);
      assert_every_command_fails (f, launcher, f->db, TRUE);
      g_assert_cmpint (g_chmod (folder, 0700), ==, 0);
      return;
    }

  /* Root ignores permissions, but not a read-only file system. */
  g_assert_cmpint (g_mkdir (mount_point, 0700), ==, 0);
  if (!mount_tmpfs (mount_point, "1m"))
    {
      g_test_skip ("running as root, where folder permissions are not enforced, and "
                   "no tmpfs can be mounted here to make a read-only file system");
      return;
    }

  {
    g_autofree char *db = g_build_filename (mount_point, "paydesk.db", NULL);
    g_autoptr(GSubprocessLauncher) ro_launcher = pd_cli_launcher_new (db, f->config);
    g_autofree char *options = NULL;
    const char *remount[] = { "mount", "-o", "remount,ro", mount_point, NULL };

    create_ledger (db);
    g_assert_true (run_quietly (remount));
    g_subprocess_launcher_setenv (ro_launcher, "PAYDESK_PAY_BASE", "http://127.0.0.1:9", TRUE);
    /* SQLite cannot open a WAL ledger read-only without its -shm: every
     * command fails, and says so. */
    assert_every_command_fails (f, ro_launcher, db, TRUE);
    unmount (mount_point);
  }
}

typedef struct
{
  rlim_t max_file_size;
} FileSizeLimit;

/* In the child, before exec: files may not grow past the limit. SIGXFSZ
 * keeps its default action (death), as under `ulimit -f` in a shell:
 * paydesk-cli itself must turn it into an error (EFBIG). */
static void
limit_file_size (gpointer user_data)
{
  FileSizeLimit *limit = user_data;
  struct rlimit rlimit = { limit->max_file_size, limit->max_file_size };

  signal (SIGXFSZ, SIG_DFL);
  setrlimit (RLIMIT_FSIZE, &rlimit);
}

static gboolean
ledger_is_healthy (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (path, &error);
  g_autofree char *check = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  pd_store_close (store);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    check = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_strcmp0 (check, "ok") == 0;
}

/* A disk that fills up at every possible moment of a write: the order is
 * recorded whole and printed, or refused and the ledger left as it was. */
static void
test_full_disk_limits (Fixture       *f,
                       gconstpointer  data)
{
  static const rlim_t limits[] = { 0, 512, 4096, 16384, 32768, 36864, 40960, 49152, 65536 };
  guint n_refused = 0;

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = launcher_new (f);
      g_autofree char *order_id = g_strdup_printf ("full-disk-%u", i);
      const char *args[] = { "new", "--amount", "1", "--order-id", order_id, "--payee", PAYEE,
                             "--settlement-asset", BTC, "--quote-asset", USDT, NULL };
      FileSizeLimit limit = { limits[i] };
      g_auto(PdCliRun) run = { 0 };
      g_auto(Snapshot) before = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(PdStore) store = NULL;
      g_autoptr(PdOrder) order = NULL;

      take_snapshot (f->db, &before);
      g_subprocess_launcher_set_child_setup (launcher, limit_file_size, &limit, NULL);
      pd_cli_run (launcher, &run, args);

      if (run.status == 0)
        {
          g_assert_nonnull (strstr (run.out, order_id));
        }
      else
        {
          assert_failure (&run, order_id);
          assert_unchanged (f->db, &before, order_id);
          n_refused++;
        }

      g_assert_true (ledger_is_healthy (f->db));
      store = pd_store_open (f->db, &error);
      g_assert_no_error (error);
      order = pd_store_lookup_order (store, PAYEE, order_id, NULL);
      g_assert_true ((order != NULL) == (run.status == 0));
      pd_store_close (store);
    }

  g_test_message ("file size limits: %u of %zu writes refused cleanly", n_refused, G_N_ELEMENTS (limits));
  g_assert_cmpuint (n_refused, >, 0);
}

/* A real full file system, where root may mount one. */
static void
test_full_disk_tmpfs (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *mount_point = g_build_filename (f->dir, "full", NULL);
  g_autofree char *db = g_build_filename (mount_point, "paydesk.db", NULL);
  g_autofree char *filler = g_build_filename (mount_point, "filler", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_auto(PdCliRun) run = { 0 };
  g_auto(Snapshot) before = { 0 };
  const char *args[] = { "new", "--amount", "1", "--order-id", "full-disk", "--payee", PAYEE,
                         "--settlement-asset", BTC, "--quote-asset", USDT, NULL };
  char block[4096] = { 0 };
  FILE *file;

  g_assert_cmpint (g_mkdir (mount_point, 0700), ==, 0);
  if (!mount_tmpfs (mount_point, "256k"))
    {
      g_test_skip (geteuid () != 0 ? "mounting a small tmpfs needs root"
                                   : "no tmpfs can be mounted here (mounts not allowed)");
      g_rmdir (mount_point);
      return;
    }

  create_ledger (db);
  /* Fill what is left. */
  file = fopen (filler, "w");
  g_assert_nonnull (file);
  while (fwrite (block, 1, sizeof block, file) == sizeof block && fflush (file) == 0)
    ;
  fclose (file);

  launcher = pd_cli_launcher_new (db, f->config);
  take_snapshot (db, &before);
  pd_cli_run (launcher, &run, args);
  assert_failure (&run, "new on a full disk");
  assert_unchanged (db, &before, "new on a full disk");

  /* Space again (even opening needs some): the ledger is whole, and the
   * order can be recorded now. */
  g_unlink (filler);
  g_assert_true (ledger_is_healthy (db));
  pd_cli_run_clear (&run);
  pd_cli_run (launcher, &run, args);
  pd_cli_assert_ok (&run);
  g_assert_true (ledger_is_healthy (db));

  unmount (mount_point);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/bad-input/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/bad-input/validators", test_validators);
  g_test_add_func ("/bad-input/decimal", test_decimal);
  g_test_add_func ("/bad-input/nul-bytes", test_nul_bytes);
  ADD ("cli-options", test_cli_options);
  ADD ("settings", test_settings);
  ADD ("addresses", test_addresses);
  ADD ("newer-version", test_newer_version);
  ADD ("read-only-folder", test_read_only_folder);
  ADD ("full-disk-limits", test_full_disk_limits);
  ADD ("full-disk-tmpfs", test_full_disk_tmpfs);

#undef ADD

  return g_test_run ();
}
