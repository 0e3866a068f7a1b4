/* pd-window.c: the main window
 *
 * Shows what the app is for until a payee is configured, then the orders
 * area. Its size and maximized state persist in GSettings.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-window.h"

struct _PdWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GCancellable         *cancellable;

  /* Template widgets */
  GtkMenuButton        *primary_menu_button;
  GtkStack             *pages;
};

G_DEFINE_FINAL_TYPE (PdWindow, pd_window, ADW_TYPE_APPLICATION_WINDOW)

static void
pd_window_update_page (PdWindow *self)
{
  g_autofree char *payee_id = g_settings_get_string (self->settings, "payee-id");

  gtk_stack_set_visible_child_name (self->pages,
                                    payee_id[0] == '\0' ? "first-run" : "no-orders");
}

static void
pd_window_restore_state (PdWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
pd_window_save_state (PdWindow *self)
{
  int width;
  int height;

  /* The default size follows the user's resizing but not maximizing, so it
   * is the size to come back to when unmaximized. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static void
payee_id_changed_cb (PdWindow   *self,
                     const char *key,
                     GSettings  *settings)
{
  pd_window_update_page (self);
}

/* GtkWindow */

static gboolean
pd_window_close_request (GtkWindow *window)
{
  PdWindow *self = PD_WINDOW (window);

  g_cancellable_cancel (self->cancellable);
  pd_window_save_state (self);

  return GTK_WINDOW_CLASS (pd_window_parent_class)->close_request (window);
}

/* GObject */

static void
pd_window_dispose (GObject *object)
{
  PdWindow *self = PD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_WINDOW);

  G_OBJECT_CLASS (pd_window_parent_class)->dispose (object);
}

static void
pd_window_class_init (PdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pd_window_dispose;

  window_class->close_request = pd_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/pd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, pages);
  /* Not needed by the code, but reachable by name for the UI tests
   * (gtk_widget_get_template_child). */
  gtk_widget_class_bind_template_child_full (widget_class, "first_run_page", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "set_up_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "no_orders_page", FALSE, 0);
}

static void
pd_window_init (PdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);

  g_signal_connect_object (self->settings, "changed::payee-id",
                           G_CALLBACK (payee_id_changed_cb), self,
                           G_CONNECT_SWAPPED);

  pd_window_restore_state (self);
  pd_window_update_page (self);
}

/* Public API */

PdWindow *
pd_window_new (PdApplication *application)
{
  g_return_val_if_fail (PD_IS_APPLICATION (application), NULL);

  return g_object_new (PD_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

GCancellable *
pd_window_get_cancellable (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return self->cancellable;
}
