/* pd-ledger-backend.c: choosing a ledger's backend
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-ledger-backend.h"
#include "pd-pg-backend.h"
#include "pd-sqlite-backend.h"

/* The names the ledger stores: never change one once released. */
static const char * const asset_list_names[] = {
  [PD_ASSET_LIST_QUOTE] = "quote",
  [PD_ASSET_LIST_SETTLEMENT] = "settlement",
};

PdLedgerBackend *
pd_ledger_backend_open (const char              *path,
                        const char              *password,
                        const PdLedgerOrderMap  *map,
                        GError                 **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (map != NULL, NULL);

  /* A URI is a database server's; anything else is a file. */
  if (pd_pg_is_uri (path))
    return pd_pg_backend_open (path, password, map, error);

  return pd_sqlite_backend_open (path, map, error);
}

void
pd_ledger_backend_free (PdLedgerBackend *self)
{
  if (self != NULL)
    self->vtable->free (self);
}

const char *
pd_ledger_asset_list_name (PdAssetListKind kind)
{
  g_return_val_if_fail (kind <= PD_ASSET_LIST_SETTLEMENT, NULL);

  return asset_list_names[kind];
}
