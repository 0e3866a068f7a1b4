/* pd-mixpay-client.h: asynchronous client of the MixPay API
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-mixpay-asset.h"
#include "pd-mixpay-error.h"
#include "pd-paylink.h"
#include "pd-payment-result.h"
#include "pd-request-gate.h"

G_BEGIN_DECLS

#define PD_MIXPAY_DEFAULT_API_BASE "https://api.mixpay.me/v1"
#define PD_MIXPAY_DEFAULT_TIMEOUT 20
/* Answers larger than this are refused unread. */
#define PD_MIXPAY_MAX_RESPONSE_SIZE (1024 * 1024)

#define PD_TYPE_MIXPAY_CLIENT (pd_mixpay_client_get_type ())

G_DECLARE_FINAL_TYPE (PdMixpayClient, pd_mixpay_client, PD, MIXPAY_CLIENT, GObject)

PdMixpayClient  *pd_mixpay_client_new                          (const char           *api_base,
                                                                GError              **error);
const char      *pd_mixpay_client_get_api_base                 (PdMixpayClient       *self);
guint            pd_mixpay_client_get_timeout                  (PdMixpayClient       *self);
void             pd_mixpay_client_set_timeout                  (PdMixpayClient       *self,
                                                                guint                 seconds);

/* Every request waits for @gate's slot; a 1429 or a spent budget pauses it. */
void             pd_mixpay_client_set_gate                     (PdMixpayClient       *self,
                                                                PdRequestGate        *gate);
PdRequestGate   *pd_mixpay_client_get_gate                     (PdMixpayClient       *self);

gboolean         pd_mixpay_validate_api_base                   (const char           *api_base,
                                                                GError              **error);

void             pd_mixpay_client_get_payment_result_async     (PdMixpayClient       *self,
                                                                const char           *order_id,
                                                                const char           *payee_id,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
void             pd_mixpay_client_get_payment_result_by_trace_async (PdMixpayClient  *self,
                                                                const char           *trace_id,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
PdPaymentResult *pd_mixpay_client_get_payment_result_finish    (PdMixpayClient       *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

void             pd_mixpay_client_get_quote_assets_async       (PdMixpayClient       *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
void             pd_mixpay_client_get_settlement_assets_async  (PdMixpayClient       *self,
                                                                const char           *quote_asset_id,
                                                                const char           *quote_amount,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
GPtrArray       *pd_mixpay_client_get_assets_finish            (PdMixpayClient       *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

void             pd_mixpay_client_lookup_payee_async           (PdMixpayClient       *self,
                                                                const char           *mixin_id,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
char            *pd_mixpay_client_lookup_payee_finish          (PdMixpayClient       *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

void             pd_mixpay_client_create_one_time_payment_async (PdMixpayClient      *self,
                                                                const PdPaylinkParams *params,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
char            *pd_mixpay_client_create_one_time_payment_finish (PdMixpayClient     *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

G_END_DECLS
