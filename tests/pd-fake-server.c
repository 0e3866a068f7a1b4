/* pd-fake-server.c: start and drive tests/fake-mixpay from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <libsoup/soup.h>

#include "pd-fake-server.h"

PdFakeServer *
pd_fake_server_start (const char *rate_limit,
                      gboolean    tls)
{
  return pd_fake_server_start_full (rate_limit, tls, NULL);
}

PdFakeServer *
pd_fake_server_start_full (const char *rate_limit,
                           gboolean    tls,
                           const char *scenario)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  const char *program = g_getenv ("PAYDESK_FAKE_MIXPAY");
  PdFakeServer *server = g_new0 (PdFakeServer, 1);

  g_assert_nonnull (program);
  g_ptr_array_add (argv, g_strdup (program));
  g_ptr_array_add (argv, g_strdup ("--port=0"));
  /* It exits when our end of its stdin closes, even if we crash. */
  g_ptr_array_add (argv, g_strdup ("--watch-stdin"));
  g_ptr_array_add (argv, g_strdup_printf ("--fixtures=%s", g_getenv ("PAYDESK_TEST_FIXTURES")));
  g_ptr_array_add (argv, g_strdup_printf ("--rate-limit=%s", rate_limit));
  if (tls)
    {
      const char *srcdir = g_getenv ("PAYDESK_TEST_SRCDIR");

      g_ptr_array_add (argv, g_strdup_printf ("--tls-cert=%s/fake-mixpay/test-cert.pem", srcdir));
      g_ptr_array_add (argv, g_strdup_printf ("--tls-key=%s/fake-mixpay/test-key.pem", srcdir));
    }
  if (scenario != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("--scenario=%s/fake-mixpay/%s",
                                            g_getenv ("PAYDESK_TEST_SRCDIR"), scenario));
  g_ptr_array_add (argv, NULL);

  server->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                       G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);

  /* The first line says where it listens. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "PORT="));
  server->port = (guint) g_ascii_strtoull (line + 5, NULL, 10);
  g_assert_cmpuint (server->port, >, 0);

  server->base = g_strdup_printf ("%s://127.0.0.1:%u", tls ? "https" : "http", server->port);
  server->api = g_strconcat (server->base, "/v1", NULL);

  return server;
}

void
pd_fake_server_stop (PdFakeServer *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  /* It exits cleanly on SIGTERM. */
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);

  g_object_unref (server->process);
  g_free (server->base);
  g_free (server->api);
  g_free (server);
}

GBytes *
pd_fake_server_request (PdFakeServer *server,
                        const char   *method,
                        const char   *path,
                        const char   *json)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (server->base, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  if (json != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (json, strlen (json));

      soup_message_set_request_body_from_bytes (message, "application/json", request);
    }

  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  return body;
}

void
pd_fake_server_script (PdFakeServer *server,
                       const char   *json)
{
  g_autoptr(GBytes) answer = pd_fake_server_request (server, SOUP_METHOD_POST, "/_control/script", json);
}

JsonObject *
pd_fake_server_stats (PdFakeServer *server)
{
  g_autoptr(GBytes) body = pd_fake_server_request (server, SOUP_METHOD_GET, "/_control/stats", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             g_bytes_get_size (body), NULL));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}
