/* pd-cli-profile.c: the merchant profile of the app's settings, for
 * paydesk-cli's documents
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-cli-common.h"
#include "pd-cli-profile.h"

static char *
get_text (GSettings  *settings,
          const char *key)
{
  char *text = g_strstrip (g_settings_get_string (settings, key));

  if (*text != '\0')
    return text;

  g_free (text);
  return NULL;
}

/* The profile's text fields and the keys they come from. */
static const struct
{
  const char *key;
  gsize       offset;
} text_keys[] = {
  { "shop-name", G_STRUCT_OFFSET (PdMerchantProfile, shop_name) },
  { "contact-email", G_STRUCT_OFFSET (PdMerchantProfile, email) },
  { "contact-phone", G_STRUCT_OFFSET (PdMerchantProfile, phone) },
  { "logo-path", G_STRUCT_OFFSET (PdMerchantProfile, logo_path) },
  { "invoice-footer", G_STRUCT_OFFSET (PdMerchantProfile, footer) },
  { "invoice-title", G_STRUCT_OFFSET (PdMerchantProfile, invoice_title) },
  { "payment-instructions", G_STRUCT_OFFSET (PdMerchantProfile, payment_instructions) },
};

PdMerchantProfile *
pd_cli_load_merchant_profile (PdPaper *paper)
{
  g_autoptr(GSettings) settings = pd_cli_open_app_settings ();
  PdMerchantProfile *profile;

  g_return_val_if_fail (paper != NULL, NULL);

  *paper = PD_PAPER_A4;
  profile = pd_merchant_profile_new ();
  if (settings == NULL)
    return profile;

  *paper = (PdPaper) g_settings_get_enum (settings, "paper-size");
  profile->address = g_settings_get_strv (settings, "shop-address");
  for (gsize i = 0; i < G_N_ELEMENTS (text_keys); i++)
    G_STRUCT_MEMBER (char *, profile, text_keys[i].offset) = get_text (settings, text_keys[i].key);

  return profile;
}
