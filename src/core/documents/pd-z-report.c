/* pd-z-report.c: the end-of-day ("Z") report of a range's takings, as PDF
 *
 * The same paper sizes, colours and PDF writing as the invoices
 * (pd-document.c), on pages of its own: a day's paid orders may fill
 * several.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "pd-document-private.h"
#include "pd-z-report.h"

#define MM PD_DOCUMENT_MM
#define MARGIN PD_DOCUMENT_MARGIN
#define ROW_GAP (1.6 * MM)
#define SECTION_GAP (8 * MM)

/* As on the invoices. */
#define FONT_TITLE "Sans Bold 20"
#define FONT_SHOP "Sans Bold 14"
#define FONT_HEADING "Sans Bold 11.5"
#define FONT_BODY "Sans 9.5"
#define FONT_SMALL "Sans 8.5"
#define FONT_LABEL "Sans Bold 8"
#define FONT_CODE "Monospace 7.5"

typedef struct
{
  cairo_t      *cr;
  PangoContext *pango;
  GTimeZone    *zone;
  double        left;
  double        right;
  double        top;
  double        bottom;
  double        y;
  guint         page;
} Report;

/* A table column: its share of the width and how it aligns. */
typedef struct
{
  double          share;
  PangoAlignment  alignment;
  const char     *font;
} Column;

/* The totals: one block an asset, a label and its value a row, so that
 * long amounts and asset IDs never wrap into each other. */
static const Column fact_columns[] = {
  { 0.35, PANGO_ALIGN_LEFT, FONT_SMALL },
  { 0.65, PANGO_ALIGN_LEFT, FONT_BODY },
};

/* A paid order: ID, time and amount on one line, its transaction under
 * them across the page. */
static const Column order_columns[] = {
  { 0.36, PANGO_ALIGN_LEFT, FONT_BODY },   /* order ID */
  { 0.28, PANGO_ALIGN_LEFT, FONT_BODY },   /* paid at */
  { 0.36, PANGO_ALIGN_RIGHT, FONT_BODY },  /* amount */
};

#define COLUMN_GAP (2 * MM)

static PangoLayout *
report_text (Report         *report,
             const char     *text,
             const char     *font,
             double          width,
             PangoAlignment  alignment)
{
  return _pd_document_text (report->pango, text, font, width, alignment);
}

static void
show_layout (Report         *report,
             PangoLayout    *layout,
             double          x,
             double          y,
             const PdColour *colour)
{
  _pd_document_show (report->cr, layout, x, y, colour);
}

/* A block of text across the page at the current line. */
static void
report_line (Report       *report,
             const char   *text,
             const char   *font,
             const PdColour *colour)
{
  g_autoptr(PangoLayout) layout = report_text (report, text, font,
                                               report->right - report->left, PANGO_ALIGN_LEFT);

  show_layout (report, layout, report->left, report->y, colour);
  report->y += _pd_document_layout_height (layout) + ROW_GAP;
}

static void
report_rule (Report         *report,
             double          line_width,
             const PdColour *colour)
{
  _pd_document_rule (report->cr, report->left, report->right, report->y, line_width, colour);
  report->y += ROW_GAP;
}

static void
report_footer (Report *report)
{
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;

  /* Translators: at the foot of each page of the takings report. */
  text = g_strdup_printf (_("Page %u"), report->page);
  layout = report_text (report, text, FONT_SMALL, report->right - report->left, PANGO_ALIGN_RIGHT);
  show_layout (report, layout, report->left, report->bottom + 4 * MM, &pd_document_muted);
}

static void
report_new_page (Report *report)
{
  report_footer (report);
  cairo_show_page (report->cr);
  report->page++;
  report->y = report->top;
}

/* One row of a table; a new page first when it does not fit. @header,
 * when not NULL, is drawn again at the top of that new page. */
static void
report_row (Report              *report,
            const Column        *columns,
            guint                n_columns,
            const char * const  *cells,
            const char          *font,
            const PdColour      *colour,
            const char * const  *header)
{
  PangoLayout *layouts[8] = { NULL };
  double width = report->right - report->left;
  double height = 0;
  double x = report->left;

  g_assert (n_columns <= G_N_ELEMENTS (layouts));

  for (guint i = 0; i < n_columns; i++)
    {
      layouts[i] = report_text (report, cells[i], font != NULL ? font : columns[i].font,
                                columns[i].share * width - COLUMN_GAP, columns[i].alignment);
      height = MAX (height, _pd_document_layout_height (layouts[i]));
    }

  if (report->y + height > report->bottom && report->y > report->top)
    {
      report_new_page (report);
      if (header != NULL)
        report_row (report, columns, n_columns, header, FONT_LABEL, &pd_document_muted, NULL);
    }

  for (guint i = 0; i < n_columns; i++)
    {
      show_layout (report, layouts[i], x, report->y, colour);
      x += columns[i].share * width;
      g_object_unref (layouts[i]);
    }
  report->y += height + ROW_GAP;
}

static char *
format_amount (const char *amount,
               const char *symbol,
               const char *asset_id)
{
  if (symbol != NULL && *symbol != '\0')
    return g_strdup_printf ("%s %s", amount, symbol);
  return g_strdup_printf ("%s %s", amount, asset_id != NULL ? asset_id : "");
}

static char *
format_time (Report *report,
             gint64  unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (utc, report->zone);
  /* Translators: a paid order's time in the takings report, a
   * g_date_time_format() string. */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M:%S"));
}

static void
draw_header (Report                  *report,
             PdTakings               *takings,
             const PdMerchantProfile *profile)
{
  g_autofree char *from = pd_takings_format_date (pd_takings_get_from (takings));
  g_autofree char *to = pd_takings_format_date (pd_takings_get_to (takings));
  g_autofree char *period = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (report->zone);
  g_autofree char *made = NULL;
  g_autofree char *made_line = NULL;

  if (profile != NULL && profile->shop_name != NULL && *profile->shop_name != '\0')
    report_line (report, profile->shop_name, FONT_SHOP, &pd_document_ink);

  report_line (report, _("Takings Report"), FONT_TITLE, &pd_document_ink);

  if (strcmp (from, to) == 0)
    /* Translators: the period of a takings report of one day. */
    period = g_strdup_printf (_("Day: %s"), from);
  else
    /* Translators: the period of a takings report, both days included. */
    period = g_strdup_printf (_("From %s to %s"), from, to);
  report_line (report, period, FONT_HEADING, &pd_document_ink);

  /* Translators: when the takings report was made, a
   * g_date_time_format() string; %Z is the time zone. */
  made = g_date_time_format (now, _("%Y-%m-%d %H:%M %Z"));
  /* Translators: %s is a date and time. */
  made_line = g_strdup_printf (_("Made %s"), made);
  report_line (report, made_line, FONT_SMALL, &pd_document_muted);
  report->y += SECTION_GAP / 2;
}

static void
fact_row (Report     *report,
          const char *label,
          const char *value)
{
  const char *cells[] = { label, value };

  report_row (report, fact_columns, G_N_ELEMENTS (fact_columns), cells, NULL, &pd_document_ink, NULL);
}

static void
fact_count_row (Report     *report,
                const char *label,
                guint       count)
{
  g_autofree char *value = g_strdup_printf ("%u", count);

  fact_row (report, label, value);
}

static void
draw_totals (Report    *report,
             PdTakings *takings)
{
  GPtrArray *totals = pd_takings_get_totals (takings);

  report_line (report, _("Totals"), FONT_HEADING, &pd_document_ink);
  if (totals->len == 0)
    {
      report_line (report, _("No orders in this period."), FONT_BODY, &pd_document_muted);
      return;
    }

  for (guint i = 0; i < totals->len; i++)
    {
      PdTakingsAsset *asset = g_ptr_array_index (totals, i);
      const char *symbol = asset->quote_symbol != NULL ? asset->quote_symbol : asset->quote_asset_id;
      g_autofree char *paid = g_strdup_printf ("%s %s", asset->paid_total, symbol);
      g_autofree char *open = g_strdup_printf ("%s %s", asset->open_total, symbol);

      /* An asset's block stays on one page. */
      if (report->y + 45 * MM > report->bottom)
        report_new_page (report);

      report_rule (report, 0.5, &pd_document_hairline);
      report_line (report, symbol, FONT_LABEL, &pd_document_muted);
      fact_row (report, _("Paid (verified)"), paid);
      fact_count_row (report, _("Paid orders"), asset->paid_count);
      fact_row (report, _("Still open"), open);
      fact_count_row (report, _("Open orders"), asset->open_count);
      fact_count_row (report, _("Mismatches"), asset->mismatch_count);
      fact_count_row (report, _("Failed"), asset->failed_count);
      fact_count_row (report, _("Cancelled"), asset->cancelled_count);
    }

  report_rule (report, 0.5, &pd_document_hairline);
  report_line (report,
               _("Paid totals count only payments Paydesk verified against the order. "
                 "A mismatch, a failure or an open order is never takings."),
               FONT_SMALL, &pd_document_muted);
  report->y += SECTION_GAP / 2;
}

static void
draw_paid_orders (Report    *report,
                  PdTakings *takings)
{
  GPtrArray *orders = pd_takings_get_paid_orders (takings);
  const char * const header[] = {
    C_("takings column", "Order"), C_("takings column", "Paid at"),
    C_("takings column", "Amount"),
  };

  if (report->y + 40 * MM > report->bottom)
    report_new_page (report);

  report_line (report, _("Paid Orders"), FONT_HEADING, &pd_document_ink);
  if (orders->len == 0)
    {
      report_line (report, _("No paid orders in this period."), FONT_BODY, &pd_document_muted);
      return;
    }

  report_row (report, order_columns, G_N_ELEMENTS (order_columns), header, FONT_LABEL, &pd_document_muted, NULL);
  report_rule (report, 0.5, &pd_document_hairline);

  for (guint i = 0; i < orders->len; i++)
    {
      PdOrder *order = g_ptr_array_index (orders, i);
      g_autofree char *time = format_time (report, pd_order_get_paid_at (order));
      g_autofree char *amount = format_amount (pd_order_get_quote_amount (order),
                                               pd_order_get_quote_symbol (order),
                                               pd_order_get_quote_asset_id (order));
      const char *txid = pd_order_get_txid (order);
      g_autofree char *txid_line = NULL;
      const char *cells[] = { pd_order_get_order_id (order), time, amount };

      /* The order and its transaction on the same page. */
      if (report->y + 12 * MM > report->bottom)
        {
          report_new_page (report);
          report_row (report, order_columns, G_N_ELEMENTS (order_columns), header, FONT_LABEL, &pd_document_muted, NULL);
        }
      report_row (report, order_columns, G_N_ELEMENTS (order_columns), cells, NULL, &pd_document_ink, header);
      /* Translators: under a paid order in the takings report; %s is
       * the transaction ID, or a dash when MixPay gave none. */
      txid_line = g_strdup_printf (_("Transaction: %s"), txid != NULL ? txid : "—");
      report->y -= ROW_GAP;
      report_line (report, txid_line, FONT_CODE, &pd_document_muted);
    }
}

gboolean
pd_z_report_render (PdTakings               *takings,
                    const PdMerchantProfile *profile,
                    GTimeZone               *time_zone,
                    cairo_t                 *cr,
                    double                   width_pt,
                    double                   height_pt,
                    GError                 **error)
{
  g_autoptr(GTimeZone) local = time_zone == NULL ? g_time_zone_new_local () : NULL;
  Report report = { 0 };

  g_return_val_if_fail (takings != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);

  report.cr = cr;
  report.pango = pango_cairo_create_context (cr);
  report.zone = time_zone != NULL ? time_zone : local;
  report.left = MARGIN;
  report.right = width_pt - MARGIN;
  report.top = MARGIN;
  /* Room for the page number under the last row. */
  report.bottom = height_pt - MARGIN - 6 * MM;
  report.y = report.top;
  report.page = 1;

  draw_header (&report, takings, profile);
  draw_totals (&report, takings);
  draw_paid_orders (&report, takings);
  report_footer (&report);
  cairo_show_page (cr);

  g_object_unref (report.pango);

  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_WRITE,
                   _("Could not draw the takings report: %s"), cairo_status_to_string (cairo_status (cr)));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  PdTakings               *takings;
  const PdMerchantProfile *profile;
  GTimeZone               *time_zone;
} RenderData;

static gboolean
render_cb (cairo_t  *cr,
           double    width_pt,
           double    height_pt,
           gpointer  user_data,
           GError  **error)
{
  RenderData *data = user_data;

  return pd_z_report_render (data->takings, data->profile, data->time_zone,
                             cr, width_pt, height_pt, error);
}

gboolean
pd_z_report_write_pdf (PdTakings               *takings,
                       const PdMerchantProfile *profile,
                       GTimeZone               *time_zone,
                       const char              *path,
                       PdPaper                  paper,
                       GError                 **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *title = NULL;
  RenderData data = { takings, profile, time_zone };
  const char *author = NULL;

  g_return_val_if_fail (takings != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  from = pd_takings_format_date (pd_takings_get_from (takings));
  to = pd_takings_format_date (pd_takings_get_to (takings));
  /* Translators: the title of the takings report's PDF; the first and
   * last day. */
  title = g_strdup_printf (_("Takings %s to %s"), from, to);
  if (profile != NULL && profile->shop_name != NULL && *profile->shop_name != '\0')
    author = profile->shop_name;

  return _pd_document_write_pdf (path, paper, title, author, render_cb, &data, error);
}
