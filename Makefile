# wijksim — build, test, run, bench.
#
#   make            build bin/wijksim
#   make run        install missing packages, build, run the default scenarios,
#                   write results/wijksim.h5 and results/report.html
#   make test       unit tests (cmocka) + end-to-end tests of the binary
#   make test-sanitize   the same, built with ASan + UBSan
#   make check-long long checks (statistical calibration, big runs)
#   make bench      throughput, memory per resident, parallel speed-up
#   make debug      bin/wijksim-debug with ASan + UBSan, -O1 -g
#   make clean

CC       ?= cc
PKGS     := gsl hdf5 libconfig nettle
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
HDF5_LDIR := $(shell pkg-config --libs-only-L hdf5 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

WARN := -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes \
        -Wmissing-prototypes -Wno-sign-conversion
OPT  ?= -O2 -g
SAN  :=
BUILD ?= build
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE $(OPT) $(SAN) -fopenmp $(WARN) -Imodel -Isrc \
             -DWK_VERSION='"$(VERSION)"' $(PKG_CFLAGS) $(CFLAGS)
# pkg-config hdf5 omits the high-level library (dimension scales).
LDLIBS_ALL = $(PKG_LIBS) $(HDF5_LDIR) -lhdf5_hl -lm $(SAN) -fopenmp $(LDLIBS)

GIT_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null)
GIT_DIRTY  := $(shell git diff --quiet HEAD -- 2>/dev/null || echo -dirty)
VERSION    := 0.1.0$(if $(GIT_COMMIT),+$(GIT_COMMIT)$(GIT_DIRTY),)

MODEL_SRC  := $(wildcard model/*.c)
ENGINE_SRC := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ    := $(patsubst %.c,$(BUILD)/%.o,$(MODEL_SRC) $(ENGINE_SRC))
MAIN_OBJ   := $(BUILD)/src/main.o
TEST_SRC   := $(wildcard tests/test_*.c)
TEST_BIN   := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
BIN        ?= bin/wijksim

PY := /usr/bin/python3

.PHONY: all run test test-unit test-e2e test-sanitize check-long bench debug \
        clean deps fuzz valgrind settings-doc

all: $(BIN)

$(BIN): $(LIB_OBJ) $(MAIN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

# main.o carries the version string; rebuild it when the commit changes.
$(MAIN_OBJ): .git/HEAD $(wildcard .git/refs/heads/*)

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -o $@ $< $(LIB_OBJ) $(LDLIBS_ALL) $(CMOCKA_LIBS)

deps:
	@bash scripts/install-deps.sh

test: $(BIN) $(TEST_BIN)
	@bash tests/run-all.sh $(BUILD) $(BIN)

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

fuzz:
	@bash tests/fuzz/run.sh $(or $(SECONDS_TO_FUZZ),60)

settings-doc: $(BIN)
	$(BIN) settings --markdown > model/SETTINGS.md

clean:
	rm -rf build build-san build-fuzz bin

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
