#include "wire.h"

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void wire_put(unsigned char *buf, const struct wire_msg *m)
{
	put32(buf, WIRE_MAGIC);
	put32(buf + 4, m->len);
	put32(buf + 8, m->reply_len);
	put32(buf + 12, m->conn);
	put32(buf + 16, (uint32_t)(m->seq >> 32));
	put32(buf + 20, (uint32_t)m->seq);
	put32(buf + 24, (uint32_t)(m->sched_ns >> 32));
	put32(buf + 28, (uint32_t)m->sched_ns);
}

int wire_get(const unsigned char *buf, size_t len, struct wire_msg *m)
{
	if (len < WIRE_HEADER || get32(buf) != WIRE_MAGIC)
		return -1;
	m->len = get32(buf + 4);
	m->reply_len = get32(buf + 8);
	m->conn = get32(buf + 12);
	m->seq = (uint64_t)get32(buf + 16) << 32 | get32(buf + 20);
	m->sched_ns = (uint64_t)get32(buf + 24) << 32 | get32(buf + 28);
	if (m->len < WIRE_HEADER)
		return -1;
	return 0;
}
