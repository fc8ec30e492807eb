/*
 * w_events: writing events (see w_events.h).
 */
#include "store/w_events.h"

#include "store/db.h"
