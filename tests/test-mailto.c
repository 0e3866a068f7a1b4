/* test-mailto.c: tests of the mailto: builder
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "pd-mailto.h"

static void
test_plain (void)
{
  g_autofree char *uri = pd_mailto_build ("Hello", "Pay now", NULL);

  g_assert_cmpstr (uri, ==, "mailto:?subject=Hello&body=Pay%20now");
}

static void
test_reserved (void)
{
  g_autofree char *uri = pd_mailto_build ("A & B? #1 at 100%",
                                          "https://pay.example/p?a=1&b=2#top", NULL);

  g_assert_cmpstr (uri, ==,
                   "mailto:?subject=A%20%26%20B%3F%20%231%20at%20100%25"
                   "&body=https%3A%2F%2Fpay.example%2Fp%3Fa%3D1%26b%3D2%23top");
}

static void
test_line_breaks (void)
{
  g_autofree char *uri = pd_mailto_build ("One\nline", "First\nSecond\n\nFourth\n", NULL);

  g_assert_cmpstr (uri, ==,
                   "mailto:?subject=One%0D%0Aline"
                   "&body=First%0D%0ASecond%0D%0A%0D%0AFourth%0D%0A");
}

static void
test_non_ascii (void)
{
  g_autofree char *uri = pd_mailto_build ("Café", "请付款", NULL);

  g_assert_cmpstr (uri, ==,
                   "mailto:?subject=Caf%C3%A9&body=%E8%AF%B7%E4%BB%98%E6%AC%BE");
}

/* What the escaped fields give back through a URI parser: exactly the
 * fields given, the line breaks as CRLF. */
static void
test_round_trip (void)
{
  const char *body = "Pay 10 USDT:\nhttps://pay.example/?x=1&y=2#z\n";
  g_autofree char *uri = pd_mailto_build ("Order #7 & more", body,
                                          "file:///home/me/Invoice%201.pdf");
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;

  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_scheme (parsed), ==, "mailto");
  g_assert_cmpstr (g_uri_get_path (parsed), ==, "");
  params = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (params), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (params, "subject"), ==, "Order #7 & more");
  g_assert_cmpstr (g_hash_table_lookup (params, "body"), ==,
                   "Pay 10 USDT:\r\nhttps://pay.example/?x=1&y=2#z\r\n");
  g_assert_cmpstr (g_hash_table_lookup (params, "attach"), ==,
                   "file:///home/me/Invoice%201.pdf");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mailto/plain", test_plain);
  g_test_add_func ("/mailto/reserved", test_reserved);
  g_test_add_func ("/mailto/line-breaks", test_line_breaks);
  g_test_add_func ("/mailto/non-ascii", test_non_ascii);
  g_test_add_func ("/mailto/round-trip", test_round_trip);

  return g_test_run ();
}
