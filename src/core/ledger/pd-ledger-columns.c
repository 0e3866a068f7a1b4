/* pd-ledger-columns.c: the ledger's order columns and the PdOrder
 * accessors each maps onto, whatever the backend
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-ledger-columns.h"

const PdLedgerStringColumn pd_ledger_string_columns[PD_LEDGER_N_STRING_COLUMNS] = {
  { "order_id", pd_order_get_order_id, pd_order_set_order_id },
  { "payee_id", pd_order_get_payee_id, pd_order_set_payee_id },
  { "settlement_asset_id", pd_order_get_settlement_asset_id, pd_order_set_settlement_asset_id },
  { "quote_asset_id", pd_order_get_quote_asset_id, pd_order_set_quote_asset_id },
  { "quote_symbol", pd_order_get_quote_symbol, pd_order_set_quote_symbol },
  { "quote_amount", pd_order_get_quote_amount, pd_order_set_quote_amount },
  { "return_to", pd_order_get_return_to, pd_order_set_return_to },
  { "remark", pd_order_get_remark, pd_order_set_remark },
  { "note", pd_order_get_note, pd_order_set_note },
  { "link", pd_order_get_link, pd_order_set_link },
  { "trace_id", pd_order_get_trace_id, pd_order_set_trace_id },
  { "cancel_reason", pd_order_get_cancel_reason, pd_order_set_cancel_reason },
  { "mixpay_status", pd_order_get_mixpay_status, pd_order_set_mixpay_status },
  { "payment_amount", pd_order_get_payment_amount, pd_order_set_payment_amount },
  { "payment_symbol", pd_order_get_payment_symbol, pd_order_set_payment_symbol },
  { "payable_amount", pd_order_get_payable_amount, pd_order_set_payable_amount },
  { "payable_symbol", pd_order_get_payable_symbol, pd_order_set_payable_symbol },
  { "txid", pd_order_get_txid, pd_order_set_txid },
  { "explorer_url", pd_order_get_explorer_url, pd_order_set_explorer_url },
  { "failure_code", pd_order_get_failure_code, pd_order_set_failure_code },
  { "failure_reason", pd_order_get_failure_reason, pd_order_set_failure_reason },
  { "surplus_amount", pd_order_get_surplus_amount, pd_order_set_surplus_amount },
  { "surplus_status", pd_order_get_surplus_status, pd_order_set_surplus_status },
  { "settle_status", pd_order_get_settle_status, pd_order_set_settle_status },
  { "settle_amount", pd_order_get_settle_amount, pd_order_set_settle_amount },
  { "settle_symbol", pd_order_get_settle_symbol, pd_order_set_settle_symbol },
};

const PdLedgerTimeColumn pd_ledger_time_columns[PD_LEDGER_N_TIME_COLUMNS] = {
  { "created_at", pd_order_get_created_at, pd_order_set_created_at },
  { "expires_at", pd_order_get_expires_at, pd_order_set_expires_at },
  { "updated_at", pd_order_get_updated_at, pd_order_set_updated_at },
  { "last_checked_at", pd_order_get_last_checked_at, pd_order_set_last_checked_at },
  { "next_check_at", pd_order_get_next_check_at, pd_order_set_next_check_at },
  { "cancelled_at", pd_order_get_cancelled_at, pd_order_set_cancelled_at },
  { "paid_at", pd_order_get_paid_at, pd_order_set_paid_at },
};

const char * const pd_ledger_other_columns[PD_LEDGER_N_OTHER_COLUMNS] = {
  "state", "link_kind", "confirmations", "mismatch",
};

/* SQL ------------------------------------------------------------------ */

static void
append_param (GString        *sql,
              PdLedgerParams  params,
              guint           n)
{
  if (params == PD_LEDGER_PARAMS_NUMBERED)
    g_string_append_printf (sql, "$%u", n);
  else
    g_string_append_c (sql, '?');
}

char *
pd_ledger_build_select_columns_sql (void)
{
  GString *sql = g_string_new ("SELECT id");

  for (guint i = 0; i < G_N_ELEMENTS (pd_ledger_string_columns); i++)
    g_string_append_printf (sql, ", %s", pd_ledger_string_columns[i].column);
  for (guint i = 0; i < G_N_ELEMENTS (pd_ledger_time_columns); i++)
    g_string_append_printf (sql, ", %s", pd_ledger_time_columns[i].column);
  for (guint i = 0; i < G_N_ELEMENTS (pd_ledger_other_columns); i++)
    g_string_append_printf (sql, ", %s", pd_ledger_other_columns[i]);
  g_string_append (sql, ", revision FROM orders ");

  return g_string_free (sql, FALSE);
}

char *
pd_ledger_build_insert_sql (PdLedgerParams params)
{
  GString *sql = g_string_new ("INSERT INTO orders (");
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (pd_ledger_string_columns); i++, n++)
    g_string_append_printf (sql, "%s%s", n ? ", " : "", pd_ledger_string_columns[i].column);
  for (guint i = 0; i < G_N_ELEMENTS (pd_ledger_time_columns); i++, n++)
    g_string_append_printf (sql, ", %s", pd_ledger_time_columns[i].column);
  for (guint i = 0; i < G_N_ELEMENTS (pd_ledger_other_columns); i++, n++)
    g_string_append_printf (sql, ", %s", pd_ledger_other_columns[i]);

  g_string_append (sql, ") VALUES (");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      append_param (sql, params, i + 1);
    }
  g_string_append (sql, ")");

  return g_string_free (sql, FALSE);
}

char *
pd_ledger_build_update_sql (PdLedgerParams params)
{
  GString *sql = g_string_new ("UPDATE orders SET ");
  guint n = 0;

  for (guint i = PD_LEDGER_N_KEY_COLUMNS; i < G_N_ELEMENTS (pd_ledger_string_columns); i++)
    {
      g_string_append_printf (sql, "%s%s = ", n ? ", " : "", pd_ledger_string_columns[i].column);
      append_param (sql, params, ++n);
    }
  for (guint i = PD_LEDGER_N_FIXED_TIME_COLUMNS; i < G_N_ELEMENTS (pd_ledger_time_columns); i++)
    {
      g_string_append_printf (sql, ", %s = ", pd_ledger_time_columns[i].column);
      append_param (sql, params, ++n);
    }
  for (guint i = 0; i < G_N_ELEMENTS (pd_ledger_other_columns); i++)
    {
      g_string_append_printf (sql, ", %s = ", pd_ledger_other_columns[i]);
      append_param (sql, params, ++n);
    }
  g_string_append (sql, ", revision = revision + 1 WHERE id = ");
  append_param (sql, params, ++n);
  g_string_append (sql, " AND revision = ");
  append_param (sql, params, ++n);

  return g_string_free (sql, FALSE);
}

/* Rows ----------------------------------------------------------------- */

void
pd_ledger_set_other_columns (PdOrder    *order,
                             const char *state,
                             const char *link_kind,
                             int         confirmations,
                             const char *mismatch)
{
  PdOrderState state_value = PD_ORDER_STATE_UNKNOWN;
  PdOrderLinkKind link_kind_value = PD_ORDER_LINK_KIND_PAYLINK;

  /* A state name this build does not know reads as unknown: still open,
   * never shown as paid. */
  pd_order_state_from_string (state, &state_value);
  pd_order_set_state (order, state_value);
  pd_order_link_kind_from_string (link_kind, &link_kind_value);
  pd_order_set_link_kind (order, link_kind_value);
  pd_order_set_confirmations (order, confirmations);

  if (mismatch != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (mismatch, ",", -1);

      pd_order_set_mismatch (order, (const char * const *) fields);
    }
  else
    {
      pd_order_set_mismatch (order, NULL);
    }
}

char *
pd_ledger_join_mismatch (PdOrder *order)
{
  const char * const *fields = pd_order_get_mismatch (order);

  /* Field names are identifiers such as "payeeId": no commas in them. */
  return fields != NULL ? g_strjoinv (",", (char **)fields) : NULL;
}

PdOrderLoader *
pd_ledger_order_loader_new (void)
{
  const char *names[G_N_ELEMENTS (pd_ledger_string_columns) + 1] = { NULL };
  char property[64];

  for (guint i = 0; i < G_N_ELEMENTS (pd_ledger_string_columns); i++)
    {
      g_strlcpy (property, pd_ledger_string_columns[i].column, sizeof property);
      g_strdelimit (property, "_", '-');
      names[i] = g_intern_string (property);
    }

  return _pd_order_loader_new (names);
}
