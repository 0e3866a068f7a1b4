/* pd-ledger-settings.h: which ledger the app opens, from its settings
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PD_LEDGER_SETTINGS_ERROR (pd_ledger_settings_error_quark ())

/* The field a shared ledger's setting is wrong in. */
typedef enum
{
  PD_LEDGER_SETTINGS_ERROR_HOST,
  PD_LEDGER_SETTINGS_ERROR_PORT,
  PD_LEDGER_SETTINGS_ERROR_DATABASE,
  PD_LEDGER_SETTINGS_ERROR_USER,
  PD_LEDGER_SETTINGS_ERROR_URI,
} PdLedgerSettingsError;

GQuark  pd_ledger_settings_error_quark (void);

/* The URI of a shared ledger: @uri when not empty (a postgresql:// URI
 * without a password), else one made of the other fields; NULL and an
 * error naming the field otherwise. @sslmode is libpq's. */
char   *pd_ledger_settings_build_uri   (const char  *host,
                                        const char  *port,
                                        const char  *database,
                                        const char  *user,
                                        const char  *sslmode,
                                        const char  *uri,
                                        GError     **error);

/* The ledger the app opens: $PAYDESK_DB when set (@from_environment
 * TRUE), else the shared ledger the settings name, else NULL (the file
 * on this computer). A shared ledger whose settings are not valid is
 * NULL with @error. */
char   *pd_ledger_settings_dup_location (GSettings  *settings,
                                         gboolean   *from_environment,
                                         GError    **error);

G_END_DECLS

#include "pd-store.h"

G_BEGIN_DECLS

/* Opens @location (NULL: the file on this computer) with @password in a
 * thread, and reads every order into the store there, as the window's
 * first listing needs them. */
void     pd_ledger_open_async  (const char           *location,
                                const char           *password,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
PdStore *pd_ledger_open_finish (GAsyncResult         *result,
                                GError              **error);

G_END_DECLS
