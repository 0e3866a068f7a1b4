/* pd-preferences-display.c: the customer display's preferences
 *
 * The monitor row lists "Automatic" and then GdkDisplay's monitors,
 * rebuilt whenever one is plugged in or out, and stores the chosen
 * monitor's connector name (customer-display-monitor): connectors
 * outlive the order of the list. A chosen monitor that is not connected
 * stays listed, so opening the preferences never drops the choice.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-preferences-display.h"

typedef struct
{
  GSettings     *settings;
  GListModel    *monitors;
  GtkStringList *names;
  /* The connector of each item of names; "" for Automatic. */
  GPtrArray     *connectors;
  AdwComboRow   *row;
  gboolean       updating;
} DisplayPrefs;

static void
display_prefs_free (gpointer data)
{
  DisplayPrefs *prefs = data;

  g_signal_handlers_disconnect_by_data (prefs->monitors, prefs);
  g_signal_handlers_disconnect_by_data (prefs->settings, prefs);
  g_clear_object (&prefs->settings);
  g_clear_object (&prefs->monitors);
  g_clear_object (&prefs->names);
  g_clear_pointer (&prefs->connectors, g_ptr_array_unref);
  g_free (prefs);
}

static gpointer
get_child (PdPreferencesWindow *self,
           const char          *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), PD_TYPE_PREFERENCES_WINDOW, name);
}

/* "Dell U2419H (HDMI-1, 1920 × 1080)": what the merchant can tell the
 * screens apart by. */
static char *
describe_monitor (GdkMonitor *monitor)
{
  const char *manufacturer = gdk_monitor_get_manufacturer (monitor);
  const char *model = gdk_monitor_get_model (monitor);
  const char *connector = gdk_monitor_get_connector (monitor);
  g_autofree char *name = NULL;
  GdkRectangle geometry;

  gdk_monitor_get_geometry (monitor, &geometry);

  if (manufacturer != NULL && model != NULL)
    name = g_strdup_printf ("%s %s", manufacturer, model);
  else if (model != NULL || manufacturer != NULL)
    name = g_strdup (model != NULL ? model : manufacturer);
  else
    name = g_strdup (_("Monitor"));

  /* TRANSLATORS: a monitor in the customer display's list: its name,
   * connector and size in pixels, such as "Dell U2419H (HDMI-1, 1920 × 1080)" */
  return g_strdup_printf (_("%s (%s, %d × %d)"), name,
                          connector != NULL ? connector : "?",
                          geometry.width, geometry.height);
}

static void
rebuild (DisplayPrefs *prefs)
{
  g_autofree char *wanted = g_settings_get_string (prefs->settings, "customer-display-monitor");
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint n_monitors = g_list_model_get_n_items (prefs->monitors);
  guint selected = 0;

  prefs->updating = TRUE;
  g_ptr_array_set_size (prefs->connectors, 0);

  g_ptr_array_add (labels, g_strdup (_("Automatic")));
  g_ptr_array_add (prefs->connectors, g_strdup (""));
  for (guint i = 0; i < n_monitors; i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (prefs->monitors, i);
      const char *connector = gdk_monitor_get_connector (monitor);

      g_ptr_array_add (labels, describe_monitor (monitor));
      g_ptr_array_add (prefs->connectors, g_strdup (connector != NULL ? connector : ""));
      if (wanted[0] != '\0' && g_strcmp0 (connector, wanted) == 0)
        selected = prefs->connectors->len - 1;
    }

  if (wanted[0] != '\0' && selected == 0)
    {
      /* TRANSLATORS: the chosen customer display monitor, by its
       * connector name, while it is unplugged */
      g_ptr_array_add (labels, g_strdup_printf (_("%s (not connected)"), wanted));
      g_ptr_array_add (prefs->connectors, g_strdup (wanted));
      selected = prefs->connectors->len - 1;
    }

  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (prefs->names, 0, g_list_model_get_n_items (G_LIST_MODEL (prefs->names)),
                          (const char * const *) labels->pdata);
  adw_combo_row_set_selected (prefs->row, selected);
  prefs->updating = FALSE;
}

static void
monitors_changed_cb (GListModel   *monitors,
                     guint         position,
                     guint         removed,
                     guint         added,
                     DisplayPrefs *prefs)
{
  rebuild (prefs);
}

static void
monitor_setting_changed_cb (GSettings    *settings,
                            const char   *key,
                            DisplayPrefs *prefs)
{
  rebuild (prefs);
}

static void
selected_changed_cb (AdwComboRow  *row,
                     GParamSpec   *pspec,
                     DisplayPrefs *prefs)
{
  guint selected = adw_combo_row_get_selected (row);

  if (prefs->updating || selected >= prefs->connectors->len)
    return;

  g_settings_set_string (prefs->settings, "customer-display-monitor",
                         g_ptr_array_index (prefs->connectors, selected));
}

static gboolean
seconds_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));

  return TRUE;
}

static GVariant *
seconds_set_mapping (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  double seconds = g_value_get_double (value);

  /* The spin button keeps to the schema's range; never store outside it. */
  if (seconds < 0 || seconds > 600)
    return NULL;

  return g_variant_new_uint32 ((guint32) seconds);
}

void
pd_preferences_window_class_init_display (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child_full (widget_class, "customer_monitor_row", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "customer_idle_spin_button", FALSE, 0);
}

void
pd_preferences_window_init_display (PdPreferencesWindow *self)
{
  DisplayPrefs *prefs = g_new0 (DisplayPrefs, 1);

  prefs->settings = g_settings_new (APP_ID);
  prefs->monitors = g_object_ref (gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self))));
  prefs->names = gtk_string_list_new (NULL);
  prefs->connectors = g_ptr_array_new_with_free_func (g_free);
  prefs->row = get_child (self, "customer_monitor_row");
  g_object_set_data_full (G_OBJECT (self), "pd-display-prefs", prefs, display_prefs_free);

  adw_combo_row_set_model (prefs->row, G_LIST_MODEL (prefs->names));
  rebuild (prefs);

  g_signal_connect (prefs->monitors, "items-changed", G_CALLBACK (monitors_changed_cb), prefs);
  g_signal_connect (prefs->settings, "changed::customer-display-monitor",
                    G_CALLBACK (monitor_setting_changed_cb), prefs);
  g_signal_connect (prefs->row, "notify::selected", G_CALLBACK (selected_changed_cb), prefs);

  g_settings_bind_with_mapping (prefs->settings, "customer-display-idle-seconds",
                                get_child (self, "customer_idle_spin_button"), "value",
                                G_SETTINGS_BIND_DEFAULT,
                                seconds_get_mapping, seconds_set_mapping,
                                NULL, NULL);
}
