// SPDX-License-Identifier: GPL-2.0
/*
 * -d in_asm / -d exec output, in the shape of QEMU's logs ("IN:" then
 * one "0x<addr>:  <word>      <insn>" line per insn; "Trace" lines per
 * block entry) so the two logs can be compared side by side.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#ifdef HAVE_CAPSTONE
#include <capstone.h>
#include <dlfcn.h>
#include <pthread.h>
#endif

#include "disas.h"
#include "log.h"

#ifdef HAVE_CAPSTONE
/*
 * libcapstone is opened only when a log needs it (disas_load): linked in,
 * the dynamic loader relocated its tables in every run, 3 MiB of RSS
 * (1.3 MiB of them private dirty pages) for logs most runs never write.
 * Filled once before any vCPU thread starts, read-only after.
 */
struct disas_lib {
	pthread_once_t once;
	bool ok;
	__typeof__(&cs_open) open;
	__typeof__(&cs_disasm) disasm;
	__typeof__(&cs_free) free;
};

static struct disas_lib disas_lib = { .once = PTHREAD_ONCE_INIT };

/* dlsym's object pointer as a function pointer (POSIX dlsym, XSH 2.12.3). */
#define DISAS_SYM(h, name, out) \
	(*(void **)(&(out)) = dlsym((h), (name)), (out) != NULL)

static void disas_lib_open(void)
{
	struct disas_lib *l = &disas_lib;
	void *h = dlopen(CAPSTONE_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return;
	l->ok = DISAS_SYM(h, "cs_open", l->open) && DISAS_SYM(h, "cs_disasm", l->disasm) &&
		DISAS_SYM(h, "cs_free", l->free);
	if (!l->ok)
		dlclose(h);
}

bool disas_load(void)
{
	pthread_once(&disas_lib.once, disas_lib_open);
	return disas_lib.ok;
}

/*
 * One capstone handle per thread: cs_disasm is not safe to share, and a
 * vCPU thread translates on its own.
 */
static _Thread_local csh disas_handle;
static _Thread_local int disas_state;	/* 0 untried, 1 open, -1 failed */

static bool disas_open(void)
{
	if (!disas_state)
		disas_state = disas_load() && disas_lib.open(CS_ARCH_ARM64, CS_MODE_ARM,
							     &disas_handle) == CS_ERR_OK ? 1 : -1;
	return disas_state > 0;
}

/* The x86-64 handle of -d out_asm, per thread as the other. */
static _Thread_local csh disas_host_handle;
static _Thread_local int disas_host_state;

static bool disas_host_open(void)
{
	if (!disas_host_state)
		disas_host_state = disas_load() && disas_lib.open(CS_ARCH_X86, CS_MODE_64,
								  &disas_host_handle) == CS_ERR_OK
				   ? 1 : -1;
	return disas_host_state > 0;
}

/* One line per host insn; raw bytes when capstone stops (or is absent). */
static void disas_log_host_insns(const uint8_t *code, size_t len, uintptr_t addr)
{
	size_t n = 0, i;
	cs_insn *insn;

	if (disas_host_open())
		n = disas_lib.disasm(disas_host_handle, code, len, addr, 0, &insn);
	for (i = 0; i < n; i++)
		log_printf(LOG_OUT_ASM, "  0x%016" PRIx64 ":  %-8s %s\n", insn[i].address,
			   insn[i].mnemonic, insn[i].op_str);
	if (n) {
		len -= (size_t)(insn[n - 1].address + insn[n - 1].size - addr);
		addr = (uintptr_t)(insn[n - 1].address + insn[n - 1].size);
		code += addr - insn[0].address;
		disas_lib.free(insn, n);
	}
	for (i = 0; i < len; i++)
		log_printf(LOG_OUT_ASM, "  0x%016" PRIxPTR ":  .byte 0x%02x\n", addr + i, code[i]);
}

char *disas_insn(uint32_t raw, uint64_t pc, char *buf, size_t len)
{
	uint8_t bytes[4];
	cs_insn *insn;

	memcpy(bytes, &raw, 4);
	if (disas_open() && disas_lib.disasm(disas_handle, bytes, 4, pc, 1, &insn) == 1) {
		snprintf(buf, len, "%-8s %s", insn->mnemonic, insn->op_str);
		disas_lib.free(insn, 1);
		return buf;
	}
	snprintf(buf, len, ".word 0x%08x", raw);
	return buf;
}
#else
bool disas_load(void)
{
	return false;
}

static void disas_log_host_insns(const uint8_t *code, size_t len, uintptr_t addr)
{
	for (size_t i = 0; i < len; i++)
		log_printf(LOG_OUT_ASM, "  0x%016" PRIxPTR ":  .byte 0x%02x\n", addr + i, code[i]);
}

char *disas_insn(uint32_t raw, uint64_t pc, char *buf, size_t len)
{
	(void)pc;
	snprintf(buf, len, ".word 0x%08x", raw);
	return buf;
}
#endif

void disas_log_block(const struct cpu_state *cpu, const struct tb *tb,
		     const uint8_t *code)
{
	char text[128];
	unsigned int i;
	uint32_t raw;

	log_printf(LOG_IN_ASM, "----------------\nIN: cpu%u EL%u pa 0x%016" PRIx64 "\n",
		   cpu->index, tb->el, tb->pa);
	for (i = 0; i < tb->ninsns; i++) {
		memcpy(&raw, code + 4 * i, 4);
		log_printf(LOG_IN_ASM, "0x%016" PRIx64 ":  %08x      %s\n",
			   tb->vpc + 4 * i, raw, disas_insn(raw, tb->vpc + 4 * i, text, sizeof(text)));
	}
	log_printf(LOG_IN_ASM, "\n");
}

/* As QEMU's "OUT: [size=N]" block, after the guest address it came from. */
void disas_log_host(const struct tb *tb, const uint8_t *code, size_t len, uintptr_t addr,
		    const uint32_t *words, unsigned int nwords)
{
	size_t at = 0, end;
	unsigned int i;
	uint64_t v;

	log_printf(LOG_OUT_ASM, "----------------\nOUT: [size=%zu] 0x%016" PRIx64 " EL%u\n",
		   len, tb->vpc, tb->el);
	for (i = 0; i <= nwords; i++) {
		end = i < nwords && words[i] + 8 <= len ? words[i] : len;
		if (end < at)
			break;
		disas_log_host_insns(code + at, end - at, addr + at);
		if (end == len)
			break;
		memcpy(&v, code + end, sizeof(v));
		log_printf(LOG_OUT_ASM, "  0x%016" PRIxPTR ":  .quad    0x%016" PRIx64 "\n",
			   addr + end, v);
		at = end + 8;
	}
	log_printf(LOG_OUT_ASM, "\n");
}

/*
 * The register dump of -d cpu, laid out as QEMU 7.2 prints it
 * (target/arm/cpu.c, aarch64_cpu_dump_state) so that a log of ours and
 * one of qemu-system-aarch64 -d exec,cpu can be compared line by line.
 */
static void disas_log_cpu(const struct cpu_state *cpu)
{
	uint32_t psr = (cpu->pstate & ~PSTATE_NZCV) | (cpu->nzcv & PSTATE_NZCV);
	unsigned int i;

	log_printf(LOG_CPU, " PC=%016" PRIx64 " ", cpu->pc);
	for (i = 0; i < 31; i++)
		log_printf(LOG_CPU, "X%02u=%016" PRIx64 "%s", i, cpu->r[i],
			   (i + 2) % 3 ? " " : "\n");
	log_printf(LOG_CPU, " SP=%016" PRIx64 "\n", cpu->r[REG_SP]);
	log_printf(LOG_CPU, "PSTATE=%08x %c%c%c%c EL%u%c\n", psr,
		   psr & NZCV_N ? 'N' : '-', psr & NZCV_Z ? 'Z' : '-',
		   psr & NZCV_C ? 'C' : '-', psr & NZCV_V ? 'V' : '-',
		   cpu->el, psr & PSTATE_SP ? 'h' : 't');
}

void disas_log_exec(const struct cpu_state *cpu, const struct tb *tb)
{
	if (log_enabled(LOG_EXEC))
		log_printf(LOG_EXEC, "Trace %u: %p [%016" PRIx64 "/%016" PRIx64 "/%08x/%08x] \n",
			   cpu->index, (const void *)tb, tb->pa, cpu->pc, tb->el, 0u);
	if (log_enabled(LOG_CPU))
		disas_log_cpu(cpu);
}
