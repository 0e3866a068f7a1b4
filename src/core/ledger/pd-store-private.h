/* pd-store-private.h: what PdStore's files share
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-clock.h"
#include "pd-ledger-backend.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* pd-store.c */
struct _PdStore
{
  GObject          parent_instance;

  char            *path;
  /* The path, or the URI without its password: what messages show. */
  char            *display;
  /* A database server's password given apart from the URI, or NULL:
   * kept for pd_store_open_again(), never shown. */
  char            *password;
  /* Whether the backend can reach its server, as last told. */
  gboolean         reachable;
  /* NULL once closed. */
  PdLedgerBackend *backend;
  /* Where "now" comes from; NULL: the system's wall clock. */
  PdClock         *clock;
  /* Row id → PdOrder (owned): the one object of each loaded order. */
  GHashTable      *orders;
  /* Lowercased asset ID → symbol; see pd_store_set_quote_symbols(). */
  GHashTable      *quote_symbols;
  /* The last pd_store_list_orders(), and the ledger's state before it:
   * the app lists every order in its loading thread, then the orders
   * view lists them again on the main thread, which must not step
   * through 100,000 rows a second time when nothing changed: that
   * second listing takes this array. */
  GPtrArray       *listing;
  PdLedgerStamp    listing_stamp;
  /* The refresh pd_store_watch() has queued. */
  guint            refresh_id;
};

gboolean _pd_store_check_open         (PdStore     *self,
                                       GError     **error);
/* Reads @order's row again if another program wrote it since; TRUE if
 * it did. */
gboolean _pd_store_read_again         (PdStore     *self,
                                       PdOrder     *order,
                                       GError     **error);

/* pd-store-rules.c */
gboolean _pd_store_check_required     (PdOrder     *order,
                                       GError     **error);
/* One payee, one spelling (pd_paylink_dup_canonical_id()): the key
 * (payee_id, order_id) must not take one payee written two ways for two. */
void     _pd_store_canonicalize_payee (PdOrder     *order);

/* pd-quote-symbols.c */
void     _pd_store_name_quote_asset   (GHashTable  *symbols,
                                       PdOrder     *order);

G_END_DECLS
