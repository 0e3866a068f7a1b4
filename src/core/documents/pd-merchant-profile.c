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
