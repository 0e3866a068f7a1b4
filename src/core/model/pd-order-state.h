/* pd-order-state.h: the states of an order
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The one state of an order. The string names (pd_order_state_to_string())
 * are part of the CLI's JSON and CSV and never change. */
typedef enum
{
  PD_ORDER_STATE_UNPAID,
  PD_ORDER_STATE_CONFIRMING,
  PD_ORDER_STATE_PAID_LESS,
  PD_ORDER_STATE_PENDING,
  PD_ORDER_STATE_AUDITING,
  PD_ORDER_STATE_PAID,
  PD_ORDER_STATE_FAILED,
  PD_ORDER_STATE_MISMATCH,
  PD_ORDER_STATE_UNKNOWN,
  PD_ORDER_STATE_CANCELLED,
} PdOrderState;

#define PD_ORDER_STATE_LAST PD_ORDER_STATE_CANCELLED

/* Groups the views filter by. */
typedef enum
{
  PD_ORDER_GROUP_ALL,
  PD_ORDER_GROUP_OPEN,
  PD_ORDER_GROUP_SETTLED,
  PD_ORDER_GROUP_PAID,
  PD_ORDER_GROUP_ATTENTION,
} PdOrderGroup;

const char *pd_order_state_to_string   (PdOrderState  state);
gboolean    pd_order_state_from_string (const char   *name,
                                        PdOrderState *state);
const char *pd_order_state_get_label   (PdOrderState  state);
/* "unpaid → paid": a change of state as the ledger's history and
 * paydesk-cli write it, in the states' own names. */
char       *pd_order_state_format_change (PdOrderState  from,
                                          PdOrderState  to);
/* Reads pd_order_state_format_change()'s text back, and the detail a
 * change may carry after ": " ("unpaid → mismatch: REASON"; *@detail is
 * NULL when there is none); FALSE for any other text. */
gboolean    pd_order_state_parse_change  (const char    *text,
                                          PdOrderState  *from,
                                          PdOrderState  *to,
                                          char         **detail);
gboolean    pd_order_state_is_settled  (PdOrderState  state);
gboolean    pd_order_state_in_group    (PdOrderState  state,
                                        PdOrderGroup  group);
gboolean    pd_order_group_from_string (const char   *name,
                                        PdOrderGroup *group);

G_END_DECLS
