/* paydesk-harness.c: the app, with hooks for screenshots and benchmarks
 *
 * The app itself reads no test switches: this program runs the same
 * PdApplication and adds, from its environment:
 *
 * - PAYDESK_SCREENSHOT=FILE: render the main window (or the window
 *   PAYDESK_SCREENSHOT_VIEW names: "new-order", or "preferences" once
 *   MixPay's lists are in) to FILE after its first frame, then quit
 *   (build-aux/screenshots);
 * - PAYDESK_BENCH_FIRST_FRAME: print when the main window's first frame
 *   was painted, then quit, or stay open with "stay" (tests/bench).
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "pd-application.h"
#include "pd-new-order-dialog.h"
#include "pd-preferences-window.h"
#include "pd-screenshot.h"
#include "pd-window.h"

static void
quit (PdApplication *app)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static void
screenshot_first_frame_cb (GtkWidget *widget,
                           gpointer   user_data)
{
  g_autoptr(GError) error = NULL;

  if (!pd_screenshot_save_png (widget, g_getenv ("PAYDESK_SCREENSHOT"), &error))
    g_printerr ("%s\n", error->message);

  quit (user_data);
}

static void
bench_first_frame_cb (GtkWidget *widget,
                      gpointer   user_data)
{
  g_print ("PAYDESK_FIRST_FRAME=%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  if (g_strcmp0 (g_getenv ("PAYDESK_BENCH_FIRST_FRAME"), "stay") != 0)
    quit (user_data);
}

static gboolean
quit_idle_cb (gpointer user_data)
{
  quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
view_first_frame_cb (GtkWidget *widget,
                     gpointer   user_data)
{
  g_autoptr(GError) error = NULL;

  if (!pd_screenshot_save_png (widget, g_getenv ("PAYDESK_SCREENSHOT"), &error))
    g_printerr ("%s\n", error->message);

  /* Not from inside the frame of a dialog: closing its main window under
   * it would leave the dialog pointing at a window that is gone. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, quit_idle_cb, g_object_ref (user_data), g_object_unref);
}

static void
preferences_fetching_cb (GtkWidget     *preferences,
                         GParamSpec    *pspec,
                         PdApplication *app)
{
  if (pd_preferences_window_get_fetching (PD_PREFERENCES_WINDOW (preferences)))
    return;

  g_signal_handlers_disconnect_by_func (preferences, preferences_fetching_cb, app);
  pd_widget_call_after_first_frame (preferences, view_first_frame_cb, app);
  gtk_widget_queue_draw (preferences);
}

static GtkWindow *
find_window (PdApplication *app,
             GType          type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
        return l->data;
    }

  return NULL;
}

/* Renders the dialog $PAYDESK_SCREENSHOT_VIEW names instead of the main
 * window; FALSE when it names none. */
static gboolean
shoot_view (PdApplication *app)
{
  const char *view = g_getenv ("PAYDESK_SCREENSHOT_VIEW");
  GtkWindow *window;

  if (g_strcmp0 (view, "new-order") == 0)
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "new-order", NULL);
      window = find_window (app, PD_TYPE_NEW_ORDER_DIALOG);
      if (window != NULL)
        pd_widget_call_after_first_frame (GTK_WIDGET (window), view_first_frame_cb, app);
      return TRUE;
    }

  if (g_strcmp0 (view, "preferences") == 0)
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
      window = find_window (app, PD_TYPE_PREFERENCES_WINDOW);
      g_signal_connect (window, "notify::fetching", G_CALLBACK (preferences_fetching_cb), app);
      preferences_fetching_cb (GTK_WIDGET (window), NULL, app);
      return TRUE;
    }

  return FALSE;
}

/* After the app's own activate: its main window exists, not yet drawn. */
static void
activated_cb (PdApplication *app)
{
  const char *screenshot_path = g_getenv ("PAYDESK_SCREENSHOT");
  GtkWindow *window = find_window (app, PD_TYPE_WINDOW);
  static gboolean hooked = FALSE;

  if (window == NULL || hooked)
    return;
  hooked = TRUE;

  if (screenshot_path != NULL && screenshot_path[0] != '\0' && !shoot_view (app))
    pd_widget_call_after_first_frame (GTK_WIDGET (window), screenshot_first_frame_cb, app);
  if (g_getenv ("PAYDESK_BENCH_FIRST_FRAME") != NULL)
    pd_widget_call_after_first_frame (GTK_WIDGET (window), bench_first_frame_cb, app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdApplication) app = NULL;
  const char *localedir = g_getenv ("PAYDESK_LOCALEDIR");

  bindtextdomain (GETTEXT_PACKAGE,
                  localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = pd_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
