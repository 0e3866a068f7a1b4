/* pd-mailto.h: mailto: links with a subject and a body
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A mailto: URI with no recipient (RFC 6068): @subject and @body, and
 * @attach_uri when not NULL as an "attach" field, which some mail
 * programs (Evolution) honour and most ignore. Every reserved character
 * of a value is escaped, so a link's & ? # and = stay inside its field;
 * line breaks become CRLF (%0D%0A). */
char *pd_mailto_build (const char *subject,
                       const char *body,
                       const char *attach_uri);

G_END_DECLS
