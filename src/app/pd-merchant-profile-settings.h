/* pd-merchant-profile-settings.h: the merchant profile of the app's
 * Shop preferences
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-merchant-profile.h"

G_BEGIN_DECLS

/* The merchant profile and paper size of the app's settings: what every
 * document and text the app makes (the order page's, the Takings view's)
 * is issued by. Empty settings are NULL. */
PdMerchantProfile *pd_merchant_profile_settings_load (PdPaper *paper);

G_END_DECLS
