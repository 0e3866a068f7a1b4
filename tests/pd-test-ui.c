/* pd-test-ui.c: run the main loop of a UI test, close its windows, and fill
 * the asset lists it starts from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <gtk/gtk.h>

#include "pd-asset-list.h"
#include "pd-mixpay-asset.h"
#include "pd-test-ui.h"

void
pd_test_wait_until (PdTestCondition condition,
                    gpointer        data,
                    guint           seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!condition (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

void
pd_test_drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

gboolean
pd_test_flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

void
pd_test_close_and_finalize (gpointer window)
{
  gpointer weak = window;

  g_assert_true (GTK_IS_WINDOW (window));
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  g_object_unref (window);
  pd_test_wait_until (pointer_is_null, &weak, 5);
}

gboolean
pd_test_shows_text (gpointer    root,
                    const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (root));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (pd_test_shows_text (child, text))
      return TRUE;

  return FALSE;
}

void
pd_test_cache_fixture_asset_lists (PdStore *store)
{
  static const char *files[] = {
    [PD_ASSET_LIST_QUOTE] = "quote_assets.json",
    [PD_ASSET_LIST_SETTLEMENT] = "settlement_assets.json",
  };

  for (PdAssetListKind kind = 0; kind < G_N_ELEMENTS (files); kind++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("PAYDESK_TEST_FIXTURES"), files[kind], NULL);
      g_autofree char *json = NULL;
      g_autoptr(GPtrArray) assets = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      g_file_get_contents (path, &json, &length, &error);
      g_assert_no_error (error);
      assets = pd_mixpay_assets_parse (json, length, &error);
      g_assert_no_error (error);
      pd_asset_list_save (store, kind, assets, &error);
      g_assert_no_error (error);
    }
}

gpointer
pd_test_find_window (gpointer application,
                     GType    type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l; l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
        return l->data;
    }

  return NULL;
}

gpointer
pd_test_template_child (gpointer    widget,
                        GType       type,
                        const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_true (GTK_IS_WIDGET (object));

  return object;
}

gpointer
pd_test_find_descendant (gpointer widget,
                         GType    type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gpointer found = pd_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

void
pd_test_assert_settings_lack (GSettings  *settings,
                              const char *text)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      if (strstr (printed, text) != NULL)
        g_error ("The setting %s holds %s", keys[i], text);
    }
}
