// SPDX-License-Identifier: GPL-2.0
/* Process-wide signal set-up that no one module owns. */
#include <errno.h>
#include <signal.h>

#include "err.h"
#include "util.h"

int ignore_sigpipe(struct av_err *err)
{
	struct sigaction sa = { .sa_handler = SIG_IGN };

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGPIPE, &sa, NULL) < 0)
		return av_errf_errno(err, errno, "cannot ignore SIGPIPE");
	return 0;
}
