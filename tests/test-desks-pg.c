/* test-desks-pg.c: several desks on one PostgreSQL ledger: what one
 * writes, the others see at once; together they lose nothing and never
 * reuse an order ID
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <glib.h>

#include "pd-order.h"
#include "pd-store.h"
#include "pd-test-pg.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"

#define N_EACH 60

typedef struct
{
  char *uri;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->uri = pd_test_pg_new_database ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->uri);
}

static PdOrder *
make_order (const char *order_id)
{
  PdOrder *order = pd_order_new ();

  pd_order_set_payee_id (order, PAYEE);
  pd_order_set_order_id (order, order_id);
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, USDT);
  pd_order_set_quote_amount (order, "12.34567890123456789");

  return order;
}

static PdStore *
open_store (const char *uri)
{
  g_autoptr(GError) error = NULL;
  PdStore *store = pd_store_open (uri, &error);

  g_assert_no_error (error);
  return store;
}

static void
remember_cb (PdStore   *store,
             PdOrder   *order,
             PdOrder  **seen)
{
  g_set_object (seen, order);
}

/* Runs the main loop until *@seen is set or @seconds pass; the time it
 * took, in seconds. */
static double
wait_for (PdOrder **seen,
          double    seconds)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + (gint64) (seconds * G_USEC_PER_SEC);

  while (*seen == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);

  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* An order made on one desk shows on another within a second, and so
 * does a change to it, in the same object. */
static void
test_desks_live (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PdStore) here = open_store (fixture->uri);
  g_autoptr(PdStore) there = open_store (fixture->uri);
  g_autoptr(PdOrder) order = make_order ("live-1");
  g_autoptr(PdOrder) added = NULL;
  g_autoptr(PdOrder) changed = NULL;
  g_autoptr(GError) error = NULL;
  double took;

  pd_store_watch (there);
  g_signal_connect (there, "order-added", G_CALLBACK (remember_cb), &added);
  g_signal_connect (there, "order-changed", G_CALLBACK (remember_cb), &changed);

  g_assert_true (pd_store_insert_order (here, order, &error));
  g_assert_no_error (error);
  took = wait_for (&added, 5);
  g_test_message ("an order made on one desk showed on the other after %.3f s", took);
  g_assert_nonnull (added);
  g_assert_cmpfloat (took, <, 1.0);
  g_assert_cmpstr (pd_order_get_order_id (added), ==, "live-1");
  g_assert_cmpstr (pd_order_get_quote_amount (added), ==, "12.34567890123456789");

  pd_order_set_note (order, "two coffees");
  g_assert_true (pd_store_update_order (here, order, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_no_error (error);
  took = wait_for (&changed, 5);
  g_assert_true (changed == added);
  g_assert_cmpfloat (took, <, 1.0);
  g_assert_cmpstr (pd_order_get_note (added), ==, "two coffees");

  /* The other desk's copy is current again: it may write. */
  pd_order_set_note (added, "three coffees");
  g_assert_true (pd_store_update_order (there, added, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A stale copy is refused, by name. */
  pd_order_set_note (order, "stale");
  g_assert_false (pd_store_update_order (here, order, PD_ORDER_EVENT_NOTE, NULL, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CHANGED);
  g_assert_nonnull (strstr (error->message, "live-1"));
  g_assert_cmpstr (pd_order_get_note (order), ==, "three coffees");
}

typedef struct
{
  const char *uri;
  const char *prefix;
  guint       n_failed;
} Desk;

static gpointer
desk_thread (gpointer data)
{
  Desk *desk = data;
  g_autoptr(PdStore) store = open_store (desk->uri);

  for (guint i = 0; i < N_EACH; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%02u", desk->prefix, i);
      g_autoptr(PdOrder) order = make_order (id);
      g_autoptr(GError) error = NULL;

      if (!pd_store_insert_order (store, order, &error))
        {
          g_printerr ("%s: %s\n", id, error->message);
          desk->n_failed++;
        }
    }

  return NULL;
}

static guint
count_listed (PdStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = pd_store_list_orders (store, &error);

  g_assert_no_error (error);
  return orders->len;
}

static void
count_cb (PdStore *store,
          PdOrder *order,
          guint   *count)
{
  (*count)++;
}

/* Two desks make 60 orders each at the same time: none is lost, both
 * list all 120, and a watching desk was told of every one. */
static void
test_desks_concurrent (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(PdStore) watcher = open_store (fixture->uri);
  Desk desks[2] = { { fixture->uri, "desk-a", 0 }, { fixture->uri, "desk-b", 0 } };
  GThread *threads[2];
  g_autoptr(PdStore) a = NULL;
  g_autoptr(PdStore) b = NULL;
  guint added = 0;
  gint64 deadline;

  pd_store_watch (watcher);
  g_signal_connect (watcher, "order-added", G_CALLBACK (count_cb), &added);

  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("desk", desk_thread, &desks[i]);
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);

  g_assert_cmpuint (desks[0].n_failed + desks[1].n_failed, ==, 0);

  a = open_store (fixture->uri);
  b = open_store (fixture->uri);
  g_assert_cmpuint (count_listed (a), ==, 2 * N_EACH);
  g_assert_cmpuint (count_listed (b), ==, 2 * N_EACH);

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (added < 2 * N_EACH && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  g_assert_cmpuint (added, ==, 2 * N_EACH);
  g_assert_cmpuint (count_listed (watcher), ==, 2 * N_EACH);
}

/* A desk cannot reuse another desk's order ID for the same payee. */
static void
test_desks_duplicate (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PdStore) here = open_store (fixture->uri);
  g_autoptr(PdStore) there = open_store (fixture->uri);
  g_autoptr(PdOrder) first = make_order ("same");
  g_autoptr(PdOrder) second = make_order ("same");
  g_autoptr(PdOrder) stored = NULL;
  g_autoptr(GError) error = NULL;

  pd_order_set_quote_amount (second, "99");
  g_assert_true (pd_store_insert_order (here, first, &error));
  g_assert_no_error (error);
  g_assert_false (pd_store_insert_order (there, second, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "same"));
  g_assert_cmpint (pd_order_get_id (second), ==, 0);
  g_clear_error (&error);

  stored = pd_store_lookup_order (there, PAYEE, "same", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_order_get_quote_amount (stored), ==, "12.34567890123456789");
  g_assert_cmpuint (count_listed (there), ==, 1);
}

/* The server restarts: the writing desk connects again at its next
 * write, the watching one on its own, with backoff, and reads what was
 * written meanwhile. */
static void
test_desks_reconnect (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PdStore) here = open_store (fixture->uri);
  g_autoptr(PdStore) there = open_store (fixture->uri);
  g_autoptr(PdOrder) order = make_order ("after-restart");
  g_autoptr(PdOrder) added = NULL;
  g_autoptr(GError) error = NULL;

  pd_store_watch (there);
  g_signal_connect (there, "order-added", G_CALLBACK (remember_cb), &added);

  pd_test_pg_restart ();
  g_assert_true (pd_store_insert_order (here, order, &error));
  g_assert_no_error (error);

  wait_for (&added, 15);
  g_assert_nonnull (added);
  g_assert_cmpstr (pd_order_get_order_id (added), ==, "after-restart");
}

/* One desk polls; when it is killed with SIGKILL, its session ends, the
 * server frees the lock, and another desk takes over within 10 s. */
static void
test_desks_poll_handover (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(PdStore) mine = open_store (fixture->uri);
  g_autofree char *holder = NULL;
  int ready[2];
  char byte;
  pid_t pid;
  gint64 killed_at, deadline;
  gboolean taken = FALSE;

  g_assert_true (pd_store_has_poll_lock (mine));
  g_assert_cmpint (pipe (ready), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      PdStore *desk_a = pd_store_open (fixture->uri, NULL);

      byte = desk_a != NULL && pd_store_try_poll_lock (desk_a, "DESK-A", NULL, NULL) ? 'y' : 'n';
      if (write (ready[1], &byte, 1) != 1)
        _exit (1);
      for (;;)
        pause ();
    }
  close (ready[1]);
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);
  close (ready[0]);
  g_assert_cmpint (byte, ==, 'y');

  g_assert_false (pd_store_try_poll_lock (mine, "DESK-B", &holder, NULL));
  g_assert_cmpstr (holder, ==, "DESK-A");

  killed_at = g_get_monotonic_time ();
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  deadline = killed_at + 10 * G_USEC_PER_SEC;
  while (!taken && g_get_monotonic_time () < deadline)
    if (!(taken = pd_store_try_poll_lock (mine, "DESK-B", NULL, NULL)))
      g_usleep (100 * 1000);

  g_assert_true (taken);
  g_test_message ("polling handed over %.3f s after SIGKILL",
                  (g_get_monotonic_time () - killed_at) / (double) G_USEC_PER_SEC);

  /* Held: trying again keeps it; the next desk is told who polls. */
  g_assert_true (pd_store_try_poll_lock (mine, "DESK-B", NULL, NULL));
  {
    g_autoptr(PdStore) third = open_store (fixture->uri);
    g_autofree char *who = NULL;

    g_assert_false (pd_store_try_poll_lock (third, "DESK-C", &who, NULL));
    g_assert_cmpstr (who, ==, "DESK-B");
  }
}

/* A password in the URI appears in no message. */
static void
test_desks_password_hidden (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = pd_test_pg_uri ("no_such_database");
  g_autofree char *with_password = NULL;
  g_autoptr(PdStore) store = NULL;

  with_password = g_strdup_printf ("postgresql://paydesk:s3cr3t-pw@%s", uri + strlen ("postgresql://paydesk@"));
  store = pd_store_open (with_password, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO);
  g_assert_null (strstr (error->message, "s3cr3t-pw"));
  g_assert_nonnull (strstr (error->message, "no_such_database"));
  g_clear_error (&error);

  /* Nor when libpq cannot parse the URI (its own message quotes it). */
  g_assert_null (pd_store_open ("postgresql://paydesk:s3cr3t-pw@[::1/x", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_assert_null (strstr (error->message, "s3cr3t-pw"));
  g_assert_nonnull (strstr (error->message, "--db"));
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/desks/live", test_desks_live);
  ADD ("/desks/concurrent", test_desks_concurrent);
  ADD ("/desks/duplicate", test_desks_duplicate);
  ADD ("/desks/reconnect", test_desks_reconnect);
  ADD ("/desks/poll-handover", test_desks_poll_handover);
#undef ADD
  g_test_add_func ("/desks/password-hidden", test_desks_password_hidden);

  rc = g_test_run ();
  pd_test_pg_stop ();
  return rc;
}
