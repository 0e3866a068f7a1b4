/* pd-fuzz.h: what every libFuzzer target of Paydesk shares
 *
 * Copyright 2026 The Paydesk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* libFuzzer calls these; declared here so -Wmissing-prototypes is happy. */
int  LLVMFuzzerInitialize   (int            *argc,
                             char         ***argv);
int  LLVMFuzzerTestOneInput (const guint8   *data,
                             size_t          size);

/* Makes criticals and warnings fatal, so a g_return_if_fail() reached by
 * fuzzed input is a crash libFuzzer reports, not a line in a log. */
void   pd_fuzz_init              (void);

/* Splits @data at NUL bytes into at most @n_fields strings; missing fields
 * are "". Free with g_strfreev(). */
char **pd_fuzz_split_fields      (const guint8 *data,
                                  size_t        size,
                                  guint         n_fields);

/* Aborts with @what in the message: an invariant the fuzzer broke. */
G_NORETURN
void   pd_fuzz_fail              (const char   *what,
                                  const char   *expression);

#define pd_fuzz_check(expr, what) \
  G_STMT_START { \
    if (G_UNLIKELY (!(expr))) \
      pd_fuzz_fail (what, #expr); \
  } G_STMT_END

G_END_DECLS
