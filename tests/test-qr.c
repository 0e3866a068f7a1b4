/* test-qr.c: QR codes of payment links, checked by a real decoder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "pd-paylink.h"
#include "pd-qr.h"

#define SHORT_LINK \
  "https://mixpay.me/pay?payeeId=a38ed284-5689-4fb9-8c2a-91fba5e32ce9" \
  "&settlementAssetId=c6d0c728-2624-429b-8e0d-d9d19b6592fa" \
  "&quoteAssetId=4d8c508b-91c5-375b-92b0-ee702ed2dac5" \
  "&quoteAmount=10&orderId=product1000432"

/* The size of a finder pattern, in modules. */
#define FINDER 7

static char *
make_long_link (void)
{
  PdPaylinkParams params = {
    .payee_id = "a38ed284-5689-4fb9-8c2a-91fba5e32ce9",
    .settlement_asset_id = "c6d0c728-2624-429b-8e0d-d9d19b6592fa",
    .quote_asset_id = "usd",
    .quote_amount = "1234.56",
    .order_id = "PD20261125-143005-K7QZ2M",
    .return_to = "https://shop.example/orders/complete?id=1&x=2&lang=zh-CN",
    .trace_id = "0a6c3d1c-8a38-4a1b-9f11-3c2a7b2f1e4d",
    .remark = "两杯咖啡和一块蛋糕 Table 4 &=#+%",
  };
  g_autoptr(GError) error = NULL;
  char *link = pd_paylink_build (&params, NULL, &error);

  g_assert_no_error (error);
  return link;
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("paydesk-test-qr-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_temp_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static guint
count_dir_entries (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (handle);
  while (g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

/* Decodes @path with zbarimg, as a phone would read it. */
static char *
decode_with_zbar (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");

  if (zbarimg == NULL)
    g_error ("zbarimg is missing: install zbar-tools (build-aux/common.sh does)");

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, zbarimg, "--raw", "-q", path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  g_strchomp (out);
  return g_steal_pointer (&out);
}

static gboolean
is_finder_pattern (const PdQr *qr,
                   guint       left,
                   guint       top)
{
  for (guint y = 0; y < FINDER; y++)
    for (guint x = 0; x < FINDER; x++)
      {
        /* Dark outer ring, light ring, dark 3×3 centre. */
        guint ring = MIN (MIN (x, y), MIN (FINDER - 1 - x, FINDER - 1 - y));
        gboolean dark = ring != 1;

        if (pd_qr_get_module (qr, left + x, top + y) != dark)
          return FALSE;
      }

  return TRUE;
}

static void
test_qr_encode (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdQr) qr = pd_qr_new (SHORT_LINK, PD_QR_LEVEL_M, &error);
  const guint8 *modules;
  guint width;

  g_assert_no_error (error);
  g_assert_cmpstr (pd_qr_get_text (qr), ==, SHORT_LINK);

  width = pd_qr_get_width (qr);
  /* Versions 1 to 40 are 21 to 177 modules wide, 4 more per version. */
  g_assert_cmpuint (width, >=, 21);
  g_assert_cmpuint (width, <=, 177);
  g_assert_cmpuint ((width - 17) % 4, ==, 0);

  modules = pd_qr_get_modules (qr);
  for (guint y = 0; y < width; y++)
    for (guint x = 0; x < width; x++)
      {
        g_assert_cmpuint (modules[y * width + x], <=, 1);
        g_assert_cmpint (modules[y * width + x], ==, pd_qr_get_module (qr, x, y));
      }

  g_assert_true (G_TYPE_IS_BOXED (PD_TYPE_QR));
  {
    PdQr *copy = g_boxed_copy (PD_TYPE_QR, qr);

    g_assert_true (copy == qr);
    g_boxed_free (PD_TYPE_QR, copy);
    g_assert_cmpstr (pd_qr_get_text (qr), ==, SHORT_LINK);
  }
}

static void
test_qr_orientation (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdQr) qr = pd_qr_new (SHORT_LINK, PD_QR_LEVEL_M, &error);
  guint width;

  g_assert_no_error (error);
  width = pd_qr_get_width (qr);

  /* Finder patterns at top left, top right and bottom left, and none at
   * bottom right. */
  g_assert_true (is_finder_pattern (qr, 0, 0));
  g_assert_true (is_finder_pattern (qr, width - FINDER, 0));
  g_assert_true (is_finder_pattern (qr, 0, width - FINDER));
  g_assert_false (is_finder_pattern (qr, width - FINDER, width - FINDER));

  /* The dark module sits beside the bottom-left finder: (8, 4V + 9), that
   * is column 8, row width - 8. Transposed, it would be at row 8. */
  g_assert_true (pd_qr_get_module (qr, 8, width - 8));

  /* Timing patterns: row 6 and column 6 alternate between the finders. */
  for (guint i = FINDER + 1; i < width - FINDER - 1; i++)
    {
      g_assert_cmpint (pd_qr_get_module (qr, i, 6), ==, i % 2 == 0);
      g_assert_cmpint (pd_qr_get_module (qr, 6, i), ==, i % 2 == 0);
    }
}

static void
test_qr_levels (void)
{
  g_autoptr(PdQr) low = pd_qr_new (SHORT_LINK, PD_QR_LEVEL_L, NULL);
  g_autoptr(PdQr) high = pd_qr_new (SHORT_LINK, PD_QR_LEVEL_H, NULL);

  g_assert_nonnull (low);
  g_assert_nonnull (high);
  /* More error correction needs more modules for the same text. */
  g_assert_cmpuint (pd_qr_get_width (low), <, pd_qr_get_width (high));
}

static void
test_qr_encode_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_strnfill (8000, 'x');
  PdQr *qr;

  qr = pd_qr_new ("", PD_QR_LEVEL_M, &error);
  g_assert_null (qr);
  g_assert_error (error, PD_QR_ERROR, PD_QR_ERROR_ENCODE);
  g_clear_error (&error);

  qr = pd_qr_new (huge, PD_QR_LEVEL_M, &error);
  g_assert_null (qr);
  g_assert_error (error, PD_QR_ERROR, PD_QR_ERROR_ENCODE);
}

static void
check_png_round_trip (const char *text,
                      guint       scale)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "code.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdQr) qr = pd_qr_new (text, PD_QR_LEVEL_M, &error);
  g_autofree char *decoded = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_no_error (error);
  g_assert_true (pd_qr_write_png (qr, path, scale, &error));
  g_assert_no_error (error);

  /* Nothing but the file itself is left in the folder. */
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);

  decoded = decode_with_zbar (path);
  g_assert_cmpstr (decoded, ==, text);

  remove_temp_dir (dir);
}

static void
test_qr_png_short (void)
{
  check_png_round_trip (SHORT_LINK, 4);
}

static void
test_qr_png_long (void)
{
  g_autofree char *link = make_long_link ();

  g_assert_cmpuint (strlen (link), >, 300);
  check_png_round_trip (link, 6);
}

static void
test_qr_png_size (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "code.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdQr) qr = pd_qr_new (SHORT_LINK, PD_QR_LEVEL_M, &error);
  g_autofree char *contents = NULL;
  gsize length;
  guint32 png_width;
  guint32 png_height;

  g_assert_true (pd_qr_write_png (qr, path, 3, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 24);

  /* IHDR: width and height, big-endian, at bytes 16 and 20. */
  memcpy (&png_width, contents + 16, 4);
  memcpy (&png_height, contents + 20, 4);
  g_assert_cmpuint (GUINT32_FROM_BE (png_width), ==, 3 * (pd_qr_get_width (qr) + 2 * PD_QR_QUIET_ZONE));
  g_assert_cmpuint (GUINT32_FROM_BE (png_height), ==, GUINT32_FROM_BE (png_width));

  remove_temp_dir (dir);
}

/* Every pixel, read back by ImageMagick (an independent PNG decoder): a
 * white quiet zone, and each module scale × scale pixels of its colour. */
static void
check_png_pixels (const PdQr *qr,
                  guint       scale)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "code.png", NULL);
  g_autofree char *convert = g_find_program_in_path ("convert");
  g_autofree char *pbm = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tokens = NULL;
  const char *argv[] = { NULL, NULL, "-compress", "none", "pbm:-", NULL };
  guint side = (pd_qr_get_width (qr) + 2 * PD_QR_QUIET_ZONE) * scale;
  guint n = 0;
  int status;

  if (convert == NULL)
    g_error ("convert is missing: install imagemagick (build-aux/common.sh does)");

  g_assert_true (pd_qr_write_png (qr, path, scale, &error));
  g_assert_no_error (error);

  /* Plain PBM: "P1", width, height, then one 0 (white) or 1 (black) a pixel. */
  argv[0] = convert;
  argv[1] = path;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &pbm, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  tokens = g_strsplit_set (g_strstrip (pbm), " \n", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    if (*tokens[i] != '\0')
      tokens[n++] = tokens[i];
    else
      g_free (tokens[i]);
  tokens[n] = NULL;

  g_assert_cmpuint (n, ==, 3 + side * side);
  g_assert_cmpstr (tokens[0], ==, "P1");
  g_assert_cmpuint (g_ascii_strtoull (tokens[1], NULL, 10), ==, side);
  g_assert_cmpuint (g_ascii_strtoull (tokens[2], NULL, 10), ==, side);

  for (guint y = 0; y < side; y++)
    for (guint x = 0; x < side; x++)
      {
        guint mx = x / scale;
        guint my = y / scale;
        gboolean dark = mx >= PD_QR_QUIET_ZONE && mx < PD_QR_QUIET_ZONE + pd_qr_get_width (qr) &&
                        my >= PD_QR_QUIET_ZONE && my < PD_QR_QUIET_ZONE + pd_qr_get_width (qr) &&
                        pd_qr_get_module (qr, mx - PD_QR_QUIET_ZONE, my - PD_QR_QUIET_ZONE);

        g_assert_cmpstr (tokens[3 + y * side + x], ==, dark ? "1" : "0");
      }

  remove_temp_dir (dir);
}

static void
test_qr_png_pixels (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdQr) qr = pd_qr_new (SHORT_LINK, PD_QR_LEVEL_M, &error);

  g_assert_no_error (error);

  /* One ImageMagick run (they are slow to start): a scale whose modules
   * straddle bytes, whose rows end inside a byte, and whose quiet zone is
   * wider than 32 pixels. Scale 8, whole bytes, is read back by zbarimg
   * in /qr/write-file/png. */
  check_png_pixels (qr, 9);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

typedef struct
{
  guint paths;
  guint rects;
  char *view_box;
  char *d;
} SvgSummary;

static void
svg_start_element (GMarkupParseContext  *context,
                   const char           *element,
                   const char          **names,
                   const char          **values,
                   gpointer              user_data,
                   GError              **error)
{
  SvgSummary *summary = user_data;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strcmp (element, "svg") == 0 && strcmp (names[i], "viewBox") == 0)
        summary->view_box = g_strdup (values[i]);
      if (strcmp (element, "path") == 0 && strcmp (names[i], "d") == 0)
        summary->d = g_strdup (values[i]);
    }

  if (strcmp (element, "path") == 0)
    summary->paths++;
  if (strcmp (element, "rect") == 0)
    summary->rects++;
}

/* Paints the path's "Mx yhNv1h-Nz" runs back into a module grid. */
static guint8 *
paint_svg_path (const char *d,
                guint       side)
{
  guint8 *grid = g_malloc0 (side * side);
  const char *p = d;

  while (*p != '\0')
    {
      guint x, y, run, back;
      int consumed = 0;

      g_assert_cmpint (sscanf (p, "M%u %uh%uv1h-%uz%n", &x, &y, &run, &back, &consumed), ==, 4);
      g_assert_cmpuint (run, ==, back);
      g_assert_cmpuint (x + run, <=, side);
      g_assert_cmpuint (y, <, side);
      for (guint i = 0; i < run; i++)
        {
          g_assert_cmpuint (grid[y * side + x + i], ==, 0);
          grid[y * side + x + i] = 1;
        }
      p += consumed;
    }

  return grid;
}

static void
test_qr_svg (void)
{
  static const GMarkupParser parser = { svg_start_element, NULL, NULL, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *link = make_long_link ();
  g_autoptr(PdQr) qr = pd_qr_new (link, PD_QR_LEVEL_M, &error);
  g_autofree char *svg = pd_qr_to_svg_string (qr);
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autofree char *expected_view_box = NULL;
  g_autofree guint8 *grid = NULL;
  SvgSummary summary = { 0 };
  guint width = pd_qr_get_width (qr);
  guint side = width + 2 * PD_QR_QUIET_ZONE;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (svg, "<?xml"));
  g_assert_cmpuint (count_occurrences (svg, "<path"), ==, 1);

  /* GMarkup does not take the XML declaration. */
  context = g_markup_parse_context_new (&parser, 0, &summary, NULL);
  g_assert_true (g_markup_parse_context_parse (context, strchr (svg, '\n') + 1, -1, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (summary.paths, ==, 1);
  g_assert_cmpuint (summary.rects, ==, 1);
  expected_view_box = g_strdup_printf ("0 0 %u %u", side, side);
  g_assert_cmpstr (summary.view_box, ==, expected_view_box);

  /* The path draws exactly the dark modules, shifted by the quiet zone. */
  grid = paint_svg_path (summary.d, side);
  for (guint y = 0; y < side; y++)
    for (guint x = 0; x < side; x++)
      {
        gboolean inside = x >= PD_QR_QUIET_ZONE && x < PD_QR_QUIET_ZONE + width &&
                          y >= PD_QR_QUIET_ZONE && y < PD_QR_QUIET_ZONE + width;
        gboolean dark = inside && pd_qr_get_module (qr, x - PD_QR_QUIET_ZONE, y - PD_QR_QUIET_ZONE);

        g_assert_cmpint (grid[y * side + x], ==, dark);
      }

  g_free (summary.view_box);
  g_free (summary.d);
}

static void
test_qr_svg_file (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "code.SVG", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdQr) qr = pd_qr_new (SHORT_LINK, PD_QR_LEVEL_M, &error);
  g_autofree char *contents = NULL;
  g_autofree char *expected = pd_qr_to_svg_string (qr);
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  g_autoptr(GSubprocess) process = NULL;

  g_assert_true (pd_qr_write_file (qr, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);

  if (xmllint == NULL)
    g_error ("xmllint is missing: install libxml2-utils (build-aux/common.sh does)");
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, xmllint, "--noout", path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);

  remove_temp_dir (dir);
}

static void
test_qr_write_file_png (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "Code.PNG", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdQr) qr = pd_qr_new (SHORT_LINK, PD_QR_LEVEL_M, &error);
  g_autofree char *decoded = NULL;

  g_assert_true (pd_qr_write_file (qr, path, &error));
  g_assert_no_error (error);
  decoded = decode_with_zbar (path);
  g_assert_cmpstr (decoded, ==, SHORT_LINK);

  /* Writing again replaces the file. */
  g_assert_true (pd_qr_write_file (qr, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);

  remove_temp_dir (dir);
}

static void
test_qr_write_errors (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *missing_dir = g_build_filename (dir, "missing", "code.png", NULL);
  g_autofree char *jpeg = g_build_filename (dir, "code.jpg", NULL);
  g_autofree char *bare = g_build_filename (dir, "png", NULL);
  g_autofree char *taken = g_build_filename (dir, "taken.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdQr) qr = pd_qr_new (SHORT_LINK, PD_QR_LEVEL_M, &error);

  g_assert_false (pd_qr_write_file (qr, jpeg, &error));
  g_assert_error (error, PD_QR_ERROR, PD_QR_ERROR_FORMAT);
  g_clear_error (&error);

  g_assert_false (pd_qr_write_file (qr, bare, &error));
  g_assert_error (error, PD_QR_ERROR, PD_QR_ERROR_FORMAT);
  g_clear_error (&error);

  g_assert_false (pd_qr_write_file (qr, missing_dir, &error));
  g_assert_error (error, PD_QR_ERROR, PD_QR_ERROR_WRITE);
  g_clear_error (&error);

  g_assert_false (pd_qr_write_svg (qr, missing_dir, &error));
  g_assert_error (error, PD_QR_ERROR, PD_QR_ERROR_WRITE);
  g_clear_error (&error);

  /* A folder in the way: nothing is written, no temporary file is left. */
  g_assert_cmpint (g_mkdir (taken, 0700), ==, 0);
  g_assert_false (pd_qr_write_png (qr, taken, 2, &error));
  g_assert_error (error, PD_QR_ERROR, PD_QR_ERROR_WRITE);
  g_assert_true (g_file_test (taken, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);
  g_rmdir (taken);

  remove_temp_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/qr/encode", test_qr_encode);
  g_test_add_func ("/qr/orientation", test_qr_orientation);
  g_test_add_func ("/qr/levels", test_qr_levels);
  g_test_add_func ("/qr/encode-errors", test_qr_encode_errors);
  g_test_add_func ("/qr/png/short", test_qr_png_short);
  g_test_add_func ("/qr/png/pixels", test_qr_png_pixels);
  g_test_add_func ("/qr/png/long", test_qr_png_long);
  g_test_add_func ("/qr/png/size", test_qr_png_size);
  g_test_add_func ("/qr/svg/string", test_qr_svg);
  g_test_add_func ("/qr/svg/file", test_qr_svg_file);
  g_test_add_func ("/qr/write-file/png", test_qr_write_file_png);
  g_test_add_func ("/qr/write-file/errors", test_qr_write_errors);

  return g_test_run ();
}
