/* pd-pg-poll-lock.c: which desk polls a shared PostgreSQL ledger
 *
 * A session-level advisory lock, held on a connection of its own: the
 * server frees it when that session ends, whether the desk quit,
 * crashed or lost the network, and the next desk to try takes it.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pd-pg-backend-private.h"

#define SELF(backend) ((PdPgBackend *) (backend))

/* The lock's key: the same for every Paydesk on the database ("PDPL"). */
#define POLL_LOCK_KEY "1346654284"

static PGresult *
lock_query (PGconn             *conn,
            const char         *sql,
            int                 n_params,
            const char * const *params)
{
  PGresult *result = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);

  if (PQresultStatus (result) == PGRES_TUPLES_OK || PQresultStatus (result) == PGRES_COMMAND_OK)
    return result;

  g_debug ("Polling lock: %s", PQresultErrorMessage (result));
  PQclear (result);
  return NULL;
}

static char *
read_holder (PGconn *conn)
{
  PGresult *result = lock_query (conn, "SELECT desk FROM poll_desk WHERE id = 1", 0, NULL);
  char *desk = NULL;

  if (result != NULL && PQntuples (result) == 1)
    desk = g_strdup (PQgetvalue (result, 0, 0));
  g_clear_pointer (&result, PQclear);

  return desk;
}

/* The lock's session must end soon after its desk does. A desk that
 * crashes or quits closes its connection, and the server sees that at
 * once; one whose computer or network went down says nothing, and only
 * TCP keepalives, the server's (options) and this end's, tell the two
 * sides apart from a quiet desk: within about 10 s rather than the
 * system's two hours. The URI's own settings come after these, and win. */
static PGconn *
lock_connect (PdPgBackend *self)
{
  const char *keywords[] = {
    "connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval",
    "keepalives_count", "options", "application_name", "dbname", "password", NULL
  };
  const char *values[] = {
    "5", "1", "4", "2", "3",
    "-c tcp_keepalives_idle=4 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3 "
    "-c tcp_user_timeout=10000",
    "paydesk-poll-lock", self->uri, self->password, NULL
  };

  /* An empty password is none: libpq then reads ~/.pgpass. */
  if (self->password == NULL || *self->password == '\0')
    keywords[8] = NULL;

  return PQconnectdbParams (keywords, values, 1);
}

gboolean
_pd_pg_try_poll_lock (PdLedgerBackend  *backend,
                      const char       *desk,
                      char            **holder,
                      GError          **error)
{
  PdPgBackend *self = SELF (backend);
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  const char *params[] = { desk, now };
  PGresult *result;
  gboolean taken;

  if (holder != NULL)
    *holder = NULL;
  if (self->conn == NULL)
    return FALSE;

  /* Held, on a session that is still there. */
  if (self->lock_conn != NULL && PQstatus (self->lock_conn) == CONNECTION_OK)
    {
      result = lock_query (self->lock_conn, "SELECT 1", 0, NULL);
      if (result != NULL)
        {
          PQclear (result);
          return TRUE;
        }
    }
  g_clear_pointer (&self->lock_conn, PQfinish);

  self->lock_conn = lock_connect (self);
  _pd_pg_route_notices (self->lock_conn);
  if (PQstatus (self->lock_conn) != CONNECTION_OK)
    {
      g_autofree char *detail = g_strstrip (g_strdup (PQerrorMessage (self->lock_conn)));

      /* libpq's message names the host and port, never the password. */
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                   _("Cannot reach the ledger %s: %s"), self->display, detail);
      g_clear_pointer (&self->lock_conn, PQfinish);
      return FALSE;
    }

  result = lock_query (self->lock_conn, "SELECT pg_try_advisory_lock (" POLL_LOCK_KEY ")", 0, NULL);
  taken = result != NULL && strcmp (PQgetvalue (result, 0, 0), "t") == 0;
  g_clear_pointer (&result, PQclear);

  if (!taken)
    {
      if (holder != NULL)
        *holder = read_holder (self->lock_conn);
      g_clear_pointer (&self->lock_conn, PQfinish);
      return FALSE;
    }

  /* Best effort: without it, the others say only that another desk polls. */
  result = lock_query (self->lock_conn,
                       "INSERT INTO poll_desk (id, desk, since) VALUES (1, $1, $2) "
                       "ON CONFLICT (id) DO UPDATE SET desk = excluded.desk, since = excluded.since",
                       2, params);
  g_clear_pointer (&result, PQclear);

  return TRUE;
}

/* Ending the session frees the lock. */
void
_pd_pg_poll_unlock (PdLedgerBackend *backend)
{
  PdPgBackend *self = SELF (backend);

  g_clear_pointer (&self->lock_conn, PQfinish);
}
