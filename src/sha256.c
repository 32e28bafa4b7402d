/*
 * sha256.c — SHA-256 as specified in FIPS 180-4 (see sha256.h).
 *
 * Invariants:
 *  1. ctx->block_used < 64 between calls: a full block is compressed as soon
 *     as it is complete.
 *  2. ctx->total_bytes counts every byte given to sha256_update; the padding
 *     encodes it in bits, big-endian, as the standard requires.
 */
#include "sha256.h"

#include <string.h>

/* First 32 bits of the fractional parts of the cube roots of the first 64
 * primes (FIPS 180-4, 4.2.2). */
static const uint32_t round_constants[64] = {
	0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u,
	0x923f82a4u, 0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u,
	0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u,
	0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
	0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u,
	0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u,
	0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
	0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
	0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au,
	0x5b9cca4fu, 0x682e6ff3u, 0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u,
	0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u
};

static uint32_t rotate_right(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32u - n));
}

static uint32_t load_be32(const unsigned char *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void store_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void compress_block(uint32_t state[8], const unsigned char block[64])
{
	uint32_t schedule[64];
	uint32_t a, b, c, d, e, f, g, h;
	int i;

	for (i = 0; i < 16; i++)
		schedule[i] = load_be32(block + 4 * i);
	for (i = 16; i < 64; i++) {
		uint32_t w15 = schedule[i - 15], w2 = schedule[i - 2];
		uint32_t s0 = rotate_right(w15, 7) ^ rotate_right(w15, 18) ^ (w15 >> 3);
		uint32_t s1 = rotate_right(w2, 17) ^ rotate_right(w2, 19) ^ (w2 >> 10);
		schedule[i] = schedule[i - 16] + s0 + schedule[i - 7] + s1;
	}

	a = state[0]; b = state[1]; c = state[2]; d = state[3];
	e = state[4]; f = state[5]; g = state[6]; h = state[7];
	for (i = 0; i < 64; i++) {
		uint32_t sum1 = rotate_right(e, 6) ^ rotate_right(e, 11) ^ rotate_right(e, 25);
		uint32_t choose = (e & f) ^ (~e & g);
		uint32_t t1 = h + sum1 + choose + round_constants[i] + schedule[i];
		uint32_t sum0 = rotate_right(a, 2) ^ rotate_right(a, 13) ^ rotate_right(a, 22);
		uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
		uint32_t t2 = sum0 + majority;
		h = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	state[0] += a; state[1] += b; state[2] += c; state[3] += d;
	state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

void sha256_init(struct sha256_ctx *ctx)
{
	/* First 32 bits of the fractional parts of the square roots of the
	 * first 8 primes (FIPS 180-4, 5.3.3). */
	static const uint32_t initial[8] = {
		0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
		0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u
	};
	memcpy(ctx->state, initial, sizeof initial);
	ctx->total_bytes = 0;
	ctx->block_used = 0;
}

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
	const unsigned char *in = data;

	ctx->total_bytes += len;
	while (len > 0) {
		size_t take = sizeof ctx->block - ctx->block_used;
		if (take > len)
			take = len;
		memcpy(ctx->block + ctx->block_used, in, take);
		ctx->block_used += take;
		in += take;
		len -= take;
		if (ctx->block_used == sizeof ctx->block) {
			compress_block(ctx->state, ctx->block);
			ctx->block_used = 0;
		}
	}
}

void sha256_final(struct sha256_ctx *ctx, unsigned char digest[SHA256_DIGEST_BYTES])
{
	uint64_t total_bits = ctx->total_bytes * 8u;
	int i;

	/* Padding: a 1 bit, zeros up to 56 mod 64, then the 64-bit length. */
	ctx->block[ctx->block_used++] = 0x80;
	if (ctx->block_used > 56) {
		memset(ctx->block + ctx->block_used, 0, 64 - ctx->block_used);
		compress_block(ctx->state, ctx->block);
		ctx->block_used = 0;
	}
	memset(ctx->block + ctx->block_used, 0, 56 - ctx->block_used);
	for (i = 0; i < 8; i++)
		ctx->block[56 + i] = (unsigned char)(total_bits >> (56 - 8 * i));
	compress_block(ctx->state, ctx->block);
	for (i = 0; i < 8; i++)
		store_be32(digest + 4 * i, ctx->state[i]);
	ctx->block_used = 0;
}

void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_BYTES])
{
	static const char digits[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	unsigned char digest[SHA256_DIGEST_BYTES];
	int i;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, digest);
	for (i = 0; i < SHA256_DIGEST_BYTES; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 0x0f];
	}
	hex[2 * SHA256_DIGEST_BYTES] = '\0';
}
