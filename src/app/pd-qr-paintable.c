/* pd-qr-paintable.c: a QR code of a text, drawn crisply at any size
 *
 * Each row of dark modules becomes a few rectangles (one a run), on whole
 * pixels whenever a module can be at least one pixel wide, so the code
 * is never blurred by scaling.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "pd-qr-paintable.h"

/* Pixels a module at the paintable's natural size. */
#define NATURAL_MODULE_SIZE 5

struct _PdQrPaintable
{
  GObject       parent_instance;

  char         *text;
  PdQr         *qr;
  GCancellable *cancellable;
};

static void pd_qr_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdQrPaintable, pd_qr_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      pd_qr_paintable_iface_init))

enum {
  PROP_0,
  PROP_TEXT,
  PROP_QR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GdkRGBA white = { 1, 1, 1, 1 };
static const GdkRGBA black = { 0, 0, 0, 1 };

/* Encoding */

static void
encode_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  PdQr *qr = pd_qr_new (task_data, PD_QR_LEVEL_M, &error);

  if (qr == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, qr, (GDestroyNotify) pd_qr_unref);
}

static void
encode_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GWeakRef *weak_ref = user_data;
  g_autoptr(PdQrPaintable) self = g_weak_ref_get (weak_ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdQr) qr = NULL;

  g_weak_ref_clear (weak_ref);
  g_free (weak_ref);

  qr = g_task_propagate_pointer (G_TASK (result), &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (qr == NULL)
    {
      g_warning ("Cannot draw the QR code: %s", error->message);
      return;
    }

  /* An older encoding that finished late is not for the current text. */
  if (g_strcmp0 (pd_qr_get_text (qr), self->text) != 0)
    return;

  g_clear_pointer (&self->qr, pd_qr_unref);
  self->qr = g_steal_pointer (&qr);
  g_clear_object (&self->cancellable);

  gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QR]);
}

static void
pd_qr_paintable_encode (PdQrPaintable *self)
{
  g_autoptr(GTask) task = NULL;
  GWeakRef *weak_ref;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->text == NULL)
    return;

  /* The task holds no reference on the paintable, so dropping the
   * paintable cancels the work rather than waiting for it. */
  weak_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak_ref, self);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, encode_cb, weak_ref);
  g_task_set_source_tag (task, pd_qr_paintable_encode);
  g_task_set_task_data (task, g_strdup (self->text), g_free);
  g_task_run_in_thread (task, encode_in_thread);
}

/* GdkPaintable */

static void
pd_qr_paintable_snapshot (GdkPaintable *paintable,
                          GdkSnapshot  *snapshot,
                          double        width,
                          double        height)
{
  PdQrPaintable *self = PD_QR_PAINTABLE (paintable);
  const guint8 *modules;
  guint n_modules;
  guint total;
  double module;
  double size;
  double x0;
  double y0;

  if (self->qr == NULL)
    return;

  n_modules = pd_qr_get_width (self->qr);
  modules = pd_qr_get_modules (self->qr);
  total = n_modules + 2 * PD_QR_QUIET_ZONE;
  module = MIN (width, height) / total;
  if (module >= 1)
    module = floor (module);
  size = module * total;
  x0 = floor ((width - size) / 2);
  y0 = floor ((height - size) / 2);

  gtk_snapshot_append_color (GTK_SNAPSHOT (snapshot), &white,
                             &GRAPHENE_RECT_INIT (x0, y0, size, size));

  x0 += PD_QR_QUIET_ZONE * module;
  y0 += PD_QR_QUIET_ZONE * module;

  for (guint y = 0; y < n_modules; y++)
    {
      const guint8 *row = modules + (gsize) y * n_modules;
      guint x = 0;

      while (x < n_modules)
        {
          guint run_start;

          if (!row[x])
            {
              x++;
              continue;
            }

          run_start = x;
          while (x < n_modules && row[x])
            x++;

          gtk_snapshot_append_color (GTK_SNAPSHOT (snapshot), &black,
                                     &GRAPHENE_RECT_INIT (x0 + run_start * module,
                                                          y0 + y * module,
                                                          (x - run_start) * module,
                                                          module));
        }
    }
}

static int
pd_qr_paintable_get_intrinsic_size (GdkPaintable *paintable)
{
  PdQrPaintable *self = PD_QR_PAINTABLE (paintable);

  if (self->qr == NULL)
    return 0;

  return (pd_qr_get_width (self->qr) + 2 * PD_QR_QUIET_ZONE) * NATURAL_MODULE_SIZE;
}

static double
pd_qr_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  return 1.0;
}

static void
pd_qr_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = pd_qr_paintable_snapshot;
  iface->get_intrinsic_width = pd_qr_paintable_get_intrinsic_size;
  iface->get_intrinsic_height = pd_qr_paintable_get_intrinsic_size;
  iface->get_intrinsic_aspect_ratio = pd_qr_paintable_get_intrinsic_aspect_ratio;
}

/* GObject */

static void
pd_qr_paintable_dispose (GObject *object)
{
  PdQrPaintable *self = PD_QR_PAINTABLE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pd_qr_paintable_parent_class)->dispose (object);
}

static void
pd_qr_paintable_finalize (GObject *object)
{
  PdQrPaintable *self = PD_QR_PAINTABLE (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->qr, pd_qr_unref);

  G_OBJECT_CLASS (pd_qr_paintable_parent_class)->finalize (object);
}

static void
pd_qr_paintable_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PdQrPaintable *self = PD_QR_PAINTABLE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_QR:
      g_value_set_boxed (value, self->qr);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_qr_paintable_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PdQrPaintable *self = PD_QR_PAINTABLE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      pd_qr_paintable_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_qr_paintable_class_init (PdQrPaintableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_qr_paintable_dispose;
  object_class->finalize = pd_qr_paintable_finalize;
  object_class->get_property = pd_qr_paintable_get_property;
  object_class->set_property = pd_qr_paintable_set_property;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QR] =
    g_param_spec_boxed ("qr", NULL, NULL, PD_TYPE_QR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_qr_paintable_init (PdQrPaintable *self)
{
}

/* Public API */

PdQrPaintable *
pd_qr_paintable_new (const char *text)
{
  return g_object_new (PD_TYPE_QR_PAINTABLE, "text", text, NULL);
}

/**
 * pd_qr_paintable_new_for_picture:
 *
 * A code with no text yet, shown by @picture: what the order page and
 * the customer display both start with.
 *
 * Returns: (transfer full): the paintable
 */
PdQrPaintable *
pd_qr_paintable_new_for_picture (GtkPicture *picture)
{
  PdQrPaintable *self;

  g_return_val_if_fail (GTK_IS_PICTURE (picture), NULL);

  self = pd_qr_paintable_new (NULL);
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (self));

  return self;
}

const char *
pd_qr_paintable_get_text (PdQrPaintable *self)
{
  g_return_val_if_fail (PD_IS_QR_PAINTABLE (self), NULL);

  return self->text;
}

void
pd_qr_paintable_set_text (PdQrPaintable *self,
                          const char    *text)
{
  g_return_if_fail (PD_IS_QR_PAINTABLE (self));

  if (text != NULL && text[0] == '\0')
    text = NULL;

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);

  if (self->qr != NULL)
    {
      g_clear_pointer (&self->qr, pd_qr_unref);
      gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
      gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QR]);
    }

  pd_qr_paintable_encode (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

PdQr *
pd_qr_paintable_get_qr (PdQrPaintable *self)
{
  g_return_val_if_fail (PD_IS_QR_PAINTABLE (self), NULL);

  return self->qr;
}

/**
 * pd_qr_paintable_render_texture:
 *
 * Returns: (transfer full) (nullable): the code as an image
 */
GdkTexture *
pd_qr_paintable_render_texture (PdQrPaintable *self,
                                guint          scale)
{
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *modules;
  guint n_modules;
  gsize side;
  gsize stride;
  guint8 *pixels;

  g_return_val_if_fail (PD_IS_QR_PAINTABLE (self), NULL);
  g_return_val_if_fail (scale > 0, NULL);

  if (self->qr == NULL)
    return NULL;

  n_modules = pd_qr_get_width (self->qr);
  modules = pd_qr_get_modules (self->qr);
  side = (gsize) (n_modules + 2 * PD_QR_QUIET_ZONE) * scale;
  stride = side * 3;
  pixels = g_malloc (stride * side);
  memset (pixels, 0xff, stride * side);

  for (gsize py = 0; py < side; py++)
    {
      for (gsize px = 0; px < side; px++)
        {
          gssize mx = (gssize) (px / scale) - PD_QR_QUIET_ZONE;
          gssize my = (gssize) (py / scale) - PD_QR_QUIET_ZONE;

          if (mx >= 0 && my >= 0 && mx < n_modules && my < n_modules &&
              modules[my * n_modules + mx])
            memset (pixels + py * stride + px * 3, 0, 3);
        }
    }

  bytes = g_bytes_new_take (pixels, stride * side);

  return gdk_memory_texture_new (side, side, GDK_MEMORY_R8G8B8, bytes, stride);
}
