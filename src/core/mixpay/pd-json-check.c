/* pd-json-check.c: strict JSON, checked before json-glib parses it
 *
 * json-glib 1.6 reads more than JSON, and some of it is a trap for
 * hostile input. Its scanner takes 'single-quoted' strings and 0x hex
 * numbers; its parser recurses once per nesting level with no limit (a
 * few hundred thousand '[' crash it); integers beyond 64 bits wrap
 * around (a huge "code" could read as -1); several values in a row leave
 * the last; and of two members with one name the last wins (a second
 * "quoteAmount" could hide the first from whoever reads the raw answer
 * kept in an order's history). A lenient scan for the limits alone could
 * be led astray by the extensions: a '"' inside single quotes hid a deep
 * nesting from it. So this scan accepts RFC 8259 JSON only, with the
 * limits on top, and json-glib never sees anything else.
 *
 * One pass, no recursion: the containers open at any point are a stack
 * of at most max_depth bytes.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-json-check.h"

/* The largest integer json-glib reads without wrapping around. */
#define MAX_INTEGER "9223372036854775807"

typedef enum
{
  EXPECT_VALUE,
  EXPECT_VALUE_OR_END,   /* just after '[' */
  EXPECT_KEY,            /* after ',' in an object */
  EXPECT_KEY_OR_END,     /* just after '{' */
  EXPECT_COLON,
  EXPECT_COMMA_OR_END,
  EXPECT_NOTHING,        /* the one value is complete */
} Expect;

typedef struct
{
  const char *text;
  gsize       length;
  gsize       pos;
  guint       max_depth;
  GString    *containers;     /* '{' or '[' for each open one */
  GPtrArray  *keys;           /* the decoded keys of the open objects */
  GArray     *object_starts;  /* guint: where each open object's keys begin */
  char       *duplicate_key;
  gboolean    nul;            /* the scan stopped at a \u0000 */
} Scanner;

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
skip_space (Scanner *scanner)
{
  while (scanner->pos < scanner->length && is_space (scanner->text[scanner->pos]))
    scanner->pos++;
}

static gboolean
read_hex4 (Scanner  *scanner,
           gunichar *unit)
{
  *unit = 0;
  if (scanner->length - scanner->pos < 4)
    return FALSE;

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (scanner->text[scanner->pos++]);

      if (digit < 0)
        return FALSE;
      *unit = *unit * 16 + (gunichar) digit;
    }

  return TRUE;
}

/* A \u escape, its "\u" read. A surrogate must come in a pair, high
 * then low: json-glib's scanner leaks its string on a lone one (found by
 * fuzz-payment-result), and no answer of MixPay's holds one. */
static gboolean
read_unicode_escape (Scanner  *scanner,
                     GString  *decoded)
{
  gunichar unit;
  gunichar low;

  if (!read_hex4 (scanner, &unit))
    return FALSE;

  /* json-glib cuts a name or a value at a NUL, while the keys compared
   * here keep it: "status\u0000" is another member here and "status" to
   * json-glib, and "success\u0000-refunded" reads as "success". No answer
   * of MixPay's needs one. */
  if (unit == 0)
    {
      scanner->nul = TRUE;
      return FALSE;
    }

  if (unit >= 0xDC00 && unit <= 0xDFFF)
    return FALSE;

  if (unit >= 0xD800 && unit <= 0xDBFF)
    {
      if (scanner->length - scanner->pos < 6 ||
          scanner->text[scanner->pos] != '\\' || scanner->text[scanner->pos + 1] != 'u')
        return FALSE;
      scanner->pos += 2;
      if (!read_hex4 (scanner, &low) || low < 0xDC00 || low > 0xDFFF)
        return FALSE;
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    }

  if (decoded != NULL)
    g_string_append_unichar (decoded, unit);

  return TRUE;
}

/* A string at pos (a '"'); its text decoded into @decoded if not NULL. */
static gboolean
scan_string (Scanner *scanner,
             GString *decoded)
{
  scanner->pos++;

  while (scanner->pos < scanner->length)
    {
      guchar c = (guchar) scanner->text[scanner->pos++];

      if (c == '"')
        return TRUE;
      if (c < 0x20)
        return FALSE;
      if (c != '\\')
        {
          if (decoded != NULL)
            g_string_append_c (decoded, (char) c);
          continue;
        }

      if (scanner->pos >= scanner->length)
        return FALSE;
      c = (guchar) scanner->text[scanner->pos++];
      if (c == 'u')
        {
          if (!read_unicode_escape (scanner, decoded))
            return FALSE;
        }
      else if (strchr ("\"\\/bfnrt", c) != NULL && c != '\0')
        {
          if (decoded != NULL)
            g_string_append_c (decoded, (char) c);
        }
      else
        {
          return FALSE;
        }
    }

  return FALSE;
}

static gsize
skip_digits (Scanner *scanner)
{
  gsize start = scanner->pos;

  while (scanner->pos < scanner->length && g_ascii_isdigit (scanner->text[scanner->pos]))
    scanner->pos++;

  return scanner->pos - start;
}

static gboolean
integer_fits (const char *digits,
              gsize       count)
{
  gsize max_count = strlen (MAX_INTEGER);

  /* Same length: digit strings compare like the numbers they write. */
  return count < max_count ||
         (count == max_count && strncmp (digits, MAX_INTEGER, count) <= 0);
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? at pos. An integer must
 * fit in 64 bits; one with a fraction or an exponent becomes a double
 * and may be any size. */
static PdJsonCheck
scan_number (Scanner *scanner)
{
  const char *digits;
  gsize n_digits;
  gboolean is_integer = TRUE;

  if (scanner->text[scanner->pos] == '-')
    scanner->pos++;

  digits = scanner->text + scanner->pos;
  n_digits = skip_digits (scanner);
  if (n_digits == 0 || (n_digits > 1 && digits[0] == '0'))
    return PD_JSON_CHECK_SYNTAX;

  if (scanner->pos < scanner->length && scanner->text[scanner->pos] == '.')
    {
      scanner->pos++;
      is_integer = FALSE;
      if (skip_digits (scanner) == 0)
        return PD_JSON_CHECK_SYNTAX;
    }

  if (scanner->pos < scanner->length && (scanner->text[scanner->pos] == 'e' || scanner->text[scanner->pos] == 'E'))
    {
      scanner->pos++;
      is_integer = FALSE;
      if (scanner->pos < scanner->length && (scanner->text[scanner->pos] == '+' || scanner->text[scanner->pos] == '-'))
        scanner->pos++;
      if (skip_digits (scanner) == 0)
        return PD_JSON_CHECK_SYNTAX;
    }

  if (is_integer && !integer_fits (digits, n_digits))
    return PD_JSON_CHECK_INTEGER;

  return PD_JSON_CHECK_OK;
}

static gboolean
scan_literal (Scanner *scanner)
{
  static const char * const literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i]);

      if (scanner->length - scanner->pos >= n &&
          memcmp (scanner->text + scanner->pos, literals[i], n) == 0)
        {
          scanner->pos += n;
          return TRUE;
        }
    }

  return FALSE;
}

/* A member name at pos; FALSE with duplicate_key set when the object
 * already has one of that name. */
static PdJsonCheck
scan_key (Scanner *scanner)
{
  guint start = g_array_index (scanner->object_starts, guint, scanner->object_starts->len - 1);
  GString *key = g_string_new (NULL);

  if (!scan_string (scanner, key))
    {
      g_string_free (key, TRUE);
      return PD_JSON_CHECK_SYNTAX;
    }

  for (guint i = start; i < scanner->keys->len; i++)
    {
      GString *seen = g_ptr_array_index (scanner->keys, i);

      if (seen->len == key->len && memcmp (seen->str, key->str, key->len) == 0)
        {
          scanner->duplicate_key = g_string_free (key, FALSE);
          return PD_JSON_CHECK_DUPLICATE_KEY;
        }
    }

  g_ptr_array_add (scanner->keys, key);
  return PD_JSON_CHECK_OK;
}

static PdJsonCheck
open_container (Scanner *scanner,
                char     kind)
{
  if (scanner->containers->len >= scanner->max_depth)
    return PD_JSON_CHECK_TOO_DEEP;

  g_string_append_c (scanner->containers, kind);
  if (kind == '{')
    {
      guint start = scanner->keys->len;

      g_array_append_val (scanner->object_starts, start);
    }
  scanner->pos++;

  return PD_JSON_CHECK_OK;
}

static void
close_container (Scanner *scanner)
{
  char kind = scanner->containers->str[scanner->containers->len - 1];

  if (kind == '{')
    {
      guint start = g_array_index (scanner->object_starts, guint, scanner->object_starts->len - 1);

      g_ptr_array_set_size (scanner->keys, start);
      g_array_set_size (scanner->object_starts, scanner->object_starts->len - 1);
    }
  g_string_truncate (scanner->containers, scanner->containers->len - 1);
  scanner->pos++;
}

static Expect
after_value (Scanner *scanner)
{
  return scanner->containers->len == 0 ? EXPECT_NOTHING : EXPECT_COMMA_OR_END;
}

/* One step from @expect at pos, which is not white space. */
static PdJsonCheck
scan_step (Scanner *scanner,
           Expect  *expect)
{
  char c = scanner->text[scanner->pos];
  char top = scanner->containers->len > 0 ? scanner->containers->str[scanner->containers->len - 1] : '\0';
  PdJsonCheck check = PD_JSON_CHECK_OK;

  switch (*expect)
    {
    case EXPECT_VALUE_OR_END:
    case EXPECT_VALUE:
      if (*expect == EXPECT_VALUE_OR_END && c == ']')
        {
          close_container (scanner);
          *expect = after_value (scanner);
        }
      else if (c == '{' || c == '[')
        {
          check = open_container (scanner, c);
          *expect = c == '{' ? EXPECT_KEY_OR_END : EXPECT_VALUE_OR_END;
        }
      else
        {
          if (c == '"')
            check = scan_string (scanner, NULL) ? PD_JSON_CHECK_OK : PD_JSON_CHECK_SYNTAX;
          else if (c == '-' || g_ascii_isdigit (c))
            check = scan_number (scanner);
          else
            check = scan_literal (scanner) ? PD_JSON_CHECK_OK : PD_JSON_CHECK_SYNTAX;
          *expect = after_value (scanner);
        }
      return check;

    case EXPECT_KEY_OR_END:
    case EXPECT_KEY:
      if (*expect == EXPECT_KEY_OR_END && c == '}')
        {
          close_container (scanner);
          *expect = after_value (scanner);
          return PD_JSON_CHECK_OK;
        }
      if (c != '"')
        return PD_JSON_CHECK_SYNTAX;
      *expect = EXPECT_COLON;
      return scan_key (scanner);

    case EXPECT_COLON:
      if (c != ':')
        return PD_JSON_CHECK_SYNTAX;
      scanner->pos++;
      *expect = EXPECT_VALUE;
      return PD_JSON_CHECK_OK;

    case EXPECT_COMMA_OR_END:
      if (c == ',')
        {
          scanner->pos++;
          *expect = top == '{' ? EXPECT_KEY : EXPECT_VALUE;
          return PD_JSON_CHECK_OK;
        }
      if (c != (top == '{' ? '}' : ']'))
        return PD_JSON_CHECK_SYNTAX;
      close_container (scanner);
      *expect = after_value (scanner);
      return PD_JSON_CHECK_OK;

    case EXPECT_NOTHING:
    default:
      return PD_JSON_CHECK_SEVERAL;
    }
}

static void
free_key (gpointer key)
{
  g_string_free (key, TRUE);
}

/**
 * pd_json_check:
 * @text: UTF-8 text, not necessarily nul-terminated
 * @length: its length in bytes
 * @max_depth: the most containers open at once
 * @offset: (out) (optional): where it went wrong, in bytes
 * @duplicate_key: (out) (optional) (transfer full): for
 *   %PD_JSON_CHECK_DUPLICATE_KEY, the name given twice
 *
 * Whether @text is one JSON value (RFC 8259) within the limits json-glib
 * can take, with no object naming a member twice and no string holding
 * an escaped NUL.
 */
PdJsonCheck
pd_json_check (const char  *text,
               gsize        length,
               guint        max_depth,
               gsize       *offset,
               char       **duplicate_key)
{
  Scanner scanner = {
    .text = text,
    .length = length,
    .max_depth = max_depth,
    .containers = g_string_new (NULL),
    .keys = g_ptr_array_new_with_free_func (free_key),
    .object_starts = g_array_new (FALSE, FALSE, sizeof (guint)),
  };
  Expect expect = EXPECT_VALUE;
  PdJsonCheck check = PD_JSON_CHECK_OK;

  for (skip_space (&scanner);
       check == PD_JSON_CHECK_OK && scanner.pos < length;
       skip_space (&scanner))
    check = scan_step (&scanner, &expect);

  if (check == PD_JSON_CHECK_SYNTAX && scanner.nul)
    check = PD_JSON_CHECK_NUL;
  else if (check == PD_JSON_CHECK_OK && expect == EXPECT_VALUE && scanner.containers->len == 0)
    check = PD_JSON_CHECK_EMPTY;
  else if (check == PD_JSON_CHECK_OK && expect != EXPECT_NOTHING)
    check = PD_JSON_CHECK_SYNTAX;  /* cut short */

  if (offset != NULL)
    *offset = scanner.pos;
  if (duplicate_key != NULL)
    *duplicate_key = g_steal_pointer (&scanner.duplicate_key);

  g_free (scanner.duplicate_key);
  g_string_free (scanner.containers, TRUE);
  g_ptr_array_unref (scanner.keys);
  g_array_unref (scanner.object_starts);

  return check;
}
