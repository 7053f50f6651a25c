/*
 * Instruction test wrapper: a deterministic start state, the snippet
 * (SNIPPET, #included), then the end: under qemu-aarch64-static
 * (USER_MODE) dump the state (state.h layout) to stdout and exit; under
 * tcg-run a BRK, after which tcg-run dumps our CPU state.
 *
 * At entry of the snippet: x0..x26, x28..x30 hold distinct patterns,
 * x27 = the 32 KiB data region (bytes (i * 37 + 11) & 0xff), sp = a
 * 64 KiB stack, NZCV = 0, FPCR = FPSR = 0, V registers zero.
 *
 * Helpers for snippets: "save xN" stores xN at [x27] and advances x27
 * (the comparison then names the slot); "saveflags" stores NZCV there
 * (clobbers x26); "setflags N" sets NZCV to N << 28 (clobbers x26).
 */
	.macro	save reg
	str	\reg, [x27], #8
	.endm

	.macro	saveflags
	mrs	x26, nzcv
	str	x26, [x27], #8
	.endm

	.macro	setflags nzcv
	mov	x26, #((\nzcv) << 28)
	msr	nzcv, x26
	.endm

	.macro setreg n
	movz	x\n, #((\n * 0x1111 + 0x0123) & 0xffff)
	movk	x\n, #((\n * 0x0f0f + 0x4567) & 0xffff), lsl #16
	movk	x\n, #((\n * 0x3333 + 0x89ab) & 0xffff), lsl #32
	movk	x\n, #((\n * 0x0707 + 0xcdef) & 0xffff), lsl #48
	.endm

	.text
	.globl	_start
_start:
	movz	x0, #(0x40120000 >> 16), lsl #16
	mov	sp, x0
	msr	nzcv, xzr
	msr	fpcr, xzr
	msr	fpsr, xzr
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,28,29,30
	setreg	\n
	.endr
	movz	x27, #(0x40100000 >> 16), lsl #16

#include SNIPPET

end_of_test:
#ifdef USER_MODE
	msr	tpidr_el0, x0
	adrp	x0, state_area
	add	x0, x0, :lo12:state_area
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	str	x\n, [x0, #(8 + 8 * \n)]
	.endr
	mrs	x1, tpidr_el0
	str	x1, [x0, #8]
	mov	x1, sp
	str	x1, [x0, #(8 + 8 * 31)]
	mrs	x1, nzcv
	str	x1, [x0, #(8 + 8 * 32)]
	mrs	x1, fpcr
	str	x1, [x0, #(8 + 8 * 33)]
	mrs	x1, fpsr
	str	x1, [x0, #(8 + 8 * 34)]
	add	x1, x0, #(8 + 8 * 36)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	str	q\n, [x1], #16
	.endr
	mov	x1, x0			/* write(1, state_area, head) */
	mov	x0, #1
	mov	x2, #(8 + 8 * 36 + 512)
	mov	x8, #64
	svc	#0
	mov	x0, #1			/* write(1, test_data, 32 KiB) */
	movz	x1, #(0x40100000 >> 16), lsl #16
	mov	x2, #32768
	mov	x8, #64
	svc	#0
	mov	x0, #0			/* exit_group(0) */
	mov	x8, #94
	svc	#0
#else
	brk	#0x7ff
#endif

	.data
	.balign	16
test_data:
	.set	i, 0
	.rept	32768
	.byte	(i * 37 + 11) & 0xff
	.set	i, i + 1
	.endr

	.balign	16
state_area:
	.ascii	"AVSTATE1"
	.skip	8 * 36 + 512
