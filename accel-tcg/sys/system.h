/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the system*.c files only: the sub-decoders of decode_system.
 */
#ifndef ACCEL_TCG_SYSTEM_H
#define ACCEL_TCG_SYSTEM_H

#include <stdint.h>

#include "cpu.h"

int decode_hint(uint32_t raw, struct insn *out);	/* system_hint.c */
int decode_barrier(uint32_t raw, struct insn *out);	/* system_hint.c */
int decode_sys(uint32_t raw, struct insn *out);		/* system_sys.c */

#endif
