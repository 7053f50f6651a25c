/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ground floor (util/): small helpers every module may use. Nothing
 * here knows about the board, devices or accelerators.
 */
#ifndef ARMVISOR_UTIL_H
#define ARMVISOR_UTIL_H

/* Elements in an array (not a pointer: sizeof would lie). */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
