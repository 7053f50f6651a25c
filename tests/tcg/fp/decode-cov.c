// SPDX-License-Identifier: GPL-2.0
/*
 * decode-cov: read "WORD MNEMONIC" lines (hex encodings with objdump's
 * mnemonic) and print the ones our decoder turns into UNDEFINED. Used by
 * tests/shell/tcg_fp_decode.sh on the guest's busybox.
 */
#include <stdio.h>

#include "cpu.h"

int main(void)
{
	char line[512], mnemonic[64];
	unsigned int word;
	int bad = 0;

	while (fgets(line, sizeof(line), stdin)) {
		struct insn in = { 0 };

		if (sscanf(line, "%x %63s", &word, mnemonic) != 2)
			continue;
		decode_insn(word, &in);
		if (in.fn == insn_undefined) {
			printf("%08x %s\n", word, mnemonic);
			bad = 1;
		}
	}
	return bad;
}
