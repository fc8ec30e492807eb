/*
 * Unit tests: store writes (w_people).
 */
#include "store/db.h"

#include <criterion/criterion.h>
