/* orders-fixture.h: a ledger with orders in every state, for the UI
 * tests and the screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

#define PAYEE_ID "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"

/* One order to store: USDT priced, settled in BTC, for PAYEE_ID. */
typedef struct
{
  const char   *order_id;
  const char   *amount;
  const char   *note;
  PdOrderState  state;
} PdTestOrder;

/* Creates the ledger at @path with @fixtures, oldest first, ten minutes
 * apart up to now, each moved to its state as the poller would (with
 * MixPay's answers from the fixtures folder where they matter). */
void pd_test_fill_ledger (const char        *path,
                          const PdTestOrder *fixtures,
                          guint              n_fixtures);

G_END_DECLS
