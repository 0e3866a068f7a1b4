/* fake-secret-service.c: a Secret Service on the session bus, for tests
 *
 * What libsecret's secret_password_store(), _lookup() and _clear() ask of
 * the GNOME keyring, and nothing more: one collection, "login", always
 * unlocked and the default; sessions with the "plain" algorithm only;
 * items kept in memory until it quits. It prints "ready" once it owns
 * org.freedesktop.secrets, then the name of each method called, and
 * quits when its standard input closes.
 *
 * The real gnome-keyring-daemon runs headless, but its Debian package
 * installs a D-Bus activation file: every test's session bus would then
 * start a keyring that prompts (and waits) on the first store, and the
 * tests of a computer without a keyring could no longer run.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <gio/gio.h>
#include <gio/gunixinputstream.h>

#define SERVICE_PATH "/org/freedesktop/secrets"
#define COLLECTION_PATH SERVICE_PATH "/collection/login"

static const char introspection_xml[] =
  "<node>"
  " <interface name='org.freedesktop.Secret.Service'>"
  "  <method name='OpenSession'>"
  "   <arg name='algorithm' type='s' direction='in'/>"
  "   <arg name='input' type='v' direction='in'/>"
  "   <arg name='output' type='v' direction='out'/>"
  "   <arg name='result' type='o' direction='out'/>"
  "  </method>"
  "  <method name='CreateCollection'>"
  "   <arg name='properties' type='a{sv}' direction='in'/>"
  "   <arg name='alias' type='s' direction='in'/>"
  "   <arg name='collection' type='o' direction='out'/>"
  "   <arg name='prompt' type='o' direction='out'/>"
  "  </method>"
  "  <method name='SearchItems'>"
  "   <arg name='attributes' type='a{ss}' direction='in'/>"
  "   <arg name='unlocked' type='ao' direction='out'/>"
  "   <arg name='locked' type='ao' direction='out'/>"
  "  </method>"
  "  <method name='Unlock'>"
  "   <arg name='objects' type='ao' direction='in'/>"
  "   <arg name='unlocked' type='ao' direction='out'/>"
  "   <arg name='prompt' type='o' direction='out'/>"
  "  </method>"
  "  <method name='Lock'>"
  "   <arg name='objects' type='ao' direction='in'/>"
  "   <arg name='locked' type='ao' direction='out'/>"
  "   <arg name='Prompt' type='o' direction='out'/>"
  "  </method>"
  "  <method name='GetSecrets'>"
  "   <arg name='items' type='ao' direction='in'/>"
  "   <arg name='session' type='o' direction='in'/>"
  "   <arg name='secrets' type='a{o(oayays)}' direction='out'/>"
  "  </method>"
  "  <method name='ReadAlias'>"
  "   <arg name='name' type='s' direction='in'/>"
  "   <arg name='collection' type='o' direction='out'/>"
  "  </method>"
  "  <method name='SetAlias'>"
  "   <arg name='name' type='s' direction='in'/>"
  "   <arg name='collection' type='o' direction='in'/>"
  "  </method>"
  "  <property name='Collections' type='ao' access='read'/>"
  " </interface>"
  " <interface name='org.freedesktop.Secret.Collection'>"
  "  <method name='Delete'>"
  "   <arg name='prompt' type='o' direction='out'/>"
  "  </method>"
  "  <method name='SearchItems'>"
  "   <arg name='attributes' type='a{ss}' direction='in'/>"
  "   <arg name='results' type='ao' direction='out'/>"
  "  </method>"
  "  <method name='CreateItem'>"
  "   <arg name='properties' type='a{sv}' direction='in'/>"
  "   <arg name='secret' type='(oayays)' direction='in'/>"
  "   <arg name='replace' type='b' direction='in'/>"
  "   <arg name='item' type='o' direction='out'/>"
  "   <arg name='prompt' type='o' direction='out'/>"
  "  </method>"
  "  <property name='Items' type='ao' access='read'/>"
  "  <property name='Label' type='s' access='read'/>"
  "  <property name='Locked' type='b' access='read'/>"
  "  <property name='Created' type='t' access='read'/>"
  "  <property name='Modified' type='t' access='read'/>"
  " </interface>"
  " <interface name='org.freedesktop.Secret.Item'>"
  "  <method name='Delete'>"
  "   <arg name='prompt' type='o' direction='out'/>"
  "  </method>"
  "  <method name='GetSecret'>"
  "   <arg name='session' type='o' direction='in'/>"
  "   <arg name='secret' type='(oayays)' direction='out'/>"
  "  </method>"
  "  <method name='SetSecret'>"
  "   <arg name='secret' type='(oayays)' direction='in'/>"
  "  </method>"
  "  <property name='Locked' type='b' access='read'/>"
  "  <property name='Attributes' type='a{ss}' access='read'/>"
  "  <property name='Label' type='s' access='read'/>"
  "  <property name='Created' type='t' access='read'/>"
  "  <property name='Modified' type='t' access='read'/>"
  " </interface>"
  " <interface name='org.freedesktop.Secret.Session'>"
  "  <method name='Close'/>"
  " </interface>"
  "</node>";

typedef struct
{
  char       *path;
  guint       registration;
  char       *label;
  GHashTable *attributes;
  GBytes     *secret;
  char       *content_type;
} Item;

static GDBusNodeInfo *node_info;
static GDBusConnection *connection;
/* Of Item, by path. */
static GHashTable *items;
static guint next_item = 1;
static guint next_session = 1;
static GMainLoop *loop;

static void
item_free (Item *item)
{
  if (item->registration != 0)
    g_dbus_connection_unregister_object (connection, item->registration);
  g_free (item->path);
  g_free (item->label);
  g_hash_table_unref (item->attributes);
  g_bytes_unref (item->secret);
  g_free (item->content_type);
  g_free (item);
}

static gboolean
item_matches (Item     *item,
              GVariant *attributes)
{
  GVariantIter iter;
  const char *key;
  const char *value;

  g_variant_iter_init (&iter, attributes);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (g_strcmp0 (g_hash_table_lookup (item->attributes, key), value) != 0)
      return FALSE;

  return TRUE;
}

static GVariant *
matching_paths (GVariant *attributes)
{
  GVariantBuilder builder;
  GHashTableIter iter;
  Item *item;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("ao"));
  g_hash_table_iter_init (&iter, items);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &item))
    if (attributes == NULL || item_matches (item, attributes))
      g_variant_builder_add (&builder, "o", item->path);

  return g_variant_builder_end (&builder);
}

static GVariant *
item_secret (Item       *item,
             const char *session)
{
  return g_variant_new ("(o@ay@ays)", session,
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "", 0, 1),
                        g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, item->secret, TRUE),
                        item->content_type);
}

static void
item_set_secret (Item     *item,
                 GVariant *secret)
{
  g_autoptr(GVariant) value = NULL;
  const char *content_type = NULL;

  g_variant_get (secret, "(&o@ay@ay&s)", NULL, NULL, &value, &content_type);
  g_clear_pointer (&item->secret, g_bytes_unref);
  item->secret = g_variant_get_data_as_bytes (value);
  g_free (item->content_type);
  item->content_type = g_strdup (content_type);
}

static GVariant *
get_property (GDBusConnection  *conn,
              const char       *sender,
              const char       *path,
              const char       *interface,
              const char       *property,
              GError          **error,
              gpointer          user_data)
{
  Item *item = user_data;

  if (g_str_equal (property, "Collections"))
    return g_variant_new_objv ((const char *[]) { COLLECTION_PATH }, 1);
  if (g_str_equal (property, "Items"))
    return matching_paths (NULL);
  if (g_str_equal (property, "Locked"))
    return g_variant_new_boolean (FALSE);
  if (g_str_equal (property, "Created") || g_str_equal (property, "Modified"))
    return g_variant_new_uint64 (0);
  if (g_str_equal (property, "Label"))
    return g_variant_new_string (item != NULL ? item->label : "Login");
  if (g_str_equal (property, "Attributes") && item != NULL)
    {
      GVariantBuilder builder;
      GHashTableIter iter;
      const char *key;
      const char *value;

      g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
      g_hash_table_iter_init (&iter, item->attributes);
      while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &value))
        g_variant_builder_add (&builder, "{ss}", key, value);
      return g_variant_builder_end (&builder);
    }

  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY, "No property %s", property);
  return NULL;
}

static void item_method_call (GDBusConnection *, const char *, const char *, const char *,
                              const char *, GVariant *, GDBusMethodInvocation *, gpointer);

static const GDBusInterfaceVTable item_vtable = { item_method_call, get_property, NULL, { 0 } };

static char *
create_item (GVariant *properties,
             GVariant *secret,
             gboolean  replace)
{
  g_autoptr(GVariant) attributes = NULL;
  const char *label = "";
  GHashTableIter iter;
  Item *item = NULL;

  g_variant_lookup (properties, "org.freedesktop.Secret.Item.Label", "&s", &label);
  attributes = g_variant_lookup_value (properties, "org.freedesktop.Secret.Item.Attributes",
                                       G_VARIANT_TYPE ("a{ss}"));
  if (attributes == NULL)
    attributes = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{ss}"), NULL, 0));

  /* Replacing: the item whose attributes are exactly these. */
  g_hash_table_iter_init (&iter, items);
  while (replace && g_hash_table_iter_next (&iter, NULL, (gpointer *) &item))
    {
      if (item_matches (item, attributes) &&
          g_hash_table_size (item->attributes) == g_variant_n_children (attributes))
        break;
      item = NULL;
    }

  if (item == NULL)
    {
      GVariantIter attribute_iter;
      const char *key;
      const char *value;

      item = g_new0 (Item, 1);
      item->path = g_strdup_printf (COLLECTION_PATH "/%u", next_item++);
      item->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_variant_iter_init (&attribute_iter, attributes);
      while (g_variant_iter_next (&attribute_iter, "{&s&s}", &key, &value))
        g_hash_table_insert (item->attributes, g_strdup (key), g_strdup (value));
      item->registration = g_dbus_connection_register_object (connection, item->path,
                                                              g_dbus_node_info_lookup_interface (node_info, "org.freedesktop.Secret.Item"),
                                                              &item_vtable, item, NULL, NULL);
      g_hash_table_insert (items, item->path, item);
    }

  g_free (item->label);
  item->label = g_strdup (label);
  item_set_secret (item, secret);
  return g_strdup (item->path);
}

static void
item_method_call (GDBusConnection       *conn,
                  const char            *sender,
                  const char            *path,
                  const char            *interface,
                  const char            *method,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  Item *item = user_data;

  g_print ("%s\n", method);
  if (g_str_equal (method, "Delete"))
    {
      g_hash_table_remove (items, item->path);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", "/"));
    }
  else if (g_str_equal (method, "GetSecret"))
    {
      const char *session;

      g_variant_get (parameters, "(&o)", &session);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(@(oayays))", item_secret (item, session)));
    }
  else if (g_str_equal (method, "SetSecret"))
    {
      g_autoptr(GVariant) secret = g_variant_get_child_value (parameters, 0);

      item_set_secret (item, secret);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                             "No method %s", method);
    }
}

static void
method_call (GDBusConnection       *conn,
             const char            *sender,
             const char            *path,
             const char            *interface,
             const char            *method,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  /* For the test, which reads what was asked. */
  g_print ("%s\n", method);
  if (g_str_equal (method, "OpenSession"))
    {
      const char *algorithm;
      g_autofree char *session = NULL;

      g_variant_get (parameters, "(&sv)", &algorithm, NULL);
      if (!g_str_equal (algorithm, "plain"))
        {
          g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_NOT_SUPPORTED,
                                                 "Only the plain algorithm");
          return;
        }
      session = g_strdup_printf (SERVICE_PATH "/session/%u", next_session++);
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(vo)", g_variant_new_string (""), session));
    }
  else if (g_str_equal (method, "SearchItems") && g_str_equal (interface, "org.freedesktop.Secret.Service"))
    {
      g_autoptr(GVariant) attributes = g_variant_get_child_value (parameters, 0);

      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(@ao@ao)", matching_paths (attributes),
                                                            g_variant_new_objv (NULL, 0)));
    }
  else if (g_str_equal (method, "SearchItems"))
    {
      g_autoptr(GVariant) attributes = g_variant_get_child_value (parameters, 0);

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(@ao)", matching_paths (attributes)));
    }
  else if (g_str_equal (method, "Unlock") || g_str_equal (method, "Lock"))
    {
      g_autoptr(GVariant) objects = g_variant_get_child_value (parameters, 0);

      /* Always unlocked: Lock locks nothing. */
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(@ao@o)",
                                                            g_str_equal (method, "Unlock") ? g_variant_ref (objects)
                                                                                            : g_variant_new_objv (NULL, 0),
                                                            g_variant_new_object_path ("/")));
    }
  else if (g_str_equal (method, "GetSecrets"))
    {
      g_autofree const char **paths = NULL;
      const char *session;
      GVariantBuilder builder;

      g_variant_get (parameters, "(^a&o&o)", &paths, &session);
      g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{o(oayays)}"));
      for (guint i = 0; paths[i] != NULL; i++)
        {
          Item *item = g_hash_table_lookup (items, paths[i]);

          if (item != NULL)
            g_variant_builder_add (&builder, "{o@(oayays)}", item->path, item_secret (item, session));
        }
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(@a{o(oayays)})", g_variant_builder_end (&builder)));
    }
  else if (g_str_equal (method, "ReadAlias"))
    {
      const char *name;

      g_variant_get (parameters, "(&s)", &name);
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(o)", g_str_equal (name, "default") ||
                                                                   g_str_equal (name, "login")
                                                                   ? COLLECTION_PATH : "/"));
    }
  else if (g_str_equal (method, "SetAlias"))
    {
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method, "CreateCollection"))
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(oo)", COLLECTION_PATH, "/"));
    }
  else if (g_str_equal (method, "CreateItem"))
    {
      g_autoptr(GVariant) properties = g_variant_get_child_value (parameters, 0);
      g_autoptr(GVariant) secret = g_variant_get_child_value (parameters, 1);
      gboolean replace;
      g_autofree char *item_path = NULL;

      g_variant_get_child (parameters, 2, "b", &replace);
      item_path = create_item (properties, secret, replace);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(oo)", item_path, "/"));
    }
  else if (g_str_equal (method, "Close") || g_str_equal (method, "Delete"))
    {
      if (g_str_equal (method, "Delete"))
        g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", "/"));
      else
        g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                             "No method %s", method);
    }
}

static const GDBusInterfaceVTable vtable = { method_call, get_property, NULL, { 0 } };

/* Sessions are objects of their own: any path under session/ answers. */
static char **
subtree_enumerate (GDBusConnection *conn,
                   const char      *sender,
                   const char      *path,
                   gpointer         user_data)
{
  return g_new0 (char *, 1);
}

static GDBusInterfaceInfo **
subtree_introspect (GDBusConnection *conn,
                    const char      *sender,
                    const char      *path,
                    const char      *node,
                    gpointer         user_data)
{
  GDBusInterfaceInfo **infos = g_new0 (GDBusInterfaceInfo *, 2);

  infos[0] = g_dbus_interface_info_ref (g_dbus_node_info_lookup_interface (node_info, "org.freedesktop.Secret.Session"));
  return infos;
}

static const GDBusInterfaceVTable *
subtree_dispatch (GDBusConnection *conn,
                  const char      *sender,
                  const char      *path,
                  const char      *interface,
                  const char      *node,
                  gpointer        *out_user_data,
                  gpointer         user_data)
{
  *out_user_data = NULL;
  return &vtable;
}

static const GDBusSubtreeVTable subtree_vtable = { subtree_enumerate, subtree_introspect, subtree_dispatch, { 0 } };

static void
name_acquired_cb (GDBusConnection *conn,
                  const char      *name,
                  gpointer         user_data)
{
  g_print ("ready\n");
}

static void
name_lost_cb (GDBusConnection *conn,
              const char      *name,
              gpointer         user_data)
{
  g_printerr ("fake-secret-service: cannot own %s\n", name);
  exit (1);
}

static void
stdin_closed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_main_loop_quit (loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) input = g_unix_input_stream_new (0, FALSE);
  static char buffer[64];

  setvbuf (stdout, NULL, _IOLBF, 0);
  node_info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_assert_no_error (error);
  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (connection == NULL)
    {
      g_printerr ("fake-secret-service: %s\n", error->message);
      return 1;
    }

  items = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) item_free);
  g_dbus_connection_register_object (connection, SERVICE_PATH,
                                     g_dbus_node_info_lookup_interface (node_info, "org.freedesktop.Secret.Service"),
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (connection, COLLECTION_PATH,
                                     g_dbus_node_info_lookup_interface (node_info, "org.freedesktop.Secret.Collection"),
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  /* libsecret stores to SECRET_COLLECTION_DEFAULT, this path itself. */
  g_dbus_connection_register_object (connection, SERVICE_PATH "/aliases/default",
                                     g_dbus_node_info_lookup_interface (node_info, "org.freedesktop.Secret.Collection"),
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_subtree (connection, SERVICE_PATH "/session", &subtree_vtable,
                                      G_DBUS_SUBTREE_FLAGS_DISPATCH_TO_UNENUMERATED_NODES,
                                      NULL, NULL, &error);
  g_assert_no_error (error);

  g_bus_own_name_on_connection (connection, "org.freedesktop.secrets", G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                name_acquired_cb, name_lost_cb, NULL, NULL);

  /* The test closes its end of the pipe when it is done, or dies. */
  loop = g_main_loop_new (NULL, FALSE);
  g_input_stream_read_async (input, buffer, sizeof buffer, G_PRIORITY_DEFAULT, NULL, stdin_closed_cb, NULL);
  g_main_loop_run (loop);

  g_hash_table_unref (items);
  g_main_loop_unref (loop);
  g_object_unref (connection);
  g_dbus_node_info_unref (node_info);
  return 0;
}
