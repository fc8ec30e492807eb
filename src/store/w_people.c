/*
 * w_people: writing people and partner organisations (see w_people.h).
 */
#include "store/w_people.h"

#include "store/db.h"
