/* test-paylink.c: validating and building MixPay payment links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib.h>

#include "pd-paylink.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define TRACE "0a6c3d1c-8a38-4a1b-9f11-3c2a7b2f1e4d"

#define BRIEF_LINK \
  "https://mixpay.me/pay?payeeId=a38ed284-5689-4fb9-8c2a-91fba5e32ce9" \
  "&settlementAssetId=c6d0c728-2624-429b-8e0d-d9d19b6592fa" \
  "&quoteAssetId=4d8c508b-91c5-375b-92b0-ee702ed2dac5" \
  "&quoteAmount=10&orderId=product1000432"

typedef gboolean (*Validator) (const char *text, GError **error);

typedef struct
{
  const char         *text;
  PdPaylinkErrorCode  code;
} Rejected;

static void
assert_field_error (const GError       *error,
                    PdPaylinkField      field,
                    PdPaylinkErrorCode  code)
{
  g_autofree char *prefix = g_strconcat (pd_paylink_field_name (field), ": ", NULL);
  PdPaylinkField found;

  g_assert_error (error, PD_PAYLINK_ERROR, (gint) code);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_true (pd_paylink_error_get_field (error, &found));
  g_assert_cmpint (found, ==, field);
  g_assert_cmpstr (pd_paylink_error_get_rule (error), ==, error->message + strlen (prefix));
  g_assert_cmpuint (strlen (pd_paylink_error_get_rule (error)), >, 0);
}

static void
check_validator (Validator             validate,
                 PdPaylinkField        field,
                 const char * const   *accepted,
                 const Rejected       *rejected,
                 gsize                 n_rejected)
{
  for (guint i = 0; accepted[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!validate (accepted[i], &error))
        g_error ("“%s” refused: %s", accepted[i], error->message);
    }

  for (gsize i = 0; i < n_rejected; i++)
    {
      g_autoptr(GError) error = NULL;

      if (validate (rejected[i].text, &error))
        g_error ("“%s” accepted", rejected[i].text);
      assert_field_error (error, field, rejected[i].code);
      /* NULL error is allowed too. */
      g_assert_false (validate (rejected[i].text, NULL));
    }
}

static void
test_field_names (void)
{
  g_assert_cmpstr (pd_paylink_field_name (PD_PAYLINK_FIELD_PAYEE_ID), ==, "payeeId");
  g_assert_cmpstr (pd_paylink_field_name (PD_PAYLINK_FIELD_SETTLEMENT_ASSET_ID), ==, "settlementAssetId");
  g_assert_cmpstr (pd_paylink_field_name (PD_PAYLINK_FIELD_QUOTE_ASSET_ID), ==, "quoteAssetId");
  g_assert_cmpstr (pd_paylink_field_name (PD_PAYLINK_FIELD_QUOTE_AMOUNT), ==, "quoteAmount");
  g_assert_cmpstr (pd_paylink_field_name (PD_PAYLINK_FIELD_ORDER_ID), ==, "orderId");
  g_assert_cmpstr (pd_paylink_field_name (PD_PAYLINK_FIELD_RETURN_TO), ==, "returnTo");
  g_assert_cmpstr (pd_paylink_field_name (PD_PAYLINK_FIELD_TRACE_ID), ==, "traceId");
  g_assert_cmpstr (pd_paylink_field_name (PD_PAYLINK_FIELD_REMARK), ==, "remark");
  g_assert_cmpstr (pd_paylink_field_name (PD_PAYLINK_FIELD_EXPIRED_TIMESTAMP), ==, "expiredTimestamp");
  g_assert_cmpstr (pd_paylink_field_name (PD_PAYLINK_FIELD_PAY_BASE), ==, "payBase");
}

static void
test_uuid (void)
{
  static const char * const uuids[] = {
    PAYEE, BTC, "A38ED284-5689-4FB9-8C2A-91FBA5E32CE9",
    "a38ed28456894fb98c2a91fba5e32ce9", NULL,
  };
  static const char * const not_uuids[] = {
    "", "a38ed284-5689-4fb9-8c2a-91fba5e32ce", "a38ed284-5689-4fb9-8c2a-91fba5e32ce9a",
    "a38ed2845-689-4fb9-8c2a-91fba5e32ce9", "g38ed284-5689-4fb9-8c2a-91fba5e32ce9",
    "a38ed284_5689_4fb9_8c2a_91fba5e32ce9", "a38ed28456894fb98c2a91fba5e32ce", " " PAYEE,
    "{a38ed284-5689-4fb9-8c2a-91fba5e32ce9}", "a38ed284-5689-4fb98c2a-91fba5e32ce9-",
    NULL,
  };

  for (guint i = 0; uuids[i] != NULL; i++)
    g_assert_true (pd_paylink_is_uuid (uuids[i]));
  for (guint i = 0; not_uuids[i] != NULL; i++)
    g_assert_false (pd_paylink_is_uuid (not_uuids[i]));
  g_assert_false (pd_paylink_is_uuid (NULL));
}

static void
test_payee_id (void)
{
  static const char * const accepted[] = { PAYEE, "a38ed28456894fb98c2a91fba5e32ce9", NULL };
  static const Rejected rejected[] = {
    { NULL, PD_PAYLINK_ERROR_MISSING },
    { "", PD_PAYLINK_ERROR_MISSING },
    { "37160854", PD_PAYLINK_ERROR_INVALID },
    { "a38ed284-5689-4fb9-8c2a-91fba5e32cez", PD_PAYLINK_ERROR_INVALID },
    { PAYEE "&x=1", PD_PAYLINK_ERROR_INVALID },
  };

  check_validator (pd_paylink_validate_payee_id, PD_PAYLINK_FIELD_PAYEE_ID,
                   accepted, rejected, G_N_ELEMENTS (rejected));
}

static void
test_settlement_asset (void)
{
  static const char * const accepted[] = { BTC, USDT, NULL };
  static const Rejected rejected[] = {
    { NULL, PD_PAYLINK_ERROR_MISSING },
    { "", PD_PAYLINK_ERROR_MISSING },
    { "btc", PD_PAYLINK_ERROR_INVALID },
    { "usd", PD_PAYLINK_ERROR_INVALID },
  };

  check_validator (pd_paylink_validate_settlement_asset, PD_PAYLINK_FIELD_SETTLEMENT_ASSET_ID,
                   accepted, rejected, G_N_ELEMENTS (rejected));
}

static void
test_quote_asset (void)
{
  static const char * const accepted[] = { USDT, "usd", "eur", "cny", "ab", "abcdefghij", NULL };
  static const Rejected rejected[] = {
    { NULL, PD_PAYLINK_ERROR_MISSING },
    { "", PD_PAYLINK_ERROR_MISSING },
    { "USD", PD_PAYLINK_ERROR_INVALID },
    { "u", PD_PAYLINK_ERROR_INVALID },
    { "abcdefghijk", PD_PAYLINK_ERROR_INVALID },
    { "us d", PD_PAYLINK_ERROR_INVALID },
    { "usd1", PD_PAYLINK_ERROR_INVALID },
    { "usé", PD_PAYLINK_ERROR_INVALID },
  };

  check_validator (pd_paylink_validate_quote_asset, PD_PAYLINK_FIELD_QUOTE_ASSET_ID,
                   accepted, rejected, G_N_ELEMENTS (rejected));
}

static gboolean
validate_amount_default (const char  *amount,
                         GError     **error)
{
  return pd_paylink_validate_amount (amount, 0, error);
}

static gboolean
validate_amount_two_decimals (const char  *amount,
                              GError     **error)
{
  return pd_paylink_validate_amount (amount, 2, error);
}

static void
test_amount (void)
{
  static const char * const accepted[] = {
    "10", "10.5", "0.00000001", "010.500", "1.12345678", "1.123456780", "99999999", NULL,
  };
  static const Rejected rejected[] = {
    { NULL, PD_PAYLINK_ERROR_MISSING },
    { "", PD_PAYLINK_ERROR_MISSING },
    { "1e5", PD_PAYLINK_ERROR_INVALID },
    { "-1", PD_PAYLINK_ERROR_INVALID },
    { "+1", PD_PAYLINK_ERROR_INVALID },
    { "0", PD_PAYLINK_ERROR_OUT_OF_RANGE },
    { "0.000", PD_PAYLINK_ERROR_OUT_OF_RANGE },
    { "1,000", PD_PAYLINK_ERROR_INVALID },
    { " 10", PD_PAYLINK_ERROR_INVALID },
    { "10 ", PD_PAYLINK_ERROR_INVALID },
    { "10.", PD_PAYLINK_ERROR_INVALID },
    { ".5", PD_PAYLINK_ERROR_INVALID },
    { "NaN", PD_PAYLINK_ERROR_INVALID },
    { "inf", PD_PAYLINK_ERROR_INVALID },
    { "0x10", PD_PAYLINK_ERROR_INVALID },
    { "１０", PD_PAYLINK_ERROR_INVALID },
    { "0.000000001", PD_PAYLINK_ERROR_OUT_OF_RANGE },
    { "1.123456789", PD_PAYLINK_ERROR_OUT_OF_RANGE },
    { "10000000000000000000000000000000000000000000000000000000000000000", PD_PAYLINK_ERROR_TOO_LONG },
  };
  static const char * const accepted_two[] = { "10.25", "10.250000", "3", NULL };
  static const Rejected rejected_two[] = {
    { "10.255", PD_PAYLINK_ERROR_OUT_OF_RANGE },
    { "0.001", PD_PAYLINK_ERROR_OUT_OF_RANGE },
    { "0.00", PD_PAYLINK_ERROR_OUT_OF_RANGE },
  };
  g_autoptr(GError) error = NULL;

  check_validator (validate_amount_default, PD_PAYLINK_FIELD_QUOTE_AMOUNT,
                   accepted, rejected, G_N_ELEMENTS (rejected));
  check_validator (validate_amount_two_decimals, PD_PAYLINK_FIELD_QUOTE_AMOUNT,
                   accepted_two, rejected_two, G_N_ELEMENTS (rejected_two));

  g_assert_false (pd_paylink_validate_amount ("0", 0, &error));
  g_assert_cmpstr (error->message, ==, "quoteAmount: must be greater than zero");
}

static void
test_order_id (void)
{
  static const char * const accepted[] = {
    "product1000432", "abc123", "A-B_c-", "123456789012345678901234567890123456",
    "PD20261125-123456-ABCD", NULL,
  };
  static const Rejected rejected[] = {
    { NULL, PD_PAYLINK_ERROR_MISSING },
    { "", PD_PAYLINK_ERROR_MISSING },
    { "abcde", PD_PAYLINK_ERROR_TOO_SHORT },
    { "1234567890123456789012345678901234567", PD_PAYLINK_ERROR_TOO_LONG },
    { "order 12345", PD_PAYLINK_ERROR_INVALID },
    { "ordér12345", PD_PAYLINK_ERROR_INVALID },
    { "order12345é", PD_PAYLINK_ERROR_INVALID },
    { "order.12345", PD_PAYLINK_ERROR_INVALID },
    { "order&x=12345", PD_PAYLINK_ERROR_INVALID },
    { "order12345\n", PD_PAYLINK_ERROR_INVALID },
  };

  check_validator (pd_paylink_validate_order_id, PD_PAYLINK_FIELD_ORDER_ID,
                   accepted, rejected, G_N_ELEMENTS (rejected));
}

static void
test_return_to (void)
{
  static const char * const accepted[] = {
    "https://shop.example/o?id=1&x=2", "http://shop.example", "https://shop.example:8443/thanks#top",
    "HTTPS://SHOP.EXAMPLE/", "https://[::1]/done", "", NULL,
  };
  static const Rejected rejected[] = {
    { "the_customer_order_payment_url_on_your_site", PD_PAYLINK_ERROR_INVALID },
    { "/orders/1", PD_PAYLINK_ERROR_INVALID },
    { "//shop.example/orders/1", PD_PAYLINK_ERROR_INVALID },
    { "javascript:alert(1)", PD_PAYLINK_ERROR_INVALID },
    { "JavaScript:alert(document.cookie)", PD_PAYLINK_ERROR_INVALID },
    { "file:///etc/passwd", PD_PAYLINK_ERROR_INVALID },
    { "file://host/share", PD_PAYLINK_ERROR_INVALID },
    { "data:text/html,<script>alert(1)</script>", PD_PAYLINK_ERROR_INVALID },
    { "ftp://shop.example/", PD_PAYLINK_ERROR_INVALID },
    { "https:shop.example", PD_PAYLINK_ERROR_INVALID },
    { "https://", PD_PAYLINK_ERROR_INVALID },
    { "https:///path", PD_PAYLINK_ERROR_INVALID },
    { "https://shop.example/a b", PD_PAYLINK_ERROR_INVALID },
    { " https://shop.example/", PD_PAYLINK_ERROR_INVALID },
    { "https://shop.example/\n", PD_PAYLINK_ERROR_INVALID },
    { "https://shop.example/\t", PD_PAYLINK_ERROR_INVALID },
    { "https://shop.example/\x7f", PD_PAYLINK_ERROR_INVALID },
    { "https://shop.example/\xff", PD_PAYLINK_ERROR_INVALID },
    /* What an answer echoing it may not hold (pd_paylink_is_single_line()):
     * accepted here, every answer about the order was refused. */
    { "https://shop.example/\u2028x", PD_PAYLINK_ERROR_INVALID },
    { "https://shop.example/\u2029", PD_PAYLINK_ERROR_INVALID },
    { "https://shop.example/\u202e/lmth.enod", PD_PAYLINK_ERROR_INVALID },
    { "https://shop.example/\xc2\x85", PD_PAYLINK_ERROR_INVALID },
    { "https://shop.example/\u2066x\u2069", PD_PAYLINK_ERROR_INVALID },
    { "https://shop.\u202eexample/", PD_PAYLINK_ERROR_INVALID },
    /* A user name in front of the host reads as the host. */
    { "https://mixpay.me@evil.example/", PD_PAYLINK_ERROR_INVALID },
    { "https://@evil.example/", PD_PAYLINK_ERROR_INVALID },
    { "https://user:secret@shop.example/", PD_PAYLINK_ERROR_INVALID },
  };
  static const char * const idn_accepted[] = {
    "https://m\u0456xpay.me/", "https://\u4f8b\u3048.example/done", "https://xn--mxpay-n2e.me/", NULL,
  };
  g_autofree char *long_path = g_strnfill (2000, 'a');
  g_autofree char *long_url = NULL;
  g_autoptr(GError) error = NULL;

  check_validator (pd_paylink_validate_return_to, PD_PAYLINK_FIELD_RETURN_TO,
                   accepted, rejected, G_N_ELEMENTS (rejected));
  check_validator (pd_paylink_validate_return_to, PD_PAYLINK_FIELD_RETURN_TO,
                   idn_accepted, NULL, 0);
  g_assert_true (pd_paylink_validate_return_to (NULL, NULL));

  long_url = g_strconcat ("https://shop.example/", long_path, NULL);
  g_assert_false (pd_paylink_validate_return_to (long_url, &error));
  assert_field_error (error, PD_PAYLINK_FIELD_RETURN_TO, PD_PAYLINK_ERROR_TOO_LONG);
}

static void
test_trace_id (void)
{
  static const char * const accepted[] = { TRACE, "", "0a6c3d1c8a384a1b9f113c2a7b2f1e4d", NULL };
  static const Rejected rejected[] = {
    { "trace-1", PD_PAYLINK_ERROR_INVALID },
    { TRACE "0", PD_PAYLINK_ERROR_INVALID },
  };

  check_validator (pd_paylink_validate_trace_id, PD_PAYLINK_FIELD_TRACE_ID,
                   accepted, rejected, G_N_ELEMENTS (rejected));
  g_assert_true (pd_paylink_validate_trace_id (NULL, NULL));
}

static void
test_remark (void)
{
  g_autofree char *fifty = g_strnfill (50, 'x');
  g_autofree char *fifty_one = g_strnfill (51, 'x');
  g_autoptr(GString) fifty_chinese = g_string_new (NULL);
  g_autoptr(GString) fifty_one_chinese = g_string_new (NULL);
  const char *accepted[] = {
    "Table 4, two coffees", "咖啡 &=#+% ☕", "", NULL, NULL,
    "family \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9", "مرحبا", NULL,
  };
  Rejected rejected[] = {
    { fifty_one, PD_PAYLINK_ERROR_TOO_LONG },
    { "", PD_PAYLINK_ERROR_TOO_LONG },
    { "two\nlines", PD_PAYLINK_ERROR_INVALID },
    { "bell\a", PD_PAYLINK_ERROR_INVALID },
    { "c1 \xc2\x85 control", PD_PAYLINK_ERROR_INVALID },
    { "line\xe2\x80\xa8separator", PD_PAYLINK_ERROR_INVALID },
    { "paid \xe2\x80\xae" "0001", PD_PAYLINK_ERROR_INVALID },
    { "isolate \xe2\x81\xa6x\xe2\x81\xa9", PD_PAYLINK_ERROR_INVALID },
    { "broken \xe4\xbd", PD_PAYLINK_ERROR_INVALID },
    { "latin1 caf\xe9", PD_PAYLINK_ERROR_INVALID },
  };

  for (guint i = 0; i < 50; i++)
    g_string_append (fifty_chinese, "咖");
  g_string_append (fifty_one_chinese, fifty_chinese->str);
  g_string_append (fifty_one_chinese, "啡");

  /* 50 characters are 150 bytes here: the limit counts characters. */
  accepted[3] = fifty;
  accepted[4] = fifty_chinese->str;
  rejected[1].text = fifty_one_chinese->str;

  check_validator (pd_paylink_validate_remark, PD_PAYLINK_FIELD_REMARK,
                   accepted, rejected, G_N_ELEMENTS (rejected));
  g_assert_true (pd_paylink_validate_remark (NULL, NULL));
}

static void
test_expired_timestamp (void)
{
  const gint64 now = 1764000000;
  struct { gint64 timestamp; gboolean valid; PdPaylinkErrorCode code; } cases[] = {
    { 0, TRUE, 0 },
    { now + 1, TRUE, 0 },
    { now + 3600, TRUE, 0 },
    { now, FALSE, PD_PAYLINK_ERROR_OUT_OF_RANGE },
    { now - 1, FALSE, PD_PAYLINK_ERROR_OUT_OF_RANGE },
    { 1, FALSE, PD_PAYLINK_ERROR_OUT_OF_RANGE },
    { -5, FALSE, PD_PAYLINK_ERROR_INVALID },
    /* Milliseconds by mistake. */
    { now * 1000 + 3600000, FALSE, PD_PAYLINK_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean valid = pd_paylink_validate_expired_timestamp (cases[i].timestamp, now, &error);

      g_assert_cmpint (valid, ==, cases[i].valid);
      if (valid)
        g_assert_no_error (error);
      else
        assert_field_error (error, PD_PAYLINK_FIELD_EXPIRED_TIMESTAMP, cases[i].code);
    }
}

static void
test_pay_base (void)
{
  static const char * const accepted[] = {
    "https://mixpay.me", "https://mixpay.me/", "https://staging.example/mixpay/",
    "http://127.0.0.1:8080", "http://127.0.0.1:8080/", "http://127.3.4.5",
    "http://[::1]:9000/", "http://localhost:1234", "http://LOCALHOST", NULL,
  };
  static const Rejected rejected[] = {
    { NULL, PD_PAYLINK_ERROR_MISSING },
    { "", PD_PAYLINK_ERROR_MISSING },
    { "http://mixpay.me", PD_PAYLINK_ERROR_INVALID },
    { "http://128.0.0.1", PD_PAYLINK_ERROR_INVALID },
    { "http://10.0.0.1:8080", PD_PAYLINK_ERROR_INVALID },
    { "http://localhost.evil.example", PD_PAYLINK_ERROR_INVALID },
    { "http://127.0.0.1.evil.example", PD_PAYLINK_ERROR_INVALID },
    { "ftp://mixpay.me", PD_PAYLINK_ERROR_INVALID },
    { "mixpay.me", PD_PAYLINK_ERROR_INVALID },
    { "https://mixpay.me?x=1", PD_PAYLINK_ERROR_INVALID },
    { "https://mixpay.me/#x", PD_PAYLINK_ERROR_INVALID },
    { "https://user@mixpay.me", PD_PAYLINK_ERROR_INVALID },
    { "https://mixpay.me /", PD_PAYLINK_ERROR_INVALID },
    { "javascript:alert(1)", PD_PAYLINK_ERROR_INVALID },
    /* An internationalised host, one letter Cyrillic: a look-alike. */
    { "https://m\u0456xpay.me", PD_PAYLINK_ERROR_INVALID },
    { "https://m%D1%96xpay.me/", PD_PAYLINK_ERROR_INVALID },
    { "https://\u4f8b\u3048.example/", PD_PAYLINK_ERROR_INVALID },
    { "https://mixpay.me/\u2028", PD_PAYLINK_ERROR_INVALID },
  };

  check_validator (pd_paylink_validate_pay_base, PD_PAYLINK_FIELD_PAY_BASE,
                   accepted, rejected, G_N_ELEMENTS (rejected));

  g_assert_true (pd_paylink_is_loopback_url ("http://127.0.0.1:8080/"));
  g_assert_true (pd_paylink_is_loopback_url ("http://127.255.255.254/"));
  g_assert_true (pd_paylink_is_loopback_url ("http://[::1]/"));
  g_assert_true (pd_paylink_is_loopback_url ("https://localhost/"));
  g_assert_false (pd_paylink_is_loopback_url ("https://mixpay.me/"));
  g_assert_false (pd_paylink_is_loopback_url ("http://128.0.0.1/"));
  g_assert_false (pd_paylink_is_loopback_url ("http://[::2]/"));
  g_assert_false (pd_paylink_is_loopback_url ("not a url"));
  g_assert_false (pd_paylink_is_loopback_url (""));
  g_assert_false (pd_paylink_is_loopback_url (NULL));
}

static PdPaylinkParams
brief_params (void)
{
  PdPaylinkParams params = {
    .payee_id = PAYEE,
    .settlement_asset_id = BTC,
    .quote_asset_id = USDT,
    .quote_amount = "10",
    .order_id = "product1000432",
  };

  return params;
}

static void
test_build_brief_example (void)
{
  PdPaylinkParams params = brief_params ();
  g_autoptr(GError) error = NULL;
  g_autofree char *link = pd_paylink_build (&params, NULL, &error);
  g_autofree char *with_slash = NULL;
  g_autofree char *explicit_base = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (link, ==, BRIEF_LINK);

  explicit_base = pd_paylink_build (&params, "https://mixpay.me", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (explicit_base, ==, BRIEF_LINK);

  with_slash = pd_paylink_build (&params, "https://mixpay.me/", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (with_slash, ==, BRIEF_LINK);

  /* The brief's returnTo is a placeholder, not a URL. */
  params.return_to = "the_customer_order_payment_url_on_your_site";
  g_clear_pointer (&link, g_free);
  link = pd_paylink_build (&params, NULL, &error);
  g_assert_null (link);
  assert_field_error (error, PD_PAYLINK_FIELD_RETURN_TO, PD_PAYLINK_ERROR_INVALID);
}

/* The link shows an internationalised host of returnTo as it really is,
 * in punycode: "mіxpay.me" with a Cyrillic "і" is xn--mxpay-n2e.me. */
static void
test_build_return_to_punycode (void)
{
  PdPaylinkParams params = brief_params ();
  g_autofree char *link = NULL;
  g_autoptr(GError) error = NULL;

  params.return_to = "https://m\u0456xpay.me/done?x=1&y=\u0434#top";
  link = pd_paylink_build (&params, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (link, "&returnTo=https%3A%2F%2Fxn--mxpay-n2e.me%2Fdone%3Fx%3D1%26y%3D%25D0%25B4%23top"));

  /* An ASCII address is carried as it was typed. */
  params.return_to = "https://Shop.example:8443/o?id=1&x=%41";
  g_clear_pointer (&link, g_free);
  link = pd_paylink_build (&params, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (link, "&returnTo=https%3A%2F%2FShop.example%3A8443%2Fo%3Fid%3D1%26x%3D%2541"));
}

static void
test_build_normalizes_amount (void)
{
  PdPaylinkParams params = brief_params ();
  g_autofree char *link = NULL;
  g_autoptr(GError) error = NULL;

  params.quote_amount = "010.500";
  link = pd_paylink_build (&params, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (link, "&quoteAmount=10.5&"));
}

static void
test_build_local_base (void)
{
  PdPaylinkParams params = brief_params ();
  g_autofree char *link = NULL;
  g_autoptr(GError) error = NULL;

  link = pd_paylink_build (&params, "http://127.0.0.1:8080/", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (link, "http://127.0.0.1:8080/pay?payeeId=" PAYEE "&"));

  g_clear_pointer (&link, g_free);
  link = pd_paylink_build (&params, "http://shop.example", &error);
  g_assert_null (link);
  assert_field_error (error, PD_PAYLINK_FIELD_PAY_BASE, PD_PAYLINK_ERROR_INVALID);
}

static void
test_build_reports_first_invalid_field (void)
{
  PdPaylinkParams params = brief_params ();
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;

  params.quote_amount = "0";
  params.order_id = "abc";
  link = pd_paylink_build (&params, NULL, &error);
  g_assert_null (link);
  assert_field_error (error, PD_PAYLINK_FIELD_QUOTE_AMOUNT, PD_PAYLINK_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  params.quote_amount = "1.123";
  params.max_decimals = 2;
  link = pd_paylink_build (&params, NULL, &error);
  g_assert_null (link);
  assert_field_error (error, PD_PAYLINK_FIELD_QUOTE_AMOUNT, PD_PAYLINK_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  params.quote_amount = "1.12";
  link = pd_paylink_build (&params, NULL, &error);
  assert_field_error (error, PD_PAYLINK_FIELD_ORDER_ID, PD_PAYLINK_ERROR_TOO_SHORT);
  g_clear_error (&error);

  params.order_id = "abcdef";
  params.expired_timestamp = g_get_real_time () / G_USEC_PER_SEC - 10;
  link = pd_paylink_build (&params, NULL, &error);
  assert_field_error (error, PD_PAYLINK_FIELD_EXPIRED_TIMESTAMP, PD_PAYLINK_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  params.payee_id = NULL;
  link = pd_paylink_build (&params, NULL, &error);
  assert_field_error (error, PD_PAYLINK_FIELD_PAYEE_ID, PD_PAYLINK_ERROR_MISSING);
}

/* Parses @link back and checks it holds exactly @names = @values, in this
 * order, and nothing else. */
static void
assert_link_parameters (const char         *link,
                        const char         *expected_base,
                        const char * const *names,
                        const char * const *values)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (link, G_URI_FLAGS_ENCODED_QUERY, &error);
  g_autoptr(GHashTable) params = NULL;
  g_auto(GStrv) pairs = NULL;
  g_autofree char *base = NULL;
  guint n = 0;

  g_assert_no_error (error);
  base = g_strdup_printf ("%s://%s", g_uri_get_scheme (uri), g_uri_get_host (uri));
  g_assert_cmpstr (base, ==, expected_base);
  g_assert_cmpstr (g_uri_get_path (uri), ==, "/pay");
  g_assert_null (g_uri_get_fragment (uri));

  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);

  /* The raw query keeps the order and shows no stray separator. */
  pairs = g_strsplit (g_uri_get_query (uri), "&", -1);
  for (; names[n] != NULL; n++)
    {
      g_autofree char *prefix = g_strconcat (names[n], "=", NULL);

      g_assert_nonnull (pairs[n]);
      g_assert_true (g_str_has_prefix (pairs[n], prefix));
      g_assert_null (strchr (pairs[n] + strlen (prefix), '='));
      g_assert_cmpstr (g_hash_table_lookup (params, names[n]), ==, values[n]);
    }
  g_assert_null (pairs[n]);
  g_assert_cmpuint (g_hash_table_size (params), ==, n);

  /* Only unreserved characters, "%", "&" and "=" remain in the query. */
  for (const char *p = g_uri_get_query (uri); *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p) || strchr ("-._~%&=", *p) != NULL);
}

static void
test_build_round_trip (void)
{
  const gint64 expires = g_get_real_time () / G_USEC_PER_SEC + 600;
  g_autofree char *expires_text = g_strdup_printf ("%" G_GINT64_FORMAT, expires);
  const char *remark = "Table 4 &=#+% 两杯咖啡 a+b=c?d#e";
  const char *return_to = "https://shop.example/o?id=1&x=2";
  PdPaylinkParams params = {
    .payee_id = PAYEE,
    .settlement_asset_id = BTC,
    .quote_asset_id = "usd",
    .quote_amount = "12.50",
    .order_id = "order_2026-0001",
    .return_to = return_to,
    .trace_id = TRACE,
    .remark = remark,
    .expired_timestamp = expires,
  };
  const char * const names[] = {
    "payeeId", "settlementAssetId", "quoteAssetId", "quoteAmount", "orderId",
    "returnTo", "traceId", "remark", "expiredTimestamp", NULL,
  };
  const char * const values[] = {
    PAYEE, BTC, "usd", "12.5", "order_2026-0001", return_to, TRACE, remark, expires_text, NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *link = pd_paylink_build (&params, "https://mixpay.me/", &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (link, "&returnTo=https%3A%2F%2Fshop.example%2Fo%3Fid%3D1%26x%3D2&"));
  assert_link_parameters (link, "https://mixpay.me", names, values);
}

static void
test_build_optional_parameters (void)
{
  PdPaylinkParams params = brief_params ();
  const char * const names[] = {
    "payeeId", "settlementAssetId", "quoteAssetId", "quoteAmount", "orderId", "remark", NULL,
  };
  const char * const values[] = {
    PAYEE, BTC, USDT, "10", "product1000432", "+", NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;

  /* Empty optional strings are left out, not sent empty. */
  params.return_to = "";
  params.trace_id = "";
  params.remark = "+";
  link = pd_paylink_build (&params, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (link, "&orderId=product1000432&remark=%2B"));
  assert_link_parameters (link, "https://mixpay.me", names, values);
}

static void
test_code_link (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;

  link = pd_paylink_build_code_link ("26aa1d0b-5a5e-4e3f-a29c-2b4b2d5e1c11", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (link, ==, "https://mixpay.me/code/26aa1d0b-5a5e-4e3f-a29c-2b4b2d5e1c11");

  g_clear_pointer (&link, g_free);
  link = pd_paylink_build_code_link ("26aa1d0b-5a5e-4e3f-a29c-2b4b2d5e1c11", "http://127.0.0.1:9/", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (link, ==, "http://127.0.0.1:9/code/26aa1d0b-5a5e-4e3f-a29c-2b4b2d5e1c11");

  g_clear_pointer (&link, g_free);
  link = pd_paylink_build_code_link ("../../pay?x=1", NULL, &error);
  g_assert_null (link);
  g_assert_error (error, PD_PAYLINK_ERROR, PD_PAYLINK_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "code: "));
  g_assert_false (pd_paylink_error_get_field (error, NULL));
  g_clear_error (&error);

  link = pd_paylink_build_code_link ("", NULL, &error);
  g_assert_error (error, PD_PAYLINK_ERROR, PD_PAYLINK_ERROR_MISSING);
  g_clear_error (&error);

  link = pd_paylink_build_code_link ("26aa1d0b-5a5e-4e3f-a29c-2b4b2d5e1c11", "http://shop.example", &error);
  g_assert_null (link);
  assert_field_error (error, PD_PAYLINK_FIELD_PAY_BASE, PD_PAYLINK_ERROR_INVALID);
}

static void
test_generate_order_id (void)
{
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autofree char *before_stamp = g_date_time_format (before, "PD%Y%m%d-%H%M%S");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *after_stamp = NULL;
  g_autofree char *previous = NULL;
  g_autoptr(GRegex) form = g_regex_new ("^PD[0-9]{8}-[0-9]{6}-[A-Z2-7]{6}$", 0, 0, NULL);

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GError) error = NULL;
      char *id = pd_paylink_generate_order_id ();

      g_assert_true (g_regex_match (form, id, 0, NULL));
      g_assert_true (pd_paylink_validate_order_id (id, &error));
      g_assert_no_error (error);
      /* The time part never goes backwards. */
      if (previous != NULL)
        g_assert_cmpint (strncmp (previous, id, 17), <=, 0);
      g_free (previous);
      previous = g_strdup (id);
      g_hash_table_add (seen, id);
    }

  /* 200 draws of 30 random bits: a collision means a broken generator. */
  g_assert_cmpuint (g_hash_table_size (seen), ==, 200);

  after = g_date_time_new_now_utc ();
  after_stamp = g_date_time_format (after, "PD%Y%m%d-%H%M%S");
  g_assert_cmpint (strncmp (before_stamp, previous, 17), <=, 0);
  g_assert_cmpint (strncmp (previous, after_stamp, 17), <=, 0);
}

static void
test_generate_trace_id (void)
{
  g_autofree char *a = pd_paylink_generate_trace_id ();
  g_autofree char *b = pd_paylink_generate_trace_id ();
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_paylink_is_uuid (a));
  g_assert_true (pd_paylink_validate_trace_id (a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (a), ==, 36);
  g_assert_cmpint (a[14], ==, '4');
  g_assert_cmpstr (a, !=, b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/paylink/field-names", test_field_names);
  g_test_add_func ("/paylink/uuid", test_uuid);
  g_test_add_func ("/paylink/validate/payee-id", test_payee_id);
  g_test_add_func ("/paylink/validate/settlement-asset", test_settlement_asset);
  g_test_add_func ("/paylink/validate/quote-asset", test_quote_asset);
  g_test_add_func ("/paylink/validate/amount", test_amount);
  g_test_add_func ("/paylink/validate/order-id", test_order_id);
  g_test_add_func ("/paylink/validate/return-to", test_return_to);
  g_test_add_func ("/paylink/validate/trace-id", test_trace_id);
  g_test_add_func ("/paylink/validate/remark", test_remark);
  g_test_add_func ("/paylink/validate/expired-timestamp", test_expired_timestamp);
  g_test_add_func ("/paylink/validate/pay-base", test_pay_base);
  g_test_add_func ("/paylink/build/brief-example", test_build_brief_example);
  g_test_add_func ("/paylink/build/return-to-punycode", test_build_return_to_punycode);
  g_test_add_func ("/paylink/build/normalizes-amount", test_build_normalizes_amount);
  g_test_add_func ("/paylink/build/local-base", test_build_local_base);
  g_test_add_func ("/paylink/build/first-invalid-field", test_build_reports_first_invalid_field);
  g_test_add_func ("/paylink/build/round-trip", test_build_round_trip);
  g_test_add_func ("/paylink/build/optional-parameters", test_build_optional_parameters);
  g_test_add_func ("/paylink/code-link", test_code_link);
  g_test_add_func ("/paylink/generate/order-id", test_generate_order_id);
  g_test_add_func ("/paylink/generate/trace-id", test_generate_trace_id);

  return g_test_run ();
}
