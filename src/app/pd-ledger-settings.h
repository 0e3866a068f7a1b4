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

/* What chose the ledger the app opens. */
typedef enum
{
  PD_LEDGER_ORIGIN_SETTINGS,
  PD_LEDGER_ORIGIN_ENVIRONMENT,
  PD_LEDGER_ORIGIN_COMMAND_LINE,
} PdLedgerOrigin;

/* The ledger the app opens: @command_line (paydesk --db) when not NULL,
 * else $PAYDESK_DB when set, else the shared ledger the settings name,
 * else NULL (the file on this computer); @origin says which. A shared
 * ledger whose settings are not valid is NULL with @error. */
char   *pd_ledger_settings_dup_location (GSettings       *settings,
                                         const char      *command_line,
                                         PdLedgerOrigin  *origin,
                                         GError         **error);

/* The ledger `paydesk --db` names, as paydesk-cli's --db takes it: a
 * file (made absolute, as a second launch compares it from another
 * folder) or a postgresql:// URI; NULL with @error when it is empty,
 * not a URI libpq understands, or holds a password, which would show
 * in the list of running programs. */
char   *pd_ledger_settings_check_command_line (const char  *location,
                                               GError     **error);

/* @location (NULL: the file on this computer) as the merchant reads
 * it, and as a second launch compares it: an absolute file name, or a
 * URI without its password. */
char   *pd_ledger_settings_dup_display (const char *location);

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
