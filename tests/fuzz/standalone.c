/*
 * standalone: a main() for the fuzz targets, so they build with any compiler
 * on every build and run their corpus as a regression test. With clang,
 * build the same target file with -fsanitize=fuzzer for real fuzzing.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int ran = 0;
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 1;
		}
		fseek(f, 0, SEEK_END);
		long n = ftell(f);
		fseek(f, 0, SEEK_SET);
		uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
		size_t got = fread(buf, 1, (size_t)(n > 0 ? n : 0), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, got);
		free(buf);
		ran++;
	}
	printf("%d passed, 0 failed\n", ran);
	return 0;
}
