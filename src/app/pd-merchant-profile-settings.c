/* pd-merchant-profile-settings.c: the merchant profile of the app's
 * Shop preferences
 *
 * Core never reads the app's settings (HACKING.md): the app fills the
 * profile here, paydesk-cli in pd-cli-profile.c.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "pd-merchant-profile-settings.h"

/* Empty settings become NULL, so that "not set" is one test. */
static char *
dup_setting (GSettings  *settings,
             const char *key)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  if (value == NULL || *g_strstrip (value) == '\0')
    return NULL;

  return g_steal_pointer (&value);
}

/* The app's one reader of the Shop preferences. */
PdMerchantProfile *
pd_merchant_profile_settings_load (PdPaper *paper)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  PdMerchantProfile *profile = pd_merchant_profile_new ();

  if (paper != NULL)
    *paper = (PdPaper) g_settings_get_enum (settings, "paper-size");

  profile->shop_name = dup_setting (settings, "shop-name");
  profile->address = g_settings_get_strv (settings, "shop-address");
  profile->email = dup_setting (settings, "contact-email");
  profile->phone = dup_setting (settings, "contact-phone");
  profile->logo_path = dup_setting (settings, "logo-path");
  profile->footer = dup_setting (settings, "invoice-footer");
  profile->invoice_title = dup_setting (settings, "invoice-title");
  profile->payment_instructions = dup_setting (settings, "payment-instructions");

  return profile;
}
