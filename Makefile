# wijksim — build, test, run, bench.
#
#   make            build bin/wijksim
#   make run        install missing packages, build, run the default scenarios,
#                   write results/wijksim.h5 and results/report.html
#   make test       style check + unit tests (cmocka) + end-to-end tests of the binary
#   make style      the style check alone (scripts/style-check.sh)
#   make test-sanitize   the same, built with ASan + UBSan
#   make fuzz       libFuzzer on the scenario loader and the result reader
#                   (SECONDS_TO_FUZZ per target, default 60)
#   make check-long long checks (statistical calibration, big runs)
#   make bench      throughput, memory per resident, parallel speed-up
#   make bench-mpi  bin/wijksim-mpi at 1 and 2 ranks against bin/wijksim
#   make debug      bin/wijksim-debug with ASan + UBSan, -O1 -g
#   make web        the explorer's npm packages into build/web and Debian's
#                   chromium for its browser tests (scripts/install-web.sh)
#   make explore    install missing packages, build, start the explorer
#                   (wijksim serve; PORT=N for another port than 8080)
#   make mpi        bin/wijksim-mpi with Open MPI (installs libopenmpi-dev and
#                   openmpi-bin when missing; README.md "Running on a cluster")
#   make clean
#
# Two static libraries: $(BUILD)/libwijkmodel.a (model/*.c: pure C, GSL only,
# compiled without the engine's headers) and $(BUILD)/libwijkengine.a (src/*.c
# but main.c). bin/wijksim links both. The unit tests named in MODEL_TESTS link
# only the model library, GSL, libm, OpenMP and cmocka: the model is testable
# without HDF5 and libconfig. Every other tests/test_*.c links both libraries
# and all libraries, so a new test builds without touching this file.

CC       ?= cc
AR       ?= ar
PKGS     := gsl hdf5 libconfig nettle libmicrohttpd jansson
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
GSL_CFLAGS := $(shell pkg-config --cflags gsl 2>/dev/null)
GSL_LIBS   := $(shell pkg-config --libs gsl 2>/dev/null || echo -lgsl -lgslcblas)
HDF5_LDIR := $(shell pkg-config --libs-only-L hdf5 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

WARN := -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes \
        -Wmissing-prototypes -Wno-sign-conversion
OPT  ?= -O2 -g
SAN  :=
BUILD ?= build
CFLAGS_BASE = -std=c11 -D_GNU_SOURCE $(OPT) $(SAN) -fopenmp $(WARN)
CFLAGS_ALL = $(CFLAGS_BASE) -Imodel -Isrc -DWK_VERSION='"$(VERSION)"' $(PKG_CFLAGS) $(CFLAGS)
# The model and its unit tests see only model/ and GSL.
CFLAGS_MODEL = $(CFLAGS_BASE) -Imodel $(GSL_CFLAGS) $(CFLAGS)
# pkg-config hdf5 omits the high-level library (dimension scales).
LDLIBS_ALL = $(PKG_LIBS) $(HDF5_LDIR) -lhdf5_hl -lm $(SAN) -fopenmp $(LDLIBS)
LDLIBS_MODEL = $(GSL_LIBS) -lm $(SAN) -fopenmp $(LDLIBS)
# The binaries link libgomp statically, so that src/omp_env.c's constructor
# checks OMP_NUM_THREADS before libgomp's constructor reads it.
LDLIBS_BIN = $(filter-out -fopenmp,$(LDLIBS_ALL)) -Wl,-Bstatic -lgomp -Wl,-Bdynamic -lpthread -ldl

GIT_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null)
GIT_DIRTY  := $(shell git diff --quiet HEAD -- 2>/dev/null || echo -dirty)
VERSION    := 0.1.0$(if $(GIT_COMMIT),+$(GIT_COMMIT)$(GIT_DIRTY),)
# .git is a file in a worktree; ask git where HEAD and the branches live.
GIT_DIR    := $(shell git rev-parse --git-dir 2>/dev/null)
GIT_COMMON := $(shell git rev-parse --git-common-dir 2>/dev/null)

MODEL_SRC  := $(wildcard model/*.c)
ENGINE_SRC := $(filter-out src/main.c,$(wildcard src/*.c))
MODEL_OBJ  := $(patsubst %.c,$(BUILD)/%.o,$(MODEL_SRC))
ENGINE_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(ENGINE_SRC))
MODEL_LIB  := $(BUILD)/libwijkmodel.a
ENGINE_LIB := $(BUILD)/libwijkengine.a
MAIN_OBJ   := $(BUILD)/src/main.o
# Unit tests of the model alone (no HDF5, no libconfig); any other
# tests/test_*.c gets the full link.
MODEL_TESTS := test_model test_rng test_calendar
TEST_SRC   := $(wildcard tests/test_*.c)
TEST_BIN   := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
MODEL_TEST_BIN := $(filter $(addprefix $(BUILD)/tests/,$(MODEL_TESTS)),$(TEST_BIN))
FULL_TEST_BIN  := $(filter-out $(MODEL_TEST_BIN),$(TEST_BIN))
BIN        ?= bin/wijksim

PY := /usr/bin/python3

.PHONY: all run test test-unit test-e2e test-sanitize check-long bench debug \
        clean deps fuzz valgrind settings-doc style mpi bench-mpi web explore

all: $(BIN)

$(BIN): $(MAIN_OBJ) $(ENGINE_LIB) $(MODEL_LIB)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(LDLIBS_BIN)

# rm first: an object whose source was removed must not linger in the archive.
$(MODEL_LIB): $(MODEL_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(ENGINE_LIB): $(ENGINE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/model/%.o: model/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_MODEL) -MMD -MP -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

# main.o carries the version string; rebuild it when the commit changes.
# So do the experiment and calibration writers (their files' version attribute).
$(MAIN_OBJ) $(BUILD)/src/experiment_h5.o $(BUILD)/src/calibrate.o: \
	$(wildcard $(GIT_DIR)/HEAD $(GIT_COMMON)/refs/heads/*)

$(MODEL_TEST_BIN): $(BUILD)/tests/%: tests/%.c $(MODEL_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_MODEL) -MMD -MP -o $@ $< $(MODEL_LIB) $(LDLIBS_MODEL) $(CMOCKA_LIBS)

$(FULL_TEST_BIN): $(BUILD)/tests/%: tests/%.c $(ENGINE_LIB) $(MODEL_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -o $@ $< $(ENGINE_LIB) $(MODEL_LIB) $(LDLIBS_ALL) $(CMOCKA_LIBS)

deps:
	@bash scripts/install-deps.sh

web:
	@bash scripts/install-web.sh

# wijksim serve: the analysis's indicator table (MRD) as a C string, made
# from analysis/wijksim_analysis at build time (scripts/serve-indicators.py).
SERVE_INC := $(BUILD)/gen/serve_indicators.inc
$(SERVE_INC): scripts/serve-indicators.py analysis/wijksim_analysis/indicators.py \
              analysis/wijksim_analysis/data.py
	@mkdir -p $(dir $@)
	$(PY) scripts/serve-indicators.py > $@.tmp && mv $@.tmp $@
$(BUILD)/src/serve_catalog.o: $(SERVE_INC)
$(BUILD)/src/serve_catalog.o: CFLAGS_ALL += -I$(BUILD)/gen

# make explore: install what is missing, build, start the explorer.
explore: deps
	@$(MAKE) --no-print-directory $(BIN)
	$(BIN) serve $(if $(PORT),--port $(PORT))

# bin/wijksim-mpi: src/main.c compiled again with -DWK_MPI (its main runs on
# rank 0, engine_run becomes src/mpi/mpi_run.c's), as are experiment_cmd.c
# and calibrate.c, and linked by mpicc with the same two libraries (their
# objects come first, so the library's serial copies are not linked). Plain
# `make` never needs MPI.
MPICC     ?= mpicc
MPI_BIN   ?= $(BIN)-mpi
# make test builds it too when Open MPI is installed (tests/e2e/mpi.sh).
HAVE_MPI  := $(shell command -v $(MPICC) >/dev/null 2>&1 && command -v mpirun >/dev/null 2>&1 && echo 1)
MPI_OBJ   := $(BUILD)/mpi/main.o $(BUILD)/mpi/mpi_run.o $(BUILD)/mpi/experiment_cmd.o \
             $(BUILD)/mpi/calibrate.o
MPI_CFLAGS = $(CFLAGS_ALL) -DWK_MPI -Isrc/mpi

mpi:
	@WIJKSIM_MPI=1 bash scripts/install-deps.sh
	@$(MAKE) --no-print-directory $(MPI_BIN)

$(MPI_BIN): $(MPI_OBJ) $(ENGINE_LIB) $(MODEL_LIB)
	@mkdir -p $(dir $@)
	$(MPICC) -o $@ $^ $(LDLIBS_BIN)

$(BUILD)/mpi/main.o: src/main.c $(wildcard $(GIT_DIR)/HEAD $(GIT_COMMON)/refs/heads/*)
	@mkdir -p $(dir $@)
	$(MPICC) $(MPI_CFLAGS) -MMD -MP -c -o $@ $<

# experiment and calibrate run their batches over the ranks too.
$(BUILD)/mpi/experiment_cmd.o $(BUILD)/mpi/calibrate.o: $(BUILD)/mpi/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(MPICC) $(MPI_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/mpi/calibrate.o: $(wildcard $(GIT_DIR)/HEAD $(GIT_COMMON)/refs/heads/*)

$(BUILD)/mpi/%.o: src/mpi/%.c
	@mkdir -p $(dir $@)
	$(MPICC) $(MPI_CFLAGS) -MMD -MP -c -o $@ $<

test: $(BIN) $(TEST_BIN) $(if $(HAVE_MPI),$(MPI_BIN))
	@bash tests/run-all.sh $(BUILD) $(BIN)

style:
	@bash scripts/style-check.sh

test-unit: $(TEST_BIN)
	@bash tests/run-all.sh --unit-only $(BUILD) $(BIN)

test-sanitize:
	$(MAKE) BUILD=build-san BIN=bin/wijksim-san OPT='-O1 -g -fno-omit-frame-pointer' \
	        SAN='-fsanitize=address,undefined -fno-sanitize-recover=undefined' test

debug:
	$(MAKE) BUILD=build-san BIN=bin/wijksim-debug OPT='-O1 -g -fno-omit-frame-pointer' \
	        SAN='-fsanitize=address,undefined -fno-sanitize-recover=undefined' bin/wijksim-debug

check-long: $(BIN)
	@bash tests/check-long.sh $(BIN)

valgrind: $(BIN)
	@bash tests/valgrind.sh $(BIN)

run: deps
	@$(MAKE) --no-print-directory $(BIN)
	@bash scripts/run-default.sh $(BIN)

bench: $(BIN)
	@bash scripts/bench.sh $(BIN)

bench-mpi: $(BIN) mpi
	@bash scripts/bench-mpi.sh $(BIN) $(MPI_BIN)

fuzz: $(BIN)
	@bash tests/fuzz/run.sh $(or $(SECONDS_TO_FUZZ),60)

settings-doc: $(BIN)
	$(BIN) settings --markdown > model/SETTINGS.md

clean:
	rm -rf build build-san build-fuzz bin

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
