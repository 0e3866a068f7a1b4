/* pd-field-error.c: an entry row's validation error, shown under it
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-field-error.h"
#include "pd-paylink.h"

char *
pd_field_error_describe (const GError *error)
{
  return pd_field_error_sentence (pd_paylink_error_get_rule (error));
}

char *
pd_field_error_sentence (const char *rule)
{
  char first_upper[8] = { 0 };

  if (*rule == '\0')
    return g_strdup (rule);

  g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (rule)), first_upper);

  return g_strconcat (first_upper, g_utf8_next_char (rule), NULL);
}

void
pd_field_error_show (GtkWidget  *row,
                     GtkWidget  *error_row,
                     GtkLabel   *label,
                     const char *message)
{
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

  pd_field_error_show_row (error_row, label, message);
}

void
pd_field_error_show_row (GtkWidget  *error_row,
                         GtkLabel   *label,
                         const char *message)
{
  /* The row can take focus (its .ui says so): GtkListBox moves Tab focus
   * row by row and leaves the list at a row that cannot take it, which hid
   * every field after a shown error from the keyboard. Focused, the row
   * reads as its message. */
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (error_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, message != NULL ? message : "",
                                  -1);
  gtk_widget_set_visible (error_row, message != NULL);
}

/* A spin button takes what it can of typed text and clamps the rest:
 * "-5" became 0, which means "never expires", the opposite of a deadline,
 * and 5000 became 2880. Only a whole number within the range is taken;
 * anything else rings the error bell, and with update-policy "if-valid"
 * the field shows the value it had. */
int
pd_field_error_whole_number_input (GtkSpinButton *spin_button,
                                   double        *new_value,
                                   gpointer       user_data)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin_button);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin_button))));
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10,
                                   (guint64) gtk_adjustment_get_lower (adjustment),
                                   (guint64) gtk_adjustment_get_upper (adjustment),
                                   &value, NULL))
    {
      gtk_widget_error_bell (GTK_WIDGET (spin_button));
      return GTK_INPUT_ERROR;
    }

  *new_value = (double) value;
  return TRUE;
}
