# armvisor build. `make` builds build/armvisor; `make check` runs every
# test; `make aarch64-static` cross-builds a static arm64 binary.
#
# Every .c file in a module folder is part of the program: adding a file
# needs no edit here. Unit tests are tests/unit/test_*.c, one Check
# program each; shell tests are tests/shell/*.sh.

CC ?= cc
BUILD ?= build
MODULES := util cli machine boot devices gdbstub monitor accel-tcg accel-kvm

WARN := -Wall -Wextra -Werror
# CFLAGS/LDFLAGS are the user's (and the cross build's); AV_* are ours.
CFLAGS ?= -O2 -g
AV_CFLAGS := -std=gnu11 $(WARN) -Iinclude -pthread -D_GNU_SOURCE
# libseccomp builds the sandbox's filters (util/sandbox.c).
# libjansson parses and writes QMP's JSON (monitor/qmp*.c).
AV_LDLIBS := -lseccomp -lfdt -laio -lz -ljansson -lpthread -lm

# Hardening, as distributions build QEMU: a guest is hostile. Fortified
# libc calls need the optimiser (without it glibc warns, and -Werror
# stops), so they come with the user's -O only. PIE is the program's
# link mode; the static arm64 build sets PIE=-static-pie.
PIE ?= -pie
HARDEN_CFLAGS := -fstack-protector-strong -fstack-clash-protection -fPIE \
	$(if $(filter -O1 -O2 -O3 -Os -Og,$(CFLAGS)),-D_FORTIFY_SOURCE=2)
HARDEN_LDFLAGS := $(PIE) -Wl,-z,relro -Wl,-z,now
AV_CFLAGS += $(HARDEN_CFLAGS)

# Capstone disassembles for -d in_asm; optional so a bare cross build works.
# armvisor dlopen()s it by its soname only when a log needs it
# (accel-tcg/engine/disas.c); the tests that check emitted code link it.
CAPSTONE ?= $(shell pkg-config --exists capstone 2>/dev/null && echo yes)
ifeq ($(CAPSTONE),yes)
CAPSTONE_SONAME ?= $(or $(shell objdump -p $(shell pkg-config --variable=libdir capstone)/libcapstone.so 2>/dev/null | awk '/SONAME/ { print $$2 }'),libcapstone.so)
AV_CFLAGS += -DHAVE_CAPSTONE -DCAPSTONE_SONAME='"$(CAPSTONE_SONAME)"' $(shell pkg-config --cflags capstone)
AV_LDLIBS += -ldl
CAPSTONE_LIBS := $(shell pkg-config --libs capstone)
endif

# libslirp for -netdev user; optional because Debian ships no static
# libslirp (the static cross build goes without: SLIRP=no).
SLIRP ?= $(shell pkg-config --exists slirp 2>/dev/null && echo yes)
ifeq ($(SLIRP),yes)
AV_CFLAGS += -DHAVE_SLIRP $(shell pkg-config --cflags slirp)
AV_LDLIBS += $(shell pkg-config --libs slirp)
endif

# A module's sources: its folder and the concern folders inside it
# (accel-tcg/engine/, a64/, ... see docs/ARCHITECTURE.md).
SRCS := $(foreach m,$(MODULES),$(wildcard $(m)/*.c $(m)/*/*.c))

# accel-kvm: the code that talks to /dev/kvm needs arm64's KVM ABI, so it
# is built for aarch64 targets only; elsewhere kvm_none.c's table says why
# KVM cannot run. The rest of accel-kvm (encodings, eventfd bookkeeping)
# builds everywhere, so its unit tests run on any host.
TARGET_ARCH := $(firstword $(subst -, ,$(shell $(CC) -dumpmachine)))
KVM_ARM64_SRCS := $(addprefix accel-kvm/,kvm_ops.c kvm_vm.c kvm_vcpu.c kvm_run.c \
	kvm_gic.c kvm_pmu.c io/kvm_eventfd.c io/kvm_pci.c io/kvm_coalesce.c \
	debug/kvm_debug.c debug/kvm_debug_break.c debug/kvm_debug_state.c \
	snap/kvm_snap.c snap/kvm_snap_cpu.c snap/kvm_snap_gic.c snap/kvm_snap_its.c \
	snap/kvm_snap_model.c)
KVM_OTHER_SRCS := accel-kvm/kvm_none.c
ifeq ($(TARGET_ARCH),aarch64)
SRCS := $(filter-out $(KVM_OTHER_SRCS),$(SRCS))
else
SRCS := $(filter-out $(KVM_ARM64_SRCS),$(SRCS))
endif
# accel-tcg/jit-x86_64: the encoder and the code buffer are portable (their
# unit tests run everywhere); the translator runs its output, so it is
# built for x86-64 targets only, and jit_none.c says "no tier" elsewhere.
JIT_X86_SRCS := $(addprefix accel-tcg/jit-x86_64/,jit.c dispatch.c translate.c inline_alu.c \
	inline_bits.c inline_cond.c inline_mem.c inline_simd.c inline_sys.c)
JIT_OTHER_SRCS := accel-tcg/jit-x86_64/jit_none.c
ifeq ($(TARGET_ARCH),x86_64)
SRCS := $(filter-out $(JIT_OTHER_SRCS),$(SRCS))
else
SRCS := $(filter-out $(JIT_X86_SRCS),$(SRCS))
endif
LIB_SRCS := $(filter-out cli/main.c,$(SRCS))
OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(SRCS))
LIB_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRCS))
LIB := $(BUILD)/libarmvisor.a

TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
TEST_SUPPORT := $(filter-out $(TEST_SRCS),$(wildcard tests/unit/*.c))
TEST_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(TEST_SRCS))
TEST_SUPPORT_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(TEST_SUPPORT))
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck)

.PHONY: all check unit-check shell-check clean aarch64-static guest-kit bench fuzz

all: $(BUILD)/armvisor

$(BUILD)/armvisor: $(BUILD)/obj/cli/main.o $(LIB)
	$(CC) $(AV_CFLAGS) $(CFLAGS) $(HARDEN_LDFLAGS) -o $@ $^ $(LDFLAGS) $(AV_LDLIBS) $(LDLIBS)

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

# accel-tcg's files name their own folder's headers plainly and another
# folder's one header by path from accel-tcg/ ("mem/mem.h").
$(BUILD)/obj/accel-tcg/%.o: AV_CFLAGS += -Iaccel-tcg
# accel-kvm's likewise: kvm_int.h at the top, "io/kvm_eventfd.h" etc.
$(BUILD)/obj/accel-kvm/%.o: AV_CFLAGS += -Iaccel-kvm

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(AV_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# Test programs: each test_*.c and the support files (rigs, generators)
# are compiled once into objects with header dependencies, then linked.
$(BUILD)/obj/tests/%.o: AV_CFLAGS += -Itests/unit -Iaccel-tcg

$(TEST_BINS): $(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(TEST_SUPPORT_OBJS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(AV_CFLAGS) $(CFLAGS) -o $@ $< $(TEST_SUPPORT_OBJS) $(LIB) $(LDFLAGS) $(AV_LDLIBS) $(CAPSTONE_LIBS) $(LDLIBS) $(CHECK_LIBS)

unit-check: $(TEST_BINS)
	@scripts/run-unit-tests.sh $(TEST_BINS)

shell-check: $(BUILD)/armvisor
	@scripts/run-shell-tests.sh tests/shell

# Unit tests first: they are fast and name the broken module.
check: all
	@$(MAKE) --no-print-directory unit-check
	@$(MAKE) --no-print-directory shell-check
	@$(MAKE) --no-print-directory sanitized-check

# ---- Sanitizer builds (issue 13) ----
# `make asan` builds build/asan/armvisor with ASan+UBSan, `make tsan`
# build/tsan/armvisor with TSan; each is a whole build of its own in its
# own BUILD (sanitized and plain objects never mix). The flags go in as the
# user's CFLAGS/LDFLAGS, so the hardening above still applies: -O1 turns
# FORTIFY on (ASan intercepts the _chk calls), and TSan needs the PIE
# link we already do. scripts/run-sanitized.sh runs chosen guest tests on
# them (make check: sanitized-check).
ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
# gcc warns (-Wtsan) that TSan does not model atomic_thread_fence, and
# -Werror stops; the fences in the virtqueues order our accesses to the
# rings against the guest's, which TSan sees as plain guest-RAM accesses
# anyway. Clang has no such warning (and rejects the option).
TSAN_FLAGS := -fsanitize=thread $(shell $(CC) -Werror -Wno-tsan -fsyntax-only \
	-x c /dev/null 2>/dev/null && echo -Wno-tsan)
SAN_OPT := -O1 -g

.PHONY: asan tsan sanitized-check

asan:
	@$(MAKE) --no-print-directory BUILD=build/asan \
		CFLAGS="$(SAN_OPT) $(ASAN_FLAGS)" LDFLAGS="$(ASAN_FLAGS)" build/asan/armvisor

tsan:
	@$(MAKE) --no-print-directory BUILD=build/tsan \
		CFLAGS="$(SAN_OPT) $(TSAN_FLAGS)" LDFLAGS="$(TSAN_FLAGS)" build/tsan/armvisor

# Guest tests on the sanitized builds; any report fails the run.
sanitized-check: asan tsan
	@scripts/run-sanitized.sh
# ---- end of the sanitizer builds ----

guest-kit:
	scripts/guest-kit.sh

aarch64-static:
	scripts/cross-build.sh

# A dynamic arm64 armvisor with libslirp, packed with its shared libraries
# into build/aarch64-dyn/pack/ (the nested KVM virtio-net test runs it).
.PHONY: aarch64-dynamic
aarch64-dynamic:
	scripts/cross-build.sh dynamic

bench: all
	bench/run.sh

# libFuzzer targets (clang): `make fuzz` builds $(BUILD)/fuzz/fuzz_*, one
# per tests/fuzz/fuzz_*.c; `make fuzz-smoke` runs each briefly on its
# committed corpus, tests/fuzz/corpus/<target>/. They link a sanitized archive of every module (and the unit tests' bare TCG CPU),
# so a target pulls what it calls and a new file is fuzz-built without an
# edit here; libslirp is left out (its stub), the back ends are the
# targets' own.
FUZZ_CC ?= clang
FUZZ_MODULES := $(MODULES)
FUZZ_SRCS := $(filter $(addsuffix /%,$(FUZZ_MODULES)),$(LIB_SRCS)) tests/unit/tcg_rig.c
FUZZ_OBJS := $(patsubst %.c,$(BUILD)/fuzz/obj/%.o,$(FUZZ_SRCS))
FUZZ_LIB := $(BUILD)/fuzz/libfuzz.a
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_FLAGS := -std=gnu11 $(WARN) -g -O1 -Iinclude -D_GNU_SOURCE -pthread $(FUZZ_SAN)
FUZZ_LDLIBS := -lseccomp -lfdt -laio -lz -ljansson -lm
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: fuzz-smoke
fuzz: $(FUZZ_BINS)

# The shell test that `make check` runs: it builds, then runs each target.
fuzz-smoke:
	@BUILD="$(BUILD)" bash tests/shell/fuzz_smoke.sh

$(BUILD)/fuzz/obj/accel-tcg/%.o $(BUILD)/fuzz/obj/tests/%.o: FUZZ_FLAGS += -Iaccel-tcg
$(BUILD)/fuzz/obj/accel-kvm/%.o: FUZZ_FLAGS += -Iaccel-kvm

$(BUILD)/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BINS): $(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_common.h $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_FLAGS) -Iaccel-tcg -Itests/unit -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) $(FUZZ_LDLIBS)

clean:
	rm -rf $(BUILD)

# Intermediate objects of the test programs are kept for the next build.
.SECONDARY: $(TEST_OBJS) $(TEST_SUPPORT_OBJS)

-include $(OBJS:.o=.d) $(TEST_OBJS:.o=.d) $(TEST_SUPPORT_OBJS:.o=.d) $(FUZZ_OBJS:.o=.d)
