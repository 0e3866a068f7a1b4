/* pd-ledger-password-dialog.h: asks for a shared ledger's password
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-application.h"

G_BEGIN_DECLS

#define PD_TYPE_LEDGER_PASSWORD_DIALOG (pd_ledger_password_dialog_get_type ())

/* Connect opens @location with the password typed; on success the
 * application switches to it (pd_application_set_store()), the password
 * goes to the keyring when "Remember" is on, and the dialog closes. A
 * refused password is told under the field, and the dialog stays. */
G_DECLARE_FINAL_TYPE (PdLedgerPasswordDialog, pd_ledger_password_dialog, PD, LEDGER_PASSWORD_DIALOG, AdwWindow)

/* @keyring_available: whether "Remember in the keyring" starts on. */
PdLedgerPasswordDialog *pd_ledger_password_dialog_new       (PdApplication          *application,
                                                             const char             *location,
                                                             gboolean                keyring_available);
/* TRUE while Connect is trying the password. */
gboolean                pd_ledger_password_dialog_get_busy  (PdLedgerPasswordDialog *self);
/* What the dialog says under the field; NULL when it says nothing. */
const char             *pd_ledger_password_dialog_get_error (PdLedgerPasswordDialog *self);

G_END_DECLS
