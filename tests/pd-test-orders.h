/* pd-test-orders.h: the app on a ledger of orders in every state, for
 * the tests of the orders view, the order page and the window around
 * them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "orders-fixture.h"
#include "pd-application.h"
#include "pd-order-page.h"
#include "pd-orders-view.h"
#include "pd-window.h"

G_BEGIN_DECLS

/* Where the orders' links point (PAYDESK_PAY_BASE). */
#define PD_TEST_ORDERS_PAY_BASE "http://127.0.0.1:9"

/* The ledger's orders, oldest first; the list shows them the other way. */
extern const PdTestOrder pd_test_orders_fixtures[];
extern const guint pd_test_orders_n_fixtures;

/* In main(), before adding the tests: fills a ledger in a new temporary
 * folder with the fixtures, points PAYDESK_DB at it and makes the app. */
void           pd_test_orders_init          (int         *argc,
                                             char      ***argv);
/* Runs the app, and the tests once its window shows the ledger; then
 * checks that the window and the app are freed and removes the ledger.
 * What main() returns. */
int            pd_test_orders_run           (void);

PdApplication *pd_test_orders_get_app       (void);
PdWindow      *pd_test_orders_get_window    (void);
/* The temporary folder of the ledger, for files a test saves. */
const char    *pd_test_orders_get_tmpdir    (void);
PdOrdersView  *pd_test_orders_get_view      (void);
PdOrderPage   *pd_test_orders_get_page      (void);
/* The template child @name of the orders view, the order page or the
 * window. */
GtkWidget     *pd_test_orders_view_child    (const char  *name);
GtkWidget     *pd_test_orders_page_child    (const char  *name);
GtkWidget     *pd_test_orders_window_child  (const char  *name);

/* The app's order @order_id, borrowed: the store keeps it. */
PdOrder       *pd_test_orders_lookup        (const char  *order_id);
/* The IDs of the orders the view shows, in its order. */
char         **pd_test_orders_dup_shown_ids (void);
/* Every order shown again, no search. */
void           pd_test_orders_reset_view    (void);
/* Selects @order in the view, and checks the page shows it. */
void           pd_test_orders_select        (PdOrder     *order);
/* A condition: the PdQrPaintable @data has its code. */
gboolean       pd_test_orders_qr_is_ready   (gpointer     data);

G_END_DECLS
