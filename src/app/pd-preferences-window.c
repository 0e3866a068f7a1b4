/* pd-preferences-window.c: the preferences
 *
 * Every control writes straight to GSettings. The MixPay account fields are
 * checked with the paylink validators as the user types: an invalid value
 * is shown under its row and never stored, so the settings always hold
 * something a link can be built from.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-paylink.h"
#include "pd-preferences-window.h"
#include "pd-preferences-shop.h"

typedef enum
{
  ENTRY_PAYEE_ID,
  ENTRY_SETTLEMENT_ASSET,
  ENTRY_QUOTE_ASSET,
  ENTRY_RETURN_TO,
  N_ENTRIES
} PdEntry;

typedef struct
{
  const char  *key;
  gboolean   (*validate) (const char  *text,
                          GError     **error);
  /* An empty value is allowed, and means "none". */
  gboolean     optional;
} PdEntrySetting;

static const PdEntrySetting entry_settings[N_ENTRIES] = {
  [ENTRY_PAYEE_ID] = { "payee-id", pd_paylink_validate_payee_id, FALSE },
  [ENTRY_SETTLEMENT_ASSET] = { "settlement-asset-id", pd_paylink_validate_settlement_asset, FALSE },
  [ENTRY_QUOTE_ASSET] = { "quote-asset-id", pd_paylink_validate_quote_asset, FALSE },
  [ENTRY_RETURN_TO] = { "return-to", pd_paylink_validate_return_to, TRUE },
};

/* The nicks of the io.github.paydesk.Paydesk.LinkKind enum, in the order of
 * the link kind row's items. */
static const char *link_kind_nicks[] = { "paylink", "one-time" };

struct _PdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  /* Set while the rows are filled from the settings, which is not typing. */
  gboolean              loading;

  /* Template widgets */
  AdwEntryRow          *entry_rows[N_ENTRIES];
  GtkWidget            *error_rows[N_ENTRIES];
  GtkLabel             *error_labels[N_ENTRIES];
  AdwComboRow          *link_kind_row;
  GtkSpinButton        *expiry_spin_button;
  GtkSwitch            *polling_switch;
  GtkSwitch            *notifications_switch;
};

G_DEFINE_FINAL_TYPE (PdPreferencesWindow, pd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Entry rows */

static gboolean
pd_entry_setting_validate (const PdEntrySetting  *setting,
                           const char            *text,
                           GError               **error)
{
  if (setting->optional && text[0] == '\0')
    return TRUE;

  return setting->validate (text, error);
}

/* The core's message without MixPay's name for the field ("payeeId: …"),
 * as a sentence: the row above it already names the field in the user's
 * language. */
static char *
pd_entry_setting_describe_error (const GError *error)
{
  const char *rule = pd_paylink_error_get_rule (error);
  gunichar first = g_utf8_get_char (rule);
  char first_upper[8] = { 0 };

  g_unichar_to_utf8 (g_unichar_totitle (first), first_upper);

  return g_strconcat (first_upper, g_utf8_next_char (rule), NULL);
}

static void
pd_preferences_window_show_error (PdPreferencesWindow *self,
                                  PdEntry              entry,
                                  const char          *message)
{
  GtkWidget *row = GTK_WIDGET (self->entry_rows[entry]);

  if (message != NULL)
    {
      gtk_label_set_text (self->error_labels[entry], message);
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
    }

  gtk_widget_set_visible (self->error_rows[entry], message != NULL);
}

static void
pd_preferences_window_load_entry (PdPreferencesWindow *self,
                                  PdEntry              entry)
{
  g_autofree char *value = g_settings_get_string (self->settings, entry_settings[entry].key);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry_rows[entry]))));

  /* Our own write coming back: keep what the user is typing. */
  if (g_strcmp0 (value, text) == 0)
    return;

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry_rows[entry]), value);
  self->loading = FALSE;

  pd_preferences_window_show_error (self, entry, NULL);
}

static void
entry_row_changed_cb (PdPreferencesWindow *self,
                      GtkEditable         *editable)
{
  const PdEntrySetting *setting = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  PdEntry entry;

  if (self->loading)
    return;

  for (entry = 0; entry < N_ENTRIES; entry++)
    {
      if (GTK_EDITABLE (self->entry_rows[entry]) == editable)
        break;
    }
  g_return_if_fail (entry < N_ENTRIES);
  setting = &entry_settings[entry];

  /* Pasted IDs often come with spaces around them. */
  text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  if (!pd_entry_setting_validate (setting, text, &error))
    {
      g_autofree char *message = pd_entry_setting_describe_error (error);

      pd_preferences_window_show_error (self, entry, message);
      return;
    }

  pd_preferences_window_show_error (self, entry, NULL);
  g_settings_set_string (self->settings, setting->key, text);
}

static void
settings_changed_cb (PdPreferencesWindow *self,
                     const char          *key,
                     GSettings           *settings)
{
  for (PdEntry entry = 0; entry < N_ENTRIES; entry++)
    {
      if (g_str_equal (key, entry_settings[entry].key))
        pd_preferences_window_load_entry (self, entry);
    }
}

/* Setting mappings */

static gboolean
link_kind_get_mapping (GValue   *value,
                       GVariant *variant,
                       gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (link_kind_nicks); i++)
    {
      if (g_str_equal (nick, link_kind_nicks[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
link_kind_set_mapping (const GValue       *value,
                       const GVariantType *expected_type,
                       gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (link_kind_nicks))
    return NULL;

  return g_variant_new_string (link_kind_nicks[selected]);
}

static gboolean
minutes_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));

  return TRUE;
}

static GVariant *
minutes_set_mapping (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  double minutes = g_value_get_double (value);

  /* The spin button keeps to the schema's range; never store outside it. */
  if (minutes < 0 || minutes > 2880)
    return NULL;

  return g_variant_new_uint32 ((guint32) minutes);
}

/* GObject */

static void
pd_preferences_window_dispose (GObject *object)
{
  PdPreferencesWindow *self = PD_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (pd_preferences_window_parent_class)->dispose (object);
}

static void
pd_preferences_window_class_init (PdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/pd-preferences-window.ui");

#define BIND_ENTRY(name, entry) \
  gtk_widget_class_bind_template_child_full (widget_class, name "_row", FALSE, \
                                             G_STRUCT_OFFSET (PdPreferencesWindow, entry_rows[entry])); \
  gtk_widget_class_bind_template_child_full (widget_class, name "_error_row", FALSE, \
                                             G_STRUCT_OFFSET (PdPreferencesWindow, error_rows[entry])); \
  gtk_widget_class_bind_template_child_full (widget_class, name "_error_label", FALSE, \
                                             G_STRUCT_OFFSET (PdPreferencesWindow, error_labels[entry]))
  BIND_ENTRY ("payee_id", ENTRY_PAYEE_ID);
  BIND_ENTRY ("settlement_asset", ENTRY_SETTLEMENT_ASSET);
  BIND_ENTRY ("quote_asset", ENTRY_QUOTE_ASSET);
  BIND_ENTRY ("return_to", ENTRY_RETURN_TO);
#undef BIND_ENTRY

  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, link_kind_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, expiry_spin_button);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, polling_switch);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, notifications_switch);
  /* Not needed by the code, but reachable by name for the UI tests
   * (gtk_widget_get_template_child). */
  gtk_widget_class_bind_template_child_full (widget_class, "polling_row", FALSE, 0);
  pd_preferences_window_class_init_shop (widget_class);
}

static void
pd_preferences_window_init (PdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  for (PdEntry entry = 0; entry < N_ENTRIES; entry++)
    {
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entry_rows[entry]),
                                      GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->error_labels[entry],
                                      -1);
      pd_preferences_window_load_entry (self, entry);
      g_signal_connect_object (self->entry_rows[entry], "changed",
                               G_CALLBACK (entry_row_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);

  g_settings_bind_with_mapping (self->settings, "link-kind",
                                self->link_kind_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                link_kind_get_mapping, link_kind_set_mapping,
                                NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "default-expiry-minutes",
                                self->expiry_spin_button, "value",
                                G_SETTINGS_BIND_DEFAULT,
                                minutes_get_mapping, minutes_set_mapping,
                                NULL, NULL);
  g_settings_bind (self->settings, "polling-enabled",
                   self->polling_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notifications-enabled",
                   self->notifications_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  pd_preferences_window_init_shop (self);
}

/* Public API */

PdPreferencesWindow *
pd_preferences_window_new (void)
{
  return g_object_new (PD_TYPE_PREFERENCES_WINDOW, NULL);
}
