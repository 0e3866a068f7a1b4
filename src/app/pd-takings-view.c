/* pd-takings-view.c: what the shop took in a day, week, month or range
 *
 * The figures come from the core (pd-takings): verified paid totals per
 * quote asset as exact decimal strings, what is still open, the orders
 * per state, per day. They are counted from the orders the app holds,
 * through a PdTakingsIndex that keeps each day's tallies: a period adds
 * up its days, and an order the store adds or changes is filed again
 * and its day counted again, so the figures follow the ledger without
 * going through every order (a few milliseconds at 100,000 orders, on
 * the main thread, where the orders belong).
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-clock.h"
#include "pd-invoice.h"
#include "pd-merchant-profile-settings.h"
#include "pd-save-path.h"
#include "pd-takings-chart.h"
#include "pd-takings-index.h"
#include "pd-takings-row.h"
#include "pd-takings-view.h"
#include "pd-toast.h"
#include "pd-z-report.h"

/* Changes come in bursts (a poll round, a batch): count once after. */
#define UPDATE_DELAY_MS 150
/* A longer range is refused, as paydesk-cli refuses it. */
#define MAX_RANGE_DAYS (100 * 366)
/* Up to two months of days are shown as days, then weeks, then months. */
#define MAX_DAYS_BY_DAY 62
#define MAX_DAYS_BY_WEEK (2 * 366)

/* The periods, in the order of the period menu. */
static const char * const period_names[] = { "today", "week", "month", "custom" };

struct _PdTakingsView
{
  AdwBin              parent_instance;

  PdOrderList        *order_list;
  PdStore            *store;
  /* Made from the list when the figures are first wanted. */
  PdTakingsIndex     *index;
  PdClock            *clock;
  /* Today, this week and this month move on at local midnight. */
  guint               midnight_id;
  PdTakings          *takings;
  char               *period;
  GDate               custom_from;
  GDate               custom_to;
  guint               update_id;
  gboolean            busy;
  /* Orders changed while the view was hidden: count on showing it. */
  gboolean            stale;
  GListStore         *table_rows;

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkDropDown        *period_dropdown;
  GtkRevealer        *range_revealer;
  GtkEntry           *from_entry;
  GtkEntry           *to_entry;
  GtkLabel           *range_error_label;
  GtkLabel           *range_label;
  GtkStack           *content_stack;
  GtkListBox         *paid_list;
  GtkListBox         *open_list;
  GtkListBox         *states_list;
  GtkBox             *charts_box;
  AdwPreferencesGroup *table_group;
  GtkColumnView      *table;
};

G_DEFINE_FINAL_TYPE (PdTakingsView, pd_takings_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PERIOD,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
get_today (PdClock *clock,
           GDate   *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (pd_clock_get_now (clock) / G_USEC_PER_SEC);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
}

static void
pd_takings_view_get_range (PdTakingsView *self,
                           GDate         *from,
                           GDate         *to)
{
  get_today (self->clock, to);
  *from = *to;

  if (g_strcmp0 (self->period, "week") == 0)
    g_date_subtract_days (from, g_date_get_weekday (to) - G_DATE_MONDAY);
  else if (g_strcmp0 (self->period, "month") == 0)
    g_date_set_day (from, 1);
  else if (g_strcmp0 (self->period, "custom") == 0 && g_date_valid (&self->custom_from))
    {
      *from = self->custom_from;
      *to = self->custom_to;
    }
}

static PdTakingsBy
choose_by (const GDate *from,
           const GDate *to)
{
  int days = g_date_days_between (from, to) + 1;

  if (days <= MAX_DAYS_BY_DAY)
    return PD_TAKINGS_BY_DAY;
  if (days <= MAX_DAYS_BY_WEEK)
    return PD_TAKINGS_BY_WEEK;
  return PD_TAKINGS_BY_MONTH;
}

static void
set_busy (PdTakingsView *self,
          gboolean       busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static char *
dup_amount (const char *amount,
            const char *asset)
{
  /* TRANSLATORS: an amount and its asset, such as "10 USDT" */
  return g_strdup_printf (C_("amount", "%s %s"), amount, asset);
}

static GtkWidget *
new_figure_row (const char *title,
                const char *subtitle,
                const char *figure)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (figure);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* The asset symbols and amounts are data, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* A figure is never broken over lines: the title gives way first. */
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "takings-figure");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  /* Read as one: "USDT, 4 orders paid, 12.5 USDT". */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL,
                                  -1);

  return row;
}

static void
fill_totals (PdTakingsView *self,
             GPtrArray     *totals)
{
  guint states[PD_ORDER_STATE_LAST + 1] = { 0 };
  gboolean any_open = FALSE;

  clear_list (self->paid_list);
  clear_list (self->open_list);
  clear_list (self->states_list);

  for (guint i = 0; i < totals->len; i++)
    {
      PdTakingsAsset *asset = g_ptr_array_index (totals, i);
      const char *name = pd_takings_asset_get_name (asset);
      g_autofree char *paid = dup_amount (asset->paid_total, name);
      g_autofree char *open = dup_amount (asset->open_total, name);
      g_autofree char *paid_count = g_strdup_printf (ngettext ("%u order paid",
                                                               "%u orders paid",
                                                               asset->paid_count),
                                                     asset->paid_count);
      g_autofree char *open_count = g_strdup_printf (ngettext ("%u order not settled yet",
                                                               "%u orders not settled yet",
                                                               asset->open_count),
                                                     asset->open_count);

      gtk_list_box_append (self->paid_list, new_figure_row (name, paid_count, paid));
      if (asset->open_count > 0)
        {
          gtk_list_box_append (self->open_list, new_figure_row (name, open_count, open));
          any_open = TRUE;
        }

      for (guint s = 0; s <= PD_ORDER_STATE_LAST; s++)
        states[s] += asset->state_counts[s];
    }

  if (!any_open)
    gtk_list_box_append (self->open_list, new_figure_row (_("Nothing Open"), NULL, "0"));

  for (guint s = 0; s <= PD_ORDER_STATE_LAST; s++)
    {
      g_autofree char *count = NULL;

      if (states[s] == 0)
        continue;

      count = g_strdup_printf ("%u", states[s]);
      gtk_list_box_append (self->states_list,
                           new_figure_row (pd_order_state_get_label (s), NULL, count));
    }
}

static const PdTakingsAsset *
find_asset (const PdTakingsPeriod *period,
            const char            *asset_id)
{
  for (guint i = 0; i < period->assets->len; i++)
    {
      const PdTakingsAsset *asset = g_ptr_array_index (period->assets, i);

      if (g_strcmp0 (asset->quote_asset_id, asset_id) == 0)
        return asset;
    }

  return NULL;
}

/* The chart's rows of one asset: every day of a range shown by day, so a
 * day without takings is a gap; the periods with orders otherwise. */
static GPtrArray *
dup_chart_rows (PdTakings            *takings,
                const PdTakingsAsset *total)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *periods = pd_takings_get_periods (takings);
  const char *name = pd_takings_asset_get_name (total);

  if (pd_takings_get_by (takings) == PD_TAKINGS_BY_DAY)
    {
      GDate day = *pd_takings_get_from (takings);
      guint next = 0;

      while (g_date_compare (&day, pd_takings_get_to (takings)) <= 0)
        {
          PdTakingsPeriod *period = next < periods->len ? g_ptr_array_index (periods, next) : NULL;

          if (period != NULL && g_date_compare (&period->first, &day) == 0)
            {
              g_ptr_array_add (rows, pd_takings_row_new (period, name,
                                                         find_asset (period, total->quote_asset_id)));
              next++;
            }
          else
            {
              g_autofree char *text = pd_takings_format_date (&day);
              PdTakingsPeriod empty = { text, day, day, NULL };

              g_ptr_array_add (rows, pd_takings_row_new (&empty, name, NULL));
            }
          g_date_add_days (&day, 1);
        }
    }
  else
    {
      for (guint i = 0; i < periods->len; i++)
        {
          PdTakingsPeriod *period = g_ptr_array_index (periods, i);

          g_ptr_array_add (rows, pd_takings_row_new (period, name,
                                                     find_asset (period, total->quote_asset_id)));
        }
    }

  return rows;
}

static void
fill_charts (PdTakingsView *self,
             GPtrArray     *totals)
{
  GtkWidget *child;
  PdTakingsBy by = pd_takings_get_by (self->takings);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->charts_box))) != NULL)
    gtk_box_remove (self->charts_box, child);

  for (guint i = 0; i < totals->len; i++)
    {
      PdTakingsAsset *asset = g_ptr_array_index (totals, i);
      g_autoptr(GPtrArray) rows = NULL;
      g_autofree char *title = NULL;
      GtkWidget *group;
      GtkWidget *chart;

      if (asset->paid_count == 0)
        continue;

      rows = dup_chart_rows (self->takings, asset);
      switch (by)
        {
        case PD_TAKINGS_BY_WEEK:
          title = g_strdup_printf (_("Paid per Week in %s"), pd_takings_asset_get_name (asset));
          break;
        case PD_TAKINGS_BY_MONTH:
          title = g_strdup_printf (_("Paid per Month in %s"), pd_takings_asset_get_name (asset));
          break;
        case PD_TAKINGS_BY_DAY:
        default:
          title = g_strdup_printf (_("Paid per Day in %s"), pd_takings_asset_get_name (asset));
          break;
        }

      group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
      chart = pd_takings_chart_new ();
      pd_takings_chart_set_rows (PD_TAKINGS_CHART (chart), rows, by);
      gtk_widget_add_css_class (chart, "card");
      gtk_accessible_update_property (GTK_ACCESSIBLE (chart),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      -1);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), chart);
      gtk_box_append (self->charts_box, group);
    }
}

static void
fill_table (PdTakingsView *self)
{
  GPtrArray *periods = pd_takings_get_periods (self->takings);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < periods->len; i++)
    {
      PdTakingsPeriod *period = g_ptr_array_index (periods, i);

      for (guint a = 0; a < period->assets->len; a++)
        {
          PdTakingsAsset *asset = g_ptr_array_index (period->assets, a);

          g_ptr_array_add (rows, pd_takings_row_new (period, pd_takings_asset_get_name (asset), asset));
        }
    }

  switch (pd_takings_get_by (self->takings))
    {
    case PD_TAKINGS_BY_WEEK:
      adw_preferences_group_set_title (self->table_group, _("Per Week"));
      break;
    case PD_TAKINGS_BY_MONTH:
      adw_preferences_group_set_title (self->table_group, _("Per Month"));
      break;
    case PD_TAKINGS_BY_DAY:
    default:
      adw_preferences_group_set_title (self->table_group, _("Per Day"));
      break;
    }

  g_list_store_splice (self->table_rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->table_rows)),
                       rows->pdata, rows->len);
}

static void
pd_takings_view_show_takings (PdTakingsView *self)
{
  GPtrArray *totals = pd_takings_get_totals (self->takings);
  g_autofree char *from = pd_takings_format_date (pd_takings_get_from (self->takings));
  g_autofree char *to = pd_takings_format_date (pd_takings_get_to (self->takings));
  g_autofree char *range = NULL;

  if (g_date_compare (pd_takings_get_from (self->takings), pd_takings_get_to (self->takings)) == 0)
    range = g_strdup (from);
  else
    /* Translators: the days the Takings view counts, both included */
    range = g_strdup_printf (_("%s to %s"), from, to);
  gtk_label_set_text (self->range_label, range);

  fill_totals (self, totals);
  fill_charts (self, totals);
  fill_table (self);

  gtk_stack_set_visible_child_name (self->content_stack, totals->len == 0 ? "empty" : "figures");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "takings.save-z-report", TRUE);
}

static gboolean midnight_cb (gpointer user_data);

static void
pd_takings_view_schedule_midnight (PdTakingsView *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;

  if (self->midnight_id != 0)
    pd_clock_remove_timeout (self->clock, self->midnight_id);
  self->midnight_id = 0;

  if (g_strcmp0 (self->period, "custom") == 0)
    return;

  now = g_date_time_new_from_unix_local (pd_clock_get_now (self->clock) / G_USEC_PER_SEC);
  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  tomorrow = g_date_time_add_days (today, 1);
  self->midnight_id = pd_clock_add_timeout (self->clock,
                                            g_date_time_to_unix (tomorrow) * G_USEC_PER_SEC,
                                            midnight_cb, self);
}

/* Counting */

static void
pd_takings_view_update (PdTakingsView *self)
{
  PdTakings *takings;
  GDate from;
  GDate to;
  gint64 begin;

  g_clear_handle_id (&self->update_id, g_source_remove);
  pd_takings_view_schedule_midnight (self);

  /* Every poll round writes: counting for a page nobody looks at would
   * cost the main thread for nothing. */
  if (self->order_list == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = self->order_list != NULL;
      set_busy (self, FALSE);
      return;
    }
  self->stale = FALSE;

  begin = g_get_monotonic_time ();
  if (self->index == NULL)
    {
      guint n = pd_order_list_get_n_total (self->order_list);

      self->index = pd_takings_index_new (NULL);
      for (guint i = 0; i < n; i++)
        pd_takings_index_add_order (self->index, pd_order_list_get_total_order (self->order_list, i));
      g_debug ("Filed %u orders by day in %.1f ms", n,
               (g_get_monotonic_time () - begin) / 1000.0);
      begin = g_get_monotonic_time ();
    }

  pd_takings_view_get_range (self, &from, &to);
  takings = pd_takings_index_count (self->index, &from, &to, choose_by (&from, &to));
  g_debug ("Counted the takings in %.1f ms", (g_get_monotonic_time () - begin) / 1000.0);

  g_clear_pointer (&self->takings, pd_takings_free);
  self->takings = takings;
  pd_takings_view_show_takings (self);
  set_busy (self, FALSE);
}

/* Callbacks */

static gboolean
midnight_cb (gpointer user_data)
{
  PdTakingsView *self = user_data;

  self->midnight_id = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    pd_takings_view_update (self);
  else
    self->stale = TRUE;

  return G_SOURCE_REMOVE;
}

static gboolean
update_cb (gpointer user_data)
{
  PdTakingsView *self = user_data;

  self->update_id = 0;
  pd_takings_view_update (self);

  return G_SOURCE_REMOVE;
}

static void
order_changed_cb (PdTakingsView *self,
                  PdOrder       *order)
{
  /* Filed again at once, hidden or not: it costs the order's day only. */
  if (self->index != NULL)
    pd_takings_index_add_order (self->index, order);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }

  if (self->update_id == 0)
    self->update_id = g_timeout_add (UPDATE_DELAY_MS, update_cb, self);
  set_busy (self, TRUE);
}

static void
period_selected_cb (PdTakingsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);

  if (selected < G_N_ELEMENTS (period_names))
    pd_takings_view_set_period (self, period_names[selected]);
}

static void
range_entry_activated_cb (PdTakingsView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "takings.show-range", NULL);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gboolean figure = GPOINTER_TO_INT (user_data);

  gtk_label_set_xalign (GTK_LABEL (label), figure ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), figure ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
  if (figure)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  const char *column = g_object_get_data (G_OBJECT (factory), "pd-column");
  PdTakingsRow *row = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  if (g_str_equal (column, "period"))
    text = g_strdup (pd_takings_row_get_period (row));
  else if (g_str_equal (column, "asset"))
    text = g_strdup (pd_takings_row_get_asset_name (row));
  else if (g_str_equal (column, "paid-count"))
    text = g_strdup_printf ("%u", pd_takings_row_get_paid_count (row));
  else if (g_str_equal (column, "paid-total"))
    text = g_strdup (pd_takings_row_get_paid_total (row));
  else if (g_str_equal (column, "open-count"))
    text = g_strdup_printf ("%u", pd_takings_row_get_open_count (row));
  else
    text = g_strdup (pd_takings_row_get_open_total (row));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = find_label (child, text);

      if (label != NULL)
        return label;
    }

  return NULL;
}

/* GtkColumnView 4.8 has no alignment for a column's title, and puts
 * each at the start of its column: a figure's title ends where its
 * figures end instead, at the right (the left in a right-to-left
 * language, which GtkLabel's xalign follows). The titles are the
 * header's, the column view's first child. */
static void
align_title_to_end (PdTakingsView *self,
                    const char    *title)
{
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (self->table));
  GtkWidget *label = header != NULL ? find_label (header, title) : NULL;

  if (label == NULL)
    {
      g_debug ("No column title “%s” to align", title);
      return;
    }

  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
}

static void
pd_takings_view_add_columns (PdTakingsView *self)
{
  static const struct {
    const char *id;
    const char *title;
    gboolean    figure;
  } columns[] = {
    { "period", N_("Period"), FALSE },
    { "asset", N_("Asset"), FALSE },
    { "paid-count", N_("Paid Orders"), TRUE },
    { "paid-total", N_("Paid"), TRUE },
    { "open-count", N_("Open Orders"), TRUE },
    { "open-total", N_("Still Open"), TRUE },
  };
  g_autoptr(GtkSelectionModel) selection = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "pd-column", (gpointer) columns[i].id);
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb),
                        GINT_TO_POINTER (columns[i].figure));
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), NULL);
      column = gtk_column_view_column_new (_(columns[i].title), g_object_ref (factory));
      gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->table, column);
      if (columns[i].figure)
        align_title_to_end (self, _(columns[i].title));
    }

  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->table_rows))));
  gtk_column_view_set_model (self->table, selection);
}

/* Actions */

static void
show_range_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PdTakingsView *self = PD_TAKINGS_VIEW (widget);
  g_autoptr(GError) error = NULL;
  const char *from = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
  const char *to = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));
  g_autofree char *from_text = g_strstrip (g_strdup (from));
  gboolean ok = pd_takings_view_set_custom_range (self, from, to, &error);
  GDate day;
  /* Every message but the first day's own is about the last day. */
  gboolean from_bad = !ok && !pd_takings_parse_date (from_text, &day);

  gtk_label_set_text (self->range_error_label, ok ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->range_error_label), !ok);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->from_entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               from_bad ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->to_entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               !ok && !from_bad ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  if (!ok)
    gtk_widget_grab_focus (GTK_WIDGET (from_bad ? self->from_entry : self->to_entry));
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  static const char * const pdf[] = { ".pdf", NULL };
  g_autoptr(PdTakingsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response != GTK_RESPONSE_ACCEPT ||
      (path = pd_save_path_from_chooser (GTK_FILE_CHOOSER (chooser), pdf, ".pdf")) == NULL)
    goto out;

  if (pd_takings_view_save_z_report (self, path, &error))
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *title = g_strdup_printf (_("Z report saved as “%s”"), name);

      adw_toast_overlay_add_toast (self->toast_overlay, pd_toast_new (title));
    }
  else
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  _("Cannot Save the Z Report"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }

out:
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
save_z_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PdTakingsView *self = PD_TAKINGS_VIEW (widget);
  g_autoptr(GtkFileFilter) pdf = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *name = NULL;

  if (self->takings == NULL)
    return;

  from = pd_takings_format_date (pd_takings_get_from (self->takings));
  to = pd_takings_format_date (pd_takings_get_to (self->takings));
  /* Translators: the default file name of a Z report, from the first to
   * the last day; keep the extension */
  name = g_strdup_printf (_("z-report-%s-%s.pdf"), from, to);

  gtk_file_filter_set_name (pdf, _("PDF"));
  gtk_file_filter_add_mime_type (pdf, "application/pdf");
  gtk_file_filter_add_suffix (pdf, "pdf");

  chooser = gtk_file_chooser_native_new (_("Save Z Report"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pdf);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* GtkWidget */

static void
pd_takings_view_map (GtkWidget *widget)
{
  PdTakingsView *self = PD_TAKINGS_VIEW (widget);

  GTK_WIDGET_CLASS (pd_takings_view_parent_class)->map (widget);

  /* Just after: the figures fill the view's lists, not while it maps. */
  if (self->stale && self->update_id == 0)
    {
      self->update_id = g_idle_add (update_cb, self);
      set_busy (self, TRUE);
    }
}

/* GObject */

static void
pd_takings_view_dispose (GObject *object)
{
  PdTakingsView *self = PD_TAKINGS_VIEW (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->midnight_id != 0)
    pd_clock_remove_timeout (self->clock, self->midnight_id);
  self->midnight_id = 0;
  g_clear_object (&self->clock);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->order_list);
  g_clear_pointer (&self->index, pd_takings_index_free);

  /* The bin's child is the template's: AdwBin would unparent it again. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_TAKINGS_VIEW);

  G_OBJECT_CLASS (pd_takings_view_parent_class)->dispose (object);
}

static void
pd_takings_view_finalize (GObject *object)
{
  PdTakingsView *self = PD_TAKINGS_VIEW (object);

  g_clear_pointer (&self->takings, pd_takings_free);
  g_clear_object (&self->table_rows);
  g_free (self->period);

  G_OBJECT_CLASS (pd_takings_view_parent_class)->finalize (object);
}

static void
pd_takings_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PdTakingsView *self = PD_TAKINGS_VIEW (object);

  switch (prop_id)
    {
    case PROP_PERIOD:
      g_value_set_string (value, self->period);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_takings_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PdTakingsView *self = PD_TAKINGS_VIEW (object);

  switch (prop_id)
    {
    case PROP_PERIOD:
      pd_takings_view_set_period (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_takings_view_class_init (PdTakingsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_takings_view_dispose;
  object_class->finalize = pd_takings_view_finalize;
  object_class->get_property = pd_takings_view_get_property;
  object_class->set_property = pd_takings_view_set_property;

  widget_class->map = pd_takings_view_map;

  properties[PROP_PERIOD] =
    g_param_spec_string ("period", NULL, NULL, "today",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_TAKINGS_CHART);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/pd-takings-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdTakingsView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdTakingsView, range_revealer);
  gtk_widget_class_bind_template_child (widget_class, PdTakingsView, from_entry);
  gtk_widget_class_bind_template_child (widget_class, PdTakingsView, to_entry);
  gtk_widget_class_bind_template_child (widget_class, PdTakingsView, range_error_label);
  gtk_widget_class_bind_template_child (widget_class, PdTakingsView, range_label);
  gtk_widget_class_bind_template_child (widget_class, PdTakingsView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PdTakingsView, paid_list);
  gtk_widget_class_bind_template_child (widget_class, PdTakingsView, open_list);
  gtk_widget_class_bind_template_child (widget_class, PdTakingsView, states_list);
  gtk_widget_class_bind_template_child (widget_class, PdTakingsView, charts_box);
  gtk_widget_class_bind_template_child (widget_class, PdTakingsView, table_group);
  gtk_widget_class_bind_template_child (widget_class, PdTakingsView, table);
  /* For the UI tests (gtk_widget_get_template_child). */
  gtk_widget_class_bind_template_child (widget_class, PdTakingsView, period_dropdown);
  gtk_widget_class_bind_template_child_full (widget_class, "show_range_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, range_entry_activated_cb);

  gtk_widget_class_install_property_action (widget_class, "takings.period", "period");
  gtk_widget_class_install_action (widget_class, "takings.show-range", NULL, show_range_action);
  gtk_widget_class_install_action (widget_class, "takings.save-z-report", NULL, save_z_report_action);
}

static void
pd_takings_view_init (PdTakingsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->period = g_strdup ("today");
  self->clock = pd_system_clock_new ();
  g_date_clear (&self->custom_from, 1);
  g_date_clear (&self->custom_to, 1);
  self->table_rows = g_list_store_new (PD_TYPE_TAKINGS_ROW);
  pd_takings_view_add_columns (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "takings.save-z-report", FALSE);
  g_signal_connect_object (self->period_dropdown, "notify::selected",
                           G_CALLBACK (period_selected_cb), self, G_CONNECT_SWAPPED);
}

/* Public API */

/**
 * pd_takings_view_set_order_list:
 * @list: (nullable): every order of the ledger, as the orders view has it
 *
 * The orders to count, whatever the list's filter, and its store's
 * changes to follow.
 */
void
pd_takings_view_set_order_list (PdTakingsView *self,
                                PdOrderList   *list)
{
  PdStore *store;

  g_return_if_fail (PD_IS_TAKINGS_VIEW (self));
  g_return_if_fail (list == NULL || PD_IS_ORDER_LIST (list));

  if (self->order_list == list)
    return;

  store = list != NULL ? pd_order_list_get_store (list) : NULL;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_set_object (&self->order_list, list);
  g_clear_pointer (&self->index, pd_takings_index_free);
  g_clear_pointer (&self->takings, pd_takings_free);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "takings.save-z-report", FALSE);
  if (store != NULL)
    {
      g_signal_connect_swapped (store, "order-added", G_CALLBACK (order_changed_cb), self);
      g_signal_connect_swapped (store, "order-changed", G_CALLBACK (order_changed_cb), self);
    }

  pd_takings_view_update (self);
}

/**
 * pd_takings_view_set_clock:
 * @clock: (nullable): NULL for the system's
 *
 * The clock that says what today is, and when midnight comes.
 */
void
pd_takings_view_set_clock (PdTakingsView *self,
                           PdClock       *clock)
{
  g_return_if_fail (PD_IS_TAKINGS_VIEW (self));
  g_return_if_fail (clock == NULL || PD_IS_CLOCK (clock));

  if (self->midnight_id != 0)
    pd_clock_remove_timeout (self->clock, self->midnight_id);
  self->midnight_id = 0;
  g_clear_object (&self->clock);
  self->clock = clock != NULL ? g_object_ref (clock) : pd_system_clock_new ();

  pd_takings_view_update (self);
}

const char *
pd_takings_view_get_period (PdTakingsView *self)
{
  g_return_val_if_fail (PD_IS_TAKINGS_VIEW (self), NULL);

  return self->period;
}

void
pd_takings_view_set_period (PdTakingsView *self,
                            const char    *period)
{
  gboolean custom;
  guint i;

  g_return_if_fail (PD_IS_TAKINGS_VIEW (self));
  g_return_if_fail (period != NULL);

  for (i = 0; i < G_N_ELEMENTS (period_names); i++)
    if (g_str_equal (period, period_names[i]))
      break;
  g_return_if_fail (i < G_N_ELEMENTS (period_names));

  if (g_strcmp0 (self->period, period) == 0)
    return;

  custom = g_str_equal (period, "custom");
  /* The range starts as the one shown: nothing changes until Show. */
  if (custom && !g_date_valid (&self->custom_from))
    pd_takings_view_get_range (self, &self->custom_from, &self->custom_to);
  if (custom)
    {
      g_autofree char *from = pd_takings_format_date (&self->custom_from);
      g_autofree char *to = pd_takings_format_date (&self->custom_to);

      gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
      gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
    }
  gtk_revealer_set_reveal_child (self->range_revealer, custom);
  gtk_widget_set_visible (GTK_WIDGET (self->range_error_label), FALSE);

  g_free (self->period);
  self->period = g_strdup (period);
  gtk_drop_down_set_selected (self->period_dropdown, i);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);

  pd_takings_view_update (self);
}

gboolean
pd_takings_view_set_custom_range (PdTakingsView  *self,
                                  const char     *from,
                                  const char     *to,
                                  GError        **error)
{
  g_autofree char *from_text = g_strstrip (g_strdup (from != NULL ? from : ""));
  g_autofree char *to_text = g_strstrip (g_strdup (to != NULL ? to : ""));
  GDate first;
  GDate last;

  g_return_val_if_fail (PD_IS_TAKINGS_VIEW (self), FALSE);

  if (!pd_takings_parse_date (from_text, &first))
    {
      /* Translators: "From" is the field's name, as its label says */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("From: “%s” is not a day; write it as YYYY-MM-DD, such as 2026-12-01"),
                   from_text);
      return FALSE;
    }
  if (!pd_takings_parse_date (to_text, &last))
    {
      /* Translators: "To" is the field's name, as its label says */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("To: “%s” is not a day; write it as YYYY-MM-DD, such as 2026-12-31"),
                   to_text);
      return FALSE;
    }
  if (g_date_compare (&last, &first) < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("To: the last day comes before the first"));
      return FALSE;
    }
  if (g_date_days_between (&first, &last) >= MAX_RANGE_DAYS)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("To: a range can be at most 100 years long"));
      return FALSE;
    }

  self->custom_from = first;
  self->custom_to = last;
  if (g_strcmp0 (self->period, "custom") != 0)
    pd_takings_view_set_period (self, "custom");
  else
    pd_takings_view_update (self);

  return TRUE;
}

gboolean
pd_takings_view_get_busy (PdTakingsView *self)
{
  g_return_val_if_fail (PD_IS_TAKINGS_VIEW (self), FALSE);

  return self->busy;
}

PdTakings *
pd_takings_view_get_takings (PdTakingsView *self)
{
  g_return_val_if_fail (PD_IS_TAKINGS_VIEW (self), NULL);

  return self->takings;
}

gboolean
pd_takings_view_save_z_report (PdTakingsView  *self,
                               const char     *path,
                               GError        **error)
{
  g_autoptr(PdMerchantProfile) profile = NULL;
  PdPaper paper;

  g_return_val_if_fail (PD_IS_TAKINGS_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->takings == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("The takings are still being counted"));
      return FALSE;
    }

  /* Written over, the ledger would lose every order. */
  if (self->store != NULL &&
      !pd_store_check_output_path (pd_store_get_path (self->store), path, error))
    return FALSE;

  profile = pd_merchant_profile_settings_load (&paper);

  return pd_z_report_write_pdf (self->takings, profile, NULL, path, paper, error);
}
