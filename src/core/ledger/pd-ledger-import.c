/* pd-ledger-import.c: copying a desk's SQLite ledger, every order with
 * its history, into another ledger (paydesk-cli import-ledger)
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "pd-ledger-columns.h"
#include "pd-ledger-import.h"
#include "pd-order-private.h"
#include "pd-pg-backend.h"

/* The first bytes of every SQLite database file. */
#define SQLITE_HEADER "SQLite format 3"

/* Whether @path starts as an SQLite database does. Checked before
 * opening: opening an empty or other file as a ledger would make it one. */
static gboolean
has_sqlite_header (const char  *path,
                   GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  char header[sizeof SQLITE_HEADER] = { 0 };
  gsize n_read = 0;

  stream = g_file_read (file, NULL, error);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), header, sizeof header, &n_read, NULL, error))
    return FALSE;

  return n_read == sizeof header && memcmp (header, SQLITE_HEADER, sizeof header) == 0;
}

PdStore *
pd_ledger_import_open_source (const char  *target_path,
                              const char  *path,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  PdStore *source;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);

  if (pd_pg_is_uri (path))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("FILE: %s is a database server, not a desk’s ledger file"), display);
      return NULL;
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                   _("FILE: %s does not exist"), display);
      return NULL;
    }

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("FILE: %s is not a file"), display);
      return NULL;
    }

  if (pd_store_path_is_ledger_file (target_path, path))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("FILE: %s is the ledger it would be imported into"), display);
      return NULL;
    }

  if (!has_sqlite_header (path, &local_error))
    {
      if (local_error != NULL)
        g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                     _("FILE: %s cannot be read (%s)"), display, local_error->message);
      else
        g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_FOREIGN,
                     _("FILE: %s is not a Paydesk ledger; it was left untouched"), display);
      return NULL;
    }

  source = pd_store_open (path, &local_error);
  if (source == NULL)
    {
      g_set_error (error, PD_STORE_ERROR, local_error->code, "FILE: %s", local_error->message);
      return NULL;
    }

  return source;
}

/* A new object with every stored field of @order: the target's own, as
 * an order object belongs to one store. */
static PdOrder *
copy_order (PdOrder *order)
{
  PdOrder *copy = pd_order_new ();

  _pd_order_begin_load (copy);
  for (guint i = 0; i < PD_LEDGER_N_STRING_COLUMNS; i++)
    pd_ledger_string_columns[i].set (copy, pd_ledger_string_columns[i].get (order));
  for (guint i = 0; i < PD_LEDGER_N_TIME_COLUMNS; i++)
    pd_ledger_time_columns[i].set (copy, pd_ledger_time_columns[i].get (order));
  pd_order_set_state (copy, pd_order_get_state (order));
  pd_order_set_link_kind (copy, pd_order_get_link_kind (order));
  pd_order_set_confirmations (copy, pd_order_get_confirmations (order));
  pd_order_set_mismatch (copy, pd_order_get_mismatch (order));
  _pd_order_end_load (copy);

  return copy;
}

gboolean
pd_ledger_import (PdStore     *target,
                  PdStore     *source,
                  guint       *n_imported,
                  GPtrArray  **refused,
                  GError     **error)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) histories = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (PD_IS_STORE (target), FALSE);
  g_return_val_if_fail (PD_IS_STORE (source), FALSE);
  g_return_val_if_fail (target != source, FALSE);

  orders = pd_store_list_orders (source, error);
  if (orders == NULL)
    return FALSE;

  /* Oldest first, so that the target's rows keep the source's order. */
  for (guint i = orders->len; i-- > 0;)
    {
      PdOrder *order = g_ptr_array_index (orders, i);
      g_autoptr(PdOrder) existing = NULL;
      g_autoptr(GError) lookup_error = NULL;
      GPtrArray *events;

      existing = pd_store_lookup_order (target, pd_order_get_payee_id (order),
                                        pd_order_get_order_id (order), &lookup_error);
      if (existing != NULL)
        {
          g_ptr_array_add (conflicts, g_object_ref (order));
          continue;
        }
      if (!g_error_matches (lookup_error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&lookup_error));
          return FALSE;
        }

      events = pd_store_list_events (source, order, error);
      if (events == NULL)
        return FALSE;

      g_ptr_array_add (copies, copy_order (order));
      g_ptr_array_add (histories, events);
    }

  /* Another desk may take one of these keys meanwhile: then the
   * transaction fails as a whole, naming it, and nothing is imported. */
  if (copies->len > 0 && !pd_store_import_orders (target, copies, histories, error))
    return FALSE;

  if (n_imported != NULL)
    *n_imported = copies->len;
  if (refused != NULL)
    *refused = g_steal_pointer (&conflicts);

  return TRUE;
}
