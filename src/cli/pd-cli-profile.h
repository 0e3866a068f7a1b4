/* pd-cli-profile.h: the merchant profile of the app's settings, for
 * paydesk-cli's documents
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-merchant-profile.h"

G_BEGIN_DECLS

/* The Shop preferences the app saved (shop-name, shop-address,
 * contact-email, contact-phone, logo-path, invoice-footer, invoice-title,
 * payment-instructions) and its paper size; an empty profile and A4
 * when the app's schema is not installed. Empty values are NULL. */
PdMerchantProfile *pd_cli_load_merchant_profile (PdPaper *paper);

G_END_DECLS
