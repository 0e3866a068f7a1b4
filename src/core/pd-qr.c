/* pd-qr.c: QR codes of payment links
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <cairo.h>
#include <qrencode.h>

#include "pd-qr.h"

/* Cairo's image surfaces stop at 32767 pixels a side. */
#define PNG_MAX_SIDE 32767

struct _PdQr
{
  grefcount  ref_count;
  char      *text;
  guint      width;
  /* width × width bytes, row-major, 1 for dark. */
  guint8    *modules;
};

G_DEFINE_BOXED_TYPE (PdQr, pd_qr, pd_qr_ref, pd_qr_unref)
G_DEFINE_QUARK (pd-qr-error-quark, pd_qr_error)

static QRecLevel
qrencode_level (PdQrLevel level)
{
  switch (level)
    {
    case PD_QR_LEVEL_L:
      return QR_ECLEVEL_L;
    case PD_QR_LEVEL_Q:
      return QR_ECLEVEL_Q;
    case PD_QR_LEVEL_H:
      return QR_ECLEVEL_H;
    case PD_QR_LEVEL_M:
    default:
      return QR_ECLEVEL_M;
    }
}

/**
 * pd_qr_new:
 * @text: the text to encode, such as a paylink
 * @level: the error correction level
 * @error: a #PD_QR_ERROR if @text is empty or too long
 *
 * Encodes @text byte for byte (8-bit mode), in the smallest version that
 * holds it.
 *
 * Returns: (transfer full) (nullable): the symbol
 */
PdQr *
pd_qr_new (const char  *text,
           PdQrLevel    level,
           GError     **error)
{
  QRcode *code;
  PdQr *qr;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, PD_QR_ERROR, PD_QR_ERROR_ENCODE,
                           _("There is no text to put in a QR code"));
      return NULL;
    }

  len = strlen (text);
  code = len <= G_MAXINT
         ? QRcode_encodeData ((int) len, (const unsigned char *) text, 0, qrencode_level (level))
         : NULL;
  if (code == NULL)
    {
      int saved_errno = errno;

      if (saved_errno == ERANGE || len > G_MAXINT)
        g_set_error_literal (error, PD_QR_ERROR, PD_QR_ERROR_ENCODE,
                             _("The text is too long for a QR code"));
      else
        g_set_error (error, PD_QR_ERROR, PD_QR_ERROR_ENCODE,
                     _("Could not make a QR code: %s"), g_strerror (saved_errno));
      return NULL;
    }

  qr = g_new0 (PdQr, 1);
  g_ref_count_init (&qr->ref_count);
  qr->text = g_strdup (text);
  qr->width = code->width;
  qr->modules = g_malloc ((gsize) qr->width * qr->width);

  /* libqrencode keeps other flags in the upper bits; bit 0 is dark. */
  for (gsize i = 0; i < (gsize) qr->width * qr->width; i++)
    qr->modules[i] = code->data[i] & 1;

  QRcode_free (code);

  return qr;
}

PdQr *
pd_qr_ref (PdQr *qr)
{
  g_return_val_if_fail (qr != NULL, NULL);

  g_ref_count_inc (&qr->ref_count);
  return qr;
}

void
pd_qr_unref (PdQr *qr)
{
  g_return_if_fail (qr != NULL);

  if (!g_ref_count_dec (&qr->ref_count))
    return;

  g_free (qr->text);
  g_free (qr->modules);
  g_free (qr);
}

const char *
pd_qr_get_text (const PdQr *qr)
{
  g_return_val_if_fail (qr != NULL, NULL);

  return qr->text;
}

guint
pd_qr_get_width (const PdQr *qr)
{
  g_return_val_if_fail (qr != NULL, 0);

  return qr->width;
}

gboolean
pd_qr_get_module (const PdQr *qr,
                  guint       x,
                  guint       y)
{
  g_return_val_if_fail (qr != NULL, FALSE);
  g_return_val_if_fail (x < qr->width && y < qr->width, FALSE);

  return qr->modules[(gsize) y * qr->width + x] != 0;
}

const guint8 *
pd_qr_get_modules (const PdQr *qr)
{
  g_return_val_if_fail (qr != NULL, NULL);

  return qr->modules;
}

/* Modules a side, quiet zone included. */
static guint
full_width (const PdQr *qr)
{
  return qr->width + 2 * PD_QR_QUIET_ZONE;
}

/* Writes through a temporary file in the same folder, renamed at the end,
 * so a failure never leaves half a file behind. */
static gboolean
write_contents (const char  *path,
                const char  *contents,
                gsize        length,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_file_set_contents_full (path, contents, length,
                                G_FILE_SET_CONTENTS_CONSISTENT, 0666,
                                &local_error))
    return TRUE;

  g_set_error (error, PD_QR_ERROR, PD_QR_ERROR_WRITE,
               _("Could not write the QR code to “%s”: %s"), path, local_error->message);
  return FALSE;
}

/* Pixels are set one by one rather than drawn, so edges stay hard: no
 * antialiasing can blur a module. */
static cairo_surface_t *
render_surface (const PdQr *qr,
                guint       scale)
{
  guint side = full_width (qr) * scale;
  cairo_surface_t *surface;
  guint8 *data;
  int stride;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, side, side);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  for (guint py = 0; py < side; py++)
    {
      guint32 *row = (guint32 *) (gpointer) (data + (gsize) py * stride);
      guint my = py / scale;

      for (guint px = 0; px < side; px++)
        {
          guint mx = px / scale;
          gboolean dark = FALSE;

          if (mx >= PD_QR_QUIET_ZONE && mx < PD_QR_QUIET_ZONE + qr->width &&
              my >= PD_QR_QUIET_ZONE && my < PD_QR_QUIET_ZONE + qr->width)
            dark = pd_qr_get_module (qr, mx - PD_QR_QUIET_ZONE, my - PD_QR_QUIET_ZONE);

          row[px] = dark ? 0x000000 : 0xffffff;
        }
    }

  cairo_surface_mark_dirty (surface);
  return surface;
}

static cairo_status_t
append_png_bytes (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * pd_qr_write_png:
 * @qr: a symbol
 * @path: the file to write
 * @scale: pixels a module side, at least 1
 * @error: a #PD_QR_ERROR
 *
 * Writes @qr black on white with a quiet zone of %PD_QR_QUIET_ZONE modules,
 * replacing @path only once the whole image is written.
 */
gboolean
pd_qr_write_png (const PdQr  *qr,
                 const char  *path,
                 guint        scale,
                 GError     **error)
{
  g_autoptr(GByteArray) png = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (qr != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (scale > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (scale > PNG_MAX_SIDE / full_width (qr))
    {
      g_set_error (error, PD_QR_ERROR, PD_QR_ERROR_WRITE,
                   _("Could not write the QR code: %u pixels a module is too large"), scale);
      return FALSE;
    }

  surface = render_surface (qr, scale);
  png = g_byte_array_new ();
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, append_png_bytes, png);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, PD_QR_ERROR, PD_QR_ERROR_WRITE,
                   _("Could not write the QR code: %s"), cairo_status_to_string (status));
      return FALSE;
    }

  return write_contents (path, (const char *) png->data, png->len, error);
}

/**
 * pd_qr_to_svg_string:
 * @qr: a symbol
 *
 * The dark modules are one <path>, each horizontal run of dark modules a
 * rectangle in it, over a white box that includes the quiet zone. The
 * viewBox counts modules, so the image is sharp at any size.
 *
 * Returns: (transfer full): an SVG document
 */
char *
pd_qr_to_svg_string (const PdQr *qr)
{
  guint side;
  GString *svg;

  g_return_val_if_fail (qr != NULL, NULL);

  side = full_width (qr);
  svg = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append_printf (svg,
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
                          "viewBox=\"0 0 %u %u\" width=\"%u\" height=\"%u\" "
                          "shape-rendering=\"crispEdges\">\n",
                          side, side, side * PD_QR_DEFAULT_SCALE, side * PD_QR_DEFAULT_SCALE);
  g_string_append_printf (svg, "<rect width=\"%u\" height=\"%u\" fill=\"#ffffff\"/>\n",
                          side, side);
  g_string_append (svg, "<path fill=\"#000000\" d=\"");

  for (guint y = 0; y < qr->width; y++)
    {
      guint x = 0;

      while (x < qr->width)
        {
          guint run_start;

          if (!pd_qr_get_module (qr, x, y))
            {
              x++;
              continue;
            }

          run_start = x;
          while (x < qr->width && pd_qr_get_module (qr, x, y))
            x++;

          g_string_append_printf (svg, "M%u %uh%uv1h-%uz",
                                  run_start + PD_QR_QUIET_ZONE, y + PD_QR_QUIET_ZONE,
                                  x - run_start, x - run_start);
        }
    }

  g_string_append (svg, "\"/>\n</svg>\n");

  return g_string_free (svg, FALSE);
}

/**
 * pd_qr_write_svg:
 * @qr: a symbol
 * @path: the file to write
 * @error: a #PD_QR_ERROR
 *
 * Writes pd_qr_to_svg_string(), replacing @path only once the whole file
 * is written.
 */
gboolean
pd_qr_write_svg (const PdQr  *qr,
                 const char  *path,
                 GError     **error)
{
  g_autofree char *svg = NULL;

  g_return_val_if_fail (qr != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  svg = pd_qr_to_svg_string (qr);
  return write_contents (path, svg, strlen (svg), error);
}

static gboolean
path_has_extension (const char *path,
                    const char *extension)
{
  gsize path_len = strlen (path);
  gsize extension_len = strlen (extension);

  return path_len > extension_len &&
         g_ascii_strcasecmp (path + path_len - extension_len, extension) == 0;
}

/**
 * pd_qr_write_file:
 * @qr: a symbol
 * @path: a file name ending in .png or .svg, in any case
 * @error: a #PD_QR_ERROR; %PD_QR_ERROR_FORMAT for another extension
 *
 * Writes a PNG of %PD_QR_DEFAULT_SCALE pixels a module, or an SVG.
 */
gboolean
pd_qr_write_file (const PdQr  *qr,
                  const char  *path,
                  GError     **error)
{
  g_return_val_if_fail (qr != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (path_has_extension (path, ".png"))
    return pd_qr_write_png (qr, path, PD_QR_DEFAULT_SCALE, error);

  if (path_has_extension (path, ".svg"))
    return pd_qr_write_svg (qr, path, error);

  g_set_error_literal (error, PD_QR_ERROR, PD_QR_ERROR_FORMAT,
                       _("The file name must end in .png or .svg"));
  return FALSE;
}
