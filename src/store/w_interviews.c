/*
 * w_interviews: writing interviews with their participants and action points (see w_interviews.h).
 */
#include "store/w_interviews.h"

#include "store/db.h"
