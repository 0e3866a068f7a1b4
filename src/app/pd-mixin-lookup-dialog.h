/* pd-mixin-lookup-dialog.h: finds a payee ID from a Mixin ID
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-mixpay-client.h"

G_BEGIN_DECLS

#define PD_TYPE_MIXIN_LOOKUP_DIALOG (pd_mixin_lookup_dialog_get_type ())

/* Emits ::found (payee ID) and closes when MixPay knows the account. */
G_DECLARE_FINAL_TYPE (PdMixinLookupDialog, pd_mixin_lookup_dialog, PD, MIXIN_LOOKUP_DIALOG, AdwWindow)

PdMixinLookupDialog *pd_mixin_lookup_dialog_new     (PdMixpayClient      *client);
void                 pd_mixin_lookup_dialog_look_up (PdMixinLookupDialog *self);

G_END_DECLS
