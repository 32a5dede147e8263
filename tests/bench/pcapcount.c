/* pcapcount: prints how many packet records a classic pcap file holds (any
 * byte order, micro- or nanosecond), reading only the record headers, so
 * that a benchmark can check what a capture tool really wrote rather than
 * trust its own counters.  A file cut short in a record (a capture killed
 * while writing) counts the complete records and says so on stderr. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "err.h"

#define MAGIC_USEC 0xa1b2c3d4u
#define MAGIC_NSEC 0xa1b23c4du

static uint32_t swap32(uint32_t v)
{
	return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
}

static uint64_t count_records(FILE *fp, const char *path)
{
	unsigned char fh[24], rh[16];
	uint32_t magic, caplen;
	uint64_t n = 0;
	struct stat st;
	int swapped;

	if (fstat(fileno(fp), &st) != 0)
		err_(EXIT_FAIL, "%s", path);

	if (fread(fh, 1, sizeof(fh), fp) != sizeof(fh))
		errx_(EXIT_FAIL, "%s: too short for a pcap file header", path);
	memcpy(&magic, fh, 4);
	swapped = magic == swap32(MAGIC_USEC) || magic == swap32(MAGIC_NSEC);
	if (!swapped && magic != MAGIC_USEC && magic != MAGIC_NSEC)
		errx_(EXIT_FAIL, "%s: not a classic pcap file (magic 0x%08" PRIx32 ")", path, magic);
	for (;;) {
		size_t got = fread(rh, 1, sizeof(rh), fp);
		if (got == 0)
			break;
		if (got != sizeof(rh)) {
			warnx_("%s: cut short in a record header after %" PRIu64 " records", path, n);
			break;
		}
		memcpy(&caplen, rh + 8, 4);
		if (swapped)
			caplen = swap32(caplen);
		if (fseeko(fp, (off_t)caplen, SEEK_CUR) != 0)
			err_(EXIT_FAIL, "%s: seek", path);
		if (ftello(fp) > st.st_size) {
			warnx_("%s: cut short in a record after %" PRIu64 " records", path, n);
			break;
		}
		n++;
	}
	if (ferror(fp))
		err_(EXIT_FAIL, "%s: read", path);
	return n;
}

int main(int argc, char **argv)
{
	FILE *fp;

	err_init(argv[0]);
	if (argc == 2 && strcmp(argv[1], "-h") == 0) {
		puts("usage: pcapcount FILE\nPrints the number of packet records in a classic pcap file.");
		close_stdout();
		return EXIT_OK;
	}
	if (argc != 2)
		usage_error("expected one pcap file");
	fp = fopen(argv[1], "rb");
	if (fp == NULL)
		err_(EXIT_FAIL, "%s", argv[1]);
	printf("%" PRIu64 "\n", count_records(fp, argv[1]));
	fclose(fp);
	close_stdout();
	return EXIT_OK;
}
