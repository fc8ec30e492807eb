/*
 * Unit tests: store writes (w_actions).
 */
#include "store/db.h"

#include <criterion/criterion.h>
