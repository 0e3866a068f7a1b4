/* pd-ledger-secret.c: a shared ledger's password in the GNOME keyring
 *
 * Through libsecret, asynchronously: a locked keyring may ask the
 * merchant to unlock it, and a computer without one answers with an
 * error the caller shows (the password is then used until Paydesk
 * quits, or read by libpq from ~/.pgpass).
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "pd-ledger-secret.h"
#include "pd-pg-backend.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.paydesk.Paydesk.Ledger", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

/* libpq's defaults where the URI leaves a part out, so that the same
 * server written two ways finds the same password. */
static GHashTable *
attributes_for (const char *uri)
{
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autofree char *dbname = NULL;
  GHashTable *attributes;

  if (!pd_pg_uri_parse (uri, &user, &host, &port, &dbname, NULL))
    return NULL;

  attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (attributes, (char *) "host",
                       host != NULL ? g_steal_pointer (&host) : g_strdup ("localhost"));
  g_hash_table_insert (attributes, (char *) "port",
                       port != NULL ? g_steal_pointer (&port) : g_strdup ("5432"));
  g_hash_table_insert (attributes, (char *) "user",
                       user != NULL ? g_steal_pointer (&user) : g_strdup (g_get_user_name ()));
  g_hash_table_insert (attributes, (char *) "database",
                       dbname != NULL ? g_steal_pointer (&dbname)
                                      : g_strdup (g_hash_table_lookup (attributes, "user")));
  return attributes;
}

static gboolean
set_uri_error (GTask *task)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Not a PostgreSQL URI"));
  return FALSE;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
pd_ledger_secret_store_async (const char          *uri,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GHashTable) attributes = attributes_for (uri);
  g_autofree char *display = pd_pg_dup_display_uri (uri, NULL);
  g_autofree char *label = NULL;

  g_task_set_source_tag (task, pd_ledger_secret_store_async);
  if (attributes == NULL)
    {
      set_uri_error (task);
      return;
    }

  /* Translators: the name of the password in the keyring (Passwords
   * and Keys); %s is the database, as postgresql://user@host:port/db */
  label = g_strdup_printf (_("Paydesk ledger %s"), display);
  secret_password_storev (get_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                          label, password, cancellable, store_cb, g_steal_pointer (&task));
}

gboolean
pd_ledger_secret_store_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

void
pd_ledger_secret_lookup_async (const char          *uri,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GHashTable) attributes = attributes_for (uri);

  g_task_set_source_tag (task, pd_ledger_secret_lookup_async);
  if (attributes == NULL)
    {
      set_uri_error (task);
      return;
    }

  secret_password_lookupv (get_schema (), attributes, cancellable, lookup_cb, g_steal_pointer (&task));
}

/* The caller frees it with g_free(): it was copied out of libsecret's
 * non-pageable memory. */
char *
pd_ledger_secret_lookup_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret = g_task_propagate_pointer (G_TASK (result), &local_error);
  char *password;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  password = g_strdup (secret);
  if (secret != NULL)
    secret_password_free (secret);
  return password;
}
