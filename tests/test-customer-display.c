/* test-customer-display.c: the customer display, driven as at the counter
 *
 * Drives the real PdApplication and PdWindow under Xvfb on a temporary
 * ledger: Show to Customer on the order page opens the display, and the
 * orders move through their states as the poller moves them (their
 * properties, then the store), while the test reads what the customer
 * sees: the labels that are on screen, the QR code, the accessible alert.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "pd-application.h"
#include "pd-customer-display.h"
#include "pd-order-page.h"
#include "pd-orders-view.h"
#include "pd-preferences-window.h"
#include "pd-window.h"

#include "orders-fixture.h"
#include "pd-test-ui.h"

#define PAY_BASE "http://127.0.0.1:9"
#define SHOP_NAME "Corner Tea House"

static PdApplication *app;
static PdWindow *window;
static char *tmpdir;

/* Each note is private: the display must never show any of it. */
static const PdTestOrder fixtures[] = {
  { "disp-unpaid-0001", "10", "Private: regular, owes us 2 USDT", PD_ORDER_STATE_UNPAID },
  { "disp-unpaid-0002", "10", "Private: check ID next time", PD_ORDER_STATE_UNPAID },
  { "disp-cancel-0003", "3", "Private: paid in cash", PD_ORDER_STATE_CANCELLED },
  { "disp-unpaid-0004", "12.5", "Private: expires soon", PD_ORDER_STATE_UNPAID },
  { "disp-failed-0005", "7.25", "Private: failed once", PD_ORDER_STATE_FAILED },
};

/* Helpers */

static PdOrder *
lookup_order (const char *order_id)
{
  g_autoptr(GError) error = NULL;
  PdOrder *order = pd_store_lookup_order (pd_application_get_store (app), PAYEE_ID,
                                          order_id, &error);

  g_assert_no_error (error);
  /* The store keeps its own reference: borrowing is safe here. */
  g_object_unref (order);
  return order;
}

static PdOrderPage *
get_page (void)
{
  return PD_ORDER_PAGE (pd_window_get_order_page (window));
}

static void
select_order (PdOrder *order)
{
  PdOrdersView *view = PD_ORDERS_VIEW (pd_window_get_orders_view (window));

  pd_orders_view_set_group (view, PD_ORDER_GROUP_ALL);
  pd_orders_view_set_search_text (view, "");
  g_assert_true (pd_orders_view_select_order (view, order));
  pd_test_drain_main_context ();
  g_assert_true (pd_order_page_get_order (get_page ()) == order);
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* The shortcut of @widget's controllers for @keyval and @modifiers,
 * activated as a key press would: FALSE when there is none. */
static gboolean
activate_shortcut (GtkWidget       *widget,
                   guint            keyval,
                   GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  return FALSE;
}

/* Selects @order and presses Ctrl+D on the order page. */
static PdCustomerDisplay *
show_to_customer (PdOrder *order)
{
  PdCustomerDisplay *display;

  select_order (order);
  g_assert_true (activate_shortcut (GTK_WIDGET (get_page ()), GDK_KEY_d, GDK_CONTROL_MASK));
  display = pd_customer_display_get_for_window (GTK_WINDOW (window));
  g_assert_nonnull (display);
  g_assert_true (pd_customer_display_get_order (display) == order);
  pd_test_wait_until (widget_is_mapped, display, 10);
  pd_test_drain_main_context ();

  return display;
}

/* Everything a person can read on @widget: the text of its labels that
 * are on screen, one a line. */
static void
collect_shown_text (GtkWidget *widget,
                    GString   *text)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shown_text (child, text);
}

static char *
dup_shown_text (PdCustomerDisplay *display)
{
  GString *text = g_string_new (NULL);

  collect_shown_text (GTK_WIDGET (display), text);
  return g_string_free (text, FALSE);
}

static gboolean
shows_line (PdCustomerDisplay *display,
            const char        *line)
{
  g_autofree char *text = dup_shown_text (display);
  g_autofree char *needle = g_strdup_printf ("\n%s\n", line);
  g_autofree char *haystack = g_strconcat ("\n", text, NULL);

  return strstr (haystack, needle) != NULL;
}

/* No note of any order, no other order, nothing to press. */
static void
assert_nothing_private (PdCustomerDisplay *display)
{
  g_autofree char *text = dup_shown_text (display);
  GtkWidget *focus;

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      PdOrder *order = lookup_order (fixtures[i].order_id);

      g_assert_null (strstr (text, "Private"));
      g_assert_null (strstr (text, fixtures[i].note));
      g_assert_null (strstr (text, fixtures[i].order_id));
      if (pd_order_get_link (order) != NULL)
        g_assert_null (strstr (text, pd_order_get_link (order)));
    }

  /* Not one control: nothing takes the focus. */
  focus = gtk_root_get_focus (GTK_ROOT (display));
  g_assert_true (focus == NULL || focus == GTK_WIDGET (display));
  g_assert_false (gtk_widget_child_focus (GTK_WIDGET (display), GTK_DIR_TAB_FORWARD));
}

/* Nothing that reads as paid. */
static void
assert_not_paid (PdCustomerDisplay *display)
{
  g_autofree char *text = dup_shown_text (display);
  g_autofree char *folded = g_utf8_strdown (text, -1);
  GtkWidget *message_box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (display),
                                                                      PD_TYPE_CUSTOMER_DISPLAY,
                                                                      "message_box"));

  g_assert_null (strstr (folded, "paid"));
  g_assert_null (strstr (folded, "✓"));
  g_assert_null (strstr (folded, "thank"));
  g_assert_false (gtk_widget_has_css_class (message_box, "pd-display-paid"));
}

/* The alert region's label is what the screen says, for screen readers. */
static void
assert_announced (PdCustomerDisplay *display,
                  const char        *message)
{
  GtkWidget *alert = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (display),
                                                                PD_TYPE_CUSTOMER_DISPLAY,
                                                                "alert_box"));

  g_assert_cmpstr (pd_customer_display_get_message (display), ==, message);
  gtk_test_accessible_assert_role (alert, GTK_ACCESSIBLE_ROLE_ALERT);
  gtk_test_accessible_assert_property (alert, GTK_ACCESSIBLE_PROPERTY_LABEL, message);
}

/* The poller's write: the properties it sets, then the store. */
static void
record (PdOrder      *order,
        PdOrderState  state,
        const char   *change)
{
  g_autoptr(GError) error = NULL;

  pd_order_set_state (order, state);
  g_assert_true (pd_store_record_result (pd_application_get_store (app), order, change, NULL, &error));
  g_assert_no_error (error);
  pd_test_drain_main_context ();
}

static gboolean
screen_is (gpointer data)
{
  PdCustomerDisplay *display = pd_customer_display_get_for_window (GTK_WINDOW (window));

  return display != NULL &&
         pd_customer_display_get_screen (display) == (PdCustomerScreen) GPOINTER_TO_INT (data);
}

static gboolean
weak_ref_is_cleared (gpointer data)
{
  g_autoptr(GObject) object = g_weak_ref_get (data);

  return object == NULL;
}

/* Tests */

/* The rules, on orders that are not stored. */
static void
test_display_screens (void)
{
  static const struct { PdOrderState state; PdCustomerScreen screen; } cases[] = {
    { PD_ORDER_STATE_UNPAID, PD_CUSTOMER_SCREEN_PAY },
    { PD_ORDER_STATE_CONFIRMING, PD_CUSTOMER_SCREEN_CONFIRMING },
    { PD_ORDER_STATE_PENDING, PD_CUSTOMER_SCREEN_CONFIRMING },
    { PD_ORDER_STATE_AUDITING, PD_CUSTOMER_SCREEN_CONFIRMING },
    { PD_ORDER_STATE_PAID, PD_CUSTOMER_SCREEN_PAID },
    { PD_ORDER_STATE_PAID_LESS, PD_CUSTOMER_SCREEN_WAIT },
    { PD_ORDER_STATE_MISMATCH, PD_CUSTOMER_SCREEN_WAIT },
    { PD_ORDER_STATE_UNKNOWN, PD_CUSTOMER_SCREEN_WAIT },
    { PD_ORDER_STATE_FAILED, PD_CUSTOMER_SCREEN_CLOSED },
    { PD_ORDER_STATE_CANCELLED, PD_CUSTOMER_SCREEN_CLOSED },
  };
  static const char * const mismatch[] = { "quoteAmount", NULL };
  gint64 now = 1800000000;

  G_STATIC_ASSERT (G_N_ELEMENTS (cases) == PD_ORDER_STATE_LAST + 1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PdOrder) order = pd_order_new ();

      pd_order_set_state (order, cases[i].state);
      g_assert_cmpint (pd_customer_display_screen_for_order (order, now), ==, cases[i].screen);

      /* A mismatch list makes any state one for the shop to check,
       * paid included. */
      pd_order_set_mismatch (order, mismatch);
      g_assert_cmpint (pd_customer_display_screen_for_order (order, now), ==, PD_CUSTOMER_SCREEN_WAIT);
    }

  /* An unpaid order past its expiry no longer invites payment. */
  {
    g_autoptr(PdOrder) order = pd_order_new ();

    pd_order_set_expires_at (order, now + 1);
    g_assert_cmpint (pd_customer_display_screen_for_order (order, now), ==, PD_CUSTOMER_SCREEN_PAY);
    pd_order_set_expires_at (order, now);
    g_assert_cmpint (pd_customer_display_screen_for_order (order, now), ==, PD_CUSTOMER_SCREEN_CLOSED);
  }
}

static void
test_display_pick_monitor (void)
{
  static const char * const two[] = { "eDP-1", "HDMI-1" };
  static const char * const three[] = { "eDP-1", "HDMI-1", "DP-2" };

  /* One monitor: a normal window, whatever was chosen. */
  g_assert_cmpint (pd_customer_display_pick_monitor (two, 1, "", 0), ==, -1);
  g_assert_cmpint (pd_customer_display_pick_monitor (two, 1, "eDP-1", 0), ==, -1);
  g_assert_cmpint (pd_customer_display_pick_monitor (NULL, 0, NULL, -1), ==, -1);
  /* Automatic: the first that is not the merchant's. */
  g_assert_cmpint (pd_customer_display_pick_monitor (two, 2, "", 0), ==, 1);
  g_assert_cmpint (pd_customer_display_pick_monitor (two, 2, NULL, 1), ==, 0);
  g_assert_cmpint (pd_customer_display_pick_monitor (three, 3, "", 0), ==, 1);
  /* The chosen one when it is connected, else automatic. */
  g_assert_cmpint (pd_customer_display_pick_monitor (three, 3, "DP-2", 0), ==, 2);
  g_assert_cmpint (pd_customer_display_pick_monitor (three, 3, "DP-9", 1), ==, 0);
}

/* unpaid → confirming → paid → thank you. */
static void
test_display_paid (void)
{
  PdOrder *order = lookup_order ("disp-unpaid-0001");
  PdCustomerDisplay *display = show_to_customer (order);
  GtkWidget *message_box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (display),
                                                                      PD_TYPE_CUSTOMER_DISPLAY,
                                                                      "message_box"));
  GtkWidget *qr_picture = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (display),
                                                                     PD_TYPE_CUSTOMER_DISPLAY,
                                                                     "qr_picture"));

  /* One monitor under Xvfb: a normal window. */
  g_assert_false (gtk_window_is_fullscreen (GTK_WINDOW (display)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (display)) == GTK_WINDOW (window));

  /* Unpaid: the shop, the amount, the order's own code. */
  g_assert_cmpint (pd_customer_display_get_screen (display), ==, PD_CUSTOMER_SCREEN_PAY);
  g_assert_true (shows_line (display, SHOP_NAME));
  g_assert_true (shows_line (display, "10 USDT"));
  /* The shop's SVG logo, drawn large enough for a big screen. */
  {
    GtkImage *logo = GTK_IMAGE (gtk_widget_get_template_child (GTK_WIDGET (display),
                                                               PD_TYPE_CUSTOMER_DISPLAY,
                                                               "logo_image"));

    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (logo)));
    g_assert_nonnull (gtk_image_get_paintable (logo));
    g_assert_cmpint (gdk_paintable_get_intrinsic_height (gtk_image_get_paintable (logo)), >=, 256);
  }
  g_assert_true (shows_line (display, "Scan to pay with MixPay"));
  g_assert_true (gtk_widget_get_mapped (qr_picture));
  g_assert_cmpstr (pd_qr_paintable_get_text (pd_customer_display_get_qr_paintable (display)), ==,
                   pd_order_get_link (order));
  assert_announced (display, "10 USDT. Scan to pay with MixPay");
  assert_not_paid (display);
  assert_nothing_private (display);

  /* Confirming. */
  pd_order_set_confirmations (order, 2);
  pd_order_set_mixpay_status (order, "unpaid");
  record (order, PD_ORDER_STATE_CONFIRMING, "unpaid → confirming");
  g_assert_cmpint (pd_customer_display_get_screen (display), ==, PD_CUSTOMER_SCREEN_CONFIRMING);
  g_assert_true (shows_line (display, "Payment seen, confirming…"));
  g_assert_false (gtk_widget_get_mapped (qr_picture));
  g_assert_null (pd_qr_paintable_get_text (pd_customer_display_get_qr_paintable (display)));
  assert_announced (display, "Payment seen, confirming…");
  assert_not_paid (display);
  assert_nothing_private (display);

  /* Verified: paid, nothing mismatched. */
  pd_order_set_payment_amount (order, "10.013");
  pd_order_set_payment_symbol (order, "USDT");
  pd_order_set_mixpay_status (order, "success");
  pd_order_set_confirmations (order, -1);
  record (order, PD_ORDER_STATE_PAID, "confirming → paid");
  g_assert_cmpint (pd_customer_display_get_screen (display), ==, PD_CUSTOMER_SCREEN_PAID);
  g_assert_true (shows_line (display, "Paid ✓ 10 USDT"));
  g_assert_true (gtk_widget_has_css_class (message_box, "pd-display-paid"));
  g_assert_true (shows_line (display, SHOP_NAME));
  assert_announced (display, "Paid ✓ 10 USDT");
  assert_nothing_private (display);

  /* Then the shop's idle screen, after the delay of the settings. */
  pd_test_wait_until (screen_is, GINT_TO_POINTER (PD_CUSTOMER_SCREEN_IDLE), 10);
  pd_test_drain_main_context ();
  g_assert_true (shows_line (display, "Thank you"));
  g_assert_false (shows_line (display, "Paid ✓ 10 USDT"));
  assert_announced (display, "Thank you");
  assert_nothing_private (display);
}

/* unpaid → mismatch: "please wait", never paid. */
static void
test_display_mismatch (void)
{
  static const char * const fields[] = { "quoteAmount", NULL };
  PdOrder *order = lookup_order ("disp-unpaid-0002");
  PdCustomerDisplay *display = show_to_customer (order);

  /* The display that was open shows this order now, and only it. */
  g_assert_cmpint (pd_customer_display_get_screen (display), ==, PD_CUSTOMER_SCREEN_PAY);
  g_assert_cmpstr (pd_qr_paintable_get_text (pd_customer_display_get_qr_paintable (display)), ==,
                   pd_order_get_link (order));
  assert_nothing_private (display);

  /* Paid through a link edited to 0.01 USDT: MixPay said success. */
  pd_order_set_mismatch (order, fields);
  pd_order_set_payment_amount (order, "0.010013");
  pd_order_set_payment_symbol (order, "USDT");
  pd_order_set_mixpay_status (order, "success");
  g_assert_cmpint (pd_customer_display_get_screen (display), ==, PD_CUSTOMER_SCREEN_WAIT);
  record (order, PD_ORDER_STATE_MISMATCH, "unpaid → mismatch");
  g_assert_cmpint (pd_customer_display_get_screen (display), ==, PD_CUSTOMER_SCREEN_WAIT);
  g_assert_true (shows_line (display, "Please wait — the shop will check this payment"));
  g_assert_null (pd_qr_paintable_get_text (pd_customer_display_get_qr_paintable (display)));
  assert_announced (display, "Please wait — the shop will check this payment");
  assert_not_paid (display);
  assert_nothing_private (display);

  /* It stays so: no idle "Thank you" after the paid delay. */
  {
    gint64 until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

    while (g_get_monotonic_time () < until)
      {
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (10000);
      }
  }
  g_assert_cmpint (pd_customer_display_get_screen (display), ==, PD_CUSTOMER_SCREEN_WAIT);
  assert_not_paid (display);
}

/* A void order never shows the code that invites payment. */
static void
test_display_closed (void)
{
  PdCustomerDisplay *display = show_to_customer (lookup_order ("disp-cancel-0003"));

  g_assert_cmpint (pd_customer_display_get_screen (display), ==, PD_CUSTOMER_SCREEN_CLOSED);
  g_assert_true (shows_line (display, "This order was cancelled"));
  g_assert_false (shows_line (display, "Scan to pay with MixPay"));
  g_assert_null (pd_qr_paintable_get_text (pd_customer_display_get_qr_paintable (display)));
  assert_not_paid (display);
  assert_nothing_private (display);

  display = show_to_customer (lookup_order ("disp-failed-0005"));
  g_assert_true (shows_line (display, "This payment did not go through"));
  g_assert_null (pd_qr_paintable_get_text (pd_customer_display_get_qr_paintable (display)));
  assert_not_paid (display);
}

/* The code goes when the order expires, while it is shown. */
static void
test_display_expires (void)
{
  PdOrder *order = lookup_order ("disp-unpaid-0004");
  PdCustomerDisplay *display;

  pd_order_set_expires_at (order, g_get_real_time () / G_USEC_PER_SEC + 2);
  display = show_to_customer (order);
  g_assert_cmpint (pd_customer_display_get_screen (display), ==, PD_CUSTOMER_SCREEN_PAY);
  g_assert_true (shows_line (display, "12.5 USDT"));

  pd_test_wait_until (screen_is, GINT_TO_POINTER (PD_CUSTOMER_SCREEN_CLOSED), 10);
  pd_test_drain_main_context ();
  g_assert_true (shows_line (display, "This order has expired"));
  g_assert_null (pd_qr_paintable_get_text (pd_customer_display_get_qr_paintable (display)));
}

/* Esc closes it, and the display is freed. */
static void
test_display_escape (void)
{
  PdCustomerDisplay *display = show_to_customer (lookup_order ("disp-unpaid-0001"));
  GWeakRef ref;

  g_weak_ref_init (&ref, display);
  g_assert_true (activate_shortcut (GTK_WIDGET (display), GDK_KEY_Escape, 0));
  pd_test_wait_until (weak_ref_is_cleared, &ref, 10);
  g_assert_null (pd_customer_display_get_for_window (GTK_WINDOW (window)));
  g_weak_ref_clear (&ref);
}

/* The monitor row lists Automatic and each monitor, and stores the
 * choice by connector; the delay row is the delay setting. */
static void
test_display_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  PdPreferencesWindow *prefs = pd_preferences_window_new (NULL);
  AdwComboRow *row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (prefs),
                                                                   PD_TYPE_PREFERENCES_WINDOW,
                                                                   "customer_monitor_row"));
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (prefs),
                                                                        PD_TYPE_PREFERENCES_WINDOW,
                                                                        "customer_idle_spin_button"));
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  GListModel *model = adw_combo_row_get_model (row);
  g_autoptr(GdkMonitor) first = g_list_model_get_item (monitors, 0);
  g_autofree char *wanted = NULL;
  guint n_monitors = g_list_model_get_n_items (monitors);

  g_assert_cmpuint (n_monitors, >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_monitors + 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==, "Automatic");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  g_assert_nonnull (strstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 1),
                            gdk_monitor_get_connector (first)));
  gtk_test_accessible_assert_property (GTK_WIDGET (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Seconds the customer display shows “Paid”");

  adw_combo_row_set_selected (row, 1);
  wanted = g_settings_get_string (settings, "customer-display-monitor");
  g_assert_cmpstr (wanted, ==, gdk_monitor_get_connector (first));

  /* A monitor that is unplugged stays the choice. */
  g_settings_set_string (settings, "customer-display-monitor", "HDMI-9");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_monitors + 2);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, n_monitors + 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), n_monitors + 1), ==,
                   "HDMI-9 (not connected)");

  adw_combo_row_set_selected (row, 0);
  g_clear_pointer (&wanted, g_free);
  wanted = g_settings_get_string (settings, "customer-display-monitor");
  g_assert_cmpstr (wanted, ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_monitors + 1);

  gtk_spin_button_set_value (spin, 42);
  g_assert_cmpuint (g_settings_get_uint (settings, "customer-display-idle-seconds"), ==, 42);
  g_settings_set_uint (settings, "customer-display-idle-seconds", 2);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 2);

  gtk_window_present (GTK_WINDOW (prefs));
  pd_test_close_and_finalize (g_object_ref (prefs));
}

static gboolean
store_is_open (gpointer data)
{
  return pd_application_get_store (app) != NULL;
}

static void
application_activated_cb (GApplication *application,
                          int          *status)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));
  PdCustomerDisplay *display;
  GWeakRef ref;

  g_signal_handlers_disconnect_by_func (application, application_activated_cb, status);

  window = g_object_ref (windows->data);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  pd_test_wait_until (store_is_open, NULL, 10);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  *status = g_test_run ();

  /* Closing the merchant's window closes the display too. */
  display = show_to_customer (lookup_order ("disp-unpaid-0002"));
  g_weak_ref_init (&ref, display);
  pd_test_close_and_finalize (window);
  pd_test_wait_until (weak_ref_is_cleared, &ref, 10);
  g_weak_ref_clear (&ref);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  int status = 1;

  gtk_test_init (&argc, &argv, NULL);
  /* What was on screen before a change is gone at once. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  tmpdir = g_dir_make_tmp ("paydesk-test-display-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmpdir, "paydesk.db", NULL);
  pd_test_fill_ledger (db, fixtures, G_N_ELEMENTS (fixtures));
  /* Before the app starts: it opens the ledger at startup. */
  g_setenv ("PAYDESK_DB", db, TRUE);
  g_setenv ("PAYDESK_PAY_BASE", PAY_BASE, TRUE);

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "payee-id", PAYEE_ID);
  g_settings_set_string (settings, "shop-name", SHOP_NAME);
  {
    g_autofree char *logo = g_build_filename (g_getenv ("PAYDESK_TEST_FIXTURES"), "shop-logo.svg", NULL);

    g_settings_set_string (settings, "logo-path", logo);
  }
  g_settings_set_boolean (settings, "polling-enabled", FALSE);
  g_settings_set_uint (settings, "customer-display-idle-seconds", 2);

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (application_activated_cb), &status);

  g_test_add_func ("/customer-display/screens", test_display_screens);
  g_test_add_func ("/customer-display/pick-monitor", test_display_pick_monitor);
  g_test_add_func ("/customer-display/paid", test_display_paid);
  g_test_add_func ("/customer-display/mismatch", test_display_mismatch);
  g_test_add_func ("/customer-display/closed", test_display_closed);
  g_test_add_func ("/customer-display/expires", test_display_expires);
  g_test_add_func ("/customer-display/escape", test_display_escape);
  g_test_add_func ("/customer-display/preferences", test_display_preferences);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_finalize_object (app);

  g_unlink (db);
  {
    g_autofree char *changed = g_strconcat (db, "-changes/stamp", NULL);
    g_autofree char *changes = g_strconcat (db, "-changes", NULL);
    g_unlink (changed);
    g_rmdir (changes);
  }
  g_rmdir (tmpdir);
  g_free (tmpdir);

  return status;
}
