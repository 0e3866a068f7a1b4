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
  const char *rule = pd_paylink_error_get_rule (error);
  char first_upper[8] = { 0 };

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
      gtk_label_set_text (label, message);
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

  gtk_widget_set_visible (error_row, message != NULL);
}
