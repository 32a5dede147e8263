/* pdmlcopy: the ceiling of any PDML writer on this machine, for
 * bench-pcap2xml.  It writes the same bytes pcap2xml writes for a capture
 * -- the <packet> elements of FILE, over and over until COUNT packets --
 * doing nothing but copying them, in pieces of PIECE bytes (default 64,
 * about a field's attribute), into a 256 kB buffer written to /dev/null
 * whenever full: no dissection, no formatting.  Prints packets/s.
 *
 *   pdmlcopy FILE COUNT [PIECE]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "parse.h"

enum { BUFFER = 256 * 1024 };

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The <packet> elements of the file's text, and how many. */
static char *packets(const char *path, size_t *len, unsigned long *count)
{
	FILE *fp = fopen(path, "r");
	if (fp == NULL)
		err_(EXIT_FAIL, "%s", path);
	size_t cap = 1 << 20, n = 0;
	char *text = malloc(cap + 1);
	size_t got;
	while (text != NULL && (got = fread(text + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap)
			text = realloc(text, (cap *= 2) + 1);
	}
	if (text == NULL)
		errx_(EXIT_FAIL, "out of memory");
	fclose(fp);
	text[n] = '\0';
	char *first = strstr(text, "<packet>"), *end = NULL;
	*count = 0;
	for (char *p = first; p != NULL; p = strstr(p + 1, "<packet>")) {
		(*count)++;
		end = strstr(p, "</packet>");
	}
	if (first == NULL || end == NULL)
		errx_(EXIT_FAIL, "%s: no <packet> elements", path);
	end = strchr(end, '\n') ? strchr(end, '\n') + 1 : end + strlen(end);
	while (*end == '\n')
		end++;
	*len = (size_t)(end - first);
	memmove(text, first, *len);
	return text;
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: pdmlcopy FILE COUNT [PIECE]\n");
		return EXIT_USAGE;
	}
	unsigned long total = (unsigned long)opt_u64('n', argv[2], 1, UINT32_MAX);
	size_t piece = argc > 3 ? (size_t)opt_u64('p', argv[3], 1, BUFFER) : 64;
	size_t len;
	unsigned long per_file;
	char *text = packets(argv[1], &len, &per_file);
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	char *buf = malloc(BUFFER);
	if (fd < 0 || buf == NULL)
		errx_(EXIT_FAIL, "cannot set up");

	/* Whole passes over the file's packets, then the share of a last one. */
	double start = now();
	size_t used = 0;
	unsigned long done = 0;
	while (done < total) {
		size_t n = len;
		unsigned long k = per_file;
		if (total - done < per_file) {
			k = total - done;
			n = len / per_file * k;
		}
		for (size_t off = 0; off < n; off += piece) {
			size_t m = n - off < piece ? n - off : piece;
			if (BUFFER - used < m) {
				if (write(fd, buf, used) < 0)
					err_(EXIT_FAIL, "/dev/null");
				used = 0;
			}
			memcpy(buf + used, text + off, m);
			used += m;
		}
		done += k;
	}
	if (write(fd, buf, used) < 0)
		err_(EXIT_FAIL, "/dev/null");
	double secs = now() - start;
	printf("%.0f\n", (double)total / secs);
	free(buf);
	free(text);
	close(fd);
	return EXIT_OK;
}
