// SPDX-License-Identifier: GPL-2.0
/*
 * The registers gdb sees: the target description (gdb's manual, "Target
 * Descriptions", features org.gnu.gdb.aarch64.core and .fpu, which gdb's
 * aarch64 support requires by these names) and their encoding in g/G/p/P
 * packets: target byte order (little-endian), in description order.
 */
#include <stdio.h>
#include <string.h>

#include "gdbstub_priv.h"

#define REG_X0		0
#define REG_SP		31
#define REG_PC		32
#define REG_CPSR	33
#define REG_V0		34
#define REG_FPSR	66
#define REG_FPCR	67

/* Written for armvisor; the feature and register names are gdb's. */
const char gdb_target_xml[] =
	"<?xml version=\"1.0\"?>"
	"<!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
	"<target><architecture>aarch64</architecture>"
	"<feature name=\"org.gnu.gdb.aarch64.core\">"
#define X(n) "<reg name=\"x" #n "\" bitsize=\"64\" type=\"int\"/>"
	X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12)
	X(13) X(14) X(15) X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23)
	X(24) X(25) X(26) X(27) X(28) X(29) X(30)
#undef X
	"<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\"/>"
	"<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/>"
	"<reg name=\"cpsr\" bitsize=\"32\" type=\"int\"/>"
	"</feature>"
	"<feature name=\"org.gnu.gdb.aarch64.fpu\">"
	"<vector id=\"v2d\" type=\"uint64\" count=\"2\"/>"
	"<vector id=\"v4s\" type=\"uint32\" count=\"4\"/>"
	"<vector id=\"v8h\" type=\"uint16\" count=\"8\"/>"
	"<vector id=\"v16b\" type=\"uint8\" count=\"16\"/>"
	"<union id=\"vreg\">"
	"<field name=\"d\" type=\"v2d\"/><field name=\"s\" type=\"v4s\"/>"
	"<field name=\"h\" type=\"v8h\"/><field name=\"b\" type=\"v16b\"/>"
	"<field name=\"q\" type=\"uint128\"/></union>"
#define V(n) "<reg name=\"v" #n "\" bitsize=\"128\" type=\"vreg\"/>"
	V(0) V(1) V(2) V(3) V(4) V(5) V(6) V(7) V(8) V(9) V(10) V(11) V(12)
	V(13) V(14) V(15) V(16) V(17) V(18) V(19) V(20) V(21) V(22) V(23)
	V(24) V(25) V(26) V(27) V(28) V(29) V(30) V(31)
#undef V
	"<reg name=\"fpsr\" bitsize=\"32\" type=\"int\"/>"
	"<reg name=\"fpcr\" bitsize=\"32\" type=\"int\"/>"
	"</feature></target>";

/* Where register n lives in regs, and its size in bytes. */
static uint8_t *reg_slot(struct accel_debug_regs *regs, uint64_t n, size_t *size)
{
	*size = 8;
	if (n < 31)
		return (uint8_t *)&regs->x[n];
	switch (n) {
	case REG_SP:
		return (uint8_t *)&regs->sp;
	case REG_PC:
		return (uint8_t *)&regs->pc;
	case REG_CPSR:
		*size = 4;
		return (uint8_t *)&regs->cpsr;
	case REG_FPSR:
		*size = 4;
		return (uint8_t *)&regs->fpsr;
	case REG_FPCR:
		*size = 4;
		return (uint8_t *)&regs->fpcr;
	default:
		break;
	}
	if (n >= REG_V0 && n < REG_V0 + 32) {
		*size = 16;
		return regs->v[n - REG_V0];
	}
	return NULL;
}

/* The host is little-endian like the target (x86-64 and arm64 builds). */
bool gdb_regs_get_one(const struct accel_debug_regs *regs, uint64_t n,
		      struct gdb_reply *r)
{
	size_t size;
	const uint8_t *p = reg_slot((struct accel_debug_regs *)regs, n, &size);

	if (!p || r->len + 2 * size > GDB_PKT_MAX)
		return false;
	gdb_hex_encode(p, size, r->buf + r->len);
	r->len += 2 * size;
	return true;
}

void gdb_regs_get_all(const struct accel_debug_regs *regs, struct gdb_reply *r)
{
	uint64_t n;

	for (n = 0; n < GDB_NREGS; n++)
		gdb_regs_get_one(regs, n, r);
}

bool gdb_regs_set_one(struct accel_debug_regs *regs, uint64_t n, const char *hex,
		      size_t len)
{
	size_t size;
	uint8_t *p = reg_slot(regs, n, &size);

	if (!p || len != 2 * size)
		return false;
	return gdb_hex_bytes(hex, size, p);
}

/* G: every register in order, all or nothing. */
bool gdb_regs_set_all(struct accel_debug_regs *regs, const char *hex, size_t len)
{
	struct accel_debug_regs tmp = *regs;
	size_t size, off = 0;
	uint64_t n;

	for (n = 0; n < GDB_NREGS; n++) {
		reg_slot(&tmp, n, &size);
		if (off + 2 * size > len ||
		    !gdb_regs_set_one(&tmp, n, hex + off, 2 * size))
			return false;
		off += 2 * size;
	}
	if (off != len)
		return false;
	*regs = tmp;
	return true;
}
