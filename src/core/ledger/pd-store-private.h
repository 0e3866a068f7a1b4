/* pd-store-private.h: what PdStore's files share
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

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
