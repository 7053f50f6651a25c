/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine a user asked for: the result of parsing the command line
 * and any -readconfig files, in command-line order, as
 * qemu-system-aarch64 does (softmmu/vl.c, qemu-options.hx).
 */
#ifndef ARMVISOR_CONFIG_H
#define ARMVISOR_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

/* QEMU's default for -m when none is given (hw/arm/virt.c: 128 MiB). */
#define CONFIG_DEFAULT_RAM (128ULL << 20)

enum gic_version {
	GIC_VERSION_DEFAULT = 0,	/* not given: 3 under KVM when the host has it, else 2 */
	GIC_VERSION_2 = 2,
	GIC_VERSION_3 = 3,
	GIC_VERSION_HOST = -1,
	GIC_VERSION_MAX = -2,
};

enum accel_kind {
	ACCEL_AUTO = 0,			/* KVM when it works here, else TCG */
	ACCEL_KVM,
	ACCEL_TCG,
};

enum serial_kind {
	SERIAL_DEFAULT = 0,		/* stdio */
	SERIAL_STDIO,
	SERIAL_NONE,
	SERIAL_FILE,
};

/* -d items (QEMU's names). */
enum log_item {
	LOG_IN_ASM = 1u << 0,
	LOG_INT = 1u << 1,
	LOG_EXEC = 1u << 2,
	LOG_UNIMP = 1u << 3,
	LOG_GUEST_ERRORS = 1u << 4,
	LOG_CPU = 1u << 5,
	LOG_MMU = 1u << 6,
	LOG_NOCHAIN = 1u << 7,		/* don't chain blocks: exec/cpu logs see every block */
	LOG_KVM = 1u << 8,		/* accel-kvm: ioeventfd/irqfd set-up and use counts */
};

/* "help" requests (-M help, -cpu help, -d help, -accel help): print and exit 0. */
enum config_list {
	CONFIG_LIST_MACHINES = 1u << 0,
	CONFIG_LIST_CPUS = 1u << 1,
	CONFIG_LIST_LOG_ITEMS = 1u << 2,
	CONFIG_LIST_ACCELS = 1u << 3,
};

/* -accel tcg,thread=single|multi (QEMU's default is multi on arm64 guests). */
enum tcg_thread {
	TCG_THREAD_DEFAULT = 0,
	TCG_THREAD_SINGLE,
	TCG_THREAD_MULTI,
};

/*
 * -smp as given (0 = omitted); QEMU merges repeated -smp options and
 * [smp-opts] groups, then computes the topology once (machine-smp.c).
 */
struct smp_opts {
	unsigned int cpus, sockets, clusters, cores, threads, maxcpus;
};

/* A growable list of option strings, for -drive/-device/-netdev/... */
struct config_strlist {
	char **items;
	unsigned int count;
	/*
	 * Where each item came from, for messages: "FILE:LINE" of a
	 * -readconfig group, NULL for the command line (QEMU keeps a
	 * Location with each QemuOpts). May itself be NULL.
	 */
	char **origins;
};

/* "FILE:LINE" of item i, or NULL when it was given on the command line. */
static inline const char *config_strlist_origin(const struct config_strlist *list,
						unsigned int i)
{
	return list->origins && i < list->count ? list->origins[i] : NULL;
}

#define CONFIG_ACCEL_LIST_MAX 4

struct vm_config {
	char machine[32];		/* only "virt" exists */
	int gic_version;		/* enum gic_version */
	char *dumpdtb;			/* -machine dumpdtb=FILE */
	char cpu[32];			/* "cortex-a57" (the default), "cortex-a53", ... */
	unsigned int smp_cpus;		/* 1 when not given */
	uint64_t ram_size;		/* bytes */
	char *kernel;
	char *initrd;
	char *append;
	char *dtb;
	bool nographic;
	int serial;			/* enum serial_kind */
	char *serial_path;		/* SERIAL_FILE */
	int accel;			/* enum accel_kind */
	bool no_reboot;
	unsigned int log_mask;		/* enum log_item bits */
	char *log_file;			/* -D */
	bool show_version;		/* -version: print and exit 0 */
	bool show_help;			/* -h/-help: print and exit 0 */

	/* Additions for the full command line (cli/). */
	unsigned int list_requests;	/* enum config_list bits */
	struct smp_opts smp;		/* as given */
	unsigned int smp_max_cpus;	/* resolved, like smp_cpus */
	unsigned int smp_sockets, smp_clusters, smp_cores, smp_threads;
	bool serial_mux;		/* -serial mon:stdio */
	unsigned int serial_count;	/* -serial options seen */
	int accel_list[CONFIG_ACCEL_LIST_MAX];	/* -accel in order: try each */
	unsigned int accel_count;
	bool accel_from_machine;	/* -machine accel= was used */
	int tcg_thread;			/* enum tcg_thread */
	/* Room for options of later issues (one QemuOpts string each). */
	struct config_strlist drives, devices, netdevs, chardevs, nics;
	char gdb[128];			/* -gdb/-s: tcp:[HOST]:PORT, "" for none */
	bool gdb_wait;			/* -S: no vCPU runs until gdb continues */
	bool virtio_ioeventfd_off;	/* -global virtio-mmio.ioeventfd=off */
};

void config_init(struct vm_config *cfg);
void config_free(struct vm_config *cfg);

/*
 * Parse argv (without argv[0]) into cfg, reading -readconfig files where
 * they appear. Returns 0, or a negative errno with err naming the
 * offending text.
 */
int config_parse_args(struct vm_config *cfg, int argc, char **argv,
		      struct av_err *err);

/* Read one QEMU-format config file (-readconfig) into cfg. */
int config_read_file(struct vm_config *cfg, const char *path,
		     struct av_err *err);

/* Checks done after all options are in (qemu_validate_options()). */
int config_validate(const struct vm_config *cfg, struct av_err *err);

/*
 * QEMU's size syntax (util/cutils.c qemu_strtosz_MiB for -m): a number
 * with an optional suffix B, K, M, G, T, P, E (powers of 1024); for -m a
 * bare number means MiB. Returns 0 or -EINVAL / -ERANGE.
 */
int config_parse_size(const char *s, uint64_t default_unit, uint64_t *out);

/* Parse "-d" item lists ("in_asm,int"); "help" is handled by the caller. */
int config_parse_log_items(const char *s, unsigned int *mask,
			   struct av_err *err);

#endif
