/* pd-pg-connection.c: connecting to the PostgreSQL ledger's server, and
 * telling why it failed
 *
 * Every connection the backend makes (queries, LISTEN, the polling lock)
 * goes through here, so that each gets the password the app took from
 * the keyring as a connection parameter (never inside a URI, which is
 * shown and logged) and the same time-outs.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pd-pg-backend-private.h"

/* Options before "dbname" are defaults the URI may override: a server
 * that does not answer is given up after 10 s rather than libpq's
 * forever, and a link that dies without a word (a cable pulled) is
 * noticed within about half a minute by TCP keep-alives rather than
 * after hours. The password comes after, so it is the one used. */
static PGconn *
connect_full (const char *uri,
              const char *password,
              gboolean    nonblocking)
{
  const char *keywords[] = {
    "connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval",
    "keepalives_count", "dbname", "password", NULL,
  };
  const char *values[] = {
    "10", "1", "10", "5", "3", uri, password, NULL,
  };
  PGconn *conn;

  /* An empty password is none: libpq then reads ~/.pgpass. */
  if (password == NULL || *password == '\0')
    keywords[6] = NULL;

  conn = nonblocking ? PQconnectStartParams (keywords, values, 1)
                     : PQconnectdbParams (keywords, values, 1);
  _pd_pg_route_notices (conn);
  return conn;
}

PGconn *
_pd_pg_connect (const char *uri,
                const char *password)
{
  return connect_full (uri, password, FALSE);
}

PGconn *
_pd_pg_connect_start (const char *uri,
                      const char *password)
{
  return connect_full (uri, password, TRUE);
}

/* libpq reports a refused password only in words; these two say whether
 * the server asked for one. */
void
_pd_pg_set_connect_error (PdPgBackend  *self,
                          PGconn       *conn,
                          GError      **error)
{
  g_autofree char *detail = g_strstrip (g_strdup (PQerrorMessage (conn)));

  if (PQconnectionNeedsPassword (conn))
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_AUTH,
                 _("The server of %s needs a password for this user"), self->display);
  else if (PQconnectionUsedPassword (conn))
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_AUTH,
                 _("The server of %s refused the user name or password: %s"), self->display, detail);
  else
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                 _("Cannot reach the ledger %s: %s"), self->display, detail);
}

/**
 * pd_pg_uri_parse:
 * @uri: a libpq URI
 * @user: (out) (optional) (transfer full) (nullable): NULL where @uri
 *   gives none, likewise @host, @port and @dbname
 * @has_password: (out) (optional): whether @uri holds a password
 *
 * Returns: FALSE when libpq cannot parse @uri (nothing is set then)
 */
gboolean
pd_pg_uri_parse (const char  *uri,
                 char       **user,
                 char       **host,
                 char       **port,
                 char       **dbname,
                 gboolean    *has_password)
{
  struct { const char *keyword; char **value; } parts[] = {
    { "user", user }, { "host", host }, { "port", port }, { "dbname", dbname },
  };
  PQconninfoOption *options;
  char *message = NULL;

  /* Read by libpq itself; without libpq there is no shared ledger. */
  if (!pd_pg_is_uri (uri) || !pd_pg_lib_load (NULL))
    return FALSE;

  options = PQconninfoParse (uri, &message);
  if (options == NULL)
    {
      PQfreemem (message);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i].value != NULL)
      *parts[i].value = NULL;
  if (has_password != NULL)
    *has_password = FALSE;

  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (option->val == NULL || *option->val == '\0')
        continue;
      if (has_password != NULL && g_str_equal (option->keyword, "password"))
        *has_password = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        if (parts[i].value != NULL && g_str_equal (option->keyword, parts[i].keyword))
          *parts[i].value = g_strdup (option->val);
    }

  PQconninfoFree (options);
  return TRUE;
}
