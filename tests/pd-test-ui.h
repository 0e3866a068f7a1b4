/* pd-test-ui.h: run the main loop of a UI test, close its windows, and fill
 * the asset lists it starts from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pd-store.h"

G_BEGIN_DECLS

typedef gboolean (*PdTestCondition) (gpointer data);

/* Runs the default main context until @condition holds; fails the test
 * after @seconds. */
void      pd_test_wait_until          (PdTestCondition  condition,
                                       gpointer         data,
                                       guint            seconds);
/* Dispatches whatever the default main context has ready. */
void      pd_test_drain_main_context  (void);
/* A condition: *(gboolean *) @data. */
gboolean  pd_test_flag_is_set         (gpointer         data);
/* Closes @window (a GtkWindow) as the user would, drops the reference
 * given (transfer full), and fails unless the window is finalized within
 * a few seconds. A request it had in flight may hold it until the
 * request's cancellation comes back, which on a loaded machine can take
 * longer than one drain of the main loop. */
void      pd_test_close_and_finalize  (gpointer         window);
/* Whether a label under @root (a GtkWidget) shows exactly @text, as
 * people read it (markup rendered). */
gboolean  pd_test_shows_text          (gpointer         root,
                                       const char      *text);
/* The first window of @application (a GtkApplication) of @type, or
 * NULL. */
gpointer  pd_test_find_window         (gpointer         application,
                                       GType            type);
/* The first widget of @type under @widget (itself included), depth
 * first, or NULL. */
gpointer  pd_test_find_descendant     (gpointer         widget,
                                       GType            type);
/* Fails the test if any key of @settings holds @text, whatever the key's
 * type: a secret that must stay out of them. */
void      pd_test_assert_settings_lack (GSettings      *settings,
                                        const char     *text);
/* The template child @name of @widget, whose template is @type's; fails
 * the test unless it is a widget. */
gpointer  pd_test_template_child      (gpointer         widget,
                                       GType            type,
                                       const char      *name);
/* The fixtures' asset lists ($PAYDESK_TEST_FIXTURES) in @store's cache,
 * as a fetch from MixPay leaves them. */
void      pd_test_cache_fixture_asset_lists (PdStore    *store);

G_END_DECLS
