/* pd-preferences-shop.c: the Shop page of the preferences, the merchant
 * profile printed on invoices and receipts
 *
 * Kept apart from pd-preferences-window.c: the page's widgets are found
 * by name (gtk_widget_get_template_child) and every one of them writes
 * straight to GSettings through a binding.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-preferences-shop.h"

static const char * const shop_children[] = {
  "shop_page",
  "shop_name_row",
  "shop_address_view",
  "contact_email_row",
  "contact_phone_row",
  "logo_row",
  "invoice_title_row",
  "payment_instructions_row",
  "invoice_footer_view",
  "paper_size_row",
};

/* The nicks of io.github.paydesk.Paydesk.PaperSize, in the order of the
 * paper size row's items. */
static const char * const paper_nicks[] = { "a4", "letter" };

static gpointer
get_child (PdPreferencesWindow *self,
           const char          *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), PD_TYPE_PREFERENCES_WINDOW, name);
}

static GSettings *
get_settings (PdPreferencesWindow *self)
{
  return g_object_get_data (G_OBJECT (self), "pd-shop-settings");
}

/* Address lines ⇄ the text of a text view, one line each. */
static gboolean
lines_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  g_autofree const char **lines = g_variant_get_strv (variant, NULL);

  g_value_take_string (value, g_strjoinv ("\n", (char **) lines));
  return TRUE;
}

/* Lines are stored as typed, blank ones too, so the text view never
 * changes under the cursor; documents skip blank lines. */
static GVariant *
lines_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  const char *text = g_value_get_string (value);
  g_auto(GStrv) lines = NULL;

  if (text == NULL || text[0] == '\0')
    return g_variant_new_strv (NULL, 0);

  lines = g_strsplit (text, "\n", -1);
  return g_variant_new_strv ((const char * const *) lines, -1);
}

static gboolean
paper_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (paper_nicks); i++)
    {
      if (g_strcmp0 (nick, paper_nicks[i]) == 0)
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
paper_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (paper_nicks))
    return NULL;

  return g_variant_new_string (paper_nicks[selected]);
}

static gboolean
logo_subtitle_mapping (GValue   *value,
                       GVariant *variant,
                       gpointer  user_data)
{
  const char *path = g_variant_get_string (variant, NULL);

  /* A row's subtitle is markup; a path may hold "&". */
  g_value_take_string (value, g_markup_escape_text (path[0] != '\0' ? path : _("None"), -1));
  return TRUE;
}

static void
logo_response_cb (GtkNativeDialog     *chooser,
                  int                  response,
                  PdPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        g_settings_set_string (get_settings (self), "logo-path", path);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_logo_cb (PdPreferencesWindow *self)
{
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_file_filter_set_name (images, _("PNG or SVG Image"));
  gtk_file_filter_add_mime_type (images, "image/png");
  gtk_file_filter_add_mime_type (images, "image/svg+xml");
  gtk_file_filter_add_suffix (images, "png");
  gtk_file_filter_add_suffix (images, "svg");

  chooser = gtk_file_chooser_native_new (_("Choose a Logo"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), images);
  g_signal_connect (chooser, "response", G_CALLBACK (logo_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
remove_logo_cb (PdPreferencesWindow *self)
{
  g_settings_reset (get_settings (self), "logo-path");
}

static void
bind_text (GSettings  *settings,
           const char *key,
           gpointer    editable)
{
  g_settings_bind (settings, key, editable, "text", G_SETTINGS_BIND_DEFAULT);
}

void
pd_preferences_window_class_init_shop (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (shop_children); i++)
    gtk_widget_class_bind_template_child_full (widget_class, shop_children[i], FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "choose_logo_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "remove_logo_button", FALSE, 0);
}

void
pd_preferences_window_init_shop (PdPreferencesWindow *self)
{
  GSettings *settings = g_settings_new (APP_ID);

  g_object_set_data_full (G_OBJECT (self), "pd-shop-settings", settings, g_object_unref);

  bind_text (settings, "shop-name", get_child (self, "shop_name_row"));
  bind_text (settings, "contact-email", get_child (self, "contact_email_row"));
  bind_text (settings, "contact-phone", get_child (self, "contact_phone_row"));
  bind_text (settings, "invoice-title", get_child (self, "invoice_title_row"));
  bind_text (settings, "payment-instructions", get_child (self, "payment_instructions_row"));
  g_settings_bind_with_mapping (settings, "shop-address",
                                gtk_text_view_get_buffer (get_child (self, "shop_address_view")), "text",
                                G_SETTINGS_BIND_DEFAULT, lines_get_mapping, lines_set_mapping,
                                NULL, NULL);
  g_settings_bind (settings, "invoice-footer",
                   gtk_text_view_get_buffer (get_child (self, "invoice_footer_view")), "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "paper-size", get_child (self, "paper_size_row"), "selected",
                                G_SETTINGS_BIND_DEFAULT, paper_get_mapping, paper_set_mapping,
                                NULL, NULL);
  g_settings_bind_with_mapping (settings, "logo-path", get_child (self, "logo_row"), "subtitle",
                                G_SETTINGS_BIND_GET, logo_subtitle_mapping, NULL, NULL, NULL);

  g_signal_connect_object (get_child (self, "choose_logo_button"), "clicked",
                           G_CALLBACK (choose_logo_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (get_child (self, "remove_logo_button"), "clicked",
                           G_CALLBACK (remove_logo_cb), self, G_CONNECT_SWAPPED);
}
