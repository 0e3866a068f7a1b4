/* pd-ledger-paths.h: the files of a ledger on disk
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Beside a ledger at PATH: the poller's lock, PATH + this. */
#define PD_LEDGER_POLL_LOCK_SUFFIX ".poll-lock"

/* Beside a ledger at PATH: the folder PATH + this holds one file, the
 * stamp that writers touch after each commit (see pd_store_watch()). */
#define PD_LEDGER_CHANGES_SUFFIX "-changes"
#define PD_LEDGER_CHANGES_STAMP  "stamp"

/* The ledger's own path + PD_LEDGER_POLL_LOCK_SUFFIX. */
char *pd_ledger_dup_poll_lock_path (const char *ledger_path);

G_END_DECLS
