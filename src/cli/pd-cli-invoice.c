/* pd-cli-invoice.c: paydesk-cli invoice and receipt, an order as a PDF
 * document or a text for chat
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-cli-common.h"
#include "pd-cli-profile.h"
#include "pd-invoice.h"

/* Problems of the order itself name ORDER_ID and exit 2; a logo that
 * cannot be read or a file that cannot be written exit 1. */
static int
report_error (const GError *error)
{
  if (g_error_matches (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_LOGO) ||
      g_error_matches (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_WRITE))
    return pd_cli_failure ("%s", error->message);

  return pd_cli_usage_error ("ORDER_ID", "%s", error->message);
}

static int
write_document (PdCli         *cli,
                PdInvoiceKind  kind,
                const char    *order_id,
                const char    *payee_id,
                const char    *pdf_path,
                const char    *paper_name,
                gboolean       text,
                gboolean       reminder)
{
  g_autoptr(PdMerchantProfile) profile = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  PdPaper paper;
  int status;

  profile = pd_cli_load_merchant_profile (&paper);
  if (paper_name != NULL && !pd_paper_from_string (paper_name, &paper))
    return pd_cli_usage_error ("--paper", "%s", _("must be a4 or letter"));

  if (pdf_path != NULL && (status = pd_cli_check_output_path (cli, "--pdf", pdf_path)) != PD_CLI_EXIT_OK)
    return status;

  order = pd_cli_open_order (cli, order_id, payee_id, &store, &status);
  if (order == NULL)
    return status;
  if (text)
    {
      g_autofree char *invoice = pd_invoice_format_text (order, profile);
      return pd_cli_print (invoice);
    }

  if (reminder)
    {
      g_autofree char *message = pd_invoice_format_reminder (order, profile, &error);

      if (message == NULL)
        return report_error (error);
      return pd_cli_print (message);
    }

  {
    PdInvoice doc = { .kind = kind, .order = order, .profile = profile };

    if (!pd_invoice_write_pdf (&doc, pdf_path, paper, &error))
      return report_error (error);
  }

  return PD_CLI_EXIT_OK;
}

/* The ORDER_ID argument, or why there is not exactly one. */
static int
take_order_id (const char  *command,
               int          argc,
               char       **argv,
               const char **order_id)
{
  if (argc < 2)
    return pd_cli_usage_error ("ORDER_ID", "%s", _("missing: name the order"));
  if (argc > 2)
    return pd_cli_usage_error (command, _("unexpected argument “%s”"), argv[2]);

  *order_id = argv[1];
  return PD_CLI_EXIT_OK;
}

int
pd_cli_cmd_invoice (PdCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autofree char *pdf_path = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *payee_id = NULL;
  gboolean text = FALSE;
  gboolean reminder = FALSE;
  gboolean show_help = FALSE;
  const GOptionEntry entries[] = {
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf_path,
      N_("Write the invoice to FILE as a PDF, replaced whole or not at all"), N_("FILE") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper,
      N_("a4 or letter (default: the app’s setting, or a4)"), N_("SIZE") },
    { "text", 0, 0, G_OPTION_ARG_NONE, &text,
      N_("Print the invoice as plain text for a chat message"), NULL },
    { "reminder", 0, 0, G_OPTION_ARG_NONE, &reminder,
      N_("Print a reminder of what is left to pay (paid_less orders)"), NULL },
    { "payee", 0, 0, G_OPTION_ARG_STRING, &payee_id,
      N_("The order’s payee, when two payees use the same order ID"), N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    pd_cli_context_new (cli, N_("ORDER_ID"),
                        _("Write an order’s invoice as a PDF, or print it as text."),
                        entries, &show_help);
  const char *order_id = NULL;
  int status;

  if (!pd_cli_parse (context, &show_help, &argc, &argv, &status))
    return status;

  status = take_order_id ("invoice", argc, argv, &order_id);
  if (status != PD_CLI_EXIT_OK)
    return status;

  if ((pdf_path != NULL) + text + reminder != 1)
    return pd_cli_usage_error ("--pdf", "%s", _("give exactly one of --pdf FILE, --text and --reminder"));

  return write_document (cli, PD_INVOICE_KIND_INVOICE, order_id, payee_id, pdf_path, paper,
                         text, reminder);
}

int
pd_cli_cmd_receipt (PdCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autofree char *pdf_path = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *payee_id = NULL;
  gboolean show_help = FALSE;
  const GOptionEntry entries[] = {
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf_path,
      N_("Write the receipt to FILE as a PDF, replaced whole or not at all (required)"), N_("FILE") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper,
      N_("a4 or letter (default: the app’s setting, or a4)"), N_("SIZE") },
    { "payee", 0, 0, G_OPTION_ARG_STRING, &payee_id,
      N_("The order’s payee, when two payees use the same order ID"), N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    pd_cli_context_new (cli, N_("ORDER_ID"),
                        _("Write the receipt of a paid order as a PDF."),
                        entries, &show_help);
  const char *order_id = NULL;
  int status;

  if (!pd_cli_parse (context, &show_help, &argc, &argv, &status))
    return status;

  status = take_order_id ("receipt", argc, argv, &order_id);
  if (status != PD_CLI_EXIT_OK)
    return status;

  if (pdf_path == NULL)
    return pd_cli_usage_error ("--pdf", "%s", _("required: the file to write"));

  return write_document (cli, PD_INVOICE_KIND_RECEIPT, order_id, payee_id, pdf_path, paper,
                         FALSE, FALSE);
}
