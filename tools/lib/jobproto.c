#include "jobproto.h"

#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = {
	[JM_REGISTER] = "REGISTER", [JM_REGISTERED] = "REGISTERED",
	[JM_HEARTBEAT] = "HEARTBEAT", [JM_SUBMIT] = "SUBMIT",
	[JM_ACCEPTED] = "ACCEPTED", [JM_RUN] = "RUN", [JM_STATUS] = "STATUS",
	[JM_QUERY] = "QUERY", [JM_CANCEL] = "CANCEL", [JM_LIST] = "LIST",
	[JM_LISTING] = "LISTING", [JM_SHUTDOWN] = "SHUTDOWN", [JM_ERROR] = "ERROR",
	[JM_LEAVE] = "LEAVE",
};

static const char *const state_names[] = {
	[JM_QUEUED] = "queued", [JM_RUNNING] = "running", [JM_EXITED] = "exited",
	[JM_SIGNALED] = "signaled", [JM_TIMEDOUT] = "timedout", [JM_LOST] = "lost",
	[JM_CANCELLED] = "cancelled",
};

const char *jm_type_name(uint32_t type)
{
	return type >= 1 && type <= JM_TYPE_MAX ? type_names[type] : "UNKNOWN";
}

const char *jm_state_name(uint32_t state)
{
	return state <= JM_STATE_MAX ? state_names[state] : "unknown";
}

int jm_state_final(uint32_t state)
{
	return state != JM_QUEUED && state != JM_RUNNING;
}

/* --- encoding --------------------------------------------------------- */

static void put_strings(struct xdr_enc *e, char *const *v, uint32_t n, uint32_t max)
{
	if (n > max) {
		e->failed = true;
		return;
	}
	xdr_put_u32(e, n);
	for (uint32_t i = 0; i < n; i++)
		xdr_put_string(e, v[i], JM_MAX_ARG);
}

static void put_spec(struct xdr_enc *e, const struct jm_spec *s)
{
	put_strings(e, s->argv, s->argc, JM_MAX_ARGS);
	put_strings(e, s->env, s->envc, JM_MAX_ENV);
	xdr_put_opaque(e, s->in, s->inlen, JM_MAX_STDIN);
	xdr_put_u32(e, s->timeout_ms);
	xdr_put_u32(e, s->flags);
}

static void put_status(struct xdr_enc *e, const struct jm_status *s, int with_output)
{
	xdr_put_u64(e, s->job);
	xdr_put_u32(e, s->state);
	xdr_put_i32(e, s->code);
	xdr_put_string(e, s->slave, JM_MAX_NAME);
	xdr_put_u64(e, s->submit_ns);
	xdr_put_u64(e, s->start_ns);
	xdr_put_u64(e, s->end_ns);
	if (with_output) {
		xdr_put_opaque(e, s->out, s->outlen, JM_MAX_OUTPUT);
		xdr_put_opaque(e, s->err, s->errlen, JM_MAX_OUTPUT);
	}
}

int jm_encode(struct xdr_enc *e, const struct jm_msg *m)
{
	size_t start = xdr_record_begin(e);

	xdr_put_u32(e, m->version);
	xdr_put_u32(e, m->type);
	xdr_put_u32(e, m->reqid);
	switch (m->type) {
	case JM_REGISTER:
		xdr_put_string(e, m->token, JM_MAX_TOKEN);
		xdr_put_string(e, m->name, JM_MAX_NAME);
		xdr_put_u32(e, m->slots);
		xdr_put_u32(e, m->running);
		break;
	case JM_REGISTERED:
		xdr_put_u64(e, m->boot);
		xdr_put_u32(e, m->heartbeat_ms);
		break;
	case JM_HEARTBEAT:
		xdr_put_u32(e, m->running);
		break;
	case JM_SUBMIT:
		xdr_put_string(e, m->token, JM_MAX_TOKEN);
		put_spec(e, &m->spec);
		break;
	case JM_ACCEPTED:
		xdr_put_u64(e, m->job);
		break;
	case JM_RUN:
		xdr_put_u64(e, m->job);
		put_spec(e, &m->spec);
		break;
	case JM_STATUS:
		put_status(e, &m->status, 1);
		break;
	case JM_QUERY:
		xdr_put_u64(e, m->job);
		xdr_put_bool(e, m->wait != 0);
		break;
	case JM_CANCEL:
		xdr_put_string(e, m->token, JM_MAX_TOKEN);
		xdr_put_u64(e, m->job);
		break;
	case JM_LIST:
		break;
	case JM_LISTING:
		if (m->nslaves > JM_MAX_SLAVES || m->njobs > JM_MAX_LISTED) {
			e->failed = true;
			break;
		}
		xdr_put_u32(e, m->nslaves);
		for (uint32_t i = 0; i < m->nslaves; i++) {
			xdr_put_string(e, m->slaves[i].name, JM_MAX_NAME);
			xdr_put_string(e, m->slaves[i].addr, JM_MAX_NAME);
			xdr_put_u32(e, m->slaves[i].slots);
			xdr_put_u32(e, m->slaves[i].running);
		}
		xdr_put_u32(e, m->njobs);
		for (uint32_t i = 0; i < m->njobs; i++)
			put_status(e, &m->jobs[i], 0);
		break;
	case JM_SHUTDOWN:
		xdr_put_string(e, m->token, JM_MAX_TOKEN);
		break;
	case JM_ERROR:
		xdr_put_u32(e, m->error);
		xdr_put_string(e, m->text, JM_MAX_TEXT);
		break;
	case JM_LEAVE:
		xdr_put_string(e, m->text, JM_MAX_TEXT);
		break;
	default:
		e->failed = true;
	}
	xdr_record_end(e, start);
	return e->failed ? -1 : 0;
}

/* --- decoding --------------------------------------------------------- */

static char **get_strings(struct xdr_dec *d, uint32_t max, uint32_t *n)
{
	uint32_t count = xdr_get_count(d, max);
	char **v;

	*n = 0;
	if (d->failed)
		return NULL;
	/* Each string takes at least 4 bytes: no allocation beyond what the
	 * input could hold. */
	if (count > d->left / 4) {
		d->failed = true;
		return NULL;
	}
	v = calloc((size_t)count + 1, sizeof(*v));
	if (v == NULL) {
		d->failed = true;
		return NULL;
	}
	for (uint32_t i = 0; i < count && !d->failed; i++) {
		v[i] = xdr_get_string(d, JM_MAX_ARG);
		if (v[i])
			*n = i + 1;
	}
	return v;
}

static uint8_t *get_bytes(struct xdr_dec *d, size_t max, size_t *len)
{
	const uint8_t *p = xdr_get_opaque(d, max, len);
	uint8_t *copy;

	if (p == NULL)
		return NULL;
	copy = malloc(*len ? *len : 1);
	if (copy == NULL) {
		d->failed = true;
		*len = 0;
		return NULL;
	}
	memcpy(copy, p, *len);
	return copy;
}

static void get_spec(struct xdr_dec *d, struct jm_spec *s)
{
	s->argv = get_strings(d, JM_MAX_ARGS, &s->argc);
	s->env = get_strings(d, JM_MAX_ENV, &s->envc);
	s->in = get_bytes(d, JM_MAX_STDIN, &s->inlen);
	s->timeout_ms = xdr_get_u32(d);
	s->flags = xdr_get_u32(d);
	if (s->argc == 0 || (s->flags & ~JM_F_ALL))
		d->failed = true;
}

static void get_status(struct xdr_dec *d, struct jm_status *s, int with_output)
{
	s->job = xdr_get_u64(d);
	s->state = xdr_get_count(d, JM_STATE_MAX);
	s->code = xdr_get_i32(d);
	s->slave = xdr_get_string(d, JM_MAX_NAME);
	s->submit_ns = xdr_get_u64(d);
	s->start_ns = xdr_get_u64(d);
	s->end_ns = xdr_get_u64(d);
	if (with_output) {
		s->out = get_bytes(d, JM_MAX_OUTPUT, &s->outlen);
		s->err = get_bytes(d, JM_MAX_OUTPUT, &s->errlen);
	}
}

enum jm_decode_result jm_decode(const void *buf, size_t len, struct jm_msg *m)
{
	struct xdr_dec d;

	memset(m, 0, sizeof(*m));
	xdr_dec_init(&d, buf, len);
	m->version = xdr_get_u32(&d);
	m->type = xdr_get_u32(&d);
	m->reqid = xdr_get_u32(&d);
	if (d.failed)
		return JM_BAD;
	if (m->version != JM_VERSION)
		return JM_BAD_VERSION;
	switch (m->type) {
	case JM_REGISTER:
		m->token = xdr_get_string(&d, JM_MAX_TOKEN);
		m->name = xdr_get_string(&d, JM_MAX_NAME);
		m->slots = xdr_get_u32(&d);
		m->running = xdr_get_u32(&d);
		break;
	case JM_REGISTERED:
		m->boot = xdr_get_u64(&d);
		m->heartbeat_ms = xdr_get_u32(&d);
		break;
	case JM_HEARTBEAT:
		m->running = xdr_get_u32(&d);
		break;
	case JM_SUBMIT:
		m->token = xdr_get_string(&d, JM_MAX_TOKEN);
		get_spec(&d, &m->spec);
		break;
	case JM_ACCEPTED:
		m->job = xdr_get_u64(&d);
		break;
	case JM_RUN:
		m->job = xdr_get_u64(&d);
		get_spec(&d, &m->spec);
		break;
	case JM_STATUS:
		get_status(&d, &m->status, 1);
		break;
	case JM_QUERY:
		m->job = xdr_get_u64(&d);
		m->wait = xdr_get_bool(&d);
		break;
	case JM_CANCEL:
		m->token = xdr_get_string(&d, JM_MAX_TOKEN);
		m->job = xdr_get_u64(&d);
		break;
	case JM_LIST:
		break;
	case JM_LISTING: {
		uint32_t n = xdr_get_count(&d, JM_MAX_SLAVES);

		if (d.failed || n > d.left / 16)
			return JM_BAD;
		m->slaves = calloc((size_t)n + 1, sizeof(*m->slaves));
		if (m->slaves == NULL)
			return JM_BAD;
		for (uint32_t i = 0; i < n && !d.failed; i++, m->nslaves++) {
			m->slaves[i].name = xdr_get_string(&d, JM_MAX_NAME);
			m->slaves[i].addr = xdr_get_string(&d, JM_MAX_NAME);
			m->slaves[i].slots = xdr_get_u32(&d);
			m->slaves[i].running = xdr_get_u32(&d);
		}
		n = xdr_get_count(&d, JM_MAX_LISTED);
		if (d.failed || n > d.left / 40)
			return JM_BAD;
		m->jobs = calloc((size_t)n + 1, sizeof(*m->jobs));
		if (m->jobs == NULL)
			return JM_BAD;
		for (uint32_t i = 0; i < n && !d.failed; i++, m->njobs++)
			get_status(&d, &m->jobs[i], 0);
		break;
	}
	case JM_SHUTDOWN:
		m->token = xdr_get_string(&d, JM_MAX_TOKEN);
		break;
	case JM_ERROR:
		m->error = xdr_get_count(&d, JM_ERROR_MAX);
		m->text = xdr_get_string(&d, JM_MAX_TEXT);
		break;
	case JM_LEAVE:
		m->text = xdr_get_string(&d, JM_MAX_TEXT);
		break;
	default:
		return JM_BAD;
	}
	return xdr_dec_done(&d) ? JM_OK : JM_BAD;
}

static void free_strings(char **v, uint32_t n)
{
	for (uint32_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

void jm_spec_free(struct jm_spec *s)
{
	free_strings(s->argv, s->argc);
	free_strings(s->env, s->envc);
	free(s->in);
	memset(s, 0, sizeof(*s));
}

void jm_status_free(struct jm_status *s)
{
	free(s->slave);
	free(s->out);
	free(s->err);
	memset(s, 0, sizeof(*s));
}

void jm_msg_free(struct jm_msg *m)
{
	free(m->token);
	free(m->name);
	jm_spec_free(&m->spec);
	jm_status_free(&m->status);
	for (uint32_t i = 0; i < m->nslaves; i++) {
		free(m->slaves[i].name);
		free(m->slaves[i].addr);
	}
	free(m->slaves);
	for (uint32_t i = 0; i < m->njobs; i++)
		jm_status_free(&m->jobs[i]);
	free(m->jobs);
	free(m->text);
	memset(m, 0, sizeof(*m));
}

static char **copy_strings(char *const *v, uint32_t n)
{
	char **c = calloc((size_t)n + 1, sizeof(*c));

	for (uint32_t i = 0; c && i < n; i++)
		if ((c[i] = strdup(v[i])) == NULL) {
			free_strings(c, i);
			return NULL;
		}
	return c;
}

int jm_spec_copy(struct jm_spec *dst, const struct jm_spec *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->argv = copy_strings(src->argv, src->argc);
	dst->env = copy_strings(src->env, src->envc);
	dst->in = malloc(src->inlen ? src->inlen : 1);
	if (dst->argv == NULL || dst->env == NULL || dst->in == NULL) {
		free(dst->in);
		free_strings(dst->argv, dst->argv ? src->argc : 0);
		free_strings(dst->env, dst->env ? src->envc : 0);
		memset(dst, 0, sizeof(*dst));
		return -1;
	}
	dst->argc = src->argc;
	dst->envc = src->envc;
	if (src->inlen)
		memcpy(dst->in, src->in, src->inlen);
	dst->inlen = src->inlen;
	dst->timeout_ms = src->timeout_ms;
	dst->flags = src->flags;
	return 0;
}
