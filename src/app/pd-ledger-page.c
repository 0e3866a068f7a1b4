/* pd-ledger-page.c: Preferences → Ledger, where this desk keeps its orders
 *
 * "This computer" (the SQLite file) or "Shared (PostgreSQL)", named field
 * by field or by a URI. Nothing is saved as it is typed: Test Connection
 * opens the ledger in a thread and says in plain words what failed, and
 * Apply does the same, then saves the choice (never the password) and
 * switches the app to that ledger while it runs. The password goes to
 * the keyring; where there is none, it is used until Paydesk quits.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-ledger-page.h"
#include "pd-ledger-secret.h"
#include "pd-ledger-settings.h"
#include "pd-pg-backend.h"

/* The nicks of io.github.paydesk.Paydesk.SslMode, in the order of the
 * TLS row's items. */
static const char * const sslmode_nicks[] = {
  "disable", "allow", "prefer", "require", "verify-ca", "verify-full",
};

struct _PdLedgerPage
{
  AdwPreferencesPage  parent_instance;

  PdApplication      *application;
  GSettings          *settings;
  GCancellable       *cancellable;
  gboolean            busy;
  char               *status;

  /* Template widgets */
  AdwPreferencesGroup *override_group;
  GtkLabel           *override_label;
  GtkCheckButton     *local_check;
  GtkCheckButton     *shared_check;
  AdwActionRow       *local_row;
  AdwActionRow       *shared_row;
  AdwPreferencesGroup *server_group;
  AdwEntryRow        *host_row;
  AdwEntryRow        *port_row;
  AdwEntryRow        *database_row;
  AdwEntryRow        *user_row;
  AdwEntryRow        *password_row;
  AdwComboRow        *sslmode_row;
  AdwEntryRow        *uri_row;
  GtkLabel           *status_label;
  GtkSpinner         *spinner;
  GtkButton          *test_button;
  GtkButton          *apply_button;
};

G_DEFINE_FINAL_TYPE (PdLedgerPage, pd_ledger_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One connection tried: what to do when it answers. */
typedef struct
{
  PdLedgerPage *self;
  char         *location;
  char         *password;
  gboolean      apply;
} TryData;

static void
try_data_free (TryData *data)
{
  g_clear_object (&data->self);
  g_free (data->location);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TryData, try_data_free)

/* Helpers */

static void
set_status (PdLedgerPage *self,
            const char   *status,
            gboolean      is_error)
{
  g_free (self->status);
  self->status = g_strdup (status);
  gtk_label_set_text (self->status_label, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
set_busy (PdLedgerPage *self,
          gboolean      busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static AdwEntryRow *
row_for_error (PdLedgerPage *self,
               const GError *error)
{
  switch (error->code)
    {
    case PD_LEDGER_SETTINGS_ERROR_HOST:
      return self->host_row;
    case PD_LEDGER_SETTINGS_ERROR_PORT:
      return self->port_row;
    case PD_LEDGER_SETTINGS_ERROR_DATABASE:
      return self->database_row;
    case PD_LEDGER_SETTINGS_ERROR_USER:
      return self->user_row;
    case PD_LEDGER_SETTINGS_ERROR_URI:
    default:
      return self->uri_row;
    }
}

static void
clear_field_errors (PdLedgerPage *self)
{
  AdwEntryRow *rows[] = { self->host_row, self->port_row, self->database_row,
                          self->user_row, self->uri_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (rows[i]), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (rows[i]), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static gboolean
is_shared (PdLedgerPage *self)
{
  return gtk_check_button_get_active (self->shared_check);
}

/* The ledger the fields name: NULL for this computer's file. FALSE, with
 * the field marked and the rule shown, when one is not valid. */
static gboolean
read_location (PdLedgerPage  *self,
               char         **location)
{
  g_autoptr(GError) error = NULL;
  guint sslmode = adw_combo_row_get_selected (self->sslmode_row);
  AdwEntryRow *row;

  *location = NULL;
  clear_field_errors (self);
  if (!is_shared (self))
    return TRUE;

  *location = pd_ledger_settings_build_uri (row_text (self->host_row), row_text (self->port_row),
                                            row_text (self->database_row), row_text (self->user_row),
                                            sslmode < G_N_ELEMENTS (sslmode_nicks) ? sslmode_nicks[sslmode] : NULL,
                                            row_text (self->uri_row), &error);
  if (*location != NULL)
    return TRUE;

  row = row_for_error (self, error);
  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                               GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  set_status (self, error->message, TRUE);
  return FALSE;
}

/* What failed, in words a merchant can act on; libpq's own message,
 * which never holds the password (it is not in the URI), follows. */
static char *
describe_open_error (const GError *error)
{
  const char *plain;

  if (error->domain != PD_STORE_ERROR)
    return g_strdup (error->message);

  switch (error->code)
    {
    case PD_STORE_ERROR_IO:
      plain = _("The database server cannot be reached. Check the server’s name and port, and that this computer is on its network.");
      break;
    case PD_STORE_ERROR_AUTH:
      plain = _("The database server refused the user name or password.");
      break;
    case PD_STORE_ERROR_FOREIGN:
      plain = _("This database is not a Paydesk ledger: another program’s tables are in it. Choose an empty database or one that Paydesk already uses.");
      break;
    case PD_STORE_ERROR_VERSION:
      plain = _("This ledger was written by a newer Paydesk. Update Paydesk on this desk first.");
      break;
    default:
      plain = _("The ledger cannot be opened.");
      break;
    }

  return g_strdup_printf ("%s\n%s", plain, error->message);
}

/* The ledger `paydesk --db` named, which wins over this page. */
static const char *
get_override (PdLedgerPage *self)
{
  return self->application != NULL ? pd_application_get_ledger_override (self->application) : NULL;
}

/* Says which ledger is in use when the choice here is not: --db or
 * PAYDESK_DB win over it until Paydesk quits. */
static void
show_ledger_in_use (PdLedgerPage *self)
{
  PdLedgerOrigin origin = PD_LEDGER_ORIGIN_SETTINGS;
  g_autofree char *used = NULL;
  g_autofree char *display = NULL;
  g_autofree char *text = NULL;

  used = pd_ledger_settings_dup_location (self->settings, get_override (self), &origin, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->override_group), origin != PD_LEDGER_ORIGIN_SETTINGS);
  if (origin == PD_LEDGER_ORIGIN_SETTINGS)
    return;

  display = pd_ledger_settings_dup_display (used);
  if (origin == PD_LEDGER_ORIGIN_COMMAND_LINE)
    /* Translators: %s is the ledger in use, a file or postgresql://user@host:port/database */
    text = g_strdup_printf (_("In use: %s, which Paydesk was started with (--db). It wins over the choice below until Paydesk quits; what you apply here is saved for the next start."),
                            display);
  else
    /* Translators: %s is the ledger in use, a file or postgresql://user@host:port/database */
    text = g_strdup_printf (_("In use: %s, which the PAYDESK_DB environment variable names. It wins over the choice below while it is set; what you apply here is saved for when it is not."),
                            display);
  gtk_label_set_text (self->override_label, text);
}

/* Saving the choice */

static void
save_settings (PdLedgerPage *self)
{
  guint sslmode = adw_combo_row_get_selected (self->sslmode_row);
  guint64 port = 0;

  g_settings_delay (self->settings);
  g_settings_set_enum (self->settings, "ledger-kind", is_shared (self) ? 1 : 0);
  if (is_shared (self))
    {
      g_settings_set_string (self->settings, "ledger-host", row_text (self->host_row));
      if (g_ascii_string_to_unsigned (row_text (self->port_row), 10, 1, 65535, &port, NULL))
        g_settings_set_uint (self->settings, "ledger-port", (guint) port);
      g_settings_set_string (self->settings, "ledger-database", row_text (self->database_row));
      g_settings_set_string (self->settings, "ledger-user", row_text (self->user_row));
      if (sslmode < G_N_ELEMENTS (sslmode_nicks))
        g_settings_set_string (self->settings, "ledger-sslmode", sslmode_nicks[sslmode]);
      g_settings_set_string (self->settings, "ledger-uri", row_text (self->uri_row));
    }
  g_settings_apply (self->settings);
}

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PdLedgerPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  if (pd_ledger_secret_store_finish (result, &error))
    {
      set_status (self, _("Paydesk now uses the shared ledger. Its password is kept in the keyring."), FALSE);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_message ("Cannot keep the ledger's password in the keyring: %s", error->message);
  status = g_strdup_printf ("%s\n%s",
                            _("Paydesk now uses the shared ledger."),
                            _("The password cannot be saved on this computer (there is no keyring): Paydesk uses it until it quits. To connect when Paydesk starts, put it in the file .pgpass in your home folder."));
  set_status (self, status, FALSE);
}

static void
applied (PdLedgerPage *self,
         TryData      *data,
         PdStore      *store)
{
  PdLedgerOrigin origin = PD_LEDGER_ORIGIN_SETTINGS;
  g_autofree char *used = NULL;

  save_settings (self);

  used = pd_ledger_settings_dup_location (self->settings, get_override (self), &origin, NULL);
  if (origin != PD_LEDGER_ORIGIN_SETTINGS)
    {
      g_autofree char *display = pd_ledger_settings_dup_display (used);
      g_autofree char *status = NULL;

      if (origin == PD_LEDGER_ORIGIN_COMMAND_LINE)
        /* Translators: %s is the ledger paydesk --db names */
        status = g_strdup_printf (_("Saved for the next start. Paydesk was started with --db: until it quits it keeps using %s."),
                                  display);
      else
        /* Translators: %s is the ledger PAYDESK_DB names */
        status = g_strdup_printf (_("Saved. While the PAYDESK_DB environment variable is set, Paydesk keeps using %s."),
                                  display);
      set_status (self, status, FALSE);
      return;
    }

  if (self->application != NULL)
    pd_application_set_store (self->application, store);

  if (data->location == NULL)
    {
      set_status (self, _("Paydesk now uses the ledger on this computer."), FALSE);
      return;
    }

  if (data->password == NULL || *data->password == '\0')
    {
      set_status (self, _("Paydesk now uses the shared ledger."), FALSE);
      return;
    }

  set_status (self, _("Connected. Saving the password in the keyring…"), FALSE);
  pd_ledger_secret_store_async (data->location, data->password, self->cancellable,
                                secret_stored_cb, g_object_ref (self));
}

/* Trying a connection */

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TryData) data = user_data;
  PdLedgerPage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *message = NULL;

  store = pd_ledger_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (store == NULL)
    {
      message = describe_open_error (error);
      set_status (self, message, TRUE);
      return;
    }

  if (data->apply)
    {
      applied (self, data, store);
      return;
    }

  pd_store_close (store);
  set_status (self, data->location != NULL
                    ? _("Connected: this is a Paydesk ledger. Apply to use it.")
                    : _("The ledger on this computer opens. Apply to use it."),
              FALSE);
}

static void
try_connection (PdLedgerPage *self,
                gboolean      apply)
{
  g_autofree char *location = NULL;
  TryData *data;

  if (self->busy || !read_location (self, &location))
    return;

  data = g_new0 (TryData, 1);
  data->self = g_object_ref (self);
  data->location = g_steal_pointer (&location);
  data->password = data->location != NULL ? g_strdup (row_text (self->password_row)) : NULL;
  data->apply = apply;

  set_busy (self, TRUE);
  set_status (self, _("Connecting…"), FALSE);
  pd_ledger_open_async (data->location, data->password, self->cancellable, opened_cb, data);
}

static void
test_clicked_cb (PdLedgerPage *self)
{
  try_connection (self, FALSE);
}

static void
apply_clicked_cb (PdLedgerPage *self)
{
  try_connection (self, TRUE);
}

static void
kind_toggled_cb (PdLedgerPage *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_group), is_shared (self));
  clear_field_errors (self);
}

static void
field_changed_cb (PdLedgerPage *self)
{
  clear_field_errors (self);
}

static void
load_settings (PdLedgerPage *self)
{
  g_autofree char *host = g_settings_get_string (self->settings, "ledger-host");
  g_autofree char *port = g_strdup_printf ("%u", g_settings_get_uint (self->settings, "ledger-port"));
  g_autofree char *database = g_settings_get_string (self->settings, "ledger-database");
  g_autofree char *user = g_settings_get_string (self->settings, "ledger-user");
  g_autofree char *uri = g_settings_get_string (self->settings, "ledger-uri");
  int sslmode = g_settings_get_enum (self->settings, "ledger-sslmode");

  gtk_check_button_set_active (g_settings_get_enum (self->settings, "ledger-kind") == 1
                               ? self->shared_check : self->local_check, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), host);
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
  gtk_editable_set_text (GTK_EDITABLE (self->database_row), database);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
  gtk_editable_set_text (GTK_EDITABLE (self->uri_row), uri);
  adw_combo_row_set_selected (self->sslmode_row, (guint) sslmode);
  kind_toggled_cb (self);
}

/* GObject */

static void
pd_ledger_page_dispose (GObject *object)
{
  PdLedgerPage *self = PD_LEDGER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->application);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_LEDGER_PAGE);

  G_OBJECT_CLASS (pd_ledger_page_parent_class)->dispose (object);
}

static void
pd_ledger_page_finalize (GObject *object)
{
  PdLedgerPage *self = PD_LEDGER_PAGE (object);

  g_free (self->status);

  G_OBJECT_CLASS (pd_ledger_page_parent_class)->finalize (object);
}

static void
pd_ledger_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdLedgerPage *self = PD_LEDGER_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_ledger_page_class_init (PdLedgerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_ledger_page_dispose;
  object_class->finalize = pd_ledger_page_finalize;
  object_class->get_property = pd_ledger_page_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/pd-ledger-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, override_group);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, override_label);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, local_check);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, shared_check);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, local_row);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, shared_row);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, server_group);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, host_row);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, port_row);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, database_row);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, sslmode_row);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, uri_row);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, test_button);
  gtk_widget_class_bind_template_child (widget_class, PdLedgerPage, apply_button);
}

static void
pd_ledger_page_init (PdLedgerPage *self)
{
  AdwEntryRow *rows[5];

  gtk_widget_init_template (GTK_WIDGET (self));
  rows[0] = self->host_row;
  rows[1] = self->port_row;
  rows[2] = self->database_row;
  rows[3] = self->user_row;
  rows[4] = self->uri_row;

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();

  /* The check buttons have no label of their own: their rows name them. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->local_check),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->local_row, NULL,
                                  -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->shared_check),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->shared_row, NULL,
                                  -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->test_button),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->status_label, NULL,
                                  -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->apply_button),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->status_label, NULL,
                                  -1);

  load_settings (self);

  g_signal_connect_object (self->shared_check, "toggled",
                           G_CALLBACK (kind_toggled_cb), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_signal_connect_object (rows[i], "changed",
                             G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->test_button, "clicked",
                           G_CALLBACK (test_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->apply_button, "clicked",
                           G_CALLBACK (apply_clicked_cb), self, G_CONNECT_SWAPPED);
}

/* Public API */

GtkWidget *
pd_ledger_page_new (PdApplication *application)
{
  PdLedgerPage *self;

  g_return_val_if_fail (application == NULL || PD_IS_APPLICATION (application), NULL);

  self = g_object_new (PD_TYPE_LEDGER_PAGE, NULL);
  g_set_object (&self->application, application);
  show_ledger_in_use (self);

  return GTK_WIDGET (self);
}

gboolean
pd_ledger_page_get_busy (PdLedgerPage *self)
{
  g_return_val_if_fail (PD_IS_LEDGER_PAGE (self), FALSE);

  return self->busy;
}

const char *
pd_ledger_page_get_status (PdLedgerPage *self)
{
  g_return_val_if_fail (PD_IS_LEDGER_PAGE (self), NULL);

  return self->status;
}
