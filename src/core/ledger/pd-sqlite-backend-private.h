/* pd-sqlite-backend-private.h: what the SQLite backend's files share
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "pd-order-private.h"
#include "pd-sqlite-backend.h"

G_BEGIN_DECLS

#define PD_SQLITE_BUSY_TIMEOUT_MS 5000

/* The states pd_order_state_is_settled() calls open, as an SQL condition.
 * The due queries must spell it exactly as the partial index of schema 3
 * does, or SQLite will not use the index; _pd_sqlite_check_open_states()
 * checks it against pd_order_state_is_settled(). Comparisons joined by
 * OR, not "state IN (…)": SQLite tests a list of more than two values
 * against a temporary table that it builds, twice on every UPDATE of a
 * watched order (for the old row and the new). */
#define PD_SQLITE_OPEN_STATE_SQL \
  "(state = 'unpaid' OR state = 'confirming' OR state = 'paid_less'" \
  " OR state = 'pending' OR state = 'auditing' OR state = 'unknown')"

typedef struct _PdSqliteHealth PdSqliteHealth;

typedef struct
{
  PdLedgerBackend  parent;

  char            *path;
  sqlite3         *db;
  int              schema_version;
  /* The store's objects, which rows are read into. */
  PdLedgerOrderMap map;
  /* Fills the orders read from rows: made once, see
   * pd_ledger_order_loader_new(). */
  PdOrderLoader   *loader;
  /* SQL (by address) → sqlite3_stmt of the statements every write runs,
   * prepared once. */
  GHashTable      *statements;
  /* The full check still running or failed; NULL once it passed. */
  PdSqliteHealth  *health;
  /* The connection commits with synchronous = NORMAL: see
   * _pd_sqlite_begin(). */
  gboolean         relaxed;
  /* read_changes(): the last event the store has seen, and the ledger's
   * state then; watch(): the monitor of the marker file. */
  sqlite3_int64    seen_event_id;
  sqlite3_int64    seen_data_version;
  /* The last event this connection wrote in the open transaction, or
   * 0: see own_events_are_alone(). */
  sqlite3_int64    own_event_id;
  GFileMonitor    *monitor;
  GSourceFunc      changed;
  gpointer         changed_data;
  /* The file a backend that does not watch touches after each commit
   * (see watch()), kept open; -1 until the first commit. */
  int              marker_fd;
} PdSqliteBackend;

/* pd-sqlite-backend.c: errors, statements, transactions */
void          _pd_sqlite_set_error        (PdSqliteBackend  *self,
                                           int               rc,
                                           GError          **error);
gboolean      _pd_sqlite_check_open       (PdSqliteBackend  *self,
                                           GError          **error);
sqlite3_stmt *_pd_sqlite_prepare          (PdSqliteBackend  *self,
                                           const char       *sql,
                                           GError          **error);
sqlite3_stmt *_pd_sqlite_prepare_cached   (PdSqliteBackend  *self,
                                           const char       *sql,
                                           GError          **error);
void          _pd_sqlite_release          (sqlite3_stmt     *stmt);
gboolean      _pd_sqlite_step_done_cached (PdSqliteBackend  *self,
                                           sqlite3_stmt     *stmt,
                                           GError          **error);
gboolean      _pd_sqlite_step_done        (PdSqliteBackend  *self,
                                           sqlite3_stmt     *stmt,
                                           GError          **error);
gboolean      _pd_sqlite_exec             (PdSqliteBackend  *self,
                                           const char       *sql,
                                           GError          **error);
void          _pd_sqlite_bind_text        (sqlite3_stmt     *stmt,
                                           int               index,
                                           const char       *text);
gboolean      _pd_sqlite_read_int64       (PdSqliteBackend  *self,
                                           const char       *sql,
                                           sqlite3_int64    *value,
                                           GError          **error);
gboolean      _pd_sqlite_begin            (PdSqliteBackend  *self,
                                           gboolean          relaxed,
                                           GError          **error);
gboolean      _pd_sqlite_commit           (PdSqliteBackend  *self,
                                           GError          **error);
void          _pd_sqlite_rollback         (PdSqliteBackend  *self);

/* pd-sqlite-schema.c */
void          _pd_sqlite_check_open_states (void);
gboolean      _pd_sqlite_check_version     (PdSqliteBackend  *self,
                                            GError          **error);
gboolean      _pd_sqlite_migrate           (PdSqliteBackend  *self,
                                            GError          **error);

/* pd-sqlite-health.c */
gboolean      _pd_sqlite_check_health      (PdSqliteBackend  *self,
                                            GError          **error);
gboolean      _pd_sqlite_probe_health      (PdSqliteBackend  *self,
                                            GError          **error);
gboolean      _pd_sqlite_opens_without_writing (PdSqliteBackend *self);
void          _pd_sqlite_start_health_check (PdSqliteBackend *self);
void          _pd_sqlite_stop_health_check  (PdSqliteBackend *self);
gboolean      _pd_sqlite_wait_for_health    (PdSqliteBackend  *self,
                                             GError          **error);

/* pd-sqlite-orders.c: rows, events, the due queries, the asset cache;
 * see PdLedgerBackendVTable */
gboolean   _pd_sqlite_insert_orders     (PdLedgerBackend      *backend,
                                         GPtrArray            *orders,
                                         gint64                now,
                                         PdLedgerPrepareFunc   prepare,
                                         gpointer              data,
                                         gint64               *ids,
                                         GError              **error);
gboolean   _pd_sqlite_insert_imported   (PdLedgerBackend      *backend,
                                         PdOrder              *order,
                                         GPtrArray            *events,
                                         gint64               *id,
                                         GError              **error);
gboolean   _pd_sqlite_update_order      (PdLedgerBackend      *backend,
                                         PdOrder              *order,
                                         guint                *n_written,
                                         GError              **error);
gboolean   _pd_sqlite_record_check      (PdLedgerBackend      *backend,
                                         gint64                id,
                                         gint64                last_checked_at,
                                         gint64                next_check_at,
                                         GError              **error);
gboolean   _pd_sqlite_append_event      (PdLedgerBackend      *backend,
                                         gint64                order_id,
                                         gint64                time,
                                         PdOrderEventKind      kind,
                                         PdOrderState          state,
                                         const char           *message,
                                         const char           *raw_json,
                                         GError              **error);
gboolean   _pd_sqlite_set_asset_list    (PdLedgerBackend      *backend,
                                         PdAssetListKind       kind,
                                         const char           *json,
                                         gint64                fetched_at,
                                         GError              **error);
gboolean   _pd_sqlite_read_state        (PdLedgerBackend      *backend,
                                         gint64                id,
                                         PdOrderState         *state,
                                         GError              **error);
gboolean   _pd_sqlite_read_again        (PdLedgerBackend      *backend,
                                         PdOrder              *order,
                                         gboolean              if_revised,
                                         GError              **error);
GPtrArray *_pd_sqlite_lookup_by_key     (PdLedgerBackend      *backend,
                                         const char           *payee_id,
                                         const char           *order_id,
                                         GError              **error);
GPtrArray *_pd_sqlite_lookup_by_id      (PdLedgerBackend      *backend,
                                         gint64                id,
                                         GError              **error);
GPtrArray *_pd_sqlite_find_by_order_id  (PdLedgerBackend      *backend,
                                         const char           *order_id,
                                         GError              **error);
GPtrArray *_pd_sqlite_list_all          (PdLedgerBackend      *backend,
                                         GArray               *created_at,
                                         GError              **error);
GArray    *_pd_sqlite_list_due          (PdLedgerBackend      *backend,
                                         gint64                now,
                                         gint64                cancelled_since,
                                         guint                 limit,
                                         GError              **error);
gboolean   _pd_sqlite_get_next_check_at (PdLedgerBackend      *backend,
                                         gint64                cancelled_since,
                                         gint64               *next_check_at,
                                         GError              **error);
GPtrArray *_pd_sqlite_list_events       (PdLedgerBackend      *backend,
                                         gint64                order_id,
                                         GError              **error);
gboolean   _pd_sqlite_get_asset_list    (PdLedgerBackend      *backend,
                                         PdAssetListKind       kind,
                                         char                **json,
                                         gint64               *fetched_at,
                                         GError              **error);

G_END_DECLS
