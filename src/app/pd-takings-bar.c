/* pd-takings-bar.c: one bar of the Takings chart
 *
 * A widget of its own, not only a rectangle the chart paints, so that
 * each bar takes the keyboard focus, shows its value in a tooltip and is
 * read by screen readers. Its colour is the theme's (style.css), and the
 * chart decides its size.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-takings-bar.h"

struct _PdTakingsBar
{
  GtkWidget  parent_instance;

  char      *description;
  double     fraction;
};

G_DEFINE_FINAL_TYPE (PdTakingsBar, pd_takings_bar, GTK_TYPE_WIDGET)

static gboolean
pd_takings_bar_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_tooltip,
                              GtkTooltip *tooltip)
{
  PdTakingsBar *self = PD_TAKINGS_BAR (widget);

  gtk_tooltip_set_text (tooltip, self->description);
  return TRUE;
}

static void
pd_takings_bar_finalize (GObject *object)
{
  PdTakingsBar *self = PD_TAKINGS_BAR (object);

  g_free (self->description);

  G_OBJECT_CLASS (pd_takings_bar_parent_class)->finalize (object);
}

static void
pd_takings_bar_class_init (PdTakingsBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pd_takings_bar_finalize;

  widget_class->query_tooltip = pd_takings_bar_query_tooltip;

  gtk_widget_class_set_css_name (widget_class, "takingsbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pd_takings_bar_init (PdTakingsBar *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
pd_takings_bar_new (const char *description,
                    double      fraction)
{
  PdTakingsBar *self;

  g_return_val_if_fail (description != NULL, NULL);

  self = g_object_new (PD_TYPE_TAKINGS_BAR, NULL);
  self->description = g_strdup (description);
  self->fraction = CLAMP (fraction, 0.0, 1.0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
  if (self->fraction == 0.0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "empty");

  return GTK_WIDGET (self);
}

const char *
pd_takings_bar_get_description (PdTakingsBar *self)
{
  g_return_val_if_fail (PD_IS_TAKINGS_BAR (self), NULL);

  return self->description;
}

double
pd_takings_bar_get_fraction (PdTakingsBar *self)
{
  g_return_val_if_fail (PD_IS_TAKINGS_BAR (self), 0.0);

  return self->fraction;
}
