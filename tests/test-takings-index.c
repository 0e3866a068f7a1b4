/* test-takings-index.c: the takings of a period from orders filed by day
 *
 * The index must give exactly the figures of pd_takings_new_for_orders()
 * over the same orders, for any range and grouping, in any time zone,
 * and again after orders change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-takings.h"
#include "pd-takings-index.h"

#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define BTC  "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define DAY  (24 * 60 * 60)

static const char * const amount_field[] = { "quoteAmount", NULL };

/* The ranges a counter asks for, and their edges: single days at month
 * and year ends, months, a week across the new year, a custom year. */
static const struct {
  const char  *from;
  const char  *to;
  PdTakingsBy  by;
} ranges[] = {
  { "2026-03-29", "2026-03-29", PD_TAKINGS_BY_DAY },
  { "2026-03-30", "2026-03-30", PD_TAKINGS_BY_DAY },
  { "2026-10-25", "2026-10-25", PD_TAKINGS_BY_DAY },
  { "2026-12-31", "2026-12-31", PD_TAKINGS_BY_DAY },
  { "2027-01-01", "2027-01-01", PD_TAKINGS_BY_DAY },
  { "2026-11-01", "2026-11-30", PD_TAKINGS_BY_DAY },
  { "2026-02-01", "2026-02-28", PD_TAKINGS_BY_DAY },
  { "2026-12-28", "2027-01-03", PD_TAKINGS_BY_DAY },
  { "2026-01-01", "2026-12-31", PD_TAKINGS_BY_WEEK },
  { "2026-01-01", "2026-12-31", PD_TAKINGS_BY_MONTH },
  { "2025-06-15", "2027-06-15", PD_TAKINGS_BY_MONTH },
  { "2020-01-01", "2029-12-31", PD_TAKINGS_BY_MONTH },
  { "2026-06-10", "2026-06-20", PD_TAKINGS_BY_WEEK },
  { "2019-01-01", "2019-12-31", PD_TAKINGS_BY_DAY },
};

/* Helpers */

static void
assert_same_asset (const PdTakingsAsset *a,
                   const PdTakingsAsset *b)
{
  g_assert_cmpstr (a->quote_asset_id, ==, b->quote_asset_id);
  g_assert_cmpstr (a->quote_symbol, ==, b->quote_symbol);
  g_assert_cmpuint (a->paid_count, ==, b->paid_count);
  g_assert_cmpstr (a->paid_total, ==, b->paid_total);
  g_assert_cmpuint (a->open_count, ==, b->open_count);
  g_assert_cmpstr (a->open_total, ==, b->open_total);
  g_assert_cmpuint (a->mismatch_count, ==, b->mismatch_count);
  g_assert_cmpuint (a->failed_count, ==, b->failed_count);
  g_assert_cmpuint (a->cancelled_count, ==, b->cancelled_count);
  g_assert_cmpmem (a->state_counts, sizeof a->state_counts, b->state_counts, sizeof b->state_counts);
}

static void
assert_same_assets (GPtrArray *a,
                    GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    assert_same_asset (g_ptr_array_index (a, i), g_ptr_array_index (b, i));
}

static void
assert_same_takings (PdTakings *a,
                     PdTakings *b)
{
  GPtrArray *periods_a = pd_takings_get_periods (a);
  GPtrArray *periods_b = pd_takings_get_periods (b);
  GPtrArray *paid_a = pd_takings_get_paid_orders (a);
  GPtrArray *paid_b = pd_takings_get_paid_orders (b);

  g_assert_cmpint (g_date_compare (pd_takings_get_from (a), pd_takings_get_from (b)), ==, 0);
  g_assert_cmpint (g_date_compare (pd_takings_get_to (a), pd_takings_get_to (b)), ==, 0);
  g_assert_cmpint (pd_takings_get_by (a), ==, pd_takings_get_by (b));

  g_assert_cmpuint (periods_a->len, ==, periods_b->len);
  for (guint i = 0; i < periods_a->len; i++)
    {
      PdTakingsPeriod *pa = g_ptr_array_index (periods_a, i);
      PdTakingsPeriod *pb = g_ptr_array_index (periods_b, i);

      g_assert_cmpstr (pa->period, ==, pb->period);
      g_assert_cmpint (g_date_compare (&pa->first, &pb->first), ==, 0);
      g_assert_cmpint (g_date_compare (&pa->last, &pb->last), ==, 0);
      assert_same_assets (pa->assets, pb->assets);
    }

  assert_same_assets (pd_takings_get_totals (a), pd_takings_get_totals (b));

  /* The same orders, in the same order (the Z report's list). */
  g_assert_cmpuint (paid_a->len, ==, paid_b->len);
  for (guint i = 0; i < paid_a->len; i++)
    g_assert_true (g_ptr_array_index (paid_a, i) == g_ptr_array_index (paid_b, i));
}

/* Every range, both ways. */
static guint
assert_index_matches (PdTakingsIndex *index,
                      GPtrArray      *orders,
                      GTimeZone      *zone)
{
  guint counted = 0;

  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
    {
      g_autoptr(PdTakings) full = NULL;
      g_autoptr(PdTakings) fast = NULL;
      GPtrArray *totals;
      GDate from, to;

      g_assert_true (pd_takings_parse_date (ranges[r].from, &from));
      g_assert_true (pd_takings_parse_date (ranges[r].to, &to));
      full = pd_takings_new_for_orders (orders, &from, &to, ranges[r].by, zone);
      fast = pd_takings_index_count (index, &from, &to, ranges[r].by);
      assert_same_takings (full, fast);

      totals = pd_takings_get_totals (full);
      for (guint i = 0; i < totals->len; i++)
        counted += ((PdTakingsAsset *) g_ptr_array_index (totals, i))->paid_count;
    }

  return counted;
}

static gint64
local_time (GTimeZone  *zone,
            const char *text)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, zone);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

/* A ledger of two years around 2026 with every kind of order: three
 * assets (one without a symbol, one also written in capitals), every
 * state, mismatches, amounts of every scale and one that is not a
 * number, orders verified up to three days after they were made, many
 * near local midnight. Each paid_at differs, so the paid orders have one
 * order. */
static GPtrArray *
make_ledger (GTimeZone *zone,
             guint      n)
{
  GPtrArray *orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261206);
  gint64 start = local_time (zone, "2025-07-01T00:00:00");
  static const char * const assets[][2] = {
    { USDT, "USDT" }, { BTC, "BTC" }, { "usd", NULL }, { "4D8C508B-91C5-375B-92B0-EE702ED2DAC5", "USDT" },
  };
  static const char * const amounts[] = {
    "0.1", "0.2", "12345678.12345678", "0.00000001", "10", "99.99", "0.5", "1000000", "not a number",
  };

  for (guint i = 0; i < n; i++)
    {
      PdOrder *order = pd_order_new ();
      g_autofree char *order_id = g_strdup_printf ("order-%u", i);
      guint asset = g_rand_int_range (rand, 0, G_N_ELEMENTS (assets));
      PdOrderState state = g_rand_int_range (rand, 0, PD_ORDER_STATE_LAST + 1);
      /* Two years, mostly in the last minutes or first of a day. */
      gint64 created = start + (gint64) g_rand_int_range (rand, 0, 730) * DAY;

      if (g_rand_boolean (rand))
        created += g_rand_int_range (rand, 0, DAY);
      else
        created += DAY - g_rand_int_range (rand, 1, 600);

      pd_order_set_order_id (order, order_id);
      pd_order_set_quote_asset_id (order, assets[asset][0]);
      pd_order_set_quote_symbol (order, assets[asset][1]);
      pd_order_set_quote_amount (order, amounts[g_rand_int_range (rand, 0, G_N_ELEMENTS (amounts))]);
      pd_order_set_state (order, state);
      pd_order_set_created_at (order, created);
      if (state == PD_ORDER_STATE_PAID || g_rand_int_range (rand, 0, 4) == 0)
        pd_order_set_paid_at (order, created + g_rand_int_range (rand, 0, 3 * DAY) + i % 60);
      if (g_rand_int_range (rand, 0, 10) == 0)
        pd_order_set_mismatch (order, amount_field);
      g_ptr_array_add (orders, order);
    }

  return orders;
}

static PdTakingsIndex *
index_orders (GPtrArray *orders,
              GTimeZone *zone)
{
  PdTakingsIndex *index = pd_takings_index_new (zone);

  for (guint i = 0; i < orders->len; i++)
    pd_takings_index_add_order (index, g_ptr_array_index (orders, i));
  g_assert_cmpuint (pd_takings_index_get_n_orders (index), ==, orders->len);

  return index;
}

/* Tests */

static void
test_same_as_full (gconstpointer data)
{
  const char *identifier = data;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (identifier);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(PdTakingsIndex) index = NULL;

  if (zone == NULL)
    {
      g_test_skip ("no time zone data");
      return;
    }

  orders = make_ledger (zone, 1500);
  index = index_orders (orders, zone);
  /* The ledger is varied enough to mean something. */
  g_assert_cmpuint (assert_index_matches (index, orders, zone), >, 200);
  /* Asked twice, from the days' kept tallies. */
  assert_index_matches (index, orders, zone);
}

/* Orders change as MixPay answers; the index follows each one. */
static void
test_changes (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GPtrArray) orders = make_ledger (zone, 1000);
  g_autoptr(PdTakingsIndex) index = index_orders (orders, zone);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  GDate from, to;

  assert_index_matches (index, orders, zone);

  for (guint round = 0; round < 3; round++)
    {
      for (guint i = 0; i < 100; i++)
        {
          PdOrder *order = g_ptr_array_index (orders, g_rand_int_range (rand, 0, orders->len));

          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:
              /* Verified paid a day or two after it was made. */
              pd_order_set_paid_at (order, pd_order_get_created_at (order) + DAY + round * 3600 + i);
              pd_order_set_state (order, PD_ORDER_STATE_PAID);
              break;
            case 1:
              pd_order_set_state (order, PD_ORDER_STATE_MISMATCH);
              pd_order_set_mismatch (order, amount_field);
              break;
            case 2:
              pd_order_set_state (order, PD_ORDER_STATE_CANCELLED);
              break;
            default:
              pd_order_set_state (order, PD_ORDER_STATE_CONFIRMING);
              break;
            }
          pd_takings_index_add_order (index, order);
        }

      /* And new ones. */
      {
        g_autoptr(GPtrArray) more = make_ledger (zone, 50);

        for (guint i = 0; i < more->len; i++)
          {
            PdOrder *order = g_ptr_array_index (more, i);
            g_autofree char *order_id = g_strdup_printf ("round-%u-%u", round, i);

            pd_order_set_order_id (order, order_id);
            /* Distinct from every other order's paid_at. */
            if (pd_order_get_paid_at (order) != 0)
              pd_order_set_paid_at (order, pd_order_get_paid_at (order) + 100 + round * 50 + i);
            g_ptr_array_add (orders, g_object_ref (order));
            pd_takings_index_add_order (index, order);
          }
      }

      assert_index_matches (index, orders, zone);
    }

  /* An order moved out of the only day it had: that day is empty. */
  {
    g_autoptr(GPtrArray) one = make_ledger (zone, 1);
    g_autoptr(PdTakingsIndex) single = index_orders (one, zone);
    PdOrder *order = g_ptr_array_index (one, 0);
    g_autoptr(PdTakings) takings = NULL;

    pd_takings_date_from_unix (pd_order_get_created_at (order), zone, &from);
    pd_order_set_state (order, PD_ORDER_STATE_PAID);
    pd_order_set_paid_at (order, pd_order_get_created_at (order) + 5 * DAY);
    pd_takings_index_add_order (single, order);
    g_assert_cmpuint (pd_takings_index_get_n_orders (single), ==, 1);
    to = from;
    takings = pd_takings_index_count (single, &from, &to, PD_TAKINGS_BY_DAY);
    g_assert_cmpuint (pd_takings_get_totals (takings)->len, ==, 0);
    g_clear_pointer (&takings, pd_takings_free);
    g_date_add_days (&to, 6);
    takings = pd_takings_index_count (single, &from, &to, PD_TAKINGS_BY_DAY);
    g_assert_cmpuint (pd_takings_get_totals (takings)->len, ==, 1);
  }
}

/* An order recorded without its asset's symbol is named later from the
 * asset cache, with no change to its figures: the next count uses it. */
static void
test_symbol_named_later (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PdTakingsIndex) index = NULL;
  g_autoptr(PdTakings) before = NULL;
  g_autoptr(PdTakings) after = NULL;
  PdOrder *order = pd_order_new ();
  GDate day;

  pd_order_set_order_id (order, "unnamed");
  pd_order_set_quote_asset_id (order, "usd");
  pd_order_set_quote_amount (order, "4");
  pd_order_set_state (order, PD_ORDER_STATE_UNPAID);
  pd_order_set_created_at (order, local_time (zone, "2026-11-25T10:00:00"));
  g_ptr_array_add (orders, order);
  index = index_orders (orders, zone);
  g_assert_true (pd_takings_parse_date ("2026-11-25", &day));

  before = pd_takings_index_count (index, &day, &day, PD_TAKINGS_BY_DAY);
  g_assert_null (((PdTakingsAsset *) g_ptr_array_index (pd_takings_get_totals (before), 0))->quote_symbol);

  pd_order_set_quote_symbol (order, "USD");
  after = pd_takings_index_count (index, &day, &day, PD_TAKINGS_BY_DAY);
  g_assert_cmpstr (((PdTakingsAsset *) g_ptr_array_index (pd_takings_get_totals (after), 0))->quote_symbol,
                   ==, "USD");
  assert_index_matches (index, orders, zone);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Without daylight saving, with it (its transitions are not at
   * midnight), behind UTC by a half hour, and UTC. */
  g_test_add_data_func ("/takings-index/same-as-full/shanghai", "Asia/Shanghai", test_same_as_full);
  g_test_add_data_func ("/takings-index/same-as-full/berlin", "Europe/Berlin", test_same_as_full);
  g_test_add_data_func ("/takings-index/same-as-full/st-johns", "America/St_Johns", test_same_as_full);
  g_test_add_data_func ("/takings-index/same-as-full/utc", "UTC", test_same_as_full);
  g_test_add_func ("/takings-index/changes", test_changes);
  g_test_add_func ("/takings-index/symbol-named-later", test_symbol_named_later);

  return g_test_run ();
}
