/* pd-cli-common.c: what the commands of paydesk-cli share
 *
 * Option contexts, opening the ledger, the app's settings and MixPay,
 * finding orders, and writing output safely.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "pd-pg-backend.h"
#include "pd-asset-cache.h"
#include "pd-cli-common.h"
#include "pd-paylink.h"
#include "pd-request-gate.h"

GOptionContext *
pd_cli_context_new (PdCli              *cli,
                    const char         *parameter_string,
                    const char         *summary,
                    const GOptionEntry *entries,
                    gboolean           *show_help)
{
  const GOptionEntry help_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, show_help, N_("Show the options"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (parameter_string);

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  /* Our own --help lists the global options too. */
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, help_entries, GETTEXT_PACKAGE);
  pd_cli_add_global_options (cli, context);

  return context;
}

gboolean
pd_cli_parse (GOptionContext   *context,
              gboolean         *show_help,
              int              *argc,
              char           ***argv,
              int              *status)
{
  if (!pd_cli_parse_options (context, argc, argv))
    {
      *status = PD_CLI_EXIT_USAGE;
      return FALSE;
    }

  if (*show_help)
    {
      g_autofree char *help = g_option_context_get_help (context, FALSE, NULL);

      *status = pd_cli_print (help);
      return FALSE;
    }

  return TRUE;
}

PdStore *
pd_cli_open_store (PdCli *cli)
{
  g_autoptr(GError) error = NULL;
  PdStore *store = pd_store_open (cli->db_path, &error);

  if (store == NULL)
    {
      pd_cli_failure ("%s", error->message);
      /* The CLI never asks: a script would wait forever. libpq reads the
       * password from there. */
      if (g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_AUTH))
        pd_cli_failure ("%s", _("Put the ledger’s password in ~/.pgpass, or in the file PGPASSFILE names (readable by you alone: chmod 600)."));
    }
  else
    /* Orders show their quote asset's symbol ("10 USDT", not "10"), as
     * in the app: those recorded before it cached MixPay's list, and
     * those recorded now. */
    pd_asset_cache_name_orders (store, NULL);

  return store;
}

gboolean
pd_cli_state_filter_parse (const char       *text,
                           PdCliStateFilter *filter)
{
  filter->by_state = FALSE;
  filter->group = PD_ORDER_GROUP_ALL;

  if (text == NULL)
    return TRUE;

  if (pd_order_group_from_string (text, &filter->group))
    return TRUE;

  filter->by_state = pd_order_state_from_string (text, &filter->state);
  return filter->by_state;
}

gboolean
pd_cli_state_filter_matches (const PdCliStateFilter *filter,
                             PdOrder                *order)
{
  PdOrderState state = pd_order_get_state (order);

  if (filter->by_state)
    return state == filter->state;

  return pd_order_in_group (order, filter->group, g_get_real_time () / G_USEC_PER_SEC);
}

PdOrder *
pd_cli_find_order (PdStore    *store,
                   const char *order_id,
                   const char *payee_id,
                   int        *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = NULL;

  if (payee_id != NULL && !pd_paylink_validate_payee_id (payee_id, &error))
    {
      *status = pd_cli_usage_error ("--payee", "%s", pd_paylink_error_get_rule (error));
      return NULL;
    }

  if (payee_id != NULL)
    {
      PdOrder *order = pd_store_lookup_order (store, payee_id, order_id, &error);

      if (order == NULL && g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND))
        *status = pd_cli_usage_error ("ORDER_ID", _("no order “%s” for payee %s"), order_id, payee_id);
      else if (order == NULL)
        *status = pd_cli_failure ("%s", error->message);

      return order;
    }

  orders = pd_store_find_orders (store, order_id, &error);
  if (orders == NULL)
    {
      *status = pd_cli_failure ("%s", error->message);
      return NULL;
    }

  if (orders->len == 0)
    {
      *status = pd_cli_usage_error ("ORDER_ID", _("no order “%s” in the ledger"), order_id);
      return NULL;
    }

  if (orders->len > 1)
    {
      *status = pd_cli_usage_error ("--payee", _("%u payees have an order “%s”: name one"),
                                    orders->len, order_id);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (orders, 0));
}

/* Whether the ledger exists: the commands that only read orders or act
 * on one do not create it (a mistyped --db would leave a new ledger and
 * its folders behind). */
static gboolean
ledger_exists (PdCli *cli)
{
  g_autofree char *default_path = NULL;
  const char *path = cli->db_path;

  if (path == NULL)
    path = default_path = pd_store_dup_default_path ();

  /* A database server's ledger: opening it says what is wrong. */
  if (pd_pg_is_uri (path))
    return TRUE;

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

PdMixpayAsset *
pd_cli_lookup_cached_quote_asset (PdCli      *cli,
                                  const char *asset_id)
{
  g_autoptr(PdStore) store = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  PdMixpayAsset *asset;

  if (!ledger_exists (cli))
    return NULL;

  /* A ledger that cannot be opened is reported when the order is
   * recorded in it. */
  store = pd_store_open (cli->db_path, NULL);
  if (store != NULL)
    assets = pd_asset_cache_load (store, PD_ASSET_LIST_QUOTE, NULL);

  asset = pd_mixpay_assets_find (assets, asset_id);
  return asset != NULL ? pd_mixpay_asset_ref (asset) : NULL;
}

/* The orders of @store that pass @filter, created at or after @since. */
static GPtrArray *
list_matching_orders (PdStore                *store,
                      const PdCliStateFilter *filter,
                      gint64                  since,
                      int                    *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = pd_store_list_orders (store, &error);
  GPtrArray *matching;

  if (orders == NULL)
    {
      *status = pd_cli_failure ("%s", error->message);
      return NULL;
    }

  matching = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < orders->len; i++)
    {
      PdOrder *order = g_ptr_array_index (orders, i);

      if (pd_cli_state_filter_matches (filter, order) &&
          pd_order_get_created_at (order) >= since)
        g_ptr_array_add (matching, g_object_ref (order));
    }

  return matching;
}

GPtrArray *
pd_cli_list_orders (PdCli      *cli,
                    const char *state,
                    gint64      since,
                    int        *status)
{
  g_autoptr(PdStore) store = NULL;
  PdCliStateFilter filter;

  if (!pd_cli_state_filter_parse (state, &filter))
    {
      *status = pd_cli_usage_error ("--state",
                                    _("“%s” is neither a state (unpaid, confirming, paid_less, pending, auditing, paid, failed, mismatch, unknown, cancelled) nor a group (all, open, settled, attention)"),
                                    state);
      return NULL;
    }

  /* No ledger yet: no orders, and nothing created. */
  if (!ledger_exists (cli))
    return g_ptr_array_new_with_free_func (g_object_unref);

  store = pd_cli_open_store (cli);
  if (store == NULL)
    {
      *status = PD_CLI_EXIT_FAILURE;
      return NULL;
    }

  return list_matching_orders (store, &filter, since, status);
}

/* Refuses a file to write that is no file name, a folder, or the ledger
 * itself or a file beside it that it needs (an export or a QR code
 * written there would lose every order); a folder that does not exist is
 * a failure to write, as when writing. Checked before anything is
 * written or asked of MixPay. */
int
pd_cli_check_output_path (PdCli      *cli,
                          const char *option,
                          const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;

  if (*path == '\0')
    return pd_cli_usage_error (option, "%s", _("must name a file"));

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return pd_cli_usage_error (option, _("“%s” is a folder, not a file"), path);

  /* Files are written beside their name and moved over it: a device or a
   * pipe there would be replaced by a plain file. */
  if (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return pd_cli_usage_error (option, _("“%s” is not a regular file"), path);

  folder = g_path_get_dirname (path);
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    return pd_cli_failure (_("cannot write “%s”: the folder “%s” does not exist"), path, folder);

  if (!pd_store_check_output_path (cli->db_path, path, &error))
    return pd_cli_usage_error (option, "%s", error->message);

  return PD_CLI_EXIT_OK;
}

int
pd_cli_print (const char *text)
{
  if (fputs (text, stdout) < 0 || fflush (stdout) != 0)
    return pd_cli_failure ("%s", _("could not write to standard output"));

  return PD_CLI_EXIT_OK;
}

/* The app's settings, or NULL when its schema is not installed: the CLI
 * then works from its flags alone instead of aborting. */
GSettings *
pd_cli_open_app_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;

  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

PdOrder *
pd_cli_open_order (PdCli       *cli,
                   const char  *order_id,
                   const char  *payee_id,
                   PdStore    **store,
                   int         *status)
{
  g_return_val_if_fail (store != NULL && *store == NULL, NULL);

  if (!ledger_exists (cli))
    {
      *status = pd_cli_usage_error ("ORDER_ID", _("no order “%s” in the ledger"), order_id);
      return NULL;
    }

  *store = pd_cli_open_store (cli);
  if (*store == NULL)
    {
      *status = PD_CLI_EXIT_FAILURE;
      return NULL;
    }

  return pd_cli_find_order (*store, order_id, payee_id, status);
}

/* The client for --api-base, $PAYDESK_API_BASE, the app's setting or
 * MixPay itself, in that order; NULL after printing why. */
PdMixpayClient *
pd_cli_open_client (PdCli *cli,
                    int   *status)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *api_base = g_strdup (cli->api_base);
  PdMixpayClient *client;

  if (api_base == NULL && (settings = pd_cli_open_app_settings ()) != NULL)
    api_base = g_settings_get_string (settings, "api-base");

  client = pd_mixpay_client_new (api_base != NULL && *api_base != '\0' ? api_base : NULL, &error);
  if (client != NULL)
    {
      /* Every command's requests go through the ledger's one gate, with
       * the app's and the poller's. */
      g_autofree char *db_path = cli->db_path != NULL ? g_strdup (cli->db_path)
                                                      : pd_store_dup_default_path ();
      g_autoptr(PdRequestGate) gate = pd_request_gate_new_for_ledger (db_path, NULL);

      /* A shared ledger's budget is the account's, every desk's. */
      if (settings == NULL)
        settings = pd_cli_open_app_settings ();
      if (settings != NULL)
        {
          g_autofree char *payee_id = g_settings_get_string (settings, "payee-id");

          pd_request_gate_set_payee (gate, payee_id);
        }
      pd_mixpay_client_set_gate (client, gate);
    }
  else if (settings != NULL)
    *status = pd_cli_usage_error (_("setting api-base"), "%s", error->message);
  else
    *status = pd_cli_usage_error ("--api-base", "%s", error->message);

  return client;
}
