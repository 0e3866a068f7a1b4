/* screenshot-orders.c: renders the orders view and the order page
 *
 *   paydesk-screenshots OUTDIR
 *
 * Fills a temporary ledger with orders in every state, starts the real
 * app on it and writes, in the light and the dark style, orders.png
 * (a mismatch selected), order-unpaid.png, order-paid.png and
 * order-narrow.png (folded) and order-details.png (folded, tall: the
 * details and history), with -dark before .png for the dark style.
 * Run by build-aux/screenshots under Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pd-application.h"
#include "pd-orders-view.h"
#include "pd-screenshot.h"
#include "pd-window.h"

#include "orders-fixture.h"

static const PdTestOrder orders[] = {
  { "INV-2026-1040", "48", "Catering for the book club", PD_ORDER_STATE_AUDITING },
  { "INV-2026-1041", "12.5", "Ceramic mug, blue", PD_ORDER_STATE_FAILED },
  { "INV-2026-1042", "3", "Cookies", PD_ORDER_STATE_CANCELLED },
  { "INV-2026-1043", "10", "Grinder burrs", PD_ORDER_STATE_MISMATCH },
  { "INV-2026-1044", "10", "Green tea, 250 g", PD_ORDER_STATE_PAID },
  { "INV-2026-1045", "10", "Tea set deposit", PD_ORDER_STATE_PAID_LESS },
  { "INV-2026-1046", "25.5", "Espresso machine repair", PD_ORDER_STATE_CONFIRMING },
  { "INV-2026-1047", "18.9", "Coffee beans, 1 kg", PD_ORDER_STATE_UNPAID },
};

static const char *outdir;
static PdApplication *app;
static int status;

/* Lets GTK lay out and paint whatever changed. */
static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + 800 * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5000);
    }
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Waits for a frame that lays out and paints the window as it is now. */
static void
wait_for_frame (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean painted = FALSE;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);

  gtk_widget_queue_resize (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handler_disconnect (clock, handler);
}

static PdOrder *
lookup (const char *order_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOrder) order = pd_store_lookup_order (pd_application_get_store (app), PAYEE_ID,
                                                    order_id, &error);

  if (order == NULL)
    g_error ("%s", error->message);

  /* The store holds it. */
  return order;
}

static void
shoot (PdWindow   *window,
       const char *name,
       const char *order_id,
       int         width,
       int         height,
       gboolean    dark)
{
  g_autofree char *file = g_strdup_printf ("%s%s.png", name, dark ? "-dark" : "");
  g_autofree char *path = g_build_filename (outdir, file, NULL);
  g_autoptr(GError) error = NULL;
  PdOrdersView *view = PD_ORDERS_VIEW (pd_window_get_orders_view (window));

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  settle ();
  pd_orders_view_select_order (view, lookup (order_id));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-order",
                                  g_variant_new_int64 (pd_order_get_id (lookup (order_id))));
  settle ();
  wait_for_frame (GTK_WIDGET (window));

  if (!pd_screenshot_save_png (GTK_WIDGET (window), path, &error))
    {
      g_printerr ("%s\n", error->message);
      status = 1;
      return;
    }

  g_print ("%s\n", path);
}

static gboolean
store_is_open (void)
{
  return pd_application_get_store (app) != NULL;
}

static void
activated_cb (GApplication *application)
{
  PdWindow *window = gtk_application_get_windows (GTK_APPLICATION (application))->data;

  while (!store_is_open ())
    g_main_context_iteration (NULL, TRUE);

  for (guint dark = 0; dark < 2; dark++)
    {
      shoot (window, "orders", "INV-2026-1043", 1180, 760, dark);
      shoot (window, "order-unpaid", "INV-2026-1047", 1180, 760, dark);
      shoot (window, "order-paid", "INV-2026-1044", 1180, 760, dark);
      shoot (window, "order-narrow", "INV-2026-1047", 400, 860, dark);
      /* Tall enough for the payment details and the history. */
      shoot (window, "order-details", "INV-2026-1043", 400, 1560, dark);
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
      g_printerr ("Usage: paydesk-screenshots OUTDIR\n");
      return 2;
    }
  outdir = argv[1];

  tmpdir = g_dir_make_tmp ("paydesk-screenshots-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmpdir, "paydesk.db", NULL);
  pd_test_fill_ledger (db, orders, G_N_ELEMENTS (orders));
  g_setenv ("PAYDESK_DB", db, TRUE);

  /* build-aux/screenshots renders the orders in Chinese too, with the
   * catalogue of the build tree. */
  bindtextdomain (GETTEXT_PACKAGE,
                  localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_init ();
  /* Every picture shows a finished state, not a transition. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "payee-id", PAYEE_ID);
  g_settings_set_int (settings, "window-width", 1180);
  g_settings_set_int (settings, "window-height", 760);
  /* The pictures show the ledger as filled: no poller asking MixPay (not
   * reachable here), so no "cannot be reached" banner either. */
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
