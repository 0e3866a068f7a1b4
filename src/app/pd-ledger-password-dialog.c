/* pd-ledger-password-dialog.c: asks for a shared ledger's password
 *
 * Shown when the shared ledger the app starts on refuses it: the keyring
 * holds no password for it (or there is no keyring), or the server
 * refused the one it holds. The password is tried the way the app opens
 * its ledger (pd_ledger_open_async(), in a thread); it is never shown,
 * logged or kept anywhere but in the keyring, and only when asked to.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-ledger-password-dialog.h"
#include "pd-ledger-secret.h"
#include "pd-ledger-settings.h"
#include "pd-pg-backend.h"
#include "pd-toast.h"
#include "pd-window.h"

struct _PdLedgerPasswordDialog
{
  AdwWindow         parent_instance;

  PdApplication    *application;
  /* The URI, without a password. */
  char             *location;
  GCancellable     *cancellable;
  gboolean          busy;

  /* Template widgets */
  GtkLabel         *body_label;
  GtkPasswordEntry *password_entry;
  GtkLabel         *error_label;
  GtkSwitch        *remember_switch;
  GtkWidget        *connect_button;
  GtkSpinner       *spinner;
};

G_DEFINE_FINAL_TYPE (PdLedgerPasswordDialog, pd_ledger_password_dialog, ADW_TYPE_WINDOW)

static void
show_error (PdLedgerPasswordDialog *self,
            const char             *message)
{
  GtkWidget *entry = GTK_WIDGET (self->password_entry);

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (entry, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (entry, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
update_connect (PdLedgerPasswordDialog *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ledger-password.connect",
                                 !self->busy && self->application != NULL && password[0] != '\0');
}

static void
set_busy (PdLedgerPasswordDialog *self,
          gboolean                busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* Read-only, not insensitive, while the server is asked: the field
   * keeps the keyboard focus, to type again after a refusal. */
  gtk_editable_set_editable (GTK_EDITABLE (self->password_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remember_switch), !busy);
  update_connect (self);
}

/* The window's toasts say what happened once the dialog is gone. */
static void
toast_on_parent (PdLedgerPasswordDialog *self,
                 const char             *text)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (PD_IS_WINDOW (parent))
    pd_toast_show (pd_window_get_orders_view (PD_WINDOW (parent)), text);
}

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PdLedgerPasswordDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_ledger_secret_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_message ("Cannot keep the ledger's password in the keyring: %s", error->message);
      toast_on_parent (self, _("The password cannot be kept in the keyring: Paydesk asks for it again when it starts."));
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PdLedgerPasswordDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;

  store = pd_ledger_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (store == NULL)
    {
      g_autofree char *message = NULL;

      /* libpq's words ("FATAL: password authentication failed") say no
       * more than this; the store's other messages (the server cannot be
       * reached) say what to do, and never hold the password. */
      if (g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_AUTH))
        {
          g_autofree char *user = NULL;

          pd_pg_uri_parse (self->location, &user, NULL, NULL, NULL, NULL);
          /* Translators: %s is the user name Paydesk connects as */
          message = g_strdup_printf (_("The server refused this password for the user “%s”."),
                                     user != NULL ? user : g_get_user_name ());
        }
      set_busy (self, FALSE);
      show_error (self, message != NULL ? message : error->message);
      /* To type it again, or to correct a letter. */
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      gtk_editable_select_region (GTK_EDITABLE (self->password_entry), 0, -1);
      return;
    }

  if (self->application != NULL)
    pd_application_set_store (self->application, store);

  if (!gtk_switch_get_active (self->remember_switch))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  /* Busy still: the keyring may ask to be unlocked first. */
  pd_ledger_secret_store_async (self->location,
                                gtk_editable_get_text (GTK_EDITABLE (self->password_entry)),
                                self->cancellable, secret_stored_cb, g_object_ref (self));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdLedgerPasswordDialog *self = PD_LEDGER_PASSWORD_DIALOG (widget);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));

  if (self->busy || self->application == NULL || password[0] == '\0')
    return;

  show_error (self, NULL);
  set_busy (self, TRUE);
  pd_ledger_open_async (self->location, password, self->cancellable,
                        opened_cb, g_object_ref (self));
}

/* GObject */

static void
pd_ledger_password_dialog_dispose (GObject *object)
{
  PdLedgerPasswordDialog *self = PD_LEDGER_PASSWORD_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->application);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_LEDGER_PASSWORD_DIALOG);

  G_OBJECT_CLASS (pd_ledger_password_dialog_parent_class)->dispose (object);
}

static void
pd_ledger_password_dialog_finalize (GObject *object)
{
  PdLedgerPasswordDialog *self = PD_LEDGER_PASSWORD_DIALOG (object);

  g_free (self->location);

  G_OBJECT_CLASS (pd_ledger_password_dialog_parent_class)->finalize (object);
}

/* Closing while a password is tried drops the attempt: its store is
 * closed unused. */
static gboolean
pd_ledger_password_dialog_close_request (GtkWindow *window)
{
  PdLedgerPasswordDialog *self = PD_LEDGER_PASSWORD_DIALOG (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (pd_ledger_password_dialog_parent_class)->close_request (window);
}

/* The dialog is for typing the password: it opens there. On map, not
 * before: a text that has the focus of a window never shown is never
 * told it lost it. */
static void
pd_ledger_password_dialog_map (GtkWidget *widget)
{
  PdLedgerPasswordDialog *self = PD_LEDGER_PASSWORD_DIALOG (widget);

  GTK_WIDGET_CLASS (pd_ledger_password_dialog_parent_class)->map (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
pd_ledger_password_dialog_class_init (PdLedgerPasswordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pd_ledger_password_dialog_dispose;
  object_class->finalize = pd_ledger_password_dialog_finalize;
  widget_class->map = pd_ledger_password_dialog_map;
  window_class->close_request = pd_ledger_password_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/pd-ledger-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPasswordDialog, body_label);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPasswordDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPasswordDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPasswordDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPasswordDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPasswordDialog, spinner);
  /* Not needed by the code, but reachable by name for the UI tests. */
  gtk_widget_class_bind_template_child_full (widget_class, "cancel_button", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "ledger-password.connect", NULL, connect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_ledger_password_dialog_init (PdLedgerPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->password_entry),
                                  GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->error_label,
                                  -1);
  g_signal_connect_object (self->password_entry, "changed",
                           G_CALLBACK (update_connect), self, G_CONNECT_SWAPPED);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->connect_button);
  update_connect (self);
}

/* Public API */

PdLedgerPasswordDialog *
pd_ledger_password_dialog_new (PdApplication *application,
                               const char    *location,
                               gboolean       keyring_available)
{
  PdLedgerPasswordDialog *self;
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *server = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (application == NULL || PD_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (location != NULL, NULL);

  self = g_object_new (PD_TYPE_LEDGER_PASSWORD_DIALOG, NULL);
  g_set_weak_pointer (&self->application, application);
  self->location = g_strdup (location);

  /* libpq's defaults where the URI leaves a part out. */
  pd_pg_uri_parse (location, &user, &host, &port, &dbname, NULL);
  if (user == NULL)
    user = g_strdup (g_get_user_name ());
  if (host == NULL)
    host = g_strdup ("localhost");
  server = port != NULL ? g_strdup_printf ("%s:%s", host, port) : g_strdup (host);
  /* Translators: the shared ledger's database, its server (host:port)
   * and the user Paydesk connects as */
  body = g_strdup_printf (_("The shared ledger needs a password. Enter the password of the user “%s” for the database “%s” on %s."),
                          user, dbname != NULL ? dbname : user, server);
  gtk_label_set_text (self->body_label, body);

  gtk_switch_set_active (self->remember_switch, keyring_available);
  update_connect (self);

  return self;
}

gboolean
pd_ledger_password_dialog_get_busy (PdLedgerPasswordDialog *self)
{
  g_return_val_if_fail (PD_IS_LEDGER_PASSWORD_DIALOG (self), FALSE);

  return self->busy;
}

const char *
pd_ledger_password_dialog_get_error (PdLedgerPasswordDialog *self)
{
  g_return_val_if_fail (PD_IS_LEDGER_PASSWORD_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_text (self->error_label) : NULL;
}
