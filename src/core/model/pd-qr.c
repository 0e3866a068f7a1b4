/* pd-qr.c: QR codes of payment links
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <qrencode.h>

#include "pd-qr.h"

/* The largest side most PNG readers (and cairo) accept. */
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
 * so a failure never leaves half a file behind. It is not synced to disk:
 * a QR image can be made again from the ledger at any time, and syncing
 * (the file and its folder, as G_FILE_SET_CONTENTS_CONSISTENT does) takes
 * ten times longer than making the link, the code and the PNG together. */
static gboolean
write_contents (const char  *path,
                const char  *contents,
                gsize        length,
                GError     **error)
{
  g_autofree char *tmp_path = g_strconcat (path, ".XXXXXX", NULL);
  int saved_errno = 0;
  int fd;

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      saved_errno = errno;
      goto failed;
    }

  while (length > 0)
    {
      gssize written = write (fd, contents, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        {
          saved_errno = errno;
          close (fd);
          g_unlink (tmp_path);
          goto failed;
        }

      contents += written;
      length -= written;
    }

  if (close (fd) != 0 || g_rename (tmp_path, path) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp_path);
      goto failed;
    }

  return TRUE;

failed:
  g_set_error (error, PD_QR_ERROR, PD_QR_ERROR_WRITE,
               _("Could not write the QR code to “%s”: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/* PNG, written directly -------------------------------------------------
 *
 * A QR code is two colours, so the PNG is 1-bit greyscale: a 600-pixel
 * code is 45 KB before compression instead of 1.4 MB of RGB, and rows
 * that repeat the one above (every pixel row of a module but the first)
 * are filtered to zeros, which deflate to almost nothing. This is what
 * keeps a new order's code well under a millisecond. */

#define PNG_FILTER_NONE 0
#define PNG_FILTER_UP   2
/* Fast and, on these rows, as small as the slower levels. */
#define PNG_DEFLATE_LEVEL 1

static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

/* The CRC-32 of PNG chunks (ISO 3309, reflected polynomial 0xedb88320). */
static guint32
png_crc (const guint8 *data,
         gsize         length,
         guint32       crc)
{
  static guint32 table[256];
  static gsize table_ready = 0;

  if (g_once_init_enter (&table_ready))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (guint k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&table_ready, 1);
    }

  crc = ~crc;
  for (gsize i = 0; i < length; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);

  return ~crc;
}

static void
append_be32 (GByteArray *png,
             guint32     value)
{
  guint32 be = GUINT32_TO_BE (value);

  g_byte_array_append (png, (const guint8 *) &be, 4);
}

static void
append_chunk (GByteArray   *png,
              const char   *type,
              const guint8 *data,
              gsize         length)
{
  guint32 crc;

  append_be32 (png, (guint32) length);
  g_byte_array_append (png, (const guint8 *) type, 4);
  if (length > 0)
    g_byte_array_append (png, data, length);

  crc = png_crc ((const guint8 *) type, 4, 0);
  crc = png_crc (data, length, crc);
  append_be32 (png, crc);
}

/* Packs pixels into bytes, most significant bit first. */
typedef struct
{
  guint8  *out;
  guint64  bits;
  guint    n_bits;
} BitWriter;

static void
bit_writer_put (BitWriter *writer,
                gboolean   one,
                guint      count)
{
  while (count > 0)
    {
      guint n = MIN (count, 32);

      writer->bits = (writer->bits << n) | (one ? (G_GUINT64_CONSTANT (1) << n) - 1 : 0);
      writer->n_bits += n;
      count -= n;

      while (writer->n_bits >= 8)
        {
          writer->n_bits -= 8;
          *writer->out++ = (guint8) (writer->bits >> writer->n_bits);
        }
    }
}

static void
bit_writer_flush (BitWriter *writer)
{
  if (writer->n_bits > 0)
    *writer->out++ = (guint8) (writer->bits << (8 - writer->n_bits));
  writer->n_bits = 0;
}

/* The scanlines: a filter byte, then one bit a pixel, 1 for white. The
 * first pixel row of each module row is written out; the others equal
 * the row above, so with the "Up" filter they are all zeros (already,
 * from g_malloc0). */
static guint8 *
render_scanlines (const PdQr *qr,
                  guint       scale,
                  gsize      *length)
{
  guint side = full_width (qr) * scale;
  gsize row_bytes = 1 + (side + 7) / 8;
  guint8 *lines = g_malloc0 (row_bytes * side);

  for (guint my = 0; my < full_width (qr); my++)
    {
      guint8 *row = lines + (gsize) my * scale * row_bytes;
      BitWriter writer = { row + 1, 0, 0 };

      row[0] = PNG_FILTER_NONE;
      if (my < PD_QR_QUIET_ZONE || my >= PD_QR_QUIET_ZONE + qr->width)
        {
          bit_writer_put (&writer, TRUE, side);
        }
      else
        {
          const guint8 *modules = qr->modules + (gsize) (my - PD_QR_QUIET_ZONE) * qr->width;

          bit_writer_put (&writer, TRUE, PD_QR_QUIET_ZONE * scale);
          for (guint mx = 0; mx < qr->width; mx++)
            bit_writer_put (&writer, !modules[mx], scale);
          bit_writer_put (&writer, TRUE, PD_QR_QUIET_ZONE * scale);
        }
      bit_writer_flush (&writer);

      for (guint copy = 1; copy < scale; copy++)
        row[copy * row_bytes] = PNG_FILTER_UP;
    }

  *length = row_bytes * side;
  return lines;
}

/* A zlib stream of @data, as IDAT wants it. One compressor is kept and
 * reset between images: setting up zlib's 300 KB of tables for each
 * image, and the page faults of getting that memory back from the
 * system, costs more than compressing. */
static GByteArray *
deflate_bytes (const guint8  *data,
               gsize          length,
               GError       **error)
{
  static GMutex lock;
  static GZlibCompressor *compressor;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize chunk = 16384 + length / 64;

  if (compressor == NULL)
    compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, PNG_DEFLATE_LEVEL);
  else
    g_converter_reset (G_CONVERTER (compressor));

  for (;;)
    {
      GConverterResult result;
      gsize read = 0;
      gsize written = 0;
      guint old_len = out->len;

      g_byte_array_set_size (out, old_len + chunk);
      result = g_converter_convert (G_CONVERTER (compressor), data, length,
                                    out->data + old_len, chunk,
                                    G_CONVERTER_INPUT_AT_END, &read, &written, error);
      g_byte_array_set_size (out, old_len + written);

      if (result == G_CONVERTER_ERROR)
        {
          g_converter_reset (G_CONVERTER (compressor));
          return NULL;
        }

      data += read;
      length -= read;
      if (result == G_CONVERTER_FINISHED)
        return g_steal_pointer (&out);
    }
}

static GByteArray *
encode_png (const PdQr  *qr,
            guint        scale,
            GError     **error)
{
  guint32 side = full_width (qr) * scale;
  guint8 header[13];
  g_autofree guint8 *lines = NULL;
  g_autoptr(GByteArray) idat = NULL;
  GByteArray *png;
  gsize length;

  lines = render_scanlines (qr, scale, &length);
  idat = deflate_bytes (lines, length, error);
  if (idat == NULL)
    return NULL;

  /* Width, height, bit depth 1, greyscale, deflate, no filter set
   * beyond the standard one, not interlaced. */
  side = GUINT32_TO_BE (side);
  memcpy (header, &side, 4);
  memcpy (header + 4, &side, 4);
  header[8] = 1;
  header[9] = 0;
  header[10] = 0;
  header[11] = 0;
  header[12] = 0;

  png = g_byte_array_sized_new (idat->len + 64);
  g_byte_array_append (png, png_signature, sizeof png_signature);
  append_chunk (png, "IHDR", header, sizeof header);
  append_chunk (png, "IDAT", idat->data, idat->len);
  append_chunk (png, "IEND", NULL, 0);

  return png;
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
  g_autoptr(GError) local_error = NULL;

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

  png = encode_png (qr, scale, &local_error);
  if (png == NULL)
    {
      g_set_error (error, PD_QR_ERROR, PD_QR_ERROR_WRITE,
                   _("Could not write the QR code: %s"), local_error->message);
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

gboolean
pd_qr_is_file_name (const char *path)
{
  g_return_val_if_fail (path != NULL, FALSE);

  return path_has_extension (path, ".png") || path_has_extension (path, ".svg");
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
