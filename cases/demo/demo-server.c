/* demo-server: the demo case's server.  Answers framed TCP requests (see
 * demo.h) on any number of connections and UDP pings, until SIGINT or
 * SIGTERM, then prints what it served and exits 0.
 *
 * usage: demo-server [-p TCP_PORT] [-u UDP_PORT] */
#define _GNU_SOURCE /* accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "demo.h"

#define MAX_CLIENTS 64

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static int listen_on(int type, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int one = 1;
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    (type == SOCK_STREAM && listen(fd, 16) < 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Serves one request on a connection; returns -1 when it is finished. */
static int serve_request(int fd, unsigned char *req, unsigned char *reply)
{
	unsigned char hdr[4];
	uint32_t len;

	if (demo_read_full(fd, hdr, 4) < 0)
		return -1;
	len = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 | (uint32_t)hdr[2] << 8 | hdr[3];
	if (len > DEMO_MAX_MSG || demo_read_full(fd, req, len) < 0)
		return -1;
	demo_make_reply(req, len, reply + 4);
	uint32_t rlen = len + DEMO_REPLY_EXTRA;
	reply[0] = (unsigned char)(rlen >> 24);
	reply[1] = (unsigned char)(rlen >> 16);
	reply[2] = (unsigned char)(rlen >> 8);
	reply[3] = (unsigned char)rlen;
	return demo_write_full(fd, reply, rlen + 4);
}

static void answer_ping(int fd, unsigned long *pings)
{
	char buf[512];
	struct sockaddr_in from;
	socklen_t fromlen = sizeof(from);
	ssize_t n = recvfrom(fd, buf, sizeof(buf) - 1, 0, (struct sockaddr *)&from, &fromlen);

	if (n < 5 || memcmp(buf, "ping ", 5) != 0)
		return;
	buf[1] = 'o';	/* "ping N" -> "pong N" */
	sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, fromlen);
	(*pings)++;
}

static int parse_port(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1 || v > 65535) {
		fprintf(stderr, "demo-server: '%s': not a port number\n", s);
		exit(2);
	}
	return (int)v;
}

int main(int argc, char **argv)
{
	static unsigned char req[DEMO_MAX_MSG], reply[DEMO_MAX_MSG + DEMO_REPLY_EXTRA + 4];
	struct pollfd fds[2 + MAX_CLIENTS];
	int tcp_port = DEMO_TCP_PORT, udp_port = DEMO_UDP_PORT, opt, nclients = 0;
	unsigned long requests = 0, pings = 0, connections = 0;
	struct sigaction sa = { .sa_handler = on_signal };

	while ((opt = getopt(argc, argv, "p:u:h")) != -1) {
		switch (opt) {
		case 'p': tcp_port = parse_port(optarg); break;
		case 'u': udp_port = parse_port(optarg); break;
		case 'h': printf("usage: demo-server [-p TCP_PORT] [-u UDP_PORT]\n"); return 0;
		default: fprintf(stderr, "usage: demo-server [-p TCP_PORT] [-u UDP_PORT]\n"); return 2;
		}
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	fds[0].fd = listen_on(SOCK_STREAM, tcp_port);
	fds[1].fd = listen_on(SOCK_DGRAM, udp_port);
	if (fds[0].fd < 0 || fds[1].fd < 0) {
		fprintf(stderr, "demo-server: listen on ports %d/%d: %s\n", tcp_port, udp_port, strerror(errno));
		return 1;
	}
	fds[0].events = fds[1].events = POLLIN;
	printf("demo-server: listening on tcp %d, udp %d\n", tcp_port, udp_port);
	fflush(stdout);

	while (!stopping) {
		if (poll(fds, (nfds_t)(2 + nclients), -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("demo-server: poll");
			return 1;
		}
		if ((fds[0].revents & POLLIN) && nclients < MAX_CLIENTS) {
			int c = accept4(fds[0].fd, NULL, NULL, SOCK_CLOEXEC);
			if (c >= 0) {
				fds[2 + nclients].fd = c;
				fds[2 + nclients].events = POLLIN;
				fds[2 + nclients].revents = 0;
				nclients++;
				connections++;
			}
		}
		if (fds[1].revents & POLLIN)
			answer_ping(fds[1].fd, &pings);
		for (int i = 2; i < 2 + nclients; i++) {
			if (!fds[i].revents)
				continue;
			if (serve_request(fds[i].fd, req, reply) == 0) {
				requests++;
				continue;
			}
			close(fds[i].fd);
			fds[i] = fds[2 + nclients - 1];
			nclients--;
			i--;
		}
	}
	printf("demo-server: served %lu requests on %lu connections, %lu pings\n",
	       requests, connections, pings);
	return 0;
}
