/*
 * w_periods: writing reporting periods (open, publish) and narratives (highlights, outlook) (see w_periods.h).
 */
#include "store/w_periods.h"

#include "store/db.h"
