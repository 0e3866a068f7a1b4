/* pd-customer-display.c: the window the customer sees at the counter
 *
 * The display follows its PdOrder through "notify", as the order page
 * does: the poller writes the ledger, the store updates the order, and
 * the screen changes in place. Which screen an order gets is decided in
 * one place, pd_customer_display_screen_for_order(), so that nothing
 * that reads as paid ever shows for a payment Paydesk has not verified.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <librsvg/rsvg.h>

#include "pd-customer-display.h"
#include "pd-order-texts.h"

/* The tallest a logo is drawn; an SVG is rendered at this height. */
#define LOGO_MAX_PIXELS 384

struct _PdCustomerDisplay
{
  AdwWindow         parent_instance;

  PdOrder          *order;
  PdQrPaintable    *qr_paintable;
  GSettings        *settings;
  PdCustomerScreen  screen;
  char             *message;
  /* After PAID: when the idle screen takes over; and the expiry of an
   * unpaid order, when the QR code must go. */
  guint             idle_source;
  guint             expiry_source;
  gboolean          idle_reached;

  /* Template widgets */
  GtkWidget        *shop_box;
  GtkImage         *logo_image;
  GtkLabel         *shop_name_label;
  GtkWidget        *alert_box;
  GtkStack         *stack;
  GtkLabel         *amount_label;
  GtkPicture       *qr_picture;
  GtkWidget        *message_box;
  GtkLabel         *message_label;
  GtkImage         *idle_logo_image;
  GtkLabel         *idle_label;
};

G_DEFINE_FINAL_TYPE (PdCustomerDisplay, pd_customer_display, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ORDER,
  PROP_SCREEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The style class of the message box, one a screen. */
static const char * const screen_classes[] = {
  [PD_CUSTOMER_SCREEN_PAY] = NULL,
  [PD_CUSTOMER_SCREEN_CONFIRMING] = "pd-display-confirming",
  [PD_CUSTOMER_SCREEN_PAID] = "pd-display-paid",
  [PD_CUSTOMER_SCREEN_WAIT] = "pd-display-wait",
  [PD_CUSTOMER_SCREEN_CLOSED] = "pd-display-closed",
  [PD_CUSTOMER_SCREEN_IDLE] = NULL,
};

/* Helpers */

static gboolean
has_suffix_nocase (const char *text,
                   const char *suffix)
{
  size_t text_len = strlen (text);
  size_t suffix_len = strlen (suffix);

  return text_len >= suffix_len &&
         g_ascii_strcasecmp (text + text_len - suffix_len, suffix) == 0;
}

/* An SVG logo drawn LOGO_MAX_PIXELS high, as a texture. */
static GdkPaintable *
render_svg (RsvgHandle  *handle,
            GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double width = 0, height = 0;
  int pixel_width, pixel_height, stride;
  gboolean rendered;

  if (!rsvg_handle_get_intrinsic_size_in_pixels (handle, &width, &height) ||
      width <= 0 || height <= 0)
    width = height = 1;

  pixel_height = LOGO_MAX_PIXELS;
  pixel_width = CLAMP ((int) (width * LOGO_MAX_PIXELS / height), 1, 4 * LOGO_MAX_PIXELS);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixel_width, pixel_height);
  cr = cairo_create (surface);
  rendered = rsvg_handle_render_document (handle, cr,
                                          &(RsvgRectangle) { 0, 0, pixel_width, pixel_height },
                                          error);
  cairo_destroy (cr);
  if (!rendered)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);

  /* Cairo's ARGB32 is premultiplied, native-endian: GDK's default. */
  stride = cairo_image_surface_get_stride (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * pixel_height);
  cairo_surface_destroy (surface);

  return GDK_PAINTABLE (gdk_memory_texture_new (pixel_width, pixel_height, GDK_MEMORY_DEFAULT,
                                                bytes, stride));
}

/* The logo as the invoices read it (pd-invoice.c): an SVG through
 * librsvg, drawn at a fixed height so it stays sharp on a large screen;
 * anything else through GdkTexture. NULL when there is none or it
 * cannot be read: the display then shows the shop's name alone. */
static GdkPaintable *
load_logo (const char *path)
{
  g_autoptr(GError) error = NULL;

  if (path == NULL || path[0] == '\0')
    return NULL;

  if (has_suffix_nocase (path, ".svg"))
    {
      RsvgHandle *handle = rsvg_handle_new_from_file (path, &error);
      GdkPaintable *logo;

      if (handle == NULL)
        {
          g_debug ("Customer display: no logo: %s", error->message);
          return NULL;
        }

      logo = render_svg (handle, &error);
      if (logo == NULL)
        g_debug ("Customer display: no logo: %s", error->message);
      g_object_unref (handle);

      return logo;
    }
  else
    {
      GdkTexture *texture = gdk_texture_new_from_filename (path, &error);

      if (texture == NULL)
        g_debug ("Customer display: no logo: %s", error->message);

      return GDK_PAINTABLE (texture);
    }
}

static void
pd_customer_display_update_shop (PdCustomerDisplay *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "shop-name");
  g_autofree char *logo_path = g_settings_get_string (self->settings, "logo-path");
  g_autoptr(GdkPaintable) logo = load_logo (logo_path);

  g_strstrip (name);
  gtk_label_set_label (self->shop_name_label, name);
  gtk_widget_set_visible (GTK_WIDGET (self->shop_name_label), name[0] != '\0');
  gtk_image_set_from_paintable (self->logo_image, logo);
  gtk_widget_set_visible (GTK_WIDGET (self->logo_image), logo != NULL);
  gtk_image_set_from_paintable (self->idle_logo_image, logo);
  gtk_widget_set_visible (GTK_WIDGET (self->idle_logo_image), logo != NULL);
}

/* Tells assistive technologies: the alert's label is the sentence, so a
 * screen reader following the live region reads it; GTK 4.14 can also
 * say it at once. */
static void
pd_customer_display_announce (PdCustomerDisplay *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->alert_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->message,
                                  -1);
#if GTK_CHECK_VERSION (4, 14, 0)
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_accessible_announce (GTK_ACCESSIBLE (self), self->message,
                             GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
  G_GNUC_END_IGNORE_DEPRECATIONS
#endif
}

static void pd_customer_display_update (PdCustomerDisplay *self);

static gboolean
idle_timeout_cb (gpointer user_data)
{
  PdCustomerDisplay *self = user_data;

  self->idle_source = 0;
  self->idle_reached = TRUE;
  pd_customer_display_update (self);

  return G_SOURCE_REMOVE;
}

static gboolean
expiry_timeout_cb (gpointer user_data)
{
  PdCustomerDisplay *self = user_data;

  self->expiry_source = 0;
  pd_customer_display_update (self);

  return G_SOURCE_REMOVE;
}

/* The sentence of the screen (taken): the message card's text, and what
 * is announced. */
static void
pd_customer_display_set_message (PdCustomerDisplay *self,
                                 char              *message)
{
  gtk_label_set_label (self->message_label, message);
  g_free (self->message);
  self->message = message;
}

static char *
dup_closed_message (PdOrder *order)
{
  switch (pd_order_get_state (order))
    {
    case PD_ORDER_STATE_CANCELLED:
      return g_strdup (_("This order was cancelled"));
    case PD_ORDER_STATE_FAILED:
      return g_strdup (_("This payment did not go through"));
    default:
      return g_strdup (_("This order has expired"));
    }
}

static void
pd_customer_display_update (PdCustomerDisplay *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  PdCustomerScreen screen = PD_CUSTOMER_SCREEN_IDLE;
  g_autofree char *amount = NULL;
  g_autofree char *old_message = g_strdup (self->message);
  gint64 expires_at;

  if (self->order != NULL)
    screen = pd_customer_display_screen_for_order (self->order, now);

  /* A verified payment shows as paid for a while, then the shop's idle
   * screen takes over; nothing else ever leads there. */
  if (screen == PD_CUSTOMER_SCREEN_PAID)
    {
      guint seconds = g_settings_get_uint (self->settings, "customer-display-idle-seconds");

      if (self->idle_reached)
        screen = PD_CUSTOMER_SCREEN_IDLE;
      else if (self->idle_source == 0 && seconds > 0)
        self->idle_source = g_timeout_add_seconds (seconds, idle_timeout_cb, self);
    }
  else
    {
      g_clear_handle_id (&self->idle_source, g_source_remove);
      self->idle_reached = self->order == NULL;
    }

  g_clear_handle_id (&self->expiry_source, g_source_remove);
  expires_at = self->order != NULL ? pd_order_get_expires_at (self->order) : 0;
  if (screen == PD_CUSTOMER_SCREEN_PAY && expires_at > now)
    self->expiry_source = g_timeout_add_seconds ((guint) MIN (expires_at - now, G_MAXUINT / 2) + 1,
                                                 expiry_timeout_cb, self);

  if (self->order != NULL)
    amount = pd_order_get_quote_amount (self->order) != NULL
             ? pd_order_texts_dup_amount (pd_order_get_quote_amount (self->order),
                                          pd_order_get_quote_symbol (self->order))
             : g_strdup ("");

  /* The code goes with the pay screen: never an invitation to pay an
   * order that is void, paid or under review. */
  pd_qr_paintable_set_text (self->qr_paintable,
                            screen == PD_CUSTOMER_SCREEN_PAY ? pd_order_get_link (self->order) : NULL);

  for (guint i = 0; i < G_N_ELEMENTS (screen_classes); i++)
    {
      if (screen_classes[i] != NULL)
        gtk_widget_remove_css_class (self->message_box, screen_classes[i]);
    }
  if (screen_classes[screen] != NULL)
    gtk_widget_add_css_class (self->message_box, screen_classes[screen]);

  switch (screen)
    {
    case PD_CUSTOMER_SCREEN_PAY:
      gtk_label_set_label (self->amount_label, amount);
      /* TRANSLATORS: what the customer display announces with the QR
       * code, such as "10 USDT. Scan to pay with MixPay" */
      pd_customer_display_set_message (self, g_strdup_printf (_("%s. Scan to pay with MixPay"), amount));
      gtk_stack_set_visible_child_name (self->stack, "pay");
      break;
    case PD_CUSTOMER_SCREEN_CONFIRMING:
      pd_customer_display_set_message (self, g_strdup (_("Payment seen, confirming…")));
      gtk_stack_set_visible_child_name (self->stack, "message");
      break;
    case PD_CUSTOMER_SCREEN_PAID:
      /* TRANSLATORS: the customer display once a payment is verified,
       * such as "Paid ✓ 10 USDT" */
      pd_customer_display_set_message (self, g_strdup_printf (_("Paid ✓ %s"), amount));
      gtk_stack_set_visible_child_name (self->stack, "message");
      break;
    case PD_CUSTOMER_SCREEN_WAIT:
      pd_customer_display_set_message (self, g_strdup (_("Please wait — the shop will check this payment")));
      gtk_stack_set_visible_child_name (self->stack, "message");
      break;
    case PD_CUSTOMER_SCREEN_CLOSED:
      pd_customer_display_set_message (self, dup_closed_message (self->order));
      gtk_stack_set_visible_child_name (self->stack, "message");
      break;
    case PD_CUSTOMER_SCREEN_IDLE:
    default:
      pd_customer_display_set_message (self, g_strdup (gtk_label_get_label (self->idle_label)));
      gtk_stack_set_visible_child_name (self->stack, "idle");
      break;
    }

  /* The idle screen has the logo large; no need for it twice. */
  gtk_widget_set_visible (self->shop_box, screen != PD_CUSTOMER_SCREEN_IDLE ||
                                          !gtk_widget_get_visible (GTK_WIDGET (self->idle_logo_image)));

  if (g_strcmp0 (old_message, self->message) != 0)
    pd_customer_display_announce (self);

  if (self->screen != screen)
    {
      self->screen = screen;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCREEN]);
    }
}

/* Callbacks */

static void
order_notify_cb (PdCustomerDisplay *self,
                 GParamSpec        *pspec,
                 PdOrder           *order)
{
  pd_customer_display_update (self);
}

static void
settings_changed_cb (PdCustomerDisplay *self,
                     const char        *key,
                     GSettings         *settings)
{
  if (g_strcmp0 (key, "shop-name") == 0 || g_strcmp0 (key, "logo-path") == 0)
    pd_customer_display_update_shop (self);
}

/* GObject */

static void
pd_customer_display_dispose (GObject *object)
{
  PdCustomerDisplay *self = PD_CUSTOMER_DISPLAY (object);

  if (self->order != NULL)
    g_signal_handlers_disconnect_by_func (self->order, order_notify_cb, self);
  g_clear_object (&self->order);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->expiry_source, g_source_remove);
  g_clear_object (&self->qr_paintable);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_CUSTOMER_DISPLAY);

  G_OBJECT_CLASS (pd_customer_display_parent_class)->dispose (object);
}

static void
pd_customer_display_finalize (GObject *object)
{
  PdCustomerDisplay *self = PD_CUSTOMER_DISPLAY (object);

  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (pd_customer_display_parent_class)->finalize (object);
}

static void
pd_customer_display_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PdCustomerDisplay *self = PD_CUSTOMER_DISPLAY (object);

  switch (prop_id)
    {
    case PROP_ORDER:
      g_value_set_object (value, self->order);
      break;
    case PROP_SCREEN:
      g_value_set_int (value, self->screen);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_customer_display_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PdCustomerDisplay *self = PD_CUSTOMER_DISPLAY (object);

  switch (prop_id)
    {
    case PROP_ORDER:
      pd_customer_display_set_order (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_customer_display_class_init (PdCustomerDisplayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_customer_display_dispose;
  object_class->finalize = pd_customer_display_finalize;
  object_class->get_property = pd_customer_display_get_property;
  object_class->set_property = pd_customer_display_set_property;

  properties[PROP_ORDER] =
    g_param_spec_object ("order", NULL, NULL, PD_TYPE_ORDER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A PdCustomerScreen. */
  properties[PROP_SCREEN] =
    g_param_spec_int ("screen", NULL, NULL,
                      PD_CUSTOMER_SCREEN_PAY, PD_CUSTOMER_SCREEN_IDLE, PD_CUSTOMER_SCREEN_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/pd-customer-display.ui");
  gtk_widget_class_bind_template_child (widget_class, PdCustomerDisplay, shop_box);
  gtk_widget_class_bind_template_child (widget_class, PdCustomerDisplay, logo_image);
  gtk_widget_class_bind_template_child (widget_class, PdCustomerDisplay, shop_name_label);
  gtk_widget_class_bind_template_child (widget_class, PdCustomerDisplay, alert_box);
  gtk_widget_class_bind_template_child (widget_class, PdCustomerDisplay, stack);
  gtk_widget_class_bind_template_child (widget_class, PdCustomerDisplay, amount_label);
  gtk_widget_class_bind_template_child (widget_class, PdCustomerDisplay, qr_picture);
  gtk_widget_class_bind_template_child (widget_class, PdCustomerDisplay, message_box);
  gtk_widget_class_bind_template_child (widget_class, PdCustomerDisplay, message_label);
  gtk_widget_class_bind_template_child (widget_class, PdCustomerDisplay, idle_logo_image);
  gtk_widget_class_bind_template_child (widget_class, PdCustomerDisplay, idle_label);

  /* The customer's side has no button to close it; the merchant's Esc
   * does, from either window's keyboard focus on this one. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_customer_display_init (PdCustomerDisplay *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->screen = PD_CUSTOMER_SCREEN_IDLE;
  self->idle_reached = TRUE;
  self->settings = g_settings_new (APP_ID);
  self->qr_paintable = pd_qr_paintable_new_for_picture (self->qr_picture);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);

  pd_customer_display_update_shop (self);
  pd_customer_display_update (self);
}

/* Public API */

PdCustomerDisplay *
pd_customer_display_new (void)
{
  return g_object_new (PD_TYPE_CUSTOMER_DISPLAY, NULL);
}

PdOrder *
pd_customer_display_get_order (PdCustomerDisplay *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_DISPLAY (self), NULL);

  return self->order;
}

void
pd_customer_display_set_order (PdCustomerDisplay *self,
                               PdOrder           *order)
{
  g_return_if_fail (PD_IS_CUSTOMER_DISPLAY (self));
  g_return_if_fail (order == NULL || PD_IS_ORDER (order));

  if (self->order == order)
    return;

  if (self->order != NULL)
    g_signal_handlers_disconnect_by_func (self->order, order_notify_cb, self);

  g_set_object (&self->order, order);
  /* A new order starts over: its own paid screen, its own delay. */
  g_clear_handle_id (&self->idle_source, g_source_remove);
  self->idle_reached = FALSE;

  if (order != NULL)
    g_signal_connect_object (order, "notify", G_CALLBACK (order_notify_cb),
                             self, G_CONNECT_SWAPPED);

  pd_customer_display_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDER]);
}

PdCustomerScreen
pd_customer_display_get_screen (PdCustomerDisplay *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_DISPLAY (self), PD_CUSTOMER_SCREEN_IDLE);

  return self->screen;
}

const char *
pd_customer_display_get_message (PdCustomerDisplay *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_DISPLAY (self), NULL);

  return self->message;
}

PdQrPaintable *
pd_customer_display_get_qr_paintable (PdCustomerDisplay *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_DISPLAY (self), NULL);

  return self->qr_paintable;
}

PdCustomerScreen
pd_customer_display_screen_for_order (PdOrder *order,
                                      gint64   now)
{
  gint64 expires_at;

  g_return_val_if_fail (PD_IS_ORDER (order), PD_CUSTOMER_SCREEN_WAIT);

  /* A payment through an edited link is the merchant's to look at,
   * whatever MixPay called it. */
  if (pd_order_has_mismatch (order))
    return PD_CUSTOMER_SCREEN_WAIT;

  switch (pd_order_get_state (order))
    {
    case PD_ORDER_STATE_UNPAID:
      expires_at = pd_order_get_expires_at (order);
      if (expires_at != 0 && expires_at <= now)
        return PD_CUSTOMER_SCREEN_CLOSED;
      return PD_CUSTOMER_SCREEN_PAY;
    case PD_ORDER_STATE_CONFIRMING:
    case PD_ORDER_STATE_PENDING:
    case PD_ORDER_STATE_AUDITING:
      return PD_CUSTOMER_SCREEN_CONFIRMING;
    case PD_ORDER_STATE_PAID:
      return PD_CUSTOMER_SCREEN_PAID;
    case PD_ORDER_STATE_FAILED:
    case PD_ORDER_STATE_CANCELLED:
      return PD_CUSTOMER_SCREEN_CLOSED;
    case PD_ORDER_STATE_PAID_LESS:
    case PD_ORDER_STATE_MISMATCH:
    case PD_ORDER_STATE_UNKNOWN:
    default:
      return PD_CUSTOMER_SCREEN_WAIT;
    }
}

int
pd_customer_display_pick_monitor (const char * const *connectors,
                                  guint               n_monitors,
                                  const char         *wanted,
                                  int                 merchant_monitor)
{
  if (n_monitors < 2)
    return -1;

  if (wanted != NULL && wanted[0] != '\0')
    {
      for (guint i = 0; i < n_monitors; i++)
        {
          if (g_strcmp0 (connectors[i], wanted) == 0)
            return (int) i;
        }
    }

  for (guint i = 0; i < n_monitors; i++)
    {
      if ((int) i != merchant_monitor)
        return (int) i;
    }

  return -1;
}

/* Fullscreen on the customer's monitor, or a normal window when there
 * is only the merchant's. */
static void
pd_customer_display_place (PdCustomerDisplay *self,
                           GtkWindow         *merchant_window)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (merchant_window));
  GListModel *monitors = gdk_display_get_monitors (display);
  guint n_monitors = g_list_model_get_n_items (monitors);
  g_autofree const char **connectors = g_new0 (const char *, n_monitors + 1);
  g_autofree char *wanted = g_settings_get_string (self->settings, "customer-display-monitor");
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (merchant_window));
  GdkMonitor *merchant_monitor = NULL;
  int merchant_index = -1;
  int index;

  if (surface != NULL)
    merchant_monitor = gdk_display_get_monitor_at_surface (display, surface);

  for (guint i = 0; i < n_monitors; i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);

      connectors[i] = gdk_monitor_get_connector (monitor);
      if (monitor == merchant_monitor)
        merchant_index = (int) i;
    }

  index = pd_customer_display_pick_monitor (connectors, n_monitors, wanted, merchant_index);
  if (index >= 0)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, index);

      gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), monitor);
    }
  else if (gtk_window_is_fullscreen (GTK_WINDOW (self)))
    {
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }
}

PdCustomerDisplay *
pd_customer_display_get_for_window (GtkWindow *merchant_window)
{
  g_return_val_if_fail (GTK_IS_WINDOW (merchant_window), NULL);

  return g_object_get_data (G_OBJECT (merchant_window), "pd-customer-display");
}

static void
display_destroyed_cb (GtkWindow *merchant_window)
{
  g_object_set_data (G_OBJECT (merchant_window), "pd-customer-display", NULL);
}

PdCustomerDisplay *
pd_customer_display_show (GtkWindow *merchant_window,
                          PdOrder   *order)
{
  PdCustomerDisplay *self;

  g_return_val_if_fail (GTK_IS_WINDOW (merchant_window), NULL);
  g_return_val_if_fail (PD_IS_ORDER (order), NULL);

  self = pd_customer_display_get_for_window (merchant_window);
  if (self == NULL)
    {
      self = pd_customer_display_new ();
      /* Goes when the merchant's window does. */
      gtk_window_set_transient_for (GTK_WINDOW (self), merchant_window);
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
      g_object_set_data (G_OBJECT (merchant_window), "pd-customer-display", self);
      g_signal_connect_object (self, "destroy", G_CALLBACK (display_destroyed_cb),
                               merchant_window, G_CONNECT_SWAPPED);
    }

  pd_customer_display_set_order (self, order);
  pd_customer_display_place (self, merchant_window);
  gtk_window_present (GTK_WINDOW (self));

  return self;
}
