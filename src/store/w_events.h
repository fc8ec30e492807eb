/*
 * w_events: writing events. Every write runs in one transaction and records an
 * audit entry with before and after.
 */
#ifndef LIA_STORE_W_EVENTS_H
#define LIA_STORE_W_EVENTS_H

#include "store/store.h"

#endif
