/* pd-pg-backend-private.h: what the PostgreSQL backend's files share
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libpq-fe.h>

#include "pd-pg-lib.h"

#include "pd-order-private.h"
#include "pd-pg-backend.h"

G_BEGIN_DECLS

/* The channel every write notifies in its own transaction. */
#define PD_PG_CHANNEL "paydesk_ledger"

/* The states pd_order_state_is_settled() calls open, as an SQL condition
 * (checked against it by _pd_pg_check_open_states()). */
#define PD_PG_OPEN_STATE_SQL \
  "state IN ('unpaid', 'confirming', 'paid_less', 'pending', 'auditing', 'unknown')"

typedef struct
{
  PdLedgerBackend  parent;

  /* The URI as given (it may hold a password: never shown), and the same
   * without it, for messages. */
  char            *uri;
  char            *display;
  /* The password given apart from the URI (the keyring's), or NULL. */
  char            *password;
  /* NULL once closed. */
  PGconn          *conn;
  int              schema_version;
  PdLedgerOrderMap map;
  PdOrderLoader   *loader;
  gboolean         in_transaction;

  /* read_changes(): every transaction older than this one has ended and
   * its events have been read (a pg_snapshot_xmin, as text). */
  char            *seen_xmin;
  /* The transactions this connection committed since (as text), while
   * it watches: their events are already in the store's objects. */
  GPtrArray       *own_xids;

  /* watch(): a second connection that LISTENs, its socket's source, and
   * the reconnection after it was lost. */
  PGconn          *listen_conn;
  guint            listen_source;
  guint            reconnect_source;
  /* While it is being made again, step by step: the socket's source and
   * the time-out. */
  guint            connect_source;
  guint            connect_timeout_source;
  guint            reconnect_delay_ms;
  GSourceFunc      changed;
  gpointer         changed_data;

  /* try_poll_lock(): the session that holds the polling lock, apart from
   * the one that runs queries, which libpq may connect again (and so
   * drop the lock unnoticed). */
  PGconn          *lock_conn;

  /* Set while the listening connection is lost and being made again. */
  gboolean         unreachable;
} PdPgBackend;

/* pd-pg-connection.c */
PGconn   *_pd_pg_connect        (const char      *uri,
                                 const char      *password);
/* The same without blocking: continue with PQconnectPoll(). */
PGconn   *_pd_pg_connect_start  (const char      *uri,
                                 const char      *password);
void      _pd_pg_set_connect_error (PdPgBackend  *self,
                                    PGconn       *conn,
                                    GError      **error);

/* pd-pg-backend.c */
void      _pd_pg_route_notices  (PGconn          *conn);
void      _pd_pg_set_error      (PdPgBackend     *self,
                                 const PGresult  *result,
                                 GError         **error);
gboolean  _pd_pg_check_open     (PdPgBackend     *self,
                                 GError         **error);
/* Runs @sql with text parameters (NULL: SQL NULL); the result when the
 * command succeeded, else NULL and @error. */
PGresult *_pd_pg_query          (PdPgBackend        *self,
                                 const char         *sql,
                                 int                 n_params,
                                 const char * const *params,
                                 GError            **error);
/* Starts @sql, a COPY … TO STDOUT; TRUE once its data may be read. */
gboolean  _pd_pg_copy_out       (PdPgBackend        *self,
                                 const char         *sql,
                                 GError            **error);
gboolean  _pd_pg_exec           (PdPgBackend        *self,
                                 const char         *sql,
                                 GError            **error);
gboolean  _pd_pg_begin          (PdPgBackend     *self,
                                 gboolean         relaxed,
                                 GError         **error);
gboolean  _pd_pg_commit         (PdPgBackend     *self,
                                 GError         **error);
void      _pd_pg_rollback       (PdPgBackend     *self);
/* NULL for SQL NULL. */
const char *_pd_pg_value        (const PGresult  *result,
                                 int              row,
                                 int              column);
gint64    _pd_pg_int64          (const PGresult  *result,
                                 int              row,
                                 int              column);

/* pd-pg-poll-lock.c */
gboolean  _pd_pg_try_poll_lock  (PdLedgerBackend  *backend,
                                 const char       *desk,
                                 char            **holder,
                                 GError          **error);
void      _pd_pg_poll_unlock    (PdLedgerBackend  *backend);

/* pd-pg-schema.c */
void      _pd_pg_check_open_states (void);
gboolean  _pd_pg_migrate        (PdPgBackend     *self,
                                 GError         **error);

/* pd-pg-orders.c: see PdLedgerBackendVTable */
gboolean   _pd_pg_insert_orders     (PdLedgerBackend      *backend,
                                     GPtrArray            *orders,
                                     gint64                now,
                                     PdLedgerPrepareFunc   prepare,
                                     gpointer              data,
                                     gint64               *ids,
                                     GError              **error);
gboolean   _pd_pg_insert_imported   (PdLedgerBackend      *backend,
                                     PdOrder              *order,
                                     GPtrArray            *events,
                                     gint64               *id,
                                     GError              **error);
gboolean   _pd_pg_update_order      (PdLedgerBackend      *backend,
                                     PdOrder              *order,
                                     guint                *n_written,
                                     GError              **error);
gboolean   _pd_pg_record_check      (PdLedgerBackend      *backend,
                                     gint64                id,
                                     gint64                last_checked_at,
                                     gint64                next_check_at,
                                     GError              **error);
gboolean   _pd_pg_append_event      (PdLedgerBackend      *backend,
                                     gint64                order_id,
                                     gint64                time,
                                     PdOrderEventKind      kind,
                                     PdOrderState          state,
                                     const char           *message,
                                     const char           *raw_json,
                                     GError              **error);
gboolean   _pd_pg_set_asset_list    (PdLedgerBackend      *backend,
                                     PdAssetListKind       kind,
                                     const char           *json,
                                     gint64                fetched_at,
                                     GError              **error);
gboolean   _pd_pg_read_state        (PdLedgerBackend      *backend,
                                     gint64                id,
                                     PdOrderState         *state,
                                     GError              **error);
gboolean   _pd_pg_read_again        (PdLedgerBackend      *backend,
                                     PdOrder              *order,
                                     gboolean              if_revised,
                                     GError              **error);
GPtrArray *_pd_pg_lookup_by_key     (PdLedgerBackend      *backend,
                                     const char           *payee_id,
                                     const char           *order_id,
                                     GError              **error);
GPtrArray *_pd_pg_lookup_by_id      (PdLedgerBackend      *backend,
                                     gint64                id,
                                     GError              **error);
GPtrArray *_pd_pg_find_by_order_id  (PdLedgerBackend      *backend,
                                     const char           *order_id,
                                     GError              **error);
GPtrArray *_pd_pg_list_all          (PdLedgerBackend      *backend,
                                     GArray               *created_at,
                                     GError              **error);
GArray    *_pd_pg_list_due          (PdLedgerBackend      *backend,
                                     gint64                now,
                                     gint64                cancelled_since,
                                     guint                 limit,
                                     GError              **error);
gboolean   _pd_pg_get_next_check_at (PdLedgerBackend      *backend,
                                     gint64                cancelled_since,
                                     gint64               *next_check_at,
                                     GError              **error);
GPtrArray *_pd_pg_list_events       (PdLedgerBackend      *backend,
                                     gint64                order_id,
                                     GError              **error);
gboolean   _pd_pg_get_asset_list    (PdLedgerBackend      *backend,
                                     PdAssetListKind       kind,
                                     char                **json,
                                     gint64               *fetched_at,
                                     GError              **error);

G_END_DECLS
