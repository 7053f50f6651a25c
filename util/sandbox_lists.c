// SPDX-License-Identifier: GPL-2.0
/*
 * The sandbox's allow-lists, in groups; each thread kind allows the union
 * of its groups (docs/ARCHITECTURE.md, "The sandbox", prints them). Names
 * are libseccomp's (seccomp_syscall_resolve_name(3)); a name the host's
 * ABI lacks (open on arm64) is skipped. Conditions: include/sandbox.h.
 */
#include "sandbox.h"
#include "util.h"

#define LIST(a) { (a), ARRAY_SIZE(a) }

/*
 * Every thread: glibc (malloc, locks, clocks, signals, exit), stderr,
 * the terminal's settings put back by a crash report;
 * sysinfo for glibc's qsort, which capstone calls the first time a
 * thread disassembles (-d in_asm, out_asm).
 */
static const struct sandbox_rule sb_base[] = {
	{ "read", SB_ANY }, { "write", SB_ANY }, { "readv", SB_ANY },
	{ "writev", SB_ANY }, { "close", SB_ANY },
	{ "futex", SB_ANY }, { "sched_yield", SB_ANY },
	{ "clock_gettime", SB_ANY }, { "clock_nanosleep", SB_ANY },
	{ "nanosleep", SB_ANY }, { "gettimeofday", SB_ANY },
	{ "getpid", SB_ANY }, { "gettid", SB_ANY },
	{ "mmap", SB_NO_EXEC }, { "mprotect", SB_NO_EXEC },
	{ "munmap", SB_ANY }, { "madvise", SB_ANY }, { "mremap", SB_ANY },
	{ "brk", SB_ANY }, { "getrandom", SB_ANY }, { "sysinfo", SB_ANY },
	{ "rt_sigreturn", SB_ANY }, { "rt_sigprocmask", SB_ANY },
	{ "restart_syscall", SB_ANY }, { "tgkill", SB_OWN_PID },
	{ "exit", SB_ANY }, { "exit_group", SB_ANY },
	/*
	 * The crash report (util/crash.c) puts the terminal back from
	 * whichever thread crashed: tcsetattr(TCSANOW)'s TCSETS and TCGETS
	 * only, never the other terminal ioctls (TIOCSTI would type into
	 * the user's shell).
	 */
	{ "ioctl", SB_IOCTL_TERMIOS },
};

/*
 * Starting threads (vCPUs again after a reset) and letting them add their
 * own filter. clone3 fails with ENOSYS, so glibc falls back to clone,
 * whose flags a filter can see: threads only, no fork (spawn=deny).
 */
static const struct sandbox_rule sb_spawn_threads[] = {
	{ "clone", SB_THREAD }, { "clone3", SB_ENOSYS },
	{ "set_robust_list", SB_ANY }, { "rseq", SB_ANY },
	{ "prctl", SB_NNP }, { "seccomp", SB_FILTER },
};

/*
 * What device models do from a vCPU (MMIO exit) or the main loop: the
 * console and logs (write; poll while a pipe or terminal is full), eventfds, virtio-blk (libaio submits, flush),
 * virtio-rng (getrandom), frames to a net back end.
 */
static const struct sandbox_rule sb_devices[] = {
	{ "poll", SB_ANY }, { "ppoll", SB_ANY },
	{ "io_submit", SB_ANY }, { "fdatasync", SB_ANY }, { "fsync", SB_ANY },
	{ "pread64", SB_ANY }, { "pwrite64", SB_ANY },
	{ "preadv", SB_ANY }, { "pwritev", SB_ANY },
	{ "sendto", SB_ANY }, { "sendmsg", SB_ANY }, { "recvfrom", SB_ANY },
};

/* The main loop (its epoll set and signalfd made on each run): epoll, libaio completions, chardev sockets,
 * the terminal, -dtb read again on a reset, the power button's release timer. */
static const struct sandbox_rule sb_main[] = {
	{ "timerfd_settime", SB_ANY },
	/*
	 * A unix-socket chardev removes its path on close, after the run:
	 * refused (EACCES), the file stays until the next bind removes it
	 * as stale; deleting files is no power to give the main thread.
	 */
	{ "unlink", SB_EACCES }, { "unlinkat", SB_EACCES },
	{ "epoll_create1", SB_ANY }, { "signalfd4", SB_ANY },
	{ "epoll_wait", SB_ANY }, { "epoll_pwait", SB_ANY },
	{ "epoll_ctl", SB_ANY }, { "io_getevents", SB_ANY },
	{ "io_pgetevents", SB_ANY }, { "io_destroy", SB_ANY },
	{ "accept", SB_ANY }, { "accept4", SB_ANY }, { "recvmsg", SB_ANY },
	{ "shutdown", SB_ANY }, { "fcntl", SB_ANY }, { "setsockopt", SB_ANY },
	{ "getsockopt", SB_ANY }, { "ioctl", SB_IOCTL_TTY },
	{ "open", SB_RDONLY }, { "openat", SB_RDONLY },
	{ "fstat", SB_ANY }, { "newfstatat", SB_ANY }, { "lseek", SB_ANY },
};

/* A net back end: poll, the tap fd, libslirp's host sockets (outbound
 * connections, hostfwd accepts, ICMP) and its read of /etc/resolv.conf. */
static const struct sandbox_rule sb_net[] = {
	{ "poll", SB_ANY }, { "ppoll", SB_ANY },
	{ "socket", SB_INET }, { "connect", SB_ANY }, { "bind", SB_ANY },
	{ "listen", SB_ANY }, { "accept", SB_ANY }, { "accept4", SB_ANY },
	{ "sendto", SB_ANY }, { "sendmsg", SB_ANY }, { "recvfrom", SB_ANY },
	{ "recvmsg", SB_ANY }, { "shutdown", SB_ANY },
	{ "setsockopt", SB_ANY }, { "getsockopt", SB_ANY },
	{ "getsockname", SB_ANY }, { "getpeername", SB_ANY },
	{ "fcntl", SB_ANY }, { "open", SB_RDONLY }, { "openat", SB_RDONLY },
	{ "fstat", SB_ANY }, { "newfstatat", SB_ANY }, { "lseek", SB_ANY },
};

/* The gdbstub: one listening socket, one connection, poll. */
static const struct sandbox_rule sb_gdb[] = {
	{ "poll", SB_ANY }, { "ppoll", SB_ANY },
	{ "accept", SB_ANY }, { "accept4", SB_ANY },
	{ "sendto", SB_ANY }, { "recvfrom", SB_ANY }, { "shutdown", SB_ANY },
	{ "setsockopt", SB_ANY }, { "fcntl", SB_ANY },
};

/*
 * A virtio-9p server (devices/9p/): the file calls its requests map to,
 * all relative to descriptors it holds (openat below an O_PATH fd, or the
 * /proc/self/fd magic links of those fds for xattrs, chmod, utimensat,
 * truncate and link). No socket, no exec, no thread creation.
 */
static const struct sandbox_rule sb_9p[] = {
	{ "openat", SB_ANY }, { "fstat", SB_ANY }, { "newfstatat", SB_ANY },
	{ "statx", SB_ANY }, { "fstatfs", SB_ANY }, { "lseek", SB_ANY },
	{ "getdents64", SB_ANY }, { "pread64", SB_ANY }, { "pwrite64", SB_ANY },
	{ "fsync", SB_ANY }, { "fdatasync", SB_ANY }, { "truncate", SB_ANY },
	{ "ftruncate", SB_ANY }, { "mkdirat", SB_ANY }, { "mknodat", SB_ANY },
	{ "symlinkat", SB_ANY }, { "readlinkat", SB_ANY }, { "linkat", SB_ANY },
	{ "unlinkat", SB_ANY }, { "renameat", SB_ANY }, { "renameat2", SB_ANY },
	{ "fchownat", SB_ANY }, { "fchmodat", SB_ANY }, { "utimensat", SB_ANY },
	{ "getxattr", SB_ANY }, { "setxattr", SB_ANY }, { "listxattr", SB_ANY },
	{ "removexattr", SB_ANY }, { "dup", SB_ANY },
};

/*
 * A qcow2 image's worker (devices/block/blk_qcow2.c): reads, writes and
 * flushes of the image files it was given open; its completions go out
 * on an eventfd (write).
 */
static const struct sandbox_rule sb_block[] = {
	{ "pread64", SB_ANY }, { "pwrite64", SB_ANY },
	{ "preadv", SB_ANY }, { "pwritev", SB_ANY },
	{ "fdatasync", SB_ANY }, { "fsync", SB_ANY },
};

/*
 * Threads that open no files: glibc's malloc may still try one, once per
 * process, when it first trims a thread's heap (/proc/sys/vm/overcommit_
 * memory, malloc/arena.c), and takes a failure as "do not shrink". So open
 * fails with EACCES there instead of ending the process.
 */
static const struct sandbox_rule sb_no_files[] = {
	{ "open", SB_EACCES }, { "openat", SB_EACCES },
};

/* KVM: KVM_RUN and the ioctls on the VM and vCPU fds (type KVMIO only). */
static const struct sandbox_rule sb_kvm[] = {
	{ "ioctl", SB_IOCTL_KVM },
};

#define END { 0 }

static const struct sandbox_list sb_kinds[SANDBOX_NKINDS][6] = {
	[SANDBOX_MAIN] = { LIST(sb_base), LIST(sb_spawn_threads), LIST(sb_devices),
			   LIST(sb_main), END },
	[SANDBOX_VCPU] = { LIST(sb_base), LIST(sb_devices), LIST(sb_no_files), END },
	[SANDBOX_NET] = { LIST(sb_base), LIST(sb_net), END },
	[SANDBOX_TIMER] = { LIST(sb_base), LIST(sb_no_files), END },
	[SANDBOX_GDB] = { LIST(sb_base), LIST(sb_gdb), LIST(sb_no_files), END },
	[SANDBOX_9P] = { LIST(sb_base), LIST(sb_9p), END },
	[SANDBOX_BLOCK] = { LIST(sb_base), LIST(sb_block), LIST(sb_no_files), END },
};

static const struct sandbox_list sb_kinds_kvm[SANDBOX_NKINDS][6] = {
	[SANDBOX_MAIN] = { LIST(sb_base), LIST(sb_spawn_threads), LIST(sb_devices),
			   LIST(sb_main), LIST(sb_kvm), END },
	[SANDBOX_VCPU] = { LIST(sb_base), LIST(sb_devices), LIST(sb_no_files), LIST(sb_kvm),
			   END },
	[SANDBOX_NET] = { LIST(sb_base), LIST(sb_net), LIST(sb_kvm), END },
	[SANDBOX_TIMER] = { LIST(sb_base), LIST(sb_no_files), LIST(sb_kvm), END },
	[SANDBOX_GDB] = { LIST(sb_base), LIST(sb_gdb), LIST(sb_no_files), LIST(sb_kvm), END },
	[SANDBOX_9P] = { LIST(sb_base), LIST(sb_9p), LIST(sb_kvm), END },
	[SANDBOX_BLOCK] = { LIST(sb_base), LIST(sb_block), LIST(sb_no_files), LIST(sb_kvm),
			    END },
};

const struct sandbox_list *sandbox_lists(enum sandbox_kind kind,
					 const struct sandbox_opts *opts)
{
	if (kind >= SANDBOX_NKINDS)
		return NULL;
	return opts && opts->kvm ? sb_kinds_kvm[kind] : sb_kinds[kind];
}
