/* test-payment-result.c: parsing and verifying payments_result answers
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-mixpay-client.h"
#include "pd-json-check.h"
#include "pd-paylink.h"
#include "pd-payment-result.h"

/* The order every fixture answers for (tests/fixtures/README.md). */
#define ORDER_PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define ORDER_ASSET "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define ORDER_AMOUNT "10"

static char *
read_fixture (const char *name,
              gsize      *length)
{
  g_autofree char *path = g_build_filename (g_getenv ("PAYDESK_TEST_FIXTURES"), name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);

  return contents;
}

static PdPaymentResult *
parse_fixture (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  PdPaymentResult *result;
  gsize length;

  body = read_fixture (name, &length);
  result = pd_payment_result_new_from_json (body, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpstr (pd_payment_result_get_raw_json (result), ==, body);

  return result;
}

static PdOrderState
verify_for_order (PdPaymentResult *result,
                  GStrv           *mismatches)
{
  return pd_payment_result_verify (result, ORDER_PAYEE, ORDER_ASSET, ORDER_AMOUNT, mismatches);
}

typedef struct
{
  const char   *fixture;
  PdOrderState  state;
  const char   *mismatch;  /* the one differing field, or NULL */
} FixtureCase;

static const FixtureCase fixture_cases[] = {
  { "payments_result-unpaid.json", PD_ORDER_STATE_UNPAID, NULL },
  { "payments_result-confirming.json", PD_ORDER_STATE_CONFIRMING, NULL },
  { "payments_result-paid_less.json", PD_ORDER_STATE_PAID_LESS, NULL },
  { "payments_result-pending.json", PD_ORDER_STATE_PENDING, NULL },
  { "payments_result-auditing.json", PD_ORDER_STATE_AUDITING, NULL },
  { "payments_result-success.json", PD_ORDER_STATE_PAID, NULL },
  { "payments_result-success-amount-as-decimal.json", PD_ORDER_STATE_PAID, NULL },
  { "payments_result-success-tampered-amount.json", PD_ORDER_STATE_MISMATCH, "quoteAmount" },
  { "payments_result-success-wrong-asset.json", PD_ORDER_STATE_MISMATCH, "quoteAssetId" },
  { "payments_result-success-wrong-payee.json", PD_ORDER_STATE_MISMATCH, "payeeId" },
  { "payments_result-failed-overtime.json", PD_ORDER_STATE_FAILED, NULL },
};

static void
test_fixture_states (gconstpointer data)
{
  const FixtureCase *test_case = data;
  g_autoptr(PdPaymentResult) result = parse_fixture (test_case->fixture);
  g_auto(GStrv) mismatches = NULL;
  PdOrderState state;

  state = verify_for_order (result, &mismatches);
  g_assert_cmpstr (pd_order_state_to_string (state), ==,
                   pd_order_state_to_string (test_case->state));

  if (test_case->mismatch == NULL)
    {
      g_assert_null (mismatches);
    }
  else
    {
      const char * const expected[] = { test_case->mismatch, NULL };

      g_assert_nonnull (mismatches);
      g_assert_cmpstrv (mismatches, expected);
    }
}

/* Every payments_result fixture must be covered by the table above. */
static void
test_fixture_table_complete (void)
{
  g_autoptr(GDir) dir = g_dir_open (g_getenv ("PAYDESK_TEST_FIXTURES"), 0, NULL);
  const char *name;
  guint found = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gboolean covered = FALSE;

      if (!g_str_has_prefix (name, "payments_result-"))
        continue;

      for (guint i = 0; i < G_N_ELEMENTS (fixture_cases); i++)
        covered |= g_str_equal (name, fixture_cases[i].fixture);

      g_assert_true (covered);
      found++;
    }

  g_assert_cmpuint (found, ==, G_N_ELEMENTS (fixture_cases));
}

static void
test_fixture_fields (void)
{
  g_autoptr(PdPaymentResult) confirming = parse_fixture ("payments_result-confirming.json");
  g_autoptr(PdPaymentResult) paid_less = parse_fixture ("payments_result-paid_less.json");
  g_autoptr(PdPaymentResult) failed = parse_fixture ("payments_result-failed-overtime.json");
  g_autoptr(PdPaymentResult) success = parse_fixture ("payments_result-success.json");
  g_autofree char *remaining = NULL;

  g_assert_false (confirming->not_found);
  g_assert_cmpstr (confirming->status, ==, "confirming");
  g_assert_cmpint (confirming->confirmations, ==, 3);
  g_assert_cmpstr (confirming->txid, ==,
                   "7add03d5c2eb1da4b6487d4e80c5968f18c908830d90269f3b35eef72f5ade17");
  g_assert_true (g_str_has_prefix (confirming->block_explorer_url, "https://tronscan.org/"));
  g_assert_cmpstr (confirming->quote_amount, ==, "10");
  g_assert_cmpstr (confirming->quote_symbol, ==, "USDT");
  g_assert_cmpstr (confirming->quote_asset_id, ==, ORDER_ASSET);
  g_assert_cmpstr (confirming->payment_amount, ==, "10.013");
  g_assert_cmpstr (confirming->payment_symbol, ==, "USDT");
  g_assert_cmpstr (confirming->payment_asset_id, ==, ORDER_ASSET);
  g_assert_cmpstr (confirming->payee_id, ==, ORDER_PAYEE);
  g_assert_cmpstr (confirming->payee, ==, "payee_username");
  g_assert_cmpint (confirming->date, ==, 1656513302);
  g_assert_cmpstr (confirming->surplus_amount, ==, "0");
  g_assert_cmpstr (confirming->surplus_status, ==, "no");
  g_assert_cmpstr (confirming->payable_amount, ==, "10.013");
  g_assert_cmpstr (confirming->payable_symbol, ==, "USDT");
  g_assert_cmpstr (confirming->failure_code, ==, "0");
  g_assert_null (confirming->failure_reason);
  g_assert_cmpstr (confirming->trace_id, ==, "a0d77914-0877-4b47-8b1d-d3f94ed15d6a");
  g_assert_cmpint (confirming->expired_at, ==, 1656599702);
  g_assert_cmpstr (confirming->settle_status, ==, "pending");
  g_assert_null (confirming->settle_amount);
  g_assert_null (confirming->settle_symbol);
  g_assert_cmpstr (confirming->return_to, ==, "https://shop.example/orders/product1000432");
  g_assert_false (confirming->has_is_fully_paid);

  remaining = pd_payment_result_get_remaining (paid_less);
  g_assert_cmpstr (remaining, ==, "3.513");
  g_assert_cmpstr (paid_less->payable_amount, ==, "10.013");

  g_assert_cmpstr (failed->failure_code, ==, "40000");
  g_assert_cmpstr (failed->failure_reason, ==, "Payment overtime");
  g_assert_null (failed->payment_amount);

  g_assert_cmpstr (success->settle_status, ==, "success");
  g_assert_cmpstr (success->settle_amount, ==, "0.00003");
  g_assert_cmpstr (success->settle_symbol, ==, "BTC");
}

static void
assert_api_error (const char        *fixture,
                  PdMixpayErrorCode  code,
                  gint64             api_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPaymentResult) result = NULL;
  g_autofree char *body = NULL;
  gsize length;

  body = read_fixture (fixture, &length);
  result = pd_payment_result_new_from_json (body, length, &error);
  g_assert_null (result);
  g_assert_error (error, PD_MIXPAY_ERROR, (int) code);
  g_assert_cmpint (pd_mixpay_error_get_api_code (error), ==, api_code);
  g_assert_true (pd_mixpay_error_is_retryable (error));
  /* A body alone carries no Retry-After header. */
  g_assert_cmpint (pd_mixpay_error_get_retry_after (error), ==, -1);
}

static void
test_error_fixtures (void)
{
  assert_api_error ("error-rate-limited.json", PD_MIXPAY_ERROR_RATE_LIMITED, 1429);
  assert_api_error ("error-maintenance.json", PD_MIXPAY_ERROR_API, 10008);
}

/* The server's own words go into the error, made safe to print. */
static void
test_error_message_made_safe (void)
{
  static const char body[] =
    "{\"code\":10008,\"success\":false,\"data\":null,"
    "\"message\":\"evil\\u001b[2J\\u001b]0;pwn\\u0007 \\u202etxet\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPaymentResult) result = pd_payment_result_new_from_json (body, strlen (body), &error);

  g_assert_null (result);
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_API);
  g_assert_nonnull (strstr (error->message, "evil"));
  g_assert_null (strchr (error->message, '\033'));
  g_assert_null (strchr (error->message, '\007'));
  g_assert_null (strstr (error->message, "\u202e"));
}

static void
test_error_details_survive_copy (void)
{
  g_autoptr(GError) error = g_error_new (PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_RATE_LIMITED, "x");
  g_autoptr(GError) copy = NULL;

  g_assert_cmpint (pd_mixpay_error_get_retry_after (error), ==, -1);
  g_assert_cmpint (pd_mixpay_error_get_api_code (error), ==, 0);
  _pd_mixpay_error_set_details (error, 1429, 429, 7);

  copy = g_error_copy (error);
  g_assert_cmpint (pd_mixpay_error_get_api_code (copy), ==, 1429);
  g_assert_cmpuint (pd_mixpay_error_get_http_status (copy), ==, 429);
  g_assert_cmpint (pd_mixpay_error_get_retry_after (copy), ==, 7);

  /* Errors of other domains have no details. */
  g_clear_error (&copy);
  copy = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  g_assert_cmpint (pd_mixpay_error_get_retry_after (copy), ==, -1);
  g_assert_false (pd_mixpay_error_is_retryable (copy));
}

static void
test_not_found (void)
{
  const char *body = "{\"code\":10062,\"success\":false,\"message\":\"order does not exist\",\"data\":[],\"timestampMs\":1}";
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPaymentResult) result = NULL;
  g_auto(GStrv) mismatches = NULL;

  result = pd_payment_result_new_from_json (body, strlen (body), &error);
  g_assert_no_error (error);
  g_assert_true (result->not_found);
  g_assert_cmpint (verify_for_order (result, &mismatches), ==, PD_ORDER_STATE_UNPAID);
  g_assert_null (mismatches);
}

/* Builds an answer from the success fixture with one member of data
 * replaced by @value (raw JSON), or removed when @value is NULL. */
static char *
success_with (const char *member,
              const char *value)
{
  g_autofree char *body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *data;
  gsize length;

  body = read_fixture ("payments_result-success.json", &length);
  g_assert_true (json_parser_load_from_data (parser, body, length, NULL));
  data = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "data");

  if (value == NULL)
    {
      json_object_remove_member (data, member);
    }
  else
    {
      g_autoptr(JsonParser) value_parser = json_parser_new ();

      g_assert_true (json_parser_load_from_data (value_parser, value, -1, NULL));
      json_object_set_member (data, member, json_node_copy (json_parser_get_root (value_parser)));
    }

  json_generator_set_root (generator, json_parser_get_root (parser));

  return json_generator_to_data (generator, NULL);
}

/* Only a status that cannot be read is an error: nothing to go on. */
static void
test_wrong_types (void)
{
  static const char * const statuses[] = { "1", "\"succ\\u001bess\"", "[]" };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *body = success_with ("status", statuses[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(PdPaymentResult) result = NULL;

      result = pd_payment_result_new_from_json (body, strlen (body), &error);
      g_assert_null (result);
      g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, "status"));
    }
}

/* A success with a member that cannot be read: a mismatch when it is
 * verified (the IDs, the amounts, isFullyPaid), left out or made one
 * line when it is only shown, never an answer thrown away (which left
 * the order unpaid and asked about forever). */
static void
test_unreadable_members (void)
{
  static const struct {
    const char *member;
    const char *value;
    const char *mismatch;   /* NULL: still paid */
  } cases[] = {
    { "quoteAmount", "10", PD_MISMATCH_UNREADABLE },
    { "quoteAmount", "\"1e1\"", PD_MISMATCH_UNREADABLE },
    { "quoteAmount", "\"1e3\"", PD_MISMATCH_UNREADABLE },
    { "quoteAmount", "\"-10\"", PD_MISMATCH_UNREADABLE },
    { "quoteAmount", "\"10,5\"", PD_MISMATCH_UNREADABLE },
    { "paymentAmount", "true", PD_MISMATCH_UNREADABLE },
    { "settleAmount", "\"0.0.1\"", PD_MISMATCH_UNREADABLE },
    { "payeeId", "{}", "payeeId" },
    { "payeeId", "[]", "payeeId" },
    { "payeeId", "\"" ORDER_PAYEE "\\n\"", "payeeId" },
    { "quoteAssetId", "7", "quoteAssetId" },
    { "payment", "[]", PD_MISMATCH_NOT_FULLY_PAID },
    { "payment", "{\"isFullyPaid\": \"no\"}", PD_MISMATCH_NOT_FULLY_PAID },
    { "date", "\"1656513302\"", NULL },
    { "date", "1.5", NULL },
    { "date", "-5", NULL },
    { "confirmations", "-2", NULL },
    { "confirmations", "3000000000", NULL },
    { "confirmations", "12.5", NULL },
    { "expiredAt", "true", NULL },
    { "failureCode", "40000", NULL },
    { "payee", "7", NULL },
    { "failureReason", "[\"x\"]", NULL },
    { "returnTo", "{}", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = success_with (cases[i].member, cases[i].value);
      g_autoptr(GError) error = NULL;
      g_autoptr(PdPaymentResult) result = NULL;
      g_auto(GStrv) mismatches = NULL;
      PdOrderState state;

      result = pd_payment_result_new_from_json (body, strlen (body), &error);
      if (error != NULL)
        g_error ("%s %s: %s", cases[i].member, cases[i].value, error->message);
      g_assert_true (g_strv_contains ((const char * const *) result->unreadable, cases[i].member) ||
                     g_str_equal (cases[i].member, "payment"));

      state = verify_for_order (result, &mismatches);
      if (cases[i].mismatch == NULL)
        {
          g_assert_cmpint (state, ==, PD_ORDER_STATE_PAID);
          g_assert_null (mismatches);
        }
      else
        {
          const char * const expected[] = { cases[i].mismatch, NULL };

          g_assert_cmpint (state, ==, PD_ORDER_STATE_MISMATCH);
          g_assert_cmpstrv (mismatches, expected);
        }
    }
}

/* Display-only text is made one line; a date in milliseconds and a count
 * written as a string are read. */
static void
test_display_members_cleaned (void)
{
  static const struct {
    const char *member;
    const char *value;
  } texts[] = {
    { "txid", "\"t\\u001b[2Jx\"" },
    { "failureReason", "\"late\\u001b]0;pwn\\u0007\"" },
    { "failureCode", "\"\\u001b[1m\"" },
    { "paymentSymbol", "\"USD\\u202eT\"" },
    { "failureReason", "\"two\\nlines\"" },
    { "returnTo", "\"https://shop.example/\\u2028x\"" },
    { "payee", "\"pay\\u0085ee\"" },
  };
  g_autofree char *ms = success_with ("date", "1656513302123");
  g_autofree char *count = success_with ("confirmations", "\"12\"");
  g_autoptr(PdPaymentResult) a = NULL;
  g_autoptr(PdPaymentResult) b = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *body = success_with (texts[i].member, texts[i].value);
      g_autoptr(PdPaymentResult) result = NULL;
      const char *text = NULL;

      result = pd_payment_result_new_from_json (body, strlen (body), &error);
      g_assert_no_error (error);
      g_assert_cmpint (verify_for_order (result, NULL), ==, PD_ORDER_STATE_PAID);
      if (g_str_equal (texts[i].member, "txid"))
        text = result->txid;
      else if (g_str_equal (texts[i].member, "failureReason"))
        text = result->failure_reason;
      else if (g_str_equal (texts[i].member, "failureCode"))
        text = result->failure_code;
      else if (g_str_equal (texts[i].member, "paymentSymbol"))
        text = result->payment_symbol;
      else if (g_str_equal (texts[i].member, "returnTo"))
        text = result->return_to;
      else
        text = result->payee;
      g_assert_nonnull (text);
      g_assert_true (pd_paylink_is_single_line (text));
    }

  a = pd_payment_result_new_from_json (ms, strlen (ms), &error);
  g_assert_no_error (error);
  g_assert_cmpint (a->date, ==, 1656513302);
  g_assert_cmpint (verify_for_order (a, NULL), ==, PD_ORDER_STATE_PAID);

  b = pd_payment_result_new_from_json (count, strlen (count), &error);
  g_assert_no_error (error);
  g_assert_cmpint (b->confirmations, ==, 12);
}

/* json-glib cuts names and values at an escaped NUL; each of these made
 * an order paid. */
static void
test_nul_escape (void)
{
  static const char * const datas[] = {
    "\"status\":\"success\\u0000-refunded\",\"payeeId\":\"" ORDER_PAYEE "\",\"quoteAmount\":\"10\"",
    "\"status\":\"failed\",\"status\\u0000\":\"success\",\"payeeId\":\"" ORDER_PAYEE "\",\"quoteAmount\":\"10\"",
    "\"status\":\"success\",\"payeeId\":\"" ORDER_PAYEE "\\u0000a0d77914-0877-4b47-8b1d-d3f94ed15d6a\",\"quoteAmount\":\"10\"",
    "\"status\":\"success\",\"payeeId\":\"" ORDER_PAYEE "\",\"quoteAmount\":\"10\\u0000.5\"",
    /* Anywhere in the answer. */
    "\"status\":\"unpaid\",\"x\":[{\"\\u0000\":1}]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (datas); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"code\":0,\"success\":true,\"data\":{%s,\"quoteAssetId\":\"" ORDER_ASSET "\"}}",
                                               datas[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(PdPaymentResult) result = NULL;

      result = pd_payment_result_new_from_json (body, strlen (body), &error);
      g_assert_null (result);
      g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED);
      if (strstr (error->message, "\\u0000") == NULL)
        g_error ("%s: %s", body, error->message);
    }

  g_assert_cmpint (pd_json_check ("[\"a\\u0000\"]", 11, 4, NULL, NULL), ==, PD_JSON_CHECK_NUL);
  /* Other escapes of control characters are JSON, and read. */
  g_assert_cmpint (pd_json_check ("[\"a\\u0001\"]", 11, 4, NULL, NULL), ==, PD_JSON_CHECK_OK);
}

/* MixPay says success but not fully paid (1 paid of 10.013 payable). */
static void
test_success_not_fully_paid (void)
{
  g_autofree char *body = success_with ("payment", "{\"isFullyPaid\":false}");
  g_autofree char *full = success_with ("payment", "{\"isFullyPaid\":true}");
  g_autoptr(PdPaymentResult) result = NULL;
  g_autoptr(PdPaymentResult) full_result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) mismatches = NULL;
  const char * const expected[] = { PD_MISMATCH_NOT_FULLY_PAID, NULL };

  result = pd_payment_result_new_from_json (body, strlen (body), &error);
  g_assert_no_error (error);
  g_assert_cmpint (verify_for_order (result, &mismatches), ==, PD_ORDER_STATE_MISMATCH);
  g_assert_cmpstrv (mismatches, expected);

  full_result = pd_payment_result_new_from_json (full, strlen (full), &error);
  g_assert_no_error (error);
  g_assert_cmpint (verify_for_order (full_result, NULL), ==, PD_ORDER_STATE_PAID);
}

static PdOrder *
fixture_order (gint64          created_at,
               PdOrderLinkKind kind,
               const char     *trace_id)
{
  PdOrder *order = pd_order_new ();

  pd_order_set_order_id (order, "product1000432");
  pd_order_set_payee_id (order, ORDER_PAYEE);
  pd_order_set_quote_asset_id (order, ORDER_ASSET);
  pd_order_set_quote_amount (order, ORDER_AMOUNT);
  pd_order_set_created_at (order, created_at);
  pd_order_set_link_kind (order, kind);
  pd_order_set_trace_id (order, trace_id);

  return order;
}

/* An answer about an earlier payment, or another order, settles
 * nothing. The success fixture was paid at 1656513302. */
static void
test_verify_order_identity (void)
{
  static const struct {
    gint64           created_at;
    PdOrderLinkKind  kind;
    const char      *trace_id;
    const char      *member;
    const char      *value;
    const char      *mismatch;
  } cases[] = {
    { 1656513302, PD_ORDER_LINK_KIND_PAYLINK, NULL, NULL, NULL, NULL },
    /* Within the allowed clock skew. */
    { 1656513302 + PD_PAYMENT_CLOCK_SKEW_S, PD_ORDER_LINK_KIND_PAYLINK, NULL, NULL, NULL, NULL },
    { 1656513302 + PD_PAYMENT_CLOCK_SKEW_S + 1, PD_ORDER_LINK_KIND_PAYLINK, NULL, NULL, NULL,
      PD_MISMATCH_PAID_BEFORE_CREATED },
    { 1756513302, PD_ORDER_LINK_KIND_PAYLINK, NULL, NULL, NULL, PD_MISMATCH_PAID_BEFORE_CREATED },
    /* No date: nothing to compare. */
    { 1756513302, PD_ORDER_LINK_KIND_PAYLINK, NULL, "date", "null", NULL },
    { 1656513302, PD_ORDER_LINK_KIND_PAYLINK, NULL, "orderId", "\"product1000432\"", NULL },
    { 1656513302, PD_ORDER_LINK_KIND_PAYLINK, NULL, "orderId", "\"product1000433\"", PD_MISMATCH_ORDER_ID },
    { 1656513302, PD_ORDER_LINK_KIND_PAYLINK, NULL, "orderId", "\"PRODUCT1000432\"", PD_MISMATCH_ORDER_ID },
    { 1656513302, PD_ORDER_LINK_KIND_PAYLINK, NULL, "orderId", "42", PD_MISMATCH_ORDER_ID },
    /* A universal link's payer may change the trace ID. */
    { 1656513302, PD_ORDER_LINK_KIND_PAYLINK, "0e6c1a44-8a3b-4a7e-9d55-3b1f7a2c9d10", NULL, NULL, NULL },
    { 1656513302, PD_ORDER_LINK_KIND_ONE_TIME, "a0d77914-0877-4b47-8b1d-d3f94ed15d6a", NULL, NULL, NULL },
    { 1656513302, PD_ORDER_LINK_KIND_ONE_TIME, "a0d7791408774b478b1dd3f94ed15d6a", NULL, NULL, NULL },
    { 1656513302, PD_ORDER_LINK_KIND_ONE_TIME, "0e6c1a44-8a3b-4a7e-9d55-3b1f7a2c9d10", NULL, NULL,
      PD_MISMATCH_TRACE_ID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = cases[i].member != NULL ? success_with (cases[i].member, cases[i].value)
                                                      : success_with ("unknownMember", "1");
      g_autoptr(PdOrder) order = fixture_order (cases[i].created_at, cases[i].kind, cases[i].trace_id);
      g_autoptr(PdPaymentResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) mismatches = NULL;
      PdOrderState state;

      result = pd_payment_result_new_from_json (body, strlen (body), &error);
      g_assert_no_error (error);
      state = pd_payment_result_verify_order (result, order, &mismatches);
      if (cases[i].mismatch == NULL)
        {
          g_assert_cmpint (state, ==, PD_ORDER_STATE_PAID);
          g_assert_null (mismatches);
        }
      else
        {
          const char * const expected[] = { cases[i].mismatch, NULL };

          g_assert_cmpint (state, ==, PD_ORDER_STATE_MISMATCH);
          g_assert_cmpstrv (mismatches, expected);
        }
    }
}

/* What the merchant reads. */
static void
test_mismatch_reason (void)
{
  g_autoptr(PdOrder) order = fixture_order (1, PD_ORDER_LINK_KIND_PAYLINK, NULL);
  const char * const not_full[] = { PD_MISMATCH_NOT_FULLY_PAID, NULL };
  const char * const tampered[] = { "quoteAmount", PD_MISMATCH_NOT_FULLY_PAID, NULL };
  const char * const before[] = { PD_MISMATCH_PAID_BEFORE_CREATED, PD_MISMATCH_UNREADABLE, NULL };
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  g_assert_null (pd_mismatch_dup_reason (order));

  pd_order_set_payment_amount (order, "1");
  pd_order_set_payable_amount (order, "10.013");
  pd_order_set_payable_symbol (order, "USDT");
  pd_order_set_mismatch (order, not_full);
  a = pd_mismatch_dup_reason (order);
  g_assert_cmpstr (a, ==, "MixPay says it is not fully paid: 9.013 USDT still due");

  /* Never what is due from an amount the payer edited. */
  pd_order_set_mismatch (order, tampered);
  b = pd_mismatch_dup_reason (order);
  g_assert_cmpstr (b, ==, "the amount paid for is not 10; MixPay says it is not fully paid");

  pd_order_set_mismatch (order, before);
  c = pd_mismatch_dup_reason (order);
  g_assert_cmpstr (c, ==, "paid before this order was created; MixPay reports a payment whose amount cannot be read");
}

static void
test_optional_fields (void)
{
  static const char * const optional[] = {
    "quoteSymbol", "paymentAmount", "txid", "date", "confirmations",
    "payableAmount", "failureCode", "traceId", "expiredAt", "settleAmount",
    "returnTo",
  };

  for (guint i = 0; i < G_N_ELEMENTS (optional); i++)
    {
      g_autofree char *removed = success_with (optional[i], NULL);
      g_autofree char *nulled = success_with (optional[i], "null");
      g_autoptr(GError) error = NULL;
      g_autoptr(PdPaymentResult) a = NULL;
      g_autoptr(PdPaymentResult) b = NULL;

      a = pd_payment_result_new_from_json (removed, strlen (removed), &error);
      g_assert_no_error (error);
      b = pd_payment_result_new_from_json (nulled, strlen (nulled), &error);
      g_assert_no_error (error);
      g_assert_cmpint (verify_for_order (a, NULL), ==, PD_ORDER_STATE_PAID);
      g_assert_cmpint (verify_for_order (b, NULL), ==, PD_ORDER_STATE_PAID);
    }
}

static void
test_missing_verified_fields (void)
{
  static const char * const verified[] = { "payeeId", "quoteAssetId", "quoteAmount" };

  /* A success without one of the checked fields is never paid. */
  for (guint i = 0; i < G_N_ELEMENTS (verified); i++)
    {
      g_autofree char *body = success_with (verified[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(PdPaymentResult) result = NULL;
      g_auto(GStrv) mismatches = NULL;
      const char * const expected[] = { verified[i], NULL };

      result = pd_payment_result_new_from_json (body, strlen (body), &error);
      g_assert_no_error (error);
      g_assert_cmpint (verify_for_order (result, &mismatches), ==, PD_ORDER_STATE_MISMATCH);
      g_assert_cmpstrv (mismatches, expected);
    }
}

static void
test_status_strings (void)
{
  static const struct {
    const char   *status;
    PdOrderState  state;
  } cases[] = {
    { "\"Success\"", PD_ORDER_STATE_UNKNOWN },
    { "\"refunded\"", PD_ORDER_STATE_UNKNOWN },
    { "\"paid\"", PD_ORDER_STATE_UNKNOWN },
    { "\"\"", PD_ORDER_STATE_UNKNOWN },
    { "\"failed\"", PD_ORDER_STATE_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = success_with ("status", cases[i].status);
      g_autoptr(GError) error = NULL;
      g_autoptr(PdPaymentResult) result = NULL;

      result = pd_payment_result_new_from_json (body, strlen (body), &error);
      if (g_str_equal (cases[i].status, "\"\""))
        {
          /* An empty status is a missing status. */
          g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED);
          continue;
        }

      g_assert_no_error (error);
      g_assert_cmpint (verify_for_order (result, NULL), ==, cases[i].state);
    }
}

static void
test_pending_not_fully_paid (void)
{
  g_autofree char *pending = success_with ("status", "\"pending\"");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPaymentResult) short_paid = NULL;
  g_autoptr(PdPaymentResult) fully_paid = NULL;
  g_autofree char *body = NULL;
  JsonObject *data;
  JsonObject *payment = json_object_new ();

  g_assert_true (json_parser_load_from_data (parser, pending, -1, NULL));
  data = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "data");
  json_object_set_boolean_member (payment, "isFullyPaid", FALSE);
  json_object_set_object_member (data, "payment", payment);
  json_generator_set_root (generator, json_parser_get_root (parser));
  body = json_generator_to_data (generator, NULL);

  short_paid = pd_payment_result_new_from_json (body, strlen (body), &error);
  g_assert_no_error (error);
  g_assert_true (short_paid->has_is_fully_paid);
  g_assert_cmpint (verify_for_order (short_paid, NULL), ==, PD_ORDER_STATE_PAID_LESS);

  json_object_set_boolean_member (payment, "isFullyPaid", TRUE);
  g_clear_pointer (&body, g_free);
  body = json_generator_to_data (generator, NULL);
  fully_paid = pd_payment_result_new_from_json (body, strlen (body), &error);
  g_assert_no_error (error);
  g_assert_cmpint (verify_for_order (fully_paid, NULL), ==, PD_ORDER_STATE_PENDING);
}

static void
test_verify_id_forms (void)
{
  g_autoptr(PdPaymentResult) result = parse_fixture ("payments_result-success.json");
  g_auto(GStrv) mismatches = NULL;

  /* MixPay accepts UUIDs with and without dashes, in either case. */
  g_assert_cmpint (pd_payment_result_verify (result, "A38ED28456894FB98C2A91FBA5E32CE9",
                                             "4D8C508B-91C5-375B-92B0-EE702ED2DAC5",
                                             "10.000", NULL),
                   ==, PD_ORDER_STATE_PAID);

  g_assert_cmpint (pd_payment_result_verify (result, ORDER_PAYEE, ORDER_ASSET, "10.000001", &mismatches),
                   ==, PD_ORDER_STATE_MISMATCH);
  g_assert_cmpstr (mismatches[0], ==, "quoteAmount");
  g_clear_pointer (&mismatches, g_strfreev);

  g_assert_cmpint (pd_payment_result_verify (result, "a38ed284-5689-4fb9-8c2a-91fba5e32ce8",
                                             "usd", "9.99", &mismatches),
                   ==, PD_ORDER_STATE_MISMATCH);
  g_assert_cmpuint (g_strv_length (mismatches), ==, 3);

  g_assert_true (pd_mixpay_ids_equal ("usd", "USD"));
  g_assert_false (pd_mixpay_ids_equal ("usd", "usdt"));
  g_assert_false (pd_mixpay_ids_equal (NULL, NULL));
  /* Dashes in the wrong places are not a UUID, and not equal. */
  g_assert_false (pd_mixpay_ids_equal ("a38ed2845-689-4fb9-8c2a-91fba5e32ce9", ORDER_PAYEE));
  g_assert_true (pd_mixpay_id_is_uuid ("a38ed28456894fb98c2a91fba5e32ce9"));
  g_assert_false (pd_mixpay_id_is_uuid ("a38ed28456894fb98c2a91fba5e32ceg"));
  g_assert_false (pd_mixpay_id_is_uuid (""));
}

/* A confirming answer for another payee keeps its state; the caller
 * learns which fields differ. */
static void
test_verify_open_state_mismatch (void)
{
  g_autoptr(PdPaymentResult) result = parse_fixture ("payments_result-confirming.json");
  g_auto(GStrv) mismatches = NULL;
  const char * const expected[] = { "payeeId", "quoteAmount", NULL };

  g_assert_cmpint (pd_payment_result_verify (result, "8e69e534-d0c4-3e04-8b61-37a73cd9e7d7",
                                             ORDER_ASSET, "12", &mismatches),
                   ==, PD_ORDER_STATE_CONFIRMING);
  g_assert_cmpstrv (mismatches, expected);
}

static void
test_remaining (void)
{
  g_autofree char *over = success_with ("paymentAmount", "\"11\"");
  g_autofree char *none = success_with ("paymentAmount", "\"\"");
  g_autofree char *no_payable = success_with ("payableAmount", NULL);
  g_autoptr(PdPaymentResult) a = pd_payment_result_new_from_json (over, strlen (over), NULL);
  g_autoptr(PdPaymentResult) b = pd_payment_result_new_from_json (none, strlen (none), NULL);
  g_autoptr(PdPaymentResult) c = pd_payment_result_new_from_json (no_payable, strlen (no_payable), NULL);
  g_autofree char *remaining_a = pd_payment_result_get_remaining (a);
  g_autofree char *remaining_b = pd_payment_result_get_remaining (b);

  g_assert_cmpstr (remaining_a, ==, "0");
  g_assert_cmpstr (remaining_b, ==, "10.013");
  g_assert_null (pd_payment_result_get_remaining (c));
}

static void
test_hostile_bodies (void)
{
  g_autofree char *deep = NULL;
  g_autofree char *deep_closing = NULL;
  g_autofree char *quote_trick = NULL;
  g_autofree char *deep_strings = NULL;
  g_autofree char *success = NULL;
  g_autofree char *truncated = NULL;
  gsize success_length;
  const char *bodies[] = {
    "",
    " ",
    "null",
    "[]",
    "[{\"code\":0}]",
    "\"code\"",
    "42",
    "{}",
    "{\"code\":\"0\",\"data\":{}}",
    "{\"code\":0.0,\"data\":{}}",
    "{\"code\":0}",
    "{\"code\":0,\"data\":null}",
    "{\"code\":0,\"data\":[]}",
    "{\"code\":0,\"data\":\"x\"}",
    "{\"code\":0,\"data\":{}}",
    "{\"code\":0,\"success\":false,\"data\":{\"status\":\"success\"}}",
    "{\"code\":0,\"success\":\"true\",\"data\":{\"status\":\"success\"}}",
    "{\"code\":0,\"message\":7,\"data\":{\"status\":\"success\"}}",
    "{\"code\":0,\"timestampMs\":\"1\",\"data\":{\"status\":\"success\"}}",
    "{\"code\":99999999999999999999999,\"data\":{}}",
    "{\"code\":9223372036854775808,\"data\":{}}",
    "{\"code\":18446744073709551615,\"data\":{}}",
    "{\"code\":-99999999999999999999999,\"data\":{}}",
    "{\"code\":0,\"data\":{\"status\":\"success\",\"date\":123456789012345678901234567890}}",
    "{\"code\":0,\"data\":{\"status\":\"success\"",
    "{\"code\":0,\"data\":{\"status\":\"succ",
    "{\"code\":0,\"data\":{\"status\":\"success\"}} trailing",
    /* Found by fuzz-payment-result: json-glib takes values in a row and
     * keeps the last, leaking the others. */
    "{\"code\":1429,\"data\":{}} {\"code\":0,\"data\":{\"status\":\"success\"}}",
    "4 {\"code\":0,\"data\":{\"status\":\"success\"}}",
    "var answer = {\"code\":0,\"data\":{\"status\":\"success\"}}",
    "/* */ {\"code\":0,\"data\":{\"status\":\"success\"}}",
    "{\"code\":0,\"data\":{\"status\":\"\xff\xfe\"}}",
    /* What json-glib reads but JSON is not. */
    "{'code':0,'data':{'status':'success'}}",
    "{\"code\":0xFFFFFFFFFFFFFFFF,\"data\":{}}",
    "{\"code\":0,\"data\":{\"status\":\"success\",}}",
    "{\"code\":0,\"data\":[1,]}",
    "{\"code\":00,\"data\":{}}",
    "{\"code\":+0,\"data\":{}}",
    "{\"code\":0,\"data\":{\"x\":.5}}",
    "{\"code\":0,\"data\":{\"x\":1.}}",
    "{\"code\":0,\"data\":{\"x\":NaN}}",
    "{\"code\":0,\"data\":{\"x\":Infinity}}",
    "{\"code\":0,\"data\":{\"x\":\"\\x41\"}}",
    "{\"code\":0,\"data\":{\"x\":\"\\u12\"}}",
    "{\"code\":0,\"data\":{\"x\":\"tab\there\"}}",
    "{\"code\":0,\"data\":{\"x\":True}}",
    "{code:0,data:{}}",
    /* The last of two members of one name would win. */
    "{\"code\":1429,\"code\":0,\"data\":{\"status\":\"success\"}}",
    "{\"code\":0,\"data\":{\"status\":\"failed\",\"st\\u0061tus\":\"success\"}}",
    NULL, NULL, NULL, NULL,
  };

  deep = g_strnfill (200000, '[');
  bodies[G_N_ELEMENTS (bodies) - 3] = deep;

  /* A '"' in single quotes once hid a deep nesting from the check, and
   * json-glib ran out of stack (found by the core audit). */
  deep_closing = g_strnfill (200000, ']');
  quote_trick = g_strconcat ("{\"code\":0,\"success\":true,'a':'\"','b':", deep, deep_closing,
                             ",'c':'\"',\"data\":{\"status\":\"unpaid\"}}", NULL);
  bodies[G_N_ELEMENTS (bodies) - 4] = quote_trick;

  success = read_fixture ("payments_result-success.json", &success_length);
  truncated = g_strndup (success, success_length / 2);
  bodies[G_N_ELEMENTS (bodies) - 2] = truncated;

  /* Brackets inside strings do not count as nesting, and do not hide
   * the real nesting either. */
  deep_strings = g_strconcat ("{\"code\":0,\"data\":{\"status\":\"[[[[{{{{\\\"\",\"x\":",
                              deep, NULL);
  bodies[G_N_ELEMENTS (bodies) - 1] = deep_strings;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdPaymentResult) result = NULL;

      result = pd_payment_result_new_from_json (bodies[i], strlen (bodies[i]), &error);
      g_assert_null (result);
      g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED);
    }

  /* An embedded NUL is refused too. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdPaymentResult) result = NULL;

    result = pd_payment_result_new_from_json ("{\"code\":0}\0x", 12, &error);
    g_assert_null (result);
    g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED);
  }
}

/* A second quoteAmount would win over the first in json-glib, while the
 * raw answer kept in the history shows the first: refused, naming it. */
static void
test_duplicate_member_named (void)
{
  g_autofree char *success = success_with ("quoteAmount", "\"0.01\"");
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPaymentResult) result = NULL;
  char *member = strstr (success, "\"quoteAmount\"");

  g_assert_nonnull (member);
  body = g_strdup_printf ("%.*s\"quoteAmount\":\"10\",%s", (int) (member - success), success, member);
  result = pd_payment_result_new_from_json (body, strlen (body), &error);
  g_assert_null (result);
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED);
  g_assert_true (g_str_has_prefix (error->message, "quoteAmount: "));
}

/* pd_json_check() takes what RFC 8259 allows, however written. */
static PdJsonCheck
check_text (const char  *text,
            guint        max_depth,
            gsize       *offset,
            char       **duplicate)
{
  return pd_json_check (text, strlen (text), max_depth, offset, duplicate);
}

static void
test_strict_json_accepts_json (void)
{
  static const char * const valid[] = {
    "{}", "[]", " \t\r\n0 ", "-0", "-0.0e+0", "1E-5", "9223372036854775807", "-9223372036854775807",
    "123456789012345678901234567890.5", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"",
    "{\"a\":{\"a\":[{\"a\":1}]},\"b\":[true,false,null]}",
    "\"caf\xc3\xa9 \xe6\x9d\xb1\"",
  };
  gsize offset;
  g_autofree char *duplicate = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    if (pd_json_check (valid[i], strlen (valid[i]), 64, &offset, NULL) != PD_JSON_CHECK_OK)
      g_error ("refused at byte %" G_GSIZE_FORMAT ": %s", offset, valid[i]);

  g_assert_cmpint (check_text ("{\"a\":1,\"\\u0061\":2}", 64, NULL, &duplicate), ==,
                   PD_JSON_CHECK_DUPLICATE_KEY);
  g_assert_cmpstr (duplicate, ==, "a");
  g_assert_cmpint (check_text ("[[1]]", 2, NULL, NULL), ==, PD_JSON_CHECK_OK);
  g_assert_cmpint (check_text ("[[[1]]]", 2, NULL, NULL), ==, PD_JSON_CHECK_TOO_DEEP);
  g_assert_cmpint (check_text ("9223372036854775808", 2, NULL, NULL), ==, PD_JSON_CHECK_INTEGER);
  g_assert_cmpint (check_text ("  ", 2, NULL, NULL), ==, PD_JSON_CHECK_EMPTY);
  g_assert_cmpint (check_text ("1 2", 2, NULL, NULL), ==, PD_JSON_CHECK_SEVERAL);
  g_assert_cmpint (check_text ("[1", 2, &offset, NULL), ==, PD_JSON_CHECK_SYNTAX);
  /* Surrogates come in pairs: json-glib leaks its string on a lone one
   * (the input fuzz-payment-result found is in its corpus). */
  g_assert_cmpint (check_text ("\"\\udbbb\\bb\"", 2, &offset, NULL), ==, PD_JSON_CHECK_SYNTAX);
  g_assert_cmpint (check_text ("\"\\udc00\"", 2, &offset, NULL), ==, PD_JSON_CHECK_SYNTAX);
  g_assert_cmpint (check_text ("\"\\ud83d\\u0041\"", 2, &offset, NULL), ==, PD_JSON_CHECK_SYNTAX);
  g_assert_cmpint (check_text ("\"\\ud83d\"", 2, &offset, NULL), ==, PD_JSON_CHECK_SYNTAX);
  /* Two objects side by side may each have their "a". */
  g_assert_cmpint (check_text ("[{\"a\":1},{\"a\":2}]", 4, NULL, NULL), ==, PD_JSON_CHECK_OK);
}

static void
test_unknown_fields_and_moderate_nesting (void)
{
  const char *body =
    "{\"code\":0,\"success\":true,\"message\":null,\"timestampMs\":1656561881048,\"extra\":[1.5e300,{}],"
    "\"data\":{\"status\":\"unpaid\",\"newField\":{\"a\":[[[[[[[[1]]]]]]]]},\"quoteAmount\":\"10\","
    "\"bigFloat\":123456789012345678901234567890.5,\"maxInt\":9223372036854775807,\"minInt\":-9223372036854775807,\"payment\":{\"isFullyPaid\":null,\"x\":1}}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPaymentResult) result = NULL;

  result = pd_payment_result_new_from_json (body, strlen (body), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->status, ==, "unpaid");
  g_assert_false (result->has_is_fully_paid);
  g_assert_cmpint (result->confirmations, ==, -1);
  g_assert_cmpint (verify_for_order (result, NULL), ==, PD_ORDER_STATE_UNPAID);
}

static void
test_asset_lists (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) quote = NULL;
  g_autoptr(GPtrArray) settlement = NULL;
  g_autofree char *quote_body = NULL;
  g_autofree char *settlement_body = NULL;
  PdMixpayAsset *asset;
  gsize length;
  const char *bad = "{\"code\":0,\"data\":[{\"assetId\":\"usd\",\"decimalDigit\":\"2\"}]}";

  quote_body = read_fixture ("quote_assets.json", &length);
  quote = pd_mixpay_assets_parse (quote_body, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quote->len, ==, 3);
  asset = g_ptr_array_index (quote, 0);
  g_assert_cmpstr (asset->asset_id, ==, "usd");
  g_assert_false (asset->is_asset);
  g_assert_cmpint (asset->decimal_digit, ==, 2);
  g_assert_cmpstr (asset->min_quote_amount, ==, "0.01");
  g_assert_null (asset->chain_asset_id);
  asset = g_ptr_array_index (quote, 2);
  g_assert_cmpstr (asset->symbol, ==, "USDT");
  g_assert_true (asset->is_asset);
  g_assert_cmpint (asset->decimal_digit, ==, 6);
  g_assert_cmpstr (asset->chain_symbol, ==, "ETH");

  settlement_body = read_fixture ("settlement_assets.json", &length);
  settlement = pd_mixpay_assets_parse (settlement_body, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (settlement->len, ==, 2);
  asset = g_ptr_array_index (settlement, 0);
  g_assert_cmpstr (asset->name, ==, "Bitcoin");
  g_assert_cmpstr (asset->network, ==, "Bitcoin");
  g_assert_true (asset->is_asset);
  g_assert_cmpint (asset->decimal_digit, ==, -1);
  g_assert_false (asset->has_is_available);

  g_assert_null (pd_mixpay_assets_parse (bad, strlen (bad), &error));
  g_assert_error (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "data[0].decimalDigit"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fixture_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/payment-result/fixture/%s", fixture_cases[i].fixture);

      g_test_add_data_func (path, &fixture_cases[i], test_fixture_states);
    }

  g_test_add_func ("/payment-result/fixture-table-complete", test_fixture_table_complete);
  g_test_add_func ("/payment-result/fixture-fields", test_fixture_fields);
  g_test_add_func ("/payment-result/error-fixtures", test_error_fixtures);
  g_test_add_func ("/payment-result/error-details-survive-copy", test_error_details_survive_copy);
  g_test_add_func ("/payment-result/error-message-made-safe", test_error_message_made_safe);
  g_test_add_func ("/payment-result/duplicate-member-named", test_duplicate_member_named);
  g_test_add_func ("/payment-result/strict-json-accepts-json", test_strict_json_accepts_json);
  g_test_add_func ("/payment-result/not-found", test_not_found);
  g_test_add_func ("/payment-result/wrong-types", test_wrong_types);
  g_test_add_func ("/payment-result/unreadable-members", test_unreadable_members);
  g_test_add_func ("/payment-result/display-members-cleaned", test_display_members_cleaned);
  g_test_add_func ("/payment-result/nul-escape", test_nul_escape);
  g_test_add_func ("/payment-result/success-not-fully-paid", test_success_not_fully_paid);
  g_test_add_func ("/payment-result/verify-order-identity", test_verify_order_identity);
  g_test_add_func ("/payment-result/mismatch-reason", test_mismatch_reason);
  g_test_add_func ("/payment-result/optional-fields", test_optional_fields);
  g_test_add_func ("/payment-result/missing-verified-fields", test_missing_verified_fields);
  g_test_add_func ("/payment-result/status-strings", test_status_strings);
  g_test_add_func ("/payment-result/pending-not-fully-paid", test_pending_not_fully_paid);
  g_test_add_func ("/payment-result/verify-id-forms", test_verify_id_forms);
  g_test_add_func ("/payment-result/verify-open-state-mismatch", test_verify_open_state_mismatch);
  g_test_add_func ("/payment-result/remaining", test_remaining);
  g_test_add_func ("/payment-result/hostile-bodies", test_hostile_bodies);
  g_test_add_func ("/payment-result/unknown-fields", test_unknown_fields_and_moderate_nesting);
  g_test_add_func ("/payment-result/asset-lists", test_asset_lists);

  return g_test_run ();
}
