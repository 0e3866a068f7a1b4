/* test-store-error.c: the main window when the ledger cannot be opened
 *
 * The app starts on a PAYDESK_DB that is not a database; the window must
 * say so, with the store's message, instead of showing an empty list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "pd-application.h"
#include "pd-window.h"

#include "orders-fixture.h"
#include "pd-test-ui.h"

static PdApplication *app;
static PdWindow *window;

static gboolean
store_error_is_set (void)
{
  return pd_application_get_store_error (app) != NULL;
}

static void
test_store_error_page (void)
{
  GtkStack *pages = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                               "pages"));
  AdwStatusPage *error_page = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                              PD_TYPE_WINDOW,
                                                                              "error_page"));
  const GError *error = pd_application_get_store_error (app);

  g_assert_nonnull (error);
  g_assert_true (g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, "error");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (error_page)));
  /* The message names the ledger, whose folder holds a "&": shown as
   * it reads, not lost to a markup error. */
  g_assert_nonnull (strchr (error->message, '&'));
  g_assert_true (pd_test_shows_text (error_page, error->message));
  /* Nothing to export, no list to show. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export"));
  g_assert_null (pd_application_get_store (app));
}

static void
application_activated_cb (GApplication *application,
                          int          *status)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_signal_handlers_disconnect_by_func (application, application_activated_cb, status);

  window = g_object_ref (windows->data);
  /* The store is opened in a thread: wait for its answer. */
  while (!store_error_is_set ())
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  *status = g_test_run ();

  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *db = NULL;
  int status = 1;

  gtk_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("paydesk-test-store-error-&-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmpdir, "paydesk.db", NULL);
  g_file_set_contents (db, "These are not the orders you are looking for.\n", -1, &error);
  g_assert_no_error (error);
  g_setenv ("PAYDESK_DB", db, TRUE);

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "payee-id", PAYEE_ID);

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (application_activated_cb), &status);

  g_test_add_func ("/store-error/page", test_store_error_page);

  /* The app warns that the ledger cannot be opened: expected here. */
  g_test_expect_message ("paydesk", G_LOG_LEVEL_WARNING, "Cannot open the order ledger*");
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_test_assert_expected_messages ();
  g_assert_finalize_object (app);

  /* The file was refused and left as it was. */
  {
    g_autofree char *contents = NULL;

    g_file_get_contents (db, &contents, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (contents, ==, "These are not the orders you are looking for.\n");
  }

  g_unlink (db);
  g_rmdir (tmpdir);

  return status;
}
