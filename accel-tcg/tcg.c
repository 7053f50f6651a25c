// SPDX-License-Identifier: GPL-2.0
/*
 * accel_tcg_ops: the built-in AArch64 translator behind the accelerator
 * seam (include/accel.h). vm->accel_state is a struct tcg_vm.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "board.h"
#include "log.h"
#include "gicv2m.h"
#include "mem/mem.h"
#include "sys/sys.h"
#include "gdb/gdb.h"
#include "gic/gic.h"
#include "jit-x86_64/jit.h"
#include "tcg.h"
#include "engine/disas.h"
#include "engine/engine.h"

static struct tcg_vm *tvm_of(struct vm *vm)
{
	return vm->accel_state;
}

static bool tcg_available(struct av_err *why)
{
	(void)why;
	return true;	/* portable C: runs on any host */
}

/*
 * gic-version for TCG (QEMU 7.2 hw/arm/virt.c finalize_gic_version):
 * unset means 2, max means 3, host needs KVM.
 */
static int tcg_resolve_gic(struct vm *vm, struct av_err *err)
{
	int v = vm->cfg ? vm->cfg->gic_version : GIC_VERSION_DEFAULT;
	unsigned int max;

	if (v == GIC_VERSION_HOST)
		return av_errf(err, EINVAL, "gic-version=host requires KVM (-accel kvm)");
	if (v == GIC_VERSION_DEFAULT)
		v = 2;
	else if (v == GIC_VERSION_MAX)
		v = 3;
	max = v == 3 ? GICV3_MAX_CPUS : GICV2_MAX_CPUS;
	if (vm->ncpus > max)
		return av_errf(err, EINVAL,
			       "%u CPUs do not fit GICv%d (at most %u); use -machine gic-version=3",
			       vm->ncpus, v, max);
	vm->gic_version = v;
	return 0;
}

static uint64_t tcg_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * -perfmap (QEMU's option): perf reads /tmp/perf-PID.map to name code it
 * finds no file for. Ours is in a memfd, which perf does not look up
 * there, so bench/jitprof.py reads the map instead (docs/jit.md).
 */
static int tcg_perfmap_open(struct tcg_vm *tvm, struct av_err *err)
{
	char path[64];

	if (!tvm->vm->cfg || !tvm->vm->cfg->tcg_perfmap || !jit_supported())
		return 0;
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)getpid());
	tvm->perfmap_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
	if (tvm->perfmap_fd < 0)
		return av_errf_errno(err, errno, "-perfmap: cannot create %s", path);
	return 0;
}

static int tcg_vm_create(struct vm *vm, struct av_err *err)
{
	struct tcg_vm *tvm;
	int ret;

	ret = tcg_resolve_gic(vm, err);
	if (ret)
		return ret;
	if (log_enabled(LOG_IN_ASM | LOG_OUT_ASM))
		disas_load();	/* absent: the logs show raw words */
	tvm = calloc(1, sizeof(*tvm));
	if (!tvm)
		return av_errf(err, ENOMEM, "out of memory creating the TCG VM");
	tvm->vm = vm;
	tvm->ncpus = vm->ncpus;
	tvm->semihost_t0 = tcg_now_ns();
	tvm->perfmap_fd = -1;
	vm->accel_state = tvm;
	ret = tcg_perfmap_open(tvm, err);
	if (ret)
		return ret;
	ret = tcg_code_map_init(tvm, vm->ram.base, vm->ram.size, err);
	if (ret)
		return ret;
	ret = gic_create(tvm, vm->gic_version, vm->ncpus, &vm->bus, err);
	if (!ret && vm->gic_version == 3 && !(vm->cfg && vm->cfg->its_off))
		ret = gic_its_create(tvm->gic, &vm->ram, &vm->bus, err);
	if (ret)
		return ret;
	return vtimer_create(tvm, err);
}

int tcg_cpu_init(struct tcg_vcpu *v, struct tcg_vm *tvm, unsigned int idx,
		 struct av_err *err)
{
	struct cpu_state *cpu = &v->cpu;
	pthread_condattr_t attr;
	int ret;

	pthread_mutex_init(&v->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&v->wake, &attr);
	pthread_condattr_destroy(&attr);
	cpu->index = idx;
	cpu->tvm = tvm;
	cpu->vm = tvm ? tvm->vm : NULL;
	if (cpu->vm) {
		cpu->ram = &cpu->vm->ram;
		cpu->bus = &cpu->vm->bus;
	}
	cpu->excl_addr = ~0ull;
	tlb_init(&cpu->tlb, &cpu->tlb_flush_req);
	ret = tb_cache_create(cpu, err);
	if (ret)
		return ret;
	if (cpu->vm && cpu->vm->cfg && cpu->vm->cfg->tcg_jit) {
		ret = tb_cache_set_jit(cpu, true, cpu->vm->cfg->tcg_tb_size, err);
		if (ret)
			return ret;
	}
	return cpu_model_apply(cpu, cpu->vm && cpu->vm->cfg ? cpu->vm->cfg->cpu : NULL, err);
}

void tcg_cpu_fini(struct tcg_vcpu *v)
{
	tb_cache_destroy(&v->cpu);
	pthread_cond_destroy(&v->wake);
	pthread_mutex_destroy(&v->lock);
}

static int tcg_vcpu_create(struct vm *vm, unsigned int idx, struct av_err *err)
{
	struct tcg_vm *tvm = tvm_of(vm);
	struct tcg_vcpu *v;
	uint64_t aff;
	int ret;

	if (idx >= VM_MAX_CPUS)
		return av_errf(err, EINVAL, "vCPU index %u out of range", idx);
	v = calloc(1, sizeof(*v));
	if (!v)
		return av_errf(err, ENOMEM, "out of memory creating vCPU %u", idx);
	tvm->vcpus[idx] = v;
	ret = tcg_cpu_init(v, tvm, idx, err);
	if (ret)
		return ret;
	aff = virt_cpu_mpidr(idx, vm->gic_version);
	vm->mpidr[idx] = aff;
	/* MPIDR_EL1 bit 31 is RES1 (ARM ARM D13.2.86). */
	v->cpu.mpidr = aff | (1ull << 31);
	return 0;
}

/* Architectural reset of one CPU: EL1h, DAIF masked, MMU off (sysreg_reset). */
void tcg_cpu_reset(struct cpu_state *cpu)
{
	memset(cpu->r, 0, sizeof(cpu->r));
	memset(cpu->v, 0, sizeof(cpu->v));
	memset(cpu->sp_el, 0, sizeof(cpu->sp_el));
	cpu->nzcv = 0;
	cpu->fpcr = 0;
	cpu->fpsr = 0;
	cpu->pstate = 0;
	cpu->el = 0;
	cpu_set_pstate(cpu, (1u << PSTATE_EL_SHIFT) | PSTATE_SP | PSTATE_DAIF);
	sysreg_reset(cpu);
	cpu->excl_addr = ~0ull;
	cpu->halted = false;
	atomic_store(&cpu->exit_request, 0);
	tlb_flush_all(cpu);
	tb_cache_drop_all(cpu);
}

static int tcg_vm_reset(struct vm *vm, const struct boot_regs *regs,
			struct av_err *err)
{
	struct tcg_vm *tvm = tvm_of(vm);
	struct cpu_state *cpu;
	unsigned int i;

	(void)err;
	gic_reset(tvm->gic);	/* NULL-safe; before the CPUs drop their PPIs */
	for (i = 0; i < tvm->ncpus; i++) {
		cpu = &tvm->vcpus[i]->cpu;
		tcg_cpu_reset(cpu);
		/* A CPU_ON still pending at the reset is dropped with its claim. */
		atomic_store(&cpu->sys.psci_starting, 0);
		atomic_store(&cpu->powered_on, i == 0);
	}
	cpu = &tvm->vcpus[0]->cpu;
	for (i = 0; i < 4; i++)
		cpu->r[i] = regs->x[i];
	cpu->pc = regs->pc;
	return 0;
}

static int tcg_vcpu_run(struct vm *vm, unsigned int idx, struct av_err *err)
{
	struct cpu_state *cpu = tcg_vm_cpu(tvm_of(vm), idx);
	int ret;

	if (!cpu)
		return av_errf(err, EINVAL, "no vCPU %u", idx);
	gic_bind_thread(cpu);
	ret = tcg_cpu_exec(cpu, NULL);
	if (ret < 0)
		return av_errf(err, -ret, "vCPU %u: out of memory translating guest code", idx);
	return 0;
}

void tcg_vcpu_request(struct cpu_state *cpu, uint32_t bits)
{
	struct tcg_vcpu *v = tcg_vcpu_of(cpu);

	atomic_fetch_or(&cpu->exit_request, bits);
	pthread_mutex_lock(&v->lock);
	pthread_cond_signal(&v->wake);
	pthread_mutex_unlock(&v->lock);
}

void tcg_vcpu_kick(struct cpu_state *cpu)
{
	tcg_vcpu_request(cpu, EXIT_REQ_KICK);
}

struct cpu_state *tcg_vm_cpu(struct tcg_vm *tvm, unsigned int idx)
{
	if (!tvm || idx >= tvm->ncpus || !tvm->vcpus[idx])
		return NULL;
	return &tvm->vcpus[idx]->cpu;
}

static void tcg_vm_kick(struct vm *vm, unsigned int idx)
{
	struct cpu_state *cpu = tcg_vm_cpu(tvm_of(vm), idx);

	if (cpu)
		tcg_vcpu_kick(cpu);
}

static void tcg_irq_line(struct vm *vm, unsigned int intid, int level)
{
	struct tcg_vm *tvm = tvm_of(vm);

	if (tvm && tvm->gic)
		gic_set_irq(tvm->gic, intid, level);
}

/*
 * An MSI: to GITS_TRANSLATER, which needs the DeviceID a bus write lacks,
 * or to the v2m frame on the bus.
 */
static int tcg_msi_send(struct vm *vm, uint64_t addr, uint32_t data,
			uint32_t devid)
{
	struct tcg_vm *tvm = tvm_of(vm);

	if (addr == virt_memmap[VIRT_GIC_ITS].base + GITS_TRANSLATER_OFFSET)
		return gic_its_translate(tvm ? tvm->gic : NULL, devid, data);
	return gicv2m_msi_send(&vm->bus, addr, data);
}

static void tcg_vm_destroy(struct vm *vm)
{
	struct tcg_vm *tvm = tvm_of(vm);
	unsigned int i;

	if (!tvm)
		return;
	/* The timer thread drives the GIC, which looks at the vCPUs: stop it first. */
	if (tvm->vtimer)
		vtimer_destroy(tvm->vtimer);
	if (tvm->gic)
		gic_destroy(tvm->gic);
	for (i = 0; i < tvm->ncpus; i++) {
		if (tvm->vcpus[i]) {
			tcg_cpu_fini(tvm->vcpus[i]);
			free(tvm->vcpus[i]);
		}
	}
	tcg_code_map_free(tvm);
	if (tvm->perfmap_fd >= 0)
		close(tvm->perfmap_fd);
	free(tvm);
	vm->accel_state = NULL;
}

/*
 * Flash is not in the RAM code map, and firmware rewrites its code bank
 * rarely if ever: dropping every block is simpler than a second map.
 */
static void tcg_rom_written(struct vm *vm, uint64_t gpa, uint64_t len)
{
	(void)gpa;
	(void)len;
	tb_flush_all(tvm_of(vm));
}

/* Every TCG vCPU has the PMUv3 of accel-tcg/pmu/. */
static bool tcg_has_pmu(const struct vm *vm)
{
	(void)vm;
	return true;
}

const struct accel_ops accel_tcg_ops = {
	.name = "tcg",
	.has_pmu = tcg_has_pmu,
	.available = tcg_available,
	.vm_create = tcg_vm_create,
	.vcpu_create = tcg_vcpu_create,
	.vm_finalize = NULL,
	.vm_reset = tcg_vm_reset,
	.vcpu_run = tcg_vcpu_run,
	.vcpu_kick = tcg_vm_kick,
	.irq_line = tcg_irq_line,
	.vm_destroy = tcg_vm_destroy,
	.debug = &tcg_gdb_ops,	/* the gdbstub (gdb/gdb.c) */
	.ram_file_ok = true,	/* no stage 2 to want huge pages (include/accel.h) */
	.msi_send = tcg_msi_send,
	.rom_written = tcg_rom_written,
	.snap_save = tcg_snap_save,	/* snapshots (tcg_snap.c) */
	.snap_load = tcg_snap_load,
};

bool accel_tcg_has_jit(void)
{
	return jit_supported();
}
