/* screenshot-customer.c: renders the customer display
 *
 *   paydesk-customer-screenshots OUTDIR
 *
 * Fills a temporary ledger with an unpaid, a paid and a mismatched
 * order, starts the real app on it with a shop name and logo, shows
 * each on the customer display and writes customer-unpaid.png,
 * customer-paid.png and customer-mismatch.png, and their -dark twins.
 * Run by build-aux/screenshots under Xvfb; the logo is a made-up shop's,
 * PAYDESK_TEST_FIXTURES/shop-logo.svg.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pd-application.h"
#include "pd-customer-display.h"
#include "pd-screenshot.h"

#include "orders-fixture.h"

static const PdTestOrder orders[] = {
  { "INV-2026-1043", "10", "Grinder burrs", PD_ORDER_STATE_MISMATCH },
  { "INV-2026-1044", "10", "Green tea, 250 g", PD_ORDER_STATE_PAID },
  { "INV-2026-1047", "18.9", "Coffee beans, 1 kg", PD_ORDER_STATE_UNPAID },
};

static const char *outdir;
static PdApplication *app;
static int status;

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Waits for a frame that lays out and paints the window as it is now. */
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
shoot (GtkWindow  *window,
       const char *name,
       const char *order_id,
       gboolean    dark)
{
  g_autofree char *file = g_strdup_printf ("%s%s.png", name, dark ? "-dark" : "");
  g_autofree char *path = g_build_filename (outdir, file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOrder) order = pd_store_lookup_order (pd_application_get_store (app), PAYEE_ID,
                                                    order_id, &error);
  PdCustomerDisplay *display;
  gint64 until;

  if (order == NULL)
    g_error ("%s", error->message);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  display = pd_customer_display_show (window, order);
  gtk_window_set_default_size (GTK_WINDOW (display), 1024, 768);

  /* The QR code is encoded in a thread. */
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (pd_customer_display_get_screen (display) == PD_CUSTOMER_SCREEN_PAY &&
         pd_qr_paintable_get_qr (pd_customer_display_get_qr_paintable (display)) == NULL &&
         g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  until = g_get_monotonic_time () + 800 * 1000;
  while (g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5000);
    }
  wait_for_frame (GTK_WIDGET (display));

  if (!pd_screenshot_save_png (GTK_WIDGET (display), path, &error))
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
  GtkWindow *window = gtk_application_get_windows (GTK_APPLICATION (application))->data;

  while (pd_application_get_store (app) == NULL)
    g_main_context_iteration (NULL, TRUE);

  for (guint dark = 0; dark < 2; dark++)
    {
      shoot (window, "customer-unpaid", "INV-2026-1047", dark);
      shoot (window, "customer-paid", "INV-2026-1044", dark);
      shoot (window, "customer-mismatch", "INV-2026-1043", dark);
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
  g_autofree char *logo = NULL;

  if (argc != 2)
    {
      g_printerr ("Usage: paydesk-customer-screenshots OUTDIR\n");
      return 2;
    }
  outdir = argv[1];

  tmpdir = g_dir_make_tmp ("paydesk-screenshots-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmpdir, "paydesk.db", NULL);
  pd_test_fill_ledger (db, orders, G_N_ELEMENTS (orders));
  g_setenv ("PAYDESK_DB", db, TRUE);
  logo = g_build_filename (g_getenv ("PAYDESK_TEST_FIXTURES"), "shop-logo.svg", NULL);

  gtk_init ();
  /* Every picture shows a finished state, not a transition. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "payee-id", PAYEE_ID);
  g_settings_set_string (settings, "shop-name", "Corner Tea House");
  g_settings_set_string (settings, "logo-path", logo);
  /* The paid screen stays for its picture. */
  g_settings_set_uint (settings, "customer-display-idle-seconds", 0);
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
