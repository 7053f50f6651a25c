// SPDX-License-Identifier: GPL-2.0
/* The unit-test CPU of tcg_rig.h. */
#include <stdlib.h>
#include <string.h>

#include "tcg_rig.h"

int rig_init(struct tcg_rig *r, struct av_err *err)
{
	memset(r, 0, sizeof(*r));
	if (guest_ram_alloc(&r->ram, RIG_RAM_BASE, RIG_RAM_SIZE, err))
		return -1;
	if (tcg_code_map_init(&r->tvm, RIG_RAM_BASE, RIG_RAM_SIZE, err))
		return -1;
	mmio_bus_init(&r->bus);
	r->vcpu = calloc(1, sizeof(*r->vcpu));
	if (!r->vcpu)
		return -1;
	r->tvm.ncpus = 1;
	r->tvm.vcpus[0] = r->vcpu;
	if (tcg_cpu_init(r->vcpu, &r->tvm, 0, err))
		return -1;
	r->cpu = &r->vcpu->cpu;
	r->cpu->ram = &r->ram;
	r->cpu->bus = &r->bus;
	tcg_cpu_reset(r->cpu);
	r->cpu->sys.cpacr_el1 = CPACR_FPEN;
	atomic_store(&r->cpu->powered_on, 1);
	return 0;
}

void rig_fini(struct tcg_rig *r)
{
	if (r->vcpu) {
		tcg_cpu_fini(r->vcpu);
		free(r->vcpu);
	}
	tcg_code_map_free(&r->tvm);
	guest_ram_free(&r->ram);
}

void rig_put(struct tcg_rig *r, uint64_t pa, const uint32_t *words, size_t n)
{
	memcpy(r->ram.host + (pa - RIG_RAM_BASE), words, n * 4);
}

int rig_run(struct tcg_rig *r, uint64_t pc, uint64_t max_blocks)
{
	struct tcg_run_opts opts = { .max_blocks = max_blocks, .stop_on_exc = true };

	r->cpu->pc = pc;
	return tcg_cpu_exec(r->cpu, &opts);
}

unsigned int rig_ec(const struct tcg_rig *r)
{
	return (unsigned int)(r->cpu->sys.esr_el1 >> 26);
}
