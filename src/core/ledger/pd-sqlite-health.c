/* pd-sqlite-health.c: whether an SQLite file is a healthy ledger, checked
 * before anything is written to it
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pd-sqlite-backend-private.h"

/* Reads the whole file before anything is written: a file that is not a
 * database, or a damaged one, is refused here and never touched. */
gboolean
_pd_sqlite_check_health (PdSqliteBackend  *self,
                         GError          **error)
{
  sqlite3_stmt *stmt = _pd_sqlite_prepare (self, "PRAGMA quick_check", error);
  g_autofree char *result = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    {
      _pd_sqlite_set_error (self, rc, error);
      return FALSE;
    }

  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                   _("%s is damaged (%s); it was left untouched"), self->path, result);
      return FALSE;
    }

  return TRUE;
}

/* At open, without reading the whole file: the header, the schema and
 * the first rows of each table. */
gboolean
_pd_sqlite_probe_health (PdSqliteBackend  *self,
                         GError          **error)
{
  static const char * const probes[] = {
    "SELECT * FROM orders LIMIT 1",
    "SELECT * FROM order_events LIMIT 1",
    "SELECT * FROM asset_cache LIMIT 1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      sqlite3_stmt *stmt = _pd_sqlite_prepare (self, probes[i], error);
      int rc;

      if (stmt == NULL)
        return FALSE;

      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _pd_sqlite_set_error (self, rc, error);
          return FALSE;
        }
    }

  return TRUE;
}

/* A file in WAL mode at this build's schema: opening it writes nothing,
 * so its full check can wait for the first write. */
gboolean
_pd_sqlite_opens_without_writing (PdSqliteBackend *self)
{
  sqlite3_stmt *stmt;
  gboolean wal = FALSE;

  if (self->schema_version != PD_STORE_SCHEMA_VERSION)
    return FALSE;

  stmt = _pd_sqlite_prepare (self, "PRAGMA journal_mode", NULL);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    wal = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
  sqlite3_finalize (stmt);

  return wal;
}

/* The full check of a file that needed no change at open runs in a
 * thread, on a read-only connection of its own, while the ledger is being
 * read: at 100,000 orders it takes a third of the time to a populated
 * list. No write starts before it has passed
 * (_pd_sqlite_wait_for_health()).
 *
 * Its task returns to a main context of the check's own, which waiting
 * for it iterates: the ledger is often opened in one thread and then
 * used in another, and neither need run a main loop. */
struct _PdSqliteHealth
{
  char         *path;
  GMainContext *context;
  GCancellable *cancellable;
  gulong        cancelled_id;
  GMutex        lock;
  sqlite3      *db;       /* while the check runs, for interrupting it */
  gboolean      done;
  int           rc;       /* SQLITE_ROW once quick_check answered */
  char         *problem;  /* NULL: healthy */
};

typedef struct
{
  int   rc;
  char *problem;
} HealthResult;

static void
health_result_free (HealthResult *result)
{
  g_free (result->problem);
  g_free (result);
}

static void
health_free (PdSqliteHealth *health)
{
  if (health->cancelled_id != 0)
    g_cancellable_disconnect (health->cancellable, health->cancelled_id);
  g_clear_object (&health->cancellable);
  g_clear_pointer (&health->context, g_main_context_unref);
  g_mutex_clear (&health->lock);
  g_free (health->path);
  g_free (health->problem);
  g_free (health);
}

/* Closing stops the check: the file is not held open after the store. */
static void
health_cancelled_cb (GCancellable   *cancellable,
                     PdSqliteHealth *health)
{
  g_mutex_lock (&health->lock);
  if (health->db != NULL)
    sqlite3_interrupt (health->db);
  g_mutex_unlock (&health->lock);
}

static void
health_check_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  PdSqliteHealth *health = task_data;
  HealthResult *result = g_new0 (HealthResult, 1);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_open_v2 (health->path, &db, SQLITE_OPEN_READONLY, NULL);
  g_mutex_lock (&health->lock);
  health->db = db;
  if (db != NULL && g_cancellable_is_cancelled (cancellable))
    sqlite3_interrupt (db);
  g_mutex_unlock (&health->lock);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, PD_SQLITE_BUSY_TIMEOUT_MS);
      rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      const char *answer = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (answer, "ok") != 0)
        result->problem = g_strdup (answer != NULL ? answer : "?");
    }
  else
    {
      result->problem = g_strdup (db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
    }
  result->rc = rc;

  g_mutex_lock (&health->lock);
  health->db = NULL;
  g_mutex_unlock (&health->lock);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_task_return_pointer (task, result, (GDestroyNotify) health_result_free);
}

static void
health_check_done_cb (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  PdSqliteHealth *health = user_data;
  HealthResult *answer = g_task_propagate_pointer (G_TASK (result), NULL);

  health->rc = answer->rc;
  health->problem = g_steal_pointer (&answer->problem);
  health->done = TRUE;
  health_result_free (answer);
}

void
_pd_sqlite_start_health_check (PdSqliteBackend *self)
{
  PdSqliteHealth *health = g_new0 (PdSqliteHealth, 1);
  g_autoptr(GTask) task = NULL;

  health->path = g_strdup (self->path);
  health->context = g_main_context_new ();
  health->cancellable = g_cancellable_new ();
  g_mutex_init (&health->lock);
  health->cancelled_id = g_cancellable_connect (health->cancellable,
                                                G_CALLBACK (health_cancelled_cb),
                                                health, NULL);
  self->health = health;

  g_main_context_push_thread_default (health->context);
  task = g_task_new (NULL, health->cancellable, health_check_done_cb, health);
  g_main_context_pop_thread_default (health->context);
  g_task_set_source_tag (task, _pd_sqlite_start_health_check);
  /* Cancelled or not, the check's thread reports what it found, and
   * closing waits for that. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, health, NULL);
  g_task_run_in_thread (task, health_check_thread);
}

static void
health_wait (PdSqliteHealth *health)
{
  while (!health->done)
    g_main_context_iteration (health->context, TRUE);
}

/* Closing stops the check and waits for its thread. */
void
_pd_sqlite_stop_health_check (PdSqliteBackend *self)
{
  PdSqliteHealth *health = self->health;

  if (health == NULL)
    return;

  g_cancellable_cancel (health->cancellable);
  health_wait (health);
  g_clear_pointer (&self->health, health_free);
}

/* Before any write: TRUE once the full check has passed; a damaged file
 * is refused, and left as it is, from then on. */
gboolean
_pd_sqlite_wait_for_health (PdSqliteBackend  *self,
                            GError          **error)
{
  PdSqliteHealth *health = self->health;

  if (health == NULL)
    return TRUE;

  health_wait (health);
  if (health->problem == NULL)
    {
      g_clear_pointer (&self->health, health_free);
      return TRUE;
    }

  /* Not even the WAL goes into it when it is closed. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);

  if (health->rc == SQLITE_ROW || (health->rc & 0xff) == SQLITE_CORRUPT || (health->rc & 0xff) == SQLITE_NOTADB)
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                 _("%s is damaged (%s); it was left untouched"), self->path, health->problem);
  else
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                 _("Cannot read or write %s: %s"), self->path, health->problem);
  return FALSE;
}
