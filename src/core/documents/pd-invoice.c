/* pd-invoice.c: invoices and receipts on paper and in PDF
 *
 * One layout routine draws a page with cairo, all text through Pango so
 * Chinese and right-to-left scripts shape and wrap; the QR code is drawn
 * as rectangles, so it stays vector in a PDF and sharp on any printer.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <librsvg/rsvg.h>

#include "pd-decimal.h"
#include "pd-document-private.h"
#include "pd-invoice.h"
#include "pd-invoice-private.h"
#include "pd-qr.h"

G_DEFINE_QUARK (pd-invoice-error-quark, pd_invoice_error)

/* ------------------------------------------------------------------ */
/* Measures, in points                                                 */
/* ------------------------------------------------------------------ */

#define MM PD_DOCUMENT_MM
#define MARGIN PD_DOCUMENT_MARGIN
/* The symbol without its quiet zone: phones read 40 mm from afar. */
#define QR_SYMBOL_SIDE (40 * MM)
#define LOGO_MAX_WIDTH (48 * MM)
#define LOGO_MAX_HEIGHT (16 * MM)
#define META_WIDTH (72 * MM)
#define AMOUNT_COLUMN (40 * MM)
#define TOTAL_LABEL_COLUMN (36 * MM)
#define LABEL_COLUMN (32 * MM)
#define GUTTER (6 * MM)
#define SECTION_GAP (10 * MM)

#define FONT_TITLE "Sans Bold 22"
#define FONT_SHOP "Sans Bold 14"
#define FONT_HEADING "Sans Bold 11.5"
#define FONT_BODY "Sans 10"
#define FONT_SMALL "Sans 8.5"
#define FONT_LABEL "Sans Bold 8"
#define FONT_TOTAL "Sans Bold 13"
#define FONT_STAMP "Sans Bold 19"
#define FONT_CODE "Monospace 8"

static const PdColour white = { 1, 1, 1 };
static const PdColour black = { 0, 0, 0 };

/* ------------------------------------------------------------------ */
/* The stamp                                                           */
/* ------------------------------------------------------------------ */

static const char *
stamp_label (PdOrderState state)
{
  switch (state)
    {
    case PD_ORDER_STATE_UNPAID:
      return C_("document stamp", "UNPAID");
    case PD_ORDER_STATE_PAID_LESS:
      return C_("document stamp", "PARTLY PAID");
    case PD_ORDER_STATE_CONFIRMING:
    case PD_ORDER_STATE_PENDING:
    case PD_ORDER_STATE_AUDITING:
      return C_("document stamp", "PROCESSING");
    case PD_ORDER_STATE_PAID:
      return C_("document stamp", "PAID");
    case PD_ORDER_STATE_FAILED:
      return C_("document stamp", "FAILED");
    case PD_ORDER_STATE_MISMATCH:
      return C_("document stamp", "MISMATCH");
    case PD_ORDER_STATE_CANCELLED:
      return C_("document stamp", "VOID");
    case PD_ORDER_STATE_UNKNOWN:
    default:
      return C_("document stamp", "UNCONFIRMED");
    }
}

static PdColour
stamp_colour (PdOrderState state)
{
  static const PdColour red = { 0.78, 0.11, 0.11 };
  static const PdColour orange = { 0.82, 0.40, 0.00 };
  static const PdColour blue = { 0.10, 0.36, 0.70 };
  static const PdColour green = { 0.08, 0.52, 0.24 };
  static const PdColour grey = { 0.45, 0.47, 0.50 };

  switch (state)
    {
    case PD_ORDER_STATE_UNPAID:
    case PD_ORDER_STATE_FAILED:
      return red;
    case PD_ORDER_STATE_PAID_LESS:
    case PD_ORDER_STATE_MISMATCH:
      return orange;
    case PD_ORDER_STATE_CONFIRMING:
    case PD_ORDER_STATE_PENDING:
    case PD_ORDER_STATE_AUDITING:
      return blue;
    case PD_ORDER_STATE_PAID:
      return green;
    case PD_ORDER_STATE_CANCELLED:
    case PD_ORDER_STATE_UNKNOWN:
    default:
      return grey;
    }
}

/* ------------------------------------------------------------------ */
/* The logo                                                            */
/* ------------------------------------------------------------------ */

typedef struct
{
  cairo_surface_t *png;
  RsvgHandle      *svg;
  double           width;
  double           height;
} Logo;

static void
logo_clear (Logo *logo)
{
  g_clear_pointer (&logo->png, cairo_surface_destroy);
  g_clear_object (&logo->svg);
}

static gboolean
logo_load_svg (Logo        *logo,
               const char  *path,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean has_viewbox = FALSE;
  RsvgRectangle viewbox;

  logo->svg = rsvg_handle_new_from_file (path, &local_error);
  if (logo->svg == NULL)
    {
      g_set_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_LOGO,
                   _("logo-path: cannot read the logo “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  if (!rsvg_handle_get_intrinsic_size_in_pixels (logo->svg, &logo->width, &logo->height))
    {
      rsvg_handle_get_intrinsic_dimensions (logo->svg, NULL, NULL, NULL, NULL,
                                            &has_viewbox, &viewbox);
      logo->width = has_viewbox ? viewbox.width : 1;
      logo->height = has_viewbox ? viewbox.height : 1;
    }

  return TRUE;
}

static gboolean
logo_load_png (Logo        *logo,
               const char  *path,
               GError     **error)
{
  cairo_status_t status;

  logo->png = cairo_image_surface_create_from_png (path);
  status = cairo_surface_status (logo->png);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_LOGO,
                   _("logo-path: “%s” is not a PNG or SVG image (%s)"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }

  logo->width = cairo_image_surface_get_width (logo->png);
  logo->height = cairo_image_surface_get_height (logo->png);
  return TRUE;
}

static gboolean
logo_load (Logo        *logo,
           const char  *path,
           GError     **error)
{
  gboolean loaded;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_LOGO,
                   _("logo-path: the logo “%s” does not exist"), path);
      return FALSE;
    }

  if (g_str_has_suffix (path, ".svg") || g_str_has_suffix (path, ".SVG") ||
      g_str_has_suffix (path, ".svgz"))
    loaded = logo_load_svg (logo, path, error);
  else
    loaded = logo_load_png (logo, path, error);

  if (loaded && (logo->width <= 0 || logo->height <= 0))
    {
      g_set_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_LOGO,
                   _("logo-path: the logo “%s” is empty"), path);
      loaded = FALSE;
    }

  if (!loaded)
    logo_clear (logo);

  return loaded;
}

/* Scales into @max_width × @max_height, keeping the aspect ratio. */
static void
logo_fit (const Logo *logo,
          double      max_width,
          double      max_height,
          double     *width,
          double     *height)
{
  double scale = MIN (max_width / logo->width, max_height / logo->height);

  *width = logo->width * scale;
  *height = logo->height * scale;
}

static void
logo_draw (const Logo *logo,
           cairo_t    *cr,
           double      x,
           double      y,
           double      width,
           double      height)
{
  cairo_save (cr);

  if (logo->svg != NULL)
    {
      RsvgRectangle viewport = { x, y, width, height };
      rsvg_handle_render_document (logo->svg, cr, &viewport, NULL);
    }
  else if (logo->png != NULL)
    {
      cairo_translate (cr, x, y);
      cairo_scale (cr, width / logo->width, height / logo->height);
      cairo_set_source_surface (cr, logo->png, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_paint (cr);
    }

  cairo_restore (cr);
}

/* ------------------------------------------------------------------ */
/* The page                                                            */
/* ------------------------------------------------------------------ */

/* The page is laid out twice with the same code: once to measure, with
 * @draw FALSE, and once to draw, so a page that does not fit draws
 * nothing. */
typedef struct
{
  const PdInvoice         *doc;
  PdOrder                 *order;
  const PdMerchantProfile *profile;
  cairo_t                 *cr;
  PangoContext            *pango;
  gboolean                 draw;
  double                   left;
  double                   right;
  double                   top;
  double                   bottom;
  Logo                     logo;
  PdQr                    *qr;
  double                   amount_column;  /* wide enough for the amounts */
} Page;

static double
content_width (const Page *page)
{
  return page->right - page->left;
}

static PangoLayout *
page_text (Page          *page,
           const char    *text,
           const char    *font,
           double         width,
           PangoAlignment alignment)
{
  return _pd_document_text (page->pango, text, font, width, alignment);
}

/* Shows @layout with its top left at (@x, @y); returns its height. */
static double
page_show (Page           *page,
           PangoLayout    *layout,
           double          x,
           double          y,
           const PdColour *colour)
{
  if (page->draw)
    _pd_document_show (page->cr, layout, x, y, colour);

  return _pd_document_layout_height (layout);
}

/* One call for a text block: lays it out, shows it, returns its height. */
static double
page_show_text (Page           *page,
                const char     *text,
                const char     *font,
                double          x,
                double          y,
                double          width,
                PangoAlignment  alignment,
                const PdColour *colour)
{
  g_autoptr(PangoLayout) layout = page_text (page, text, font, width, alignment);

  return page_show (page, layout, x, y, colour);
}

static void
page_rule (Page           *page,
           double          y,
           double          line_width,
           const PdColour *colour)
{
  if (page->draw)
    _pd_document_rule (page->cr, page->left, page->right, y, line_width, colour);
}

/* A label in the left column and its value beside it; returns the row
 * height. */
static double
page_fact_row (Page       *page,
               double      y,
               const char *label,
               const char *value,
               const char *value_font)
{
  double label_height;
  double value_height;

  label_height = page_show_text (page, label, FONT_SMALL, page->left, y + 1,
                                 LABEL_COLUMN - GUTTER / 2, PANGO_ALIGN_LEFT, &pd_document_muted);
  value_height = page_show_text (page, value, value_font, page->left + LABEL_COLUMN, y,
                                 content_width (page) - LABEL_COLUMN, PANGO_ALIGN_LEFT, &pd_document_ink);

  return MAX (label_height + 1, value_height);
}

static const char *
document_title (const Page *page)
{
  if (page->doc->kind == PD_INVOICE_KIND_RECEIPT)
    return _("Receipt");

  if (page->profile != NULL && _pd_invoice_is_set (page->profile->invoice_title))
    return page->profile->invoice_title;

  return _("Invoice");
}

/* Logo, shop name, address and contacts on the left. */
static double
draw_merchant (Page   *page,
               double  width)
{
  const PdMerchantProfile *profile = page->profile;
  double x = page->left;
  double y = page->top;
  g_autoptr(GString) contact = g_string_new (NULL);

  if (page->logo.png != NULL || page->logo.svg != NULL)
    {
      double logo_width, logo_height;

      logo_fit (&page->logo, MIN (LOGO_MAX_WIDTH, width), LOGO_MAX_HEIGHT,
                &logo_width, &logo_height);
      if (page->draw)
        logo_draw (&page->logo, page->cr, x, y, logo_width, logo_height);
      y += logo_height + 4 * MM;
    }

  if (profile == NULL)
    return y;

  if (_pd_invoice_is_set (profile->shop_name))
    y += page_show_text (page, profile->shop_name, FONT_SHOP, x, y, width,
                         PANGO_ALIGN_LEFT, &pd_document_ink) + 2;

  for (guint i = 0; profile->address != NULL && profile->address[i] != NULL; i++)
    {
      if (*profile->address[i] != '\0')
        y += page_show_text (page, profile->address[i], FONT_SMALL, x, y, width,
                             PANGO_ALIGN_LEFT, &pd_document_muted);
    }

  if (_pd_invoice_is_set (profile->email))
    g_string_append (contact, profile->email);
  if (_pd_invoice_is_set (profile->email) && _pd_invoice_is_set (profile->phone))
    g_string_append (contact, "  ·  ");
  if (_pd_invoice_is_set (profile->phone))
    g_string_append (contact, profile->phone);
  if (contact->len > 0)
    y += page_show_text (page, contact->str, FONT_SMALL, x, y + 2, width,
                         PANGO_ALIGN_LEFT, &pd_document_muted) + 2;

  return y;
}

/* One row of the order facts under the title, right column. */
static double
draw_meta_row (Page       *page,
               double      x,
               double      y,
               const char *label,
               const char *value)
{
  double label_width = 26 * MM;
  double label_height;
  double value_height;

  label_height = page_show_text (page, label, FONT_SMALL, x, y + 1, label_width - GUTTER / 2,
                                 PANGO_ALIGN_LEFT, &pd_document_muted);
  value_height = page_show_text (page, value, FONT_BODY, x + label_width, y,
                                 META_WIDTH - label_width, PANGO_ALIGN_LEFT, &pd_document_ink);

  return MAX (label_height + 1, value_height) + 3;
}

/* Title, order ID and dates on the right. */
static double
draw_meta (Page *page)
{
  PdOrder *order = page->order;
  GTimeZone *zone = page->doc->time_zone;
  double x = page->right - META_WIDTH;
  double y = page->top;
  g_autofree char *issued = _pd_invoice_format_time (pd_order_get_created_at (order), zone);
  g_autofree char *expires = _pd_invoice_format_time (pd_order_get_expires_at (order), zone);
  g_autofree char *paid = _pd_invoice_format_time (pd_order_get_paid_at (order), zone);

  y += page_show_text (page, document_title (page), FONT_TITLE, x, y, META_WIDTH,
                       PANGO_ALIGN_LEFT, &pd_document_ink) + 3 * MM;

  y += draw_meta_row (page, x, y, _("Order"), pd_order_get_order_id (order));
  if (issued != NULL)
    y += draw_meta_row (page, x, y, _("Issued"), issued);

  if (page->doc->kind == PD_INVOICE_KIND_RECEIPT && paid != NULL)
    y += draw_meta_row (page, x, y, _("Paid"), paid);
  else if (page->doc->kind == PD_INVOICE_KIND_INVOICE)
    y += draw_meta_row (page, x, y, _("Pay by"), expires ? expires : _("No deadline"));

  return y;
}

static double
draw_header (Page *page)
{
  double merchant_bottom = draw_merchant (page, content_width (page) - META_WIDTH - GUTTER);
  double meta_bottom = draw_meta (page);

  return MAX (merchant_bottom, meta_bottom);
}

/* The rotated state stamp, centred on (@x, @y). */
static void
draw_stamp (Page   *page,
            double  x,
            double  y)
{
  PdOrderState state = _pd_invoice_shown_state (page->order);
  PdColour colour = stamp_colour (state);
  g_autoptr(PangoLayout) layout = NULL;
  double padding = 2.5 * MM;
  double width, height;
  int text_width, text_height;

  if (!page->draw)
    return;

  layout = page_text (page, stamp_label (state), FONT_STAMP, -1, PANGO_ALIGN_LEFT);
  pango_layout_set_width (layout, -1);
  pango_layout_get_size (layout, &text_width, &text_height);
  width = pango_units_to_double (text_width) + 2 * padding;
  height = pango_units_to_double (text_height) + padding;

  cairo_save (page->cr);
  cairo_translate (page->cr, x, y);
  cairo_rotate (page->cr, -G_PI / 14);
  cairo_set_source_rgba (page->cr, colour.red, colour.green, colour.blue, 0.9);
  cairo_set_line_width (page->cr, 2.2);
  cairo_rectangle (page->cr, -width / 2, -height / 2, width, height);
  cairo_stroke (page->cr);
  cairo_set_line_width (page->cr, 0.7);
  cairo_rectangle (page->cr, -width / 2 + 2.5, -height / 2 + 2.5, width - 5, height - 5);
  cairo_stroke (page->cr);
  cairo_move_to (page->cr, -width / 2 + padding, -height / 2 + padding / 2);
  pango_cairo_show_layout (page->cr, layout);
  cairo_restore (page->cr);
}

/* The width @text takes on one line. */
static double
natural_width (Page       *page,
               const char *text,
               const char *font)
{
  g_autoptr(PangoLayout) layout = page_text (page, text, font, -1, PANGO_ALIGN_LEFT);
  int width;

  pango_layout_set_width (layout, -1);
  pango_layout_get_size (layout, &width, NULL);
  return pango_units_to_double (width);
}

/* The smallest size an amount is set in to keep it on one line. */
#define AMOUNT_MIN_POINTS 6.0

/* An amount, aligned right in @width: never broken inside its number.
 * One wider than the column (the column stops at half the page; an amount
 * may have 64 characters) is set smaller until it fits on one line; only
 * below AMOUNT_MIN_POINTS does it break, and then at its space, between
 * the number and the symbol. */
static double
page_show_amount (Page           *page,
                  const char     *amount,
                  const char     *font,
                  double          x,
                  double          y,
                  double          width,
                  const PdColour *colour)
{
  g_autoptr(PangoLayout) layout = page_text (page, amount, font, width, PANGO_ALIGN_RIGHT);
  double natural = natural_width (page, amount, font);

  if (natural > width)
    {
      PangoFontDescription *description = pango_font_description_copy (pango_layout_get_font_description (layout));
      double points = pango_units_to_double (pango_font_description_get_size (description));

      points = MAX (AMOUNT_MIN_POINTS, points * width / natural * 0.98);
      pango_font_description_set_size (description, pango_units_from_double (points));
      pango_layout_set_font_description (layout, description);
      pango_font_description_free (description);
    }
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);

  return page_show (page, layout, x, y, colour);
}

/* A row of the totals: the label, then the amount aligned right in the
 * amount column. */
static double
draw_total_row (Page           *page,
                double          y,
                const char     *label,
                const char     *amount,
                const char     *font,
                const PdColour *colour)
{
  double amount_x = page->right - page->amount_column;
  double label_x = amount_x - TOTAL_LABEL_COLUMN;
  double label_height;
  double amount_height;

  label_height = page_show_text (page, label, font, label_x, y, TOTAL_LABEL_COLUMN - GUTTER / 2,
                                 PANGO_ALIGN_LEFT, colour);
  amount_height = page_show_amount (page, amount, font, amount_x, y, page->amount_column, colour);

  return MAX (label_height, amount_height) + 4;
}

/* The amount column grows to hold the longest amount on one line (an
 * asset without a symbol shows its ID), up to half the page. */
static void
measure_amount_column (Page       *page,
                       const char *amount)
{
  double width = natural_width (page, amount, FONT_TOTAL) + 1;

  page->amount_column = CLAMP (width, AMOUNT_COLUMN, content_width (page) / 2);
}

/* The line item and the totals; the stamp sits left of the totals. */
static double
draw_items (Page   *page,
            double  y)
{
  PdOrder *order = page->order;
  g_autofree char *description = _pd_invoice_dup_description (order);
  g_autofree char *amount = _pd_invoice_format_quote_amount (order);
  g_autofree char *paid = _pd_invoice_format_payment_amount (order);
  double description_width;
  double totals_top;
  double row;

  measure_amount_column (page, amount);
  description_width = content_width (page) - page->amount_column - GUTTER;

  row = page_show_text (page, _("Description"), FONT_LABEL, page->left, y, description_width,
                        PANGO_ALIGN_LEFT, &pd_document_muted);
  page_show_text (page, _("Amount"), FONT_LABEL, page->right - page->amount_column, y,
                  page->amount_column, PANGO_ALIGN_RIGHT, &pd_document_muted);
  y += row + 2 * MM;
  page_rule (page, y, 0.8, &pd_document_ink);
  y += 3 * MM;

  row = page_show_text (page, description, FONT_BODY, page->left, y, description_width,
                        PANGO_ALIGN_LEFT, &pd_document_ink);
  row = MAX (row, page_show_amount (page, amount, FONT_BODY, page->right - page->amount_column, y,
                                    page->amount_column, &pd_document_ink));
  y += row + 3 * MM;
  page_rule (page, y, 0.5, &pd_document_hairline);
  y += 3 * MM;

  totals_top = y;
  y += draw_total_row (page, y, _("Total"), amount, FONT_TOTAL, &pd_document_ink);

  /* A receipt lists what was paid under "Payment received". */
  if (page->doc->kind == PD_INVOICE_KIND_INVOICE &&
      _pd_invoice_shown_state (order) == PD_ORDER_STATE_PAID_LESS && paid != NULL)
    {
      g_autofree char *remaining = pd_order_dup_remaining_amount (order);

      y += draw_total_row (page, y, _("Received"), paid, FONT_BODY, &pd_document_muted);
      if (remaining != NULL)
        {
          g_autofree char *due = _pd_invoice_format_amount (remaining, _pd_invoice_payable_symbol (order), NULL);
          PdColour colour = stamp_colour (PD_ORDER_STATE_PAID_LESS);

          y += draw_total_row (page, y, _("Still to pay"), due, FONT_TOTAL, &colour);
        }
    }

  /* Centred in the free space left of the totals. */
  draw_stamp (page, (page->left + page->right - page->amount_column - TOTAL_LABEL_COLUMN) / 2,
              MAX (y, totals_top + 14 * MM) - 7 * MM);

  return MAX (y, totals_top + 14 * MM);
}

/* The QR code, its symbol's left edge on the margin and its quiet zone
 * reaching into it; returns the width it takes, quiet zone included. */
static double
draw_qr (Page   *page,
         double  y)
{
  guint width = pd_qr_get_width (page->qr);
  const guint8 *modules = pd_qr_get_modules (page->qr);
  double module = QR_SYMBOL_SIDE / width;
  double quiet = PD_QR_QUIET_ZONE * module;
  cairo_t *cr = page->cr;

  if (page->draw)
    {
      cairo_save (cr);
      cairo_set_source_rgb (cr, white.red, white.green, white.blue);
      cairo_rectangle (cr, page->left - quiet, y, QR_SYMBOL_SIDE + 2 * quiet,
                       QR_SYMBOL_SIDE + 2 * quiet);
      cairo_fill (cr);

      /* One path of merged horizontal runs: no seams between modules
       * when a viewer rasterises it. */
      cairo_set_source_rgb (cr, black.red, black.green, black.blue);
      for (guint row = 0; row < width; row++)
        {
          guint x = 0;

          while (x < width)
            {
              guint start;

              if (!modules[(gsize) row * width + x])
                {
                  x++;
                  continue;
                }
              start = x;
              while (x < width && modules[(gsize) row * width + x])
                x++;
              cairo_rectangle (cr, page->left + start * module, y + quiet + row * module,
                               (x - start) * module, module);
            }
        }
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      cairo_fill (cr);
      cairo_restore (cr);
    }

  return QR_SYMBOL_SIDE + quiet;
}

/* QR code on the left; instructions, the full link and the deadline on
 * the right. */
static double
draw_payment (Page   *page,
              double  y)
{
  PdOrder *order = page->order;
  const char *instructions = page->profile != NULL && _pd_invoice_is_set (page->profile->payment_instructions)
                             ? page->profile->payment_instructions
                             : _("Scan the QR code with your phone’s camera or a crypto wallet, or open the link below, and pay with any asset MixPay accepts.");
  double quiet = PD_QR_QUIET_ZONE * QR_SYMBOL_SIDE / pd_qr_get_width (page->qr);
  double qr_height = QR_SYMBOL_SIDE + 2 * quiet;
  double text_x;
  double text_width;
  double text_y;

  y += page_show_text (page, _("How to pay"), FONT_HEADING, page->left, y, content_width (page),
                       PANGO_ALIGN_LEFT, &pd_document_ink) + 2 * MM;

  text_x = page->left + draw_qr (page, y) + GUTTER;
  text_width = page->right - text_x;
  text_y = y + quiet;

  text_y += page_show_text (page, instructions, FONT_BODY, text_x, text_y, text_width,
                            PANGO_ALIGN_LEFT, &pd_document_ink) + 4 * MM;
  text_y += page_show_text (page, _("Payment link"), FONT_LABEL, text_x, text_y, text_width,
                            PANGO_ALIGN_LEFT, &pd_document_muted) + 1;
  {
    g_autoptr(PangoLayout) link = page_text (page, pd_order_get_link (order), FONT_CODE,
                                             text_width, PANGO_ALIGN_LEFT);

    /* A link breaks anywhere, never at a hyphen it does not have. */
    pango_layout_set_wrap (link, PANGO_WRAP_CHAR);
    text_y += page_show (page, link, text_x, text_y, &pd_document_ink) + 4 * MM;
  }

  if (pd_order_get_expires_at (order) != 0)
    {
      g_autofree char *deadline = _pd_invoice_format_time (pd_order_get_expires_at (order), page->doc->time_zone);
      g_autofree char *line = g_strdup_printf (_("Please pay by %s."), deadline);

      text_y += page_show_text (page, line, FONT_BODY, text_x, text_y, text_width,
                                PANGO_ALIGN_LEFT, &pd_document_ink);
    }

  return MAX (y + qr_height, text_y);
}

/* The verified facts of the payment. */
static double
draw_payment_facts (Page   *page,
                    double  y)
{
  PdOrder *order = page->order;
  g_autofree char *paid = _pd_invoice_format_payment_amount (order);
  g_autofree char *paid_at = _pd_invoice_format_time (pd_order_get_paid_at (order), page->doc->time_zone);

  if (paid != NULL)
    y += page_fact_row (page, y, _("Amount paid"), paid, FONT_BODY) + 2 * MM;
  if (paid_at != NULL)
    y += page_fact_row (page, y, _("Paid on"), paid_at, FONT_BODY) + 2 * MM;
  if (_pd_invoice_is_set (pd_order_get_txid (order)))
    y += page_fact_row (page, y, _("Transaction"), pd_order_get_txid (order), FONT_CODE) + 2 * MM;

  return y;
}

static double
draw_receipt_body (Page   *page,
                   double  y)
{
  y += page_show_text (page, _("Payment received"), FONT_HEADING, page->left, y,
                       content_width (page), PANGO_ALIGN_LEFT, &pd_document_ink) + 3 * MM;
  y = draw_payment_facts (page, y);
  y += 2 * MM;
  y += page_show_text (page, _("Thank you for your payment."), FONT_BODY, page->left, y,
                       content_width (page), PANGO_ALIGN_LEFT, &pd_document_ink);

  return y;
}

static double
draw_no_payment_due (Page   *page,
                     double  y)
{
  PdOrderState state = _pd_invoice_shown_state (page->order);

  y += page_show_text (page, _("Payment"), FONT_HEADING, page->left, y, content_width (page),
                       PANGO_ALIGN_LEFT, &pd_document_ink) + 3 * MM;
  y += page_show_text (page, _pd_invoice_no_payment_message (state), FONT_BODY, page->left, y,
                       content_width (page), PANGO_ALIGN_LEFT, &pd_document_ink) + 3 * MM;
  if (state == PD_ORDER_STATE_PAID)
    y = draw_payment_facts (page, y);

  return y;
}

/* The footer hangs from the bottom margin; returns its top. */
static double
draw_footer (Page *page)
{
  g_autoptr(PangoLayout) layout = NULL;
  double top;

  if (page->profile == NULL || !_pd_invoice_is_set (page->profile->footer))
    return page->bottom;

  layout = page_text (page, page->profile->footer, FONT_SMALL, content_width (page),
                      PANGO_ALIGN_CENTER);
  top = page->bottom - _pd_document_layout_height (layout);
  page_rule (page, top - 3 * MM, 0.5, &pd_document_hairline);
  page_show (page, layout, page->left, top, &pd_document_muted);

  return top - 3 * MM;
}

/* Lays out the whole page; returns where the content ends and, in
 * *@footer_top, where the footer begins. */
static double
draw_page (Page   *page,
           double *footer_top)
{
  double y;

  y = draw_header (page) + SECTION_GAP;
  y = draw_items (page, y) + SECTION_GAP;

  if (page->doc->kind == PD_INVOICE_KIND_RECEIPT)
    y = draw_receipt_body (page, y);
  else if (page->qr != NULL)
    y = draw_payment (page, y);
  else
    y = draw_no_payment_due (page, y);

  *footer_top = draw_footer (page);
  return y;
}

/* ------------------------------------------------------------------ */
/* Checks                                                              */
/* ------------------------------------------------------------------ */

static gboolean
check_order (const PdInvoice  *doc,
             GError          **error)
{
  PdOrder *order = doc->order;
  const char *note = pd_order_get_note (order);

  if (!_pd_invoice_is_set (pd_order_get_order_id (order)))
    {
      g_set_error_literal (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_INVALID,
                           _("orderId: the order has no ID to put on a document"));
      return FALSE;
    }

  if (!pd_decimal_is_valid (pd_order_get_quote_amount (order)))
    {
      g_set_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_INVALID,
                   _("quoteAmount: order “%s” has no amount to put on a document"),
                   pd_order_get_order_id (order));
      return FALSE;
    }

  if (doc->kind == PD_INVOICE_KIND_RECEIPT && pd_order_get_state (order) != PD_ORDER_STATE_PAID)
    {
      g_set_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_NOT_PAID,
                   _("Order “%s” is %s, not paid: a receipt needs a verified payment"),
                   pd_order_get_order_id (order),
                   pd_order_state_to_string (pd_order_get_state (order)));
      return FALSE;
    }

  if (doc->kind == PD_INVOICE_KIND_INVOICE && _pd_invoice_state_takes_payment (_pd_invoice_shown_state (order)) &&
      !_pd_invoice_is_set (pd_order_get_link (order)))
    {
      g_set_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_INVALID,
                   _("link: order “%s” has no payment link"), pd_order_get_order_id (order));
      return FALSE;
    }

  if (note != NULL && g_utf8_strlen (note, -1) > PD_INVOICE_NOTE_MAX_CHARS)
    {
      g_set_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_TOO_LONG,
                   _("note: %ld characters is too long for an invoice line (at most %d)"),
                   g_utf8_strlen (note, -1), PD_INVOICE_NOTE_MAX_CHARS);
      return FALSE;
    }

  return TRUE;
}

/* Everything the page needs that can fail: the logo and the QR code. */
static gboolean
page_prepare (Page             *page,
              const PdInvoice  *doc,
              GError          **error)
{
  page->doc = doc;
  page->order = doc->order;
  page->profile = doc->profile;

  if (!check_order (doc, error))
    return FALSE;

  if (doc->profile != NULL && _pd_invoice_is_set (doc->profile->logo_path) &&
      !logo_load (&page->logo, doc->profile->logo_path, error))
    return FALSE;

  if (doc->kind == PD_INVOICE_KIND_INVOICE && _pd_invoice_state_takes_payment (_pd_invoice_shown_state (doc->order)))
    {
      page->qr = pd_qr_new (pd_order_get_link (doc->order), PD_QR_LEVEL_M, error);
      if (page->qr == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
page_clear (Page *page)
{
  logo_clear (&page->logo);
  g_clear_pointer (&page->qr, pd_qr_unref);
  g_clear_object (&page->pango);
}

gboolean
pd_invoice_check (const PdInvoice  *doc,
                  GError          **error)
{
  Page page = { 0 };
  gboolean ok;

  g_return_val_if_fail (doc != NULL && PD_IS_ORDER (doc->order), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ok = page_prepare (&page, doc, error);
  page_clear (&page);

  return ok;
}

/* Text in points, whatever the surface: a resolution of 72 makes one
 * Pango point one cairo unit; no hinting, so the measuring pass and the
 * drawing pass, the printer and the PDF agree. */
static PangoContext *
create_pango_context (cairo_t *cr)
{
  PangoContext *context = pango_cairo_create_context (cr);
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 72);
  cairo_font_options_destroy (options);

  return context;
}

gboolean
pd_invoice_render (const PdInvoice  *doc,
                   cairo_t          *cr,
                   double            width_pt,
                   double            height_pt,
                   GError          **error)
{
  Page page = { 0 };
  double content_end;
  double footer_top;
  gboolean ok = FALSE;

  g_return_val_if_fail (doc != NULL && PD_IS_ORDER (doc->order), FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!page_prepare (&page, doc, error))
    goto out;

  page.cr = cr;
  page.pango = create_pango_context (cr);
  page.left = MARGIN;
  page.right = width_pt - MARGIN;
  page.top = MARGIN;
  page.bottom = height_pt - MARGIN;

  page.draw = FALSE;
  content_end = draw_page (&page, &footer_top);
  if (content_end > footer_top - 4 * MM)
    {
      g_set_error_literal (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_TOO_LONG,
                           _("The document does not fit on one page: shorten the shop address, the note or the footer"));
      goto out;
    }

  page.draw = TRUE;
  draw_page (&page, &footer_top);
  ok = cairo_status (cr) == CAIRO_STATUS_SUCCESS;
  if (!ok)
    g_set_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_WRITE,
                 _("Could not draw the document: %s"), cairo_status_to_string (cairo_status (cr)));

out:
  page_clear (&page);
  return ok;
}

/* ------------------------------------------------------------------ */
/* PDF                                                                 */
/* ------------------------------------------------------------------ */

static gboolean
render_cb (cairo_t  *cr,
           double    width_pt,
           double    height_pt,
           gpointer  user_data,
           GError  **error)
{
  return pd_invoice_render (user_data, cr, width_pt, height_pt, error);
}

gboolean
pd_invoice_write_pdf (const PdInvoice  *doc,
                      const char       *path,
                      PdPaper           paper,
                      GError          **error)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (doc != NULL && PD_IS_ORDER (doc->order), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (doc->kind == PD_INVOICE_KIND_RECEIPT)
    title = g_strdup_printf (_("Receipt %s"), pd_order_get_order_id (doc->order));
  else
    title = g_strdup_printf (_("Invoice %s"), pd_order_get_order_id (doc->order));

  return _pd_document_write_pdf (path, paper, title, _pd_invoice_shop_name (doc->profile),
                                 render_cb, (gpointer) doc, error);
}
