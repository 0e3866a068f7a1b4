/* pd-qr-paintable.h: a QR code of a text, drawn crisply at any size
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-qr.h"

G_BEGIN_DECLS

#define PD_TYPE_QR_PAINTABLE (pd_qr_paintable_get_type ())

/* Draws the QR code of #PdQrPaintable:text: dark modules on a white
 * square that includes the quiet zone, in light and dark style alike, so
 * a phone can always scan it. The text is encoded in a thread; until that
 * is done (or when it fails) the paintable draws nothing and :qr is NULL. */
G_DECLARE_FINAL_TYPE (PdQrPaintable, pd_qr_paintable, PD, QR_PAINTABLE, GObject)

PdQrPaintable *pd_qr_paintable_new            (const char    *text);
PdQrPaintable *pd_qr_paintable_new_for_picture (GtkPicture   *picture);
const char    *pd_qr_paintable_get_text       (PdQrPaintable *self);
void           pd_qr_paintable_set_text       (PdQrPaintable *self,
                                               const char    *text);
/* The encoded symbol, or NULL while encoding or when there is no text. */
PdQr          *pd_qr_paintable_get_qr         (PdQrPaintable *self);
/* Black on white, @scale pixels a module, quiet zone included; NULL
 * before the symbol is encoded. */
GdkTexture    *pd_qr_paintable_render_texture (PdQrPaintable *self,
                                               guint          scale);

G_END_DECLS
