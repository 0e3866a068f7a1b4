/* pd-ledger-backend.h: what a storage backend of the ledger provides to
 * PdStore
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pd-store.h"

G_BEGIN_DECLS

/* PdStore is the ledger the app, paydesk-cli and the poller see: one
 * object per order, signals, the rules of what may be written. A backend
 * is what is storage-specific underneath it: opening and migrating,
 * transactions, order rows, events, the asset cache, the due queries and
 * noticing other programs' changes. Nothing but a backend talks to the
 * database itself.
 *
 * A backend is a struct whose first member is a PdLedgerBackend, its
 * functions in a PdLedgerBackendVTable. Errors are in PD_STORE_ERROR. A
 * backend, like its store, is used by one thread at a time. */
typedef struct _PdLedgerBackend       PdLedgerBackend;
typedef struct _PdLedgerBackendVTable PdLedgerBackendVTable;

/* What the store lends its backend so that rows are read into the
 * store's one object per order. */
typedef struct
{
  /* The object the store holds for row @id (borrowed), or NULL. */
  PdOrder  *(*lookup) (gpointer data,
                       gint64   id);
  /* Called on each order read from a row, while its notifications are
   * held: gives it what the store adds to rows (its quote symbol). */
  void      (*name)   (gpointer data,
                       PdOrder *order);
  /* A new object read from a row, its id set: the store keeps it. */
  void      (*adopt)  (gpointer data,
                       PdOrder *order);
  gpointer    data;
} PdLedgerOrderMap;

/* A backend's note of the ledger's state, to tell later whether anything
 * changed since. Only the backend that filled it reads its fields. */
typedef struct
{
  gint64   a;
  gint64   b;
  gboolean valid;
} PdLedgerStamp;

/* Called on each order of pd_ledger_backend_insert_orders() before it is
 * written; FALSE and @error refuse it (and the whole batch). */
typedef gboolean (*PdLedgerPrepareFunc) (PdOrder  *order,
                                         gpointer  data,
                                         GError  **error);

struct _PdLedgerBackendVTable
{
  /* Closes the database; every later call fails as closed. */
  void       (*close)              (PdLedgerBackend      *self);
  void       (*free)               (PdLedgerBackend      *self);
  int        (*get_schema_version) (PdLedgerBackend      *self);
  /* FALSE and PD_STORE_ERROR_IO once closed. */
  gboolean   (*check_open)         (PdLedgerBackend      *self,
                                    GError              **error);

  /* Transactions. @relaxed: the commit need not wait for the disk (what
   * the poller learns from MixPay, which it can ask again). */
  gboolean   (*begin)              (PdLedgerBackend      *self,
                                    gboolean              relaxed,
                                    GError              **error);
  gboolean   (*commit)             (PdLedgerBackend      *self,
                                    GError              **error);
  void       (*rollback)           (PdLedgerBackend      *self);

  /* Writes, inside a transaction. insert_orders: each order and its
   * "created" event; @ids gets their row ids; PD_STORE_ERROR_DUPLICATE
   * for a second (payee, order ID). update_order: every changeable
   * column, if the row's revision is still the order's; @n_written: 0
   * when it moved on. */
  gboolean   (*insert_orders)      (PdLedgerBackend      *self,
                                    GPtrArray            *orders,
                                    gint64                now,
                                    PdLedgerPrepareFunc   prepare,
                                    gpointer              data,
                                    gint64               *ids,
                                    GError              **error);
  /* insert_imported: @order's row with every column as it is
   * (created_at, updated_at, state, payment facts; the revision starts
   * anew, it is this ledger's) and @events, its whole history oldest
   * first, instead of a new "created" event: an order copied from
   * another ledger. @id gets its row id; PD_STORE_ERROR_DUPLICATE for a
   * (payee, order ID) already here. */
  gboolean   (*insert_imported)    (PdLedgerBackend      *self,
                                    PdOrder              *order,
                                    GPtrArray            *events,
                                    gint64               *id,
                                    GError              **error);
  gboolean   (*update_order)       (PdLedgerBackend      *self,
                                    PdOrder              *order,
                                    guint                *n_written,
                                    GError              **error);
  gboolean   (*record_check)       (PdLedgerBackend      *self,
                                    gint64                id,
                                    gint64                last_checked_at,
                                    gint64                next_check_at,
                                    GError              **error);
  gboolean   (*append_event)       (PdLedgerBackend      *self,
                                    gint64                order_id,
                                    gint64                time,
                                    PdOrderEventKind      kind,
                                    PdOrderState          state,
                                    const char           *message,
                                    const char           *raw_json,
                                    GError              **error);
  gboolean   (*set_asset_list)     (PdLedgerBackend      *self,
                                    PdAssetListKind       kind,
                                    const char           *json,
                                    gint64                fetched_at,
                                    GError              **error);

  /* Reads. read_state: FALSE without an error when the row is gone.
   * read_again: reads the row of @order into it again (only if its
   * revision moved on when @if_revised); TRUE if it did. The lookups
   * return the store's objects (transfer container). list_all: every
   * row, mostly newest first (the store sorts them), each row's
   * created_at appended to @created_at. */
  gboolean   (*read_state)         (PdLedgerBackend      *self,
                                    gint64                id,
                                    PdOrderState         *state,
                                    GError              **error);
  gboolean   (*read_again)         (PdLedgerBackend      *self,
                                    PdOrder              *order,
                                    gboolean              if_revised,
                                    GError              **error);
  GPtrArray *(*lookup_by_key)      (PdLedgerBackend      *self,
                                    const char           *payee_id,
                                    const char           *order_id,
                                    GError              **error);
  GPtrArray *(*lookup_by_id)       (PdLedgerBackend      *self,
                                    gint64                id,
                                    GError              **error);
  GPtrArray *(*find_by_order_id)   (PdLedgerBackend      *self,
                                    const char           *order_id,
                                    GError              **error);
  GPtrArray *(*list_all)           (PdLedgerBackend      *self,
                                    GArray               *created_at,
                                    GError              **error);
  /* The row ids of the orders due at @now: open, or cancelled since
   * @cancelled_since; soonest first, at most @limit (0: all). */
  GArray    *(*list_due)           (PdLedgerBackend      *self,
                                    gint64                now,
                                    gint64                cancelled_since,
                                    guint                 limit,
                                    GError              **error);
  /* When the first of those falls due; FALSE without an error if none. */
  gboolean   (*get_next_check_at)  (PdLedgerBackend      *self,
                                    gint64                cancelled_since,
                                    gint64               *next_check_at,
                                    GError              **error);
  GPtrArray *(*list_events)        (PdLedgerBackend      *self,
                                    gint64                order_id,
                                    GError              **error);
  /* FALSE without an error when nothing is cached. */
  gboolean   (*get_asset_list)     (PdLedgerBackend      *self,
                                    PdAssetListKind       kind,
                                    char                **json,
                                    gint64               *fetched_at,
                                    GError              **error);

  /* Changes. read_stamp: notes the state of every row (FALSE: it cannot
   * tell); stamp_is_current: TRUE when no row changed since, through
   * this backend or another program. read_changes: the row ids of the
   * orders other programs changed since mark_seen() (NULL in @ids when
   * nothing changed), and in @mark where that leaves the reader. watch:
   * calls @changed in the caller's main context whenever another program
   * writes the ledger, until closed. */
  gboolean   (*read_stamp)         (PdLedgerBackend      *self,
                                    PdLedgerStamp        *stamp);
  gboolean   (*stamp_is_current)   (PdLedgerBackend      *self,
                                    const PdLedgerStamp  *stamp);
  gboolean   (*read_changes)       (PdLedgerBackend      *self,
                                    GArray              **ids,
                                    PdLedgerStamp        *mark,
                                    GError              **error);
  void       (*mark_seen)          (PdLedgerBackend      *self,
                                    const PdLedgerStamp  *mark);
  void       (*watch)              (PdLedgerBackend      *self,
                                    GSourceFunc           changed,
                                    gpointer              data);
  /* NULL: always. FALSE while a database server cannot be reached;
   * watch's @changed is called when that changes. */
  gboolean   (*is_reachable)       (PdLedgerBackend      *self);

  /* Which desk polls, for a ledger that several computers share; NULL
   * for a file, whose poller locks a file beside it. try_poll_lock: TRUE
   * when this desk holds the lock (held by its session: the server frees
   * it when the desk quits, crashes or loses the network); else FALSE
   * and, when known, the name of the desk that holds it in @holder; or
   * FALSE and @error when the server cannot be reached. */
  gboolean   (*try_poll_lock)      (PdLedgerBackend      *self,
                                    const char           *desk,
                                    char                **holder,
                                    GError              **error);
  void       (*poll_unlock)        (PdLedgerBackend      *self);
};

struct _PdLedgerBackend
{
  const PdLedgerBackendVTable *vtable;
};

/* The backend for @path: a postgresql:// or postgres:// URI (see
 * pd-pg-backend.h; @password, if any, is its server's) or else an SQLite
 * file; opened, migrated and checked. */
PdLedgerBackend *pd_ledger_backend_open (const char              *path,
                                         const char              *password,
                                         const PdLedgerOrderMap  *map,
                                         GError                 **error);
void             pd_ledger_backend_free (PdLedgerBackend         *self);

/* The name of a cached asset list in the ledger. */
const char      *pd_ledger_asset_list_name (PdAssetListKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdLedgerBackend, pd_ledger_backend_free)

G_END_DECLS
