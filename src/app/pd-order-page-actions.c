/* pd-order-page-actions.c: what can be done with the order a page shows
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-field-error.h"
#include "pd-order-page-display.h"
#include "pd-order-page-invoice.h"
#include "pd-order-page-private.h"
#include "pd-order-status.h"
#include "pd-save-path.h"
#include "pd-toast.h"

/* Helpers */

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

static GtkWindow *
get_window (PdOrderPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
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
  static const char * const images[] = { ".png", ".svg", NULL };
  g_autoptr(PdOrderPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkFileFilter *filter;
  gboolean svg;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  /* The chosen type decides when the name has no extension. */
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
  svg = filter != NULL && g_strcmp0 (gtk_file_filter_get_name (filter), _("SVG Image")) == 0;
  path = pd_save_path_from_chooser (GTK_FILE_CHOOSER (chooser), images, svg ? ".svg" : ".png");
  if (path == NULL)
    goto out;

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

  if (self->application == NULL)
    return;

  g_action_group_activate_action (G_ACTION_GROUP (self->application),
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

void
_pd_order_page_update_actions (PdOrderPage *self)
{
  GActionGroup *app = G_ACTION_GROUP (self->application);
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
              g_action_group_has_action (app, "check-order") &&
              g_action_group_get_action_enabled (app, "check-order") &&
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

void
_pd_order_page_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "order.copy-link", NULL, copy_link_action);
  gtk_widget_class_install_action (widget_class, "order.copy-qr", NULL, copy_qr_action);
  gtk_widget_class_install_action (widget_class, "order.save-qr", NULL, save_qr_action);
  gtk_widget_class_install_action (widget_class, "order.share-email", NULL, share_email_action);
  gtk_widget_class_install_action (widget_class, "order.open-link", NULL, open_link_action);
  gtk_widget_class_install_action (widget_class, "order.check-now", NULL, check_now_action);
  gtk_widget_class_install_action (widget_class, "order.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "order.cancel", NULL, cancel_action);
}
