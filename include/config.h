/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine a user asked for: the result of parsing the command line
 * and any -readconfig files, in command-line order, as
 * qemu-system-aarch64 does (softmmu/vl.c, qemu-options.hx).
 */
#ifndef ARMVISOR_CONFIG_H
#define ARMVISOR_CONFIG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

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
	SERIAL_CHARDEV,			/* chardev:ID, a -chardev by id */
	SERIAL_OPTS,			/* pty, tcp:..., unix:...: serial_opts */
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
	LOG_OUT_ASM = 1u << 9,		/* the x86-64 tier's host code of each block */
};

/* "help" requests (-M help, -cpu help, -d help, -accel help): print and exit 0. */
enum config_list {
	CONFIG_LIST_MACHINES = 1u << 0,
	CONFIG_LIST_CPUS = 1u << 1,
	CONFIG_LIST_LOG_ITEMS = 1u << 2,
	CONFIG_LIST_ACCELS = 1u << 3,
	CONFIG_LIST_DEVICES = 1u << 4,
	CONFIG_LIST_MACHINE_PROPS = 1u << 5,	/* -machine virt,help */
	CONFIG_LIST_CHARDEVS = 1u << 6,		/* -chardev help */
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

/*
 * Where a -drive/-device/-netdev/-nic/-chardev came from, kept with its
 * typed form so that errors the machine finds later name it as the user
 * gave it: "-device TEXT: why", or "FILE:LINE: -device TEXT: why" for a
 * -readconfig group (QEMU keeps a Location with each QemuOpts).
 */
struct config_origin {
	const char *option;		/* "-device", ...: a string constant */
	char *text;			/* the option string (a group's: as built) */
	char *where;			/* "FILE:LINE" of the group, NULL: argv */
};

/* ---- -netdev and -nic (qemu-options.hx "-netdev user", "-netdev tap") ---- */

#define NET_ID_MAX		64
#define NET_IFNAME_MAX		16	/* IFNAMSIZ */
#define NET_MAX_HOSTFWD		16

enum netdev_kind {
	NETDEV_USER,
	NETDEV_TAP,
};

/* hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT */
struct net_hostfwd {
	bool udp;
	struct in_addr host_addr;	/* INADDR_ANY when omitted */
	uint16_t host_port;
	struct in_addr guest_addr;	/* 0: the DHCP start address */
	uint16_t guest_port;
};

struct netdev_opts {
	enum netdev_kind kind;
	char id[NET_ID_MAX];
	/* user: QEMU's defaults (net/slirp.c net_init_slirp) */
	struct in_addr net, mask;	/* 10.0.2.0/24 */
	struct in_addr host;		/* 10.0.2.2: gateway, reaches the host */
	struct in_addr dhcp_start;	/* 10.0.2.15 */
	struct in_addr dns;		/* 10.0.2.3 */
	bool restrict_net;		/* restrict=on: no way out but hostfwd */
	bool ipv6;			/* fec0::/64 as QEMU's, on by default */
	struct net_hostfwd fwd[NET_MAX_HOSTFWD];
	unsigned int nfwd;
	/* tap */
	char ifname[NET_IFNAME_MAX];
};

/* What -nic and -device virtio-net-device ask for. */
struct nic_opts {
	char netdev[NET_ID_MAX];	/* the back end's id */
	bool has_mac;
	uint8_t mac[6];
	bool pci;			/* -nic model=virtio-net-pci */
};

struct config_netdev {
	struct config_origin origin;
	struct netdev_opts opts;
};

/* -nic: a back end (id "__nicN") and the NIC on it, in one option. */
struct config_nic {
	struct config_origin origin;
	struct netdev_opts netdev;
	struct nic_opts nic;
};

/* ---- -chardev (qemu-options.hx "-chardev") ---- */

#define CHARDEV_ID_MAX		64
#define CHARDEV_PATH_MAX	256	/* a unix socket path is at most 108 */
#define CHARDEV_HOST_MAX	256

enum chardev_kind {
	CHARDEV_NULL,
	CHARDEV_STDIO,
	CHARDEV_FILE,
	CHARDEV_SOCKET,
	CHARDEV_PTY,
	CHARDEV_TESTDEV,		/* the guest's "Nq" ends armvisor (console.h) */
};

struct chardev_opts {
	enum chardev_kind kind;
	char id[CHARDEV_ID_MAX];
	char path[CHARDEV_PATH_MAX];	/* file; socket: a unix socket */
	char host[CHARDEV_HOST_MAX];	/* socket: TCP ("" = any / localhost) */
	uint16_t port;			/* socket: TCP when non-zero */
	bool server;			/* listen instead of connect */
	bool wait;			/* server: wait for a client at start-up */
	bool mux;			/* mux=on: the serial port and a monitor share it */
};

struct config_chardev {
	struct config_origin origin;
	struct chardev_opts opts;
};

/* ---- the monitor (-monitor, -mon; qemu-options.hx) ---- */

enum monitor_kind {
	MONITOR_DEFAULT = 0,		/* on the serial's terminal with mon:stdio, else none */
	MONITOR_NONE,			/* -monitor none */
	MONITOR_OPTS,			/* -monitor DEV: opts, id "compat_monitor0" */
	MONITOR_CHARDEV,		/* -mon chardev=ID, -monitor chardev:ID */
};

struct config_monitor {
	int kind;			/* enum monitor_kind */
	struct chardev_opts opts;	/* MONITOR_OPTS */
	char chardev[CHARDEV_ID_MAX];	/* MONITOR_CHARDEV */
	unsigned int count;		/* -monitor/-mon options seen */
};

/* ---- -drive and -device (qemu-options.hx) ---- */

/* virt's flash banks: if=pflash units 0 (code) and 1 (variables). */
#define CONFIG_PFLASH_UNITS	2

struct config_drive {
	struct config_origin origin;
	char *id;			/* NULL: none given */
	char *file;
	char *serial;			/* NULL: none given */
	bool is_virtio;			/* if=virtio (virt's default): a disk of its own */
	bool is_pflash;			/* if=pflash: flash bank `index` (0 or 1) */
	bool readonly;
	bool direct;			/* cache=none|directsync: O_DIRECT */
	bool writethrough;		/* cache=writethrough|directsync: every write stable */
	bool no_flush;			/* cache=unsafe: FLUSH does not reach the disk */
	bool probe;			/* no format=: by the image's magic */
	bool qcow2;			/* format=qcow2 */
	bool no_lock;			/* file.locking=off: no OFD image locks */
	bool snapshot;			/* snapshot=on or -snapshot: writes to a discarded overlay */
	bool snapshot_given;		/* snapshot= was given: -snapshot leaves it alone */
	int index;			/* index=N (-hda: 0, -hdb: 1...), -1: none */
};

/* ---- -fw_cfg [name=]NAME,file=F|string=S (qemu-options.hx "-fw_cfg") ---- */

struct config_fw_cfg {
	struct config_origin origin;
	char *name;			/* "opt/..." */
	char *file;			/* exactly one of file and string */
	char *string;
};

/* ---- -fsdev and -virtfs (qemu-options.hx "-fsdev", "-virtfs") ---- */

#define FSDEV_ID_MAX		64
#define FSDEV_TAG_MAX		256

/* security_model= (QEMU's names); mapped-file is refused. */
enum fsdev_model {
	FSDEV_PASSTHROUGH,
	FSDEV_MAPPED_XATTR,		/* "mapped" is QEMU's other name for it */
	FSDEV_NONE,
};

/* -fsdev local,id=ID,path=DIR,security_model=M[,readonly=on]... */
struct config_fsdev {
	struct config_origin origin;
	char id[FSDEV_ID_MAX];
	char *path;
	int model;			/* enum fsdev_model */
	bool readonly;
	bool writeout_immediate;	/* writeout=immediate */
	unsigned int fmode, dmode;	/* mapped: host modes of new files, dirs */
};

/* The -device drivers armvisor has. */
enum device_model {
	DEVICE_VIRTIO_BLK,		/* virtio-blk-device */
	DEVICE_VIRTIO_RNG,		/* virtio-rng-device */
	DEVICE_VIRTIO_NET,		/* virtio-net-device */
	DEVICE_VIRTIO_SERIAL,		/* virtio-serial-device */
	DEVICE_VIRTCONSOLE,		/* virtconsole: port 0 of a virtio-serial-device */
	DEVICE_VIRTIO_9P,		/* virtio-9p-device */
	DEVICE_PCIE_ROOT_PORT,		/* pcie-root-port: a bridge with one slot */
};

struct config_device {
	struct config_origin origin;
	enum device_model model;
	char *id;			/* NULL: none given */
	char *drive;			/* virtio-blk-device: the -drive's id */
	char *serial;			/* virtio-blk-device: NULL, or overrides the drive's */
	struct nic_opts nic;		/* virtio-net-device */
	char chardev[CHARDEV_ID_MAX];	/* virtconsole: the -chardev's id */
	char rng[CHARDEV_ID_MAX];	/* virtio-rng-device: an -object's id, "" none */
	char fsdev[FSDEV_ID_MAX];	/* virtio-9p-device: the -fsdev's id, "" none */
	char mount_tag[FSDEV_TAG_MAX];	/* virtio-9p-device: "" none */
	/* virtio-*-pci: on the root bus (pcie.0) at addr= (devfn), or -1: first free */
	bool pci;
	int pci_devfn;
	char pci_bus[CHARDEV_ID_MAX];	/* bus=: a pcie-root-port's id, "" the root bus */
	/* disable-legacy / disable-modern resolved: the interfaces it has. */
	bool pci_legacy, pci_no_modern;
	unsigned int rp_slot, rp_port;	/* pcie-root-port's slot= and port= */
};

/* -object rng-random|rng-builtin,id=ID (qemu-options.hx "-object"). */
struct config_object {
	struct config_origin origin;
	char id[CHARDEV_ID_MAX];
};

/*
 * The old -net hub (qemu-options.hx "-net"): one "-net nic" and one
 * "-net user|tap" back end are joined into a -nic when all options are in.
 */
struct config_net_hub {
	bool has_nic, has_backend;
	struct nic_opts nic;
	struct netdev_opts backend;
	char *nic_text, *backend_text;	/* for messages */
};

#define CONFIG_ACCEL_LIST_MAX 4

/* -gdb/-s and -S: where the gdbstub listens, typed by cli/char/gdb.c. */
struct config_gdb {
	bool on;			/* -gdb or -s given (and not "-gdb none" after) */
	bool wait;			/* -S: no vCPU runs until gdb continues */
	char host[256];			/* "" for the loopback default */
	unsigned int port;
	char spec[128];			/* as the user wrote it, for messages */
};

struct vm_config {
	char machine[32];		/* only "virt" exists */
	int gic_version;		/* enum gic_version */
	char *dumpdtb;			/* -machine dumpdtb=FILE */
	char cpu[32];			/* "cortex-a57" (the default), "cortex-a53", ... */
	unsigned int smp_cpus;		/* 1 when not given */
	uint64_t ram_size;		/* bytes */
	char *kernel;
	char *bios;			/* -bios FILE: loaded into flash bank 0 */
	char *initrd;
	char *append;
	char *dtb;
	bool nographic;
	int serial;			/* enum serial_kind */
	char *serial_path;		/* SERIAL_FILE; SERIAL_CHARDEV: the id */
	struct chardev_opts serial_opts;	/* SERIAL_OPTS, id "serial0" */
	struct config_monitor monitor;	/* the human one (HMP) */
	struct config_monitor qmp;	/* -qmp, -mon mode=control */
	/*
	 * Where the machine tells the user what they need to connect (a
	 * pty's path), one line each; set by cli/ (stderr), NULL: nowhere.
	 */
	void (*notice)(const char *text);
	int accel;			/* enum accel_kind */
	bool no_reboot;
	bool sandbox;			/* -sandbox on|off: the seccomp sandbox */
	/*
	 * Set by cli/: the program the broker runs as (include/broker.h), the
	 * armvisor binary itself; NULL: the broker is forked instead.
	 */
	const char *broker_exe;
	unsigned int log_mask;		/* enum log_item bits */
	char *log_file;			/* -D */
	bool show_version;		/* -version: print and exit 0 */
	bool show_help;			/* -h/-help: print and exit 0 */

	/* Additions for the full command line (cli/). */
	unsigned int list_requests;	/* enum config_list bits */
	char *name;			/* -name guest=: NULL none */
	char *process_name;		/* -name process=: the VMM's thread name */
	char *pidfile;			/* -pidfile */
	bool daemonize;			/* -daemonize: detach once the machine is set up */
	int64_t rtc_offset;		/* -rtc base=: guest RTC - host UTC, seconds */
	struct smp_opts smp;		/* as given */
	unsigned int smp_max_cpus;	/* resolved, like smp_cpus */
	unsigned int smp_sockets, smp_clusters, smp_cores, smp_threads;
	bool serial_mux;		/* -serial mon:stdio */
	unsigned int serial_count;	/* -serial options seen */
	int accel_list[CONFIG_ACCEL_LIST_MAX];	/* -accel in order: try each */
	unsigned int accel_count;
	bool accel_from_machine;	/* -machine accel= was used */
	int tcg_thread;			/* enum tcg_thread */
	bool tcg_jit;			/* -accel tcg,jit=on: the x86-64 tier (x86-64 hosts) */
	bool tcg_perfmap;		/* -perfmap: /tmp/perf-PID.map of the JIT's blocks */
	uint64_t tcg_tb_size;		/* -accel tcg,tb-size=MB, in bytes; 0: the default */
	/* QemuOpts options, typed, in command-line order. */
	struct config_drive *drives;
	unsigned int ndrives;
	struct config_device *devices;
	unsigned int ndevices;
	struct config_netdev *netdevs;
	unsigned int nnetdevs;
	struct config_nic *nics;	/* "-nic none" adds nothing */
	unsigned int nnics;
	struct config_chardev *chardevs;
	unsigned int nchardevs;
	struct config_gdb gdb;		/* -gdb, -s, -S */
	bool virtio_ioeventfd_off;	/* -global virtio-mmio.ioeventfd=off */
	bool virtio_mmio_legacy;	/* -global virtio-mmio.force-legacy=on */
	bool snapshot;			/* -snapshot: every drive without snapshot= */
	uint8_t echr;			/* -echr: the console's escape key (0: Ctrl-A) */
	bool highmem_off;		/* -M virt,highmem=off: RAM below 4 GiB */
	bool its_off;			/* -M virt,its=off: no GICv3 ITS */
	bool nodefaults;		/* -nodefaults: no serial console unless -serial */
	struct config_object *objects;	/* -object rng-*, in command-line order */
	unsigned int nobjects;
	struct config_net_hub net_hub;	/* -net nic / -net user */
	struct config_fw_cfg *fw_cfgs;	/* -fw_cfg, in order */
	unsigned int nfw_cfgs;
	char *incoming;			/* -incoming file:PATH|exec:CMD: load a snapshot */
	struct config_fsdev *fsdevs;	/* -fsdev and -virtfs, in order */
	unsigned int nfsdevs;
	bool timeline_on;		/* -boot-timeline[=FILE] */
	char *timeline_file;		/* NULL: stderr */
	/* The run's timeline (include/timeline.h), owned by cli/; NULL: none. */
	struct timeline *timeline;
	bool matrix;			/* --matrix: run on every accelerator */
	bool matrix_parallel;		/* --matrix=parallel: all at once */
	/* -semihosting, -semihosting-config (TCG: HLT #0xF000, docs/semihosting.md) */
	bool semihosting;
	bool semihosting_userspace;	/* userspace=on: also from EL0 */
	char *semihosting_cmdline;	/* arg=...: SYS_GET_CMDLINE, space-joined */
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

/*
 * Parse a -gdb device as QEMU takes it (gdbstub.c gdbserver_start and the
 * tcp chardev syntax): "tcp:[HOST]:PORT", or a bare PORT meaning
 * "tcp::PORT". An empty host is the loopback address (nothing listens
 * outside the host unless asked). Fills host, port and spec; on.
 */
int config_parse_gdb(const char *spec, struct config_gdb *out, struct av_err *err);

/* The -chardev with this id, or NULL. */
static inline const struct chardev_opts *config_find_chardev(const struct vm_config *cfg,
							      const char *id)
{
	for (unsigned int i = 0; i < cfg->nchardevs; i++)
		if (!strcmp(cfg->chardevs[i].opts.id, id))
			return &cfg->chardevs[i].opts;
	return NULL;
}

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

/*
 * The parsers of the QemuOpts options, for one string each (the options
 * themselves also check ids against the other options of cfg):
 *   netdev_parse	"user,id=n0,hostfwd=tcp::8080-:80": QEMU's defaults
 *			first; an id is required.
 *   nic_parse		-nic "user,hostfwd=...,mac=...,model=virtio": the
 *			back end to nd (id "__nicN", N = index), the NIC to nic.
 *   chardev_parse	"socket,id=c0,port=4555,server=on,wait=off"; QEMU's
 *			defaults: a client, and wait=on for a server.
 *   config_parse_drive / config_parse_device: "file=a.img,if=none,id=d",
 *			"virtio-blk-device,drive=d"; free with the _free below.
 * Each returns 0, or a negative errno with err saying what is wrong.
 */
int netdev_parse(const char *s, struct netdev_opts *out, struct av_err *err);
int nic_parse(const char *s, unsigned int index, struct netdev_opts *nd,
	      struct nic_opts *nic, struct av_err *err);
int chardev_parse(const char *s, struct chardev_opts *out, struct av_err *err);
/* The i-th back end -chardev takes ("null", "stdio"...), NULL past the last. */
const char *chardev_backend_name(unsigned int i);
/*
 * QEMU's legacy spelling ("pty", "stdio", "null", "tcp:[HOST]:PORT,...",
 * "unix:PATH,...") as a chardev named label; 1 when arg is none of them.
 */
int chardev_parse_compat(const char *arg, const char *label,
			 struct chardev_opts *out, struct av_err *err);
int config_parse_drive(const char *s, struct config_drive *out,
		       struct av_err *err);
int config_parse_device(const char *s, struct config_device *out,
			struct av_err *err);
void config_drive_free(struct config_drive *d);
void config_device_free(struct config_device *d);

/* -fsdev's text into out (free with config_fsdev_free). */
int config_parse_fsdev(const char *s, struct config_fsdev *out,
		       struct av_err *err);
void config_fsdev_free(struct config_fsdev *f);

/* "52:54:00:12:34:56" into mac (QEMU's mac property); -EINVAL when malformed. */
int net_parse_mac(const char *s, uint8_t mac[6]);

#endif
