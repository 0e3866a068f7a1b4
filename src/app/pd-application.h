/* pd-application.h: the Paydesk application
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-mixpay-client.h"
#include "pd-poller.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_APPLICATION (pd_application_get_type ())

G_DECLARE_FINAL_TYPE (PdApplication, pd_application, PD, APPLICATION, AdwApplication)

PdApplication *pd_application_new             (void);
PdStore       *pd_application_get_store       (PdApplication *self);
void           pd_application_set_store       (PdApplication *self,
                                               PdStore       *store);
const GError  *pd_application_get_store_error (PdApplication *self);
const char    *pd_application_get_store_location (PdApplication *self);
gboolean       pd_application_get_keyring_available (PdApplication *self);
PdMixpayClient *pd_application_get_client     (PdApplication *self);
PdPoller      *pd_application_get_poller      (PdApplication *self);
char          *pd_application_dup_pay_base    (PdApplication *self);
const char    *pd_application_get_ledger_override (PdApplication *self);
const char    *pd_application_get_last_notification (PdApplication  *self,
                                                     const char    **title,
                                                     const char    **body);

G_END_DECLS
