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
#include "pd-order-page.h"
#include "pd-order-page-display.h"
#include "pd-order-page-invoice.h"
#include "pd-order-status.h"
#include "pd-order-texts.h"
#include "pd-paylink.h"
#include "pd-toast.h"

struct _PdOrderPage
{
  GtkWidget        parent_instance;

  PdOrder         *order;
  PdStore         *store;
  PdQrPaintable   *qr_paintable;
  GSettings       *settings;
  /* The last MixPay answer in the history: what a mismatch was paid for. */
  char            *last_result_json;
  guint            n_history_rows;

  /* Template widgets */
  GtkScrolledWindow *scrolled_window;
  GtkLabel        *amount_label;
  GtkLabel        *order_id_label;
  GtkLabel        *note_label;
  GtkWidget       *status_box;
  GtkImage        *status_icon;
  GtkLabel        *status_label;
  GtkWidget       *pay_box;
  GtkExpander     *pay_expander;
  GtkPicture      *qr_picture;
  GtkLabel        *link_label;
  GtkWidget       *paid_row;
  GtkLabel        *paid_label;
  GtkWidget       *txid_row;
  GtkLabel        *txid_label;
  GtkLinkButton   *explorer_button;
  GtkWidget       *surplus_row;
  GtkLabel        *surplus_label;
  GtkWidget       *settlement_row;
  GtkLabel        *settlement_label;
  GtkWidget       *remark_row;
  GtkLabel        *remark_label;
  GtkLabel        *created_label;
  GtkWidget       *expires_row;
  GtkLabel        *expires_label;
  GtkWidget       *checked_row;
  GtkLabel        *checked_label;
  GtkListBox      *history_list;
};

G_DEFINE_FINAL_TYPE (PdOrderPage, pd_order_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ORDER,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static char *
dup_amount_with_symbol (const char *amount,
                        const char *symbol)
{
  if (amount == NULL)
    return NULL;
  if (symbol == NULL)
    return g_strdup (amount);

  /* TRANSLATORS: an amount and its asset, such as "10 USDT" */
  return g_strdup_printf (C_("amount", "%s %s"), amount, symbol);
}

static void
show_error (PdOrderPage *self,
            const char  *heading,
            const char  *message)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   heading, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
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

static GtkWindow *
get_window (PdOrderPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
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
  g_autofree char *amount = dup_amount_with_symbol (pd_order_get_quote_amount (order),
                                                    pd_order_get_quote_symbol (order));
  g_autofree char *order_id = g_strdup_printf (_("Order %s"), pd_order_get_order_id (order));
  g_autofree char *paid = dup_amount_with_symbol (pd_order_get_payment_amount (order),
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
      g_autofree char *value = dup_amount_with_symbol (pd_order_get_surplus_amount (order),
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
      g_autofree char *value = dup_amount_with_symbol (pd_order_get_settle_amount (order),
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

static void
pd_order_page_update_actions (PdOrderPage *self)
{
  GApplication *app = g_application_get_default ();
  gboolean has_order = self->order != NULL;
  gboolean is_stored = has_order && self->store != NULL && pd_order_get_id (self->order) != 0;
  PdOrderState state = has_order ? pd_order_get_state (self->order) : PD_ORDER_STATE_UNPAID;
  gboolean has_link = has_order && pd_order_get_link (self->order) != NULL;
  /* A cancelled order is void: its code and link are not handed out
   * (Paydesk still watches it, in case it was before). */
  gboolean can_hand_out = state != PD_ORDER_STATE_CANCELLED;
  gboolean has_qr = pd_qr_paintable_get_qr (self->qr_paintable) != NULL;
  gboolean can_check;

  /* The poller provides app.check-order; without it there is nothing to
   * ask MixPay with, and the button says so by being insensitive. */
  can_check = is_stored && app != NULL &&
              g_action_group_has_action (G_ACTION_GROUP (app), "check-order") &&
              g_action_group_get_action_enabled (G_ACTION_GROUP (app), "check-order") &&
              (!pd_order_state_is_settled (state) || state == PD_ORDER_STATE_CANCELLED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.copy-link", has_link && can_hand_out);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.copy-qr", has_qr && can_hand_out);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.save-qr", has_qr && can_hand_out);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.share-email", has_link && can_hand_out);
  gtk_widget_set_opacity (GTK_WIDGET (self->qr_picture), can_hand_out ? 1.0 : 0.25);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.open-link", has_link);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.check-now", can_check);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.duplicate", is_stored);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.cancel",
                                 is_stored && !pd_order_state_is_settled (state));
  pd_order_page_update_invoice_actions (self);
  pd_order_page_update_display_actions (self);
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
  pd_order_page_update_actions (self);
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
  pd_order_page_update_actions (self);
}

static void
app_actions_changed_cb (PdOrderPage *self)
{
  pd_order_page_update_actions (self);
}

/* Actions */

static void
copy_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), pd_order_get_link (self->order));
  pd_toast_show (GTK_WIDGET (self), _("Link copied"));
}

static void
copy_qr_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  g_autoptr(GdkTexture) texture = NULL;

  texture = pd_qr_paintable_render_texture (self->qr_paintable, PD_QR_DEFAULT_SCALE);
  g_return_if_fail (texture != NULL);

  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
  pd_toast_show (GTK_WIDGET (self), _("QR code copied"));
}

static void
save_qr_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(PdOrderPage) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkFileFilter *filter;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = g_file_get_path (file);
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));

  /* The chosen type decides when the name has no extension. */
  if (!pd_qr_is_file_name (path))
    {
      const char *suffix = g_strcmp0 (gtk_file_filter_get_name (filter), _("SVG Image")) == 0
                           ? ".svg" : ".png";
      char *with_suffix = g_strconcat (path, suffix, NULL);

      g_free (path);
      path = with_suffix;
    }

  if (pd_order_page_save_qr (self, path, &error))
    pd_toast_show (GTK_WIDGET (self), _("QR code saved"));
  else
    show_error (self, _("Cannot Save the QR Code"), error->message);

out:
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
save_qr_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  g_autoptr(GtkFileFilter) png = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) svg = gtk_file_filter_new ();
  g_autofree char *name = g_strdup_printf ("%s.png", pd_order_get_order_id (self->order));
  GtkFileChooserNative *chooser;

  gtk_file_filter_set_name (png, _("PNG Image"));
  gtk_file_filter_add_mime_type (png, "image/png");
  gtk_file_filter_add_suffix (png, "png");
  gtk_file_filter_set_name (svg, _("SVG Image"));
  gtk_file_filter_add_mime_type (svg, "image/svg+xml");
  gtk_file_filter_add_suffix (svg, "svg");

  chooser = gtk_file_chooser_native_new (_("Save QR Code"), get_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), png);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), svg);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  g_signal_connect (chooser, "response", G_CALLBACK (save_qr_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
share_email_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  g_autofree char *uri = pd_order_status_dup_mailto_uri (self->order);

  gtk_show_uri (get_window (self), uri, GDK_CURRENT_TIME);
}

static void
open_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);

  gtk_show_uri (get_window (self), pd_order_get_link (self->order), GDK_CURRENT_TIME);
}

static void
check_now_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);

  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()),
                                  "check-order",
                                  g_variant_new_int64 (pd_order_get_id (self->order)));
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  g_autoptr(PdOrder) copy = NULL;
  g_autoptr(GError) error = NULL;

  copy = pd_order_page_duplicate (self, &error);
  if (copy == NULL)
    {
      show_error (self, _("Cannot Duplicate the Order"), error->message);
      return;
    }

  pd_toast_show (GTK_WIDGET (self), _("Order duplicated"));
  gtk_widget_activate_action (widget, "win.show-order", "x", pd_order_get_id (copy));
  /* The page now shows the copy from its top: the keyboard goes there
   * too, to its link, not on at the row that made it, out of sight. */
  gtk_widget_grab_focus (GTK_WIDGET (gtk_widget_get_template_child (widget, PD_TYPE_ORDER_PAGE,
                                                                   "copy_link_button")));
}

/* The reason's entry and its error label, in the dialog's extra child. */
#define CANCEL_REASON_ENTRY "pd-cancel-reason-entry"
#define CANCEL_REASON_ERROR "pd-cancel-reason-error"

static void
cancel_reason_changed_cb (GtkEditable      *entry,
                          AdwMessageDialog *dialog)
{
  GtkLabel *error_label = g_object_get_data (G_OBJECT (dialog), CANCEL_REASON_ERROR);
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *rule = pd_store_check_cancel_reason (reason);
  g_autofree char *message = NULL;

  /* Empty is the usual case, and the disabled button says enough;
   * pasted control or direction characters, or a reason too long, are
   * said under the entry. */
  adw_message_dialog_set_response_enabled (dialog, "cancel-order", rule == NULL);
  if (rule != NULL && reason[0] != '\0')
    message = pd_field_error_sentence (rule);

  /* As under the fields of a form; the label is its own error row. */
  pd_field_error_show (GTK_WIDGET (entry), GTK_WIDGET (error_label), error_label, message);
}

/* The entry for the reason, with its error under it. No maximum length:
 * the entry cut a longer reason silently, and it is said instead. */
static GtkWidget *
cancel_reason_new (AdwMessageDialog *dialog)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *error_label = gtk_label_new (NULL);

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason for cancelling"),
                                  -1);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (error_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_add_css_class (error_label, "caption");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, error_label,
                                  -1);

  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error_label);
  g_object_set_data (G_OBJECT (dialog), CANCEL_REASON_ENTRY, entry);
  g_object_set_data (G_OBJECT (dialog), CANCEL_REASON_ERROR, error_label);
  g_signal_connect_object (entry, "changed", G_CALLBACK (cancel_reason_changed_cb), dialog, 0);

  return box;
}

static void
cancel_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PdOrderPage      *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), CANCEL_REASON_ENTRY);
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "cancel-order") != 0 || self->order == NULL)
    return;

  if (pd_store_cancel_order (self->store, self->order, reason, &error))
    {
      pd_toast_show (GTK_WIDGET (self), _("Order cancelled"));
      /* Cancel Order is off now, and the focus it had would be lost: the
       * row above it, what a cancelled order may still want, takes it. */
      gtk_widget_grab_focus (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                       PD_TYPE_ORDER_PAGE,
                                                                       "duplicate_row")));
    }
  else
    show_error (self, _("Cannot Cancel the Order"), error->message);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  g_autofree char *heading = g_strdup_printf (_("Cancel Order %s?"),
                                              pd_order_get_order_id (self->order));
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_window (self), heading,
                                                       _("Say why, for instance that the customer paid "
                                                         "another way. Paydesk still watches the order "
                                                         "for a week in case it is paid anyway.")));
  adw_message_dialog_set_extra_child (dialog, cancel_reason_new (dialog));
  entry = g_object_get_data (G_OBJECT (dialog), CANCEL_REASON_ENTRY);

  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep Order"),
                                    "cancel-order", _("_Cancel Order"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "cancel-order",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, "cancel-order", FALSE);
  adw_message_dialog_set_default_response (dialog, "cancel-order");
  adw_message_dialog_set_close_response (dialog, "keep");

  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* GObject */

static void
pd_order_page_dispose (GObject *object)
{
  PdOrderPage *self = PD_ORDER_PAGE (object);

  pd_order_page_set_order (self, NULL);
  pd_order_page_set_store (self, NULL);
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

  gtk_widget_class_install_action (widget_class, "order.copy-link", NULL, copy_link_action);
  gtk_widget_class_install_action (widget_class, "order.copy-qr", NULL, copy_qr_action);
  gtk_widget_class_install_action (widget_class, "order.save-qr", NULL, save_qr_action);
  gtk_widget_class_install_action (widget_class, "order.share-email", NULL, share_email_action);
  gtk_widget_class_install_action (widget_class, "order.open-link", NULL, open_link_action);
  gtk_widget_class_install_action (widget_class, "order.check-now", NULL, check_now_action);
  gtk_widget_class_install_action (widget_class, "order.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "order.cancel", NULL, cancel_action);
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
  GApplication *app = g_application_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  pd_order_page_add_shortcuts (self);
  pd_order_page_unfocus_button_cells (self);

  self->settings = g_settings_new (APP_ID);
  self->qr_paintable = pd_qr_paintable_new (NULL);
  gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (self->qr_paintable));
  g_signal_connect_object (self->qr_paintable, "notify::qr",
                           G_CALLBACK (qr_changed_cb), self, G_CONNECT_SWAPPED);

  if (app != NULL)
    {
      g_signal_connect_object (app, "action-added::check-order",
                               G_CALLBACK (app_actions_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (app, "action-removed::check-order",
                               G_CALLBACK (app_actions_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (app, "action-enabled-changed::check-order",
                               G_CALLBACK (app_actions_changed_cb), self, G_CONNECT_SWAPPED);
    }

  pd_order_page_update_actions (self);
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

  pd_order_page_update_actions (self);
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
  pd_order_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
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
