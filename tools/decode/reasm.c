/* TCP reassembly (reasm.h). */
#include "reasm.h"

#include <stdlib.h>
#include <string.h>

struct reasm_seg {
	uint32_t seq;
	uint64_t n;
	size_t len;
	struct reasm_seg *next;
	uint8_t data[];
};

#define NBUCKETS 4096

/* a - b in sequence space: negative when a is before b. */
static int32_t seqdiff(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b);
}

static size_t hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h % NBUCKETS;
}

int reasm_init(struct reasm *r, const struct reasm_ops *ops)
{
	memset(r, 0, sizeof(*r));
	r->ops = ops;
	r->nbuckets = NBUCKETS;
	r->table = calloc(NBUCKETS, sizeof(*r->table));
	return r->table ? 0 : -1;
}

static void lru_unlink(struct reasm *r, struct reasm_dir *d)
{
	if (d->older)
		d->older->newer = d->newer;
	else
		r->oldest = d->newer;
	if (d->newer)
		d->newer->older = d->older;
	else
		r->newest = d->older;
	d->older = d->newer = NULL;
}

static void lru_push(struct reasm *r, struct reasm_dir *d)
{
	d->older = r->newest;
	d->newer = NULL;
	if (r->newest)
		r->newest->newer = d;
	else
		r->oldest = d;
	r->newest = d;
}

/* Delivers the part of segment [seq, seq+len) not delivered yet. */
static void deliver(struct reasm *r, struct reasm_dir *d, uint32_t seq, const uint8_t *p,
		    size_t len, uint64_t n)
{
	int32_t off = seqdiff(d->next, seq);

	if (off < 0 || (size_t)off >= len)
		return;
	r->ops->data(d->user, p + off, len - (size_t)off, n, off == 0);
	d->next = seq + (uint32_t)len;
}

/* Held segments that are now in order. */
static void drain(struct reasm *r, struct reasm_dir *d)
{
	while (d->held && seqdiff(d->held->seq, d->next) <= 0) {
		struct reasm_seg *s = d->held;
		d->held = s->next;
		d->nheld--;
		d->held_bytes -= s->len;
		deliver(r, d, s->seq, s->data, s->len, s->n);
		free(s);
	}
}

/* Gives up the bytes before the first held segment. */
static void skip_to_held(struct reasm *r, struct reasm_dir *d)
{
	if (d->held == NULL)
		return;
	uint32_t missing = d->held->seq - d->next;
	d->gaps += missing;
	r->ops->gap(d->user, missing);
	d->next = d->held->seq;
	drain(r, d);
}

static void dir_free(struct reasm *r, struct reasm_dir *d)
{
	while (d->held)
		skip_to_held(r, d);
	r->ops->end(d->user);
	struct reasm_dir **pp = &r->table[hash(d->key)];
	while (*pp != d)
		pp = &(*pp)->hnext;
	*pp = d->hnext;
	lru_unlink(r, d);
	r->count--;
	free(d->key);
	free(d);
}

void reasm_free(struct reasm *r)
{
	while (r->oldest)
		dir_free(r, r->oldest);
	free(r->table);
	r->table = NULL;
}

struct reasm_dir *reasm_dir(struct reasm *r, const char *key, int *created)
{
	struct reasm_dir **bucket = &r->table[hash(key)];

	*created = 0;
	for (struct reasm_dir *d = *bucket; d; d = d->hnext)
		if (strcmp(d->key, key) == 0) {
			lru_unlink(r, d);
			lru_push(r, d);
			return d;
		}
	if (r->count >= REASM_MAX_STREAMS)
		dir_free(r, r->oldest);
	struct reasm_dir *d = calloc(1, sizeof(*d));
	if (d == NULL || (d->key = strdup(key)) == NULL) {
		free(d);
		return NULL;
	}
	d->hnext = *bucket;
	*bucket = d;
	lru_push(r, d);
	r->count++;
	*created = 1;
	return d;
}

/* Holds an early segment; 0, or -1 when the bounds do not allow it. */
static int hold(struct reasm_dir *d, uint32_t seq, const uint8_t *p, size_t len, uint64_t n)
{
	struct reasm_seg **pp = &d->held;

	while (*pp && seqdiff((*pp)->seq, seq) < 0)
		pp = &(*pp)->next;
	if (*pp && (*pp)->seq == seq && (*pp)->len >= len)
		return 0;   /* a retransmission of a held segment */
	if (d->nheld >= REASM_MAX_HELD || d->held_bytes + len > REASM_MAX_HELD_BYTES)
		return -1;
	struct reasm_seg *s = malloc(sizeof(*s) + len);
	if (s == NULL)
		return -1;
	s->seq = seq;
	s->n = n;
	s->len = len;
	memcpy(s->data, p, len);
	s->next = *pp;
	*pp = s;
	d->nheld++;
	d->held_bytes += len;
	return 0;
}

void reasm_segment(struct reasm *r, struct reasm_dir *d, uint32_t seq, int flags,
		   const uint8_t *data, size_t caplen, size_t len, uint64_t n)
{
	if (flags & REASM_SYN) {
		seq++;                   /* the SYN takes one sequence number */
		if (!d->started) {
			d->next = seq;
			d->started = 1;
		}
	}
	if (!d->started) {
		d->started = 1;
		d->next = seq;
	}
	if (caplen > len)
		caplen = len;
	if (len > 0 && seqdiff(seq + (uint32_t)len, d->next) > 0) {
		if (seqdiff(seq, d->next) > 0) {
			/* ahead: hold it, or give up what is missing before it */
			if (caplen < len || hold(d, seq, data, len, n) < 0) {
				if (d->held == NULL || seqdiff(d->held->seq, seq) > 0) {
					uint32_t missing = seq - d->next;
					d->gaps += missing;
					r->ops->gap(d->user, missing);
					d->next = seq;
				} else {
					while (d->held && seqdiff(d->held->seq, seq) <= 0)
						skip_to_held(r, d);
					if (seqdiff(seq, d->next) > 0) {
						uint32_t missing = seq - d->next;
						d->gaps += missing;
						r->ops->gap(d->user, missing);
						d->next = seq;
					}
				}
			}
		}
		if (seqdiff(seq, d->next) <= 0) {
			deliver(r, d, seq, data, caplen, n);
			if (caplen < len && seqdiff(seq + (uint32_t)len, d->next) > 0) {
				/* the snaplen cut it: the rest was never captured */
				uint32_t missing = seq + (uint32_t)len - d->next;
				d->gaps += missing;
				r->ops->gap(d->user, missing);
				d->next = seq + (uint32_t)len;
			}
			drain(r, d);
		}
	}
	if (flags & REASM_FIN) {
		d->fin = 1;
		d->fin_seq = seq + (uint32_t)len;
	}
	if ((flags & REASM_RST) || (d->fin && d->held == NULL && seqdiff(d->next, d->fin_seq) >= 0))
		dir_free(r, d);
}
