/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Data processing - register (ARM ARM C4.1.95), split by concern:
 * dp_reg.c (dispatch, logical and add/subtract), dp_cond.c (carry,
 * conditional compare and select), dp_src.c (1-, 2- and 3-source).
 */
#ifndef ACCEL_TCG_DP_REG_H
#define ACCEL_TCG_DP_REG_H

#include <stdint.h>

#include "cpu.h"

int decode_adc(uint32_t raw, struct insn *out);
int decode_ccmp(uint32_t raw, struct insn *out);
int decode_csel(uint32_t raw, struct insn *out);
int decode_dp_1src(uint32_t raw, struct insn *out);
int decode_dp_2src(uint32_t raw, struct insn *out);
int decode_dp_3src(uint32_t raw, struct insn *out);

#endif
