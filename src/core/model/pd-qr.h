/* pd-qr.h: QR codes of payment links
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PD_QR_ERROR (pd_qr_error_quark ())

typedef enum
{
  PD_QR_ERROR_ENCODE,   /* text too long for a QR code, or empty */
  PD_QR_ERROR_WRITE,    /* the PNG or SVG could not be written */
  PD_QR_ERROR_FORMAT,   /* a file name with neither .png nor .svg */
} PdQrErrorCode;

typedef enum
{
  PD_QR_LEVEL_L,
  PD_QR_LEVEL_M,
  PD_QR_LEVEL_Q,
  PD_QR_LEVEL_H,
} PdQrLevel;

/* Modules of quiet zone around the symbol, as the standard asks. */
#define PD_QR_QUIET_ZONE 4
/* Pixels a module in a PNG written by pd_qr_write_file(). */
#define PD_QR_DEFAULT_SCALE 8

#define PD_TYPE_QR (pd_qr_get_type ())

/* An immutable, encoded QR symbol. */
typedef struct _PdQr PdQr;

GType         pd_qr_get_type       (void) G_GNUC_CONST;
GQuark        pd_qr_error_quark    (void);

/* Encodes @text in 8-bit mode at @level (PD_QR_LEVEL_M by default). */
PdQr         *pd_qr_new            (const char  *text,
                                    PdQrLevel    level,
                                    GError     **error);
PdQr         *pd_qr_ref            (PdQr        *qr);
void          pd_qr_unref          (PdQr        *qr);

const char   *pd_qr_get_text       (const PdQr  *qr);
/* Modules per side, without the quiet zone. */
guint         pd_qr_get_width      (const PdQr  *qr);
/* TRUE for a dark module; x and y count from the top left, no quiet zone. */
gboolean      pd_qr_get_module     (const PdQr  *qr,
                                    guint        x,
                                    guint        y);
/* One byte a module, row-major, 1 dark and 0 light; width × width bytes. */
const guint8 *pd_qr_get_modules    (const PdQr  *qr);

/* @scale pixels a module, plus the quiet zone, black on white. */
gboolean      pd_qr_write_png      (const PdQr  *qr,
                                    const char  *path,
                                    guint        scale,
                                    GError     **error);
/* A single path, crisp at any size, with the quiet zone as a white box. */
gboolean      pd_qr_write_svg      (const PdQr  *qr,
                                    const char  *path,
                                    GError     **error);
char         *pd_qr_to_svg_string  (const PdQr  *qr);
/* TRUE when @path ends in .png or .svg (any case): what
 * pd_qr_write_file() can write. */
gboolean      pd_qr_is_file_name   (const char  *path);
/* Picks PNG or SVG by @path's extension (case-insensitive). */
gboolean      pd_qr_write_file     (const PdQr  *qr,
                                    const char  *path,
                                    GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdQr, pd_qr_unref)

G_END_DECLS
