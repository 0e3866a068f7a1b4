/* pd-cli-common.h: what the ledger commands of paydesk-cli share
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-cli-private.h"
#include "pd-mixpay-client.h"
#include "pd-order.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* A --state value: a state name (unpaid, paid_less…) or a group (all,
 * open, settled, paid, attention). */
typedef struct
{
  gboolean     by_state;
  PdOrderState state;
  PdOrderGroup group;
} PdCliStateFilter;

/* An option context with @entries, the global options and -h/--help. */
GOptionContext *pd_cli_context_new         (PdCli               *cli,
                                            const char          *parameter_string,
                                            const char          *summary,
                                            const GOptionEntry  *entries,
                                            gboolean            *show_help);
/* Parses; FALSE when the command should return *@status at once (an
 * invalid option, or --help printed). */
gboolean        pd_cli_parse               (GOptionContext      *context,
                                            gboolean            *show_help,
                                            int                 *argc,
                                            char              ***argv,
                                            int                 *status);
/* Opens the ledger of --db / $PAYDESK_DB / the default; NULL after
 * printing why (the command then exits with PD_CLI_EXIT_FAILURE). */
PdStore        *pd_cli_open_store          (PdCli               *cli);
/* (transfer full) (nullable): the entry of @asset_id in MixPay's quote
 * list as the app cached it in the ledger; NULL without a ledger (none
 * is created for this), a cached list, or the asset in it. */
PdMixpayAsset  *pd_cli_lookup_cached_quote_asset (PdCli         *cli,
                                                  const char    *asset_id);
gboolean        pd_cli_state_filter_parse  (const char          *text,
                                            PdCliStateFilter    *filter);
gboolean        pd_cli_state_filter_matches (const PdCliStateFilter *filter,
                                             PdOrder                *order);
/* The one order with @order_id (and @payee_id when not NULL); NULL after
 * printing why, with *@status set. */
PdOrder        *pd_cli_find_order          (PdStore             *store,
                                            const char          *order_id,
                                            const char          *payee_id,
                                            int                 *status);
/* Opens the ledger into *@store and finds the one order @order_id
 * there; NULL after printing why, with *@status set. */
PdOrder        *pd_cli_open_order          (PdCli               *cli,
                                            const char          *order_id,
                                            const char          *payee_id,
                                            PdStore            **store,
                                            int                 *status);
/* The orders passing --state @state (may be NULL) created at or after
 * @since, newest first; NULL after printing why, with *@status set. */
GPtrArray      *pd_cli_list_orders         (PdCli               *cli,
                                            const char          *state,
                                            gint64               since,
                                            int                 *status);
/* The app's settings (merchant defaults, API bases), or NULL when its
 * schema is not installed. */
GSettings      *pd_cli_open_app_settings   (void);
/* The MixPay client for --api-base, $PAYDESK_API_BASE, the app's setting
 * or MixPay itself; NULL after printing why, with *@status set. */
PdMixpayClient *pd_cli_open_client         (PdCli               *cli,
                                            int                 *status);
/* Writes @text to standard output and flushes it; returns an exit status. */
int             pd_cli_check_output_path   (PdCli               *cli,
                                            const char          *option,
                                            const char          *path);
int             pd_cli_print               (const char          *text);

G_END_DECLS
