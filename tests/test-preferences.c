/* test-preferences.c: the preferences window and its validation
 *
 * Types into the real rows under Xvfb and checks what reaches GSettings
 * (memory backend): only values the paylink validators accept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "pd-paylink.h"
#include "pd-preferences-window.h"
#include "pd-test-ui.h"

#define PAYEE_ID "a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
#define ASSET_ID "c6d0c728-2624-429b-8e0d-d9d19b6592fa"

typedef struct
{
  GSettings           *settings;
  PdPreferencesWindow *window;
} Fixture;

static gpointer
child (Fixture    *fixture,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                   PD_TYPE_PREFERENCES_WINDOW, name);

  g_assert_true (GTK_IS_WIDGET (object));

  return object;
}

static void
reset_settings (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->settings = g_settings_new (APP_ID);
  reset_settings (fixture->settings);
  pd_test_drain_main_context ();

  fixture->window = pd_preferences_window_new (NULL);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  pd_test_close_and_finalize (g_object_ref (fixture->window));

  g_clear_object (&fixture->settings);
}

/* Types @text into the entry row @row_name, as the user would. */
static void
type_into (Fixture    *fixture,
           const char *row_name,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (fixture, row_name)), text);
  pd_test_drain_main_context ();
}

static void
assert_error_shown (Fixture    *fixture,
                    const char *name)
{
  g_autofree char *row_name = g_strconcat (name, "_row", NULL);
  g_autofree char *error_row_name = g_strconcat (name, "_error_row", NULL);
  g_autofree char *error_label_name = g_strconcat (name, "_error_label", NULL);
  const char *message = gtk_label_get_text (child (fixture, error_label_name));

  g_assert_true (gtk_widget_has_css_class (child (fixture, row_name), "error"));
  g_assert_true (gtk_widget_get_mapped (child (fixture, error_row_name)));
  g_assert_cmpstr (message, !=, "");
  /* The row names the field; MixPay's own name is not repeated. */
  g_assert_null (strstr (message, "Id:"));
  g_assert_null (strstr (message, "returnTo:"));
  gtk_test_accessible_assert_state (child (fixture, row_name),
                                    GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
}

static void
assert_no_error_shown (Fixture    *fixture,
                       const char *name)
{
  g_autofree char *row_name = g_strconcat (name, "_row", NULL);
  g_autofree char *error_row_name = g_strconcat (name, "_error_row", NULL);

  g_assert_false (gtk_widget_has_css_class (child (fixture, row_name), "error"));
  g_assert_false (gtk_widget_get_visible (child (fixture, error_row_name)));
}

static void
test_preferences_first_open (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char *names[] = { "payee_id", "settlement_asset", "quote_asset", "return_to" };

  /* Empty required fields are not an error before the user types. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *row_name = g_strconcat (names[i], "_row", NULL);

      g_assert_cmpstr (gtk_editable_get_text (child (fixture, row_name)), ==, "");
      assert_no_error_shown (fixture, names[i]);
    }
}

static void
test_preferences_payee_id (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  const char *message;

  type_into (fixture, "payee_id_row", "a38ed284-5689");
  assert_error_shown (fixture, "payee_id");
  /* The core's own rule, as a sentence. */
  g_assert_false (pd_paylink_validate_payee_id ("a38ed284-5689", &error));
  message = gtk_label_get_text (child (fixture, "payee_id_error_label"));
  g_assert_true (g_ascii_isupper (message[0]));
  g_assert_cmpstr (message + 1, ==, pd_paylink_error_get_rule (error) + 1);
  stored = g_settings_get_string (fixture->settings, "payee-id");
  g_assert_cmpstr (stored, ==, "");
  g_clear_pointer (&stored, g_free);

  /* Pasted with spaces around it: stored without them. */
  type_into (fixture, "payee_id_row", "  " PAYEE_ID " ");
  assert_no_error_shown (fixture, "payee_id");
  stored = g_settings_get_string (fixture->settings, "payee-id");
  g_assert_cmpstr (stored, ==, PAYEE_ID);
  g_clear_pointer (&stored, g_free);

  /* Clearing a required field is an error; the last valid value stays. */
  type_into (fixture, "payee_id_row", "");
  assert_error_shown (fixture, "payee_id");
  stored = g_settings_get_string (fixture->settings, "payee-id");
  g_assert_cmpstr (stored, ==, PAYEE_ID);
}

static void
test_preferences_assets (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *settlement = NULL;
  g_autofree char *quote = NULL;

  type_into (fixture, "settlement_asset_row", "usdt");
  assert_error_shown (fixture, "settlement_asset");
  type_into (fixture, "settlement_asset_row", ASSET_ID);
  assert_no_error_shown (fixture, "settlement_asset");

  type_into (fixture, "quote_asset_row", "not an asset");
  assert_error_shown (fixture, "quote_asset");
  /* A quote asset may be a fiat code. */
  type_into (fixture, "quote_asset_row", "usd");
  assert_no_error_shown (fixture, "quote_asset");

  settlement = g_settings_get_string (fixture->settings, "settlement-asset-id");
  quote = g_settings_get_string (fixture->settings, "quote-asset-id");
  g_assert_cmpstr (settlement, ==, ASSET_ID);
  g_assert_cmpstr (quote, ==, "usd");
}

static void
test_preferences_return_to (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *stored = NULL;

  type_into (fixture, "return_to_row", "shop.example/thanks");
  assert_error_shown (fixture, "return_to");
  stored = g_settings_get_string (fixture->settings, "return-to");
  g_assert_cmpstr (stored, ==, "");
  g_clear_pointer (&stored, g_free);

  type_into (fixture, "return_to_row", "https://shop.example/thanks");
  assert_no_error_shown (fixture, "return_to");
  stored = g_settings_get_string (fixture->settings, "return-to");
  g_assert_cmpstr (stored, ==, "https://shop.example/thanks");
  g_clear_pointer (&stored, g_free);

  /* Optional: empty means no return URL. */
  type_into (fixture, "return_to_row", "");
  assert_no_error_shown (fixture, "return_to");
  stored = g_settings_get_string (fixture->settings, "return-to");
  g_assert_cmpstr (stored, ==, "");
}

static void
test_preferences_follow_settings (Fixture       *fixture,
                                  gconstpointer  data)
{
  /* A change made elsewhere (another window, the CLI) shows up. */
  type_into (fixture, "payee_id_row", "x");
  assert_error_shown (fixture, "payee_id");
  g_settings_set_string (fixture->settings, "payee-id", PAYEE_ID);
  pd_test_drain_main_context ();
  g_assert_cmpstr (gtk_editable_get_text (child (fixture, "payee_id_row")), ==, PAYEE_ID);
  assert_no_error_shown (fixture, "payee_id");
}

static void
test_preferences_links (Fixture       *fixture,
                        gconstpointer  data)
{
  AdwComboRow *link_kind = child (fixture, "link_kind_row");
  GtkSpinButton *expiry = child (fixture, "expiry_spin_button");

  g_assert_cmpuint (adw_combo_row_get_selected (link_kind), ==, 0);
  adw_combo_row_set_selected (link_kind, 1);
  g_assert_cmpint (g_settings_get_enum (fixture->settings, "link-kind"), ==, 1);
  g_settings_set_string (fixture->settings, "link-kind", "paylink");
  pd_test_drain_main_context ();
  g_assert_cmpuint (adw_combo_row_get_selected (link_kind), ==, 0);

  g_assert_cmpfloat (gtk_spin_button_get_value (expiry), ==, 60);
  gtk_spin_button_set_value (expiry, 0);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "default-expiry-minutes"), ==, 0);
  /* The spin button keeps to the schema's range. */
  gtk_spin_button_set_value (expiry, 5000);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "default-expiry-minutes"), ==, 2880);

  /* Typed text that is not a whole number of minutes in range changes
   * nothing: -5 is not 0 ("never"), 5000 not 2880. (A numeric spin
   * button lets no "." or letter in: that text arrives empty.) */
  gtk_spin_button_set_value (expiry, 45);
  for (guint i = 0; i < 5; i++)
    {
      static const char * const typed[] = { "-5", "12.5", "5000", "soon", "" };

      gtk_editable_set_text (GTK_EDITABLE (expiry), typed[i]);
      gtk_spin_button_update (expiry);
      g_assert_cmpfloat (gtk_spin_button_get_value (expiry), ==, 45);
      g_assert_cmpuint (g_settings_get_uint (fixture->settings, "default-expiry-minutes"), ==, 45);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (expiry)), ==, "45");
    }
  gtk_editable_set_text (GTK_EDITABLE (expiry), "120");
  gtk_spin_button_update (expiry);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "default-expiry-minutes"), ==, 120);

  g_settings_set_uint (fixture->settings, "default-expiry-minutes", 90);
  pd_test_drain_main_context ();
  g_assert_cmpfloat (gtk_spin_button_get_value (expiry), ==, 90);

  gtk_test_accessible_assert_property (expiry, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Default expiry in minutes");
}

static void
test_preferences_checking (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkSwitch *polling = child (fixture, "polling_switch");
  GtkSwitch *notifications = child (fixture, "notifications_switch");
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_true (gtk_switch_get_active (polling));
  g_assert_true (gtk_switch_get_active (notifications));

  /* Activating the row, as the keyboard does, flips its switch (after
   * the switch's animation). */
  gtk_widget_activate (child (fixture, "polling_row"));
  while (g_settings_get_boolean (fixture->settings, "polling-enabled"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_false (gtk_switch_get_active (polling));
  gtk_switch_set_active (notifications, FALSE);
  g_assert_false (g_settings_get_boolean (fixture->settings, "notifications-enabled"));

  gtk_test_accessible_assert_property (polling, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Check Open Orders");
  gtk_test_accessible_assert_property (notifications, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Desktop Notifications");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/preferences/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("first-open", test_preferences_first_open);
  ADD ("payee-id", test_preferences_payee_id);
  ADD ("assets", test_preferences_assets);
  ADD ("return-to", test_preferences_return_to);
  ADD ("follow-settings", test_preferences_follow_settings);
  ADD ("links", test_preferences_links);
  ADD ("checking", test_preferences_checking);
#undef ADD

  return g_test_run ();
}
