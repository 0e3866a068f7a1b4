/* pd-test-orders.c: the app on a ledger of orders in every state, for
 * the tests of the orders view, the order page and the window around
 * them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "pd-qr-paintable.h"
#include "pd-test-orders.h"
#include "pd-test-ui.h"

const PdTestOrder pd_test_orders_fixtures[] = {
  { "order-unpaid-001", "10", "Coffee beans, 1 kg", PD_ORDER_STATE_UNPAID },
  { "order-confirm-02", "25.5", "Espresso machine repair", PD_ORDER_STATE_CONFIRMING },
  { "order-less-0003", "10", NULL, PD_ORDER_STATE_PAID_LESS },
  { "order-paid-0004", "10", "Green tea", PD_ORDER_STATE_PAID },
  { "order-mismatch05", "10", "Grinder", PD_ORDER_STATE_MISMATCH },
  { "order-failed-006", "7.25", "Mugs", PD_ORDER_STATE_FAILED },
  { "order-cancel-007", "3", "Cookies", PD_ORDER_STATE_CANCELLED },
  { "order-review-008", "120", "Catering", PD_ORDER_STATE_AUDITING },
};
const guint pd_test_orders_n_fixtures = G_N_ELEMENTS (pd_test_orders_fixtures);

static PdApplication *app;
static PdWindow *window;
static char *tmpdir;
static char *db;
static int status = 1;

PdApplication *
pd_test_orders_get_app (void)
{
  return app;
}

PdWindow *
pd_test_orders_get_window (void)
{
  return window;
}

const char *
pd_test_orders_get_tmpdir (void)
{
  return tmpdir;
}

PdOrdersView *
pd_test_orders_get_view (void)
{
  return PD_ORDERS_VIEW (pd_window_get_orders_view (window));
}

PdOrderPage *
pd_test_orders_get_page (void)
{
  return PD_ORDER_PAGE (pd_window_get_order_page (window));
}

GtkWidget *
pd_test_orders_view_child (const char *name)
{
  return pd_test_template_child (pd_test_orders_get_view (), PD_TYPE_ORDERS_VIEW, name);
}

GtkWidget *
pd_test_orders_page_child (const char *name)
{
  return pd_test_template_child (pd_test_orders_get_page (), PD_TYPE_ORDER_PAGE, name);
}

GtkWidget *
pd_test_orders_window_child (const char *name)
{
  return pd_test_template_child (window, PD_TYPE_WINDOW, name);
}

PdOrder *
pd_test_orders_lookup (const char *order_id)
{
  g_autoptr(GError) error = NULL;
  PdOrder *order = pd_store_lookup_order (pd_application_get_store (app), PAYEE_ID,
                                          order_id, &error);

  g_assert_no_error (error);
  /* The store keeps its own reference: borrowing is safe here. */
  g_object_unref (order);
  return order;
}

char **
pd_test_orders_dup_shown_ids (void)
{
  g_autoptr(GPtrArray) orders = pd_orders_view_dup_shown_orders (pd_test_orders_get_view ());
  GStrvBuilder *builder = g_strv_builder_new ();
  char **ids;

  for (guint i = 0; i < orders->len; i++)
    g_strv_builder_add (builder, pd_order_get_order_id (g_ptr_array_index (orders, i)));

  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ids;
}

void
pd_test_orders_reset_view (void)
{
  pd_orders_view_set_group (pd_test_orders_get_view (), PD_ORDER_GROUP_ALL);
  pd_orders_view_set_search_text (pd_test_orders_get_view (), "");
  pd_test_drain_main_context ();
}

void
pd_test_orders_select (PdOrder *order)
{
  g_assert_true (pd_orders_view_select_order (pd_test_orders_get_view (), order));
  pd_test_drain_main_context ();
  g_assert_true (pd_orders_view_get_selected_order (pd_test_orders_get_view ()) == order);
  g_assert_true (pd_order_page_get_order (pd_test_orders_get_page ()) == order);
}

gboolean
pd_test_orders_qr_is_ready (gpointer data)
{
  return pd_qr_paintable_get_qr (data) != NULL;
}

/* Runs the tests once the app's window shows the ledger. */
static gboolean
store_is_open (gpointer data)
{
  return pd_application_get_store (app) != NULL;
}

static void
application_activated_cb (GApplication *application,
                          gpointer      user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));

  g_signal_handlers_disconnect_by_func (application, application_activated_cb, user_data);

  window = g_object_ref (windows->data);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  pd_test_wait_until (store_is_open, NULL, 10);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  status = g_test_run ();

  pd_test_close_and_finalize (window);
}

void
pd_test_orders_init (int    *argc,
                     char ***argv)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;

  gtk_test_init (argc, argv, NULL);

  tmpdir = g_dir_make_tmp ("paydesk-test-orders-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmpdir, "paydesk.db", NULL);
  pd_test_fill_ledger (db, pd_test_orders_fixtures, pd_test_orders_n_fixtures);
  /* Before the app starts: it opens the ledger at startup. */
  g_setenv ("PAYDESK_DB", db, TRUE);
  g_setenv ("PAYDESK_PAY_BASE", PD_TEST_ORDERS_PAY_BASE, TRUE);

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "payee-id", PAYEE_ID);

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (application_activated_cb), NULL);
}

int
pd_test_orders_run (void)
{
  g_autofree char *changed = g_strconcat (db, "-changes/stamp", NULL);
  g_autofree char *changes = g_strconcat (db, "-changes", NULL);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_finalize_object (app);

  g_unlink (db);
  g_unlink (changed);
  g_rmdir (changes);
  g_rmdir (tmpdir);
  g_clear_pointer (&db, g_free);
  g_clear_pointer (&tmpdir, g_free);

  return status;
}
