/* pd-mixpay-client-private.h: what the client and its requests share
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "pd-mixpay-client.h"

G_BEGIN_DECLS

/* One client owns one SoupSession, so use it from the thread (and main
 * context) that created it, like the session itself. Requests never
 * follow redirects, and TLS certificates are checked as libsoup does by
 * default. */
struct _PdMixpayClient
{
  GObject      parent_instance;

  char          *api_base;
  guint          timeout;
  SoupSession   *session;
  PdRequestGate *gate;
};

/* Turns a complete 2xx body into a value, or NULL and @error. */
typedef gpointer (*PdMixpayParseFunc) (const char  *body,
                                       gsize        length,
                                       GError     **error);

/* Sends @message through the client's request gate, once it lets it go,
 * reads the whole answer and returns on @task what @parse makes of its
 * body (freed with @value_free), or the error MixPay's envelope or the
 * transport gave. @not_found_is_unpaid: MixPay's code 10062 in a 404
 * returns a not-found PdPaymentResult. Takes @task. */
void _pd_mixpay_request_send             (PdMixpayClient    *self,
                                          GTask             *task,
                                          SoupMessage       *message,
                                          gboolean           not_found_is_unpaid,
                                          PdMixpayParseFunc  parse,
                                          GDestroyNotify     value_free);

/* Emits PdMixpayClient::budget-spent. */
void _pd_mixpay_client_emit_budget_spent (PdMixpayClient    *self);

G_END_DECLS
