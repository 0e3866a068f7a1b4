/* pd-cli-report.c: paydesk-cli report, the takings of a range of days
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pd-cli-common.h"
#include "pd-cli-profile.h"
#include "pd-order-export.h"
#include "pd-takings.h"
#include "pd-z-report.h"

/* Longer ranges are refused: each day of the range is a local midnight
 * looked up in the time zone, and no shop needs a report of centuries. */
#define MAX_RANGE_DAYS (100 * 366)

static const char * const csv_columns[] = {
  "period", "quote_asset_id", "quote_symbol", "paid_count", "paid_total",
  "open_count", "open_total", "mismatch_count", "failed_count", "cancelled_count",
};

static JsonNode *
asset_to_json (const PdTakingsAsset *asset)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "quote_asset_id");
  json_builder_add_string_value (builder, asset->quote_asset_id);
  /* Without a cached asset list an order has no symbol: it goes by its
   * asset's ID, as everywhere else, rather than null. */
  json_builder_set_member_name (builder, "quote_symbol");
  json_builder_add_string_value (builder, pd_takings_asset_get_name (asset));
  json_builder_set_member_name (builder, "paid_count");
  json_builder_add_int_value (builder, asset->paid_count);
  /* Money as decimal strings, never JSON numbers (doubles to most
   * readers). */
  json_builder_set_member_name (builder, "paid_total");
  json_builder_add_string_value (builder, asset->paid_total);
  json_builder_set_member_name (builder, "open_count");
  json_builder_add_int_value (builder, asset->open_count);
  json_builder_set_member_name (builder, "open_total");
  json_builder_add_string_value (builder, asset->open_total);
  json_builder_set_member_name (builder, "mismatch_count");
  json_builder_add_int_value (builder, asset->mismatch_count);
  json_builder_set_member_name (builder, "failed_count");
  json_builder_add_int_value (builder, asset->failed_count);
  json_builder_set_member_name (builder, "cancelled_count");
  json_builder_add_int_value (builder, asset->cancelled_count);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
add_assets (JsonBuilder *builder,
            GPtrArray   *assets)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < assets->len; i++)
    json_builder_add_value (builder, asset_to_json (g_ptr_array_index (assets, i)));
  json_builder_end_array (builder);
}

static char *
format_json (PdTakings *takings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *from = pd_takings_format_date (pd_takings_get_from (takings));
  g_autofree char *to = pd_takings_format_date (pd_takings_get_to (takings));
  g_autofree char *json = NULL;
  GPtrArray *periods = pd_takings_get_periods (takings);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  json_builder_set_member_name (builder, "by");
  json_builder_add_string_value (builder, pd_takings_by_to_string (pd_takings_get_by (takings)));
  json_builder_set_member_name (builder, "periods");
  json_builder_begin_array (builder);
  for (guint i = 0; i < periods->len; i++)
    {
      PdTakingsPeriod *period = g_ptr_array_index (periods, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "period");
      json_builder_add_string_value (builder, period->period);
      json_builder_set_member_name (builder, "assets");
      add_assets (builder, period->assets);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "totals");
  add_assets (builder, pd_takings_get_totals (takings));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);
  return g_strconcat (json, "\n", NULL);
}

static void
append_csv_row (GString              *csv,
                const char           *period,
                const PdTakingsAsset *asset)
{
  g_autofree char *paid_count = g_strdup_printf ("%u", asset->paid_count);
  g_autofree char *open_count = g_strdup_printf ("%u", asset->open_count);
  g_autofree char *mismatch_count = g_strdup_printf ("%u", asset->mismatch_count);
  g_autofree char *failed_count = g_strdup_printf ("%u", asset->failed_count);
  g_autofree char *cancelled_count = g_strdup_printf ("%u", asset->cancelled_count);
  const char *cells[] = {
    period, asset->quote_asset_id, pd_takings_asset_get_name (asset), paid_count, asset->paid_total,
    open_count, asset->open_total, mismatch_count, failed_count, cancelled_count,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (csv_columns));

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      /* Symbols come from MixPay's lists: formula-safe, as exports are. */
      g_autofree char *cell = pd_order_export_csv_cell (cells[i]);

      if (i > 0)
        g_string_append_c (csv, ',');
      g_string_append (csv, cell);
    }
  g_string_append (csv, "\r\n");
}

/* The rows of the JSON's periods, then its totals with the period
 * "total". */
static char *
format_csv (PdTakings *takings)
{
  GString *csv = g_string_new (NULL);
  GPtrArray *periods = pd_takings_get_periods (takings);
  GPtrArray *totals = pd_takings_get_totals (takings);

  for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    g_string_append_printf (csv, "%s%s", i > 0 ? "," : "", csv_columns[i]);
  g_string_append (csv, "\r\n");

  for (guint i = 0; i < periods->len; i++)
    {
      PdTakingsPeriod *period = g_ptr_array_index (periods, i);

      for (guint a = 0; a < period->assets->len; a++)
        append_csv_row (csv, period->period, g_ptr_array_index (period->assets, a));
    }
  for (guint a = 0; a < totals->len; a++)
    append_csv_row (csv, "total", g_ptr_array_index (totals, a));

  return g_string_free (csv, FALSE);
}

static void
append_text_asset (GString              *text,
                   const PdTakingsAsset *asset)
{
  g_autofree char *symbol = pd_cli_dup_printable (pd_takings_asset_get_name (asset));

  /* Translators: one line of paydesk-cli report: the asset, then the
   * paid orders and their total, the open orders and what they still
   * ask for, and the orders that did not count. */
  g_string_append_printf (text, _("  %-8s paid %u: %s  open %u: %s  mismatch %u  failed %u  cancelled %u\n"),
                          symbol, asset->paid_count, asset->paid_total,
                          asset->open_count, asset->open_total,
                          asset->mismatch_count, asset->failed_count, asset->cancelled_count);
}

static char *
format_text (PdTakings *takings)
{
  GString *text = g_string_new (NULL);
  GPtrArray *periods = pd_takings_get_periods (takings);
  GPtrArray *totals = pd_takings_get_totals (takings);
  g_autofree char *from = pd_takings_format_date (pd_takings_get_from (takings));
  g_autofree char *to = pd_takings_format_date (pd_takings_get_to (takings));

  /* Translators: the first line of paydesk-cli report; the first and last
   * day, both included. */
  g_string_append_printf (text, _("Takings from %s to %s\n"), from, to);
  if (periods->len == 0)
    {
      g_string_append_printf (text, "%s\n", _("No orders in this period."));
      return g_string_free (text, FALSE);
    }

  for (guint i = 0; i < periods->len; i++)
    {
      PdTakingsPeriod *period = g_ptr_array_index (periods, i);

      g_string_append_printf (text, "\n%s\n", period->period);
      for (guint a = 0; a < period->assets->len; a++)
        append_text_asset (text, g_ptr_array_index (period->assets, a));
    }

  /* Translators: the heading of the totals in paydesk-cli report. */
  g_string_append_printf (text, "\n%s\n", _("Total"));
  for (guint a = 0; a < totals->len; a++)
    append_text_asset (text, g_ptr_array_index (totals, a));

  return g_string_free (text, FALSE);
}

int
pd_cli_cmd_report (PdCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *by_text = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *paper_name = NULL;
  gboolean json = FALSE;
  gboolean csv = FALSE;
  gboolean show_help = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_("First day, local, included (default: the first of the month of --to)"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text,
      N_("Last day, local, included (default: today)"), N_("YYYY-MM-DD") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by_text,
      N_("One period a day, an ISO week or a month (default: day)"), N_("day|week|month") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print CSV"), NULL },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf_path,
      N_("Write the end-of-day report (totals and paid orders) as a PDF to FILE"), N_("FILE") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_name,
      N_("Paper size of the PDF (default: the app’s setting)"), N_("a4|letter") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    pd_cli_context_new (cli, NULL,
                        _("Print the takings of a range of days: verified payments, open, "
                                 "mismatched, failed and cancelled orders, per quote asset."),
                        entries, &show_help);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(PdTakings) takings = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *contents = NULL;
  PdTakingsBy by = PD_TAKINGS_BY_DAY;
  GDate from, to;
  int status;

  if (!pd_cli_parse (context, &show_help, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return pd_cli_usage_error ("report", _("unexpected argument “%s”"), argv[1]);

  if (to_text != NULL && !pd_takings_parse_date (to_text, &to))
    return pd_cli_usage_error ("--to", _("“%s” is not a date such as 2026-11-25"), to_text);
  if (to_text == NULL)
    {
      g_date_clear (&to, 1);
      g_date_set_dmy (&to, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }

  if (from_text != NULL && !pd_takings_parse_date (from_text, &from))
    return pd_cli_usage_error ("--from", _("“%s” is not a date such as 2026-11-01"), from_text);
  if (from_text == NULL)
    {
      from = to;
      g_date_set_day (&from, 1);
    }

  if (g_date_compare (&from, &to) > 0)
    return pd_cli_usage_error ("--from", "%s", _("must not be after --to"));
  if (g_date_days_between (&from, &to) >= MAX_RANGE_DAYS)
    return pd_cli_usage_error ("--from", "%s", _("the range may span at most 100 years"));

  if (by_text != NULL && !pd_takings_by_from_string (by_text, &by))
    return pd_cli_usage_error ("--by", "%s", _("must be day, week or month"));

  if (json && csv)
    return pd_cli_usage_error ("--csv", "%s", _("cannot be used with --json"));
  if (pdf_path != NULL && (json || csv))
    return pd_cli_usage_error ("--pdf", "%s", _("cannot be used with --json or --csv"));
  if (paper_name != NULL && pdf_path == NULL)
    return pd_cli_usage_error ("--paper", "%s", _("needs --pdf"));

  if (pdf_path != NULL && (status = pd_cli_check_output_path (cli, "--pdf", pdf_path)) != PD_CLI_EXIT_OK)
    return status;

  if (pdf_path != NULL)
    {
      PdPaper paper;
      g_autoptr(PdMerchantProfile) profile = pd_cli_load_merchant_profile (&paper);
      g_autoptr(GError) error = NULL;

      if (paper_name != NULL && !pd_paper_from_string (paper_name, &paper))
        return pd_cli_usage_error ("--paper", "%s", _("must be a4 or letter"));

      orders = pd_cli_list_orders (cli, NULL, 0, &status);
      if (orders == NULL)
        return status;
      takings = pd_takings_new_for_orders (orders, &from, &to, by, NULL);
      if (!pd_z_report_write_pdf (takings, profile, NULL, pdf_path, paper, &error))
        return pd_cli_failure ("%s", error->message);
      return PD_CLI_EXIT_OK;
    }

  orders = pd_cli_list_orders (cli, NULL, 0, &status);
  if (orders == NULL)
    return status;

  takings = pd_takings_new_for_orders (orders, &from, &to, by, NULL);
  if (json)
    contents = format_json (takings);
  else if (csv)
    contents = format_csv (takings);
  else
    contents = format_text (takings);

  return pd_cli_print (contents);
}
