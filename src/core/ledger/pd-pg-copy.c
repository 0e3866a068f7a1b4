/* pd-pg-copy.c: rows of PostgreSQL's binary COPY format
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-pg-copy.h"
#include "pd-store.h"

static const char signature[11] = "PGCOPY\n\377\r\n\0";

#define HEADER_LENGTH (sizeof signature + 4 + 4)

/* Flag bit 16 says each row carries an OID first; bits 0 to 15 are
 * reserved for changes a reader must understand. */
#define CRITICAL_FLAGS 0x1ffffu

struct _PdPgCopyReader
{
  guint          n_fields;
  const guchar  *data;
  gsize          length;
  gsize          offset;
  gboolean       header_read;
  gboolean       ended;
  gboolean       failed;

  /* Where each field of the row being read starts in data, and its
   * length (-1: NULL). */
  gsize         *starts;
  gint32        *lengths;
  /* The row's values, each followed by a NUL. */
  char          *scratch;
  gsize          scratch_size;
};

PdPgCopyReader *
pd_pg_copy_reader_new (guint n_fields)
{
  PdPgCopyReader *reader = g_new0 (PdPgCopyReader, 1);

  reader->n_fields = n_fields;
  reader->starts = g_new0 (gsize, MAX (n_fields, 1));
  reader->lengths = g_new0 (gint32, MAX (n_fields, 1));

  return reader;
}

void
pd_pg_copy_reader_free (PdPgCopyReader *reader)
{
  if (reader == NULL)
    return;

  g_free (reader->starts);
  g_free (reader->lengths);
  g_free (reader->scratch);
  g_free (reader);
}

void
pd_pg_copy_reader_feed (PdPgCopyReader *reader,
                        const char     *data,
                        gsize           length)
{
  g_return_if_fail (reader != NULL);
  g_return_if_fail (data != NULL || length == 0);

  reader->data = (const guchar *) data;
  reader->length = length;
  reader->offset = 0;
}

static guint32
read_uint32 (const guchar *p)
{
  guint32 value;

  memcpy (&value, p, sizeof value);
  return GUINT32_FROM_BE (value);
}

static gint16
read_int16 (const guchar *p)
{
  guint16 value;

  memcpy (&value, p, sizeof value);
  return (gint16) GUINT16_FROM_BE (value);
}

static gsize
remaining (const PdPgCopyReader *reader)
{
  return reader->length - reader->offset;
}

static PdPgCopyStatus
fail (PdPgCopyReader *reader)
{
  reader->failed = TRUE;
  return PD_PG_COPY_ERROR;
}

static gboolean
read_header (PdPgCopyReader  *reader,
             GError         **error)
{
  const guchar *p = reader->data + reader->offset;
  guint32 flags;
  guint32 extension;

  /* The signature first: another format says so, not "cut short". */
  if (memcmp (p, signature, MIN (remaining (reader), sizeof signature)) != 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                   _("Binary COPY data: the header’s signature is wrong"));
      return FALSE;
    }
  if (remaining (reader) < HEADER_LENGTH)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                   _("Binary COPY data: the header is cut short"));
      return FALSE;
    }

  flags = read_uint32 (p + sizeof signature);
  if ((flags & CRITICAL_FLAGS) != 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                   _("Binary COPY data: the header’s flags 0x%08" PRIx32 " are not understood"),
                   flags);
      return FALSE;
    }

  /* An extension is skipped: readers that do not know it may. */
  extension = read_uint32 (p + sizeof signature + 4);
  if (extension > remaining (reader) - HEADER_LENGTH)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                   _("Binary COPY data: the header is cut short"));
      return FALSE;
    }

  reader->offset += HEADER_LENGTH + extension;
  reader->header_read = TRUE;
  return TRUE;
}

/* Checks every field's length against the buffer before anything is
 * copied. */
static gboolean
read_lengths (PdPgCopyReader  *reader,
              gsize           *size,
              GError         **error)
{
  gsize offset = reader->offset;

  *size = 0;
  for (guint i = 0; i < reader->n_fields; i++)
    {
      gint32 length;

      if (reader->length - offset < 4)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                       _("Binary COPY data: field %u of a row is cut short before its length"),
                       i + 1);
          return FALSE;
        }
      length = (gint32) read_uint32 (reader->data + offset);
      offset += 4;

      if (length < -1)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                       _("Binary COPY data: field %u has the length %" PRId32),
                       i + 1, length);
          return FALSE;
        }
      if (length > 0 && (gsize) length > reader->length - offset)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                       _("Binary COPY data: field %u claims %" PRId32 " bytes, past the end of its row (%" PRIu64 " left)"),
                       i + 1, length, (guint64) (reader->length - offset));
          return FALSE;
        }

      reader->starts[i] = offset;
      reader->lengths[i] = length;
      if (length > 0)
        {
          offset += (gsize) length;
          *size += (gsize) length;
        }
      *size += 1;
    }

  reader->offset = offset;
  return TRUE;
}

PdPgCopyStatus
pd_pg_copy_reader_next (PdPgCopyReader  *reader,
                        PdPgCopyField   *fields,
                        GError         **error)
{
  gint16 count;
  gsize size;
  char *next;

  g_return_val_if_fail (reader != NULL, PD_PG_COPY_ERROR);
  g_return_val_if_fail (fields != NULL || reader->n_fields == 0, PD_PG_COPY_ERROR);

  if (reader->failed)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                   _("Binary COPY data: read on after an error"));
      return PD_PG_COPY_ERROR;
    }

  if (remaining (reader) == 0)
    return reader->ended ? PD_PG_COPY_END : PD_PG_COPY_MORE;

  if (reader->ended)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                   _("Binary COPY data: more data after the end of the rows"));
      return fail (reader);
    }

  if (!reader->header_read)
    {
      if (!read_header (reader, error))
        return fail (reader);
      if (remaining (reader) == 0)
        return PD_PG_COPY_MORE;
    }

  if (remaining (reader) < 2)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                   _("Binary COPY data: a row is cut short before its field count"));
      return fail (reader);
    }
  count = read_int16 (reader->data + reader->offset);
  reader->offset += 2;

  if (count == -1)
    {
      reader->ended = TRUE;
      if (remaining (reader) != 0)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                       _("Binary COPY data: more data after the end of the rows"));
          return fail (reader);
        }
      return PD_PG_COPY_END;
    }
  if (count < 0 || (guint) count != reader->n_fields)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                   _("Binary COPY data: a row has %d fields, not %u"),
                   (int) count, reader->n_fields);
      return fail (reader);
    }

  if (!read_lengths (reader, &size, error))
    return fail (reader);

  if (size > reader->scratch_size)
    {
      g_free (reader->scratch);
      reader->scratch_size = MAX (size, 2 * reader->scratch_size);
      reader->scratch = g_malloc (reader->scratch_size);
    }

  next = reader->scratch;
  for (guint i = 0; i < reader->n_fields; i++)
    {
      gint32 length = reader->lengths[i];

      if (length < 0)
        {
          fields[i].value = NULL;
          fields[i].length = 0;
          continue;
        }

      if (length > 0)
        memcpy (next, reader->data + reader->starts[i], (gsize) length);
      next[length] = '\0';
      fields[i].value = next;
      fields[i].length = (gsize) length;
      next += (gsize) length + 1;
    }

  return PD_PG_COPY_ROW;
}

gboolean
pd_pg_copy_reader_finish (PdPgCopyReader  *reader,
                          GError         **error)
{
  g_return_val_if_fail (reader != NULL, FALSE);

  if (reader->ended && !reader->failed && remaining (reader) == 0)
    return TRUE;

  if (!reader->failed)
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                 _("Binary COPY data: the end of the rows is missing"));
  else
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                 _("Binary COPY data: read on after an error"));
  return FALSE;
}

static gboolean
check_integer (const PdPgCopyField  *field,
               guint                 index,
               gsize                 size,
               GError              **error)
{
  if (field->value == NULL)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                   _("Binary COPY data: field %u is NULL, not a number"), index + 1);
      return FALSE;
    }
  if (field->length != size)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
                   _("Binary COPY data: field %u is %" PRIu64 " bytes, not a %u-byte integer"),
                   index + 1, (guint64) field->length, (guint) size);
      return FALSE;
    }

  return TRUE;
}

gboolean
pd_pg_copy_field_int64 (const PdPgCopyField  *field,
                        guint                 index,
                        gint64               *value,
                        GError              **error)
{
  guint64 bits;

  if (!check_integer (field, index, sizeof bits, error))
    return FALSE;

  memcpy (&bits, field->value, sizeof bits);
  *value = (gint64) GUINT64_FROM_BE (bits);
  return TRUE;
}

gboolean
pd_pg_copy_field_int32 (const PdPgCopyField  *field,
                        guint                 index,
                        gint32               *value,
                        GError              **error)
{
  guint32 bits;

  if (!check_integer (field, index, sizeof bits, error))
    return FALSE;

  memcpy (&bits, field->value, sizeof bits);
  *value = (gint32) GUINT32_FROM_BE (bits);
  return TRUE;
}
