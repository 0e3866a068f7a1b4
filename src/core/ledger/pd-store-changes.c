/* pd-store-changes.c: PdStore following what other programs and desks
 * write to its ledger, and whether a shared ledger's server is there
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "pd-ledger-backend.h"
#include "pd-store-private.h"

#define BACKEND_CALL(self, op, ...) \
  ((self)->backend->vtable->op ((self)->backend, __VA_ARGS__))

/* Changes by other programs ------------------------------------------ */


/**
 * pd_store_refresh:
 *
 * Reads what other programs (paydesk-cli, another Paydesk) wrote to the
 * ledger since the last refresh: orders they added are loaded and
 * announced with ::order-added, orders they changed are read again and
 * announced with ::order-changed. Cheap when nothing changed elsewhere.
 *
 * Returns: %FALSE and @error if the ledger could not be read
 */
gboolean
pd_store_refresh (PdStore  *self,
                  GError  **error)
{
  g_autoptr(GArray) ids = NULL;
  PdLedgerStamp mark;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);

  if (!_pd_store_check_open (self, error))
    return FALSE;

  if (!BACKEND_CALL (self, read_changes, &ids, &mark, error))
    return FALSE;
  if (ids == NULL)
    return TRUE;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      PdOrder *known = g_hash_table_lookup (self->orders, &id);
      g_autoptr(PdOrder) added = NULL;
      g_autoptr(GError) local_error = NULL;

      if (known != NULL)
        {
          if (_pd_store_read_again (self, known, &local_error))
            g_signal_emit_by_name (self, "order-changed", known);
        }
      else if ((added = pd_store_lookup_order_by_id (self, id, &local_error)) != NULL)
        {
          g_signal_emit_by_name (self, "order-added", added);
        }

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  BACKEND_CALL (self, mark_seen, &mark);
  return TRUE;
}

static gboolean
refresh_cb (gpointer user_data)
{
  PdStore *self = user_data;
  g_autoptr(GError) error = NULL;

  self->refresh_id = 0;
  if (!pd_store_refresh (self, &error))
    g_message ("Cannot read what another program wrote to %s: %s", self->display, error->message);

  return G_SOURCE_REMOVE;
}

/* The backend also calls this when its server went away or came back:
 * while it is away there is nothing to read, and once it is back what
 * other desks wrote meanwhile is read, as any other change. */
static gboolean
ledger_changed_cb (gpointer user_data)
{
  PdStore *self = user_data;
  gboolean reachable = self->backend == NULL || self->backend->vtable->is_reachable == NULL ||
                       self->backend->vtable->is_reachable (self->backend);

  if (reachable != self->reachable)
    {
      self->reachable = reachable;
      g_object_notify (G_OBJECT (self), "reachable");
    }

  if (reachable && self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_cb, self);

  return G_SOURCE_CONTINUE;
}

/**
 * pd_store_watch:
 *
 * Calls pd_store_refresh() whenever another program (paydesk-cli) has
 * written the ledger, in the thread-default main context of the caller,
 * until the store is closed. How the backend notices costs nothing while
 * nothing is written: no timer.
 */
void
pd_store_watch (PdStore *self)
{
  g_return_if_fail (PD_IS_STORE (self));

  if (self->backend == NULL)
    return;

  BACKEND_CALL (self, watch, ledger_changed_cb, self);
}

gboolean
pd_store_get_reachable (PdStore *self)
{
  g_return_val_if_fail (PD_IS_STORE (self), FALSE);

  return self->reachable;
}
