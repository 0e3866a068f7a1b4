/* pd-mailto.c: mailto: links with a subject and a body
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-mailto.h"

/* RFC 6068: every reserved character escaped, line breaks as CRLF. */
static void
append_field (GString    *uri,
              const char *name,
              const char *value)
{
  g_auto(GStrv) lines = g_strsplit (value, "\n", -1);
  g_autofree char *crlf = g_strjoinv ("\r\n", lines);
  g_autofree char *escaped = g_uri_escape_string (crlf, NULL, FALSE);

  g_string_append_c (uri, uri->len == strlen ("mailto:") ? '?' : '&');
  g_string_append_printf (uri, "%s=%s", name, escaped);
}

char *
pd_mailto_build (const char *subject,
                 const char *body,
                 const char *attach_uri)
{
  GString *uri = g_string_new ("mailto:");

  g_return_val_if_fail (subject != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  append_field (uri, "subject", subject);
  append_field (uri, "body", body);
  if (attach_uri != NULL)
    append_field (uri, "attach", attach_uri);

  return g_string_free (uri, FALSE);
}
