/* pd-pg-schema.c: the PostgreSQL ledger's tables, and the migrations
 * that bring an older database forward
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pd-pg-backend-private.h"

/* Several desks may open a new database at once: each migration step
 * takes this transaction-level lock first and reads the version again
 * under it, so a step runs once. */
#define MIGRATION_LOCK_KEY "7016385201"

/* Forward migrations: migrations[i] turns schema version i into i + 1.
 * Never edit a step once released; add a new one. Amounts are text, as
 * MixPay writes them (exact decimals, never floating point); times are
 * Unix seconds. */
static const char * const migrations[] = {
  /* 0 → 1: the tables of SQLite schema 4. */
  "CREATE TABLE orders ("
  "  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
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
  "  expires_at BIGINT NOT NULL DEFAULT 0,"
  "  created_at BIGINT NOT NULL,"
  "  updated_at BIGINT NOT NULL,"
  "  last_checked_at BIGINT NOT NULL DEFAULT 0,"
  "  next_check_at BIGINT NOT NULL DEFAULT 0,"
  "  state TEXT NOT NULL,"
  "  cancel_reason TEXT,"
  "  cancelled_at BIGINT NOT NULL DEFAULT 0,"
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
  "  paid_at BIGINT NOT NULL DEFAULT 0,"
  "  mismatch TEXT,"
  "  revision BIGINT NOT NULL DEFAULT 0,"
  "  UNIQUE (payee_id, order_id)"
  ");"
  "CREATE INDEX orders_by_order_id ON orders (order_id);"
  "CREATE INDEX orders_by_created_at ON orders (created_at);"
  "CREATE INDEX orders_open_by_next_check ON orders (next_check_at, id)"
  "  WHERE " PD_PG_OPEN_STATE_SQL ";"
  "CREATE INDEX orders_cancelled_by_time ON orders (cancelled_at)"
  "  WHERE state = 'cancelled';"
  /* xid: the transaction that wrote the event, which tells other desks
   * what they have not read yet (see pg_read_changes()). */
  "CREATE TABLE order_events ("
  "  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  order_ref BIGINT NOT NULL REFERENCES orders (id) ON DELETE RESTRICT,"
  "  time BIGINT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  message TEXT,"
  "  raw_json TEXT,"
  "  xid XID8 NOT NULL DEFAULT pg_current_xact_id ()"
  ");"
  "CREATE INDEX order_events_by_order ON order_events (order_ref, id);"
  "CREATE INDEX order_events_by_xid ON order_events (xid);"
  /* The history is append-only: the database itself refuses edits. */
  "CREATE FUNCTION paydesk_append_only () RETURNS trigger LANGUAGE plpgsql AS"
  "  $$ BEGIN RAISE EXCEPTION 'order_events is append-only'; END $$;"
  "CREATE TRIGGER order_events_no_update BEFORE UPDATE OR DELETE ON order_events"
  "  FOR EACH ROW EXECUTE FUNCTION paydesk_append_only ();"
  "CREATE TRIGGER order_events_no_truncate BEFORE TRUNCATE ON order_events"
  "  FOR EACH STATEMENT EXECUTE FUNCTION paydesk_append_only ();"
  "CREATE TABLE asset_cache ("
  "  kind TEXT PRIMARY KEY,"
  "  json TEXT NOT NULL,"
  "  fetched_at BIGINT NOT NULL"
  ");",

  /* 1 → 2: the desk that holds the polling lock says who it is, for the
   * others' "Checking payments on DESK" (pd-pg-poll-lock.c). */
  "CREATE TABLE poll_desk ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  desk TEXT NOT NULL,"
  "  since BIGINT NOT NULL"
  ");",

  /* 2 → 3: MixPay's request budget, one row per account, shared by every
   * desk and command (pd-pg-rate.c): when its last request went and when
   * MixPay's pause ends, in µs of the server's clock, 0 for never. */
  "CREATE TABLE rate_budget ("
  "  payee TEXT PRIMARY KEY,"
  "  last_request BIGINT NOT NULL DEFAULT 0,"
  "  paused_until BIGINT NOT NULL DEFAULT 0"
  ");",
};

#define PD_PG_SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

static gboolean
read_version (PdPgBackend  *self,
              int          *version,
              GError      **error)
{
  PGresult *result = _pd_pg_query (self, "SELECT max (version) FROM paydesk_schema", 0, NULL, error);

  if (result == NULL)
    return FALSE;

  *version = PQgetisnull (result, 0, 0) ? 0 : (int) _pd_pg_int64 (result, 0, 0);
  PQclear (result);
  return TRUE;
}

/* A database with tables but no version table is another program's: it
 * is left alone. */
static gboolean
check_foreign (PdPgBackend  *self,
               GError      **error)
{
  PGresult *result;
  gboolean has_version, has_tables;

  result = _pd_pg_query (self,
                         "SELECT to_regclass ('paydesk_schema') IS NOT NULL,"
                         "  EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema ())",
                         0, NULL, error);
  if (result == NULL)
    return FALSE;

  has_version = strcmp (PQgetvalue (result, 0, 0), "t") == 0;
  has_tables = strcmp (PQgetvalue (result, 0, 1), "t") == 0;
  PQclear (result);

  if (!has_version && has_tables)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_FOREIGN,
                   _("%s is another program’s database, not a Paydesk ledger; it was left untouched"),
                   self->display);
      return FALSE;
    }

  return has_version ||
         _pd_pg_exec (self, "CREATE TABLE IF NOT EXISTS paydesk_schema (version INTEGER NOT NULL)", error);
}

gboolean
_pd_pg_migrate (PdPgBackend  *self,
                GError      **error)
{
  int version;

  if (!check_foreign (self, error) ||
      !read_version (self, &version, error))
    return FALSE;

  for (;;)
    {
      g_autofree char *set_version = NULL;

      if (version > PD_PG_SCHEMA_VERSION)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_VERSION,
                       _("%s was written by a newer Paydesk (schema %d, this one knows %d); it was left untouched"),
                       self->display, version, PD_PG_SCHEMA_VERSION);
          return FALSE;
        }
      if (version == PD_PG_SCHEMA_VERSION)
        break;

      /* One transaction a step: a failed step leaves the database at the
       * version before it. Another desk may have done it meanwhile. */
      if (!_pd_pg_begin (self, FALSE, error))
        return FALSE;
      if (!_pd_pg_exec (self, "SELECT pg_advisory_xact_lock (" MIGRATION_LOCK_KEY ")", error) ||
          !read_version (self, &version, error))
        {
          _pd_pg_rollback (self);
          return FALSE;
        }
      if (version >= PD_PG_SCHEMA_VERSION)
        {
          _pd_pg_rollback (self);
          continue;
        }

      set_version = g_strdup_printf ("DELETE FROM paydesk_schema; INSERT INTO paydesk_schema VALUES (%d)",
                                     version + 1);
      if (!_pd_pg_exec (self, migrations[version], error) ||
          !_pd_pg_exec (self, set_version, error) ||
          !_pd_pg_commit (self, error))
        {
          _pd_pg_rollback (self);
          g_prefix_error (error, _("Cannot upgrade %s to schema %d: "), self->display, version + 1);
          return FALSE;
        }
      version++;
    }

  self->schema_version = version;
  return TRUE;
}

void
_pd_pg_check_open_states (void)
{
  for (PdOrderState state = 0; state <= PD_ORDER_STATE_LAST; state++)
    {
      g_autofree char *quoted = g_strdup_printf ("'%s'", pd_order_state_to_string (state));

      g_assert ((strstr (PD_PG_OPEN_STATE_SQL, quoted) != NULL) == !pd_order_state_is_settled (state));
    }
}
