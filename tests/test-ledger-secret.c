/* test-ledger-secret.c: a shared ledger's password in a keyring that works
 *
 * test-ledger-page.c covers a computer without a keyring; here a Secret
 * Service runs (tests/fake-secret-service.c, on a D-Bus session of this
 * test's own, so that no other test sees it): a password stored is found
 * for the same server and database only, storing again replaces it,
 * Preferences → Ledger keeps the password it connected with in the
 * keyring and never in the settings, and the app, started on a shared
 * ledger, asks the keyring for its password and opens it. The
 * throw-away PostgreSQL server trusts every connection: that the
 * password is right is another test's business.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "pd-application.h"
#include "pd-ledger-page.h"
#include "pd-ledger-secret.h"
#include "pd-pg-backend.h"
#include "pd-preferences-window.h"
#include "pd-test-pg.h"
#include "pd-test-ui.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define PASSWORD "Kept-In-The-Keyring-3"

static PdApplication *app;
static GSettings *settings;
static GSubprocess *service;
/* What the Secret Service was asked, one method a line. */
static GString *service_calls;
/* The shared ledger the app starts on, its password in the keyring. */
static char *start_uri;

/* Helpers */

typedef struct
{
  gboolean  done;
  char     *password;
  GError   *error;
} Answer;

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Answer *answer = user_data;

  pd_ledger_secret_store_finish (result, &answer->error);
  answer->done = TRUE;
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Answer *answer = user_data;

  answer->password = pd_ledger_secret_lookup_finish (result, &answer->error);
  answer->done = TRUE;
}

static void
store_password (const char *uri,
                const char *password)
{
  Answer answer = { 0 };

  pd_ledger_secret_store_async (uri, password, NULL, stored_cb, &answer);
  pd_test_wait_until (pd_test_flag_is_set, &answer.done, 10);
  g_assert_no_error (answer.error);
}

static char *
lookup_password (const char *uri)
{
  Answer answer = { 0 };

  pd_ledger_secret_lookup_async (uri, NULL, looked_up_cb, &answer);
  pd_test_wait_until (pd_test_flag_is_set, &answer.done, 10);
  g_assert_no_error (answer.error);
  return answer.password;
}

/* How many items the keyring's one collection holds. */
static guint
count_items (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets",
                                       "/org/freedesktop/secrets/collection/login",
                                       "org.freedesktop.DBus.Properties", "Get",
                                       g_variant_new ("(ss)", "org.freedesktop.Secret.Collection", "Items"),
                                       G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(v)", &value);
  return (guint) g_variant_n_children (value);
}

static void
service_line_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GDataInputStream *input = G_DATA_INPUT_STREAM (object);
  g_autofree char *line = g_data_input_stream_read_line_finish (input, result, NULL, NULL);

  if (line == NULL)
    {
      g_object_unref (input);
      return;
    }
  g_string_append_printf (service_calls, "%s\n", line);
  g_data_input_stream_read_line_async (input, G_PRIORITY_DEFAULT, NULL, service_line_cb, NULL);
}

static gboolean
service_is_ready (gpointer data)
{
  return strstr (service_calls->str, "ready\n") != NULL;
}

/* The Secret Service, on the D-Bus session this test started. */
static void
start_service (void)
{
  g_autoptr(GError) error = NULL;
  GDataInputStream *input;

  service_calls = g_string_new (NULL);
  service = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              g_getenv ("PAYDESK_FAKE_SECRET_SERVICE"), NULL);
  g_assert_no_error (error);
  input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (service));
  g_data_input_stream_read_line_async (input, G_PRIORITY_DEFAULT, NULL, service_line_cb, NULL);
  pd_test_wait_until (service_is_ready, NULL, 10);
}

static void
stop_service (void)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close (g_subprocess_get_stdin_pipe (service), NULL, NULL);
  g_subprocess_wait_check (service, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&service);
}

static gboolean
store_is_open (gpointer data)
{
  return pd_application_get_store (app) != NULL || pd_application_get_store_error (app) != NULL;
}

static gpointer
page_child (PdLedgerPage *page,
            const char   *name)
{
  return pd_test_template_child (page, PD_TYPE_LEDGER_PAGE, name);
}

static gboolean
page_is_idle (gpointer page)
{
  const char *status = pd_ledger_page_get_status (page);

  /* Saving the password in the keyring comes after the connection. */
  return !pd_ledger_page_get_busy (page) &&
         (status == NULL || strstr (status, "keyring…") == NULL);
}

/* Tests */

/* The app was started on a shared ledger: its password came from the
 * keyring, and the ledger opened. */
static void
test_app_uses_keyring (void)
{
  PdStore *store = pd_application_get_store (app);

  g_assert_no_error (pd_application_get_store_error (app));
  g_assert_nonnull (store);
  g_assert_true (pd_pg_is_uri (pd_store_get_path (store)));
  g_assert_nonnull (strstr (service_calls->str, "SearchItems\n"));
  g_assert_nonnull (strstr (service_calls->str, "GetSecrets\n"));
}

static void
test_store_lookup (void)
{
  g_autofree char *found = NULL;
  g_autofree char *same_written_otherwise = NULL;
  g_autofree char *other_database = NULL;
  g_autofree char *other_user = NULL;
  guint before = count_items ();

  store_password ("postgresql://till@db.example.com:6543/shop", "first-secret");
  g_assert_cmpuint (count_items (), ==, before + 1);

  found = lookup_password ("postgresql://till@db.example.com:6543/shop");
  g_assert_cmpstr (found, ==, "first-secret");
  /* Another spelling of the same server and database, with the TLS
   * mode, which names no other database. */
  same_written_otherwise = lookup_password ("postgres://till@db.example.com:6543/shop?sslmode=require");
  g_assert_cmpstr (same_written_otherwise, ==, "first-secret");
  other_database = lookup_password ("postgresql://till@db.example.com:6543/warehouse");
  g_assert_null (other_database);
  other_user = lookup_password ("postgresql://owner@db.example.com:6543/shop");
  g_assert_null (other_user);

  /* Storing again replaces the password: one item still. */
  store_password ("postgresql://till@db.example.com:6543/shop", "second-secret");
  g_assert_cmpuint (count_items (), ==, before + 1);
  g_clear_pointer (&found, g_free);
  found = lookup_password ("postgresql://till@db.example.com:6543/shop");
  g_assert_cmpstr (found, ==, "second-secret");
}

static void
test_preferences_apply (void)
{
  g_autofree char *uri = pd_test_pg_new_database ();
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *found = NULL;
  GtkWidget *window;
  PdLedgerPage *page;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  window = pd_test_find_window (app, PD_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (window);
  gtk_test_widget_wait_for_draw (window);
  page = pd_test_find_descendant (window, PD_TYPE_LEDGER_PAGE);
  g_assert_nonnull (page);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));

  g_assert_true (pd_pg_uri_parse (uri, &user, &host, &port, &dbname, NULL));
  gtk_check_button_set_active (page_child (page, "shared_check"), TRUE);
  gtk_editable_set_text (page_child (page, "uri_row"), "");
  gtk_editable_set_text (page_child (page, "host_row"), host);
  gtk_editable_set_text (page_child (page, "port_row"), port);
  gtk_editable_set_text (page_child (page, "database_row"), dbname);
  gtk_editable_set_text (page_child (page, "user_row"), user);
  gtk_editable_set_text (page_child (page, "password_row"), PASSWORD);
  adw_combo_row_set_selected (page_child (page, "sslmode_row"), 0);
  pd_test_drain_main_context ();

  g_signal_emit_by_name (page_child (page, "apply_button"), "clicked");
  pd_test_wait_until (page_is_idle, page, 30);
  g_assert_cmpstr (pd_ledger_page_get_status (page), ==,
                   "Paydesk now uses the shared ledger. Its password is kept in the keyring.");

  /* In the keyring, for that ledger; in no setting. */
  found = lookup_password (uri);
  g_assert_cmpstr (found, ==, PASSWORD);
  g_assert_cmpint (g_settings_get_enum (settings, "ledger-kind"), ==, 1);
  pd_test_assert_settings_lack (settings, PASSWORD);

  pd_test_close_and_finalize (g_object_ref (window));
}

/* Launching the app opened its main window: run the tests inside the
 * running application, once its ledger is open. */
static void
application_activated_cb (GApplication *application,
                          int          *status)
{
  g_signal_handlers_disconnect_by_func (application, application_activated_cb, status);

  pd_test_wait_until (store_is_open, NULL, 30);
  *status = g_test_run ();

  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus;
  g_autofree char *display = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  int status = 1;

  /* A session bus of this test's own, before anything connects to one:
   * the Secret Service on it is seen by no other test. */
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  /* Which it unsets, against X11's autolaunch of a bus; GTK needs it. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  gtk_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("paydesk-ledger-secret-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  g_unsetenv ("PAYDESK_DB");

  start_service ();

  /* The app starts on a shared ledger whose password the keyring has. */
  start_uri = pd_test_pg_new_database ();
  store_password (start_uri, PASSWORD);
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "payee-id", PAYEE);
  g_settings_set_boolean (settings, "polling-enabled", FALSE);
  g_settings_set_string (settings, "ledger-kind", "shared");
  g_settings_set_string (settings, "ledger-uri", start_uri);
  g_string_truncate (service_calls, 0);

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (application_activated_cb), &status);

  g_test_add_func ("/ledger-secret/app-uses-keyring", test_app_uses_keyring);
  g_test_add_func ("/ledger-secret/store-lookup", test_store_lookup);
  g_test_add_func ("/ledger-secret/preferences-apply", test_preferences_apply);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_finalize_object (app);
  g_clear_object (&settings);
  g_free (start_uri);
  pd_test_pg_stop ();
  stop_service ();
  g_string_free (service_calls, TRUE);
  g_rmdir (dir);
  /* Stopped, not taken down: libadwaita's settings keep the bus's
   * connection for good, which g_test_dbus_down() would wait for (and
   * so would unreffing the GTestDBus). */
  g_test_dbus_stop (bus);

  return status;
}
