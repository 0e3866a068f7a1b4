/* pd-merchant-profile.h: who issues a document, and on what paper
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The values match the GSettings enum "paper-size" (a4, letter). */
typedef enum
{
  PD_PAPER_A4,
  PD_PAPER_LETTER,
} PdPaper;

/* Who issues the document. Every field may be NULL or empty. The app
 * and paydesk-cli fill it from the app's settings; documents only read
 * it. */
typedef struct
{
  char  *shop_name;
  char **address;               /* lines, NULL-terminated */
  char  *email;
  char  *phone;
  char  *logo_path;             /* a PNG or SVG file */
  char  *footer;                /* may have several lines */
  char  *invoice_title;         /* empty: "Invoice" in the document's language */
  char  *payment_instructions;  /* empty: the standard text */
} PdMerchantProfile;

PdMerchantProfile *pd_merchant_profile_new       (void);
PdMerchantProfile *pd_merchant_profile_copy      (const PdMerchantProfile *profile);
void               pd_merchant_profile_free      (PdMerchantProfile       *profile);

void               pd_paper_get_size             (PdPaper                  paper,
                                                  double                  *width_pt,
                                                  double                  *height_pt);
/* "a4" or "letter", in any case. */
gboolean           pd_paper_from_string          (const char              *name,
                                                  PdPaper                 *paper);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdMerchantProfile, pd_merchant_profile_free)

G_END_DECLS
