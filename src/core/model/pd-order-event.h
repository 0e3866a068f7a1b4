/* pd-order-event.h: one entry of an order's history, and its kinds
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pd-order-state.h"

G_BEGIN_DECLS

/* The kinds of entries in an order's history. */
typedef enum
{
  PD_ORDER_EVENT_CREATED,
  PD_ORDER_EVENT_UPDATED,       /* a result changed facts but not the state */
  PD_ORDER_EVENT_STATE_CHANGED,
  PD_ORDER_EVENT_CHECK_ERROR,   /* MixPay could not be asked, or answered an error */
  PD_ORDER_EVENT_CANCELLED,
  PD_ORDER_EVENT_NOTE,          /* the merchant edited the note */
} PdOrderEventKind;

#define PD_ORDER_EVENT_KIND_LAST PD_ORDER_EVENT_NOTE

const char *pd_order_event_kind_to_string   (PdOrderEventKind  kind);
gboolean    pd_order_event_kind_from_string (const char       *name,
                                             PdOrderEventKind *kind);

/* One entry of an order's append-only history. */
typedef struct
{
  gint64            id;
  gint64            order;     /* row id of the order */
  gint64            time;      /* Unix seconds */
  PdOrderEventKind  kind;
  PdOrderState      state;     /* the order's state once the event was written */
  char             *message;   /* nullable */
  char             *raw_json;  /* nullable: the MixPay answer that caused it */
} PdOrderEvent;

#define PD_TYPE_ORDER_EVENT (pd_order_event_get_type ())

GType         pd_order_event_get_type (void) G_GNUC_CONST;
PdOrderEvent *pd_order_event_copy     (const PdOrderEvent *event);
void          pd_order_event_free     (PdOrderEvent       *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdOrderEvent, pd_order_event_free)

G_END_DECLS
