/* pd-fuzz.c: what every libFuzzer target of Paydesk shares
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pd-fuzz.h"

/* GLib stops a fatal log with SIGTRAP, which libFuzzer does not catch;
 * abort() it does, and then it saves the input. */
static void
abort_on_log (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
  g_log_default_handler (log_domain, log_level, message, user_data);
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
}

static GLogWriterOutput
abort_on_structured_log (GLogLevelFlags   log_level,
                         const GLogField *fields,
                         gsize            n_fields,
                         gpointer         user_data)
{
  g_log_writer_default (log_level, fields, n_fields, user_data);
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return G_LOG_WRITER_HANDLED;
}

void
pd_fuzz_init (void)
{
  g_log_set_default_handler (abort_on_log, NULL);
  g_log_set_writer_func (abort_on_structured_log, NULL, NULL);
}

void
pd_fuzz_fail (const char *what,
              const char *expression)
{
  g_printerr ("invariant broken: %s (%s)\n", what, expression);
  abort ();
}

char **
pd_fuzz_split_fields (const guint8 *data,
                      size_t        size,
                      guint         n_fields)
{
  char **fields = g_new0 (char *, n_fields + 1);
  size_t start = 0;

  for (guint i = 0; i < n_fields; i++)
    {
      const guint8 *nul = start < size ? memchr (data + start, '\0', size - start) : NULL;
      size_t end = nul != NULL ? (size_t) (nul - data) : size;

      if (start < size)
        fields[i] = g_strndup ((const char *) data + start, end - start);
      else
        fields[i] = g_strdup ("");

      start = end + 1;
    }

  return fields;
}
