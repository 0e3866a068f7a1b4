/* pd-store.h: the order ledger
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pd-clock.h"
#include "pd-order.h"
#include "pd-order-event.h"

G_BEGIN_DECLS

#define PD_STORE_ERROR (pd_store_error_quark ())

typedef enum
{
  PD_STORE_ERROR_IO,        /* cannot create, open or write the file */
  PD_STORE_ERROR_CORRUPT,   /* not a database, or a damaged one; left untouched */
  PD_STORE_ERROR_VERSION,   /* written by a newer Paydesk */
  PD_STORE_ERROR_BUSY,      /* another program held the lock too long */
  PD_STORE_ERROR_DUPLICATE, /* this payee already has an order with this ID */
  PD_STORE_ERROR_NOT_FOUND,
  PD_STORE_ERROR_INVALID,   /* a required field is missing, or not allowed now */
  PD_STORE_ERROR_FAILED,
  PD_STORE_ERROR_CHANGED,   /* another program changed the order meanwhile; read again */
  PD_STORE_ERROR_FOREIGN,   /* another program's database, not a ledger; left untouched */
  PD_STORE_ERROR_AUTH,      /* the database server refused the user or password */
} PdStoreError;

/* The cached asset lists of MixPay. */
typedef enum
{
  PD_ASSET_LIST_QUOTE,
  PD_ASSET_LIST_SETTLEMENT,
} PdAssetListKind;

/* The schema this build writes; older files are migrated forward when
 * opened, newer ones refused. */
#define PD_STORE_SCHEMA_VERSION 4

/* A cancelled order is still checked, rarely, for this long after it was
 * cancelled: a customer may pay it anyway. */
#define PD_STORE_CANCELLED_CHECK_PERIOD (7 * 24 * 60 * 60)

/* A cancel reason is shown in the order page's banner, the list's
 * exports and paydesk-cli's lines: one line, and a sentence, not a book. */
#define PD_STORE_CANCEL_REASON_MAX 200

/* A note is the line item of the order's invoices and shows in the order
 * page, tables and exports: lines of text, and not a book. */
#define PD_STORE_NOTE_MAX 2000

#define PD_TYPE_STORE (pd_store_get_type ())

/* The ledger holds every order, its history and the asset cache, in a
 * storage backend (pd-ledger-backend.h; an SQLite file). Each change is
 * one transaction; a file that is not a healthy Paydesk database is
 * refused and left as it is.
 *
 * The store keeps one PdOrder per order it has loaded (it holds a
 * reference until it is closed): every lookup returns that same object,
 * and a write updates its properties, so views bound to it follow.
 * ::order-added and ::order-changed are emitted after the commit.
 *
 * A store, and the orders it loaded, belong to one thread at a time: it
 * may be opened and read in a worker thread, then handed to another, but
 * never used from two threads at once. */
G_DECLARE_FINAL_TYPE (PdStore, pd_store, PD, STORE, GObject)

GQuark      pd_store_error_quark         (void);

/* $PAYDESK_DB, or paydesk/paydesk.db in the user data folder. */
char       *pd_store_dup_default_path    (void);
/* NULL for a reason a cancelled order may have, else the rule it breaks
 * (translated, without the field's name). */
char       *pd_store_check_cancel_reason (const char        *reason);
/* NULL for a note an order may have (NULL or empty: none), else the rule
 * it breaks (translated, without the field's name). */
char       *pd_store_check_note          (const char        *note);
gboolean    pd_store_path_is_ledger_file (const char        *ledger_path,
                                          const char        *path);
gboolean    pd_store_check_output_path   (const char        *ledger_path,
                                          const char        *path,
                                          GError           **error);

/* @path NULL means pd_store_dup_default_path(). Creates the file and its
 * folder (mode 0700) when missing. */
PdStore    *pd_store_open                (const char        *path,
                                          GError           **error);
/* @password: for a postgresql:// ledger, its server's password, given
 * apart from the URI so that it is never shown or logged; it wins over
 * ~/.pgpass. Fails with PD_STORE_ERROR_IO when the server cannot be
 * reached, _AUTH when it refused the user or password, _FOREIGN for a
 * database that is not a ledger. */
PdStore    *pd_store_open_with_password  (const char        *path,
                                          const char        *password,
                                          GError           **error);
/* The same ledger with the same password: a store of its own for a
 * worker thread. Reads only what opening @self set: any thread may call
 * it while @self is alive. */
PdStore    *pd_store_open_again          (PdStore           *self,
                                          GError           **error);
/* FALSE while a shared ledger's server cannot be reached (followed once
 * pd_store_watch() was called); see PdStore:reachable. */
gboolean    pd_store_get_reachable       (PdStore           *self);
void        pd_store_close               (PdStore           *self);
const char *pd_store_get_path            (PdStore           *self);
int         pd_store_get_schema_version  (PdStore           *self);
/* The clock of created_at, updated_at and event times (NULL: the system's). */
void        pd_store_set_clock           (PdStore           *self,
                                          PdClock           *clock);

/* Quote asset symbols (lowercased asset ID → symbol) for the orders
 * recorded without one; see pd-store.c. */
void        pd_store_set_quote_symbols   (PdStore           *self,
                                          GHashTable        *symbols);

/* Stores a new order (created_at defaults to now) and its "created"
 * event. Refuses a second order with the same payee and order ID. */
gboolean    pd_store_insert_order        (PdStore           *self,
                                          PdOrder           *order,
                                          GError           **error);
/* The same for many orders, in one transaction: all or none. */
gboolean    pd_store_insert_orders       (PdStore           *self,
                                          GPtrArray         *orders,
                                          GError           **error);

/* Orders copied from another ledger (pd-ledger-import.h), each with
 * its whole history instead of a new "created" event (@histories: one
 * GPtrArray of PdOrderEvent an order, oldest first), in one transaction:
 * all or none. The orders must be new objects, held by no store. */
gboolean    pd_store_import_orders       (PdStore           *self,
                                          GPtrArray         *orders,
                                          GPtrArray         *histories,
                                          GError           **error);

/* Return a new reference to the one PdOrder of that order, or NULL and
 * PD_STORE_ERROR_NOT_FOUND. */
PdOrder    *pd_store_lookup_order        (PdStore           *self,
                                          const char        *payee_id,
                                          const char        *order_id,
                                          GError           **error);
PdOrder    *pd_store_lookup_order_by_id  (PdStore           *self,
                                          gint64             id,
                                          GError           **error);
/* Every order with this order ID, whatever its payee. (transfer container) */
GPtrArray  *pd_store_find_orders         (PdStore           *self,
                                          const char        *order_id,
                                          GError           **error);
/* Every order, newest first, in one query. (transfer container) */
GPtrArray  *pd_store_list_orders         (PdStore           *self,
                                          GError           **error);
/* Orders to ask MixPay about at @now: the open ones and those cancelled
 * less than PD_STORE_CANCELLED_CHECK_PERIOD ago, whose next_check_at is
 * at most @now, soonest first; at most @limit (0: no limit). */
GPtrArray  *pd_store_list_due_orders     (PdStore           *self,
                                          gint64             now,
                                          guint              limit,
                                          GError           **error);
/* When the next of those orders falls due; FALSE (and no error) when
 * none is left to check. */
gboolean    pd_store_get_next_check_at   (PdStore           *self,
                                          gint64             now,
                                          gint64            *next_check_at,
                                          GError           **error);

/* Writes every changeable field of @order, as it is now, and appends one
 * event, in one transaction; sets updated_at. When the state differs
 * from the stored one an UPDATED event is written as STATE_CHANGED. On
 * failure the order is reloaded so it shows what is stored. */
gboolean    pd_store_update_order        (PdStore           *self,
                                          PdOrder           *order,
                                          PdOrderEventKind   kind,
                                          const char        *message,
                                          const char        *raw_json,
                                          GError           **error);
/* What MixPay answered about @order, already applied to it: written as
 * pd_store_update_order() does with PD_ORDER_EVENT_UPDATED, but without
 * waiting for the disk (a power cut may take back the last few answers;
 * MixPay is asked again). Never for what the merchant did. */
gboolean    pd_store_record_result       (PdStore           *self,
                                          PdOrder           *order,
                                          const char        *message,
                                          const char        *raw_json,
                                          GError           **error);
/* Only the check times; no event, updated_at unchanged. Like
 * pd_store_record_result(), without waiting for the disk. */
gboolean    pd_store_record_check        (PdStore           *self,
                                          PdOrder           *order,
                                          gint64             last_checked_at,
                                          gint64             next_check_at,
                                          GError           **error);
/* A failed check: a CHECK_ERROR event and the next check's time;
 * last_checked_at stays the time MixPay last answered. Without waiting
 * for the disk. */
gboolean    pd_store_record_check_error  (PdStore           *self,
                                          PdOrder           *order,
                                          const char        *message,
                                          gint64             next_check_at,
                                          GError           **error);
/* Voids an open order (PD_STORE_ERROR_INVALID for a settled one). */
gboolean    pd_store_cancel_order        (PdStore           *self,
                                          PdOrder           *order,
                                          const char        *reason,
                                          GError           **error);
/* Reads what other programs wrote since the last refresh; see pd-store.c. */
gboolean    pd_store_refresh             (PdStore           *self,
                                          GError           **error);
/* Refreshes whenever another program writes the ledger, until closed. */
void        pd_store_watch               (PdStore           *self);
/* A ledger several desks share (PostgreSQL) decides itself which desk
 * polls: see pd-store.c. */
gboolean    pd_store_has_poll_lock       (PdStore           *self);
gboolean    pd_store_try_poll_lock       (PdStore           *self,
                                          const char        *desk,
                                          char             **holder,
                                          GError           **error);
void        pd_store_poll_unlock         (PdStore           *self);
/* The name of this computer among the desks: its host name. */
const char *pd_store_get_desk_name       (void);
/* The history of @order, oldest first. (transfer full) (element-type PdOrderEvent) */
GPtrArray  *pd_store_list_events         (PdStore           *self,
                                          PdOrder           *order,
                                          GError           **error);

gboolean    pd_store_set_asset_list      (PdStore           *self,
                                          PdAssetListKind    kind,
                                          const char        *json,
                                          gint64             fetched_at,
                                          GError           **error);
/* FALSE without an error when nothing is cached yet. */
gboolean    pd_store_get_asset_list      (PdStore           *self,
                                          PdAssetListKind    kind,
                                          char             **json,
                                          gint64            *fetched_at,
                                          GError           **error);

G_END_DECLS
