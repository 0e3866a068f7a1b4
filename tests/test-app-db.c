/* test-app-db.c: `paydesk --db LEDGER`, the ledger for one run
 *
 * The app is started as `paydesk --db FILE`, with $PAYDESK_DB naming
 * another file: the window shows the orders of FILE, the settings of
 * Preferences → Ledger are not touched and the page says --db wins over
 * them. The real program is then launched beside it: a second launch
 * naming another ledger fails with a message instead of showing the
 * wrong one, and a URI holding a password is refused without the
 * password being repeated. The app registers on a D-Bus session of
 * this test's own, where no other test's app is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "orders-fixture.h"
#include "pd-application.h"
#include "pd-ledger-page.h"
#include "pd-ledger-settings.h"
#include "pd-preferences-window.h"
#include "pd-test-ui.h"
#include "pd-window.h"

static const PdTestOrder fixtures[] = {
  { "given-ledger-1", "4.5", "Only in the ledger --db names", PD_ORDER_STATE_UNPAID },
};

static PdApplication *app;
static GSettings *settings;
/* The ledger --db names, and the one $PAYDESK_DB names. */
static char *given_db;
static char *environment_db;
/* The settings of Preferences → Ledger before the app started. */
static char *ledger_settings_before;

/* Helpers */

static gboolean
store_is_open (gpointer data)
{
  return pd_application_get_store (app) != NULL || pd_application_get_store_error (app) != NULL;
}

static char *
print_ledger_settings (void)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  GString *printed = g_string_new (NULL);

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = NULL;
      g_autofree char *text = NULL;

      if (!g_str_has_prefix (keys[i], "ledger-"))
        continue;
      value = g_settings_get_value (settings, keys[i]);
      text = g_variant_print (value, TRUE);
      g_string_append_printf (printed, "%s=%s\n", keys[i], text);
    }

  return g_string_free (printed, FALSE);
}

typedef struct
{
  gboolean  done;
  int       status;
  char     *out;
  char     *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (object));
  run->done = TRUE;
}

/* Runs `paydesk --db @db` beside the app, whose main loop answers it. */
static void
run_paydesk (Run        *run,
             const char *db)
{
  g_autofree char *program = g_build_filename (g_getenv ("PAYDESK_TEST_BUILDDIR"), "src", "app", "paydesk", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              program, "--db", db, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, run);
  pd_test_wait_until (pd_test_flag_is_set, &run->done, 30);
}

static gboolean
window_shows_order (gpointer window)
{
  return pd_test_shows_text (window, fixtures[0].order_id);
}

static gboolean
page_has_answered (gpointer page)
{
  return !pd_ledger_page_get_busy (page) && pd_ledger_page_get_status (page) != NULL &&
         g_strcmp0 (pd_ledger_page_get_status (page), "Connecting…") != 0;
}

/* Tests */

/* Which ledger the app opens: --db wins over $PAYDESK_DB and the
 * settings; it is checked as paydesk-cli takes it, and a password in it
 * is refused. */
static void
test_location (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *absolute = g_build_filename (cwd, "ledger.db", NULL);
  PdLedgerOrigin origin = PD_LEDGER_ORIGIN_SETTINGS;

  location = pd_ledger_settings_dup_location (settings, "/tmp/given.db", &origin, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (location, ==, "/tmp/given.db");
  g_assert_cmpint (origin, ==, PD_LEDGER_ORIGIN_COMMAND_LINE);
  g_clear_pointer (&location, g_free);

  /* A file, made absolute: a second launch compares it from elsewhere. */
  location = pd_ledger_settings_check_command_line ("ledger.db", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (location, ==, absolute);
  g_clear_pointer (&location, g_free);

  location = pd_ledger_settings_check_command_line ("postgres://till@db.example.com/shop", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (location, ==, "postgres://till@db.example.com/shop");
  g_clear_pointer (&location, g_free);

  location = pd_ledger_settings_check_command_line ("postgresql://till:hunter2@db.example.com/shop", &error);
  g_assert_error (error, PD_LEDGER_SETTINGS_ERROR, PD_LEDGER_SETTINGS_ERROR_URI);
  g_assert_null (location);
  g_assert_null (strstr (error->message, "hunter2"));
  g_clear_error (&error);

  location = pd_ledger_settings_check_command_line ("postgresql://till@db.example.com/shop?no_such_option=1", &error);
  g_assert_nonnull (error);
  g_assert_null (location);
  g_clear_error (&error);

  location = pd_ledger_settings_check_command_line ("", &error);
  g_assert_error (error, PD_LEDGER_SETTINGS_ERROR, PD_LEDGER_SETTINGS_ERROR_URI);
  g_assert_null (location);
}

static void
test_opens_given_ledger (void)
{
  GtkWidget *window = pd_test_find_window (app, PD_TYPE_WINDOW);

  g_assert_no_error (pd_application_get_store_error (app));
  g_assert_cmpstr (pd_store_get_path (pd_application_get_store (app)), ==, given_db);
  g_assert_cmpstr (pd_application_get_ledger_override (app), ==, given_db);
  g_assert_nonnull (window);
  pd_test_wait_until (window_shows_order, window, 10);
  /* $PAYDESK_DB's file was not even made. */
  g_assert_false (g_file_test (environment_db, G_FILE_TEST_EXISTS));
}

static void
test_settings_untouched (void)
{
  g_autofree char *after = print_ledger_settings ();

  g_assert_cmpstr (after, ==, ledger_settings_before);
  g_assert_null (strstr (after, given_db));
}

static void
test_preferences_say_so (void)
{
  GtkWidget *window;
  PdLedgerPage *page;
  GtkWidget *group;
  const char *text;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  window = pd_test_find_window (app, PD_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (window);
  gtk_test_widget_wait_for_draw (window);
  page = pd_test_find_descendant (window, PD_TYPE_LEDGER_PAGE);
  g_assert_nonnull (page);

  group = pd_test_template_child (page, PD_TYPE_LEDGER_PAGE, "override_group");
  g_assert_true (gtk_widget_get_visible (group));
  text = gtk_label_get_text (pd_test_template_child (page, PD_TYPE_LEDGER_PAGE, "override_label"));
  g_assert_nonnull (strstr (text, given_db));
  g_assert_nonnull (strstr (text, "--db"));

  /* Apply saves the choice for the next start, and the app keeps the
   * ledger it was started with. */
  g_signal_emit_by_name (pd_test_template_child (page, PD_TYPE_LEDGER_PAGE, "apply_button"), "clicked");
  pd_test_wait_until (page_has_answered, page, 30);
  g_assert_true (g_str_has_prefix (pd_ledger_page_get_status (page), "Saved for the next start."));
  g_assert_cmpstr (pd_store_get_path (pd_application_get_store (app)), ==, given_db);

  pd_test_close_and_finalize (g_object_ref (window));
}

static void
test_second_launch (void)
{
  g_auto(Run) other = { 0 };
  g_auto(Run) same = { 0 };
  guint n_windows = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* Another ledger: refused, and the running app shows nothing new. */
  run_paydesk (&other, environment_db);
  g_assert_cmpint (other.status, ==, 1);
  g_assert_nonnull (strstr (other.err, "already running"));
  g_assert_nonnull (strstr (other.err, given_db));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, n_windows);
  g_assert_cmpstr (pd_store_get_path (pd_application_get_store (app)), ==, given_db);

  /* The same ledger: the running app's window comes up. */
  run_paydesk (&same, given_db);
  g_assert_cmpint (same.status, ==, 0);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, n_windows);
}

static void
test_password_refused (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) empty = { 0 };

  run_paydesk (&run, "postgresql://u:secret@h/db");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "password"));
  g_assert_null (strstr (run.err, "secret"));
  g_assert_null (strstr (run.out, "secret"));

  run_paydesk (&empty, "");
  g_assert_cmpint (empty.status, ==, 1);
  g_assert_nonnull (strstr (empty.err, "--db"));
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

static void
remove_ledger (const char *db)
{
  const char *suffixes[] = { "", ".poll-lock", "-wal", "-shm", "-changes/stamp", "-changes" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db, suffixes[i], NULL);

      g_remove (path);
    }
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
  char *app_argv[4] = { (char *) "paydesk", (char *) "--db", NULL, NULL };

  /* A session bus of this test's own: the app registers its name on it,
   * as a desktop's app does, and no other test's app is there. */
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  /* Which it unsets, against X11's autolaunch of a bus; GTK needs it. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  gtk_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("paydesk-app-db-XXXXXX", &error);
  g_assert_no_error (error);
  given_db = g_build_filename (dir, "given.db", NULL);
  environment_db = g_build_filename (dir, "environment.db", NULL);
  pd_test_fill_ledger (given_db, fixtures, G_N_ELEMENTS (fixtures));
  g_setenv ("PAYDESK_DB", environment_db, TRUE);
  g_setenv ("PAYDESK_PAY_BASE", "http://127.0.0.1:9", TRUE);

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "payee-id", PAYEE_ID);
  g_settings_set_boolean (settings, "polling-enabled", FALSE);
  ledger_settings_before = print_ledger_settings ();

  app = pd_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (application_activated_cb), &status);

  g_test_add_func ("/app-db/location", test_location);
  g_test_add_func ("/app-db/opens-given-ledger", test_opens_given_ledger);
  g_test_add_func ("/app-db/settings-untouched", test_settings_untouched);
  g_test_add_func ("/app-db/second-launch", test_second_launch);
  g_test_add_func ("/app-db/password-refused", test_password_refused);
  g_test_add_func ("/app-db/preferences-say-so", test_preferences_say_so);

  app_argv[2] = given_db;
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, app_argv), ==, 0);
  g_assert_finalize_object (app);
  g_clear_object (&settings);

  remove_ledger (given_db);
  remove_ledger (environment_db);
  g_rmdir (dir);
  g_free (given_db);
  g_free (environment_db);
  g_free (ledger_settings_before);
  /* Stopped, not taken down: libadwaita's settings keep the bus's
   * connection for good, which g_test_dbus_down() would wait for. */
  g_test_dbus_stop (bus);

  return status;
}
