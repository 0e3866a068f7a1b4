/* pd-clock.h: the time the poller runs on, real or simulated
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The poller asks a PdClock for the time and for its one timer, so its
 * policy can be tested in simulated time: the system clock is wall time
 * and GLib timeouts; the fake clock moves only when told to and then
 * fires the timers that fell due, in order. Times are microseconds. */

#define PD_TYPE_CLOCK (pd_clock_get_type ())

G_DECLARE_INTERFACE (PdClock, pd_clock, PD, CLOCK, GObject)

struct _PdClockInterface
{
  GTypeInterface parent_iface;

  gint64 (*get_now)        (PdClock     *self);
  guint  (*add_timeout)    (PdClock     *self,
                            gint64       deadline,
                            GSourceFunc  func,
                            gpointer     data);
  void   (*remove_timeout) (PdClock     *self,
                            guint        id);
};

gint64   pd_clock_get_now        (PdClock     *self);
/* Calls @func once at @deadline (or at once when it has passed). */
guint    pd_clock_add_timeout    (PdClock     *self,
                                  gint64       deadline,
                                  GSourceFunc  func,
                                  gpointer     data);
void     pd_clock_remove_timeout (PdClock     *self,
                                  guint        id);

#define PD_TYPE_SYSTEM_CLOCK (pd_system_clock_get_type ())
G_DECLARE_FINAL_TYPE (PdSystemClock, pd_system_clock, PD, SYSTEM_CLOCK, GObject)

PdClock *pd_system_clock_new     (void);

#define PD_TYPE_FAKE_CLOCK (pd_fake_clock_get_type ())
G_DECLARE_FINAL_TYPE (PdFakeClock, pd_fake_clock, PD, FAKE_CLOCK, GObject)

PdFakeClock *pd_fake_clock_new          (gint64       start);
void         pd_fake_clock_set_now      (PdFakeClock *self,
                                         gint64       now);
/* The earliest pending deadline; FALSE when no timer is armed. */
gboolean     pd_fake_clock_get_next     (PdFakeClock *self,
                                         gint64      *deadline);
guint        pd_fake_clock_get_n_timers (PdFakeClock *self);
/* Moves time to the earliest deadline and fires that timer. */
gboolean     pd_fake_clock_fire_next    (PdFakeClock *self);

G_END_DECLS
