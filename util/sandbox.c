// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp sandbox: one BPF program per thread kind, built with
 * libseccomp (the maintained library distributions use for this, also
 * QEMU's -sandbox) at start-up, where errors can still be reported, and
 * loaded by each thread itself with seccomp(2) once its set-up is done.
 * Loading needs no allocation and no libseccomp call, so it is the same
 * from any thread. The building runs on a thread of its own
 * (util/sandbox_async.c), off the start-up's critical path.
 * Rules: Documentation/userspace-api/seccomp_filter.rst; no_new_privs:
 * prctl(2) PR_SET_NO_NEW_PRIVS.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "err.h"
#include "sandbox.h"
#include "util.h"

#define KVMIO 0xAE			/* include/uapi/linux/kvm.h's ioctl type */
#define IOC_TYPE_MASK 0xff00u		/* _IOC_TYPE's bits of a request */

static const char *const sandbox_kind_names[SANDBOX_NKINDS] = {
	[SANDBOX_MAIN] = "main",
	[SANDBOX_VCPU] = "vcpu",
	[SANDBOX_NET] = "net",
	[SANDBOX_TIMER] = "timer",
	[SANDBOX_GDB] = "gdb",
	[SANDBOX_9P] = "9p",
	[SANDBOX_BLOCK] = "block",
};

const char *sandbox_kind_name(int kind)
{
	if (kind < 0 || kind >= SANDBOX_NKINDS)
		return NULL;
	return sandbox_kind_names[kind];
}

bool sandbox_default_on(void)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	return false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
	return false;
#else
	return true;
#endif
#else
	return true;
#endif
}

/*
 * One argument test, spelled out: libseccomp's SCMP_A<n>() macros leave
 * datum_b to the compiler, which -Wextra rejects outside a system header.
 * MASKED_EQ is (arg & a) == b; EQ compares with a.
 */
static struct scmp_arg_cmp sb_arg(unsigned int arg, enum scmp_compare op,
				  scmp_datum_t a, scmp_datum_t b)
{
	return (struct scmp_arg_cmp){ .arg = arg, .op = op, .datum_a = a, .datum_b = b };
}

static int sb_allow_if(scmp_filter_ctx ctx, int nr, struct scmp_arg_cmp cmp)
{
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1, cmp);
}

/* One rule into ctx; its action and argument test from r->cond. */
static int sandbox_add_rule(scmp_filter_ctx ctx, const struct sandbox_rule *r, int nr)
{
	int ret;

	switch (r->cond) {
	case SB_NO_EXEC:
		return sb_allow_if(ctx, nr, sb_arg(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	case SB_THREAD:
		return sb_allow_if(ctx, nr, sb_arg(0, SCMP_CMP_MASKED_EQ, CLONE_THREAD,
						   CLONE_THREAD));
	case SB_RDONLY:
		return sb_allow_if(ctx, nr, sb_arg(2, SCMP_CMP_MASKED_EQ,
						   O_ACCMODE | O_CREAT | O_TRUNC, O_RDONLY));
	case SB_IOCTL_KVM:
	case SB_IOCTL_TTY:
		return sb_allow_if(ctx, nr, sb_arg(1, SCMP_CMP_MASKED_EQ, IOC_TYPE_MASK,
						   (r->cond == SB_IOCTL_KVM ? KVMIO : 'T') << 8));
	case SB_IOCTL_TERMIOS:
		/* glibc's tcsetattr reads the settings back after TCSETS. */
		ret = sb_allow_if(ctx, nr, sb_arg(1, SCMP_CMP_EQ, TCSETS, 0));
		return ret ? ret : sb_allow_if(ctx, nr, sb_arg(1, SCMP_CMP_EQ, TCGETS, 0));
	case SB_NNP:
		return sb_allow_if(ctx, nr, sb_arg(0, SCMP_CMP_EQ, PR_SET_NO_NEW_PRIVS, 0));
	case SB_FILTER:
		return sb_allow_if(ctx, nr, sb_arg(0, SCMP_CMP_EQ, SECCOMP_SET_MODE_FILTER, 0));
	case SB_OWN_PID:
		return sb_allow_if(ctx, nr, sb_arg(0, SCMP_CMP_EQ, (scmp_datum_t)getpid(), 0));
	case SB_INET:
		ret = sb_allow_if(ctx, nr, sb_arg(0, SCMP_CMP_EQ, AF_INET, 0));
		return ret ? ret : sb_allow_if(ctx, nr, sb_arg(0, SCMP_CMP_EQ, AF_INET6, 0));
	case SB_ENOSYS:
	case SB_EACCES:
		return seccomp_rule_add(ctx, SCMP_ACT_ERRNO(r->cond == SB_ENOSYS ? ENOSYS : EACCES),
					nr, 0);
	default:
		return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
	}
}

static int sandbox_add_lists(scmp_filter_ctx ctx, const struct sandbox_list *l,
			     struct av_err *err)
{
	for (; l->rules; l++) {
		for (size_t i = 0; i < l->count; i++) {
			const struct sandbox_rule *r = &l->rules[i];
			int nr = seccomp_syscall_resolve_name(r->name);
			int ret;

			if (nr == __NR_SCMP_ERROR || nr < 0)
				continue;	/* not a call of this ABI */
			ret = sandbox_add_rule(ctx, r, nr);
			if (ret)
				return av_errf_errno(err, -ret, "sandbox: cannot allow %s",
						     r->name);
		}
	}
	return 0;
}

/* The raw BPF of ctx, through a memfd (libseccomp 2.5 exports to an fd). */
static int sandbox_export(scmp_filter_ctx ctx, struct sandbox_prog *prog,
			  struct av_err *err)
{
	int fd = memfd_create("armvisor-seccomp", MFD_CLOEXEC);
	struct stat st;
	int ret;

	if (fd < 0)
		return av_errf_errno(err, errno, "sandbox: memfd_create");
	ret = seccomp_export_bpf(ctx, fd);
	if (ret) {
		ret = av_errf_errno(err, -ret, "sandbox: cannot build the filter");
	} else if (fstat(fd, &st) < 0 || st.st_size <= 0 ||
		   st.st_size % sizeof(struct sock_filter) ||
		   st.st_size / sizeof(struct sock_filter) > BPF_MAXINSNS) {
		ret = av_errf(err, EINVAL, "sandbox: the filter has a bad size");
	} else if (!(prog->insns = malloc((size_t)st.st_size))) {
		ret = av_errf(err, ENOMEM, "sandbox: out of memory");
	} else if (pread(fd, prog->insns, (size_t)st.st_size, 0) != st.st_size) {
		ret = av_errf_errno(err, errno, "sandbox: cannot read the filter");
	} else {
		prog->len = (unsigned short)(st.st_size / sizeof(struct sock_filter));
	}
	close(fd);
	return ret;
}

/* Any call off the lists traps (SIGSYS); another ABI's calls kill. */
static int sandbox_build(struct sandbox *sb, enum sandbox_kind kind,
			 const struct sandbox_opts *opts, struct av_err *err)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_TRAP);
	int ret;

	if (!ctx)
		return av_errf(err, ENOMEM, "sandbox: seccomp_init failed");
	ret = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (ret)
		ret = av_errf_errno(err, -ret, "sandbox: seccomp_attr_set");
	if (!ret)
		ret = sandbox_add_lists(ctx, sandbox_lists(kind, opts), err);
	if (!ret)
		ret = sandbox_export(ctx, &sb->progs[kind], err);
	seccomp_release(ctx);
	return ret;
}

static int sandbox_selftest_kind(void)
{
	const char *s = getenv("ARMVISOR_SANDBOX_SELFTEST");

	for (int k = 0; s && k < SANDBOX_NKINDS; k++)
		if (!strcmp(s, sandbox_kind_names[k]))
			return k;
	return -1;
}

int sandbox_build_all(struct sandbox *sb, const struct sandbox_opts *opts,
		      struct av_err *err)
{
	int ret;

	sandbox_trap_names();
	for (int k = 0; k < SANDBOX_NKINDS; k++) {
		ret = sandbox_build(sb, k, opts, err);
		if (ret)
			return ret;
	}
	return 0;
}

int sandbox_init(struct sandbox *sb, bool on, const struct sandbox_opts *opts,
		 struct av_err *err)
{
	int ret;

	memset(sb, 0, sizeof(*sb));
	sb->selftest = -1;
	if (!on)
		return 0;
	ret = sandbox_trap_install(err);
	if (!ret)
		ret = sandbox_async_start(sb, opts, err);
	if (ret) {
		sandbox_free(sb);
		return ret;
	}
	sb->selftest = sandbox_selftest_kind();
	sb->on = true;
	return 0;
}

int sandbox_wait(const struct sandbox *sb, struct av_err *err)
{
	if (!sb || !sb->on)
		return 0;
	return sandbox_async_wait(sb->async, err);
}

/* The test hook: a call every list forbids, made on purpose. */
static void sandbox_selftest(void)
{
	char *const argv[] = { "true", NULL };
	char *const envp[] = { NULL };

	execve("/bin/true", argv, envp);
}

static int sandbox_load(const struct sandbox *sb, enum sandbox_kind kind,
			struct av_err *err)
{
	struct sock_fprog prog;

	prog = (struct sock_fprog){
		.len = sb->progs[kind].len,
		.filter = sb->progs[kind].insns,
	};
	sandbox_trap_set_kind(kind);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return av_errf_errno(err, errno, "sandbox: PR_SET_NO_NEW_PRIVS");
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return av_errf_errno(err, errno, "sandbox: cannot enter the %s thread's filter",
				     sandbox_kind_names[kind]);
	return 0;
}

int sandbox_enter(const struct sandbox *sb, enum sandbox_kind kind)
{
	struct av_err err = { 0 };
	int ret;

	if (!sb || !sb->on || kind >= SANDBOX_NKINDS)
		return 0;
	ret = sandbox_wait(sb, &err);
	if (!ret)
		ret = sandbox_load(sb, kind, &err);
	if (ret && sb->fail)
		sb->fail(sb->fail_opaque, &err);
	if (!ret && sb->selftest == (int)kind)
		sandbox_selftest();
	return ret;
}

void sandbox_free(struct sandbox *sb)
{
	sandbox_async_free(sb->async);	/* joins the builder first */
	for (int k = 0; k < SANDBOX_NKINDS; k++)
		free(sb->progs[k].insns);
	memset(sb, 0, sizeof(*sb));
	sb->selftest = -1;
}
