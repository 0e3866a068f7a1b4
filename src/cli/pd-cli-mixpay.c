/* pd-cli-mixpay.c: the commands that ask MixPay: poll, check and lookup-payee
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "pd-cli-common.h"
#include "pd-mixpay-client.h"
#include "pd-mixpay-error.h"
#include "pd-order-texts.h"
#include "pd-paylink.h"
#include "pd-payment-result.h"
#include "pd-poll-policy.h"
#include "pd-poller.h"

/* A run of the poller until the command's goal is met. */
typedef struct
{
  GMainLoop *loop;
  PdStore   *store;
  PdPoller  *poller;
  PdOrder   *checked;        /* check: the one order */
  gboolean   until_settled;
  gboolean   quit_when_drained;
  gboolean   failed;         /* check: the check failed */
  int        status;
} PollRun;

static void
poll_run_clear (PollRun *run)
{
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_object (&run->poller);
  g_clear_object (&run->store);
  g_clear_object (&run->checked);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PollRun, poll_run_clear)

static gboolean
order_is_open (PdOrder *order)
{
  return !pd_order_state_is_settled (pd_order_get_state (order));
}

static guint
count_open_orders (PdStore *store)
{
  g_autoptr(GPtrArray) orders = pd_store_list_orders (store, NULL);
  guint n_open = 0;

  for (guint i = 0; orders != NULL && i < orders->len; i++)
    n_open += order_is_open (g_ptr_array_index (orders, i));

  return n_open;
}

/* What a state means in money, for the line that announces it. */
static char *
describe_order (PdOrder *order)
{
  const char *symbol = pd_order_get_payment_symbol (order);
  const char * const *mismatch = pd_order_get_mismatch (order);
  g_autofree char *remaining = NULL;

  /* Whatever the state: an order paid through an edited link. */
  if (mismatch != NULL && mismatch[0] != NULL)
    {
      g_autofree char *reason = pd_mismatch_dup_reason (order);

      return g_strdup_printf (_("do not hand over goods: %s"), reason);
    }

  switch (pd_order_get_state (order))
    {
    case PD_ORDER_STATE_PAID_LESS:
      remaining = pd_order_dup_remaining_amount (order);
      if (remaining != NULL)
        {
          g_autofree char *due = pd_order_texts_dup_amount (remaining, symbol);

          /* TRANSLATORS: "5.5 USDT still due" */
          return g_strdup_printf (_("%s still due"), due);
        }
      return NULL;
    case PD_ORDER_STATE_PAID:
      {
        g_autofree char *price = pd_order_texts_dup_amount (pd_order_get_quote_amount (order),
                                                            pd_order_get_quote_symbol (order));

        /* TRANSLATORS: "10 USDT verified" */
        return g_strdup_printf (_("%s verified"), price);
      }
    case PD_ORDER_STATE_MISMATCH:
      return g_strdup (_("do not hand over goods"));
    case PD_ORDER_STATE_FAILED:
      return g_strdup (pd_order_get_failure_reason (order));
    case PD_ORDER_STATE_CONFIRMING:
      if (pd_order_get_confirmations (order) >= 0)
        return pd_order_texts_dup_confirmations (pd_order_get_confirmations (order));
      return NULL;
    case PD_ORDER_STATE_UNPAID:
    case PD_ORDER_STATE_PENDING:
    case PD_ORDER_STATE_AUDITING:
    case PD_ORDER_STATE_UNKNOWN:
    case PD_ORDER_STATE_CANCELLED:
    default:
      return NULL;
    }
}

static void
print_state_line (PdOrder      *order,
                  PdOrderState  old_state,
                  PdOrderState  new_state)
{
  g_autofree char *details = describe_order (order);
  g_autofree char *change = NULL;
  g_autofree char *line = NULL;

  if (old_state == new_state)
    line = g_strdup_printf ("%s: %s", pd_order_get_order_id (order),
                            pd_order_state_to_string (new_state));
  else
    {
      change = pd_order_state_format_change (old_state, new_state);
      line = g_strdup_printf ("%s: %s", pd_order_get_order_id (order), change);
    }

  if (details != NULL && *details != '\0')
    {
      /* A failure reason or symbol from a ledger an older Paydesk wrote
       * may hold escape sequences. */
      g_autofree char *printable = pd_cli_dup_printable (details);

      printf ("%s (%s)\n", line, printable);
    }
  else
    printf ("%s\n", line);

  /* Printed means recorded: the line leaves only after the commit. */
  fflush (stdout);
}

/* The orders that are due, open ones and the cancelled ones still
 * watched (a customer may pay a cancelled order after all), most overdue
 * first; NULL after printing why. */
static GPtrArray *
list_due_orders (PollRun *run)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *due = pd_store_list_due_orders (run->store, g_get_real_time () / G_USEC_PER_SEC,
                                             G_MAXUINT, &error);

  if (due == NULL)
    {
      pd_cli_failure ("%s", error->message);
      run->status = PD_CLI_EXIT_FAILURE;
    }

  return due;
}

/* The run ends once each of @due has been asked about. */
static void
poll_run_check_orders (PollRun   *run,
                       GPtrArray *due)
{
  run->quit_when_drained = TRUE;
  /* Each one goes to the head of the queue: the last listed is asked
   * about last, and the list is most overdue first. */
  for (guint i = due->len; i-- > 0;)
    pd_poller_check_now (run->poller, g_ptr_array_index (due, i));

  if (pd_poller_get_n_pending (run->poller) == 0)
    g_main_loop_quit (run->loop);
}

static void
state_changed_cb (PdPoller *poller,
                  PdOrder  *order,
                  int       old_state,
                  int       new_state,
                  PollRun  *run)
{
  g_autoptr(GPtrArray) due = NULL;

  if (run->checked == NULL)
    print_state_line (order, old_state, new_state);

  if (!run->until_settled || run->quit_when_drained || count_open_orders (run->store) > 0)
    return;

  /* Nothing is open any more: the cancelled orders that are due are
   * asked about before the run ends, as poll --once would. */
  due = list_due_orders (run);
  if (due == NULL)
    g_main_loop_quit (run->loop);
  else
    poll_run_check_orders (run, due);
}

/* poll --until-settled on a desk that waits while another polls: that
 * desk's answers arrive here as changes to the ledger, and once nothing
 * is open this run's goal is met too. The polling desk itself ends in
 * state_changed_cb(), which asks about the cancelled orders first. */
static void
store_changed_cb (PdStore *store,
                  PdOrder *order,
                  PollRun *run)
{
  g_autoptr(GPtrArray) orders = NULL;

  if (pd_poller_get_status (run->poller) != PD_POLLER_STATUS_WAITING_FOR_LOCK)
    return;

  orders = pd_store_list_orders (run->store, NULL);
  if (orders == NULL)
    return;
  for (guint i = 0; i < orders->len; i++)
    if (order_is_open (g_ptr_array_index (orders, i)))
      return;

  g_main_loop_quit (run->loop);
}

static gboolean
error_is_unreachable (const GError *error)
{
  return g_error_matches (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NETWORK) ||
         g_error_matches (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_TIMEOUT) ||
         g_error_matches (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_TLS) ||
         g_error_matches (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NO_BUDGET);
}

static void
check_failed_cb (PdPoller     *poller,
                 PdOrder      *order,
                 const GError *error,
                 PollRun      *run)
{
  /* pd_cli_failure() keeps the message to one line a terminal cannot
   * take for a command. */
  pd_cli_failure ("%s: %s", pd_order_get_order_id (order), error->message);

  /* A pause for the rate limit is waited out; anything else ends a run
   * that was asked to check once. */
  if (!run->quit_when_drained ||
      g_error_matches (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_RATE_LIMITED))
    return;

  run->failed = TRUE;
  run->status = PD_CLI_EXIT_FAILURE;
  if (run->checked == order || error_is_unreachable (error))
    g_main_loop_quit (run->loop);
}

static char *
format_local_time (gint64 usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  return g_date_time_format (time, "%X");
}

/* What the poller's pause means, with when it ends; NULL while it is
 * not paused. */
static char *
dup_pause_message (PdPoller *poller)
{
  g_autofree char *resume = format_local_time (pd_poller_get_resume_at (poller));

  switch (pd_poller_get_status (poller))
    {
    case PD_POLLER_STATUS_WAITING_FOR_LOCK:
      if (pd_poller_get_polling_desk (poller) != NULL)
        /* Translators: %s is the name of another computer sharing the ledger */
        return g_strdup_printf (_("paydesk-cli: checking payments on %s; waiting until it stops\n"),
                                pd_poller_get_polling_desk (poller));
      return g_strdup_printf ("paydesk-cli: %s\n",
                              _("another Paydesk is checking this ledger; waiting until it stops"));
    case PD_POLLER_STATUS_RATE_LIMITED:
      return g_strdup_printf (_("paydesk-cli: MixPay’s rate limit was reached; pausing until %s\n"), resume);
    case PD_POLLER_STATUS_OFFLINE:
      return g_strdup_printf (_("paydesk-cli: MixPay cannot be reached; trying again at %s\n"), resume);
    case PD_POLLER_STATUS_SERVER_TROUBLE:
      return g_strdup_printf (_("paydesk-cli: MixPay is having trouble answering; trying again at %s\n"), resume);
    case PD_POLLER_STATUS_NOT_MIXPAY:
      return g_strdup_printf (_("paydesk-cli: the API base does not answer like MixPay; trying again at %s\n"), resume);
    case PD_POLLER_STATUS_LEDGER_UNREACHABLE:
      return g_strdup_printf ("paydesk-cli: %s\n",
                              _("the shared ledger cannot be reached; trying again every few seconds"));
    default:
      return NULL;
    }
}

static void
status_changed_cb (PdPoller   *poller,
                   GParamSpec *pspec,
                   PollRun    *run)
{
  g_autofree char *message = dup_pause_message (poller);

  if (message != NULL)
    fputs (message, stderr);
}

static void
n_pending_changed_cb (PdPoller   *poller,
                      GParamSpec *pspec,
                      PollRun    *run)
{
  if (run->quit_when_drained && pd_poller_get_n_pending (poller) == 0)
    g_main_loop_quit (run->loop);
}

static gboolean
timeout_cb (gpointer user_data)
{
  PollRun *run = user_data;

  /* check asked about one order: the ledger's count of open ones said
   * nothing about it. */
  if (run->checked != NULL)
    {
      fprintf (stderr, _("paydesk-cli: time is up; MixPay has not answered about order %s\n"),
               pd_order_get_order_id (run->checked));
    }
  else
    {
      guint n_open = count_open_orders (run->store);

      fprintf (stderr,
               g_dngettext (GETTEXT_PACKAGE,
                            "paydesk-cli: time is up; %u order is still open\n",
                            "paydesk-cli: time is up; %u orders are still open\n",
                            n_open),
               n_open);
    }
  if (run->until_settled || run->quit_when_drained)
    run->status = PD_CLI_EXIT_FAILURE;
  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
interrupted_cb (gpointer user_data)
{
  PollRun *run = user_data;

  if (run->until_settled || run->quit_when_drained)
    run->status = PD_CLI_EXIT_FAILURE;
  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

static void
poll_run_start (PollRun        *run,
                PdMixpayClient *client,
                guint           rate)
{
  run->loop = g_main_loop_new (NULL, FALSE);
  run->poller = pd_poller_new (run->store, client, NULL);
  pd_poller_set_rate (run->poller, rate);

  g_signal_connect (run->poller, "state-changed", G_CALLBACK (state_changed_cb), run);
  g_signal_connect (run->poller, "check-failed", G_CALLBACK (check_failed_cb), run);
  g_signal_connect (run->poller, "notify::status", G_CALLBACK (status_changed_cb), run);
  g_signal_connect (run->poller, "notify::n-pending", G_CALLBACK (n_pending_changed_cb), run);

  pd_poller_start (run->poller);
}

static void
poll_run_loop (PollRun *run,
               guint    timeout_seconds)
{
  guint sigint = g_unix_signal_add (SIGINT, interrupted_cb, run);
  guint sigterm = g_unix_signal_add (SIGTERM, interrupted_cb, run);
  guint timeout = 0;

  if (timeout_seconds > 0)
    timeout = g_timeout_add_seconds (timeout_seconds, timeout_cb, run);

  g_main_loop_run (run->loop);

  pd_poller_stop (run->poller);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (timeout != 0 && g_main_context_find_source_by_id (NULL, timeout) != NULL)
    g_source_remove (timeout);
}

/* paydesk-cli poll ---------------------------------------------------- */

int
pd_cli_cmd_poll (PdCli  *cli,
                 int     argc,
                 char  **argv)
{
  gboolean once = FALSE;
  gboolean until_settled = FALSE;
  gboolean show_help = FALSE;
  int rate = PD_POLL_DEFAULT_RATE;
  int timeout_seconds = 0;
  const GOptionEntry entries[] = {
    { "once", 0, 0, G_OPTION_ARG_NONE, &once,
      N_("Check each order that is due, open or recently cancelled, once, then exit"), NULL },
    { "until-settled", 0, 0, G_OPTION_ARG_NONE, &until_settled,
      N_("Exit once no order is open any more and no cancelled one is due"), NULL },
    { "rate", 0, 0, G_OPTION_ARG_INT, &rate,
      N_("Requests a minute, 1 to 60 (default 50; MixPay allows 60)"), N_("N") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_seconds,
      N_("Stop after this many seconds"), N_("SECONDS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    pd_cli_context_new (cli, NULL,
                        _("Ask MixPay about open orders, within its rate limit, and print every change of state."),
                        entries, &show_help);
  g_autoptr(PdMixpayClient) client = NULL;
  g_auto(PollRun) run = { 0 };
  int status;

  if (!pd_cli_parse (context, &show_help, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return pd_cli_usage_error ("poll", _("unexpected argument “%s”"), argv[1]);
  if (once && until_settled)
    return pd_cli_usage_error ("--once", "%s", _("cannot be combined with --until-settled"));
  if (rate < 1 || rate > PD_POLL_MAX_RATE)
    return pd_cli_usage_error ("--rate", _("must be between 1 and %d requests a minute"), PD_POLL_MAX_RATE);
  if (timeout_seconds < 0)
    return pd_cli_usage_error ("--timeout", "%s", _("must be a number of seconds, 0 or more"));

  status = PD_CLI_EXIT_OK;
  client = pd_cli_open_client (cli, &status);
  if (client == NULL)
    return status;

  run.store = pd_cli_open_store (cli);
  if (run.store == NULL)
    return PD_CLI_EXIT_FAILURE;

  run.until_settled = until_settled;
  if (once || (until_settled && count_open_orders (run.store) == 0))
    {
      /* The orders that are due, as the man page says: run from cron every
       * few minutes, asking about every open order each time spent the
       * request budget on orders checked seconds before. With no order
       * open, --until-settled has only the cancelled ones still watched
       * to ask about. */
      g_autoptr(GPtrArray) due = list_due_orders (&run);

      if (due == NULL)
        return run.status;
      if (due->len == 0)
        return PD_CLI_EXIT_OK;

      poll_run_start (&run, client, rate);
      poll_run_check_orders (&run, due);
    }
  else
    {
      /* A service: orders another program records (paydesk-cli new) are
       * learnt of as they come, not at the next start. */
      pd_store_watch (run.store);
      if (until_settled)
        g_signal_connect (run.store, "order-changed", G_CALLBACK (store_changed_cb), &run);
      poll_run_start (&run, client, rate);
    }

  poll_run_loop (&run, timeout_seconds);
  return run.status;
}

/* paydesk-cli check --------------------------------------------------- */

int
pd_cli_cmd_check (PdCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *payee = NULL;
  gboolean show_help = FALSE;
  int timeout_seconds = 0;
  const GOptionEntry entries[] = {
    { "payee", 0, 0, G_OPTION_ARG_STRING, &payee,
      N_("The order’s payee, when two payees use the same order ID"), N_("ID") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_seconds,
      N_("Give up after this many seconds"), N_("SECONDS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    pd_cli_context_new (cli, N_("ORDER_ID"),
                        _("Ask MixPay about one order now, record the answer and print the order’s state."),
                        entries, &show_help);
  g_autoptr(PdMixpayClient) client = NULL;
  g_auto(PollRun) run = { 0 };
  int status;

  if (!pd_cli_parse (context, &show_help, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return pd_cli_usage_error ("ORDER_ID", "%s", _("give exactly one order ID"));
  if (timeout_seconds < 0)
    return pd_cli_usage_error ("--timeout", "%s", _("must be a number of seconds, 0 or more"));

  status = PD_CLI_EXIT_OK;
  client = pd_cli_open_client (cli, &status);
  if (client == NULL)
    return status;

  run.checked = pd_cli_open_order (cli, argv[1], payee, &run.store, &status);
  if (run.checked == NULL)
    return status;

  run.quit_when_drained = TRUE;
  poll_run_start (&run, client, PD_POLL_DEFAULT_RATE);
  pd_poller_check_now (run.poller, run.checked);
  poll_run_loop (&run, timeout_seconds);

  if (run.failed)
    return PD_CLI_EXIT_FAILURE;
  if (run.status == PD_CLI_EXIT_OK)
    print_state_line (run.checked, pd_order_get_state (run.checked), pd_order_get_state (run.checked));
  return run.status;
}

/* paydesk-cli lookup-payee -------------------------------------------- */

typedef struct
{
  GMainLoop *loop;
  char      *payee_id;
  GError    *error;
} Lookup;

static void
lookup_payee_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Lookup *lookup = user_data;

  lookup->payee_id = pd_mixpay_client_lookup_payee_finish (PD_MIXPAY_CLIENT (object), result,
                                                           &lookup->error);
  g_main_loop_quit (lookup->loop);
}

int
pd_cli_cmd_lookup_payee (PdCli  *cli,
                         int     argc,
                         char  **argv)
{
  gboolean show_help = FALSE;
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GOptionContext) context =
    pd_cli_context_new (cli, N_("MIXIN_ID"),
                        _("Print the payee ID (a UUID) of a Mixin ID, as MixPay knows it."),
                        entries, &show_help);
  g_autoptr(PdMixpayClient) client = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Lookup lookup = { 0 };
  int status;

  if (!pd_cli_parse (context, &show_help, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return pd_cli_usage_error ("MIXIN_ID", "%s", _("give exactly one Mixin ID"));

  status = PD_CLI_EXIT_OK;
  client = pd_cli_open_client (cli, &status);
  if (client == NULL)
    return status;

  loop = g_main_loop_new (NULL, FALSE);
  lookup.loop = loop;
  pd_mixpay_client_lookup_payee_async (client, argv[1], NULL, lookup_payee_cb, &lookup);
  g_main_loop_run (loop);

  if (lookup.error != NULL)
    {
      g_autoptr(GError) error = g_steal_pointer (&lookup.error);

      if (g_error_matches (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_INVALID))
        return pd_cli_usage_error ("MIXIN_ID", "%s", error->message);
      return pd_cli_failure ("%s", error->message);
    }

  printf ("%s\n", lookup.payee_id);
  g_free (lookup.payee_id);
  return PD_CLI_EXIT_OK;
}
