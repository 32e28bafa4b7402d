/*
 * test_params.c — unit tests of the parameter loader (src/params_load.c)
 * and of the places in the wijksim schema table (src/schema_table.c).
 *
 * The table names each setting's field of struct model_params once; these
 * tests check that every setting has a place that fits its type, and that a
 * scenario written here lands in the fields it names, value by value,
 * including the derived ones (references by name, defaults by reference,
 * rule order). Scenario files are found relative to the repository root,
 * where `make test-unit` runs us.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "params_load.h"
#include "scen.h"
#include "schema.h"

/* A small scenario that sets many settings away from their defaults. */
static const char *const SCENARIO =
        "name = \"probe\";\n"
        "simulation = { days = 100; replicates = 3; seed = 123456789012L; output_every = 5; "
        "start_weekday = 2; };\n"
        "world = { wijken = 2; residents_per_wijk = 500; wijk_size_spread = 0.1;\n"
        "  age_bands = ( { name = \"jong\"; share = 0.25; adult = false; },\n"
        "                { name = \"oud\"; share = 0.75; } );\n"
        "  household_size_weights = [1.0, 2.5]; vulnerable_share = 0.2; };\n"
        "signalling = { early_max_severity = 2; };\n"
        "channels = ( { name = \"zelf\"; kind = \"self\"; to = \"b\"; rate_per_day = [0.01, 0.02, "
        "0.03]; },\n"
        "             { name = \"prof\"; kind = \"professional\"; },\n"
        "             { name = \"overleg\"; kind = \"mdo\"; to = \"a\"; needs = [\"n2\"]; } );\n"
        "need_types = ( { name = \"n1\"; dimension = \"zingeving\"; incidence_per_1000_per_year = "
        "[10.0, 30.0]; },\n"
        "               { name = \"n2\"; dimension = \"meedoen\"; incidence_per_1000_per_year = "
        "[7.0];\n"
        "                 severity_levels = 3; hours_per_contact = [0.5, 1.5]; } );\n"
        "roles = ( { name = \"a\"; fte_per_1000 = 0.5; organisation = \"org\"; "
        "default_max_severity = 2;\n"
        "            competences = ( { need = \"n2\"; max_severity = 1; } ); notices = [\"n1\"]; "
        "},\n"
        "          { name = \"b\"; formal = false; member_share = 0.1; hours_per_week_per_member = "
        "4.0;\n"
        "            reach = \"network\"; overload_need_type = \"n2\"; } );\n"
        "rules = ( { name = \"r1\"; at = \"a\"; action = \"treat\"; to = \"b\"; },\n"
        "          { name = \"r2\"; action = \"refer\"; to = \"b\"; priority = 5; severity_max = "
        "2; share = 0.25; } );\n"
        "network = { tie_gain_per_referral = 0.125; ties = ( { from = \"a\"; to = \"b\"; strength "
        "= 0.75; } ); };\n"
        "mdo = { enabled = true; participants = [\"b\"]; };\n";

static int load_text(const char *text, const char *const *ov, size_t n, struct model_params *p,
                     struct wk_error *err)
{
	struct scen *s = NULL;
	int rc;
	wk_error_clear(err);
	rc = scen_load_text(&schema_wijksim, text, "probe.cfg", ov, n, &s, err);
	if (rc == 0)
		rc = params_load(s, p, err);
	scen_free(s);
	return rc;
}

/* Every setting has a place that fits its type; list elements stay inside
 * their element; choices have one value each. */
static void test_places_fit_types(void **state)
{
	(void)state;
	for (size_t i = 0; i < schema_wijksim.count; i++) {
		const struct schema_entry *e = &schema_wijksim.entries[i];
		const struct schema_place *pl = &e->place;
		const char *br = strstr(e->path, ".[].");
		const char *tail = br ? strrchr(e->path, ']') : NULL;

		/* description, description_nl, assumptions (read by the report), ingredients
		 * (read by decompose), experiment and calibration (read by
		 * experiment and calibrate, not by the model) go nowhere. */
		if (e->type == SCHEMA_GROUP || strcmp(e->path, "description") == 0 ||
		    strcmp(e->path, "description_nl") == 0 ||
		    strcmp(e->path, "assumptions") == 0 ||
		    strncmp(e->path, "ingredients", strlen("ingredients")) == 0 ||
		    strncmp(e->path, "experiment.", strlen("experiment.")) == 0 ||
		    strncmp(e->path, "calibration.", strlen("calibration.")) == 0) {
			assert_int_equal(pl->kind, PLACE_NONE);
			continue;
		}
		if (pl->kind == PLACE_NONE)
			fail_msg("%s has no place in struct model_params", e->path);
		if (pl->kind == PLACE_FIELD) {
			switch (e->type) {
			case SCHEMA_INT:   assert_int_equal(pl->size, sizeof(int)); break;
			case SCHEMA_INT64: assert_int_equal(pl->size, sizeof(uint64_t)); break;
			case SCHEMA_FLOAT: assert_int_equal(pl->size, sizeof(double)); break;
			case SCHEMA_BOOL:  assert_int_equal(pl->size, sizeof(bool)); break;
			case SCHEMA_STRING:
				if (pl->values) {
					assert_int_equal(pl->n_values, schema_choice_count(e));
					assert_true(pl->size == sizeof(int) ||
					            pl->size == sizeof(bool));
				} else {
					assert_true(pl->size >= e->max_count + 1);
				}
				break;
			case SCHEMA_FLOAT_ARRAY:
				assert_true(pl->size >= e->max_count * sizeof(double));
				break;
			case SCHEMA_INT_ARRAY:
			case SCHEMA_STRING_ARRAY:
			case SCHEMA_GROUP:
			case SCHEMA_LIST:
				fail_msg("%s: no plain field for this type", e->path);
			}
		}
		if (br && tail) {
			/* inside a list of element structs: offset + size within the stride */
			char list[256];
			snprintf(list, sizeof list, "%.*s", (int)(tail - e->path - 2), e->path);
			const struct schema_entry *l = schema_find(&schema_wijksim, list);
			assert_non_null(l);
			if (l->place.kind == PLACE_LIST)
				assert_true(pl->offset + pl->size <= l->place.size);
		}
	}
}

static void test_choices_by_position(void **state)
{
	const struct schema_entry *e = schema_find(&schema_wijksim, "need_types.[].dimension");
	(void)state;
	assert_int_equal(schema_choice_count(e), MODEL_DIMENSIONS);
	for (int d = 0; d < MODEL_DIMENSIONS; d++)
		assert_int_equal(schema_choice_index(e, model_dimension_names[d]), d);
	assert_int_equal(schema_choice_index(e, "zin"), -1);
	assert_int_equal(schema_choice_index(e, "zingevingx"), -1);
	assert_int_equal(schema_choice_count(schema_find(&schema_wijksim, "name")), 0);
}

static void test_fields_from_text(void **state)
{
	static struct model_params p;
	struct wk_error err;
	(void)state;

	assert_int_equal(load_text(SCENARIO, NULL, 0, &p, &err), 0);
	assert_string_equal(p.name, "probe");
	assert_int_equal(p.replicates, 3);
	assert_int_equal(p.days, 100);
	assert_true(p.seed == 123456789012ULL);
	assert_int_equal(p.output_every, 5);
	assert_int_equal(p.start_weekday, 2);
	assert_int_equal(p.wijken, 2);
	assert_int_equal(p.residents_per_wijk, 500);
	assert_true(p.wijk_size_spread == 0.1);
	assert_int_equal(p.n_age_bands, 2);
	assert_string_equal(p.age_bands[1].name, "oud");
	assert_false(p.age_bands[0].adult);
	assert_true(p.age_bands[1].adult);
	assert_true(p.household_size_weights[0] == 1.0 && p.household_size_weights[1] == 2.5);
	assert_true(p.household_size_weights[2] == 0.0);
	assert_true(p.vulnerable_share == 0.2);
	assert_int_equal(p.early_max_severity, 2);
	assert_true(p.help_seeking_mean == 0.5);   /* a default */

	assert_int_equal(p.n_need_types, 2);
	assert_int_equal(p.need_types[0].dimension, 2);   /* zingeving */
	assert_int_equal(p.need_types[1].dimension, 4);   /* meedoen */
	assert_true(p.need_types[0].incidence_per_1000_per_year[1] == 30.0);
	assert_true(p.need_types[1].incidence_per_1000_per_year[0] == 7.0);
	assert_true(p.need_types[1].incidence_per_1000_per_year[1] == 7.0);
	assert_true(p.need_types[1].hours_per_contact[1] == 1.5);
	assert_true(p.need_types[0].hours_per_contact[2] == 0.25);   /* [0.25] for S-1 = 3 levels */

	assert_int_equal(p.n_roles, 2);
	assert_string_equal(p.roles[0].organisation, "org");
	assert_string_equal(p.roles[1].organisation, "b");   /* empty: its own */
	assert_true(p.roles[1].reach_network);
	assert_false(p.roles[0].reach_network);               /* default "wijk" */
	assert_int_equal(p.roles[1].overload_need_type, 1);
	assert_int_equal(p.roles[0].overload_need_type, -1);
	assert_int_equal(p.roles[0].max_severity[0], 2);       /* default_max_severity */
	assert_int_equal(p.roles[0].max_severity[1], 1);       /* competence */
	assert_true(p.roles[0].notices[0] && !p.roles[0].notices[1]);

	assert_int_equal(p.n_channels, 3);
	assert_int_equal(p.channels[0].kind, CHANNEL_SELF);
	assert_int_equal(p.channels[0].to_role, 1);
	assert_int_equal(p.channels[0].role, -1);
	assert_true(p.channels[0].rate_per_day[2] == 0.03);
	assert_true(p.channels[0].need_types[0] && p.channels[0].need_types[1]);   /* empty: all */
	assert_true(!p.channels[2].need_types[0] && p.channels[2].need_types[1]);
	assert_int_equal(p.professional_channel, 1);
	assert_int_equal(p.mdo_channel, 2);

	/* r2 has the higher priority: first; a treat rule's 'to' is no receiver */
	assert_int_equal(p.n_rules, 2);
	assert_string_equal(p.rules[0].name, "r2");
	assert_int_equal(p.rules[0].action, ACTION_REFER);
	assert_int_equal(p.rules[0].at_role, -1);
	assert_int_equal(p.rules[0].to_role, 1);
	assert_int_equal(p.rules[0].severity_max, 2);
	assert_int_equal(p.rules[1].action, ACTION_TREAT);
	assert_int_equal(p.rules[1].at_role, 0);
	assert_int_equal(p.rules[1].to_role, -1);
	/* share: given and the default; its draw's key is the first 24 bits of
	 * SHA-256(name): "r2" db77fd..., "r1" 82f3e9... */
	assert_true(p.rules[0].share == 0.25 && p.rules[1].share == 1.0);
	assert_int_equal(p.rules[0].share_key, 0xdb77fd);
	assert_int_equal(p.rules[1].share_key, 0x82f3e9);

	assert_true(p.tie_gain_per_referral == 0.125);
	assert_true(p.init_ties[0][1] == 0.75 && p.init_ties[1][0] == 0.75);
	assert_true(p.init_ties[0][0] == -1.0);
	assert_true(p.mdo_enabled);
	assert_true(!p.mdo_participants[0] && p.mdo_participants[1]);
	assert_int_equal(p.max_hops, 8);   /* a default */
}

/* --set reaches the fields too (the loader reads the resolved tree). */
static void test_fields_after_overrides(void **state)
{
	static struct model_params p;
	struct wk_error err;
	const char *ov[] = {"simulation.replicates=7", "name=\"other\"", "roles.b.reach=\"wijk\""};
	(void)state;

	assert_int_equal(load_text(SCENARIO, ov, 3, &p, &err), 0);
	assert_int_equal(p.replicates, 7);
	assert_string_equal(p.name, "other");
	assert_false(p.roles[1].reach_network);
}

static void expect_error(const char *override, const char *setting, const char *message)
{
	static struct model_params p;
	struct wk_error err;
	char line[2048];
	const char *ov[] = {override};

	assert_int_equal(load_text(SCENARIO, ov, 1, &p, &err), 2);
	wk_error_format(&err, line, sizeof line);
	if (!strstr(line, setting) || !strstr(line, message))
		fail_msg("--set %s: got \"%s\", expected '%s' and \"%s\"", override, line, setting,
		         message);
}

/* Cross-checks name the setting at fault. */
static void test_cross_check_errors(void **state)
{
	(void)state;
	expect_error("rules.r2.to=\"x\"", "'rules.[1].to'",
	             "unknown role \"x\": expected one of a, b");
	expect_error("rules.r2.to=\"\"", "'rules.[1]'", "action \"refer\" needs 'to'");
	expect_error("channels.zelf.to=\"\"", "'channels.[0]'", "a self channel needs 'to'");
	expect_error("channels.overleg.needs=[\"n3\"]", "'channels.[2].needs.[0]'",
	             "unknown need type \"n3\"");
	expect_error("roles.a.competences.[0].need=\"n9\"", "'roles.[0].competences.[0].need'",
	             "unknown need type \"n9\"");
	expect_error("network.ties.[0].to=\"c\"", "'network.ties.[0].to'", "unknown role \"c\"");
	expect_error("roles.b.name=\"a\"", "'roles.[1].name'", "duplicate role name \"a\"");
	expect_error("world.age_bands.[0].share=0.5", "'world.age_bands'", "sum to 1.25");
	expect_error("need_types.n2.hours_per_contact=[1.0, 2.0, 3.0]",
	             "'need_types.[1].hours_per_contact'",
	             "has 3 values: expected 1 (all severities) or 2");
	expect_error("need_types.n1.incidence_per_1000_per_year=[1.0, 2.0, 3.0]",
	             "'need_types.[0].incidence_per_1000_per_year'",
	             "expected 1 (all age bands) or 2");
	expect_error("rules.r2.severity_min=3", "'rules.[1].severity_min'",
	             "severity_min 3 is above severity_max 2");
	expect_error("simulation.output_every=101", "'simulation.output_every'",
	             "longer than the run");
	expect_error("name=\"a/b\"", "'name'", "cannot name a group");
	expect_error("channels.overleg.kind=\"informal\"", "'mdo.enabled'",
	             "no channel has kind \"mdo\"");
}

/* The shipped baseline loads; its name and replicates are the file's. */
static void test_baseline_loads(void **state)
{
	static struct model_params p;
	struct scen *s = NULL;
	struct wk_error err;
	int replicates = -1;
	const char *name = NULL;
	(void)state;

	wk_error_clear(&err);
	assert_int_equal(scen_load(&schema_wijksim, "scenarios/baseline.cfg", NULL, 0, &s, &err),
	                 0);
	assert_int_equal(params_load(s, &p, &err), 0);
	config_lookup_int(scen_config(s), "simulation.replicates", &replicates);
	config_lookup_string(scen_config(s), "name", &name);
	assert_int_equal(p.replicates, replicates);
	assert_string_equal(p.name, name);
	scen_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_places_fit_types),
		cmocka_unit_test(test_choices_by_position),
		cmocka_unit_test(test_fields_from_text),
		cmocka_unit_test(test_fields_after_overrides),
		cmocka_unit_test(test_cross_check_errors),
		cmocka_unit_test(test_baseline_loads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
