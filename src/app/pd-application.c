/* pd-application.c: the Paydesk application, its actions and shortcuts
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-application.h"
#include "pd-preferences-window.h"
#include "pd-screenshot.h"
#include "pd-window.h"

struct _PdApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (PdApplication, pd_application, ADW_TYPE_APPLICATION)

/* The main window that dialogs belong to: the most recently focused one. */
static GtkWindow *
pd_application_get_main_window (PdApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (PD_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

static GtkWindow *
pd_application_find_preferences_window (PdApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (PD_IS_PREFERENCES_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

static void
screenshot_first_frame_cb (GtkWidget *widget,
                           gpointer   user_data)
{
  PdApplication *self = user_data;
  const char *path = g_getenv ("PAYDESK_SCREENSHOT");
  g_autoptr(GError) error = NULL;

  if (!pd_screenshot_save_png (widget, path, &error))
    g_printerr ("%s\n", error->message);

  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
}

/* Actions */

static void
pd_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  PdApplication *self = user_data;
  GtkWindow *preferences = pd_application_find_preferences_window (self);

  if (preferences == NULL)
    {
      preferences = GTK_WINDOW (pd_preferences_window_new ());
      gtk_window_set_application (preferences, GTK_APPLICATION (self));
      gtk_window_set_transient_for (preferences, pd_application_get_main_window (self));
      gtk_window_set_modal (preferences, TRUE);
    }

  gtk_window_present (preferences);
}

static void
pd_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  PdApplication *self = user_data;
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", pd_application_get_main_window (self),
                        "modal", TRUE,
                        "application-name", _("Paydesk"),
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Paydesk authors"),
                        "copyright", _("© 2026 The Paydesk authors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/paydesk/paydesk",
                        "issue-url", "https://github.com/paydesk/paydesk/issues",
                        "translator-credits", _("translator-credits"),
                        "application-icon", APP_ID,
                        NULL);

  gtk_window_present (GTK_WINDOW (about));
}

static void
pd_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  PdApplication *self = user_data;
  GList *windows;

  /* Close rather than destroy, so every window saves its state and cancels
   * its work; the application ends with its last window. */
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                              (GCopyFunc) g_object_ref, NULL);
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);
}

static const GActionEntry app_actions[] = {
  { "preferences", pd_application_preferences_action },
  { "about", pd_application_about_action },
  { "quit", pd_application_quit_action },
};

/* GApplication */

static void
pd_application_startup (GApplication *application)
{
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };
  PdApplication *self = PD_APPLICATION (application);

  G_APPLICATION_CLASS (pd_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         quit_accels);
}

static void
pd_application_activate (GApplication *application)
{
  PdApplication *self = PD_APPLICATION (application);
  GtkWindow *window = pd_application_get_main_window (self);
  const char *screenshot_path = g_getenv ("PAYDESK_SCREENSHOT");

  if (window == NULL)
    {
      window = GTK_WINDOW (pd_window_new (self));

      if (screenshot_path != NULL && screenshot_path[0] != '\0')
        pd_widget_call_after_first_frame (GTK_WIDGET (window),
                                          screenshot_first_frame_cb, self);
    }

  gtk_window_present (window);
}

static void
pd_application_class_init (PdApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = pd_application_startup;
  app_class->activate = pd_application_activate;
}

static void
pd_application_init (PdApplication *self)
{
}

/* Public API */

PdApplication *
pd_application_new (void)
{
  return g_object_new (PD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
