/*
 * rng.h — counter-based random streams (Philox4x32-10, Random123).
 *
 * The reproducibility contract (README.md "Random numbers and reproducibility"): every draw is a
 * pure function of (seed, replicate, entity, index, purpose, sequence). No
 * draw depends on which thread asked, in which order entities were visited,
 * or how many draws other entities made. Hence:
 *   1. same scenario + seed => the same draws at any thread count;
 *   2. common random numbers: a resident's need arrivals are keyed on the
 *      resident and the arrival's ordinal, so two scenarios with the same
 *      demand settings give every resident the same arrivals.
 *
 * Key   = the 64-bit run seed (two 32-bit words).
 * Counter = (entity, index, replicate, purpose << 24 | sequence), where
 *   entity   = a global resident id, or a wijk id for wijk-level draws;
 *   index    = e.g. the ordinal of the resident's need;
 *   purpose  = one of enum rng_purpose (8 bits);
 *   sequence = a per-entity draw counter (24 bits).
 * One counter yields four 32-bit words.
 */
#ifndef WK_RNG_H
#define WK_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

enum rng_purpose {
	RNG_RESIDENT_INIT = 1,  /* age band, vulnerability, help seeking */
	RNG_HOUSEHOLD_INIT,     /* household sizes, multi-problem flag */
	RNG_ARRIVAL,            /* time to and type of the next need */
	RNG_NEED_EVENT,         /* competing risks of an open need */
	RNG_ROUTE,              /* referral success */
	RNG_SERVICE,            /* contact outcome */
	RNG_NOTICE,             /* incidental signalling at a contact */
	RNG_NETWORK,            /* meeting attendance */
	RNG_CARER,              /* an overloaded carer's need of their own */
	RNG_TIES_INIT,          /* informal ties: isolation, edges, rewiring */
	RNG_CARER_INIT,         /* who holds an informal role, their other care */
	RNG_CARER_MATCH,        /* which member of a wijk-wide informal role helps */
	RNG_HEALTH_INIT,        /* base Positive Health score per dimension */
	RNG_CARE,               /* care relationships: support, overload, breakdown, unmet */
	RNG_INTERACT,           /* interacting needs: extra arrivals and worsening */
	RNG_PASS_ON,            /* a need passed on to a known role at a contact */
	RNG_FORGET,             /* a resident forgets the roles they know (weekly) */
	RNG_RULE_SHARE,         /* whether a rule with a share applies to a need */
	RNG_TEST = 200          /* reserved for tests */
};

struct rng_stream {
	uint32_t key[2];
	uint32_t replicate;
};

/* Stream for one (seed, replicate). */
void rng_stream_init(struct rng_stream *s, uint64_t seed, uint32_t replicate);

/* Four independent uniform 32-bit words for one counter. */
void rng_words(const struct rng_stream *s, uint32_t entity, uint32_t index,
               uint32_t purpose, uint32_t sequence, uint32_t out[4]);

/* A word as a double in the open interval (0, 1). */
static inline double rng_u01(uint32_t word)
{
	return ((double)word + 0.5) * (1.0 / 4294967296.0);
}

/* Exponential waiting time with the given rate (per day); +inf for rate 0. */
double rng_exponential(uint32_t word, double rate);

/* Index i with probability weights[i] / sum(weights), by one word. n >= 1;
 * weights non-negative with a positive sum. */
int rng_categorical(uint32_t word, const double *weights, int n, double sum);

/* A gsl_rng that draws from one counter onward, for gsl_ran_* distributions.
 * rng_gsl_alloc returns NULL when out of memory; free with gsl_rng_free.
 * rng_gsl_seek must be called before each use. */
gsl_rng *rng_gsl_alloc(void);
void rng_gsl_seek(gsl_rng *r, const struct rng_stream *s, uint32_t entity,
                  uint32_t index, uint32_t purpose, uint32_t sequence);

/* A short description of the generator for the result file. */
const char *rng_describe(void);

#endif
