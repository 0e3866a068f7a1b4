/* pd-pg-rate.c: MixPay's request budget kept in a shared PostgreSQL
 * ledger, for every desk on it
 *
 * Each request to MixPay, from any desk or command, reads and writes the
 * account's row in one transaction, the row locked meanwhile: two desks
 * can never both take the same slot. The row lives in the rate_budget
 * table (pd-pg-schema.c); its times are the server's, so that desks whose
 * clocks disagree still space their requests.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-pg-backend-private.h"
#include "pd-pg-rate.h"

struct _PdPgRate
{
  char   *uri;
  /* The server's password given apart from the URI, or NULL (.pgpass). */
  char   *password;
  char   *payee;
  PGconn *conn;
  gint64  failed_at;
  gboolean in_transaction;
};

/* Dashes and case do not make another account (spec §1). */
static char *
normalize_payee (const char *payee)
{
  GString *key = g_string_new (NULL);

  for (const char *p = payee; p != NULL && *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (key, g_ascii_tolower (*p));

  return g_string_free (key, FALSE);
}

PdPgRate *
pd_pg_rate_new (const char *uri,
                const char *password,
                const char *payee)
{
  PdPgRate *self;

  g_return_val_if_fail (uri != NULL, NULL);

  self = g_new0 (PdPgRate, 1);
  self->uri = g_strdup (uri);
  self->password = g_strdup (password);
  self->payee = normalize_payee (payee);

  return self;
}

void
pd_pg_rate_set_payee (PdPgRate   *self,
                      const char *payee)
{
  g_return_if_fail (self != NULL);

  g_free (self->payee);
  self->payee = normalize_payee (payee);
}

void
pd_pg_rate_free (PdPgRate *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->conn, PQfinish);
  g_free (self->uri);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->payee);
  g_free (self);
}

static gboolean
rate_ok (PGresult *result)
{
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return TRUE;

  /* Never the URI: it may hold a password. */
  g_debug ("Request budget: %s", PQresultErrorMessage (result));
  return FALSE;
}

static gboolean
rate_exec (PdPgRate   *self,
           const char *sql)
{
  PGresult *result = PQexec (self->conn, sql);
  gboolean ok = rate_ok (result);

  PQclear (result);
  return ok;
}

static gboolean
rate_connect (PdPgRate *self)
{
  /* The URI's own settings come after these, and win. Keepalives: a
   * desk that lost the network learns it within seconds, not hours. */
  const char *keywords[] = {
    "connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval",
    "keepalives_count", "application_name", "dbname", "password", NULL
  };
  const char *values[] = { "5", "1", "5", "2", "3", "paydesk-rate", self->uri, self->password, NULL };
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;

  /* An empty password is none: libpq then reads ~/.pgpass. */
  if (self->password == NULL || *self->password == '\0')
    keywords[7] = NULL;

  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  g_clear_pointer (&self->conn, PQfinish);

  if (self->failed_at != 0 && now - self->failed_at < PD_PG_RATE_RETRY_US)
    return FALSE;

  if (!pd_pg_lib_load (&error))
    {
      g_debug ("Request budget: %s", error->message);
      self->failed_at = now;
      return FALSE;
    }

  self->conn = PQconnectdbParams (keywords, values, 1);
  _pd_pg_route_notices (self->conn);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_debug ("Request budget: cannot connect: %s", PQerrorMessage (self->conn));
      g_clear_pointer (&self->conn, PQfinish);
      self->failed_at = now;
      return FALSE;
    }

  self->failed_at = 0;
  return rate_exec (self, "SET client_min_messages = warning");
}

gboolean
pd_pg_rate_begin (PdPgRate *self,
                  gint64   *server_now,
                  gint64   *last_request,
                  gint64   *paused_until)
{
  const char *params[] = { self->payee };
  PGresult *result;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  /* A connection lost since the last request (the server restarted) is
   * made again once. */
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      if (!rate_connect (self))
        return FALSE;
      if (rate_exec (self, "BEGIN"))
        break;
      if (PQstatus (self->conn) == CONNECTION_OK || attempt == 1)
        return FALSE;
      g_clear_pointer (&self->conn, PQfinish);
    }

  /* Makes the row if it is new and locks it, in one statement: a second
   * desk waits here until the first commits. */
  result = PQexecParams (self->conn,
                         "INSERT INTO rate_budget (payee) VALUES ($1) "
                         "ON CONFLICT (payee) DO UPDATE SET payee = excluded.payee "
                         "RETURNING last_request, paused_until, "
                         "  (extract (epoch FROM clock_timestamp ()) * 1000000)::bigint",
                         1, NULL, params, NULL, NULL, 0);
  if (!rate_ok (result) || PQntuples (result) != 1)
    {
      PQclear (result);
      pd_pg_rate_rollback (self);
      return FALSE;
    }

  *last_request = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  *paused_until = g_ascii_strtoll (PQgetvalue (result, 0, 1), NULL, 10);
  *server_now = g_ascii_strtoll (PQgetvalue (result, 0, 2), NULL, 10);
  PQclear (result);

  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
pd_pg_rate_commit (PdPgRate *self,
                   gint64    last_request,
                   gint64    paused_until)
{
  g_autofree char *last = g_strdup_printf ("%" G_GINT64_FORMAT, last_request);
  g_autofree char *paused = g_strdup_printf ("%" G_GINT64_FORMAT, paused_until);
  const char *params[] = { self->payee, last, paused };
  PGresult *result;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  self->in_transaction = FALSE;
  result = PQexecParams (self->conn,
                         "UPDATE rate_budget SET last_request = $2, paused_until = $3 WHERE payee = $1",
                         3, NULL, params, NULL, NULL, 0);
  ok = rate_ok (result);
  PQclear (result);
  if (!ok)
    {
      rate_exec (self, "ROLLBACK");
      return FALSE;
    }

  return rate_exec (self, "COMMIT");
}

void
pd_pg_rate_rollback (PdPgRate *self)
{
  g_return_if_fail (self != NULL);

  self->in_transaction = FALSE;
  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    rate_exec (self, "ROLLBACK");
}
