/*
 * rng.c — Philox4x32-10 streams (see rng.h for the contract).
 *
 * The gsl_rng wrapper comes from Random123's gsl_microrng.h: it consumes
 * counters from a base counter upward. We reserve the low 24 bits of the
 * fourth counter word for that, so a seek sets the base counter with the
 * caller's sequence shifted into the bits above what the micro-rng uses.
 */
#include "rng.h"

#include <math.h>

#include <Random123/philox.h>
#include <Random123/gsl_microrng.h>

/* Declares the type descriptor gsl_rng_wkphilox (set once, never changed).
 * Random123's macro converts between integer widths on purpose; its
 * warnings are not ours to fix. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
GSL_MICRORNG(wkphilox, philox4x32);
#pragma GCC diagnostic pop

void rng_stream_init(struct rng_stream *s, uint64_t seed, uint32_t replicate)
{
	/* The seed is the key, so nearby seeds give unrelated streams through
	 * Philox itself; no mixing needed. */
	s->key[0] = (uint32_t)(seed & 0xFFFFFFFFu);
	s->key[1] = (uint32_t)(seed >> 32);
	s->replicate = replicate;
}

static philox4x32_ctr_t make_ctr(const struct rng_stream *s, uint32_t entity,
                                 uint32_t index, uint32_t purpose,
                                 uint32_t sequence)
{
	philox4x32_ctr_t c = {{entity, index, s->replicate,
	                       (purpose << 24) | (sequence & 0xFFFFFFu)}};
	return c;
}

void rng_words(const struct rng_stream *s, uint32_t entity, uint32_t index,
               uint32_t purpose, uint32_t sequence, uint32_t out[4])
{
	philox4x32_key_t k = {{s->key[0], s->key[1]}};
	philox4x32_ctr_t c = make_ctr(s, entity, index, purpose, sequence);
	philox4x32_ctr_t r = philox4x32(c, k);

	out[0] = r.v[0];
	out[1] = r.v[1];
	out[2] = r.v[2];
	out[3] = r.v[3];
}

double rng_exponential(uint32_t word, double rate)
{
	if (!(rate > 0.0))
		return INFINITY;
	return -log(rng_u01(word)) / rate;
}

int rng_categorical(uint32_t word, const double *weights, int n, double sum)
{
	double target = rng_u01(word) * sum;
	double acc = 0.0;

	for (int i = 0; i < n; i++) {
		acc += weights[i];
		if (target < acc)
			return i;
	}
	/* Rounding can leave target == sum: the last positive weight. */
	for (int i = n - 1; i > 0; i--)
		if (weights[i] > 0.0)
			return i;
	return 0;
}

gsl_rng *rng_gsl_alloc(void)
{
	return gsl_rng_alloc(gsl_rng_wkphilox);
}

void rng_gsl_seek(gsl_rng *r, const struct rng_stream *s, uint32_t entity,
                  uint32_t index, uint32_t purpose, uint32_t sequence)
{
	philox4x32_key_t k = {{s->key[0], s->key[1]}};
	/* The micro-rng increments the last counter word; keep the caller's
	 * sequence in the upper 16 of the 24 sequence bits, leaving 2^8 blocks
	 * (1024 words) per seek before it would touch a neighbour's counter. */
	philox4x32_ctr_t c = make_ctr(s, entity, index, purpose,
	                              (sequence & 0xFFFFu) << 8);
	wkphilox_reset(r, c, k);
}

const char *rng_describe(void)
{
	return "Philox4x32-10 (Random123); key = seed; counter = (entity, index, "
	       "replicate, purpose<<24 | sequence)";
}
