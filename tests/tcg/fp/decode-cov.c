// SPDX-License-Identifier: GPL-2.0
/*
 * decode-cov: read "WORD [MNEMONIC]" lines (hex encodings, optionally
 * with objdump's mnemonic) and print the ones our decoder turns into
 * UNDEFINED (exit 1 if any); with the argument "defined", print the
 * words that decode to a real handler instead (exit 0).
 * Used by tests/shell/tcg_fp_decode.sh and tests/tcg/fp/gen-random.py.
 */
#include <stdio.h>
#include <string.h>

#include "cpu.h"

int main(int argc, char **argv)
{
	int defined = argc > 1 && !strcmp(argv[1], "defined");
	char line[512], mnemonic[64];
	unsigned int word;
	int bad = 0;

	while (fgets(line, sizeof(line), stdin)) {
		struct insn in = { 0 };

		mnemonic[0] = 0;
		if (sscanf(line, "%x %63s", &word, mnemonic) < 1)
			continue;
		decode_insn(word, &in);
		if (defined && in.fn != insn_undefined) {
			printf("%08x\n", word);
		} else if (!defined && in.fn == insn_undefined) {
			printf("%08x %s\n", word, mnemonic);
			bad = 1;
		}
	}
	return bad;
}
