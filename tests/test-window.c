/* test-window.c: the main window, its menu, actions and saved state
 *
 * Drives the real PdApplication and PdWindow under Xvfb, with the memory
 * GSettings backend.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "pd-application.h"
#include "pd-preferences-window.h"
#include "pd-save-path.h"
#include "pd-screenshot.h"
#include "pd-test-ui.h"
#include "pd-window.h"

#define PAYEE_ID "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"

static PdApplication *app;

/* Helpers */

static void
set_flag_cb (GObject    *object,
             GParamSpec *pspec,
             gpointer    data)
{
  *(gboolean *) data = TRUE;
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  pd_test_drain_main_context ();
}

/* Activates the app, as launching it does, and returns its main window. */
static PdWindow *
open_main_window (void)
{
  PdWindow *window = NULL;

  g_application_activate (G_APPLICATION (app));

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    {
      if (PD_IS_WINDOW (l->data))
        window = l->data;
    }
  g_assert_nonnull (window);

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* The ledger opens once the first frame is drawn. */
  while (pd_application_get_store (app) == NULL && pd_application_get_store_error (app) == NULL)
    g_main_context_iteration (NULL, TRUE);

  return window;
}

static GtkWidget *
template_child (PdWindow   *window,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, name);

  g_assert_true (GTK_IS_WIDGET (child));

  return GTK_WIDGET (child);
}

static gboolean
preferences_window_is_open (gpointer data)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    {
      if (PD_IS_PREFERENCES_WINDOW (l->data))
        return TRUE;
    }

  return FALSE;
}

static guint
count_preferences_windows (void)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    {
      if (PD_IS_PREFERENCES_WINDOW (l->data))
        n++;
    }

  return n;
}

static gboolean
no_window_is_open (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (app)) == NULL;
}

/* Tests */

static void
test_window_first_run_page (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  PdWindow *window;
  GtkStack *pages;
  gboolean switched = FALSE;

  reset_settings ();
  window = open_main_window ();
  pages = GTK_STACK (template_child (window, "pages"));

  /* No payee yet: the window explains the app and offers the set-up. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, "first-run");
  g_assert_true (gtk_widget_get_mapped (template_child (window, "first_run_page")));
  g_assert_true (gtk_widget_get_mapped (template_child (window, "set_up_button")));
  g_assert_true (gtk_widget_has_css_class (template_child (window, "set_up_button"),
                                           "suggested-action"));

  /* Configuring a payee, from anywhere, switches the page. */
  g_signal_connect (pages, "notify::visible-child-name", G_CALLBACK (set_flag_cb), &switched);
  g_settings_set_string (settings, "payee-id", PAYEE_ID);
  pd_test_wait_until (pd_test_flag_is_set, &switched, 5);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, "no-orders");
  g_assert_true (gtk_stack_get_visible_child (pages) == template_child (window, "no_orders_page"));

  switched = FALSE;
  g_settings_set_string (settings, "payee-id", "");
  pd_test_wait_until (pd_test_flag_is_set, &switched, 5);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, "first-run");

  g_signal_handlers_disconnect_by_func (pages, set_flag_cb, &switched);
  pd_test_close_and_finalize (g_object_ref (window));
}

static void
test_window_configured_page (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  PdWindow *window;
  GtkStack *pages;

  reset_settings ();
  g_settings_set_string (settings, "payee-id", PAYEE_ID);
  window = open_main_window ();
  pages = GTK_STACK (template_child (window, "pages"));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, "no-orders");
  g_assert_true (gtk_widget_get_mapped (template_child (window, "no_orders_page")));
  g_assert_false (gtk_widget_get_mapped (template_child (window, "first_run_page")));

  pd_test_close_and_finalize (g_object_ref (window));
}

static void
test_window_primary_menu (void)
{
  /* Sections of the menu, each a NULL-terminated list of actions. */
  static const char *expected_actions[][4] = {
    { "win.export", NULL },
    { "app.preferences", "win.show-help-overlay", "app.about", NULL },
  };
  PdWindow *window;
  GtkMenuButton *button;
  GMenuModel *menu;

  reset_settings ();
  window = open_main_window ();
  button = GTK_MENU_BUTTON (template_child (window, "primary_menu_button"));

  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Main Menu");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (button)), ==, "Main Menu");
  /* F10 opens primary menus. */
  g_assert_true (gtk_menu_button_get_primary (button));

  menu = gtk_menu_button_get_menu_model (button);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, G_N_ELEMENTS (expected_actions));

  for (guint s = 0; s < G_N_ELEMENTS (expected_actions); s++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);
      guint n = g_strv_length ((char **) expected_actions[s]);

      g_assert_cmpint (g_menu_model_get_n_items (section), ==, n);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *action = NULL;
          GActionGroup *group;

          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION,
                                                          "s", &action));
          g_assert_cmpstr (action, ==, expected_actions[s][i]);

          /* Every item leads to an action that exists and is enabled,
           * but Export, with no orders to export on the first run. */
          group = g_str_has_prefix (action, "app.") ? G_ACTION_GROUP (app) : G_ACTION_GROUP (window);
          g_assert_true (g_action_group_has_action (group, strchr (action, '.') + 1));
          g_assert_true (g_action_group_get_action_enabled (group, strchr (action, '.') + 1) ==
                         (strcmp (action, "win.export") != 0));
        }
    }

  /* GtkApplication found the shortcuts window in the resources. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  pd_test_close_and_finalize (g_object_ref (window));
}

static void
test_window_accels (void)
{
  static const struct { const char *action; const char *accel; } cases[] = {
    { "app.preferences", "<Control>comma" },
    { "app.quit", "<Control>q" },
    { "win.show-help-overlay", "<Control>question" },
    { "win.search", "<Control>f" },
    { "win.export", "<Control>e" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    cases[i].action);

      g_assert_nonnull (accels);
      g_assert_cmpstr (accels[0], ==, cases[i].accel);
    }
}

static void
test_window_preferences (void)
{
  PdWindow *window;
  GtkWindow *preferences = NULL;

  reset_settings ();
  window = open_main_window ();

  /* The first-run button opens the preferences, over the main window. */
  gtk_widget_activate (template_child (window, "set_up_button"));
  pd_test_wait_until (preferences_window_is_open, NULL, 5);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    {
      if (PD_IS_PREFERENCES_WINDOW (l->data))
        preferences = l->data;
    }
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (preferences));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (preferences));

  /* The action presents the open one rather than opening another. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL));
  pd_test_drain_main_context ();
  g_assert_cmpuint (count_preferences_windows (), ==, 1);

  pd_test_close_and_finalize (g_object_ref (preferences));
  g_assert_cmpuint (count_preferences_windows (), ==, 0);

  pd_test_close_and_finalize (g_object_ref (window));
}

static void
test_window_about (void)
{
  PdWindow *window;
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwAboutWindow *about = NULL;

  reset_settings ();
  window = open_main_window ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.about", NULL));

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        about = ADW_ABOUT_WINDOW (toplevel);
    }
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_developer_name (about), ==, "The Paydesk authors");
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_website (about), ==, "https://github.com/paydesk/paydesk");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));
  /* The icons come with the app's resources, installed or not. */
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APP_ID);
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (about))),
                                          APP_ID));
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (about))),
                                          APP_ID "-symbolic"));

  pd_test_close_and_finalize (g_object_ref (about));
  pd_test_close_and_finalize (g_object_ref (window));
}

static void
test_window_state (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  PdWindow *window;
  int width;
  int height;

  reset_settings ();
  g_settings_set_int (settings, "window-width", 720);
  g_settings_set_int (settings, "window-height", 540);

  /* The last size comes back… */
  window = open_main_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 720);
  g_assert_cmpint (height, ==, 540);
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));

  /* …and the size at closing is saved. */
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  pd_test_close_and_finalize (g_object_ref (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 800);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static void
test_window_cancellable (void)
{
  g_autoptr(GCancellable) cancellable = NULL;
  PdWindow *window;

  reset_settings ();
  window = open_main_window ();
  cancellable = g_object_ref (pd_window_get_cancellable (window));
  g_assert_false (g_cancellable_is_cancelled (cancellable));

  pd_test_close_and_finalize (g_object_ref (window));
  g_assert_true (g_cancellable_is_cancelled (cancellable));
}

static void
test_window_quit (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  PdWindow *window;

  reset_settings ();
  window = open_main_window ();
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);

  /* Quitting closes the windows, so they save their state. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  pd_test_wait_until (no_window_is_open, NULL, 5);
  pd_test_drain_main_context ();
  g_assert_null (window);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 640);
}

static void
test_window_screenshot (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  PdWindow *window;
  int fd;

  reset_settings ();
  window = open_main_window ();

  fd = g_file_open_tmp ("paydesk-screenshot-XXXXXX.png", &path, &error);
  g_assert_no_error (error);
  close (fd);

  g_assert_true (pd_screenshot_save_png (GTK_WIDGET (window), path, &error));
  g_assert_no_error (error);

  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpint (gdk_texture_get_height (texture), ==, gtk_widget_get_height (GTK_WIDGET (window)));

  g_unlink (path);
  pd_test_close_and_finalize (g_object_ref (window));
}

static void
first_frame_cb (GtkWidget *widget,
                gpointer   user_data)
{
  guint *calls = user_data;

  /* The window has been painted once, so it has a size. */
  g_assert_cmpint (gtk_widget_get_width (widget), >, 0);
  (*calls)++;
}

static gboolean
count_is_positive (gpointer data)
{
  return *(guint *) data > 0;
}

static void
test_window_first_frame (void)
{
  PdWindow *window;
  guint calls = 0;

  reset_settings ();
  window = pd_window_new (app);
  pd_widget_call_after_first_frame (GTK_WIDGET (window), first_frame_cb, &calls);
  g_assert_cmpuint (calls, ==, 0);

  gtk_window_present (GTK_WINDOW (window));
  pd_test_wait_until (count_is_positive, &calls, 5);

  /* Once only, however many frames follow. */
  gtk_widget_queue_draw (GTK_WIDGET (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_widget_queue_draw (GTK_WIDGET (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpuint (calls, ==, 1);

  pd_test_close_and_finalize (g_object_ref (window));
}

/* Launching the app opened its main window: close it and run the tests
 * inside the running application, so it shuts down as it does for users. */
static void
application_activated_cb (GApplication *application,
                          int          *status)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));

  /* The tests activate the app again. */
  g_signal_handlers_disconnect_by_func (application, application_activated_cb, status);

  g_assert_cmpuint (g_list_length (windows), ==, 1);
  g_assert_true (PD_IS_WINDOW (windows->data));
  pd_test_close_and_finalize (g_object_ref (windows->data));

  *status = g_test_run ();
}

/* With its window up and its SQLite ledger open, the app has not loaded
 * libpq: that, and the fifteen libraries it brings, waits for a
 * PostgreSQL ledger (pd-pg-lib.h). */
static void
test_window_no_libpq (void)
{
  PdWindow *window = open_main_window ();
  g_autofree char *maps = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (pd_application_get_store (app));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (maps, "/libglib-2.0.so"));
  g_assert_null (strstr (maps, "/libpq.so"));
}

/* Every save dialog's naming: a known extension in any case stays, a
 * name without one gets the offered type's. */
static void
test_window_save_path (void)
{
  static const char * const pdf[] = { ".pdf", NULL };
  static const char * const formats[] = { ".csv", ".json", NULL };
  static const struct { const char *path; const char * const *known; const char *extension; const char *saved; } cases[] = {
    { "/tmp/z-report", pdf, ".pdf", "/tmp/z-report.pdf" },
    { "/tmp/z-report.pdf", pdf, ".pdf", "/tmp/z-report.pdf" },
    { "/tmp/Z-REPORT.PDF", pdf, ".pdf", "/tmp/Z-REPORT.PDF" },
    { "/tmp/Invoice.Pdf", pdf, ".pdf", "/tmp/Invoice.Pdf" },
    { "/tmp/report.pdf.txt", pdf, ".pdf", "/tmp/report.pdf.txt.pdf" },
    { "/tmp/pdf", pdf, ".pdf", "/tmp/pdf.pdf" },
    { "/tmp/orders.pdf/orders", pdf, ".pdf", "/tmp/orders.pdf/orders.pdf" },
    { "/tmp/orders", formats, ".json", "/tmp/orders.json" },
    { "/tmp/orders.CSV", formats, ".json", "/tmp/orders.CSV" },
    { "/tmp/orders.Json", formats, ".csv", "/tmp/orders.Json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *saved = pd_save_path_with_extension (cases[i].path, cases[i].known,
                                                            cases[i].extension);

      g_assert_cmpstr (saved, ==, cases[i].saved);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status = 1;

  gtk_test_init (&argc, &argv, NULL);

  app = pd_application_new ();
  /* Tests must not hand their work to a Paydesk the user is running. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (application_activated_cb), &status);

  g_test_add_func ("/window/first-run-page", test_window_first_run_page);
  g_test_add_func ("/window/configured-page", test_window_configured_page);
  g_test_add_func ("/window/primary-menu", test_window_primary_menu);
  g_test_add_func ("/window/accels", test_window_accels);
  g_test_add_func ("/window/preferences", test_window_preferences);
  g_test_add_func ("/window/about", test_window_about);
  g_test_add_func ("/window/state", test_window_state);
  g_test_add_func ("/window/cancellable", test_window_cancellable);
  g_test_add_func ("/window/first-frame", test_window_first_frame);
  g_test_add_func ("/window/screenshot", test_window_screenshot);
  g_test_add_func ("/window/save-path", test_window_save_path);
  g_test_add_func ("/window/no-libpq", test_window_no_libpq);
  g_test_add_func ("/window/quit", test_window_quit);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_finalize_object (app);

  return status;
}
