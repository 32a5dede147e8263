/* libFuzzer target over jobmgr's message parsing: the bytes are a stream
 * as a peer would send it, cut into records by the record-marking reader
 * and each record decoded; a decoded message is encoded again and must
 * decode to the same length. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "jobproto.h"
#include "xdr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xdr_rm_reader r;
	size_t at = 0;

	xdr_rm_init(&r, 65536);
	while (at < size) {
		size_t used = 0;
		enum xdr_rm_status s = xdr_rm_feed(&r, data + at, size - at, &used);
		struct jm_msg m, again;
		struct xdr_enc e;

		at += used;
		if (s != XDR_RM_RECORD)
			break;
		if (jm_decode(r.buf, r.len, &m) == JM_OK) {
			xdr_enc_init(&e, JM_MAX_RECORD + 8);
			if (jm_encode(&e, &m) != 0 || jm_decode(e.data + 4, e.len - 4, &again) != JM_OK)
				abort();
			if (e.len - 4 != r.len)
				abort();
			jm_msg_free(&again);
			xdr_enc_free(&e);
		}
		jm_msg_free(&m);
		xdr_rm_next(&r);
	}
	xdr_rm_free(&r);
	return 0;
}
