/* test-decimal.c: exact decimal amounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "pd-decimal.h"

static void
test_decimal_accepts (void)
{
  static const struct { const char *text; const char *normalized; } cases[] = {
    { "10", "10" },
    { "010.500", "10.5" },
    { "0.000", "0" },
    { "0", "0" },
    { "10.013", "10.013" },
    { "0.00003", "0.00003" },
    { "000", "0" },
    { "1.0", "1" },
    { "100", "100" },
    { "123456789012345678901234567890.123456789", "123456789012345678901234567890.123456789" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = pd_decimal_parse (cases[i].text, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, cases[i].normalized);
      g_assert_true (pd_decimal_is_valid (cases[i].text));
      g_assert_true (pd_decimal_is_normalized (cases[i].normalized));
      g_assert_cmpint (pd_decimal_is_normalized (cases[i].text), ==,
                       strcmp (cases[i].text, cases[i].normalized) == 0);
    }

  g_assert_true (pd_decimal_is_normalized ("0.5"));
  g_assert_false (pd_decimal_is_normalized ("00.5"));
  g_assert_false (pd_decimal_is_normalized ("0.50"));
  g_assert_false (pd_decimal_is_normalized ("10.0"));
}

static void
test_decimal_rejects (void)
{
  static const char *cases[] = {
    "", "1e5", "-1", "+1", "1,000", " 10", "10 ", "10.", ".5", "NaN", "inf",
    "1.2.3", "0x10", "１０", "10\n", "1_000", "1'000", "١٠",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = pd_decimal_parse (cases[i], &error);

      g_assert_null (normalized);
      g_assert_nonnull (error);
      g_assert_true (error->domain == PD_DECIMAL_ERROR);
      g_assert_false (pd_decimal_is_valid (cases[i]));
      g_assert_false (pd_decimal_is_normalized (cases[i]));
    }

  g_assert_false (pd_decimal_is_valid (NULL));
  g_assert_false (pd_decimal_is_normalized (NULL));
}

static void
test_decimal_rejects_too_long (void)
{
  g_autofree char *huge = g_strnfill (PD_DECIMAL_MAX_LENGTH + 1, '1');
  g_autofree char *longest = g_strnfill (PD_DECIMAL_MAX_LENGTH, '1');
  g_autoptr(GError) error = NULL;
  g_autofree char *parsed = pd_decimal_parse (huge, &error);
  g_autofree char *parsed_longest = pd_decimal_parse (longest, NULL);

  g_assert_error (error, PD_DECIMAL_ERROR, PD_DECIMAL_ERROR_TOO_LONG);
  g_assert_null (parsed);
  g_assert_cmpstr (parsed_longest, ==, longest);
}

static void
test_decimal_error_codes (void)
{
  g_autoptr(GError) empty = NULL;
  g_autoptr(GError) syntax = NULL;
  g_autofree char *a = pd_decimal_parse ("", &empty);
  g_autofree char *b = pd_decimal_parse (NULL, NULL);
  g_autofree char *c = pd_decimal_parse ("1e5", &syntax);

  g_assert_error (empty, PD_DECIMAL_ERROR, PD_DECIMAL_ERROR_EMPTY);
  g_assert_error (syntax, PD_DECIMAL_ERROR, PD_DECIMAL_ERROR_SYNTAX);
  g_assert_null (a);
  g_assert_null (b);
  g_assert_null (c);
}

static void
test_decimal_compare (void)
{
  static const struct { const char *a; const char *b; int order; } cases[] = {
    { "10", "10.00", 0 },
    { "10", "10.0", 0 },
    { "010", "10", 0 },
    { "9.99", "10", -1 },
    { "10.000001", "10", 1 },
    { "0.5", "0.51", -1 },
    { "0.6", "0.51", 1 },
    { "0", "0.000", 0 },
    { "0.00000001", "0", 1 },
    { "99", "100", -1 },
    { "1000000000000000000000000000000000000000", "999999999999999999999999999999999999999.9", 1 },
    { "123456789012345678901234567890.000000000000000000001", "123456789012345678901234567890", 1 },
    { "123456789012345678901234567890.10", "123456789012345678901234567890.1", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (pd_decimal_compare (cases[i].a, cases[i].b), ==, cases[i].order);
      g_assert_cmpint (pd_decimal_compare (cases[i].b, cases[i].a), ==, -cases[i].order);
      g_assert_true (pd_decimal_equal (cases[i].a, cases[i].b) == (cases[i].order == 0));
    }

  g_assert_false (pd_decimal_equal ("10", "1e1"));
  g_assert_false (pd_decimal_equal ("abc", "abc"));
  g_assert_false (pd_decimal_equal (NULL, "0"));
  g_assert_true (pd_decimal_is_zero ("0.000"));
  g_assert_false (pd_decimal_is_zero ("0.001"));
}

static void
test_decimal_decimals (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (pd_decimal_count_decimals ("10"), ==, 0);
  g_assert_cmpuint (pd_decimal_count_decimals ("10.500"), ==, 1);
  g_assert_cmpuint (pd_decimal_count_decimals ("0.00000001"), ==, 8);

  g_assert_true (pd_decimal_check_decimals ("10.12", 2, NULL));
  g_assert_true (pd_decimal_check_decimals ("10.1200", 2, NULL));
  g_assert_false (pd_decimal_check_decimals ("10.123", 2, &error));
  g_assert_error (error, PD_DECIMAL_ERROR, PD_DECIMAL_ERROR_TOO_MANY_DECIMALS);
  g_clear_error (&error);
  g_assert_false (pd_decimal_check_decimals ("10.1", 0, &error));
  g_assert_error (error, PD_DECIMAL_ERROR, PD_DECIMAL_ERROR_TOO_MANY_DECIMALS);
}

static void
test_decimal_arithmetic (void)
{
  static const struct { const char *a; const char *b; const char *sum; const char *rest; } cases[] = {
    { "10.013", "6.5", "16.513", "3.513" },
    { "10", "10", "20", "0" },
    { "6.5", "10.013", "16.513", "0" },
    { "0.1", "0.2", "0.3", "0" },
    { "0.3", "0.1", "0.4", "0.2" },
    { "99.99", "0.01", "100", "99.98" },
    { "1000", "0.00000001", "1000.00000001", "999.99999999" },
    { "0", "0", "0", "0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *sum = pd_decimal_add (cases[i].a, cases[i].b);
      g_autofree char *rest = pd_decimal_subtract_clamped (cases[i].a, cases[i].b);

      g_assert_cmpstr (sum, ==, cases[i].sum);
      g_assert_cmpstr (rest, ==, cases[i].rest);
    }
}

/* Found by fuzz-decimal: sums of the longest amounts are longer than
 * PD_DECIMAL_MAX_LENGTH, and pd_decimal_add() returned NULL for them. */
static void
test_decimal_arithmetic_longest (void)
{
  g_autofree char *nines = g_strnfill (PD_DECIMAL_MAX_LENGTH, '9');
  g_autofree char *zeros = g_strnfill (PD_DECIMAL_MAX_LENGTH, '0');
  g_autofree char *power = g_strconcat ("1", zeros, NULL);
  g_autofree char *fraction = g_strnfill (PD_DECIMAL_MAX_LENGTH - 2, '3');
  g_autofree char *longest_fraction = g_strconcat ("1.", fraction, NULL);
  g_autofree char *sum = pd_decimal_add (nines, "1");
  g_autofree char *back = pd_decimal_subtract_clamped (sum, "1");
  g_autofree char *fraction_sum = pd_decimal_add (longest_fraction, "0");
  g_autofree char *doubled = pd_decimal_add (longest_fraction, longest_fraction);
  g_autofree char *halved = pd_decimal_subtract_clamped (doubled, longest_fraction);

  g_assert_true (pd_decimal_is_valid (nines));
  g_assert_cmpstr (sum, ==, power);
  g_assert_cmpint (pd_decimal_compare (sum, nines), ==, 1);
  g_assert_cmpint (pd_decimal_compare (nines, sum), ==, -1);
  g_assert_false (pd_decimal_equal (sum, nines));
  g_assert_cmpstr (back, ==, nines);

  g_assert_true (pd_decimal_is_valid (longest_fraction));
  g_assert_cmpstr (fraction_sum, ==, longest_fraction);
  g_assert_cmpstr (halved, ==, longest_fraction);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/decimal/accepts", test_decimal_accepts);
  g_test_add_func ("/decimal/rejects", test_decimal_rejects);
  g_test_add_func ("/decimal/rejects-too-long", test_decimal_rejects_too_long);
  g_test_add_func ("/decimal/error-codes", test_decimal_error_codes);
  g_test_add_func ("/decimal/compare", test_decimal_compare);
  g_test_add_func ("/decimal/decimals", test_decimal_decimals);
  g_test_add_func ("/decimal/arithmetic", test_decimal_arithmetic);
  g_test_add_func ("/decimal/arithmetic-longest", test_decimal_arithmetic_longest);

  return g_test_run ();
}
