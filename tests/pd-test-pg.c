/* pd-test-pg.c: a throw-away PostgreSQL server for the tests
 *
 * initdb and pg_ctl run in a temporary folder on a free loopback port.
 * PostgreSQL refuses to run as root, so as root they run as "nobody"
 * through runuser, the folder theirs. A watchdog process holds the read
 * end of a pipe whose write end only this program holds: when it ends,
 * passed, failed, aborted or killed, the watchdog reads end-of-file,
 * stops the server and removes the folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "pd-test-pg.h"

/* The server runs as this user when the tests run as root. */
#define SERVER_USER "nobody"

/* The group of the roles pd_test_pg_new_protected_database() makes, the
 * ones pg_hba.conf asks a password of. */
#define PROTECTED_GROUP "paydesk_protected"

static char *bin_dir;
static char *dir;
static guint16 port;
static int watchdog_fd = -1;
static guint n_databases;
static gboolean hba_protected;

gboolean
pd_test_pg_wanted (void)
{
  return g_strcmp0 (g_getenv ("PAYDESK_TEST_BACKEND"), "postgresql") == 0;
}

/* Debian installs the server's programs outside PATH, one folder a
 * version: the newest, or $PAYDESK_TEST_PG_BINDIR. */
static char *
find_bin_dir (void)
{
  const char *env = g_getenv ("PAYDESK_TEST_PG_BINDIR");
  g_autoptr(GDir) versions = NULL;
  g_autofree char *best = NULL;
  const char *name;
  int best_version = 0;

  if (env != NULL)
    return g_strdup (env);

  versions = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  while (versions != NULL && (name = g_dir_read_name (versions)) != NULL)
    {
      g_autofree char *initdb = g_build_filename ("/usr/lib/postgresql", name, "bin", "initdb", NULL);
      int version = atoi (name);

      if (version > best_version && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
        {
          best_version = version;
          g_free (best);
          best = g_path_get_dirname (initdb);
        }
    }

  if (best == NULL)
    g_error ("No PostgreSQL server programs in /usr/lib/postgresql/*/bin: install the packages of build-aux/debian-packages.txt");

  return g_steal_pointer (&best);
}

static guint16
find_free_port (void)
{
  struct sockaddr_in address = { .sin_family = AF_INET };
  socklen_t length = sizeof address;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *)&address, sizeof address), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *)&address, &length), ==, 0);
  close (fd);

  return ntohs (address.sin_port);
}

/* @argv, as the server's user: runuser when root. */
static GPtrArray *
server_argv (const char *program)
{
  const char *runuser_argv[] = { "runuser", "-u", SERVER_USER, "--", NULL };
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  if (geteuid () == 0)
    for (guint i = 0; runuser_argv[i] != NULL; i++)
      g_ptr_array_add (argv, g_strdup (runuser_argv[i]));
  g_ptr_array_add (argv, g_build_filename (bin_dir, program, NULL));

  return argv;
}

static void
run (GPtrArray *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (dir, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s%s", (char *)argv->pdata[0], error->message, out ? out : "", err ? err : "");
}

static char *
data_dir (void)
{
  return g_build_filename (dir, "data", NULL);
}

static void
pg_ctl (const char *action)
{
  g_autoptr(GPtrArray) argv = server_argv ("pg_ctl");
  g_autofree char *data = data_dir ();

  g_ptr_array_add (argv, g_strdup ("-D"));
  g_ptr_array_add (argv, g_strdup (data));
  g_ptr_array_add (argv, g_strdup ("-w"));
  g_ptr_array_add (argv, g_strdup ("-s"));
  if (g_str_equal (action, "start"))
    {
      g_ptr_array_add (argv, g_strdup ("-l"));
      g_ptr_array_add (argv, g_build_filename (dir, "server.log", NULL));
      /* Loopback only, its socket in its own folder; no fsync: the
       * tests' data need not survive a power cut. */
      g_ptr_array_add (argv, g_strdup ("-o"));
      g_ptr_array_add (argv, g_strdup_printf ("-p %u -c listen_addresses=127.0.0.1 "
                                              "-c unix_socket_directories=%s -c fsync=off "
                                              "-c full_page_writes=off -c max_connections=100",
                                              port, dir));
    }
  else
    {
      g_ptr_array_add (argv, g_strdup ("-m"));
      g_ptr_array_add (argv, g_strdup ("fast"));
    }
  g_ptr_array_add (argv, g_strdup (action));
  run (argv);
}

/* The watchdog: a shell that waits for end-of-file on its input, then
 * stops the server and removes the folder. In a session of its own, so
 * that the signal that kills the test's process group spares it. */
static void
watchdog_setup (gpointer data)
{
  setsid ();
}

static void
start_watchdog (void)
{
  g_autoptr(GPtrArray) stop = server_argv ("pg_ctl");
  g_autoptr(GError) error = NULL;
  g_autofree char *data = data_dir ();
  g_autofree char *stop_line = NULL;
  g_autofree char *script = NULL;
  g_autofree char *quoted_dir = g_shell_quote (dir);
  g_autofree char *quoted_data = g_shell_quote (data);
  const char *sh_argv[] = { "sh", "-c", NULL, NULL };

  g_ptr_array_add (stop, NULL);
  stop_line = g_strjoinv (" ", (char **)stop->pdata);
  script = g_strdup_printf ("read unused; %s -D %s -m immediate -s stop >/dev/null 2>&1; rm -rf %s",
                            stop_line, quoted_data, quoted_dir);
  sh_argv[2] = script;

  if (!g_spawn_async_with_pipes (NULL, (char **)sh_argv, NULL, G_SPAWN_SEARCH_PATH,
                                 watchdog_setup, NULL, NULL, &watchdog_fd, NULL, NULL, &error))
    g_error ("Cannot start the PostgreSQL watchdog: %s", error->message);

  /* Only this process holds the write end, not paydesk-cli and the other
   * programs the tests start. */
  fcntl (watchdog_fd, F_SETFD, FD_CLOEXEC);
}

static void
start_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) initdb = NULL;
  g_autofree char *data = NULL;

  bin_dir = find_bin_dir ();
  dir = g_dir_make_tmp ("paydesk-pg-XXXXXX", &error);
  g_assert_no_error (error);
  if (geteuid () == 0)
    {
      struct passwd *user = getpwnam (SERVER_USER);

      g_assert_nonnull (user);
      g_assert_cmpint (chown (dir, user->pw_uid, user->pw_gid), ==, 0);
    }
  start_watchdog ();

  data = data_dir ();
  initdb = server_argv ("initdb");
  g_ptr_array_add (initdb, g_strdup ("-D"));
  g_ptr_array_add (initdb, g_strdup (data));
  g_ptr_array_add (initdb, g_strdup ("-U"));
  g_ptr_array_add (initdb, g_strdup ("paydesk"));
  g_ptr_array_add (initdb, g_strdup ("--auth=trust"));
  g_ptr_array_add (initdb, g_strdup ("--encoding=UTF8"));
  g_ptr_array_add (initdb, g_strdup ("--locale=C"));
  g_ptr_array_add (initdb, g_strdup ("--no-sync"));
  run (initdb);

  port = find_free_port ();
  pg_ctl ("start");
}

char *
pd_test_pg_uri (const char *dbname)
{
  return g_strdup_printf ("postgresql://paydesk@127.0.0.1:%u/%s", port, dbname);
}

static PGconn *
admin_connect (void)
{
  g_autofree char *admin = NULL;
  PGconn *conn;

  if (dir == NULL)
    start_server ();

  admin = pd_test_pg_uri ("postgres");
  conn = PQconnectdb (admin);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

static void
admin_exec (PGconn     *conn,
            const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
}

char *
pd_test_pg_new_database (void)
{
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;
  PGconn *conn = admin_connect ();

  name = g_strdup_printf ("test_%d_%u", (int) getpid (), ++n_databases);
  sql = g_strdup_printf ("CREATE DATABASE %s", name);
  admin_exec (conn, sql);
  PQfinish (conn);

  return pd_test_pg_uri (name);
}

/* Puts the password lines for PROTECTED_GROUP before initdb's trust
 * lines (the first line that matches wins), once; superusers are never
 * members of a group for pg_hba.conf, so "paydesk" keeps trust. */
static void
protect_hba (PGconn *conn)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = data_dir ();
  g_autofree char *path = g_build_filename (data, "pg_hba.conf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *protected = NULL;

  if (hba_protected)
    return;

  admin_exec (conn, "CREATE ROLE " PROTECTED_GROUP " NOLOGIN");
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  protected = g_strconcat ("# pd_test_pg_new_protected_database(): a password.\n"
                           "local all +" PROTECTED_GROUP " scram-sha-256\n"
                           "host all +" PROTECTED_GROUP " 127.0.0.1/32 scram-sha-256\n",
                           contents, NULL);
  g_file_set_contents_full (path, protected, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);
  if (geteuid () == 0)
    {
      struct passwd *user = getpwnam (SERVER_USER);

      g_assert_nonnull (user);
      g_assert_cmpint (chown (path, user->pw_uid, user->pw_gid), ==, 0);
    }

  admin_exec (conn, "SELECT pg_reload_conf ()");
  hba_protected = TRUE;
}

char *
pd_test_pg_new_protected_database (const char *password)
{
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *uri = NULL;
  PGconn *conn;
  char *literal;

  g_return_val_if_fail (password != NULL && *password != '\0', NULL);

  conn = admin_connect ();
  protect_hba (conn);

  name = g_strdup_printf ("till_%d_%u", (int) getpid (), ++n_databases);
  literal = PQescapeLiteral (conn, password, strlen (password));
  sql = g_strdup_printf ("CREATE ROLE %s LOGIN PASSWORD %s IN ROLE " PROTECTED_GROUP, name, literal);
  PQfreemem (literal);
  admin_exec (conn, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("CREATE DATABASE %s OWNER %s", name, name);
  admin_exec (conn, sql);
  PQfinish (conn);

  uri = g_strdup_printf ("postgresql://%s@127.0.0.1:%u/%s", name, port, name);

  /* The server reads pg_hba.conf again a moment after the reload was
   * asked for: until then the new role would get in without one. */
  for (guint i = 0;; i++)
    {
      const char *keywords[] = { "dbname", "passfile", NULL };
      const char *values[] = { uri, "/nonexistent/pgpass", NULL };
      PGconn *probe = PQconnectdbParams (keywords, values, 1);
      gboolean asks = PQstatus (probe) != CONNECTION_OK && PQconnectionNeedsPassword (probe);

      if (!asks && i == 200)
        g_error ("%s gets in without a password: %s", uri, PQerrorMessage (probe));
      PQfinish (probe);
      if (asks)
        break;
      g_usleep (25 * 1000);
    }

  return g_steal_pointer (&uri);
}

void
pd_test_pg_restart (void)
{
  g_assert_nonnull (dir);
  pg_ctl ("stop");
  pg_ctl ("start");
}

void
pd_test_pg_stop_server (void)
{
  g_assert_nonnull (dir);
  pg_ctl ("stop");
}

void
pd_test_pg_start_server (void)
{
  g_assert_nonnull (dir);
  pg_ctl ("start");
}

void
pd_test_pg_stop (void)
{
  if (dir == NULL)
    return;

  /* End-of-file for the watchdog; then wait until it is done. */
  close (watchdog_fd);
  watchdog_fd = -1;
  for (guint i = 0; i < 600 && g_file_test (dir, G_FILE_TEST_EXISTS); i++)
    g_usleep (50 * 1000);
  g_clear_pointer (&dir, g_free);
  g_clear_pointer (&bin_dir, g_free);
}
