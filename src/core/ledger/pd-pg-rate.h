/* pd-pg-rate.h: MixPay's request budget kept in a shared PostgreSQL
 * ledger, for every desk on it
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The budget's row of one MixPay account: when its last request went and
 * until when MixPay asked everyone to hold back. Only the storage: the
 * rules (the spacing, the pause) are the request gate's
 * (pd-request-gate.c), the same for a file and for this row. */
typedef struct _PdPgRate PdPgRate;

/* After the server could not be reached, the next try waits this long:
 * every request asks, and a server that does not answer would otherwise
 * hold each one for the connection's timeout. */
#define PD_PG_RATE_RETRY_US (2 * G_USEC_PER_SEC)

/* @payee: the MixPay account whose row this is (NULL or "": the
 * ledger's one row for requests of no account). @password: the server's,
 * given apart from @uri, or NULL for libpq's own (.pgpass). Connects on
 * first use. */
PdPgRate *pd_pg_rate_new      (const char *uri,
                               const char *password,
                               const char *payee);
void      pd_pg_rate_set_payee (PdPgRate  *self,
                               const char *payee);
void      pd_pg_rate_free     (PdPgRate   *self);
/* Starts a transaction that holds the row locked (FOR UPDATE) until
 * pd_pg_rate_commit() or pd_pg_rate_rollback(). Times are µs of the
 * server's clock, which every desk shares whatever its own clock says:
 * @server_now is now on it, and the others are 0 when never set. FALSE
 * when the database cannot be reached (or is no Paydesk ledger). */
gboolean  pd_pg_rate_begin    (PdPgRate   *self,
                               gint64     *server_now,
                               gint64     *last_request,
                               gint64     *paused_until);
/* Writes the row and commits: the request it allows is then granted. */
gboolean  pd_pg_rate_commit   (PdPgRate   *self,
                               gint64      last_request,
                               gint64      paused_until);
void      pd_pg_rate_rollback (PdPgRate   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdPgRate, pd_pg_rate_free)

G_END_DECLS
