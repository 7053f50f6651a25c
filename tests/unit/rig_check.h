/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The unit tests' common fixture over tcg_rig.h: a rig made or the test
 * failed with the reason (Check programs only; the fuzz targets use the
 * rig without Check).
 */
#ifndef ARMVISOR_TESTS_RIG_CHECK_H
#define ARMVISOR_TESTS_RIG_CHECK_H

#include <check.h>

#include "err.h"
#include "tcg_rig.h"

static inline void rig_init_or_fail(struct tcg_rig *r)
{
	struct av_err err = { 0 };

	ck_assert_msg(rig_init(r, &err) == 0, "rig: %s", err.msg);
}

/* The vCPU's x86-64 tier on (on hosts without it, the portable tier stays). */
static inline void rig_jit_on_or_fail(struct tcg_rig *r)
{
	struct av_err err = { 0 };

	ck_assert_msg(!tb_cache_set_jit(r->cpu, true, 0, &err), "%s", err.msg);
}

#endif
