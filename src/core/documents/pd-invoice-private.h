/* pd-invoice-private.h: the words an invoice's page and its texts share
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-invoice.h"

G_BEGIN_DECLS

gboolean      _pd_invoice_is_set                (const char              *text);
/* "10 USD": a fiat code reads in capitals; an asset without a known
 * symbol keeps its ID. */
char         *_pd_invoice_format_amount         (const char              *amount,
                                                 const char              *symbol,
                                                 const char              *asset_id);
char         *_pd_invoice_format_quote_amount   (PdOrder                 *order);
/* NULL when nothing was paid. */
char         *_pd_invoice_format_payment_amount (PdOrder                 *order);
const char   *_pd_invoice_payable_symbol        (PdOrder                 *order);
/* NULL for 0 ("never"); @time_zone NULL is local time. */
char         *_pd_invoice_format_time           (gint64                   unix_time,
                                                 GTimeZone               *time_zone);
char         *_pd_invoice_dup_description       (PdOrder                 *order);
/* NULL when the profile has none. */
const char   *_pd_invoice_shop_name             (const PdMerchantProfile *profile);
PdOrderState  _pd_invoice_shown_state           (PdOrder                 *order);
gboolean      _pd_invoice_state_takes_payment   (PdOrderState             state);
const char   *_pd_invoice_no_payment_message    (PdOrderState             state);

G_END_DECLS
