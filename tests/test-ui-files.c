/* test-ui-files.c: every .ui file of the app builds without a warning
 *
 * gtk4-builder-tool cannot validate our files: it knows neither
 * libadwaita's types nor ours. This does what it would, with every type
 * registered: a template is built by creating an instance of its class
 * (GTK parses the template then, and any unknown type, property or signal
 * is a critical, which the test environment makes fatal); any other file
 * is loaded into a GtkBuilder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "pd-application.h"
#include "pd-customer-display.h"
#include "pd-ledger-page.h"
#include "pd-ledger-password-dialog.h"
#include "pd-mixin-lookup-dialog.h"
#include "pd-new-order-dialog.h"
#include "pd-order-page.h"
#include "pd-orders-view.h"
#include "pd-preferences-window.h"
#include "pd-status-banner.h"
#include "pd-takings-view.h"
#include "pd-window.h"

static void
ensure_types (void)
{
  g_type_ensure (PD_TYPE_APPLICATION);
  g_type_ensure (PD_TYPE_CUSTOMER_DISPLAY);
  g_type_ensure (PD_TYPE_LEDGER_PAGE);
  g_type_ensure (PD_TYPE_LEDGER_PASSWORD_DIALOG);
  g_type_ensure (PD_TYPE_MIXIN_LOOKUP_DIALOG);
  g_type_ensure (PD_TYPE_NEW_ORDER_DIALOG);
  g_type_ensure (PD_TYPE_ORDER_PAGE);
  g_type_ensure (PD_TYPE_ORDERS_VIEW);
  g_type_ensure (PD_TYPE_PREFERENCES_WINDOW);
  g_type_ensure (PD_TYPE_STATUS_BANNER);
  g_type_ensure (PD_TYPE_TAKINGS_VIEW);
  g_type_ensure (PD_TYPE_WINDOW);
}

/* The class a file is the template of, or NULL for a plain builder file. */
static char *
find_template_class (const char *xml)
{
  const char *start = strstr (xml, "<template class=\"");
  const char *end;

  if (start == NULL)
    return NULL;

  start += strlen ("<template class=\"");
  end = strchr (start, '"');
  g_assert_nonnull (end);

  return g_strndup (start, end - start);
}

static void
validate_template (const char *path,
                   const char *class_name)
{
  GType type = g_type_from_name (class_name);
  GObject *object;

  if (type == G_TYPE_INVALID)
    g_error ("%s: template class %s is unknown; add it to ensure_types()", path, class_name);
  g_assert_true (g_type_is_a (type, GTK_TYPE_WIDGET));

  object = g_object_ref_sink (g_object_new (type, NULL));
  if (GTK_IS_WINDOW (object))
    gtk_window_destroy (GTK_WINDOW (object));
  g_object_unref (object);
}

static void
validate_builder_file (const char *path)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;

  gtk_builder_add_from_file (builder, path, &error);
  g_assert_no_error (error);
}

static void
test_ui_file (gconstpointer data)
{
  const char *path = data;
  g_autofree char *xml = NULL;
  g_autofree char *class_name = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &xml, NULL, &error);
  g_assert_no_error (error);

  class_name = find_template_class (xml);
  if (class_name != NULL)
    validate_template (path, class_name);
  else
    validate_builder_file (path);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  ensure_types ();

  /* The files to check come after the test options. */
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *basename = g_path_get_basename (argv[i]);
      g_autofree char *test_path = g_strconcat ("/ui-files/", basename, NULL);

      g_test_add_data_func (test_path, argv[i], test_ui_file);
    }

  return g_test_run ();
}
