#include "cnproc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/connector.h>
#include <linux/netlink.h>

#include "procfs.h"

int64_t cnproc_mono_to_boot(void)
{
	struct timespec m, b;

	clock_gettime(CLOCK_MONOTONIC, &m);
	clock_gettime(CLOCK_BOOTTIME, &b);
	return ((int64_t)b.tv_sec - m.tv_sec) * 1000000000 + (b.tv_nsec - m.tv_nsec);
}

/* Subscribes to the process events. */
static int listen_events(int fd)
{
	struct {
		struct nlmsghdr h;
		struct cn_msg cn;
		enum proc_cn_mcast_op op;
	} __attribute__((packed)) msg;

	memset(&msg, 0, sizeof(msg));
	msg.h.nlmsg_len = sizeof(msg);
	msg.h.nlmsg_type = NLMSG_DONE;
	msg.h.nlmsg_pid = (unsigned)getpid();
	msg.cn.id.idx = CN_IDX_PROC;
	msg.cn.id.val = CN_VAL_PROC;
	msg.cn.len = sizeof(enum proc_cn_mcast_op);
	msg.op = PROC_CN_MCAST_LISTEN;
	return send(fd, &msg, sizeof(msg), 0) == (ssize_t)sizeof(msg) ? 0 : -1;
}

int cnproc_open(char *why, size_t whylen)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC };
	int fd, rcvbuf = 8 << 20;

	fd = socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_CONNECTOR);
	if (fd < 0) {
		snprintf(why, whylen, "proc connector socket: %s", strerror(errno));
		return -1;
	}
	/* A big receive buffer rides out bursts (beyond rmem_max needs
	 * CAP_NET_ADMIN, which the connector needs anyway). */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) != 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen_events(fd) != 0) {
		int e = errno;
		snprintf(why, whylen, "proc connector: %s%s", strerror(e),
			 e == EPERM ? " (needs CAP_NET_ADMIN)" : "");
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int cnproc_drain(int fd, cnproc_fn *fn, void *ctx, uint64_t *overruns)
{
	static char buf[64 * 1024] __attribute__((aligned(NLMSG_ALIGNTO)));

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return 0;
			if (errno == ENOBUFS) {	/* the kernel dropped events */
				(*overruns)++;
				continue;
			}
			return -1;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)(void *)buf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n)) {
			const struct cn_msg *cn = NLMSG_DATA(h);
			if (h->nlmsg_type != NLMSG_DONE || cn->id.idx != CN_IDX_PROC ||
			    cn->len < sizeof(struct proc_event) - sizeof(((struct proc_event *)0)->event_data))
				continue;
			/* cn->data sits at offset 36: copy it to where its
			 * 64-bit fields are aligned. */
			struct proc_event pe;
			memset(&pe, 0, sizeof(pe));
			memcpy(&pe, cn->data, cn->len < sizeof(pe) ? cn->len : sizeof(pe));
			fn(&pe, ctx);
		}
	}
}

int cnproc_process_dead(pid_t tgid)
{
	char path[64];
	DIR *d;
	struct dirent *de;
	int alive = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)tgid);
	d = opendir(path);
	if (d == NULL)
		return 1;
	while (!alive && (de = readdir(d)) != NULL) {
		struct procfs_stat st;
		long tid = strtol(de->d_name, NULL, 10);
		if (tid > 0 && procfs_read_stat((pid_t)tid, &st) == 0)
			alive = st.state != 'Z' && st.state != 'X';
	}
	closedir(d);
	return !alive;
}
