/* test-cli-link.c: `paydesk-cli link`, run as a script would run it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"

#define BRIEF_LINK \
  "https://mixpay.me/pay?payeeId=a38ed284-5689-4fb9-8c2a-91fba5e32ce9" \
  "&settlementAssetId=c6d0c728-2624-429b-8e0d-d9d19b6592fa" \
  "&quoteAssetId=4d8c508b-91c5-375b-92b0-ee702ed2dac5" \
  "&quoteAmount=10&orderId=product1000432"

#define BRIEF_ARGS \
  "link", "--payee", PAYEE, "--settlement-asset", BTC, "--quote-asset", USDT, \
  "--amount", "10", "--order-id", "product1000432"

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

/* Runs paydesk-cli with @args (NULL-terminated) and, if @pay_base is not
 * NULL, PAYDESK_PAY_BASE set to it. */
static void
run_cli_with_env (CliRun             *run,
                  const char         *pay_base,
                  const char * const *args)
{
  const char *cli = g_getenv ("PAYDESK_CLI");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  if (cli == NULL)
    g_error ("PAYDESK_CLI is not set: run this test through meson");

  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "PAYDESK_PAY_BASE");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "", TRUE);
  if (pay_base != NULL)
    g_subprocess_launcher_setenv (launcher, "PAYDESK_PAY_BASE", pay_base, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

#define run_cli(run, ...) \
  run_cli_with_env ((run), NULL, (const char * const[]) { __VA_ARGS__, NULL })

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return n;
}

/* Invalid input: exit 2, nothing on stdout, exactly one line on stderr. */
static void
assert_usage_error (const CliRun *run,
                    const char   *expected_start)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpuint (count_lines (run->err), ==, 1);
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  if (!g_str_has_prefix (run->err, expected_start))
    g_error ("stderr “%s” does not start with “%s”", run->err, expected_start);
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("paydesk-test-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_dir_entries (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (handle);
  while (g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

static char *
decode_with_zbar (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");

  if (zbarimg == NULL)
    g_error ("zbarimg is missing: install zbar-tools (build-aux/common.sh does)");

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, zbarimg, "--raw", "-q", path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  g_strchomp (out);
  return g_steal_pointer (&out);
}

static void
test_brief_example (void)
{
  g_auto(CliRun) run = { 0 };

  run_cli (&run, BRIEF_ARGS);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpstr (run.out, ==, BRIEF_LINK "\n");
  g_assert_cmpint (run.status, ==, 0);
}

static void
test_placeholder_return_to (void)
{
  g_auto(CliRun) run = { 0 };

  run_cli (&run, BRIEF_ARGS, "--return-to", "the_customer_order_payment_url_on_your_site");
  assert_usage_error (&run, "paydesk-cli: --return-to: ");
  g_assert_null (strstr (run.err, "returnTo"));
}

static void
test_invalid_options (void)
{
  static const struct { const char *option; const char *value; const char *expected; } cases[] = {
    { "--amount", "0", "paydesk-cli: --amount: must be greater than zero\n" },
    { "--amount", "1e5", "paydesk-cli: --amount: " },
    { "--amount", "-1", "paydesk-cli: --amount: " },
    { "--amount", "1,000", "paydesk-cli: --amount: " },
    { "--amount", "0.000000001", "paydesk-cli: --amount: " },
    { "--payee", "37160854", "paydesk-cli: --payee: " },
    { "--settlement-asset", "btc", "paydesk-cli: --settlement-asset: " },
    { "--quote-asset", "USD", "paydesk-cli: --quote-asset: " },
    { "--order-id", "abcde", "paydesk-cli: --order-id: " },
    { "--order-id", "order 12345", "paydesk-cli: --order-id: " },
    { "--return-to", "javascript:alert(1)", "paydesk-cli: --return-to: " },
    { "--return-to", "file:///etc/passwd", "paydesk-cli: --return-to: " },
    { "--remark", "two\nlines", "paydesk-cli: --remark: " },
    { "--trace-id", "trace-1", "paydesk-cli: --trace-id: " },
    { "--expires-at", "1", "paydesk-cli: --expires-at: " },
    { "--expires-at", "0", "paydesk-cli: --expires-at: " },
    { "--expires-at", "soon", "paydesk-cli: --expires-at: " },
    { "--expires-at", "-5", "paydesk-cli: --expires-at: " },
    { "--pay-base", "http://mixpay.me", "paydesk-cli: --pay-base: " },
    { "--pay-base", "ftp://127.0.0.1", "paydesk-cli: --pay-base: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(CliRun) run = { 0 };
      g_autofree char *dir = make_temp_dir ();
      g_autofree char *qr = g_build_filename (dir, "code.png", NULL);

      /* The later option wins, so the brief's valid value is replaced. */
      run_cli (&run, BRIEF_ARGS, "--qr", qr, cases[i].option, cases[i].value);
      assert_usage_error (&run, cases[i].expected);
      /* The MixPay spelling of the field is not shown. */
      g_assert_null (strstr (run.err, "quoteAmount"));
      g_assert_null (strstr (run.err, "payeeId"));
      g_assert_cmpuint (count_dir_entries (dir), ==, 0);
      g_rmdir (dir);
    }
}

static void
test_missing_option (void)
{
  g_auto(CliRun) run = { 0 };

  run_cli (&run, "link", "--payee", PAYEE, "--settlement-asset", BTC,
           "--quote-asset", USDT, "--order-id", "product1000432");
  assert_usage_error (&run, "paydesk-cli: --amount: ");
}

static void
test_unknown_option_and_argument (void)
{
  g_auto(CliRun) unknown = { 0 };
  g_auto(CliRun) extra = { 0 };

  run_cli (&unknown, BRIEF_ARGS, "--colour", "red");
  assert_usage_error (&unknown, "paydesk-cli: ");

  run_cli (&extra, BRIEF_ARGS, "stray");
  assert_usage_error (&extra, "paydesk-cli: ");
  g_assert_nonnull (strstr (extra.err, "stray"));
}

static void
test_optional_values (void)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *expires = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              g_get_real_time () / G_USEC_PER_SEC + 3600);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;

  run_cli (&run, BRIEF_ARGS, "--amount", "012.50",
           "--return-to", "https://shop.example/o?id=1&x=2",
           "--remark", "两杯咖啡 &=#+%",
           "--trace-id", "0a6c3d1c-8a38-4a1b-9f11-3c2a7b2f1e4d",
           "--expires-at", expires);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (count_lines (run.out), ==, 1);

  g_strchomp (run.out);
  uri = g_uri_parse (run.out, G_URI_FLAGS_ENCODED_QUERY, &error);
  g_assert_no_error (error);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (params), ==, 9);
  g_assert_cmpstr (g_hash_table_lookup (params, "quoteAmount"), ==, "12.5");
  g_assert_cmpstr (g_hash_table_lookup (params, "returnTo"), ==, "https://shop.example/o?id=1&x=2");
  g_assert_cmpstr (g_hash_table_lookup (params, "remark"), ==, "两杯咖啡 &=#+%");
  g_assert_cmpstr (g_hash_table_lookup (params, "traceId"), ==, "0a6c3d1c-8a38-4a1b-9f11-3c2a7b2f1e4d");
  g_assert_cmpstr (g_hash_table_lookup (params, "expiredTimestamp"), ==, expires);
}

static void
test_pay_base (void)
{
  g_auto(CliRun) option = { 0 };
  g_auto(CliRun) env = { 0 };
  g_auto(CliRun) both = { 0 };
  g_auto(CliRun) bad_env = { 0 };

  run_cli (&option, BRIEF_ARGS, "--pay-base", "http://127.0.0.1:8080/");
  g_assert_cmpint (option.status, ==, 0);
  g_assert_true (g_str_has_prefix (option.out, "http://127.0.0.1:8080/pay?payeeId=" PAYEE "&"));

  run_cli_with_env (&env, "http://localhost:9000", (const char * const[]) { BRIEF_ARGS, NULL });
  g_assert_cmpint (env.status, ==, 0);
  g_assert_true (g_str_has_prefix (env.out, "http://localhost:9000/pay?payeeId="));

  /* The command line beats the environment. */
  run_cli_with_env (&both, "http://localhost:9000",
                    (const char * const[]) { BRIEF_ARGS, "--pay-base", "https://pay.example/", NULL });
  g_assert_cmpint (both.status, ==, 0);
  g_assert_true (g_str_has_prefix (both.out, "https://pay.example/pay?payeeId="));

  run_cli_with_env (&bad_env, "http://pay.example", (const char * const[]) { BRIEF_ARGS, NULL });
  assert_usage_error (&bad_env, "paydesk-cli: --pay-base: ");
}

static void
test_qr_png (void)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "order.png", NULL);
  g_autofree char *decoded = NULL;

  run_cli (&run, BRIEF_ARGS, "--remark", "两杯咖啡", "--qr", path);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, BRIEF_LINK "&remark=%E4%B8%A4"));

  decoded = decode_with_zbar (path);
  g_strchomp (run.out);
  g_assert_cmpstr (decoded, ==, run.out);
  /* No temporary file is left beside it. */
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_qr_svg (void)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "order.svg", NULL);
  g_autofree char *contents = NULL;

  run_cli (&run, BRIEF_ARGS, "--qr", path);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, BRIEF_LINK "\n");
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "<?xml"));
  g_assert_nonnull (strstr (contents, "<path "));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_qr_bad_extension (void)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "order.jpg", NULL);

  run_cli (&run, BRIEF_ARGS, "--qr", path);
  assert_usage_error (&run, "paydesk-cli: --qr: ");
  g_assert_cmpuint (count_dir_entries (dir), ==, 0);
  g_rmdir (dir);
}

static void
test_qr_unwritable (void)
{
  g_auto(CliRun) missing = { 0 };
  g_auto(CliRun) read_only = { 0 };
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *missing_path = g_build_filename (dir, "no-such-folder", "order.png", NULL);
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *locked_path = g_build_filename (locked, "order.svg", NULL);

  /* A runtime failure: exit 1, one clear line, and no link printed. */
  run_cli (&missing, BRIEF_ARGS, "--qr", missing_path);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_cmpstr (missing.out, ==, "");
  g_assert_cmpuint (count_lines (missing.err), ==, 1);
  g_assert_true (g_str_has_prefix (missing.err, "paydesk-cli: "));
  g_assert_nonnull (strstr (missing.err, "order.png"));

  g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
  run_cli (&read_only, BRIEF_ARGS, "--qr", locked_path);
  /* root ignores folder permissions; the check only means something for
   * other users. */
  if (access (locked, W_OK) != 0)
    {
      g_assert_cmpint (read_only.status, ==, 1);
      g_assert_cmpstr (read_only.out, ==, "");
      g_assert_cmpuint (count_lines (read_only.err), ==, 1);
      g_assert_cmpuint (count_dir_entries (locked), ==, 0);
    }
  else
    {
      g_assert_cmpint (read_only.status, ==, 0);
      g_unlink (locked_path);
    }

  g_rmdir (locked);
  g_rmdir (dir);
}

static void
test_help_and_version (void)
{
  static const char * const options[] = {
    "--payee", "--settlement-asset", "--quote-asset", "--amount", "--order-id",
    "--return-to", "--remark", "--trace-id", "--expires-at", "--pay-base", "--qr",
    "--help",
  };
  g_auto(CliRun) help = { 0 };
  g_auto(CliRun) version = { 0 };
  g_autofree char *expected_version = g_strdup_printf ("paydesk-cli %s\n", PACKAGE_VERSION);

  run_cli (&help, "link", "--help");
  g_assert_cmpint (help.status, ==, 0);
  g_assert_cmpstr (help.err, ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      g_autofree char *listed = g_strconcat (" ", options[i], NULL);

      if (strstr (help.out, listed) == NULL)
        g_error ("--help does not list %s:\n%s", options[i], help.out);
    }
  g_assert_nonnull (strstr (help.out, "--amount=DEC"));
  g_assert_nonnull (strstr (help.out, "--pay-base=URL"));

  run_cli (&version, "--version");
  g_assert_cmpint (version.status, ==, 0);
  g_assert_cmpstr (version.out, ==, expected_version);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/link/brief-example", test_brief_example);
  g_test_add_func ("/cli/link/placeholder-return-to", test_placeholder_return_to);
  g_test_add_func ("/cli/link/invalid-options", test_invalid_options);
  g_test_add_func ("/cli/link/missing-option", test_missing_option);
  g_test_add_func ("/cli/link/unknown-option", test_unknown_option_and_argument);
  g_test_add_func ("/cli/link/optional-values", test_optional_values);
  g_test_add_func ("/cli/link/pay-base", test_pay_base);
  g_test_add_func ("/cli/link/qr-png", test_qr_png);
  g_test_add_func ("/cli/link/qr-svg", test_qr_svg);
  g_test_add_func ("/cli/link/qr-bad-extension", test_qr_bad_extension);
  g_test_add_func ("/cli/link/qr-unwritable", test_qr_unwritable);
  g_test_add_func ("/cli/link/help-and-version", test_help_and_version);

  return g_test_run ();
}
