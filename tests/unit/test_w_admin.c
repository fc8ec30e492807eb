/*
 * Unit tests: store writes (w_admin).
 */
#include "store/db.h"

#include <criterion/criterion.h>
