/*
 * w_periods: writing reporting periods (open, publish) and narratives (highlights, outlook). Every write runs in one transaction and records an
 * audit entry with before and after.
 */
#ifndef LIA_STORE_W_PERIODS_H
#define LIA_STORE_W_PERIODS_H

#include "store/store.h"

#endif
