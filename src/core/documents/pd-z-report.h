/* pd-z-report.h: the end-of-day ("Z") report of a range's takings, as PDF
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "pd-invoice.h"
#include "pd-takings.h"

G_BEGIN_DECLS

/* Draws the report on as many pages of @width_pt × @height_pt points as
 * it needs, ending each with cairo_show_page(): the period, the totals
 * per quote asset and every paid order (ID, time it was verified, amount,
 * transaction). @profile may be NULL; @time_zone NULL means local time. */
gboolean pd_z_report_render    (PdTakings               *takings,
                                const PdMerchantProfile *profile,
                                GTimeZone               *time_zone,
                                cairo_t                 *cr,
                                double                   width_pt,
                                double                   height_pt,
                                GError                 **error);
/* Renders the PDF in memory and replaces @path with it only when all
 * went well; errors are PD_INVOICE_ERROR_WRITE. */
gboolean pd_z_report_write_pdf (PdTakings               *takings,
                                const PdMerchantProfile *profile,
                                GTimeZone               *time_zone,
                                const char              *path,
                                PdPaper                  paper,
                                GError                 **error);

G_END_DECLS
