/* bare-window.c: the startup baseline, a bare AdwApplicationWindow
 *
 * An AdwApplication with a header bar in an AdwApplicationWindow of the
 * app's default size, nothing else. Like the app under
 * PAYDESK_BENCH_FIRST_FRAME, it prints "PAYDESK_FIRST_FRAME=<monotonic
 * µs>" once its first frame is painted, then quits, or stays open when
 * the variable is "stay" (the idle benchmark).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <adwaita.h>

#include "pd-screenshot.h"

static void
first_frame_cb (GtkWidget *widget,
                gpointer   user_data)
{
  g_print ("PAYDESK_FIRST_FRAME=%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);

  if (g_strcmp0 (g_getenv ("PAYDESK_BENCH_FIRST_FRAME"), "stay") != 0)
    gtk_window_destroy (GTK_WINDOW (widget));
}

static void
activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_window_set_title (GTK_WINDOW (window), "Bare");
  /* The size of Paydesk's main window on first run (its gschema). */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 680);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  pd_widget_call_after_first_frame (window, first_frame_cb, NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.paydesk.Paydesk.BenchBare",
                                                       G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
