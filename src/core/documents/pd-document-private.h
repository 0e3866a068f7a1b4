/* pd-document-private.h: what the invoices and the Z report draw alike
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "pd-merchant-profile.h"

G_BEGIN_DECLS

/* Measures are in points. */
#define PD_DOCUMENT_MM (72.0 / 25.4)
#define PD_DOCUMENT_MARGIN (18 * PD_DOCUMENT_MM)

typedef struct
{
  double red, green, blue;
} PdColour;

extern const PdColour pd_document_ink;
extern const PdColour pd_document_muted;
extern const PdColour pd_document_hairline;

/* @text in @font, wrapped at @width points: a new layout. */
PangoLayout *_pd_document_text          (PangoContext   *pango,
                                         const char     *text,
                                         const char     *font,
                                         double          width,
                                         PangoAlignment  alignment);
double       _pd_document_layout_height (PangoLayout    *layout);
/* Shows @layout with its top left at (@x, @y). */
void         _pd_document_show          (cairo_t        *cr,
                                         PangoLayout    *layout,
                                         double          x,
                                         double          y,
                                         const PdColour *colour);
/* A horizontal line from @left to @right at @y. */
void         _pd_document_rule          (cairo_t        *cr,
                                         double          left,
                                         double          right,
                                         double          y,
                                         double          line_width,
                                         const PdColour *colour);

typedef gboolean (*PdDocumentRenderFunc) (cairo_t  *cr,
                                          double    width_pt,
                                          double    height_pt,
                                          gpointer  user_data,
                                          GError  **error);

/* Has @render draw on a PDF of @paper in memory, then replaces @path
 * with it only when all went well. @author may be NULL. Errors are
 * PD_INVOICE_ERROR_WRITE, or what @render set. */
gboolean     _pd_document_write_pdf     (const char            *path,
                                         PdPaper                paper,
                                         const char            *title,
                                         const char            *author,
                                         PdDocumentRenderFunc   render,
                                         gpointer               user_data,
                                         GError               **error);

G_END_DECLS
