/* pd-json-check.h: strict JSON, checked before json-glib parses it
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PD_JSON_CHECK_OK,
  PD_JSON_CHECK_EMPTY,          /* white space only */
  PD_JSON_CHECK_SYNTAX,         /* not RFC 8259 JSON, at *offset */
  PD_JSON_CHECK_TOO_DEEP,       /* nested deeper than max_depth */
  PD_JSON_CHECK_INTEGER,        /* an integer beyond 64 bits */
  PD_JSON_CHECK_SEVERAL,        /* more than one value */
  PD_JSON_CHECK_DUPLICATE_KEY,  /* one object names a member twice */
  PD_JSON_CHECK_NUL,            /* a string holds \u0000, at *offset */
} PdJsonCheck;

PdJsonCheck pd_json_check (const char  *text,
                           gsize        length,
                           guint        max_depth,
                           gsize       *offset,
                           char       **duplicate_key);

G_END_DECLS
