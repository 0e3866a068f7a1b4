/* pd-mixin-lookup-dialog.c: finds a payee ID from a Mixin ID
 *
 * Merchants know the number in their Mixin Messenger profile, not the UUID
 * MixPay pays to: this asks MixPay (user/mixin_uuid) for it.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-mixin-lookup-dialog.h"

struct _PdMixinLookupDialog
{
  AdwWindow       parent_instance;

  PdMixpayClient *client;
  GCancellable   *cancellable;

  /* Template widgets */
  AdwEntryRow    *mixin_id_row;
  GtkLabel       *error_label;
  GtkButton      *look_up_button;
  GtkSpinner     *spinner;
};

G_DEFINE_FINAL_TYPE (PdMixinLookupDialog, pd_mixin_lookup_dialog, ADW_TYPE_WINDOW)

enum {
  FOUND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_mixin_id (const char *text)
{
  if (text[0] == '\0')
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

static char *
dup_mixin_id (PdMixinLookupDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->mixin_id_row))));
}

static void
pd_mixin_lookup_dialog_show_error (PdMixinLookupDialog *self,
                                   const char          *message)
{
  GtkWidget *row = GTK_WIDGET (self->mixin_id_row);

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    {
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
}

static void
pd_mixin_lookup_dialog_set_busy (PdMixinLookupDialog *self,
                                 gboolean             busy)
{
  g_autofree char *mixin_id = dup_mixin_id (self);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* Read-only while MixPay is asked, not insensitive: the field keeps the
   * keyboard focus, to correct the number after an error. */
  gtk_editable_set_editable (GTK_EDITABLE (self->mixin_id_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->look_up_button),
                            !busy && is_mixin_id (mixin_id) && self->client != NULL);
}

static void
mixin_id_changed_cb (PdMixinLookupDialog *self)
{
  g_autofree char *mixin_id = dup_mixin_id (self);

  /* Without a client, that stays the one thing to say: Look Up cannot
   * work whatever is typed. */
  if (self->client == NULL)
    pd_mixin_lookup_dialog_show_error (self, _("The MixPay address in the settings is not valid."));
  else if (mixin_id[0] != '\0' && !is_mixin_id (mixin_id))
    pd_mixin_lookup_dialog_show_error (self, _("A Mixin ID has only digits."));
  else
    pd_mixin_lookup_dialog_show_error (self, NULL);

  pd_mixin_lookup_dialog_set_busy (self, FALSE);
}

static void
lookup_payee_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PdMixinLookupDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *payee_id = NULL;

  payee_id = pd_mixpay_client_lookup_payee_finish (PD_MIXPAY_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  pd_mixin_lookup_dialog_set_busy (self, FALSE);

  if (payee_id == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: the reason follows, as MixPay or the network gave it */
      message = g_strdup_printf (_("MixPay could not find this account: %s"), error->message);
      pd_mixin_lookup_dialog_show_error (self, message);
      return;
    }

  g_signal_emit (self, signals[FOUND], 0, payee_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

void
pd_mixin_lookup_dialog_look_up (PdMixinLookupDialog *self)
{
  g_autofree char *mixin_id = NULL;

  g_return_if_fail (PD_IS_MIXIN_LOOKUP_DIALOG (self));

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->look_up_button)))
    return;

  mixin_id = dup_mixin_id (self);
  pd_mixin_lookup_dialog_show_error (self, NULL);
  pd_mixin_lookup_dialog_set_busy (self, TRUE);
  pd_mixpay_client_lookup_payee_async (self->client, mixin_id, self->cancellable,
                                       lookup_payee_cb, g_object_ref (self));
}

/* GObject */

static void
pd_mixin_lookup_dialog_dispose (GObject *object)
{
  PdMixinLookupDialog *self = PD_MIXIN_LOOKUP_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_MIXIN_LOOKUP_DIALOG);

  G_OBJECT_CLASS (pd_mixin_lookup_dialog_parent_class)->dispose (object);
}

/* The dialog is for typing a Mixin ID: it opens there, not on Cancel.
 * On map, not before: a text that has the focus of a window never shown
 * is never told it lost it. */
static void
pd_mixin_lookup_dialog_map (GtkWidget *widget)
{
  PdMixinLookupDialog *self = PD_MIXIN_LOOKUP_DIALOG (widget);

  GTK_WIDGET_CLASS (pd_mixin_lookup_dialog_parent_class)->map (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->mixin_id_row));
}

static void
pd_mixin_lookup_dialog_class_init (PdMixinLookupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_mixin_lookup_dialog_dispose;
  widget_class->map = pd_mixin_lookup_dialog_map;

  /* The payee ID MixPay answered with, just before the dialog closes. */
  signals[FOUND] =
    g_signal_new ("found",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/pd-mixin-lookup-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdMixinLookupDialog, mixin_id_row);
  gtk_widget_class_bind_template_child (widget_class, PdMixinLookupDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PdMixinLookupDialog, look_up_button);
  gtk_widget_class_bind_template_child (widget_class, PdMixinLookupDialog, spinner);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_mixin_lookup_dialog_init (PdMixinLookupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->mixin_id_row),
                                  GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->error_label,
                                  -1);
  g_signal_connect_object (self->mixin_id_row, "changed",
                           G_CALLBACK (mixin_id_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->look_up_button, "clicked",
                           G_CALLBACK (pd_mixin_lookup_dialog_look_up), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->look_up_button));
}

/* Public API */

PdMixinLookupDialog *
pd_mixin_lookup_dialog_new (PdMixpayClient *client)
{
  PdMixinLookupDialog *self;

  g_return_val_if_fail (client == NULL || PD_IS_MIXPAY_CLIENT (client), NULL);

  self = g_object_new (PD_TYPE_MIXIN_LOOKUP_DIALOG, NULL);
  g_set_object (&self->client, client);
  if (client == NULL)
    pd_mixin_lookup_dialog_show_error (self, _("The MixPay address in the settings is not valid."));

  return self;
}
