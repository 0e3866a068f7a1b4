/* pd-order-state.c: the states of an order
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pd-order-state.h"

static const char * const state_names[] = {
  [PD_ORDER_STATE_UNPAID] = "unpaid",
  [PD_ORDER_STATE_CONFIRMING] = "confirming",
  [PD_ORDER_STATE_PAID_LESS] = "paid_less",
  [PD_ORDER_STATE_PENDING] = "pending",
  [PD_ORDER_STATE_AUDITING] = "auditing",
  [PD_ORDER_STATE_PAID] = "paid",
  [PD_ORDER_STATE_FAILED] = "failed",
  [PD_ORDER_STATE_MISMATCH] = "mismatch",
  [PD_ORDER_STATE_UNKNOWN] = "unknown",
  [PD_ORDER_STATE_CANCELLED] = "cancelled",
};

G_STATIC_ASSERT (G_N_ELEMENTS (state_names) == PD_ORDER_STATE_LAST + 1);

static const char * const group_names[] = {
  [PD_ORDER_GROUP_ALL] = "all",
  [PD_ORDER_GROUP_OPEN] = "open",
  [PD_ORDER_GROUP_SETTLED] = "settled",
  [PD_ORDER_GROUP_PAID] = "paid",
  [PD_ORDER_GROUP_ATTENTION] = "attention",
};

const char *
pd_order_state_to_string (PdOrderState state)
{
  g_return_val_if_fail (state <= PD_ORDER_STATE_LAST, "unknown");

  return state_names[state];
}

gboolean
pd_order_state_from_string (const char   *name,
                            PdOrderState *state)
{
  g_return_val_if_fail (state != NULL, FALSE);

  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    {
      if (strcmp (name, state_names[i]) == 0)
        {
          *state = i;
          return TRUE;
        }
    }

  return FALSE;
}

#define CHANGE_ARROW " → "

char *
pd_order_state_format_change (PdOrderState from,
                              PdOrderState to)
{
  return g_strconcat (pd_order_state_to_string (from), CHANGE_ARROW,
                      pd_order_state_to_string (to), NULL);
}

/* What follows the change in the history, as in "unpaid → mismatch:
 * the amount paid for is not 10". */
#define DETAIL_SEPARATOR ": "

gboolean
pd_order_state_parse_change (const char    *text,
                             PdOrderState  *from,
                             PdOrderState  *to,
                             char         **detail)
{
  g_autofree char *from_name = NULL;
  g_autofree char *to_name = NULL;
  const char *arrow;
  const char *rest;
  const char *separator;

  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  if (detail != NULL)
    *detail = NULL;

  if (text == NULL || (arrow = strstr (text, CHANGE_ARROW)) == NULL)
    return FALSE;

  from_name = g_strndup (text, arrow - text);
  rest = arrow + strlen (CHANGE_ARROW);
  separator = strstr (rest, DETAIL_SEPARATOR);
  to_name = separator != NULL ? g_strndup (rest, separator - rest) : g_strdup (rest);

  if (!pd_order_state_from_string (from_name, from) ||
      !pd_order_state_from_string (to_name, to))
    return FALSE;

  if (detail != NULL && separator != NULL)
    *detail = g_strdup (separator + strlen (DETAIL_SEPARATOR));

  return TRUE;
}

/**
 * pd_order_state_get_label:
 *
 * Returns: a short, translated name of @state for people
 */
const char *
pd_order_state_get_label (PdOrderState state)
{
  switch (state)
    {
    case PD_ORDER_STATE_UNPAID:
      return C_("order state", "Unpaid");
    case PD_ORDER_STATE_CONFIRMING:
      return C_("order state", "Confirming");
    case PD_ORDER_STATE_PAID_LESS:
      return C_("order state", "Paid less");
    case PD_ORDER_STATE_PENDING:
      return C_("order state", "Pending");
    case PD_ORDER_STATE_AUDITING:
      return C_("order state", "In review");
    case PD_ORDER_STATE_PAID:
      return C_("order state", "Paid");
    case PD_ORDER_STATE_FAILED:
      return C_("order state", "Failed");
    case PD_ORDER_STATE_MISMATCH:
      return C_("order state", "Mismatch");
    case PD_ORDER_STATE_UNKNOWN:
      return C_("order state", "Unknown");
    case PD_ORDER_STATE_CANCELLED:
      return C_("order state", "Cancelled");
    default:
      g_return_val_if_reached (C_("order state", "Unknown"));
    }
}

/**
 * pd_order_state_is_settled:
 *
 * Returns: %TRUE for the states that are no longer polled as open orders:
 *   paid, failed, mismatch and cancelled.
 */
gboolean
pd_order_state_is_settled (PdOrderState state)
{
  return state == PD_ORDER_STATE_PAID ||
         state == PD_ORDER_STATE_FAILED ||
         state == PD_ORDER_STATE_MISMATCH ||
         state == PD_ORDER_STATE_CANCELLED;
}

gboolean
pd_order_state_in_group (PdOrderState state,
                         PdOrderGroup group)
{
  switch (group)
    {
    case PD_ORDER_GROUP_ALL:
      return TRUE;
    case PD_ORDER_GROUP_OPEN:
      return !pd_order_state_is_settled (state);
    case PD_ORDER_GROUP_SETTLED:
      return pd_order_state_is_settled (state);
    case PD_ORDER_GROUP_PAID:
      return state == PD_ORDER_STATE_PAID;
    case PD_ORDER_GROUP_ATTENTION:
      return state == PD_ORDER_STATE_FAILED ||
             state == PD_ORDER_STATE_MISMATCH ||
             state == PD_ORDER_STATE_UNKNOWN;
    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
pd_order_group_from_string (const char   *name,
                            PdOrderGroup *group)
{
  g_return_val_if_fail (group != NULL, FALSE);

  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (group_names); i++)
    {
      if (strcmp (name, group_names[i]) == 0)
        {
          *group = i;
          return TRUE;
        }
    }

  return FALSE;
}
