/* pd-document.c: what the invoices and the Z report draw alike
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>

#include "pd-document-private.h"
#include "pd-invoice.h"

const PdColour pd_document_ink = { 0.12, 0.14, 0.17 };
const PdColour pd_document_muted = { 0.39, 0.43, 0.48 };
const PdColour pd_document_hairline = { 0.80, 0.82, 0.85 };

PangoLayout *
_pd_document_text (PangoContext   *pango,
                   const char     *text,
                   const char     *font,
                   double          width,
                   PangoAlignment  alignment)
{
  PangoLayout *layout = pango_layout_new (pango);
  PangoFontDescription *description = pango_font_description_from_string (font);
  PangoAttrList *attributes = pango_attr_list_new ();

  /* A hyphen added at a break would corrupt a link or a transaction ID
   * copied from the page. */
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  pango_layout_set_width (layout, pango_units_from_double (width));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);

  return layout;
}

double
_pd_document_layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return pango_units_to_double (height);
}

void
_pd_document_show (cairo_t        *cr,
                   PangoLayout    *layout,
                   double          x,
                   double          y,
                   const PdColour *colour)
{
  cairo_save (cr);
  cairo_set_source_rgb (cr, colour->red, colour->green, colour->blue);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

void
_pd_document_rule (cairo_t        *cr,
                   double          left,
                   double          right,
                   double          y,
                   double          line_width,
                   const PdColour *colour)
{
  cairo_save (cr);
  cairo_set_source_rgb (cr, colour->red, colour->green, colour->blue);
  cairo_set_line_width (cr, line_width);
  cairo_move_to (cr, left, y);
  cairo_line_to (cr, right, y);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
_pd_document_write_pdf (const char            *path,
                        PdPaper                paper,
                        const char            *title,
                        const char            *author,
                        PdDocumentRenderFunc   render,
                        gpointer               user_data,
                        GError               **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width, height;
  gboolean rendered;

  pd_paper_get_size (paper, &width, &height);
  surface = cairo_pdf_surface_create_for_stream (append_bytes, pdf, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Paydesk " PACKAGE_VERSION);
  if (author != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, author);
  cr = cairo_create (surface);
  rendered = render (cr, width, height, user_data, error);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!rendered)
    return FALSE;

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_WRITE,
                   _("Could not write the PDF “%s”: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }

  /* A temporary file renamed over @path: all or nothing; and synced, as
   * exports are, since a document is often mailed at once. */
  if (!g_file_set_contents_full (path, (const char *) pdf->data, pdf->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0666, &local_error))
    {
      g_set_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_WRITE,
                   _("Could not write the PDF “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  return TRUE;
}
