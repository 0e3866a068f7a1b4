/* pd-pg-lib.c: libpq, loaded when a PostgreSQL ledger is first used
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "pd-pg-lib.h"
#include "pd-store.h"

PdPgLib pd_pg_lib;

static const struct
{
  const char *name;
  gsize       offset;
} symbols[] = {
  { "PQbackendPID", G_STRUCT_OFFSET (PdPgLib, PQbackendPID_fn) },
  { "PQclear", G_STRUCT_OFFSET (PdPgLib, PQclear_fn) },
  { "PQcmdTuples", G_STRUCT_OFFSET (PdPgLib, PQcmdTuples_fn) },
  { "PQconnectPoll", G_STRUCT_OFFSET (PdPgLib, PQconnectPoll_fn) },
  { "PQconnectStartParams", G_STRUCT_OFFSET (PdPgLib, PQconnectStartParams_fn) },
  { "PQconnectdb", G_STRUCT_OFFSET (PdPgLib, PQconnectdb_fn) },
  { "PQconnectdbParams", G_STRUCT_OFFSET (PdPgLib, PQconnectdbParams_fn) },
  { "PQconnectionNeedsPassword", G_STRUCT_OFFSET (PdPgLib, PQconnectionNeedsPassword_fn) },
  { "PQconnectionUsedPassword", G_STRUCT_OFFSET (PdPgLib, PQconnectionUsedPassword_fn) },
  { "PQconninfoFree", G_STRUCT_OFFSET (PdPgLib, PQconninfoFree_fn) },
  { "PQconninfoParse", G_STRUCT_OFFSET (PdPgLib, PQconninfoParse_fn) },
  { "PQconsumeInput", G_STRUCT_OFFSET (PdPgLib, PQconsumeInput_fn) },
  { "PQenterPipelineMode", G_STRUCT_OFFSET (PdPgLib, PQenterPipelineMode_fn) },
  { "PQerrorMessage", G_STRUCT_OFFSET (PdPgLib, PQerrorMessage_fn) },
  { "PQexec", G_STRUCT_OFFSET (PdPgLib, PQexec_fn) },
  { "PQexecParams", G_STRUCT_OFFSET (PdPgLib, PQexecParams_fn) },
  { "PQexitPipelineMode", G_STRUCT_OFFSET (PdPgLib, PQexitPipelineMode_fn) },
  { "PQfinish", G_STRUCT_OFFSET (PdPgLib, PQfinish_fn) },
  { "PQfreemem", G_STRUCT_OFFSET (PdPgLib, PQfreemem_fn) },
  { "PQgetCopyData", G_STRUCT_OFFSET (PdPgLib, PQgetCopyData_fn) },
  { "PQgetResult", G_STRUCT_OFFSET (PdPgLib, PQgetResult_fn) },
  { "PQgetisnull", G_STRUCT_OFFSET (PdPgLib, PQgetisnull_fn) },
  { "PQgetvalue", G_STRUCT_OFFSET (PdPgLib, PQgetvalue_fn) },
  { "PQnfields", G_STRUCT_OFFSET (PdPgLib, PQnfields_fn) },
  { "PQnotifies", G_STRUCT_OFFSET (PdPgLib, PQnotifies_fn) },
  { "PQntuples", G_STRUCT_OFFSET (PdPgLib, PQntuples_fn) },
  { "PQpipelineSync", G_STRUCT_OFFSET (PdPgLib, PQpipelineSync_fn) },
  { "PQreset", G_STRUCT_OFFSET (PdPgLib, PQreset_fn) },
  { "PQresultErrorField", G_STRUCT_OFFSET (PdPgLib, PQresultErrorField_fn) },
  { "PQresultErrorMessage", G_STRUCT_OFFSET (PdPgLib, PQresultErrorMessage_fn) },
  { "PQresultStatus", G_STRUCT_OFFSET (PdPgLib, PQresultStatus_fn) },
  { "PQsendPrepare", G_STRUCT_OFFSET (PdPgLib, PQsendPrepare_fn) },
  { "PQsendQuery", G_STRUCT_OFFSET (PdPgLib, PQsendQuery_fn) },
  { "PQsendQueryPrepared", G_STRUCT_OFFSET (PdPgLib, PQsendQueryPrepared_fn) },
  { "PQsetNoticeProcessor", G_STRUCT_OFFSET (PdPgLib, PQsetNoticeProcessor_fn) },
  { "PQsetnonblocking", G_STRUCT_OFFSET (PdPgLib, PQsetnonblocking_fn) },
  { "PQsocket", G_STRUCT_OFFSET (PdPgLib, PQsocket_fn) },
  { "PQstatus", G_STRUCT_OFFSET (PdPgLib, PQstatus_fn) },
  { "PQtransactionStatus", G_STRUCT_OFFSET (PdPgLib, PQtransactionStatus_fn) },
};

static GModule *
load_module (char **message)
{
  GModule *module = g_module_open (PD_PG_LIB_NAME, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);

  if (module == NULL)
    {
      *message = g_strdup (g_module_error ());
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    {
      gpointer *slot = G_STRUCT_MEMBER_P (&pd_pg_lib, symbols[i].offset);

      if (!g_module_symbol (module, symbols[i].name, slot) || *slot == NULL)
        {
          *message = g_strdup (g_module_error ());
          g_module_close (module);
          return NULL;
        }
    }

  /* Kept for the life of the program: the backend's connections use it. */
  g_module_make_resident (module);
  return module;
}

gboolean
pd_pg_lib_load (GError **error)
{
  static gsize loaded = 0;
  static GModule *module;
  static char *message;

  if (g_once_init_enter (&loaded))
    {
      module = load_module (&message);
      g_once_init_leave (&loaded, 1);
    }

  if (module == NULL)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                   _("Cannot use a PostgreSQL ledger: %s could not be loaded (%s)"),
                   PD_PG_LIB_NAME, message != NULL ? message : "");
      return FALSE;
    }

  return TRUE;
}
