/* pd-decimal.h: exact decimal amounts as strings
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Money is never a double. An amount is a string of ASCII digits with at
 * most one '.', digits on both sides of it: the form MixPay uses in links
 * and in every API answer ("10", "10.013", "0.00003"). Everything here
 * works on that text, digit by digit. */

#define PD_DECIMAL_ERROR (pd_decimal_error_quark ())

typedef enum
{
  PD_DECIMAL_ERROR_EMPTY,
  PD_DECIMAL_ERROR_SYNTAX,
  PD_DECIMAL_ERROR_NOT_POSITIVE,
  PD_DECIMAL_ERROR_TOO_MANY_DECIMALS,
  PD_DECIMAL_ERROR_TOO_LONG,
} PdDecimalError;

/* Longest amount text accepted by pd_decimal_parse(); far beyond any real
 * price, short enough that hostile input is refused early. The other
 * functions take plain decimals of any length: a sum of two of the longest
 * amounts is longer. */
#define PD_DECIMAL_MAX_LENGTH 64

GQuark    pd_decimal_error_quark         (void);

gboolean  pd_decimal_is_valid            (const char  *text);
char     *pd_decimal_parse               (const char  *text,
                                          GError     **error);
char     *pd_decimal_normalize           (const char  *text);
gboolean  pd_decimal_is_normalized       (const char  *text);
int       pd_decimal_compare             (const char  *a,
                                          const char  *b);
gboolean  pd_decimal_equal               (const char  *a,
                                          const char  *b);
gboolean  pd_decimal_is_zero             (const char  *text);
guint     pd_decimal_count_decimals      (const char  *text);
gboolean  pd_decimal_check_decimals      (const char  *text,
                                          guint        max_decimals,
                                          GError     **error);
char     *pd_decimal_subtract_clamped    (const char  *a,
                                          const char  *b);
char     *pd_decimal_add                 (const char  *a,
                                          const char  *b);

G_END_DECLS
