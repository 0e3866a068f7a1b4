/* pd-status-banner.c: says when MixPay cannot be asked, and until when
 *
 * libadwaita 1.2 has no AdwBanner: this is a revealer over a styled box
 * (style.css, .pd-status-banner) that follows the poller's status. It is
 * hidden while the poller works normally, so the merchant only sees it
 * when results may be late, or while a shared ledger's server cannot be
 * reached (which says more: nothing can be saved meanwhile).
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-status-banner.h"

struct _PdStatusBanner
{
  AdwBin       parent_instance;

  PdPoller    *poller;
  PdStore     *store;

  /* Template widgets */
  GtkRevealer *revealer;
  GtkLabel    *title_label;
  GtkButton   *retry_button;
};

G_DEFINE_FINAL_TYPE (PdStatusBanner, pd_status_banner, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_POLLER,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
format_resume_time (gint64 resume_at)
{
  g_autoptr(GDateTime) time = NULL;

  if (resume_at <= 0)
    resume_at = g_get_real_time ();

  time = g_date_time_new_from_unix_local (resume_at / G_USEC_PER_SEC);
  /* The locale's time of day, with seconds: back-offs start at 10 s. */
  return g_date_time_format (time, "%X");
}

static void
pd_status_banner_update (PdStatusBanner *self)
{
  PdPollerStatus status = self->poller != NULL ? pd_poller_get_status (self->poller)
                                               : PD_POLLER_STATUS_STOPPED;
  g_autofree char *time = NULL;
  g_autofree char *title = NULL;
  gboolean can_retry = TRUE;

  /* The store reconnects by itself; retrying MixPay would not help. */
  if (self->store != NULL && !pd_store_get_reachable (self->store))
    {
      title = g_strdup (_("The shared ledger cannot be reached; reconnecting…"));
      can_retry = FALSE;
      status = PD_POLLER_STATUS_STOPPED;
    }

  switch (status)
    {
    case PD_POLLER_STATUS_OFFLINE:
      time = format_resume_time (pd_poller_get_resume_at (self->poller));
      /* Translators: %s is a time of day, e.g. 14:05:30 */
      title = g_strdup_printf (_("MixPay cannot be reached. Trying again at %s."), time);
      break;
    case PD_POLLER_STATUS_SERVER_TROUBLE:
      time = format_resume_time (pd_poller_get_resume_at (self->poller));
      /* Translators: %s is a time of day, e.g. 14:05:30 */
      title = g_strdup_printf (_("MixPay is having trouble answering. Trying again at %s."), time);
      break;
    case PD_POLLER_STATUS_NOT_MIXPAY:
      time = format_resume_time (pd_poller_get_resume_at (self->poller));
      /* Translators: %s is a time of day, e.g. 14:05:30. The address is
       * the API base set in Preferences. */
      title = g_strdup_printf (_("This address does not answer like MixPay: check the API base in Preferences. Trying again at %s."), time);
      break;
    case PD_POLLER_STATUS_RATE_LIMITED:
      time = format_resume_time (pd_poller_get_resume_at (self->poller));
      /* Translators: %s is a time of day, e.g. 14:05:30 */
      title = g_strdup_printf (_("MixPay asked Paydesk to slow down. Resuming at %s."), time);
      /* MixPay set the pause: asking sooner would only lengthen it. */
      can_retry = FALSE;
      break;
    case PD_POLLER_STATUS_LEDGER_UNREACHABLE:
      title = g_strdup (_("The shared ledger cannot be reached. Checking payments resumes when it is back."));
      break;
    case PD_POLLER_STATUS_WAITING_FOR_LOCK:
      if (pd_poller_get_polling_desk (self->poller) != NULL)
        /* Translators: %s is the name of another computer sharing the ledger */
        title = g_strdup_printf (_("Checking payments on %s."), pd_poller_get_polling_desk (self->poller));
      else
        title = g_strdup (_("Another Paydesk is checking these orders."));
      break;
    case PD_POLLER_STATUS_STOPPED:
    case PD_POLLER_STATUS_IDLE:
    case PD_POLLER_STATUS_WATCHING:
    default:
      break;
    }

  if (title != NULL)
    gtk_label_set_text (self->title_label, title);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), can_retry);
  gtk_revealer_set_reveal_child (self->revealer, title != NULL);
}

static void
retry_clicked_cb (PdStatusBanner *self)
{
  if (self->poller != NULL)
    pd_poller_retry_now (self->poller);
}

/* GObject */

static void
pd_status_banner_dispose (GObject *object)
{
  PdStatusBanner *self = PD_STATUS_BANNER (object);

  pd_status_banner_set_poller (self, NULL);
  pd_status_banner_set_store (self, NULL);
  /* AdwBin unparents the template's one child: no dispose_template here. */

  G_OBJECT_CLASS (pd_status_banner_parent_class)->dispose (object);
}

static void
pd_status_banner_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdStatusBanner *self = PD_STATUS_BANNER (object);

  switch (prop_id)
    {
    case PROP_POLLER:
      g_value_set_object (value, self->poller);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_status_banner_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PdStatusBanner *self = PD_STATUS_BANNER (object);

  switch (prop_id)
    {
    case PROP_POLLER:
      pd_status_banner_set_poller (self, g_value_get_object (value));
      break;
    case PROP_STORE:
      pd_status_banner_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_status_banner_class_init (PdStatusBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_status_banner_dispose;
  object_class->get_property = pd_status_banner_get_property;
  object_class->set_property = pd_status_banner_set_property;

  /* The poller whose status it shows; NULL shows nothing. */
  properties[PROP_POLLER] =
    g_param_spec_object ("poller", NULL, NULL,
                         PD_TYPE_POLLER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The ledger, whose server may go away; NULL: none to watch. */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         PD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/pd-status-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, PdStatusBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, PdStatusBanner, title_label);
  gtk_widget_class_bind_template_child (widget_class, PdStatusBanner, retry_button);
}

static void
pd_status_banner_init (PdStatusBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->retry_button, "clicked",
                           G_CALLBACK (retry_clicked_cb), self,
                           G_CONNECT_SWAPPED);
}

/* Public API */

GtkWidget *
pd_status_banner_new (void)
{
  return g_object_new (PD_TYPE_STATUS_BANNER, NULL);
}

PdPoller *
pd_status_banner_get_poller (PdStatusBanner *self)
{
  g_return_val_if_fail (PD_IS_STATUS_BANNER (self), NULL);

  return self->poller;
}

void
pd_status_banner_set_poller (PdStatusBanner *self,
                             PdPoller       *poller)
{
  g_return_if_fail (PD_IS_STATUS_BANNER (self));
  g_return_if_fail (poller == NULL || PD_IS_POLLER (poller));

  if (self->poller == poller)
    return;

  if (self->poller != NULL)
    g_signal_handlers_disconnect_by_data (self->poller, self);
  g_set_object (&self->poller, poller);

  if (poller != NULL)
    {
      g_signal_connect_object (poller, "notify::status",
                               G_CALLBACK (pd_status_banner_update), self,
                               G_CONNECT_SWAPPED);
      /* Each failure moves the next try further out. */
      g_signal_connect_object (poller, "check-failed",
                               G_CALLBACK (pd_status_banner_update), self,
                               G_CONNECT_SWAPPED);
    }

  pd_status_banner_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLLER]);
}

void
pd_status_banner_set_store (PdStatusBanner *self,
                            PdStore        *store)
{
  g_return_if_fail (PD_IS_STATUS_BANNER (self));
  g_return_if_fail (store == NULL || PD_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "notify::reachable",
                             G_CALLBACK (pd_status_banner_update), self,
                             G_CONNECT_SWAPPED);

  pd_status_banner_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gboolean
pd_status_banner_get_revealed (PdStatusBanner *self)
{
  g_return_val_if_fail (PD_IS_STATUS_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

const char *
pd_status_banner_get_title (PdStatusBanner *self)
{
  g_return_val_if_fail (PD_IS_STATUS_BANNER (self), NULL);

  return gtk_label_get_text (self->title_label);
}
