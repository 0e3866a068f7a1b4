/* test-takings.c: the takings of a range of days, per period and asset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-takings.h"

#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define BTC  "c6d0c728-2624-429b-8e0d-d9d19b6592fa"

static GTimeZone *zone;

static gint64
local_time (const char *text)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, zone);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

/* @paid: the local time Paydesk verified it, or NULL. */
static PdOrder *
add_order (GPtrArray    *orders,
           const char   *asset,
           const char   *symbol,
           const char   *amount,
           PdOrderState  state,
           const char   *created,
           const char   *paid)
{
  PdOrder *order = pd_order_new ();
  g_autofree char *order_id = g_strdup_printf ("order-%u", orders->len);

  pd_order_set_order_id (order, order_id);
  pd_order_set_quote_asset_id (order, asset);
  pd_order_set_quote_symbol (order, symbol);
  pd_order_set_quote_amount (order, amount);
  pd_order_set_state (order, state);
  pd_order_set_created_at (order, local_time (created));
  if (paid != NULL)
    pd_order_set_paid_at (order, local_time (paid));
  g_ptr_array_add (orders, order);
  return order;
}

static void
date_set (GDate      *date,
          const char *text)
{
  g_assert_true (pd_takings_parse_date (text, date));
}

static PdTakings *
compute (GPtrArray   *orders,
         const char  *from,
         const char  *to,
         PdTakingsBy  by)
{
  GDate f, t;

  date_set (&f, from);
  date_set (&t, to);
  return pd_takings_new_for_orders (orders, &f, &t, by, zone);
}

static PdTakingsAsset *
asset_at (GPtrArray *assets,
          guint      i)
{
  g_assert_cmpuint (i, <, assets->len);
  return g_ptr_array_index (assets, i);
}

static void
test_exact_sum (void)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PdTakings) takings = NULL;
  PdTakingsAsset *usdt;
  const char * const amounts[] = { "0.1", "0.2", "12345678.12345678", "0.00000001" };

  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    add_order (orders, USDT, "USDT", amounts[i], PD_ORDER_STATE_PAID,
               "2026-11-25T09:00:00", "2026-11-25T09:01:00");

  takings = compute (orders, "2026-11-01", "2026-11-30", PD_TAKINGS_BY_DAY);
  usdt = asset_at (pd_takings_get_totals (takings), 0);
  g_assert_cmpstr (usdt->paid_total, ==, "12345678.42345679");
  g_assert_cmpuint (usdt->paid_count, ==, 4);
  g_assert_cmpstr (usdt->open_total, ==, "0");
  g_assert_cmpuint (pd_takings_get_paid_orders (takings)->len, ==, 4);

  /* Carries through every digit, and a longer scale arriving late. */
  g_ptr_array_set_size (orders, 0);
  add_order (orders, USDT, "USDT", "99999999999999999999.99", PD_ORDER_STATE_PAID,
             "2026-11-25T09:00:00", "2026-11-25T09:01:00");
  add_order (orders, USDT, "USDT", "0.001", PD_ORDER_STATE_PAID,
             "2026-11-25T09:00:00", "2026-11-25T09:01:00");
  add_order (orders, USDT, "USDT", "0.009", PD_ORDER_STATE_PAID,
             "2026-11-25T09:00:00", "2026-11-25T09:01:00");
  g_clear_pointer (&takings, pd_takings_free);
  takings = compute (orders, "2026-11-25", "2026-11-25", PD_TAKINGS_BY_DAY);
  g_assert_cmpstr (asset_at (pd_takings_get_totals (takings), 0)->paid_total, ==,
                   "100000000000000000000");
}

/* A mismatch is never takings, whatever its state; failed and
 * cancelled are counted apart; the rest is open. */
static void
test_states (void)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PdTakings) takings = NULL;
  const char * const amount_field[] = { "quoteAmount", NULL };
  PdTakingsAsset *usdt;
  PdOrder *order;

  add_order (orders, USDT, "USDT", "10", PD_ORDER_STATE_PAID, "2026-11-25T09:00:00", "2026-11-25T09:05:00");
  add_order (orders, USDT, "USDT", "7", PD_ORDER_STATE_MISMATCH, "2026-11-25T09:00:00", NULL);
  /* Paid, but with a mismatch: the state must not be trusted alone. */
  order = add_order (orders, USDT, "USDT", "1000", PD_ORDER_STATE_PAID, "2026-11-25T09:00:00", "2026-11-25T09:05:00");
  pd_order_set_mismatch (order, amount_field);
  order = add_order (orders, USDT, "USDT", "3", PD_ORDER_STATE_PAID_LESS, "2026-11-25T09:00:00", NULL);
  pd_order_set_mismatch (order, amount_field);
  add_order (orders, USDT, "USDT", "2", PD_ORDER_STATE_FAILED, "2026-11-25T10:00:00", NULL);
  add_order (orders, USDT, "USDT", "4", PD_ORDER_STATE_CANCELLED, "2026-11-25T10:00:00", NULL);
  add_order (orders, USDT, "USDT", "1.5", PD_ORDER_STATE_UNPAID, "2026-11-25T11:00:00", NULL);
  add_order (orders, USDT, "USDT", "2.25", PD_ORDER_STATE_CONFIRMING, "2026-11-25T11:00:00", NULL);
  add_order (orders, USDT, "USDT", "0.25", PD_ORDER_STATE_PAID_LESS, "2026-11-25T11:00:00", NULL);
  add_order (orders, USDT, "USDT", "1", PD_ORDER_STATE_UNKNOWN, "2026-11-25T11:00:00", NULL);

  takings = compute (orders, "2026-11-25", "2026-11-25", PD_TAKINGS_BY_DAY);
  g_assert_cmpuint (pd_takings_get_periods (takings)->len, ==, 1);
  usdt = asset_at (pd_takings_get_totals (takings), 0);
  g_assert_cmpuint (usdt->paid_count, ==, 1);
  g_assert_cmpstr (usdt->paid_total, ==, "10");
  g_assert_cmpuint (usdt->mismatch_count, ==, 3);
  g_assert_cmpuint (usdt->failed_count, ==, 1);
  g_assert_cmpuint (usdt->cancelled_count, ==, 1);
  g_assert_cmpuint (usdt->open_count, ==, 4);
  g_assert_cmpstr (usdt->open_total, ==, "5");
  g_assert_cmpuint (usdt->state_counts[PD_ORDER_STATE_PAID], ==, 2);
  g_assert_cmpuint (usdt->state_counts[PD_ORDER_STATE_PAID_LESS], ==, 2);
  g_assert_cmpuint (usdt->state_counts[PD_ORDER_STATE_UNPAID], ==, 1);
  g_assert_cmpuint (pd_takings_get_paid_orders (takings)->len, ==, 1);
}

/* Paid orders count on the local day Paydesk verified them, others on
 * the day they were made; the range is inclusive and local. */
static void
test_days (void)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PdTakings) takings = NULL;
  GPtrArray *periods;
  PdTakingsPeriod *period;

  /* Made on the 24th, verified just after midnight on the 25th. */
  add_order (orders, USDT, "USDT", "5", PD_ORDER_STATE_PAID, "2026-11-24T23:50:00", "2026-11-25T00:00:10");
  /* An unpaid order of the 24th stays there. */
  add_order (orders, USDT, "USDT", "3", PD_ORDER_STATE_UNPAID, "2026-11-24T23:59:59", NULL);
  /* Outside the range on both sides. */
  add_order (orders, USDT, "USDT", "100", PD_ORDER_STATE_PAID, "2026-11-22T10:00:00", "2026-11-22T23:59:59");
  add_order (orders, USDT, "USDT", "100", PD_ORDER_STATE_PAID, "2026-11-27T00:00:00", "2026-11-27T00:00:00");
  /* The last second of the range is in it. */
  add_order (orders, USDT, "USDT", "1", PD_ORDER_STATE_PAID, "2026-11-26T23:59:00", "2026-11-26T23:59:59");

  takings = compute (orders, "2026-11-23", "2026-11-26", PD_TAKINGS_BY_DAY);
  periods = pd_takings_get_periods (takings);
  /* The 23rd has no orders and is left out. */
  g_assert_cmpuint (periods->len, ==, 3);
  period = g_ptr_array_index (periods, 0);
  g_assert_cmpstr (period->period, ==, "2026-11-24");
  g_assert_cmpuint (asset_at (period->assets, 0)->paid_count, ==, 0);
  g_assert_cmpuint (asset_at (period->assets, 0)->open_count, ==, 1);
  period = g_ptr_array_index (periods, 1);
  g_assert_cmpstr (period->period, ==, "2026-11-25");
  g_assert_cmpstr (asset_at (period->assets, 0)->paid_total, ==, "5");
  period = g_ptr_array_index (periods, 2);
  g_assert_cmpstr (period->period, ==, "2026-11-26");
  g_assert_cmpstr (asset_at (period->assets, 0)->paid_total, ==, "1");
  g_assert_cmpstr (asset_at (pd_takings_get_totals (takings), 0)->paid_total, ==, "6");
}

/* A 23-hour day: the local midnights, not 24-hour steps, bound days. */
static void
test_daylight_saving (void)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PdTakings) takings = NULL;
  GPtrArray *periods;
  GTimeZone *saved = zone;

  zone = g_time_zone_new_identifier ("Europe/Berlin");
  if (zone == NULL)
    {
      zone = saved;
      g_test_skip ("no time zone data for Europe/Berlin");
      return;
    }

  add_order (orders, USDT, "USDT", "2", PD_ORDER_STATE_PAID, "2026-03-29T23:30:00", "2026-03-29T23:30:00");
  add_order (orders, USDT, "USDT", "3", PD_ORDER_STATE_PAID, "2026-03-30T00:10:00", "2026-03-30T00:10:00");
  takings = compute (orders, "2026-03-29", "2026-03-30", PD_TAKINGS_BY_DAY);
  periods = pd_takings_get_periods (takings);
  g_assert_cmpuint (periods->len, ==, 2);
  g_assert_cmpstr (asset_at (((PdTakingsPeriod *) g_ptr_array_index (periods, 0))->assets, 0)->paid_total, ==, "2");
  g_assert_cmpstr (asset_at (((PdTakingsPeriod *) g_ptr_array_index (periods, 1))->assets, 0)->paid_total, ==, "3");

  g_time_zone_unref (zone);
  zone = saved;
}

static void
test_grouping (void)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PdTakings) weeks = NULL;
  g_autoptr(PdTakings) months = NULL;
  GPtrArray *periods;
  PdTakingsPeriod *period;

  /* Monday 29 December 2025 is in week 1 of 2026. */
  add_order (orders, USDT, "USDT", "1", PD_ORDER_STATE_PAID, "2025-12-28T10:00:00", "2025-12-28T10:00:00");
  add_order (orders, USDT, "USDT", "2", PD_ORDER_STATE_PAID, "2025-12-29T10:00:00", "2025-12-29T10:00:00");
  add_order (orders, USDT, "USDT", "4", PD_ORDER_STATE_PAID, "2026-01-04T10:00:00", "2026-01-04T10:00:00");
  add_order (orders, USDT, "USDT", "8", PD_ORDER_STATE_PAID, "2026-01-05T10:00:00", "2026-01-05T10:00:00");

  weeks = compute (orders, "2025-12-27", "2026-01-05", PD_TAKINGS_BY_WEEK);
  periods = pd_takings_get_periods (weeks);
  g_assert_cmpuint (periods->len, ==, 3);
  period = g_ptr_array_index (periods, 0);
  g_assert_cmpstr (period->period, ==, "2025-W52");
  g_assert_cmpstr (asset_at (period->assets, 0)->paid_total, ==, "1");
  /* Clipped to the range: the week began on the 22nd. */
  g_assert_cmpuint (g_date_get_day (&period->first), ==, 27);
  period = g_ptr_array_index (periods, 1);
  g_assert_cmpstr (period->period, ==, "2026-W01");
  g_assert_cmpstr (asset_at (period->assets, 0)->paid_total, ==, "6");
  period = g_ptr_array_index (periods, 2);
  g_assert_cmpstr (period->period, ==, "2026-W02");

  months = compute (orders, "2025-12-01", "2026-01-31", PD_TAKINGS_BY_MONTH);
  periods = pd_takings_get_periods (months);
  g_assert_cmpuint (periods->len, ==, 2);
  g_assert_cmpstr (((PdTakingsPeriod *) g_ptr_array_index (periods, 0))->period, ==, "2025-12");
  g_assert_cmpstr (asset_at (((PdTakingsPeriod *) g_ptr_array_index (periods, 0))->assets, 0)->paid_total, ==, "3");
  g_assert_cmpstr (((PdTakingsPeriod *) g_ptr_array_index (periods, 1))->period, ==, "2026-01");
  g_assert_cmpstr (asset_at (((PdTakingsPeriod *) g_ptr_array_index (periods, 1))->assets, 0)->paid_total, ==, "12");
}

/* Each quote asset has its own row, sorted by symbol; the model and the
 * array give the same figures. */
static void
test_assets_and_model (void)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListStore) model = g_list_store_new (PD_TYPE_ORDER);
  g_autoptr(PdTakings) takings = NULL;
  g_autoptr(PdTakings) from_model = NULL;
  GPtrArray *totals;
  GDate from, to;

  add_order (orders, USDT, "USDT", "10", PD_ORDER_STATE_PAID, "2026-11-25T09:00:00", "2026-11-25T09:00:00");
  add_order (orders, BTC, "BTC", "0.0001", PD_ORDER_STATE_PAID, "2026-11-25T09:00:00", "2026-11-25T09:00:00");
  add_order (orders, BTC, "BTC", "0.0002", PD_ORDER_STATE_UNPAID, "2026-11-25T09:00:00", NULL);
  /* The same asset in capitals is the same asset. */
  add_order (orders, "4D8C508B-91C5-375B-92B0-EE702ED2DAC5", "USDT", "5", PD_ORDER_STATE_PAID,
             "2026-11-25T09:00:00", "2026-11-25T09:00:00");

  takings = compute (orders, "2026-11-25", "2026-11-25", PD_TAKINGS_BY_DAY);
  totals = pd_takings_get_totals (takings);
  g_assert_cmpuint (totals->len, ==, 2);
  g_assert_cmpstr (asset_at (totals, 0)->quote_symbol, ==, "BTC");
  g_assert_cmpstr (asset_at (totals, 0)->quote_asset_id, ==, BTC);
  g_assert_cmpstr (asset_at (totals, 0)->paid_total, ==, "0.0001");
  g_assert_cmpstr (asset_at (totals, 0)->open_total, ==, "0.0002");
  g_assert_cmpstr (asset_at (totals, 1)->quote_symbol, ==, "USDT");
  g_assert_cmpstr (asset_at (totals, 1)->paid_total, ==, "15");

  for (guint i = 0; i < orders->len; i++)
    g_list_store_append (model, g_ptr_array_index (orders, i));
  date_set (&from, "2026-11-25");
  date_set (&to, "2026-11-25");
  from_model = pd_takings_new_for_model (G_LIST_MODEL (model), &from, &to, PD_TAKINGS_BY_DAY, zone);
  g_assert_cmpuint (pd_takings_get_totals (from_model)->len, ==, 2);
  g_assert_cmpstr (asset_at (pd_takings_get_totals (from_model), 1)->paid_total, ==, "15");
}

static void
test_parse (void)
{
  GDate date;
  PdTakingsBy by;
  g_autofree char *text = NULL;

  g_assert_true (pd_takings_parse_date ("2028-02-29", &date));
  text = pd_takings_format_date (&date);
  g_assert_cmpstr (text, ==, "2028-02-29");
  g_assert_false (pd_takings_parse_date ("2026-02-29", &date));
  g_assert_false (pd_takings_parse_date ("2026-2-01", &date));
  g_assert_false (pd_takings_parse_date ("2026-13-01", &date));
  g_assert_false (pd_takings_parse_date ("2026-11-01x", &date));
  g_assert_false (pd_takings_parse_date ("+026-11-01", &date));
  g_assert_false (pd_takings_parse_date ("", &date));

  g_assert_true (pd_takings_by_from_string ("week", &by));
  g_assert_cmpint (by, ==, PD_TAKINGS_BY_WEEK);
  g_assert_false (pd_takings_by_from_string ("year", &by));
  g_assert_false (pd_takings_by_from_string ("Day", &by));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  zone = g_time_zone_new_identifier ("Asia/Shanghai");
  if (zone == NULL)
    zone = g_time_zone_new_offset (8 * 3600);

  g_test_add_func ("/takings/exact-sum", test_exact_sum);
  g_test_add_func ("/takings/states", test_states);
  g_test_add_func ("/takings/days", test_days);
  g_test_add_func ("/takings/daylight-saving", test_daylight_saving);
  g_test_add_func ("/takings/grouping", test_grouping);
  g_test_add_func ("/takings/assets-and-model", test_assets_and_model);
  g_test_add_func ("/takings/parse", test_parse);

  status = g_test_run ();
  g_time_zone_unref (zone);
  return status;
}
