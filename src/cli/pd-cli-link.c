/* pd-cli-link.c: paydesk-cli link, a payment link and its QR code
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "pd-cli-common.h"
#include "pd-paylink.h"
#include "pd-qr.h"

typedef struct
{
  char *payee;
  char *settlement_asset;
  char *quote_asset;
  char *amount;
  char *order_id;
  char *return_to;
  char *remark;
  char *trace_id;
  char *expires_at;
  char *qr_path;
  gboolean show_help;
} LinkOptions;

static void
link_options_clear (LinkOptions *options)
{
  g_clear_pointer (&options->payee, g_free);
  g_clear_pointer (&options->settlement_asset, g_free);
  g_clear_pointer (&options->quote_asset, g_free);
  g_clear_pointer (&options->amount, g_free);
  g_clear_pointer (&options->order_id, g_free);
  g_clear_pointer (&options->return_to, g_free);
  g_clear_pointer (&options->remark, g_free);
  g_clear_pointer (&options->trace_id, g_free);
  g_clear_pointer (&options->expires_at, g_free);
  g_clear_pointer (&options->qr_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LinkOptions, link_options_clear)

/* The command-line option that sets each field of a link. */
static const char * const field_options[] = {
  [PD_PAYLINK_FIELD_PAYEE_ID] = "--payee",
  [PD_PAYLINK_FIELD_SETTLEMENT_ASSET_ID] = "--settlement-asset",
  [PD_PAYLINK_FIELD_QUOTE_ASSET_ID] = "--quote-asset",
  [PD_PAYLINK_FIELD_QUOTE_AMOUNT] = "--amount",
  [PD_PAYLINK_FIELD_ORDER_ID] = "--order-id",
  [PD_PAYLINK_FIELD_RETURN_TO] = "--return-to",
  [PD_PAYLINK_FIELD_TRACE_ID] = "--trace-id",
  [PD_PAYLINK_FIELD_REMARK] = "--remark",
  [PD_PAYLINK_FIELD_EXPIRED_TIMESTAMP] = "--expires-at",
  [PD_PAYLINK_FIELD_PAY_BASE] = "--pay-base",
};

G_STATIC_ASSERT (G_N_ELEMENTS (field_options) == PD_PAYLINK_FIELD_PAY_BASE + 1);

static GOptionContext *
link_option_context (PdCli       *cli,
                     LinkOptions *options)
{
  /* --pay-base comes from the global group, which every command shares. */
  const GOptionEntry entries[] = {
    { "payee", 0, 0, G_OPTION_ARG_STRING, &options->payee,
      N_("Payee ID: the UUID of the account that receives the money"), N_("ID") },
    { "settlement-asset", 0, 0, G_OPTION_ARG_STRING, &options->settlement_asset,
      N_("UUID of the asset the payee receives"), N_("ID") },
    { "quote-asset", 0, 0, G_OPTION_ARG_STRING, &options->quote_asset,
      N_("UUID of the asset the price is in, or a fiat code such as usd"), N_("ID") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &options->amount,
      N_("Price in the quote asset, a plain decimal such as 10 or 10.5"), N_("DEC") },
    { "order-id", 0, 0, G_OPTION_ARG_STRING, &options->order_id,
      N_("Order ID: 6 to 36 letters, digits, “-” or “_”"), N_("ID") },
    { "return-to", 0, 0, G_OPTION_ARG_STRING, &options->return_to,
      N_("Page the payer's browser opens after paying, an http(s) address"), N_("URL") },
    { "remark", 0, 0, G_OPTION_ARG_STRING, &options->remark,
      N_("Note shown to the payer, at most 50 characters"), N_("TEXT") },
    { "trace-id", 0, 0, G_OPTION_ARG_STRING, &options->trace_id,
      N_("UUID that identifies this payment"), N_("UUID") },
    { "expires-at", 0, 0, G_OPTION_ARG_STRING, &options->expires_at,
      N_("Payment deadline, in Unix seconds"), N_("UNIX") },
    { "qr", 0, 0, G_OPTION_ARG_FILENAME, &options->qr_path,
      N_("Also write the link's QR code to FILE (.png or .svg)"), N_("FILE") },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &options->show_help,
      N_("Show the options"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_summary (context, _("Print a payment link and optionally write its QR code."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  /* GOption's own --help would hide the global options behind
   * --help-all; ours lists every one. */
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  pd_cli_add_global_options (cli, context);

  return context;
}

static int
report_paylink_error (const GError *error)
{
  PdPaylinkField field;

  if (!pd_paylink_error_get_field (error, &field))
    return pd_cli_usage_error ("link", "%s", error->message);

  return pd_cli_usage_error (field_options[field], "%s", pd_paylink_error_get_rule (error));
}

/* --expires-at is read as text so that "0" or "soon" is refused rather
 * than taken as "no deadline". */
static gboolean
parse_expires_at (const char  *text,
                  gint64      *timestamp)
{
  guint64 value;

  *timestamp = 0;
  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;

  *timestamp = (gint64) value;
  return TRUE;
}

static int
write_qr (const char *link,
          const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdQr) qr = pd_qr_new (link, PD_QR_LEVEL_M, &error);

  if (qr == NULL)
    return pd_cli_failure ("%s", error->message);

  if (!pd_qr_write_file (qr, path, &error))
    {
      if (g_error_matches (error, PD_QR_ERROR, PD_QR_ERROR_FORMAT))
        return pd_cli_usage_error ("--qr", "%s", error->message);

      return pd_cli_failure ("%s", error->message);
    }

  return PD_CLI_EXIT_OK;
}

int
pd_cli_cmd_link (PdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_auto(LinkOptions) options = { 0 };
  g_autoptr(GOptionContext) context = link_option_context (cli, &options);
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;
  PdPaylinkParams params = { 0 };
  int status = PD_CLI_EXIT_OK;

  /* Usage lines then read "paydesk-cli link [OPTION…]". */
  if (g_get_prgname () == NULL)
    g_set_prgname ("paydesk-cli link");

  if (!pd_cli_parse_options (context, &argc, &argv))
    return PD_CLI_EXIT_USAGE;

  if (options.show_help)
    {
      g_autofree char *help = g_option_context_get_help (context, FALSE, NULL);

      fputs (help, stdout);
      return PD_CLI_EXIT_OK;
    }

  if (argc > 1)
    return pd_cli_usage_error ("link", _("unexpected argument “%s”"), argv[1]);

  params.payee_id = options.payee;
  params.settlement_asset_id = options.settlement_asset;
  params.quote_asset_id = options.quote_asset;
  params.quote_amount = options.amount;
  params.order_id = options.order_id;
  params.return_to = options.return_to;
  params.remark = options.remark;
  params.trace_id = options.trace_id;

  if (!parse_expires_at (options.expires_at, &params.expired_timestamp))
    return pd_cli_usage_error ("--expires-at", "%s", _("must be a Unix time in seconds"));

  link = pd_paylink_build (&params, cli->pay_base, &error);
  if (link == NULL)
    return report_paylink_error (error);

  /* The QR code first: if it cannot be written, print nothing. */
  if (options.qr_path != NULL)
    {
      /* A name that is no .png or .svg is refused by write_qr() first. */
      if (pd_qr_is_file_name (options.qr_path))
        status = pd_cli_check_output_path (cli, "--qr", options.qr_path);
      if (status == PD_CLI_EXIT_OK)
        status = write_qr (link, options.qr_path);
      if (status != PD_CLI_EXIT_OK)
        return status;
    }

  if (printf ("%s\n", link) < 0 || fflush (stdout) != 0)
    return pd_cli_failure ("%s", _("could not write to standard output"));

  return PD_CLI_EXIT_OK;
}
