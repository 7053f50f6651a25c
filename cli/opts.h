/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of the command-line parser. The command line and
 * -readconfig files set the same properties through the same setters, so
 * "-m 4G" and "[memory] size = \"4G\"" cannot drift apart (QEMU feeds both
 * into one QemuOpts list per group, util/qemu-config.c).
 */
#ifndef ARMVISOR_CLI_OPTS_H
#define ARMVISOR_CLI_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "err.h"

/* One "key=value" of a QemuOpts string; key is NULL for an implied key. */
struct keyval {
	char *key;
	char *value;
	unsigned int line;		/* -readconfig line, 0 on the command line */
};

struct keyval_list {
	struct keyval *items;
	unsigned int count;
};

/*
 * Split "virt,gic-version=3" as QemuOpts does: elements separated by ',',
 * ",," is a literal comma, a first element without '=' is the value of
 * implied_key (NULL: not allowed). Returns 0 or -EINVAL/-ENOMEM.
 */
int keyval_parse(const char *s, const char *implied_key,
		 struct keyval_list *out, struct av_err *err);
void keyval_free(struct keyval_list *list);
/*
 * The same for the QemuOpts options (-drive, -device, -netdev, -nic,
 * -chardev): a later bare "name" is "name=on", "noname" is "name=off",
 * and "" without an implied key has no element.
 */
int qemuopts_parse(const char *s, const char *implied_key,
		   struct keyval_list *out, struct av_err *err);

/* A property setter: one group's key = value, from either source. */
typedef int (*prop_set_fn)(struct vm_config *cfg, const char *key,
			   const char *value, struct av_err *err);

int machine_set_prop(struct vm_config *cfg, const char *key,
		     const char *value, struct av_err *err);
/* "virt,help", "virt,?": -machine asks for the properties. */
bool machine_props_help(const char *arg);
/* The properties -machine takes, as QEMU's "-machine virt,help" lists them. */
void machine_print_props(FILE *out);
/* The i-th listed property and a value it accepts; false past the last. */
bool machine_prop_sample(unsigned int i, const char **name, const char **value);
int smp_set_prop(struct vm_config *cfg, const char *key, const char *value,
		 struct av_err *err);
int memory_set_prop(struct vm_config *cfg, const char *key,
		    const char *value, struct av_err *err);
int accel_set_prop(struct vm_config *cfg, const char *key, const char *value,
		   struct av_err *err);
int semihosting_set_prop(struct vm_config *cfg, const char *key, const char *value,
			 struct av_err *err);
int sandbox_set_prop(struct vm_config *cfg, const char *key, const char *value,
		     struct av_err *err);

/*
 * Apply kv through set, primary's value first: QEMU reads an option's
 * properties as a set, so "-accel thread=multi,accel=tcg" works. On
 * failure *bad is the index of the item that failed.
 */
int keyval_apply(struct vm_config *cfg, const struct keyval_list *kv,
		 const char *primary, prop_set_fn set, unsigned int *bad,
		 struct av_err *err);

/* The last value of key in list (QemuOpts: the last one wins), or NULL. */
const char *keyval_last(const struct keyval_list *list, const char *key);

/* *dst = a copy of the last value of key in list, NULL when there is none. */
int keyval_copy_last(char **dst, const struct keyval_list *list,
		     const char *key, struct av_err *err);

/* Add a copy of key and value to list. */
int keyval_add(struct keyval_list *list, const char *key, const char *value,
	       unsigned int line);

/* Apply every element of a QemuOpts string through set. */
int opts_apply(struct vm_config *cfg, const char *s, const char *implied_key,
	       prop_set_fn set, struct av_err *err);

/* Replace *dst with a copy of s. */
int config_set_str(char **dst, const char *s, struct av_err *err);
/*
 * Record in origin (inside item) that it came from option text at where
 * ("FILE:LINE", NULL: argv), then append a copy of the size-byte item to
 * the array *items (items points to the array pointer) of *count; the
 * array then owns what item points to. On failure origin is freed, the
 * rest of item stays the caller's.
 */
int config_list_add(void *items, unsigned int *count, void *item, size_t size,
		    struct config_origin *origin, const char *option,
		    const char *text, const char *where, struct av_err *err);
void config_origin_free(struct config_origin *o);

/*
 * The first key of kv that is neither in known (NULL-terminated) nor
 * "driver"/"id" when skip_common; NULL when all are known.
 */
const char *keyval_unknown(const struct keyval_list *kv,
			   const char *const *known, bool skip_common);

/* A decimal count for -smp (QEMU: "expects integer"). */
int config_parse_uint(const char *s, unsigned int *out);

/* A NIC model= we take (virtio, virtio-net-device), else why not. */
int nic_check_model(const char *model, struct av_err *err);
/* model=virtio-net-pci: the NIC goes on PCI. */
bool nic_model_is_pci(const char *model);
/* QEMU device names that sit on PCI (virtio-*-pci, e1000, ...). */
bool cli_model_needs_pci(const char *name);

/* Free cfg's -fsdev list (cli/devices/fsdev.c). */
void fsdev_free_all(struct vm_config *cfg);
void fw_cfg_free_all(struct vm_config *cfg);

/* -net nic + -net user become a -nic (cli/devices/net_hub.c), once all are in. */
int net_hub_finish(struct vm_config *cfg, struct av_err *err);

/* -cpu NAME: 0 when armvisor models it. */
int cpu_check_name(const char *name, struct av_err *err);
/* -cpu NAME,PROPS: 0 when PROPS ask for the CPU we give (cli/props/cpu_props.c). */
int cpu_check_props(const char *cpu, const char *props, struct av_err *err);

/* -accel NAME appended to the try-in-order list. */
int accel_add(struct vm_config *cfg, const char *name, struct av_err *err);

/*
 * QEMU's topology arithmetic (hw/core/machine-smp.c, cores preferred
 * over sockets since machine version 6.2): fills the resolved smp_*
 * fields of cfg from cfg->smp.
 */
int smp_resolve(struct vm_config *cfg, struct av_err *err);

/* Read a -readconfig file without resolving -smp (parse_args does). */
int readconfig_apply(struct vm_config *cfg, const char *path,
		     struct av_err *err);

/* Tables shared by the parsers and the help lists (cli/usage.c). */
struct name_help {
	const char *name;
	const char *help;
};

extern const struct name_help cli_cpu_models[];
struct log_item_desc {
	const char *name;
	unsigned int mask;		/* enum log_item */
	const char *help;
};

extern const struct log_item_desc cli_log_items[];
extern const struct name_help cli_machines[];
extern const struct name_help cli_accels[];

/* "help" or "?", as QEMU's is_help_option(). */
bool opts_is_help(const char *s);

/* -device help (QEMU's qdev_device_help() groups, in its order). */
enum device_category {
	DEVCAT_BRIDGE,			/* "Controller/Bridge/Hub devices" */
	DEVCAT_STORAGE,
	DEVCAT_NETWORK,
	DEVCAT_INPUT,
	DEVCAT_MISC,
	DEVCAT_COUNT,
};

struct device_model_info {
	const char *name, *bus;
	enum device_category category;
	const char *desc;		/* NULL: none */
};

/* The n-th -device model (cli/devices/device.c); false past the last. */
bool config_device_model_info(unsigned int n, struct device_model_info *info);

#endif
