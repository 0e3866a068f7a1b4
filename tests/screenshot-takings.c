/* screenshot-takings.c: renders the Takings view
 *
 *   paydesk-takings-screenshots OUTDIR
 *
 * Fills a temporary ledger with two weeks of a shop's orders (paid,
 * open, a mismatch, a failure, in USDT and in BTC), starts the real app
 * on it, shows the Takings view for those two weeks and writes
 * takings.png and takings-dark.png. Run by build-aux/screenshots under
 * Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pd-application.h"
#include "pd-screenshot.h"
#include "pd-takings-view.h"
#include "pd-window.h"

#include "orders-fixture.h"

#define DAYS 14

static const char *outdir;
static PdApplication *app;
static int status;

/* Amounts of the paid orders of each day, oldest first: a shop's rhythm. */
static const char * const usdt_days[DAYS][3] = {
  { "12.5", "8", NULL }, { "25", NULL, NULL }, { NULL, NULL, NULL }, { "18.9", "4.5", "7" },
  { "32", "11.25", NULL }, { "9.9", NULL, NULL }, { "14", "22", "3.75" }, { "6.5", NULL, NULL },
  { NULL, NULL, NULL }, { "28.4", "10", NULL }, { "17", "5.5", NULL }, { "40", "12", "8.8" },
  { "21", NULL, NULL }, { "15.5", "9", NULL },
};

static void
insert (PdStore      *store,
        const char   *order_id,
        const char   *asset_id,
        const char   *symbol,
        const char   *amount,
        gint64        when,
        PdOrderState  state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOrder) order = pd_order_new ();

  pd_order_set_order_id (order, order_id);
  pd_order_set_payee_id (order, PAYEE_ID);
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, asset_id);
  pd_order_set_quote_symbol (order, symbol);
  pd_order_set_quote_amount (order, amount);
  pd_order_set_link (order, "https://mixpay.me/pay");
  pd_order_set_created_at (order, when);
  if (!pd_store_insert_order (store, order, &error))
    g_error ("%s", error->message);
  if (state == PD_ORDER_STATE_UNPAID)
    return;

  if (state == PD_ORDER_STATE_MISMATCH)
    {
      const char * const fields[] = { "quoteAmount", NULL };

      pd_order_set_mismatch (order, fields);
    }
  if (state == PD_ORDER_STATE_PAID)
    pd_order_set_paid_at (order, when + 120);
  pd_order_set_mixpay_status (order, state == PD_ORDER_STATE_FAILED ? "failed" : "success");
  pd_order_set_state (order, state);
  if (!pd_store_update_order (store, order, PD_ORDER_EVENT_UPDATED, NULL, NULL, &error))
    g_error ("%s", error->message);
}

static void
fill_ledger (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (path, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 9, 30, 0);
  guint n = 0;

  if (store == NULL)
    g_error ("%s", error->message);

  for (int day = 0; day < DAYS; day++)
    {
      g_autoptr(GDateTime) morning = g_date_time_add_days (today, day - (DAYS - 1));
      gint64 when = g_date_time_to_unix (morning);

      for (guint i = 0; i < 3 && usdt_days[day][i] != NULL; i++)
        {
          g_autofree char *id = g_strdup_printf ("INV-2026-%04u", 1000 + n++);

          insert (store, id, USDT, "USDT", usdt_days[day][i], when + i * 3600, PD_ORDER_STATE_PAID);
        }
      if (day % 4 == 1)
        {
          g_autofree char *id = g_strdup_printf ("INV-2026-%04u", 1000 + n++);

          insert (store, id, BTC, "BTC", day % 8 == 1 ? "0.00042" : "0.0011", when + 5 * 3600,
                  PD_ORDER_STATE_PAID);
        }
    }

  {
    gint64 late = g_date_time_to_unix (today) + 2 * 3600;

    insert (store, "INV-2026-1090", USDT, "USDT", "500", late, PD_ORDER_STATE_MISMATCH);
    insert (store, "INV-2026-1091", USDT, "USDT", "19.9", late + 60, PD_ORDER_STATE_UNPAID);
    insert (store, "INV-2026-1092", USDT, "USDT", "7.25", late + 120, PD_ORDER_STATE_FAILED);
    insert (store, "INV-2026-1093", USDT, "USDT", "4.8", late + 180, PD_ORDER_STATE_UNPAID);
  }

  pd_store_close (store);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);

  gtk_widget_queue_resize (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handler_disconnect (clock, handler);
}

static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + 500 * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5000);
    }
}

static void
shoot (GtkWidget  *window,
       const char *name)
{
  g_autofree char *path = g_build_filename (outdir, name, NULL);
  g_autoptr(GError) error = NULL;

  settle ();
  wait_for_frame (window);
  if (!pd_screenshot_save_png (window, path, &error))
    {
      g_printerr ("%s\n", error->message);
      status = 1;
      return;
    }

  g_print ("%s\n", path);
}

static void
activated_cb (GApplication *application)
{
  GtkWidget *window = gtk_application_get_windows (GTK_APPLICATION (application))->data;
  PdTakingsView *view;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) first = g_date_time_add_days (now, -(DAYS - 1));
  g_autofree char *from = g_date_time_format (first, "%Y-%m-%d");
  g_autofree char *to = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;

  while (pd_application_get_store (app) == NULL)
    g_main_context_iteration (NULL, TRUE);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 1400);
  g_action_group_activate_action (G_ACTION_GROUP (window), "view", g_variant_new_string ("takings"));
  view = PD_TAKINGS_VIEW (pd_window_get_takings_view (PD_WINDOW (window)));
  if (!pd_takings_view_set_custom_range (view, from, to, &error))
    g_error ("%s", error->message);
  while (pd_takings_view_get_busy (view) || pd_takings_view_get_takings (view) == NULL)
    g_main_context_iteration (NULL, TRUE);

  for (guint dark = 0; dark < 2; dark++)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                               : ADW_COLOR_SCHEME_FORCE_LIGHT);
      shoot (window, dark ? "takings-dark.png" : "takings.png");
    }

  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *db = NULL;
  const char *localedir = g_getenv ("PAYDESK_LOCALEDIR");

  if (argc != 2)
    {
      g_printerr ("Usage: paydesk-takings-screenshots OUTDIR\n");
      return 2;
    }
  outdir = argv[1];

  tmpdir = g_dir_make_tmp ("paydesk-screenshots-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmpdir, "paydesk.db", NULL);
  fill_ledger (db);
  g_setenv ("PAYDESK_DB", db, TRUE);

  /* build-aux/screenshots renders the view in Chinese too, with the
   * catalogue of the build tree. */
  bindtextdomain (GETTEXT_PACKAGE,
                  localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "payee-id", PAYEE_ID);
  g_settings_set_boolean (settings, "polling-enabled", FALSE);

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), NULL);
  g_application_run (G_APPLICATION (app), 0, NULL);
  g_object_unref (app);

  for (guint i = 0; i < 5; i++)
    {
      static const char * const suffixes[] = { "", "-wal", "-shm", "-changes/stamp", "-changes" };
      g_autofree char *file = g_strconcat (db, suffixes[i], NULL);

      g_remove (file);
    }
  g_rmdir (tmpdir);

  return status;
}
