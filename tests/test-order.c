/* test-order.c: PdOrder, its properties and its states
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "pd-order.h"
#include "pd-order-draft.h"
#include "pd-order-texts.h"
#include "pd-paylink.h"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_order_remaining (void)
{
  g_autoptr(PdOrder) order = pd_order_new ();
  g_autofree char *remaining = NULL;
  g_autofree char *none = NULL;

  g_assert_null (pd_order_dup_remaining_amount (order));

  pd_order_set_payable_amount (order, "10.013");
  pd_order_set_payment_amount (order, "6.5");
  remaining = pd_order_dup_remaining_amount (order);
  g_assert_cmpstr (remaining, ==, "3.513");

  pd_order_set_payment_amount (order, "11");
  none = pd_order_dup_remaining_amount (order);
  g_assert_cmpstr (none, ==, "0");

  /* Amounts of two assets are not subtracted. */
  pd_order_set_payment_amount (order, "6.5");
  pd_order_set_payable_symbol (order, "USDT");
  pd_order_set_payment_symbol (order, "BTC");
  g_assert_null (pd_order_dup_remaining_amount (order));
  pd_order_set_payment_symbol (order, "usdt");
  g_clear_pointer (&remaining, g_free);
  remaining = pd_order_dup_remaining_amount (order);
  g_assert_cmpstr (remaining, ==, "3.513");

  /* Paid through an edited link: its payable amount is not the order's,
   * and nothing is computed from it. */
  {
    static const char * const fields[] = { "quoteAmount", NULL };

    pd_order_set_mismatch (order, fields);
    g_assert_null (pd_order_dup_remaining_amount (order));
  }
}

/* "Needs attention" is one rule: the states that need it, any order
 * whose payment does not match it, and paid_less past its deadline. */
static void
test_order_attention (void)
{
  static const char * const fields[] = { "quoteAmount", NULL };
  const gint64 now = 1800000000;

  for (PdOrderState state = 0; state <= PD_ORDER_STATE_LAST; state++)
    {
      g_autoptr(PdOrder) order = pd_order_new ();
      gboolean expected = state == PD_ORDER_STATE_FAILED ||
                          state == PD_ORDER_STATE_MISMATCH ||
                          state == PD_ORDER_STATE_UNKNOWN;

      pd_order_set_state (order, state);
      pd_order_set_expires_at (order, now + 60);
      g_assert_cmpint (pd_order_needs_attention (order, now), ==, expected);
      g_assert_cmpint (pd_order_in_group (order, PD_ORDER_GROUP_ATTENTION, now), ==, expected);
      g_assert_cmpint (pd_order_in_group (order, PD_ORDER_GROUP_OPEN, now), ==,
                       !pd_order_state_is_settled (state));

      /* Once a payment for another amount was seen, whatever the state. */
      pd_order_set_mismatch (order, fields);
      g_assert_true (pd_order_has_mismatch (order));
      g_assert_true (pd_order_needs_attention (order, now));
      g_assert_true (pd_order_in_group (order, PD_ORDER_GROUP_ATTENTION, now));
    }

  {
    g_autoptr(PdOrder) order = pd_order_new ();

    pd_order_set_state (order, PD_ORDER_STATE_PAID_LESS);
    g_assert_false (pd_order_has_mismatch (order));
    /* No deadline, or before it: the payer may still top it up. */
    g_assert_false (pd_order_needs_attention (order, now));
    pd_order_set_expires_at (order, now);
    g_assert_false (pd_order_needs_attention (order, now));
    g_assert_true (pd_order_needs_attention (order, now + 1));
    g_assert_true (pd_order_in_group (order, PD_ORDER_GROUP_ATTENTION, now + 1));
  }
}

static void
test_order_properties (void)
{
  g_autoptr(PdOrder) order = pd_order_new ();
  g_autofree char *note = NULL;
  guint notified = 0;
  PdOrderState state;

  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_UNPAID);
  g_assert_cmpint (pd_order_get_confirmations (order), ==, -1);
  g_assert_cmpint (pd_order_get_link_kind (order), ==, PD_ORDER_LINK_KIND_PAYLINK);

  g_signal_connect (order, "notify", G_CALLBACK (count_notify_cb), &notified);
  pd_order_set_note (order, "hello");
  pd_order_set_note (order, "hello");
  g_assert_cmpuint (notified, ==, 1);
  pd_order_set_note (order, "");
  g_assert_null (pd_order_get_note (order));
  g_assert_cmpuint (notified, ==, 2);
  pd_order_set_note (order, NULL);
  g_assert_cmpuint (notified, ==, 2);

  /* Shared values (the payee, symbols…) can be cleared too. */
  {
    g_autoptr(PdOrder) other = pd_order_new ();

    pd_order_set_payment_symbol (other, "USDT");
    g_assert_cmpstr (pd_order_get_payment_symbol (other), ==, "USDT");
    pd_order_set_payment_symbol (other, NULL);
    g_assert_null (pd_order_get_payment_symbol (other));
  }

  g_object_set (order, "note", "via property", "state", PD_ORDER_STATE_PAID_LESS, NULL);
  g_object_get (order, "note", &note, "state", &state, NULL);
  g_assert_cmpstr (note, ==, "via property");
  g_assert_cmpint (state, ==, PD_ORDER_STATE_PAID_LESS);
  g_assert_cmpuint (notified, ==, 4);

  pd_order_set_paid_at (order, 5);
  pd_order_set_paid_at (order, 5);
  g_assert_cmpuint (notified, ==, 5);

  /* The amount is kept normalised; the same value does not notify. */
  pd_order_set_quote_amount (order, "010.50");
  g_assert_cmpstr (pd_order_get_quote_amount (order), ==, "10.5");
  pd_order_set_quote_amount (order, "10.5000");
  g_assert_cmpuint (notified, ==, 6);
  pd_order_set_quote_amount (order, "1e5");
  g_assert_cmpstr (pd_order_get_quote_amount (order), ==, "1e5");
  pd_order_set_quote_amount (order, NULL);
  g_assert_cmpuint (notified, ==, 8);

  {
    const char *a[] = { "payeeId", NULL };
    const char *b[] = { "payeeId", NULL };
    const char *empty[] = { NULL };

    pd_order_set_mismatch (order, a);
    pd_order_set_mismatch (order, b);
    g_assert_cmpuint (notified, ==, 9);
    pd_order_set_mismatch (order, empty);
    g_assert_null (pd_order_get_mismatch (order));
    g_assert_cmpuint (notified, ==, 10);
  }
}

/* The history's "unpaid → paid", written and read back; anything else
 * is not a change of state. */
static void
test_order_state_change (void)
{
  g_autofree char *text = pd_order_state_format_change (PD_ORDER_STATE_UNPAID, PD_ORDER_STATE_PAID_LESS);
  PdOrderState from = PD_ORDER_STATE_LAST;
  PdOrderState to = PD_ORDER_STATE_LAST;
  char *detail = NULL;

  g_assert_cmpstr (text, ==, "unpaid → paid_less");
  g_assert_true (pd_order_state_parse_change (text, &from, &to, &detail));
  g_assert_cmpint (from, ==, PD_ORDER_STATE_UNPAID);
  g_assert_cmpint (to, ==, PD_ORDER_STATE_PAID_LESS);
  g_assert_null (detail);

  /* A mismatch carries its reason after the change. */
  g_assert_true (pd_order_state_parse_change ("unpaid → mismatch: the amount paid for is not 10",
                                              &from, &to, &detail));
  g_assert_cmpint (from, ==, PD_ORDER_STATE_UNPAID);
  g_assert_cmpint (to, ==, PD_ORDER_STATE_MISMATCH);
  g_assert_cmpstr (detail, ==, "the amount paid for is not 10");
  g_clear_pointer (&detail, g_free);
  /* The detail is optional. */
  g_assert_true (pd_order_state_parse_change ("unpaid → mismatch: x", &from, &to, NULL));

  g_assert_false (pd_order_state_parse_change ("customer paid cash", &from, &to, &detail));
  g_assert_false (pd_order_state_parse_change ("unpaid → gone", &from, &to, &detail));
  g_assert_false (pd_order_state_parse_change ("unpaid → paid → paid", &from, &to, &detail));
  g_assert_false (pd_order_state_parse_change ("unpaid → mismatch:", &from, &to, &detail));
  g_assert_false (pd_order_state_parse_change (NULL, &from, &to, &detail));
  g_assert_null (detail);
}

static void
test_order_enum_types (void)
{
  g_autoptr(GEnumClass) states = g_type_class_ref (PD_TYPE_ORDER_STATE);
  g_autoptr(GEnumClass) groups = g_type_class_ref (PD_TYPE_ORDER_GROUP);
  g_autoptr(GEnumClass) kinds = g_type_class_ref (PD_TYPE_ORDER_LINK_KIND);

  /* The nicks are the names the CLI, the ledger and GSettings use. */
  g_assert_cmpuint (states->n_values, ==, PD_ORDER_STATE_LAST + 1);
  for (PdOrderState state = 0; state <= PD_ORDER_STATE_LAST; state++)
    g_assert_cmpstr (g_enum_get_value (states, state)->value_nick, ==, pd_order_state_to_string (state));

  for (guint i = 0; i < groups->n_values; i++)
    {
      PdOrderGroup group;

      g_assert_true (pd_order_group_from_string (groups->values[i].value_nick, &group));
      g_assert_cmpint (group, ==, groups->values[i].value);
    }

  g_assert_cmpstr (g_enum_get_value (kinds, PD_ORDER_LINK_KIND_ONE_TIME)->value_nick, ==, "one-time");
  g_assert_cmpstr (pd_order_link_kind_to_string (PD_ORDER_LINK_KIND_PAYLINK), ==, "paylink");
}

/* The words the app and paydesk-cli share for an order. */
static void
test_order_texts (void)
{
  g_autoptr(PdOrder) order = pd_order_new ();
  g_autofree char *amount = pd_order_texts_dup_amount ("10", "USDT");
  g_autofree char *bare = pd_order_texts_dup_amount ("10", "");
  g_autofree char *confirmations = pd_order_texts_dup_confirmations (3);
  g_autofree char *unpaid = NULL;
  g_autofree char *paid = NULL;
  g_autofree char *failed = NULL;

  g_assert_cmpstr (amount, ==, "10 USDT");
  g_assert_cmpstr (bare, ==, "10");
  g_assert_cmpstr (confirmations, ==, "3 confirmations");
  g_assert_cmpstr (pd_order_texts_get_failure_label ("40000"), ==, "payment overtime");
  g_assert_null (pd_order_texts_get_failure_label ("12345"));
  g_assert_null (pd_order_texts_get_failure_label (NULL));

  unpaid = pd_order_texts_dup_sentence (order, NULL);
  g_assert_cmpstr (unpaid, ==, "Waiting for payment");

  pd_order_set_quote_amount (order, "10");
  pd_order_set_quote_symbol (order, "USDT");
  pd_order_set_state (order, PD_ORDER_STATE_PAID);
  paid = pd_order_texts_dup_sentence (order, NULL);
  g_assert_cmpstr (paid, ==, "Paid 10 USDT");

  pd_order_set_state (order, PD_ORDER_STATE_FAILED);
  pd_order_set_failure_code (order, "40025");
  failed = pd_order_texts_dup_sentence (order, NULL);
  g_assert_cmpstr (failed, ==, "Failed: the market moved too much");
}

/* A history entry as the order page shows it: a change of state in the
 * states' labels, with the reason a mismatch carries. */
static void
test_order_texts_event_message (void)
{
  PdOrderEvent event = { .kind = PD_ORDER_EVENT_STATE_CHANGED };
  g_autofree char *change = NULL;
  g_autofree char *mismatch = NULL;
  g_autofree char *other = NULL;

  event.message = (char *) "unpaid → paid";
  change = pd_order_texts_dup_event_message (&event);
  g_assert_cmpstr (change, ==, "Unpaid → Paid");

  event.message = (char *) "unpaid → mismatch: the amount paid for is not 10";
  mismatch = pd_order_texts_dup_event_message (&event);
  g_assert_cmpstr (mismatch, ==, "Unpaid → Mismatch: the amount paid for is not 10");

  event.message = (char *) "customer paid cash";
  other = pd_order_texts_dup_event_message (&event);
  g_assert_cmpstr (other, ==, "customer paid cash");

  event.message = NULL;
  g_assert_null (pd_order_texts_dup_event_message (&event));
}

#define PAYEE "7f3b9f43-7c7c-4f8e-9a0f-1c2d3e4f5a6b"
#define ASSET "c6d0c728-2624-429b-8e0d-d9d19b6592fa"

/* The form's values as an order: the amount normalised, "" as none, a
 * new order ID only when none is given, the deadline from now. */
static void
test_order_draft (void)
{
  PdOrderDraft draft = {
    .payee_id = PAYEE,
    .settlement_asset_id = ASSET,
    .quote_asset_id = "usd",
    .quote_symbol = "USD",
    .quote_amount = "010.50",
    .return_to = "",
    .remark = "table 4",
    .note = "",
    .expiry_minutes = 15,
  };
  g_autoptr(PdOrder) order = pd_order_draft_build (&draft, 1000);
  g_autoptr(PdOrder) named = NULL;
  g_autoptr(PdOrder) forever = NULL;

  g_assert_nonnull (pd_order_get_order_id (order));
  g_assert_true (pd_paylink_validate_order_id (pd_order_get_order_id (order), NULL));
  g_assert_true (pd_paylink_is_uuid (pd_order_get_trace_id (order)));
  g_assert_cmpstr (pd_order_get_payee_id (order), ==, PAYEE);
  g_assert_cmpstr (pd_order_get_settlement_asset_id (order), ==, ASSET);
  g_assert_cmpstr (pd_order_get_quote_asset_id (order), ==, "usd");
  g_assert_cmpstr (pd_order_get_quote_symbol (order), ==, "USD");
  g_assert_cmpstr (pd_order_get_quote_amount (order), ==, "10.5");
  g_assert_null (pd_order_get_return_to (order));
  g_assert_cmpstr (pd_order_get_remark (order), ==, "table 4");
  g_assert_null (pd_order_get_note (order));
  g_assert_null (pd_order_get_link (order));
  g_assert_cmpint (pd_order_get_created_at (order), ==, 1000);
  g_assert_cmpint (pd_order_get_expires_at (order), ==, 1000 + 15 * 60);

  draft.order_id = "A-1";
  draft.expiry_minutes = 0;
  named = pd_order_draft_build (&draft, 1000);
  g_assert_cmpstr (pd_order_get_order_id (named), ==, "A-1");
  g_assert_cmpint (pd_order_get_expires_at (named), ==, 0);

  /* An ID left empty is not replaced: the form says it is missing. */
  draft.order_id = "";
  forever = pd_order_draft_build (&draft, 1000);
  g_assert_null (pd_order_get_order_id (forever));
}

/* A duplicate: what was asked for, new IDs, the same time to pay from
 * now, and a paylink; nothing of the original's payment. */
static void
test_order_duplicate (void)
{
  g_autoptr(PdOrder) original = pd_order_new ();
  g_autoptr(PdOrder) copy = NULL;
  g_autoptr(PdOrder) bad = NULL;
  g_autoptr(GError) error = NULL;
  /* A paylink's deadline must be ahead of the real clock. */
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  pd_order_set_order_id (original, "A-1");
  pd_order_set_trace_id (original, "9b2f4c1e-3d5a-4e6f-8a7b-0c1d2e3f4a5b");
  pd_order_set_payee_id (original, PAYEE);
  pd_order_set_settlement_asset_id (original, ASSET);
  pd_order_set_quote_asset_id (original, "usd");
  pd_order_set_quote_symbol (original, "USD");
  pd_order_set_quote_amount (original, "12");
  pd_order_set_remark (original, "table 4");
  pd_order_set_note (original, "two coffees");
  pd_order_set_created_at (original, 1000);
  pd_order_set_expires_at (original, 1000 + 600);
  pd_order_set_state (original, PD_ORDER_STATE_PAID);

  copy = pd_order_new_duplicate (original, "https://pay.example", now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  g_assert_cmpstr (pd_order_get_order_id (copy), !=, "A-1");
  g_assert_cmpstr (pd_order_get_trace_id (copy), !=, pd_order_get_trace_id (original));
  g_assert_cmpstr (pd_order_get_payee_id (copy), ==, PAYEE);
  g_assert_cmpstr (pd_order_get_settlement_asset_id (copy), ==, ASSET);
  g_assert_cmpstr (pd_order_get_quote_asset_id (copy), ==, "usd");
  g_assert_cmpstr (pd_order_get_quote_symbol (copy), ==, "USD");
  g_assert_cmpstr (pd_order_get_quote_amount (copy), ==, "12");
  g_assert_cmpstr (pd_order_get_remark (copy), ==, "table 4");
  g_assert_cmpstr (pd_order_get_note (copy), ==, "two coffees");
  g_assert_cmpint (pd_order_get_created_at (copy), ==, now);
  g_assert_cmpint (pd_order_get_expires_at (copy), ==, now + 600);
  g_assert_cmpint (pd_order_get_state (copy), ==, PD_ORDER_STATE_UNPAID);
  g_assert_cmpint (pd_order_get_id (copy), ==, 0);
  g_assert_cmpint (pd_order_get_link_kind (copy), ==, PD_ORDER_LINK_KIND_PAYLINK);
  g_assert_true (g_str_has_prefix (pd_order_get_link (copy), "https://pay.example/"));

  bad = pd_order_new_duplicate (original, "not a url", now, &error);
  g_assert_null (bad);
  g_assert_error (error, PD_PAYLINK_ERROR, PD_PAYLINK_ERROR_INVALID);
}

/* $PAYDESK_PAY_BASE wins over the setting, for the app and the CLI. */
static void
test_order_pay_base (void)
{
  g_autofree char *from_setting = NULL;
  g_autofree char *from_env = NULL;
  g_autofree char *none = NULL;

  g_unsetenv ("PAYDESK_PAY_BASE");
  from_setting = pd_paylink_dup_pay_base ("https://pay.example");
  g_assert_cmpstr (from_setting, ==, "https://pay.example");
  none = pd_paylink_dup_pay_base (NULL);
  g_assert_null (none);

  g_setenv ("PAYDESK_PAY_BASE", "http://127.0.0.1:9", TRUE);
  from_env = pd_paylink_dup_pay_base ("https://pay.example");
  g_assert_cmpstr (from_env, ==, "http://127.0.0.1:9");
  g_unsetenv ("PAYDESK_PAY_BASE");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/order/properties", test_order_properties);
  g_test_add_func ("/order/remaining", test_order_remaining);
  g_test_add_func ("/order/attention", test_order_attention);
  g_test_add_func ("/order/enum-types", test_order_enum_types);
  g_test_add_func ("/order/state-change", test_order_state_change);
  g_test_add_func ("/order/draft", test_order_draft);
  g_test_add_func ("/order/duplicate", test_order_duplicate);
  g_test_add_func ("/order/pay-base", test_order_pay_base);
  g_test_add_func ("/order/texts", test_order_texts);
  g_test_add_func ("/order/texts/event-message", test_order_texts_event_message);

  return g_test_run ();
}
