/* pd-orders-view.c: every order in a sortable, searchable table
 *
 * PdOrderList does the filtering and follows the store; this view sorts
 * it and binds each cell to its PdOrder's notifications, so a result
 * written by the poller changes one label, never the rows, the
 * selection or the scroll position.
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-decimal.h"
#include "pd-order-status.h"
#include "pd-order-texts.h"
#include "pd-orders-view.h"

/* Relative times ("5 min ago") change at most this often. */
#define TIME_REFRESH_SECONDS 60

struct _PdOrdersView
{
  GtkWidget           parent_instance;

  PdStore            *store;
  PdOrderList        *order_list;
  GtkSortListModel   *sort_model;
  GtkSingleSelection *selection;
  PdOrderGroup        group;
  /* Bound cells that show a time relative to now (GtkListItem → spec). */
  GHashTable         *time_cells;
  guint               time_refresh_id;

  /* Template widgets */
  GtkDropDown        *filter_dropdown;
  GtkLabel           *count_label;
  GtkToggleButton    *search_button;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkColumnView      *column_view;
};

G_DEFINE_FINAL_TYPE (PdOrdersView, pd_orders_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_GROUP,
  PROP_SELECTED_ORDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The filter's choices, in the drop-down's order. */
static const PdOrderGroup filter_groups[] = {
  PD_ORDER_GROUP_ALL,
  PD_ORDER_GROUP_OPEN,
  PD_ORDER_GROUP_PAID,
  PD_ORDER_GROUP_ATTENTION,
};

/* Columns */

typedef struct _ColumnSpec ColumnSpec;

struct _ColumnSpec
{
  const char  *id;
  const char  *title;
  /* Properties of PdOrder the cell shows; NULL-terminated. */
  const char  *watched[3];
  gboolean     relative_time;
  gboolean     expand;
  void       (*setup)  (GtkLabel *label);
  void       (*update) (GtkLabel *label,
                        PdOrder  *order);
  GtkSorter *(*create_sorter) (void);
};

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
}

static void
setup_order_id (GtkLabel *label)
{
  gtk_widget_add_css_class (GTK_WIDGET (label), "monospace");
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_width_chars (label, 14);
}

static void
update_order_id (GtkLabel *label,
                 PdOrder  *order)
{
  set_label (label, pd_order_get_order_id (order));
}

static void
setup_note (GtkLabel *label)
{
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (label, 10);
}

static void
update_note (GtkLabel *label,
             PdOrder  *order)
{
  set_label (label, pd_order_get_note (order));
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), pd_order_get_note (order));
}

static void
setup_amount (GtkLabel *label)
{
  gtk_label_set_xalign (label, 1);
  gtk_widget_add_css_class (GTK_WIDGET (label), "numeric");
}

static void
update_amount (GtkLabel *label,
               PdOrder  *order)
{
  g_autofree char *text = NULL;

  if (pd_order_get_quote_symbol (order) != NULL)
    /* TRANSLATORS: an amount and its asset, such as "10 USDT" */
    text = g_strdup_printf (C_("amount", "%s %s"),
                            pd_order_get_quote_amount (order),
                            pd_order_get_quote_symbol (order));
  else
    text = g_strdup (pd_order_get_quote_amount (order));

  set_label (label, text);
}

static void
setup_time (GtkLabel *label)
{
  gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (label), "numeric");
}

static void
update_time_label (GtkLabel *label,
                   gint64    time,
                   const char *never)
{
  g_autofree char *relative = NULL;
  g_autofree char *absolute = NULL;

  if (time <= 0)
    {
      set_label (label, never);
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), NULL);
      return;
    }

  relative = pd_order_texts_format_relative (time, g_get_real_time () / G_USEC_PER_SEC);
  absolute = pd_order_texts_format_time (time);
  set_label (label, relative);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), absolute);
}

static void
update_created (GtkLabel *label,
                PdOrder  *order)
{
  update_time_label (label, pd_order_get_created_at (order), "");
}

static void
update_last_checked (GtkLabel *label,
                     PdOrder  *order)
{
  update_time_label (label, pd_order_get_last_checked_at (order), _("never"));
}

static void
setup_state (GtkLabel *label)
{
  gtk_widget_set_halign (GTK_WIDGET (label), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (label), "pd-pill");
}

static void
update_state (GtkLabel *label,
              PdOrder  *order)
{
  PdOrderState state = pd_order_get_state (order);
  /* Paid through an edited link: the state's name, in a mismatch's
   * colours, and why. */
  PdOrderState style = pd_order_has_mismatch (order) ? PD_ORDER_STATE_MISMATCH : state;

  for (PdOrderState s = 0; s <= PD_ORDER_STATE_LAST; s++)
    {
      if (s != style)
        gtk_widget_remove_css_class (GTK_WIDGET (label), pd_order_status_get_css_class (s));
    }
  gtk_widget_add_css_class (GTK_WIDGET (label), pd_order_status_get_css_class (style));
  set_label (label, pd_order_state_get_label (state));
  gtk_widget_set_tooltip_text (GTK_WIDGET (label),
                               style != state ? _("The payment does not match the order — do not hand over goods")
                                              : NULL);
}

static GtkSorter *
create_property_string_sorter (const char *property)
{
  return GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (PD_TYPE_ORDER, NULL,
                                                                          property)));
}

static GtkSorter *
create_order_id_sorter (void)
{
  return create_property_string_sorter ("order-id");
}

static GtkSorter *
create_note_sorter (void)
{
  return create_property_string_sorter ("note");
}

/* Exact decimal comparison: "10" and "9.999999999" never round alike. */
static int
compare_amounts (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return pd_decimal_compare (pd_order_get_quote_amount ((PdOrder *) a),
                             pd_order_get_quote_amount ((PdOrder *) b));
}

static GtkSorter *
create_amount_sorter (void)
{
  return GTK_SORTER (gtk_custom_sorter_new (compare_amounts, NULL, NULL));
}

static int
compare_times (gint64 a,
               gint64 b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
compare_created (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return compare_times (pd_order_get_created_at ((PdOrder *) a),
                        pd_order_get_created_at ((PdOrder *) b));
}

static GtkSorter *
create_created_sorter (void)
{
  return GTK_SORTER (gtk_custom_sorter_new (compare_created, NULL, NULL));
}

static int
compare_last_checked (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  return compare_times (pd_order_get_last_checked_at ((PdOrder *) a),
                        pd_order_get_last_checked_at ((PdOrder *) b));
}

static GtkSorter *
create_last_checked_sorter (void)
{
  return GTK_SORTER (gtk_custom_sorter_new (compare_last_checked, NULL, NULL));
}

static int
compare_states (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return (int) pd_order_get_state ((PdOrder *) a) - (int) pd_order_get_state ((PdOrder *) b);
}

static GtkSorter *
create_state_sorter (void)
{
  return GTK_SORTER (gtk_custom_sorter_new (compare_states, NULL, NULL));
}

static const ColumnSpec columns[] = {
  { "order-id", N_("Order ID"), { "order-id" }, FALSE, FALSE,
    setup_order_id, update_order_id, create_order_id_sorter },
  { "note", N_("Note"), { "note" }, FALSE, TRUE,
    setup_note, update_note, create_note_sorter },
  { "amount", N_("Amount"), { "quote-amount", "quote-symbol" }, FALSE, FALSE,
    setup_amount, update_amount, create_amount_sorter },
  { "created", N_("Created"), { "created-at" }, TRUE, FALSE,
    setup_time, update_created, create_created_sorter },
  { "state", N_("State"), { "state", "mismatch" }, FALSE, FALSE,
    setup_state, update_state, create_state_sorter },
  { "last-checked", N_("Last Checked"), { "last-checked-at" }, TRUE, FALSE,
    setup_time, update_last_checked, create_last_checked_sorter },
};

/* Cells */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               const ColumnSpec         *spec)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  spec->setup (GTK_LABEL (label));
  gtk_list_item_set_child (item, label);
}

static void
cell_order_notify_cb (PdOrder     *order,
                      GParamSpec  *pspec,
                      GtkListItem *item)
{
  const ColumnSpec *spec = g_object_get_data (G_OBJECT (item), "pd-column-spec");

  for (guint i = 0; spec->watched[i] != NULL; i++)
    {
      if (g_strcmp0 (pspec->name, spec->watched[i]) == 0)
        {
          spec->update (GTK_LABEL (gtk_list_item_get_child (item)), order);
          return;
        }
    }
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              PdOrdersView             *self)
{
  const ColumnSpec *spec = g_object_get_data (G_OBJECT (factory), "pd-column-spec");
  PdOrder *order = gtk_list_item_get_item (item);
  gulong handler;

  spec->update (GTK_LABEL (gtk_list_item_get_child (item)), order);

  g_object_set_data (G_OBJECT (item), "pd-column-spec", (gpointer) spec);
  handler = g_signal_connect (order, "notify", G_CALLBACK (cell_order_notify_cb), item);
  g_object_set_data (G_OBJECT (item), "pd-notify-handler", GSIZE_TO_POINTER (handler));

  if (spec->relative_time)
    g_hash_table_add (self->time_cells, item);
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                PdOrdersView             *self)
{
  PdOrder *order = gtk_list_item_get_item (item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (item), "pd-notify-handler"));

  if (handler != 0)
    g_signal_handler_disconnect (order, handler);
  g_object_set_data (G_OBJECT (item), "pd-notify-handler", NULL);
  g_hash_table_remove (self->time_cells, item);
}

static void
pd_orders_view_add_columns (PdOrdersView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const ColumnSpec *spec = &columns[i];
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) sorter = spec->create_sorter ();

      g_object_set_data (G_OBJECT (factory), "pd-column-spec", (gpointer) spec);
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), (gpointer) spec);
      g_signal_connect_object (factory, "bind", G_CALLBACK (cell_bind_cb), self, 0);
      g_signal_connect_object (factory, "unbind", G_CALLBACK (cell_unbind_cb), self, 0);

      column = gtk_column_view_column_new (_(spec->title), g_object_ref (factory));
      g_object_set_data (G_OBJECT (column), "pd-column-id", (gpointer) spec->id);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, spec->expand);
      gtk_column_view_append_column (self->column_view, column);
    }
}

/* Relative times */

static gboolean
refresh_time_cells_cb (gpointer user_data)
{
  PdOrdersView *self = user_data;
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->time_cells);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      const ColumnSpec *spec = g_object_get_data (item, "pd-column-spec");

      spec->update (GTK_LABEL (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
    }

  return G_SOURCE_CONTINUE;
}

/* Filter, search and selection */

static void
pd_orders_view_update_count (PdOrdersView *self)
{
  guint shown = self->order_list ? g_list_model_get_n_items (G_LIST_MODEL (self->order_list)) : 0;
  guint total = self->order_list ? pd_order_list_get_n_total (self->order_list) : 0;
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (ngettext ("%u order", "%u orders", total), total);
  else
    /* TRANSLATORS: how many orders the filter and search show, of all */
    text = g_strdup_printf (ngettext ("%u of %u order", "%u of %u orders", total), shown, total);

  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 || total == 0 ? "list" : "empty");
}

static void
order_list_items_changed_cb (PdOrdersView *self)
{
  pd_orders_view_update_count (self);
}

/* GTK sorts an item when it enters the model, not when its properties
 * change: an order the poller moved to another state would keep its
 * old place in a list sorted by state. The store says which order
 * changed; the list is sorted again only when it is now out of place. */
static void
store_order_changed_cb (PdOrdersView *self,
                        PdOrder      *order,
                        PdStore      *store)
{
  GListModel *model = G_LIST_MODEL (self->sort_model);
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  guint n = g_list_model_get_n_items (model);
  guint position = GTK_INVALID_LIST_POSITION;
  g_autoptr(PdOrder) before = NULL;
  g_autoptr(PdOrder) after = NULL;

  if (gtk_sorter_get_order (sorter) == GTK_SORTER_ORDER_NONE)
    return;

  for (guint i = 0; i < n && position == GTK_INVALID_LIST_POSITION; i++)
    {
      g_autoptr(PdOrder) item = g_list_model_get_item (model, i);

      if (item == order)
        position = i;
    }
  if (position == GTK_INVALID_LIST_POSITION)
    return;

  if (position > 0)
    before = g_list_model_get_item (model, position - 1);
  if (position + 1 < n)
    after = g_list_model_get_item (model, position + 1);

  if ((before != NULL && gtk_sorter_compare (sorter, before, order) == GTK_ORDERING_LARGER) ||
      (after != NULL && gtk_sorter_compare (sorter, order, after) == GTK_ORDERING_LARGER))
    gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT);
}

static void
filter_dropdown_selected_cb (PdOrdersView *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  if (selected < G_N_ELEMENTS (filter_groups))
    pd_orders_view_set_group (self, filter_groups[selected]);
}

static void
search_changed_cb (PdOrdersView *self)
{
  if (self->order_list != NULL)
    pd_order_list_set_search_text (self->order_list,
                                   gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
search_mode_changed_cb (PdOrdersView *self)
{
  /* A closed search bar hides its text: it must not narrow the list. */
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
selected_item_changed_cb (PdOrdersView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ORDER]);
}

static void
column_view_activate_cb (PdOrdersView *self,
                         guint         position)
{
  gtk_single_selection_set_selected (self->selection, position);
}

/* GtkWidget */

static void
pd_orders_view_map (GtkWidget *widget)
{
  PdOrdersView *self = PD_ORDERS_VIEW (widget);

  GTK_WIDGET_CLASS (pd_orders_view_parent_class)->map (widget);

  /* Refresh only while visible; catch up at once when shown again. */
  refresh_time_cells_cb (self);
  self->time_refresh_id = g_timeout_add_seconds (TIME_REFRESH_SECONDS, refresh_time_cells_cb, self);
}

static void
pd_orders_view_unmap (GtkWidget *widget)
{
  PdOrdersView *self = PD_ORDERS_VIEW (widget);

  g_clear_handle_id (&self->time_refresh_id, g_source_remove);

  GTK_WIDGET_CLASS (pd_orders_view_parent_class)->unmap (widget);
}

/* GObject */

static void
pd_orders_view_dispose (GObject *object)
{
  PdOrdersView *self = PD_ORDERS_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->time_refresh_id, g_source_remove);
  pd_orders_view_set_store (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_ORDERS_VIEW);
  /* The tool bar is not a bound template child. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_pointer (&self->time_cells, g_hash_table_unref);

  G_OBJECT_CLASS (pd_orders_view_parent_class)->dispose (object);
}

static void
pd_orders_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdOrdersView *self = PD_ORDERS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_GROUP:
      g_value_set_enum (value, self->group);
      break;
    case PROP_SELECTED_ORDER:
      g_value_set_object (value, pd_orders_view_get_selected_order (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_orders_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PdOrdersView *self = PD_ORDERS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      pd_orders_view_set_store (self, g_value_get_object (value));
      break;
    case PROP_GROUP:
      pd_orders_view_set_group (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GtkColumnViewColumn *
pd_orders_view_find_column (PdOrdersView *self,
                            const char   *id)
{
  GListModel *columns_model = gtk_column_view_get_columns (self->column_view);

  for (guint i = 0; i < g_list_model_get_n_items (columns_model); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns_model, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (column), "pd-column-id"), id) == 0)
        return column;
    }

  return NULL;
}

/* orders.sort-by "COLUMN:ascending" or "COLUMN:descending": what a click
 * on a column header does, as a header shows it. */
static void
sort_by_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdOrdersView *self = PD_ORDERS_VIEW (widget);
  g_auto(GStrv) parts = g_strsplit (g_variant_get_string (parameter, NULL), ":", 2);
  GtkColumnViewColumn *column;

  if (g_strv_length (parts) != 2 ||
      (column = pd_orders_view_find_column (self, parts[0])) == NULL)
    {
      g_warning ("orders.sort-by: no sort “%s”", g_variant_get_string (parameter, NULL));
      return;
    }

  gtk_column_view_sort_by_column (self->column_view, column,
                                  g_str_equal (parts[1], "descending")
                                  ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

/* The sort menu's popover is built on the first click, not with the
 * window: most sessions never open it, and every start-up would pay for
 * it. */
static void
create_sort_popup_cb (GtkMenuButton *button,
                      gpointer       user_data)
{
  PdOrdersView *self = user_data;
  GMenuModel *menu = G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (self), PD_TYPE_ORDERS_VIEW,
                                                                 "sort_menu"));

  gtk_menu_button_set_menu_model (button, menu);
}

static void
pd_orders_view_class_init (PdOrdersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_orders_view_dispose;
  object_class->get_property = pd_orders_view_get_property;
  object_class->set_property = pd_orders_view_set_property;

  widget_class->map = pd_orders_view_map;
  widget_class->unmap = pd_orders_view_unmap;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GROUP] =
    g_param_spec_enum ("group", NULL, NULL, PD_TYPE_ORDER_GROUP, PD_ORDER_GROUP_ALL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ORDER] =
    g_param_spec_object ("selected-order", NULL, NULL, PD_TYPE_ORDER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/pd-orders-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdOrdersView, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdOrdersView, count_label);
  gtk_widget_class_bind_template_child (widget_class, PdOrdersView, search_button);
  gtk_widget_class_bind_template_child (widget_class, PdOrdersView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PdOrdersView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PdOrdersView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PdOrdersView, column_view);
  gtk_widget_class_bind_template_child_full (widget_class, "empty_page", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "sort_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "sort_menu", FALSE, 0);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_install_action (widget_class, "orders.sort-by", "s", sort_by_action);
}

static void
pd_orders_view_init (PdOrdersView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->time_cells = g_hash_table_new (NULL, NULL);
  self->group = PD_ORDER_GROUP_ALL;

  pd_orders_view_add_columns (self);

  /* No column sorted: the list's own order, newest first. */
  self->sort_model = gtk_sort_list_model_new (NULL,
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selected_item_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->column_view, "activate",
                           G_CALLBACK (column_view_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_dropdown, "notify::selected",
                           G_CALLBACK (filter_dropdown_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                                        PD_TYPE_ORDERS_VIEW,
                                                                                        "sort_button")),
                                         create_sort_popup_cb, self, NULL);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  pd_orders_view_update_count (self);
}

/* Public API */

GtkWidget *
pd_orders_view_new (void)
{
  return g_object_new (PD_TYPE_ORDERS_VIEW, NULL);
}

PdStore *
pd_orders_view_get_store (PdOrdersView *self)
{
  g_return_val_if_fail (PD_IS_ORDERS_VIEW (self), NULL);

  return self->store;
}

void
pd_orders_view_set_store (PdOrdersView *self,
                          PdStore      *store)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PD_IS_ORDERS_VIEW (self));
  g_return_if_fail (store == NULL || PD_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->order_list != NULL)
    g_signal_handlers_disconnect_by_func (self->order_list, order_list_items_changed_cb, self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_order_changed_cb, self);
  if (self->sort_model != NULL)
    gtk_sort_list_model_set_model (self->sort_model, NULL);
  g_clear_object (&self->order_list);
  g_set_object (&self->store, store);

  if (store != NULL)
    {
      self->order_list = pd_order_list_new (store, &error);
      if (self->order_list == NULL)
        g_warning ("Cannot list the orders: %s", error->message);
    }

  if (self->order_list != NULL)
    {
      pd_order_list_set_filter (self->order_list, self->group,
                                gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      g_signal_connect_object (self->order_list, "items-changed",
                               G_CALLBACK (order_list_items_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_sort_list_model_set_model (self->sort_model, G_LIST_MODEL (self->order_list));
      /* After the list's own handler: it has filtered the order again. */
      g_signal_connect_object (store, "order-changed",
                               G_CALLBACK (store_order_changed_cb), self, G_CONNECT_SWAPPED);
    }

  if (self->count_label != NULL)
    pd_orders_view_update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

PdOrderList *
pd_orders_view_get_order_list (PdOrdersView *self)
{
  g_return_val_if_fail (PD_IS_ORDERS_VIEW (self), NULL);

  return self->order_list;
}

PdOrderGroup
pd_orders_view_get_group (PdOrdersView *self)
{
  g_return_val_if_fail (PD_IS_ORDERS_VIEW (self), PD_ORDER_GROUP_ALL);

  return self->group;
}

void
pd_orders_view_set_group (PdOrdersView *self,
                          PdOrderGroup  group)
{
  guint position = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (PD_IS_ORDERS_VIEW (self));

  for (guint i = 0; i < G_N_ELEMENTS (filter_groups); i++)
    {
      if (filter_groups[i] == group)
        position = i;
    }
  gtk_drop_down_set_selected (self->filter_dropdown, position);

  if (self->group == group)
    return;

  self->group = group;
  if (self->order_list != NULL)
    pd_order_list_set_group (self->order_list, group);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP]);
}

const char *
pd_orders_view_get_search_text (PdOrdersView *self)
{
  g_return_val_if_fail (PD_IS_ORDERS_VIEW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

void
pd_orders_view_set_search_text (PdOrdersView *self,
                                const char   *text)
{
  g_return_if_fail (PD_IS_ORDERS_VIEW (self));

  if (text != NULL && text[0] != '\0')
    gtk_search_bar_set_search_mode (self->search_bar, TRUE);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* At once, not after the entry's typing delay. */
  search_changed_cb (self);
}

void
pd_orders_view_start_search (PdOrdersView *self)
{
  g_return_if_fail (PD_IS_ORDERS_VIEW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

PdOrder *
pd_orders_view_get_selected_order (PdOrdersView *self)
{
  g_return_val_if_fail (PD_IS_ORDERS_VIEW (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

static guint
find_position (GListModel *model,
               PdOrder    *order)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdOrder) item = g_list_model_get_item (model, i);

      if (item == order)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
scroll_to_position (PdOrdersView *self,
                    guint         position)
{
  /* GTK 4.8 has no gtk_column_view_scroll_to(): ask its list view. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
    }
}

gboolean
pd_orders_view_select_order (PdOrdersView *self,
                             PdOrder      *order)
{
  guint position;

  g_return_val_if_fail (PD_IS_ORDERS_VIEW (self), FALSE);
  g_return_val_if_fail (PD_IS_ORDER (order), FALSE);

  if (self->order_list == NULL)
    return FALSE;

  position = find_position (G_LIST_MODEL (self->sort_model), order);
  if (position == GTK_INVALID_LIST_POSITION)
    {
      /* Hidden by the filter or the search: show everything. */
      pd_orders_view_set_search_text (self, "");
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
      pd_orders_view_set_group (self, PD_ORDER_GROUP_ALL);
      position = find_position (G_LIST_MODEL (self->sort_model), order);
    }

  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  scroll_to_position (self, position);

  return TRUE;
}

GPtrArray *
pd_orders_view_dup_shown_orders (PdOrdersView *self)
{
  GListModel *model = G_LIST_MODEL (self->sort_model);
  guint n = g_list_model_get_n_items (model);
  GPtrArray *orders = g_ptr_array_new_full (n, g_object_unref);

  g_return_val_if_fail (PD_IS_ORDERS_VIEW (self), NULL);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (orders, g_list_model_get_item (model, i));

  return orders;
}
