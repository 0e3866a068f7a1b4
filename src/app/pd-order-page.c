/* pd-order-page.c: one order, its QR code, link, state and history
 *
 * The page follows its PdOrder: every notify updates the labels in
 * place, and the store's ::order-changed for this order appends the new
 * history entries. Nothing is rebuilt when the poller writes a result.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-decimal.h"
#include "pd-field-error.h"
#include "pd-order-draft.h"
#include "pd-order-page-private.h"
#include "pd-order-page-display.h"
#include "pd-order-page-invoice.h"
#include "pd-order-status.h"
#include "pd-order-texts.h"
#include "pd-paylink.h"
#include "pd-toast.h"

G_DEFINE_FINAL_TYPE (PdOrderPage, pd_order_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ORDER,
  PROP_STORE,
  PROP_APPLICATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

/* "10 USDT"; NULL without an amount. */
static char *
dup_amount (const char *amount,
            const char *symbol)
{
  return amount != NULL ? pd_order_texts_dup_amount (amount, symbol) : NULL;
}

/* A label and its row, hidden when there is nothing to show. */
static void
set_row_text (GtkWidget  *row,
              GtkLabel   *label,
              const char *text)
{
  gboolean has_text = text != NULL && text[0] != '\0';

  gtk_widget_set_visible (row, has_text);
  gtk_label_set_label (label, has_text ? text : "");
}

/* Showing the order */

static const char *
get_state_icon (PdOrderState state)
{
  switch (state)
    {
    case PD_ORDER_STATE_PAID:
      return "emblem-ok-symbolic";
    case PD_ORDER_STATE_MISMATCH:
    case PD_ORDER_STATE_UNKNOWN:
    case PD_ORDER_STATE_FAILED:
      return "dialog-warning-symbolic";
    case PD_ORDER_STATE_CANCELLED:
      return "process-stop-symbolic";
    case PD_ORDER_STATE_UNPAID:
    case PD_ORDER_STATE_CONFIRMING:
    case PD_ORDER_STATE_PAID_LESS:
    case PD_ORDER_STATE_PENDING:
    case PD_ORDER_STATE_AUDITING:
    default:
      return "content-loading-symbolic";
    }
}

static void
pd_order_page_update_status (PdOrderPage *self)
{
  PdOrderState state = pd_order_get_state (self->order);
  g_autofree char *sentence = pd_order_texts_dup_sentence (self->order, self->last_result_json);

  gtk_label_set_label (self->status_label, sentence);
  gtk_image_set_from_icon_name (self->status_icon, get_state_icon (state));

  for (PdOrderState s = 0; s <= PD_ORDER_STATE_LAST; s++)
    gtk_widget_remove_css_class (self->status_box, pd_order_status_get_css_class (s));
  gtk_widget_add_css_class (self->status_box, pd_order_status_get_css_class (state));

  /* Goods must not be handed over: say so as loudly as the style allows. */
  if (pd_order_status_order_is_warning (self->order))
    gtk_widget_add_css_class (self->status_box, "error");
  else
    gtk_widget_remove_css_class (self->status_box, "error");
}

static void
pd_order_page_update_details (PdOrderPage *self)
{
  PdOrder *order = self->order;
  g_autofree char *amount = dup_amount (pd_order_get_quote_amount (order),
                                                    pd_order_get_quote_symbol (order));
  g_autofree char *order_id = g_strdup_printf (_("Order %s"), pd_order_get_order_id (order));
  g_autofree char *paid = dup_amount (pd_order_get_payment_amount (order),
                                                  pd_order_get_payment_symbol (order));
  g_autofree char *settlement = NULL;
  g_autofree char *surplus = NULL;
  g_autofree char *created = pd_order_texts_format_time (pd_order_get_created_at (order));
  g_autofree char *expires = pd_order_texts_format_time (pd_order_get_expires_at (order));
  g_autofree char *checked = pd_order_texts_format_time (pd_order_get_last_checked_at (order));
  const char *explorer_url = pd_order_get_explorer_url (order);
  const char *link = pd_order_get_link (order);

  gtk_label_set_label (self->amount_label, amount);
  gtk_label_set_label (self->order_id_label, order_id);
  gtk_label_set_label (self->note_label, pd_order_get_note (order) ? pd_order_get_note (order) : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), pd_order_get_note (order) != NULL);
  gtk_label_set_label (self->link_label, link ? link : "");
  pd_qr_paintable_set_text (self->qr_paintable, link);

  if (pd_decimal_is_valid (pd_order_get_payment_amount (order)) &&
      pd_decimal_is_zero (pd_order_get_payment_amount (order)))
    g_clear_pointer (&paid, g_free);
  set_row_text (self->paid_row, self->paid_label, paid);

  set_row_text (self->txid_row, self->txid_label, pd_order_get_txid (order));
  gtk_widget_set_visible (GTK_WIDGET (self->explorer_button),
                          explorer_url != NULL &&
                          (g_str_has_prefix (explorer_url, "https://") ||
                           g_str_has_prefix (explorer_url, "http://")));
  gtk_link_button_set_uri (self->explorer_button, explorer_url ? explorer_url : "");

  if (pd_order_get_surplus_amount (order) != NULL &&
      !pd_decimal_is_zero (pd_order_get_surplus_amount (order)))
    {
      g_autofree char *value = dup_amount (pd_order_get_surplus_amount (order),
                                                       pd_order_get_payment_symbol (order));
      const char *status = pd_order_get_surplus_status (order);

      /* MixPay's surplusStatus: no, pending, sending or success. */
      if (g_strcmp0 (status, "success") == 0)
        /* TRANSLATORS: a surplus amount MixPay gave back to the payer */
        surplus = g_strdup_printf (_("%s, refunded"), value);
      else if (g_strcmp0 (status, "pending") == 0 || g_strcmp0 (status, "sending") == 0)
        surplus = g_strdup_printf (_("%s, being refunded"), value);
      else
        surplus = g_steal_pointer (&value);
    }
  set_row_text (self->surplus_row, self->surplus_label, surplus);

  if (pd_order_get_settle_amount (order) != NULL)
    {
      g_autofree char *value = dup_amount (pd_order_get_settle_amount (order),
                                                       pd_order_get_settle_symbol (order));
      const char *status = pd_order_get_settle_status (order);

      /* MixPay's settleStatus: pending or success. */
      if (g_strcmp0 (status, "success") == 0)
        settlement = g_strdup_printf (_("%s, settled"), value);
      else if (g_strcmp0 (status, "pending") == 0)
        settlement = g_strdup_printf (_("%s, settling"), value);
      else
        settlement = g_steal_pointer (&value);
    }
  set_row_text (self->settlement_row, self->settlement_label, settlement);

  set_row_text (self->remark_row, self->remark_label, pd_order_get_remark (order));
  gtk_label_set_label (self->created_label, created);
  set_row_text (self->expires_row, self->expires_label, expires);
  set_row_text (self->checked_row, self->checked_label, checked);
}

static const char *
get_event_title (const PdOrderEvent *event)
{
  switch (event->kind)
    {
    case PD_ORDER_EVENT_CREATED:
      return _("Order created");
    case PD_ORDER_EVENT_UPDATED:
      return _("Payment details updated");
    case PD_ORDER_EVENT_STATE_CHANGED:
      return pd_order_state_get_label (event->state);
    case PD_ORDER_EVENT_CHECK_ERROR:
      return _("MixPay could not be checked");
    case PD_ORDER_EVENT_CANCELLED:
      return _("Cancelled");
    case PD_ORDER_EVENT_NOTE:
      return _("Note edited");
    default:
      return pd_order_event_kind_to_string (event->kind);
    }
}

static GtkWidget *
create_history_row (const PdOrderEvent *event)
{
  g_autofree char *time = pd_order_texts_format_time (event->time);
  g_autofree char *message = pd_order_texts_dup_event_message (event);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (message != NULL)
    /* TRANSLATORS: the time of an event and what was said about it */
    subtitle = g_strdup_printf (_("%s — %s"), time, message);
  else
    subtitle = g_steal_pointer (&time);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), get_event_title (event));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static void
pd_order_page_clear_history (PdOrderPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);

  self->n_history_rows = 0;
  g_clear_pointer (&self->last_result_json, g_free);
}

/* The history only grows: append the entries not shown yet. */
static void
pd_order_page_update_history (PdOrderPage *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->order == NULL || pd_order_get_id (self->order) == 0)
    return;

  events = pd_store_list_events (self->store, self->order, &error);
  if (events == NULL)
    {
      g_warning ("Cannot read the history of order %s: %s",
                 pd_order_get_order_id (self->order), error->message);
      return;
    }

  if (events->len < self->n_history_rows)
    pd_order_page_clear_history (self);

  for (guint i = self->n_history_rows; i < events->len; i++)
    {
      const PdOrderEvent *event = g_ptr_array_index (events, i);

      gtk_list_box_append (self->history_list, create_history_row (event));
      if (event->raw_json != NULL)
        {
          g_free (self->last_result_json);
          self->last_result_json = g_strdup (event->raw_json);
        }
    }
  self->n_history_rows = events->len;
}

/* Once an order is settled (paid, failed, cancelled, or its payment
 * does not match it), a second payment through its link would be lost:
 * its QR code and link give way to the status and the payment's facts
 * above the receipt, and stay folded further down for reference. */
static void
pd_order_page_update_layout (PdOrderPage *self)
{
  GtkWidget *copy_link = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), PD_TYPE_ORDER_PAGE,
                                                                   "copy_link_button"));
  GtkWidget *main_box = gtk_widget_get_parent (self->status_box);
  gboolean settled = self->order != NULL &&
                     (pd_order_state_is_settled (pd_order_get_state (self->order)) ||
                      pd_order_has_mismatch (self->order));
  /* A collapsed expander holds its child unparented. */
  gboolean folded = gtk_expander_get_child (self->pay_expander) == self->pay_box;

  if (settled && !folded)
    {
      g_object_ref (self->pay_box);
      gtk_box_remove (GTK_BOX (main_box), self->pay_box);
      gtk_expander_set_child (self->pay_expander, self->pay_box);
      g_object_unref (self->pay_box);
      gtk_expander_set_expanded (self->pay_expander, FALSE);
    }
  else if (!settled && folded)
    {
      g_object_ref (self->pay_box);
      gtk_expander_set_child (self->pay_expander, NULL);
      gtk_box_insert_child_after (GTK_BOX (main_box), self->pay_box, self->status_box);
      g_object_unref (self->pay_box);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->pay_expander), settled);
  if (settled)
    gtk_widget_remove_css_class (copy_link, "suggested-action");
  else
    gtk_widget_add_css_class (copy_link, "suggested-action");
}

static void
order_notify_cb (PdOrderPage *self,
                 GParamSpec  *pspec,
                 PdOrder     *order)
{
  pd_order_page_update_details (self);
  pd_order_page_update_status (self);
  _pd_order_page_update_actions (self);
  pd_order_page_update_layout (self);
}

static void
store_order_changed_cb (PdOrderPage *self,
                        PdOrder     *order,
                        PdStore     *store)
{
  if (order != self->order)
    return;

  pd_order_page_update_history (self);
  pd_order_page_update_status (self);
}

static void
qr_changed_cb (PdOrderPage *self)
{
  _pd_order_page_update_actions (self);
}

static void
app_actions_changed_cb (PdOrderPage *self)
{
  _pd_order_page_update_actions (self);
}

/* GObject */

static void
pd_order_page_dispose (GObject *object)
{
  PdOrderPage *self = PD_ORDER_PAGE (object);

  pd_order_page_set_order (self, NULL);
  pd_order_page_set_store (self, NULL);
  pd_order_page_set_application (self, NULL);
  g_clear_object (&self->qr_paintable);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_ORDER_PAGE);

  G_OBJECT_CLASS (pd_order_page_parent_class)->dispose (object);
}

static void
pd_order_page_finalize (GObject *object)
{
  PdOrderPage *self = PD_ORDER_PAGE (object);

  g_clear_pointer (&self->last_result_json, g_free);

  G_OBJECT_CLASS (pd_order_page_parent_class)->finalize (object);
}

static void
pd_order_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PdOrderPage *self = PD_ORDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_ORDER:
      g_value_set_object (value, self->order);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_order_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PdOrderPage *self = PD_ORDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_ORDER:
      pd_order_page_set_order (self, g_value_get_object (value));
      break;
    case PROP_STORE:
      pd_order_page_set_store (self, g_value_get_object (value));
      break;
    case PROP_APPLICATION:
      pd_order_page_set_application (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_order_page_class_init (PdOrderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_order_page_dispose;
  object_class->finalize = pd_order_page_finalize;
  object_class->get_property = pd_order_page_get_property;
  object_class->set_property = pd_order_page_set_property;

  properties[PROP_ORDER] =
    g_param_spec_object ("order", NULL, NULL, PD_TYPE_ORDER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whose app.check-order the Check Now button activates. */
  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL, PD_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/pd-order-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, amount_label);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, order_id_label);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, note_label);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, status_box);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, pay_box);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, pay_expander);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, qr_picture);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, link_label);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, paid_row);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, paid_label);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, txid_row);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, txid_label);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, explorer_button);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, surplus_row);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, surplus_label);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, settlement_row);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, settlement_label);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, remark_row);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, remark_label);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, created_label);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, expires_row);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, expires_label);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, checked_row);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, checked_label);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, history_list);
  /* Reachable by name for the UI tests. */
  gtk_widget_class_bind_template_child_full (widget_class, "copy_link_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "share_email_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "check_now_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "cancel_row", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "duplicate_row", FALSE, 0);

  _pd_order_page_class_add_actions (widget_class);
  pd_order_page_class_add_invoice_actions (widget_class);
  pd_order_page_class_add_display_actions (widget_class);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* The page's shortcuts work wherever the focus is in the window, as
 * long as the page shows an order. */
static void
pd_order_page_add_shortcuts (PdOrderPage *self)
{
  static const struct { const char *accel; const char *action; } shortcuts[] = {
    { "<Control><Shift>c", "order.copy-link" },
    { "<Control>s", "order.save-qr" },
    { "<Control>r", "order.check-now" },
    { "<Control>d", "order.show-to-customer" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (shortcuts[i].accel),
                                                            gtk_named_action_new (shortcuts[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* The flow box wraps each action button in a cell that takes focus of
 * its own, where Enter does nothing: two Tab stops a button. Only the
 * buttons take it. */
static void
pd_order_page_unfocus_button_cells (PdOrderPage *self)
{
  GtkWidget *copy_link = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), PD_TYPE_ORDER_PAGE,
                                                                   "copy_link_button"));
  GtkWidget *flow_box = gtk_widget_get_parent (gtk_widget_get_parent (copy_link));

  for (GtkWidget *cell = gtk_widget_get_first_child (flow_box);
       cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    gtk_widget_set_focusable (cell, FALSE);
}

static void
pd_order_page_init (PdOrderPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pd_order_page_add_shortcuts (self);
  pd_order_page_unfocus_button_cells (self);

  self->settings = g_settings_new (APP_ID);
  self->qr_paintable = pd_qr_paintable_new_for_picture (self->qr_picture);
  g_signal_connect_object (self->qr_paintable, "notify::qr",
                           G_CALLBACK (qr_changed_cb), self, G_CONNECT_SWAPPED);

  _pd_order_page_update_actions (self);
}

/* Public API */

GtkWidget *
pd_order_page_new (void)
{
  return g_object_new (PD_TYPE_ORDER_PAGE, NULL);
}

PdOrder *
pd_order_page_get_order (PdOrderPage *self)
{
  g_return_val_if_fail (PD_IS_ORDER_PAGE (self), NULL);

  return self->order;
}

void
pd_order_page_set_order (PdOrderPage *self,
                         PdOrder     *order)
{
  g_return_if_fail (PD_IS_ORDER_PAGE (self));
  g_return_if_fail (order == NULL || PD_IS_ORDER (order));

  if (self->order == order)
    return;

  if (self->order != NULL)
    g_signal_handlers_disconnect_by_func (self->order, order_notify_cb, self);

  g_set_object (&self->order, order);
  pd_order_page_clear_history (self);

  if (order != NULL)
    {
      g_signal_connect_object (order, "notify", G_CALLBACK (order_notify_cb),
                               self, G_CONNECT_SWAPPED);
      pd_order_page_update_history (self);
      pd_order_page_update_details (self);
      pd_order_page_update_status (self);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
    }
  else
    {
      pd_qr_paintable_set_text (self->qr_paintable, NULL);
    }

  _pd_order_page_update_actions (self);
  pd_order_page_update_layout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDER]);
}

PdStore *
pd_order_page_get_store (PdOrderPage *self)
{
  g_return_val_if_fail (PD_IS_ORDER_PAGE (self), NULL);

  return self->store;
}

void
pd_order_page_set_store (PdOrderPage *self,
                         PdStore     *store)
{
  g_return_if_fail (PD_IS_ORDER_PAGE (self));
  g_return_if_fail (store == NULL || PD_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_order_changed_cb, self);

  g_set_object (&self->store, store);

  if (store != NULL)
    g_signal_connect_object (store, "order-changed", G_CALLBACK (store_order_changed_cb),
                             self, G_CONNECT_SWAPPED);

  pd_order_page_clear_history (self);
  pd_order_page_update_history (self);
  if (self->order != NULL)
    pd_order_page_update_status (self);
  _pd_order_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

PdApplication *
pd_order_page_get_application (PdOrderPage *self)
{
  g_return_val_if_fail (PD_IS_ORDER_PAGE (self), NULL);

  return self->application;
}

/**
 * pd_order_page_set_application:
 * @application: (nullable): the app whose app.check-order Check Now
 *   activates; without one, Check Now is insensitive
 */
void
pd_order_page_set_application (PdOrderPage   *self,
                               PdApplication *application)
{
  g_return_if_fail (PD_IS_ORDER_PAGE (self));
  g_return_if_fail (application == NULL || PD_IS_APPLICATION (application));

  if (self->application == application)
    return;

  if (self->application != NULL)
    g_signal_handlers_disconnect_by_func (self->application, app_actions_changed_cb, self);

  g_set_object (&self->application, application);

  /* The poller provides app.check-order, and comes and goes with the
   * ledger and the API base. */
  if (application != NULL)
    {
      g_signal_connect_object (application, "action-added::check-order",
                               G_CALLBACK (app_actions_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (application, "action-removed::check-order",
                               G_CALLBACK (app_actions_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (application, "action-enabled-changed::check-order",
                               G_CALLBACK (app_actions_changed_cb), self, G_CONNECT_SWAPPED);
    }

  _pd_order_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICATION]);
}

PdQrPaintable *
pd_order_page_get_qr_paintable (PdOrderPage *self)
{
  g_return_val_if_fail (PD_IS_ORDER_PAGE (self), NULL);

  return self->qr_paintable;
}

/**
 * pd_order_page_check_output_path:
 *
 * Refuses @path when it is one of the ledger's files: a QR code or a PDF
 * saved over it would lose every order.
 */
gboolean
pd_order_page_check_output_path (PdOrderPage  *self,
                                 const char   *path,
                                 GError      **error)
{
  g_return_val_if_fail (PD_IS_ORDER_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return self->store == NULL ||
         pd_store_check_output_path (pd_store_get_path (self->store), path, error);
}

gboolean
pd_order_page_save_qr (PdOrderPage  *self,
                       const char   *path,
                       GError      **error)
{
  PdQr *qr;

  g_return_val_if_fail (PD_IS_ORDER_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!pd_order_page_check_output_path (self, path, error))
    return FALSE;

  qr = pd_qr_paintable_get_qr (self->qr_paintable);
  if (qr == NULL)
    {
      g_set_error (error, PD_QR_ERROR, PD_QR_ERROR_ENCODE,
                   _("The QR code is not ready yet"));
      return FALSE;
    }

  return pd_qr_write_file (qr, path, error);
}

/**
 * pd_order_page_duplicate:
 *
 * Stores a new order with the amount, assets, remark and note of the
 * page's order, a new order ID and the same time to pay.
 *
 * Returns: (transfer full): the new order, or %NULL and @error
 */
PdOrder *
pd_order_page_duplicate (PdOrderPage  *self,
                         GError      **error)
{
  g_autoptr(PdOrder) copy = NULL;
  g_autofree char *setting = NULL;
  g_autofree char *pay_base = NULL;

  g_return_val_if_fail (PD_IS_ORDER_PAGE (self), NULL);
  g_return_val_if_fail (self->order != NULL && self->store != NULL, NULL);

  setting = g_settings_get_string (self->settings, "pay-base");
  pay_base = pd_paylink_dup_pay_base (setting);
  copy = pd_order_new_duplicate (self->order, pay_base, g_get_real_time () / G_USEC_PER_SEC, error);
  if (copy == NULL || !pd_store_insert_order (self->store, copy, error))
    return NULL;

  return g_steal_pointer (&copy);
}
