/* pd-order-export.h: orders as JSON and CSV, for the CLI and the app
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pd-order.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* "2026-11-25T12:00:00Z", or NULL for 0 (never). */
char      *pd_order_export_format_time (gint64              unix_time);

/* One object with the documented snake_case keys (order_id, payee_id, …,
 * mismatch as an array and mismatch_reason in words, times as ISO 8601
 * UTC or null). */
JsonNode  *pd_order_to_json            (PdOrder            *order);
/* @events (element-type PdOrderEvent) as an array of
 * {time, kind, state, message, raw_json}. */
JsonNode  *pd_order_events_to_json     (GPtrArray          *events);
/* A JSON array of @orders (element-type PdOrder). */
char      *pd_order_export_json        (GPtrArray          *orders,
                                        gboolean            pretty);

/* One CSV cell: a value that a spreadsheet would run as a formula (it
 * starts with =, +, -, @, tab or CR) gets a leading ', then RFC 4180
 * quoting where needed. NULL is an empty cell. */
char      *pd_order_export_csv_cell    (const char         *value);
/* A header row and one row an order, CRLF line ends (RFC 4180). */
char      *pd_order_export_csv         (GPtrArray          *orders);

/* Writes @contents to @path through a temporary file and a rename, so
 * @path holds either the old or the whole new contents. */
gboolean   pd_order_export_write_file  (const char         *path,
                                        const char         *contents,
                                        GError            **error);

G_END_DECLS
