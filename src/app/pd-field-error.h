/* pd-field-error.h: an entry row's validation error, shown under it
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The core's rule from a PD_PAYLINK_ERROR ("must be greater than zero")
 * as a sentence, without MixPay's name for the field: the row above it
 * names the field in the user's language. */
char *pd_field_error_describe (const GError *error);
/* A rule from the core ("must be at most 2000 characters long") as a
 * sentence to show under its field. */
char *pd_field_error_sentence (const char   *rule);

/* Shows @message under @row in @error_row (its @label), marks @row as
 * invalid for the eye and for assistive technologies; @message NULL
 * clears all of that. */
void  pd_field_error_show     (GtkWidget    *row,
                               GtkWidget    *error_row,
                               GtkLabel     *label,
                               const char   *message);

/* Shows @message in @error_row (its @label), which reads as it for
 * assistive technologies; @message NULL hides it. */
void  pd_field_error_show_row (GtkWidget    *error_row,
                               GtkLabel     *label,
                               const char   *message);

/* The "input" handler of a spin button of whole units (minutes) whose
 * update-policy is "if-valid": text that is not a whole number within
 * its range is refused, not clamped. */
int   pd_field_error_whole_number_input (GtkSpinButton *spin_button,
                                         double        *new_value,
                                         gpointer       user_data);

G_END_DECLS
