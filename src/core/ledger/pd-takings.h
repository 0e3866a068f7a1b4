/* pd-takings.h: what a shop took in a range of days, per period and asset
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-order.h"

G_BEGIN_DECLS

/* How the days of a range are grouped into periods. The string names
 * (pd_takings_by_to_string()) are paydesk-cli's --by values and part of
 * its JSON and CSV. */
typedef enum
{
  PD_TAKINGS_BY_DAY,    /* "2026-11-25" */
  PD_TAKINGS_BY_WEEK,   /* ISO 8601 weeks, Monday first: "2026-W48" */
  PD_TAKINGS_BY_MONTH,  /* "2026-11" */
} PdTakingsBy;

const char *pd_takings_by_to_string   (PdTakingsBy  by);
gboolean    pd_takings_by_from_string (const char  *name,
                                       PdTakingsBy *by);

/* What the orders of one quote asset came to in one period.
 *
 * Each order counts once, in exactly one of these:
 * - paid: state paid and no mismatch, i.e. verified by Paydesk against
 *   the order as it was created. paid_total is the exact sum of their
 *   quote amounts (what was verified as paid, in the quote asset).
 * - mismatch: any order whose payment named another payee, asset or
 *   amount (state mismatch, or a mismatch on an order in another state):
 *   never takings, never open.
 * - failed, cancelled: by state.
 * - open: every other order (unpaid, confirming, paid_less, pending,
 *   auditing, unknown): not settled yet, so MixPay may still turn it into
 *   takings. open_total is the sum of their quote amounts in full: a
 *   partial payment is not takings until the order is verified paid, and
 *   its worth in the quote asset is not known exactly.
 *
 * Totals are normalised decimal strings (pd-decimal.h), "0" when none. */
typedef struct
{
  char  *quote_asset_id;
  char  *quote_symbol;     /* nullable */
  guint  paid_count;
  char  *paid_total;
  guint  open_count;
  char  *open_total;
  guint  mismatch_count;
  guint  failed_count;
  guint  cancelled_count;
  /* The orders by stored state, for a view that lists every state. */
  guint  state_counts[PD_ORDER_STATE_LAST + 1];
} PdTakingsAsset;

/* One period of the range: its first and last local day (clipped to the
 * range) and a PdTakingsAsset for each quote asset with orders in it,
 * sorted by symbol, then asset ID. */
typedef struct
{
  char      *period;
  GDate      first;
  GDate      last;
  GPtrArray *assets;  /* (element-type PdTakingsAsset) */
} PdTakingsPeriod;

typedef struct _PdTakings PdTakings;

/* Paid orders count on the local day of paid_at (when Paydesk verified
 * them), every other order on the local day of created_at; local is
 * @zone (NULL: the local time zone). @from and @to are inclusive.
 * @orders (element-type PdOrder) is read only during the call. */
PdTakings       *pd_takings_new_for_orders   (GPtrArray       *orders,
                                              const GDate     *from,
                                              const GDate     *to,
                                              PdTakingsBy      by,
                                              GTimeZone       *zone);
/* The same over a GListModel of PdOrder. */
PdTakings       *pd_takings_new_for_model    (GListModel      *orders,
                                              const GDate     *from,
                                              const GDate     *to,
                                              PdTakingsBy      by,
                                              GTimeZone       *zone);
void             pd_takings_free             (PdTakings       *self);

const GDate     *pd_takings_get_from         (PdTakings       *self);
const GDate     *pd_takings_get_to           (PdTakings       *self);
PdTakingsBy      pd_takings_get_by           (PdTakings       *self);
/* The periods with at least one order, oldest first. (element-type PdTakingsPeriod) */
GPtrArray       *pd_takings_get_periods      (PdTakings       *self);
/* The whole range, per asset, sorted like a period's. (element-type PdTakingsAsset) */
GPtrArray       *pd_takings_get_totals       (PdTakings       *self);
/* The orders counted as paid, by paid_at, oldest first. (element-type PdOrder) */
GPtrArray       *pd_takings_get_paid_orders  (PdTakings       *self);

/* What to call the asset: its symbol, or its ID when the order was
 * recorded without one and no cached asset list names it, as the app
 * names such an order's asset. Never NULL. */
const char      *pd_takings_asset_get_name   (const PdTakingsAsset *asset);

/* "2026-11-25", the form of --from/--to and of the JSON's from and to. */
char            *pd_takings_format_date      (const GDate     *date);
/* Reads exactly YYYY-MM-DD of a real day; FALSE for anything else. */
gboolean         pd_takings_parse_date       (const char      *text,
                                              GDate           *date);
/* The local day of @unix_time in @zone (NULL: local). */
void             pd_takings_date_from_unix   (gint64           unix_time,
                                              GTimeZone       *zone,
                                              GDate           *date);
/* The day an order counts on (see above). */
gint64           pd_takings_order_time       (PdOrder         *order);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTakings, pd_takings_free)

G_END_DECLS
