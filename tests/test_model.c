/*
 * test_model.c — the model's submodels against known answers.
 *
 * Every statistical test uses a fixed seed and states its tolerance: a
 * count is accepted within 4 standard deviations of its expectation
 * (false-alarm rate about 6e-5 per check), and the seeds are fixed, so the
 * outcome is the same on every run.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "model.h"

/* A small world: one wijk, adults only, one need type, one role that
 * everyone can reach, everything else off. Tests switch on what they need. */
static void base_params(struct model_params *p, int residents)
{
	memset(p, 0, sizeof *p);
	p->days = 365;
	p->output_every = 7;
	p->seed = 2385;
	p->wijken = 1;
	p->residents_per_wijk = residents;
	p->n_age_bands = 1;
	snprintf(p->age_bands[0].name, MODEL_MAX_NAME, "adult");
	p->age_bands[0].share = 1.0;
	p->age_bands[0].adult = true;
	p->household_size_weights[0] = 1.0;
	p->help_seeking_mean = 0.5;
	p->help_seeking_concentration = 4.0;

	p->n_need_types = 1;
	struct need_type_params *nt = &p->need_types[0];
	snprintf(nt->name, MODEL_MAX_NAME, "need");
	nt->incidence_per_1000_per_year[0] = 0.0;
	nt->vulnerable_multiplier = nt->multiproblem_multiplier = 1.0;
	nt->severity_levels = 4;
	nt->start_severity[0] = 1.0;
	nt->informal_resolve_multiplier = nt->in_care_worsen_multiplier = 1.0;
	for (int s = 0; s < 3; s++) {
		nt->hours_per_contact[s] = 0.5;
		nt->health_penalty[s] = 1.0;
	}

	p->n_roles = 1;
	struct role_params *r = &p->roles[0];
	snprintf(r->name, MODEL_MAX_NAME, "role_a");
	r->formal = true;
	r->fte_per_1000 = 1.0;
	r->hours_per_week_per_fte = 35.0;
	r->direct_share = 1.0;
	r->weekdays_only = false;
	r->contact_hours_multiplier = 1.0;
	r->max_severity[0] = 3;
	r->followup_days = 7.0;
	r->entry = true;
	r->overload_need_type = -1;

	p->n_channels = 1;
	snprintf(p->channels[0].name, MODEL_MAX_NAME, "self");
	p->channels[0].kind = CHANNEL_SELF;
	p->channels[0].need_types[0] = true;
	p->channels[0].to_role = 0;
	p->channels[0].role = -1;
	p->professional_channel = -1;
	p->mdo_channel = -1;
	p->early_max_severity = 1;
	p->max_hops = 8;
	p->referral_base_success = 1.0;
	p->tie_present_threshold = 0.3;
	p->phase_thresholds[0] = 0.25;
	p->phase_thresholds[1] = 0.5;
	p->phase_thresholds[2] = 0.75;
	p->carer_burden_window_days = 28.0;
	for (int a = 0; a < MODEL_MAX_ROLES; a++)
		for (int b = 0; b < MODEL_MAX_ROLES; b++)
			p->init_ties[a][b] = -1.0;
}

static struct model *start(const struct model_params *p, uint32_t replicate)
{
	struct model *m = model_alloc(p, replicate);
	assert_non_null(m);
	for (int w = 0; w < p->wijken; w++)
		assert_int_equal(model_init_wijk(m, w), 0);
	return m;
}

static void run_days(struct model *m, int from, int to, bool check)
{
	char msg[512];
	for (int day = from; day < to; day++)
		for (int w = 0; w < model_wijk_count(m); w++) {
			assert_int_equal(model_step_wijk(m, w, day), 0);
			if (check && model_check_wijk(m, w, msg, sizeof msg)) {
				print_error("%s\n", msg);
				fail();
			}
		}
}

static void assert_within(double observed, double expected, double sd, const char *what)
{
	if (fabs(observed - expected) > 4.0 * sd) {
		print_error("%s: observed %.4f, expected %.4f +- 4 x %.4f\n", what, observed,
		            expected, sd);
		fail();
	}
}

/* Demand: with incidence L per 1,000 per year and no way for needs to
 * close, the count of needs over D days is Poisson with mean N L D / 365000. */
static void test_demand_matches_poisson_mean(void **state)
{
	struct model_params p;
	struct model_totals t;
	(void)state;
	base_params(&p, 20000);
	p.need_types[0].incidence_per_1000_per_year[0] = 2385.0;
	p.channels[0].rate_per_day[0] = 0.0;   /* nothing signalled, nothing closes */
	p.days = 200;
	struct model *m = start(&p, 0);
	run_days(m, 0, p.days, false);
	model_totals_wijk(m, 0, &t);
	double mean = 20000.0 * 2385.0 / 1000.0 / 365.0 * p.days;
	assert_within((double)t.arisen, mean, sqrt(mean), "needs arisen");
	assert_int_equal(t.arisen, t.latent);
	model_free(m);
}

/* Progression: with only worsening at hazard h and two levels (start at 1,
 * crisis at 2), the share escalated t days after arising is 1 - e^(-h t). */
static void test_escalation_share_matches_exponential(void **state)
{
	struct model_params p;
	struct model_totals t;
	const uint32_t n = 20000;
	const double h = 0.0237;
	(void)state;
	base_params(&p, (int)n);
	p.need_types[0].severity_levels = 2;
	p.need_types[0].worsen_per_day = h;
	p.days = 100;
	struct model *m = start(&p, 0);
	struct wijk *w = &m->wijken[0];
	for (uint32_t r = 0; r < n; r++) {
		uint32_t id;
		assert_int_equal(needs_new(m, w, r, 0, 1, 0, w->ordinal[r]++, &id), 0);
	}
	int checkpoints[] = {5, 20, 60};
	int done = 0;
	for (int i = 0; i < 3; i++) {
		/* needs arose on day 0; after stepping days 0..t they are t days old */
		run_days(m, done, checkpoints[i] + 1, false);
		done = checkpoints[i] + 1;
		model_totals_wijk(m, 0, &t);
		double prob = 1.0 - exp(-h * checkpoints[i]);
		char what[64];
		snprintf(what, sizeof what, "escalated by day %d", checkpoints[i]);
		assert_within((double)t.escalated, n * prob, sqrt(n * prob * (1 - prob)), what);
	}
	model_free(m);
}

/* Referral: the success probability is base + gain x tie, so failures fall
 * as the tie between the two roles rises. */
static double referral_failure_share(double tie)
{
	struct model_params p;
	struct model_totals t;
	base_params(&p, 20000);
	p.need_types[0].incidence_per_1000_per_year[0] = 500.0;
	p.channels[0].rate_per_day[0] = 0.2;
	p.n_roles = 2;
	p.roles[1] = p.roles[0];
	snprintf(p.roles[1].name, MODEL_MAX_NAME, "role_b");
	p.roles[1].entry = false;
	p.n_rules = 1;
	snprintf(p.rules[0].name, MODEL_MAX_NAME, "a_to_b");
	p.rules[0].at_role = 0;
	p.rules[0].need_types[0] = true;
	p.rules[0].severity_min = 1;
	p.rules[0].severity_max = 7;
	p.rules[0].action = ACTION_REFER;
	p.rules[0].to_role = 1;
	p.referral_base_success = 0.3;
	p.referral_tie_gain = 0.6;
	p.init_ties[0][1] = p.init_ties[1][0] = tie;
	p.days = 120;
	struct model *m = start(&p, 0);
	run_days(m, 0, p.days, true);
	model_totals_wijk(m, 0, &t);
	model_free(m);
	double expected = 1.0 - (0.3 + 0.6 * tie);
	double share = (double)t.referrals_failed / (double)t.referrals;
	assert_within(share, expected, sqrt(expected * (1 - expected) / (double)t.referrals),
	              "failed referral share");
	return share;
}

static void test_referral_success_rises_with_tie(void **state)
{
	(void)state;
	double weak = referral_failure_share(0.1);
	double strong = referral_failure_share(0.9);
	assert_true(strong < weak - 0.3);
}

/* Service: fewer hours for the same demand give longer waits. */
static double mean_wait(double fte_per_1000)
{
	struct model_params p;
	double *acc;
	base_params(&p, 5000);
	p.need_types[0].incidence_per_1000_per_year[0] = 3000.0;
	p.need_types[0].resolve_per_day = 0.01;
	p.channels[0].rate_per_day[0] = 0.3;
	p.roles[0].resolve_probability[0] = 0.6;
	p.roles[0].fte_per_1000 = fte_per_1000;
	p.days = 180;
	struct model *m = start(&p, 0);
	acc = calloc(model_acc_size(&p), sizeof *acc);
	assert_non_null(acc);
	run_days(m, 0, p.days, true);
	model_observe_wijk(m, 0, acc);
	double wait = acc[m->acc.wait_sum] / acc[m->acc.first_contacts];
	double used = acc[m->acc.hours_used], cap = acc[m->acc.hours_capacity];
	assert_true(used <= cap * (1 + 1e-12));
	free(acc);
	model_free(m);
	return wait;
}

static void test_waiting_rises_when_capacity_falls(void **state)
{
	(void)state;
	/* Demand is about 41 needs a day, ~1.7 contacts of 0.5 h each: some 35
	 * hours a day. 3 FTE per 1,000 gives 75 hours a day, 0.8 gives 20. */
	double ample = mean_wait(3.0);
	double scarce = mean_wait(0.8);
	print_message("mean wait: %.2f days with ample capacity, %.2f days with scarce\n",
	              ample, scarce);
	assert_true(ample < 1.0);
	assert_true(scarce > ample + 2.0);
}

/* A part-time role with fewer hours a day than one contact still serves,
 * by saving its hours up, and never uses more hours than it had. */
static void test_part_time_role_serves(void **state)
{
	struct model_params p;
	double *acc;
	(void)state;
	base_params(&p, 1000);
	p.need_types[0].incidence_per_1000_per_year[0] = 200.0;
	p.channels[0].rate_per_day[0] = 0.3;
	p.roles[0].resolve_probability[0] = 1.0;
	/* 0.0843 FTE x 35 h / 7 days = 0.42 hours a day; a contact takes 0.5 */
	p.roles[0].fte_per_1000 = 0.0843;
	p.days = 120;
	struct model *m = start(&p, 0);
	acc = calloc(model_acc_size(&p), sizeof *acc);
	assert_non_null(acc);
	run_days(m, 0, p.days, true);
	model_observe_wijk(m, 0, acc);
	assert_true(acc[m->acc.contacts] > 50);
	assert_true(acc[m->acc.hours_used] <= acc[m->acc.hours_capacity] + 1e-9);
	free(acc);
	model_free(m);
}

/* Conservation at every step of a world where everything is switched on:
 * referrals, shifts, informal roles, MDOs, network meetings, overload. */
static void test_conservation_every_step(void **state)
{
	struct model_params p;
	(void)state;
	base_params(&p, 3000);
	p.n_need_types = 2;
	p.need_types[1] = p.need_types[0];
	snprintf(p.need_types[1].name, MODEL_MAX_NAME, "other");
	p.need_types[1].dimension = 4;
	for (int t = 0; t < 2; t++) {
		p.need_types[t].incidence_per_1000_per_year[0] = 900.0;
		p.need_types[t].worsen_per_day = 0.01;
		p.need_types[t].resolve_per_day = 0.01;
		p.need_types[t].start_severity[1] = 0.5;
	}
	p.multiproblem_household_share = 0.05;
	p.household_size_weights[1] = 1.0;
	p.channels[0].need_types[1] = true;
	p.channels[0].rate_per_day[0] = 0.05;
	p.channels[0].rate_per_day[1] = 0.1;
	p.channels[0].rate_per_day[2] = 0.3;
	p.n_channels = 3;
	snprintf(p.channels[1].name, MODEL_MAX_NAME, "prof");
	p.channels[1].kind = CHANNEL_PROFESSIONAL;
	p.channels[1].to_role = -1;
	p.professional_channel = 1;
	snprintf(p.channels[2].name, MODEL_MAX_NAME, "mdo");
	p.channels[2].kind = CHANNEL_MDO;
	p.channels[2].to_role = 1;
	p.mdo_channel = 2;
	p.n_roles = 3;
	p.roles[0].notice_probability = 0.3;
	p.roles[0].notices[1] = true;
	p.roles[0].fte_per_1000 = 0.3;
	p.roles[1] = p.roles[0];
	snprintf(p.roles[1].name, MODEL_MAX_NAME, "role_b");
	p.roles[1].indication_days = 10;
	p.roles[2] = p.roles[0];
	snprintf(p.roles[2].name, MODEL_MAX_NAME, "carer");
	p.roles[2].formal = false;
	p.roles[2].member_share = 0.1;
	p.roles[2].hours_per_week_per_member = 2.0;
	p.roles[2].overload_utilisation = 0.5;
	p.roles[2].overload_need_per_day = 0.01;
	p.roles[2].overload_need_type = 1;
	for (int k = 0; k < 3; k++) {
		p.roles[k].resolve_probability[0] = 0.5;
		p.roles[k].resolve_probability[1] = 0.3;
		p.roles[k].resolve_probability[2] = 0.2;
		p.roles[k].max_severity[1] = 2;
	}
	p.n_rules = 3;
	struct rule_params *r = p.rules;
	r[0] = (struct rule_params){.at_role = 0, .severity_min = 1, .severity_max = 1,
	                            .action = ACTION_SHIFT, .to_role = 2};
	r[0].need_types[1] = true;
	r[1] = (struct rule_params){.at_role = 0, .severity_min = 2, .severity_max = 7,
	                            .action = ACTION_REFER, .to_role = 1};
	r[1].need_types[1] = true;
	r[2] = (struct rule_params){.at_role = 1, .severity_min = 3, .severity_max = 7,
	                            .action = ACTION_REFER, .to_role = 0};
	r[2].need_types[0] = r[2].need_types[1] = true;
	p.referral_base_success = 0.5;
	p.referral_tie_gain = 0.4;
	p.referral_max_delay_days = 5;
	p.meeting_interval_days = 30;
	p.meeting_attendance = 0.7;
	p.meeting_tie_gain = 0.2;
	p.tie_decay_per_day = 0.01;
	p.referral_tie_gain_step = 0.05;
	p.mdo_enabled = true;
	p.mdo_min_open_needs = 2;
	p.mdo_min_dimensions = 2;
	p.mdo_multiproblem = true;
	p.mdo_cooldown_days = 60;
	p.mdo_hours_per_participant = 0.5;
	p.mdo_participants[0] = p.mdo_participants[1] = true;
	p.days = 200;
	struct model *m = start(&p, 3);
	run_days(m, 0, p.days, true);
	struct model_totals t;
	model_totals_wijk(m, 0, &t);
	assert_true(t.referrals > 0 && t.task_shifts > 0 && t.escalated > 0 && t.resolved > 0);
	double *acc = calloc(model_acc_size(&p), sizeof *acc);
	model_observe_wijk(m, 0, acc);
	assert_true(acc[m->acc.mdo_held] > 0);
	free(acc);
	model_free(m);
}

/* The same seed and replicate give the same world; another replicate a
 * different one. */
static void test_same_seed_same_world(void **state)
{
	struct model_params p;
	struct model_totals a, b, c;
	(void)state;
	base_params(&p, 2000);
	p.need_types[0].incidence_per_1000_per_year[0] = 1500.0;
	p.need_types[0].resolve_per_day = 0.02;
	p.channels[0].rate_per_day[0] = 0.1;
	p.roles[0].resolve_probability[0] = 0.5;
	p.days = 90;
	struct model *m1 = start(&p, 0), *m2 = start(&p, 0), *m3 = start(&p, 1);
	run_days(m1, 0, p.days, false);
	run_days(m2, 0, p.days, false);
	run_days(m3, 0, p.days, false);
	model_totals_wijk(m1, 0, &a);
	model_totals_wijk(m2, 0, &b);
	model_totals_wijk(m3, 0, &c);
	assert_memory_equal(&a, &b, sizeof a);
	assert_true(memcmp(&a, &c, sizeof a) != 0);
	model_free(m1);
	model_free(m2);
	model_free(m3);
}

/* Network: meetings raise density; with no meetings ties decay. */
static void test_meetings_raise_density_and_ties_decay(void **state)
{
	struct model_params p;
	(void)state;
	base_params(&p, 500);
	p.n_roles = 4;
	for (int k = 1; k < 4; k++) {
		p.roles[k] = p.roles[0];
		snprintf(p.roles[k].name, MODEL_MAX_NAME, "role_%d", k);
	}
	p.initial_tie = 0.35;
	p.initial_tie_within_organisation = 0.35;
	p.tie_decay_per_day = 0.01;
	p.days = 120;
	struct model *quiet = start(&p, 0);
	run_days(quiet, 0, p.days, false);
	/* 0.35 x 0.99^120 = 0.105 */
	assert_true(fabs(model_tie(quiet, 0, 1, 2) - 0.35 * pow(0.99, 120)) < 1e-4);
	assert_float_equal(network_density(quiet, &quiet->wijken[0]), 0.0, 1e-12);
	model_free(quiet);

	p.meeting_interval_days = 14;
	p.meeting_attendance = 1.0;
	p.meeting_tie_gain = 0.3;
	struct model *meet = start(&p, 0);
	run_days(meet, 0, p.days, false);
	assert_float_equal(network_density(meet, &meet->wijken[0]), 1.0, 1e-12);
	assert_int_equal(network_phase(&p, 1.0), 4);
	model_free(meet);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demand_matches_poisson_mean),
		cmocka_unit_test(test_escalation_share_matches_exponential),
		cmocka_unit_test(test_referral_success_rises_with_tie),
		cmocka_unit_test(test_waiting_rises_when_capacity_falls),
		cmocka_unit_test(test_part_time_role_serves),
		cmocka_unit_test(test_conservation_every_step),
		cmocka_unit_test(test_same_seed_same_world),
		cmocka_unit_test(test_meetings_raise_density_and_ties_decay),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
