/* test-ledger-password-ui.c: the app started on a shared ledger whose
 * password it does not have asks for it
 *
 * Drives the real PdApplication, pointed by PAYDESK_DB at a database of
 * the throw-away server that needs a password
 * (pd_test_pg_new_protected_database()), with none in the keyring and no
 * ~/.pgpass: the password dialog comes up by itself; Cancel leaves the
 * error page with a button that brings it back; a wrong password is told
 * under the field and the dialog stays, what was typed kept and
 * selected; the right one closes it and the window shows the ledger's
 * orders. No setting holds the password afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "pd-application.h"
#include "pd-ledger-password-dialog.h"
#include "pd-order.h"
#include "pd-orders-view.h"
#include "pd-pg-backend.h"
#include "pd-store.h"
#include "pd-test-pg.h"
#include "pd-test-ui.h"
#include "pd-window.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"
#define PASSWORD "Correct-Horse-Battery-9"
#define WRONG_PASSWORD "Wrong-Pony-Staple-4"

static PdApplication *app;
static GSettings *settings;

/* Helpers */

static gpointer
find_dialog (void)
{
  return pd_test_find_window (app, PD_TYPE_LEDGER_PASSWORD_DIALOG);
}

static gboolean
dialog_is_shown (gpointer data)
{
  GtkWidget *dialog = find_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (dialog);
}

static gboolean
dialog_is_gone (gpointer data)
{
  return find_dialog () == NULL;
}

static gboolean
dialog_is_idle (gpointer dialog)
{
  return !pd_ledger_password_dialog_get_busy (dialog);
}

static gboolean
store_is_open (gpointer data)
{
  return pd_application_get_store (app) != NULL;
}

static gpointer
dialog_child (gpointer    dialog,
              const char *name)
{
  return pd_test_template_child (dialog, PD_TYPE_LEDGER_PASSWORD_DIALOG, name);
}

static PdWindow *
main_window (void)
{
  PdWindow *window = pd_test_find_window (app, PD_TYPE_WINDOW);

  g_assert_nonnull (window);
  return window;
}

static const char *
window_page (void)
{
  GtkStack *pages = pd_test_template_child (main_window (), PD_TYPE_WINDOW, "pages");

  return gtk_stack_get_visible_child_name (pages);
}

static void
type_password (gpointer    dialog,
               const char *password)
{
  GtkEditable *entry = dialog_child (dialog, "password_entry");

  gtk_editable_set_text (entry, password);
  pd_test_drain_main_context ();
  /* Connect keeps to "Remember": off, so that no keyring (a desktop's
   * one) is ever written to by the tests. */
  gtk_switch_set_active (dialog_child (dialog, "remember_switch"), FALSE);
}

/* Tests */

static void
test_asks (void)
{
  GtkWidget *dialog;
  GtkWidget *button;
  GtkWidget *focus;
  const GError *store_error;
  const char *body;
  g_autofree char *user = NULL;
  g_autofree char *dbname = NULL;

  pd_test_wait_until (dialog_is_shown, NULL, 30);
  dialog = find_dialog ();

  /* Over the error page, which says why. */
  store_error = pd_application_get_store_error (app);
  g_assert_error ((GError *) store_error, PD_STORE_ERROR, PD_STORE_ERROR_AUTH);
  g_assert_cmpstr (window_page (), ==, "error");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (main_window ()));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));

  /* It names the user, the database and the server. */
  g_assert_true (pd_pg_uri_parse (pd_application_get_store_location (app), &user, NULL, NULL,
                                  &dbname, NULL));
  body = gtk_label_get_text (dialog_child (dialog, "body_label"));
  g_assert_nonnull (strstr (body, user));
  g_assert_nonnull (strstr (body, dbname));
  g_assert_nonnull (strstr (body, "127.0.0.1:"));

  /* Every control has a name for assistive technologies, and typing
   * starts in the field. */
  gtk_test_accessible_assert_property (dialog_child (dialog, "password_entry"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Password");
  gtk_test_accessible_assert_property (dialog_child (dialog, "remember_switch"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Remember in the keyring");
  gtk_test_accessible_assert_property (dialog_child (dialog, "spinner"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Connecting to the ledger");
  g_assert_cmpstr (gtk_button_get_label (dialog_child (dialog, "connect_button")), ==, "C_onnect");
  g_assert_cmpstr (gtk_button_get_label (dialog_child (dialog, "cancel_button")), ==, "_Cancel");
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_nonnull (focus);
  g_assert_true (focus == dialog_child (dialog, "password_entry") ||
                 gtk_widget_is_ancestor (focus, dialog_child (dialog, "password_entry")));
  /* Remember starts on where there is a keyring to remember in. */
  g_assert_cmpint (gtk_switch_get_active (dialog_child (dialog, "remember_switch")), ==,
                   pd_application_get_keyring_available (app));
  /* Nothing typed: nothing to try. */
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, "connect_button")));

  /* Cancel leaves the error page, and its button brings the dialog back. */
  gtk_widget_activate_action (dialog, "window.close", NULL);
  pd_test_wait_until (dialog_is_gone, NULL, 10);
  g_assert_cmpstr (window_page (), ==, "error");
  button = pd_test_template_child (main_window (), PD_TYPE_WINDOW, "enter_password_button");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Enter Password…");
  g_signal_emit_by_name (button, "clicked");
  pd_test_wait_until (dialog_is_shown, NULL, 10);
}

static void
test_wrong_password (void)
{
  GtkWidget *dialog = find_dialog ();
  GtkEditable *entry;
  const char *message;
  int start = -1, end = -1;

  g_assert_nonnull (dialog);
  entry = dialog_child (dialog, "password_entry");
  type_password (dialog, WRONG_PASSWORD);
  g_assert_true (gtk_widget_get_sensitive (dialog_child (dialog, "connect_button")));
  gtk_widget_activate_action (dialog, "ledger-password.connect", NULL);
  g_assert_true (pd_ledger_password_dialog_get_busy (PD_LEDGER_PASSWORD_DIALOG (dialog)));
  pd_test_wait_until (dialog_is_idle, dialog, 30);

  /* Told under the field, without the password; the dialog stays. */
  g_assert_true (find_dialog () == dialog);
  message = pd_ledger_password_dialog_get_error (PD_LEDGER_PASSWORD_DIALOG (dialog));
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "The server refused this password for the user “till_"));
  g_assert_null (strstr (message, WRONG_PASSWORD));
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "error_label")));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID,
                                    GTK_ACCESSIBLE_INVALID_TRUE);
  g_assert_null (pd_application_get_store (app));

  /* What was typed is kept, and selected: typing replaces it. */
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, WRONG_PASSWORD);
  g_assert_true (gtk_editable_get_selection_bounds (entry, &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, (int) strlen (WRONG_PASSWORD));
}

static void
test_right_password (void)
{
  GtkWidget *dialog = find_dialog ();
  GtkWidget *text;
  PdOrderList *list;

  g_assert_nonnull (dialog);
  type_password (dialog, PASSWORD);
  /* Enter in the field is Connect: its text activates the default. */
  for (text = gtk_widget_get_first_child (dialog_child (dialog, "password_entry"));
       text != NULL && !GTK_IS_TEXT (text); text = gtk_widget_get_next_sibling (text))
    ;
  g_assert_nonnull (text);
  g_signal_emit_by_name (text, "activate");
  pd_test_wait_until (dialog_is_gone, NULL, 30);
  pd_test_wait_until (store_is_open, NULL, 10);

  g_assert_null (pd_application_get_store_error (app));
  list = pd_orders_view_get_order_list (PD_ORDERS_VIEW (pd_window_get_orders_view (main_window ())));
  g_assert_nonnull (list);
  g_assert_cmpuint (pd_order_list_get_n_total (list), ==, 2);
  pd_test_drain_main_context ();
  g_assert_cmpstr (window_page (), ==, "orders");
  g_assert_false (gtk_widget_get_visible (pd_test_template_child (main_window (), PD_TYPE_WINDOW,
                                                                  "enter_password_button")));

  pd_test_assert_settings_lack (settings, PASSWORD);
  pd_test_assert_settings_lack (settings, WRONG_PASSWORD);
}

static gboolean
store_error_or_dialog (gpointer data)
{
  return pd_application_get_store_error (app) != NULL || dialog_is_shown (NULL);
}

/* Launching the app opened its main window: run the tests inside the
 * running application, once it has tried its ledger. */
static void
application_activated_cb (GApplication *application,
                          int          *status)
{
  g_signal_handlers_disconnect_by_func (application, application_activated_cb, status);

  pd_test_wait_until (store_error_or_dialog, NULL, 30);
  *status = g_test_run ();

  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
}

static void
fill_ledger (const char *uri)
{
  const char *ids[] = { "front-1", "front-2" };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open_with_password (uri, PASSWORD, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(PdOrder) order = pd_order_new ();

      pd_order_set_payee_id (order, PAYEE);
      pd_order_set_order_id (order, ids[i]);
      pd_order_set_settlement_asset_id (order, BTC);
      pd_order_set_quote_asset_id (order, USDT);
      pd_order_set_quote_amount (order, "12.5");
      pd_store_insert_order (store, order, &error);
      g_assert_no_error (error);
    }
  pd_store_close (store);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  int status = 1;

  gtk_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("paydesk-ledger-password-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  /* No ~/.pgpass of whoever runs the tests. */
  g_setenv ("PGPASSFILE", "/nonexistent/pgpass", TRUE);

  uri = pd_test_pg_new_protected_database (PASSWORD);
  fill_ledger (uri);
  g_setenv ("PAYDESK_DB", uri, TRUE);

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "payee-id", PAYEE);
  g_settings_set_string (settings, "settlement-asset-id", BTC);
  g_settings_set_string (settings, "quote-asset-id", USDT);
  g_settings_set_boolean (settings, "polling-enabled", FALSE);

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (application_activated_cb), &status);

  g_test_add_func ("/ledger-password-ui/asks", test_asks);
  g_test_add_func ("/ledger-password-ui/wrong-password", test_wrong_password);
  g_test_add_func ("/ledger-password-ui/right-password", test_right_password);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_finalize_object (app);
  g_clear_object (&settings);
  pd_test_pg_stop ();
  g_rmdir (dir);

  return status;
}
