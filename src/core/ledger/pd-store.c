/* pd-store.c: the order ledger: one object per order, the writes the
 * app, paydesk-cli and the poller make, and their signals, over a
 * storage backend (pd-ledger-backend.h)
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "pd-clock.h"
#include "pd-ledger-backend.h"
#include "pd-order-private.h"
#include "pd-paylink.h"
#include "pd-pg-backend.h"
#include "pd-store-private.h"

#define BACKEND_CALL(self, op, ...) \
  ((self)->backend->vtable->op ((self)->backend, __VA_ARGS__))


G_DEFINE_FINAL_TYPE (PdStore, pd_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (pd-store-error-quark, pd_store_error)

enum {
  ORDER_ADDED,
  ORDER_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_REACHABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static gint64
now_seconds (PdStore *self)
{
  if (self->clock != NULL)
    return pd_clock_get_now (self->clock) / G_USEC_PER_SEC;

  return g_get_real_time () / G_USEC_PER_SEC;
}

/* A closed store has no backend; every call but closing fails so. */
static gboolean
check_open (PdStore  *self,
            GError  **error)
{
  if (self->backend != NULL)
    return self->backend->vtable->check_open (self->backend, error);

  g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
               _("The database %s is closed"), self->display);
  return FALSE;
}

/* The order map lent to the backend ----------------------------------- */

static PdOrder *
map_lookup (gpointer data,
            gint64   id)
{
  PdStore *self = data;

  return g_hash_table_lookup (self->orders, &id);
}

static void
map_name (gpointer  data,
          PdOrder  *order)
{
  PdStore *self = data;

  _pd_store_name_quote_asset (self->quote_symbols, order);
}

static void
map_adopt (gpointer  data,
           PdOrder  *order)
{
  PdStore *self = data;
  gint64 id = pd_order_get_id (order);

  g_hash_table_insert (self->orders, g_memdup2 (&id, sizeof id), g_object_ref (order));
}

/* Transactions ------------------------------------------------------- */

static gboolean
transaction_begin_full (PdStore   *self,
                        gboolean   relaxed,
                        GError   **error)
{
  return check_open (self, error) &&
         BACKEND_CALL (self, begin, relaxed, error);
}

/* Every write: its commit waits for the disk. */
static gboolean
transaction_begin (PdStore  *self,
                   GError  **error)
{
  return transaction_begin_full (self, FALSE, error);
}

/* For what the poller learns from MixPay: committed without waiting for
 * the disk; a power cut may take back the last few, and the poller then
 * asks MixPay again. */
static gboolean
transaction_begin_relaxed (PdStore  *self,
                           GError  **error)
{
  return transaction_begin_full (self, TRUE, error);
}

static gboolean
transaction_commit (PdStore  *self,
                    GError  **error)
{
  return BACKEND_CALL (self, commit, error);
}

static void
transaction_rollback (PdStore *self)
{
  if (self->backend != NULL)
    self->backend->vtable->rollback (self->backend);
}

/* Orders ------------------------------------------------------------- */

/* Reads the stored row of @order into it again; only if another program
 * wrote it since (its revision moved on) when @if_revised. TRUE if it
 * read the row; FALSE and @error if the ledger could not be read. */
static gboolean
order_read_again (PdStore   *self,
                  PdOrder   *order,
                  gboolean   if_revised,
                  GError   **error)
{
  return check_open (self, error) &&
         BACKEND_CALL (self, read_again, order, if_revised, error);
}

gboolean
_pd_store_check_open (PdStore  *self,
                      GError  **error)
{
  return check_open (self, error);
}

gboolean
_pd_store_read_again (PdStore  *self,
                      PdOrder  *order,
                      GError  **error)
{
  return order_read_again (self, order, TRUE, error);
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
  return BACKEND_CALL (self, append_event, order_id, time, kind, state, message, raw_json, error);
}

/* Before each order is inserted: refused unless it may be stored, then
 * in the one spelling of its payee and with its quote symbol. */
static gboolean
prepare_insert (PdOrder   *order,
                gpointer   data,
                GError   **error)
{
  PdStore *self = data;

  if (!_pd_store_check_required (order, error))
    return FALSE;

  _pd_store_canonicalize_payee (order);
  _pd_store_name_quote_asset (self->quote_symbols, order);
  return TRUE;
}


/* Opening ------------------------------------------------------------ */


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
  return pd_store_open_with_password (path, NULL, error);
}

PdStore *
pd_store_open_with_password (const char  *path,
                             const char  *password,
                             GError     **error)
{
  g_autoptr(PdStore) self = g_object_new (PD_TYPE_STORE, NULL);
  PdLedgerOrderMap map = { map_lookup, map_name, map_adopt, NULL };

  self->path = path != NULL ? g_strdup (path) : pd_store_dup_default_path ();
  self->password = g_strdup (password);
  map.data = self;
  self->display = pd_pg_is_uri (self->path) ? pd_pg_dup_display_uri (self->path, NULL) : NULL;
  if (self->display == NULL)
    self->display = g_strdup (self->path);

  self->backend = pd_ledger_backend_open (self->path, self->password, &map, error);
  if (self->backend == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

PdStore *
pd_store_open_again (PdStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  return pd_store_open_with_password (self->path, self->password, error);
}

void
pd_store_close (PdStore *self)
{
  g_return_if_fail (PD_IS_STORE (self));

  if (self->backend != NULL)
    self->backend->vtable->close (self->backend);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
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
    _pd_store_name_quote_asset (self->quote_symbols, order);
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

  return self->backend != NULL ? self->backend->vtable->get_schema_version (self->backend) : 0;
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

  g_clear_pointer (&self->backend, pd_ledger_backend_free);
  g_clear_pointer (&self->orders, g_hash_table_unref);
  g_clear_pointer (&self->quote_symbols, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->display, g_free);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (pd_store_parent_class)->finalize (object);
}

static void
pd_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PdStore *self = PD_STORE (object);

  switch (prop_id)
    {
    case PROP_REACHABLE:
      g_value_set_boolean (value, self->reachable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_store_class_init (PdStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_store_dispose;
  object_class->finalize = pd_store_finalize;
  object_class->get_property = pd_store_get_property;

  /* FALSE while the database server of a shared ledger cannot be
   * reached (the store reconnects by itself, with backoff); always TRUE
   * for a file. Followed only once pd_store_watch() was called. */
  properties[PROP_REACHABLE] =
    g_param_spec_boolean ("reachable", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  self->reachable = TRUE;
}

/* Writing ------------------------------------------------------------ */

/* New orders (@histories NULL: each gets a "created" event), or orders
 * imported with their histories, in one transaction; then the store's
 * own objects and ::order-added. */
static gboolean
insert_all (PdStore    *self,
            GPtrArray  *orders,
            GPtrArray  *histories,
            GError    **error)
{
  g_autofree gint64 *ids = NULL;
  gint64 now = now_seconds (self);
  gboolean ok = TRUE;

  if (!transaction_begin (self, error))
    return FALSE;

  ids = g_new0 (gint64, orders->len + 1);
  if (histories == NULL)
    ok = BACKEND_CALL (self, insert_orders, orders, now, prepare_insert, self, ids, error);
  for (guint i = 0; histories != NULL && i < orders->len && ok; i++)
    ok = prepare_insert (g_ptr_array_index (orders, i), self, error) &&
         BACKEND_CALL (self, insert_imported, g_ptr_array_index (orders, i),
                       g_ptr_array_index (histories, i), &ids[i], error);
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
pd_store_insert_orders (PdStore    *self,
                        GPtrArray  *orders,
                        GError    **error)
{
  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (orders != NULL, FALSE);

  return insert_all (self, orders, NULL, error);
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

gboolean
pd_store_import_orders (PdStore    *self,
                        GPtrArray  *orders,
                        GPtrArray  *histories,
                        GError    **error)
{
  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (orders != NULL, FALSE);
  g_return_val_if_fail (histories != NULL && histories->len == orders->len, FALSE);

  return insert_all (self, orders, histories, error);
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
  g_autoptr(GError) local_error = NULL;

  if (BACKEND_CALL (self, read_state, pd_order_get_id (order), state, &local_error))
    return TRUE;

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                 _("orderId: %s is no longer in the ledger"), pd_order_get_order_id (order));
  return FALSE;
}

/* Writes every changeable field of @order, unless another program wrote
 * the order since @order was read. */
static gboolean
write_order (PdStore  *self,
             PdOrder  *order,
             GError  **error)
{
  guint n_written = 0;

  if (!BACKEND_CALL (self, update_order, order, &n_written, error))
    return FALSE;

  /* Every field of the row is written from @order: had another program
   * (paydesk-cli cancelling it, say) written the row since @order was
   * read, its change would be lost without a word. */
  if (n_written == 0)
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

gboolean
pd_store_record_check (PdStore  *self,
                       PdOrder  *order,
                       gint64    last_checked_at,
                       gint64    next_check_at,
                       GError  **error)
{
  gboolean written;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (PD_IS_ORDER (order), FALSE);

  if (!check_stored (self, order, error) || !transaction_begin_relaxed (self, error))
    return FALSE;

  pd_order_set_last_checked_at (order, last_checked_at);
  pd_order_set_next_check_at (order, next_check_at);

  written = BACKEND_CALL (self, record_check, pd_order_get_id (order),
                          last_checked_at, next_check_at, error);

  return finish_order_write (self, order, written, error);
}

gboolean
pd_store_record_check_error (PdStore     *self,
                             PdOrder     *order,
                             const char  *message,
                             gint64       next_check_at,
                             GError     **error)
{
  PdOrderState stored_state;
  gint64 now = now_seconds (self);
  gboolean written;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (PD_IS_ORDER (order), FALSE);

  if (!check_stored (self, order, error) || !transaction_begin_relaxed (self, error))
    return FALSE;

  /* Only the schedule moves: "last checked" stays the time MixPay last
   * answered about the order. Set to now, it would make the list say
   * "just now" for every order while MixPay answers HTTP 500, which reads
   * as "MixPay just said it is unpaid". */
  pd_order_set_next_check_at (order, next_check_at);

  /* The event records the state in the ledger, which another program
   * may have changed since @order was read. */
  written = read_stored_state (self, order, &stored_state, error) &&
            BACKEND_CALL (self, record_check, pd_order_get_id (order),
                          pd_order_get_last_checked_at (order), next_check_at, error) &&
            append_event (self, pd_order_get_id (order), now, PD_ORDER_EVENT_CHECK_ERROR,
                          stored_state, message, NULL, error);

  return finish_order_write (self, order, written, error);
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

  g_return_val_if_fail (PD_IS_STORE (self), NULL);
  g_return_val_if_fail (payee_id != NULL, NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  if (!check_open (self, error))
    return NULL;

  canonical = pd_paylink_dup_canonical_id (payee_id);
  orders = BACKEND_CALL (self, lookup_by_key, canonical, order_id, error);
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
  PdOrder *known;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  known = g_hash_table_lookup (self->orders, &id);
  if (known != NULL && check_open (self, error))
    return g_object_ref (known);

  if (!check_open (self, error))
    return NULL;

  orders = BACKEND_CALL (self, lookup_by_id, id, error);
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
  g_return_val_if_fail (PD_IS_STORE (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  if (!check_open (self, error))
    return NULL;

  return BACKEND_CALL (self, find_by_order_id, order_id, error);
}

/* TRUE when no row changed since the last listing, through this
 * store or any other program: the same rows in the same order. */
static gboolean
listing_is_current (PdStore *self)
{
  return self->listing != NULL &&
         BACKEND_CALL (self, stamp_is_current, &self->listing_stamp);
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

/* Sorts @orders, read mostly newest row first, by their rows' creation
 * time (@created_at), then id, newest first. The rows' own times, not
 * the objects': another process may have changed a row this store
 * holds. */
static void
sort_newest_first (GPtrArray *orders,
                   GArray    *created_at)
{
  g_autoptr(GArray) rows = NULL;
  guint i;

  for (i = 1; i < orders->len; i++)
    {
      gint64 newer = g_array_index (created_at, gint64, i - 1);
      gint64 older = g_array_index (created_at, gint64, i);

      if (newer < older ||
          (newer == older &&
           pd_order_get_id (g_ptr_array_index (orders, i - 1)) < pd_order_get_id (g_ptr_array_index (orders, i))))
        break;
    }
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
  PdLedgerStamp stamp;
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
  versioned = BACKEND_CALL (self, read_stamp, &stamp);

  /* Newest row first, mostly in order of creation already (the table's
   * order, on PostgreSQL): the sort afterwards has little to do. */
  created_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  orders = BACKEND_CALL (self, list_all, created_at, error);
  if (orders != NULL)
    sort_newest_first (orders, created_at);
  if (orders != NULL && versioned)
    {
      /* A copy: the caller may change its own. */
      self->listing = g_ptr_array_copy (orders, copy_order, NULL);
      self->listing_stamp = stamp;
    }

  return orders;
}

GPtrArray *
pd_store_list_due_orders (PdStore  *self,
                          gint64    now,
                          guint     limit,
                          GError  **error)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  if (!check_open (self, error))
    return NULL;

  /* Only their ids: the store mostly holds these orders already. */
  ids = BACKEND_CALL (self, list_due, now, now - PD_STORE_CANCELLED_CHECK_PERIOD, limit, error);
  if (ids == NULL)
    return NULL;

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
  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (next_check_at != NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;

  return BACKEND_CALL (self, get_next_check_at, now - PD_STORE_CANCELLED_CHECK_PERIOD,
                       next_check_at, error);
}

/* Which desk polls ---------------------------------------------------- */

gboolean
pd_store_has_poll_lock (PdStore *self)
{
  g_return_val_if_fail (PD_IS_STORE (self), FALSE);

  return self->backend != NULL && self->backend->vtable->try_poll_lock != NULL;
}

/**
 * pd_store_try_poll_lock:
 * @desk: this desk's name, shown on the others
 * @holder: (out) (optional) (transfer full): the desk that polls instead
 * @error: set when the server cannot be reached (then nobody may be
 *   polling); unset when another desk holds the lock
 *
 * Several desks on one shared ledger poll MixPay for the same account:
 * only the one holding this lock does, so that together they stay within
 * its rate. The lock belongs to the desk's session with the server, so
 * when that desk ends, however it ends, another takes over.
 *
 * Returns: %TRUE when this desk holds the lock
 */
gboolean
pd_store_try_poll_lock (PdStore     *self,
                        const char  *desk,
                        char       **holder,
                        GError     **error)
{
  g_return_val_if_fail (PD_IS_STORE (self), FALSE);

  if (holder != NULL)
    *holder = NULL;
  if (!pd_store_has_poll_lock (self))
    return FALSE;

  return self->backend->vtable->try_poll_lock (self->backend, desk, holder, error);
}

void
pd_store_poll_unlock (PdStore *self)
{
  g_return_if_fail (PD_IS_STORE (self));

  if (pd_store_has_poll_lock (self))
    self->backend->vtable->poll_unlock (self->backend);
}

const char *
pd_store_get_desk_name (void)
{
  const char *env = g_getenv ("PAYDESK_DESK_NAME");

  return env != NULL && *env != '\0' ? env : g_get_host_name ();
}

/* History ------------------------------------------------------------ */

GPtrArray *
pd_store_list_events (PdStore  *self,
                      PdOrder  *order,
                      GError  **error)
{
  g_return_val_if_fail (PD_IS_STORE (self), NULL);
  g_return_val_if_fail (PD_IS_ORDER (order), NULL);

  if (!check_open (self, error) || !check_stored (self, order, error))
    return NULL;

  return BACKEND_CALL (self, list_events, pd_order_get_id (order), error);
}

/* Asset cache -------------------------------------------------------- */

gboolean
pd_store_set_asset_list (PdStore          *self,
                         PdAssetListKind   kind,
                         const char       *json,
                         gint64            fetched_at,
                         GError          **error)
{
  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind <= PD_ASSET_LIST_SETTLEMENT, FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  if (!transaction_begin (self, error))
    return FALSE;

  if (BACKEND_CALL (self, set_asset_list, kind, json, fetched_at, error) &&
      transaction_commit (self, error))
    return TRUE;

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
  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind <= PD_ASSET_LIST_SETTLEMENT, FALSE);

  if (!check_open (self, error))
    return FALSE;

  return BACKEND_CALL (self, get_asset_list, kind, json, fetched_at, error);
}
