/* test-pg-copy.c: rows of PostgreSQL's binary COPY format, read from
 * crafted buffers (no server)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib.h>

#include "pd-pg-copy.h"
#include "pd-store.h"

#define N_FIELDS 3

static const char signature[11] = "PGCOPY\n\377\r\n\0";

static void
put_int16 (GByteArray *buffer,
           gint16      value)
{
  guint16 be = GUINT16_TO_BE ((guint16) value);

  g_byte_array_append (buffer, (const guint8 *) &be, sizeof be);
}

static void
put_int32 (GByteArray *buffer,
           gint32      value)
{
  guint32 be = GUINT32_TO_BE ((guint32) value);

  g_byte_array_append (buffer, (const guint8 *) &be, sizeof be);
}

static void
put_int64_field (GByteArray *buffer,
                 gint64      value)
{
  guint64 be = GUINT64_TO_BE ((guint64) value);

  put_int32 (buffer, sizeof be);
  g_byte_array_append (buffer, (const guint8 *) &be, sizeof be);
}

static void
put_text_field (GByteArray *buffer,
                const char *text)
{
  if (text == NULL)
    {
      put_int32 (buffer, -1);
      return;
    }
  put_int32 (buffer, (gint32) strlen (text));
  g_byte_array_append (buffer, (const guint8 *) text, strlen (text));
}

static void
put_header (GByteArray *buffer,
            guint32     flags,
            guint32     extension)
{
  g_byte_array_append (buffer, (const guint8 *) signature, sizeof signature);
  put_int32 (buffer, (gint32) flags);
  put_int32 (buffer, (gint32) extension);
  for (guint32 i = 0; i < extension; i++)
    g_byte_array_append (buffer, (const guint8 *) "x", 1);
}

/* A row as the server sends one: id, a text, a NULL. */
static void
put_row (GByteArray *buffer,
         gint64      id,
         const char *text)
{
  put_int16 (buffer, N_FIELDS);
  put_int64_field (buffer, id);
  put_text_field (buffer, text);
  put_text_field (buffer, NULL);
}

/* Feeds exactly @buffer's bytes, copied, so that a read past its end is
 * one past an allocation (which the sanitizers' build catches). */
static PdPgCopyStatus
feed_and_next (PdPgCopyReader  *reader,
               GByteArray      *buffer,
               guint8         **copy,
               PdPgCopyField   *fields,
               GError         **error)
{
  g_free (*copy);
  *copy = g_memdup2 (buffer->data, buffer->len);
  pd_pg_copy_reader_feed (reader, (const char *) *copy, buffer->len);
  return pd_pg_copy_reader_next (reader, fields, error);
}

static void
test_rows (void)
{
  g_autoptr(PdPgCopyReader) reader = pd_pg_copy_reader_new (N_FIELDS);
  g_autoptr(GByteArray) first = g_byte_array_new ();
  g_autoptr(GByteArray) second = g_byte_array_new ();
  g_autoptr(GByteArray) trailer = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *copy = NULL;
  PdPgCopyField fields[N_FIELDS];
  gint64 id;

  /* The header comes with the first row; each row its own buffer. */
  put_header (first, 0, 0);
  put_row (first, G_GINT64_CONSTANT (0x0102030405060708), "1234567890.123456789012345678");
  put_row (second, -7, "");
  put_int16 (trailer, -1);

  g_assert_cmpint (feed_and_next (reader, first, &copy, fields, &error), ==, PD_PG_COPY_ROW);
  g_assert_no_error (error);
  g_assert_true (pd_pg_copy_field_int64 (&fields[0], 0, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, G_GINT64_CONSTANT (0x0102030405060708));
  g_assert_cmpstr (fields[1].value, ==, "1234567890.123456789012345678");
  g_assert_cmpuint (fields[1].length, ==, strlen ("1234567890.123456789012345678"));
  g_assert_null (fields[2].value);
  g_assert_cmpint (pd_pg_copy_reader_next (reader, fields, &error), ==, PD_PG_COPY_MORE);
  g_assert_no_error (error);

  g_assert_cmpint (feed_and_next (reader, second, &copy, fields, &error), ==, PD_PG_COPY_ROW);
  g_assert_true (pd_pg_copy_field_int64 (&fields[0], 0, &id, &error));
  g_assert_cmpint (id, ==, -7);
  /* An empty text is not NULL. */
  g_assert_cmpstr (fields[1].value, ==, "");
  g_assert_null (fields[2].value);
  g_assert_cmpint (pd_pg_copy_reader_next (reader, fields, &error), ==, PD_PG_COPY_MORE);

  g_assert_false (pd_pg_copy_reader_finish (reader, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "end of the rows is missing"));
  g_clear_error (&error);

  g_assert_cmpint (feed_and_next (reader, trailer, &copy, fields, &error), ==, PD_PG_COPY_END);
  g_assert_no_error (error);
  g_assert_true (pd_pg_copy_reader_finish (reader, &error));
  g_assert_no_error (error);
}

/* No rows: the header and the trailer in one buffer; an extension in
 * the header is skipped, as are the flags a reader may ignore. */
static void
test_empty (void)
{
  g_autoptr(PdPgCopyReader) reader = pd_pg_copy_reader_new (N_FIELDS);
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *copy = NULL;
  PdPgCopyField fields[N_FIELDS];

  put_header (buffer, 1u << 20, 5);
  put_int16 (buffer, -1);

  g_assert_cmpint (feed_and_next (reader, buffer, &copy, fields, &error), ==, PD_PG_COPY_END);
  g_assert_no_error (error);
  g_assert_true (pd_pg_copy_reader_finish (reader, &error));
}

/* Reads @buffer as one COPY, and expects an error naming @what. */
static void
assert_refused (GByteArray *buffer,
                const char *what)
{
  g_autoptr(PdPgCopyReader) reader = pd_pg_copy_reader_new (N_FIELDS);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *copy = NULL;
  PdPgCopyField fields[N_FIELDS];
  PdPgCopyStatus status;

  status = feed_and_next (reader, buffer, &copy, fields, &error);
  while (status == PD_PG_COPY_ROW)
    status = pd_pg_copy_reader_next (reader, fields, &error);

  g_assert_cmpint (status, ==, PD_PG_COPY_ERROR);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
  if (strstr (error->message, what) == NULL)
    g_error ("“%s” does not say “%s”", error->message, what);
  g_clear_error (&error);

  /* Nothing more is read from a reader that failed. */
  g_assert_cmpint (pd_pg_copy_reader_next (reader, fields, &error), ==, PD_PG_COPY_ERROR);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_false (pd_pg_copy_reader_finish (reader, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
}

static void
test_bad_signature (void)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();

  put_header (buffer, 0, 0);
  put_row (buffer, 1, "a");
  buffer->data[5] = 'X';
  assert_refused (buffer, "signature is wrong");

  /* Text COPY data, not binary. */
  g_byte_array_set_size (buffer, 0);
  g_byte_array_append (buffer, (const guint8 *) "1\tabc\t\\N\n", 9);
  assert_refused (buffer, "signature is wrong");
}

static void
test_bad_header (void)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();

  /* Cut short within the flags. */
  put_header (buffer, 0, 0);
  g_byte_array_set_size (buffer, sizeof signature + 2);
  assert_refused (buffer, "header is cut short");

  /* Rows that carry OIDs. */
  g_byte_array_set_size (buffer, 0);
  put_header (buffer, 1u << 16, 0);
  put_row (buffer, 1, "a");
  assert_refused (buffer, "flags 0x00010000 are not understood");

  /* An extension longer than what follows. */
  g_byte_array_set_size (buffer, 0);
  g_byte_array_append (buffer, (const guint8 *) signature, sizeof signature);
  put_int32 (buffer, 0);
  put_int32 (buffer, 0x7fffffff);
  put_row (buffer, 1, "a");
  assert_refused (buffer, "header is cut short");
}

static void
test_field_count (void)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();

  put_header (buffer, 0, 0);
  put_int16 (buffer, 2);
  put_int64_field (buffer, 1);
  put_text_field (buffer, "a");
  assert_refused (buffer, "a row has 2 fields, not 3");

  g_byte_array_set_size (buffer, 0);
  put_header (buffer, 0, 0);
  put_int16 (buffer, -2);
  assert_refused (buffer, "a row has -2 fields, not 3");

  /* One byte of a field count. */
  g_byte_array_set_size (buffer, 0);
  put_header (buffer, 0, 0);
  g_byte_array_append (buffer, (const guint8 *) "\0", 1);
  assert_refused (buffer, "cut short before its field count");
}

static void
test_truncated_field (void)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();

  /* Two bytes of the third field's length. */
  put_header (buffer, 0, 0);
  put_row (buffer, 1, "abc");
  g_byte_array_set_size (buffer, buffer->len - 2);
  assert_refused (buffer, "field 3 of a row is cut short before its length");

  /* The text's length says more than there is. */
  g_byte_array_set_size (buffer, 0);
  put_header (buffer, 0, 0);
  put_int16 (buffer, N_FIELDS);
  put_int64_field (buffer, 1);
  put_int32 (buffer, 10);
  g_byte_array_append (buffer, (const guint8 *) "abc", 3);
  assert_refused (buffer, "field 2 claims 10 bytes, past the end of its row (3 left)");

  /* A length far past the end, which must not wrap. */
  g_byte_array_set_size (buffer, 0);
  put_header (buffer, 0, 0);
  put_int16 (buffer, N_FIELDS);
  put_int32 (buffer, G_MAXINT32);
  assert_refused (buffer, "field 1 claims 2147483647 bytes");

  /* A negative length other than NULL's. */
  g_byte_array_set_size (buffer, 0);
  put_header (buffer, 0, 0);
  put_int16 (buffer, N_FIELDS);
  put_int32 (buffer, -2);
  assert_refused (buffer, "field 1 has the length -2");
}

static void
test_after_trailer (void)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GByteArray) more = g_byte_array_new ();
  g_autoptr(PdPgCopyReader) reader = pd_pg_copy_reader_new (N_FIELDS);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *copy = NULL;
  PdPgCopyField fields[N_FIELDS];

  put_header (buffer, 0, 0);
  put_int16 (buffer, -1);
  put_row (buffer, 1, "a");
  assert_refused (buffer, "more data after the end of the rows");

  /* A buffer after the one with the trailer. */
  g_byte_array_set_size (buffer, 0);
  put_header (buffer, 0, 0);
  put_int16 (buffer, -1);
  put_row (more, 1, "a");
  g_assert_cmpint (feed_and_next (reader, buffer, &copy, fields, &error), ==, PD_PG_COPY_END);
  g_assert_cmpint (feed_and_next (reader, more, &copy, fields, &error), ==, PD_PG_COPY_ERROR);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "more data after the end of the rows"));
}

static void
test_integers (void)
{
  PdPgCopyField null = { NULL, 0 };
  PdPgCopyField text = { "12345678", 8 };
  PdPgCopyField four = { "\0\0\1\0", 4 };
  PdPgCopyField minus = { "\377\377\377\377\377\377\377\376", 8 };
  g_autoptr(GError) error = NULL;
  gint64 value64;
  gint32 value32;

  g_assert_false (pd_pg_copy_field_int64 (&null, 4, &value64, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "field 5 is NULL, not a number"));
  g_clear_error (&error);

  g_assert_false (pd_pg_copy_field_int64 (&four, 0, &value64, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "field 1 is 4 bytes, not a 8-byte integer"));
  g_clear_error (&error);

  g_assert_false (pd_pg_copy_field_int32 (&text, 1, &value32, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "field 2 is 8 bytes, not a 4-byte integer"));
  g_clear_error (&error);

  g_assert_true (pd_pg_copy_field_int32 (&four, 0, &value32, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value32, ==, 256);
  g_assert_true (pd_pg_copy_field_int64 (&minus, 0, &value64, &error));
  g_assert_cmpint (value64, ==, -2);
}

/* Every prefix of a good COPY either waits for more or is refused by
 * name; none reads past its end. */
static void
test_every_prefix (void)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();

  put_header (buffer, 0, 3);
  put_row (buffer, 42, "订单 note");

  for (guint length = 0; length < buffer->len; length++)
    {
      g_autoptr(PdPgCopyReader) reader = pd_pg_copy_reader_new (N_FIELDS);
      g_autoptr(GError) error = NULL;
      g_autofree guint8 *copy = g_memdup2 (buffer->data, MAX (length, 1));
      PdPgCopyField fields[N_FIELDS];
      PdPgCopyStatus status;

      pd_pg_copy_reader_feed (reader, (const char *) copy, length);
      status = pd_pg_copy_reader_next (reader, fields, &error);

      if (length == 0 || length == sizeof signature + 8 + 3)
        {
          /* Nothing, or the header alone: more is to come. */
          g_assert_cmpint (status, ==, PD_PG_COPY_MORE);
          g_assert_no_error (error);
          g_assert_false (pd_pg_copy_reader_finish (reader, &error));
        }
      else
        {
          g_assert_cmpint (status, ==, PD_PG_COPY_ERROR);
        }
      g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pg-copy/rows", test_rows);
  g_test_add_func ("/pg-copy/empty", test_empty);
  g_test_add_func ("/pg-copy/bad-signature", test_bad_signature);
  g_test_add_func ("/pg-copy/bad-header", test_bad_header);
  g_test_add_func ("/pg-copy/field-count", test_field_count);
  g_test_add_func ("/pg-copy/truncated-field", test_truncated_field);
  g_test_add_func ("/pg-copy/after-trailer", test_after_trailer);
  g_test_add_func ("/pg-copy/integers", test_integers);
  g_test_add_func ("/pg-copy/every-prefix", test_every_prefix);

  return g_test_run ();
}
