/*
 * sha256.h — SHA-256 (FIPS 180-4), used to fingerprint the effective
 * scenario text stored in result files (attribute config_sha256).
 *
 * Self-contained and allocation-free: the caller owns the context, which may
 * live on the stack. Not a constant-time implementation; it hashes public
 * text, never secrets.
 */
#ifndef WK_SHA256_H
#define WK_SHA256_H

#include <stddef.h>
#include <stdint.h>

enum { SHA256_DIGEST_BYTES = 32, SHA256_HEX_BYTES = 65 /* 64 digits + NUL */ };

struct sha256_ctx {
	uint32_t state[8];
	uint64_t total_bytes;        /* message length so far */
	unsigned char block[64];     /* pending input, block_used bytes of it */
	size_t block_used;
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
/* Finish and write the 32-byte digest; the context must be re-initialised
 * before it is used again. */
void sha256_final(struct sha256_ctx *ctx, unsigned char digest[SHA256_DIGEST_BYTES]);

/* One-shot: lower-case hex digest of `len` bytes into hex (65 bytes, NUL
 * terminated). */
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_BYTES]);

#endif
