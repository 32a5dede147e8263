/* udpflood: the capture benchmarks' traffic.  Sends UDP datagrams to one
 * address at an offered rate (packets per second; 0 is as fast as the
 * socket takes them) with sendmmsg(), for a duration or a count, and prints
 * what it sent as TSV:
 *
 *   sent<TAB>failed<TAB>elapsed_ns<TAB>rate_pps
 *
 * Pacing follows an absolute schedule (packet k is due at start + k/rate),
 * so a late wake-up is caught up on instead of lowering the rate; while
 * nothing is due it sleeps, at least until a few packets are due so that
 * high rates do not spin on sub-microsecond sleeps.  A datagram the stack
 * refuses (ENOBUFS, EAGAIN: the receiver's backlog is full) is counted as
 * failed, not sent, so "sent" is what the link really carried. */
#include <errno.h>
#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "parse.h"

#define BATCH_MAX 64
#define PAYLOAD_MAX 1472
#define NS_PER_S 1000000000ULL

struct flood {
	int fd;
	uint64_t rate;      /* packets/s, 0 unpaced */
	uint64_t count;     /* stop after this many sent, 0 no limit */
	uint64_t duration;  /* ns, 0 no limit */
	size_t size;        /* payload bytes */
	uint64_t sent, failed;
};

static void usage(FILE *fp)
{
	fputs("usage: udpflood -d ADDR [-p PORT] [-r RATE] [-c COUNT] [-t DURATION] [-s SIZE]\n"
	      "Sends UDP datagrams to ADDR:PORT at RATE packets/s (0: unpaced) until COUNT\n"
	      "were sent or DURATION passed (default 1s); prints sent, failed, elapsed_ns,\n"
	      "rate_pps as TSV.\n"
	      "  -d ADDR      destination IPv4 address\n"
	      "  -p PORT      destination port (default 9999)\n"
	      "  -r RATE      offered rate, packets/s (default 0: as fast as possible)\n"
	      "  -c COUNT     stop after COUNT datagrams\n"
	      "  -t DURATION  stop after DURATION (1s, 500ms, ...)\n"
	      "  -s SIZE      payload bytes (default 18: 60-byte frames)\n"
	      "  -h           this help\n",
	      fp);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

static void sleep_until(uint64_t t)
{
	struct timespec ts = { .tv_sec = (time_t)(t / NS_PER_S), .tv_nsec = (long)(t % NS_PER_S) };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/* How many packets are due at time t since start, by the schedule. */
static uint64_t due_at(const struct flood *f, uint64_t elapsed)
{
	return (uint64_t)((unsigned __int128)elapsed * f->rate / NS_PER_S);
}

/* Sends n datagrams (n <= BATCH_MAX) from the shared payload; counts what
 * the stack refused as failed. */
static void send_batch(struct flood *f, struct mmsghdr *msgs, unsigned n)
{
	unsigned done = 0;

	while (done < n) {
		int r = sendmmsg(f->fd, msgs + done, n - done, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno != ENOBUFS && errno != EAGAIN)
				err_(EXIT_FAIL, "sendmmsg");
			f->failed++;
			done++;
			continue;
		}
		done += (unsigned)r;
		f->sent += (uint64_t)r;
	}
}

static void flood_run(struct flood *f, struct mmsghdr *msgs)
{
	uint64_t start = now_ns(), elapsed = 0;
	/* Packets sent or failed: the schedule's position. */
	uint64_t done = 0;
	/* Sleep until at least this many are due (about 50 us of traffic). */
	uint64_t wake_batch = f->rate / 20000 + 1;

	for (;;) {
		uint64_t n = BATCH_MAX;

		elapsed = now_ns() - start;
		if (f->duration && elapsed >= f->duration)
			break;
		if (f->count) {
			if (done >= f->count)
				break;
			if (f->count - done < n)
				n = f->count - done;
		}
		if (f->rate) {
			uint64_t due = due_at(f, elapsed);
			if (due <= done) {
				uint64_t next = done + wake_batch;
				sleep_until(start + (uint64_t)((unsigned __int128)next * NS_PER_S / f->rate));
				continue;
			}
			if (due - done < n)
				n = due - done;
		}
		send_batch(f, msgs, (unsigned)n);
		done = f->sent + f->failed;
	}
	elapsed = now_ns() - start;
	printf("sent\tfailed\telapsed_ns\trate_pps\n%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%.0f\n",
	       f->sent, f->failed, elapsed, elapsed ? (double)f->sent * 1e9 / (double)elapsed : 0.0);
}

int main(int argc, char **argv)
{
	struct flood f = { .fd = -1, .size = 18 };
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(9999) };
	static char payload[PAYLOAD_MAX];
	static struct iovec iov;
	static struct mmsghdr msgs[BATCH_MAX];
	const char *addr = NULL;
	int c;

	err_init(argv[0]);
	while ((c = getopt(argc, argv, "d:p:r:c:t:s:h")) != -1) {
		switch (c) {
		case 'd': addr = optarg; break;
		case 'p': dst.sin_port = htons((uint16_t)opt_u64('p', optarg, 1, 65535)); break;
		case 'r': f.rate = opt_u64('r', optarg, 0, 100000000); break;
		case 'c': f.count = opt_u64('c', optarg, 1, UINT64_MAX); break;
		case 't': f.duration = opt_duration_ns('t', optarg, 1, 3600 * NS_PER_S); break;
		case 's': f.size = (size_t)opt_u64('s', optarg, 0, PAYLOAD_MAX); break;
		case 'h': usage(stdout); close_stdout(); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (addr == NULL)
		usage_error("-d ADDR is required");
	if (inet_pton(AF_INET, addr, &dst.sin_addr) != 1)
		usage_error("-d %s: not an IPv4 address", addr);
	if (f.count == 0 && f.duration == 0)
		f.duration = NS_PER_S;

	f.fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (f.fd < 0)
		err_(EXIT_FAIL, "socket");
	memset(payload, 'x', sizeof(payload));
	iov.iov_base = payload;
	iov.iov_len = f.size;
	for (int i = 0; i < BATCH_MAX; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
		/* Not connect()ed: the ICMP port unreachables the receiver
		 * sends back must not turn into send errors. */
		msgs[i].msg_hdr.msg_name = &dst;
		msgs[i].msg_hdr.msg_namelen = sizeof(dst);
	}
	flood_run(&f, msgs);
	close(f.fd);
	close_stdout();
	return EXIT_OK;
}
