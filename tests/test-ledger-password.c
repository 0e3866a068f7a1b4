/* test-ledger-password.c: a shared ledger whose server asks for a
 * password
 *
 * Against a database of the throw-away server that needs one
 * (pd_test_pg_new_protected_database()): without it and with a wrong
 * one the store says so, as PD_STORE_ERROR_AUTH, and never repeats the
 * password; with it, the store and the connections of its own that the
 * request budget and the polling lock make all get in, so that desks
 * share one budget rather than each falling back to its own; and
 * paydesk-cli reads it from the file PGPASSFILE names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "pd-order.h"
#include "pd-request-gate.h"
#include "pd-store.h"
#include "pd-test-cli.h"
#include "pd-test-pg.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define PASSWORD "Correct-Horse-Battery-9"
#define WRONG_PASSWORD "Wrong-Pony-Staple-4"

/* A folder of the test's own: the password files, and no ~/.pgpass. */
static char *dir;

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

static void
assert_no_password (const char *text)
{
  g_assert_null (strstr (text, PASSWORD));
  g_assert_null (strstr (text, WRONG_PASSWORD));
}

/* Core */

static void
test_no_password (void)
{
  g_autofree char *uri = pd_test_pg_new_protected_database (PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;

  store = pd_store_open_with_password (uri, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "needs a password"));
  g_clear_error (&error);

  /* An empty one is none. */
  store = pd_store_open_with_password (uri, "", &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_AUTH);
}

static void
test_wrong_password (void)
{
  g_autofree char *uri = pd_test_pg_new_protected_database (PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;

  store = pd_store_open_with_password (uri, WRONG_PASSWORD, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "refused the user name or password"));
  /* It names the ledger, so that the merchant knows which one. */
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  assert_no_password (error->message);
}

static void
test_right_password (void)
{
  g_autofree char *uri = pd_test_pg_new_protected_database (PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdStore) other = NULL;
  g_autoptr(PdOrder) order = make_order ("with-password");
  g_autoptr(GPtrArray) orders = NULL;

  store = pd_store_open_with_password (uri, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  orders = pd_store_list_orders (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 0);
  g_clear_pointer (&orders, g_ptr_array_unref);

  pd_store_insert_order (store, order, &error);
  g_assert_no_error (error);

  /* Another desk, with the same password, reads it. */
  other = pd_store_open_with_password (uri, PASSWORD, &error);
  g_assert_no_error (error);
  orders = pd_store_list_orders (other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 1);
  g_assert_cmpstr (pd_order_get_order_id (g_ptr_array_index (orders, 0)), ==, "with-password");
  /* And a store of its own for a thread gets the password too. */
  g_clear_object (&other);
  other = pd_store_open_again (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (other);
}

/* Two desks' gates share the ledger's budget: the budget's connection
 * got in. One that could not would keep a budget of its own, and let
 * the second desk's request go at once. */
static void
test_rate_budget (void)
{
  g_autofree char *uri = pd_test_pg_new_protected_database (PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) desk = NULL;
  g_autoptr(PdStore) other = NULL;
  g_autoptr(PdRequestGate) desk_gate = NULL;
  g_autoptr(PdRequestGate) other_gate = NULL;
  gint64 next_allowed = 0;

  desk = pd_store_open_with_password (uri, PASSWORD, &error);
  g_assert_no_error (error);
  other = pd_store_open_with_password (uri, PASSWORD, &error);
  g_assert_no_error (error);

  desk_gate = pd_request_gate_new_for_store (desk, NULL);
  other_gate = pd_request_gate_new_for_store (other, NULL);
  /* One a minute: the second request cannot be due yet, however slow
   * the machine. */
  pd_request_gate_set_rate (desk_gate, 1);
  pd_request_gate_set_rate (other_gate, 1);

  g_assert_true (pd_request_gate_try_take (desk_gate, &next_allowed, NULL));
  pd_request_gate_request_sent (desk_gate);
  g_assert_false (pd_request_gate_try_take (other_gate, &next_allowed, NULL));
  g_assert_cmpint (next_allowed, >, g_get_real_time () + 30 * G_USEC_PER_SEC);
}

/* The polling lock's session is a connection of its own: it gets the
 * password too, and the second desk learns who polls. */
static void
test_poll_lock (void)
{
  g_autofree char *uri = pd_test_pg_new_protected_database (PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) desk = NULL;
  g_autoptr(PdStore) other = NULL;
  g_autofree char *holder = NULL;

  desk = pd_store_open_with_password (uri, PASSWORD, &error);
  g_assert_no_error (error);
  other = pd_store_open_with_password (uri, PASSWORD, &error);
  g_assert_no_error (error);

  g_assert_true (pd_store_try_poll_lock (desk, "front-desk", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (pd_store_try_poll_lock (other, "back-desk", &holder, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (holder, ==, "front-desk");

  pd_store_poll_unlock (desk);
  g_assert_true (pd_store_try_poll_lock (other, "back-desk", NULL, &error));
  g_assert_no_error (error);
  pd_store_poll_unlock (other);
}

/* paydesk-cli */

/* A password file for @uri's server, database and user, readable by its
 * owner alone (libpq ignores any other). */
static char *
write_passfile (const char *name,
                const char *uri,
                const char *password)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *line = NULL;

  g_assert_nonnull (parsed);
  line = g_strdup_printf ("%s:%d:%s:%s:%s\n", g_uri_get_host (parsed), g_uri_get_port (parsed),
                          g_uri_get_path (parsed) + 1, g_uri_get_user (parsed), password);
  g_file_set_contents_full (path, line, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

static void
test_cli_passfile (void)
{
  g_autofree char *uri = pd_test_pg_new_protected_database (PASSWORD);
  g_autofree char *right = write_passfile ("right.pgpass", uri, PASSWORD);
  g_autofree char *wrong = write_passfile ("wrong.pgpass", uri, WRONG_PASSWORD);
  g_autoptr(GSubprocessLauncher) launcher = pd_cli_launcher_new ("", dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdOrder) order = make_order ("from-the-till");
  g_auto(PdCliRun) run = { 0 };

  store = pd_store_open_with_password (uri, PASSWORD, &error);
  g_assert_no_error (error);
  pd_store_insert_order (store, order, &error);
  g_assert_no_error (error);

  g_subprocess_launcher_unsetenv (launcher, "PAYDESK_DB");
  g_subprocess_launcher_setenv (launcher, "PGPASSFILE", right, TRUE);
  PD_CLI_RUN (launcher, &run, "--db", uri, "list");
  pd_cli_assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "from-the-till"));

  g_subprocess_launcher_setenv (launcher, "PGPASSFILE", wrong, TRUE);
  PD_CLI_RUN (launcher, &run, "--db", uri, "list");
  g_assert_cmpint (run.status, !=, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "refused the user name or password"));
  g_assert_nonnull (strstr (run.err, "PGPASSFILE"));
  assert_no_password (run.err);

  /* No file at all: the server's question, and where to answer it. */
  g_subprocess_launcher_setenv (launcher, "PGPASSFILE", "/nonexistent/pgpass", TRUE);
  PD_CLI_RUN (launcher, &run, "--db", uri, "list");
  g_assert_cmpint (run.status, !=, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "needs a password"));
  g_assert_nonnull (strstr (run.err, ".pgpass"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("paydesk-ledger-password-XXXXXX", &error);
  g_assert_no_error (error);
  /* No ~/.pgpass of whoever runs the tests. */
  g_setenv ("PGPASSFILE", "/nonexistent/pgpass", TRUE);

  g_test_add_func ("/ledger-password/no-password", test_no_password);
  g_test_add_func ("/ledger-password/wrong-password", test_wrong_password);
  g_test_add_func ("/ledger-password/right-password", test_right_password);
  g_test_add_func ("/ledger-password/rate-budget", test_rate_budget);
  g_test_add_func ("/ledger-password/poll-lock", test_poll_lock);
  g_test_add_func ("/ledger-password/cli-passfile", test_cli_passfile);

  status = g_test_run ();
  pd_test_pg_stop ();
  pd_cli_remove_temp_dir (dir);
  g_free (dir);

  return status;
}
