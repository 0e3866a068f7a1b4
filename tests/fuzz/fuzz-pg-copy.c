/* fuzz-pg-copy.c: libFuzzer target for PostgreSQL's binary COPY data
 *
 * The first byte is the number of fields a row must have (below 64);
 * the rest is split into buffers as PQgetCopyData() would hand them over,
 * each after a byte giving its length. pd-pg-copy must read every row
 * within its buffer, refuse anything else with PD_STORE_ERROR_CORRUPT,
 * and read nothing once it refused.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-fuzz.h"
#include "pd-pg-copy.h"
#include "pd-store.h"

#define MAX_FIELDS 64

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  pd_fuzz_init ();
  return 0;
}

static void
check_row (const PdPgCopyField *fields,
           guint                n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value64;
      gint32 value32;
      gboolean read;

      if (fields[i].value != NULL)
        pd_fuzz_check (fields[i].value[fields[i].length] == '\0', "a value ends with a NUL");

      read = pd_pg_copy_field_int64 (&fields[i], i, &value64, &error);
      pd_fuzz_check (read == (fields[i].value != NULL && fields[i].length == 8),
                     "an int8 is exactly 8 bytes");
      pd_fuzz_check (read == (error == NULL), "an error exactly when an int8 is refused");
      g_clear_error (&error);

      read = pd_pg_copy_field_int32 (&fields[i], i, &value32, &error);
      pd_fuzz_check (read == (fields[i].value != NULL && fields[i].length == 4),
                     "an int4 is exactly 4 bytes");
      pd_fuzz_check (read == (error == NULL), "an error exactly when an int4 is refused");
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(PdPgCopyReader) reader = NULL;
  PdPgCopyField fields[MAX_FIELDS];
  gboolean failed = FALSE;
  gboolean ended = FALSE;
  guint n_fields;
  gsize offset = 1;

  if (size == 0)
    return 0;

  n_fields = data[0] % MAX_FIELDS;
  reader = pd_pg_copy_reader_new (n_fields);

  while (offset < size && !failed)
    {
      gsize length = MIN ((gsize) data[offset], size - offset - 1);
      g_autofree guint8 *buffer = g_memdup2 (data + offset + 1, length);
      PdPgCopyStatus status;

      offset += 1 + length;
      pd_pg_copy_reader_feed (reader, (const char *) buffer, length);
      do
        {
          g_autoptr(GError) error = NULL;

          status = pd_pg_copy_reader_next (reader, fields, &error);
          pd_fuzz_check ((status == PD_PG_COPY_ERROR) == (error != NULL),
                         "an error exactly when the data is refused");
          if (status == PD_PG_COPY_ERROR)
            {
              pd_fuzz_check (g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT),
                             "refused as corrupt");
              failed = TRUE;
            }
          else if (status == PD_PG_COPY_ROW)
            {
              pd_fuzz_check (!ended, "no row after the trailer");
              check_row (fields, n_fields);
            }
          else if (status == PD_PG_COPY_END)
            ended = TRUE;
        }
      while (status == PD_PG_COPY_ROW);
    }

  {
    g_autoptr(GError) error = NULL;
    gboolean finished = pd_pg_copy_reader_finish (reader, &error);

    pd_fuzz_check (finished == (error == NULL), "an error exactly when the end is refused");
    pd_fuzz_check (!finished || (ended && !failed), "finished only after the trailer and no error");
  }

  return 0;
}
