/* orders-fixture.c: a ledger with orders in every state, for the UI
 * tests and the screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "orders-fixture.h"
#include "pd-paylink.h"

static char *
read_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("PAYDESK_TEST_FIXTURES"), name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static PdOrder *
new_order (const PdTestOrder *fixture,
           gint64             created_at)
{
  PdOrder *order = pd_order_new ();
  PdPaylinkParams params = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;

  params.payee_id = PAYEE_ID;
  params.settlement_asset_id = BTC;
  params.quote_asset_id = USDT;
  params.quote_amount = fixture->amount;
  params.order_id = fixture->order_id;
  link = pd_paylink_build (&params, NULL, &error);
  g_assert_no_error (error);

  pd_order_set_order_id (order, fixture->order_id);
  pd_order_set_payee_id (order, PAYEE_ID);
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, USDT);
  pd_order_set_quote_symbol (order, "USDT");
  pd_order_set_quote_amount (order, fixture->amount);
  pd_order_set_note (order, fixture->note);
  pd_order_set_link (order, link);
  pd_order_set_created_at (order, created_at);

  return order;
}

/* Moves a stored order to @state the way the poller does: properties,
 * then one update with MixPay's answer. */
static void
apply_state (PdStore      *store,
             PdOrder      *order,
             PdOrderState  state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *raw_json = NULL;

  switch (state)
    {
    case PD_ORDER_STATE_UNPAID:
      return;
    case PD_ORDER_STATE_CANCELLED:
      pd_store_cancel_order (store, order, "Paid in cash", &error);
      g_assert_no_error (error);
      return;
    case PD_ORDER_STATE_CONFIRMING:
      pd_order_set_confirmations (order, 3);
      pd_order_set_txid (order, "0x5b1f0c2a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a");
      pd_order_set_explorer_url (order, "https://etherscan.io/tx/0x5b1f0c2a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a");
      break;
    case PD_ORDER_STATE_PAID_LESS:
      pd_order_set_payable_amount (order, "10.013");
      pd_order_set_payable_symbol (order, "USDT");
      pd_order_set_payment_amount (order, "6.5");
      pd_order_set_payment_symbol (order, "USDT");
      break;
    case PD_ORDER_STATE_PAID:
      pd_order_set_payment_amount (order, "10.013");
      pd_order_set_payment_symbol (order, "USDT");
      pd_order_set_settle_amount (order, "0.00003");
      pd_order_set_settle_symbol (order, "BTC");
      pd_order_set_settle_status (order, "success");
      break;
    case PD_ORDER_STATE_MISMATCH:
      {
        const char * const fields[] = { "quoteAmount", NULL };

        raw_json = read_fixture ("payments_result-success-tampered-amount.json");
        pd_order_set_mismatch (order, fields);
        pd_order_set_payment_amount (order, "0.010013");
        pd_order_set_payment_symbol (order, "USDT");
        break;
      }
    case PD_ORDER_STATE_FAILED:
      raw_json = read_fixture ("payments_result-failed-overtime.json");
      pd_order_set_failure_code (order, "40000");
      break;
    default:
      break;
    }

  pd_order_set_mixpay_status (order, state == PD_ORDER_STATE_PAID ? "success" : "unpaid");
  pd_order_set_state (order, state);
  pd_store_update_order (store, order, PD_ORDER_EVENT_UPDATED, NULL, raw_json, &error);
  g_assert_no_error (error);
}

void
pd_test_fill_ledger (const char        *path,
                     const PdTestOrder *fixtures,
                     guint              n_fixtures)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (path, &error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_no_error (error);

  for (guint i = 0; i < n_fixtures; i++)
    {
      g_autoptr(PdOrder) order = new_order (&fixtures[i],
                                            now - (n_fixtures - i) * 600);

      pd_store_insert_order (store, order, &error);
      g_assert_no_error (error);
      apply_state (store, order, fixtures[i].state);
    }

  pd_store_close (store);
}

