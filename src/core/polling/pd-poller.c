/* pd-poller.c: watches open orders with MixPay, within the rate limit
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pd-ledger-paths.h"
#include "pd-mixpay-error.h"
#include "pd-payment-result.h"
#include "pd-poll-policy.h"
#include "pd-poller.h"

/* How often a poller that found the ledger locked tries again. */
#define LOCK_RETRY_S 5
/* An order whose answer could not be understood is not asked about again
 * sooner than this. */
#define MIN_ERROR_RETRY_S 60
/* Answers wrong for one order each (a redirect, a 4xx, HTML from a
 * captive portal), this many in a row, are the endpoint's fault: then
 * everything backs off, as for a server error. */
#define ORDER_ERRORS_BEFORE_BACKOFF 3

struct _PdPoller
{
  GObject          parent_instance;

  PdStore         *store;
  PdMixpayClient  *client;
  PdClock         *clock;
  GNetworkMonitor *network_monitor;
  GCancellable    *cancellable;

  /* The spacing and MixPay's pauses are the client's request gate's,
   * shared with every process on the ledger (pd-request-gate.c); this
   * one is the back-off after failures, this poller's own. */
  PdRateGate       gate;
  PdRequestGate   *request_gate;
  guint            rate;

  /* Orders asked for by hand, or new: checked before any due order. */
  GQueue           urgent;
  PdOrder         *in_flight;

  guint            timer_id;
  int              lock_fd;
  /* On a shared ledger (pd_store_has_poll_lock()): whether this desk
   * polls, and the desk that does when it does not. */
  gboolean         holds_shared_lock;
  char            *polling_desk;
  /* ... or that its server could not be reached, at the last try. */
  gboolean         ledger_unreachable;
  /* The last check was not sent: the account's request budget, kept in
   * the shared ledger, could not be read (see pd-request-gate.c). */
  gboolean         budget_unreachable;
  PdPollerStatus   status;
  char            *last_error;
  /* The last back-off was for an answer (an HTTP 5xx, code -1), not for
   * a network that failed: MixPay is reachable, and people are told so. */
  gboolean         server_trouble;
  /* ... and the answer was not MixPay's at all: a wrong API base. */
  gboolean         not_mixpay;
  guint            n_order_errors;  /* in a row, see ORDER_ERRORS_BEFORE_BACKOFF */

  guint            running : 1;
};

G_DEFINE_FINAL_TYPE (PdPoller, pd_poller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RATE,
  PROP_RUNNING,
  PROP_STATUS,
  PROP_RESUME_AT,
  PROP_LAST_ERROR,
  PROP_N_PENDING,
  N_PROPS
};

enum {
  ORDER_CHECKED,
  STATE_CHANGED,
  CHECK_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void pd_poller_reschedule (PdPoller *self);

static gint64
now_us (PdPoller *self)
{
  return pd_clock_get_now (self->clock);
}

/* When the next request may go: after the back-off and the gate's slot. */
static gint64
pd_poller_next_allowed (PdPoller *self,
                        gint64    now)
{
  return MAX (pd_rate_gate_next_allowed (&self->gate, now),
              pd_request_gate_next_allowed (self->request_gate));
}

/* Lock ------------------------------------------------------------------ */

/* One process polls a ledger at a time, so the app and a CLI poller on the
 * same database never double the request rate. The lock is an flock() on
 * a file beside the database; the kernel drops it when the process dies. */
static gboolean
pd_poller_try_lock (PdPoller *self)
{
  g_autofree char *path = NULL;
  int fd;

  if (self->lock_fd >= 0)
    return TRUE;

  /* A ledger several desks share decides itself which one polls. */
  if (pd_store_has_poll_lock (self->store))
    {
      g_autofree char *holder = NULL;
      g_autoptr(GError) error = NULL;

      self->holds_shared_lock = pd_store_try_poll_lock (self->store, pd_store_get_desk_name (),
                                                        &holder, &error);
      if (error != NULL && !self->ledger_unreachable)
        g_debug ("Cannot take the polling lock: %s", error->message);
      self->ledger_unreachable = error != NULL;
      if (!self->holds_shared_lock && g_strcmp0 (holder, self->polling_desk) != 0)
        {
          g_free (self->polling_desk);
          self->polling_desk = g_steal_pointer (&holder);
        }
      return self->holds_shared_lock;
    }

  path = pd_ledger_dup_poll_lock_path (pd_store_get_path (self->store));
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_warning ("Cannot open the polling lock %s: %s", path, g_strerror (errno));
      return FALSE;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      return FALSE;
    }

  self->lock_fd = fd;
  return TRUE;
}

static void
pd_poller_unlock (PdPoller *self)
{
  if (self->holds_shared_lock)
    {
      pd_store_poll_unlock (self->store);
      self->holds_shared_lock = FALSE;
    }
  if (self->lock_fd < 0)
    return;

  flock (self->lock_fd, LOCK_UN);
  close (self->lock_fd);
  self->lock_fd = -1;
}

/* Status ---------------------------------------------------------------- */

static PdPollerStatus
pd_poller_compute_status (PdPoller *self)
{
  gint64 now = now_us (self);

  if (!self->running)
    return PD_POLLER_STATUS_STOPPED;
  if (self->ledger_unreachable || self->budget_unreachable)
    return PD_POLLER_STATUS_LEDGER_UNREACHABLE;
  if (self->lock_fd < 0 && !self->holds_shared_lock)
    return PD_POLLER_STATUS_WAITING_FOR_LOCK;
  if (pd_request_gate_get_pause (self->request_gate, NULL))
    return PD_POLLER_STATUS_RATE_LIMITED;
  if (pd_rate_gate_is_paused (&self->gate, now) && self->gate.failures > 0 && self->not_mixpay)
    return PD_POLLER_STATUS_NOT_MIXPAY;
  if (pd_rate_gate_is_paused (&self->gate, now) && self->gate.failures > 0)
    return self->server_trouble ? PD_POLLER_STATUS_SERVER_TROUBLE : PD_POLLER_STATUS_OFFLINE;
  if (self->timer_id != 0 || self->in_flight != NULL)
    return PD_POLLER_STATUS_WATCHING;
  return PD_POLLER_STATUS_IDLE;
}

static void
pd_poller_update_status (PdPoller *self)
{
  PdPollerStatus status = pd_poller_compute_status (self);

  if (status == self->status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESUME_AT]);
}

static void
pd_poller_set_last_error (PdPoller   *self,
                          const char *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

/* A shared ledger's server going away (restarted, or the network to it
 * down) is weather, not a fault: polling waits and tries again. Anything
 * else the ledger says is worth a warning. Returns TRUE for the former. */
static gboolean
pd_poller_ledger_failed (PdPoller     *self,
                         const GError *error)
{
  if (!pd_store_has_poll_lock (self->store) ||
      !g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_IO))
    return FALSE;

  g_debug ("The ledger cannot be reached: %s", error->message);
  self->ledger_unreachable = TRUE;
  return TRUE;
}

/* Queue ----------------------------------------------------------------- */

static gboolean
pd_poller_is_pending (PdPoller *self,
                      PdOrder  *order)
{
  return g_queue_find (&self->urgent, order) != NULL;
}

static void
pd_poller_enqueue (PdPoller *self,
                   PdOrder  *order,
                   gboolean  first)
{
  if (pd_poller_is_pending (self, order))
    {
      if (!first)
        return;
      g_queue_remove (&self->urgent, order);
      g_object_unref (order);
    }

  if (first)
    g_queue_push_head (&self->urgent, g_object_ref (order));
  else
    g_queue_push_tail (&self->urgent, g_object_ref (order));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
}

/* The next order to ask about: one asked for by hand or new, else the most
 * overdue of the due ones. */
static PdOrder *
pd_poller_take_next_order (PdPoller *self,
                           gint64    now)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_queue_is_empty (&self->urgent))
    {
      /* Still counted as pending: it is in flight once taken. */
      return g_queue_pop_head (&self->urgent);
    }

  due = pd_store_list_due_orders (self->store, now / G_USEC_PER_SEC, 1, &error);
  if (due == NULL)
    {
      if (!pd_poller_ledger_failed (self, error))
        g_warning ("Cannot list the orders to check: %s", error->message);
      return NULL;
    }

  if (due->len == 0)
    return NULL;

  return g_object_ref (g_ptr_array_index (due, 0));
}

/* Results --------------------------------------------------------------- */

static gboolean
set_string_if_changed (PdOrder    *order,
                       const char *(*getter) (PdOrder *),
                       void        (*setter) (PdOrder *, const char *),
                       const char *value)
{
  if (g_strcmp0 (getter (order), value) == 0)
    return FALSE;

  setter (order, value);
  return TRUE;
}

#define SET_STRING(order, field, value) \
  set_string_if_changed (order, pd_order_get_##field, pd_order_set_##field, value)

static gboolean
strv_equal0 (const char * const *a,
             const char * const *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);

  return g_strv_equal (a, b);
}

/* Writes the facts of @result and @state into @order; TRUE when anything
 * changed, so an unchanged answer adds no event to the history. */
static gboolean
apply_result (PdOrder            *order,
              PdPaymentResult    *result,
              PdOrderState        state,
              const char * const *mismatch)
{
  gboolean changed = FALSE;

  if (pd_order_get_state (order) != state)
    {
      pd_order_set_state (order, state);
      changed = TRUE;
    }

  if (result->not_found)
    return changed;

  changed |= SET_STRING (order, mixpay_status, result->status);
  changed |= SET_STRING (order, payment_amount, result->payment_amount);
  changed |= SET_STRING (order, payment_symbol, result->payment_symbol);
  changed |= SET_STRING (order, payable_amount, result->payable_amount);
  changed |= SET_STRING (order, payable_symbol, result->payable_symbol);
  changed |= SET_STRING (order, txid, result->txid);
  changed |= SET_STRING (order, explorer_url, result->block_explorer_url);
  changed |= SET_STRING (order, failure_code, result->failure_code);
  changed |= SET_STRING (order, failure_reason, result->failure_reason);
  changed |= SET_STRING (order, surplus_amount, result->surplus_amount);
  changed |= SET_STRING (order, surplus_status, result->surplus_status);
  changed |= SET_STRING (order, settle_status, result->settle_status);
  changed |= SET_STRING (order, settle_amount, result->settle_amount);
  changed |= SET_STRING (order, settle_symbol, result->settle_symbol);

  if (pd_order_get_confirmations (order) != (int) CLAMP (result->confirmations, -1, G_MAXINT))
    {
      pd_order_set_confirmations (order, (int) CLAMP (result->confirmations, -1, G_MAXINT));
      changed = TRUE;
    }

  if (!strv_equal0 (pd_order_get_mismatch (order), mismatch))
    {
      pd_order_set_mismatch (order, mismatch);
      changed = TRUE;
    }

  if (state == PD_ORDER_STATE_PAID && pd_order_get_paid_at (order) == 0)
    {
      pd_order_set_paid_at (order, result->date > 0 ? result->date : g_get_real_time () / G_USEC_PER_SEC);
      changed = TRUE;
    }

  return changed;
}

static PdOrderState
verified_state (PdOrder            *order,
                PdPaymentResult    *result,
                GStrv              *mismatch)
{
  PdOrderState state;

  /* "Does not exist" means nobody has opened the link yet: news only for
   * an order still unpaid. For any other it is MixPay (or a proxy, or a
   * wrong API base) forgetting, not money going back: the order keeps
   * its state and its payment's details. */
  if (result->not_found)
    return pd_order_get_state (order);

  state = pd_payment_result_verify_order (result, order, mismatch);

  /* A voided order stays voided until money actually moves for it: a
   * payment that failed (an expired link, say) moved none. */
  if (pd_order_get_state (order) == PD_ORDER_STATE_CANCELLED &&
      (state == PD_ORDER_STATE_UNPAID || state == PD_ORDER_STATE_FAILED))
    state = PD_ORDER_STATE_CANCELLED;

  return state;
}

/* Paid, mismatch and failed are final (spec §3: success and failed are
 * terminal): no later answer moves them. paydesk-cli check, or Check Now,
 * may still ask about one; an answer that would move it (a mismatch
 * turned paid, a paid order turned unpaid) goes in the history, with
 * MixPay's words, and the order keeps its state and details. */
static gboolean
state_is_final (PdOrderState state)
{
  return state == PD_ORDER_STATE_PAID ||
         state == PD_ORDER_STATE_MISMATCH ||
         state == PD_ORDER_STATE_FAILED;
}

static gboolean
pd_poller_keep_final_state (PdPoller        *self,
                            PdOrder         *order,
                            PdPaymentResult *result,
                            PdOrderState     answered,
                            gint64           now,
                            GError         **error)
{
  g_autofree char *message =
    /* TRANSLATORS: "MixPay now answers “unpaid”; the order stays paid" */
    g_strdup_printf (_("MixPay now answers “%s”; the order stays %s"),
                     pd_order_state_to_string (answered),
                     pd_order_state_to_string (pd_order_get_state (order)));

  pd_order_set_last_checked_at (order, now / G_USEC_PER_SEC);
  pd_order_set_next_check_at (order, 0);
  if (!pd_store_record_result (self->store, order, message,
                               pd_payment_result_get_raw_json (result), error))
    return FALSE;

  g_signal_emit (self, signals[ORDER_CHECKED], 0, order, FALSE);
  return TRUE;
}

static gint64
next_check_at (PdOrder      *order,
               PdOrderState  state,
               gint64        now,
               gint64        minimum_s)
{
  /* A cancelled order is watched for a while from its cancellation,
   * however old it was then. */
  gint64 since = state == PD_ORDER_STATE_CANCELLED ? pd_order_get_cancelled_at (order)
                                                   : pd_order_get_created_at (order);
  gint64 interval = pd_poll_policy_interval (state,
                                             since * G_USEC_PER_SEC,
                                             pd_order_get_expires_at (order) * G_USEC_PER_SEC,
                                             now);

  if (interval < 0)
    return 0;

  return now / G_USEC_PER_SEC + MAX (interval, minimum_s);
}

/* Applies @result to @order and records it; FALSE and @error when the
 * ledger refused it, with @order as stored. */
static gboolean
pd_poller_record_result (PdPoller        *self,
                         PdOrder         *order,
                         PdPaymentResult *result,
                         gint64           now,
                         GError         **error)
{
  g_auto(GStrv) mismatch = NULL;
  g_autofree char *message = NULL;
  PdOrderState old_state = pd_order_get_state (order);
  PdOrderState state = verified_state (order, result, &mismatch);
  gint64 next;
  gboolean changed;

  if (state_is_final (old_state) && state != old_state)
    return pd_poller_keep_final_state (self, order, result, state, now, error);

  next = next_check_at (order, state, now, 0);
  changed = apply_result (order, result, state, (const char * const *) mismatch);
  pd_order_set_last_checked_at (order, now / G_USEC_PER_SEC);
  pd_order_set_next_check_at (order, next);

  if (changed)
    {
      /* The history says how the state moved; an answer that changed
       * only the payment's details says nothing more than its title
       * ("Payment details updated"), not "unpaid → unpaid". */
      if (state != old_state)
        message = pd_order_state_format_change (old_state, state);
      /* The merchant reads why in the history too. */
      if (state == PD_ORDER_STATE_MISMATCH && mismatch != NULL)
        {
          g_autofree char *reason = pd_mismatch_dup_reason (order);
          char *with_reason = message != NULL ? g_strdup_printf ("%s: %s", message, reason)
                                              : g_steal_pointer (&reason);

          g_free (message);
          message = with_reason;
        }
      if (!pd_store_record_result (self->store, order, message,
                                   pd_payment_result_get_raw_json (result), error))
        return FALSE;
    }
  else if (!pd_store_record_check (self->store, order, now / G_USEC_PER_SEC, next, error))
    {
      return FALSE;
    }

  g_signal_emit (self, signals[ORDER_CHECKED], 0, order, changed);
  if (state != old_state)
    g_signal_emit (self, signals[STATE_CHANGED], 0, order, old_state, state);
  return TRUE;
}

static void pd_poller_handle_error (PdPoller     *self,
                                    PdOrder      *order,
                                    const GError *error,
                                    gint64        now);

static void
pd_poller_handle_result (PdPoller        *self,
                         PdOrder         *order,
                         PdPaymentResult *result,
                         gint64           now)
{
  g_autoptr(GError) error = NULL;

  pd_rate_gate_succeeded (&self->gate);
  self->n_order_errors = 0;
  pd_poller_set_last_error (self, NULL);

  /* MixPay no longer knows a payment it had seen money for (or a proxy or
   * a wrong API base answers 404): the order keeps its state, the
   * history says so, and the order is asked about again later. */
  if (result->not_found &&
      pd_order_get_state (order) != PD_ORDER_STATE_UNPAID &&
      pd_order_get_state (order) != PD_ORDER_STATE_CANCELLED)
    {
      g_autoptr(GError) forgotten =
        g_error_new_literal (PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_API,
                             _("MixPay answered that this payment does not exist; the order keeps its state"));

      pd_poller_handle_error (self, order, forgotten, now);
      return;
    }

  if (pd_poller_record_result (self, order, result, now, &error))
    return;

  /* Another program (paydesk-cli cancelling it, say) wrote the order
   * since it was read: the store has read it again, and the answer is
   * verified and applied once more, to the order as it is now. */
  if (g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_CHANGED))
    {
      g_clear_error (&error);
      if (pd_poller_record_result (self, order, result, now, &error))
        return;
    }

  if (!pd_poller_ledger_failed (self, error))
    g_warning ("Cannot record MixPay’s answer about order %s: %s",
               pd_order_get_order_id (order), error->message);

  /* The answer is lost until the order is asked about again (it is still
   * due): said as a failed check, or paydesk-cli check printed the state
   * from before and exited 0 over a success it never recorded. */
  g_prefix_error (&error, _("MixPay’s answer could not be recorded in the ledger: "));
  g_signal_emit (self, signals[CHECK_FAILED], 0, order, error);
}

/* Network trouble and server trouble slow everything down; an answer that
 * is wrong for one order slows down only that order. */
static gboolean
error_backs_off_everything (const GError *error)
{
  if (error->domain != PD_MIXPAY_ERROR)
    return TRUE;

  switch ((PdMixpayErrorCode) error->code)
    {
    case PD_MIXPAY_ERROR_NETWORK:
    case PD_MIXPAY_ERROR_TIMEOUT:
    case PD_MIXPAY_ERROR_TLS:
    /* Not one order's fault: every answer from there will be the same. */
    case PD_MIXPAY_ERROR_NOT_MIXPAY:
    case PD_MIXPAY_ERROR_NO_BUDGET:
      return TRUE;
    case PD_MIXPAY_ERROR_HTTP:
      return pd_mixpay_error_get_http_status (error) >= 500;
    case PD_MIXPAY_ERROR_API:
      return pd_mixpay_error_is_retryable (error);
    case PD_MIXPAY_ERROR_MALFORMED:
    case PD_MIXPAY_ERROR_RATE_LIMITED:
    case PD_MIXPAY_ERROR_INVALID:
    default:
      return FALSE;
    }
}

/* MixPay answered, if with an error: the network is fine. */
static gboolean
error_is_an_answer (const GError *error)
{
  return g_error_matches (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_HTTP) ||
         g_error_matches (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_API) ||
         g_error_matches (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NOT_MIXPAY);
}

static void
pd_poller_handle_error (PdPoller     *self,
                        PdOrder      *order,
                        const GError *error,
                        gint64        now)
{
  g_autoptr(GError) store_error = NULL;
  gboolean everything;
  gint64 next;

  pd_poller_set_last_error (self, error->message);

  /* Nothing was sent: the shared ledger that counts every desk's
   * requests is out of reach. Not the order's fault, and nothing to
   * write in a ledger that cannot be reached: it keeps its place, and
   * polling backs off as for a network that failed. */
  if (g_error_matches (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NO_BUDGET))
    {
      self->budget_unreachable = TRUE;
      self->server_trouble = FALSE;
      self->not_mixpay = FALSE;
      pd_poller_enqueue (self, order, TRUE);
      pd_rate_gate_network_failed (&self->gate, now);
      g_signal_emit (self, signals[CHECK_FAILED], 0, order, error);
      return;
    }

  if (g_error_matches (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_RATE_LIMITED))
    {
      /* Not the order's fault: it keeps its place and goes first. The
       * client has paused the gate for everyone. */
      pd_poller_enqueue (self, order, TRUE);
      g_signal_emit (self, signals[CHECK_FAILED], 0, order, error);
      return;
    }

  everything = error_backs_off_everything (error);
  next = next_check_at (order, pd_order_get_state (order), now, everything ? 0 : MIN_ERROR_RETRY_S);
  if (everything || ++self->n_order_errors >= ORDER_ERRORS_BEFORE_BACKOFF)
    {
      /* Only a network that failed means MixPay cannot be reached. */
      self->server_trouble = !everything || error_is_an_answer (error);
      self->not_mixpay = g_error_matches (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NOT_MIXPAY);
      self->n_order_errors = 0;
      pd_rate_gate_network_failed (&self->gate, now);
    }

  if (!pd_store_record_check_error (self->store, order, error->message, next, &store_error) &&
      !pd_poller_ledger_failed (self, store_error))
    g_warning ("Cannot record the failed check of order %s: %s",
               pd_order_get_order_id (order), store_error->message);

  g_signal_emit (self, signals[CHECK_FAILED], 0, order, error);
}

static void
pd_poller_result_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PdPoller) self = user_data;
  g_autoptr(PdPaymentResult) payment = NULL;
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  payment = pd_mixpay_client_get_payment_result_finish (PD_MIXPAY_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  order = g_steal_pointer (&self->in_flight);
  if (order == NULL)
    return;

  /* The budget was read, whatever came of the request. */
  if (!g_error_matches (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NO_BUDGET))
    self->budget_unreachable = FALSE;

  if (payment != NULL)
    pd_poller_handle_result (self, order, payment, now_us (self));
  else
    pd_poller_handle_error (self, order, error, now_us (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
  pd_poller_reschedule (self);
}

/* Scheduling ------------------------------------------------------------ */

static gboolean
pd_poller_timer_cb (gpointer user_data)
{
  PdPoller *self = user_data;
  gint64 now = now_us (self);
  PdOrder *order;

  self->timer_id = 0;

  if (!pd_poller_try_lock (self) || pd_poller_next_allowed (self, now) > now)
    {
      pd_poller_reschedule (self);
      return G_SOURCE_REMOVE;
    }

  order = pd_poller_take_next_order (self, now);
  if (order == NULL)
    {
      pd_poller_reschedule (self);
      return G_SOURCE_REMOVE;
    }

  /* The client takes the gate's slot as it sends. */
  self->in_flight = order;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
  pd_mixpay_client_get_payment_result_async (self->client,
                                             pd_order_get_order_id (order),
                                             pd_order_get_payee_id (order),
                                             self->cancellable,
                                             pd_poller_result_cb,
                                             g_object_ref (self));
  pd_poller_update_status (self);
  return G_SOURCE_REMOVE;
}

static void
pd_poller_arm (PdPoller *self,
               gint64    deadline)
{
  self->timer_id = pd_clock_add_timeout (self->clock, deadline, pd_poller_timer_cb, self);
}

/* Arms the one timer for the next request, or none when nothing is open:
 * an idle poller never wakes up. */
static void
pd_poller_reschedule (PdPoller *self)
{
  g_autoptr(GError) error = NULL;
  gint64 now = now_us (self);
  gint64 deadline = pd_poller_next_allowed (self, now);
  gint64 next_due;

  if (self->timer_id != 0)
    {
      pd_clock_remove_timeout (self->clock, self->timer_id);
      self->timer_id = 0;
    }

  if (!self->running || self->in_flight != NULL)
    goto out;

  if (g_queue_is_empty (&self->urgent))
    {
      if (!pd_store_get_next_check_at (self->store, now / G_USEC_PER_SEC, &next_due, &error))
        {
          if (error == NULL)
            goto out;
          if (!pd_poller_ledger_failed (self, error))
            {
              g_warning ("Cannot find the next order to check: %s", error->message);
              goto out;
            }
          /* Back when the server is. */
          next_due = (now / G_USEC_PER_SEC) + LOCK_RETRY_S;
        }
      else
        {
          self->ledger_unreachable = FALSE;
        }
      deadline = MAX (deadline, next_due * G_USEC_PER_SEC);
    }

  /* Another program polls this ledger: try again later, never spin, and
   * not only when the next order falls due (in an hour, say): the desk
   * that polls may be gone, and its orders are this one's to watch. */
  if (!pd_poller_try_lock (self))
    deadline = now + LOCK_RETRY_S * G_USEC_PER_SEC;

  pd_poller_arm (self, deadline);

out:
  pd_poller_update_status (self);
}

/* Signals from outside -------------------------------------------------- */

static void
pd_poller_order_added_cb (PdPoller *self,
                          PdOrder  *order,
                          PdStore  *store)
{
  if (!self->running || pd_order_state_is_settled (pd_order_get_state (order)))
    return;

  /* A new order is checked within one request slot. */
  pd_poller_enqueue (self, order, FALSE);
  if (self->in_flight == NULL)
    pd_poller_reschedule (self);
}

static void
pd_poller_network_changed_cb (PdPoller        *self,
                              gboolean         available,
                              GNetworkMonitor *monitor)
{
  if (!available)
    return;

  /* Connectivity is back: stop backing off and try at once. */
  pd_rate_gate_network_available (&self->gate, now_us (self));
  if (self->in_flight == NULL)
    pd_poller_reschedule (self);
}

/* MixPay said the minute's requests are all spent, by this poller or by
 * anything else on the same account: the next request would be refused
 * (1429). Without knowing when the oldest of them leaves MixPay's window,
 * wait as for a refusal that names no time, a whole window. Whichever
 * request spent the last one, the app's asset lists included. */
static void
pd_poller_budget_spent_cb (PdPoller       *self,
                           PdMixpayClient *client)
{
  if (!self->running)
    return;

  /* The client has paused the gate already. */
  if (self->in_flight == NULL)
    pd_poller_reschedule (self);
  else
    pd_poller_update_status (self);
}

/* GObject --------------------------------------------------------------- */

static void
pd_poller_dispose (GObject *object)
{
  PdPoller *self = PD_POLLER (object);

  pd_poller_stop (self);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->network_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->network_monitor, self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);

  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->clock);
  g_clear_object (&self->request_gate);
  g_clear_object (&self->network_monitor);

  G_OBJECT_CLASS (pd_poller_parent_class)->dispose (object);
}

static void
pd_poller_finalize (GObject *object)
{
  PdPoller *self = PD_POLLER (object);

  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->polling_desk, g_free);

  G_OBJECT_CLASS (pd_poller_parent_class)->finalize (object);
}

static void
pd_poller_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PdPoller *self = PD_POLLER (object);

  switch (prop_id)
    {
    case PROP_RATE:
      g_value_set_uint (value, self->rate);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_RESUME_AT:
      g_value_set_int64 (value, pd_poller_get_resume_at (self));
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_N_PENDING:
      g_value_set_uint (value, pd_poller_get_n_pending (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_poller_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PdPoller *self = PD_POLLER (object);

  switch (prop_id)
    {
    case PROP_RATE:
      pd_poller_set_rate (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_poller_class_init (PdPollerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_poller_dispose;
  object_class->finalize = pd_poller_finalize;
  object_class->get_property = pd_poller_get_property;
  object_class->set_property = pd_poller_set_property;

  properties[PROP_RATE] =
    g_param_spec_uint ("rate", NULL, NULL,
                       1, PD_POLL_MAX_RATE, PD_POLL_DEFAULT_RATE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A PdPollerStatus. */
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      PD_POLLER_STATUS_STOPPED, PD_POLLER_STATUS_NOT_MIXPAY,
                      PD_POLLER_STATUS_STOPPED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESUME_AT] =
    g_param_spec_int64 ("resume-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Every answered check: (order, whether anything about it changed). */
  signals[ORDER_CHECKED] =
    g_signal_new ("order-checked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, PD_TYPE_ORDER, G_TYPE_BOOLEAN);
  /* (order, old PdOrderState, new PdOrderState), after it was stored. */
  signals[STATE_CHANGED] =
    g_signal_new ("state-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, PD_TYPE_ORDER, G_TYPE_INT, G_TYPE_INT);
  signals[CHECK_FAILED] =
    g_signal_new ("check-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, PD_TYPE_ORDER, G_TYPE_ERROR);
}

static void
pd_poller_init (PdPoller *self)
{
  self->lock_fd = -1;
  self->rate = PD_POLL_DEFAULT_RATE;
  pd_rate_gate_init (&self->gate, self->rate);
  g_queue_init (&self->urgent);
}

PdPoller *
pd_poller_new (PdStore        *store,
               PdMixpayClient *client,
               PdClock        *clock)
{
  PdPoller *self;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (PD_IS_MIXPAY_CLIENT (client), NULL);
  g_return_val_if_fail (clock == NULL || PD_IS_CLOCK (clock), NULL);

  self = g_object_new (PD_TYPE_POLLER, NULL);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);
  self->clock = clock != NULL ? g_object_ref (clock) : pd_system_clock_new ();
  self->network_monitor = g_object_ref (g_network_monitor_get_default ());

  /* The client's gate, or one on this ledger's lock file. */
  self->request_gate = pd_mixpay_client_get_gate (client);
  if (self->request_gate != NULL)
    g_object_ref (self->request_gate);
  else
    {
      self->request_gate = pd_request_gate_new_for_store (store, self->clock);
      pd_mixpay_client_set_gate (client, self->request_gate);
    }
  pd_request_gate_set_rate (self->request_gate, self->rate);

  g_signal_connect_object (store, "order-added",
                           G_CALLBACK (pd_poller_order_added_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->network_monitor, "network-changed",
                           G_CALLBACK (pd_poller_network_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "budget-spent",
                           G_CALLBACK (pd_poller_budget_spent_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

guint
pd_poller_get_rate (PdPoller *self)
{
  g_return_val_if_fail (PD_IS_POLLER (self), 0);

  return self->rate;
}

void
pd_poller_set_rate (PdPoller *self,
                    guint     requests_per_minute)
{
  g_return_if_fail (PD_IS_POLLER (self));

  requests_per_minute = CLAMP (requests_per_minute, 1, PD_POLL_MAX_RATE);
  if (self->rate == requests_per_minute)
    return;

  self->rate = requests_per_minute;
  pd_rate_gate_set_rate (&self->gate, requests_per_minute);
  if (self->request_gate != NULL)
    pd_request_gate_set_rate (self->request_gate, requests_per_minute);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

void
pd_poller_start (PdPoller *self)
{
  g_return_if_fail (PD_IS_POLLER (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->cancellable = g_cancellable_new ();
  pd_poller_try_lock (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  pd_poller_reschedule (self);
}

void
pd_poller_stop (PdPoller *self)
{
  g_return_if_fail (PD_IS_POLLER (self));

  if (!self->running)
    return;

  self->running = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->in_flight);
  if (self->timer_id != 0)
    {
      pd_clock_remove_timeout (self->clock, self->timer_id);
      self->timer_id = 0;
    }
  g_queue_clear_full (&self->urgent, g_object_unref);
  pd_poller_unlock (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
  pd_poller_update_status (self);
}

gboolean
pd_poller_get_running (PdPoller *self)
{
  g_return_val_if_fail (PD_IS_POLLER (self), FALSE);

  return self->running;
}

const char *
pd_poller_get_polling_desk (PdPoller *self)
{
  g_return_val_if_fail (PD_IS_POLLER (self), NULL);

  return self->holds_shared_lock ? NULL : self->polling_desk;
}

PdPollerStatus
pd_poller_get_status (PdPoller *self)
{
  g_return_val_if_fail (PD_IS_POLLER (self), PD_POLLER_STATUS_STOPPED);

  return self->status;
}

gint64
pd_poller_get_resume_at (PdPoller *self)
{
  gint64 until = 0;

  g_return_val_if_fail (PD_IS_POLLER (self), 0);

  if (self->request_gate != NULL && pd_request_gate_get_pause (self->request_gate, &until))
    return until;
  if (!pd_rate_gate_is_paused (&self->gate, now_us (self)))
    return 0;

  return self->gate.paused_until;
}

const char *
pd_poller_get_last_error (PdPoller *self)
{
  g_return_val_if_fail (PD_IS_POLLER (self), NULL);

  return self->last_error;
}

void
pd_poller_check_now (PdPoller *self,
                     PdOrder  *order)
{
  g_return_if_fail (PD_IS_POLLER (self));
  g_return_if_fail (PD_IS_ORDER (order));

  if (self->in_flight == order)
    return;

  pd_poller_enqueue (self, order, TRUE);
  if (self->in_flight == NULL)
    pd_poller_reschedule (self);
}

void
pd_poller_retry_now (PdPoller *self)
{
  g_return_if_fail (PD_IS_POLLER (self));

  if (!self->running)
    return;

  /* The same as connectivity coming back: the person knows better than
   * the back-off that it is worth asking again. */
  pd_rate_gate_network_available (&self->gate, now_us (self));
  pd_poller_try_lock (self);
  if (self->in_flight == NULL)
    pd_poller_reschedule (self);
}

guint
pd_poller_get_n_pending (PdPoller *self)
{
  g_return_val_if_fail (PD_IS_POLLER (self), 0);

  return g_queue_get_length (&self->urgent) + (self->in_flight != NULL ? 1 : 0);
}
