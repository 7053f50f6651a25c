/* SPDX-License-Identifier: GPL-2.0 */
/*
 * accel-tcg: the emulated AArch64 CPU (ARMv8.0, EL0/EL1, AArch64 only).
 *
 * Execution model (docs/ARCHITECTURE.md, "accel-tcg"):
 *   decode    one A64 word -> struct insn (handler + pre-extracted fields
 *             in a named view per encoding group); a64/decode.c
 *             dispatches to one decoder per group.
 *   translate a guest block (straight line up to a branch, an exception
 *             generating or system instruction, or the page end) is
 *             decoded once and cached, keyed by guest physical PC + mode
 *             (engine/).
 *   execute   the portable tier runs a block's handlers in order
 *             (threaded code, engine/exec.c). The x86-64 code-emitting
 *             tier (jit-x86_64/) reuses the same decoded form and helpers.
 *
 * The folders (one concern each, one public header each): engine/, a64/,
 * fpsimd/, mem/, sys/, gic/, gdb/. This file: the register file, struct
 * insn and the contracts between the folders.
 */
#ifndef ACCEL_TCG_CPU_H
#define ACCEL_TCG_CPU_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guestmem.h"
#include "mmio.h"

struct vm;
struct tcg_vm;
struct cpu_state;
struct insn;

/*
 * Register indices in cpu->r[] as the decoder resolves them, so that
 * handlers never test for register 31:
 *   0..30     X0..X30
 *   REG_ZR    reads as zero (XZR/WZR as a source)
 *   REG_SP    the current stack pointer (SP_EL0 or SP_ELx per PSTATE.SP)
 *   REG_SINK  a write-only slot: XZR/WZR as a destination
 * Use reg_src()/reg_dst() in decoders.
 */
#define REG_ZR		31
#define REG_SP		32
#define REG_SINK	33
#define REG_COUNT	34

/* Handler return values (insn_fn). */
#define INSN_NEXT	0	/* go on with the next insn of the block */
#define INSN_BRANCH	1	/* cpu->pc was set: leave the block */
#define INSN_EXC	2	/* an exception was taken (cpu->pc = vector) */
#define INSN_EXIT	3	/* leave the run loop: WFI, state change; cpu->pc set */

typedef int (*insn_fn)(struct cpu_state *cpu, const struct insn *in);

/*
 * Field extraction in the Arm ARM's notation: BITS(raw, 15, 10) is
 * insn<15:10>, BIT(raw, 22) is insn<22>, SBITS(raw, 23, 5) is
 * SignExtend(insn<23:5>) (ARM ARM J1 shared pseudocode). hi >= lo.
 */
#define BITS(raw, hi, lo)						\
	(((uint32_t)(raw) >> (lo)) & (uint32_t)((2ull << ((hi) - (lo))) - 1))
#define BIT(raw, n)		BITS(raw, n, n)
#define SBITS(raw, hi, lo)						\
	((int64_t)((uint64_t)(raw) << (63 - (hi))) >> (63 - (hi) + (lo)))

/*
 * Named encodings: ENC_X_MASK selects the fixed bits of encoding X and
 * ENC_X_VAL gives their value, as the Arm ARM's encoding diagrams do.
 */
#define MATCH(raw, enc)		(((raw) & enc##_MASK) == enc##_VAL)

/* HINT #imm: CRm:op2 = insn<11:5> (ARM ARM C6.2.94). */
#define ENC_HINT_MASK		0xfffff01fu
#define ENC_HINT_VAL		0xd503201fu

/*
 * A 64-bit field of an insn view. Four-byte alignment lets a view hold
 * two of them and a few small fields in the 20 bytes between fn and
 * off, so struct insn stays 40 bytes; x86-64 and arm64 hosts load it
 * with one instruction either way.
 */
typedef uint64_t insn_u64 __attribute__((aligned(4)));

/*
 * The views of struct insn, one per encoding group or class, named after
 * the Arm ARM's fields and pseudocode variables (ARM ARM C4.1 and the
 * instruction pages of C6/C7). Values a decoder pre-computes say so.
 */

/* Data processing - immediate (C4.1.86): ADR/ADRP, ADD/SUB, logical, MOV*. */
struct insn_dpi {
	insn_u64 imm;		/* ADR(P) offset, imm12 (negated: SUB), bit mask, MOV value */
	insn_u64 hw_mask;	/* MOVK: the 16 bits at hw * 16 that imm replaces */
};

/* CMP (SUBS to XZR) fused with the B.cond after it (translate.c). */
struct insn_cmp_bcond {
	insn_u64 imm;		/* the CMP immediate: overlays dpi.imm */
	insn_u64 offset;	/* the branch target from the CMP */
	uint8_t cond;
};

/* Bitfield (C6.2.29 BFM, C6.2.262 SBFM, C6.2.366 UBFM): DecodeBitMasks. */
struct insn_bfm {
	insn_u64 wmask, tmask;
	uint8_t immr;		/* R: rotate right */
	uint8_t imms;		/* S: the sign bit of SBFM */
};

/* LSL/LSR/ASR (immediate), the UBFM/SBFM aliases; EXTR's lsb (imms). */
struct insn_shift_imm {
	uint8_t amount;
};

/* Branches (C4.1.87): B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ. */
struct insn_branch {
	insn_u64 offset;	/* target - PC: SignExtend(imm26/imm19/imm14:'00') */
	insn_u64 mask;		/* CBZ: the operand (32 or 64 bits); TBZ: bit b5:b40 */
	uint8_t cond;		/* B.cond */
	uint8_t op;		/* CBNZ, TBNZ */
};

/* Logical and add/subtract (shifted or extended register), C4.1.95. */
struct insn_op2 {
	uint8_t shift;		/* shift type (LSL, LSR, ASR, ROR) */
	uint8_t option;		/* extend type (UXTB..SXTX) when extended */
	uint8_t amount;		/* imm6, or imm3 when extended */
	uint8_t extended;	/* ADD/SUB (extended register) */
	uint8_t n;		/* logical: N inverts the operand (BICS) */
};

/* ADC, ADCS, SBC, SBCS (C6.2.1). */
struct insn_adc {
	uint8_t op;		/* 1: subtract (SBC) */
	uint8_t s;		/* set flags */
};

/* CCMN/CCMP, register and immediate (C6.2.49). */
struct insn_ccmp {
	insn_u64 imm5;
	uint32_t nzcv;		/* the flags when cond fails, at bits 31:28 */
	uint8_t cond;
	uint8_t op;		/* 1: CCMP (subtract) */
	uint8_t is_imm;		/* operand 2 is imm5, not Rm */
};

/* CSEL, CSINC, CSINV, CSNEG (C6.2.69). */
struct insn_csel {
	uint8_t cond;
	uint8_t op_o2;		/* op:o2: else Rm, Rm + 1, NOT Rm, -Rm */
};

/* Data processing (1 and 2 source, 3 source), C4.1.95. */
struct insn_dp {
	insn_u64 poly;		/* CRC32/CRC32C: the bit-reflected polynomial */
	uint8_t shift;		/* LSLV..RORV: the shift type (op2) */
	uint8_t bytes;		/* CRC32: bytes of Rm (1 << sz) */
	uint8_t container;	/* REV16/REV32/REV: container_size */
	uint8_t is_signed;	/* SMADDL/SMSUBL: !U */
	uint8_t sub;		/* [SU]MSUBL: o0 */
};

/* Loads and stores, single register (C4.1.4, C6.2.x LDR/STR). */
struct insn_ldst {
	insn_u64 offset;	/* immediate offset, scaled; literal: from PC */
	uint8_t size;		/* log2 of the access size in bytes */
	uint8_t mode;		/* enum ldst_mode (mem/mem.h) */
	uint8_t ext;		/* enum ldst_ext: sign extension of loads */
	uint8_t flags;		/* MEM_UNPRIV for LDTR/STTR */
	uint8_t option;		/* register offset: the extend type */
	uint8_t shift;		/* register offset: S ? size : 0 */
};

/* Load/store pair (C6.2.130 LDP, C6.2.130 LDPSW, C6.2.274 STP). */
struct insn_pair {
	insn_u64 offset;	/* SignExtend(imm7) << scale */
	uint8_t size;		/* log2 of one register's access size */
	uint8_t mode;		/* PAIR_OFF, PAIR_PRE, PAIR_POST */
	uint8_t sign;		/* LDPSW */
};

/* Load/store exclusive and ordered (C4.1.4). */
struct insn_excl {
	uint8_t size;		/* log2 of the access size in bytes */
	uint8_t pair;		/* LDXP/STXP: two registers */
	uint8_t o0;		/* acquire/release semantics */
};

/* AdvSIMD load/store multiple and single structures (C4.1.4). */
struct insn_vldst {
	insn_u64 post_imm;	/* post-index immediate: the bytes transferred */
	uint8_t size;		/* log2 of the element size */
	uint8_t selem;		/* structure elements */
	uint8_t rpt;		/* multiple: register repeats */
	uint8_t index;		/* single: the lane */
	uint8_t post;		/* post-index kind (ldst_simd.c) */
	uint8_t q;
};

/* Scalar FP (C4.1.6): FMOV (general, immediate, register halves), fp.c. */
struct insn_fmov {
	union {
		insn_u64 mask;	/* the bits moved: the element size, or W/X */
		insn_u64 imm;	/* FMOV (scalar, immediate): VFPExpandImm(imm8) */
	};
	uint8_t part;		/* FMOV to or from V.D[1] */
};

/* Scalar FP data processing, 1, 2 and 3 sources (fpscalar.c). */
struct insn_fpdp {
	uint8_t esz;		/* from ftype: 1 half, 2 single, 3 double */
	uint8_t op;		/* F1_* (1 source) or enum fp_binop (2 source) */
	uint8_t to_esz;		/* FCVT: the destination precision */
	uint8_t rmode;		/* FRINT*: enum fp_round */
	uint8_t neg;		/* FMADD..FNMSUB: bit 0 negates Rn, bit 1 the addend Ra */
};

/* FCMP, FCMPE, FCCMP, FCCMPE, FCSEL (fpcmp.c). */
struct insn_fcmp {
	uint32_t nzcv;		/* FCCMP: the flags when cond fails, at bits 31:28 */
	uint8_t esz;
	uint8_t cond;
	uint8_t signal;		/* the E forms: quiet NaNs raise Invalid Operation too */
	uint8_t zero;		/* compare with #0.0 */
};

/* Conversions between FP and integer or fixed point (fpconv.c). */
struct insn_fcvt {
	uint8_t esz;
	uint8_t rmode;		/* enum fp_round */
	uint8_t fbits;		/* 64 - scale; 0 for the integer forms */
	uint8_t is_signed;
};

/*
 * AdvSIMD element-wise classes (C4.1.6): three same/different, two-reg
 * misc, across lanes, by element, shift by immediate, permutes, FP.
 */
struct insn_vec {
	uint8_t esz;		/* log2 of the element size in bytes */
	union {
		uint8_t elements;	/* datasize DIV esize; 1 for the scalar forms */
		uint8_t bytes;		/* datasize DIV 8 (byte elements, TBL, EXT) */
	};
	uint8_t op;		/* the operation, from the enum of the handler's file */
	uint8_t upper;		/* the "2" forms (Q = 1): the upper half of the narrow side */
	uint8_t shift;		/* shift by immediate */
	uint8_t index;		/* by element: the index + 1; 0 when not indexed */
	uint8_t flags;		/* LF_* (long operations) or SHL_* (shifts) */
	uint8_t kind;		/* narrowing: NARROW_* (misc.c) or SHRN_* (shift.c) */
	uint8_t round;		/* the rounding R forms of the narrowing shifts */
	uint8_t is_signed;	/* U = 0 */
	uint8_t acc;		/* accumulate into Vd (SRA, ADALP) */
	uint8_t rmode;		/* FP conversions: enum fp_round */
	uint8_t fbits;		/* fixed-point conversions */
	uint8_t container;	/* REV16/REV32/REV64: the container (log2 bytes) */
	uint8_t part;		/* UZP2, TRN2, ZIP2 */
	uint8_t nregs;		/* TBL/TBX: table registers */
	uint8_t tbx;		/* TBX: out-of-range indices keep Vd */
	uint8_t pos;		/* EXT: the first byte (imm4) */
};

/* AdvSIMD modified immediate (C4.1.6): MOVI, MVNI, ORR, BIC (modimm.c). */
struct insn_vimm {
	insn_u64 imm;		/* AdvSIMDExpandImm, inverted for MVNI and BIC */
	uint8_t bytes;		/* datasize DIV 8 */
};

/* AdvSIMD copy (C4.1.6): DUP, INS, UMOV, SMOV (copy.c). */
struct insn_vcopy {
	uint8_t esz;
	uint8_t bytes;		/* datasize DIV 8 */
	uint8_t dst;		/* INS: the destination element */
	uint8_t src;		/* the source element */
};

/* MRS/MSR's system register table entry (sys/sysreg.c), aligned as insn_u64. */
struct sysreg_desc;
typedef const struct sysreg_desc *insn_sysreg_ptr __attribute__((aligned(4)));

/* System (C4.1.3): MSR/MRS, MSR (immediate), SYS, exception generation. */
struct insn_sys {
	insn_sysreg_ptr desc;	/* MRS/MSR: the register */

	insn_u64 imm;		/* MSR (immediate) value; SVC/BRK imm16 */
	uint16_t key;		/* op0:op1:CRn:CRm:op2 of the MSR form (trap ISS) */
	uint8_t set;		/* DAIFSet */
	uint8_t op;		/* SYS: index in sys_ops */
};

/*
 * One decoded instruction: the handler, the register indices the
 * decoder resolved (reg_src/reg_dst/reg_sp), and the fields of its
 * encoding group under that group's name (insn_views.h). A handler
 * reads only the view its decoder filled.
 */
struct insn {
	insn_fn fn;
	union {
		struct insn_dpi dpi;
		struct insn_cmp_bcond cmpb;
		struct insn_bfm bfm;
		struct insn_shift_imm shimm;
		struct insn_branch br;
		struct insn_op2 op2;
		struct insn_adc adc;
		struct insn_ccmp ccmp;
		struct insn_csel csel;
		struct insn_dp dp;
		struct insn_ldst ldst;
		struct insn_pair pair;
		struct insn_excl excl;
		struct insn_vldst vldst;
		struct insn_sys sys;
		struct insn_fmov fmov;
		struct insn_fpdp fpdp;
		struct insn_fcmp fcmp;
		struct insn_fcvt fcvt;
		struct insn_vec vec;
		struct insn_vimm vimm;
		struct insn_vcopy vcopy;
		unsigned char fields[20];	/* all of the views: fp_insn clears it */
	};
	uint16_t off;		/* byte offset of this insn from the block start */
	uint8_t rd, rn, rm, ra;
	uint8_t sf;		/* 1: 64-bit operation (the sf bit of integer groups) */
	uint32_t raw;		/* the encoding: logs, UNDEFINED reports */
};

/* The hot fields keep their places: handlers load them on every insn. */
_Static_assert(sizeof(struct insn) == 40, "struct insn grew");
_Static_assert(offsetof(struct insn, off) == 28, "insn off moved");
_Static_assert(offsetof(struct insn, rd) == 30, "insn rd moved");
_Static_assert(offsetof(struct insn, fields) + sizeof(((struct insn *)0)->fields) ==
	       offsetof(struct insn, off), "insn fields: not all of the views");

/* The address of the instruction being executed (blocks run at cpu->pc). */
static inline uint64_t insn_pc(const struct cpu_state *cpu, const struct insn *in);

/* PSTATE bits kept outside nzcv, as in SPSR (ARM ARM C5.2.18). */
#define PSTATE_SP	(1u << 0)	/* SPSel */
#define PSTATE_EL_SHIFT	2
#define PSTATE_F	(1u << 6)
#define PSTATE_I	(1u << 7)
#define PSTATE_A	(1u << 8)
#define PSTATE_D	(1u << 9)
#define PSTATE_DAIF	(PSTATE_D | PSTATE_A | PSTATE_I | PSTATE_F)
#define PSTATE_IL	(1u << 20)
#define PSTATE_SS	(1u << 21)
#define PSTATE_NZCV	0xf0000000u

#define NZCV_N		(1u << 31)
#define NZCV_Z		(1u << 30)
#define NZCV_C		(1u << 29)
#define NZCV_V		(1u << 28)

union vreg {
	uint8_t b[16];
	uint16_t h[8];
	uint32_t s[4];
	uint64_t d[2];
	float f32[4];
	double f64[2];
	unsigned __int128 q;
};

#include "sys/sys.h"	/* struct sysregs: owned by sysreg.c */
#include "mem/tlb_types.h"	/* struct tlb: owned by mem/tlb.c */

struct cpu_state {
	/* Hot state first: handlers touch these on every instruction. */
	uint64_t r[REG_COUNT];
	uint64_t pc;		/* start of the running block, or next PC */
	uint32_t nzcv;		/* N Z C V in bits 31..28 */
	/*
	 * Set from other threads (GIC, kicks, TLBIs); read at block
	 * boundaries. Beside pc, which every block exit writes, so that the
	 * x86-64 tier's entry check reads memory that is warm anyway: the
	 * four words stay adjacent (jit-x86_64/translate.c reads them as two
	 * 8-byte words).
	 */
	_Atomic uint32_t irq_level;	/* the GIC's IRQ output to this CPU */
	_Atomic uint32_t fiq_level;
	_Atomic uint32_t exit_request;	/* leave the run loop soon */
	/*
	 * Non-zero while other vCPUs have queued work for tlb (mem/tlb.c):
	 * the owner applies it before its next lookup.
	 */
	_Atomic uint32_t tlb_flush_req;
	/*
	 * mmu_current_asid() of TCR_EL1/TTBRn_EL1, for the TLB fast paths;
	 * every write of those registers calls mmu_asid_sync (mem/mem.h).
	 * Read by the x86-64 tier's blocks before their first access, so it
	 * sits with the words above.
	 */
	uint32_t mmu_asid;
	uint32_t pstate;	/* SPSel, EL, DAIF, IL, SS (PSTATE_* above) */
	unsigned int el;	/* 0 or 1, mirrors pstate */
	/*
	 * tvm->code_pages biased by the RAM base's page number: the code
	 * map's byte of a RAM page is at jit_code_map + (pa >> 12). Set by
	 * the first translation (engine/translate.c). Read by every store
	 * of the x86-64 tier's blocks.
	 */
	uintptr_t jit_code_map;

	union vreg v[32];
	uint32_t fpcr;
	uint32_t fpsr;

	uint64_t sp_el[2];	/* banked SP_EL0 / SP_EL1 (the live one is r[REG_SP]) */

	struct sysregs sys;

	/* Exclusive monitor (LDXR/STXR), ARM ARM B2.9. */
	uint64_t excl_addr;	/* physical address, ~0 when open */
	uint64_t excl_val[2];
	unsigned int excl_size;

	struct tlb tlb;

	/* Power state for PSCI: a CPU that is off does not run. */
	_Atomic int powered_on;
	bool halted;		/* in WFI */

	unsigned int index;	/* vCPU number */
	uint64_t mpidr;		/* MPIDR_EL1 as read by the guest (RES1 bit 31 set) */
	uint32_t midr;

	struct guest_ram *ram;
	struct mmio_bus *bus;
	struct vm *vm;
	struct tcg_vm *tvm;
	void *tcg_priv;		/* translate.c: block cache of this vCPU */

	/*
	 * The x86-64 tier's block chaining (jit-x86_64/jit.h): a direct
	 * exit not linked yet leaves its block (a struct tb) and slot + 1
	 * here for the run loop to link; jit_nochain keeps every block's
	 * exit in the run loop (tests that count blocks, -d nochain).
	 */
	const void *jit_src;
	uint32_t jit_slot;
	uint8_t jit_nochain;
};

static inline uint64_t insn_pc(const struct cpu_state *cpu, const struct insn *in)
{
	return cpu->pc + in->off;
}

/* Decoder helpers: map a 5-bit register field to an r[] index. */
static inline uint8_t reg_src(unsigned int n)	/* 31 = XZR */
{
	return (uint8_t)n;
}

static inline uint8_t reg_dst(unsigned int n)	/* 31 = XZR: the sink */
{
	return n == 31 ? REG_SINK : (uint8_t)n;
}

static inline uint8_t reg_sp(unsigned int n)	/* 31 = SP (source or destination) */
{
	return n == 31 ? REG_SP : (uint8_t)n;
}

/*
 * Decode one instruction. Fills *out (fn, fields) and returns 0; an
 * unallocated or unimplemented encoding gets fn = insn_undefined (logged
 * under -d unimp once it executes). Never fails otherwise.
 * Each group decoder has the same signature.
 */
int decode_insn(uint32_t raw, struct insn *out);
int decode_dp_imm(uint32_t raw, struct insn *out);	/* dp_imm.c */
int decode_branch_sys(uint32_t raw, struct insn *out);	/* branch.c (+system.c) */
int decode_system(uint32_t raw, struct insn *out);	/* system.c */
int decode_ldst(uint32_t raw, struct insn *out);	/* ldst.c */
int decode_dp_reg(uint32_t raw, struct insn *out);	/* dp_reg.c */
int decode_fpsimd(uint32_t raw, struct insn *out);	/* fpsimd*.c */

/* The UNDEFINED handler: takes the exception with EC 0 (ARM ARM D1.10.4). */
int insn_undefined(struct cpu_state *cpu, const struct insn *in);

/* Does this decoded insn end a block (branch, exception, system)? */
bool insn_ends_block(const struct insn *in);

/* Is it B, BL, B.cond, CBZ/CBNZ or TBZ/TBNZ (chainable successors)? */
bool insn_is_direct_branch(const struct insn *in);

/*
 * Compare-and-branch fusion (translate.c): when a block ends with CMP
 * (SUBS to XZR, immediate or plain register) then B.cond, the CMP is
 * replaced by one handler doing both (flags still written). Each
 * returns false when cmp is not a form it fuses.
 */
bool insn_is_bcond(const struct insn *in);
bool dpi_fuse_bcond(struct insn *cmp, const struct insn *bcond);	/* dp_imm.c */
bool dpr_fuse_bcond(struct insn *cmp, const struct insn *bcond);	/* dp_reg.c */

/* ---- Memory (mmu.c, tlb.c) ---- */

/* Access flags for mem_read/mem_write. */
#define MEM_UNPRIV	(1u << 0)	/* LDTR/STTR: permissions as EL0 */
#define MEM_ALIGN	(1u << 1)	/* must be size-aligned (exclusives, atomics, acquire/release) */
#define MEM_EXCL	(1u << 2)

/*
 * Read/write size bytes (1, 2, 4, 8, 16 for vectors) at virtual address
 * va for the insn at pc. Returns 0, or INSN_EXC after taking the Data
 * Abort (ESR, FAR, ELR set) or alignment fault. 16-byte accesses use
 * val[0] (low) and val[1]. Unaligned normal accesses work, also across
 * pages.
 */
int mem_read(struct cpu_state *cpu, uint64_t pc, uint64_t va, unsigned int size,
	     uint64_t *val, unsigned int flags);
int mem_write(struct cpu_state *cpu, uint64_t pc, uint64_t va, unsigned int size,
	      const uint64_t *val, unsigned int flags);

/*
 * Translate va for an instruction fetch; *pa gets the physical address.
 * Returns 0 or INSN_EXC after taking the Instruction Abort (with
 * ELR = va).
 */
int mem_translate_fetch(struct cpu_state *cpu, uint64_t va, uint64_t *pa);

/* ---- Exceptions (exception.c) ---- */

/* Exception classes used here (ARM ARM D17.2.37, ESR_ELx.EC). */
#define EC_UNKNOWN		0x00
#define EC_WFX			0x01
#define EC_FP_ACCESS		0x07
#define EC_ILLEGAL_STATE	0x0e
#define EC_SVC64		0x15
#define EC_HVC64		0x16
#define EC_SMC64		0x17
#define EC_SYSREG		0x18
#define EC_IABT_LOWER		0x20
#define EC_IABT_SAME		0x21
#define EC_PC_ALIGN		0x22
#define EC_DABT_LOWER		0x24
#define EC_DABT_SAME		0x25
#define EC_SP_ALIGN		0x26
#define EC_FP_EXC64		0x2c
#define EC_SERROR		0x2f
#define EC_BREAKPT_LOWER	0x30
#define EC_BREAKPT_SAME		0x31
#define EC_SSTEP_LOWER		0x32
#define EC_SSTEP_SAME		0x33
#define EC_WATCHPT_LOWER	0x34
#define EC_WATCHPT_SAME		0x35
#define EC_BRK64		0x3c

/*
 * Take a synchronous exception to EL1 for the insn at pc: sets ESR_EL1
 * (EC, IL=1, ISS), ELR_EL1 = pc, SPSR_EL1, PSTATE, and cpu->pc to the
 * vector. Returns INSN_EXC. FAR is set by the caller when it applies.
 */
int exc_take_sync(struct cpu_state *cpu, uint64_t pc, uint32_t ec, uint32_t iss);

/* Take an IRQ/FIQ at the current cpu->pc (between blocks). */
void exc_take_irq(struct cpu_state *cpu);
void exc_take_fiq(struct cpu_state *cpu);

/* ERET: restore from SPSR_EL1/ELR_EL1 with the illegal-return rules. */
int exc_return(struct cpu_state *cpu, const struct insn *in);

/* Change EL/SPSel: re-banks r[REG_SP] (exception.c). */
void cpu_set_pstate(struct cpu_state *cpu, uint32_t pstate);

#endif
