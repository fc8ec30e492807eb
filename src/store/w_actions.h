/*
 * w_actions: writing action points and progress updates (with assessments). Every write runs in one transaction and records an
 * audit entry with before and after.
 */
#ifndef LIA_STORE_W_ACTIONS_H
#define LIA_STORE_W_ACTIONS_H

#include "store/store.h"

#endif
