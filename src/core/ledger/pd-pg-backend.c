/* pd-pg-backend.c: the ledger in a PostgreSQL database: the connection,
 * its transactions, and how other desks' writes are noticed (LISTEN on a
 * second connection, watched through a GLib source on its socket)
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "pd-pg-backend-private.h"

#define SELF(backend) ((PdPgBackend *) (backend))

/* Reconnecting the listening connection: the first try after this, then
 * twice as long each time, up to the last. */
#define RECONNECT_FIRST_MS 250
#define RECONNECT_MAX_MS   8000

/* Notices ------------------------------------------------------------ */

static void
notice_cb (void       *data,
           const char *message)
{
  g_debug ("PostgreSQL: %s", message);
}

/* libpq prints what the server says outside an answer on stderr, by
 * default: a restarting server's "terminating connection" in the middle
 * of paydesk-cli's output, say. Such messages are for the log. */
void
_pd_pg_route_notices (PGconn *conn)
{
  if (conn != NULL)
    PQsetNoticeProcessor (conn, notice_cb, NULL);
}

/* URIs --------------------------------------------------------------- */

gboolean
pd_pg_is_uri (const char *location)
{
  return location != NULL &&
         (g_str_has_prefix (location, "postgresql://") ||
          g_str_has_prefix (location, "postgres://"));
}

/* Only what tells the merchant which database it is: never the password,
 * nor anything else of the URI's options (a service file's name, say). */
char *
pd_pg_dup_display_uri (const char  *uri,
                       GError     **error)
{
  g_autoptr(GString) display = g_string_new ("postgresql://");
  const char *user = NULL, *host = NULL, *port = NULL, *dbname = NULL;
  PQconninfoOption *options;
  char *message = NULL;

  if (!pd_pg_lib_load (error))
    return NULL;

  options = PQconninfoParse (uri, &message);
  if (options == NULL)
    {
      /* Not libpq's message: it quotes the URI, password and all. */
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("--db: not a PostgreSQL URI libpq understands (postgresql://USER@HOST:PORT/DATABASE)"));
      PQfreemem (message);
      return NULL;
    }

  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (option->val == NULL || *option->val == '\0')
        continue;
      if (strcmp (option->keyword, "user") == 0)
        user = option->val;
      else if (strcmp (option->keyword, "host") == 0)
        host = option->val;
      else if (strcmp (option->keyword, "port") == 0)
        port = option->val;
      else if (strcmp (option->keyword, "dbname") == 0)
        dbname = option->val;
    }

  if (user != NULL)
    g_string_append_printf (display, "%s@", user);
  if (host != NULL)
    g_string_append (display, host);
  if (port != NULL)
    g_string_append_printf (display, ":%s", port);
  if (dbname != NULL)
    g_string_append_printf (display, "/%s", dbname);

  PQconninfoFree (options);
  return g_string_free (g_steal_pointer (&display), FALSE);
}

/* Errors ------------------------------------------------------------- */

/* libpq's messages end in a newline. */
static char *
dup_detail (PdPgBackend    *self,
            const PGresult *result)
{
  const char *message = result != NULL ? PQresultErrorMessage (result) : NULL;

  if ((message == NULL || *message == '\0') && self->conn != NULL)
    message = PQerrorMessage (self->conn);

  return g_strstrip (g_strdup (message != NULL ? message : ""));
}

void
_pd_pg_set_error (PdPgBackend     *self,
                  const PGresult  *result,
                  GError         **error)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *detail = dup_detail (self, result);

  if (self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK)
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                 _("Cannot reach the ledger %s: %s"), self->display, detail);
  else if (g_strcmp0 (state, "23505") == 0)
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_DUPLICATE,
                 _("Database error in %s: %s"), self->display, detail);
  else if (g_strcmp0 (state, "40001") == 0 || g_strcmp0 (state, "40P01") == 0 ||
           g_strcmp0 (state, "55P03") == 0)
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_BUSY,
                 _("%s is in use by another program (%s)"), self->display, detail);
  else if (state != NULL && g_str_has_prefix (state, "08"))
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                 _("Cannot reach the ledger %s: %s"), self->display, detail);
  else
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_FAILED,
                 _("Database error in %s: %s"), self->display, detail);
}

gboolean
_pd_pg_check_open (PdPgBackend  *self,
                   GError      **error)
{
  if (self->conn != NULL)
    return TRUE;

  g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
               _("The database %s is closed"), self->display);
  return FALSE;
}

/* A lost connection outside a transaction is made again once, at the
 * next call: the server restarted, or the network came back. Inside a
 * transaction the transaction is lost, and the write fails. */
static gboolean
ensure_connected (PdPgBackend  *self,
                  GError      **error)
{
  if (!_pd_pg_check_open (self, error))
    return FALSE;

  if (PQstatus (self->conn) == CONNECTION_OK || self->in_transaction)
    return TRUE;

  /* The listening connection is being made again: the server is known
   * to be away, and a connection tried here would block the window for
   * as long as the network takes to say so. */
  if (self->unreachable)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                   _("Cannot reach the ledger %s: its server does not answer; Paydesk keeps trying"),
                   self->display);
      return FALSE;
    }

  PQreset (self->conn);
  if (PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;

  _pd_pg_set_error (self, NULL, error);
  return FALSE;
}

/* libpq learns that the server went away (it restarted, or a network
 * link was down) only when a query fails. Outside a transaction nothing
 * was lost: connect again, and the caller runs the query once more. */
static gboolean
lost_and_reset (PdPgBackend    *self,
                const PGresult *result)
{
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ||
      PQstatus (self->conn) != CONNECTION_BAD || self->in_transaction ||
      self->unreachable)
    return FALSE;

  PQreset (self->conn);
  return PQstatus (self->conn) == CONNECTION_OK;
}

/* Queries ------------------------------------------------------------ */

PGresult *
_pd_pg_query (PdPgBackend        *self,
              const char         *sql,
              int                 n_params,
              const char * const *params,
              GError            **error)
{
  PGresult *result;
  ExecStatusType status;

  if (!ensure_connected (self, error))
    return NULL;

  result = PQexecParams (self->conn, sql, n_params, NULL, params, NULL, NULL, 0);
  if (lost_and_reset (self, result))
    {
      PQclear (result);
      result = PQexecParams (self->conn, sql, n_params, NULL, params, NULL, NULL, 0);
    }
  status = PQresultStatus (result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return result;

  _pd_pg_set_error (self, result, error);
  PQclear (result);
  return NULL;
}

/* A COPY … TO STDOUT: TRUE once its data may be read with
 * PQgetCopyData(), then the COPY's own result with PQgetResult(). */
gboolean
_pd_pg_copy_out (PdPgBackend  *self,
                 const char   *sql,
                 GError      **error)
{
  PGresult *result;

  if (!ensure_connected (self, error))
    return FALSE;

  result = PQexec (self->conn, sql);
  if (PQresultStatus (result) != PGRES_COPY_OUT && lost_and_reset (self, result))
    {
      PQclear (result);
      result = PQexec (self->conn, sql);
    }
  if (PQresultStatus (result) == PGRES_COPY_OUT)
    {
      PQclear (result);
      return TRUE;
    }

  _pd_pg_set_error (self, result, error);
  PQclear (result);
  return FALSE;
}

gboolean
_pd_pg_exec (PdPgBackend  *self,
             const char   *sql,
             GError      **error)
{
  PGresult *result;

  if (!ensure_connected (self, error))
    return FALSE;

  /* PQexec: several statements in one string (a migration step). */
  result = PQexec (self->conn, sql);
  if (lost_and_reset (self, result))
    {
      PQclear (result);
      result = PQexec (self->conn, sql);
    }
  if (PQresultStatus (result) == PGRES_COMMAND_OK || PQresultStatus (result) == PGRES_TUPLES_OK)
    {
      PQclear (result);
      return TRUE;
    }

  _pd_pg_set_error (self, result, error);
  PQclear (result);
  return FALSE;
}

const char *
_pd_pg_value (const PGresult *result,
              int             row,
              int             column)
{
  return PQgetisnull (result, row, column) ? NULL : PQgetvalue (result, row, column);
}

gint64
_pd_pg_int64 (const PGresult *result,
              int             row,
              int             column)
{
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

/* Transactions ------------------------------------------------------- */

/* What the poller learns from MixPay (@relaxed) commits without waiting
 * for the server's disk (synchronous_commit = off): a crash of the
 * server may take back the last few, and the poller asks MixPay again.
 * Still atomic. Everything else waits. */
gboolean
_pd_pg_begin (PdPgBackend  *self,
              gboolean      relaxed,
              GError      **error)
{
  if (!_pd_pg_exec (self, relaxed ? "BEGIN; SET LOCAL synchronous_commit = off" : "BEGIN", error))
    return FALSE;

  self->in_transaction = TRUE;
  return TRUE;
}

/* Every desk that LISTENs learns of the write in the same commit: a
 * NOTIFY is delivered only if its transaction commits. */
gboolean
_pd_pg_commit (PdPgBackend  *self,
               GError      **error)
{
  g_autofree char *xid = NULL;
  PGresult *result;
  gboolean ok;

  if (!_pd_pg_check_open (self, error))
    return FALSE;

  /* One round trip: the transaction's id (to skip its events when this
   * store refreshes), the notification, the commit. */
  ok = PQsendQuery (self->conn,
                    "SELECT pg_current_xact_id_if_assigned ()::text;"
                    "NOTIFY " PD_PG_CHANNEL ";"
                    "COMMIT");
  while ((result = PQgetResult (self->conn)) != NULL)
    {
      ExecStatusType status = PQresultStatus (result);

      if (status == PGRES_TUPLES_OK && xid == NULL && PQntuples (result) == 1)
        xid = g_strdup (_pd_pg_value (result, 0, 0));
      else if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && ok)
        {
          _pd_pg_set_error (self, result, error);
          ok = FALSE;
        }
      PQclear (result);
    }
  if (!ok && error != NULL && *error == NULL)
    _pd_pg_set_error (self, NULL, error);

  if (!ok)
    _pd_pg_rollback (self);
  else if (xid != NULL && self->changed != NULL)
    g_ptr_array_add (self->own_xids, g_steal_pointer (&xid));
  self->in_transaction = FALSE;
  return ok;
}

void
_pd_pg_rollback (PdPgBackend *self)
{
  if (self->conn != NULL && PQtransactionStatus (self->conn) != PQTRANS_IDLE &&
      PQstatus (self->conn) == CONNECTION_OK)
    PQclear (PQexec (self->conn, "ROLLBACK"));
  self->in_transaction = FALSE;
}

/* Changes by other desks --------------------------------------------- */

/* Whether any row changed since, as SQLite's data version says: their
 * count, and the sum of the transaction ids that wrote them (xmin), which
 * every insert, update or delete by anyone changes. One scan of the
 * table, against reading every row again. */
static gboolean
read_rows_stamp (PdPgBackend   *self,
                 PdLedgerStamp *stamp)
{
  PGresult *result;

  stamp->valid = FALSE;
  if (self->conn == NULL)
    return FALSE;

  result = _pd_pg_query (self, "SELECT count(*), COALESCE (sum (xmin::text::bigint), 0) FROM orders",
                         0, NULL, NULL);
  if (result == NULL)
    return FALSE;

  stamp->a = _pd_pg_int64 (result, 0, 0);
  stamp->b = _pd_pg_int64 (result, 0, 1);
  stamp->valid = TRUE;
  PQclear (result);
  return TRUE;
}

static gboolean
pg_read_stamp (PdLedgerBackend *backend,
               PdLedgerStamp   *stamp)
{
  return read_rows_stamp (SELF (backend), stamp);
}

static gboolean
pg_stamp_is_current (PdLedgerBackend     *backend,
                     const PdLedgerStamp *stamp)
{
  PdLedgerStamp now;

  return stamp->valid &&
         read_rows_stamp (SELF (backend), &now) &&
         now.a == stamp->a && now.b == stamp->b;
}

/* Every transaction older than the oldest one still running has ended. */
static char *
read_xmin (PdPgBackend  *self,
           GError      **error)
{
  PGresult *result = _pd_pg_query (self, "SELECT pg_snapshot_xmin (pg_current_snapshot ())::text",
                                   0, NULL, error);
  char *xmin;

  if (result == NULL)
    return NULL;

  xmin = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  return xmin;
}

/* Event ids are taken when a row is inserted, not when its transaction
 * commits: a transaction may commit an event below one already read.
 * So events are read by the id of their transaction instead, from the
 * oldest one that was still running at the last read: those read again
 * are only read again (the store skips an order whose revision has not
 * moved), none is missed. */
static gboolean
pg_read_changes (PdLedgerBackend  *backend,
                 GArray          **ids,
                 PdLedgerStamp    *mark,
                 GError          **error)
{
  PdPgBackend *self = SELF (backend);
  g_autofree char *xmin = NULL;
  g_autofree char *own = NULL;
  const char *params[2];
  PGresult *result;

  *ids = NULL;
  xmin = read_xmin (self, error);
  if (xmin == NULL)
    return FALSE;

  g_ptr_array_add (self->own_xids, NULL);
  own = g_strjoinv (",", (char **) self->own_xids->pdata);
  g_ptr_array_remove_index (self->own_xids, self->own_xids->len - 1);
  params[0] = self->seen_xmin;
  params[1] = own;
  result = _pd_pg_query (self,
                         "SELECT DISTINCT order_ref FROM order_events"
                         "  WHERE xid >= $1::xid8"
                         "    AND xid::text <> ALL (string_to_array ($2, ','))"
                         "  ORDER BY 1",
                         2, params, error);
  if (result == NULL)
    return FALSE;

  *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), PQntuples (result));
  for (int i = 0; i < PQntuples (result); i++)
    {
      gint64 id = _pd_pg_int64 (result, i, 0);
      g_array_append_val (*ids, id);
    }
  PQclear (result);

  mark->a = g_ascii_strtoll (xmin, NULL, 10);
  mark->b = 0;
  mark->valid = TRUE;
  return TRUE;
}

static void
pg_mark_seen (PdLedgerBackend     *backend,
              const PdLedgerStamp *mark)
{
  PdPgBackend *self = SELF (backend);

  g_free (self->seen_xmin);
  self->seen_xmin = g_strdup_printf ("%" G_GINT64_FORMAT, mark->a);

  /* Events of transactions below the horizon are never read again. */
  for (guint i = self->own_xids->len; i > 0; i--)
    if (g_ascii_strtoll (g_ptr_array_index (self->own_xids, i - 1), NULL, 10) < mark->a)
      g_ptr_array_remove_index_fast (self->own_xids, i - 1);
}

static gboolean listen_connect (PdPgBackend *self);
static gboolean listen_start (PdPgBackend *self);
static void schedule_reconnect (PdPgBackend *self);
static gboolean reconnect_poll_cb (int fd, GIOCondition condition, gpointer user_data);

static void
stop_reconnecting (PdPgBackend *self)
{
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  g_clear_handle_id (&self->connect_source, g_source_remove);
  g_clear_handle_id (&self->connect_timeout_source, g_source_remove);
}

/* libpq's connect_timeout does not apply to a connection made step by
 * step: a server that does not answer is given up here. */
static gboolean
connect_timeout_cb (gpointer user_data)
{
  PdPgBackend *self = user_data;

  self->connect_timeout_source = 0;
  g_clear_handle_id (&self->connect_source, g_source_remove);
  g_debug ("No answer from %s", self->display);
  schedule_reconnect (self);
  return G_SOURCE_REMOVE;
}

/* One step of PQconnectPoll(): wait on the socket as it asks (which may
 * change from one step to the next), until the connection is made. */
static void
reconnect_step (PdPgBackend                *self,
                PostgresPollingStatusType   polling)
{
  g_clear_handle_id (&self->connect_source, g_source_remove);

  switch (polling)
    {
    case PGRES_POLLING_READING:
    case PGRES_POLLING_WRITING:
      self->connect_source = g_unix_fd_add (PQsocket (self->listen_conn),
                                            (polling == PGRES_POLLING_READING ? G_IO_IN : G_IO_OUT) |
                                            G_IO_HUP | G_IO_ERR,
                                            reconnect_poll_cb, self);
      return;
    case PGRES_POLLING_OK:
      g_clear_handle_id (&self->connect_timeout_source, g_source_remove);
      if (listen_start (self))
        {
          /* Whatever was written while the connection was down; the
           * store also learns that the server is back (pg_is_reachable). */
          self->reconnect_delay_ms = 0;
          self->unreachable = FALSE;
          self->changed (self->changed_data);
        }
      return;
    case PGRES_POLLING_FAILED:
    case PGRES_POLLING_ACTIVE:
    default:
      g_clear_handle_id (&self->connect_timeout_source, g_source_remove);
      schedule_reconnect (self);
      return;
    }
}

static gboolean
reconnect_poll_cb (int           fd,
                   GIOCondition  condition,
                   gpointer      user_data)
{
  PdPgBackend *self = user_data;

  self->connect_source = 0;
  reconnect_step (self, PQconnectPoll (self->listen_conn));
  return G_SOURCE_REMOVE;
}

/* Never blocks the main loop: a server that went away may be behind a
 * network that answers nothing at all. */
static gboolean
reconnect_cb (gpointer user_data)
{
  PdPgBackend *self = user_data;

  self->reconnect_source = 0;
  self->listen_conn = _pd_pg_connect_start (self->uri, self->password);
  if (self->listen_conn == NULL || PQstatus (self->listen_conn) == CONNECTION_BAD)
    {
      schedule_reconnect (self);
      return G_SOURCE_REMOVE;
    }

  self->connect_timeout_source = g_timeout_add_seconds (10, connect_timeout_cb, self);
  reconnect_step (self, PGRES_POLLING_WRITING);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (PdPgBackend *self)
{
  g_clear_pointer (&self->listen_conn, PQfinish);
  self->reconnect_delay_ms = self->reconnect_delay_ms == 0
                             ? RECONNECT_FIRST_MS
                             : MIN (self->reconnect_delay_ms * 2, RECONNECT_MAX_MS);
  g_debug ("Lost the connection to %s; trying again in %u ms", self->display, self->reconnect_delay_ms);
  self->reconnect_source = g_timeout_add (self->reconnect_delay_ms, reconnect_cb, self);

  /* Once, when it is lost: the store tells its views. */
  if (!self->unreachable)
    {
      self->unreachable = TRUE;
      self->changed (self->changed_data);
    }
}

static gboolean
listen_ready_cb (int           fd,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  PdPgBackend *self = user_data;
  gboolean foreign = FALSE;
  PGnotify *notify;
  int own_pid = self->conn != NULL ? PQbackendPID (self->conn) : 0;

  if (!PQconsumeInput (self->listen_conn) || PQstatus (self->listen_conn) != CONNECTION_OK)
    {
      self->listen_source = 0;
      schedule_reconnect (self);
      return G_SOURCE_REMOVE;
    }

  /* This store's own writes are already in its objects. */
  while ((notify = PQnotifies (self->listen_conn)) != NULL)
    {
      foreign |= notify->be_pid != own_pid;
      PQfreemem (notify);
    }

  if (foreign)
    self->changed (self->changed_data);

  return G_SOURCE_CONTINUE;
}

static gboolean
listen_connect (PdPgBackend *self)
{
  self->listen_conn = _pd_pg_connect (self->uri, self->password);
  if (PQstatus (self->listen_conn) != CONNECTION_OK)
    {
      schedule_reconnect (self);
      return FALSE;
    }

  return listen_start (self);
}

/* The server has just answered: LISTEN takes one round trip. */
static gboolean
listen_start (PdPgBackend *self)
{
  PGresult *result;

  result = PQexec (self->listen_conn, "LISTEN " PD_PG_CHANNEL);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      PQclear (result);
      schedule_reconnect (self);
      return FALSE;
    }
  PQclear (result);

  PQsetnonblocking (self->listen_conn, 1);
  self->listen_source = g_unix_fd_add (PQsocket (self->listen_conn),
                                       G_IO_IN | G_IO_HUP | G_IO_ERR,
                                       listen_ready_cb, self);
  return TRUE;
}

/* A connection of its own LISTENs, so that notifications never wait in
 * the queue of the connection that runs the store's queries (libpq reads
 * them off the socket during a query, and the socket then stays quiet).
 * No timer while all is well: the source wakes only when the server
 * sends something. */
static void
pg_watch (PdLedgerBackend *backend,
          GSourceFunc      changed,
          gpointer         data)
{
  PdPgBackend *self = SELF (backend);

  if (self->changed != NULL || self->conn == NULL)
    return;

  self->changed = changed;
  self->changed_data = data;
  listen_connect (self);
}

/* Only the listening connection says so: it is the one that hears at
 * once when the server goes (its socket closes) and that is made again
 * with backoff. */
static gboolean
pg_is_reachable (PdLedgerBackend *backend)
{
  return !SELF (backend)->unreachable;
}

static void
stop_watching (PdPgBackend *self)
{
  g_clear_handle_id (&self->listen_source, g_source_remove);
  stop_reconnecting (self);
  g_clear_pointer (&self->listen_conn, PQfinish);
  self->changed = NULL;
}

/* The rest of the vtable --------------------------------------------- */

static void
pg_close (PdLedgerBackend *backend)
{
  PdPgBackend *self = SELF (backend);

  stop_watching (self);
  _pd_pg_poll_unlock (backend);
  g_clear_pointer (&self->conn, PQfinish);
}

static void
pg_free (PdLedgerBackend *backend)
{
  PdPgBackend *self = SELF (backend);

  pg_close (backend);
  g_clear_pointer (&self->loader, _pd_order_loader_free);
  g_free (self->seen_xmin);
  g_clear_pointer (&self->own_xids, g_ptr_array_unref);
  g_free (self->display);
  g_free (self->uri);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self);
}

static int
pg_get_schema_version (PdLedgerBackend *backend)
{
  return SELF (backend)->schema_version;
}

static gboolean
pg_check_open (PdLedgerBackend  *backend,
               GError          **error)
{
  return _pd_pg_check_open (SELF (backend), error);
}

static gboolean
pg_begin (PdLedgerBackend  *backend,
          gboolean          relaxed,
          GError          **error)
{
  return _pd_pg_begin (SELF (backend), relaxed, error);
}

static gboolean
pg_commit (PdLedgerBackend  *backend,
           GError          **error)
{
  return _pd_pg_commit (SELF (backend), error);
}

static void
pg_rollback (PdLedgerBackend *backend)
{
  _pd_pg_rollback (SELF (backend));
}

static const PdLedgerBackendVTable pg_vtable = {
  .close = pg_close,
  .free = pg_free,
  .get_schema_version = pg_get_schema_version,
  .check_open = pg_check_open,
  .begin = pg_begin,
  .commit = pg_commit,
  .rollback = pg_rollback,
  .insert_orders = _pd_pg_insert_orders,
  .insert_imported = _pd_pg_insert_imported,
  .update_order = _pd_pg_update_order,
  .record_check = _pd_pg_record_check,
  .append_event = _pd_pg_append_event,
  .set_asset_list = _pd_pg_set_asset_list,
  .read_state = _pd_pg_read_state,
  .read_again = _pd_pg_read_again,
  .lookup_by_key = _pd_pg_lookup_by_key,
  .lookup_by_id = _pd_pg_lookup_by_id,
  .find_by_order_id = _pd_pg_find_by_order_id,
  .list_all = _pd_pg_list_all,
  .list_due = _pd_pg_list_due,
  .get_next_check_at = _pd_pg_get_next_check_at,
  .list_events = _pd_pg_list_events,
  .get_asset_list = _pd_pg_get_asset_list,
  .read_stamp = pg_read_stamp,
  .stamp_is_current = pg_stamp_is_current,
  .read_changes = pg_read_changes,
  .mark_seen = pg_mark_seen,
  .watch = pg_watch,
  .is_reachable = pg_is_reachable,
  .try_poll_lock = _pd_pg_try_poll_lock,
  .poll_unlock = _pd_pg_poll_unlock,
};

/**
 * pd_pg_backend_open:
 * @uri: a libpq URI (postgresql://…); the password may come from it, from
 *   ~/.pgpass, $PGPASSFILE or a service file, as libpq reads them
 * @password: (nullable): the password, given apart from @uri so that it
 *   is never in a string that is shown or logged (the app's, from the
 *   keyring); it wins over the others
 * @map: the store's objects, which rows are read into
 *
 * Connects, creates the ledger's tables on first use and migrates an
 * older schema, one transaction a step. A database of a newer Paydesk is
 * refused and left as it is.
 *
 * Returns: (transfer full): the backend, or %NULL and @error
 */
PdLedgerBackend *
pd_pg_backend_open (const char              *uri,
                    const char              *password,
                    const PdLedgerOrderMap  *map,
                    GError                 **error)
{
  static gsize checked = 0;
  g_autoptr(PdLedgerBackend) backend = NULL;
  PdPgBackend *self;
  char *display;

  if (!pd_pg_lib_load (error))
    return NULL;

  if (g_once_init_enter (&checked))
    {
      _pd_pg_check_open_states ();
      g_once_init_leave (&checked, 1);
    }

  display = pd_pg_dup_display_uri (uri, error);
  if (display == NULL)
    return NULL;

  self = g_new0 (PdPgBackend, 1);
  backend = &self->parent;
  self->parent.vtable = &pg_vtable;
  self->uri = g_strdup (uri);
  self->display = display;
  self->map = *map;
  self->own_xids = g_ptr_array_new_with_free_func (g_free);
  self->password = g_strdup (password);

  self->conn = _pd_pg_connect (uri, password);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      _pd_pg_set_connect_error (self, self->conn, error);
      return NULL;
    }

  /* Times are stored as integers and amounts as text: nothing depends on
   * the server's time zone or locale, but messages are read in logs. */
  if (!_pd_pg_exec (self, "SET client_min_messages = warning", error) ||
      !_pd_pg_migrate (self, error))
    return NULL;

  self->seen_xmin = read_xmin (self, error);
  if (self->seen_xmin == NULL)
    return NULL;

  return g_steal_pointer (&backend);
}
