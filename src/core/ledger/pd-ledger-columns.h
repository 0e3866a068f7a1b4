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

/* How a backend's SQL names its parameters: "?" (SQLite) or "$1", "$2"…
 * (PostgreSQL). */
typedef enum
{
  PD_LEDGER_PARAMS_QUESTION,
  PD_LEDGER_PARAMS_NUMBERED,
} PdLedgerParams;

/* The SQL every backend runs on the order columns, in the tables' order:
 * "SELECT id, …, revision FROM orders " (a WHERE or ORDER BY follows);
 * an INSERT of every column; an UPDATE of every column but the fixed
 * ones, whose last two parameters are the id and the revision read. */
char          *pd_ledger_build_select_columns_sql (void);
char          *pd_ledger_build_insert_sql         (PdLedgerParams params);
char          *pd_ledger_build_update_sql         (PdLedgerParams params);

/* Defines `static const char *NAME (void)`, the SQL @build (an
 * expression returning an allocated string) makes, built once: the
 * order columns never change while running, and a backend may find its
 * statements by the SQL's address. */
#define PD_LEDGER_DEFINE_CACHED_SQL(name, build) \
  static const char * \
  name (void) \
  { \
    static gsize sql = 0; \
    \
    if (g_once_init_enter (&sql)) \
      g_once_init_leave (&sql, (gsize) (build)); \
    \
    return (const char *) sql; \
  }

/* The mismatch column: the fields joined by commas, or NULL. */
char          *pd_ledger_join_mismatch  (PdOrder *order);
/* Sets the columns after the times, as a row holds them: @state and
 * @link_kind by name, @mismatch joined by commas (NULL for none). */
void           pd_ledger_set_other_columns (PdOrder    *order,
                                            const char *state,
                                            const char *link_kind,
                                            int         confirmations,
                                            const char *mismatch);
/* A loader of the string columns, by the names of their properties. */
PdOrderLoader *pd_ledger_order_loader_new (void);

G_END_DECLS
