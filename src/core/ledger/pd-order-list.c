/* pd-order-list.c: the orders of a ledger as a filtered GListModel
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pd-order.h"
#include "pd-order-list.h"

/* One loaded order and what the filter needs of it. */
typedef struct
{
  PdOrder  *order;
  gint64    created_at;
  gint64    id;
  guint     visible : 1;
  /* In PdOrderList.first_entries, not allocated on its own. */
  guint     in_block : 1;
} Entry;

struct _PdOrderList
{
  GObject       parent_instance;

  PdStore      *store;
  gulong        order_added_id;
  gulong        order_changed_id;

  GPtrArray    *entries;   /* every Entry, owned, newest first */
  Entry        *first_entries;  /* the ones pd_order_list_new() made */
  GPtrArray    *visible;   /* the Entries that pass, in the same order */

  PdOrderGroup  group;
  char         *search_text;
  char         *search_folded;  /* NULL: no search */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdOrderList, pd_order_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_GROUP,
  PROP_SEARCH_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
entry_init (Entry   *entry,
            PdOrder *order)
{
  entry->order = g_object_ref (order);
  entry->created_at = pd_order_get_created_at (order);
  entry->id = pd_order_get_id (order);
}

static Entry *
entry_new (PdOrder *order)
{
  Entry *entry = g_new0 (Entry, 1);

  entry_init (entry, order);
  return entry;
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_object_unref (entry->order);
  if (!entry->in_block)
    g_free (entry);
}

static gboolean
entry_matches_text (PdOrderList *self,
                    Entry       *entry)
{
  /* The order keeps its key up to date; the store made it while it read
   * the row, so even the first search only compares. */
  return strstr (pd_order_get_search_key (entry->order), self->search_folded) != NULL;
}

static gboolean
entry_matches (PdOrderList *self,
               Entry       *entry)
{
  /* Past a deadline an order may need attention with no change to it:
   * it is filtered again whenever the poller records its next check. */
  if (!pd_order_in_group (entry->order, self->group, g_get_real_time () / G_USEC_PER_SEC))
    return FALSE;

  if (self->search_folded == NULL)
    return TRUE;

  return entry_matches_text (self, entry);
}

/* Newest first: the later created_at, then the higher row id. */
static gboolean
entry_is_before (const Entry *a,
                 const Entry *b)
{
  if (a->created_at != b->created_at)
    return a->created_at > b->created_at;

  return a->id > b->id;
}

/* Where @entry goes in @array, which is sorted newest first. */
static guint
find_position (GPtrArray   *array,
               const Entry *entry)
{
  guint low = 0;
  guint high = array->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (entry_is_before (g_ptr_array_index (array, mid), entry))
        low = mid + 1;
      else
        high = mid;
    }

  return low;
}

/* The entry of @order, found by where it sorts: an order's creation
 * time and row id never change once it is stored. @thorough: also look
 * through every entry, in case someone changed that time after all. */
static Entry *
find_entry (PdOrderList *self,
            PdOrder     *order,
            gboolean     thorough)
{
  Entry key = {
    .created_at = pd_order_get_created_at (order),
    .id = pd_order_get_id (order),
  };
  guint position = find_position (self->entries, &key);

  if (position < self->entries->len)
    {
      Entry *entry = g_ptr_array_index (self->entries, position);

      if (entry->order == order)
        return entry;
    }

  for (guint i = 0; thorough && i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->order == order)
        return entry;
    }

  return NULL;
}

/* Rebuilds the visible list and reports the change as one range: the
 * part between the unchanged head and tail. @narrowing: the new filter
 * passes only orders the old one passed (the search text grew), so only
 * the visible ones need checking: typing gets faster with each key. */
static void
refilter (PdOrderList *self,
          gboolean     narrowing)
{
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->visible);
  GPtrArray *candidates = narrowing ? old : self->entries;
  guint head = 0;
  guint tail = 0;

  self->visible = g_ptr_array_sized_new (old->len);
  for (guint i = 0; i < candidates->len; i++)
    {
      Entry *entry = g_ptr_array_index (candidates, i);

      entry->visible = entry_matches (self, entry);
      if (entry->visible)
        g_ptr_array_add (self->visible, entry);
    }

  while (head < old->len && head < self->visible->len &&
         old->pdata[head] == self->visible->pdata[head])
    head++;

  while (tail < old->len - head && tail < self->visible->len - head &&
         old->pdata[old->len - 1 - tail] == self->visible->pdata[self->visible->len - 1 - tail])
    tail++;

  if (old->len != self->visible->len || head != old->len)
    g_list_model_items_changed (G_LIST_MODEL (self), head,
                                old->len - head - tail,
                                self->visible->len - head - tail);
}

static void
show_entry (PdOrderList *self,
            Entry       *entry)
{
  guint position = find_position (self->visible, entry);

  entry->visible = TRUE;
  g_ptr_array_insert (self->visible, position, entry);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

static void
hide_entry (PdOrderList *self,
            Entry       *entry)
{
  guint position = find_position (self->visible, entry);

  g_return_if_fail (position < self->visible->len &&
                    self->visible->pdata[position] == entry);

  entry->visible = FALSE;
  g_ptr_array_remove_index (self->visible, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

static void
add_entry (PdOrderList *self,
           PdOrder     *order)
{
  Entry *entry;

  /* A new order: a changed creation time cannot have moved it. */
  if (find_entry (self, order, FALSE) != NULL)
    return;

  entry = entry_new (order);
  g_ptr_array_insert (self->entries, find_position (self->entries, entry), entry);

  if (entry_matches (self, entry))
    show_entry (self, entry);
}

static void
order_added_cb (PdOrderList *self,
                PdOrder     *order,
                PdStore     *store)
{
  add_entry (self, order);
}

static void
order_changed_cb (PdOrderList *self,
                  PdOrder     *order,
                  PdStore     *store)
{
  Entry *entry = find_entry (self, order, TRUE);
  gboolean matches;

  if (entry == NULL)
    {
      add_entry (self, order);
      return;
    }

  matches = entry_matches (self, entry);

  if (matches && !entry->visible)
    show_entry (self, entry);
  else if (!matches && entry->visible)
    hide_entry (self, entry);
}

static GType
pd_order_list_get_item_type (GListModel *model)
{
  return PD_TYPE_ORDER;
}

static guint
pd_order_list_get_n_items (GListModel *model)
{
  return PD_ORDER_LIST (model)->visible->len;
}

static gpointer
pd_order_list_get_item (GListModel *model,
                        guint       position)
{
  PdOrderList *self = PD_ORDER_LIST (model);
  Entry *entry;

  if (position >= self->visible->len)
    return NULL;

  entry = g_ptr_array_index (self->visible, position);
  return g_object_ref (entry->order);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = pd_order_list_get_item_type;
  iface->get_n_items = pd_order_list_get_n_items;
  iface->get_item = pd_order_list_get_item;
}

static void
pd_order_list_dispose (GObject *object)
{
  PdOrderList *self = (PdOrderList *)object;

  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->order_added_id, self->store);
      g_clear_signal_handler (&self->order_changed_id, self->store);
    }
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_order_list_parent_class)->dispose (object);
}

static void
pd_order_list_finalize (GObject *object)
{
  PdOrderList *self = (PdOrderList *)object;

  g_clear_pointer (&self->visible, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->first_entries, g_free);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->search_folded, g_free);

  G_OBJECT_CLASS (pd_order_list_parent_class)->finalize (object);
}

static void
pd_order_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PdOrderList *self = PD_ORDER_LIST (object);

  switch (prop_id)
    {
    case PROP_GROUP:
      g_value_set_enum (value, self->group);
      break;

    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_order_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PdOrderList *self = PD_ORDER_LIST (object);

  switch (prop_id)
    {
    case PROP_GROUP:
      pd_order_list_set_group (self, g_value_get_enum (value));
      break;

    case PROP_SEARCH_TEXT:
      pd_order_list_set_search_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_order_list_class_init (PdOrderListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_order_list_dispose;
  object_class->finalize = pd_order_list_finalize;
  object_class->get_property = pd_order_list_get_property;
  object_class->set_property = pd_order_list_set_property;

  properties[PROP_GROUP] =
    g_param_spec_enum ("group", NULL, NULL,
                       PD_TYPE_ORDER_GROUP, PD_ORDER_GROUP_ALL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_order_list_init (PdOrderList *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->visible = g_ptr_array_new ();
  self->group = PD_ORDER_GROUP_ALL;
}

/**
 * pd_order_list_new:
 *
 * Loads every order of @store, in one query, and follows its changes.
 *
 * Returns: (transfer full): the list, or %NULL and @error
 */
PdOrderList *
pd_order_list_new (PdStore  *store,
                   GError  **error)
{
  g_autoptr(PdOrderList) self = NULL;
  g_autoptr(GPtrArray) orders = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  orders = pd_store_list_orders (store, error);
  if (orders == NULL)
    return NULL;

  self = g_object_new (PD_TYPE_ORDER_LIST, NULL);
  self->store = g_object_ref (store);

  /* The store lists them newest first already. Everything sized once:
   * growing the arrays, a table of orders to entries, then allocating
   * each entry on its own would take three quarters of this loop, which runs
   * on the main thread for the whole ledger. */
  self->first_entries = g_new0 (Entry, MAX (orders->len, 1));
  g_ptr_array_set_size (self->entries, orders->len);
  g_ptr_array_set_size (self->visible, orders->len);
  for (guint i = 0; i < orders->len; i++)
    {
      Entry *entry = &self->first_entries[i];

      entry_init (entry, g_ptr_array_index (orders, i));
      entry->in_block = TRUE;
      entry->visible = TRUE;
      self->entries->pdata[i] = entry;
      self->visible->pdata[i] = entry;
    }

  self->order_added_id =
    g_signal_connect_object (store, "order-added", G_CALLBACK (order_added_cb),
                             self, G_CONNECT_SWAPPED);
  self->order_changed_id =
    g_signal_connect_object (store, "order-changed", G_CALLBACK (order_changed_cb),
                             self, G_CONNECT_SWAPPED);

  return g_steal_pointer (&self);
}

PdStore *
pd_order_list_get_store (PdOrderList *self)
{
  g_return_val_if_fail (PD_IS_ORDER_LIST (self), NULL);

  return self->store;
}

PdOrderGroup
pd_order_list_get_group (PdOrderList *self)
{
  g_return_val_if_fail (PD_IS_ORDER_LIST (self), PD_ORDER_GROUP_ALL);

  return self->group;
}

const char *
pd_order_list_get_search_text (PdOrderList *self)
{
  g_return_val_if_fail (PD_IS_ORDER_LIST (self), NULL);

  return self->search_text;
}

guint
pd_order_list_get_n_total (PdOrderList *self)
{
  g_return_val_if_fail (PD_IS_ORDER_LIST (self), 0);

  return self->entries->len;
}

PdOrder *
pd_order_list_get_total_order (PdOrderList *self,
                               guint        position)
{
  g_return_val_if_fail (PD_IS_ORDER_LIST (self), NULL);
  g_return_val_if_fail (position < self->entries->len, NULL);

  return ((Entry *) g_ptr_array_index (self->entries, position))->order;
}

void
pd_order_list_set_filter (PdOrderList  *self,
                          PdOrderGroup  group,
                          const char   *text)
{
  gboolean group_changed;
  gboolean text_changed;
  gboolean narrowing = FALSE;

  g_return_if_fail (PD_IS_ORDER_LIST (self));
  g_return_if_fail (group <= PD_ORDER_GROUP_ATTENTION);

  if (text != NULL && *text == '\0')
    text = NULL;

  group_changed = self->group != group;
  text_changed = g_strcmp0 (self->search_text, text) != 0;
  if (!group_changed && !text_changed)
    return;

  self->group = group;
  if (text_changed)
    {
      g_autofree char *old_folded = g_steal_pointer (&self->search_folded);

      g_free (self->search_text);
      self->search_text = g_strdup (text);
      if (text != NULL)
        self->search_folded = pd_order_fold_search_text (text);

      /* Whatever contains the new text contains the old one. */
      narrowing = !group_changed && old_folded != NULL && self->search_folded != NULL &&
                  strstr (self->search_folded, old_folded) != NULL;
    }

  refilter (self, narrowing);

  if (group_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP]);
  if (text_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

void
pd_order_list_set_group (PdOrderList  *self,
                         PdOrderGroup  group)
{
  g_return_if_fail (PD_IS_ORDER_LIST (self));

  pd_order_list_set_filter (self, group, self->search_text);
}

void
pd_order_list_set_search_text (PdOrderList *self,
                               const char  *text)
{
  g_return_if_fail (PD_IS_ORDER_LIST (self));

  pd_order_list_set_filter (self, self->group, text);
}
