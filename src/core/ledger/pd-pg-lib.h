/* pd-pg-lib.h: libpq, loaded when a PostgreSQL ledger is first used
 *
 * libpq brings some fifteen libraries (OpenSSL, GnuTLS, Kerberos, LDAP,
 * SASL), each bound in full as it loads: linked, they would slow the
 * start of the app and of every paydesk-cli command, though most desks
 * keep an SQLite file. The PostgreSQL backend includes this header after
 * <libpq-fe.h> and calls libpq's functions by their own names, through
 * the table pd_pg_lib_load() fills.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* The libpq library as the loader names it (its soname). */
#define PD_PG_LIB_NAME "libpq.so.5"

typedef struct
{
  __typeof__ (PQbackendPID) *PQbackendPID_fn;
  __typeof__ (PQclear) *PQclear_fn;
  __typeof__ (PQcmdTuples) *PQcmdTuples_fn;
  __typeof__ (PQconnectPoll) *PQconnectPoll_fn;
  __typeof__ (PQconnectStartParams) *PQconnectStartParams_fn;
  __typeof__ (PQconnectdb) *PQconnectdb_fn;
  __typeof__ (PQconnectdbParams) *PQconnectdbParams_fn;
  __typeof__ (PQconnectionNeedsPassword) *PQconnectionNeedsPassword_fn;
  __typeof__ (PQconnectionUsedPassword) *PQconnectionUsedPassword_fn;
  __typeof__ (PQconninfoFree) *PQconninfoFree_fn;
  __typeof__ (PQconninfoParse) *PQconninfoParse_fn;
  __typeof__ (PQconsumeInput) *PQconsumeInput_fn;
  __typeof__ (PQenterPipelineMode) *PQenterPipelineMode_fn;
  __typeof__ (PQerrorMessage) *PQerrorMessage_fn;
  __typeof__ (PQexec) *PQexec_fn;
  __typeof__ (PQexecParams) *PQexecParams_fn;
  __typeof__ (PQexitPipelineMode) *PQexitPipelineMode_fn;
  __typeof__ (PQfinish) *PQfinish_fn;
  __typeof__ (PQfreemem) *PQfreemem_fn;
  __typeof__ (PQgetCopyData) *PQgetCopyData_fn;
  __typeof__ (PQgetResult) *PQgetResult_fn;
  __typeof__ (PQgetisnull) *PQgetisnull_fn;
  __typeof__ (PQgetvalue) *PQgetvalue_fn;
  __typeof__ (PQnfields) *PQnfields_fn;
  __typeof__ (PQnotifies) *PQnotifies_fn;
  __typeof__ (PQntuples) *PQntuples_fn;
  __typeof__ (PQpipelineSync) *PQpipelineSync_fn;
  __typeof__ (PQreset) *PQreset_fn;
  __typeof__ (PQresultErrorField) *PQresultErrorField_fn;
  __typeof__ (PQresultErrorMessage) *PQresultErrorMessage_fn;
  __typeof__ (PQresultStatus) *PQresultStatus_fn;
  __typeof__ (PQsendPrepare) *PQsendPrepare_fn;
  __typeof__ (PQsendQuery) *PQsendQuery_fn;
  __typeof__ (PQsendQueryPrepared) *PQsendQueryPrepared_fn;
  __typeof__ (PQsetNoticeProcessor) *PQsetNoticeProcessor_fn;
  __typeof__ (PQsetnonblocking) *PQsetnonblocking_fn;
  __typeof__ (PQsocket) *PQsocket_fn;
  __typeof__ (PQstatus) *PQstatus_fn;
  __typeof__ (PQtransactionStatus) *PQtransactionStatus_fn;
} PdPgLib;

extern PdPgLib pd_pg_lib;

/* Loads libpq once; FALSE and @error (PD_STORE_ERROR_IO) when it cannot
 * be, and then again on every call. */
gboolean pd_pg_lib_load (GError **error);

#define PQbackendPID (pd_pg_lib.PQbackendPID_fn)
#define PQclear (pd_pg_lib.PQclear_fn)
#define PQcmdTuples (pd_pg_lib.PQcmdTuples_fn)
#define PQconnectPoll (pd_pg_lib.PQconnectPoll_fn)
#define PQconnectStartParams (pd_pg_lib.PQconnectStartParams_fn)
#define PQconnectdb (pd_pg_lib.PQconnectdb_fn)
#define PQconnectdbParams (pd_pg_lib.PQconnectdbParams_fn)
#define PQconnectionNeedsPassword (pd_pg_lib.PQconnectionNeedsPassword_fn)
#define PQconnectionUsedPassword (pd_pg_lib.PQconnectionUsedPassword_fn)
#define PQconninfoFree (pd_pg_lib.PQconninfoFree_fn)
#define PQconninfoParse (pd_pg_lib.PQconninfoParse_fn)
#define PQconsumeInput (pd_pg_lib.PQconsumeInput_fn)
#define PQenterPipelineMode (pd_pg_lib.PQenterPipelineMode_fn)
#define PQerrorMessage (pd_pg_lib.PQerrorMessage_fn)
#define PQexec (pd_pg_lib.PQexec_fn)
#define PQexecParams (pd_pg_lib.PQexecParams_fn)
#define PQexitPipelineMode (pd_pg_lib.PQexitPipelineMode_fn)
#define PQfinish (pd_pg_lib.PQfinish_fn)
#define PQfreemem (pd_pg_lib.PQfreemem_fn)
#define PQgetCopyData (pd_pg_lib.PQgetCopyData_fn)
#define PQgetResult (pd_pg_lib.PQgetResult_fn)
#define PQgetisnull (pd_pg_lib.PQgetisnull_fn)
#define PQgetvalue (pd_pg_lib.PQgetvalue_fn)
#define PQnfields (pd_pg_lib.PQnfields_fn)
#define PQnotifies (pd_pg_lib.PQnotifies_fn)
#define PQntuples (pd_pg_lib.PQntuples_fn)
#define PQpipelineSync (pd_pg_lib.PQpipelineSync_fn)
#define PQreset (pd_pg_lib.PQreset_fn)
#define PQresultErrorField (pd_pg_lib.PQresultErrorField_fn)
#define PQresultErrorMessage (pd_pg_lib.PQresultErrorMessage_fn)
#define PQresultStatus (pd_pg_lib.PQresultStatus_fn)
#define PQsendPrepare (pd_pg_lib.PQsendPrepare_fn)
#define PQsendQuery (pd_pg_lib.PQsendQuery_fn)
#define PQsendQueryPrepared (pd_pg_lib.PQsendQueryPrepared_fn)
#define PQsetNoticeProcessor (pd_pg_lib.PQsetNoticeProcessor_fn)
#define PQsetnonblocking (pd_pg_lib.PQsetnonblocking_fn)
#define PQsocket (pd_pg_lib.PQsocket_fn)
#define PQstatus (pd_pg_lib.PQstatus_fn)
#define PQtransactionStatus (pd_pg_lib.PQtransactionStatus_fn)

G_END_DECLS
