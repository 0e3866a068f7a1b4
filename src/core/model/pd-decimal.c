/* pd-decimal.c: exact decimal amounts as strings
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pd-decimal.h"

G_DEFINE_QUARK (pd-decimal-error-quark, pd_decimal_error)

/* A split, normalised amount: the integer digits without leading zeros
 * ("0" for none) and the fraction digits without trailing zeros (may be
 * empty). Both point into @buffer. */
typedef struct
{
  char *buffer;
  const char *integer;
  const char *fraction;
} PdDecimalParts;

static gboolean
is_ascii_digit (char c)
{
  return c >= '0' && c <= '9';
}

/* The syntax alone, at any length: sums of the longest amounts are longer
 * than PD_DECIMAL_MAX_LENGTH, and the arithmetic must still take them. */
static gboolean
is_plain_decimal (const char *text)
{
  const char *p = text;
  gsize integer_digits = 0;

  if (text == NULL || *text == '\0')
    return FALSE;

  for (; is_ascii_digit (*p); p++)
    integer_digits++;

  if (integer_digits == 0)
    return FALSE;

  if (*p == '.')
    {
      gsize fraction_digits = 0;

      for (p++; is_ascii_digit (*p); p++)
        fraction_digits++;

      if (fraction_digits == 0)
        return FALSE;
    }

  return *p == '\0';
}

gboolean
pd_decimal_is_valid (const char *text)
{
  return text != NULL && strlen (text) <= PD_DECIMAL_MAX_LENGTH && is_plain_decimal (text);
}

static gboolean
decimal_split (const char     *text,
               PdDecimalParts *parts)
{
  char *dot;
  char *integer;
  char *end;

  if (!is_plain_decimal (text))
    return FALSE;

  parts->buffer = g_strdup (text);
  integer = parts->buffer;
  dot = strchr (parts->buffer, '.');

  if (dot != NULL)
    {
      *dot = '\0';
      parts->fraction = dot + 1;
    }
  else
    {
      parts->fraction = "";
    }

  while (integer[0] == '0' && integer[1] != '\0')
    integer++;
  parts->integer = integer;

  end = (char *) parts->fraction + strlen (parts->fraction);
  while (end > parts->fraction && end[-1] == '0')
    *--end = '\0';

  return TRUE;
}

static void
decimal_parts_clear (PdDecimalParts *parts)
{
  g_clear_pointer (&parts->buffer, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdDecimalParts, decimal_parts_clear)

static char *
decimal_parts_to_string (const PdDecimalParts *parts)
{
  if (parts->fraction[0] == '\0')
    return g_strdup (parts->integer);

  return g_strconcat (parts->integer, ".", parts->fraction, NULL);
}

/**
 * pd_decimal_normalize:
 * @text: a valid amount
 *
 * Returns: (transfer full) (nullable): @text without leading zeros in the
 *   integer part and without trailing zeros in the fraction ("010.500"
 *   becomes "10.5", "0.000" becomes "0"), or %NULL if @text is not a plain
 *   decimal.
 */
char *
pd_decimal_normalize (const char *text)
{
  g_auto(PdDecimalParts) parts = { 0 };

  if (!decimal_split (text, &parts))
    return NULL;

  return decimal_parts_to_string (&parts);
}

/**
 * pd_decimal_is_normalized:
 * @text: (nullable): any text
 *
 * Whether pd_decimal_normalize() would return @text unchanged, without
 * making the copy: every amount read back from the ledger already is.
 *
 * Returns: %TRUE for a plain decimal in normal form ("10.5", "0.25",
 *   "0"), %FALSE otherwise ("010.50", "1.0", "1e5", %NULL)
 */
gboolean
pd_decimal_is_normalized (const char *text)
{
  gsize length;

  if (!is_plain_decimal (text))
    return FALSE;

  /* A leading zero only as the whole integer part. */
  if (text[0] == '0' && is_ascii_digit (text[1]))
    return FALSE;

  /* A fraction never ends in zero. */
  length = strlen (text);
  return strchr (text, '.') == NULL || text[length - 1] != '0';
}

/**
 * pd_decimal_parse:
 * @text: text typed by a person or read from the network
 * @error: a #PD_DECIMAL_ERROR on failure
 *
 * Checks that @text is a plain decimal (no sign, exponent, grouping or
 * white space) and returns it normalised. Zero is accepted here: whether a
 * zero amount makes sense is the caller's rule.
 *
 * Returns: (transfer full) (nullable): the normalised amount
 */
char *
pd_decimal_parse (const char  *text,
                  GError     **error)
{
  char *normalized;

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, PD_DECIMAL_ERROR, PD_DECIMAL_ERROR_EMPTY,
                           _("an amount is required"));
      return NULL;
    }

  if (strlen (text) > PD_DECIMAL_MAX_LENGTH)
    {
      g_set_error (error, PD_DECIMAL_ERROR, PD_DECIMAL_ERROR_TOO_LONG,
                   _("the amount is too long (at most %d characters)"),
                   PD_DECIMAL_MAX_LENGTH);
      return NULL;
    }

  normalized = pd_decimal_normalize (text);
  if (normalized == NULL)
    {
      g_set_error_literal (error, PD_DECIMAL_ERROR, PD_DECIMAL_ERROR_SYNTAX,
                           _("not a plain decimal number: use digits and at most one “.” with digits on both sides, "
                             "without sign, spaces or thousands separators (for example 10 or 10.5)"));
      return NULL;
    }

  return normalized;
}

static int
compare_digit_strings (const char *a,
                       const char *b)
{
  int order = strcmp (a, b);

  return (order > 0) - (order < 0);
}

/**
 * pd_decimal_compare:
 * @a: a valid amount
 * @b: a valid amount
 *
 * Compares two amounts by value, exactly: "10" equals "10.00".
 *
 * Returns: -1, 0 or 1 as @a is smaller than, equal to or larger than @b
 */
int
pd_decimal_compare (const char *a,
                    const char *b)
{
  g_auto(PdDecimalParts) pa = { 0 };
  g_auto(PdDecimalParts) pb = { 0 };
  gsize la;
  gsize lb;
  int order;

  g_return_val_if_fail (decimal_split (a, &pa), 0);
  g_return_val_if_fail (decimal_split (b, &pb), 0);

  /* Without leading zeros, a longer integer part is a larger number. */
  la = strlen (pa.integer);
  lb = strlen (pb.integer);
  if (la != lb)
    return la < lb ? -1 : 1;

  order = compare_digit_strings (pa.integer, pb.integer);
  if (order != 0)
    return order;

  /* Without trailing zeros, fractions compare as plain strings. */
  return compare_digit_strings (pa.fraction, pb.fraction);
}

/**
 * pd_decimal_equal:
 *
 * Returns: %TRUE if both are valid amounts of the same value. Invalid text
 *   is never equal to anything.
 */
gboolean
pd_decimal_equal (const char *a,
                  const char *b)
{
  if (!is_plain_decimal (a) || !is_plain_decimal (b))
    return FALSE;

  return pd_decimal_compare (a, b) == 0;
}

gboolean
pd_decimal_is_zero (const char *text)
{
  return pd_decimal_equal (text, "0");
}

/**
 * pd_decimal_count_decimals:
 * @text: a valid amount
 *
 * Returns: the number of significant decimals: 1 for "10.500"
 */
guint
pd_decimal_count_decimals (const char *text)
{
  g_auto(PdDecimalParts) parts = { 0 };

  g_return_val_if_fail (decimal_split (text, &parts), 0);

  return strlen (parts.fraction);
}

gboolean
pd_decimal_check_decimals (const char  *text,
                           guint        max_decimals,
                           GError     **error)
{
  if (pd_decimal_count_decimals (text) <= max_decimals)
    return TRUE;

  if (max_decimals == 0)
    g_set_error_literal (error, PD_DECIMAL_ERROR, PD_DECIMAL_ERROR_TOO_MANY_DECIMALS,
                         _("whole numbers only: this asset has no decimals"));
  else
    g_set_error (error, PD_DECIMAL_ERROR, PD_DECIMAL_ERROR_TOO_MANY_DECIMALS,
                 g_dngettext (GETTEXT_PACKAGE,
                              "at most %u decimal is allowed",
                              "at most %u decimals are allowed",
                              max_decimals),
                 max_decimals);
  return FALSE;
}

/* Both parts written as one digit string with @scale fraction digits and
 * @width digits in all, padded with zeros. */
static char *
decimal_parts_to_fixed (const PdDecimalParts *parts,
                        gsize                 width,
                        gsize                 scale)
{
  gsize integer_len = strlen (parts->integer);
  gsize fraction_len = strlen (parts->fraction);
  char *digits = g_malloc (width + 1);

  memset (digits, '0', width);
  digits[width] = '\0';
  memcpy (digits + (width - scale - integer_len), parts->integer, integer_len);
  memcpy (digits + (width - scale), parts->fraction, fraction_len);

  return digits;
}

static char *
fixed_to_normalized (const char *digits,
                     gsize       scale)
{
  gsize width = strlen (digits);
  g_autofree char *text = NULL;

  if (scale == 0)
    return pd_decimal_normalize (digits);

  text = g_strdup_printf ("%.*s.%s", (int) (width - scale), digits, digits + width - scale);
  return pd_decimal_normalize (text);
}

typedef enum { DECIMAL_ADD, DECIMAL_SUBTRACT } DecimalOperation;

static char *
decimal_apply (const char       *a,
               const char       *b,
               DecimalOperation  operation)
{
  g_auto(PdDecimalParts) pa = { 0 };
  g_auto(PdDecimalParts) pb = { 0 };
  g_autofree char *da = NULL;
  g_autofree char *db = NULL;
  gsize scale;
  gsize width;
  int carry = 0;

  g_return_val_if_fail (decimal_split (a, &pa), NULL);
  g_return_val_if_fail (decimal_split (b, &pb), NULL);

  scale = MAX (strlen (pa.fraction), strlen (pb.fraction));
  /* One more digit for the carry of an addition. */
  width = MAX (strlen (pa.integer), strlen (pb.integer)) + scale + 1;
  da = decimal_parts_to_fixed (&pa, width, scale);
  db = decimal_parts_to_fixed (&pb, width, scale);

  for (gsize i = width; i-- > 0;)
    {
      int digit;

      if (operation == DECIMAL_ADD)
        digit = (da[i] - '0') + (db[i] - '0') + carry;
      else
        digit = (da[i] - '0') - (db[i] - '0') - carry;

      carry = 0;
      if (digit >= 10)
        {
          digit -= 10;
          carry = 1;
        }
      else if (digit < 0)
        {
          digit += 10;
          carry = 1;
        }
      da[i] = '0' + digit;
    }

  return fixed_to_normalized (da, scale);
}

/**
 * pd_decimal_add:
 *
 * Returns: (transfer full): @a + @b, normalised
 */
char *
pd_decimal_add (const char *a,
                const char *b)
{
  return decimal_apply (a, b, DECIMAL_ADD);
}

/**
 * pd_decimal_subtract_clamped:
 *
 * Returns: (transfer full): max(@a − @b, 0), normalised; what is still
 *   due when @a is payable and @b was paid.
 */
char *
pd_decimal_subtract_clamped (const char *a,
                             const char *b)
{
  g_return_val_if_fail (is_plain_decimal (a), NULL);
  g_return_val_if_fail (is_plain_decimal (b), NULL);

  if (pd_decimal_compare (a, b) <= 0)
    return g_strdup ("0");

  return decimal_apply (a, b, DECIMAL_SUBTRACT);
}
