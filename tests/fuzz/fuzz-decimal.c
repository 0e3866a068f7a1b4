/* fuzz-decimal.c: libFuzzer target for pd-decimal
 *
 * The input is two amounts separated by a NUL byte. Whatever they are,
 * parsing must agree with validity, and for valid amounts the arithmetic
 * must keep its promises: normalising is idempotent, comparison is
 * antisymmetric and agrees with subtraction, and a + b − b = a.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-decimal.h"
#include "pd-fuzz.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  pd_fuzz_init ();
  return 0;
}

/* Parses @text; returns its normalised form or NULL, checking the error. */
static char *
check_parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parsed = pd_decimal_parse (text, &error);
  g_autofree char *normalized = NULL;
  g_autofree char *reparsed = NULL;

  pd_fuzz_check ((parsed != NULL) == pd_decimal_is_valid (text), "parse agrees with is_valid");
  pd_fuzz_check ((parsed == NULL) == (error != NULL), "an error exactly when parse fails");
  if (parsed == NULL)
    {
      /* Longer text is refused for its length alone; the arithmetic
       * takes it (sums are longer than what parse accepts). */
      if (strlen (text) <= PD_DECIMAL_MAX_LENGTH)
        {
          pd_fuzz_check (pd_decimal_normalize (text) == NULL, "normalize refuses what parse refuses");
          pd_fuzz_check (!pd_decimal_is_normalized (text), "invalid text is not normalised");
          pd_fuzz_check (!pd_decimal_equal (text, text), "invalid text equals nothing");
        }
      return NULL;
    }

  normalized = pd_decimal_normalize (text);
  pd_fuzz_check (g_strcmp0 (parsed, normalized) == 0, "parse returns the normalised form");
  pd_fuzz_check (pd_decimal_is_normalized (text) == (strcmp (text, normalized) == 0),
                 "is_normalized exactly when normalising changes nothing");
  pd_fuzz_check (pd_decimal_is_normalized (normalized), "the normal form is normalised");
  reparsed = pd_decimal_parse (normalized, NULL);
  pd_fuzz_check (g_strcmp0 (reparsed, normalized) == 0, "parse (normalize (x)) == normalize (x)");
  pd_fuzz_check (pd_decimal_compare (text, normalized) == 0, "normalising keeps the value");
  pd_fuzz_check (pd_decimal_count_decimals (text) == pd_decimal_count_decimals (normalized),
                 "normalising keeps the significant decimals");

  return g_steal_pointer (&parsed);
}

static void
check_arithmetic (const char *a,
                  const char *b)
{
  int ab = pd_decimal_compare (a, b);
  int ba = pd_decimal_compare (b, a);
  g_autofree char *sum = pd_decimal_add (a, b);
  g_autofree char *sum_swapped = pd_decimal_add (b, a);
  g_autofree char *sum_normalized = NULL;
  g_autofree char *back = NULL;
  g_autofree char *difference = pd_decimal_subtract_clamped (a, b);

  pd_fuzz_check (ab == -ba, "compare is antisymmetric");
  pd_fuzz_check (ab >= -1 && ab <= 1, "compare returns -1, 0 or 1");
  pd_fuzz_check (pd_decimal_equal (a, b) == (ab == 0), "equal agrees with compare");

  pd_fuzz_check (sum != NULL, "a + b is an amount");
  sum_normalized = pd_decimal_normalize (sum);
  pd_fuzz_check (g_strcmp0 (sum, sum_normalized) == 0, "a + b is normalised");
  pd_fuzz_check (g_strcmp0 (sum, sum_swapped) == 0, "a + b == b + a");
  pd_fuzz_check (pd_decimal_compare (sum, a) >= 0, "a + b >= a");
  back = pd_decimal_subtract_clamped (sum, b);
  pd_fuzz_check (g_strcmp0 (back, a) == 0, "a + b - b == a");

  pd_fuzz_check (difference != NULL, "a - b is an amount");
  if (ab <= 0)
    {
      pd_fuzz_check (g_strcmp0 (difference, "0") == 0, "a - b clamps at zero");
    }
  else
    {
      g_autofree char *restored = pd_decimal_add (difference, b);

      pd_fuzz_check (!pd_decimal_is_zero (difference), "a > b leaves something due");
      pd_fuzz_check (g_strcmp0 (restored, a) == 0, "(a - b) + b == a");
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_auto(GStrv) fields = pd_fuzz_split_fields (data, size, 2);
  g_autofree char *a = check_parse (fields[0]);
  g_autofree char *b = check_parse (fields[1]);

  if (a != NULL && b != NULL)
    check_arithmetic (a, b);

  return 0;
}
