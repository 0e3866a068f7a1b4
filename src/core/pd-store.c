/* pd-store.c: the order ledger, one SQLite file
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>

#include "pd-clock.h"
#include "pd-order-private.h"
#include "pd-paylink.h"
#include "pd-store.h"

#define BUSY_TIMEOUT_MS 5000

struct _PdStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  int         schema_version;
  /* Where "now" comes from; NULL: the system's wall clock. */
  PdClock    *clock;
  /* Row id → PdOrder (owned): the one object of each loaded order. */
  GHashTable *orders;
  /* Fills the orders read from rows: made once, see order_loader_new(). */
  PdOrderLoader *loader;
  /* Lowercased asset ID → symbol; see pd_store_set_quote_symbols(). */
  GHashTable *quote_symbols;
  /* SQL (by address) → sqlite3_stmt of the statements every write runs,
   * prepared once. */
  GHashTable *statements;
  /* The full check still running or failed; NULL once it passed. */
  struct _HealthCheck *health;
  /* The connection commits with synchronous = NORMAL: see
   * transaction_begin_relaxed(). */
  gboolean    relaxed;
  /* The last pd_store_list_orders(), and the ledger's state before it:
   * the app lists every order in its loading thread, then the orders
   * view lists them again on the main thread, which must not step
   * through 100,000 rows a second time when nothing changed: that
   * second listing takes this array. */
  GPtrArray     *listing;
  sqlite3_int64  listing_changes;       /* sqlite3_total_changes64() */
  sqlite3_int64  listing_data_version;  /* PRAGMA data_version */
  /* pd_store_refresh(): the last event it has seen, and the ledger's
   * state then; pd_store_watch(): the monitor of the marker file, and
   * the refresh it has queued. */
  sqlite3_int64  seen_event_id;
  sqlite3_int64  seen_data_version;
  /* The last event this connection wrote in the open transaction, or
   * 0: see own_events_are_alone(). */
  sqlite3_int64  own_event_id;
  GFileMonitor  *monitor;
  guint          refresh_id;
  /* The file a store that does not watch touches after each commit
   * (see pd_store_watch()), kept open; -1 until the first commit. */
  int            marker_fd;
};

G_DEFINE_FINAL_TYPE (PdStore, pd_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (pd-store-error-quark, pd_store_error)
G_DEFINE_BOXED_TYPE (PdOrderEvent, pd_order_event, pd_order_event_copy, pd_order_event_free)

enum {
  ORDER_ADDED,
  ORDER_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean wait_for_health (PdStore  *self,
                                 GError  **error);
static gboolean read_data_version (PdStore       *self,
                                   sqlite3_int64 *version);
static gboolean read_last_event_id (PdStore       *self,
                                    sqlite3_int64 *id,
                                    GError       **error);

/* The states pd_order_state_is_settled() calls open, as an SQL condition.
 * The due queries must spell it exactly as the partial index of schema 3
 * does, or SQLite will not use the index; pd_store_class_init() checks it
 * against pd_order_state_is_settled(). Comparisons joined by OR, not
 * "state IN (…)": SQLite tests a list of more than two values against a
 * temporary table that it builds, twice on every UPDATE of a watched
 * order (for the old row and the new). */
#define OPEN_STATE_SQL \
  "(state = 'unpaid' OR state = 'confirming' OR state = 'paid_less'" \
  " OR state = 'pending' OR state = 'auditing' OR state = 'unknown')"

/* Forward migrations: migrations[i] turns schema version i into i + 1.
 * Never edit a step once released; add a new one. */
static const char * const migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE orders ("
  "  id INTEGER PRIMARY KEY,"
  "  order_id TEXT NOT NULL,"
  "  payee_id TEXT NOT NULL,"
  "  settlement_asset_id TEXT NOT NULL,"
  "  quote_asset_id TEXT NOT NULL,"
  "  quote_symbol TEXT,"
  "  quote_amount TEXT NOT NULL,"
  "  return_to TEXT,"
  "  remark TEXT,"
  "  note TEXT,"
  "  link_kind TEXT NOT NULL DEFAULT 'paylink',"
  "  link TEXT,"
  "  trace_id TEXT,"
  "  expires_at INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  last_checked_at INTEGER NOT NULL DEFAULT 0,"
  "  next_check_at INTEGER NOT NULL DEFAULT 0,"
  "  state TEXT NOT NULL,"
  "  cancel_reason TEXT,"
  "  cancelled_at INTEGER NOT NULL DEFAULT 0,"
  "  mixpay_status TEXT,"
  "  payment_amount TEXT,"
  "  payment_symbol TEXT,"
  "  payable_amount TEXT,"
  "  payable_symbol TEXT,"
  "  confirmations INTEGER NOT NULL DEFAULT -1,"
  "  txid TEXT,"
  "  explorer_url TEXT,"
  "  failure_code TEXT,"
  "  failure_reason TEXT,"
  "  surplus_amount TEXT,"
  "  surplus_status TEXT,"
  "  settle_status TEXT,"
  "  settle_amount TEXT,"
  "  settle_symbol TEXT,"
  "  paid_at INTEGER NOT NULL DEFAULT 0,"
  "  mismatch TEXT,"
  "  UNIQUE (payee_id, order_id)"
  ");"
  "CREATE INDEX orders_by_order_id ON orders (order_id);"
  "CREATE INDEX orders_by_created_at ON orders (created_at);"
  "CREATE INDEX orders_by_next_check_at ON orders (next_check_at);"
  "CREATE TABLE order_events ("
  "  id INTEGER PRIMARY KEY,"
  "  order_ref INTEGER NOT NULL REFERENCES orders (id) ON DELETE RESTRICT,"
  "  time INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  message TEXT,"
  "  raw_json TEXT"
  ");"
  "CREATE INDEX order_events_by_order ON order_events (order_ref, id);"
  /* The history is append-only: the database itself refuses edits. */
  "CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events"
  "  BEGIN SELECT RAISE (ABORT, 'order_events is append-only'); END;"
  "CREATE TRIGGER order_events_no_delete BEFORE DELETE ON order_events"
  "  BEGIN SELECT RAISE (ABORT, 'order_events is append-only'); END;"
  "CREATE TABLE asset_cache ("
  "  kind TEXT PRIMARY KEY,"
  "  json TEXT NOT NULL,"
  "  fetched_at INTEGER NOT NULL"
  ");",

  /* 1 → 2: the poller's two questions (which order is due, and when the
   * next one is) walked every settled order, whose next_check_at stays 0:
   * 60 ms a request with 100,000 orders. These partial indexes hold only
   * the orders still watched. */
  "DROP INDEX orders_by_next_check_at;"
  "CREATE INDEX orders_open_by_next_check ON orders (next_check_at, id)"
  "  WHERE state IN ('unpaid', 'confirming', 'paid_less', 'pending', 'auditing', 'unknown');"
  "CREATE INDEX orders_cancelled_by_time ON orders (cancelled_at)"
  "  WHERE state = 'cancelled';",

  /* 2 → 3: the same index, its condition without IN (see OPEN_STATE_SQL):
   * each answer from MixPay wrote through two temporary tables. */
  "DROP INDEX orders_open_by_next_check;"
  "CREATE INDEX orders_open_by_next_check ON orders (next_check_at, id)"
  "  WHERE " OPEN_STATE_SQL ";",

  /* 3 → 4: a count of the writes of each order, so that a program never
   * writes over what another one wrote since it read the order (see
   * write_order()). */
  "ALTER TABLE orders ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == PD_STORE_SCHEMA_VERSION);

/* The order columns that map one to one onto a string or time property,
 * read and written through the accessors (fast enough for 100,000 rows,
 * unlike g_object_set() by name). The first two are the key and never
 * change after insertion. */
typedef struct
{
  const char  *column;
  const char *(*get) (PdOrder *order);
  void        (*set) (PdOrder *order, const char *value);
} StringColumn;

typedef struct
{
  const char *column;
  gint64    (*get) (PdOrder *order);
  void      (*set) (PdOrder *order, gint64 value);
} TimeColumn;

#define N_KEY_COLUMNS 2

static const StringColumn string_columns[] = {
  { "order_id", pd_order_get_order_id, pd_order_set_order_id },
  { "payee_id", pd_order_get_payee_id, pd_order_set_payee_id },
  { "settlement_asset_id", pd_order_get_settlement_asset_id, pd_order_set_settlement_asset_id },
  { "quote_asset_id", pd_order_get_quote_asset_id, pd_order_set_quote_asset_id },
  { "quote_symbol", pd_order_get_quote_symbol, pd_order_set_quote_symbol },
  { "quote_amount", pd_order_get_quote_amount, pd_order_set_quote_amount },
  { "return_to", pd_order_get_return_to, pd_order_set_return_to },
  { "remark", pd_order_get_remark, pd_order_set_remark },
  { "note", pd_order_get_note, pd_order_set_note },
  { "link", pd_order_get_link, pd_order_set_link },
  { "trace_id", pd_order_get_trace_id, pd_order_set_trace_id },
  { "cancel_reason", pd_order_get_cancel_reason, pd_order_set_cancel_reason },
  { "mixpay_status", pd_order_get_mixpay_status, pd_order_set_mixpay_status },
  { "payment_amount", pd_order_get_payment_amount, pd_order_set_payment_amount },
  { "payment_symbol", pd_order_get_payment_symbol, pd_order_set_payment_symbol },
  { "payable_amount", pd_order_get_payable_amount, pd_order_set_payable_amount },
  { "payable_symbol", pd_order_get_payable_symbol, pd_order_set_payable_symbol },
  { "txid", pd_order_get_txid, pd_order_set_txid },
  { "explorer_url", pd_order_get_explorer_url, pd_order_set_explorer_url },
  { "failure_code", pd_order_get_failure_code, pd_order_set_failure_code },
  { "failure_reason", pd_order_get_failure_reason, pd_order_set_failure_reason },
  { "surplus_amount", pd_order_get_surplus_amount, pd_order_set_surplus_amount },
  { "surplus_status", pd_order_get_surplus_status, pd_order_set_surplus_status },
  { "settle_status", pd_order_get_settle_status, pd_order_set_settle_status },
  { "settle_amount", pd_order_get_settle_amount, pd_order_set_settle_amount },
  { "settle_symbol", pd_order_get_settle_symbol, pd_order_set_settle_symbol },
};

static const TimeColumn time_columns[] = {
  { "created_at", pd_order_get_created_at, pd_order_set_created_at },
  { "expires_at", pd_order_get_expires_at, pd_order_set_expires_at },
  { "updated_at", pd_order_get_updated_at, pd_order_set_updated_at },
  { "last_checked_at", pd_order_get_last_checked_at, pd_order_set_last_checked_at },
  { "next_check_at", pd_order_get_next_check_at, pd_order_set_next_check_at },
  { "cancelled_at", pd_order_get_cancelled_at, pd_order_set_cancelled_at },
  { "paid_at", pd_order_get_paid_at, pd_order_set_paid_at },
};

/* created_at never changes either. */
#define N_FIXED_TIME_COLUMNS 1

/* created_at's column in a row of select_columns_sql(): after the id and
 * the strings, the first of time_columns. */
#define CREATED_AT_COLUMN ((int)G_N_ELEMENTS (string_columns) + 1)

/* Parameters of created_at and updated_at in insert_sql(). */
#define CREATED_AT_PARAM ((int)G_N_ELEMENTS (string_columns) + 1)
#define UPDATED_AT_PARAM ((int)G_N_ELEMENTS (string_columns) + 3)

/* The remaining columns, after the string and time ones, in this order. */
static const char * const other_columns[] = {
  "state", "link_kind", "confirmations", "mismatch",
};

static const char * const event_kind_names[] = {
  [PD_ORDER_EVENT_CREATED] = "created",
  [PD_ORDER_EVENT_UPDATED] = "updated",
  [PD_ORDER_EVENT_STATE_CHANGED] = "state-changed",
  [PD_ORDER_EVENT_CHECK_ERROR] = "check-error",
  [PD_ORDER_EVENT_CANCELLED] = "cancelled",
  [PD_ORDER_EVENT_NOTE] = "note",
};

G_STATIC_ASSERT (G_N_ELEMENTS (event_kind_names) == PD_ORDER_EVENT_KIND_LAST + 1);

static const char * const asset_list_names[] = {
  [PD_ASSET_LIST_QUOTE] = "quote",
  [PD_ASSET_LIST_SETTLEMENT] = "settlement",
};

const char *
pd_order_event_kind_to_string (PdOrderEventKind kind)
{
  g_return_val_if_fail (kind <= PD_ORDER_EVENT_KIND_LAST, "updated");

  return event_kind_names[kind];
}

gboolean
pd_order_event_kind_from_string (const char       *name,
                                 PdOrderEventKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (event_kind_names); i++)
    {
      if (strcmp (name, event_kind_names[i]) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }

  return FALSE;
}

PdOrderEvent *
pd_order_event_copy (const PdOrderEvent *event)
{
  PdOrderEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_memdup2 (event, sizeof *event);
  copy->message = g_strdup (event->message);
  copy->raw_json = g_strdup (event->raw_json);

  return copy;
}

void
pd_order_event_free (PdOrderEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->message);
  g_free (event->raw_json);
  g_free (event);
}

static gint64
now_seconds (PdStore *self)
{
  if (self->clock != NULL)
    return pd_clock_get_now (self->clock) / G_USEC_PER_SEC;

  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Errors ------------------------------------------------------------- */

static void
set_sqlite_error (PdStore     *self,
                  int          rc,
                  GError     **error)
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

static gboolean
check_open (PdStore  *self,
            GError  **error)
{
  if (self->db != NULL)
    return TRUE;

  g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
               _("The database %s is closed"), self->path);
  return FALSE;
}

/* Statements --------------------------------------------------------- */

static sqlite3_stmt *
prepare (PdStore     *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  return stmt;
}

/* A statement that every insert or result runs, prepared once for the
 * connection: preparing it again each time took a quarter of the time of
 * writing a payment result. Release it with release() after use, never
 * finalize it. @sql must live as long as the program (a literal, or SQL
 * from DEFINE_CACHED_SQL()): statements are found by its address, as
 * hashing the longest of them took 2 % of the poller's instructions. */
static sqlite3_stmt *
prepare_cached (PdStore     *self,
                const char  *sql,
                GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

static void
release (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* Runs a cached statement that returns no rows, then releases it. */
static gboolean
step_done_cached (PdStore       *self,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  int rc = sqlite3_step (stmt);

  release (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;

  set_sqlite_error (self, rc, error);
  return FALSE;
}

/* Runs a statement that returns no rows, then finalizes it. */
static gboolean
step_done (PdStore       *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;

  set_sqlite_error (self, rc, error);
  return FALSE;
}

static gboolean
exec (PdStore     *self,
      const char  *sql,
      GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc == SQLITE_OK)
    return TRUE;

  set_sqlite_error (self, rc, error);
  return FALSE;
}

/* A single statement run at every write (BEGIN, COMMIT, a pragma):
 * parsed once for the connection. */
static gboolean
exec_cached (PdStore     *self,
             const char  *sql,
             GError     **error)
{
  sqlite3_stmt *stmt = prepare_cached (self, sql, error);

  return stmt != NULL && step_done_cached (self, stmt, error);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* Transactions ------------------------------------------------------- */

/* Sets how the next commits wait for the disk, unless they already do
 * so: a pragma that changes it runs when it is prepared, so SQLite
 * prepared it again at every answer, twice (3 % of the poller's
 * instructions in callgrind). */
static gboolean
set_relaxed (PdStore   *self,
             gboolean   relaxed,
             GError   **error)
{
  if (self->relaxed == relaxed)
    return TRUE;

  if (!exec_cached (self, relaxed ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL", error))
    return FALSE;

  self->relaxed = relaxed;
  return TRUE;
}

/* IMMEDIATE takes the write lock at once, so a busy database fails here
 * (after busy_timeout) rather than half-way through. */
static gboolean
begin_immediate (PdStore   *self,
                 gboolean   relaxed,
                 GError   **error)
{
  return check_open (self, error) &&
         wait_for_health (self, error) &&
         set_relaxed (self, relaxed, error) &&
         exec_cached (self, "BEGIN IMMEDIATE", error);
}

/* Every write: its commit waits for the disk (synchronous = FULL). */
static gboolean
transaction_begin (PdStore  *self,
                   GError  **error)
{
  return begin_immediate (self, FALSE, error);
}

/* For what the poller learns from MixPay: committed without waiting for
 * the disk (synchronous = NORMAL). In WAL mode such a commit is still
 * atomic and survives a crash of Paydesk; only a power cut or a system
 * crash can take back the last few of them, and then the poller simply
 * asks MixPay again. What the merchant did (orders, notes,
 * cancellations) stays synchronous = FULL, and each such commit also
 * makes every earlier one durable. The commit with its sync was a fifth
 * of the poller's CPU samples (perf on tests/bench), and each answer
 * waited for the disk. The connection stays relaxed until the next
 * transaction_begin(), so a run of answers switches only once. */
static gboolean
transaction_begin_relaxed (PdStore  *self,
                           GError  **error)
{
  return begin_immediate (self, TRUE, error);
}

/* The folder is the ledger's path + "-changes", and holds one file: in a
 * folder of its own, so that watching it does not wake the watcher for
 * each write of the ledger, its log and its shared memory beside it. */
static char *
dup_marker_folder (PdStore *self)
{
  return g_strconcat (self->path, "-changes", NULL);
}

static char *
dup_marker_path (PdStore *self)
{
  g_autofree char *folder = dup_marker_folder (self);

  return g_build_filename (folder, "stamp", NULL);
}

/* Tells a watching Paydesk that this program wrote the ledger. Best
 * effort: without it, that Paydesk shows the change when it next writes
 * the order. */
static void
touch_marker (PdStore *self)
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
 * COMMIT, the same answer cost a read transaction of its own, four more
 * file locks on every answer from MixPay (strace of tests/bench). */
static gboolean
own_events_are_alone (PdStore *self)
{
  sqlite3_int64 version;

  return self->monitor != NULL &&
         self->own_event_id > self->seen_event_id &&
         read_data_version (self, &version) &&
         version == self->seen_data_version;
}

static gboolean
transaction_commit (PdStore  *self,
                    GError  **error)
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

static void
transaction_rollback (PdStore *self)
{
  /* Its events are gone, and their ids may be another program's next. */
  self->own_event_id = 0;
  if (self->db != NULL && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Orders and rows ---------------------------------------------------- */

static char *
build_select_columns_sql (void)
{
  GString *sql = g_string_new ("SELECT id");

  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++)
    g_string_append_printf (sql, ", %s", string_columns[i].column);
  for (guint i = 0; i < G_N_ELEMENTS (time_columns); i++)
    g_string_append_printf (sql, ", %s", time_columns[i].column);
  for (guint i = 0; i < G_N_ELEMENTS (other_columns); i++)
    g_string_append_printf (sql, ", %s", other_columns[i]);
  g_string_append (sql, ", revision FROM orders ");

  return g_string_free (sql, FALSE);
}

static char *
join_mismatch (PdOrder *order)
{
  const char * const *fields = pd_order_get_mismatch (order);

  /* Field names are identifiers such as "payeeId": no commas in them. */
  return fields != NULL ? g_strjoinv (",", (char **)fields) : NULL;
}

/* Copies the columns of a row of select_columns_sql() after its strings
 * into @order, from column @col on. */
static void
order_read_other_columns (PdOrder      *order,
                          sqlite3_stmt *stmt,
                          int           col)
{
  PdOrderState state = PD_ORDER_STATE_UNKNOWN;
  PdOrderLinkKind link_kind = PD_ORDER_LINK_KIND_PAYLINK;
  const char *mismatch;

  for (guint i = 0; i < G_N_ELEMENTS (time_columns); i++, col++)
    time_columns[i].set (order, sqlite3_column_int64 (stmt, col));

  /* A state name this build does not know reads as unknown: still open,
   * never shown as paid. */
  pd_order_state_from_string ((const char *)sqlite3_column_text (stmt, col++), &state);
  pd_order_set_state (order, state);
  pd_order_link_kind_from_string ((const char *)sqlite3_column_text (stmt, col++), &link_kind);
  pd_order_set_link_kind (order, link_kind);
  pd_order_set_confirmations (order, sqlite3_column_int (stmt, col++));

  mismatch = (const char *)sqlite3_column_text (stmt, col++);
  if (mismatch != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (mismatch, ",", -1);
      pd_order_set_mismatch (order, (const char * const *)fields);
    }
  else
    {
      pd_order_set_mismatch (order, NULL);
    }

  _pd_order_set_revision (order, sqlite3_column_int64 (stmt, col++));
}

/* Copies a row of select_columns_sql() into @order, through the setters:
 * only the properties that differ notify (the caller freezes them). */
static void
order_read_row (PdOrder      *order,
                sqlite3_stmt *stmt)
{
  int col = 1;

  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++, col++)
    string_columns[i].set (order, (const char *)sqlite3_column_text (stmt, col));
  order_read_other_columns (order, stmt, col);
}

/* Gives @order the symbol of its quote asset when it was recorded
 * without one; see pd_store_set_quote_symbols(). */
static void
name_quote_asset (PdStore *self,
                  PdOrder *order)
{
  const char *symbol = pd_order_get_quote_symbol (order);
  const char *asset_id = pd_order_get_quote_asset_id (order);
  g_autofree char *key = NULL;

  if (self->quote_symbols == NULL || (symbol != NULL && symbol[0] != '\0') || asset_id == NULL)
    return;

  key = g_ascii_strdown (asset_id, -1);
  symbol = g_hash_table_lookup (self->quote_symbols, key);
  if (symbol != NULL)
    pd_order_set_quote_symbol (order, symbol);
}

/* A loader of string_columns, by the names of their properties. */
static PdOrderLoader *
order_loader_new (void)
{
  const char *names[G_N_ELEMENTS (string_columns) + 1] = { NULL };
  char property[64];

  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++)
    {
      g_strlcpy (property, string_columns[i].column, sizeof property);
      g_strdelimit (property, "_", '-');
      names[i] = g_intern_string (property);
    }

  return _pd_order_loader_new (names);
}

/* The one object of the row @stmt is on: the known one, or a new one. */
static PdOrder *
order_from_row (PdStore      *self,
                sqlite3_stmt *stmt)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);
  PdOrder *order = g_hash_table_lookup (self->orders, &id);
  const char *strings[G_N_ELEMENTS (string_columns)];

  /* A known object already holds what is stored (every write goes
   * through it), so it is not read again. */
  if (order != NULL)
    return g_object_ref (order);

  /* Text read from a row stays valid until the next step. */
  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++)
    strings[i] = (const char *)sqlite3_column_text (stmt, i + 1);

  if (self->loader == NULL)
    self->loader = order_loader_new ();

  order = pd_order_new ();
  _pd_order_begin_load (order);
  _pd_order_loader_set_strings (self->loader, order, strings);
  order_read_other_columns (order, stmt, G_N_ELEMENTS (string_columns) + 1);
  _pd_order_set_id (order, id);
  name_quote_asset (self, order);
  _pd_order_end_load (order);
  g_hash_table_insert (self->orders, g_memdup2 (&id, sizeof id), g_object_ref (order));

  return order;
}

/* Search keys are made as the rows are read, while their text is still
 * in the cache, and in the thread that loads the ledger: made on the
 * first search instead, the keys of 100,000 orders held up that keystroke
 * for tens of milliseconds. A batch at a time, so that the keys of
 * neighbouring orders lie together and a search through all of them
 * reads memory in order. */
#define SEARCH_KEY_BATCH 256

static void
make_search_keys (GPtrArray *orders,
                  guint     *keyed)
{
  for (; *keyed < orders->len; (*keyed)++)
    pd_order_get_search_key (g_ptr_array_index (orders, *keyed));
}

/* Steps through a query of select_columns_sql() + @where, whose
 * parameters the caller bound, and collects the orders; the caller
 * finalizes or releases @stmt. */
static GPtrArray *
read_orders_full (PdStore       *self,
                  sqlite3_stmt  *stmt,
                  GArray        *created_at,
                  GError       **error)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  guint keyed = 0;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (orders, order_from_row (self, stmt));
      if (created_at != NULL)
        {
          gint64 value = sqlite3_column_int64 (stmt, CREATED_AT_COLUMN);
          g_array_append_val (created_at, value);
        }
      if (orders->len - keyed == SEARCH_KEY_BATCH)
        make_search_keys (orders, &keyed);
    }
  make_search_keys (orders, &keyed);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&orders);
}

static GPtrArray *
read_orders (PdStore       *self,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  return read_orders_full (self, stmt, NULL, error);
}

/* read_orders() for a statement of its own: finalizes @stmt. */
static GPtrArray *
collect_orders (PdStore       *self,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  GPtrArray *orders = read_orders (self, stmt, error);

  sqlite3_finalize (stmt);
  return orders;
}

static const char *select_columns_sql (void);

static sqlite3_stmt *
prepare_select (PdStore     *self,
                const char  *where,
                GError     **error)
{
  g_autofree char *sql = g_strconcat (select_columns_sql (), where, NULL);

  if (!check_open (self, error))
    return NULL;

  return prepare (self, sql, error);
}

/* Reads the stored row of @order into it again; only if another program
 * wrote it since (its revision moved on) when @if_revised. TRUE if it
 * read the row; FALSE and @error if the ledger could not be read. */
static gboolean
order_read_again (PdStore   *self,
                  PdOrder   *order,
                  gboolean   if_revised,
                  GError   **error)
{
  sqlite3_stmt *stmt = prepare_select (self, "WHERE id = ?", error);
  gboolean read = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, pd_order_get_id (order));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW &&
      (!if_revised ||
       sqlite3_column_int64 (stmt, sqlite3_column_count (stmt) - 1) != _pd_order_get_revision (order)))
    {
      g_object_freeze_notify (G_OBJECT (order));
      order_read_row (order, stmt);
      name_quote_asset (self, order);
      g_object_thaw_notify (G_OBJECT (order));
      read = TRUE;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_sqlite_error (self, rc, error);

  return read;
}

/* Puts the stored values back into @order after a failed write. */
static void
order_reload (PdStore *self,
              PdOrder *order)
{
  order_read_again (self, order, FALSE, NULL);
}

static gboolean
append_event (PdStore           *self,
              gint64             order_id,
              gint64             time,
              PdOrderEventKind   kind,
              PdOrderState       state,
              const char        *message,
              const char        *raw_json,
              GError           **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare_cached (self,
                         "INSERT INTO order_events (order_ref, time, kind, state, message, raw_json) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_int64 (stmt, 2, time);
  bind_text (stmt, 3, pd_order_event_kind_to_string (kind));
  bind_text (stmt, 4, pd_order_state_to_string (state));
  bind_text (stmt, 5, message);
  bind_text (stmt, 6, raw_json);

  if (!step_done_cached (self, stmt, error))
    return FALSE;

  self->own_event_id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

static gboolean
check_required (PdOrder  *order,
                GError  **error)
{
  g_autofree char *rule = NULL;
  static const struct { const char *(*get) (PdOrder *); const char *field; } required[] = {
    { pd_order_get_order_id, "orderId" },
    { pd_order_get_payee_id, "payeeId" },
    { pd_order_get_settlement_asset_id, "settlementAssetId" },
    { pd_order_get_quote_asset_id, "quoteAssetId" },
    { pd_order_get_quote_amount, "quoteAmount" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      if (required[i].get (order) == NULL)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                       _("%s: required to store an order"), required[i].field);
          return FALSE;
        }
    }

  if (pd_order_get_id (order) != 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("orderId: %s is already stored"), pd_order_get_order_id (order));
      return FALSE;
    }

  rule = pd_store_check_note (pd_order_get_note (order));
  if (rule != NULL)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   /* TRANSLATORS: "note: must be at most 2000 characters long" */
                   _("note: %s"), rule);
      return FALSE;
    }

  return TRUE;
}

/* Binds every column but id, in table order, from parameter 1 on;
 * returns the next free parameter. @with_fixed: include the key columns
 * and created_at (for INSERT; UPDATE leaves them alone). */
static int
bind_order (sqlite3_stmt *stmt,
            PdOrder      *order,
            gboolean      with_fixed)
{
  g_autofree char *mismatch = join_mismatch (order);
  int param = 1;

  for (guint i = with_fixed ? 0 : N_KEY_COLUMNS; i < G_N_ELEMENTS (string_columns); i++)
    bind_text (stmt, param++, string_columns[i].get (order));
  for (guint i = with_fixed ? 0 : N_FIXED_TIME_COLUMNS; i < G_N_ELEMENTS (time_columns); i++)
    sqlite3_bind_int64 (stmt, param++, time_columns[i].get (order));

  bind_text (stmt, param++, pd_order_state_to_string (pd_order_get_state (order)));
  bind_text (stmt, param++, pd_order_link_kind_to_string (pd_order_get_link_kind (order)));
  sqlite3_bind_int (stmt, param++, pd_order_get_confirmations (order));
  bind_text (stmt, param++, mismatch);

  return param;
}

static char *
build_insert_sql (void)
{
  GString *sql = g_string_new ("INSERT INTO orders (");
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++, n++)
    g_string_append_printf (sql, "%s%s", n ? ", " : "", string_columns[i].column);
  for (guint i = 0; i < G_N_ELEMENTS (time_columns); i++, n++)
    g_string_append_printf (sql, ", %s", time_columns[i].column);
  for (guint i = 0; i < G_N_ELEMENTS (other_columns); i++, n++)
    g_string_append_printf (sql, ", %s", other_columns[i]);

  g_string_append (sql, ") VALUES (?");
  for (guint i = 1; i < n; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");

  return g_string_free (sql, FALSE);
}

static char *
build_update_sql (void)
{
  GString *sql = g_string_new ("UPDATE orders SET ");
  guint n = 0;

  for (guint i = N_KEY_COLUMNS; i < G_N_ELEMENTS (string_columns); i++, n++)
    g_string_append_printf (sql, "%s%s = ?", n ? ", " : "", string_columns[i].column);
  for (guint i = N_FIXED_TIME_COLUMNS; i < G_N_ELEMENTS (time_columns); i++, n++)
    g_string_append_printf (sql, ", %s = ?", time_columns[i].column);
  for (guint i = 0; i < G_N_ELEMENTS (other_columns); i++, n++)
    g_string_append_printf (sql, ", %s = ?", other_columns[i]);
  g_string_append (sql, ", revision = revision + 1 WHERE id = ? AND revision = ?");

  return g_string_free (sql, FALSE);
}

/* The SQL of the order columns never changes while running: built once. */
#define DEFINE_CACHED_SQL(name) \
  static const char * \
  name (void) \
  { \
    static gsize sql = 0; \
    \
    if (g_once_init_enter (&sql)) \
      g_once_init_leave (&sql, (gsize) build_##name ()); \
    \
    return (const char *) sql; \
  }

DEFINE_CACHED_SQL (select_columns_sql)
DEFINE_CACHED_SQL (insert_sql)
DEFINE_CACHED_SQL (update_sql)

/* One payee, one spelling (pd_paylink_dup_canonical_id()): the key
 * (payee_id, order_id) must not take one payee written two ways for two. */
static void
canonicalize_payee (PdOrder *order)
{
  g_autofree char *payee = pd_paylink_dup_canonical_id (pd_order_get_payee_id (order));

  if (g_strcmp0 (payee, pd_order_get_payee_id (order)) != 0)
    pd_order_set_payee_id (order, payee);
}

/* Inserts one order inside the caller's transaction; returns its row id,
 * 0 on error. */
static gint64
insert_one (PdStore       *self,
            sqlite3_stmt  *stmt,
            PdOrder       *order,
            gint64         now,
            GError       **error)
{
  int rc;
  gint64 id;

  if (!check_required (order, error))
    return 0;

  canonicalize_payee (order);
  name_quote_asset (self, order);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  bind_order (stmt, order, TRUE);

  /* An order made now: created_at and updated_at default to now. They
   * reach the object only once the transaction is committed. */
  if (pd_order_get_created_at (order) == 0)
    sqlite3_bind_int64 (stmt, CREATED_AT_PARAM, now);
  if (pd_order_get_updated_at (order) == 0)
    sqlite3_bind_int64 (stmt, UPDATED_AT_PARAM,
                        pd_order_get_created_at (order) != 0 ? pd_order_get_created_at (order) : now);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_DUPLICATE,
                   _("orderId: payee %s already has an order “%s”; it was not changed"),
                   pd_order_get_payee_id (order), pd_order_get_order_id (order));
      return 0;
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return 0;
    }

  id = sqlite3_last_insert_rowid (self->db);
  if (!append_event (self, id, now, PD_ORDER_EVENT_CREATED, pd_order_get_state (order),
                     NULL, NULL, error))
    return 0;

  return id;
}

/* Migrations --------------------------------------------------------- */

/* The one integer that @sql returns. */
static gboolean
read_int64 (PdStore       *self,
            const char    *sql,
            sqlite3_int64 *value,
            GError       **error)
{
  sqlite3_stmt *stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_int_pragma (PdStore     *self,
                 const char  *sql,
                 int         *value,
                 GError     **error)
{
  sqlite3_int64 value64;

  if (!read_int64 (self, sql, &value64, error))
    return FALSE;

  *value = (int) value64;
  return TRUE;
}

/* Before anything is written (even the journal mode): a file of a newer
 * Paydesk is refused as it is. */
static gboolean
check_version (PdStore  *self,
               GError  **error)
{
  if (!read_int_pragma (self, "PRAGMA user_version", &self->schema_version, error))
    return FALSE;

  if (self->schema_version > PD_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_VERSION,
                   _("%s was written by a newer Paydesk (schema %d, this one knows %d); it was left untouched"),
                   self->path, self->schema_version, PD_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  /* Version 0 with tables in it is another program's database (migration
   * 0 → 1 sets the version in the transaction that makes the tables):
   * switching it to WAL and adding ours would change it. */
  if (self->schema_version == 0)
    {
      int n_objects;

      if (!read_int_pragma (self, "SELECT count(*) FROM sqlite_master", &n_objects, error))
        return FALSE;
      if (n_objects > 0)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_FOREIGN,
                       _("%s is another program’s database, not a Paydesk ledger; it was left untouched"),
                       self->path);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
migrate (PdStore  *self,
         GError  **error)
{
  int version = self->schema_version;

  /* One transaction a step: a failed step leaves the file at the
   * version before it. */
  for (; version < PD_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!transaction_begin (self, error))
        return FALSE;

      if (!exec (self, migrations[version], error) ||
          !exec (self, set_version, error) ||
          !transaction_commit (self, error))
        {
          transaction_rollback (self);
          g_prefix_error (error, _("Cannot upgrade %s to schema %d: "), self->path, version + 1);
          return FALSE;
        }
    }

  self->schema_version = version;
  return TRUE;
}

/* Opening ------------------------------------------------------------ */

/* Reads the whole file before anything is written: a file that is not a
 * database, or a damaged one, is refused here and never touched. */
static gboolean
check_health (PdStore  *self,
              GError  **error)
{
  sqlite3_stmt *stmt = prepare (self, "PRAGMA quick_check", error);
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
      set_sqlite_error (self, rc, error);
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

/* The full check of a file that needed no change at open runs in a
 * thread, on a read-only connection of its own, while the ledger is being
 * read: at 100,000 orders it took a third of the time to a populated
 * list. No write starts before it has passed (wait_for_health()). */
typedef struct _HealthCheck
{
  gatomicrefcount  ref_count;
  char            *path;
  GMutex           lock;
  GCond            cond;
  sqlite3         *db;       /* while the check runs, for interrupting it */
  GThread         *thread;
  gboolean         done;
  int              rc;       /* SQLITE_ROW once quick_check answered */
  char            *problem;  /* NULL: healthy */
} HealthCheck;

static HealthCheck *
health_check_ref (HealthCheck *check)
{
  g_atomic_ref_count_inc (&check->ref_count);
  return check;
}

static void
health_check_unref (HealthCheck *check)
{
  if (!g_atomic_ref_count_dec (&check->ref_count))
    return;

  g_mutex_clear (&check->lock);
  g_cond_clear (&check->cond);
  g_free (check->path);
  g_free (check->problem);
  g_free (check);
}

static gpointer
health_check_thread (gpointer data)
{
  HealthCheck *check = data;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *problem = NULL;
  int rc;

  rc = sqlite3_open_v2 (check->path, &db, SQLITE_OPEN_READONLY, NULL);
  g_mutex_lock (&check->lock);
  check->db = db;
  g_mutex_unlock (&check->lock);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      const char *result = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (result, "ok") != 0)
        problem = g_strdup (result != NULL ? result : "?");
    }
  else
    {
      problem = g_strdup (db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
    }

  g_mutex_lock (&check->lock);
  check->db = NULL;
  g_mutex_unlock (&check->lock);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_mutex_lock (&check->lock);
  check->rc = rc;
  check->problem = problem;
  check->done = TRUE;
  g_cond_broadcast (&check->cond);
  g_mutex_unlock (&check->lock);

  health_check_unref (check);
  return NULL;
}

static void
start_health_check (PdStore *self)
{
  HealthCheck *check = g_new0 (HealthCheck, 1);

  g_atomic_ref_count_init (&check->ref_count);
  check->path = g_strdup (self->path);
  g_mutex_init (&check->lock);
  g_cond_init (&check->cond);

  self->health = check;
  check->thread = g_thread_new ("pd-store-check", health_check_thread, health_check_ref (check));
}

/* Closing stops the check: the file is not held open after the store. */
static void
stop_health_check (PdStore *self)
{
  HealthCheck *check = self->health;
  GThread *thread;

  if (check == NULL || check->thread == NULL)
    return;

  g_mutex_lock (&check->lock);
  if (check->db != NULL)
    sqlite3_interrupt (check->db);
  thread = g_steal_pointer (&check->thread);
  g_mutex_unlock (&check->lock);

  g_thread_join (thread);
}

/* Before any write: TRUE once the full check has passed; a damaged file
 * is refused, and left as it is, from then on. */
static gboolean
wait_for_health (PdStore  *self,
                 GError  **error)
{
  HealthCheck *check = self->health;
  g_autofree char *problem = NULL;
  int rc;

  if (check == NULL)
    return TRUE;

  g_mutex_lock (&check->lock);
  while (!check->done)
    g_cond_wait (&check->cond, &check->lock);
  rc = check->rc;
  problem = g_strdup (check->problem);
  g_mutex_unlock (&check->lock);

  if (problem == NULL)
    {
      stop_health_check (self);
      g_clear_pointer (&self->health, health_check_unref);
      return TRUE;
    }

  /* Not even the WAL goes into it when it is closed. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);

  if (rc == SQLITE_ROW || (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                 _("%s is damaged (%s); it was left untouched"), self->path, problem);
  else
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                 _("Cannot read or write %s: %s"), self->path, problem);
  return FALSE;
}

/* At open, without reading the whole file: the header, the schema and
 * the first rows of each table. */
static gboolean
probe_health (PdStore  *self,
              GError  **error)
{
  static const char * const probes[] = {
    "SELECT * FROM orders LIMIT 1",
    "SELECT * FROM order_events LIMIT 1",
    "SELECT * FROM asset_cache LIMIT 1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      sqlite3_stmt *stmt = prepare (self, probes[i], error);
      int rc;

      if (stmt == NULL)
        return FALSE;

      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          set_sqlite_error (self, rc, error);
          return FALSE;
        }
    }

  return TRUE;
}

/* A file in WAL mode at this build's schema: opening it writes nothing,
 * so its full check can wait for the first write. */
static gboolean
opens_without_writing (PdStore *self)
{
  sqlite3_stmt *stmt;
  gboolean wal = FALSE;

  if (self->schema_version != PD_STORE_SCHEMA_VERSION)
    return FALSE;

  stmt = prepare (self, "PRAGMA journal_mode", NULL);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    wal = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
  sqlite3_finalize (stmt);

  return wal;
}

static gboolean
configure_connection (PdStore  *self,
                      GError  **error)
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

  stmt = prepare (self, "PRAGMA journal_mode = WAL", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    mode = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  if (g_strcmp0 (mode, "wal") != 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                   _("Cannot use write-ahead logging for %s (journal mode %s)"),
                   self->path, mode);
      return FALSE;
    }

  return exec (self, "PRAGMA synchronous = FULL", error) &&
         exec (self, "PRAGMA foreign_keys = ON", error);
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

/* The files SQLite and Paydesk keep beside a ledger at @path. */
static const char * const ledger_file_suffixes[] = {
  "", "-wal", "-shm", "-journal", ".poll-lock", "-changes/stamp",
};

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf a_stat;
  GStatBuf b_stat;

  if (g_stat (a, &a_stat) == 0 && g_stat (b, &b_stat) == 0)
    return a_stat.st_dev == b_stat.st_dev && a_stat.st_ino == b_stat.st_ino;

  /* Either is missing: by name, as an absolute path. */
  {
    g_autofree char *canonical_a = g_canonicalize_filename (a, NULL);
    g_autofree char *canonical_b = g_canonicalize_filename (b, NULL);

    return strcmp (canonical_a, canonical_b) == 0;
  }
}

/**
 * pd_store_path_is_ledger_file:
 * @ledger_path: (nullable): a ledger, %NULL for the default
 * @path: a file about to be written
 *
 * Whether writing @path would write over the ledger at @ledger_path or a
 * file beside it that it needs (its write-ahead log, its shared memory,
 * its poll lock): an export, a QR code or a PDF saved there would lose
 * every order. Compares the files themselves when both exist (a link to
 * the ledger is the ledger), else their absolute names.
 */
gboolean
pd_store_path_is_ledger_file (const char *ledger_path,
                              const char *path)
{
  g_autofree char *default_path = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (ledger_path == NULL)
    ledger_path = default_path = pd_store_dup_default_path ();

  for (guint i = 0; i < G_N_ELEMENTS (ledger_file_suffixes); i++)
    {
      g_autofree char *file = g_strconcat (ledger_path, ledger_file_suffixes[i], NULL);

      if (same_file (file, path))
        return TRUE;
    }

  return FALSE;
}

/**
 * pd_store_check_output_path:
 * @ledger_path: (nullable): a ledger, %NULL for the default
 * @path: a file the person chose to write
 *
 * The one refusal every writer of a chosen file gives (the app's exports,
 * QR codes and PDFs, paydesk-cli's outputs) when @path is one of the
 * ledger's files (pd_store_path_is_ledger_file()).
 *
 * Returns: %FALSE with a %G_IO_ERROR_INVALID_FILENAME error naming @path
 */
gboolean
pd_store_check_output_path (const char  *ledger_path,
                            const char  *path,
                            GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (!pd_store_path_is_ledger_file (ledger_path, path))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
               _("“%s” is the order ledger or a file it needs: choose another file"), path);
  return FALSE;
}

char *
pd_store_dup_default_path (void)
{
  const char *env = g_getenv ("PAYDESK_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "paydesk", "paydesk.db", NULL);
}

/**
 * pd_store_open:
 * @path: (nullable): the database file; %NULL for the default
 *
 * Opens the ledger, creating it when missing, and upgrades its schema.
 * A corrupt, unreadable, read-only or newer file is refused with an error
 * and left exactly as it was. When opening writes nothing (a WAL file at
 * this schema), only the header, schema and first rows are checked here
 * and the full check runs in the background: no write starts before it
 * has passed, and every write of a file it finds damaged fails with
 * %PD_STORE_ERROR_CORRUPT.
 *
 * Returns: (transfer full): the store, or %NULL and @error
 */
PdStore *
pd_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(PdStore) self = g_object_new (PD_TYPE_STORE, NULL);
  gboolean deferred;
  int rc;

  self->path = path != NULL ? g_strdup (path) : pd_store_dup_default_path ();

  if (!prepare_folder (self->path, error))
    return NULL;

  /* A PdStore is used by one thread at a time (the app opens it in a
   * thread, then hands it to the main thread), so the connection needs
   * no mutex of its own: taking it around every sqlite3_column_*() call
   * cost a sixth of the time to read 100,000 orders. */
  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (!check_version (self, error))
    return NULL;

  /* Nothing is written before the file is known to be healthy: either
   * now, or, when opening writes nothing, before the first write. */
  deferred = opens_without_writing (self);
  if (deferred ? !probe_health (self, error) : !check_health (self, error))
    return NULL;

  if (!configure_connection (self, error) ||
      !migrate (self, error))
    return NULL;

  if (deferred)
    start_health_check (self);

  if (!read_last_event_id (self, &self->seen_event_id, error) ||
      !read_data_version (self, &self->seen_data_version))
    return NULL;

  return g_steal_pointer (&self);
}

void
pd_store_close (PdStore *self)
{
  g_return_if_fail (PD_IS_STORE (self));

  stop_health_check (self);
  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
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

  g_clear_pointer (&self->listing, g_ptr_array_unref);
  g_hash_table_remove_all (self->orders);
}

const char *
pd_store_get_path (PdStore *self)
{
  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  return self->path;
}

/**
 * pd_store_set_quote_symbols:
 * @symbols: (nullable) (transfer none): lowercased asset ID → symbol, from
 *   MixPay's quote asset list; %NULL forgets them
 *
 * An order recorded without the symbol of its quote asset (paydesk-cli
 * records none until the app has cached MixPay's list) reads as "12.5"
 * where the merchant expects "12.5 USDT". With @symbols, such an order
 * takes its symbol from them when it is read or inserted, and the orders
 * already read take it now (views follow their notifications). The row
 * keeps no symbol until the order is next written.
 */
void
pd_store_set_quote_symbols (PdStore    *self,
                            GHashTable *symbols)
{
  GHashTableIter iter;
  PdOrder *order;

  g_return_if_fail (PD_IS_STORE (self));

  g_clear_pointer (&self->quote_symbols, g_hash_table_unref);
  if (symbols == NULL)
    return;

  self->quote_symbols = g_hash_table_ref (symbols);
  g_hash_table_iter_init (&iter, self->orders);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &order))
    name_quote_asset (self, order);
}

/**
 * pd_store_set_clock:
 * @clock: (nullable): the clock, or %NULL for the system's
 *
 * Where the store reads "now" for created_at, updated_at and event times:
 * the poller's clock, so simulated time stays consistent.
 */
void
pd_store_set_clock (PdStore *self,
                    PdClock *clock)
{
  g_return_if_fail (PD_IS_STORE (self));
  g_return_if_fail (clock == NULL || PD_IS_CLOCK (clock));

  g_set_object (&self->clock, clock);
}

int
pd_store_get_schema_version (PdStore *self)
{
  g_return_val_if_fail (PD_IS_STORE (self), 0);

  return self->schema_version;
}

/* GObject ------------------------------------------------------------ */

static void
pd_store_dispose (GObject *object)
{
  pd_store_close (PD_STORE (object));

  G_OBJECT_CLASS (pd_store_parent_class)->dispose (object);
}

static void
pd_store_finalize (GObject *object)
{
  PdStore *self = (PdStore *)object;

  g_clear_pointer (&self->orders, g_hash_table_unref);
  g_clear_pointer (&self->loader, _pd_order_loader_free);
  g_clear_pointer (&self->quote_symbols, g_hash_table_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->health, health_check_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (pd_store_parent_class)->finalize (object);
}

/* OPEN_STATE_SQL must name exactly the states that are not settled. */
static void
check_open_states_sql (void)
{
  for (PdOrderState state = 0; state <= PD_ORDER_STATE_LAST; state++)
    {
      g_autofree char *quoted = g_strdup_printf ("'%s'", pd_order_state_to_string (state));

      g_assert ((strstr (OPEN_STATE_SQL, quoted) != NULL) == !pd_order_state_is_settled (state));
    }
}

static void
pd_store_class_init (PdStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  check_open_states_sql ();
  /* CREATED_AT_COLUMN: the first time column follows the strings. */
  g_assert (strcmp (time_columns[0].column, "created_at") == 0);

  object_class->dispose = pd_store_dispose;
  object_class->finalize = pd_store_finalize;

  /**
   * PdStore::order-added:
   * @order: the new order, after its insertion was committed
   */
  signals[ORDER_ADDED] =
    g_signal_new ("order-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PD_TYPE_ORDER);

  /**
   * PdStore::order-changed:
   * @order: the order, after a change to it was committed
   */
  signals[ORDER_CHANGED] =
    g_signal_new ("order-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PD_TYPE_ORDER);
}

static void
pd_store_init (PdStore *self)
{
  self->orders = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) sqlite3_finalize);
  self->marker_fd = -1;
}

/* Writing ------------------------------------------------------------ */

gboolean
pd_store_insert_orders (PdStore    *self,
                        GPtrArray  *orders,
                        GError    **error)
{
  g_autofree gint64 *ids = NULL;
  sqlite3_stmt *stmt;
  gint64 now = now_seconds (self);
  gboolean ok = TRUE;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (orders != NULL, FALSE);

  if (!transaction_begin (self, error))
    return FALSE;

  stmt = prepare (self, insert_sql (), error);
  if (stmt == NULL)
    {
      transaction_rollback (self);
      return FALSE;
    }

  ids = g_new0 (gint64, orders->len + 1);
  for (guint i = 0; i < orders->len && ok; i++)
    {
      PdOrder *order = g_ptr_array_index (orders, i);

      ids[i] = insert_one (self, stmt, order, now, error);
      ok = ids[i] != 0;
    }

  sqlite3_finalize (stmt);

  if (!ok || !transaction_commit (self, error))
    {
      transaction_rollback (self);
      return FALSE;
    }

  for (guint i = 0; i < orders->len; i++)
    {
      PdOrder *order = g_ptr_array_index (orders, i);

      g_object_freeze_notify (G_OBJECT (order));
      if (pd_order_get_created_at (order) == 0)
        pd_order_set_created_at (order, now);
      if (pd_order_get_updated_at (order) == 0)
        pd_order_set_updated_at (order, pd_order_get_created_at (order));
      _pd_order_set_id (order, ids[i]);
      g_object_thaw_notify (G_OBJECT (order));
      g_hash_table_insert (self->orders, g_memdup2 (&ids[i], sizeof ids[i]), g_object_ref (order));
    }

  for (guint i = 0; i < orders->len; i++)
    g_signal_emit (self, signals[ORDER_ADDED], 0, g_ptr_array_index (orders, i));

  return TRUE;
}

gboolean
pd_store_insert_order (PdStore  *self,
                       PdOrder  *order,
                       GError  **error)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new ();

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (PD_IS_ORDER (order), FALSE);

  g_ptr_array_add (orders, order);

  return pd_store_insert_orders (self, orders, error);
}

static gboolean
check_stored (PdStore  *self,
              PdOrder  *order,
              GError  **error)
{
  gint64 id = pd_order_get_id (order);

  if (id != 0 && g_hash_table_lookup (self->orders, &id) == order)
    return TRUE;

  g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
               _("orderId: %s is not an order of this ledger"),
               pd_order_get_order_id (order) ? pd_order_get_order_id (order) : "?");
  return FALSE;
}

static gboolean
read_stored_state (PdStore       *self,
                   PdOrder       *order,
                   PdOrderState  *state,
                   GError       **error)
{
  sqlite3_stmt *stmt = prepare_cached (self, "SELECT state FROM orders WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, pd_order_get_id (order));
  rc = sqlite3_step (stmt);
  *state = PD_ORDER_STATE_UNKNOWN;
  if (rc == SQLITE_ROW)
    pd_order_state_from_string ((const char *)sqlite3_column_text (stmt, 0), state);
  release (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                   _("orderId: %s is no longer in the ledger"), pd_order_get_order_id (order));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_order (PdStore  *self,
             PdOrder  *order,
             GError  **error)
{
  sqlite3_stmt *stmt = prepare_cached (self, update_sql (), error);
  int param;

  if (stmt == NULL)
    return FALSE;

  param = bind_order (stmt, order, FALSE);
  sqlite3_bind_int64 (stmt, param++, pd_order_get_id (order));
  sqlite3_bind_int64 (stmt, param, _pd_order_get_revision (order));

  if (!step_done_cached (self, stmt, error))
    return FALSE;

  /* Every field of the row is written from @order: had another program
   * (paydesk-cli cancelling it, say) written the row since @order was
   * read, its change would be lost without a word. */
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CHANGED,
                   _("orderId: %s was changed by another program meanwhile; nothing was written, and the order was read again"),
                   pd_order_get_order_id (order));
      return FALSE;
    }

  _pd_order_set_revision (order, _pd_order_get_revision (order) + 1);
  return TRUE;
}

/* Ends a write begun with transaction_begin(): commits, or rolls back and
 * puts the stored values back into @order. Emits ::order-changed after a
 * commit. */
static gboolean
finish_order_write (PdStore   *self,
                    PdOrder   *order,
                    gboolean   written,
                    GError   **error)
{
  if (written && transaction_commit (self, error))
    {
      g_signal_emit (self, signals[ORDER_CHANGED], 0, order);
      return TRUE;
    }

  transaction_rollback (self);
  order_reload (self, order);
  return FALSE;
}

static gboolean
update_order (PdStore           *self,
              PdOrder           *order,
              PdOrderEventKind   kind,
              const char        *message,
              const char        *raw_json,
              gboolean           relaxed,
              GError           **error)
{
  g_autoptr(GError) write_error = NULL;
  PdOrderState stored_state;
  gint64 now = now_seconds (self);
  gboolean written;

  if (!check_stored (self, order, error))
    return FALSE;

  /* The caller has already changed @order: put it back if the write
   * cannot even start. */
  if (!(relaxed ? transaction_begin_relaxed (self, error) : transaction_begin (self, error)))
    {
      order_reload (self, order);
      return FALSE;
    }

  written = read_stored_state (self, order, &stored_state, &write_error);
  if (written)
    {
      /* A state change is always recorded as one, whoever forgot to say so. */
      if (kind == PD_ORDER_EVENT_UPDATED && stored_state != pd_order_get_state (order))
        kind = PD_ORDER_EVENT_STATE_CHANGED;

      pd_order_set_updated_at (order, now);
      written = write_order (self, order, &write_error) &&
                append_event (self, pd_order_get_id (order), now, kind,
                              pd_order_get_state (order), message, raw_json, &write_error);
    }

  if (finish_order_write (self, order, written, &write_error))
    return TRUE;

  /* Read again as another program left it: views follow. */
  if (g_error_matches (write_error, PD_STORE_ERROR, PD_STORE_ERROR_CHANGED))
    g_signal_emit (self, signals[ORDER_CHANGED], 0, order);

  g_propagate_error (error, g_steal_pointer (&write_error));
  return FALSE;
}

gboolean
pd_store_update_order (PdStore           *self,
                       PdOrder           *order,
                       PdOrderEventKind   kind,
                       const char        *message,
                       const char        *raw_json,
                       GError           **error)
{
  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (PD_IS_ORDER (order), FALSE);
  g_return_val_if_fail (kind <= PD_ORDER_EVENT_KIND_LAST, FALSE);

  return update_order (self, order, kind, message, raw_json, FALSE, error);
}

gboolean
pd_store_record_result (PdStore     *self,
                        PdOrder     *order,
                        const char  *message,
                        const char  *raw_json,
                        GError     **error)
{
  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (PD_IS_ORDER (order), FALSE);

  return update_order (self, order, PD_ORDER_EVENT_UPDATED, message, raw_json, TRUE, error);
}

/* Only the poll schedule: it cannot write over another program's change,
 * so it leaves the revision alone (see write_order()). */
#define RECORD_CHECK_SQL "UPDATE orders SET last_checked_at = ?, next_check_at = ? WHERE id = ?"

gboolean
pd_store_record_check (PdStore  *self,
                       PdOrder  *order,
                       gint64    last_checked_at,
                       gint64    next_check_at,
                       GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean written;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (PD_IS_ORDER (order), FALSE);

  if (!check_stored (self, order, error) || !transaction_begin_relaxed (self, error))
    return FALSE;

  pd_order_set_last_checked_at (order, last_checked_at);
  pd_order_set_next_check_at (order, next_check_at);

  stmt = prepare_cached (self, RECORD_CHECK_SQL, error);
  written = stmt != NULL;
  if (written)
    {
      sqlite3_bind_int64 (stmt, 1, last_checked_at);
      sqlite3_bind_int64 (stmt, 2, next_check_at);
      sqlite3_bind_int64 (stmt, 3, pd_order_get_id (order));
      written = step_done_cached (self, stmt, error);
    }

  return finish_order_write (self, order, written, error);
}

gboolean
pd_store_record_check_error (PdStore     *self,
                             PdOrder     *order,
                             const char  *message,
                             gint64       next_check_at,
                             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  PdOrderState stored_state;
  gint64 now = now_seconds (self);
  gboolean written;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (PD_IS_ORDER (order), FALSE);

  if (!check_stored (self, order, error) || !transaction_begin_relaxed (self, error))
    return FALSE;

  /* Only the schedule moves: "last checked" stays the time MixPay last
   * answered about the order. Set to now, the list said "just now" for
   * every order while MixPay answered HTTP 500, which reads as "MixPay
   * just said it is unpaid". */
  pd_order_set_next_check_at (order, next_check_at);

  /* The event records the state in the ledger, which another program
   * may have changed since @order was read. */
  written = read_stored_state (self, order, &stored_state, error) &&
            (stmt = prepare_cached (self, RECORD_CHECK_SQL, error)) != NULL;
  if (written)
    {
      sqlite3_bind_int64 (stmt, 1, pd_order_get_last_checked_at (order));
      sqlite3_bind_int64 (stmt, 2, next_check_at);
      sqlite3_bind_int64 (stmt, 3, pd_order_get_id (order));
      written = step_done_cached (self, stmt, error) &&
                append_event (self, pd_order_get_id (order), now, PD_ORDER_EVENT_CHECK_ERROR,
                              stored_state, message, NULL, error);
    }

  return finish_order_write (self, order, written, error);
}

/* Free text kept in the ledger and shown everywhere (the order page,
 * tables, exports, paydesk-cli): no control character (but line breaks
 * and tabs when @multi_line) and no text-direction override that would
 * show other text than was typed, at most @max_chars characters. NULL
 * when @text keeps to that, else the rule it breaks. */
static char *
check_shown_text (const char *text,
                  gboolean    multi_line,
                  int         max_chars)
{
  g_autofree char *spaced = NULL;

  if (g_utf8_validate (text, -1, NULL))
    {
      spaced = g_strdup (text);
      /* Line breaks and tabs: the only control characters text of many
       * lines keeps. */
      if (multi_line)
        g_strdelimit (spaced, "\n\t", ' ');
    }

  if (spaced == NULL || !pd_paylink_is_single_line (spaced))
    return g_strdup (multi_line
                     ? _("must not contain control or text-direction characters")
                     : _("must be a single line without control or text-direction characters"));

  if (g_utf8_strlen (text, -1) > max_chars)
    return g_strdup_printf (_("must be at most %d characters long"), max_chars);

  return NULL;
}

/**
 * pd_store_check_cancel_reason:
 *
 * A cancelled order's reason is some text, on one line without control
 * or text-direction characters, of at most %PD_STORE_CANCEL_REASON_MAX
 * characters.
 *
 * Returns: (transfer full) (nullable): %NULL for a reason that may be
 *   given, else the rule it breaks, without the field's name
 */
char *
pd_store_check_cancel_reason (const char *reason)
{
  if (reason == NULL || *reason == '\0')
    return g_strdup (_("a cancelled order needs a reason"));

  return check_shown_text (reason, FALSE, PD_STORE_CANCEL_REASON_MAX);
}

/**
 * pd_store_check_note:
 * @note: (nullable): a note for a new order
 *
 * The rule for notes, one for the app's form, paydesk-cli and the store:
 * lines and tabs, but no other control character and no text-direction
 * override that would show other text than was typed, at most
 * %PD_STORE_NOTE_MAX characters.
 *
 * Returns: (transfer full) (nullable): %NULL for a note that may be
 *   given, else the rule it breaks, without the field's name
 */
char *
pd_store_check_note (const char *note)
{
  if (note == NULL)
    return NULL;

  return check_shown_text (note, TRUE, PD_STORE_NOTE_MAX);
}

gboolean
pd_store_cancel_order (PdStore     *self,
                       PdOrder     *order,
                       const char  *reason,
                       GError     **error)
{
  g_autofree char *rule = NULL;
  PdOrderState state;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (PD_IS_ORDER (order), FALSE);

  if (!check_stored (self, order, error))
    return FALSE;

  rule = pd_store_check_cancel_reason (reason);
  if (rule != NULL)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   /* TRANSLATORS: "reason: must be at most 200 characters long" */
                   _("reason: %s"), rule);
      return FALSE;
    }

  state = pd_order_get_state (order);
  if (pd_order_state_is_settled (state))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("orderId: %s cannot be cancelled, it is already %s"),
                   pd_order_get_order_id (order), pd_order_state_get_label (state));
      return FALSE;
    }

  g_object_freeze_notify (G_OBJECT (order));
  pd_order_set_state (order, PD_ORDER_STATE_CANCELLED);
  pd_order_set_cancel_reason (order, reason);
  pd_order_set_cancelled_at (order, now_seconds (self));
  g_object_thaw_notify (G_OBJECT (order));

  return pd_store_update_order (self, order, PD_ORDER_EVENT_CANCELLED, reason, NULL, error);
}

/* Reading ------------------------------------------------------------ */

PdOrder *
pd_store_lookup_order (PdStore     *self,
                       const char  *payee_id,
                       const char  *order_id,
                       GError     **error)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autofree char *canonical = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);
  g_return_val_if_fail (payee_id != NULL, NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  stmt = prepare_select (self, "WHERE payee_id = ? AND order_id = ?", error);
  if (stmt == NULL)
    return NULL;

  canonical = pd_paylink_dup_canonical_id (payee_id);
  bind_text (stmt, 1, canonical);
  bind_text (stmt, 2, order_id);

  orders = collect_orders (self, stmt, error);
  if (orders == NULL)
    return NULL;

  if (orders->len == 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                   _("orderId: no order “%s” for payee %s"), order_id, payee_id);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (orders, 0));
}

PdOrder *
pd_store_lookup_order_by_id (PdStore  *self,
                             gint64    id,
                             GError  **error)
{
  g_autoptr(GPtrArray) orders = NULL;
  sqlite3_stmt *stmt;
  PdOrder *known;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  known = g_hash_table_lookup (self->orders, &id);
  if (known != NULL && check_open (self, error))
    return g_object_ref (known);

  stmt = prepare_select (self, "WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  orders = collect_orders (self, stmt, error);
  if (orders == NULL)
    return NULL;

  if (orders->len == 0)
    {
      /* PRId64: xgettext understands it, not G_GINT64_FORMAT. */
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                   _("No order with row id %" PRId64), id);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (orders, 0));
}

GPtrArray *
pd_store_find_orders (PdStore     *self,
                      const char  *order_id,
                      GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  stmt = prepare_select (self, "WHERE order_id = ? ORDER BY created_at DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, order_id);

  return collect_orders (self, stmt, error);
}

/* Counts the commits of other connections (this one's are not). Read
 * before each commit of a watching store (own_events_are_alone()):
 * prepared once. */
static gboolean
read_data_version (PdStore       *self,
                   sqlite3_int64 *version)
{
  sqlite3_stmt *stmt = prepare_cached (self, "PRAGMA data_version", NULL);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;

  ok = sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    *version = sqlite3_column_int64 (stmt, 0);
  release (stmt);

  return ok;
}

/* TRUE when no row changed since the last listing, through this
 * connection or any other: the same rows in the same order. */
static gboolean
listing_is_current (PdStore *self)
{
  sqlite3_int64 version;

  return self->listing != NULL &&
         sqlite3_total_changes64 (self->db) == self->listing_changes &&
         read_data_version (self, &version) &&
         version == self->listing_data_version;
}

static gpointer
copy_order (gconstpointer order,
            gpointer      user_data)
{
  return g_object_ref ((gpointer) order);
}

typedef struct
{
  gint64   created_at;
  gint64   id;
  PdOrder *order;
} ListedRow;

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const ListedRow *row_a = a;
  const ListedRow *row_b = b;

  if (row_a->created_at != row_b->created_at)
    return row_a->created_at < row_b->created_at ? 1 : -1;

  return row_a->id < row_b->id ? 1 : -1;
}

/* Sorts @orders, read newest row first, by their rows' creation time
 * (@created_at), then id, newest first. The rows' own times, not the
 * objects': another process may have changed a row this store holds. */
static void
sort_newest_first (GPtrArray *orders,
                   GArray    *created_at)
{
  g_autoptr(GArray) rows = NULL;
  guint i;

  for (i = 1; i < orders->len; i++)
    if (g_array_index (created_at, gint64, i - 1) < g_array_index (created_at, gint64, i))
      break;
  if (i >= orders->len)
    return;

  rows = g_array_sized_new (FALSE, FALSE, sizeof (ListedRow), orders->len);
  for (i = 0; i < orders->len; i++)
    {
      ListedRow row = {
        g_array_index (created_at, gint64, i),
        pd_order_get_id (g_ptr_array_index (orders, i)),
        g_ptr_array_index (orders, i),
      };
      g_array_append_val (rows, row);
    }

  g_array_sort (rows, compare_newest_first);
  for (i = 0; i < orders->len; i++)
    orders->pdata[i] = g_array_index (rows, ListedRow, i).order;
}

GPtrArray *
pd_store_list_orders (PdStore  *self,
                      GError  **error)
{
  g_autoptr(GArray) created_at = NULL;
  sqlite3_stmt *stmt;
  sqlite3_int64 changes;
  sqlite3_int64 version;
  gboolean versioned;
  GPtrArray *orders;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  if (!check_open (self, error))
    return NULL;

  /* Handed over, not copied: listing again is rare after the app's
   * second listing, and a copy meant 100,000 references taken and
   * dropped on the main thread. */
  if (listing_is_current (self))
    return g_steal_pointer (&self->listing);

  g_clear_pointer (&self->listing, g_ptr_array_unref);

  /* Read before the rows: a commit in between only makes the listing
   * look older than it is, never newer. */
  changes = sqlite3_total_changes64 (self->db);
  versioned = read_data_version (self, &version);

  /* In the table's own order, newest row first: sorting by created_at
   * through its index made SQLite seek the table once per row, a tenth
   * of the time to read 100,000 orders. Rows are mostly in order of
   * creation already, so the sort afterwards has little to do. */
  stmt = prepare_select (self, "ORDER BY id DESC", error);
  if (stmt == NULL)
    return NULL;

  created_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  orders = read_orders_full (self, stmt, created_at, error);
  sqlite3_finalize (stmt);
  if (orders != NULL)
    sort_newest_first (orders, created_at);
  if (orders != NULL && versioned)
    {
      /* A copy: the caller may change its own. */
      self->listing = g_ptr_array_copy (orders, copy_order, NULL);
      self->listing_changes = changes;
      self->listing_data_version = version;
    }

  return orders;
}

/* The open orders due at ?1, and the orders cancelled since ?2 that are
 * due, soonest first: each half walks only its own partial index. Only
 * their ids: the store mostly holds these orders already, and the index
 * of open orders covers the first half, so no row is read for it. */
#define DUE_ORDER_IDS_SQL \
  "SELECT id, next_check_at FROM orders" \
  "  WHERE " OPEN_STATE_SQL " AND next_check_at <= ?1 " \
  "UNION ALL " \
  "SELECT id, next_check_at FROM orders" \
  "  WHERE state = 'cancelled' AND cancelled_at >= ?2 AND next_check_at <= ?1 " \
  "ORDER BY next_check_at, id LIMIT ?3"

GPtrArray *
pd_store_list_due_orders (PdStore  *self,
                          gint64    now,
                          guint     limit,
                          GError  **error)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  if (!check_open (self, error) ||
      (stmt = prepare_cached (self, DUE_ORDER_IDS_SQL, error)) == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, now - PD_STORE_CANCELLED_CHECK_PERIOD);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64)limit : -1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  release (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      PdOrder *order = pd_store_lookup_order_by_id (self, g_array_index (ids, gint64, i), error);

      if (order == NULL)
        return NULL;
      g_ptr_array_add (orders, order);
    }

  return g_steal_pointer (&orders);
}

gboolean
pd_store_get_next_check_at (PdStore  *self,
                            gint64    now,
                            gint64   *next_check_at,
                            GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean found;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (next_check_at != NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;

  stmt = prepare_cached (self,
                         "SELECT MIN (next) FROM ("
                         "  SELECT MIN (next_check_at) AS next FROM orders"
                         "    WHERE " OPEN_STATE_SQL
                         "  UNION ALL"
                         "  SELECT MIN (next_check_at) FROM orders"
                         "    WHERE state = 'cancelled' AND cancelled_at >= ?)",
                         error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now - PD_STORE_CANCELLED_CHECK_PERIOD);
  rc = sqlite3_step (stmt);
  found = rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL;
  if (found)
    *next_check_at = sqlite3_column_int64 (stmt, 0);
  release (stmt);

  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  return found;
}

static gboolean
read_last_event_id (PdStore       *self,
                    sqlite3_int64 *id,
                    GError       **error)
{
  return read_int64 (self, "SELECT COALESCE (MAX (id), 0) FROM order_events", id, error);
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
orders_with_events_after (PdStore        *self,
                          sqlite3_int64   after,
                          sqlite3_int64  *last,
                          GError        **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  guint n_unique = 0;
  int rc;

  stmt = prepare_cached (self, "SELECT id, order_ref FROM order_events WHERE id > ? ORDER BY id", error);
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
  release (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  g_array_sort (ids, compare_int64);
  for (guint i = 0; i < ids->len; i++)
    if (i == 0 || g_array_index (ids, gint64, i) != g_array_index (ids, gint64, n_unique - 1))
      g_array_index (ids, gint64, n_unique++) = g_array_index (ids, gint64, i);
  g_array_set_size (ids, n_unique);

  return g_steal_pointer (&ids);
}

/**
 * pd_store_refresh:
 *
 * Reads what other programs (paydesk-cli, another Paydesk) wrote to the
 * ledger since the last refresh: orders they added are loaded and
 * announced with ::order-added, orders they changed are read again and
 * announced with ::order-changed. Cheap when nothing changed elsewhere.
 *
 * Returns: %FALSE and @error if the ledger could not be read
 */
gboolean
pd_store_refresh (PdStore  *self,
                  GError  **error)
{
  g_autoptr(GArray) ids = NULL;
  sqlite3_int64 version = 0;
  sqlite3_int64 last;
  gboolean versioned;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);

  if (!check_open (self, error))
    return FALSE;

  /* This connection's own commits leave data_version alone. */
  versioned = read_data_version (self, &version);
  if (versioned && version == self->seen_data_version)
    return TRUE;

  ids = orders_with_events_after (self, self->seen_event_id, &last, error);
  if (ids == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      PdOrder *known = g_hash_table_lookup (self->orders, &id);
      g_autoptr(PdOrder) added = NULL;
      g_autoptr(GError) local_error = NULL;

      if (known != NULL)
        {
          if (order_read_again (self, known, TRUE, &local_error))
            g_signal_emit (self, signals[ORDER_CHANGED], 0, known);
        }
      else if ((added = pd_store_lookup_order_by_id (self, id, &local_error)) != NULL)
        {
          g_signal_emit (self, signals[ORDER_ADDED], 0, added);
        }

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  self->seen_event_id = last;
  if (versioned)
    self->seen_data_version = version;
  return TRUE;
}

static gboolean
refresh_cb (gpointer user_data)
{
  PdStore *self = user_data;
  g_autoptr(GError) error = NULL;

  self->refresh_id = 0;
  if (!pd_store_refresh (self, &error))
    g_message ("Cannot read what another program wrote to %s: %s", self->path, error->message);

  return G_SOURCE_REMOVE;
}

static void
marker_changed_cb (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other_file,
                   GFileMonitorEvent  event,
                   PdStore           *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_cb, self);
}

/**
 * pd_store_watch:
 *
 * Calls pd_store_refresh() whenever another program (paydesk-cli) has
 * written the ledger, in the thread-default main context of the caller,
 * until the store is closed.
 *
 * Every store that does not watch touches a file in a folder beside the
 * ledger (its path + "-changes") after each commit, and the watching
 * store watches that file: not the write-ahead log, which its own
 * poller writes every second or so. Watching the log, or any file in
 * the ledger's folder, woke the app 330 times a minute with 1,000 open
 * orders instead of 115. No timer, no wake-up while nothing is written.
 */
void
pd_store_watch (PdStore *self)
{
  g_autofree char *marker_folder = NULL;
  g_autofree char *marker_path = NULL;
  g_autoptr(GFile) marker = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PD_IS_STORE (self));

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

  g_signal_connect (self->monitor, "changed", G_CALLBACK (marker_changed_cb), self);
}

GPtrArray *
pd_store_list_events (PdStore  *self,
                      PdOrder  *order,
                      GError  **error)
{
  g_autoptr(GPtrArray) events = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);
  g_return_val_if_fail (PD_IS_ORDER (order), NULL);

  if (!check_open (self, error) || !check_stored (self, order, error))
    return NULL;

  stmt = prepare (self,
                  "SELECT id, time, kind, state, message, raw_json FROM order_events "
                  "WHERE order_ref = ? ORDER BY id",
                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, pd_order_get_id (order));

  events = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_order_event_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdOrderEvent *event = g_new0 (PdOrderEvent, 1);

      event->id = sqlite3_column_int64 (stmt, 0);
      event->order = pd_order_get_id (order);
      event->time = sqlite3_column_int64 (stmt, 1);
      event->kind = PD_ORDER_EVENT_UPDATED;
      pd_order_event_kind_from_string ((const char *)sqlite3_column_text (stmt, 2), &event->kind);
      event->state = PD_ORDER_STATE_UNKNOWN;
      pd_order_state_from_string ((const char *)sqlite3_column_text (stmt, 3), &event->state);
      event->message = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      event->raw_json = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
      g_ptr_array_add (events, event);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&events);
}

/* Asset cache -------------------------------------------------------- */

gboolean
pd_store_set_asset_list (PdStore          *self,
                         PdAssetListKind   kind,
                         const char       *json,
                         gint64            fetched_at,
                         GError          **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind <= PD_ASSET_LIST_SETTLEMENT, FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  if (!transaction_begin (self, error))
    return FALSE;

  stmt = prepare (self, "INSERT OR REPLACE INTO asset_cache (kind, json, fetched_at) VALUES (?, ?, ?)", error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, asset_list_names[kind]);
      bind_text (stmt, 2, json);
      sqlite3_bind_int64 (stmt, 3, fetched_at);
      if (step_done (self, stmt, error) && transaction_commit (self, error))
        return TRUE;
    }

  transaction_rollback (self);
  return FALSE;
}

gboolean
pd_store_get_asset_list (PdStore          *self,
                         PdAssetListKind   kind,
                         char            **json,
                         gint64           *fetched_at,
                         GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind <= PD_ASSET_LIST_SETTLEMENT, FALSE);

  if (!check_open (self, error))
    return FALSE;

  stmt = prepare (self, "SELECT json, fetched_at FROM asset_cache WHERE kind = ?", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, asset_list_names[kind]);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (json != NULL)
        *json = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      if (fetched_at != NULL)
        *fetched_at = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  return rc == SQLITE_ROW;
}
