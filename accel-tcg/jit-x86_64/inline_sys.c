// SPDX-License-Identifier: GPL-2.0
/*
 * MRS and MSR (register) of plain system registers emitted inline: those
 * whose value is a uint64_t in struct cpu_state with no read or write
 * hook and no access function (sys/sysreg.c's PLAIN entries: TPIDR_EL0,
 * TPIDR_EL1, TPIDRRO_EL0, VBAR_EL1, MAIR_EL1...), and only where the
 * block's EL may access them by the table's flags. That is all
 * sysreg_mrs/sysreg_msr do for them (sysreg_read_field,
 * sysreg_write_field); everything else calls the handler, which checks
 * and traps.
 */
#include "sys/sys.h"
#include "jit_priv.h"

/* The register when it is plain and accessible at el, else NULL. */
static const struct sysreg_desc *plain_at(const struct insn *in, unsigned int el, bool write)
{
	const struct sysreg_desc *d = in->sys.desc;
	unsigned int need;

	if (el == JIT_EL_RUNTIME || d->access)
		return NULL;
	if (write ? d->write != NULL : d->read != NULL)
		return NULL;
	if (el)
		need = write ? SR_W : SR_R;
	else
		need = write ? SR_EL0W : SR_EL0R;
	return d->flags & need ? d : NULL;
}

bool jit_emit_inline_sys(struct x86_emit *e, const struct insn *in, unsigned int el)
{
	bool write = in->fn == sys_msr;
	const struct sysreg_desc *d;

	if (in->fn != sys_mrs && !write)
		return false;
	d = plain_at(in, el, write);
	if (!d)
		return false;
	if (write) {
		/* rn: Rt as a source, where 31 reads as zero (decode_mrs_msr). */
		x86_emit_load_zx(e, X86_SZ64, X86_RAX, jit_reg(in->rn));
		x86_emit_store(e, X86_SZ64, jit_field(d->off), X86_RAX);
	} else if (in->rd != 31) {
		x86_emit_load_zx(e, X86_SZ64, X86_RAX, jit_field(d->off));
		x86_emit_store(e, X86_SZ64, jit_reg(in->rd), X86_RAX);
	}
	return true;
}
