/* demo-client: the demo case's client.  Opens one TCP connection to the
 * server, sends COUNT framed requests of growing size and checks every
 * reply; then sends PINGS UDP pings and waits for each pong (up to 3 tries
 * of 500 ms).  Exits 0 when every answer was right, 1 otherwise.
 *
 * usage: demo-client -a ADDRESS [-p TCP_PORT] [-u UDP_PORT] [-n COUNT] [-P PINGS] */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "demo.h"

static const char usage[] =
	"usage: demo-client -a ADDRESS [-p TCP_PORT] [-u UDP_PORT] [-n COUNT] [-P PINGS]\n";

static long number(const char *s, long min, long max)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "demo-client: '%s': not a number in %ld..%ld\n", s, min, max);
		exit(2);
	}
	return v;
}

static int request_size(int i)
{
	return 64 + 97 * i % 1400;
}

static int tcp_exchange(const struct sockaddr_in *server, int count)
{
	static unsigned char req[DEMO_MAX_MSG + 4], reply[DEMO_MAX_MSG + DEMO_REPLY_EXTRA + 4],
		want[DEMO_MAX_MSG + DEMO_REPLY_EXTRA];
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || connect(fd, (const struct sockaddr *)server, sizeof(*server)) < 0) {
		fprintf(stderr, "demo-client: connect to %s:%d: %s\n", inet_ntoa(server->sin_addr),
		        ntohs(server->sin_port), strerror(errno));
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	for (int i = 0; i < count; i++) {
		uint32_t len = (uint32_t)request_size(i);
		req[0] = (unsigned char)(len >> 24);
		req[1] = (unsigned char)(len >> 16);
		req[2] = (unsigned char)(len >> 8);
		req[3] = (unsigned char)len;
		for (uint32_t k = 0; k < len; k++)
			req[4 + k] = (unsigned char)('a' + (i + k) % 26);
		if (demo_write_full(fd, req, len + 4) < 0 || demo_read_full(fd, reply, 4) < 0) {
			fprintf(stderr, "demo-client: request %d: connection lost\n", i);
			close(fd);
			return -1;
		}
		uint32_t rlen = (uint32_t)reply[0] << 24 | (uint32_t)reply[1] << 16 |
		                (uint32_t)reply[2] << 8 | reply[3];
		demo_make_reply(req + 4, len, want);
		if (rlen != len + DEMO_REPLY_EXTRA || demo_read_full(fd, reply + 4, rlen) < 0 ||
		    memcmp(reply + 4, want, rlen) != 0) {
			fprintf(stderr, "demo-client: request %d: wrong reply\n", i);
			close(fd);
			return -1;
		}
	}
	close(fd);
	return 0;
}

static int udp_pings(const struct sockaddr_in *server, int pings)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int answered = 0;

	if (fd < 0 || connect(fd, (const struct sockaddr *)server, sizeof(*server)) < 0) {
		perror("demo-client: udp socket");
		return -1;
	}
	for (int i = 0; i < pings; i++) {
		char msg[32], want[32], buf[64];
		int n = snprintf(msg, sizeof(msg), "ping %d", i);
		snprintf(want, sizeof(want), "pong %d", i);
		for (int attempt = 0; attempt < 3; attempt++) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			if (send(fd, msg, (size_t)n, 0) < 0)
				break;
			if (poll(&p, 1, 500) == 1) {
				ssize_t r = recv(fd, buf, sizeof(buf) - 1, 0);
				if (r == n && memcmp(buf, want, (size_t)n) == 0) {
					answered++;
					break;
				}
			}
		}
	}
	close(fd);
	printf("demo-client: %d of %d pings answered\n", answered, pings);
	return answered == pings ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct sockaddr_in tcp = { .sin_family = AF_INET }, udp;
	const char *addr = NULL;
	int tcp_port = DEMO_TCP_PORT, udp_port = DEMO_UDP_PORT, count = 20, pings = 5, opt;

	while ((opt = getopt(argc, argv, "a:p:u:n:P:h")) != -1) {
		switch (opt) {
		case 'a': addr = optarg; break;
		case 'p': tcp_port = (int)number(optarg, 1, 65535); break;
		case 'u': udp_port = (int)number(optarg, 1, 65535); break;
		case 'n': count = (int)number(optarg, 0, 100000); break;
		case 'P': pings = (int)number(optarg, 0, 100000); break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (addr == NULL || optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (inet_pton(AF_INET, addr, &tcp.sin_addr) != 1) {
		fprintf(stderr, "demo-client: '%s': not an IPv4 address\n", addr);
		return 2;
	}
	udp = tcp;
	tcp.sin_port = htons((uint16_t)tcp_port);
	udp.sin_port = htons((uint16_t)udp_port);

	if (tcp_exchange(&tcp, count) < 0)
		return 1;
	printf("demo-client: %d requests answered correctly\n", count);
	if (udp_pings(&udp, pings) < 0)
		return 1;
	return 0;
}
