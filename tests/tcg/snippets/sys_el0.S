/*
 * System instructions a user program may run (SYS): MRS/MSR of NZCV,
 * FPCR (the v8.0 bits: AHP, DN, FZ, RMode), FPSR, TPIDR_EL0; CLREX,
 * barriers and hints. (DC ZVA and DCZID_EL0 are left to the unit tests:
 * qemu-aarch64's CPU zeroes 512-byte blocks, ours 64, both valid.)
 */
	/* NZCV: only bits 31:28 exist */
	ldr	x0, =0xffffffffffffffff
	msr	nzcv, x0
	mrs	x1, nzcv
	save	x1
	msr	nzcv, xzr
	mrs	x1, nzcv
	save	x1

	/* FPCR: each v8.0 control field, then all of them */
	.irp	v, 0x00400000, 0x00800000, 0x00c00000, 0x01000000, 0x02000000, 0x04000000, 0x07c00000
	ldr	x2, =\v
	msr	fpcr, x2
	mrs	x3, fpcr
	save	x3
	.endr
	msr	fpcr, xzr

	/* FPSR: cumulative flags and QC */
	ldr	x4, =0x0800009f
	msr	fpsr, x4
	mrs	x5, fpsr
	save	x5
	msr	fpsr, xzr
	mrs	x5, fpsr
	save	x5

	/* TPIDR_EL0 holds 64 bits */
	ldr	x6, =0x0123456789abcdef
	msr	tpidr_el0, x6
	mrs	x7, tpidr_el0
	save	x7

	/* hints, barriers and CLREX do not change registers */
	nop
	yield
	sev
	sevl
	wfe
	clrex
	dmb	ish
	dsb	sy
	isb
	mrs	x12, nzcv
	save	x12
