/* pd-takings.c: what a shop took in a range of days, per period and asset
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pd-decimal.h"
#include "pd-takings-private.h"

/* An exact running sum of decimal strings. pd_decimal_add() makes a new
 * string for every addition; at 100,000 orders that alone would take most of
 * the 100 ms a period's figures may take, so the sum is kept as digits,
 * least significant first, and added to in place. */
typedef struct
{
  guint8 *digits;  /* digits[0] is the unit of 10^-scale */
  gsize   len;
  gsize   alloc;
  gsize   scale;
} Sum;

struct _PdTakingsTally
{
  guint  paid_count;
  guint  open_count;
  guint  mismatch_count;
  guint  failed_count;
  guint  cancelled_count;
  guint  state_counts[PD_ORDER_STATE_LAST + 1];
  Sum    paid;
  Sum    open;
};

typedef struct _PdTakingsTally Tally;

typedef struct
{
  const char *id;      /* the first order's, as the order holds it */
  char       *id_copy;
  char       *symbol;
} AssetKey;

struct _PdTakings
{
  GDate        from;
  GDate        to;
  PdTakingsBy  by;
  GPtrArray   *periods;      /* PdTakingsPeriod, those with orders */
  GPtrArray   *totals;       /* PdTakingsAsset */
  GPtrArray   *paid_orders;  /* PdOrder */
};

static const char * const by_names[] = { "day", "week", "month" };

/* Sums -------------------------------------------------------------- */

static void
sum_reserve (Sum   *sum,
             gsize  len)
{
  if (len <= sum->len)
    return;

  if (len > sum->alloc)
    {
      sum->alloc = MAX (len, sum->alloc * 2);
      sum->digits = g_realloc (sum->digits, sum->alloc);
    }
  memset (sum->digits + sum->len, 0, len - sum->len);
  sum->len = len;
}

static gboolean
is_plain_decimal (const char *text,
                  gsize      *integer_len,
                  gsize      *fraction_len)
{
  const char *dot = NULL;
  const char *p;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;

  for (p = text; *p != '\0'; p++)
    {
      if (*p == '.' && dot == NULL && g_ascii_isdigit (p[1]))
        dot = p;
      else if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  *integer_len = dot != NULL ? (gsize) (dot - text) : (gsize) (p - text);
  *fraction_len = dot != NULL ? (gsize) (p - dot - 1) : 0;
  return TRUE;
}

/* FALSE, and @sum unchanged, when @text is not a plain decimal. */
static gboolean
sum_add (Sum        *sum,
         const char *text)
{
  gsize integer_len;
  gsize fraction_len;
  gsize position;
  guint carry = 0;

  if (!is_plain_decimal (text, &integer_len, &fraction_len))
    return FALSE;

  if (fraction_len > sum->scale)
    {
      gsize shift = fraction_len - sum->scale;
      gsize old_len = sum->len;

      sum_reserve (sum, old_len + shift);
      memmove (sum->digits + shift, sum->digits, old_len);
      memset (sum->digits, 0, shift);
      sum->scale = fraction_len;
    }

  sum_reserve (sum, sum->scale + integer_len + 1);
  position = sum->scale - fraction_len;

  for (gsize i = fraction_len; i-- > 0; position++)
    {
      guint digit = sum->digits[position] + (guint) (text[integer_len + 1 + i] - '0') + carry;

      sum->digits[position] = digit % 10;
      carry = digit / 10;
    }

  for (gsize i = integer_len; i-- > 0; position++)
    {
      guint digit = sum->digits[position] + (guint) (text[i] - '0') + carry;

      sum->digits[position] = digit % 10;
      carry = digit / 10;
    }

  for (; carry != 0; position++)
    {
      guint digit;

      sum_reserve (sum, position + 1);
      digit = sum->digits[position] + carry;
      sum->digits[position] = digit % 10;
      carry = digit / 10;
    }

  return TRUE;
}

static void
sum_add_sum (Sum       *sum,
             const Sum *other)
{
  g_autofree char *text = NULL;

  if (other->len == 0)
    return;

  text = g_malloc (other->len + 2);
  {
    char *p = text;

    for (gsize i = other->len; i-- > other->scale;)
      *p++ = '0' + other->digits[i];
    if (p == text)
      *p++ = '0';
    if (other->scale > 0)
      {
        *p++ = '.';
        for (gsize i = other->scale; i-- > 0;)
          *p++ = '0' + other->digits[i];
      }
    *p = '\0';
  }

  sum_add (sum, text);
}

static char *
sum_to_string (const Sum *sum)
{
  g_autofree char *text = NULL;
  GString *string;

  if (sum->len == 0)
    return g_strdup ("0");

  string = g_string_sized_new (sum->len + 2);
  for (gsize i = sum->len; i-- > sum->scale;)
    g_string_append_c (string, '0' + sum->digits[i]);
  if (string->len == 0)
    g_string_append_c (string, '0');
  if (sum->scale > 0)
    {
      g_string_append_c (string, '.');
      for (gsize i = sum->scale; i-- > 0;)
        g_string_append_c (string, '0' + sum->digits[i]);
    }

  text = g_string_free (string, FALSE);
  return pd_decimal_normalize (text);
}

static void
sum_clear (Sum *sum)
{
  g_clear_pointer (&sum->digits, g_free);
  sum->len = sum->alloc = sum->scale = 0;
}

/* Names and dates ---------------------------------------------------- */

const char *
pd_takings_by_to_string (PdTakingsBy by)
{
  g_return_val_if_fail (by <= PD_TAKINGS_BY_MONTH, NULL);

  return by_names[by];
}

gboolean
pd_takings_by_from_string (const char  *name,
                           PdTakingsBy *by)
{
  g_return_val_if_fail (by != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (by_names); i++)
    {
      if (strcmp (name, by_names[i]) == 0)
        {
          *by = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
pd_takings_asset_get_name (const PdTakingsAsset *asset)
{
  g_return_val_if_fail (asset != NULL, NULL);

  if (asset->quote_symbol != NULL && asset->quote_symbol[0] != '\0')
    return asset->quote_symbol;

  return asset->quote_asset_id;
}

char *
pd_takings_format_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

gboolean
pd_takings_parse_date (const char *text,
                       GDate      *date)
{
  guint year, month, day;

  g_return_val_if_fail (date != NULL, FALSE);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (year < 1 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

void
pd_takings_date_from_unix (gint64     unix_time,
                           GTimeZone *zone,
                           GDate     *date)
{
  g_autoptr(GTimeZone) local = zone == NULL ? g_time_zone_new_local () : NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) time = g_date_time_to_timezone (utc, zone != NULL ? zone : local);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (time),
                  g_date_time_get_month (time), g_date_time_get_year (time));
}

gint64
pd_takings_order_time (PdOrder *order)
{
  g_return_val_if_fail (PD_IS_ORDER (order), 0);

  if (pd_order_get_state (order) == PD_ORDER_STATE_PAID && pd_order_get_paid_at (order) != 0)
    return pd_order_get_paid_at (order);

  return pd_order_get_created_at (order);
}

static gint64
local_midnight (const GDate *date,
                GTimeZone   *zone)
{
  g_autoptr(GDateTime) midnight = g_date_time_new (zone, g_date_get_year (date),
                                                   g_date_get_month (date),
                                                   g_date_get_day (date), 0, 0, 0);

  return g_date_time_to_unix (midnight);
}

static char *
period_label (const GDate *date,
              PdTakingsBy  by)
{
  switch (by)
    {
    case PD_TAKINGS_BY_DAY:
      return pd_takings_format_date (date);
    case PD_TAKINGS_BY_WEEK:
      {
        /* An ISO week belongs to the year of its Thursday. */
        GDate thursday = *date;
        int weekday = g_date_get_weekday (date);

        if (weekday < G_DATE_THURSDAY)
          g_date_add_days (&thursday, G_DATE_THURSDAY - weekday);
        else
          g_date_subtract_days (&thursday, weekday - G_DATE_THURSDAY);

        return g_strdup_printf ("%04u-W%02u", g_date_get_year (&thursday),
                                g_date_get_iso8601_week_of_year (date));
      }
    case PD_TAKINGS_BY_MONTH:
      return g_strdup_printf ("%04u-%02u", g_date_get_year (date), g_date_get_month (date));
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Results ------------------------------------------------------------ */

static void
asset_free (PdTakingsAsset *asset)
{
  g_free (asset->quote_asset_id);
  g_free (asset->quote_symbol);
  g_free (asset->paid_total);
  g_free (asset->open_total);
  g_free (asset);
}

/* NULL-safe: the arrays of periods and tallies have holes. */
static void
period_free (PdTakingsPeriod *period)
{
  if (period == NULL)
    return;
  g_free (period->period);
  g_clear_pointer (&period->assets, g_ptr_array_unref);
  g_free (period);
}

static void
tally_free (Tally *tally)
{
  if (tally == NULL)
    return;
  sum_clear (&tally->paid);
  sum_clear (&tally->open);
  g_free (tally);
}

static int
compare_assets (gconstpointer a,
                gconstpointer b)
{
  const PdTakingsAsset *aa = *(PdTakingsAsset * const *) a;
  const PdTakingsAsset *ab = *(PdTakingsAsset * const *) b;
  int by_symbol = g_strcmp0 (aa->quote_symbol, ab->quote_symbol);

  return by_symbol != 0 ? by_symbol : g_strcmp0 (aa->quote_asset_id, ab->quote_asset_id);
}

static int
compare_paid_at (gconstpointer a,
                 gconstpointer b)
{
  PdOrder *oa = *(PdOrder * const *) a;
  PdOrder *ob = *(PdOrder * const *) b;
  gint64 ta = pd_order_get_paid_at (oa);
  gint64 tb = pd_order_get_paid_at (ob);

  /* Then by row: the same list whatever order the orders came in. */
  if (ta == tb)
    {
      ta = pd_order_get_id (oa);
      tb = pd_order_get_id (ob);
    }

  return (ta > tb) - (ta < tb);
}

static PdTakingsAsset *
asset_from_tally (const Tally    *tally,
                  const AssetKey *key)
{
  PdTakingsAsset *asset = g_new0 (PdTakingsAsset, 1);

  asset->quote_asset_id = g_strdup (key->id_copy);
  asset->quote_symbol = g_strdup (key->symbol);
  asset->paid_count = tally->paid_count;
  asset->paid_total = sum_to_string (&tally->paid);
  asset->open_count = tally->open_count;
  asset->open_total = sum_to_string (&tally->open);
  asset->mismatch_count = tally->mismatch_count;
  asset->failed_count = tally->failed_count;
  asset->cancelled_count = tally->cancelled_count;
  memcpy (asset->state_counts, tally->state_counts, sizeof asset->state_counts);
  return asset;
}

static void
tally_add_tally (Tally       *tally,
                 const Tally *other)
{
  tally->paid_count += other->paid_count;
  tally->open_count += other->open_count;
  tally->mismatch_count += other->mismatch_count;
  tally->failed_count += other->failed_count;
  tally->cancelled_count += other->cancelled_count;
  for (guint i = 0; i < G_N_ELEMENTS (tally->state_counts); i++)
    tally->state_counts[i] += other->state_counts[i];
  sum_add_sum (&tally->paid, &other->paid);
  sum_add_sum (&tally->open, &other->open);
}

/* The computation ---------------------------------------------------- */

struct _PdTakingsBuilder
{
  PdTakings  *takings;
  gint64     *bounds;        /* n_days + 1 local midnights; NULL from tallies */
  guint       n_days;
  guint      *day_period;    /* the period of each day */
  GPtrArray  *all_periods;   /* PdTakingsPeriod, every period of the range */
  GPtrArray  *tallies;       /* per period: GPtrArray of Tally, by asset index */
  GArray     *assets;        /* AssetKey */
  guint       last_asset;
};

typedef struct _PdTakingsBuilder Builder;

/* @zone: NULL when the days' local midnights are not needed (tallies
 * that are per day already). */
static void
builder_init (Builder     *builder,
              PdTakings   *takings,
              GTimeZone   *zone)
{
  GDate day = takings->from;

  builder->takings = takings;
  builder->n_days = (guint) (g_date_days_between (&takings->from, &takings->to) + 1);
  builder->bounds = zone != NULL ? g_new (gint64, builder->n_days + 1) : NULL;
  builder->day_period = g_new (guint, builder->n_days);
  builder->all_periods = g_ptr_array_new_with_free_func ((GDestroyNotify) period_free);
  builder->tallies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  builder->assets = g_array_new (FALSE, TRUE, sizeof (AssetKey));
  builder->last_asset = G_MAXUINT;

  for (guint i = 0; i <= builder->n_days; i++)
    {
      if (zone != NULL)
        builder->bounds[i] = local_midnight (&day, zone);

      if (i < builder->n_days)
        {
          g_autofree char *label = period_label (&day, takings->by);
          PdTakingsPeriod *period = NULL;

          if (builder->all_periods->len > 0)
            period = g_ptr_array_index (builder->all_periods, builder->all_periods->len - 1);

          if (period == NULL || strcmp (period->period, label) != 0)
            {
              period = g_new0 (PdTakingsPeriod, 1);
              period->period = g_steal_pointer (&label);
              period->first = day;
              g_ptr_array_add (builder->all_periods, period);
              g_ptr_array_add (builder->tallies,
                               g_ptr_array_new_with_free_func ((GDestroyNotify) tally_free));
            }
          period->last = day;
          builder->day_period[i] = builder->all_periods->len - 1;
        }

      g_date_add_days (&day, 1);
    }
}

/* @id: as the order holds it (NULL: none). */
static guint
builder_asset (Builder    *builder,
               const char *id,
               const char *symbol)
{
  AssetKey key = { 0 };

  if (id == NULL)
    id = "";

  /* The store shares a repeated asset ID between its orders, so the
   * last order's pointer is nearly always this one's. */
  if (builder->last_asset != G_MAXUINT &&
      g_array_index (builder->assets, AssetKey, builder->last_asset).id == id)
    return builder->last_asset;

  for (guint i = 0; i < builder->assets->len; i++)
    {
      AssetKey *known = &g_array_index (builder->assets, AssetKey, i);

      if (g_ascii_strcasecmp (known->id_copy, id) == 0)
        {
          if (known->symbol == NULL && symbol != NULL)
            known->symbol = g_strdup (symbol);
          known->id = id;
          return builder->last_asset = i;
        }
    }

  key.id = id;
  key.id_copy = g_ascii_strdown (id, -1);
  key.symbol = g_strdup (symbol);
  g_array_append_val (builder->assets, key);
  return builder->last_asset = builder->assets->len - 1;
}

/* The tally of one asset on the @day'th day of the range. */
static Tally *
builder_tally (Builder *builder,
               guint    day,
               guint    asset)
{
  GPtrArray *period_tallies = g_ptr_array_index (builder->tallies, builder->day_period[day]);
  Tally *tally;

  if (period_tallies->len <= asset)
    g_ptr_array_set_size (period_tallies, asset + 1);
  tally = g_ptr_array_index (period_tallies, asset);
  if (tally == NULL)
    {
      tally = g_new0 (Tally, 1);
      g_ptr_array_index (period_tallies, asset) = tally;
    }

  return tally;
}

/* The one rule of what an order counts as (see PdTakingsAsset). */
static gboolean
tally_add_order (Tally   *tally,
                 PdOrder *order)
{
  PdOrderState state = pd_order_get_state (order);

  if (state <= PD_ORDER_STATE_LAST)
    tally->state_counts[state]++;

  /* A mismatch first, whatever the state: nothing MixPay says about an
   * edited link is paid or due. */
  if (state == PD_ORDER_STATE_MISMATCH || pd_order_has_mismatch (order))
    tally->mismatch_count++;
  else if (state == PD_ORDER_STATE_PAID)
    {
      if (sum_add (&tally->paid, pd_order_get_quote_amount (order)))
        {
          tally->paid_count++;
          return TRUE;
        }

      g_debug ("Order %s: quote amount “%s” is not a decimal; not counted",
               pd_order_get_order_id (order), pd_order_get_quote_amount (order));
    }
  else if (state == PD_ORDER_STATE_FAILED)
    tally->failed_count++;
  else if (state == PD_ORDER_STATE_CANCELLED)
    tally->cancelled_count++;
  else
    {
      tally->open_count++;
      sum_add (&tally->open, pd_order_get_quote_amount (order));
    }

  return FALSE;
}

static void
builder_add (Builder *builder,
             PdOrder *order)
{
  gint64 time = pd_takings_order_time (order);
  guint low = 0, high = builder->n_days;
  guint asset;

  if (time < builder->bounds[0] || time >= builder->bounds[builder->n_days])
    return;

  /* The last midnight at or before the order's time. */
  while (high - low > 1)
    {
      guint middle = low + (high - low) / 2;

      if (builder->bounds[middle] <= time)
        low = middle;
      else
        high = middle;
    }

  asset = builder_asset (builder, pd_order_get_quote_asset_id (order), pd_order_get_quote_symbol (order));
  if (tally_add_order (builder_tally (builder, low, asset), order))
    g_ptr_array_add (builder->takings->paid_orders, g_object_ref (order));
}

static void
builder_finish (Builder *builder)
{
  PdTakings *takings = builder->takings;
  g_autoptr(GPtrArray) totals = g_ptr_array_new_with_free_func ((GDestroyNotify) tally_free);

  g_ptr_array_set_size (totals, builder->assets->len);

  for (guint p = 0; p < builder->all_periods->len; p++)
    {
      GPtrArray *period_tallies = g_ptr_array_index (builder->tallies, p);
      PdTakingsPeriod *period = g_ptr_array_index (builder->all_periods, p);

      if (period_tallies->len == 0)
        continue;

      period->assets = g_ptr_array_new_with_free_func ((GDestroyNotify) asset_free);
      for (guint a = 0; a < period_tallies->len; a++)
        {
          Tally *tally = g_ptr_array_index (period_tallies, a);

          if (tally == NULL)
            continue;

          if (g_ptr_array_index (totals, a) == NULL)
            g_ptr_array_index (totals, a) = g_new0 (Tally, 1);
          tally_add_tally (g_ptr_array_index (totals, a), tally);
          g_ptr_array_add (period->assets,
                           asset_from_tally (tally, &g_array_index (builder->assets, AssetKey, a)));
        }
      g_ptr_array_sort (period->assets, compare_assets);

      /* Periods with no orders are left out. */
      g_ptr_array_add (takings->periods, g_steal_pointer (&builder->all_periods->pdata[p]));
    }

  for (guint a = 0; a < totals->len; a++)
    if (g_ptr_array_index (totals, a) != NULL)
      g_ptr_array_add (takings->totals,
                       asset_from_tally (g_ptr_array_index (totals, a),
                                         &g_array_index (builder->assets, AssetKey, a)));
  g_ptr_array_sort (takings->totals, compare_assets);
  g_ptr_array_sort (takings->paid_orders, compare_paid_at);

  for (guint a = 0; a < builder->assets->len; a++)
    {
      g_free (g_array_index (builder->assets, AssetKey, a).id_copy);
      g_free (g_array_index (builder->assets, AssetKey, a).symbol);
    }
  g_array_unref (builder->assets);
  g_ptr_array_unref (builder->tallies);
  g_ptr_array_unref (builder->all_periods);
  g_free (builder->bounds);
  g_free (builder->day_period);
}

static PdTakings *
takings_new (const GDate *from,
             const GDate *to,
             PdTakingsBy  by)
{
  PdTakings *self = g_new0 (PdTakings, 1);

  self->from = *from;
  self->to = *to;
  self->by = by;
  self->periods = g_ptr_array_new_with_free_func ((GDestroyNotify) period_free);
  self->totals = g_ptr_array_new_with_free_func ((GDestroyNotify) asset_free);
  self->paid_orders = g_ptr_array_new_with_free_func (g_object_unref);
  return self;
}

static gboolean
check_range (const GDate *from,
             const GDate *to,
             PdTakingsBy  by)
{
  g_return_val_if_fail (from != NULL && g_date_valid (from), FALSE);
  g_return_val_if_fail (to != NULL && g_date_valid (to), FALSE);
  g_return_val_if_fail (g_date_compare (from, to) <= 0, FALSE);
  g_return_val_if_fail (by <= PD_TAKINGS_BY_MONTH, FALSE);
  return TRUE;
}

/**
 * pd_takings_new_for_orders:
 *
 * Returns: (transfer full): the figures of @orders from @from to @to
 */
PdTakings *
pd_takings_new_for_orders (GPtrArray   *orders,
                           const GDate *from,
                           const GDate *to,
                           PdTakingsBy  by,
                           GTimeZone   *zone)
{
  g_autoptr(GTimeZone) local = zone == NULL ? g_time_zone_new_local () : NULL;
  PdTakings *self;
  Builder builder = { 0 };

  g_return_val_if_fail (orders != NULL, NULL);
  if (!check_range (from, to, by))
    return NULL;

  self = takings_new (from, to, by);
  builder_init (&builder, self, zone != NULL ? zone : local);
  for (guint i = 0; i < orders->len; i++)
    builder_add (&builder, g_ptr_array_index (orders, i));
  builder_finish (&builder);
  return self;
}

/**
 * pd_takings_new_for_model:
 *
 * Returns: (transfer full): the figures of @orders from @from to @to
 */
PdTakings *
pd_takings_new_for_model (GListModel  *orders,
                          const GDate *from,
                          const GDate *to,
                          PdTakingsBy  by,
                          GTimeZone   *zone)
{
  g_autoptr(GTimeZone) local = zone == NULL ? g_time_zone_new_local () : NULL;
  PdTakings *self;
  Builder builder = { 0 };
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (orders), NULL);
  if (!check_range (from, to, by))
    return NULL;

  self = takings_new (from, to, by);
  builder_init (&builder, self, zone != NULL ? zone : local);
  n = g_list_model_get_n_items (orders);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);

      builder_add (&builder, order);
    }
  builder_finish (&builder);
  return self;
}

/* Shared with the takings index -------------------------------------- */

PdTakingsTally *
_pd_takings_tally_new (void)
{
  return g_new0 (Tally, 1);
}

void
_pd_takings_tally_free (PdTakingsTally *tally)
{
  tally_free (tally);
}

gboolean
_pd_takings_tally_add_order (PdTakingsTally *tally,
                             PdOrder        *order)
{
  g_return_val_if_fail (tally != NULL, FALSE);
  g_return_val_if_fail (PD_IS_ORDER (order), FALSE);

  return tally_add_order (tally, order);
}

PdTakingsBuilder *
_pd_takings_builder_new (const GDate *from,
                         const GDate *to,
                         PdTakingsBy  by)
{
  Builder *builder;

  if (!check_range (from, to, by))
    return NULL;

  builder = g_new0 (Builder, 1);
  builder_init (builder, takings_new (from, to, by), NULL);
  return builder;
}

void
_pd_takings_builder_add_tally (PdTakingsBuilder     *builder,
                               guint                 day,
                               const char           *asset_id,
                               const char           *symbol,
                               const PdTakingsTally *tally)
{
  g_return_if_fail (builder != NULL && tally != NULL);
  g_return_if_fail (day < builder->n_days);

  tally_add_tally (builder_tally (builder, day, builder_asset (builder, asset_id, symbol)), tally);
}

void
_pd_takings_builder_add_paid (PdTakingsBuilder *builder,
                              PdOrder          *order)
{
  g_return_if_fail (builder != NULL);

  g_ptr_array_add (builder->takings->paid_orders, g_object_ref (order));
}

PdTakings *
_pd_takings_builder_finish (PdTakingsBuilder *builder)
{
  PdTakings *takings;

  g_return_val_if_fail (builder != NULL, NULL);

  takings = builder->takings;
  builder_finish (builder);
  g_free (builder);
  return takings;
}

void
pd_takings_free (PdTakings *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->periods);
  g_ptr_array_unref (self->totals);
  g_ptr_array_unref (self->paid_orders);
  g_free (self);
}

const GDate *
pd_takings_get_from (PdTakings *self)
{
  return &self->from;
}

const GDate *
pd_takings_get_to (PdTakings *self)
{
  return &self->to;
}

PdTakingsBy
pd_takings_get_by (PdTakings *self)
{
  return self->by;
}

GPtrArray *
pd_takings_get_periods (PdTakings *self)
{
  return self->periods;
}

GPtrArray *
pd_takings_get_totals (PdTakings *self)
{
  return self->totals;
}

GPtrArray *
pd_takings_get_paid_orders (PdTakings *self)
{
  return self->paid_orders;
}
