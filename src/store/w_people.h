/*
 * w_people: writing people and partner organisations. Every write runs in one transaction and records an
 * audit entry with before and after.
 */
#ifndef LIA_STORE_W_PEOPLE_H
#define LIA_STORE_W_PEOPLE_H

#include "store/store.h"

#endif
