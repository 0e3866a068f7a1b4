/* pd-fuzz-replay.c: runs a fuzz target on saved inputs, without libFuzzer
 *
 * Linked into each target in ordinary builds (gcc, and _build-asan), so
 * the seed corpora and every input that once crashed are replayed by the
 * normal test suite. Arguments are files or directories of inputs; prints
 * TAP, one line an input.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "pd-fuzz.h"

static guint n_inputs;

static void
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);

  /* A crash or a broken invariant aborts here, with the path printed. */
  printf ("# %s\n", path);
  fflush (stdout);
  LLVMFuzzerTestOneInput ((const guint8 *) contents, length);
  printf ("ok %u %s\n", ++n_inputs, path);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static void
replay_path (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      replay_file (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    g_error ("cannot read %s", path);

  /* Sorted, so a failure is always reported at the same line. */
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    replay_file (g_ptr_array_index (names, i));
}

int
main (int   argc,
      char *argv[])
{
  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    replay_path (argv[i]);

  if (n_inputs == 0)
    g_error ("no inputs to replay");

  printf ("1..%u\n", n_inputs);
  return 0;
}
