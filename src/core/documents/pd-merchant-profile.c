/* pd-merchant-profile.c: who issues a document, and on what paper
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-merchant-profile.h"

#define MM (72.0 / 25.4)

PdMerchantProfile *
pd_merchant_profile_new (void)
{
  return g_new0 (PdMerchantProfile, 1);
}

/* Empty settings become NULL so "not set" is one test. */
static char *
dup_setting (GSettings  *settings,
             const char *key)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  if (value == NULL || *g_strstrip (value) == '\0')
    return NULL;

  return g_steal_pointer (&value);
}

PdMerchantProfile *
pd_merchant_profile_new_from_settings (GSettings *settings)
{
  PdMerchantProfile *profile;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  profile = pd_merchant_profile_new ();
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

PdMerchantProfile *
pd_merchant_profile_copy (const PdMerchantProfile *profile)
{
  PdMerchantProfile *copy;

  g_return_val_if_fail (profile != NULL, NULL);

  copy = pd_merchant_profile_new ();
  copy->shop_name = g_strdup (profile->shop_name);
  copy->address = g_strdupv (profile->address);
  copy->email = g_strdup (profile->email);
  copy->phone = g_strdup (profile->phone);
  copy->logo_path = g_strdup (profile->logo_path);
  copy->footer = g_strdup (profile->footer);
  copy->invoice_title = g_strdup (profile->invoice_title);
  copy->payment_instructions = g_strdup (profile->payment_instructions);

  return copy;
}

void
pd_merchant_profile_free (PdMerchantProfile *profile)
{
  if (profile == NULL)
    return;

  g_free (profile->shop_name);
  g_strfreev (profile->address);
  g_free (profile->email);
  g_free (profile->phone);
  g_free (profile->logo_path);
  g_free (profile->footer);
  g_free (profile->invoice_title);
  g_free (profile->payment_instructions);
  g_free (profile);
}

void
pd_paper_get_size (PdPaper  paper,
                   double  *width_pt,
                   double  *height_pt)
{
  if (paper == PD_PAPER_LETTER)
    {
      *width_pt = 8.5 * 72;
      *height_pt = 11 * 72;
    }
  else
    {
      *width_pt = 210 * MM;
      *height_pt = 297 * MM;
    }
}

gboolean
pd_paper_from_string (const char *name,
                      PdPaper    *paper)
{
  g_return_val_if_fail (paper != NULL, FALSE);

  if (g_ascii_strcasecmp (name ? name : "", "a4") == 0)
    *paper = PD_PAPER_A4;
  else if (g_ascii_strcasecmp (name ? name : "", "letter") == 0)
    *paper = PD_PAPER_LETTER;
  else
    return FALSE;

  return TRUE;
}
