/*
 * w_interviews: writing interviews with their participants and action points. Every write runs in one transaction and records an
 * audit entry with before and after.
 */
#ifndef LIA_STORE_W_INTERVIEWS_H
#define LIA_STORE_W_INTERVIEWS_H

#include "store/store.h"

#endif
