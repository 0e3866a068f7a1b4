/* pd-store-rules.c: what an order must be to be stored: its required
 * fields, one spelling of its payee, and the rules for its note and its
 * cancel reason
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pd-paylink.h"
#include "pd-store-private.h"

/* Free text kept in the ledger and shown everywhere (the order page,
 * tables, exports, paydesk-cli): no control character (but line breaks
 * and tabs when @multi_line) and no text-direction override that would
 * show other text than was typed, at most @max_chars characters. NULL
 * when @text keeps to that, else the rule it breaks. */
static char *
check_shown_text (const char *text,
                  gboolean    multi_line,
                  int         max_chars)
{
  g_autofree char *spaced = NULL;

  if (g_utf8_validate (text, -1, NULL))
    {
      spaced = g_strdup (text);
      /* Line breaks and tabs: the only control characters text of many
       * lines keeps. */
      if (multi_line)
        g_strdelimit (spaced, "\n\t", ' ');
    }

  if (spaced == NULL || !pd_paylink_is_single_line (spaced))
    return g_strdup (multi_line
                     ? _("must not contain control or text-direction characters")
                     : _("must be a single line without control or text-direction characters"));

  if (g_utf8_strlen (text, -1) > max_chars)
    return g_strdup_printf (_("must be at most %d characters long"), max_chars);

  return NULL;
}

/**
 * pd_store_check_cancel_reason:
 *
 * A cancelled order's reason is some text, on one line without control
 * or text-direction characters, of at most %PD_STORE_CANCEL_REASON_MAX
 * characters.
 *
 * Returns: (transfer full) (nullable): %NULL for a reason that may be
 *   given, else the rule it breaks, without the field's name
 */
char *
pd_store_check_cancel_reason (const char *reason)
{
  if (reason == NULL || *reason == '\0')
    return g_strdup (_("a cancelled order needs a reason"));

  return check_shown_text (reason, FALSE, PD_STORE_CANCEL_REASON_MAX);
}

/**
 * pd_store_check_note:
 * @note: (nullable): a note for a new order
 *
 * The rule for notes, one for the app's form, paydesk-cli and the store:
 * lines and tabs, but no other control character and no text-direction
 * override that would show other text than was typed, at most
 * %PD_STORE_NOTE_MAX characters.
 *
 * Returns: (transfer full) (nullable): %NULL for a note that may be
 *   given, else the rule it breaks, without the field's name
 */
char *
pd_store_check_note (const char *note)
{
  if (note == NULL)
    return NULL;

  return check_shown_text (note, TRUE, PD_STORE_NOTE_MAX);
}

gboolean
_pd_store_check_required (PdOrder  *order,
                          GError  **error)
{
  g_autofree char *rule = NULL;
  static const struct { const char *(*get) (PdOrder *); const char *field; } required[] = {
    { pd_order_get_order_id, "orderId" },
    { pd_order_get_payee_id, "payeeId" },
    { pd_order_get_settlement_asset_id, "settlementAssetId" },
    { pd_order_get_quote_asset_id, "quoteAssetId" },
    { pd_order_get_quote_amount, "quoteAmount" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      if (required[i].get (order) == NULL)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                       _("%s: required to store an order"), required[i].field);
          return FALSE;
        }
    }

  if (pd_order_get_id (order) != 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("orderId: %s is already stored"), pd_order_get_order_id (order));
      return FALSE;
    }

  rule = pd_store_check_note (pd_order_get_note (order));
  if (rule != NULL)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   /* TRANSLATORS: "note: must be at most 2000 characters long" */
                   _("note: %s"), rule);
      return FALSE;
    }

  return TRUE;
}

void
_pd_store_canonicalize_payee (PdOrder *order)
{
  g_autofree char *payee = pd_paylink_dup_canonical_id (pd_order_get_payee_id (order));

  if (g_strcmp0 (payee, pd_order_get_payee_id (order)) != 0)
    pd_order_set_payee_id (order, payee);
}
