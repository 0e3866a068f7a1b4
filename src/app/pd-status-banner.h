/* pd-status-banner.h: says when MixPay cannot be asked, and until when
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-poller.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_STATUS_BANNER (pd_status_banner_get_type ())

G_DECLARE_FINAL_TYPE (PdStatusBanner, pd_status_banner, PD, STATUS_BANNER, AdwBin)

GtkWidget *pd_status_banner_new         (void);
PdPoller  *pd_status_banner_get_poller  (PdStatusBanner *self);
void       pd_status_banner_set_poller  (PdStatusBanner *self,
                                         PdPoller       *poller);
void       pd_status_banner_set_store   (PdStatusBanner *self,
                                         PdStore        *store);
/* Whether it is shown (or being revealed). */
gboolean   pd_status_banner_get_revealed (PdStatusBanner *self);
const char *pd_status_banner_get_title  (PdStatusBanner *self);

G_END_DECLS
