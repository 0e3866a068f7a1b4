/* test-takings-view.c: the Takings view, on the real window
 *
 * Drives the real PdApplication and PdWindow under Xvfb on a temporary
 * ledger: the view's totals for orders created and settled in the store
 * (a mismatch never counted, a second asset its own row, 0.1 + 0.2 =
 * 0.3 exactly), its periods and a custom range, a live update when an
 * order becomes paid, a bar's tooltip and accessible label, and the Z
 * report it saves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "pd-application.h"
#include "pd-decimal.h"
#include "pd-takings-bar.h"
#include "pd-takings-chart.h"
#include "pd-takings-view.h"
#include "pd-window.h"

#include "orders-fixture.h"
#include "pd-test-ui.h"

static PdApplication *app;
static PdWindow *window;
static char *tmpdir;

static const PdTestOrder fixtures[] = {
  { "takings-paid-1", "0.1", "Tea", PD_ORDER_STATE_PAID },
  { "takings-paid-2", "0.2", "Cake", PD_ORDER_STATE_PAID },
  /* The payer edited the link: never takings. */
  { "takings-tampered", "500", "Grinder", PD_ORDER_STATE_MISMATCH },
  { "takings-open", "2.5", "Beans", PD_ORDER_STATE_UNPAID },
  { "takings-failed", "7", "Mug", PD_ORDER_STATE_FAILED },
};

/* Helpers */

static PdTakingsView *
get_view (void)
{
  return PD_TAKINGS_VIEW (pd_window_get_takings_view (window));
}

static gboolean
view_is_idle (gpointer data)
{
  return !pd_takings_view_get_busy (get_view ()) && pd_takings_view_get_takings (get_view ()) != NULL;
}

static void
wait_for_figures (void)
{
  pd_test_wait_until (view_is_idle, NULL, 20);
  pd_test_drain_main_context ();
}

static void
format_day (int   days_from_today,
            char *text)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days_from_today);
  g_autofree char *formatted = g_date_time_format (day, "%Y-%m-%d");

  strcpy (text, formatted);
}

static const PdTakingsAsset *
find_total (const char *asset_id)
{
  GPtrArray *totals = pd_takings_get_totals (pd_takings_view_get_takings (get_view ()));

  for (guint i = 0; i < totals->len; i++)
    {
      const PdTakingsAsset *asset = g_ptr_array_index (totals, i);

      if (g_strcmp0 (asset->quote_asset_id, asset_id) == 0)
        return asset;
    }

  return NULL;
}

static GtkWidget *
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name));
}

/* The range through the view's own fields and its Show button. */
static void
show_range (const char *from,
            const char *to)
{
  PdTakingsView *view = get_view ();

  gtk_editable_set_text (GTK_EDITABLE (template_child (view, PD_TYPE_TAKINGS_VIEW, "from_entry")), from);
  gtk_editable_set_text (GTK_EDITABLE (template_child (view, PD_TYPE_TAKINGS_VIEW, "to_entry")), to);
  g_signal_emit_by_name (template_child (view, PD_TYPE_TAKINGS_VIEW, "show_range_button"), "clicked");
}

/* Yesterday to tomorrow: every fixture, whenever the test runs. */
static void
show_fixture_range (void)
{
  char from[16];
  char to[16];

  gtk_widget_activate_action (GTK_WIDGET (get_view ()), "takings.period", "s", "custom");
  format_day (-1, from);
  format_day (1, to);
  show_range (from, to);
  wait_for_figures ();
}

static PdOrder *
add_order (const char *order_id,
           const char *asset_id,
           const char *symbol,
           const char *amount)
{
  g_autoptr(GError) error = NULL;
  PdOrder *order = pd_order_new ();

  pd_order_set_order_id (order, order_id);
  pd_order_set_payee_id (order, PAYEE_ID);
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, asset_id);
  pd_order_set_quote_symbol (order, symbol);
  pd_order_set_quote_amount (order, amount);
  pd_order_set_link (order, "http://127.0.0.1:9/pay");
  g_assert_true (pd_store_insert_order (pd_application_get_store (app), order, &error));
  g_assert_no_error (error);

  return order;
}

/* The poller's write of a verified payment. */
static void
settle_paid (PdOrder *order)
{
  g_autoptr(GError) error = NULL;

  pd_order_set_mixpay_status (order, "success");
  pd_order_set_paid_at (order, g_get_real_time () / G_USEC_PER_SEC);
  pd_order_set_state (order, PD_ORDER_STATE_PAID);
  g_assert_true (pd_store_record_result (pd_application_get_store (app), order, "unpaid → paid",
                                         NULL, &error));
  g_assert_no_error (error);
}

/* Tests */

static void
test_switch_views (void)
{
  AdwViewStack *stack = ADW_VIEW_STACK (template_child (window, PD_TYPE_WINDOW, "view_stack"));
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                "win.view::takings");

  g_assert_true (g_strv_contains ((const char * const *) accels, "<Alt>2"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "view", g_variant_new_string ("takings"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "takings");
  g_action_group_activate_action (G_ACTION_GROUP (window), "view", g_variant_new_string ("orders"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "orders");
  g_action_group_activate_action (G_ACTION_GROUP (window), "view", g_variant_new_string ("takings"));
  pd_test_drain_main_context ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (get_view ())));
}

static void
test_totals (void)
{
  const PdTakingsAsset *usdt;
  const PdTakingsAsset *usd;
  g_autoptr(PdOrder) usd_order = add_order ("takings-usd", "usd", NULL, "3.5");

  settle_paid (usd_order);
  show_fixture_range ();

  usdt = find_total (USDT);
  g_assert_nonnull (usdt);
  /* 0.1 + 0.2, exactly; the 500 of the tampered payment is not takings. */
  g_assert_cmpstr (usdt->paid_total, ==, "0.3");
  g_assert_cmpuint (usdt->paid_count, ==, 2);
  g_assert_cmpuint (usdt->mismatch_count, ==, 1);
  g_assert_cmpuint (usdt->open_count, ==, 1);
  g_assert_cmpstr (usdt->open_total, ==, "2.5");
  g_assert_cmpuint (usdt->state_counts[PD_ORDER_STATE_FAILED], ==, 1);

  /* The second asset has its own row, named by its ID without a symbol. */
  usd = find_total ("usd");
  g_assert_nonnull (usd);
  g_assert_cmpstr (usd->paid_total, ==, "3.5");

  /* What the merchant reads. */
  g_assert_true (pd_test_shows_text (get_view (), "0.3 USDT"));
  g_assert_true (pd_test_shows_text (get_view (), "2.5 USDT"));
  g_assert_true (pd_test_shows_text (get_view (), "3.5 usd"));
  g_assert_false (pd_test_shows_text (get_view (), "500.3 USDT"));
  g_assert_false (pd_test_shows_text (get_view (), "500 USDT"));
  g_assert_true (pd_test_shows_text (get_view (), "Mismatch"));
}

/* The chart of @symbol: each asset has its own. */
static GtkWidget *
find_chart (GtkWidget  *widget,
            const char *symbol)
{
  if (PD_IS_TAKINGS_CHART (widget) && pd_takings_chart_get_n_bars (PD_TAKINGS_CHART (widget)) > 0)
    {
      GtkWidget *bar = pd_takings_chart_get_bar (PD_TAKINGS_CHART (widget), 0);
      g_autofree char *needle = g_strdup_printf (" %s paid", symbol);

      if (strstr (pd_takings_bar_get_description (PD_TAKINGS_BAR (bar)), needle) != NULL)
        return widget;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *chart = find_chart (child, symbol);

      if (chart != NULL)
        return chart;
    }

  return NULL;
}

/* A label's text, from its start to its end, in @target's coordinates:
 * the ends of the texts are what a reader sees line up. */
static void
get_text_edges (GtkWidget *label,
                GtkWidget *target,
                double    *left,
                double    *right)
{
  PangoRectangle logical;
  graphene_point_t start;
  graphene_point_t end;
  int x, y;

  gtk_label_get_layout_offsets (GTK_LABEL (label), &x, &y);
  pango_layout_get_pixel_extents (gtk_label_get_layout (GTK_LABEL (label)), NULL, &logical);
  g_assert_true (gtk_widget_compute_point (label, target,
                                           &GRAPHENE_POINT_INIT (x + logical.x, 0), &start));
  g_assert_true (gtk_widget_compute_point (label, target,
                                           &GRAPHENE_POINT_INIT (x + logical.x + logical.width, 0), &end));
  *left = start.x;
  *right = end.x;
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
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

/* In the table, a column's title and its cells line up: at the end for
 * figures, at the start for words, in either direction of writing. */
static void
assert_table_aligned (GtkTextDirection direction)
{
  static const struct {
    const char *title;
    const char *cell;
    gboolean    figure;
  } columns[] = {
    { "Asset", "USDT", FALSE },
    { "Paid Orders", "2", TRUE },
    { "Paid", "0.3", TRUE },
    { "Still Open", "2.5", TRUE },
  };
  GtkWidget *table = template_child (get_view (), PD_TYPE_TAKINGS_VIEW, "table");
  GtkWidget *header = gtk_widget_get_first_child (table);

  gtk_widget_set_default_direction (direction);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  pd_test_drain_main_context ();

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkWidget *title = find_label (header, columns[i].title);
      GtkWidget *cell = NULL;
      double title_left, title_right, cell_left, cell_right;
      gboolean at_right;

      for (GtkWidget *child = gtk_widget_get_next_sibling (header);
           child != NULL && cell == NULL;
           child = gtk_widget_get_next_sibling (child))
        cell = find_label (child, columns[i].cell);

      g_assert_nonnull (title);
      g_assert_nonnull (cell);
      get_text_edges (title, table, &title_left, &title_right);
      get_text_edges (cell, table, &cell_left, &cell_right);
      g_test_message ("%s: title %.0f–%.0f, “%s” %.0f–%.0f", columns[i].title,
                      title_left, title_right, columns[i].cell, cell_left, cell_right);

      /* The end of a figure is the right in left-to-right writing. */
      at_right = columns[i].figure == (direction == GTK_TEXT_DIR_LTR);
      if (at_right)
        g_assert_cmpfloat (fabs (title_right - cell_right), <=, 4);
      else
        g_assert_cmpfloat (fabs (title_left - cell_left), <=, 4);
    }
}

/* The chart reads as the table does: its first day at the start of the
 * line, the left or, in right-to-left writing, the right. */
static void
assert_chart_direction (GtkTextDirection direction)
{
  GtkWidget *chart = find_chart (GTK_WIDGET (get_view ()), "USDT");
  graphene_rect_t first;
  graphene_rect_t last;
  guint n;

  g_assert_nonnull (chart);
  n = pd_takings_chart_get_n_bars (PD_TAKINGS_CHART (chart));
  g_assert_cmpuint (n, >=, 2);
  g_assert_true (gtk_widget_compute_bounds (pd_takings_chart_get_bar (PD_TAKINGS_CHART (chart), 0),
                                            chart, &first));
  g_assert_true (gtk_widget_compute_bounds (pd_takings_chart_get_bar (PD_TAKINGS_CHART (chart), n - 1),
                                            chart, &last));
  if (direction == GTK_TEXT_DIR_LTR)
    g_assert_cmpfloat (first.origin.x, <, last.origin.x);
  else
    g_assert_cmpfloat (first.origin.x, >, last.origin.x);
}

static void
test_table_alignment (void)
{
  show_fixture_range ();
  assert_table_aligned (GTK_TEXT_DIR_LTR);
  assert_chart_direction (GTK_TEXT_DIR_LTR);
  assert_table_aligned (GTK_TEXT_DIR_RTL);
  assert_chart_direction (GTK_TEXT_DIR_RTL);
  assert_table_aligned (GTK_TEXT_DIR_LTR);
  assert_chart_direction (GTK_TEXT_DIR_LTR);
}

static void
test_bad_range (void)
{
  PdTakingsView *view = get_view ();
  GtkLabel *error_label;
  PdTakings *before;

  show_fixture_range ();
  before = pd_takings_view_get_takings (view);
  error_label = GTK_LABEL (template_child (view, PD_TYPE_TAKINGS_VIEW, "range_error_label"));

  show_range ("2026-13-01", "2026-12-31");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (error_label), "From: "));
  g_assert_false (pd_takings_view_get_busy (view));
  g_assert_true (pd_takings_view_get_takings (view) == before);

  show_range ("2026-12-05", "2026-12-04");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (error_label), "To: "));
  g_assert_false (pd_takings_view_get_busy (view));
  g_assert_true (pd_takings_view_get_takings (view) == before);

  show_range ("2026-12-01", "tomorrow");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (error_label), "To: "));
  g_assert_true (pd_takings_view_get_takings (view) == before);

  /* A good range clears the message. */
  show_fixture_range ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
}

static void
test_periods (void)
{
  PdTakingsView *view = get_view ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;
  GDate monday;
  GDate first;
  PdTakings *takings;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  monday = today;
  g_date_subtract_days (&monday, g_date_get_weekday (&today) - G_DATE_MONDAY);
  first = today;
  g_date_set_day (&first, 1);

  /* The period menu, as the merchant picks from it. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (template_child (view, PD_TYPE_TAKINGS_VIEW, "period_dropdown")), 0);
  g_assert_cmpstr (pd_takings_view_get_period (view), ==, "today");
  wait_for_figures ();
  takings = pd_takings_view_get_takings (view);
  g_assert_cmpint (g_date_compare (pd_takings_get_from (takings), &today), ==, 0);
  g_assert_cmpint (g_date_compare (pd_takings_get_to (takings), &today), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (view), "takings.period", "s", "week");
  wait_for_figures ();
  /* The menu shows the period, however it was picked. */
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (template_child (view, PD_TYPE_TAKINGS_VIEW,
                                                                               "period_dropdown"))),
                    ==, 1);
  takings = pd_takings_view_get_takings (view);
  g_assert_cmpint (g_date_compare (pd_takings_get_from (takings), &monday), ==, 0);
  g_assert_cmpint (g_date_compare (pd_takings_get_to (takings), &today), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (view), "takings.period", "s", "month");
  wait_for_figures ();
  takings = pd_takings_view_get_takings (view);
  g_assert_cmpint (g_date_compare (pd_takings_get_from (takings), &first), ==, 0);
  g_assert_cmpint (pd_takings_get_by (takings), ==, PD_TAKINGS_BY_DAY);

  /* A range long ago: the empty page, not a table of zeros. */
  show_range ("2020-01-01", "2020-12-31");
  wait_for_figures ();
  takings = pd_takings_view_get_takings (view);
  g_assert_cmpuint (pd_takings_get_totals (takings)->len, ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (template_child (view, PD_TYPE_TAKINGS_VIEW,
                                                                                 "content_stack"))),
                   ==, "empty");
  /* A year is shown by week. */
  g_assert_cmpint (pd_takings_get_by (takings), ==, PD_TAKINGS_BY_WEEK);
}

static gboolean
usdt_paid_is (gpointer data)
{
  const PdTakingsAsset *usdt;

  if (pd_takings_view_get_busy (get_view ()) || pd_takings_view_get_takings (get_view ()) == NULL)
    return FALSE;

  usdt = find_total (USDT);
  return usdt != NULL && g_strcmp0 (usdt->paid_total, data) == 0;
}

static void
test_live_update (void)
{
  PdTakingsView *view = get_view ();
  g_autoptr(PdOrder) order = NULL;
  PdTakingsChart *chart;
  GtkWidget *today_bar = NULL;
  char today[16];
  g_autofree char *expected = NULL;

  show_fixture_range ();
  g_assert_true (usdt_paid_is ((gpointer) "0.3"));

  order = add_order ("takings-live", USDT, "USDT", "12345678.12345678");
  settle_paid (order);
  /* The period picked stays; the figures follow the store. */
  pd_test_wait_until (usdt_paid_is, (gpointer) "12345678.42345678", 20);
  g_assert_cmpstr (pd_takings_view_get_period (view), ==, "custom");
  pd_test_drain_main_context ();
  g_assert_true (pd_test_shows_text (view, "12345678.42345678 USDT"));

  /* Today's bar says what was paid today, in its tooltip and to screen
   * readers. The paid fixtures count on their creation day. */
  format_day (0, today);
  chart = PD_TAKINGS_CHART (find_chart (GTK_WIDGET (view), "USDT"));
  g_assert_nonnull (chart);
  g_assert_cmpuint (pd_takings_chart_get_n_bars (chart), ==, 3);
  for (guint i = 0; i < pd_takings_chart_get_n_bars (chart); i++)
    {
      GtkWidget *bar = pd_takings_chart_get_bar (chart, i);

      g_assert_true (gtk_widget_get_focusable (bar));
      g_assert_true (gtk_widget_get_has_tooltip (bar));
      if (g_str_has_prefix (pd_takings_bar_get_description (PD_TAKINGS_BAR (bar)), today))
        today_bar = bar;
    }
  g_assert_nonnull (today_bar);
  g_assert_nonnull (strstr (pd_takings_bar_get_description (PD_TAKINGS_BAR (today_bar)),
                            "12345678.42345678 USDT"));
  expected = g_strdup (pd_takings_bar_get_description (PD_TAKINGS_BAR (today_bar)));
  gtk_test_accessible_assert_property (today_bar, GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
  g_assert_cmpfloat (pd_takings_bar_get_fraction (PD_TAKINGS_BAR (today_bar)), >, 0.0);
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Hidden, the view does not count at every change; shown, it catches up. */
static void
test_hidden (void)
{
  PdTakingsView *view = get_view ();
  g_autoptr(PdOrder) order = NULL;
  PdTakings *before;
  gboolean waited = FALSE;

  show_fixture_range ();
  before = pd_takings_view_get_takings (view);
  g_action_group_activate_action (G_ACTION_GROUP (window), "view", g_variant_new_string ("orders"));
  pd_test_drain_main_context ();
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (view)));

  order = add_order ("takings-hidden", USDT, "USDT", "1");
  settle_paid (order);
  g_timeout_add (500, set_flag_cb, &waited);
  pd_test_wait_until (pd_test_flag_is_set, &waited, 10);
  g_assert_false (pd_takings_view_get_busy (view));
  g_assert_true (pd_takings_view_get_takings (view) == before);

  g_action_group_activate_action (G_ACTION_GROUP (window), "view", g_variant_new_string ("takings"));
  pd_test_wait_until (usdt_paid_is, (gpointer) "12345679.42345678", 20);
}

/* At local midnight, Today becomes the next day, by itself. */
static void
test_midnight (void)
{
  PdTakingsView *view = get_view ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(PdFakeClock) clock = pd_fake_clock_new (g_date_time_to_unix (now) * G_USEC_PER_SEC);
  PdTakings *takings;
  GDate tomorrow;
  gint64 deadline = 0;

  {
    g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                        g_date_time_get_day_of_month (now), 0, 0, 0);

    midnight = g_date_time_add_days (today, 1);
  }
  g_date_clear (&tomorrow, 1);
  g_date_set_dmy (&tomorrow, g_date_time_get_day_of_month (midnight), g_date_time_get_month (midnight),
                  g_date_time_get_year (midnight));

  gtk_widget_activate_action (GTK_WIDGET (view), "takings.period", "s", "today");
  pd_takings_view_set_clock (view, PD_CLOCK (clock));
  wait_for_figures ();
  g_assert_true (pd_fake_clock_get_next (clock, &deadline));
  g_assert_cmpint (deadline, ==, g_date_time_to_unix (midnight) * G_USEC_PER_SEC);

  g_assert_true (pd_fake_clock_fire_next (clock));
  wait_for_figures ();
  takings = pd_takings_view_get_takings (view);
  g_assert_cmpint (g_date_compare (pd_takings_get_from (takings), &tomorrow), ==, 0);
  g_assert_cmpint (g_date_compare (pd_takings_get_to (takings), &tomorrow), ==, 0);
  /* And the next midnight is armed. */
  g_assert_cmpuint (pd_fake_clock_get_n_timers (clock), ==, 1);

  pd_takings_view_set_clock (view, NULL);
  g_assert_cmpuint (pd_fake_clock_get_n_timers (clock), ==, 0);
  wait_for_figures ();
}

static void
test_z_report (void)
{
  PdTakingsView *view = get_view ();
  g_autofree char *path = g_build_filename (tmpdir, "z-report.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  show_fixture_range ();
  g_assert_true (pd_takings_view_save_z_report (view, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_unlink (path);

  /* Never over the ledger. */
  g_assert_false (pd_takings_view_save_z_report (view, pd_store_get_path (pd_application_get_store (app)),
                                                 &error));
  g_assert_nonnull (error);
}

/* An order that was open turns paid: it leaves the open figures and
 * joins the paid ones, with no other change to the view. */
static void
test_open_order_paid (void)
{
  PdTakingsView *view = get_view ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOrder) order = pd_store_lookup_order (pd_application_get_store (app), PAYEE_ID,
                                                    "takings-open", &error);
  g_autofree char *paid_before = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  const PdTakingsAsset *usdt;
  guint paid_count;
  guint open_count;

  g_assert_no_error (error);
  show_fixture_range ();
  usdt = find_total (USDT);
  paid_before = g_strdup (usdt->paid_total);
  paid_count = usdt->paid_count;
  open_count = usdt->open_count;
  g_assert_cmpuint (open_count, >=, 1);
  expected = pd_decimal_add (paid_before, "2.5");

  settle_paid (order);
  g_assert_true (pd_takings_view_get_busy (view));
  pd_test_wait_until (usdt_paid_is, expected, 20);
  usdt = find_total (USDT);
  g_assert_cmpuint (usdt->paid_count, ==, paid_count + 1);
  g_assert_cmpuint (usdt->open_count, ==, open_count - 1);
  g_assert_cmpstr (pd_takings_view_get_period (view), ==, "custom");

  pd_test_drain_main_context ();
  shown = g_strdup_printf ("%s USDT", expected);
  g_assert_true (pd_test_shows_text (view, shown));
}

/* Setup */

static gboolean
store_is_open (gpointer data)
{
  return pd_application_get_store (app) != NULL;
}

static void
application_activated_cb (GApplication *application,
                          int          *status)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));

  g_signal_handlers_disconnect_by_func (application, application_activated_cb, status);

  window = g_object_ref (windows->data);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  pd_test_wait_until (store_is_open, NULL, 10);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  *status = g_test_run ();

  pd_test_close_and_finalize (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  int status = 1;

  gtk_test_init (&argc, &argv, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  tmpdir = g_dir_make_tmp ("paydesk-test-takings-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmpdir, "paydesk.db", NULL);
  pd_test_fill_ledger (db, fixtures, G_N_ELEMENTS (fixtures));
  g_setenv ("PAYDESK_DB", db, TRUE);
  g_setenv ("PAYDESK_PAY_BASE", "http://127.0.0.1:9", TRUE);

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "payee-id", PAYEE_ID);
  g_settings_set_boolean (settings, "polling-enabled", FALSE);

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (application_activated_cb), &status);

  g_test_add_func ("/takings-view/switch-views", test_switch_views);
  g_test_add_func ("/takings-view/totals", test_totals);
  g_test_add_func ("/takings-view/table-alignment", test_table_alignment);
  g_test_add_func ("/takings-view/bad-range", test_bad_range);
  g_test_add_func ("/takings-view/periods", test_periods);
  g_test_add_func ("/takings-view/live-update", test_live_update);
  g_test_add_func ("/takings-view/hidden", test_hidden);
  g_test_add_func ("/takings-view/midnight", test_midnight);
  g_test_add_func ("/takings-view/z-report", test_z_report);
  g_test_add_func ("/takings-view/open-order-paid", test_open_order_paid);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_finalize_object (app);

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmpdir, name, NULL);

        if (g_file_test (path, G_FILE_TEST_IS_DIR))
          {
            g_autofree char *stamp = g_build_filename (path, "stamp", NULL);

            g_unlink (stamp);
            g_rmdir (path);
          }
        else
          g_unlink (path);
      }
  }
  g_rmdir (tmpdir);
  g_free (tmpdir);

  return status;
}
