/*
 * cli_help.c — the usage texts of the command line, one per command, kept
 * apart from main.c so that the parser and the words can change alone.
 *
 * Invariants:
 *  1. Every command main.c dispatches has an entry in `commands` (its
 *     `wijksim COMMAND --help` and `wijksim help COMMAND` print it to stdout
 *     and exit 0; tests/e2e/help.sh checks every command).
 *  2. Lines stay within 80 columns, so that a help text reads in any terminal.
 *  3. What the texts say about options is what main.c's parser accepts; the
 *     README's "Using the command line" says the same in more words.
 */
#include "cli_help.h"

#include <string.h>

#include "calibrate.h"
#include "decompose.h"
#include "experiment.h"
#include "scen.h"

/* The options run, decompose and validate share for overrides. */
static void print_set_options(FILE *f)
{
	fputs("      --set PATH=VALUE  override a setting in every scenario of the run,\n"
	      "                        e.g. --set roles.huisarts.fte_per_1000=0.4 (elements\n"
	      "                        of a list by name, or by index: roles.[0].fte_per_1000)\n"
	      "      --set NAME:PATH=VALUE\n"
	      "                        override a setting in the scenario called NAME only\n"
	      "                        (its `name` setting), e.g.\n"
	      "                        --set ruwaard:roles.huisarts.fte_per_1000=0.4;\n"
	      "                        applied after the overrides for every scenario; a NAME\n"
	      "                        that no scenario of the run has is an error\n",
	      f);
}

static void print_progress_note(FILE *f)
{
	fputs("\nProgress goes to stderr: on a terminal a bar that advances with every output\n"
	      "interval simulated (warm-up included), with the time elapsed and an estimate\n"
	      "of the time left; otherwise one line a minute. --quiet turns it off.\n",
	      f);
}

static void help_run(FILE *f)
{
	fputs("usage: wijksim run SCENARIO.cfg [MORE.cfg ...] [options]\n"
	      "\n"
	      "Run scenarios and write every outcome, per scenario and replicate, to one\n"
	      "HDF5 file. Several scenarios run paired: each gets the first one's seed, so\n"
	      "replicate r of every scenario shares its residents' life events.\n"
	      "\n"
	      "options:\n"
	      "  -o, --output FILE     result file (default wijksim.h5); written under a\n"
	      "                        temporary name and renamed when complete\n"
	      "  -r, --replicates N    replicates per scenario (simulation.replicates)\n"
	      "      --seed N          run seed for every scenario (simulation.seed)\n"
	      "      --days N          days simulated and reported after the warm-up\n"
	      "                        (simulation.days)\n"
	      "  -t, --threads N       OpenMP threads (default: OMP_NUM_THREADS or all cores)\n",
	      f);
	print_set_options(f);
	fputs("      --force           overwrite an existing result file\n"
	      "      --check           verify the model's invariants every simulated day\n"
	      "      --quiet           no progress, no warnings, no summary\n",
	      f);
	print_progress_note(f);
	fputs("\nexample:\n"
	      "  wijksim run scenarios/baseline.cfg scenarios/ruwaard.cfg -o out.h5 -r 20 \\\n"
	      "      --set ruwaard:mdo.cooldown_days=90\n",
	      f);
}

static void help_validate(FILE *f)
{
	fputs("usage: wijksim validate SCENARIO.cfg [--set [NAME:]PATH=VALUE]... [-r N]\n"
	      "                        [--seed N] [--days N]\n"
	      "\n"
	      "Load a scenario (includes, extends, defaults, overrides), check every setting\n"
	      "and print the scenario fully resolved: the text a result file stores.\n"
	      "\n"
	      "options:\n",
	      f);
	print_set_options(f);
	fputs("  -r, --seed, --days    as for run\n", f);
}

static void help_info(FILE *f)
{
	fputs("usage: wijksim info RESULT.h5\n"
	      "\n"
	      "What a result file holds (scenarios, replicates, days, outcomes) and its\n"
	      "headline outcomes: means over replicates with 95% intervals.\n",
	      f);
}

static void help_rerun(FILE *f)
{
	fputs("usage: wijksim rerun RESULT.h5 -o AGAIN.h5 [-t N] [--force] [--quiet]\n"
	      "                     [--check]\n"
	      "\n"
	      "Run again from the scenario texts and seeds stored in a result file; the\n"
	      "datasets come out identical. Takes no --set, -r, --seed or --days.\n"
	      "\n"
	      "options:\n"
	      "  -o, --output FILE     the new result file (required)\n"
	      "  -t, --force, --quiet, --check   as for run\n",
	      f);
}

static void help_settings(FILE *f)
{
	fputs("usage: wijksim settings [--markdown]\n"
	      "\n"
	      "Every scenario setting: its type, range, default and meaning.\n"
	      "\n"
	      "options:\n"
	      "      --markdown        as a Markdown table (model/SETTINGS.md is made so:\n"
	      "                        make settings-doc)\n",
	      f);
}

static void help_decompose(FILE *f)
{
	fprintf(f,
	        "usage: wijksim decompose SCENARIO.cfg --baseline BASE.cfg [options]\n"
	        "\n"
	        "Run every combination of the scenario's ingredients (its `ingredients`\n"
	        "list; at most %d, counting \"other\" for differing settings no ingredient\n"
	        "names) added to the baseline, paired, and print each ingredient's Shapley\n"
	        "contribution and single effect and the interaction remainder, means with\n"
	        "95%% intervals (README.md \"Decompose a scenario\").\n"
	        "\n"
	        "options:\n"
	        "      --baseline FILE   the scenario the ingredients are added to (required)\n"
	        "  -r, --replicates N    replicates of every combination (default %d)\n"
	        "  -o, --output FILE     also write the baseline and the scenario, as run\n"
	        "                        does, and the decomposition in the group /decompose\n"
	        "      --csv FILE        the decomposition as a tidy CSV table\n",
	        SCEN_INGREDIENTS_MAX, DECOMPOSE_REPLICATES);
	print_set_options(f);
	fputs("  -t, --seed, --days, --force, --quiet, --check   as for run\n", f);
	print_progress_note(f);
}

static void help_help(FILE *f)
{
	fputs("usage: wijksim help [COMMAND]\n"
	      "\n"
	      "Without COMMAND: every command and the run options. With one: its usage\n"
	      "and options, as `wijksim COMMAND --help` prints them.\n",
	      f);
}

static void help_serve(FILE *f)
{
	fputs("usage: wijksim serve [--port N] [--host ADDR] [SCENARIO.cfg ...] [options]\n"
	      "\n"
	      "The explorer: a local web server with the page (web/) and its JSON API\n"
	      "(web/API.md). It prints its address; open it in a browser. Without\n"
	      "scenario files it offers scenarios/*.cfg and scenarios/education/*.cfg.\n"
	      "Ctrl-C (SIGINT, SIGTERM, SIGHUP) stops it and removes its temporary folder.\n"
	      "\n"
	      "  --port N              port (default 8080; 0: any free port)\n"
	      "  --host ADDR           address to listen on (default 127.0.0.1; any other\n"
	      "                        address lets others on the network start runs)\n"
	      "  --root DIR            folder with web/, build/web/ and scenarios/ (default:\n"
	      "                        the folder above bin/, else the working folder)\n"
	      "  --max-runs N          runs admitted at once, one running (default 4)\n"
	      "  --run-seconds S       a run is stopped after S seconds (default 60)\n"
	      "  --max-replicates N    replicates per scenario in a run (default 50, at most\n"
	      "                        4096)\n"
	      "  --max-days N          days per run (default 3650)\n"
	      "  --max-resident-days X residents x (warm-up + days) x replicates, both\n"
	      "                        scenarios, per run (default 1e9)\n"
	      "  --keep N              runs kept for download (default 20)\n"
	      "  -t N                  OpenMP threads of a run (default: all cores)\n",
	      f);
}

static const struct {
	const char *name;
	void (*print)(FILE *f);
} commands[] = {
	{"run", help_run},
	{"validate", help_validate},
	{"info", help_info},
	{"rerun", help_rerun},
	{"settings", help_settings},
	{"decompose", help_decompose},
	{"experiment", experiment_print_usage},
	{"calibrate", calibrate_print_usage},
	{"serve", help_serve},
	{"help", help_help},
};

const char *cli_help_command_list(void)
{
	return "run, validate, info, rerun, settings, decompose, experiment, calibrate, serve "
	       "or help";
}

int cli_help_print_command(FILE *f, const char *command)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, command) == 0) {
			commands[i].print(f);
			return 0;
		}
	return -1;
}

void cli_help_print_overview(FILE *f, const char *version)
{
	fprintf(f,
	        "wijksim %s\n"
	        "An agent-based simulation of neighbourhood care networks (wijknetwerken).\n"
	        "\n"
	        "usage:\n"
	        "  wijksim run SCENARIO.cfg [MORE.cfg ...] [options]\n"
	        "                              run scenarios (paired: the same seed)\n"
	        "  wijksim validate SCENARIO.cfg [--set [NAME:]PATH=VALUE]...\n"
	        "                              check a scenario, print it resolved\n"
	        "  wijksim info RESULT.h5      what a result file holds, headline outcomes\n"
	        "  wijksim rerun RESULT.h5 -o AGAIN.h5\n"
	        "                              run again from the scenarios stored in a result\n"
	        "  wijksim settings [--markdown]\n"
	        "                              every scenario setting: type, range, default\n"
	        "  wijksim decompose SCENARIO.cfg --baseline BASE.cfg [options]\n"
	        "                              each ingredient's share of the effect\n"
	        "  wijksim experiment FILE.cfg [-o OUT.h5] [-t N] [--resume]\n"
	        "                              run the design in the file's `experiment`\n"
	        "  wijksim calibrate FILE.cfg [-o CAL.h5] [--write-scenario OUT.cfg]\n"
	        "                              fit the file's `calibration`\n"
	        "  wijksim serve [--port N] [--host ADDR] [SCENARIO.cfg ...]\n"
	        "                              the explorer: a local web page with live runs\n"
	        "  wijksim help [COMMAND]      this text, or one command's usage and options\n"
	        "  wijksim --version\n"
	        "\n"
	        "`wijksim help COMMAND` or `wijksim COMMAND --help` shows a command's options.\n"
	        "\n"
	        "run options:\n",
	        version);
	/* The run options, without run's own heading and example. */
	fputs("  -o, --output FILE     result file (default wijksim.h5)\n"
	      "  -r, --replicates N    replicates per scenario (simulation.replicates)\n"
	      "      --seed N          run seed for every scenario (simulation.seed)\n"
	      "      --days N          days simulated and reported (simulation.days)\n"
	      "  -t, --threads N       OpenMP threads (default: OMP_NUM_THREADS or all cores)\n",
	      f);
	print_set_options(f);
	fputs("      --force           overwrite an existing result file\n"
	      "      --check           verify the model's invariants every simulated day\n"
	      "      --quiet           no progress, no warnings, no summary\n"
	      "\n"
	      "Exit status: 0 ok, 1 runtime failure, 2 bad usage, bad scenario or a result\n"
	      "file that fails its checks, 128+N stopped by signal N (130: Ctrl-C, 143:\n"
	      "SIGTERM, 129: SIGHUP).\n",
	      f);
}
