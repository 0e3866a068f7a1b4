/* test-store-history.c: an order's history, when it is due for a
 * check, and the times both keep
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib.h>

#include "pd-test-store.h"

static void
test_store_events (PdTestLedger  *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(PdOrder) order = pd_test_new_order (PAYEE, "order-0010", "10");
  g_autoptr(PdOrder) paid = pd_test_new_order (PAYEE, "order-0011", "10");
  g_autoptr(GPtrArray) events = NULL;
  const PdOrderEvent *event;

  g_assert_true (pd_store_insert_order (store, order, &error));
  g_assert_no_error (error);

  g_assert_true (pd_store_record_check_error (store, order, "HTTP 502", 1800000000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pd_order_get_next_check_at (order), ==, 1800000000);
  /* Not "checked just now": MixPay did not answer. */
  g_assert_cmpint (pd_order_get_last_checked_at (order), ==, 0);

  /* The caller said "updated" but the state changed: recorded as such. */
  pd_order_set_state (order, PD_ORDER_STATE_CONFIRMING);
  g_assert_true (pd_store_update_order (store, order, PD_ORDER_EVENT_UPDATED,
                                        NULL, "{\"status\":\"confirming\"}", &error));
  g_assert_no_error (error);

  pd_order_set_confirmations (order, 2);
  g_assert_true (pd_store_update_order (store, order, PD_ORDER_EVENT_UPDATED, NULL, NULL, &error));
  g_assert_no_error (error);

  /* No event for a plain check. */
  g_assert_true (pd_store_record_check (store, order, 1800000001, 1800000031, &error));
  g_assert_no_error (error);

  g_assert_false (pd_store_cancel_order (store, order, "", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_CONFIRMING);

  /* One line, a sentence long: shown whole in a banner and a CSV cell. */
  {
    g_autofree char *long_reason = g_strnfill (PD_STORE_CANCEL_REASON_MAX + 1, 'x');
    const char *bad[] = { long_reason, "two\nlines", "paid \xe2\x80\xae hsac", "bell\a" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (pd_store_cancel_order (store, order, bad[i], &error));
        g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
        g_assert_true (g_str_has_prefix (error->message, "reason: "));
        g_clear_error (&error);
        g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_CONFIRMING);
      }
    long_reason[PD_STORE_CANCEL_REASON_MAX] = '\0';
    g_assert_null (pd_store_check_cancel_reason (long_reason));
  }

  g_assert_true (pd_store_cancel_order (store, order, "paid cash", &error));
  g_assert_no_error (error);
  g_assert_cmpint (pd_order_get_state (order), ==, PD_ORDER_STATE_CANCELLED);
  g_assert_cmpstr (pd_order_get_cancel_reason (order), ==, "paid cash");
  g_assert_cmpint (pd_order_get_cancelled_at (order), >, 0);

  events = pd_store_list_events (store, order, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 5);

  event = g_ptr_array_index (events, 0);
  g_assert_cmpint (event->kind, ==, PD_ORDER_EVENT_CREATED);
  g_assert_cmpint (event->state, ==, PD_ORDER_STATE_UNPAID);
  event = g_ptr_array_index (events, 1);
  g_assert_cmpint (event->kind, ==, PD_ORDER_EVENT_CHECK_ERROR);
  g_assert_cmpstr (event->message, ==, "HTTP 502");
  event = g_ptr_array_index (events, 2);
  g_assert_cmpint (event->kind, ==, PD_ORDER_EVENT_STATE_CHANGED);
  g_assert_cmpint (event->state, ==, PD_ORDER_STATE_CONFIRMING);
  g_assert_cmpstr (event->raw_json, ==, "{\"status\":\"confirming\"}");
  event = g_ptr_array_index (events, 3);
  g_assert_cmpint (event->kind, ==, PD_ORDER_EVENT_UPDATED);
  g_assert_null (event->raw_json);
  event = g_ptr_array_index (events, 4);
  g_assert_cmpint (event->kind, ==, PD_ORDER_EVENT_CANCELLED);
  g_assert_cmpint (event->state, ==, PD_ORDER_STATE_CANCELLED);
  g_assert_cmpstr (event->message, ==, "paid cash");
  for (guint i = 1; i < events->len; i++)
    g_assert_cmpint (((PdOrderEvent *)events->pdata[i])->id, >, ((PdOrderEvent *)events->pdata[i - 1])->id);

  /* A settled order cannot be cancelled. */
  g_assert_true (pd_store_insert_order (store, paid, &error));
  pd_order_set_state (paid, PD_ORDER_STATE_PAID);
  g_assert_true (pd_store_update_order (store, paid, PD_ORDER_EVENT_STATE_CHANGED, NULL, NULL, &error));
  g_assert_false (pd_store_cancel_order (store, paid, "oops", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (pd_order_get_state (paid), ==, PD_ORDER_STATE_PAID);

  /* The history is append-only, even for another program. */
  g_assert_false (pd_test_ledger_try_sql (fixture->path, "DELETE FROM order_events"));
  g_assert_false (pd_test_ledger_try_sql (fixture->path, "UPDATE order_events SET message = 'x'"));

  g_clear_pointer (&events, g_ptr_array_unref);
  events = pd_store_list_events (store, order, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 5);
}

static void
test_store_due_orders (PdTestLedger  *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(GPtrArray) due = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 next = 0;
  struct {
    const char *id;
    PdOrderState state;
    gint64 next_check_at;
    gint64 cancelled_ago;
    gboolean expect_due;
  } cases[] = {
    { "due-never-checked", PD_ORDER_STATE_UNPAID, 0, 0, TRUE },
    { "due-confirming", PD_ORDER_STATE_CONFIRMING, 100, 0, TRUE },
    { "due-unknown", PD_ORDER_STATE_UNKNOWN, 50, 0, TRUE },
    { "not-yet", PD_ORDER_STATE_UNPAID, 0, 0, FALSE },  /* next check in the future */
    { "paid-done", PD_ORDER_STATE_PAID, 10, 0, FALSE },
    { "failed-done", PD_ORDER_STATE_FAILED, 10, 0, FALSE },
    { "cancelled-recent", PD_ORDER_STATE_CANCELLED, 200, 60, TRUE },
    { "cancelled-old", PD_ORDER_STATE_CANCELLED, 10, 8 * 24 * 3600, FALSE },
  };
  gboolean seen[G_N_ELEMENTS (cases)] = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PdOrder) order = pd_test_new_order (PAYEE, cases[i].id, "1");

      pd_order_set_state (order, cases[i].state);
      pd_order_set_next_check_at (order, strcmp (cases[i].id, "not-yet") == 0
                                         ? now + 3600 : cases[i].next_check_at);
      if (cases[i].cancelled_ago)
        pd_order_set_cancelled_at (order, now - cases[i].cancelled_ago);
      g_assert_true (pd_store_insert_order (store, order, &error));
      g_assert_no_error (error);
    }

  due = pd_store_list_due_orders (store, now, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < due->len; i++)
    {
      const char *id = pd_order_get_order_id (due->pdata[i]);

      for (guint j = 0; j < G_N_ELEMENTS (cases); j++)
        if (strcmp (cases[j].id, id) == 0)
          seen[j] = TRUE;
      if (i > 0)
        g_assert_cmpint (pd_order_get_next_check_at (due->pdata[i]), >=,
                         pd_order_get_next_check_at (due->pdata[i - 1]));
    }
  for (guint j = 0; j < G_N_ELEMENTS (cases); j++)
    g_assert_true (seen[j] == cases[j].expect_due);
  g_assert_cmpstr (pd_order_get_order_id (due->pdata[0]), ==, "due-never-checked");

  g_clear_pointer (&due, g_ptr_array_unref);
  due = pd_store_list_due_orders (store, now, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 2);

  g_assert_true (pd_store_get_next_check_at (store, now, &next, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next, ==, 0);
}

static void
test_store_clock (PdTestLedger  *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_test_open_store (fixture->path);
  g_autoptr(PdFakeClock) clock = pd_fake_clock_new (G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC);
  g_autoptr(PdOrder) order = pd_test_new_order (PAYEE, "order-clock", "1");
  g_autoptr(GPtrArray) events = NULL;

  pd_store_set_clock (store, PD_CLOCK (clock));
  g_assert_true (pd_store_insert_order (store, order, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pd_order_get_created_at (order), ==, 1700000000);

  pd_fake_clock_set_now (clock, G_GINT64_CONSTANT (1700000300) * G_USEC_PER_SEC);
  g_assert_true (pd_store_record_check_error (store, order, "timeout", 1700000330, &error));
  g_assert_no_error (error);
  /* A failed check is not an answer: only its event has the time. */
  g_assert_cmpint (pd_order_get_last_checked_at (order), ==, 0);

  pd_fake_clock_set_now (clock, G_GINT64_CONSTANT (1700000400) * G_USEC_PER_SEC);
  pd_order_set_state (order, PD_ORDER_STATE_PAID);
  g_assert_true (pd_store_update_order (store, order, PD_ORDER_EVENT_UPDATED, NULL, NULL, &error));
  g_assert_cmpint (pd_order_get_updated_at (order), ==, 1700000400);

  events = pd_store_list_events (store, order, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpint (((PdOrderEvent *)events->pdata[0])->time, ==, 1700000000);
  g_assert_cmpint (((PdOrderEvent *)events->pdata[1])->time, ==, 1700000300);
  g_assert_cmpint (((PdOrderEvent *)events->pdata[2])->time, ==, 1700000400);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  PD_TEST_LEDGER_ADD ("/store/events", test_store_events);
  PD_TEST_LEDGER_ADD ("/store/due-orders", test_store_due_orders);
  PD_TEST_LEDGER_ADD ("/store/clock", test_store_clock);

  return pd_test_ledger_run_tests ();
}
