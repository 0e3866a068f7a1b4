/* pd-pg-orders.c: the PostgreSQL ledger's rows: orders read into and
 * written from PdOrder, their events, the due queries and the asset
 * cache
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pd-ledger-columns.h"
#include "pd-pg-backend-private.h"
#include "pd-pg-copy.h"

#define SELF(backend) ((PdPgBackend *) (backend))

#define string_columns pd_ledger_string_columns
#define time_columns pd_ledger_time_columns
#define other_columns pd_ledger_other_columns

#define N_ORDER_PARAMS (PD_LEDGER_N_STRING_COLUMNS + PD_LEDGER_N_TIME_COLUMNS + PD_LEDGER_N_OTHER_COLUMNS)

/* SQL ---------------------------------------------------------------- */

/* A duplicate (payee, order ID) is no error of the transaction: it
 * returns no row, and the batch is refused by name. */
static char *
build_insert_sql (void)
{
  g_autofree char *insert = pd_ledger_build_insert_sql (PD_LEDGER_PARAMS_NUMBERED);

  return g_strconcat (insert, " ON CONFLICT (payee_id, order_id) DO NOTHING RETURNING id", NULL);
}

/* A new order's row and its "created" event in one statement, so that
 * a batch is one statement an order, sent without waiting for each
 * answer (insert_batch()). $N+1 is the event's time, $N+2 its kind; the
 * event's state is the row's. No row when the key is taken. */
static char *
build_insert_created_sql (void)
{
  g_autofree char *insert = build_insert_sql ();

  return g_strdup_printf ("WITH o AS (%s), e AS ("
                          "INSERT INTO order_events (order_ref, time, kind, state)"
                          " SELECT id, $%d::bigint, $%d::text, $%d::text FROM o)"
                          " SELECT id FROM o",
                          insert, N_ORDER_PARAMS + 1, N_ORDER_PARAMS + 2,
                          PD_LEDGER_N_STRING_COLUMNS + PD_LEDGER_N_TIME_COLUMNS + 1);
}

PD_LEDGER_DEFINE_CACHED_SQL (select_columns_sql, pd_ledger_build_select_columns_sql ())
PD_LEDGER_DEFINE_CACHED_SQL (insert_sql, build_insert_sql ())
PD_LEDGER_DEFINE_CACHED_SQL (update_sql, pd_ledger_build_update_sql (PD_LEDGER_PARAMS_NUMBERED))
PD_LEDGER_DEFINE_CACHED_SQL (insert_created_sql, build_insert_created_sql ())

/* Parameters of an order: every column in table order, from the key on
 * (@with_fixed) or after it; the texts of numbers live in @scratch. */
typedef struct
{
  const char *values[N_ORDER_PARAMS + 2];
  char        numbers[PD_LEDGER_N_TIME_COLUMNS + 3][24];
  char       *mismatch;
  int         n;
} OrderParams;

static void
order_params_init (OrderParams *params,
                   PdOrder     *order,
                   gboolean     with_fixed)
{
  guint number = 0;

  params->n = 0;
  params->mismatch = pd_ledger_join_mismatch (order);

  for (guint i = with_fixed ? 0 : PD_LEDGER_N_KEY_COLUMNS; i < G_N_ELEMENTS (string_columns); i++)
    params->values[params->n++] = string_columns[i].get (order);
  for (guint i = with_fixed ? 0 : PD_LEDGER_N_FIXED_TIME_COLUMNS; i < G_N_ELEMENTS (time_columns); i++)
    {
      g_snprintf (params->numbers[number], sizeof params->numbers[number], "%" G_GINT64_FORMAT,
                  time_columns[i].get (order));
      params->values[params->n++] = params->numbers[number++];
    }
  params->values[params->n++] = pd_order_state_to_string (pd_order_get_state (order));
  params->values[params->n++] = pd_order_link_kind_to_string (pd_order_get_link_kind (order));
  g_snprintf (params->numbers[number], sizeof params->numbers[number], "%d", pd_order_get_confirmations (order));
  params->values[params->n++] = params->numbers[number++];
  params->values[params->n++] = params->mismatch;
}

static void
order_params_clear (OrderParams *params)
{
  g_clear_pointer (&params->mismatch, g_free);
}

/* Rows --------------------------------------------------------------- */

/* The columns select_columns_sql() lists, whichever way they were read:
 * from a PGresult's texts or from binary COPY data. */
#define N_ROW_FIELDS (1 + N_ORDER_PARAMS + 1)

typedef struct
{
  gint64      id;
  const char *strings[PD_LEDGER_N_STRING_COLUMNS];
  gint64      times[PD_LEDGER_N_TIME_COLUMNS];
  const char *state;
  const char *link_kind;
  int         confirmations;
  const char *mismatch;
  gint64      revision;
} OrderRow;

/* created_at is the first time column. */
#define CREATED_AT_TIME 0

static void
row_from_result (const PGresult *result,
                 int             row,
                 OrderRow       *out)
{
  int col = 0;

  out->id = _pd_pg_int64 (result, row, col++);
  for (guint i = 0; i < G_N_ELEMENTS (out->strings); i++)
    out->strings[i] = _pd_pg_value (result, row, col++);
  for (guint i = 0; i < G_N_ELEMENTS (out->times); i++)
    out->times[i] = _pd_pg_int64 (result, row, col++);
  out->state = _pd_pg_value (result, row, col++);
  out->link_kind = _pd_pg_value (result, row, col++);
  out->confirmations = (int) _pd_pg_int64 (result, row, col++);
  out->mismatch = _pd_pg_value (result, row, col++);
  out->revision = _pd_pg_int64 (result, row, col++);
}

/* The same from a row of binary COPY data (pd-pg-copy.h), whose numbers
 * are checked to be integers of their columns' sizes. */
static gboolean
row_from_copy (const PdPgCopyField  *fields,
               OrderRow             *out,
               GError              **error)
{
  guint col = 0;
  gint32 confirmations;

  if (!pd_pg_copy_field_int64 (&fields[col], col, &out->id, error))
    return FALSE;
  col++;
  for (guint i = 0; i < G_N_ELEMENTS (out->strings); i++, col++)
    out->strings[i] = fields[col].value;
  for (guint i = 0; i < G_N_ELEMENTS (out->times); i++, col++)
    if (!pd_pg_copy_field_int64 (&fields[col], col, &out->times[i], error))
      return FALSE;
  out->state = fields[col++].value;
  out->link_kind = fields[col++].value;
  if (!pd_pg_copy_field_int32 (&fields[col], col, &confirmations, error))
    return FALSE;
  col++;
  out->confirmations = confirmations;
  out->mismatch = fields[col++].value;
  if (!pd_pg_copy_field_int64 (&fields[col], col, &out->revision, error))
    return FALSE;

  return TRUE;
}

static void
order_read_other_columns (PdOrder        *order,
                          const OrderRow *row)
{
  for (guint i = 0; i < G_N_ELEMENTS (time_columns); i++)
    time_columns[i].set (order, row->times[i]);

  pd_ledger_set_other_columns (order, row->state, row->link_kind, row->confirmations, row->mismatch);
  _pd_order_set_revision (order, row->revision);
}

/* The store's object for @row: the one it holds, or a new one (@made),
 * which the caller hands to the store with map.adopt(). */
static PdOrder *
order_from_row (PdPgBackend    *self,
                const OrderRow *row,
                gboolean       *made)
{
  PdOrder *order = self->map.lookup (self->map.data, row->id);

  /* A known object already holds what is stored, or is read again by
   * the store's refresh when another desk wrote it. */
  *made = order == NULL;
  if (order != NULL)
    return g_object_ref (order);

  if (self->loader == NULL)
    self->loader = pd_ledger_order_loader_new ();

  order = pd_order_new ();
  _pd_order_begin_load (order);
  _pd_order_loader_set_strings (self->loader, order, row->strings);
  order_read_other_columns (order, row);
  _pd_order_set_id (order, row->id);
  self->map.name (self->map.data, order);
  _pd_order_end_load (order);

  return order;
}

/* One order of a listing: made (with its search key, while the row is
 * at hand: see pd-sqlite-orders.c) and appended to @orders, its row's
 * created_at to @created_at. */
static void
add_listed (PdPgBackend    *self,
            const OrderRow *row,
            GPtrArray      *orders,
            GPtrArray      *made,
            GArray         *created_at)
{
  gboolean is_new;
  PdOrder *order = order_from_row (self, row, &is_new);

  g_ptr_array_add (orders, order);
  if (is_new)
    g_ptr_array_add (made, order);
  pd_order_get_search_key (order);
  if (created_at != NULL)
    g_array_append_val (created_at, row->times[CREATED_AT_TIME]);
}

static void
adopt_made (PdPgBackend *self,
            GPtrArray   *made)
{
  for (guint i = 0; i < made->len; i++)
    self->map.adopt (self->map.data, g_ptr_array_index (made, i));
}

static GPtrArray *
select_orders (PdPgBackend         *self,
               const char          *where,
               int                  n_params,
               const char * const  *params,
               GArray              *created_at,
               GError             **error)
{
  g_autofree char *sql = g_strconcat (select_columns_sql (), where, NULL);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) made = NULL;
  PGresult *result;
  int n;

  if (!_pd_pg_check_open (self, error))
    return NULL;

  result = _pd_pg_query (self, sql, n_params, params, error);
  if (result == NULL)
    return NULL;

  n = PQntuples (result);
  orders = g_ptr_array_new_full (n, g_object_unref);
  made = g_ptr_array_new ();
  for (int i = 0; i < n; i++)
    {
      OrderRow row;

      row_from_result (result, i, &row);
      add_listed (self, &row, orders, made, created_at);
    }
  PQclear (result);
  adopt_made (self, made);

  return g_steal_pointer (&orders);
}

/* Reads each buffer of @reader's COPY into orders; FALSE and @error at
 * the first one that is not a well-formed row. */
static gboolean
copy_buffer (PdPgBackend     *self,
             PdPgCopyReader  *reader,
             GPtrArray       *orders,
             GPtrArray       *made,
             GArray          *created_at,
             GError         **error)
{
  PdPgCopyField fields[N_ROW_FIELDS];

  for (;;)
    {
      OrderRow row;

      switch (pd_pg_copy_reader_next (reader, fields, error))
        {
        case PD_PG_COPY_ROW:
          break;
        case PD_PG_COPY_MORE:
        case PD_PG_COPY_END:
          return TRUE;
        case PD_PG_COPY_ERROR:
        default:
          return FALSE;
        }

      if (!row_from_copy (fields, &row, error))
        return FALSE;
      add_listed (self, &row, orders, made, created_at);
    }
}

/* Every order, as select_orders() reads them with @order_by, but sent
 * by the server as binary COPY data and made while it still sends: no
 * PGresult of every row's texts is built first. The store is handed the
 * new objects only once the COPY ended well: a connection lost midway,
 * or data that is not what was asked for, changes nothing. */
static GPtrArray *
copy_orders (PdPgBackend  *self,
             const char   *order_by,
             GArray       *created_at,
             GError      **error)
{
  g_autofree char *sql = g_strconcat ("COPY (", select_columns_sql (), order_by,
                                      ") TO STDOUT (FORMAT binary)", NULL);
  g_autoptr(PdPgCopyReader) reader = pd_pg_copy_reader_new (N_ROW_FIELDS);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) made = g_ptr_array_new ();
  g_autoptr(GError) local_error = NULL;
  gboolean parsed = TRUE;
  guint created_at_len = created_at != NULL ? created_at->len : 0;
  PGresult *result;
  int length;

  if (!_pd_pg_check_open (self, error))
    return NULL;
  if (!_pd_pg_copy_out (self, sql, error))
    return NULL;

  /* After an error the rest is still read, so that the connection is
   * ready for the next query. */
  for (;;)
    {
      char *buffer = NULL;

      length = PQgetCopyData (self->conn, &buffer, 0);
      if (length < 0)
        break;
      if (parsed)
        {
          pd_pg_copy_reader_feed (reader, buffer, (gsize) length);
          parsed = copy_buffer (self, reader, orders, made, created_at, &local_error);
        }
      PQfreemem (buffer);
    }

  if (length == -2)
    _pd_pg_set_error (self, NULL, local_error == NULL ? &local_error : NULL);

  /* The COPY's own result: whether the server finished it. A COPY still
   * under way means the connection is lost to it. */
  while ((result = PQgetResult (self->conn)) != NULL)
    {
      ExecStatusType status = PQresultStatus (result);

      if (status != PGRES_COMMAND_OK && local_error == NULL)
        _pd_pg_set_error (self, result, &local_error);
      PQclear (result);
      if (status == PGRES_COPY_OUT || status == PGRES_COPY_IN || status == PGRES_COPY_BOTH)
        break;
    }

  if (local_error == NULL)
    pd_pg_copy_reader_finish (reader, &local_error);

  if (local_error != NULL)
    {
      if (created_at != NULL)
        g_array_set_size (created_at, created_at_len);
      if (local_error->domain == PD_STORE_ERROR && local_error->code == PD_STORE_ERROR_CORRUPT)
        g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                     _("Database error in %s: %s"), self->display, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  adopt_made (self, made);
  return g_steal_pointer (&orders);
}

gboolean
_pd_pg_read_again (PdLedgerBackend  *backend,
                   PdOrder          *order,
                   gboolean          if_revised,
                   GError          **error)
{
  PdPgBackend *self = SELF (backend);
  g_autofree char *sql = g_strconcat (select_columns_sql (), "WHERE id = $1", NULL);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, pd_order_get_id (order));
  const char *params[] = { id };
  gboolean read = FALSE;
  PGresult *result;

  if (!_pd_pg_check_open (self, error))
    return FALSE;

  result = _pd_pg_query (self, sql, 1, params, error);
  if (result == NULL)
    return FALSE;

  if (PQntuples (result) == 1 &&
      (!if_revised ||
       _pd_pg_int64 (result, 0, PQnfields (result) - 1) != _pd_order_get_revision (order)))
    {
      OrderRow row;

      row_from_result (result, 0, &row);
      g_object_freeze_notify (G_OBJECT (order));
      for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++)
        string_columns[i].set (order, row.strings[i]);
      order_read_other_columns (order, &row);
      self->map.name (self->map.data, order);
      g_object_thaw_notify (G_OBJECT (order));
      read = TRUE;
    }
  PQclear (result);

  return read;
}

/* Writing ------------------------------------------------------------ */

gboolean
_pd_pg_append_event (PdLedgerBackend   *backend,
                     gint64             order_id,
                     gint64             time,
                     PdOrderEventKind   kind,
                     PdOrderState       state,
                     const char        *message,
                     const char        *raw_json,
                     GError           **error)
{
  PdPgBackend *self = SELF (backend);
  g_autofree char *order = g_strdup_printf ("%" G_GINT64_FORMAT, order_id);
  g_autofree char *when = g_strdup_printf ("%" G_GINT64_FORMAT, time);
  const char *params[] = {
    order, when, pd_order_event_kind_to_string (kind), pd_order_state_to_string (state),
    message, raw_json,
  };
  PGresult *result;

  result = _pd_pg_query (self,
                         "INSERT INTO order_events (order_ref, time, kind, state, message, raw_json) "
                         "VALUES ($1, $2, $3, $4, $5, $6)",
                         G_N_ELEMENTS (params), params, error);
  if (result == NULL)
    return FALSE;

  PQclear (result);
  return TRUE;
}

/* Orders are sent this many at a time before their answers are read:
 * one round trip to the server a batch instead of one an order, and a
 * bounded buffer of answers. */
#define INSERT_BATCH 1000

/* Reads the answers of a batch sent in pipeline mode, through its sync;
 * @ids[@first…] get the new rows' ids. */
static gboolean
read_batch (PdPgBackend  *self,
            GPtrArray    *orders,
            guint         first,
            guint         end,
            gint64       *ids,
            GError      **error)
{
  gboolean ok = TRUE;
  gboolean prepared = FALSE;
  guint next = first;
  guint n_null = 0;

  for (;;)
    {
      PGresult *result = PQgetResult (self->conn);
      ExecStatusType status;

      /* NULL ends each statement's answers; twice running, nothing more
       * will come (the connection is gone). */
      if (result == NULL)
        {
          if (++n_null < 2)
            continue;
          if (ok)
            _pd_pg_set_error (self, NULL, error);
          return FALSE;
        }
      n_null = 0;

      status = PQresultStatus (result);
      if (status == PGRES_PIPELINE_SYNC)
        {
          PQclear (result);
          break;
        }

      /* The batch's statement, parsed. */
      if (status == PGRES_COMMAND_OK && next == first && !prepared)
        {
          prepared = TRUE;
          PQclear (result);
          continue;
        }

      if (ok && status == PGRES_TUPLES_OK && next < end && PQntuples (result) == 1)
        ids[next] = _pd_pg_int64 (result, 0, 0);
      else if (ok && status == PGRES_TUPLES_OK && next < end)
        {
          PdOrder *order = g_ptr_array_index (orders, next);

          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_DUPLICATE,
                       _("orderId: payee %s already has an order “%s”; it was not changed"),
                       pd_order_get_payee_id (order), pd_order_get_order_id (order));
          ok = FALSE;
        }
      else if (ok)
        {
          _pd_pg_set_error (self, result, error);
          ok = FALSE;
        }
      next++;
      PQclear (result);
    }

  return ok;
}

/* Orders @first to @end of @orders, sent one after the other in libpq's
 * pipeline mode and then answered together. */
static gboolean
insert_batch (PdPgBackend          *self,
              GPtrArray            *orders,
              guint                 first,
              guint                 end,
              gint64                now,
              PdLedgerPrepareFunc   prepare,
              gpointer              data,
              gint64               *ids,
              GError              **error)
{
  char when[24];
  gboolean sent = TRUE;
  gboolean ok;

  for (guint i = first; i < end; i++)
    if (!prepare (g_ptr_array_index (orders, i), data, error))
      return FALSE;

  if (!_pd_pg_check_open (self, error))
    return FALSE;
  if (!PQenterPipelineMode (self->conn))
    {
      _pd_pg_set_error (self, NULL, error);
      return FALSE;
    }

  /* Parsed once a batch, as the unnamed statement, which lasts until
   * the next is parsed: nothing to clean up if the batch fails. */
  sent = PQsendPrepare (self->conn, "", insert_created_sql (), N_ORDER_PARAMS + 2, NULL);

  g_snprintf (when, sizeof when, "%" G_GINT64_FORMAT, now);
  for (guint i = first; i < end && sent; i++)
    {
      PdOrder *order = g_ptr_array_index (orders, i);
      OrderParams params;
      char created_at[24], updated_at[24];

      order_params_init (&params, order, TRUE);

      /* An order made now: created_at and updated_at default to now. They
       * reach the object only once the transaction is committed. */
      if (pd_order_get_created_at (order) == 0)
        {
          g_snprintf (created_at, sizeof created_at, "%" G_GINT64_FORMAT, now);
          params.values[PD_LEDGER_N_STRING_COLUMNS] = created_at;
        }
      if (pd_order_get_updated_at (order) == 0)
        {
          g_snprintf (updated_at, sizeof updated_at, "%" G_GINT64_FORMAT,
                      pd_order_get_created_at (order) != 0 ? pd_order_get_created_at (order) : now);
          params.values[PD_LEDGER_N_STRING_COLUMNS + 2] = updated_at;
        }
      params.values[params.n++] = when;
      params.values[params.n++] = pd_order_event_kind_to_string (PD_ORDER_EVENT_CREATED);

      sent = PQsendQueryPrepared (self->conn, "", params.n, params.values, NULL, NULL, 0);
      order_params_clear (&params);
    }

  if (sent && PQpipelineSync (self->conn))
    ok = read_batch (self, orders, first, end, ids, error);
  else
    {
      _pd_pg_set_error (self, NULL, error);
      ok = FALSE;
    }

  PQexitPipelineMode (self->conn);
  return ok;
}

/* Inside the caller's transaction. */
gboolean
_pd_pg_insert_orders (PdLedgerBackend      *backend,
                      GPtrArray            *orders,
                      gint64                now,
                      PdLedgerPrepareFunc   prepare,
                      gpointer              data,
                      gint64               *ids,
                      GError              **error)
{
  PdPgBackend *self = SELF (backend);

  for (guint first = 0; first < orders->len; first += INSERT_BATCH)
    if (!insert_batch (self, orders, first, MIN (orders->len, first + INSERT_BATCH),
                       now, prepare, data, ids, error))
      return FALSE;

  return TRUE;
}

/* Inside the caller's transaction: an order copied from another ledger,
 * its row and its history as they are. */
gboolean
_pd_pg_insert_imported (PdLedgerBackend  *backend,
                        PdOrder          *order,
                        GPtrArray        *events,
                        gint64           *id,
                        GError          **error)
{
  PdPgBackend *self = SELF (backend);
  OrderParams params;
  PGresult *result;

  order_params_init (&params, order, TRUE);
  result = _pd_pg_query (self, insert_sql (), params.n, params.values, error);
  order_params_clear (&params);
  if (result == NULL)
    return FALSE;

  *id = PQntuples (result) == 0 ? 0 : _pd_pg_int64 (result, 0, 0);
  PQclear (result);
  if (*id == 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_DUPLICATE,
                   _("orderId: payee %s already has an order “%s”; it was not changed"),
                   pd_order_get_payee_id (order), pd_order_get_order_id (order));
      return FALSE;
    }

  for (guint i = 0; i < events->len; i++)
    {
      const PdOrderEvent *event = g_ptr_array_index (events, i);

      if (!_pd_pg_append_event (backend, *id, event->time, event->kind, event->state,
                                event->message, event->raw_json, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
_pd_pg_read_state (PdLedgerBackend  *backend,
                   gint64            id,
                   PdOrderState     *state,
                   GError          **error)
{
  PdPgBackend *self = SELF (backend);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *params[] = { text };
  PGresult *result;
  gboolean found;

  *state = PD_ORDER_STATE_UNKNOWN;
  result = _pd_pg_query (self, "SELECT state FROM orders WHERE id = $1", 1, params, error);
  if (result == NULL)
    return FALSE;

  found = PQntuples (result) == 1;
  if (found)
    pd_order_state_from_string (PQgetvalue (result, 0, 0), state);
  PQclear (result);

  return found;
}

/* Writes every changeable column of @order if the row's revision is
 * still @order's; @n_written: 0 when another desk wrote it since. */
gboolean
_pd_pg_update_order (PdLedgerBackend  *backend,
                     PdOrder          *order,
                     guint            *n_written,
                     GError          **error)
{
  PdPgBackend *self = SELF (backend);
  OrderParams params;
  char id[24], revision[24];
  PGresult *result;

  order_params_init (&params, order, FALSE);
  g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, pd_order_get_id (order));
  g_snprintf (revision, sizeof revision, "%" G_GINT64_FORMAT, _pd_order_get_revision (order));
  params.values[params.n++] = id;
  params.values[params.n++] = revision;

  result = _pd_pg_query (self, update_sql (), params.n, params.values, error);
  order_params_clear (&params);
  if (result == NULL)
    return FALSE;

  *n_written = (guint) g_ascii_strtoull (PQcmdTuples (result), NULL, 10);
  PQclear (result);
  return TRUE;
}

gboolean
_pd_pg_record_check (PdLedgerBackend  *backend,
                     gint64            id,
                     gint64            last_checked_at,
                     gint64            next_check_at,
                     GError          **error)
{
  PdPgBackend *self = SELF (backend);
  g_autofree char *last = g_strdup_printf ("%" G_GINT64_FORMAT, last_checked_at);
  g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT, next_check_at);
  g_autofree char *row = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *params[] = { last, next, row };
  PGresult *result;

  result = _pd_pg_query (self, "UPDATE orders SET last_checked_at = $1, next_check_at = $2 WHERE id = $3",
                         3, params, error);
  if (result == NULL)
    return FALSE;

  PQclear (result);
  return TRUE;
}

/* Reading ------------------------------------------------------------ */

GPtrArray *
_pd_pg_lookup_by_key (PdLedgerBackend  *backend,
                      const char       *payee_id,
                      const char       *order_id,
                      GError          **error)
{
  const char *params[] = { payee_id, order_id };

  return select_orders (SELF (backend), "WHERE payee_id = $1 AND order_id = $2", 2, params, NULL, error);
}

GPtrArray *
_pd_pg_lookup_by_id (PdLedgerBackend  *backend,
                     gint64            id,
                     GError          **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *params[] = { text };

  return select_orders (SELF (backend), "WHERE id = $1", 1, params, NULL, error);
}

GPtrArray *
_pd_pg_find_by_order_id (PdLedgerBackend  *backend,
                         const char       *order_id,
                         GError          **error)
{
  const char *params[] = { order_id };

  return select_orders (SELF (backend), "WHERE order_id = $1 ORDER BY created_at DESC, id DESC",
                        1, params, NULL, error);
}

GPtrArray *
_pd_pg_list_all (PdLedgerBackend  *backend,
                 GArray           *created_at,
                 GError          **error)
{
  guint first = created_at->len;
  GPtrArray *orders;

  /* In the table's order, mostly that of insertion, turned around: the
   * store sorts what is left out of order (pd_store_list_orders()).
   * Sorted on the server, no row would be sent before every row was
   * read and sorted, on disk past work_mem. */
  orders = copy_orders (SELF (backend), "", created_at, error);
  if (orders == NULL)
    return NULL;

  for (guint i = 0, j = orders->len; i + 1 < j; i++, j--)
    {
      gpointer order = orders->pdata[i];
      gint64 time = g_array_index (created_at, gint64, first + i);

      orders->pdata[i] = orders->pdata[j - 1];
      orders->pdata[j - 1] = order;
      g_array_index (created_at, gint64, first + i) = g_array_index (created_at, gint64, first + j - 1);
      g_array_index (created_at, gint64, first + j - 1) = time;
    }

  return orders;
}

GArray *
_pd_pg_list_due (PdLedgerBackend  *backend,
                 gint64            now,
                 gint64            cancelled_since,
                 guint             limit,
                 GError          **error)
{
  PdPgBackend *self = SELF (backend);
  g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  g_autofree char *since = g_strdup_printf ("%" G_GINT64_FORMAT, cancelled_since);
  g_autofree char *most = limit > 0 ? g_strdup_printf ("%u", limit) : NULL;
  const char *params[] = { at, since, most };
  GArray *ids;
  PGresult *result;

  if (!_pd_pg_check_open (self, error))
    return NULL;

  /* LIMIT NULL: no limit. */
  result = _pd_pg_query (self,
                         "SELECT id, next_check_at FROM orders"
                         "  WHERE " PD_PG_OPEN_STATE_SQL " AND next_check_at <= $1 "
                         "UNION ALL "
                         "SELECT id, next_check_at FROM orders"
                         "  WHERE state = 'cancelled' AND cancelled_at >= $2 AND next_check_at <= $1 "
                         "ORDER BY next_check_at, id LIMIT $3::bigint",
                         3, params, error);
  if (result == NULL)
    return NULL;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), PQntuples (result));
  for (int i = 0; i < PQntuples (result); i++)
    {
      gint64 id = _pd_pg_int64 (result, i, 0);
      g_array_append_val (ids, id);
    }
  PQclear (result);

  return ids;
}

gboolean
_pd_pg_get_next_check_at (PdLedgerBackend  *backend,
                          gint64            cancelled_since,
                          gint64           *next_check_at,
                          GError          **error)
{
  PdPgBackend *self = SELF (backend);
  g_autofree char *since = g_strdup_printf ("%" G_GINT64_FORMAT, cancelled_since);
  const char *params[] = { since };
  PGresult *result;
  gboolean found;

  if (!_pd_pg_check_open (self, error))
    return FALSE;

  result = _pd_pg_query (self,
                         "SELECT LEAST ("
                         "  (SELECT min (next_check_at) FROM orders WHERE " PD_PG_OPEN_STATE_SQL "),"
                         "  (SELECT min (next_check_at) FROM orders"
                         "    WHERE state = 'cancelled' AND cancelled_at >= $1))",
                         1, params, error);
  if (result == NULL)
    return FALSE;

  found = !PQgetisnull (result, 0, 0);
  if (found)
    *next_check_at = _pd_pg_int64 (result, 0, 0);
  PQclear (result);

  return found;
}

GPtrArray *
_pd_pg_list_events (PdLedgerBackend  *backend,
                    gint64            order_id,
                    GError          **error)
{
  PdPgBackend *self = SELF (backend);
  g_autofree char *order = g_strdup_printf ("%" G_GINT64_FORMAT, order_id);
  const char *params[] = { order };
  GPtrArray *events;
  PGresult *result;

  result = _pd_pg_query (self,
                         "SELECT id, time, kind, state, message, raw_json FROM order_events "
                         "WHERE order_ref = $1 ORDER BY id",
                         1, params, error);
  if (result == NULL)
    return NULL;

  events = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_order_event_free);
  for (int i = 0; i < PQntuples (result); i++)
    {
      PdOrderEvent *event = g_new0 (PdOrderEvent, 1);

      event->id = _pd_pg_int64 (result, i, 0);
      event->order = order_id;
      event->time = _pd_pg_int64 (result, i, 1);
      event->kind = PD_ORDER_EVENT_UPDATED;
      pd_order_event_kind_from_string (_pd_pg_value (result, i, 2), &event->kind);
      event->state = PD_ORDER_STATE_UNKNOWN;
      pd_order_state_from_string (_pd_pg_value (result, i, 3), &event->state);
      event->message = g_strdup (_pd_pg_value (result, i, 4));
      event->raw_json = g_strdup (_pd_pg_value (result, i, 5));
      g_ptr_array_add (events, event);
    }
  PQclear (result);

  return events;
}

/* Asset cache -------------------------------------------------------- */

gboolean
_pd_pg_set_asset_list (PdLedgerBackend  *backend,
                       PdAssetListKind   kind,
                       const char       *json,
                       gint64            fetched_at,
                       GError          **error)
{
  PdPgBackend *self = SELF (backend);
  g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, fetched_at);
  const char *params[] = { pd_ledger_asset_list_name (kind), json, at };
  PGresult *result;

  result = _pd_pg_query (self,
                         "INSERT INTO asset_cache (kind, json, fetched_at) VALUES ($1, $2, $3) "
                         "ON CONFLICT (kind) DO UPDATE SET json = excluded.json, fetched_at = excluded.fetched_at",
                         3, params, error);
  if (result == NULL)
    return FALSE;

  PQclear (result);
  return TRUE;
}

gboolean
_pd_pg_get_asset_list (PdLedgerBackend  *backend,
                       PdAssetListKind   kind,
                       char            **json,
                       gint64           *fetched_at,
                       GError          **error)
{
  PdPgBackend *self = SELF (backend);
  const char *params[] = { pd_ledger_asset_list_name (kind) };
  PGresult *result;
  gboolean found;

  if (!_pd_pg_check_open (self, error))
    return FALSE;

  result = _pd_pg_query (self, "SELECT json, fetched_at FROM asset_cache WHERE kind = $1", 1, params, error);
  if (result == NULL)
    return FALSE;

  found = PQntuples (result) == 1;
  if (found)
    {
      if (json != NULL)
        *json = g_strdup (PQgetvalue (result, 0, 0));
      if (fetched_at != NULL)
        *fetched_at = _pd_pg_int64 (result, 0, 1);
    }
  PQclear (result);

  return found;
}
