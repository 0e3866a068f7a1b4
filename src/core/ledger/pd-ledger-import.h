/* pd-ledger-import.h: copying a desk's SQLite ledger, every order with
 * its history, into another ledger
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

/* Opens @path, the SQLite ledger of a desk, to import it into the ledger
 * at @target_path (NULL: the default). Refuses, with an error that
 * names "FILE" and leaves every file as it was: a missing or unreadable
 * file, a database URI, a file that is not a Paydesk ledger, and the
 * target ledger itself. */
PdStore  *pd_ledger_import_open_source (const char  *target_path,
                                        const char  *path,
                                        GError     **error);

/* Copies every order of @source into @target with all it has (its
 * state, payment facts, note, cancel reason, times and its whole
 * history), in one transaction. An order whose (payee, order ID)
 * @target already has is not copied, and neither side is changed for
 * it: it goes to @refused (the source's orders, transfer container),
 * and the others are still imported. @n_imported: how many were. On
 * error nothing is imported. */
gboolean  pd_ledger_import             (PdStore     *target,
                                        PdStore     *source,
                                        guint       *n_imported,
                                        GPtrArray  **refused,
                                        GError     **error);

G_END_DECLS
