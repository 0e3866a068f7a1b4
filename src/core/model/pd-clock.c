/* pd-clock.c: the time the poller runs on, real or simulated
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-clock.h"

G_DEFINE_INTERFACE (PdClock, pd_clock, G_TYPE_OBJECT)

static void
pd_clock_default_init (PdClockInterface *iface)
{
}

gint64
pd_clock_get_now (PdClock *self)
{
  g_return_val_if_fail (PD_IS_CLOCK (self), 0);

  return PD_CLOCK_GET_IFACE (self)->get_now (self);
}

guint
pd_clock_add_timeout (PdClock     *self,
                      gint64       deadline,
                      GSourceFunc  func,
                      gpointer     data)
{
  g_return_val_if_fail (PD_IS_CLOCK (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  return PD_CLOCK_GET_IFACE (self)->add_timeout (self, deadline, func, data);
}

void
pd_clock_remove_timeout (PdClock *self,
                         guint    id)
{
  g_return_if_fail (PD_IS_CLOCK (self));

  if (id != 0)
    PD_CLOCK_GET_IFACE (self)->remove_timeout (self, id);
}

/* System clock ---------------------------------------------------------- */

struct _PdSystemClock
{
  GObject parent_instance;
};

static void pd_system_clock_iface_init (PdClockInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdSystemClock, pd_system_clock, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_CLOCK, pd_system_clock_iface_init))

static gint64
pd_system_clock_get_now (PdClock *clock)
{
  return g_get_real_time ();
}

static guint
pd_system_clock_add_timeout (PdClock     *clock,
                             gint64       deadline,
                             GSourceFunc  func,
                             gpointer     data)
{
  gint64 delay = MAX (0, deadline - g_get_real_time ());
  /* Whole milliseconds, rounded up: never early. */
  guint ms = (guint) MIN ((delay + 999) / 1000, (gint64) G_MAXUINT);

  return g_timeout_add_full (G_PRIORITY_DEFAULT, ms, func, data, NULL);
}

static void
pd_system_clock_remove_timeout (PdClock *clock,
                                guint    id)
{
  g_source_remove (id);
}

static void
pd_system_clock_iface_init (PdClockInterface *iface)
{
  iface->get_now = pd_system_clock_get_now;
  iface->add_timeout = pd_system_clock_add_timeout;
  iface->remove_timeout = pd_system_clock_remove_timeout;
}

static void
pd_system_clock_class_init (PdSystemClockClass *klass)
{
}

static void
pd_system_clock_init (PdSystemClock *self)
{
}

PdClock *
pd_system_clock_new (void)
{
  return g_object_new (PD_TYPE_SYSTEM_CLOCK, NULL);
}

/* Fake clock ------------------------------------------------------------ */

typedef struct
{
  guint       id;
  gint64      deadline;
  GSourceFunc func;
  gpointer    data;
} FakeTimer;

struct _PdFakeClock
{
  GObject  parent_instance;

  gint64   now;
  guint    last_id;
  GArray  *timers;  /* FakeTimer, unordered */
};

static void pd_fake_clock_iface_init (PdClockInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdFakeClock, pd_fake_clock, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_CLOCK, pd_fake_clock_iface_init))

static gint64
pd_fake_clock_get_now (PdClock *clock)
{
  return PD_FAKE_CLOCK (clock)->now;
}

static guint
pd_fake_clock_add_timeout (PdClock     *clock,
                           gint64       deadline,
                           GSourceFunc  func,
                           gpointer     data)
{
  PdFakeClock *self = PD_FAKE_CLOCK (clock);
  FakeTimer timer = { ++self->last_id, MAX (deadline, self->now), func, data };

  g_array_append_val (self->timers, timer);
  return timer.id;
}

static void
pd_fake_clock_remove_timeout (PdClock *clock,
                              guint    id)
{
  PdFakeClock *self = PD_FAKE_CLOCK (clock);

  for (guint i = 0; i < self->timers->len; i++)
    {
      if (g_array_index (self->timers, FakeTimer, i).id == id)
        {
          g_array_remove_index_fast (self->timers, i);
          return;
        }
    }

  g_critical ("No fake timer with ID %u", id);
}

static void
pd_fake_clock_iface_init (PdClockInterface *iface)
{
  iface->get_now = pd_fake_clock_get_now;
  iface->add_timeout = pd_fake_clock_add_timeout;
  iface->remove_timeout = pd_fake_clock_remove_timeout;
}

static void
pd_fake_clock_finalize (GObject *object)
{
  PdFakeClock *self = PD_FAKE_CLOCK (object);

  g_clear_pointer (&self->timers, g_array_unref);

  G_OBJECT_CLASS (pd_fake_clock_parent_class)->finalize (object);
}

static void
pd_fake_clock_class_init (PdFakeClockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_fake_clock_finalize;
}

static void
pd_fake_clock_init (PdFakeClock *self)
{
  self->timers = g_array_new (FALSE, FALSE, sizeof (FakeTimer));
}

PdFakeClock *
pd_fake_clock_new (gint64 start)
{
  PdFakeClock *self = g_object_new (PD_TYPE_FAKE_CLOCK, NULL);

  self->now = start;
  return self;
}

void
pd_fake_clock_set_now (PdFakeClock *self,
                       gint64       now)
{
  g_return_if_fail (PD_IS_FAKE_CLOCK (self));
  g_return_if_fail (now >= self->now);

  self->now = now;
}

static int
find_earliest (PdFakeClock *self)
{
  int earliest = -1;

  for (guint i = 0; i < self->timers->len; i++)
    {
      const FakeTimer *timer = &g_array_index (self->timers, FakeTimer, i);

      /* Equal deadlines fire in the order they were added. */
      if (earliest < 0 ||
          timer->deadline < g_array_index (self->timers, FakeTimer, earliest).deadline ||
          (timer->deadline == g_array_index (self->timers, FakeTimer, earliest).deadline &&
           timer->id < g_array_index (self->timers, FakeTimer, earliest).id))
        earliest = i;
    }

  return earliest;
}

gboolean
pd_fake_clock_get_next (PdFakeClock *self,
                        gint64      *deadline)
{
  int earliest;

  g_return_val_if_fail (PD_IS_FAKE_CLOCK (self), FALSE);

  earliest = find_earliest (self);
  if (earliest < 0)
    return FALSE;

  if (deadline != NULL)
    *deadline = g_array_index (self->timers, FakeTimer, earliest).deadline;
  return TRUE;
}

guint
pd_fake_clock_get_n_timers (PdFakeClock *self)
{
  g_return_val_if_fail (PD_IS_FAKE_CLOCK (self), 0);

  return self->timers->len;
}

gboolean
pd_fake_clock_fire_next (PdFakeClock *self)
{
  FakeTimer timer;
  int earliest;

  g_return_val_if_fail (PD_IS_FAKE_CLOCK (self), FALSE);

  earliest = find_earliest (self);
  if (earliest < 0)
    return FALSE;

  /* A timer fires once, like the poller's: it is gone before it runs, so
   * the callback may arm the next one. */
  timer = g_array_index (self->timers, FakeTimer, earliest);
  g_array_remove_index_fast (self->timers, earliest);
  self->now = MAX (self->now, timer.deadline);
  timer.func (timer.data);
  return TRUE;
}
