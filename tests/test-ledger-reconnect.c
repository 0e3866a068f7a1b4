/* test-ledger-reconnect.c: a shared ledger whose server goes away and
 * comes back: the store says so, refuses writes meanwhile without
 * writing anything, reconnects by itself and reads what it missed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "pd-order.h"
#include "pd-store.h"
#include "pd-test-pg.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"

static PdOrder *
make_order (const char *order_id)
{
  PdOrder *order = pd_order_new ();

  pd_order_set_payee_id (order, PAYEE);
  pd_order_set_order_id (order, order_id);
  pd_order_set_settlement_asset_id (order, BTC);
  pd_order_set_quote_asset_id (order, USDT);
  pd_order_set_quote_amount (order, "7.5");

  return order;
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @store's reachable is @reachable; FALSE if
 * @seconds passed first. */
static gboolean
wait_reachable (PdStore  *store,
                gboolean  reachable,
                guint     seconds)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (seconds, timed_out_cb, &timed_out);

  while (!timed_out && pd_store_get_reachable (store) != reachable)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);

  return pd_store_get_reachable (store) == reachable;
}

static void
remember_cb (PdStore   *store,
             PdOrder   *order,
             PdOrder  **seen)
{
  g_set_object (seen, order);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *n_notified)
{
  (*n_notified)++;
}

static void
test_server_away (void)
{
  g_autofree char *uri = pd_test_pg_new_database ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) desk = pd_store_open (uri, &error);
  g_autoptr(PdStore) other = NULL;
  g_autoptr(PdOrder) first = make_order ("before");
  g_autoptr(PdOrder) during = make_order ("during");
  g_autoptr(PdOrder) again = make_order ("during");
  g_autoptr(PdOrder) theirs = make_order ("theirs");
  g_autoptr(PdOrder) seen = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  guint n_notified = 0;
  gboolean timed_out = FALSE;
  guint timeout;

  g_assert_no_error (error);
  pd_store_watch (desk);
  g_signal_connect (desk, "notify::reachable", G_CALLBACK (notify_cb), &n_notified);
  g_signal_connect (desk, "order-added", G_CALLBACK (remember_cb), &seen);
  g_assert_true (pd_store_get_reachable (desk));
  pd_store_insert_order (desk, first, &error);
  g_assert_no_error (error);

  pd_test_pg_stop_server ();
  g_assert_true (wait_reachable (desk, FALSE, 10));
  g_assert_cmpuint (n_notified, ==, 1);

  /* A write now fails, saying why, and writes nothing. */
  g_assert_false (pd_store_insert_order (desk, during, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "Cannot reach the ledger"));
  g_clear_error (&error);

  /* It keeps trying, in vain while the server is away, and says nothing
   * more. */
  g_assert_false (wait_reachable (desk, TRUE, 2));
  g_assert_cmpuint (n_notified, ==, 1);

  /* Another desk writes as soon as the server is back, most likely
   * before this one has reconnected (its backoff has grown meanwhile):
   * no notification reaches it, and it reads the order on reconnecting. */
  pd_test_pg_start_server ();
  other = pd_store_open (uri, &error);
  g_assert_no_error (error);
  g_clear_object (&seen);
  pd_store_insert_order (other, theirs, &error);
  g_assert_no_error (error);
  /* The backoff's steps double up to 8 s. */
  g_assert_true (wait_reachable (desk, TRUE, 20));
  g_assert_cmpuint (n_notified, ==, 2);

  timeout = g_timeout_add_seconds (10, timed_out_cb, &timed_out);
  while (!timed_out && seen == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  g_assert_nonnull (seen);
  g_assert_cmpstr (pd_order_get_order_id (seen), ==, "theirs");

  /* The same order ID is free: the refused write left nothing. */
  pd_store_insert_order (desk, again, &error);
  g_assert_no_error (error);

  orders = pd_store_list_orders (other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 3);
}

/* The password goes to the server apart from the URI, and no message
 * shows it, whatever fails. */
static void
test_password_apart (void)
{
  g_autofree char *uri = pd_test_pg_new_database ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open_with_password (uri, "s3cret-Pw", &error);
  g_autoptr(PdStore) again = NULL;
  g_autoptr(PdStore) nowhere = NULL;
  g_autofree char *closed_port = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 port;

  g_assert_no_error (error);
  g_assert_cmpstr (pd_store_get_path (store), ==, uri);
  again = pd_store_open_again (store, &error);
  g_assert_no_error (error);

  /* Nothing listens on a port just given back. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  closed_port = g_strdup_printf ("postgresql://paydesk@127.0.0.1:%u/ledger", port);
  nowhere = pd_store_open_with_password (closed_port, "s3cret-Pw", &error);
  g_assert_null (nowhere);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO);
  g_assert_null (strstr (error->message, "s3cret-Pw"));
}

/* A ledger file has no server to lose. */
static void
test_file_always_reachable (void)
{
  g_autofree char *dir = g_dir_make_tmp ("paydesk-reconnect-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "paydesk.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (path, &error);

  g_assert_no_error (error);
  pd_store_watch (store);
  g_assert_true (pd_store_get_reachable (store));
  pd_store_close (store);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ledger-reconnect/server-away", test_server_away);
  g_test_add_func ("/ledger-reconnect/password-apart", test_password_apart);
  g_test_add_func ("/ledger-reconnect/file-always-reachable", test_file_always_reachable);

  status = g_test_run ();
  pd_test_pg_stop ();
  return status;
}
