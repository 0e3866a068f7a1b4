/* pd-cli.c: paydesk-cli, the Paydesk core for scripts and servers
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "pd-cli-private.h"

/* A command without a run function draws documents: it is in
 * paydesk-cli-documents (pd-cli-documents.c), so that the others never
 * load cairo, Pango or librsvg. */
static const PdCliCommand commands[] = {
  { "link", N_("--payee ID --settlement-asset ID --quote-asset ID --amount DEC --order-id ID"),
    N_("Print a payment link and optionally write its QR code"), pd_cli_cmd_link },
  { "new", N_("--amount DEC [--order-id ID] [--note TEXT] [--json]"),
    N_("Record a new order and print its payment link"), pd_cli_cmd_new },
  { "list", N_("[--state STATE] [--json]"),
    N_("List the orders of the ledger"), pd_cli_cmd_list },
  { "show", N_("ORDER_ID [--json]"),
    N_("Show an order and its history"), pd_cli_cmd_show },
  { "export", N_("--format csv|json [--state STATE] [--since DATE] [--output FILE]"),
    N_("Export orders as CSV or JSON"), pd_cli_cmd_export },
  { "cancel", N_("ORDER_ID --reason TEXT"),
    N_("Cancel an open order"), pd_cli_cmd_cancel },
  { "duplicate", N_("ORDER_ID"),
    N_("Record a new order like an existing one"), pd_cli_cmd_duplicate },
  { "poll", N_("[--once | --until-settled] [--rate N] [--timeout SECONDS]"),
    N_("Ask MixPay about open orders and print every change of state"), pd_cli_cmd_poll },
  { "check", N_("ORDER_ID"),
    N_("Ask MixPay about one order now"), pd_cli_cmd_check },
  { "lookup-payee", N_("MIXIN_ID"),
    N_("Print the payee ID of a Mixin ID"), pd_cli_cmd_lookup_payee },
  { "invoice", N_("ORDER_ID --pdf FILE | --text | --reminder [--paper a4|letter]"),
    N_("Write an order's invoice as a PDF, or print it as text"), NULL },
  { "receipt", N_("ORDER_ID --pdf FILE [--paper a4|letter]"),
    N_("Write the receipt of a paid order as a PDF"), NULL },
  { "report", N_("[--from DATE] [--to DATE] [--by day|week|month] [--json | --csv | --pdf FILE]"),
    N_("Print the takings of a range of days, or write its end-of-day report as a PDF"), NULL },
  { "import-ledger", N_("FILE"),
    N_("Copy a desk’s ledger, every order with its history, into this ledger"), pd_cli_cmd_import_ledger },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n  %s\n\n%s\n",
           _("Usage:"), _("paydesk-cli [--db PATH] [--pay-base URL] [--api-base URL] COMMAND [OPTION…]"),
           _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-13s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n%s\n",
           _("--db, --pay-base and --api-base, which every command takes, may come before the command or after it; "
             "a command’s own options come after it."),
           _("Run “paydesk-cli COMMAND --help” for the options of a command."));
}

/* The command whose options are being parsed: its global options fall
 * back to those given before the command, then to the environment, once
 * the command line has been read. */
static PdCli *parsing_cli;
/* The options of every command given before the command's name. */
static PdCli before_command;

void
pd_cli_add_global_options (PdCli          *cli,
                           GOptionContext *context)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &cli->db_path,
      N_("The order ledger (default: $PAYDESK_DB, or paydesk.db in the user data folder)"), N_("PATH") },
    { "pay-base", 0, 0, G_OPTION_ARG_STRING, &cli->pay_base,
      N_("Base of payment links (default: $PAYDESK_PAY_BASE or https://mixpay.me)"), N_("URL") },
    { "api-base", 0, 0, G_OPTION_ARG_STRING, &cli->api_base,
      N_("MixPay API base (default: $PAYDESK_API_BASE or https://api.mixpay.me/v1)"), N_("URL") },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("global",
                                            _("Options of every command, also before its name:"),
                                            _("Show the options of every command"),
                                            NULL, NULL);

  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, group);
  parsing_cli = cli;
}

static void
take_default_from_before_command (char **value,
                                  char **given_before)
{
  if (*value == NULL)
    *value = g_steal_pointer (given_before);
}

static void
take_default_from_environment (char       **value,
                               const char  *variable)
{
  const char *from_environment = g_getenv (variable);

  if (*value == NULL && from_environment != NULL && *from_environment != '\0')
    *value = g_strdup (from_environment);
}

/* Error messages echo what was typed: keep each one line of valid UTF-8,
 * without control or direction-override characters (which could forge
 * what a terminal shows), and of a length a person can read. */
#define MESSAGE_MAX_CHARS 400

static gboolean
is_unsafe_char (gunichar c)
{
  return g_unichar_iscntrl (c) ||
         (c >= 0x202A && c <= 0x202E) ||  /* embeddings and overrides */
         (c >= 0x2066 && c <= 0x2069) ||  /* isolates */
         c == 0x200E || c == 0x200F || c == 0x061C;
}

char *
pd_cli_dup_printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *printable = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\t' || c == '\n' || c == '\r')
        g_string_append_c (printable, ' ');
      else
        g_string_append_unichar (printable, is_unsafe_char (c) ? 0xFFFD : c);
    }

  return g_string_free (printable, FALSE);
}

static char *
dup_safe_message (const char *message)
{
  g_autofree char *safe = pd_cli_dup_printable (message);
  glong length;

  /* The start names the option, the end says what is wrong. */
  length = g_utf8_strlen (safe, -1);
  if (length > MESSAGE_MAX_CHARS)
    {
      g_autofree char *head = g_utf8_substring (safe, 0, MESSAGE_MAX_CHARS / 2);
      g_autofree char *tail = g_utf8_substring (safe, length - MESSAGE_MAX_CHARS / 2, length);

      return g_strconcat (head, "…", tail, NULL);
    }

  return g_steal_pointer (&safe);
}

static gboolean
is_option_name (const char *arg)
{
  return (arg[0] == '-' && arg[1] == '-' && g_ascii_isalpha (arg[2])) ||
         (arg[0] == '-' && g_ascii_isalpha (arg[1]) && arg[2] == '\0');
}

/* The option GOption refused: the longest one on the command line that
 * its message names, else (a value that is not UTF-8, a message without
 * the option) the option whose value is not valid UTF-8. */
static char *
dup_refused_option (int           argc,
                    char        **argv,
                    const GError *error)
{
  char *refused = NULL;

  for (int i = 1; i < argc; i++)
    {
      g_autofree char *name = NULL;

      if (!is_option_name (argv[i]))
        continue;
      name = g_strndup (argv[i], strcspn (argv[i], "="));
      if (strstr (error->message, name) != NULL &&
          (refused == NULL || strlen (name) > strlen (refused)))
        {
          g_free (refused);
          refused = g_steal_pointer (&name);
        }
    }

  for (int i = 1; refused == NULL && i < argc; i++)
    {
      if (g_utf8_validate (argv[i], -1, NULL))
        continue;
      if (is_option_name (argv[i]))
        refused = g_strndup (argv[i], strcspn (argv[i], "="));
      else if (i > 1 && is_option_name (argv[i - 1]))
        refused = g_strndup (argv[i - 1], strcspn (argv[i - 1], "="));
    }

  return refused;
}

static gboolean
check_not_empty (const char *option,
                 const char *value)
{
  if (value == NULL || *value != '\0')
    return TRUE;

  pd_cli_usage_error (option, "%s", _("must not be empty"));
  return FALSE;
}

/* GOption leaves the "--" that ends the options among the arguments it
 * did not take; left there, "show -- -order5" (an order ID may start
 * with "-") would read "--" as the order ID. */
static void
drop_end_of_options (int   *argc,
                     char **argv)
{
  for (int i = 1; i < *argc; i++)
    {
      if (g_strcmp0 (argv[i], "--") != 0)
        continue;

      memmove (&argv[i], &argv[i + 1], sizeof (char *) * (gsize) (*argc - i));
      (*argc)--;
      return;
    }
}

gboolean
pd_cli_parse_options (GOptionContext   *context,
                      int              *argc,
                      char           ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *refused = NULL;
  /* GOption leaves the arguments as they were when it fails, but only
   * the pointers are needed. */
  g_autofree char **args = g_memdup2 (*argv, sizeof (char *) * (gsize) *argc);
  int n_args = *argc;

  if (g_option_context_parse (context, argc, argv, &error))
    {
      drop_end_of_options (argc, *argv);
      if (parsing_cli == NULL)
        return TRUE;

      /* An empty value would otherwise mean the default: a script whose
       * variable is unset would use the real ledger, or MixPay itself. */
      if (!check_not_empty ("--db", parsing_cli->db_path) ||
          !check_not_empty ("--pay-base", parsing_cli->pay_base) ||
          !check_not_empty ("--api-base", parsing_cli->api_base))
        return FALSE;

      /* After the command wins over before it (the later one, as when an
       * option is given twice), and the command line over the
       * environment. */
      take_default_from_before_command (&parsing_cli->db_path, &before_command.db_path);
      take_default_from_before_command (&parsing_cli->pay_base, &before_command.pay_base);
      take_default_from_before_command (&parsing_cli->api_base, &before_command.api_base);
      take_default_from_environment (&parsing_cli->db_path, "PAYDESK_DB");
      take_default_from_environment (&parsing_cli->pay_base, "PAYDESK_PAY_BASE");
      take_default_from_environment (&parsing_cli->api_base, "PAYDESK_API_BASE");
      return TRUE;
    }

  refused = dup_refused_option (n_args, args, error);
  if (refused != NULL)
    pd_cli_usage_error (refused, "%s", error->message);
  else
    pd_cli_failure ("%s", error->message);
  return FALSE;
}

int
pd_cli_usage_error (const char *option,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_autofree char *line = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  line = dup_safe_message (message);
  fprintf (stderr, "paydesk-cli: %s: %s\n", option, line);
  return PD_CLI_EXIT_USAGE;
}

int
pd_cli_failure (const char *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_autofree char *line = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  line = dup_safe_message (message);
  fprintf (stderr, "paydesk-cli: %s\n", line);
  return PD_CLI_EXIT_FAILURE;
}

static void
pd_cli_clear (PdCli *cli)
{
  g_clear_pointer (&cli->db_path, g_free);
  g_clear_pointer (&cli->pay_base, g_free);
  g_clear_pointer (&cli->api_base, g_free);
}

static gboolean
is_global_option (const char *name)
{
  return strcmp (name, "--db") == 0 ||
         strcmp (name, "--pay-base") == 0 ||
         strcmp (name, "--api-base") == 0;
}

/* The options before the command, as in git: only those every command
 * takes, since which command the others belong to is not known yet (and
 * "--json list" reads as a mistake). Returns the index of the command in
 * @argv, or 0 when there is nothing to run, with *status set. */
static int
parse_options_before_command (int    argc,
                              char **argv,
                              int   *status)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char **args = NULL;
  int n_args;
  int i;

  for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++)
    {
      g_autofree char *name = g_strndup (argv[i], strcspn (argv[i], "="));

      if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          print_usage (stdout);
          *status = PD_CLI_EXIT_OK;
          return 0;
        }

      if (strcmp (argv[i], "--version") == 0)
        {
          printf ("paydesk-cli %s\n", PACKAGE_VERSION);
          *status = PD_CLI_EXIT_OK;
          return 0;
        }

      if (!is_global_option (name))
        {
          g_autofree char *printable = pd_cli_dup_printable (name);

          *status = pd_cli_usage_error (printable, "%s",
                                        _("give it after the command: only --db, --pay-base and --api-base "
                                          "may come before it"));
          return 0;
        }

      /* "--db PATH": the next argument is the value, whatever it is. */
      if (strchr (argv[i], '=') == NULL && i + 1 < argc)
        i++;
    }

  /* GOption reads the values, as it does after the command: a missing
   * one, an empty one or one that is not text is refused the same way. */
  context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (context, FALSE);
  pd_cli_add_global_options (&before_command, context);
  n_args = i;
  args = g_memdup2 (argv, sizeof (char *) * (gsize) (n_args + 1));
  args[n_args] = NULL;
  if (!pd_cli_parse_options (context, &n_args, &args))
    {
      *status = PD_CLI_EXIT_USAGE;
      return 0;
    }
  parsing_cli = NULL;

  if (i >= argc)
    {
      print_usage (stderr);
      *status = PD_CLI_EXIT_USAGE;
      return 0;
    }

  return i;
}

/* paydesk-cli-documents beside the running program (the build tree),
 * else where it is installed. */
static char *
dup_documents_program (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, PD_CLI_DOCUMENTS_PROGRAM, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }

  return g_build_filename (LIBEXECDIR, PD_CLI_DOCUMENTS_PROGRAM, NULL);
}

/* Runs the command line in paydesk-cli-documents, which reads it as
 * this program did; returns only when that cannot be started. */
static int
exec_documents_program (char **argv)
{
  g_autofree char *program = dup_documents_program ();
  int saved_errno;

  fflush (stdout);
  fflush (stderr);
  execv (program, argv);
  saved_errno = errno;

  return pd_cli_failure (_("cannot run %s: %s"), program, g_strerror (saved_errno));
}

int
pd_cli_main (int                 argc,
             char              **argv,
             const PdCliCommand *documents_commands,
             guint               n_documents_commands)
{
  PdCli cli = { 0 };
  int status = PD_CLI_EXIT_USAGE;
  int command_index;
  const char *localedir;

  /* A file size limit (ulimit -f) reached while writing the ledger, an
   * export or a QR code would kill us with SIGXFSZ, without a word, half
   * way through. Ignored, the write fails with EFBIG instead: the command
   * says which file it could not write, exits 1, and SQLite rolls back. */
  signal (SIGXFSZ, SIG_IGN);

  setlocale (LC_ALL, "");
  /* PAYDESK_LOCALEDIR (set by `meson devenv` and the tests) points at the
   * catalogues compiled into the build tree. */
  localedir = g_getenv ("PAYDESK_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE,
                  localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return PD_CLI_EXIT_USAGE;
    }

  command_index = parse_options_before_command (argc, argv, &status);
  if (command_index == 0 || strcmp (argv[command_index], "help") == 0)
    {
      if (command_index != 0)
        {
          print_usage (stdout);
          status = PD_CLI_EXIT_OK;
        }
      pd_cli_clear (&before_command);
      return status;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      PdCliCommandFunc run = commands[i].run;

      if (strcmp (argv[command_index], commands[i].name) != 0)
        continue;

      for (guint j = 0; run == NULL && j < n_documents_commands; j++)
        if (strcmp (commands[i].name, documents_commands[j].name) == 0)
          run = documents_commands[j].run;

      if (run == NULL)
        {
          pd_cli_clear (&before_command);
          return exec_documents_program (argv);
        }

      /* The command sees itself as argv[0], as GOption expects. */
      status = run (&cli, argc - command_index, argv + command_index);
      pd_cli_clear (&cli);
      pd_cli_clear (&before_command);
      return status;
    }

  {
    g_autofree char *command = dup_safe_message (argv[command_index]);

    fprintf (stderr, _("paydesk-cli: unknown command “%s”\n"), command);
  }
  print_usage (stderr);
  pd_cli_clear (&cli);
  pd_cli_clear (&before_command);
  return PD_CLI_EXIT_USAGE;
}
