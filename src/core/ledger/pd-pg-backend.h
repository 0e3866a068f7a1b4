/* pd-pg-backend.h: the ledger in a PostgreSQL database, shared by
 * several desks
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-ledger-backend.h"

G_BEGIN_DECLS

/* TRUE when @location names a PostgreSQL database (a postgresql:// or
 * postgres:// URI) rather than an SQLite file. */
gboolean         pd_pg_is_uri          (const char              *location);
/* @uri without its password (and any other secret), fit for messages;
 * NULL when libpq cannot parse it, with @error naming why. */
char            *pd_pg_dup_display_uri (const char              *uri,
                                        GError                 **error);
/* What names @uri's database, for the keyring (pd-pg-connection.c). */
gboolean         pd_pg_uri_parse       (const char              *uri,
                                        char                   **user,
                                        char                   **host,
                                        char                   **port,
                                        char                   **dbname,
                                        gboolean                *has_password);
PdLedgerBackend *pd_pg_backend_open    (const char              *uri,
                                        const char              *password,
                                        const PdLedgerOrderMap  *map,
                                        GError                 **error);

G_END_DECLS
