/* pd-invoice-text.c: the words of invoices and receipts, and invoices
 * as text for chat and email
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pd-invoice.h"
#include "pd-invoice-private.h"
#include "pd-mailto.h"

/* ------------------------------------------------------------------ */
/* Words shared by the page and the texts                              */
/* ------------------------------------------------------------------ */

gboolean
_pd_invoice_is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

/* A fiat code ("usd") reads as "USD"; an asset without a known symbol
 * keeps its ID, which at least identifies it. */
char *
_pd_invoice_format_amount (const char *amount,
                           const char *symbol,
                           const char *asset_id)
{
  if (_pd_invoice_is_set (symbol))
    return g_strdup_printf ("%s %s", amount, symbol);

  if (_pd_invoice_is_set (asset_id) && strlen (asset_id) <= 5)
    {
      g_autofree char *code = g_ascii_strup (asset_id, -1);
      return g_strdup_printf ("%s %s", amount, code);
    }

  if (_pd_invoice_is_set (asset_id))
    return g_strdup_printf ("%s %s", amount, asset_id);

  return g_strdup (amount);
}

char *
_pd_invoice_format_quote_amount (PdOrder *order)
{
  return _pd_invoice_format_amount (pd_order_get_quote_amount (order),
                        pd_order_get_quote_symbol (order),
                        pd_order_get_quote_asset_id (order));
}

char *
_pd_invoice_format_payment_amount (PdOrder *order)
{
  if (!_pd_invoice_is_set (pd_order_get_payment_amount (order)))
    return NULL;

  return _pd_invoice_format_amount (pd_order_get_payment_amount (order),
                        pd_order_get_payment_symbol (order), NULL);
}

const char *
_pd_invoice_payable_symbol (PdOrder *order)
{
  const char *symbol = pd_order_get_payable_symbol (order);

  return _pd_invoice_is_set (symbol) ? symbol : pd_order_get_payment_symbol (order);
}

/* NULL for 0 ("never"). */
char *
_pd_invoice_format_time (gint64     unix_time,
                         GTimeZone *time_zone)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) local_zone = NULL;

  if (unix_time == 0)
    return NULL;

  utc = g_date_time_new_from_unix_utc (unix_time);
  if (utc == NULL)
    return NULL;

  if (time_zone == NULL)
    time_zone = local_zone = g_time_zone_new_local ();
  local = g_date_time_to_timezone (utc, time_zone);

  /* Translators: the date and time on invoices and receipts, a
   * g_date_time_format() string; %Z is the time zone. */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M %Z"));
}

char *
_pd_invoice_dup_description (PdOrder *order)
{
  if (_pd_invoice_is_set (pd_order_get_note (order)))
    return g_strdup (pd_order_get_note (order));

  if (_pd_invoice_is_set (pd_order_get_remark (order)))
    return g_strdup (pd_order_get_remark (order));

  return g_strdup_printf (_("Order %s"), pd_order_get_order_id (order));
}

const char *
_pd_invoice_shop_name (const PdMerchantProfile *profile)
{
  return profile != NULL && _pd_invoice_is_set (profile->shop_name) ? profile->shop_name : NULL;
}

/* The state a document shows: a payment that does not match the order
 * is the mismatch it is, whatever MixPay's status (an edited link's
 * paid_less asks for the rest of the edited amount). */
PdOrderState
_pd_invoice_shown_state (PdOrder *order)
{
  return pd_order_has_mismatch (order) ? PD_ORDER_STATE_MISMATCH : pd_order_get_state (order);
}

/* Whether the payer should still pay through the link. */
gboolean
_pd_invoice_state_takes_payment (PdOrderState state)
{
  return state == PD_ORDER_STATE_UNPAID || state == PD_ORDER_STATE_PAID_LESS;
}

/* What an invoice says instead of the QR code when no payment is due. */
const char *
_pd_invoice_no_payment_message (PdOrderState state)
{
  switch (state)
    {
    case PD_ORDER_STATE_PAID:
      return _("This invoice has been paid. Thank you!");
    case PD_ORDER_STATE_CONFIRMING:
    case PD_ORDER_STATE_PENDING:
    case PD_ORDER_STATE_AUDITING:
      return _("A payment has been received and is being confirmed. Please do not pay again.");
    case PD_ORDER_STATE_MISMATCH:
      return _("A payment was received that does not match this invoice. Please contact us before paying again.");
    case PD_ORDER_STATE_FAILED:
      return _("The payment failed. Please contact us for a new invoice.");
    case PD_ORDER_STATE_CANCELLED:
      return _("This invoice was cancelled and must not be paid.");
    case PD_ORDER_STATE_UNKNOWN:
    default:
      return _("The payment could not be confirmed yet. Please contact us before paying again.");
    }
}

/* ------------------------------------------------------------------ */
/* Text for chat and email                                             */
/* ------------------------------------------------------------------ */

static void
append_heading (GString                 *text,
                const char              *order_id,
                const PdMerchantProfile *profile)
{
  if (_pd_invoice_shop_name (profile) != NULL)
    g_string_append_printf (text, _("Invoice %s from %s"), order_id, _pd_invoice_shop_name (profile));
  else
    g_string_append_printf (text, _("Invoice %s"), order_id);
  g_string_append_c (text, '\n');
}

static void
append_deadline (GString *text,
                 PdOrder *order)
{
  g_autofree char *deadline = _pd_invoice_format_time (pd_order_get_expires_at (order), NULL);

  if (deadline != NULL)
    {
      g_string_append_printf (text, _("Please pay by %s."), deadline);
      g_string_append_c (text, '\n');
    }
}

/* For an order paid in part: what is left, in the asset it is owed in. */
static void
append_still_due (GString *text,
                  PdOrder *order)
{
  g_autofree char *remaining = NULL;
  g_autofree char *due = NULL;

  if (pd_order_get_state (order) != PD_ORDER_STATE_PAID_LESS)
    return;

  remaining = pd_order_dup_remaining_amount (order);
  if (remaining == NULL)
    return;

  due = _pd_invoice_format_amount (remaining, _pd_invoice_payable_symbol (order), NULL);
  g_string_append_printf (text, _("Still to pay: %s"), due);
  g_string_append_c (text, '\n');
}

char *
pd_invoice_format_text (PdOrder                 *order,
                        const PdMerchantProfile *profile)
{
  GString *text = g_string_new (NULL);
  g_autofree char *description = NULL;
  g_autofree char *amount = NULL;

  g_return_val_if_fail (PD_IS_ORDER (order), NULL);

  description = _pd_invoice_dup_description (order);
  amount = _pd_invoice_format_quote_amount (order);

  append_heading (text, pd_order_get_order_id (order), profile);
  g_string_append_printf (text, "%s\n", description);
  g_string_append_printf (text, _("Amount: %s"), amount);
  g_string_append_c (text, '\n');

  /* As on the PDF: a link only while a payment is due, since a link sent
   * for a paid or cancelled order invites a second payment. */
  if (!_pd_invoice_state_takes_payment (_pd_invoice_shown_state (order)))
    {
      g_string_append_printf (text, "%s\n", _pd_invoice_no_payment_message (_pd_invoice_shown_state (order)));
      return g_string_free (text, FALSE);
    }

  append_still_due (text, order);
  if (_pd_invoice_is_set (pd_order_get_link (order)))
    {
      g_string_append_printf (text, _("Pay here: %s"), pd_order_get_link (order));
      g_string_append_c (text, '\n');
    }
  append_deadline (text, order);

  return g_string_free (text, FALSE);
}

char *
pd_invoice_format_reminder (PdOrder                 *order,
                            const PdMerchantProfile *profile,
                            GError                 **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *remaining = NULL;
  g_autofree char *received = NULL;
  g_autofree char *payable = NULL;
  g_autofree char *due = NULL;
  const char *order_id;

  g_return_val_if_fail (PD_IS_ORDER (order), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  order_id = pd_order_get_order_id (order);
  if (pd_order_get_state (order) != PD_ORDER_STATE_PAID_LESS)
    {
      g_set_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_STATE,
                   _("Order “%s” is %s: a reminder is only for an order paid in part (paid_less)"),
                   order_id, pd_order_state_to_string (pd_order_get_state (order)));
      return NULL;
    }

  if (pd_order_has_mismatch (order))
    {
      g_autofree char *fields = g_strjoinv (", ", (char **) pd_order_get_mismatch (order));

      g_set_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_STATE,
                   /* TRANSLATORS: %s are the order ID and MixPay's field names ("quoteAmount") */
                   _("Order “%s” was paid through an edited link (%s differ): contact the customer instead of sending a reminder"),
                   order_id, fields);
      return NULL;
    }

  remaining = pd_order_dup_remaining_amount (order);
  if (remaining == NULL || !_pd_invoice_is_set (pd_order_get_link (order)))
    {
      g_set_error (error, PD_INVOICE_ERROR, PD_INVOICE_ERROR_INVALID,
                   _("payableAmount: order “%s” does not say how much is left to pay"), order_id);
      return NULL;
    }

  received = _pd_invoice_format_amount (pd_order_get_payment_amount (order), pd_order_get_payment_symbol (order), NULL);
  payable = _pd_invoice_format_amount (pd_order_get_payable_amount (order), _pd_invoice_payable_symbol (order), NULL);
  due = _pd_invoice_format_amount (remaining, _pd_invoice_payable_symbol (order), NULL);

  if (_pd_invoice_shop_name (profile) != NULL)
    g_string_append_printf (text, _("Reminder: invoice %s from %s"), order_id, _pd_invoice_shop_name (profile));
  else
    g_string_append_printf (text, _("Reminder: invoice %s"), order_id);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("We received %s of the %s due."), received, payable);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Still to pay: %s"), due);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Please pay the rest with the same link: %s"), pd_order_get_link (order));
  g_string_append_c (text, '\n');
  append_deadline (text, order);
  g_string_append_printf (text, "%s\n", _("Thank you!"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
pd_invoice_build_mailto (PdOrder                 *order,
                         const PdMerchantProfile *profile,
                         const char              *pdf_path)
{
  g_autoptr(GString) subject = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  g_autofree char *file_uri = NULL;

  g_return_val_if_fail (PD_IS_ORDER (order), NULL);

  append_heading (subject, pd_order_get_order_id (order), profile);
  g_strchomp (subject->str);
  text = pd_invoice_format_text (order, profile);
  if (pdf_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (pdf_path);

      body = g_strdup_printf ("%s\n%s\n", text, _("The invoice is attached as a PDF."));
      file_uri = g_file_get_uri (file);
    }
  else
    body = g_steal_pointer (&text);

  return pd_mailto_build (subject->str, body, file_uri);
}
