/* pd-takings-index.c: orders filed by the day they count on
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pd-takings-index.h"
#include "pd-takings-private.h"

#define SECONDS_PER_DAY (24 * 60 * 60)

/* What the orders of one quote asset came to on one day. */
typedef struct
{
  char           *asset_id;  /* as the day's first order of it has it */
  char           *symbol;    /* the first the day's orders name; nullable */
  PdTakingsTally *tally;
  GPtrArray      *paid;      /* PdOrder counted as paid; the Day holds them */
} DayAsset;

typedef struct
{
  gint64     julian;   /* the hash table's key points here */
  GPtrArray *orders;   /* PdOrder, owned */
  GPtrArray *assets;   /* DayAsset; NULL until counted, again after a change */
} Day;

struct _PdTakingsIndex
{
  GTimeZone  *zone;
  gint64      epoch_julian;  /* of 1970-01-01 */
  GHashTable *days;          /* &Day.julian → Day, owned */
  GHashTable *orders;        /* PdOrder → its Day */
  /* The day last filed to: orders come mostly in order of time, so
   * mostly the next one's too. */
  Day        *last_day;
};

static void
day_asset_free (DayAsset *asset)
{
  g_free (asset->asset_id);
  g_free (asset->symbol);
  _pd_takings_tally_free (asset->tally);
  g_ptr_array_unref (asset->paid);
  g_free (asset);
}

static void
day_free (Day *day)
{
  g_clear_pointer (&day->assets, g_ptr_array_unref);
  g_ptr_array_unref (day->orders);
  g_free (day);
}

/* The local day @order counts on, as a GDate's Julian day number. Local
 * midnights exist on every day of the zones without a transition at
 * midnight, so this is the day whose midnights bound the time, as
 * pd_takings_new_for_orders() finds it. */
static gint64
order_julian (PdTakingsIndex *self,
              PdOrder        *order)
{
  gint64 time = pd_takings_order_time (order);
  int interval = g_time_zone_find_interval (self->zone, G_TIME_TYPE_UNIVERSAL, time);
  gint64 local = time + (interval >= 0 ? g_time_zone_get_offset (self->zone, interval) : 0);
  gint64 days = local / SECONDS_PER_DAY;

  if (local % SECONDS_PER_DAY < 0)
    days--;

  return self->epoch_julian + days;
}

static gboolean
same_asset (const char *a,
            const char *b)
{
  return a == b || g_ascii_strcasecmp (a, b) == 0;
}

static void
day_count (Day *day)
{
  day->assets = g_ptr_array_new_with_free_func ((GDestroyNotify) day_asset_free);

  for (guint i = 0; i < day->orders->len; i++)
    {
      PdOrder *order = g_ptr_array_index (day->orders, i);
      const char *id = pd_order_get_quote_asset_id (order);
      const char *symbol = pd_order_get_quote_symbol (order);
      DayAsset *asset = NULL;

      if (id == NULL)
        id = "";

      for (guint a = 0; a < day->assets->len && asset == NULL; a++)
        if (same_asset (((DayAsset *) g_ptr_array_index (day->assets, a))->asset_id, id))
          asset = g_ptr_array_index (day->assets, a);

      if (asset == NULL)
        {
          asset = g_new0 (DayAsset, 1);
          asset->asset_id = g_strdup (id);
          asset->tally = _pd_takings_tally_new ();
          asset->paid = g_ptr_array_new ();
          g_ptr_array_add (day->assets, asset);
        }
      if (asset->symbol == NULL && symbol != NULL)
        asset->symbol = g_strdup (symbol);

      if (_pd_takings_tally_add_order (asset->tally, order))
        g_ptr_array_add (asset->paid, order);
    }
}

/* An asset recorded without its symbol may be named later, from the
 * asset cache, without a change to the order's figures. */
static const char *
day_asset_get_symbol (Day      *day,
                      DayAsset *asset)
{
  for (guint i = 0; asset->symbol == NULL && i < day->orders->len; i++)
    {
      PdOrder *order = g_ptr_array_index (day->orders, i);
      const char *id = pd_order_get_quote_asset_id (order);

      if (pd_order_get_quote_symbol (order) != NULL && same_asset (id != NULL ? id : "", asset->asset_id))
        asset->symbol = g_strdup (pd_order_get_quote_symbol (order));
    }

  return asset->symbol;
}

static void
builder_add_day (PdTakingsBuilder *builder,
                 Day              *day,
                 guint             offset)
{
  if (day->assets == NULL)
    day_count (day);

  for (guint a = 0; a < day->assets->len; a++)
    {
      DayAsset *asset = g_ptr_array_index (day->assets, a);

      _pd_takings_builder_add_tally (builder, offset, asset->asset_id,
                                     day_asset_get_symbol (day, asset), asset->tally);
      for (guint i = 0; i < asset->paid->len; i++)
        _pd_takings_builder_add_paid (builder, g_ptr_array_index (asset->paid, i));
    }
}

/**
 * pd_takings_index_new:
 * @zone: (nullable): the zone of local days; NULL for the local time zone
 *
 * Returns: (transfer full): an empty index
 */
PdTakingsIndex *
pd_takings_index_new (GTimeZone *zone)
{
  PdTakingsIndex *self = g_new0 (PdTakingsIndex, 1);
  GDate epoch;

  self->zone = zone != NULL ? g_time_zone_ref (zone) : g_time_zone_new_local ();
  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  self->epoch_julian = g_date_get_julian (&epoch);
  self->days = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) day_free);
  self->orders = g_hash_table_new (NULL, NULL);
  return self;
}

void
pd_takings_index_free (PdTakingsIndex *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->orders);
  g_hash_table_unref (self->days);
  g_time_zone_unref (self->zone);
  g_free (self);
}

void
pd_takings_index_add_order (PdTakingsIndex *self,
                            PdOrder        *order)
{
  gint64 julian;
  Day *day;
  Day *old;

  g_return_if_fail (self != NULL);
  g_return_if_fail (PD_IS_ORDER (order));

  julian = order_julian (self, order);
  old = g_hash_table_lookup (self->orders, order);

  /* Any change may change what the day came to: count it again when
   * asked. */
  if (old != NULL)
    g_clear_pointer (&old->assets, g_ptr_array_unref);
  if (old != NULL && old->julian == julian)
    return;

  g_object_ref (order);
  if (old != NULL)
    {
      g_ptr_array_remove_fast (old->orders, order);
      if (old->orders->len == 0)
        {
          if (self->last_day == old)
            self->last_day = NULL;
          g_hash_table_remove (self->days, &old->julian);
        }
    }

  if (self->last_day != NULL && self->last_day->julian == julian)
    day = self->last_day;
  else
    day = g_hash_table_lookup (self->days, &julian);
  if (day == NULL)
    {
      day = g_new0 (Day, 1);
      day->julian = julian;
      day->orders = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->days, &day->julian, day);
    }
  g_clear_pointer (&day->assets, g_ptr_array_unref);
  g_ptr_array_add (day->orders, order);
  g_hash_table_insert (self->orders, order, day);
  self->last_day = day;
}

guint
pd_takings_index_get_n_orders (PdTakingsIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->orders);
}

/**
 * pd_takings_index_count:
 *
 * Returns: (transfer full): the figures from @from to @to
 */
PdTakings *
pd_takings_index_count (PdTakingsIndex *self,
                        const GDate    *from,
                        const GDate    *to,
                        PdTakingsBy     by)
{
  PdTakingsBuilder *builder;
  gint64 first;
  gint64 last;

  g_return_val_if_fail (self != NULL, NULL);

  builder = _pd_takings_builder_new (from, to, by);
  if (builder == NULL)
    return NULL;

  first = g_date_get_julian (from);
  last = g_date_get_julian (to);

  /* Whichever is fewer: the days of the range, or the days with orders. */
  if ((guint64) (last - first + 1) <= g_hash_table_size (self->days))
    {
      for (gint64 julian = first; julian <= last; julian++)
        {
          Day *day = g_hash_table_lookup (self->days, &julian);

          if (day != NULL)
            builder_add_day (builder, day, (guint) (julian - first));
        }
    }
  else
    {
      GHashTableIter iter;
      Day *day;

      g_hash_table_iter_init (&iter, self->days);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &day))
        if (day->julian >= first && day->julian <= last)
          builder_add_day (builder, day, (guint) (day->julian - first));
    }

  return _pd_takings_builder_finish (builder);
}
