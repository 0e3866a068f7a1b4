/* pd-test-pg.h: a throw-away PostgreSQL server for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when the tests run on PostgreSQL: PAYDESK_TEST_BACKEND=postgresql
 * (the meson entries NAME-pg set it). */
gboolean  pd_test_pg_wanted       (void);
/* Starts the server on first use (initdb and pg_ctl in a temporary
 * folder, on a free loopback port, as "nobody" when run as root) and
 * creates a new empty database: its URI. The server and its folder go
 * when the test program ends, however it ends. */
char     *pd_test_pg_new_database (void);
/* A new database that asks for a password, as a real shared ledger's
 * server does: a new role with LOGIN PASSWORD @password owns it, and
 * pg_hba.conf asks every role made here for it (scram-sha-256) on
 * 127.0.0.1, while the tests' superuser "paydesk" keeps trust, so that
 * nothing else changes. Its URI names the role, never the password. */
char     *pd_test_pg_new_protected_database (const char *password);
/* The server's URI for @dbname. */
char     *pd_test_pg_uri          (const char *dbname);
/* Stops the server and removes its folder now. */
void      pd_test_pg_stop         (void);
/* Stops and starts the server again, on the same port (a lost
 * connection). */
void      pd_test_pg_restart      (void);
/* The same in two steps, for what happens meanwhile: pg_ctl stop -m
 * fast (every session ends), then start. */
void      pd_test_pg_stop_server  (void);
void      pd_test_pg_start_server (void);

G_END_DECLS
