/* screenshot-ledger.c: renders Preferences → Ledger and the window's
 * banner while a shared ledger's server is away, for build-aux/screenshots
 *
 *   paydesk-ledger-screenshots OUTDIR
 *
 * Starts the throw-away PostgreSQL server of pd-test-pg.h, fills a shared
 * ledger with a few orders, runs the real app on it (through the
 * settings, as Preferences → Ledger leaves them), then stops the server.
 * Writes preferences-ledger.png and ledger-unreachable.png; then
 * ledger-password.png, the dialog that asks for a shared ledger's
 * password, after a wrong one, on a database that needs one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "pd-application.h"
#include "pd-ledger-page.h"
#include "pd-ledger-password-dialog.h"
#include "pd-pg-backend.h"
#include "pd-preferences-window.h"
#include "pd-screenshot.h"
#include "pd-status-banner.h"
#include "pd-test-pg.h"
#include "pd-window.h"

#define PAYEE "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define USDT "4d8c508b-91c5-375b-92b0-ee702ed2dac5"
#define BTC "c6d0c728-2624-429b-8e0d-d9d19b6592fa"

static const char *outdir;
static char *protected_uri;
static PdApplication *app;
static int status;

static void
fill_ledger (const char *uri)
{
  static const char * const amounts[] = { "12.5", "8", "25", "18.9", "4.5" };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (uri, &error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (store == NULL)
    g_error ("%s", error->message);

  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      g_autoptr(PdOrder) order = pd_order_new ();
      g_autofree char *id = g_strdup_printf ("INV-2026-%04u", 1200 + i);

      pd_order_set_order_id (order, id);
      pd_order_set_payee_id (order, PAYEE);
      pd_order_set_settlement_asset_id (order, BTC);
      pd_order_set_quote_asset_id (order, USDT);
      pd_order_set_quote_symbol (order, "USDT");
      pd_order_set_quote_amount (order, amounts[i]);
      pd_order_set_link (order, "https://mixpay.me/pay");
      pd_order_set_created_at (order, now - (G_N_ELEMENTS (amounts) - i) * 600);
      if (!pd_store_insert_order (store, order, &error))
        g_error ("%s", error->message);
    }
  pd_store_close (store);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static void
settle (GtkWidget *widget)
{
  gint64 until = g_get_monotonic_time () + 700 * 1000;
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  while (g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5000);
    }

  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
}

static void
shoot (GtkWidget  *window,
       const char *name)
{
  g_autofree char *path = g_build_filename (outdir, name, NULL);
  g_autoptr(GError) error = NULL;

  settle (window);
  if (!pd_screenshot_save_png (window, path, &error))
    {
      g_printerr ("%s\n", error->message);
      status = 1;
      return;
    }

  g_print ("%s\n", path);
}

static PdLedgerPage *
find_ledger_page (GtkWidget *widget)
{
  if (PD_IS_LEDGER_PAGE (widget))
    return PD_LEDGER_PAGE (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      PdLedgerPage *page = find_ledger_page (child);

      if (page != NULL)
        return page;
    }

  return NULL;
}

static gpointer
find_window (GType type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;

  return NULL;
}

static void
activated_cb (GApplication *application)
{
  PdWindow *window = find_window (PD_TYPE_WINDOW);
  GtkWidget *preferences;
  PdLedgerPage *page;
  PdStatusBanner *banner;
  PdLedgerPasswordDialog *dialog;

  while (pd_application_get_store (app) == NULL && pd_application_get_store_error (app) == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (pd_application_get_store (app) == NULL)
    g_error ("%s", pd_application_get_store_error (app)->message);

  /* The page as Apply left it, its password typed again. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = find_window (PD_TYPE_PREFERENCES_WINDOW);
  gtk_window_set_default_size (GTK_WINDOW (preferences), 700, 1000);
  page = find_ledger_page (preferences);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), ADW_PREFERENCES_PAGE (page));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (page), PD_TYPE_LEDGER_PAGE, "password_row")),
                         "a password");
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (page), PD_TYPE_LEDGER_PAGE, "test_button"),
                         "clicked");
  while (pd_ledger_page_get_busy (page))
    g_main_context_iteration (NULL, TRUE);
  shoot (preferences, "preferences-ledger.png");
  while (pd_preferences_window_get_fetching (PD_PREFERENCES_WINDOW (preferences)))
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* The server goes away. */
  banner = PD_STATUS_BANNER (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "status_banner"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  pd_test_pg_stop_server ();
  while (!pd_status_banner_get_revealed (banner))
    g_main_context_iteration (NULL, TRUE);
  shoot (GTK_WIDGET (window), "ledger-unreachable.png");
  pd_test_pg_start_server ();

  /* The password dialog, as a wrong password leaves it. */
  dialog = pd_ledger_password_dialog_new (app, protected_uri, TRUE);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (app));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog), PD_TYPE_LEDGER_PASSWORD_DIALOG,
                                                                      "password_entry")),
                         "not the password");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "ledger-password.connect", NULL);
  while (pd_ledger_password_dialog_get_busy (dialog))
    g_main_context_iteration (NULL, TRUE);
  shoot (GTK_WIDGET (dialog), "ledger-password.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autofree char *dbname = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: %s OUTDIR\n", argv[0]);
      return 2;
    }
  outdir = argv[1];

  gtk_init ();
  adw_init ();

  uri = pd_test_pg_new_database ();
  fill_ledger (uri);
  protected_uri = pd_test_pg_new_protected_database ("Correct-Horse-Battery-9");
  if (!pd_pg_uri_parse (uri, &user, &host, &port, &dbname, NULL))
    g_error ("Cannot parse %s", uri);

  g_unsetenv ("PAYDESK_DB");
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "payee-id", PAYEE);
  g_settings_set_string (settings, "settlement-asset-id", BTC);
  g_settings_set_string (settings, "quote-asset-id", USDT);
  g_settings_set_boolean (settings, "polling-enabled", FALSE);
  g_settings_set_string (settings, "ledger-kind", "shared");
  g_settings_set_string (settings, "ledger-host", host);
  g_settings_set_uint (settings, "ledger-port", (guint) g_ascii_strtoull (port, NULL, 10));
  g_settings_set_string (settings, "ledger-database", dbname);
  g_settings_set_string (settings, "ledger-user", user);
  g_settings_set_string (settings, "ledger-sslmode", "disable");

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), NULL);
  if (g_application_run (G_APPLICATION (app), 0, NULL) != 0)
    status = 1;
  g_clear_object (&app);
  pd_test_pg_stop ();
  g_free (protected_uri);

  return status;
}
