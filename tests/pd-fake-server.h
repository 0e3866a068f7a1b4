/* pd-fake-server.h: start and drive tests/fake-mixpay from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  guint        port;
  char        *base;    /* http(s)://127.0.0.1:PORT: the payment pages */
  char        *api;     /* base + /v1 */
} PdFakeServer;

/* Starts $PAYDESK_FAKE_MIXPAY on a free port with the test fixtures.
 * @rate_limit: requests a minute it allows, "0" for no limit. */
PdFakeServer *pd_fake_server_start   (const char   *rate_limit,
                                      gboolean      tls);
/* The same, loading @scenario (a file in tests/fake-mixpay/) at start. */
PdFakeServer *pd_fake_server_start_full (const char *rate_limit,
                                         gboolean    tls,
                                         const char *scenario);
/* Stops it with SIGTERM and checks that it exited cleanly. */
void          pd_fake_server_stop    (PdFakeServer *server);
/* A control request (/_control/…, /_pay/…); asserts HTTP 200. */
GBytes       *pd_fake_server_request (PdFakeServer *server,
                                      const char   *method,
                                      const char   *path,
                                      const char   *json);
void          pd_fake_server_script  (PdFakeServer *server,
                                      const char   *json);
JsonObject   *pd_fake_server_stats   (PdFakeServer *server);

G_END_DECLS
