/* pd-new-order-dialog.c: the form that creates an order
 *
 * Each field is checked with the paylink validators as the merchant types;
 * the rule a value breaks is shown under its row, and Create stays
 * insensitive until every field is valid. Creating builds the link (or,
 * for one-time links, asks MixPay for a payment code), stores the order and
 * opens its page in the main window.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-asset-list.h"
#include "pd-decimal.h"
#include "pd-field-error.h"
#include "pd-new-order-dialog.h"
#include "pd-order-draft.h"
#include "pd-paylink.h"

typedef enum
{
  FIELD_AMOUNT,
  FIELD_ORDER_ID,
  FIELD_REMARK,
  FIELD_NOTE,
  N_FIELDS
} PdField;

struct _PdNewOrderDialog
{
  AdwWindow       parent_instance;

  PdApplication  *application;
  GSettings      *settings;
  GCancellable   *cancellable;
  /* The quote asset: its symbol (NULL when unknown) and allowed decimals. */
  char           *quote_symbol;
  guint           decimals;
  /* Its entry in MixPay's list, with the limits of a price in it; NULL
   * when not cached. */
  PdMixpayAsset  *quote_asset;
  /* Shown at the order ID until it is edited. */
  char           *order_id_taken;
  /* A field's error shows once the merchant has typed in it. */
  gboolean        touched[N_FIELDS];
  gboolean        busy;

  /* Template widgets */
  GtkStack       *pages;
  AdwEntryRow    *rows[N_FIELDS];
  GtkWidget      *error_rows[N_FIELDS];
  GtkLabel       *error_labels[N_FIELDS];
  GtkSpinButton  *expiry_spin_button;
  GtkLabel       *symbol_label;
  GtkLabel       *error_label;
  GtkButton      *create_button;
  GtkSpinner     *spinner;
  GtkButton      *preferences_button;
};

G_DEFINE_FINAL_TYPE (PdNewOrderDialog, pd_new_order_dialog, ADW_TYPE_WINDOW)

enum {
  ORDER_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_field_text (PdNewOrderDialog *self,
                PdField           field)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->rows[field]))));
}

/* MixPay refuses a price outside the quote asset's limits only once the
 * payer opens the link: said here, at the field, instead. */
static gboolean
pd_new_order_dialog_check_limits (PdNewOrderDialog  *self,
                                  const char        *amount,
                                  GError           **error)
{
  const char *symbol = self->quote_symbol != NULL ? self->quote_symbol : "";
  g_autofree char *limit = NULL;

  if (self->quote_asset == NULL)
    return TRUE;

  switch (pd_mixpay_asset_check_quote_amount (self->quote_asset, amount, &limit))
    {
    case PD_QUOTE_AMOUNT_BELOW_MINIMUM:
      /* TRANSLATORS: "Must be at least 0.1 USDT" */
      g_set_error (error, PD_PAYLINK_ERROR, PD_PAYLINK_ERROR_INVALID,
                   _("Must be at least %s %s"), limit, symbol);
      return FALSE;
    case PD_QUOTE_AMOUNT_ABOVE_MAXIMUM:
      /* TRANSLATORS: "Must be at most 1000 USDT" */
      g_set_error (error, PD_PAYLINK_ERROR, PD_PAYLINK_ERROR_INVALID,
                   _("Must be at most %s %s"), limit, symbol);
      return FALSE;
    case PD_QUOTE_AMOUNT_WITHIN_LIMITS:
    default:
      return TRUE;
    }
}

static gboolean
pd_new_order_dialog_validate_field (PdNewOrderDialog  *self,
                                    PdField            field,
                                    GError           **error)
{
  g_autofree char *text = dup_field_text (self, field);

  switch (field)
    {
    case FIELD_AMOUNT:
      return pd_paylink_validate_amount (text, self->decimals, error) &&
             pd_new_order_dialog_check_limits (self, text, error);
    case FIELD_ORDER_ID:
      if (self->order_id_taken != NULL && g_str_equal (text, self->order_id_taken))
        {
          g_set_error_literal (error, PD_PAYLINK_ERROR, PD_PAYLINK_ERROR_INVALID,
                               _("Another order already has this ID"));
          return FALSE;
        }
      return pd_paylink_validate_order_id (text, error);
    case FIELD_REMARK:
      return text[0] == '\0' || pd_paylink_validate_remark (text, error);
    case FIELD_NOTE:
      {
        g_autofree char *rule = pd_store_check_note (text);

        if (rule == NULL)
          return TRUE;

        g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID, rule);
        return FALSE;
      }
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static void
pd_new_order_dialog_show_field_error (PdNewOrderDialog *self,
                                      PdField           field,
                                      const char       *message)
{
  pd_field_error_show (GTK_WIDGET (self->rows[field]), self->error_rows[field],
                       self->error_labels[field], message);
}

static void
pd_new_order_dialog_show_error (PdNewOrderDialog *self,
                                const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
pd_new_order_dialog_has_payee (PdNewOrderDialog *self)
{
  g_autofree char *payee_id = g_settings_get_string (self->settings, "payee-id");

  return payee_id[0] != '\0';
}

static void
pd_new_order_dialog_update (PdNewOrderDialog *self)
{
  gboolean valid = pd_new_order_dialog_has_payee (self);

  gtk_stack_set_visible_child_name (self->pages, valid ? "form" : "no-payee");

  for (PdField field = 0; field < N_FIELDS; field++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;

      if (!pd_new_order_dialog_validate_field (self, field, &error))
        {
          valid = FALSE;
          if (self->touched[field])
            message = error->domain == PD_PAYLINK_ERROR && pd_paylink_error_get_field (error, NULL)
                      ? pd_field_error_describe (error) : pd_field_error_sentence (error->message);
        }

      pd_new_order_dialog_show_field_error (self, field, message);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), valid && !self->busy);
}

static void
row_changed_cb (PdNewOrderDialog *self,
                GtkEditable      *editable)
{
  for (PdField field = 0; field < N_FIELDS; field++)
    {
      if (GTK_EDITABLE (self->rows[field]) == editable)
        self->touched[field] = TRUE;
    }

  pd_new_order_dialog_show_error (self, NULL);
  pd_new_order_dialog_update (self);
}

/* The quote asset's symbol and decimals, from the cached list. */
static void
pd_new_order_dialog_load_quote_asset (PdNewOrderDialog *self)
{
  g_autofree char *asset_id = g_settings_get_string (self->settings, "quote-asset-id");
  PdStore *store = pd_application_get_store (self->application);
  g_autoptr(GPtrArray) assets = NULL;
  PdMixpayAsset *asset;

  self->decimals = PD_PAYLINK_DEFAULT_DECIMALS;
  g_clear_pointer (&self->quote_symbol, g_free);
  g_clear_pointer (&self->quote_asset, pd_mixpay_asset_unref);

  if (store != NULL)
    assets = pd_asset_cache_load (store, PD_ASSET_LIST_QUOTE, NULL);

  asset = pd_mixpay_assets_find (assets, asset_id);
  if (asset != NULL)
    {
      self->quote_symbol = g_strdup (asset->symbol);
      if (asset->decimal_digit >= 0)
        self->decimals = asset->decimal_digit;
      self->quote_asset = pd_mixpay_asset_ref (asset);
    }
  else if (!pd_paylink_is_uuid (asset_id))
    {
      /* A fiat code such as "usd" is its own symbol. */
      self->quote_symbol = g_ascii_strup (asset_id, -1);
    }

  gtk_label_set_text (self->symbol_label, self->quote_symbol != NULL ? self->quote_symbol : "");
}

/* Creating */

static void
pd_new_order_dialog_set_busy (PdNewOrderDialog *self,
                              gboolean          busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* Not insensitive: that would take the focus from under the cursor. */
  for (PdField field = 0; field < N_FIELDS; field++)
    gtk_editable_set_editable (GTK_EDITABLE (self->rows[field]), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->expiry_spin_button), !busy);
  pd_new_order_dialog_update (self);
}

static void
pd_new_order_dialog_fill_params (PdOrder         *order,
                                 PdPaylinkParams *params,
                                 guint            decimals)
{
  params->payee_id = pd_order_get_payee_id (order);
  params->settlement_asset_id = pd_order_get_settlement_asset_id (order);
  params->quote_asset_id = pd_order_get_quote_asset_id (order);
  params->quote_amount = pd_order_get_quote_amount (order);
  params->order_id = pd_order_get_order_id (order);
  params->return_to = pd_order_get_return_to (order);
  params->trace_id = pd_order_get_trace_id (order);
  params->remark = pd_order_get_remark (order);
  params->expired_timestamp = pd_order_get_expires_at (order);
  params->max_decimals = decimals;
}

static PdOrder *
pd_new_order_dialog_build_order (PdNewOrderDialog *self)
{
  g_autofree char *amount = dup_field_text (self, FIELD_AMOUNT);
  g_autofree char *order_id = dup_field_text (self, FIELD_ORDER_ID);
  g_autofree char *remark = dup_field_text (self, FIELD_REMARK);
  g_autofree char *note = dup_field_text (self, FIELD_NOTE);
  g_autofree char *payee_id = g_settings_get_string (self->settings, "payee-id");
  g_autofree char *settlement = g_settings_get_string (self->settings, "settlement-asset-id");
  g_autofree char *quote = g_settings_get_string (self->settings, "quote-asset-id");
  g_autofree char *return_to = g_settings_get_string (self->settings, "return-to");
  PdOrderDraft draft;

  /* Text typed but not yet taken (Alt+R while the field has focus) is
   * taken now, or the order got the value from before it. */
  gtk_spin_button_update (self->expiry_spin_button);

  draft = (PdOrderDraft) {
    .order_id = order_id,
    .payee_id = payee_id,
    .settlement_asset_id = settlement,
    .quote_asset_id = quote,
    .quote_symbol = self->quote_symbol,
    .quote_amount = amount,
    .return_to = return_to,
    .remark = remark,
    .note = note,
    .expiry_minutes = MAX (gtk_spin_button_get_value_as_int (self->expiry_spin_button), 0),
  };

  return pd_order_draft_build (&draft, g_get_real_time () / G_USEC_PER_SEC);
}

static void
pd_new_order_dialog_order_id_taken (PdNewOrderDialog *self,
                                    PdOrder          *order)
{
  g_free (self->order_id_taken);
  self->order_id_taken = g_strdup (pd_order_get_order_id (order));
  self->touched[FIELD_ORDER_ID] = TRUE;
  pd_new_order_dialog_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->rows[FIELD_ORDER_ID]));
}

static void
pd_new_order_dialog_store (PdNewOrderDialog *self,
                           PdOrder          *order)
{
  PdStore *store = pd_application_get_store (self->application);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) row_id = NULL;
  GtkWindow *main_window;

  if (!pd_store_insert_order (store, order, &error))
    {
      if (g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_DUPLICATE))
        pd_new_order_dialog_order_id_taken (self, order);
      else
        pd_new_order_dialog_show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[ORDER_CREATED], 0, order);

  /* The main window selects the order and shows its page. */
  main_window = gtk_window_get_transient_for (GTK_WINDOW (self));
  row_id = g_variant_ref_sink (g_variant_new_int64 (pd_order_get_id (order)));
  if (main_window != NULL &&
      g_action_group_has_action (G_ACTION_GROUP (main_window), "show-order"))
    g_action_group_activate_action (G_ACTION_GROUP (main_window), "show-order", row_id);

  gtk_window_destroy (GTK_WINDOW (self));
}

typedef struct
{
  PdNewOrderDialog *self;
  PdOrder          *order;
} OneTimeData;

static void
one_time_data_free (OneTimeData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->order);
  g_free (data);
}

static void
one_time_payment_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  OneTimeData *data = user_data;
  PdNewOrderDialog *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *pay_base = NULL;
  g_autofree char *link = NULL;

  code = pd_mixpay_client_create_one_time_payment_finish (PD_MIXPAY_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;

  pd_new_order_dialog_set_busy (self, FALSE);

  if (code != NULL)
    {
      pay_base = pd_application_dup_pay_base (self->application);
      link = pd_paylink_build_code_link (code, pay_base, &error);
    }

  if (link == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: the reason follows, as MixPay or the network gave it */
      message = g_strdup_printf (_("MixPay could not create the one-time link: %s"), error->message);
      pd_new_order_dialog_show_error (self, message);
      goto out;
    }

  pd_order_set_link_kind (data->order, PD_ORDER_LINK_KIND_ONE_TIME);
  pd_order_set_link (data->order, link);
  pd_new_order_dialog_store (self, data->order);

out:
  one_time_data_free (data);
}

static void
pd_new_order_dialog_create_one_time (PdNewOrderDialog *self,
                                     PdOrder          *order)
{
  PdMixpayClient *client = pd_application_get_client (self->application);
  PdPaylinkParams params = { 0 };
  OneTimeData *data;

  if (client == NULL)
    {
      pd_new_order_dialog_show_error (self, _("The MixPay address in the settings is not valid."));
      return;
    }

  data = g_new0 (OneTimeData, 1);
  data->self = g_object_ref (self);
  data->order = g_object_ref (order);

  pd_new_order_dialog_fill_params (order, &params, self->decimals);
  pd_new_order_dialog_set_busy (self, TRUE);
  pd_mixpay_client_create_one_time_payment_async (client, &params, self->cancellable,
                                                  one_time_payment_cb, data);
}

static void
pd_new_order_dialog_create_paylink (PdNewOrderDialog *self,
                                    PdOrder          *order)
{
  g_autofree char *pay_base = pd_application_dup_pay_base (self->application);
  PdPaylinkParams params = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;

  pd_new_order_dialog_fill_params (order, &params, self->decimals);
  link = pd_paylink_build (&params, pay_base, &error);
  if (link == NULL)
    {
      pd_new_order_dialog_show_error (self, error->message);
      return;
    }

  pd_order_set_link_kind (order, PD_ORDER_LINK_KIND_PAYLINK);
  pd_order_set_link (order, link);
  pd_new_order_dialog_store (self, order);
}

void
pd_new_order_dialog_create (PdNewOrderDialog *self)
{
  PdStore *store;
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(PdOrder) existing = NULL;
  g_autofree char *link_kind = NULL;

  g_return_if_fail (PD_IS_NEW_ORDER_DIALOG (self));

  if (self->busy || !pd_new_order_dialog_is_valid (self))
    return;

  store = pd_application_get_store (self->application);
  if (store == NULL)
    {
      pd_new_order_dialog_show_error (self, _("The order ledger is not open yet. Try again in a moment."));
      return;
    }

  order = pd_new_order_dialog_build_order (self);

  /* Before asking MixPay for a one-time link, which cannot be taken back. */
  existing = pd_store_lookup_order (store, pd_order_get_payee_id (order),
                                    pd_order_get_order_id (order), NULL);
  if (existing != NULL)
    {
      pd_new_order_dialog_order_id_taken (self, order);
      return;
    }

  link_kind = g_settings_get_string (self->settings, "link-kind");
  if (g_str_equal (link_kind, "one-time"))
    pd_new_order_dialog_create_one_time (self, order);
  else
    pd_new_order_dialog_create_paylink (self, order);
}

gboolean
pd_new_order_dialog_is_valid (PdNewOrderDialog *self)
{
  g_return_val_if_fail (PD_IS_NEW_ORDER_DIALOG (self), FALSE);

  if (!pd_new_order_dialog_has_payee (self))
    return FALSE;

  for (PdField field = 0; field < N_FIELDS; field++)
    {
      if (!pd_new_order_dialog_validate_field (self, field, NULL))
        return FALSE;
    }

  return TRUE;
}

static void
preferences_clicked_cb (PdNewOrderDialog *self)
{
  GtkApplication *application = GTK_APPLICATION (self->application);

  gtk_window_destroy (GTK_WINDOW (self));
  g_action_group_activate_action (G_ACTION_GROUP (application), "preferences", NULL);
}

static void
settings_changed_cb (PdNewOrderDialog *self,
                     const char       *key,
                     GSettings        *settings)
{
  if (g_str_equal (key, "quote-asset-id"))
    pd_new_order_dialog_load_quote_asset (self);

  pd_new_order_dialog_update (self);
}

static void
store_changed_cb (PdNewOrderDialog *self)
{
  pd_new_order_dialog_load_quote_asset (self);
  pd_new_order_dialog_update (self);
}

/* GObject */

static void
pd_new_order_dialog_dispose (GObject *object)
{
  PdNewOrderDialog *self = PD_NEW_ORDER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->application);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_NEW_ORDER_DIALOG);

  G_OBJECT_CLASS (pd_new_order_dialog_parent_class)->dispose (object);
}

static void
pd_new_order_dialog_finalize (GObject *object)
{
  PdNewOrderDialog *self = PD_NEW_ORDER_DIALOG (object);

  g_free (self->quote_symbol);
  g_clear_pointer (&self->quote_asset, pd_mixpay_asset_unref);
  g_free (self->order_id_taken);

  G_OBJECT_CLASS (pd_new_order_dialog_parent_class)->finalize (object);
}

static void
pd_new_order_dialog_class_init (PdNewOrderDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_new_order_dialog_dispose;
  object_class->finalize = pd_new_order_dialog_finalize;

  /* Emitted once the order is stored, just before the dialog closes. */
  signals[ORDER_CREATED] =
    g_signal_new ("order-created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PD_TYPE_ORDER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/pd-new-order-dialog.ui");

#define BIND_FIELD(name, field) \
  gtk_widget_class_bind_template_child_full (widget_class, name "_row", FALSE, \
                                             G_STRUCT_OFFSET (PdNewOrderDialog, rows[field])); \
  gtk_widget_class_bind_template_child_full (widget_class, name "_error_row", FALSE, \
                                             G_STRUCT_OFFSET (PdNewOrderDialog, error_rows[field])); \
  gtk_widget_class_bind_template_child_full (widget_class, name "_error_label", FALSE, \
                                             G_STRUCT_OFFSET (PdNewOrderDialog, error_labels[field]))
  BIND_FIELD ("amount", FIELD_AMOUNT);
  BIND_FIELD ("order_id", FIELD_ORDER_ID);
  BIND_FIELD ("remark", FIELD_REMARK);
  BIND_FIELD ("note", FIELD_NOTE);
#undef BIND_FIELD

  gtk_widget_class_bind_template_child (widget_class, PdNewOrderDialog, pages);
  gtk_widget_class_bind_template_child (widget_class, PdNewOrderDialog, expiry_spin_button);
  gtk_widget_class_bind_template_callback_full (widget_class, "expiry_input_cb",
                                                G_CALLBACK (pd_field_error_whole_number_input));
  gtk_widget_class_bind_template_child (widget_class, PdNewOrderDialog, symbol_label);
  gtk_widget_class_bind_template_child (widget_class, PdNewOrderDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PdNewOrderDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, PdNewOrderDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdNewOrderDialog, preferences_button);
  gtk_widget_class_bind_template_child_full (widget_class, "cancel_button", FALSE, 0);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_new_order_dialog_init (PdNewOrderDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);

  for (PdField field = 0; field < N_FIELDS; field++)
    {
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->rows[field]),
                                      GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->error_labels[field],
                                      -1);
      g_signal_connect_object (self->rows[field], "changed",
                               G_CALLBACK (row_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  g_signal_connect_object (self->create_button, "clicked",
                           G_CALLBACK (pd_new_order_dialog_create), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preferences_button, "clicked",
                           G_CALLBACK (preferences_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->create_button));
}

/* Public API */

PdNewOrderDialog *
pd_new_order_dialog_new (PdApplication *application)
{
  PdNewOrderDialog *self;
  g_autofree char *order_id = pd_paylink_generate_order_id ();

  g_return_val_if_fail (PD_IS_APPLICATION (application), NULL);

  self = g_object_new (PD_TYPE_NEW_ORDER_DIALOG,
                       "application", application,
                       NULL);
  self->application = g_object_ref (application);

  pd_new_order_dialog_load_quote_asset (self);
  /* Opened at startup (Ctrl+N at once): the ledger may still be opening. */
  g_signal_connect_object (application, "notify::store",
                           G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_spin_button_set_value (self->expiry_spin_button,
                             g_settings_get_uint (self->settings, "default-expiry-minutes"));
  gtk_editable_set_text (GTK_EDITABLE (self->rows[FIELD_ORDER_ID]), order_id);
  /* Generated, not typed: nothing to point out yet. */
  self->touched[FIELD_ORDER_ID] = FALSE;
  pd_new_order_dialog_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->rows[FIELD_AMOUNT]));

  return self;
}
