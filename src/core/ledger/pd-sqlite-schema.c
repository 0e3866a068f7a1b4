/* pd-sqlite-schema.c: the SQLite ledger's tables, and the migrations
 * that bring an older file forward
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pd-sqlite-backend-private.h"

/* Forward migrations: migrations[i] turns schema version i into i + 1.
 * Never edit a step once released; add a new one. */
static const char * const migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE orders ("
  "  id INTEGER PRIMARY KEY,"
  "  order_id TEXT NOT NULL,"
  "  payee_id TEXT NOT NULL,"
  "  settlement_asset_id TEXT NOT NULL,"
  "  quote_asset_id TEXT NOT NULL,"
  "  quote_symbol TEXT,"
  "  quote_amount TEXT NOT NULL,"
  "  return_to TEXT,"
  "  remark TEXT,"
  "  note TEXT,"
  "  link_kind TEXT NOT NULL DEFAULT 'paylink',"
  "  link TEXT,"
  "  trace_id TEXT,"
  "  expires_at INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  last_checked_at INTEGER NOT NULL DEFAULT 0,"
  "  next_check_at INTEGER NOT NULL DEFAULT 0,"
  "  state TEXT NOT NULL,"
  "  cancel_reason TEXT,"
  "  cancelled_at INTEGER NOT NULL DEFAULT 0,"
  "  mixpay_status TEXT,"
  "  payment_amount TEXT,"
  "  payment_symbol TEXT,"
  "  payable_amount TEXT,"
  "  payable_symbol TEXT,"
  "  confirmations INTEGER NOT NULL DEFAULT -1,"
  "  txid TEXT,"
  "  explorer_url TEXT,"
  "  failure_code TEXT,"
  "  failure_reason TEXT,"
  "  surplus_amount TEXT,"
  "  surplus_status TEXT,"
  "  settle_status TEXT,"
  "  settle_amount TEXT,"
  "  settle_symbol TEXT,"
  "  paid_at INTEGER NOT NULL DEFAULT 0,"
  "  mismatch TEXT,"
  "  UNIQUE (payee_id, order_id)"
  ");"
  "CREATE INDEX orders_by_order_id ON orders (order_id);"
  "CREATE INDEX orders_by_created_at ON orders (created_at);"
  "CREATE INDEX orders_by_next_check_at ON orders (next_check_at);"
  "CREATE TABLE order_events ("
  "  id INTEGER PRIMARY KEY,"
  "  order_ref INTEGER NOT NULL REFERENCES orders (id) ON DELETE RESTRICT,"
  "  time INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  message TEXT,"
  "  raw_json TEXT"
  ");"
  "CREATE INDEX order_events_by_order ON order_events (order_ref, id);"
  /* The history is append-only: the database itself refuses edits. */
  "CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events"
  "  BEGIN SELECT RAISE (ABORT, 'order_events is append-only'); END;"
  "CREATE TRIGGER order_events_no_delete BEFORE DELETE ON order_events"
  "  BEGIN SELECT RAISE (ABORT, 'order_events is append-only'); END;"
  "CREATE TABLE asset_cache ("
  "  kind TEXT PRIMARY KEY,"
  "  json TEXT NOT NULL,"
  "  fetched_at INTEGER NOT NULL"
  ");",

  /* 1 → 2: the poller's two questions (which order is due, and when the
   * next one is) walked every settled order, whose next_check_at stays 0:
   * 60 ms a request with 100,000 orders. These partial indexes hold only
   * the orders still watched. */
  "DROP INDEX orders_by_next_check_at;"
  "CREATE INDEX orders_open_by_next_check ON orders (next_check_at, id)"
  "  WHERE state IN ('unpaid', 'confirming', 'paid_less', 'pending', 'auditing', 'unknown');"
  "CREATE INDEX orders_cancelled_by_time ON orders (cancelled_at)"
  "  WHERE state = 'cancelled';",

  /* 2 → 3: the same index, its condition without IN (see PD_SQLITE_OPEN_STATE_SQL):
   * each answer from MixPay wrote through two temporary tables. */
  "DROP INDEX orders_open_by_next_check;"
  "CREATE INDEX orders_open_by_next_check ON orders (next_check_at, id)"
  "  WHERE " PD_SQLITE_OPEN_STATE_SQL ";",

  /* 3 → 4: a count of the writes of each order, so that a program never
   * writes over what another one wrote since it read the order (see
   * write_order()). */
  "ALTER TABLE orders ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == PD_STORE_SCHEMA_VERSION);

static gboolean
read_int_pragma (PdSqliteBackend  *self,
                 const char       *sql,
                 int              *value,
                 GError          **error)
{
  sqlite3_int64 value64;

  if (!_pd_sqlite_read_int64 (self, sql, &value64, error))
    return FALSE;

  *value = (int) value64;
  return TRUE;
}

/* Before anything is written (even the journal mode): a file of a newer
 * Paydesk is refused as it is. */
gboolean
_pd_sqlite_check_version (PdSqliteBackend  *self,
                          GError          **error)
{
  if (!read_int_pragma (self, "PRAGMA user_version", &self->schema_version, error))
    return FALSE;

  if (self->schema_version > PD_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_VERSION,
                   _("%s was written by a newer Paydesk (schema %d, this one knows %d); it was left untouched"),
                   self->path, self->schema_version, PD_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  /* Version 0 with tables in it is another program's database (migration
   * 0 → 1 sets the version in the transaction that makes the tables):
   * switching it to WAL and adding ours would change it. */
  if (self->schema_version == 0)
    {
      int n_objects;

      if (!read_int_pragma (self, "SELECT count(*) FROM sqlite_master", &n_objects, error))
        return FALSE;
      if (n_objects > 0)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_FOREIGN,
                       _("%s is another program’s database, not a Paydesk ledger; it was left untouched"),
                       self->path);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
_pd_sqlite_migrate (PdSqliteBackend  *self,
                    GError          **error)
{
  int version = self->schema_version;

  /* One transaction a step: a failed step leaves the file at the
   * version before it. */
  for (; version < PD_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!_pd_sqlite_begin (self, FALSE, error))
        return FALSE;

      if (!_pd_sqlite_exec (self, migrations[version], error) ||
          !_pd_sqlite_exec (self, set_version, error) ||
          !_pd_sqlite_commit (self, error))
        {
          _pd_sqlite_rollback (self);
          g_prefix_error (error, _("Cannot upgrade %s to schema %d: "), self->path, version + 1);
          return FALSE;
        }
    }

  self->schema_version = version;
  return TRUE;
}

/* PD_SQLITE_OPEN_STATE_SQL must name exactly the states that are not
 * settled. */
void
_pd_sqlite_check_open_states (void)
{
  for (PdOrderState state = 0; state <= PD_ORDER_STATE_LAST; state++)
    {
      g_autofree char *quoted = g_strdup_printf ("'%s'", pd_order_state_to_string (state));

      g_assert ((strstr (PD_SQLITE_OPEN_STATE_SQL, quoted) != NULL) == !pd_order_state_is_settled (state));
    }
}
