/* pd-screenshot.c: first-frame hook and rendering a widget to a PNG
 *
 * The app uses both when PAYDESK_SCREENSHOT is set, so screenshots come
 * from the real widgets through GTK's own renderer, with no window manager
 * or screen grabber involved.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-screenshot.h"

typedef struct
{
  GWeakRef          widget;
  PdFirstFrameFunc  func;
  gpointer          user_data;
} FirstFrame;

static void
first_frame_free (gpointer data,
                  GClosure *closure)
{
  FirstFrame *first_frame = data;

  g_weak_ref_clear (&first_frame->widget);
  g_free (first_frame);
}

static void
frame_clock_after_paint_cb (GdkFrameClock *frame_clock,
                            FirstFrame    *first_frame)
{
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&first_frame->widget);
  PdFirstFrameFunc func = first_frame->func;
  gpointer user_data = first_frame->user_data;

  /* Frees first_frame. */
  g_signal_handlers_disconnect_by_func (frame_clock, frame_clock_after_paint_cb, first_frame);

  if (widget != NULL)
    func (widget, user_data);
}

/* Tick callbacks run in the update phase of a frame, before it is painted:
 * wait for the end of that same frame. */
static gboolean
first_tick_cb (GtkWidget     *widget,
               GdkFrameClock *frame_clock,
               gpointer       user_data)
{
  FirstFrame *first_frame = g_new0 (FirstFrame, 1);
  FirstFrame *template = user_data;

  g_weak_ref_init (&first_frame->widget, widget);
  first_frame->func = template->func;
  first_frame->user_data = template->user_data;
  g_signal_connect_data (frame_clock, "after-paint",
                         G_CALLBACK (frame_clock_after_paint_cb),
                         first_frame, first_frame_free, 0);

  return G_SOURCE_REMOVE;
}

void
pd_widget_call_after_first_frame (GtkWidget        *widget,
                                  PdFirstFrameFunc  func,
                                  gpointer          user_data)
{
  FirstFrame *template;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (func != NULL);

  template = g_new0 (FirstFrame, 1);
  template->func = func;
  template->user_data = user_data;
  gtk_widget_add_tick_callback (widget, first_tick_cb, template, g_free);
}

gboolean
pd_screenshot_save_png (GtkWidget   *widget,
                        const char  *path,
                        GError     **error)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  if (node == NULL || renderer == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Screenshot: the window has not been drawn yet"));
      return FALSE;
    }

  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Screenshot: could not write “%s”"), path);
      return FALSE;
    }

  return TRUE;
}
