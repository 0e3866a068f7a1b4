/* pd-ledger-page.h: Preferences → Ledger, where this desk keeps its orders
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-application.h"

G_BEGIN_DECLS

#define PD_TYPE_LEDGER_PAGE (pd_ledger_page_get_type ())

G_DECLARE_FINAL_TYPE (PdLedgerPage, pd_ledger_page, PD, LEDGER_PAGE, AdwPreferencesPage)

/* @application: (nullable): the app that switches to a ledger applied
 * here; without it Apply only saves the settings. */
GtkWidget  *pd_ledger_page_new        (PdApplication *application);
/* Whether a connection is being tried (Test Connection or Apply). */
gboolean    pd_ledger_page_get_busy   (PdLedgerPage  *self);
/* What the page last told the merchant; NULL before anything. */
const char *pd_ledger_page_get_status (PdLedgerPage  *self);

G_END_DECLS
