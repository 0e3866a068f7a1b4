/* pd-sqlite-backend.c: the ledger in one SQLite file: the connection,
 * its statements and transactions, and how other programs' writes are
 * noticed
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pd-ledger-paths.h"
#include "pd-sqlite-backend-private.h"

#define SELF(backend) ((PdSqliteBackend *) (backend))

static gboolean read_data_version (PdSqliteBackend *self,
                                   sqlite3_int64   *version);

/* Errors ------------------------------------------------------------- */

void
_pd_sqlite_set_error (PdSqliteBackend  *self,
                      int               rc,
                      GError          **error)
{
  const char *detail = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                   _("%s is not a healthy Paydesk database (%s); it was left untouched"),
                   self->path, detail);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_BUSY,
                   _("%s is in use by another program (%s)"), self->path, detail);
      break;

    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_FULL:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                   _("Cannot read or write %s: %s"), self->path, detail);
      break;

    default:
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_FAILED,
                   _("Database error in %s: %s"), self->path, detail);
    }
}

gboolean
_pd_sqlite_check_open (PdSqliteBackend  *self,
                       GError          **error)
{
  if (self->db != NULL)
    return TRUE;

  g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
               _("The database %s is closed"), self->path);
  return FALSE;
}

/* Statements --------------------------------------------------------- */

sqlite3_stmt *
_pd_sqlite_prepare (PdSqliteBackend  *self,
                    const char       *sql,
                    GError          **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _pd_sqlite_set_error (self, rc, error);
      return NULL;
    }

  return stmt;
}

/* A statement that every insert or result runs, prepared once for the
 * connection: preparing it again each time would take a quarter of the
 * time of writing a payment result. Release it with _pd_sqlite_release() after use, never
 * finalize it. @sql must live as long as the program (a literal, or SQL
 * from PD_LEDGER_DEFINE_CACHED_SQL()): statements are found by its address, as
 * hashing the longest of them would take 2 % of the poller's
 * instructions. */
sqlite3_stmt *
_pd_sqlite_prepare_cached (PdSqliteBackend  *self,
                           const char       *sql,
                           GError          **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _pd_sqlite_set_error (self, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

void
_pd_sqlite_release (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* Runs a cached statement that returns no rows, then releases it. */
gboolean
_pd_sqlite_step_done_cached (PdSqliteBackend  *self,
                             sqlite3_stmt     *stmt,
                             GError          **error)
{
  int rc = sqlite3_step (stmt);

  _pd_sqlite_release (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;

  _pd_sqlite_set_error (self, rc, error);
  return FALSE;
}

/* Runs a statement that returns no rows, then finalizes it. */
gboolean
_pd_sqlite_step_done (PdSqliteBackend  *self,
                      sqlite3_stmt     *stmt,
                      GError          **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;

  _pd_sqlite_set_error (self, rc, error);
  return FALSE;
}

gboolean
_pd_sqlite_exec (PdSqliteBackend  *self,
                 const char       *sql,
                 GError          **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc == SQLITE_OK)
    return TRUE;

  _pd_sqlite_set_error (self, rc, error);
  return FALSE;
}

/* A single statement run at every write (BEGIN, COMMIT, a pragma):
 * parsed once for the connection. */
static gboolean
exec_cached (PdSqliteBackend  *self,
             const char       *sql,
             GError          **error)
{
  sqlite3_stmt *stmt = _pd_sqlite_prepare_cached (self, sql, error);

  return stmt != NULL && _pd_sqlite_step_done_cached (self, stmt, error);
}

void
_pd_sqlite_bind_text (sqlite3_stmt *stmt,
                      int           index,
                      const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* The one integer that @sql returns. */
gboolean
_pd_sqlite_read_int64 (PdSqliteBackend  *self,
                       const char       *sql,
                       sqlite3_int64    *value,
                       GError          **error)
{
  sqlite3_stmt *stmt = _pd_sqlite_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    {
      _pd_sqlite_set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

/* Counts the commits of other connections (this one's are not). Read
 * before each commit of a watching store (own_events_are_alone()):
 * prepared once. */
static gboolean
read_data_version (PdSqliteBackend *self,
                   sqlite3_int64   *version)
{
  sqlite3_stmt *stmt = _pd_sqlite_prepare_cached (self, "PRAGMA data_version", NULL);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;

  ok = sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    *version = sqlite3_column_int64 (stmt, 0);
  _pd_sqlite_release (stmt);

  return ok;
}

/* Transactions ------------------------------------------------------- */

/* Sets how the next commits wait for the disk, unless they already do
 * so: a pragma that changes it runs when it is prepared, so SQLite
 * prepared it again at every answer, twice (3 % of the poller's
 * instructions in callgrind). */
static gboolean
set_relaxed (PdSqliteBackend  *self,
             gboolean          relaxed,
             GError          **error)
{
  if (self->relaxed == relaxed)
    return TRUE;

  if (!exec_cached (self, relaxed ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL", error))
    return FALSE;

  self->relaxed = relaxed;
  return TRUE;
}

/* IMMEDIATE takes the write lock at once, so a busy database fails here
 * (after busy_timeout) rather than half-way through.
 *
 * Every write but the poller's commits waiting for the disk
 * (synchronous = FULL). What the poller learns from MixPay (@relaxed) is
 * committed without waiting for the disk (synchronous = NORMAL). In WAL
 * mode such a commit is still atomic and survives a crash of Paydesk;
 * only a power cut or a system crash can take back the last few of them,
 * and then the poller simply asks MixPay again. What the merchant did
 * (orders, notes, cancellations) stays synchronous = FULL, and each such
 * commit also makes every earlier one durable. A sync on every answer
 * would make the poller wait for the disk each time and spend a large
 * share of its CPU there. The connection stays relaxed until the next
 * write that is not, so a run of answers switches only once. */
gboolean
_pd_sqlite_begin (PdSqliteBackend  *self,
                  gboolean          relaxed,
                  GError          **error)
{
  return _pd_sqlite_check_open (self, error) &&
         _pd_sqlite_wait_for_health (self, error) &&
         set_relaxed (self, relaxed, error) &&
         exec_cached (self, "BEGIN IMMEDIATE", error);
}

/* The folder is the ledger's path + PD_LEDGER_CHANGES_SUFFIX, and holds
 * one file: in a
 * folder of its own, so that watching it does not wake the watcher for
 * each write of the ledger, its log and its shared memory beside it. */
static char *
dup_marker_folder (PdSqliteBackend *self)
{
  return g_strconcat (self->path, PD_LEDGER_CHANGES_SUFFIX, NULL);
}

static char *
dup_marker_path (PdSqliteBackend *self)
{
  g_autofree char *folder = dup_marker_folder (self);

  return g_build_filename (folder, PD_LEDGER_CHANGES_STAMP, NULL);
}

/* Tells a watching Paydesk that this program wrote the ledger. Best
 * effort: without it, that Paydesk shows the change when it next writes
 * the order. */
static void
touch_marker (PdSqliteBackend *self)
{
  if (self->monitor != NULL)
    return;

  if (self->marker_fd < 0)
    {
      g_autofree char *folder = dup_marker_folder (self);
      g_autofree char *marker = dup_marker_path (self);

      g_mkdir (folder, 0700);
      self->marker_fd = g_open (marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
      if (self->marker_fd < 0)
        return;
    }

  futimens (self->marker_fd, NULL);
}

/* Before the commit of events of this connection's own: when no other
 * program has committed since the last refresh (PRAGMA data_version has
 * not moved), every event after the last one seen is this connection's,
 * and the next refresh may start after them. Without this, the first
 * write by paydesk-cli after a long day read again every order the app's
 * own poller had changed. Only a watching store refreshes.
 *
 * Read inside the transaction, which has written and so holds the write
 * lock: no other connection can commit until it ends, and this
 * connection's own commit leaves data_version as it is. Read after the
 * COMMIT, it would need a read transaction of its own: four more file
 * locks on every answer from MixPay. */
static gboolean
own_events_are_alone (PdSqliteBackend *self)
{
  sqlite3_int64 version;

  return self->monitor != NULL &&
         self->own_event_id > self->seen_event_id &&
         read_data_version (self, &version) &&
         version == self->seen_data_version;
}

gboolean
_pd_sqlite_commit (PdSqliteBackend  *self,
                   GError          **error)
{
  gboolean skip_own_events = own_events_are_alone (self);
  sqlite3_int64 own = self->own_event_id;

  self->own_event_id = 0;
  if (exec_cached (self, "COMMIT", error))
    {
      touch_marker (self);
      if (skip_own_events)
        self->seen_event_id = own;
      return TRUE;
    }

  /* A failed COMMIT may leave the transaction open. */
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

  return FALSE;
}

void
_pd_sqlite_rollback (PdSqliteBackend *self)
{
  /* Its events are gone, and their ids may be another program's next. */
  self->own_event_id = 0;
  if (self->db != NULL && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Changes by other programs ------------------------------------------ */

/* The stamp of the rows: this connection's changes and every other
 * connection's commits (PRAGMA data_version). */
static gboolean
sqlite_read_stamp (PdLedgerBackend *backend,
                   PdLedgerStamp   *stamp)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_int64 version = 0;

  /* Read before the rows: a commit in between only makes what was read
   * look older than it is, never newer. */
  stamp->a = sqlite3_total_changes64 (self->db);
  stamp->valid = read_data_version (self, &version);
  stamp->b = version;
  return stamp->valid;
}

static gboolean
sqlite_stamp_is_current (PdLedgerBackend     *backend,
                         const PdLedgerStamp *stamp)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_int64 version;

  return stamp->valid &&
         sqlite3_total_changes64 (self->db) == stamp->a &&
         read_data_version (self, &version) &&
         version == stamp->b;
}

static gboolean
read_last_event_id (PdSqliteBackend  *self,
                    sqlite3_int64    *id,
                    GError          **error)
{
  return _pd_sqlite_read_int64 (self, "SELECT COALESCE (MAX (id), 0) FROM order_events", id, error);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 value_a = *(const gint64 *)a;
  gint64 value_b = *(const gint64 *)b;

  return value_a < value_b ? -1 : value_a > value_b;
}

/* The orders with an event after @after, each once; @last: the last
 * event. Every write of an order but its poll schedule adds an event. */
static GArray *
orders_with_events_after (PdSqliteBackend  *self,
                          sqlite3_int64     after,
                          sqlite3_int64    *last,
                          GError          **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  guint n_unique = 0;
  int rc;

  stmt = _pd_sqlite_prepare_cached (self, "SELECT id, order_ref FROM order_events WHERE id > ? ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, after);
  *last = after;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 order_ref = sqlite3_column_int64 (stmt, 1);

      *last = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, order_ref);
    }
  _pd_sqlite_release (stmt);

  if (rc != SQLITE_DONE)
    {
      _pd_sqlite_set_error (self, rc, error);
      return NULL;
    }

  g_array_sort (ids, compare_int64);
  for (guint i = 0; i < ids->len; i++)
    if (i == 0 || g_array_index (ids, gint64, i) != g_array_index (ids, gint64, n_unique - 1))
      g_array_index (ids, gint64, n_unique++) = g_array_index (ids, gint64, i);
  g_array_set_size (ids, n_unique);

  return g_steal_pointer (&ids);
}

/* The orders other connections changed since mark_seen(); @mark: the
 * last event read and the data_version then. Cheap when nothing changed
 * elsewhere: this connection's own commits leave data_version alone. */
static gboolean
sqlite_read_changes (PdLedgerBackend  *backend,
                     GArray          **ids,
                     PdLedgerStamp    *mark,
                     GError          **error)
{
  PdSqliteBackend *self = SELF (backend);
  sqlite3_int64 version = 0;
  sqlite3_int64 last;
  gboolean versioned;

  *ids = NULL;
  versioned = read_data_version (self, &version);
  if (versioned && version == self->seen_data_version)
    return TRUE;

  *ids = orders_with_events_after (self, self->seen_event_id, &last, error);
  if (*ids == NULL)
    return FALSE;

  mark->a = last;
  mark->b = version;
  mark->valid = versioned;
  return TRUE;
}

static void
sqlite_mark_seen (PdLedgerBackend     *backend,
                  const PdLedgerStamp *mark)
{
  PdSqliteBackend *self = SELF (backend);

  self->seen_event_id = mark->a;
  if (mark->valid)
    self->seen_data_version = mark->b;
}

static void
marker_changed_cb (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other_file,
                   GFileMonitorEvent  event,
                   PdSqliteBackend   *self)
{
  self->changed (self->changed_data);
}

/* Every backend that does not watch touches a file in a folder beside
 * the ledger (its path + PD_LEDGER_CHANGES_SUFFIX) after each commit, and
 * the watching one watches that file: not the write-ahead log, which its
 * own poller writes every second or so. The log, and every file in the
 * ledger's folder, changes with each of those writes, so watching them
 * would wake the app for changes it made itself. No timer, no wake-up
 * while nothing is written. */
static void
sqlite_watch (PdLedgerBackend *backend,
              GSourceFunc      changed,
              gpointer         data)
{
  PdSqliteBackend *self = SELF (backend);
  g_autofree char *marker_folder = NULL;
  g_autofree char *marker_path = NULL;
  g_autoptr(GFile) marker = NULL;
  g_autoptr(GError) error = NULL;

  if (self->monitor != NULL || self->db == NULL)
    return;

  /* Made now: watching a folder that is not there yet means watching
   * the ledger's own. */
  marker_folder = dup_marker_folder (self);
  g_mkdir (marker_folder, 0700);
  marker_path = dup_marker_path (self);
  marker = g_file_new_for_path (marker_path);
  self->monitor = g_file_monitor_file (marker, G_FILE_MONITOR_NONE, NULL, &error);
  if (self->monitor == NULL)
    {
      g_message ("Cannot watch %s for other programs’ changes: %s", marker_path, error->message);
      return;
    }

  self->changed = changed;
  self->changed_data = data;
  g_signal_connect (self->monitor, "changed", G_CALLBACK (marker_changed_cb), self);
}

/* Opening ------------------------------------------------------------ */

static gboolean
configure_connection (PdSqliteBackend  *self,
                      GError          **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *mode = NULL;
  int rc;

  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                   _("Cannot write %s: the file is read-only"), self->path);
      return FALSE;
    }

  stmt = _pd_sqlite_prepare (self, "PRAGMA journal_mode = WAL", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    mode = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    {
      _pd_sqlite_set_error (self, rc, error);
      return FALSE;
    }

  if (g_strcmp0 (mode, "wal") != 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                   _("Cannot use write-ahead logging for %s (journal mode %s)"),
                   self->path, mode);
      return FALSE;
    }

  return _pd_sqlite_exec (self, "PRAGMA synchronous = FULL", error) &&
         _pd_sqlite_exec (self, "PRAGMA foreign_keys = ON", error);
}

static gboolean
prepare_folder (const char  *path,
                GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                   _("Cannot create the folder %s: %s"), folder, g_strerror (saved_errno));
      return FALSE;
    }

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                   _("Cannot open %s: it is a folder"), path);
      return FALSE;
    }

  return TRUE;
}

static void
sqlite_close (PdLedgerBackend *backend)
{
  PdSqliteBackend *self = SELF (backend);

  _pd_sqlite_stop_health_check (self);
  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);
  if (self->marker_fd >= 0)
    {
      close (self->marker_fd);
      self->marker_fd = -1;
    }
  g_hash_table_remove_all (self->statements);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
}

static void
sqlite_free (PdLedgerBackend *backend)
{
  PdSqliteBackend *self = SELF (backend);

  sqlite_close (backend);
  g_clear_pointer (&self->loader, _pd_order_loader_free);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_free (self);
}

static int
sqlite_get_schema_version (PdLedgerBackend *backend)
{
  return SELF (backend)->schema_version;
}

static gboolean
sqlite_check_open (PdLedgerBackend  *backend,
                   GError          **error)
{
  return _pd_sqlite_check_open (SELF (backend), error);
}

static gboolean
sqlite_begin (PdLedgerBackend  *backend,
              gboolean          relaxed,
              GError          **error)
{
  return _pd_sqlite_begin (SELF (backend), relaxed, error);
}

static gboolean
sqlite_commit (PdLedgerBackend  *backend,
               GError          **error)
{
  return _pd_sqlite_commit (SELF (backend), error);
}

static void
sqlite_rollback (PdLedgerBackend *backend)
{
  _pd_sqlite_rollback (SELF (backend));
}

static const PdLedgerBackendVTable sqlite_vtable = {
  .close = sqlite_close,
  .free = sqlite_free,
  .get_schema_version = sqlite_get_schema_version,
  .check_open = sqlite_check_open,
  .begin = sqlite_begin,
  .commit = sqlite_commit,
  .rollback = sqlite_rollback,
  .insert_orders = _pd_sqlite_insert_orders,
  .insert_imported = _pd_sqlite_insert_imported,
  .update_order = _pd_sqlite_update_order,
  .record_check = _pd_sqlite_record_check,
  .append_event = _pd_sqlite_append_event,
  .set_asset_list = _pd_sqlite_set_asset_list,
  .read_state = _pd_sqlite_read_state,
  .read_again = _pd_sqlite_read_again,
  .lookup_by_key = _pd_sqlite_lookup_by_key,
  .lookup_by_id = _pd_sqlite_lookup_by_id,
  .find_by_order_id = _pd_sqlite_find_by_order_id,
  .list_all = _pd_sqlite_list_all,
  .list_due = _pd_sqlite_list_due,
  .get_next_check_at = _pd_sqlite_get_next_check_at,
  .list_events = _pd_sqlite_list_events,
  .get_asset_list = _pd_sqlite_get_asset_list,
  .read_stamp = sqlite_read_stamp,
  .stamp_is_current = sqlite_stamp_is_current,
  .read_changes = sqlite_read_changes,
  .mark_seen = sqlite_mark_seen,
  .watch = sqlite_watch,
};

/**
 * pd_sqlite_backend_open:
 * @path: the database file
 * @map: the store's objects, which rows are read into
 *
 * Opens the ledger, creating it when missing, and upgrades its schema.
 * A corrupt, unreadable, read-only or newer file is refused with an error
 * and left exactly as it was. When opening writes nothing (a WAL file at
 * this schema), only the header, schema and first rows are checked here
 * and the full check runs in the background: no write starts before it
 * has passed, and every write of a file it finds damaged fails with
 * %PD_STORE_ERROR_CORRUPT.
 *
 * Returns: (transfer full): the backend, or %NULL and @error
 */
PdLedgerBackend *
pd_sqlite_backend_open (const char              *path,
                        const PdLedgerOrderMap  *map,
                        GError                 **error)
{
  static gsize checked = 0;
  g_autoptr(PdLedgerBackend) backend = NULL;
  PdSqliteBackend *self;
  gboolean deferred;
  int rc;

  if (g_once_init_enter (&checked))
    {
      _pd_sqlite_check_open_states ();
      g_once_init_leave (&checked, 1);
    }

  self = g_new0 (PdSqliteBackend, 1);
  backend = &self->parent;
  self->parent.vtable = &sqlite_vtable;
  self->path = g_strdup (path);
  self->map = *map;
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) sqlite3_finalize);
  self->marker_fd = -1;

  if (!prepare_folder (self->path, error))
    return NULL;

  /* A PdStore is used by one thread at a time (the app opens it in a
   * thread, then hands it to the main thread), so the connection needs
   * no mutex of its own, which around every sqlite3_column_*() call
   * would add a sixth to the time it takes to read 100,000 orders. */
  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      _pd_sqlite_set_error (self, rc, error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, PD_SQLITE_BUSY_TIMEOUT_MS);

  if (!_pd_sqlite_check_version (self, error))
    return NULL;

  /* Nothing is written before the file is known to be healthy: either
   * now, or, when opening writes nothing, before the first write. */
  deferred = _pd_sqlite_opens_without_writing (self);
  if (deferred ? !_pd_sqlite_probe_health (self, error) : !_pd_sqlite_check_health (self, error))
    return NULL;

  if (!configure_connection (self, error) ||
      !_pd_sqlite_migrate (self, error))
    return NULL;

  if (deferred)
    _pd_sqlite_start_health_check (self);

  if (!read_last_event_id (self, &self->seen_event_id, error) ||
      !read_data_version (self, &self->seen_data_version))
    return NULL;

  return g_steal_pointer (&backend);
}
