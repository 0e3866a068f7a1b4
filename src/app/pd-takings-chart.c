/* pd-takings-chart.c: a bar chart of what was paid per day in one asset
 *
 * The bars are child widgets (PdTakingsBar) so the keyboard, tooltips
 * and screen readers reach each one; the chart lays them out on a
 * baseline and draws the axis labels and the top value with the
 * theme's colours. Money is only ever shown as the core's decimal
 * strings: doubles here are pixel heights, nothing else.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-takings-bar.h"
#include "pd-takings-chart.h"
#include "pd-takings-row.h"

#define PLOT_HEIGHT 120
#define MAX_BAR_WIDTH 40
#define MIN_SLOT_WIDTH 4
#define NATURAL_SLOT_WIDTH 28
#define LABEL_GAP 6
#define TOP_GAP 6
/* A bar of nothing still shows where its day is, and can take the focus. */
#define EMPTY_BAR_HEIGHT 3

struct _PdTakingsChart
{
  GtkWidget   parent_instance;

  GPtrArray  *bars;    /* (element-type PdTakingsBar) */
  GPtrArray  *labels;  /* (element-type utf8): under each bar */
  char       *top_label;
};

G_DEFINE_FINAL_TYPE (PdTakingsChart, pd_takings_chart, GTK_TYPE_WIDGET)

/* Helpers */

/* What to write under a bar: the day of the month, the week, the month. */
static char *
dup_axis_label (PdTakingsRow *row,
                PdTakingsBy   by)
{
  const char *period = pd_takings_row_get_period (row);
  const char *dash;

  switch (by)
    {
    case PD_TAKINGS_BY_DAY:
      return g_strdup_printf ("%u", g_date_get_day (pd_takings_row_get_first_day (row)));
    case PD_TAKINGS_BY_WEEK:
      dash = strchr (period, '-');
      return g_strdup (dash != NULL ? dash + 1 : period);
    case PD_TAKINGS_BY_MONTH:
    default:
      return g_strdup (period);
    }
}

static char *
dup_description (PdTakingsRow *row)
{
  guint n = pd_takings_row_get_paid_count (row);

  /* Translators: a bar of the Takings chart, its tooltip and what screen
   * readers say: the period ("2026-12-05"), the amount paid in it and its
   * asset, and the number of paid orders. */
  return g_strdup_printf (ngettext ("%s: %s %s paid, %u order",
                                    "%s: %s %s paid, %u orders", n),
                          pd_takings_row_get_period (row),
                          pd_takings_row_get_paid_total (row),
                          pd_takings_row_get_asset_name (row),
                          n);
}

static void
pd_takings_chart_clear (PdTakingsChart *self)
{
  for (guint i = 0; i < self->bars->len; i++)
    gtk_widget_unparent (g_ptr_array_index (self->bars, i));
  g_ptr_array_set_size (self->bars, 0);
  g_ptr_array_set_size (self->labels, 0);
  g_clear_pointer (&self->top_label, g_free);
}

static int
measure_text_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "0");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

/* GtkWidget */

static void
pd_takings_chart_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  PdTakingsChart *self = PD_TAKINGS_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (1u, self->bars->len) * MIN_SLOT_WIDTH;
      *natural = MAX (1u, self->bars->len) * NATURAL_SLOT_WIDTH;
    }
  else
    {
      int text = measure_text_height (widget);

      *minimum = *natural = text + TOP_GAP + PLOT_HEIGHT + LABEL_GAP + text;
    }
}

/* Where something @item_width wide goes, centred in the @i'th of slots
 * @slot wide: time runs from the start of the reading direction, so
 * from the right in right-to-left writing, as the table and the figures
 * above the chart do. */
static double
slot_x (GtkWidget *widget,
        int        width,
        guint      i,
        double     slot,
        double     item_width)
{
  double x = i * slot + (slot - item_width) / 2;

  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    x = width - x - item_width;

  return x;
}

static void
pd_takings_chart_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  PdTakingsChart *self = PD_TAKINGS_CHART (widget);
  int text = measure_text_height (widget);
  int top = text + TOP_GAP;
  int plot = MAX (1, height - top - LABEL_GAP - text);
  double slot;

  if (self->bars->len == 0)
    return;

  slot = (double) width / self->bars->len;
  for (guint i = 0; i < self->bars->len; i++)
    {
      PdTakingsBar *bar = g_ptr_array_index (self->bars, i);
      int bar_width = MAX (2, MIN ((int) (slot * 0.7), MAX_BAR_WIDTH));
      int bar_height = MAX (EMPTY_BAR_HEIGHT, (int) (pd_takings_bar_get_fraction (bar) * plot + 0.5));
      int x = (int) slot_x (widget, width, i, slot, bar_width);

      gtk_widget_size_allocate (GTK_WIDGET (bar),
                                &(GtkAllocation) { x, top + plot - bar_height, bar_width, bar_height },
                                -1);
    }
}

static void
append_text (GtkWidget     *widget,
             GtkSnapshot   *snapshot,
             const char    *text,
             float          x,
             float          y,
             const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static int
text_width (GtkWidget  *widget,
            const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static void
pd_takings_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  PdTakingsChart *self = PD_TAKINGS_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int text = measure_text_height (widget);
  int top = text + TOP_GAP;
  int plot = MAX (1, height - top - LABEL_GAP - text);
  GdkRGBA color;
  GdkRGBA line;
  GdkRGBA dim;
  double slot;
  guint every = 1;
  int widest = 0;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  line = color;
  line.alpha *= 0.15f;
  dim = color;
  dim.alpha *= 0.55f;

  /* The top line, at the tallest bar, with its value; and the baseline. */
  gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (0, top, width, 1));
  gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (0, top + plot, width, 1));
  if (self->top_label != NULL)
    append_text (widget, snapshot, self->top_label,
                 gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL
                   ? MAX (0, width - text_width (widget, self->top_label)) : 0,
                 0, &dim);

  for (guint i = 0; i < self->bars->len; i++)
    gtk_widget_snapshot_child (widget, g_ptr_array_index (self->bars, i), snapshot);

  if (self->bars->len == 0)
    return;

  /* Labels under the bars: every one when they fit, else every n-th. */
  slot = (double) width / self->bars->len;
  for (guint i = 0; i < self->labels->len; i++)
    widest = MAX (widest, text_width (widget, g_ptr_array_index (self->labels, i)));
  while (every < self->labels->len && slot * every < widest + 6)
    every++;

  for (guint i = 0; i < self->labels->len; i += every)
    {
      const char *label = g_ptr_array_index (self->labels, i);
      int label_width = text_width (widget, label);
      double x = slot_x (widget, width, i, slot, label_width);

      x = CLAMP (x, 0, MAX (0, width - label_width));
      append_text (widget, snapshot, label, x, top + plot + LABEL_GAP, &dim);
    }
}

/* GObject */

static void
pd_takings_chart_dispose (GObject *object)
{
  PdTakingsChart *self = PD_TAKINGS_CHART (object);

  pd_takings_chart_clear (self);

  G_OBJECT_CLASS (pd_takings_chart_parent_class)->dispose (object);
}

static void
pd_takings_chart_finalize (GObject *object)
{
  PdTakingsChart *self = PD_TAKINGS_CHART (object);

  g_ptr_array_unref (self->bars);
  g_ptr_array_unref (self->labels);
  g_free (self->top_label);

  G_OBJECT_CLASS (pd_takings_chart_parent_class)->finalize (object);
}

static void
pd_takings_chart_class_init (PdTakingsChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_takings_chart_dispose;
  object_class->finalize = pd_takings_chart_finalize;

  widget_class->measure = pd_takings_chart_measure;
  widget_class->size_allocate = pd_takings_chart_size_allocate;
  widget_class->snapshot = pd_takings_chart_snapshot;

  gtk_widget_class_set_css_name (widget_class, "takingschart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pd_takings_chart_init (PdTakingsChart *self)
{
  self->bars = g_ptr_array_new ();
  self->labels = g_ptr_array_new_with_free_func (g_free);
}

/* Public API */

GtkWidget *
pd_takings_chart_new (void)
{
  return g_object_new (PD_TYPE_TAKINGS_CHART, NULL);
}

void
pd_takings_chart_set_rows (PdTakingsChart *self,
                           GPtrArray      *rows,
                           PdTakingsBy     by)
{
  double largest = 0;
  PdTakingsRow *top = NULL;

  g_return_if_fail (PD_IS_TAKINGS_CHART (self));
  g_return_if_fail (rows != NULL);

  pd_takings_chart_clear (self);

  /* Pixel heights only: the figures shown are the rows' own strings. */
  for (guint i = 0; i < rows->len; i++)
    {
      PdTakingsRow *row = g_ptr_array_index (rows, i);
      double value = g_ascii_strtod (pd_takings_row_get_paid_total (row), NULL);

      if (value > largest)
        {
          largest = value;
          top = row;
        }
    }

  for (guint i = 0; i < rows->len; i++)
    {
      PdTakingsRow *row = g_ptr_array_index (rows, i);
      double value = g_ascii_strtod (pd_takings_row_get_paid_total (row), NULL);
      g_autofree char *description = dup_description (row);
      GtkWidget *bar = pd_takings_bar_new (description, largest > 0 ? value / largest : 0);

      gtk_widget_set_parent (bar, GTK_WIDGET (self));
      g_ptr_array_add (self->bars, bar);
      g_ptr_array_add (self->labels, dup_axis_label (row, by));
    }

  if (top != NULL)
    /* TRANSLATORS: the value at the top line of the Takings chart, an
     * amount and its asset, such as "12.5 USDT" */
    self->top_label = g_strdup_printf (C_("amount", "%s %s"),
                                       pd_takings_row_get_paid_total (top),
                                       pd_takings_row_get_asset_name (top));

  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
pd_takings_chart_get_n_bars (PdTakingsChart *self)
{
  g_return_val_if_fail (PD_IS_TAKINGS_CHART (self), 0);

  return self->bars->len;
}

GtkWidget *
pd_takings_chart_get_bar (PdTakingsChart *self,
                          guint           index)
{
  g_return_val_if_fail (PD_IS_TAKINGS_CHART (self), NULL);
  g_return_val_if_fail (index < self->bars->len, NULL);

  return g_ptr_array_index (self->bars, index);
}
