/* pd-ledger-columns.h: the ledger's order columns and the PdOrder
 * accessors each maps onto, whatever the backend
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-order-private.h"

G_BEGIN_DECLS

/* The order columns that map one to one onto a string or time property,
 * read and written through the accessors (fast enough for 100,000 rows,
 * unlike g_object_set() by name). The first two are the key and never
 * change after insertion. */
typedef struct
{
  const char  *column;
  const char *(*get) (PdOrder *order);
  void        (*set) (PdOrder *order, const char *value);
} PdLedgerStringColumn;

typedef struct
{
  const char *column;
  gint64    (*get) (PdOrder *order);
  void      (*set) (PdOrder *order, gint64 value);
} PdLedgerTimeColumn;

#define PD_LEDGER_N_STRING_COLUMNS 26
#define PD_LEDGER_N_TIME_COLUMNS   7
#define PD_LEDGER_N_OTHER_COLUMNS  4

/* The key: the first PD_LEDGER_N_KEY_COLUMNS string columns. */
#define PD_LEDGER_N_KEY_COLUMNS 2

/* created_at, the first time column, never changes either. */
#define PD_LEDGER_N_FIXED_TIME_COLUMNS 1

extern const PdLedgerStringColumn pd_ledger_string_columns[PD_LEDGER_N_STRING_COLUMNS];
extern const PdLedgerTimeColumn   pd_ledger_time_columns[PD_LEDGER_N_TIME_COLUMNS];
/* The remaining columns, after the string and time ones, in this order:
 * state, link_kind, confirmations, mismatch. */
extern const char * const         pd_ledger_other_columns[PD_LEDGER_N_OTHER_COLUMNS];

/* The mismatch column: the fields joined by commas, or NULL. */
char          *pd_ledger_join_mismatch  (PdOrder *order);
/* A loader of the string columns, by the names of their properties. */
PdOrderLoader *pd_ledger_order_loader_new (void);

G_END_DECLS
