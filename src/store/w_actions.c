/*
 * w_actions: writing action points and progress updates (with assessments) (see w_actions.h).
 */
#include "store/w_actions.h"

#include "store/db.h"
