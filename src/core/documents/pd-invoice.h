/* pd-invoice.h: invoices and receipts on paper, in PDF and as text
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "pd-merchant-profile.h"
#include "pd-order.h"

G_BEGIN_DECLS

#define PD_INVOICE_ERROR (pd_invoice_error_quark ())

typedef enum
{
  PD_INVOICE_ERROR_NOT_PAID,  /* a receipt for an order that is not paid */
  PD_INVOICE_ERROR_STATE,     /* a reminder for an order that is not paid_less */
  PD_INVOICE_ERROR_INVALID,   /* the order lacks its amount or link */
  PD_INVOICE_ERROR_TOO_LONG,  /* a field does not fit on the page */
  PD_INVOICE_ERROR_LOGO,      /* the logo cannot be read */
  PD_INVOICE_ERROR_WRITE,     /* the PDF cannot be written */
} PdInvoiceErrorCode;

typedef enum
{
  PD_INVOICE_KIND_INVOICE,
  PD_INVOICE_KIND_RECEIPT,
} PdInvoiceKind;

/* The longest note an invoice line takes, in characters. */
#define PD_INVOICE_NOTE_MAX_CHARS 500

/* One document to render; the caller owns every field. Its language is
 * the one gettext uses when it is rendered. */
typedef struct
{
  PdInvoiceKind            kind;
  PdOrder                 *order;
  const PdMerchantProfile *profile;    /* NULL: an empty profile */
  GTimeZone               *time_zone;  /* of the dates; NULL: local time */
} PdInvoice;

GQuark             pd_invoice_error_quark        (void);

/* Whether the document can be made: a receipt needs a paid order, the
 * order its amount and link, the note at most PD_INVOICE_NOTE_MAX_CHARS
 * characters, the logo a readable PNG or SVG. */
gboolean           pd_invoice_check              (const PdInvoice         *doc,
                                                  GError                 **error);
/* Lays out and draws one page of @width_pt × @height_pt points on @cr
 * (user units are points): the same routine prints and writes PDFs.
 * Nothing is drawn unless the whole page fits. */
gboolean           pd_invoice_render             (const PdInvoice         *doc,
                                                  cairo_t                 *cr,
                                                  double                   width_pt,
                                                  double                   height_pt,
                                                  GError                 **error);
/* Renders a one-page PDF in memory and replaces @path with it only when
 * all went well: never a partial file. */
gboolean           pd_invoice_write_pdf          (const PdInvoice         *doc,
                                                  const char              *path,
                                                  PdPaper                  paper,
                                                  GError                 **error);

/* A plain-text invoice for chat apps: description, amount, link and the
 * deadline. Ends with a newline. */
char              *pd_invoice_format_text        (PdOrder                 *order,
                                                  const PdMerchantProfile *profile);
/* For a paid_less order: what was received, what is left to pay and the
 * same link; NULL and PD_INVOICE_ERROR_STATE for any other order. */
char              *pd_invoice_format_reminder    (PdOrder                 *order,
                                                  const PdMerchantProfile *profile,
                                                  GError                 **error);
/* A mailto: URI with a subject and the text invoice as body, and
 * @pdf_path (may be NULL) as an "attach" hint. Most mail programs ignore
 * that hint (Evolution and some others honour it), so the caller should
 * say where the PDF is. */
char              *pd_invoice_build_mailto       (PdOrder                 *order,
                                                  const PdMerchantProfile *profile,
                                                  const char              *pdf_path);

G_END_DECLS
