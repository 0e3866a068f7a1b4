/* pd-order-event.c: one entry of an order's history, and its kinds
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-order-event.h"

G_DEFINE_BOXED_TYPE (PdOrderEvent, pd_order_event, pd_order_event_copy, pd_order_event_free)

/* The names the ledger stores: never change one once released. */
static const char * const event_kind_names[] = {
  [PD_ORDER_EVENT_CREATED] = "created",
  [PD_ORDER_EVENT_UPDATED] = "updated",
  [PD_ORDER_EVENT_STATE_CHANGED] = "state-changed",
  [PD_ORDER_EVENT_CHECK_ERROR] = "check-error",
  [PD_ORDER_EVENT_CANCELLED] = "cancelled",
  [PD_ORDER_EVENT_NOTE] = "note",
};

G_STATIC_ASSERT (G_N_ELEMENTS (event_kind_names) == PD_ORDER_EVENT_KIND_LAST + 1);

const char *
pd_order_event_kind_to_string (PdOrderEventKind kind)
{
  g_return_val_if_fail (kind <= PD_ORDER_EVENT_KIND_LAST, "updated");

  return event_kind_names[kind];
}

gboolean
pd_order_event_kind_from_string (const char       *name,
                                 PdOrderEventKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (event_kind_names); i++)
    {
      if (strcmp (name, event_kind_names[i]) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }

  return FALSE;
}

PdOrderEvent *
pd_order_event_copy (const PdOrderEvent *event)
{
  PdOrderEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_memdup2 (event, sizeof *event);
  copy->message = g_strdup (event->message);
  copy->raw_json = g_strdup (event->raw_json);

  return copy;
}

void
pd_order_event_free (PdOrderEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->message);
  g_free (event->raw_json);
  g_free (event);
}
