/* bench-link-qr.c: an order's paylink, QR code and PNG, against
 * libqrencode alone on the same link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <qrencode.h>

#include "pd-bench.h"
#include "pd-paylink.h"
#include "pd-qr.h"

#define LIBQRENCODE_ALONE "QRcode_encodeString8bit on the same link"

/* Orders a round; the first round warms up and is not counted. */
#define ORDERS_PER_ROUND 50
#define ROUNDS 15

typedef struct
{
  char *order_id;
  char *trace_id;
  char *amount;
  char *png_path;
  char *link;      /* what the subject built, for the baseline */
} Order;

static void
order_clear (gpointer data)
{
  Order *order = data;

  g_clear_pointer (&order->order_id, g_free);
  g_clear_pointer (&order->trace_id, g_free);
  g_clear_pointer (&order->amount, g_free);
  g_clear_pointer (&order->png_path, g_free);
  g_clear_pointer (&order->link, g_free);
}

/* What the app does when the merchant presses Create: validate the
 * fields, build the link, encode it and write the PNG beside the ledger. */
static void
make_order_code (Order *order,
                 gint64 expires)
{
  PdPaylinkParams params = {
    .payee_id = PD_BENCH_PAYEE,
    .settlement_asset_id = PD_BENCH_BTC,
    .quote_asset_id = PD_BENCH_USDT,
    .quote_amount = order->amount,
    .order_id = order->order_id,
    .trace_id = order->trace_id,
    .expired_timestamp = expires,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdQr) qr = NULL;

  g_free (order->link);
  order->link = pd_paylink_build (&params, NULL, &error);
  g_assert_no_error (error);

  qr = pd_qr_new (order->link, PD_QR_LEVEL_M, &error);
  g_assert_no_error (error);

  if (!pd_qr_write_png (qr, order->png_path, PD_QR_DEFAULT_SCALE, &error))
    g_error ("%s", error->message);
}

static void
encode_with_libqrencode (const Order *order)
{
  QRcode *code = QRcode_encodeString8bit (order->link, 0, QR_ECLEVEL_M);

  g_assert_nonnull (code);
  QRcode_free (code);
}

/* Seconds an order, of the thread's CPU and of the wall clock. */
typedef struct
{
  double cpu;
  double wall;
} Timing;

static Timing
timing_start (void)
{
  return (Timing) { pd_bench_thread_cpu_time (), pd_bench_now () };
}

static Timing
timing_end (Timing start,
            guint  n)
{
  return (Timing) { (pd_bench_thread_cpu_time () - start.cpu) / n,
                    (pd_bench_now () - start.wall) / n };
}

/* The figure is the CPU time of the work: on this shared machine the
 * wall clock also counts the turns other programs take on the two
 * cores (tens of them at times), which no change of ours can shorten.
 * The wall-clock figure is kept beside it, without a target. */
void
pd_bench_link_qr (PdBench *bench)
{
  g_autofree char *dir = pd_bench_make_temp_dir ("qr");
  g_autoptr(GArray) orders = g_array_new (FALSE, TRUE, sizeof (Order));
  g_autoptr(GArray) cpu = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_cpu = pd_bench_samples_new ();
  g_autoptr(GArray) wall = pd_bench_samples_new ();
  g_autoptr(GArray) baseline_wall = pd_bench_samples_new ();
  gint64 expires = g_get_real_time () / G_USEC_PER_SEC + 24 * 60 * 60;

  g_array_set_clear_func (orders, order_clear);
  g_array_set_size (orders, ORDERS_PER_ROUND);

  for (guint round = 0; round <= ROUNDS; round++)
    {
      Timing start;
      Timing subject;
      Timing baseline;

      /* A new file for each order, as the app writes one an order. */
      for (guint i = 0; i < orders->len; i++)
        {
          Order *order = &g_array_index (orders, Order, i);
          g_autofree char *name = g_strdup_printf ("order-%u-%u.png", round, i);

          order_clear (order);
          order->order_id = g_strdup_printf ("PD20261125-1430%02u-K7Q%03u", round, i);
          order->trace_id = g_uuid_string_random ();
          order->amount = g_strdup_printf ("%u.%02u", 3 + i, (round * 7 + i) % 100);
          order->png_path = g_build_filename (dir, name, NULL);
        }

      start = timing_start ();
      for (guint i = 0; i < orders->len; i++)
        make_order_code (&g_array_index (orders, Order, i), expires);
      subject = timing_end (start, orders->len);

      start = timing_start ();
      for (guint i = 0; i < orders->len; i++)
        encode_with_libqrencode (&g_array_index (orders, Order, i));
      baseline = timing_end (start, orders->len);

      for (guint i = 0; i < orders->len; i++)
        g_unlink (g_array_index (orders, Order, i).png_path);

      if (round == 0)
        continue;

      pd_bench_samples_add (cpu, subject.cpu * 1e6);
      pd_bench_samples_add (baseline_cpu, baseline.cpu * 1e6);
      pd_bench_samples_add (wall, subject.wall * 1e6);
      pd_bench_samples_add (baseline_wall, baseline.wall * 1e6);
    }

  pd_bench_add_medians (bench, "link+qr", "µs", cpu, baseline_cpu, LIBQRENCODE_ALONE,
                        "≤ 1000 µs CPU an order, ≤ 3× libqrencode", 1000, 3);
  pd_bench_add_medians (bench, "link+qr-wall", "µs", wall, baseline_wall, LIBQRENCODE_ALONE,
                        NULL, 0, 0);

  pd_bench_remove_tree (dir);
}
