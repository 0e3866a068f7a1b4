/* pd-order-page-invoice.c: the order page's invoice and receipt actions
 *
 * Print, Save as PDF and Email all draw with pd_invoice_render(), so the
 * paper, the PDF and the attachment are the same document. A document
 * that cannot be made (no logo file, a note too long) is refused before
 * any dialog or file, with the reason.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pd-merchant-profile-settings.h"
#include "pd-order-page-invoice.h"
#include "pd-save-path.h"
#include "pd-toast.h"

/* Helpers */

static GtkWindow *
get_window (PdOrderPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_error (PdOrderPage *self,
            const char  *heading,
            const char  *message)
{
  GtkWidget *dialog = adw_message_dialog_new (get_window (self), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
pd_order_page_write_document (PdOrderPage    *self,
                              PdInvoiceKind   kind,
                              const char     *path,
                              GError        **error)
{
  g_autoptr(PdMerchantProfile) profile = NULL;
  PdInvoice doc = { .kind = kind, .order = pd_order_page_get_order (self) };
  PdPaper paper;

  g_return_val_if_fail (PD_IS_ORDER_PAGE (self), FALSE);
  g_return_val_if_fail (doc.order != NULL, FALSE);

  if (!pd_order_page_check_output_path (self, path, error))
    return FALSE;

  profile = pd_merchant_profile_settings_load (&paper);
  doc.profile = profile;

  return pd_invoice_write_pdf (&doc, path, paper, error);
}

char *
pd_order_page_dup_email_pdf_path (PdOrderPage *self)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (PD_IS_ORDER_PAGE (self), NULL);

  /* Some desktops point Documents at the home folder: keep it tidy. */
  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR) &&
      g_strcmp0 (documents, g_get_home_dir ()) != 0)
    folder = g_strdup (documents);
  else
    folder = g_build_filename (g_get_user_cache_dir (), "paydesk", "invoices", NULL);

  /* TRANSLATORS: the file name of an invoice; %s is the order ID */
  name = g_strdup_printf (_("Invoice %s.pdf"), pd_order_get_order_id (pd_order_page_get_order (self)));
  return g_build_filename (folder, name, NULL);
}

/* Printing */

typedef struct
{
  PdOrder           *order;
  PdMerchantProfile *profile;
  GError            *error;     /* of pd_invoice_render() */
  gboolean           async;     /* run() returned IN_PROGRESS: ::done drops the operation */
  gboolean           reported;  /* an error dialog was shown */
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->order);
  pd_merchant_profile_free (job->profile);
  g_clear_error (&job->error);
  g_free (job);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  GtkPageSetup *setup = gtk_print_context_get_page_setup (context);
  PdInvoice doc = { PD_INVOICE_KIND_INVOICE, job->order, job->profile, NULL };

  if (job->error == NULL &&
      !pd_invoice_render (&doc, gtk_print_context_get_cairo_context (context),
                          gtk_page_setup_get_paper_width (setup, GTK_UNIT_POINTS),
                          gtk_page_setup_get_paper_height (setup, GTK_UNIT_POINTS),
                          &job->error))
    gtk_print_operation_cancel (operation);
}

static void
report_print_error (PdOrderPage       *self,
                    GtkPrintOperation *operation,
                    PrintJob          *job)
{
  g_autoptr(GError) error = NULL;

  if (job->reported)
    return;

  gtk_print_operation_get_error (operation, &error);
  if (job->error != NULL || error != NULL)
    {
      show_error (self, _("Cannot Print the Invoice"),
                  job->error != NULL ? job->error->message : error->message);
      job->reported = TRUE;
    }
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               PdOrderPage             *self)
{
  PrintJob *job = g_object_get_data (G_OBJECT (operation), "pd-print-job");

  report_print_error (self, operation, job);
  if (job->async)
    g_object_unref (operation);
}

/* Draws the page once off screen, so a document that cannot be made is
 * refused before the print dialog opens. */
static gboolean
check_renders (PdOrder                 *order,
               const PdMerchantProfile *profile,
               PdPaper                  paper,
               GError                 **error)
{
  PdInvoice doc = { PD_INVOICE_KIND_INVOICE, order, profile, NULL };
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  double width, height;
  gboolean ok;

  pd_paper_get_size (paper, &width, &height);
  ok = pd_invoice_render (&doc, cr, width, height, error);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return ok;
}

GtkPrintOperation *
pd_order_page_create_print_operation (PdOrderPage  *self,
                                      GError      **error)
{
  PdOrder *order = pd_order_page_get_order (self);
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper_size = NULL;
  g_autofree char *job_name = NULL;
  GtkPrintOperation *operation;
  PrintJob *job;
  PdPaper paper;

  g_return_val_if_fail (PD_IS_ORDER_PAGE (self), NULL);
  g_return_val_if_fail (order != NULL, NULL);

  job = g_new0 (PrintJob, 1);
  job->order = g_object_ref (order);
  job->profile = pd_merchant_profile_settings_load (&paper);

  if (!check_renders (order, job->profile, paper, error))
    {
      print_job_free (job);
      return NULL;
    }

  paper_size = gtk_paper_size_new (paper == PD_PAPER_LETTER ? GTK_PAPER_NAME_LETTER : GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size (setup, paper_size);
  /* TRANSLATORS: the name of a print job; %s is the order ID */
  job_name = g_strdup_printf (_("Invoice %s"), pd_order_get_order_id (order));

  operation = gtk_print_operation_new ();
  g_object_set_data_full (G_OBJECT (operation), "pd-print-job", job,
                          (GDestroyNotify) print_job_free);
  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);

  return operation;
}

static void
print_invoice_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;
  GtkPrintOperation *operation;
  PrintJob *job;

  operation = pd_order_page_create_print_operation (self, &error);
  if (operation == NULL)
    {
      show_error (self, _("Cannot Print the Invoice"), error->message);
      return;
    }

  /* The print dialog has a preview. Whether ::done comes during run()
   * or later, the operation is dropped once, after it. */
  job = g_object_get_data (G_OBJECT (operation), "pd-print-job");
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    get_window (self), NULL);
  if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    {
      job->async = TRUE;
      return;
    }

  report_print_error (self, operation, job);
  g_object_unref (operation);
}

/* Save as PDF */

static void
save_pdf_response_cb (GtkNativeDialog *chooser,
                      int              response,
                      gpointer         user_data)
{
  g_autoptr(PdOrderPage) self = user_data;
  PdInvoiceKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "pd-kind"));
  static const char * const pdf[] = { ".pdf", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response != GTK_RESPONSE_ACCEPT ||
      (path = pd_save_path_from_chooser (GTK_FILE_CHOOSER (chooser), pdf, ".pdf")) == NULL)
    goto out;

  if (pd_order_page_write_document (self, kind, path, &error))
    pd_toast_show (GTK_WIDGET (self),
                   kind == PD_INVOICE_KIND_RECEIPT ? _("Receipt saved") : _("Invoice saved"));
  else
    show_error (self, kind == PD_INVOICE_KIND_RECEIPT ? _("Cannot Save the Receipt")
                                                      : _("Cannot Save the Invoice"),
                error->message);

out:
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
save_document (PdOrderPage   *self,
               PdInvoiceKind  kind)
{
  PdOrder *order = pd_order_page_get_order (self);
  g_autoptr(GtkFileFilter) pdf = gtk_file_filter_new ();
  g_autoptr(PdMerchantProfile) profile = pd_merchant_profile_settings_load (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  PdInvoice doc = { kind, order, profile, NULL };
  GtkFileChooserNative *chooser;
  gboolean receipt = kind == PD_INVOICE_KIND_RECEIPT;

  if (!pd_invoice_check (&doc, &error))
    {
      show_error (self, receipt ? _("Cannot Save the Receipt") : _("Cannot Save the Invoice"),
                  error->message);
      return;
    }

  gtk_file_filter_set_name (pdf, _("PDF Document"));
  gtk_file_filter_add_mime_type (pdf, "application/pdf");
  gtk_file_filter_add_suffix (pdf, "pdf");
  /* TRANSLATORS: file names; %s is the order ID */
  name = g_strdup_printf (receipt ? _("Receipt %s.pdf") : _("Invoice %s.pdf"),
                          pd_order_get_order_id (order));

  chooser = gtk_file_chooser_native_new (receipt ? _("Save Receipt") : _("Save Invoice"),
                                         get_window (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pdf);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "pd-kind", GINT_TO_POINTER (kind));

  g_signal_connect (chooser, "response", G_CALLBACK (save_pdf_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_invoice_pdf_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  save_document (PD_ORDER_PAGE (widget), PD_INVOICE_KIND_INVOICE);
}

static void
save_receipt_pdf_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  save_document (PD_ORDER_PAGE (widget), PD_INVOICE_KIND_RECEIPT);
}

/* Email */

static void
email_invoice_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  g_autofree char *path = pd_order_page_dup_email_pdf_path (self);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(PdMerchantProfile) profile = pd_merchant_profile_settings_load (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *saved = NULL;

  /* Most mail programs ignore an attachment in a mailto: link, so the
   * PDF is saved first and the toast says where to pick it up. */
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot create the folder “%s”: %s"),
                                                  folder, g_strerror (errno));
      show_error (self, _("Cannot Save the Invoice"), message);
      return;
    }

  if (!pd_order_page_write_document (self, PD_INVOICE_KIND_INVOICE, path, &error))
    {
      show_error (self, _("Cannot Save the Invoice"), error->message);
      return;
    }

  saved = g_strdup_printf (_("Invoice saved to %s"), path);
  pd_toast_show (GTK_WIDGET (self), saved);
  uri = pd_invoice_build_mailto (pd_order_page_get_order (self), profile, path);
  gtk_show_uri (get_window (self), uri, GDK_CURRENT_TIME);
}

/* Texts */

static void
copy_invoice_text_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  g_autoptr(PdMerchantProfile) profile = pd_merchant_profile_settings_load (NULL);
  g_autofree char *text = pd_invoice_format_text (pd_order_page_get_order (self), profile);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  pd_toast_show (GTK_WIDGET (self), _("Invoice text copied"));
}

static void
copy_reminder_text_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  g_autoptr(PdMerchantProfile) profile = pd_merchant_profile_settings_load (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = pd_invoice_format_reminder (pd_order_page_get_order (self), profile, &error);
  if (text == NULL)
    {
      show_error (self, _("Cannot Write a Reminder"), error->message);
      return;
    }

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  pd_toast_show (GTK_WIDGET (self), _("Reminder text copied"));
}

/* Public */

void
pd_order_page_update_invoice_actions (PdOrderPage *self)
{
  PdOrder *order = pd_order_page_get_order (self);
  PdOrderState state = order != NULL ? pd_order_get_state (order) : PD_ORDER_STATE_UNPAID;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "order.print-invoice", order != NULL);
  gtk_widget_action_set_enabled (widget, "order.save-invoice-pdf", order != NULL);
  gtk_widget_action_set_enabled (widget, "order.email-invoice", order != NULL);
  gtk_widget_action_set_enabled (widget, "order.copy-invoice-text", order != NULL);
  gtk_widget_action_set_enabled (widget, "order.save-receipt-pdf",
                                 order != NULL && state == PD_ORDER_STATE_PAID);
  gtk_widget_action_set_enabled (widget, "order.copy-reminder-text",
                                 order != NULL && state == PD_ORDER_STATE_PAID_LESS);
}

void
pd_order_page_class_add_invoice_actions (GtkWidgetClass *widget_class)
{
  static const char * const rows[] = {
    "print_invoice_row", "save_invoice_row", "email_invoice_row",
    "copy_invoice_text_row", "copy_reminder_row", "save_receipt_row",
  };

  /* Reachable by name for the UI tests (gtk_widget_get_template_child). */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_class_bind_template_child_full (widget_class, rows[i], FALSE, 0);

  gtk_widget_class_install_action (widget_class, "order.print-invoice", NULL, print_invoice_action);
  gtk_widget_class_install_action (widget_class, "order.save-invoice-pdf", NULL, save_invoice_pdf_action);
  gtk_widget_class_install_action (widget_class, "order.save-receipt-pdf", NULL, save_receipt_pdf_action);
  gtk_widget_class_install_action (widget_class, "order.email-invoice", NULL, email_invoice_action);
  gtk_widget_class_install_action (widget_class, "order.copy-invoice-text", NULL, copy_invoice_text_action);
  gtk_widget_class_install_action (widget_class, "order.copy-reminder-text", NULL, copy_reminder_text_action);
}
