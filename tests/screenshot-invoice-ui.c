/* screenshot-invoice-ui.c: renders the order page's Invoice group and
 * the Shop page of the preferences
 *
 *   paydesk-invoice-ui-screenshots OUTDIR
 *
 * Writes order-invoice.png (the order page of an order paid in part,
 * whole) and preferences-shop.png, in the light style, with a filled-in
 * merchant profile. Run by build-aux/invoice-screenshots under Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "pd-order-page.h"
#include "pd-preferences-window.h"
#include "pd-screenshot.h"

static int status;

/* Lets GTK lay out and paint whatever changed. */
static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + 800 * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5000);
    }
}

static void
save (GtkWidget  *window,
      const char *outdir,
      const char *name)
{
  g_autofree char *path = g_build_filename (outdir, name, NULL);
  g_autoptr(GError) error = NULL;

  settle ();
  if (!pd_screenshot_save_png (window, path, &error))
    {
      g_printerr ("%s\n", error->message);
      status = 1;
      return;
    }
  g_print ("%s\n", path);
}

static PdOrder *
make_order (void)
{
  PdOrder *order = pd_order_new ();
  GDateTime *now = g_date_time_new_now_utc ();

  pd_order_set_order_id (order, "CL-2026-0119");
  pd_order_set_payee_id (order, "a38ed284-5689-4fb9-8c2a-91fba5e32ce9");
  pd_order_set_quote_asset_id (order, "usd");
  pd_order_set_quote_symbol (order, "USD");
  pd_order_set_quote_amount (order, "25.5");
  pd_order_set_note (order, "Birthday cake, to collect on Saturday");
  pd_order_set_link (order, "https://mixpay.me/pay?payeeId=a38ed284-5689-4fb9-8c2a-91fba5e32ce9"
                            "&settlementAssetId=c6d0c728-2624-429b-8e0d-d9d19b6592fa"
                            "&quoteAssetId=usd&quoteAmount=25.5&orderId=CL-2026-0119");
  pd_order_set_created_at (order, g_date_time_to_unix (now) - 600);
  pd_order_set_expires_at (order, g_date_time_to_unix (now) + 3000);
  pd_order_set_state (order, PD_ORDER_STATE_PAID_LESS);
  pd_order_set_payment_amount (order, "20");
  pd_order_set_payment_symbol (order, "USDT");
  pd_order_set_payable_amount (order, "25.5");
  pd_order_set_payable_symbol (order, "USDT");
  g_date_time_unref (now);

  return order;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(PdOrder) order = NULL;
  const char * const address[] = { "12 Harbour Street", "1100-001 Lisbon", "Portugal", NULL };
  PdPreferencesWindow *preferences;
  GtkWidget *window;
  GtkWidget *page;

  if (argc != 2)
    {
      g_printerr ("Usage: paydesk-invoice-ui-screenshots OUTDIR\n");
      return 2;
    }

  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "shop-name", "Café Lumen");
  g_settings_set_strv (settings, "shop-address", address);
  g_settings_set_string (settings, "contact-email", "hello@cafe-lumen.example");
  g_settings_set_string (settings, "contact-phone", "+351 21 000 0000");
  g_settings_set_string (settings, "logo-path", "/usr/share/paydesk/logo.svg");
  g_settings_set_string (settings, "invoice-footer", "Café Lumen Lda. · VAT PT 500 000 000\nThank you for your visit!");

  /* The order page, tall enough for every group. */
  order = make_order ();
  window = adw_window_new ();
  page = pd_order_page_new ();
  pd_order_page_set_order (PD_ORDER_PAGE (page), order);
  adw_window_set_content (ADW_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 460, 1420);
  gtk_window_present (GTK_WINDOW (window));
  save (window, argv[1], "order-invoice.png");
  gtk_window_destroy (GTK_WINDOW (window));

  preferences = pd_preferences_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (preferences), 640, 820);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "shop");
  gtk_window_present (GTK_WINDOW (preferences));
  save (GTK_WIDGET (preferences), argv[1], "preferences-shop.png");
  gtk_window_destroy (GTK_WINDOW (preferences));

  return status;
}
