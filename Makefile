# armvisor build. `make` builds build/armvisor; `make check` runs every
# test; `make aarch64-static` cross-builds a static arm64 binary.
#
# Every .c file in a module folder is part of the program: adding a file
# needs no edit here. Unit tests are tests/unit/test_*.c, one Check
# program each; shell tests are tests/shell/*.sh.

CC ?= cc
BUILD ?= build
MODULES := util cli machine boot devices gdbstub accel-tcg accel-kvm

WARN := -Wall -Wextra -Werror
# CFLAGS/LDFLAGS are the user's (and the cross build's); AV_* are ours.
CFLAGS ?= -O2 -g
AV_CFLAGS := -std=gnu11 $(WARN) -Iinclude -pthread -D_GNU_SOURCE
AV_LDLIBS := -lfdt -laio -lz -lpthread -lm

# Capstone disassembles for -d in_asm; optional so a bare cross build works.
CAPSTONE ?= $(shell pkg-config --exists capstone 2>/dev/null && echo yes)
ifeq ($(CAPSTONE),yes)
AV_CFLAGS += -DHAVE_CAPSTONE $(shell pkg-config --cflags capstone)
AV_LDLIBS += $(shell pkg-config --libs capstone)
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
	kvm_gic.c kvm_eventfd.c kvm_debug.c kvm_debug_break.c kvm_debug_state.c)
KVM_OTHER_SRCS := accel-kvm/kvm_none.c
ifeq ($(TARGET_ARCH),aarch64)
SRCS := $(filter-out $(KVM_OTHER_SRCS),$(SRCS))
else
SRCS := $(filter-out $(KVM_ARM64_SRCS),$(SRCS))
endif
LIB_SRCS := $(filter-out cli/main.c,$(SRCS))
OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(SRCS))
LIB_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRCS))
LIB := $(BUILD)/libarmvisor.a

TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
TEST_SUPPORT := $(filter-out $(TEST_SRCS),$(wildcard tests/unit/*.c))
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck)

.PHONY: all check unit-check shell-check clean aarch64-static guest-kit bench fuzz

all: $(BUILD)/armvisor

$(BUILD)/armvisor: $(BUILD)/obj/cli/main.o $(LIB)
	$(CC) $(AV_CFLAGS) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(AV_LDLIBS) $(LDLIBS)

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

# accel-tcg's files name their own folder's headers plainly and another
# folder's one header by path from accel-tcg/ ("mem/mem.h").
$(BUILD)/obj/accel-tcg/%.o: AV_CFLAGS += -Iaccel-tcg

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(AV_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(TEST_SUPPORT) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(AV_CFLAGS) $(CFLAGS) -Itests/unit -Iaccel-tcg -o $@ $< $(TEST_SUPPORT) $(LIB) $(LDFLAGS) $(AV_LDLIBS) $(LDLIBS) $(CHECK_LIBS)

unit-check: $(TEST_BINS)
	@scripts/run-unit-tests.sh $(TEST_BINS)

shell-check: $(BUILD)/armvisor
	@scripts/run-shell-tests.sh tests/shell

# Unit tests first: they are fast and name the broken module.
check: all
	@$(MAKE) --no-print-directory unit-check
	@$(MAKE) --no-print-directory shell-check

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

# libFuzzer target over the virtio transport, rings and requests (clang):
# `make fuzz`, then $(BUILD)/fuzz/fuzz_virtqueue [-max_total_time=S] [DIR].
FUZZ_CC ?= clang
FUZZ_SRCS := devices/virtio_dev.c devices/virtio_mmio.c devices/virtqueue.c \
	devices/virtqueue_chain.c devices/virtio_blk.c devices/blk_aio.c \
	devices/virtio_rng.c util/err.c util/log.c
FUZZ_FLAGS := -std=gnu11 $(WARN) -g -O1 -Iinclude -Idevices -D_GNU_SOURCE -pthread \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

# The NIC and the console (no libslirp: its stub; back ends are the target's).
FUZZ_NETCON_SRCS := $(FUZZ_SRCS) devices/virtio_net.c devices/virtio_console.c \
	devices/net.c devices/net_slirp.c devices/net_tap.c devices/chardev.c \
	devices/chardev_opts.c devices/chardev_socket.c

fuzz: $(BUILD)/fuzz/fuzz_virtqueue $(BUILD)/fuzz/fuzz_netcon

$(BUILD)/fuzz/fuzz_virtqueue: tests/fuzz/fuzz_virtqueue.c $(FUZZ_SRCS) $(wildcard include/*.h devices/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ tests/fuzz/fuzz_virtqueue.c $(FUZZ_SRCS) -laio

$(BUILD)/fuzz/fuzz_netcon: tests/fuzz/fuzz_netcon.c $(FUZZ_NETCON_SRCS) $(wildcard include/*.h devices/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ tests/fuzz/fuzz_netcon.c $(FUZZ_NETCON_SRCS) -laio

clean:
	rm -rf $(BUILD)

-include $(OBJS:.o=.d)
