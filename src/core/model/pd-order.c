/* pd-order.c: one order of the ledger
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pd-decimal.h"
#include "pd-order.h"
#include "pd-order-private.h"

/* The string and time properties are kept in arrays indexed by property,
 * so one setter each does the compare-and-notify. Keep each range
 * contiguous: FIRST_STRING_PROP…LAST_STRING_PROP, FIRST_TIME_PROP…. */
enum {
  PROP_0,
  PROP_ID,
  PROP_LINK_KIND,
  PROP_STATE,
  PROP_CONFIRMATIONS,
  PROP_MISMATCH,
  /* strings */
  PROP_ORDER_ID,
  PROP_PAYEE_ID,
  PROP_SETTLEMENT_ASSET_ID,
  PROP_QUOTE_ASSET_ID,
  PROP_QUOTE_SYMBOL,
  PROP_QUOTE_AMOUNT,
  PROP_RETURN_TO,
  PROP_REMARK,
  PROP_NOTE,
  PROP_LINK,
  PROP_TRACE_ID,
  PROP_CANCEL_REASON,
  PROP_MIXPAY_STATUS,
  PROP_PAYMENT_AMOUNT,
  PROP_PAYMENT_SYMBOL,
  PROP_PAYABLE_AMOUNT,
  PROP_PAYABLE_SYMBOL,
  PROP_TXID,
  PROP_EXPLORER_URL,
  PROP_FAILURE_CODE,
  PROP_FAILURE_REASON,
  PROP_SURPLUS_AMOUNT,
  PROP_SURPLUS_STATUS,
  PROP_SETTLE_STATUS,
  PROP_SETTLE_AMOUNT,
  PROP_SETTLE_SYMBOL,
  /* times, Unix seconds */
  PROP_EXPIRES_AT,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_LAST_CHECKED_AT,
  PROP_NEXT_CHECK_AT,
  PROP_CANCELLED_AT,
  PROP_PAID_AT,
  N_PROPS
};

#define FIRST_STRING_PROP PROP_ORDER_ID
#define LAST_STRING_PROP  PROP_SETTLE_SYMBOL
#define N_STRING_PROPS    (LAST_STRING_PROP - FIRST_STRING_PROP + 1)
#define FIRST_TIME_PROP   PROP_EXPIRES_AT
#define LAST_TIME_PROP    PROP_PAID_AT
#define N_TIME_PROPS      (LAST_TIME_PROP - FIRST_TIME_PROP + 1)

struct _PdOrder
{
  GObject          parent_instance;

  gint64           id;
  gint64           revision;
  PdOrderLinkKind  link_kind;
  PdOrderState     state;
  int              confirmations;
  char           **mismatch;
  /* Between _pd_order_begin_load() and _pd_order_end_load(). */
  gboolean         loading;
  char            *strings[N_STRING_PROPS];
  /* The unshared strings of an order read from the ledger, copied into
   * one allocation (see PdOrderLoader); bit i of in_block: strings[i]
   * points into it, and is not freed on its own. */
  char            *block;
  guint32          in_block;
  /* pd_order_get_search_key(): made on first use (by the store, as it
   * reads the row), dropped when a field it holds changes. */
  char            *search_key;
  gint64           times[N_TIME_PROPS];
};

G_DEFINE_FINAL_TYPE (PdOrder, pd_order, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* A new order filled from the ledger has no watchers yet: queueing and
 * emitting its thirty notifications would take more time than reading
 * the row. */
static void
notify (PdOrder *self,
        guint    prop_id)
{
  if (!self->loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static const GEnumValue order_state_values[] = {
  { PD_ORDER_STATE_UNPAID, "PD_ORDER_STATE_UNPAID", "unpaid" },
  { PD_ORDER_STATE_CONFIRMING, "PD_ORDER_STATE_CONFIRMING", "confirming" },
  { PD_ORDER_STATE_PAID_LESS, "PD_ORDER_STATE_PAID_LESS", "paid_less" },
  { PD_ORDER_STATE_PENDING, "PD_ORDER_STATE_PENDING", "pending" },
  { PD_ORDER_STATE_AUDITING, "PD_ORDER_STATE_AUDITING", "auditing" },
  { PD_ORDER_STATE_PAID, "PD_ORDER_STATE_PAID", "paid" },
  { PD_ORDER_STATE_FAILED, "PD_ORDER_STATE_FAILED", "failed" },
  { PD_ORDER_STATE_MISMATCH, "PD_ORDER_STATE_MISMATCH", "mismatch" },
  { PD_ORDER_STATE_UNKNOWN, "PD_ORDER_STATE_UNKNOWN", "unknown" },
  { PD_ORDER_STATE_CANCELLED, "PD_ORDER_STATE_CANCELLED", "cancelled" },
  { 0, NULL, NULL }
};

static const GEnumValue order_group_values[] = {
  { PD_ORDER_GROUP_ALL, "PD_ORDER_GROUP_ALL", "all" },
  { PD_ORDER_GROUP_OPEN, "PD_ORDER_GROUP_OPEN", "open" },
  { PD_ORDER_GROUP_SETTLED, "PD_ORDER_GROUP_SETTLED", "settled" },
  { PD_ORDER_GROUP_PAID, "PD_ORDER_GROUP_PAID", "paid" },
  { PD_ORDER_GROUP_ATTENTION, "PD_ORDER_GROUP_ATTENTION", "attention" },
  { 0, NULL, NULL }
};

static const GEnumValue link_kind_values[] = {
  { PD_ORDER_LINK_KIND_PAYLINK, "PD_ORDER_LINK_KIND_PAYLINK", "paylink" },
  { PD_ORDER_LINK_KIND_ONE_TIME, "PD_ORDER_LINK_KIND_ONE_TIME", "one-time" },
  { 0, NULL, NULL }
};

GType
pd_order_state_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id,
                       g_enum_register_static (g_intern_static_string ("PdOrderState"),
                                               order_state_values));

  return type_id;
}

GType
pd_order_group_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id,
                       g_enum_register_static (g_intern_static_string ("PdOrderGroup"),
                                               order_group_values));

  return type_id;
}

GType
pd_order_link_kind_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id,
                       g_enum_register_static (g_intern_static_string ("PdOrderLinkKind"),
                                               link_kind_values));

  return type_id;
}

const char *
pd_order_link_kind_to_string (PdOrderLinkKind kind)
{
  g_return_val_if_fail (kind <= PD_ORDER_LINK_KIND_ONE_TIME, "paylink");

  return link_kind_values[kind].value_nick;
}

gboolean
pd_order_link_kind_from_string (const char      *name,
                                PdOrderLinkKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; name != NULL && link_kind_values[i].value_nick != NULL; i++)
    {
      if (strcmp (name, link_kind_values[i].value_nick) == 0)
        {
          *kind = link_kind_values[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

static const char *
get_string (PdOrder *self,
            guint    prop_id)
{
  g_return_val_if_fail (PD_IS_ORDER (self), NULL);

  return self->strings[prop_id - FIRST_STRING_PROP];
}

/* Values that repeat across a merchant's orders (the payee, the assets,
 * symbols and statuses) are shared: one copy for 100,000 orders rather
 * than 100,000 copies, a third of the memory of a loaded ledger. */
static gboolean
is_shared (guint prop_id)
{
  switch (prop_id)
    {
    case PROP_PAYEE_ID:
    case PROP_SETTLEMENT_ASSET_ID:
    case PROP_QUOTE_ASSET_ID:
    case PROP_QUOTE_SYMBOL:
    case PROP_MIXPAY_STATUS:
    case PROP_PAYMENT_SYMBOL:
    case PROP_PAYABLE_SYMBOL:
    case PROP_FAILURE_CODE:
    case PROP_SURPLUS_STATUS:
    case PROP_SETTLE_STATUS:
    case PROP_SETTLE_SYMBOL:
      return TRUE;
    default:
      return FALSE;
    }
}

G_STATIC_ASSERT (N_STRING_PROPS <= 32);

static void
clear_string (PdOrder *self,
              guint    prop_id)
{
  guint i = prop_id - FIRST_STRING_PROP;
  char *value = g_steal_pointer (&self->strings[i]);

  if (value == NULL)
    return;

  if (is_shared (prop_id))
    g_ref_string_release (value);
  else if (self->in_block & (1u << i))
    self->in_block &= ~(1u << i);
  else
    g_free (value);
}

static void
set_string (PdOrder    *self,
            guint       prop_id,
            const char *value)
{
  char **field;

  g_return_if_fail (PD_IS_ORDER (self));

  /* "" and NULL both mean "not known": keep one form so comparisons and
   * the JSON export (null) agree. */
  if (value != NULL && *value == '\0')
    value = NULL;

  field = &self->strings[prop_id - FIRST_STRING_PROP];
  if (g_strcmp0 (*field, value) == 0)
    return;

  clear_string (self, prop_id);
  if (value == NULL)
    *field = NULL;
  else if (is_shared (prop_id))
    *field = g_ref_string_new_intern (value);
  else
    *field = g_strdup (value);

  if (prop_id == PROP_ORDER_ID || prop_id == PROP_NOTE || prop_id == PROP_QUOTE_AMOUNT)
    g_clear_pointer (&self->search_key, g_free);

  notify (self, prop_id);
}

static gint64
get_time (PdOrder *self,
          guint    prop_id)
{
  g_return_val_if_fail (PD_IS_ORDER (self), 0);

  return self->times[prop_id - FIRST_TIME_PROP];
}

static void
set_time (PdOrder *self,
          guint    prop_id,
          gint64   value)
{
  gint64 *field;

  g_return_if_fail (PD_IS_ORDER (self));

  field = &self->times[prop_id - FIRST_TIME_PROP];
  if (*field == value)
    return;

  *field = value;
  notify (self, prop_id);
}

static void
pd_order_finalize (GObject *object)
{
  PdOrder *self = (PdOrder *)object;

  for (guint i = 0; i < N_STRING_PROPS; i++)
    clear_string (self, FIRST_STRING_PROP + i);
  g_free (self->block);
  g_strfreev (self->mismatch);
  g_free (self->search_key);

  G_OBJECT_CLASS (pd_order_parent_class)->finalize (object);
}

static void
pd_order_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PdOrder *self = PD_ORDER (object);

  if (prop_id >= FIRST_STRING_PROP && prop_id <= LAST_STRING_PROP)
    {
      g_value_set_string (value, get_string (self, prop_id));
      return;
    }

  if (prop_id >= FIRST_TIME_PROP && prop_id <= LAST_TIME_PROP)
    {
      g_value_set_int64 (value, get_time (self, prop_id));
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_LINK_KIND:
      g_value_set_enum (value, self->link_kind);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_CONFIRMATIONS:
      g_value_set_int (value, self->confirmations);
      break;

    case PROP_MISMATCH:
      g_value_set_boxed (value, self->mismatch);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_order_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PdOrder *self = PD_ORDER (object);

  if (prop_id >= FIRST_STRING_PROP && prop_id <= LAST_STRING_PROP)
    {
      set_string (self, prop_id, g_value_get_string (value));
      return;
    }

  if (prop_id >= FIRST_TIME_PROP && prop_id <= LAST_TIME_PROP)
    {
      set_time (self, prop_id, g_value_get_int64 (value));
      return;
    }

  switch (prop_id)
    {
    case PROP_LINK_KIND:
      pd_order_set_link_kind (self, g_value_get_enum (value));
      break;

    case PROP_STATE:
      pd_order_set_state (self, g_value_get_enum (value));
      break;

    case PROP_CONFIRMATIONS:
      pd_order_set_confirmations (self, g_value_get_int (value));
      break;

    case PROP_MISMATCH:
      pd_order_set_mismatch (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_string (guint       prop_id,
                const char *name)
{
  properties[prop_id] =
    g_param_spec_string (name, NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static void
install_time (guint       prop_id,
              const char *name)
{
  properties[prop_id] =
    g_param_spec_int64 (name, NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static void
pd_order_class_init (PdOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_order_finalize;
  object_class->get_property = pd_order_get_property;
  object_class->set_property = pd_order_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LINK_KIND] =
    g_param_spec_enum ("link-kind", NULL, NULL,
                       PD_TYPE_ORDER_LINK_KIND, PD_ORDER_LINK_KIND_PAYLINK,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       PD_TYPE_ORDER_STATE, PD_ORDER_STATE_UNPAID,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONFIRMATIONS] =
    g_param_spec_int ("confirmations", NULL, NULL, -1, G_MAXINT, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MISMATCH] =
    g_param_spec_boxed ("mismatch", NULL, NULL, G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  install_string (PROP_ORDER_ID, "order-id");
  install_string (PROP_PAYEE_ID, "payee-id");
  install_string (PROP_SETTLEMENT_ASSET_ID, "settlement-asset-id");
  install_string (PROP_QUOTE_ASSET_ID, "quote-asset-id");
  install_string (PROP_QUOTE_SYMBOL, "quote-symbol");
  install_string (PROP_QUOTE_AMOUNT, "quote-amount");
  install_string (PROP_RETURN_TO, "return-to");
  install_string (PROP_REMARK, "remark");
  install_string (PROP_NOTE, "note");
  install_string (PROP_LINK, "link");
  install_string (PROP_TRACE_ID, "trace-id");
  install_string (PROP_CANCEL_REASON, "cancel-reason");
  install_string (PROP_MIXPAY_STATUS, "mixpay-status");
  install_string (PROP_PAYMENT_AMOUNT, "payment-amount");
  install_string (PROP_PAYMENT_SYMBOL, "payment-symbol");
  install_string (PROP_PAYABLE_AMOUNT, "payable-amount");
  install_string (PROP_PAYABLE_SYMBOL, "payable-symbol");
  install_string (PROP_TXID, "txid");
  install_string (PROP_EXPLORER_URL, "explorer-url");
  install_string (PROP_FAILURE_CODE, "failure-code");
  install_string (PROP_FAILURE_REASON, "failure-reason");
  install_string (PROP_SURPLUS_AMOUNT, "surplus-amount");
  install_string (PROP_SURPLUS_STATUS, "surplus-status");
  install_string (PROP_SETTLE_STATUS, "settle-status");
  install_string (PROP_SETTLE_AMOUNT, "settle-amount");
  install_string (PROP_SETTLE_SYMBOL, "settle-symbol");

  install_time (PROP_EXPIRES_AT, "expires-at");
  install_time (PROP_CREATED_AT, "created-at");
  install_time (PROP_UPDATED_AT, "updated-at");
  install_time (PROP_LAST_CHECKED_AT, "last-checked-at");
  install_time (PROP_NEXT_CHECK_AT, "next-check-at");
  install_time (PROP_CANCELLED_AT, "cancelled-at");
  install_time (PROP_PAID_AT, "paid-at");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_order_init (PdOrder *self)
{
  self->state = PD_ORDER_STATE_UNPAID;
  self->link_kind = PD_ORDER_LINK_KIND_PAYLINK;
  self->confirmations = -1;
}

/**
 * pd_order_new:
 *
 * Returns: (transfer full): a new, unstored, unpaid order with no fields set
 */
PdOrder *
pd_order_new (void)
{
  return g_object_new (PD_TYPE_ORDER, NULL);
}

gint64
pd_order_get_id (PdOrder *self)
{
  g_return_val_if_fail (PD_IS_ORDER (self), 0);

  return self->id;
}

void
_pd_order_set_id (PdOrder *self,
                  gint64   id)
{
  g_return_if_fail (PD_IS_ORDER (self));

  if (self->id == id)
    return;

  self->id = id;
  notify (self, PROP_ID);
}

gint64
_pd_order_get_revision (PdOrder *self)
{
  g_return_val_if_fail (PD_IS_ORDER (self), 0);

  return self->revision;
}

void
_pd_order_set_revision (PdOrder *self,
                        gint64   revision)
{
  g_return_if_fail (PD_IS_ORDER (self));

  self->revision = revision;
}

/* Only for an order no one else holds yet. */
void
_pd_order_begin_load (PdOrder *self)
{
  g_return_if_fail (PD_IS_ORDER (self));

  self->loading = TRUE;
}

void
_pd_order_end_load (PdOrder *self)
{
  g_return_if_fail (PD_IS_ORDER (self));

  self->loading = FALSE;
}

/* Reading 100,000 orders made 100,000 copies of each unshared string,
 * one allocation each, and looked up every shared one in GLib's table of
 * interned strings, under its lock. The loader copies an order's own
 * strings into one allocation, and shares a value with the previous
 * order's when it is the same, as it mostly is. */
struct _PdOrderLoader
{
  guint  n_values;
  guint *prop_ids;
  /* Per value: the last shared string handed out (a reference), or NULL. */
  char **last_shared;
};

PdOrderLoader *
_pd_order_loader_new (const char * const *names)
{
  GObjectClass *klass = g_type_class_ref (PD_TYPE_ORDER);
  PdOrderLoader *loader = g_new0 (PdOrderLoader, 1);

  loader->n_values = g_strv_length ((char **)names);
  loader->prop_ids = g_new (guint, loader->n_values);
  loader->last_shared = g_new0 (char *, loader->n_values);

  for (guint i = 0; i < loader->n_values; i++)
    {
      GParamSpec *pspec = g_object_class_find_property (klass, names[i]);

      g_assert (pspec != NULL && pspec->param_id >= FIRST_STRING_PROP &&
                pspec->param_id <= LAST_STRING_PROP);
      loader->prop_ids[i] = pspec->param_id;
    }

  g_type_class_unref (klass);
  return loader;
}

void
_pd_order_loader_free (PdOrderLoader *loader)
{
  for (guint i = 0; i < loader->n_values; i++)
    g_clear_pointer (&loader->last_shared[i], g_ref_string_release);
  g_free (loader->last_shared);
  g_free (loader->prop_ids);
  g_free (loader);
}

static char *
loader_share (PdOrderLoader *loader,
              guint          i,
              const char    *value)
{
  char *last = loader->last_shared[i];

  if (last == NULL || strcmp (last, value) != 0)
    {
      g_clear_pointer (&loader->last_shared[i], g_ref_string_release);
      last = loader->last_shared[i] = g_ref_string_new_intern (value);
    }

  return g_ref_string_acquire (last);
}

void
_pd_order_loader_set_strings (PdOrderLoader      *loader,
                              PdOrder            *order,
                              const char * const *values)
{
  gsize size = 0;
  char *next;

  g_return_if_fail (PD_IS_ORDER (order));
  g_return_if_fail (order->loading && order->block == NULL);

  for (guint i = 0; i < loader->n_values; i++)
    if (values[i] != NULL && *values[i] != '\0' && !is_shared (loader->prop_ids[i]))
      size += strlen (values[i]) + 1;

  next = order->block = size > 0 ? g_malloc (size) : NULL;

  for (guint i = 0; i < loader->n_values; i++)
    {
      guint field = loader->prop_ids[i] - FIRST_STRING_PROP;
      gsize length;

      /* As set_string(): "" means not known. */
      if (values[i] == NULL || *values[i] == '\0')
        continue;

      clear_string (order, loader->prop_ids[i]);
      if (is_shared (loader->prop_ids[i]))
        {
          order->strings[field] = loader_share (loader, i, values[i]);
          continue;
        }

      length = strlen (values[i]) + 1;
      order->strings[field] = memcpy (next, values[i], length);
      order->in_block |= 1u << field;
      next += length;
    }

  g_clear_pointer (&order->search_key, g_free);
}

#define DEFINE_STRING_ACCESSORS(name, PROP)                          \
  const char *                                                       \
  pd_order_get_##name (PdOrder *self)                                \
  {                                                                  \
    return get_string (self, PROP);                                  \
  }                                                                  \
                                                                     \
  void                                                               \
  pd_order_set_##name (PdOrder    *self,                             \
                       const char *value)                            \
  {                                                                  \
    set_string (self, PROP, value);                                  \
  }

#define DEFINE_TIME_ACCESSORS(name, PROP)                            \
  gint64                                                             \
  pd_order_get_##name (PdOrder *self)                                \
  {                                                                  \
    return get_time (self, PROP);                                    \
  }                                                                  \
                                                                     \
  void                                                               \
  pd_order_set_##name (PdOrder *self,                                \
                       gint64   value)                               \
  {                                                                  \
    set_time (self, PROP, value);                                    \
  }

DEFINE_STRING_ACCESSORS (order_id, PROP_ORDER_ID)
DEFINE_STRING_ACCESSORS (payee_id, PROP_PAYEE_ID)
DEFINE_STRING_ACCESSORS (settlement_asset_id, PROP_SETTLEMENT_ASSET_ID)
DEFINE_STRING_ACCESSORS (quote_asset_id, PROP_QUOTE_ASSET_ID)
DEFINE_STRING_ACCESSORS (quote_symbol, PROP_QUOTE_SYMBOL)
DEFINE_STRING_ACCESSORS (return_to, PROP_RETURN_TO)
DEFINE_STRING_ACCESSORS (remark, PROP_REMARK)
DEFINE_STRING_ACCESSORS (note, PROP_NOTE)
DEFINE_STRING_ACCESSORS (link, PROP_LINK)
DEFINE_STRING_ACCESSORS (trace_id, PROP_TRACE_ID)
DEFINE_STRING_ACCESSORS (cancel_reason, PROP_CANCEL_REASON)
DEFINE_STRING_ACCESSORS (mixpay_status, PROP_MIXPAY_STATUS)
DEFINE_STRING_ACCESSORS (payment_amount, PROP_PAYMENT_AMOUNT)
DEFINE_STRING_ACCESSORS (payment_symbol, PROP_PAYMENT_SYMBOL)
DEFINE_STRING_ACCESSORS (payable_amount, PROP_PAYABLE_AMOUNT)
DEFINE_STRING_ACCESSORS (payable_symbol, PROP_PAYABLE_SYMBOL)
DEFINE_STRING_ACCESSORS (txid, PROP_TXID)
DEFINE_STRING_ACCESSORS (explorer_url, PROP_EXPLORER_URL)
DEFINE_STRING_ACCESSORS (failure_code, PROP_FAILURE_CODE)
DEFINE_STRING_ACCESSORS (failure_reason, PROP_FAILURE_REASON)
DEFINE_STRING_ACCESSORS (surplus_amount, PROP_SURPLUS_AMOUNT)
DEFINE_STRING_ACCESSORS (surplus_status, PROP_SURPLUS_STATUS)
DEFINE_STRING_ACCESSORS (settle_status, PROP_SETTLE_STATUS)
DEFINE_STRING_ACCESSORS (settle_amount, PROP_SETTLE_AMOUNT)
DEFINE_STRING_ACCESSORS (settle_symbol, PROP_SETTLE_SYMBOL)

DEFINE_TIME_ACCESSORS (expires_at, PROP_EXPIRES_AT)
DEFINE_TIME_ACCESSORS (created_at, PROP_CREATED_AT)
DEFINE_TIME_ACCESSORS (updated_at, PROP_UPDATED_AT)
DEFINE_TIME_ACCESSORS (last_checked_at, PROP_LAST_CHECKED_AT)
DEFINE_TIME_ACCESSORS (next_check_at, PROP_NEXT_CHECK_AT)
DEFINE_TIME_ACCESSORS (cancelled_at, PROP_CANCELLED_AT)
DEFINE_TIME_ACCESSORS (paid_at, PROP_PAID_AT)

const char *
pd_order_get_quote_amount (PdOrder *self)
{
  return get_string (self, PROP_QUOTE_AMOUNT);
}

/* Kept normalised ("010.50" is "10.5") so that the link, the ledger and
 * the exports all show the one form; text that is not a plain decimal is
 * kept as it is, for the validators to refuse. */
void
pd_order_set_quote_amount (PdOrder    *self,
                           const char *amount)
{
  g_autofree char *normalized = NULL;

  /* Amounts read back from the ledger are normal already: checking costs
   * a tenth of normalising a copy, 100,000 times as the ledger opens. */
  if (pd_decimal_is_normalized (amount))
    {
      set_string (self, PROP_QUOTE_AMOUNT, amount);
      return;
    }

  normalized = pd_decimal_normalize (amount);

  set_string (self, PROP_QUOTE_AMOUNT, normalized != NULL ? normalized : amount);
}

PdOrderLinkKind
pd_order_get_link_kind (PdOrder *self)
{
  g_return_val_if_fail (PD_IS_ORDER (self), PD_ORDER_LINK_KIND_PAYLINK);

  return self->link_kind;
}

void
pd_order_set_link_kind (PdOrder         *self,
                        PdOrderLinkKind  kind)
{
  g_return_if_fail (PD_IS_ORDER (self));
  g_return_if_fail (kind <= PD_ORDER_LINK_KIND_ONE_TIME);

  if (self->link_kind == kind)
    return;

  self->link_kind = kind;
  notify (self, PROP_LINK_KIND);
}

PdOrderState
pd_order_get_state (PdOrder *self)
{
  g_return_val_if_fail (PD_IS_ORDER (self), PD_ORDER_STATE_UNKNOWN);

  return self->state;
}

void
pd_order_set_state (PdOrder      *self,
                    PdOrderState  state)
{
  g_return_if_fail (PD_IS_ORDER (self));
  g_return_if_fail (state <= PD_ORDER_STATE_LAST);

  if (self->state == state)
    return;

  self->state = state;
  notify (self, PROP_STATE);
}

int
pd_order_get_confirmations (PdOrder *self)
{
  g_return_val_if_fail (PD_IS_ORDER (self), -1);

  return self->confirmations;
}

void
pd_order_set_confirmations (PdOrder *self,
                            int      confirmations)
{
  g_return_if_fail (PD_IS_ORDER (self));

  confirmations = MAX (confirmations, -1);
  if (self->confirmations == confirmations)
    return;

  self->confirmations = confirmations;
  notify (self, PROP_CONFIRMATIONS);
}

const char * const *
pd_order_get_mismatch (PdOrder *self)
{
  g_return_val_if_fail (PD_IS_ORDER (self), NULL);

  return (const char * const *)self->mismatch;
}

void
pd_order_set_mismatch (PdOrder            *self,
                       const char * const *fields)
{
  g_return_if_fail (PD_IS_ORDER (self));

  /* An empty list is the same as none. */
  if (fields != NULL && fields[0] == NULL)
    fields = NULL;

  if (self->mismatch == NULL && fields == NULL)
    return;

  if (self->mismatch != NULL && fields != NULL &&
      g_strv_equal ((const char * const *)self->mismatch, fields))
    return;

  g_strfreev (self->mismatch);
  self->mismatch = g_strdupv ((char **)fields);
  notify (self, PROP_MISMATCH);
}

gboolean
pd_order_has_mismatch (PdOrder *self)
{
  g_return_val_if_fail (PD_IS_ORDER (self), FALSE);

  return self->mismatch != NULL && self->mismatch[0] != NULL;
}

gboolean
pd_order_needs_attention (PdOrder *self,
                          gint64   now)
{
  PdOrderState state;

  g_return_val_if_fail (PD_IS_ORDER (self), FALSE);

  state = pd_order_get_state (self);
  if (pd_order_state_in_group (state, PD_ORDER_GROUP_ATTENTION) || pd_order_has_mismatch (self))
    return TRUE;

  /* Past its deadline the payer can no longer top it up: the merchant
   * has to settle it with them. */
  return state == PD_ORDER_STATE_PAID_LESS &&
         pd_order_get_expires_at (self) > 0 && now > pd_order_get_expires_at (self);
}

gboolean
pd_order_in_group (PdOrder      *self,
                   PdOrderGroup  group,
                   gint64        now)
{
  g_return_val_if_fail (PD_IS_ORDER (self), FALSE);

  if (group == PD_ORDER_GROUP_ATTENTION)
    return pd_order_needs_attention (self, now);

  return pd_order_state_in_group (pd_order_get_state (self), group);
}

/**
 * pd_order_dup_remaining_amount:
 *
 * For an underpayment (paid_less): what the payer still owes, in the
 * payable asset.
 *
 * Returns: (transfer full) (nullable): max(payable − payment, 0), or %NULL
 *   when either amount is not a known decimal, or when the payment does
 *   not match the order
 */
char *
pd_order_dup_remaining_amount (PdOrder *self)
{
  g_return_val_if_fail (PD_IS_ORDER (self), NULL);

  /* MixPay computes the payable amount from the link the payer paid
   * through: after an edit it is the edited amount, not the order's. */
  if (pd_order_has_mismatch (self))
    return NULL;

  return _pd_order_dup_shortfall (self);
}

char *
_pd_order_dup_shortfall (PdOrder *self)
{
  const char *payable;
  const char *payment;

  g_return_val_if_fail (PD_IS_ORDER (self), NULL);

  payable = pd_order_get_payable_amount (self);
  payment = pd_order_get_payment_amount (self);

  if (!pd_decimal_is_valid (payable) || !pd_decimal_is_valid (payment))
    return NULL;

  /* The spec subtracts one from the other (§3), which means something
   * only while both are in the same asset: a reminder must not ask for a
   * difference between two assets. */
  if (pd_order_get_payable_symbol (self) != NULL && pd_order_get_payment_symbol (self) != NULL &&
      g_ascii_strcasecmp (pd_order_get_payable_symbol (self), pd_order_get_payment_symbol (self)) != 0)
    return NULL;

  return pd_decimal_subtract_clamped (payable, payment);
}

void
pd_order_get_paylink_params (PdOrder         *self,
                             PdPaylinkParams *params)
{
  g_return_if_fail (PD_IS_ORDER (self));
  g_return_if_fail (params != NULL);

  *params = (PdPaylinkParams) {
    .payee_id = pd_order_get_payee_id (self),
    .settlement_asset_id = pd_order_get_settlement_asset_id (self),
    .quote_asset_id = pd_order_get_quote_asset_id (self),
    .quote_amount = pd_order_get_quote_amount (self),
    .order_id = pd_order_get_order_id (self),
    .return_to = pd_order_get_return_to (self),
    .trace_id = pd_order_get_trace_id (self),
    .remark = pd_order_get_remark (self),
    .expired_timestamp = pd_order_get_expires_at (self),
  };
}

gboolean
pd_order_build_paylink (PdOrder     *self,
                        const char  *pay_base,
                        GError     **error)
{
  PdPaylinkParams params;
  g_autofree char *link = NULL;

  g_return_val_if_fail (PD_IS_ORDER (self), FALSE);

  pd_order_get_paylink_params (self, &params);
  link = pd_paylink_build (&params, pay_base, error);
  if (link == NULL)
    return FALSE;

  pd_order_set_link_kind (self, PD_ORDER_LINK_KIND_PAYLINK);
  pd_order_set_link (self, link);
  return TRUE;
}

/* Search ------------------------------------------------------------- */

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;

  return TRUE;
}

/**
 * pd_order_fold_search_text:
 * @text: what the user typed
 *
 * Folds @text as search keys are folded: normalised and case-folded, so
 * that "ÉCLAIR" finds "éclair".
 *
 * Returns: (transfer full): the folded text, to find in
 *   pd_order_get_search_key() with strstr()
 */
char *
pd_order_fold_search_text (const char *text)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  /* Order IDs and amounts, and most notes: ASCII, which normalisation
   * leaves alone and case folding lowers. Ten times faster than the
   * Unicode tables, and it is done for every order of the ledger. */
  if (is_ascii (text))
    return g_ascii_strdown (text, -1);

  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

/* g_ascii_tolower() is a call per character, which made building the
 * keys of a large ledger three times slower. */
static inline char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* The common all-ASCII case in one pass, without the joined copy. */
static char *
make_search_key (PdOrder *self)
{
  const char *fields[] = {
    pd_order_get_order_id (self),
    pd_order_get_note (self),
    pd_order_get_quote_amount (self),
  };
  gsize length = G_N_ELEMENTS (fields);
  char *key;
  char *out;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    length += fields[i] != NULL ? strlen (fields[i]) : 0;

  key = out = g_malloc (length);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      for (const char *p = fields[i]; p != NULL && *p != '\0'; p++)
        {
          if ((guchar) *p >= 0x80)
            {
              g_autofree char *joined = NULL;

              g_free (key);
              joined = g_strjoin ("\n", fields[0] ?: "", fields[1] ?: "", fields[2] ?: "", NULL);
              return pd_order_fold_search_text (joined);
            }
          *out++ = ascii_lower (*p);
        }
      *out++ = i + 1 < G_N_ELEMENTS (fields) ? '\n' : '\0';
    }

  return key;
}

/**
 * pd_order_get_search_key:
 *
 * The text a search looks in: the order ID, the note and the quote
 * amount, one a line so that a search never matches across two fields,
 * folded as pd_order_fold_search_text() folds. Made on first use and
 * kept until one of those fields changes; PdStore makes it as it reads
 * the order, so the first search does not pay for 100,000 of them.
 *
 * Returns: (transfer none): the key, owned by @self
 */
const char *
pd_order_get_search_key (PdOrder *self)
{
  g_return_val_if_fail (PD_IS_ORDER (self), NULL);

  if (self->search_key == NULL)
    self->search_key = make_search_key (self);

  return self->search_key;
}
