/* pd-cli-orders.c: paydesk-cli new, list, show, cancel and duplicate
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pd-cli-common.h"
#include "pd-decimal.h"
#include "pd-order-draft.h"
#include "pd-order-export.h"
#include "pd-paylink.h"
#include "pd-payment-result.h"
#include "pd-qr.h"

/* MixPay accepts a payment deadline at most 2880 minutes ahead. */
#define MAX_EXPIRY_MINUTES 2880

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
  [PD_PAYLINK_FIELD_EXPIRED_TIMESTAMP] = "--expires-in",
  [PD_PAYLINK_FIELD_PAY_BASE] = "--pay-base",
};

G_STATIC_ASSERT (G_N_ELEMENTS (field_options) == PD_PAYLINK_FIELD_PAY_BASE + 1);

/* The app's setting behind each field `new` may take from it. */
static const char * const field_settings[] = {
  [PD_PAYLINK_FIELD_PAYEE_ID] = "payee-id",
  [PD_PAYLINK_FIELD_SETTLEMENT_ASSET_ID] = "settlement-asset-id",
  [PD_PAYLINK_FIELD_QUOTE_ASSET_ID] = "quote-asset-id",
  [PD_PAYLINK_FIELD_RETURN_TO] = "return-to",
  [PD_PAYLINK_FIELD_PAY_BASE] = "pay-base",
};

/* @from_settings: a bit (1 << field) for each field that came from the
 * app's settings rather than the command line: the error names the
 * setting to fix. */
static int
report_paylink_error_full (const GError *error,
                           guint         from_settings)
{
  PdPaylinkField field;
  g_autofree char *setting = NULL;

  if (!pd_paylink_error_get_field (error, &field))
    return pd_cli_usage_error ("new", "%s", error->message);

  if ((from_settings & (1u << field)) != 0 && field < G_N_ELEMENTS (field_settings) &&
      field_settings[field] != NULL)
    {
      /* TRANSLATORS: names a setting of the app, e.g. "setting payee-id" */
      setting = g_strdup_printf (_("setting %s"), field_settings[field]);
      return pd_cli_usage_error (setting, "%s", pd_paylink_error_get_rule (error));
    }

  return pd_cli_usage_error (field_options[field], "%s", pd_paylink_error_get_rule (error));
}

static int
report_paylink_error (const GError *error)
{
  return report_paylink_error_full (error, 0);
}

/* A note: the store's rule (pd_store_check_note()), said before anything
 * is asked of MixPay. */
static int
check_note (const char *note)
{
  g_autofree char *rule = pd_store_check_note (note);

  if (rule != NULL)
    return pd_cli_usage_error ("--note", "%s", rule);

  return PD_CLI_EXIT_OK;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
dup_order_json (PdOrder *order)
{
  g_autoptr(JsonNode) node = pd_order_to_json (order);
  g_autofree char *json = json_to_string (node, TRUE);

  return g_strconcat (json, "\n", NULL);
}

/* Where @order's QR code is written before the order is stored: beside
 * @qr_path, with its extension (which says the format). */
static char *
dup_staging_path (const char *qr_path)
{
  const char *extension = qr_path + strlen (qr_path) - strlen (".png");

  return g_strdup_printf ("%s.%d-%u.partial%s", qr_path, (int) getpid (),
                          g_random_int (), extension);
}

/* Writes @order's QR code where it cannot yet be mistaken for the real one;
 * NULL after printing why. */
static char *
stage_qr_code (PdOrder    *order,
               const char *qr_path,
               int        *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdQr) qr = pd_qr_new (pd_order_get_link (order), PD_QR_LEVEL_M, &error);
  g_autofree char *staging_path = dup_staging_path (qr_path);

  if (qr == NULL)
    {
      *status = pd_cli_failure ("%s", error->message);
      return NULL;
    }

  if (!pd_qr_write_file (qr, staging_path, &error))
    {
      *status = pd_cli_failure (_("no order was recorded: %s"), error->message);
      return NULL;
    }

  return g_steal_pointer (&staging_path);
}

/* Stores @order with its QR code, then prints it. The code is written
 * first, beside its file, and renamed into place once the order is
 * committed: a QR file that cannot be written leaves no order behind, and
 * an order that cannot be stored leaves no QR file. Nothing is printed
 * before the order is committed. */
static int
record_and_print (PdCli      *cli,
                  PdOrder    *order,
                  const char *qr_path,
                  gboolean    as_json)
{
  g_autoptr(PdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *staging_path = NULL;
  int status = PD_CLI_EXIT_OK;

  store = pd_cli_open_store (cli);
  if (store == NULL)
    return PD_CLI_EXIT_FAILURE;

  if (qr_path != NULL)
    {
      status = pd_cli_check_output_path (cli, "--qr", qr_path);
      if (status != PD_CLI_EXIT_OK)
        return status;
      staging_path = stage_qr_code (order, qr_path, &status);
      if (staging_path == NULL)
        return status;
    }

  if (!pd_store_insert_order (store, order, &error))
    {
      if (staging_path != NULL)
        g_unlink (staging_path);

      if (g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_DUPLICATE))
        return pd_cli_usage_error ("--order-id", _("payee %s already has an order “%s”"),
                                   pd_order_get_payee_id (order), pd_order_get_order_id (order));

      return pd_cli_failure ("%s", error->message);
    }

  if (staging_path != NULL && g_rename (staging_path, qr_path) != 0)
    {
      int saved_errno = errno;

      g_unlink (staging_path);
      return pd_cli_failure (_("order %s was recorded, but its QR code could not be written to “%s”: %s"),
                             pd_order_get_order_id (order), qr_path, g_strerror (saved_errno));
    }

  if (as_json)
    output = dup_order_json (order);
  else
    output = g_strconcat (pd_order_get_link (order), "\n", NULL);

  return pd_cli_print (output);
}

/* paydesk-cli new ---------------------------------------------------- */

typedef struct
{
  char     *amount;
  char     *order_id;
  char     *payee;
  char     *settlement_asset;
  char     *quote_asset;
  char     *return_to;
  char     *remark;
  char     *note;
  char     *expires_in;
  char     *qr_path;
  gboolean  one_time;
  gboolean  json;
  gboolean  show_help;
  guint     from_settings;  /* 1 << PdPaylinkField, see report_paylink_error_full() */
} NewOptions;

static void
new_options_clear (NewOptions *options)
{
  g_clear_pointer (&options->amount, g_free);
  g_clear_pointer (&options->order_id, g_free);
  g_clear_pointer (&options->payee, g_free);
  g_clear_pointer (&options->settlement_asset, g_free);
  g_clear_pointer (&options->quote_asset, g_free);
  g_clear_pointer (&options->return_to, g_free);
  g_clear_pointer (&options->remark, g_free);
  g_clear_pointer (&options->note, g_free);
  g_clear_pointer (&options->expires_in, g_free);
  g_clear_pointer (&options->qr_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (NewOptions, new_options_clear)

/* @value from its flag, else from the app's setting @key; TRUE when it
 * was taken from the setting. */
static gboolean
take_setting (char       **value,
              GSettings   *settings,
              const char  *key)
{
  if (*value != NULL || settings == NULL)
    return FALSE;

  *value = g_settings_get_string (settings, key);
  if (**value == '\0')
    g_clear_pointer (value, g_free);

  return *value != NULL;
}

static gboolean
parse_expiry_minutes (const char *text,
                      guint      *minutes)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, MAX_EXPIRY_MINUTES, &value, NULL))
    return FALSE;

  *minutes = (guint)value;
  return TRUE;
}

static int
new_check_required (NewOptions *options)
{
  static const struct { gsize offset; const char *option; const char *what; } required[] = {
    { G_STRUCT_OFFSET (NewOptions, amount), "--amount", N_("the price is required") },
    { G_STRUCT_OFFSET (NewOptions, payee), "--payee", N_("no payee ID given, and none set in Paydesk’s preferences") },
    { G_STRUCT_OFFSET (NewOptions, settlement_asset), "--settlement-asset", N_("no settlement asset given, and none set in Paydesk’s preferences") },
    { G_STRUCT_OFFSET (NewOptions, quote_asset), "--quote-asset", N_("no quote asset given, and none set in Paydesk’s preferences") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      const char *value = G_STRUCT_MEMBER (char *, options, required[i].offset);

      if (value == NULL || *value == '\0')
        return pd_cli_usage_error (required[i].option, "%s", _(required[i].what));
    }

  return PD_CLI_EXIT_OK;
}

/* MixPay refuses a price outside its quote asset's limits only once the
 * payer opens the link: said here instead. */
static int
check_quote_limits (const PdMixpayAsset *asset,
                    const char          *amount)
{
  const char *symbol = asset->symbol != NULL ? asset->symbol : "";
  g_autofree char *limit = NULL;

  switch (pd_mixpay_asset_check_quote_amount (asset, amount, &limit))
    {
    case PD_QUOTE_AMOUNT_BELOW_MINIMUM:
      /* TRANSLATORS: "--amount: must be at least 0.1 USDT, MixPay’s limit" */
      return pd_cli_usage_error ("--amount", _("must be at least %s %s, MixPay’s limit"), limit, symbol);
    case PD_QUOTE_AMOUNT_ABOVE_MAXIMUM:
      /* TRANSLATORS: "--amount: must be at most 1000 USDT, MixPay’s limit" */
      return pd_cli_usage_error ("--amount", _("must be at most %s %s, MixPay’s limit"), limit, symbol);
    case PD_QUOTE_AMOUNT_WITHIN_LIMITS:
    default:
      return PD_CLI_EXIT_OK;
    }
}

/* Makes *@order from the options and settings and builds its link;
 * PD_CLI_EXIT_OK or the usage error already printed. */
static int
new_make_order (PdCli       *cli,
                NewOptions  *options,
                PdOrder    **order)
{
  g_autoptr(GSettings) settings = pd_cli_open_app_settings ();
  g_autoptr(GError) error = NULL;
  g_autofree char *amount = NULL;
  PdOrderDraft draft;
  g_autoptr(PdMixpayAsset) quote_asset = NULL;
  guint expiry_minutes = 0;
  int status;

  if (take_setting (&options->payee, settings, "payee-id"))
    options->from_settings |= 1u << PD_PAYLINK_FIELD_PAYEE_ID;
  if (take_setting (&options->settlement_asset, settings, "settlement-asset-id"))
    options->from_settings |= 1u << PD_PAYLINK_FIELD_SETTLEMENT_ASSET_ID;
  if (take_setting (&options->quote_asset, settings, "quote-asset-id"))
    options->from_settings |= 1u << PD_PAYLINK_FIELD_QUOTE_ASSET_ID;
  if (take_setting (&options->return_to, settings, "return-to"))
    options->from_settings |= 1u << PD_PAYLINK_FIELD_RETURN_TO;
  /* The links the app makes for this merchant, unless told otherwise. */
  if (take_setting (&cli->pay_base, settings, "pay-base"))
    options->from_settings |= 1u << PD_PAYLINK_FIELD_PAY_BASE;

  status = new_check_required (options);
  if (status != PD_CLI_EXIT_OK)
    return status;

  status = check_note (options->note);
  if (status != PD_CLI_EXIT_OK)
    return status;

  if (options->expires_in != NULL)
    {
      if (!parse_expiry_minutes (options->expires_in, &expiry_minutes))
        return pd_cli_usage_error ("--expires-in",
                                   _("must be a whole number of minutes from 0 (no deadline) to %d"),
                                   MAX_EXPIRY_MINUTES);
    }
  else if (settings != NULL)
    {
      expiry_minutes = MIN (g_settings_get_uint (settings, "default-expiry-minutes"), MAX_EXPIRY_MINUTES);
    }

  if (options->qr_path != NULL && !pd_qr_is_file_name (options->qr_path))
    return pd_cli_usage_error ("--qr", "%s", _("the file name must end in .png or .svg"));
  /* Before a one-time link is asked of MixPay for an order that could
   * not be stored. */
  if (options->qr_path != NULL &&
      (status = pd_cli_check_output_path (cli, "--qr", options->qr_path)) != PD_CLI_EXIT_OK)
    return status;

  /* The decimals and limits of the quote asset, as in the app, when the
   * app has cached MixPay's list. */
  quote_asset = pd_cli_lookup_cached_quote_asset (cli, options->quote_asset);
  if (!pd_paylink_validate_amount (options->amount,
                                   quote_asset != NULL ? (guint) MAX (quote_asset->decimal_digit, 0) : 0,
                                   &error))
    return report_paylink_error (error);
  amount = pd_decimal_normalize (options->amount);
  if (quote_asset != NULL && (status = check_quote_limits (quote_asset, amount)) != PD_CLI_EXIT_OK)
    return status;

  draft = (PdOrderDraft) {
    .order_id = options->order_id,
    .payee_id = options->payee,
    .settlement_asset_id = options->settlement_asset,
    .quote_asset_id = options->quote_asset,
    .quote_amount = options->amount,
    .return_to = options->return_to,
    .remark = options->remark,
    .note = options->note,
    .expiry_minutes = expiry_minutes,
  };
  *order = pd_order_draft_build (&draft, now_seconds ());

  if (!pd_order_build_paylink (*order, cli->pay_base, &error))
    return report_paylink_error_full (error, options->from_settings);

  return PD_CLI_EXIT_OK;
}

/* paydesk-cli new --one-time -------------------------------------- */

typedef struct
{
  GMainLoop *loop;
  char      *code;
  GError    *error;
} OneTime;

static void
one_time_payment_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  OneTime *one_time = user_data;

  one_time->code = pd_mixpay_client_create_one_time_payment_finish (PD_MIXPAY_CLIENT (object),
                                                                    result, &one_time->error);
  g_main_loop_quit (one_time->loop);
}

/* Asks MixPay for a one-time link for @order and gives @order that link;
 * returns an exit status (the order must not be stored unless it is 0). */
static int
make_one_time_link (PdCli   *cli,
                    PdOrder *order)
{
  g_autoptr(PdMixpayClient) client = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *link = NULL;
  OneTime one_time = { 0 };
  PdPaylinkParams params;
  int status = PD_CLI_EXIT_OK;

  client = pd_cli_open_client (cli, &status);
  if (client == NULL)
    return status;

  pd_order_get_paylink_params (order, &params);
  loop = g_main_loop_new (NULL, FALSE);
  one_time.loop = loop;
  pd_mixpay_client_create_one_time_payment_async (client, &params, NULL, one_time_payment_cb, &one_time);
  g_main_loop_run (loop);

  code = g_steal_pointer (&one_time.code);
  if (one_time.error != NULL)
    {
      error = g_steal_pointer (&one_time.error);
      return pd_cli_failure (_("MixPay did not create the one-time link: %s"), error->message);
    }

  link = pd_paylink_build_code_link (code, cli->pay_base, &error);
  if (link == NULL)
    return pd_cli_usage_error ("--pay-base", "%s", error->message);

  pd_order_set_link_kind (order, PD_ORDER_LINK_KIND_ONE_TIME);
  pd_order_set_link (order, link);
  return PD_CLI_EXIT_OK;
}

int
pd_cli_cmd_new (PdCli  *cli,
                int     argc,
                char  **argv)
{
  g_auto(NewOptions) options = { 0 };
  const GOptionEntry entries[] = {
    { "amount", 0, 0, G_OPTION_ARG_STRING, &options.amount,
      N_("Price in the quote asset, a plain decimal such as 10 or 10.5"), N_("DEC") },
    { "order-id", 0, 0, G_OPTION_ARG_STRING, &options.order_id,
      N_("Order ID (default: a new one)"), N_("ID") },
    { "payee", 0, 0, G_OPTION_ARG_STRING, &options.payee,
      N_("Payee ID (default: from Paydesk’s preferences)"), N_("ID") },
    { "settlement-asset", 0, 0, G_OPTION_ARG_STRING, &options.settlement_asset,
      N_("Asset the payee receives (default: from the preferences)"), N_("ID") },
    { "quote-asset", 0, 0, G_OPTION_ARG_STRING, &options.quote_asset,
      N_("Asset the price is in (default: from the preferences)"), N_("ID") },
    { "return-to", 0, 0, G_OPTION_ARG_STRING, &options.return_to,
      N_("Page the payer’s browser opens after paying"), N_("URL") },
    { "remark", 0, 0, G_OPTION_ARG_STRING, &options.remark,
      N_("Note shown to the payer, at most 50 characters"), N_("TEXT") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &options.note,
      N_("Note kept in the ledger and printed on the order’s invoices and receipts; never sent to MixPay"), N_("TEXT") },
    { "expires-in", 0, 0, G_OPTION_ARG_STRING, &options.expires_in,
      N_("Payment deadline in minutes, 0 for none (default: from the preferences)"), N_("MINUTES") },
    { "qr", 0, 0, G_OPTION_ARG_FILENAME, &options.qr_path,
      N_("Also write the link’s QR code to FILE (.png or .svg)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json,
      N_("Print the order as JSON instead of its link"), NULL },
    { "one-time", 0, 0, G_OPTION_ARG_NONE, &options.one_time,
      N_("Create a one-time link through the MixPay API (the payer cannot edit it; needs the network)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    pd_cli_context_new (cli, NULL, _("Record a new order and print its payment link."),
                        entries, &options.show_help);
  g_autoptr(PdOrder) order = NULL;
  int status;

  if (!pd_cli_parse (context, &options.show_help, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return pd_cli_usage_error ("new", _("unexpected argument “%s”"), argv[1]);

  status = new_make_order (cli, &options, &order);
  if (status != PD_CLI_EXIT_OK)
    return status;

  /* Stored only once MixPay accepted it: an order ID used for a one-time
   * link can no longer be paid through a universal one. */
  if (options.one_time)
    {
      g_autoptr(PdStore) store = pd_cli_open_store (cli);
      g_autoptr(PdOrder) existing = NULL;

      if (store == NULL)
        return PD_CLI_EXIT_FAILURE;

      /* Refuse a duplicate before MixPay creates a link for it. */
      existing = pd_store_lookup_order (store, pd_order_get_payee_id (order),
                                        pd_order_get_order_id (order), NULL);
      if (existing != NULL)
        return pd_cli_usage_error ("--order-id", _("payee %s already has an order “%s”"),
                                   pd_order_get_payee_id (order), pd_order_get_order_id (order));

      status = make_one_time_link (cli, order);
      if (status != PD_CLI_EXIT_OK)
        return status;
    }

  return record_and_print (cli, order, options.qr_path, options.json);
}

/* paydesk-cli list --------------------------------------------------- */

static char *
format_table (GPtrArray *orders)
{
  GString *table = g_string_new (NULL);

  for (guint i = 0; i < orders->len; i++)
    {
      PdOrder *order = g_ptr_array_index (orders, i);
      g_autofree char *created = pd_order_export_format_time (pd_order_get_created_at (order));
      g_autofree char *note = pd_cli_dup_printable (pd_order_get_note (order));

      g_string_append_printf (table, "%-36s  %-10s  %14s  %-20s  %s\n",
                              pd_order_get_order_id (order),
                              pd_order_state_to_string (pd_order_get_state (order)),
                              pd_order_get_quote_amount (order),
                              created != NULL ? created : "",
                              note);
    }

  return g_string_free (table, FALSE);
}

int
pd_cli_cmd_list (PdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autofree char *state = NULL;
  gboolean json = FALSE;
  gboolean show_help = FALSE;
  const GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state,
      N_("Only orders in this state, or group: open, settled, paid, attention"), N_("STATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print a JSON array"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    pd_cli_context_new (cli, NULL, _("List the orders of the ledger, newest first."),
                        entries, &show_help);
  g_autoptr(GPtrArray) orders = NULL;
  g_autofree char *output = NULL;
  int status;

  if (!pd_cli_parse (context, &show_help, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return pd_cli_usage_error ("list", _("unexpected argument “%s”"), argv[1]);

  orders = pd_cli_list_orders (cli, state, 0, &status);
  if (orders == NULL)
    return status;

  if (json)
    {
      g_autofree char *array = pd_order_export_json (orders, TRUE);
      output = g_strconcat (array, "\n", NULL);
    }
  else
    {
      output = format_table (orders);
    }

  return pd_cli_print (output);
}

/* paydesk-cli show --------------------------------------------------- */

#define LABEL_COLUMNS 18

/* Terminal columns that @text takes: a Chinese character or a full-width
 * colon takes two, so translated labels line their values up too. */
static int
display_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_iszerowidth (c))
        width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

static void
append_field (GString    *text,
              const char *label,
              const char *value)
{
  g_auto(GStrv) lines = NULL;

  if (value == NULL || *value == '\0')
    return;

  /* Later lines of a note line up under the first. Text from the ledger
   * is shown, never obeyed: a ledger written by an older Paydesk may hold
   * escape sequences a server sent. */
  lines = g_strsplit (value, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = pd_cli_dup_printable (lines[i]);

      if (i == 0)
        g_string_append_printf (text, "%s%*s %s\n", label,
                                MAX (LABEL_COLUMNS - display_width (label), 0), "", line);
      else
        g_string_append_printf (text, "%-18s %s\n", "", line);
    }
}

static char *
format_order (PdOrder   *order,
              GPtrArray *events)
{
  GString *text = g_string_new (NULL);
  g_autofree char *created = pd_order_export_format_time (pd_order_get_created_at (order));
  g_autofree char *updated = pd_order_export_format_time (pd_order_get_updated_at (order));
  g_autofree char *checked = pd_order_export_format_time (pd_order_get_last_checked_at (order));
  g_autofree char *expires = pd_order_export_format_time (pd_order_get_expires_at (order));
  g_autofree char *mismatch = NULL;
  g_autofree char *remaining = NULL;

  mismatch = pd_mismatch_dup_reason (order);
  if (pd_order_get_state (order) == PD_ORDER_STATE_PAID_LESS)
    remaining = pd_order_dup_remaining_amount (order);

  append_field (text, _("Order ID:"), pd_order_get_order_id (order));
  append_field (text, _("State:"), pd_order_state_to_string (pd_order_get_state (order)));
  append_field (text, _("Amount:"), pd_order_get_quote_amount (order));
  append_field (text, _("Quote asset:"), pd_order_get_quote_asset_id (order));
  append_field (text, _("Settlement asset:"), pd_order_get_settlement_asset_id (order));
  append_field (text, _("Payee:"), pd_order_get_payee_id (order));
  append_field (text, _("Link:"), pd_order_get_link (order));
  append_field (text, _("Trace ID:"), pd_order_get_trace_id (order));
  append_field (text, _("Return to:"), pd_order_get_return_to (order));
  append_field (text, _("Remark:"), pd_order_get_remark (order));
  append_field (text, _("Note:"), pd_order_get_note (order));
  append_field (text, _("Created:"), created);
  append_field (text, _("Updated:"), updated);
  append_field (text, _("Expires:"), expires);
  append_field (text, _("Last checked:"), checked);
  append_field (text, _("MixPay status:"), pd_order_get_mixpay_status (order));
  append_field (text, _("Paid:"), pd_order_get_payment_amount (order));
  append_field (text, _("Payable:"), pd_order_get_payable_amount (order));
  append_field (text, _("Still due:"), remaining);
  append_field (text, _("Transaction:"), pd_order_get_txid (order));
  append_field (text, _("Failure:"), pd_order_get_failure_reason (order));
  append_field (text, _("Mismatch:"), mismatch);
  append_field (text, _("Cancelled because:"), pd_order_get_cancel_reason (order));

  g_string_append_printf (text, "\n%s\n", _("History:"));
  for (guint i = 0; i < events->len; i++)
    {
      const PdOrderEvent *event = g_ptr_array_index (events, i);
      g_autofree char *time = pd_order_export_format_time (event->time);
      g_autofree char *message = pd_cli_dup_printable (event->message);

      g_string_append_printf (text, "  %s  %-13s  %-10s  %s\n",
                              time != NULL ? time : "",
                              pd_order_event_kind_to_string (event->kind),
                              pd_order_state_to_string (event->state),
                              message);
    }

  return g_string_free (text, FALSE);
}

static char *
format_order_json (PdOrder   *order,
                   GPtrArray *events)
{
  g_autoptr(JsonNode) node = pd_order_to_json (order);
  g_autofree char *json = NULL;

  json_object_set_member (json_node_get_object (node), "events", pd_order_events_to_json (events));
  json = json_to_string (node, TRUE);

  return g_strconcat (json, "\n", NULL);
}

int
pd_cli_cmd_show (PdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autofree char *payee = NULL;
  gboolean json = FALSE;
  gboolean show_help = FALSE;
  const GOptionEntry entries[] = {
    { "payee", 0, 0, G_OPTION_ARG_STRING, &payee,
      N_("The order’s payee, when two payees use the same order ID"), N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the order and its history as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    pd_cli_context_new (cli, N_("ORDER_ID"), _("Show an order and its history."),
                        entries, &show_help);
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  int status;

  if (!pd_cli_parse (context, &show_help, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return pd_cli_usage_error ("ORDER_ID", "%s", _("give exactly one order ID"));

  order = pd_cli_open_order (cli, argv[1], payee, &store, &status);
  if (order == NULL)
    return status;

  events = pd_store_list_events (store, order, &error);
  if (events == NULL)
    return pd_cli_failure ("%s", error->message);

  output = json ? format_order_json (order, events) : format_order (order, events);
  return pd_cli_print (output);
}

/* paydesk-cli cancel ------------------------------------------------- */

int
pd_cli_cmd_cancel (PdCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *payee = NULL;
  g_autofree char *reason = NULL;
  gboolean show_help = FALSE;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why the order is void, e.g. “paid cash” (required)"), N_("TEXT") },
    { "payee", 0, 0, G_OPTION_ARG_STRING, &payee,
      N_("The order’s payee, when two payees use the same order ID"), N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    pd_cli_context_new (cli, N_("ORDER_ID"),
                        _("Cancel an open order. It is still checked for a week, in case it gets paid anyway."),
                        entries, &show_help);
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *rule = NULL;
  int status;

  if (!pd_cli_parse (context, &show_help, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return pd_cli_usage_error ("ORDER_ID", "%s", _("give exactly one order ID"));

  if (reason == NULL || *g_strstrip (reason) == '\0')
    return pd_cli_usage_error ("--reason", "%s", _("say why the order is cancelled"));

  rule = pd_store_check_cancel_reason (reason);
  if (rule != NULL)
    return pd_cli_usage_error ("--reason", "%s", rule);

  order = pd_cli_open_order (cli, argv[1], payee, &store, &status);
  if (order == NULL)
    return status;

  if (!pd_store_cancel_order (store, order, reason, &error))
    {
      if (g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID))
        return pd_cli_usage_error ("ORDER_ID", _("%s is %s and cannot be cancelled"),
                                   argv[1], pd_order_state_to_string (pd_order_get_state (order)));

      return pd_cli_failure ("%s", error->message);
    }

  output = g_strdup_printf (_("Cancelled %s\n"), pd_order_get_order_id (order));
  return pd_cli_print (output);
}

/* paydesk-cli duplicate ---------------------------------------------- */

int
pd_cli_cmd_duplicate (PdCli  *cli,
                      int     argc,
                      char  **argv)
{
  g_autofree char *payee = NULL;
  g_autofree char *qr_path = NULL;
  gboolean json = FALSE;
  gboolean show_help = FALSE;
  const GOptionEntry entries[] = {
    { "payee", 0, 0, G_OPTION_ARG_STRING, &payee,
      N_("The order’s payee, when two payees use the same order ID"), N_("ID") },
    { "qr", 0, 0, G_OPTION_ARG_FILENAME, &qr_path,
      N_("Also write the new link’s QR code to FILE (.png or .svg)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the new order as JSON instead of its link"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    pd_cli_context_new (cli, N_("ORDER_ID"),
                        _("Record a new order with the amount, assets and note of another one."),
                        entries, &show_help);
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdOrder) original = NULL;
  g_autoptr(PdOrder) copy = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!pd_cli_parse (context, &show_help, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return pd_cli_usage_error ("ORDER_ID", "%s", _("give exactly one order ID"));

  if (qr_path != NULL && !pd_qr_is_file_name (qr_path))
    return pd_cli_usage_error ("--qr", "%s", _("the file name must end in .png or .svg"));
  if (qr_path != NULL && (status = pd_cli_check_output_path (cli, "--qr", qr_path)) != PD_CLI_EXIT_OK)
    return status;

  original = pd_cli_open_order (cli, argv[1], payee, &store, &status);
  if (original == NULL)
    return status;

  {
    g_autoptr(GSettings) settings = pd_cli_open_app_settings ();

    take_setting (&cli->pay_base, settings, "pay-base");
  }
  copy = pd_order_new_duplicate (original, cli->pay_base, now_seconds (), &error);
  if (copy == NULL)
    return report_paylink_error (error);

  g_clear_object (&store);
  return record_and_print (cli, copy, qr_path, json);
}
