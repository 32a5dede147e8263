#include "ptime.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void ptime_write_delta(struct pdml_buf *b, struct ptime from, struct ptime to)
{
	bool negative = to.sec < from.sec || (to.sec == from.sec && to.nsec < from.nsec);
	if (negative) {
		struct ptime t = from; from = to; to = t;
	}
	uint64_t sec = to.sec - from.sec;
	uint32_t nsec = to.nsec - from.nsec;
	if (to.nsec < from.nsec) {
		sec--;
		nsec = to.nsec + 1000000000u - from.nsec;
	}
	pdml_sec_nsec(b, negative, sec, nsec);
}

void ptime_write_local(struct pdml_buf *b, struct ptime t, struct ptime_cache *cache)
{
	static const char months[12][4] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
	};

	if (!cache->valid || cache->sec != t.sec) {
		time_t tt = (time_t)t.sec;
		struct tm tm;
		if (localtime_r(&tt, &tm) == NULL)
			memset(&tm, 0, sizeof(tm));
		snprintf(cache->prefix, sizeof(cache->prefix), "%s %2d, %d %02d:%02d:%02d.",
			months[tm.tm_mon % 12], tm.tm_mday, tm.tm_year + 1900,
			tm.tm_hour, tm.tm_min, tm.tm_sec);
		snprintf(cache->zone, sizeof(cache->zone), " %s", tm.tm_zone ? tm.tm_zone : "");
		cache->prefix_len = strlen(cache->prefix);
		cache->zone_len = strlen(cache->zone);
		cache->zone_plain = true;
		for (size_t i = 0; i < cache->zone_len; i++) {
			unsigned char ch = (unsigned char)cache->zone[i];
			if (ch < 0x20 || ch >= 0x7f || strchr("&<>\"'", ch) != NULL)
				cache->zone_plain = false;
		}
		cache->sec = t.sec;
		cache->valid = true;
	}
	char *o = pdml_room(b, cache->prefix_len + 9 + cache->zone_len);
	o = fmt_mem(o, cache->prefix, cache->prefix_len);
	o = fmt_frac9(o, t.nsec);
	if (cache->zone_plain) {
		pdml_done(b, fmt_mem(o, cache->zone, cache->zone_len));
	} else {
		pdml_done(b, o);
		pdml_escaped(b, cache->zone, cache->zone_len);
	}
}
