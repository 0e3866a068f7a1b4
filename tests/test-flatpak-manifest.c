/* test-flatpak-manifest.c: the Flatpak manifest is valid JSON, names our
 * app, pins every download and keeps the sandbox tight
 *
 * The manifest cannot be built here (no network), so this test is what
 * keeps it honest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#define MANIFEST_NAME APP_ID ".json"

static JsonObject *manifest;
static char *manifest_dir;

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);

  return json_node_get_string (node);
}

static JsonArray *
get_array_member (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));

  return json_node_get_array (node);
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;

  return FALSE;
}

static JsonObject *
find_module (const char *name)
{
  JsonArray *modules = get_array_member (manifest, "modules");

  for (guint i = 0; i < json_array_get_length (modules); i++)
    {
      JsonObject *module = json_array_get_object_element (modules, i);

      if (module != NULL && g_strcmp0 (get_string_member (module, "name"), name) == 0)
        return module;
    }

  return NULL;
}

static gboolean
is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;

  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isdigit (*c) && !(*c >= 'a' && *c <= 'f'))
      return FALSE;

  return TRUE;
}

static void
test_manifest_identity (void)
{
  g_assert_cmpstr (get_string_member (manifest, "app-id"), ==, APP_ID);
  g_assert_cmpstr (get_string_member (manifest, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (get_string_member (manifest, "sdk"), ==, "org.gnome.Sdk");
  g_assert_cmpstr (get_string_member (manifest, "runtime-version"), ==, "47");
  g_assert_cmpstr (get_string_member (manifest, "command"), ==, "paydesk");
}

static void
test_manifest_finish_args (void)
{
  static const char * const required[] = {
    "--share=network",
    "--share=ipc",
    "--socket=fallback-x11",
    "--socket=wayland",
    "--device=dri",
  };
  /* Files go through the portal; X11 only when Wayland is missing; no way
   * out of the sandbox. */
  static const char * const forbidden_prefixes[] = {
    "--filesystem",
    "--socket=x11",
    "--device=all",
    "--talk-name=org.freedesktop.Flatpak",
  };
  JsonArray *args = get_array_member (manifest, "finish-args");

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      if (!array_has_string (args, required[i]))
        g_test_fail_printf ("finish-args: %s is missing", required[i]);
    }

  for (guint i = 0; i < json_array_get_length (args); i++)
    {
      const char *arg = json_array_get_string_element (args, i);

      g_assert_nonnull (arg);
      for (guint j = 0; j < G_N_ELEMENTS (forbidden_prefixes); j++)
        {
          if (g_str_has_prefix (arg, forbidden_prefixes[j]))
            g_test_fail_printf ("finish-args: %s gives the app more than it needs", arg);
        }
    }
}

/* Every download is pinned: flatpak-builder refuses a changed tarball. */
static void
test_manifest_sources_pinned (void)
{
  JsonArray *modules = get_array_member (manifest, "modules");

  g_assert_cmpuint (json_array_get_length (modules), >, 0);

  for (guint i = 0; i < json_array_get_length (modules); i++)
    {
      JsonObject *module = json_array_get_object_element (modules, i);
      JsonArray *sources;

      g_assert_nonnull (module);
      sources = get_array_member (module, "sources");
      for (guint j = 0; j < json_array_get_length (sources); j++)
        {
          JsonObject *source = json_array_get_object_element (sources, j);
          const char *type = get_string_member (source, "type");

          if (g_strcmp0 (type, "archive") != 0 && g_strcmp0 (type, "file") != 0)
            continue;

          if (!g_str_has_prefix (get_string_member (source, "url"), "https://"))
            g_test_fail_printf ("%s: source %u is not fetched over https",
                     get_string_member (module, "name"), j);
          if (!json_object_has_member (source, "sha256")
              || !is_sha256 (get_string_member (source, "sha256")))
            g_test_fail_printf ("%s: source %u has no sha256 (64 lower-case hex digits)",
                     get_string_member (module, "name"), j);
        }
    }
}

static void
test_manifest_qrencode (void)
{
  JsonObject *module = find_module ("libqrencode");
  JsonObject *source;

  g_assert_nonnull (module);
  g_assert_true (array_has_string (get_array_member (module, "config-opts"),
                                   "--without-tools"));

  source = json_array_get_object_element (get_array_member (module, "sources"), 0);
  g_assert_cmpstr (get_string_member (source, "type"), ==, "archive");
  g_assert_cmpstr (get_string_member (source, "url"), ==,
                   "https://fukuchi.org/works/qrencode/qrencode-4.1.1.tar.gz");
  g_assert_nonnull (get_string_member (source, "x-checksum-source"));
}

/* Paydesk is the last module, built with meson from this very tree. */
static void
test_manifest_paydesk_module (void)
{
  JsonArray *modules = get_array_member (manifest, "modules");
  guint n_modules = json_array_get_length (modules);
  JsonObject *module = json_array_get_object_element (modules, n_modules - 1);
  JsonObject *source;
  g_autofree char *tree = NULL;
  g_autofree char *meson_build = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (get_string_member (module, "name"), ==, "paydesk");
  g_assert_cmpstr (get_string_member (module, "buildsystem"), ==, "meson");

  source = json_array_get_object_element (get_array_member (module, "sources"), 0);
  g_assert_cmpstr (get_string_member (source, "type"), ==, "dir");

  tree = g_build_filename (manifest_dir, get_string_member (source, "path"), NULL);
  meson_build = g_build_filename (tree, "meson.build", NULL);
  g_file_get_contents (meson_build, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "project('paydesk'"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *srcdir;
  JsonNode *root;
  int status;

  g_test_init (&argc, &argv, NULL);

  srcdir = g_getenv ("PAYDESK_TEST_SRCDIR");
  g_assert_nonnull (srcdir);
  manifest_dir = g_build_filename (srcdir, "..", "build-aux", "flatpak", NULL);
  path = g_build_filename (manifest_dir, MANIFEST_NAME, NULL);

  /* json-glib accepts a few things JSON does not; flatpak-builder uses it
   * too, so "valid" here means what the builder will read. */
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  manifest = json_node_get_object (root);

  g_test_add_func ("/flatpak-manifest/identity", test_manifest_identity);
  g_test_add_func ("/flatpak-manifest/finish-args", test_manifest_finish_args);
  g_test_add_func ("/flatpak-manifest/sources-pinned", test_manifest_sources_pinned);
  g_test_add_func ("/flatpak-manifest/qrencode", test_manifest_qrencode);
  g_test_add_func ("/flatpak-manifest/paydesk-module", test_manifest_paydesk_module);

  status = g_test_run ();
  g_free (manifest_dir);

  return status;
}
