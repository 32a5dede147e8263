/* The arguments of a test, "key=value,key=value", as ipbench passes them
 * in SETUP args::"...": one parser for every test, each test naming the
 * keys it accepts, so an unknown or misspelt key is an error at setup. */
#ifndef LOADGEN_PARAMS_H
#define LOADGEN_PARAMS_H

#include <stddef.h>
#include <stdint.h>

enum {
	PK_HOST = 1u << 0, PK_PORT = 1u << 1, PK_RATE = 1u << 2, PK_SIZE = 1u << 3,
	PK_REPLY = 1u << 4, PK_DURATION = 1u << 5, PK_WARMUP = 1u << 6,
	PK_COOLDOWN = 1u << 7, PK_TIMEOUT = 1u << 8, PK_CONNS = 1u << 9,
	PK_DIST = 1u << 10, PK_PERSISTENT = 1u << 11, PK_INTERVAL = 1u << 12,
	PK_SEED = 1u << 13, PK_DELAY = 1u << 14, PK_PROTO = 1u << 15, PK_SPIN = 1u << 16,
	PK_PACE = 1u << 17,
};
#define PK_CLIENT_COMMON (PK_HOST | PK_PORT | PK_RATE | PK_SIZE | PK_DURATION | PK_WARMUP | \
			  PK_COOLDOWN | PK_TIMEOUT | PK_CONNS | PK_INTERVAL)

#define LG_MAX_RATE 10000000.0          /* requests per second */
#define LG_MIN_SIZE 32                  /* the message header */
#define LG_MAX_UDP_SIZE 65507
#define LG_MAX_TCP_SIZE (16u << 20)
#define LG_MAX_CONNS 1024
#define LG_SPIN_NS 20000ULL             /* default spin */
#define LG_MAX_SPIN_NS 10000000ULL
#define LG_MAX_REQUESTS 50000000        /* scheduled requests per client */

/* In the order of their names in params.c. */
enum lg_dist { DIST_CONSTANT, DIST_POISSON };
enum lg_proto { PROTO_BOTH, PROTO_UDP, PROTO_TCP };
enum lg_pace { PACE_SLEEP, PACE_SPIN };

struct lg_params {
	char host[256];
	uint16_t port;
	double rate;                 /* per second; 0 = as fast as possible */
	uint64_t size, reply_size;   /* bytes; reply 0 = same as size */
	uint64_t duration_ns, warmup_ns, cooldown_ns, timeout_ns, interval_ns;
	unsigned connections;
	enum lg_dist dist;
	int persistent;
	uint64_t seed;
	uint64_t spin_ns;            /* latency tests: poll this long before a send */
	enum lg_pace pace;           /* latency tests: sleep or spin once answered */
	uint64_t delay_ns;           /* target: hold each reply */
	enum lg_proto proto;         /* target: which servers */
	unsigned given;              /* PK_* keys present */
};

/* Defaults: port 7, rate 1000/s, size 64, duration 10s, no warm-up or
 * cool-down, timeout 1s, 1 connection, constant, persistent, interval 1s,
 * spin 20us, pace sleep. */
void params_defaults(struct lg_params *p);

/* Parses ARGS ("" allowed) accepting only the keys in ALLOWED; on error
 * returns -1 with a message naming the key and what is wrong. */
int params_parse(struct lg_params *p, const char *args, unsigned allowed, char *err, size_t errlen);

#endif
