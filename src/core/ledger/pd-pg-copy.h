/* pd-pg-copy.h: rows of PostgreSQL's binary COPY format, read from the
 * buffers libpq hands over, checked against every length they claim
 *
 * The format (PostgreSQL's COPY documentation, "Binary Format"): an
 * 11-byte signature, 32-bit flags and the length of a header extension;
 * then each row as a 16-bit field count and each field as a 32-bit
 * length (-1: NULL) and that many bytes; then a field count of -1.
 * Every integer is big-endian. Nothing here needs libpq or a server.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  /* NUL-terminated (a copy, valid until the next row), or NULL for SQL
   * NULL. */
  const char *value;
  gsize       length;
} PdPgCopyField;

typedef enum
{
  PD_PG_COPY_ROW,
  /* The buffer is used up: feed the next one. */
  PD_PG_COPY_MORE,
  /* The trailer: no more rows. */
  PD_PG_COPY_END,
  PD_PG_COPY_ERROR,
} PdPgCopyStatus;

typedef struct _PdPgCopyReader PdPgCopyReader;

/* A reader of rows of @n_fields fields each. */
PdPgCopyReader *pd_pg_copy_reader_new    (guint            n_fields);
void            pd_pg_copy_reader_free   (PdPgCopyReader  *reader);

/* The next buffer, as one PQgetCopyData() call returned it: the header
 * (at the start of the first), whole rows, or the trailer. Not copied:
 * it must outlive the calls to pd_pg_copy_reader_next() that read it. */
void            pd_pg_copy_reader_feed   (PdPgCopyReader  *reader,
                                          const char      *data,
                                          gsize            length);
/* The next row of the buffer fed; PD_PG_COPY_ROW fills @fields
 * (n_fields of them). A row cut short, a length past the end, another
 * field count, a wrong signature or anything after the trailer is
 * PD_PG_COPY_ERROR (PD_STORE_ERROR_CORRUPT), and so is every later call. */
PdPgCopyStatus  pd_pg_copy_reader_next   (PdPgCopyReader  *reader,
                                          PdPgCopyField   *fields,
                                          GError         **error);
/* Once the server says the COPY ended: FALSE and @error unless the
 * trailer was read. */
gboolean        pd_pg_copy_reader_finish (PdPgCopyReader  *reader,
                                          GError         **error);

/* Field @index of a row as a binary int8 or int4 (PostgreSQL's bigint
 * or integer): FALSE and @error when it is NULL or of another size. */
gboolean        pd_pg_copy_field_int64   (const PdPgCopyField  *field,
                                          guint                 index,
                                          gint64               *value,
                                          GError              **error);
gboolean        pd_pg_copy_field_int32   (const PdPgCopyField  *field,
                                          guint                 index,
                                          gint32               *value,
                                          GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdPgCopyReader, pd_pg_copy_reader_free)

G_END_DECLS
