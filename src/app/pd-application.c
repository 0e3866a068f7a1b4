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
#include "pd-store.h"
#include "pd-screenshot.h"
#include "pd-window.h"

struct _PdApplication
{
  AdwApplication  parent_instance;

  PdStore        *store;
  GError         *store_error;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (PdApplication, pd_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_STORE,
  PROP_STORE_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

/* PAYDESK_BENCH_FIRST_FRAME (tests/bench): print when the first frame was
 * painted, then quit, or stay open for the idle benchmark with "stay". */
static void
bench_first_frame_cb (GtkWidget *widget,
                      gpointer   user_data)
{
  g_print ("PAYDESK_FIRST_FRAME=%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  if (g_strcmp0 (g_getenv ("PAYDESK_BENCH_FIRST_FRAME"), "stay") != 0)
    g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
}

/* The ledger */

static void
open_store_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  PdStore *store;

  /* NULL: $PAYDESK_DB, or paydesk.db in the user data folder. */
  store = pd_store_open (NULL, &error);
  if (store == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, store, g_object_unref);
}

static void
open_store_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  PdApplication *self = PD_APPLICATION (object);
  g_autoptr(GError) error = NULL;
  PdStore *store;

  store = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (store == NULL)
    {
      g_warning ("Cannot open the order ledger: %s", error->message);
      self->store_error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE_ERROR]);
      return;
    }

  self->store = store;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/* Opening checks the whole file, which takes a moment on a large ledger:
 * it happens in a thread, so the first frame never waits for it. */
static void
pd_application_open_store (PdApplication *self)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, self->cancellable, open_store_cb, NULL);
  g_task_set_source_tag (task, pd_application_open_store);
  g_task_run_in_thread (task, open_store_in_thread);
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

  pd_application_open_store (self);
}

static void
pd_application_shutdown (GApplication *application)
{
  PdApplication *self = PD_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  if (self->store != NULL)
    pd_store_close (self->store);

  G_APPLICATION_CLASS (pd_application_parent_class)->shutdown (application);
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
      if (g_getenv ("PAYDESK_BENCH_FIRST_FRAME") != NULL)
        pd_widget_call_after_first_frame (GTK_WIDGET (window), bench_first_frame_cb, self);
    }

  gtk_window_present (window);
}

static void
pd_application_dispose (GObject *object)
{
  PdApplication *self = PD_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (pd_application_parent_class)->dispose (object);
}

static void
pd_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdApplication *self = PD_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_STORE_ERROR:
      g_value_set_boxed (value, self->store_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_application_class_init (PdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pd_application_dispose;
  object_class->get_property = pd_application_get_property;

  app_class->startup = pd_application_startup;
  app_class->activate = pd_application_activate;
  app_class->shutdown = pd_application_shutdown;

  /* The order ledger, opened in the background; NULL until then. */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         PD_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Why the ledger could not be opened; NULL unless that happened. */
  properties[PROP_STORE_ERROR] =
    g_param_spec_boxed ("store-error", NULL, NULL,
                        G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_application_init (PdApplication *self)
{
  self->cancellable = g_cancellable_new ();
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

/**
 * pd_application_get_store:
 *
 * Returns: (transfer none) (nullable): the order ledger, or %NULL while it
 *   is being opened or when it could not be (see
 *   pd_application_get_store_error()); watch notify::store
 */
PdStore *
pd_application_get_store (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->store;
}

const GError *
pd_application_get_store_error (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->store_error;
}
