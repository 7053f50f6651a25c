/* TBL/TBX (1-4 registers, wrap past V31), ZIP/UZP/TRN, EXT, DUP/INS. */
#include "fp/macros.inc"
	vinit
	vpair	8, 0x0706050403020100, 0x0f0e0d0c0b0a0908
	vpair	9, 0x1f1e1d1c1b1a1918, 0x402010ff3f302f20
	vpair	30, 0x1111111111111111, 0x2222222222222222
	vpair	31, 0x3333333333333333, 0x4444444444444444
	.irp	idx, 6, 8, 9
	mov	v16.16b, v5.16b
	tbl	v16.16b, {v0.16b}, v\idx\().16b
	mov	v17.16b, v5.16b
	tbl	v17.8b, {v0.16b, v1.16b}, v\idx\().8b
	mov	v18.16b, v5.16b
	tbx	v18.16b, {v1.16b, v2.16b, v3.16b}, v\idx\().16b
	mov	v19.16b, v5.16b
	tbx	v19.8b, {v30.16b, v31.16b, v0.16b, v1.16b}, v\idx\().8b
	mov	v20.16b, v5.16b
	tbl	v20.16b, {v31.16b, v0.16b}, v\idx\().16b
	.irp	r, 16, 17, 18, 19, 20
	saveq	q\r
	.endr
	.endr
	.irp	op, zip1, zip2, uzp1, uzp2, trn1, trn2
	.irp	t, 8b, 16b, 4h, 8h, 2s, 4s, 2d
	vop3	\op, \t, 0, 1
	.endr
	vop3	\op, 16b, 0, 0
	.endr
	.irp	imm, 0, 1, 7, 15
	ext	v16.16b, v0.16b, v1.16b, #\imm
	saveq	q16
	.endr
	.irp	imm, 0, 3, 7
	ext	v16.8b, v0.8b, v1.8b, #\imm
	saveq	q16
	.endr
	ext	v0.16b, v0.16b, v0.16b, #5
	saveq	q0
