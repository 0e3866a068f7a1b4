/* pd-request-gate.c: the one rate gate every request to MixPay goes
 * through, shared by every process on a ledger
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* F_OFD_SETLKW */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pd-ledger-paths.h"
#include "pd-mixpay-error.h"
#include "pd-poll-policy.h"
#include "pd-pg-backend.h"
#include "pd-pg-rate.h"
#include "pd-request-gate.h"
#include "pd-store-private.h"

/* MixPay's limit is the account's, not a process's: the app polling, a
 * paydesk-cli check run from cron and a paydesk-cli new --one-time all
 * spend the same minute. So the budget lives in a file every process
 * reads and writes under a short lock, before each request:
 * "paydesk-rate-gate 1 LAST_REQUEST PAUSED_UNTIL", times in µs of the
 * gate's clock, the pause being one MixPay asked for (1429, or no
 * request left), 0 if none.
 *
 * The file is the poller's lock file: the poller holds an flock() on it
 * for as long as it polls, and this gate takes open-file-description
 * record locks (F_OFD_SETLKW), which do not interact with flock(), for
 * the moment of a read and a write. The times are written 20 digits wide,
 * so that each record has the same length and overwrites the last whole.
 *
 * A shared PostgreSQL ledger keeps the same two times in a row of its
 * own, one per MixPay account, locked and written in the transaction
 * that takes the slot (pd-pg-rate.c): every desk on the ledger shares
 * the budget. The rules stay here, whichever keeps the times.
 *
 * LAST_REQUEST is when the last request was allowed, then when it was
 * actually sent: a request may leave well after its slot (a new
 * connection, a busy machine), and MixPay counts arrivals. The next
 * request waits the spacing from the later of the two. */
#define GATE_STATE_FORMAT "paydesk-rate-gate 1 %020" G_GINT64_MODIFIER "d %020" G_GINT64_MODIFIER "d\n"
#define GATE_STATE_LENGTH (sizeof "paydesk-rate-gate 1 " - 1 + 20 + 1 + 20 + 1)
/* A budget from further in the future than this is a clock that moved. */
#define GATE_STATE_MAX_AHEAD_US ((gint64) 24 * 3600 * G_USEC_PER_SEC)
/* A request sent this soon after its grant leaves the shared budget as
 * the grant wrote it: every other process already waits the spacing,
 * margin included, from the grant, so the send changes nothing they need
 * but a fifth of the margin, and writing it would lock, read and write
 * the budget a second time per request (on a kept-alive connection,
 * nearly every request). A later send is written. */
#define GATE_SEND_SLACK_US (PD_RATE_GATE_MARGIN_US / 5)

struct _PdRequestGate
{
  GObject     parent_instance;

  char       *path;
  int         fd;
  PdClock    *clock;
  PdRateGate  gate;
  guint       rate;
  gint64      last_request;
  /* When this gate last granted a slot, in its clock; 0 if never. */
  gint64      last_grant;
  /* A shared PostgreSQL ledger's budget (then no file), and how far its
   * server's clock is behind this gate's, for the transaction under way. */
  PdPgRate   *pg_rate;
  gint64      pg_offset;
};

G_DEFINE_FINAL_TYPE (PdRequestGate, pd_request_gate, G_TYPE_OBJECT)

static gint64
now_us (PdRequestGate *self)
{
  return pd_clock_get_now (self->clock);
}

static gboolean
file_lock (PdRequestGate *self,
           short          type)
{
  struct flock lock = { .l_type = type, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };

  if (self->fd < 0 && self->path != NULL)
    {
      self->fd = g_open (self->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      if (self->fd < 0)
        {
          /* The budget is then this process's own: still spaced and
           * paused, if not with the others. */
          g_debug ("Cannot open the request budget %s: %s", self->path, g_strerror (errno));
          g_clear_pointer (&self->path, g_free);
        }
    }

  if (self->fd < 0)
    return FALSE;

  while (fcntl (self->fd, F_OFD_SETLKW, &lock) != 0)
    {
      if (errno != EINTR)
        {
          g_debug ("Cannot lock the request budget: %s", g_strerror (errno));
          return FALSE;
        }
    }

  return TRUE;
}

static void
file_unlock (PdRequestGate *self)
{
  struct flock lock = { .l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };

  fcntl (self->fd, F_OFD_SETLK, &lock);
}

/* Takes in what the other processes spent: @last_request and
 * @paused_until in this gate's clock. */
static void
budget_take_in (PdRequestGate *self,
                gint64         now,
                gint64         last_request,
                gint64         paused_until)
{
  last_request = MIN (last_request, now);
  paused_until = MIN (paused_until, now + GATE_STATE_MAX_AHEAD_US);
  if (last_request > self->last_request)
    {
      self->last_request = last_request;
      pd_rate_gate_request_sent (&self->gate, last_request);
    }
  if (paused_until > MAX (now, self->gate.paused_until))
    {
      self->gate.paused_until = paused_until;
      self->gate.rate_limited = TRUE;
    }
}

static void
file_load (PdRequestGate *self,
           gint64         now)
{
  char state[128] = { 0 };
  gssize n_read = pread (self->fd, state, sizeof state - 1, 0);
  gint64 last_request;
  gint64 paused_until;

  if (n_read <= 0 ||
      /* %d, not G_GINT64_FORMAT's %i, which reads the leading zeros as
       * the sign of an octal number. */
      sscanf (state, "paydesk-rate-gate 1 %" G_GINT64_MODIFIER "d %" G_GINT64_MODIFIER "d",
              &last_request, &paused_until) != 2)
    return;

  budget_take_in (self, now, last_request, paused_until);
}

static void
file_save (PdRequestGate *self)
{
  char state[GATE_STATE_LENGTH + 1];

  g_snprintf (state, sizeof state, GATE_STATE_FORMAT, MAX (self->last_request, 0),
              self->gate.rate_limited ? MAX (self->gate.paused_until, 0) : 0);
  /* Best effort: a lost record costs at most one early request. Whatever
   * an older Paydesk left after the record goes. */
  if (pwrite (self->fd, state, GATE_STATE_LENGTH, 0) != (gssize) GATE_STATE_LENGTH ||
      ftruncate (self->fd, (off_t) GATE_STATE_LENGTH) != 0)
    g_debug ("Cannot keep the request budget: %s", g_strerror (errno));
}

/* Locks the budget every process shares and takes in what it says; FALSE
 * when it cannot be read: the budget is then this gate's own. The time
 * is read once the lock is held (a desk may wait for another's
 * transaction): *@now. */
static gboolean
budget_lock (PdRequestGate *self,
             short          type,
             gint64        *now)
{
  if (self->pg_rate != NULL)
    {
      gint64 server_now, last_request, paused_until;

      if (!pd_pg_rate_begin (self->pg_rate, &server_now, &last_request, &paused_until))
        {
          *now = now_us (self);
          return FALSE;
        }

      *now = now_us (self);
      self->pg_offset = *now - server_now;
      budget_take_in (self, *now,
                      last_request > 0 ? last_request + self->pg_offset : 0,
                      paused_until > 0 ? paused_until + self->pg_offset : 0);
      return TRUE;
    }

  if (!file_lock (self, type))
    {
      *now = now_us (self);
      return FALSE;
    }

  *now = now_us (self);
  file_load (self, *now);
  return TRUE;
}

/* Writes this gate's budget back when @save, and unlocks. FALSE when a
 * shared ledger did not take what was written: the slot it would have
 * granted is then nobody's. */
static gboolean
budget_unlock (PdRequestGate *self,
               gboolean       save)
{
  if (self->pg_rate != NULL)
    {
      gint64 paused_until = self->gate.rate_limited ? MAX (self->gate.paused_until, 0) : 0;

      if (!save)
        {
          pd_pg_rate_rollback (self->pg_rate);
          return TRUE;
        }
      if (!pd_pg_rate_commit (self->pg_rate,
                              self->last_request > 0 ? self->last_request - self->pg_offset : 0,
                              paused_until > 0 ? paused_until - self->pg_offset : 0))
        {
          g_debug ("Cannot keep the request budget in the ledger");
          return FALSE;
        }
      return TRUE;
    }

  if (save)
    file_save (self);
  file_unlock (self);
  return TRUE;
}

/* The account's budget on a shared ledger is every desk's: a desk that
 * cannot read it cannot know what the others spent, so it sends nothing
 * rather than spend a budget of its own beside theirs. (A file that
 * cannot be opened is different: only processes on this computer share
 * it, and one that cannot open it is alone with its own.) */
static gboolean
no_budget (PdRequestGate  *self,
           gint64          now,
           gint64         *next_allowed,
           GError        **error)
{
  if (next_allowed != NULL)
    *next_allowed = now + PD_PG_RATE_RETRY_US;
  g_set_error_literal (error, PD_MIXPAY_ERROR, PD_MIXPAY_ERROR_NO_BUDGET,
                       _("Nothing was sent to MixPay: the shared ledger, which counts "
                         "the account’s requests for every desk, cannot be reached"));
  return FALSE;
}

static void
pd_request_gate_finalize (GObject *object)
{
  PdRequestGate *self = PD_REQUEST_GATE (object);

  if (self->fd >= 0)
    close (self->fd);
  g_free (self->path);
  g_clear_pointer (&self->pg_rate, pd_pg_rate_free);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (pd_request_gate_parent_class)->finalize (object);
}

static void
pd_request_gate_class_init (PdRequestGateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_request_gate_finalize;
}

static void
pd_request_gate_init (PdRequestGate *self)
{
  self->fd = -1;
  self->rate = PD_POLL_DEFAULT_RATE;
  pd_rate_gate_init (&self->gate, self->rate);
}

PdRequestGate *
pd_request_gate_new (const char *path,
                     PdClock    *clock)
{
  PdRequestGate *self;

  g_return_val_if_fail (clock == NULL || PD_IS_CLOCK (clock), NULL);

  self = g_object_new (PD_TYPE_REQUEST_GATE, NULL);
  self->path = g_strdup (path);
  self->clock = clock != NULL ? g_object_ref (clock) : pd_system_clock_new ();

  return self;
}

static PdRequestGate *
new_for_ledger (const char *ledger_path,
                const char *password,
                PdClock    *clock)
{
  g_autofree char *path = NULL;

  /* A shared PostgreSQL ledger keeps the budget itself, for every desk. */
  if (pd_pg_is_uri (ledger_path))
    {
      PdRequestGate *self = pd_request_gate_new (NULL, clock);

      self->pg_rate = pd_pg_rate_new (ledger_path, password, NULL);
      return self;
    }

  path = pd_ledger_dup_poll_lock_path (ledger_path);
  return pd_request_gate_new (path, clock);
}

PdRequestGate *
pd_request_gate_new_for_ledger (const char *ledger_path,
                                PdClock    *clock)
{
  g_return_val_if_fail (ledger_path != NULL, NULL);

  return new_for_ledger (ledger_path, NULL, clock);
}

PdRequestGate *
pd_request_gate_new_for_store (PdStore *store,
                               PdClock *clock)
{
  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  /* The password the store was opened with (the app's, from the
   * keyring) reaches the budget's own connection, and nothing else. */
  return new_for_ledger (pd_store_get_path (store), store->password, clock);
}

PdClock *
pd_request_gate_get_clock (PdRequestGate *self)
{
  g_return_val_if_fail (PD_IS_REQUEST_GATE (self), NULL);

  return self->clock;
}

guint
pd_request_gate_get_rate (PdRequestGate *self)
{
  g_return_val_if_fail (PD_IS_REQUEST_GATE (self), 0);

  return self->rate;
}

void
pd_request_gate_set_rate (PdRequestGate *self,
                          guint          requests_per_minute)
{
  g_return_if_fail (PD_IS_REQUEST_GATE (self));

  self->rate = CLAMP (requests_per_minute, 1, PD_POLL_MAX_RATE);
  pd_rate_gate_set_rate (&self->gate, self->rate);
  if (self->last_request > 0)
    self->gate.next_slot = self->last_request + self->gate.spacing;
}

void
pd_request_gate_set_payee (PdRequestGate *self,
                           const char    *payee_id)
{
  g_return_if_fail (PD_IS_REQUEST_GATE (self));

  /* A file is the ledger's, whoever the account. */
  if (self->pg_rate != NULL)
    pd_pg_rate_set_payee (self->pg_rate, payee_id);
}

gint64
pd_request_gate_next_allowed (PdRequestGate *self)
{
  gint64 now;

  g_return_val_if_fail (PD_IS_REQUEST_GATE (self), 0);

  if (budget_lock (self, F_RDLCK, &now))
    budget_unlock (self, FALSE);

  /* Not clamped to now: a caller compares it with a "now" of its own,
   * read a moment before. */
  return MAX (self->gate.next_slot, self->gate.paused_until);
}

gboolean
pd_request_gate_get_pause (PdRequestGate *self,
                           gint64        *until)
{
  gint64 now;

  g_return_val_if_fail (PD_IS_REQUEST_GATE (self), FALSE);

  if (budget_lock (self, F_RDLCK, &now))
    budget_unlock (self, FALSE);
  if (!self->gate.rate_limited || !pd_rate_gate_is_paused (&self->gate, now))
    return FALSE;

  if (until != NULL)
    *until = self->gate.paused_until;
  return TRUE;
}

gboolean
pd_request_gate_try_take (PdRequestGate  *self,
                          gint64         *next_allowed,
                          GError        **error)
{
  gboolean locked;
  gint64 now;
  gint64 allowed;

  g_return_val_if_fail (PD_IS_REQUEST_GATE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locked = budget_lock (self, F_WRLCK, &now);
  if (!locked && self->pg_rate != NULL)
    return no_budget (self, now, next_allowed, error);

  allowed = pd_rate_gate_next_allowed (&self->gate, now);
  if (allowed <= now)
    {
      pd_rate_gate_take_slot (&self->gate, now);
      self->last_request = now;
      self->last_grant = now;
    }

  /* A slot whose commit failed was never granted: another desk may have
   * it. This gate keeps it spent all the same, which only waits longer.
   * (Only a commit can fail: a slot this gate granted.) */
  if (locked && !budget_unlock (self, allowed <= now))
    return no_budget (self, now, next_allowed, error);

  if (next_allowed != NULL)
    *next_allowed = allowed;
  return allowed <= now;
}

void
pd_request_gate_request_sent (PdRequestGate *self)
{
  gboolean locked;
  gint64 now;

  g_return_if_fail (PD_IS_REQUEST_GATE (self));

  now = now_us (self);
  if (self->last_grant > 0 && now >= self->last_grant &&
      now - self->last_grant <= GATE_SEND_SLACK_US)
    {
      pd_rate_gate_request_sent (&self->gate, now);
      self->last_request = MAX (self->last_request, now);
      return;
    }

  locked = budget_lock (self, F_WRLCK, &now);

  pd_rate_gate_request_sent (&self->gate, now);
  self->last_request = MAX (self->last_request, now);

  if (locked)
    budget_unlock (self, TRUE);
}

void
pd_request_gate_pause (PdRequestGate *self,
                       gint64         retry_after_seconds)
{
  gboolean locked;
  gint64 now;

  g_return_if_fail (PD_IS_REQUEST_GATE (self));

  locked = budget_lock (self, F_WRLCK, &now);

  pd_rate_gate_rate_limited (&self->gate, now, retry_after_seconds);

  if (locked)
    budget_unlock (self, TRUE);
}
