/* test-cli-i18n.c: paydesk-cli speaks Simplified Chinese under LANGUAGE=zh_CN
 *
 * Runs the built CLI with the catalogue compiled into the build tree
 * ($PAYDESK_LOCALEDIR, set by tests/meson.build).  LC_ALL=C.UTF-8 is enough
 * for gettext to honour LANGUAGE on Debian 12, so no zh_CN locale has to be
 * generated on the machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "pd-test-cli.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("paydesk-cli-i18n-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "paydesk.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (fixture->dir);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;
  GFile *child;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL &&
         g_file_enumerator_iterate (children, &info, &child, NULL, NULL) &&
         info != NULL)
    g_file_delete (child, NULL, NULL);
  g_file_delete (dir, NULL, NULL);

  g_free (fixture->db);
  g_free (fixture->dir);
}

/* A launcher in Simplified Chinese, or in plain English when @language is
 * the empty string. */
static GSubprocessLauncher *
launcher_new (Fixture    *fixture,
              const char *language)
{
  GSubprocessLauncher *launcher = pd_cli_launcher_new (fixture->db, fixture->dir);

  g_assert_nonnull (g_getenv ("PAYDESK_LOCALEDIR"));
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
  return launcher;
}

static guint
count_han (const char *text)
{
  guint count = 0;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
        count++;
    }
  return count;
}

static void
test_help_in_chinese (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (fixture, "zh_CN");
  g_auto(PdCliRun) run = { 0 };
  g_auto(GStrv) lines = NULL;
  guint summaries = 0;

  PD_CLI_RUN (launcher, &run, "--help");
  pd_cli_assert_ok (&run);

  g_assert_nonnull (strstr (run.out, "用法："));
  g_assert_nonnull (strstr (run.out, "命令："));
  g_assert_null (strstr (run.out, "Usage:"));
  g_assert_null (strstr (run.out, "Commands:"));

  /* Every command's summary line ("  link       …") is in Chinese. */
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "  ") && !g_str_has_prefix (lines[i], "  paydesk-cli"))
        {
          g_assert_cmpuint (count_han (lines[i]), >=, 4);
          summaries++;
        }
    }
  g_assert_cmpuint (summaries, >=, 10);
}

static void
test_command_help_in_chinese (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (fixture, "zh_CN");
  g_auto(PdCliRun) run = { 0 };

  PD_CLI_RUN (launcher, &run, "link", "--help");
  pd_cli_assert_ok (&run);

  /* GOption's own words come from GLib's catalogue, which may not be
   * installed; the option descriptions are ours. */
  g_assert_nonnull (strstr (run.out, "--payee"));
  g_assert_nonnull (strstr (run.out, "收款方 ID"));
  g_assert_null (strstr (run.out, "the UUID of the account that receives the money"));
  g_assert_cmpuint (count_han (run.out), >=, 50);
}

static void
test_usage_error_in_chinese (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (fixture, "zh_CN");
  g_auto(PdCliRun) run = { 0 };

  PD_CLI_RUN (launcher, &run,
              "link", "--payee", PAYEE, "--settlement-asset", BTC, "--quote-asset", USDT,
              "--amount", "x", "--order-id", "product1000432");
  pd_cli_assert_usage_error (&run, "--amount");

  /* The core library's message, from the same domain. */
  g_assert_nonnull (strstr (run.err, "不是普通的十进制数"));
  g_assert_null (strstr (run.err, "not a plain decimal number"));
}

static void
test_unknown_command_in_chinese (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (fixture, "zh_CN");
  g_auto(PdCliRun) run = { 0 };

  PD_CLI_RUN (launcher, &run, "frobnicate");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "未知命令“frobnicate”"));
}

static int
display_width (const char *text,
               const char *end)
{
  int width = 0;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

/* `show` pads its labels by terminal columns, not bytes: every value
 * starts in the same column although the Chinese labels differ in length
 * and take two columns a character. */
static void
test_show_lines_up (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (fixture, "zh_CN");
  g_auto(PdCliRun) run = { 0 };
  g_auto(GStrv) lines = NULL;
  int column = -1;
  guint fields = 0;

  PD_CLI_RUN (launcher, &run,
              "new", "--payee", PAYEE, "--settlement-asset", BTC, "--quote-asset", USDT,
              "--amount", "12.5", "--order-id", "coffee-0001", "--note", "两杯咖啡");
  pd_cli_assert_ok (&run);
  PD_CLI_RUN (launcher, &run, "show", "coffee-0001");
  pd_cli_assert_ok (&run);

  g_assert_nonnull (strstr (run.out, "订单 ID："));
  g_assert_nonnull (strstr (run.out, "计价资产："));
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      const char *colon = strstr (lines[i], "：");
      const char *value;

      g_assert_nonnull (colon);
      value = colon + strlen ("：");
      while (*value == ' ')
        value++;
      if (column < 0)
        column = display_width (lines[i], value);
      g_assert_cmpint (display_width (lines[i], value), ==, column);
      fields++;
    }
  g_assert_cmpuint (fields, >=, 8);
}

/* The same build, without LANGUAGE, stays in English: the Chinese above
 * comes from the catalogue, not from the program. */
static void
test_english_without_language (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (fixture, "");
  g_auto(PdCliRun) run = { 0 };

  PD_CLI_RUN (launcher, &run, "--help");
  pd_cli_assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "Usage:"));
  g_assert_cmpuint (count_han (run.out), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli-i18n/help", Fixture, NULL,
              fixture_set_up, test_help_in_chinese, fixture_tear_down);
  g_test_add ("/cli-i18n/command-help", Fixture, NULL,
              fixture_set_up, test_command_help_in_chinese, fixture_tear_down);
  g_test_add ("/cli-i18n/usage-error", Fixture, NULL,
              fixture_set_up, test_usage_error_in_chinese, fixture_tear_down);
  g_test_add ("/cli-i18n/unknown-command", Fixture, NULL,
              fixture_set_up, test_unknown_command_in_chinese, fixture_tear_down);
  g_test_add ("/cli-i18n/show-lines-up", Fixture, NULL,
              fixture_set_up, test_show_lines_up, fixture_tear_down);
  g_test_add ("/cli-i18n/english-without-language", Fixture, NULL,
              fixture_set_up, test_english_without_language, fixture_tear_down);

  return g_test_run ();
}
