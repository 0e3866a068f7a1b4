/* pd-takings-row.c: one line of the Takings table, one bar of its chart
 *
 * A plain copy of what the core counted for one asset in one period, so
 * the table's model and the chart outlive the PdTakings they came from.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-takings-row.h"

struct _PdTakingsRow
{
  GObject  parent_instance;

  char    *period;
  char    *asset_name;
  guint    paid_count;
  char    *paid_total;
  guint    open_count;
  char    *open_total;
  GDate    first_day;
};

G_DEFINE_FINAL_TYPE (PdTakingsRow, pd_takings_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PERIOD,
  PROP_ASSET_NAME,
  PROP_PAID_COUNT,
  PROP_PAID_TOTAL,
  PROP_OPEN_COUNT,
  PROP_OPEN_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_takings_row_finalize (GObject *object)
{
  PdTakingsRow *self = PD_TAKINGS_ROW (object);

  g_free (self->period);
  g_free (self->asset_name);
  g_free (self->paid_total);
  g_free (self->open_total);

  G_OBJECT_CLASS (pd_takings_row_parent_class)->finalize (object);
}

static void
pd_takings_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdTakingsRow *self = PD_TAKINGS_ROW (object);

  switch (prop_id)
    {
    case PROP_PERIOD:
      g_value_set_string (value, self->period);
      break;
    case PROP_ASSET_NAME:
      g_value_set_string (value, self->asset_name);
      break;
    case PROP_PAID_COUNT:
      g_value_set_uint (value, self->paid_count);
      break;
    case PROP_PAID_TOTAL:
      g_value_set_string (value, self->paid_total);
      break;
    case PROP_OPEN_COUNT:
      g_value_set_uint (value, self->open_count);
      break;
    case PROP_OPEN_TOTAL:
      g_value_set_string (value, self->open_total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_takings_row_class_init (PdTakingsRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_takings_row_finalize;
  object_class->get_property = pd_takings_row_get_property;

  properties[PROP_PERIOD] =
    g_param_spec_string ("period", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ASSET_NAME] =
    g_param_spec_string ("asset-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAID_COUNT] =
    g_param_spec_uint ("paid-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAID_TOTAL] =
    g_param_spec_string ("paid-total", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPEN_COUNT] =
    g_param_spec_uint ("open-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPEN_TOTAL] =
    g_param_spec_string ("open-total", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_takings_row_init (PdTakingsRow *self)
{
  g_date_clear (&self->first_day, 1);
}

PdTakingsRow *
pd_takings_row_new (const PdTakingsPeriod *period,
                    const char            *asset_name,
                    const PdTakingsAsset  *asset)
{
  PdTakingsRow *self;

  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (asset_name != NULL, NULL);

  self = g_object_new (PD_TYPE_TAKINGS_ROW, NULL);
  self->period = g_strdup (period->period);
  self->asset_name = g_strdup (asset_name);
  self->first_day = period->first;
  self->paid_count = asset != NULL ? asset->paid_count : 0;
  self->paid_total = g_strdup (asset != NULL ? asset->paid_total : "0");
  self->open_count = asset != NULL ? asset->open_count : 0;
  self->open_total = g_strdup (asset != NULL ? asset->open_total : "0");

  return self;
}

const char *
pd_takings_row_get_period (PdTakingsRow *self)
{
  g_return_val_if_fail (PD_IS_TAKINGS_ROW (self), NULL);

  return self->period;
}

const char *
pd_takings_row_get_asset_name (PdTakingsRow *self)
{
  g_return_val_if_fail (PD_IS_TAKINGS_ROW (self), NULL);

  return self->asset_name;
}

guint
pd_takings_row_get_paid_count (PdTakingsRow *self)
{
  g_return_val_if_fail (PD_IS_TAKINGS_ROW (self), 0);

  return self->paid_count;
}

const char *
pd_takings_row_get_paid_total (PdTakingsRow *self)
{
  g_return_val_if_fail (PD_IS_TAKINGS_ROW (self), NULL);

  return self->paid_total;
}

guint
pd_takings_row_get_open_count (PdTakingsRow *self)
{
  g_return_val_if_fail (PD_IS_TAKINGS_ROW (self), 0);

  return self->open_count;
}

const char *
pd_takings_row_get_open_total (PdTakingsRow *self)
{
  g_return_val_if_fail (PD_IS_TAKINGS_ROW (self), NULL);

  return self->open_total;
}

const GDate *
pd_takings_row_get_first_day (PdTakingsRow *self)
{
  g_return_val_if_fail (PD_IS_TAKINGS_ROW (self), NULL);

  return &self->first_day;
}
