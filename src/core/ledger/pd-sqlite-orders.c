/* pd-sqlite-orders.c: the SQLite ledger's rows: orders read into and
 * written from PdOrder, their events, the due queries and the asset
 * cache
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pd-ledger-backend.h"
#include "pd-ledger-columns.h"
#include "pd-sqlite-backend-private.h"

#define SELF(backend) ((PdSqliteBackend *) (backend))

#define string_columns pd_ledger_string_columns
#define time_columns pd_ledger_time_columns
#define other_columns pd_ledger_other_columns

/* created_at's column in a row of select_columns_sql(): after the id and
 * the strings, the first of time_columns. */
#define CREATED_AT_COLUMN ((int)G_N_ELEMENTS (string_columns) + 1)

/* Parameters of created_at and updated_at in insert_sql(). */
#define CREATED_AT_PARAM ((int)G_N_ELEMENTS (string_columns) + 1)
#define UPDATED_AT_PARAM ((int)G_N_ELEMENTS (string_columns) + 3)

/* SQL ---------------------------------------------------------------- */

PD_LEDGER_DEFINE_CACHED_SQL (select_columns_sql, pd_ledger_build_select_columns_sql ())
PD_LEDGER_DEFINE_CACHED_SQL (insert_sql, pd_ledger_build_insert_sql (PD_LEDGER_PARAMS_QUESTION))
PD_LEDGER_DEFINE_CACHED_SQL (update_sql, pd_ledger_build_update_sql (PD_LEDGER_PARAMS_QUESTION))

/* Rows --------------------------------------------------------------- */

/* Copies the columns of a row of select_columns_sql() after its strings
 * into @order, from column @col on. */
static void
order_read_other_columns (PdOrder      *order,
                          sqlite3_stmt *stmt,
                          int           col)
{
  for (guint i = 0; i < G_N_ELEMENTS (time_columns); i++, col++)
    time_columns[i].set (order, sqlite3_column_int64 (stmt, col));

  pd_ledger_set_other_columns (order,
                               (const char *)sqlite3_column_text (stmt, col),
                               (const char *)sqlite3_column_text (stmt, col + 1),
                               sqlite3_column_int (stmt, col + 2),
                               (const char *)sqlite3_column_text (stmt, col + 3));
  col += PD_LEDGER_N_OTHER_COLUMNS;

  _pd_order_set_revision (order, sqlite3_column_int64 (stmt, col++));
}

/* Copies a row of select_columns_sql() into @order, through the setters:
 * only the properties that differ notify (the caller freezes them). */
static void
order_read_row (PdOrder      *order,
                sqlite3_stmt *stmt)
{
  int col = 1;

  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++, col++)
    string_columns[i].set (order, (const char *)sqlite3_column_text (stmt, col));
  order_read_other_columns (order, stmt, col);
}

/* The one object of the row @stmt is on: the known one, or a new one. */
static PdOrder *
order_from_row (PdSqliteBackend *self,
                sqlite3_stmt    *stmt)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);
  PdOrder *order = self->map.lookup (self->map.data, id);
  const char *strings[G_N_ELEMENTS (string_columns)];

  /* A known object already holds what is stored (every write goes
   * through it), so it is not read again. */
  if (order != NULL)
    return g_object_ref (order);

  /* Text read from a row stays valid until the next step. */
  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++)
    strings[i] = (const char *)sqlite3_column_text (stmt, i + 1);

  if (self->loader == NULL)
    self->loader = pd_ledger_order_loader_new ();

  order = pd_order_new ();
  _pd_order_begin_load (order);
  _pd_order_loader_set_strings (self->loader, order, strings);
  order_read_other_columns (order, stmt, G_N_ELEMENTS (string_columns) + 1);
  _pd_order_set_id (order, id);
  self->map.name (self->map.data, order);
  _pd_order_end_load (order);
  self->map.adopt (self->map.data, order);

  return order;
}

/* Search keys are made as the rows are read, while their text is still
 * in the cache, and in the thread that loads the ledger: made on the
 * first search instead, the keys of 100,000 orders held up that keystroke
 * for tens of milliseconds. A batch at a time, so that the keys of
 * neighbouring orders lie together and a search through all of them
 * reads memory in order. */
#define SEARCH_KEY_BATCH 256

static void
make_search_keys (GPtrArray *orders,
                  guint     *keyed)
{
  for (; *keyed < orders->len; (*keyed)++)
    pd_order_get_search_key (g_ptr_array_index (orders, *keyed));
}

/* Steps through a query of select_columns_sql() + @where, whose
 * parameters the caller bound, and collects the orders; the caller
 * finalizes or releases @stmt. */
static GPtrArray *
read_orders_full (PdSqliteBackend  *self,
                  sqlite3_stmt     *stmt,
                  GArray           *created_at,
                  GError          **error)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  guint keyed = 0;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (orders, order_from_row (self, stmt));
      if (created_at != NULL)
        {
          gint64 value = sqlite3_column_int64 (stmt, CREATED_AT_COLUMN);
          g_array_append_val (created_at, value);
        }
      if (orders->len - keyed == SEARCH_KEY_BATCH)
        make_search_keys (orders, &keyed);
    }
  make_search_keys (orders, &keyed);

  if (rc != SQLITE_DONE)
    {
      _pd_sqlite_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&orders);
}

static GPtrArray *
read_orders (PdSqliteBackend  *self,
             sqlite3_stmt     *stmt,
             GError          **error)
{
  return read_orders_full (self, stmt, NULL, error);
}

/* read_orders() for a statement of its own: finalizes @stmt. */
static GPtrArray *
collect_orders (PdSqliteBackend  *self,
                sqlite3_stmt     *stmt,
                GError          **error)
{
  GPtrArray *orders = read_orders (self, stmt, error);

  sqlite3_finalize (stmt);
  return orders;
}

static sqlite3_stmt *
prepare_select (PdSqliteBackend  *self,
                const char       *where,
                GError          **error)
{
  g_autofree char *sql = g_strconcat (select_columns_sql (), where, NULL);

  if (!_pd_sqlite_check_open (self, error))
    return NULL;

  return _pd_sqlite_prepare (self, sql, error);
}

/* Reads the stored row of @order into it again; only if another program
 * wrote it since (its revision moved on) when @if_revised. TRUE if it
 * read the row; FALSE and @error if the ledger could not be read. */
gboolean
_pd_sqlite_read_again (PdLedgerBackend  *backend,
                       PdOrder          *order,
                       gboolean          if_revised,
                       GError          **error)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_stmt *stmt = prepare_select (self, "WHERE id = ?", error);
  gboolean read = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, pd_order_get_id (order));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW &&
      (!if_revised ||
       sqlite3_column_int64 (stmt, sqlite3_column_count (stmt) - 1) != _pd_order_get_revision (order)))
    {
      g_object_freeze_notify (G_OBJECT (order));
      order_read_row (order, stmt);
      self->map.name (self->map.data, order);
      g_object_thaw_notify (G_OBJECT (order));
      read = TRUE;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _pd_sqlite_set_error (self, rc, error);

  return read;
}

/* Writing ------------------------------------------------------------ */

gboolean
_pd_sqlite_append_event (PdLedgerBackend   *backend,
                         gint64             order_id,
                         gint64             time,
                         PdOrderEventKind   kind,
                         PdOrderState       state,
                         const char        *message,
                         const char        *raw_json,
                         GError           **error)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_stmt *stmt;

  stmt = _pd_sqlite_prepare_cached (self,
                         "INSERT INTO order_events (order_ref, time, kind, state, message, raw_json) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_int64 (stmt, 2, time);
  _pd_sqlite_bind_text (stmt, 3, pd_order_event_kind_to_string (kind));
  _pd_sqlite_bind_text (stmt, 4, pd_order_state_to_string (state));
  _pd_sqlite_bind_text (stmt, 5, message);
  _pd_sqlite_bind_text (stmt, 6, raw_json);

  if (!_pd_sqlite_step_done_cached (self, stmt, error))
    return FALSE;

  self->own_event_id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

/* Binds every column but id, in table order, from parameter 1 on;
 * returns the next free parameter. @with_fixed: include the key columns
 * and created_at (for INSERT; UPDATE leaves them alone). */
static int
bind_order (sqlite3_stmt *stmt,
            PdOrder      *order,
            gboolean      with_fixed)
{
  g_autofree char *mismatch = pd_ledger_join_mismatch (order);
  int param = 1;

  for (guint i = with_fixed ? 0 : PD_LEDGER_N_KEY_COLUMNS; i < G_N_ELEMENTS (string_columns); i++)
    _pd_sqlite_bind_text (stmt, param++, string_columns[i].get (order));
  for (guint i = with_fixed ? 0 : PD_LEDGER_N_FIXED_TIME_COLUMNS; i < G_N_ELEMENTS (time_columns); i++)
    sqlite3_bind_int64 (stmt, param++, time_columns[i].get (order));

  _pd_sqlite_bind_text (stmt, param++, pd_order_state_to_string (pd_order_get_state (order)));
  _pd_sqlite_bind_text (stmt, param++, pd_order_link_kind_to_string (pd_order_get_link_kind (order)));
  sqlite3_bind_int (stmt, param++, pd_order_get_confirmations (order));
  _pd_sqlite_bind_text (stmt, param++, mismatch);

  return param;
}

/* Inserts one order inside the caller's transaction; returns its row id,
 * 0 on error. */
static gint64
insert_one (PdSqliteBackend      *self,
            sqlite3_stmt         *stmt,
            PdOrder              *order,
            gint64                now,
            PdLedgerPrepareFunc   prepare,
            gpointer              data,
            GError              **error)
{
  int rc;
  gint64 id;

  if (!prepare (order, data, error))
    return 0;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  bind_order (stmt, order, TRUE);

  /* An order made now: created_at and updated_at default to now. They
   * reach the object only once the transaction is committed. */
  if (pd_order_get_created_at (order) == 0)
    sqlite3_bind_int64 (stmt, CREATED_AT_PARAM, now);
  if (pd_order_get_updated_at (order) == 0)
    sqlite3_bind_int64 (stmt, UPDATED_AT_PARAM,
                        pd_order_get_created_at (order) != 0 ? pd_order_get_created_at (order) : now);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_DUPLICATE,
                   _("orderId: payee %s already has an order “%s”; it was not changed"),
                   pd_order_get_payee_id (order), pd_order_get_order_id (order));
      return 0;
    }
  if (rc != SQLITE_DONE)
    {
      _pd_sqlite_set_error (self, rc, error);
      return 0;
    }

  id = sqlite3_last_insert_rowid (self->db);
  if (!_pd_sqlite_append_event (&self->parent, id, now, PD_ORDER_EVENT_CREATED,
                                pd_order_get_state (order), NULL, NULL, error))
    return 0;

  return id;
}

/* Inside the caller's transaction. */
gboolean
_pd_sqlite_insert_orders (PdLedgerBackend      *backend,
                          GPtrArray            *orders,
                          gint64                now,
                          PdLedgerPrepareFunc   prepare,
                          gpointer              data,
                          gint64               *ids,
                          GError              **error)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  stmt = _pd_sqlite_prepare (self, insert_sql (), error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < orders->len && ok; i++)
    {
      ids[i] = insert_one (self, stmt, g_ptr_array_index (orders, i), now, prepare, data, error);
      ok = ids[i] != 0;
    }

  sqlite3_finalize (stmt);
  return ok;
}

/* Inside the caller's transaction: an order copied from another ledger,
 * its row and its history as they are. */
gboolean
_pd_sqlite_insert_imported (PdLedgerBackend  *backend,
                            PdOrder          *order,
                            GPtrArray        *events,
                            gint64           *id,
                            GError          **error)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_stmt *stmt = _pd_sqlite_prepare_cached (self, insert_sql (), error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  bind_order (stmt, order, TRUE);
  rc = sqlite3_step (stmt);
  _pd_sqlite_release (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_DUPLICATE,
                   _("orderId: payee %s already has an order “%s”; it was not changed"),
                   pd_order_get_payee_id (order), pd_order_get_order_id (order));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _pd_sqlite_set_error (self, rc, error);
      return FALSE;
    }

  *id = sqlite3_last_insert_rowid (self->db);
  for (guint i = 0; i < events->len; i++)
    {
      const PdOrderEvent *event = g_ptr_array_index (events, i);

      if (!_pd_sqlite_append_event (backend, *id, event->time, event->kind, event->state,
                                    event->message, event->raw_json, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
_pd_sqlite_read_state (PdLedgerBackend  *backend,
                       gint64            id,
                       PdOrderState     *state,
                       GError          **error)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_stmt *stmt = _pd_sqlite_prepare_cached (self, "SELECT state FROM orders WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  *state = PD_ORDER_STATE_UNKNOWN;
  if (rc == SQLITE_ROW)
    pd_order_state_from_string ((const char *)sqlite3_column_text (stmt, 0), state);
  _pd_sqlite_release (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _pd_sqlite_set_error (self, rc, error);

  return rc == SQLITE_ROW;
}

/* Writes every changeable column of @order if the row's revision is
 * still @order's; @n_written: the rows written, 0 when it moved on. */
gboolean
_pd_sqlite_update_order (PdLedgerBackend  *backend,
                         PdOrder          *order,
                         guint            *n_written,
                         GError          **error)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_stmt *stmt = _pd_sqlite_prepare_cached (self, update_sql (), error);
  int param;

  if (stmt == NULL)
    return FALSE;

  param = bind_order (stmt, order, FALSE);
  sqlite3_bind_int64 (stmt, param++, pd_order_get_id (order));
  sqlite3_bind_int64 (stmt, param, _pd_order_get_revision (order));

  if (!_pd_sqlite_step_done_cached (self, stmt, error))
    return FALSE;

  *n_written = sqlite3_changes (self->db);
  return TRUE;
}

/* Only the poll schedule: it cannot write over another program's change,
 * so it leaves the revision alone (see PdLedgerBackendVTable.update_order). */
gboolean
_pd_sqlite_record_check (PdLedgerBackend  *backend,
                         gint64            id,
                         gint64            last_checked_at,
                         gint64            next_check_at,
                         GError          **error)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_stmt *stmt;

  stmt = _pd_sqlite_prepare_cached (self, "UPDATE orders SET last_checked_at = ?, next_check_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, last_checked_at);
  sqlite3_bind_int64 (stmt, 2, next_check_at);
  sqlite3_bind_int64 (stmt, 3, id);
  return _pd_sqlite_step_done_cached (self, stmt, error);
}

/* Reading ------------------------------------------------------------ */

/* The store's payee_id is already canonical. */
GPtrArray *
_pd_sqlite_lookup_by_key (PdLedgerBackend  *backend,
                          const char       *payee_id,
                          const char       *order_id,
                          GError          **error)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_stmt *stmt;

  stmt = prepare_select (self, "WHERE payee_id = ? AND order_id = ?", error);
  if (stmt == NULL)
    return NULL;

  _pd_sqlite_bind_text (stmt, 1, payee_id);
  _pd_sqlite_bind_text (stmt, 2, order_id);

  return collect_orders (self, stmt, error);
}

GPtrArray *
_pd_sqlite_lookup_by_id (PdLedgerBackend  *backend,
                         gint64            id,
                         GError          **error)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_stmt *stmt;

  stmt = prepare_select (self, "WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  return collect_orders (self, stmt, error);
}

GPtrArray *
_pd_sqlite_find_by_order_id (PdLedgerBackend  *backend,
                             const char       *order_id,
                             GError          **error)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_stmt *stmt;

  stmt = prepare_select (self, "WHERE order_id = ? ORDER BY created_at DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;

  _pd_sqlite_bind_text (stmt, 1, order_id);

  return collect_orders (self, stmt, error);
}

/* In the table's own order, newest row first: sorting by created_at
 * through its index made SQLite seek the table once per row, a tenth of
 * the time to read 100,000 orders. Rows are mostly in order of creation
 * already, so the store's sort afterwards has little to do. */
GPtrArray *
_pd_sqlite_list_all (PdLedgerBackend  *backend,
                     GArray           *created_at,
                     GError          **error)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_stmt *stmt;
  GPtrArray *orders;

  stmt = prepare_select (self, "ORDER BY id DESC", error);
  if (stmt == NULL)
    return NULL;

  orders = read_orders_full (self, stmt, created_at, error);
  sqlite3_finalize (stmt);
  return orders;
}

/* The open orders due at ?1, and the orders cancelled since ?2 that are
 * due, soonest first: each half walks only its own partial index. Only
 * their ids: the store mostly holds these orders already, and the index
 * of open orders covers the first half, so no row is read for it. */
#define DUE_ORDER_IDS_SQL \
  "SELECT id, next_check_at FROM orders" \
  "  WHERE " PD_SQLITE_OPEN_STATE_SQL " AND next_check_at <= ?1 " \
  "UNION ALL " \
  "SELECT id, next_check_at FROM orders" \
  "  WHERE state = 'cancelled' AND cancelled_at >= ?2 AND next_check_at <= ?1 " \
  "ORDER BY next_check_at, id LIMIT ?3"

GArray *
_pd_sqlite_list_due (PdLedgerBackend  *backend,
                     gint64            now,
                     gint64            cancelled_since,
                     guint             limit,
                     GError          **error)
{
  PdSqliteBackend *self = SELF (backend);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  if (!_pd_sqlite_check_open (self, error) ||
      (stmt = _pd_sqlite_prepare_cached (self, DUE_ORDER_IDS_SQL, error)) == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, cancelled_since);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64)limit : -1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  _pd_sqlite_release (stmt);

  if (rc != SQLITE_DONE)
    {
      _pd_sqlite_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

gboolean
_pd_sqlite_get_next_check_at (PdLedgerBackend  *backend,
                              gint64            cancelled_since,
                              gint64           *next_check_at,
                              GError          **error)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_stmt *stmt;
  gboolean found;
  int rc;

  if (!_pd_sqlite_check_open (self, error))
    return FALSE;

  stmt = _pd_sqlite_prepare_cached (self,
                                    "SELECT MIN (next) FROM ("
                                    "  SELECT MIN (next_check_at) AS next FROM orders"
                                    "    WHERE " PD_SQLITE_OPEN_STATE_SQL
                                    "  UNION ALL"
                                    "  SELECT MIN (next_check_at) FROM orders"
                                    "    WHERE state = 'cancelled' AND cancelled_at >= ?)",
                                    error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, cancelled_since);
  rc = sqlite3_step (stmt);
  found = rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL;
  if (found)
    *next_check_at = sqlite3_column_int64 (stmt, 0);
  _pd_sqlite_release (stmt);

  if (rc != SQLITE_ROW)
    {
      _pd_sqlite_set_error (self, rc, error);
      return FALSE;
    }

  return found;
}

GPtrArray *
_pd_sqlite_list_events (PdLedgerBackend  *backend,
                        gint64            order_id,
                        GError          **error)
{
  PdSqliteBackend *self = SELF (backend);
  g_autoptr(GPtrArray) events = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _pd_sqlite_prepare (self,
                             "SELECT id, time, kind, state, message, raw_json FROM order_events "
                             "WHERE order_ref = ? ORDER BY id",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, order_id);

  events = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_order_event_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdOrderEvent *event = g_new0 (PdOrderEvent, 1);

      event->id = sqlite3_column_int64 (stmt, 0);
      event->order = order_id;
      event->time = sqlite3_column_int64 (stmt, 1);
      event->kind = PD_ORDER_EVENT_UPDATED;
      pd_order_event_kind_from_string ((const char *)sqlite3_column_text (stmt, 2), &event->kind);
      event->state = PD_ORDER_STATE_UNKNOWN;
      pd_order_state_from_string ((const char *)sqlite3_column_text (stmt, 3), &event->state);
      event->message = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      event->raw_json = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
      g_ptr_array_add (events, event);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _pd_sqlite_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&events);
}

/* Asset cache -------------------------------------------------------- */

/* Inside the caller's transaction. */
gboolean
_pd_sqlite_set_asset_list (PdLedgerBackend  *backend,
                           PdAssetListKind   kind,
                           const char       *json,
                           gint64            fetched_at,
                           GError          **error)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_stmt *stmt;

  stmt = _pd_sqlite_prepare (self, "INSERT OR REPLACE INTO asset_cache (kind, json, fetched_at) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  _pd_sqlite_bind_text (stmt, 1, pd_ledger_asset_list_name (kind));
  _pd_sqlite_bind_text (stmt, 2, json);
  sqlite3_bind_int64 (stmt, 3, fetched_at);
  return _pd_sqlite_step_done (self, stmt, error);
}

gboolean
_pd_sqlite_get_asset_list (PdLedgerBackend  *backend,
                           PdAssetListKind   kind,
                           char            **json,
                           gint64           *fetched_at,
                           GError          **error)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_stmt *stmt;
  int rc;

  if (!_pd_sqlite_check_open (self, error))
    return FALSE;

  stmt = _pd_sqlite_prepare (self, "SELECT json, fetched_at FROM asset_cache WHERE kind = ?", error);
  if (stmt == NULL)
    return FALSE;

  _pd_sqlite_bind_text (stmt, 1, pd_ledger_asset_list_name (kind));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (json != NULL)
        *json = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      if (fetched_at != NULL)
        *fetched_at = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _pd_sqlite_set_error (self, rc, error);
      return FALSE;
    }

  return rc == SQLITE_ROW;
}
