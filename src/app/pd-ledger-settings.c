/* pd-ledger-settings.c: which ledger the app opens, from its settings
 *
 * The settings name a shared ledger's server field by field, or by a
 * URI; never its password, which the keyring keeps (pd-ledger-secret.c).
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-asset-cache.h"
#include "pd-ledger-settings.h"
#include "pd-pg-backend.h"

G_DEFINE_QUARK (pd-ledger-settings-error-quark, pd_ledger_settings_error)

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;

  return TRUE;
}

static gboolean
has_space (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isspace (*p))
      return TRUE;

  return FALSE;
}

static char *
check_uri (const char  *uri,
           GError     **error)
{
  gboolean has_password = FALSE;

  if (!pd_pg_uri_parse (uri, NULL, NULL, NULL, NULL, &has_password))
    {
      g_set_error (error, PD_LEDGER_SETTINGS_ERROR, PD_LEDGER_SETTINGS_ERROR_URI,
                   _("URI: not a PostgreSQL URI (postgresql://USER@HOST:PORT/DATABASE)"));
      return NULL;
    }
  /* It would be stored in the settings, in plain text. */
  if (has_password)
    {
      g_set_error (error, PD_LEDGER_SETTINGS_ERROR, PD_LEDGER_SETTINGS_ERROR_URI,
                   _("URI: holds a password; leave it out and type it in the Password field"));
      return NULL;
    }

  return g_strdup (uri);
}

char *
pd_ledger_settings_build_uri (const char  *host,
                              const char  *port,
                              const char  *database,
                              const char  *user,
                              const char  *sslmode,
                              const char  *uri,
                              GError     **error)
{
  g_autoptr(GString) built = NULL;
  g_autofree char *user_part = NULL;
  g_autofree char *database_part = NULL;
  guint64 port_number = 0;

  if (!is_blank (uri))
    return check_uri (uri, error);

  if (is_blank (host) || has_space (host) || strchr (host, '/') != NULL || strchr (host, '@') != NULL)
    {
      g_set_error (error, PD_LEDGER_SETTINGS_ERROR, PD_LEDGER_SETTINGS_ERROR_HOST,
                   _("Server: enter the database server’s host name or address"));
      return NULL;
    }
  if (is_blank (port) || !g_ascii_string_to_unsigned (port, 10, 1, 65535, &port_number, NULL))
    {
      g_set_error (error, PD_LEDGER_SETTINGS_ERROR, PD_LEDGER_SETTINGS_ERROR_PORT,
                   _("Port: a whole number from 1 to 65535"));
      return NULL;
    }
  if (is_blank (database))
    {
      g_set_error (error, PD_LEDGER_SETTINGS_ERROR, PD_LEDGER_SETTINGS_ERROR_DATABASE,
                   _("Database: enter the name of the database"));
      return NULL;
    }
  /* The keyring keeps the password by user: one is needed. */
  if (is_blank (user))
    {
      g_set_error (error, PD_LEDGER_SETTINGS_ERROR, PD_LEDGER_SETTINGS_ERROR_USER,
                   _("User: enter the user name Paydesk connects as"));
      return NULL;
    }

  user_part = g_uri_escape_string (user, NULL, FALSE);
  database_part = g_uri_escape_string (database, NULL, FALSE);
  built = g_string_new ("postgresql://");
  g_string_append_printf (built, "%s@", user_part);
  /* An IPv6 address goes in brackets. */
  if (strchr (host, ':') != NULL)
    g_string_append_printf (built, "[%s]", host);
  else
    g_string_append (built, host);
  g_string_append_printf (built, ":%" G_GUINT64_FORMAT "/%s", port_number, database_part);
  if (sslmode != NULL && *sslmode != '\0')
    g_string_append_printf (built, "?sslmode=%s", sslmode);

  return check_uri (built->str, error);
}

char *
pd_ledger_settings_dup_location (GSettings       *settings,
                                 const char      *command_line,
                                 PdLedgerOrigin  *origin,
                                 GError         **error)
{
  const char *env = g_getenv ("PAYDESK_DB");
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autofree char *database = NULL;
  g_autofree char *user = NULL;
  g_autofree char *sslmode = NULL;
  g_autofree char *uri = NULL;

  if (command_line != NULL)
    {
      if (origin != NULL)
        *origin = PD_LEDGER_ORIGIN_COMMAND_LINE;
      return g_strdup (command_line);
    }

  if (origin != NULL)
    *origin = env != NULL && *env != '\0' ? PD_LEDGER_ORIGIN_ENVIRONMENT : PD_LEDGER_ORIGIN_SETTINGS;
  if (env != NULL && *env != '\0')
    return g_strdup (env);

  if (g_settings_get_enum (settings, "ledger-kind") == 0)
    return NULL;

  host = g_settings_get_string (settings, "ledger-host");
  port = g_strdup_printf ("%u", g_settings_get_uint (settings, "ledger-port"));
  database = g_settings_get_string (settings, "ledger-database");
  user = g_settings_get_string (settings, "ledger-user");
  sslmode = g_settings_get_string (settings, "ledger-sslmode");
  uri = g_settings_get_string (settings, "ledger-uri");

  return pd_ledger_settings_build_uri (host, port, database, user, sslmode, uri, error);
}

char *
pd_ledger_settings_check_command_line (const char  *location,
                                       GError     **error)
{
  g_autofree char *display = NULL;
  gboolean has_password = FALSE;

  /* As in paydesk-cli: an empty value would mean the default ledger. */
  if (location == NULL || *location == '\0')
    {
      g_set_error (error, PD_LEDGER_SETTINGS_ERROR, PD_LEDGER_SETTINGS_ERROR_URI,
                   _("--db: give a ledger file or a postgresql:// URI"));
      return NULL;
    }

  if (!pd_pg_is_uri (location))
    return g_canonicalize_filename (location, NULL);

  /* The message paydesk-cli gives, which never quotes the URI. */
  display = pd_pg_dup_display_uri (location, error);
  if (display == NULL)
    return NULL;
  if (!pd_pg_uri_parse (location, NULL, NULL, NULL, NULL, &has_password))
    {
      g_set_error (error, PD_LEDGER_SETTINGS_ERROR, PD_LEDGER_SETTINGS_ERROR_URI,
                   _("--db: not a PostgreSQL URI libpq understands (postgresql://USER@HOST:PORT/DATABASE)"));
      return NULL;
    }
  if (has_password)
    {
      g_set_error (error, PD_LEDGER_SETTINGS_ERROR, PD_LEDGER_SETTINGS_ERROR_URI,
                   _("--db: the URI holds a password, which every program on this computer can read in the list of running programs; leave it out: Paydesk takes it from the keyring (Preferences → Ledger) or from the file .pgpass in your home folder"));
      return NULL;
    }

  return g_strdup (location);
}

char *
pd_ledger_settings_dup_display (const char *location)
{
  g_autofree char *default_path = NULL;
  char *display;

  if (location == NULL)
    location = default_path = pd_store_dup_default_path ();

  if (!pd_pg_is_uri (location))
    return g_canonicalize_filename (location, NULL);

  display = pd_pg_dup_display_uri (location, NULL);
  /* Never the URI itself: it may hold a password. */
  return display != NULL ? display : g_strdup ("postgresql://");
}

/* Opening ------------------------------------------------------------ */

typedef struct
{
  char *location;
  char *password;
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_free (job->location);
  if (job->password != NULL)
    memset (job->password, 0, strlen (job->password));
  g_free (job->password);
  g_free (job);
}

static void
open_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  OpenJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  PdStore *store;

  /* NULL: $PAYDESK_DB, or paydesk.db in the user data folder. */
  store = pd_store_open_with_password (job->location, job->password, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Before the orders are read: they take their symbols as they are. */
  pd_asset_cache_name_orders (store, NULL);

  /* Reads every order into the store here, with its search key: listing
   * them again on the main thread, for the orders view, then takes this
   * listing instead of reading every row again (tests/bench:
   * ledger-open-main-thread). */
  orders = pd_store_list_orders (store, NULL);
  g_clear_pointer (&orders, g_ptr_array_unref);
  g_task_return_pointer (task, store, g_object_unref);
}

void
pd_ledger_open_async (const char          *location,
                      const char          *password,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  OpenJob *job = g_new0 (OpenJob, 1);

  job->location = g_strdup (location);
  job->password = g_strdup (password);
  g_task_set_source_tag (task, pd_ledger_open_async);
  g_task_set_task_data (task, job, (GDestroyNotify) open_job_free);
  g_task_run_in_thread (task, open_in_thread);
}

PdStore *
pd_ledger_open_finish (GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
