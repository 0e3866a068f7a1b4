/* test-order.c: PdOrder, its properties and its states
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "pd-order.h"

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

  return g_test_run ();
}
