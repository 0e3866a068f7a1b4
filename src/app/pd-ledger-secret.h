/* pd-ledger-secret.h: a shared ledger's password in the GNOME keyring
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Keyed by the host, port, database and user of @uri (a postgresql://
 * URI without a password). */
void      pd_ledger_secret_store_async   (const char           *uri,
                                          const char           *password,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean  pd_ledger_secret_store_finish  (GAsyncResult         *result,
                                          GError              **error);
void      pd_ledger_secret_lookup_async  (const char           *uri,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
/* NULL without an error when the keyring holds none for @uri. */
char     *pd_ledger_secret_lookup_finish (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
