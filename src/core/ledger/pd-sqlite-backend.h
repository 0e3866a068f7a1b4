/* pd-sqlite-backend.h: the ledger in one SQLite file
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-ledger-backend.h"

G_BEGIN_DECLS

PdLedgerBackend *pd_sqlite_backend_open (const char              *path,
                                         const PdLedgerOrderMap  *map,
                                         GError                 **error);

G_END_DECLS
