/* pd-order-texts.c: an order's state, failures and history in words
 *
 * The sentences the app and paydesk-cli both show; the CLI's own output
 * (the ledger's names of states, in its tables and JSON) never changes
 * with the language.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "pd-order-texts.h"
#include "pd-payment-result.h"

/* The failure codes of MixPay's payment results (mixpay-api.md, 3). */
const char *
pd_order_texts_get_failure_label (const char *failure_code)
{
  static const struct { const char *code; const char *label; } labels[] = {
    { "40000", N_("payment overtime") },
    { "40020", N_("the wrong asset was paid") },
    { "40021", N_("paid twice") },
    { "40024", N_("the deadline passed with too little paid") },
    { "40025", N_("the market moved too much") },
    { "40032", N_("cancelled by MixPay") },
    { "10095", N_("rejected in review") },
  };

  if (failure_code == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      if (strcmp (failure_code, labels[i].code) == 0)
        return _(labels[i].label);
    }

  return NULL;
}

char *
pd_order_texts_dup_amount (const char *amount,
                           const char *symbol)
{
  if (symbol == NULL || *symbol == '\0')
    return g_strdup (amount);

  /* TRANSLATORS: an amount and its asset, such as "10 USDT" */
  return g_strdup_printf (C_("amount", "%s %s"), amount, symbol);
}

/* The "data" object of a stored MixPay answer, or NULL. */
static JsonObject *
parse_result_data (JsonParser *parser,
                   const char *json)
{
  JsonNode *root;
  JsonObject *object;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  if (json_object_has_member (object, "data"))
    {
      JsonNode *data = json_object_get_member (object, "data");

      return JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : NULL;
    }

  return object;
}

static const char *
get_result_string (JsonObject *data,
                   const char *member)
{
  JsonNode *node;

  if (data == NULL || !json_object_has_member (data, member))
    return NULL;

  node = json_object_get_member (data, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* One clause for each field that did not match, with the values when
 * the stored answer has them. */
static char *
dup_mismatch_details (PdOrder    *order,
                      const char *last_result_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func (g_free);
  const char * const *fields = pd_order_get_mismatch (order);
  JsonObject *data = parse_result_data (parser, last_result_json);

  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      if (strcmp (fields[i], "quoteAmount") == 0)
        {
          const char *paid_for = get_result_string (data, "quoteAmount");

          if (paid_for != NULL)
            g_ptr_array_add (clauses,
                             g_strdup_printf (_("amount paid for is %s, expected %s"),
                                              paid_for, pd_order_get_quote_amount (order)));
          else
            g_ptr_array_add (clauses,
                             g_strdup_printf (_("the amount paid for is not %s"),
                                              pd_order_get_quote_amount (order)));
        }
      else if (strcmp (fields[i], "quoteAssetId") == 0)
        {
          const char *paid_in = get_result_string (data, "quoteSymbol");
          const char *expected = pd_order_get_quote_symbol (order);

          if (expected == NULL)
            expected = pd_order_get_quote_asset_id (order);
          if (paid_in == NULL)
            paid_in = get_result_string (data, "quoteAssetId");

          if (paid_in != NULL)
            g_ptr_array_add (clauses,
                             g_strdup_printf (_("priced in %s, expected %s"), paid_in, expected));
          else
            g_ptr_array_add (clauses,
                             g_strdup_printf (_("not priced in %s"), expected));
        }
      else if (strcmp (fields[i], "payeeId") == 0)
        {
          g_ptr_array_add (clauses, g_strdup (_("paid to another account")));
        }
      else
        {
          g_ptr_array_add (clauses, pd_mismatch_dup_clause (order, fields[i]));
        }
    }

  if (clauses->len == 0)
    return g_strdup (_("the payment does not match the order"));

  g_ptr_array_add (clauses, NULL);
  /* TRANSLATORS: separates the reasons of a mismatch */
  return g_strjoinv (_("; "), (char **) clauses->pdata);
}

static char *
dup_failure_sentence (PdOrder *order)
{
  const char *code = pd_order_get_failure_code (order);
  const char *label = pd_order_texts_get_failure_label (code);
  const char *reason = pd_order_get_failure_reason (order);

  if (label != NULL)
    return g_strdup_printf (_("Failed: %s"), label);
  if (reason != NULL)
    return g_strdup_printf (_("Failed: %s"), reason);
  if (code != NULL && strcmp (code, "0") != 0)
    return g_strdup_printf (_("Failed: error code %s"), code);

  return g_strdup (_("Failed"));
}

/**
 * pd_order_texts_dup_sentence:
 *
 * Returns: (transfer full): what the order's state means, translated
 */
char *
pd_order_texts_dup_sentence (PdOrder    *order,
                             const char *last_result_json)
{
  g_return_val_if_fail (PD_IS_ORDER (order), NULL);

  /* Paid, in part or not yet in full, through an edited link: what
   * MixPay says is due is the edited link's, so only the warning. */
  if (pd_order_has_mismatch (order) && pd_order_get_state (order) != PD_ORDER_STATE_MISMATCH)
    {
      g_autofree char *details = dup_mismatch_details (order, last_result_json);

      return g_strdup_printf (_("Mismatch: %s — do not hand over goods"), details);
    }

  switch (pd_order_get_state (order))
    {
    case PD_ORDER_STATE_UNPAID:
      return g_strdup (_("Waiting for payment"));

    case PD_ORDER_STATE_CONFIRMING:
      {
        int confirmations = pd_order_get_confirmations (order);

        if (confirmations < 0)
          return g_strdup (_("Payment seen, waiting for confirmations"));

        return pd_order_texts_dup_confirmations (confirmations);
      }

    case PD_ORDER_STATE_PAID_LESS:
      {
        g_autofree char *remaining = pd_order_dup_remaining_amount (order);
        g_autofree char *due = NULL;
        const char *symbol = pd_order_get_payable_symbol (order);

        if (remaining == NULL)
          return g_strdup (_("Paid less than asked"));

        due = pd_order_texts_dup_amount (remaining,
                                         symbol != NULL ? symbol : pd_order_get_payment_symbol (order));
        return g_strdup_printf (_("Paid less: %s still due"), due);
      }

    case PD_ORDER_STATE_PENDING:
      return g_strdup (_("Paid in full, MixPay is still processing it"));

    case PD_ORDER_STATE_AUDITING:
      return g_strdup (_("MixPay is reviewing the payment"));

    case PD_ORDER_STATE_PAID:
      {
        g_autofree char *paid = pd_order_texts_dup_amount (pd_order_get_quote_amount (order),
                                                           pd_order_get_quote_symbol (order));

        return g_strdup_printf (_("Paid %s"), paid);
      }

    case PD_ORDER_STATE_FAILED:
      return dup_failure_sentence (order);

    case PD_ORDER_STATE_MISMATCH:
      {
        g_autofree char *details = dup_mismatch_details (order, last_result_json);

        return g_strdup_printf (_("Mismatch: %s — do not hand over goods"), details);
      }

    case PD_ORDER_STATE_CANCELLED:
      if (pd_order_get_cancel_reason (order) != NULL)
        return g_strdup_printf (_("Cancelled: %s"), pd_order_get_cancel_reason (order));
      return g_strdup (_("Cancelled"));

    case PD_ORDER_STATE_UNKNOWN:
    default:
      if (pd_order_get_mixpay_status (order) != NULL)
        return g_strdup_printf (_("Unknown status “%s” from MixPay — do not hand over goods yet"),
                                pd_order_get_mixpay_status (order));
      return g_strdup (_("Unknown status — do not hand over goods yet"));
    }
}

char *
pd_order_texts_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = NULL;

  if (unix_time <= 0)
    return g_strdup ("");

  time = g_date_time_new_from_unix_local (unix_time);
  /* TRANSLATORS: a date and time, see g_date_time_format() */
  return g_date_time_format (time, _("%-d %b %Y, %H:%M"));
}

char *
pd_order_texts_format_relative (gint64 unix_time,
                                gint64 now)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) now_time = NULL;
  gint64 seconds = now - unix_time;

  if (unix_time <= 0)
    return g_strdup ("");

  if (seconds < 60)
    return g_strdup (_("just now"));
  if (seconds < 60 * 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d min ago", "%d min ago", (int) (seconds / 60)),
                            (int) (seconds / 60));
  if (seconds < 24 * 60 * 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d h ago", "%d h ago", (int) (seconds / 3600)),
                            (int) (seconds / 3600));

  time = g_date_time_new_from_unix_local (unix_time);
  now_time = g_date_time_new_from_unix_local (now);
  today = g_date_time_new_local (g_date_time_get_year (now_time),
                                 g_date_time_get_month (now_time),
                                 g_date_time_get_day_of_month (now_time), 0, 0, 0);

  if (g_date_time_compare (time, today) < 0 &&
      g_date_time_difference (today, time) <= G_TIME_SPAN_DAY)
    return g_strdup (_("yesterday"));

  if (g_date_time_get_year (time) == g_date_time_get_year (now_time))
    /* TRANSLATORS: a date in this year, see g_date_time_format() */
    return g_date_time_format (time, _("%-d %b"));

  /* TRANSLATORS: a date, see g_date_time_format() */
  return g_date_time_format (time, _("%-d %b %Y"));
}

/**
 * pd_order_texts_dup_confirmations:
 *
 * Returns: (transfer full): "3 confirmations", translated
 */
char *
pd_order_texts_dup_confirmations (int confirmations)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d confirmation", "%d confirmations",
                                       confirmations),
                          confirmations);
}

/**
 * pd_order_texts_dup_event_message:
 *
 * The poller writes a change of state in the ledger's own names
 * ("unpaid → paid", which paydesk-cli prints as it is), and after it why,
 * for a mismatch ("unpaid → mismatch: REASON"): given here as the
 * states' labels in the person's language. Anything else (a reason, an
 * error) as written.
 *
 * Returns: (transfer full) (nullable): what was said about @event, for
 *   a person; %NULL when nothing was
 */
char *
pd_order_texts_dup_event_message (const PdOrderEvent *event)
{
  PdOrderState from;
  PdOrderState to;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (event != NULL, NULL);

  if (event->message == NULL || event->message[0] == '\0')
    return NULL;

  if (!pd_order_state_parse_change (event->message, &from, &to, &detail))
    return g_strdup (event->message);

  if (detail != NULL)
    /* TRANSLATORS: an order's change of state in its history and why,
     * e.g. "Unpaid → Mismatch: the amount paid for is not 10" */
    return g_strdup_printf (_("%s → %s: %s"), pd_order_state_get_label (from),
                            pd_order_state_get_label (to), detail);

  /* TRANSLATORS: an order's change of state in its history, e.g. "Unpaid → Paid" */
  return g_strdup_printf (_("%s → %s"), pd_order_state_get_label (from), pd_order_state_get_label (to));
}
