# sift — build, test and install.
#
# Layers: compute/, lang/, stdlib/ and plot/ build into one static
# library (build/libsift.a); the programs in repl/ and kernel/ link it.
# compute/ is the bottom layer (typed-array kernels, BLAS/LAPACK).
# `make asan` builds the same tree with ASan+UBSan into build-asan/ and
# runs the whole suite there.

CC      ?= cc
PREFIX  ?= $(HOME)/.local
BUILD   ?= build
VERSION := 0.1.0
export SIFT_ASAN

PKGS    := libzmq libsodium jansson cairo libpcre2-8
BLAS_PKGS := openblas lapacke
CHECK_PKG := check
WARN    := -Wall -Wextra -Werror -Wno-unused-parameter
# OPT and SAN are what `make asan` changes; CFLAGS/LDFLAGS stay the user's.
OPT     ?= -O2 -g
SAN     ?=
override CFLAGS := $(OPT) $(SAN) -std=c11 -D_GNU_SOURCE $(WARN) -MMD -MP -I. -DSIFT_VERSION='"$(VERSION)"' \
           $(shell pkg-config --cflags $(PKGS) $(BLAS_PKGS) 2>/dev/null) $(CFLAGS)
# libsift.a's own libraries: cairo (plots), Jansson (JSON files), PCRE2 (regular expressions), BLAS.
override LDLIBS := $(SAN) $(shell pkg-config --libs cairo libpng jansson libpcre2-8 $(BLAS_PKGS) 2>/dev/null) -lm -lpthread $(LDLIBS)

COMPUTE_O := $(patsubst %.c,$(BUILD)/%.o,$(wildcard compute/*.c))
LANG_O   := $(patsubst %.c,$(BUILD)/%.o,$(wildcard lang/*.c))
STDLIB_O := $(patsubst %.c,$(BUILD)/%.o,$(wildcard stdlib/*.c))
PLOT_O   := $(patsubst %.c,$(BUILD)/%.o,$(wildcard plot/*.c))
REPL_O   := $(patsubst %.c,$(BUILD)/%.o,$(wildcard repl/*.c))
KERNEL_O := $(patsubst %.c,$(BUILD)/%.o,$(wildcard kernel/*.c))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

LIB      := $(BUILD)/libsift.a
SIFT     := $(BUILD)/sift
KERNEL   := $(BUILD)/sift-kernel

.PHONY: fuzz fuzz-json all run test test-unit test-scripts test-repl test-kernel test-notebooks test-browser \
        asan deps install clean docs bench gallery check-docs

all: $(SIFT) $(if $(KERNEL_O),$(KERNEL))

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(COMPUTE_O) $(LANG_O) $(STDLIB_O) $(PLOT_O)
	@rm -f $@
	ar rcs $@ $^

$(SIFT): $(REPL_O) $(LIB)
	$(CC) $(CFLAGS) -o $@ $(REPL_O) $(LIB) $(LDLIBS) -lreadline $(shell pkg-config --libs chafa 2>/dev/null)

$(KERNEL): $(KERNEL_O) $(LIB)
	$(CC) $(CFLAGS) -o $@ $(KERNEL_O) $(LIB) $(LDLIBS) $(shell pkg-config --libs libzmq libsodium jansson)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags $(CHECK_PKG)) -o $@ $< $(LIB) $(LDLIBS) $(shell pkg-config --libs $(CHECK_PKG))

deps:
	@scripts/deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	@$(SIFT)

test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory test-unit test-scripts test-repl test-kernel test-notebooks check-docs
	@$(MAKE) --no-print-directory asan

test-unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do CK_FORK=no $$t; done

test-scripts: $(SIFT)
	@/usr/bin/python3 tests/run_scripts.py $(SIFT)

test-repl: $(SIFT)
	@if [ -d tests/repl ]; then SIFT_BIN=$(abspath $(SIFT)) /usr/bin/python3 -m unittest discover -s tests/repl -p 'test_*.py'; fi

test-kernel: all
	@if [ -d tests/kernel ] && [ -x $(KERNEL) ]; then SIFT_KERNEL=$(abspath $(KERNEL)) /usr/bin/python3 -m unittest discover -s tests/kernel -p 'test_*.py'; fi

test-notebooks: all
	@if [ -x tests/notebooks/run.sh ]; then tests/notebooks/run.sh $(abspath $(KERNEL)); fi

test-browser: all
	@if [ -x tests/browser/run.sh ]; then tests/browser/run.sh; fi

# The sanitizer build: same sources, separate tree, whole suite.
asan:
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g" \
	  SAN="-fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=undefined,float-cast-overflow" \
	  SIFT_ASAN=1 all test-unit test-scripts test-repl test-kernel

docs: $(SIFT)
	@$(SIFT) --reference > docs/reference.md
	@echo "wrote docs/reference.md"

check-docs: $(SIFT)
	@$(SIFT) --reference | diff -u docs/reference.md - >/dev/null || \
	  { echo "docs/reference.md is stale: run 'make docs'"; exit 1; }
	@/usr/bin/python3 tests/run_doc_examples.py $(SIFT) docs/*.md README.md

bench: all
	@bench/run.sh

gallery: all
	@$(SIFT) docs/gallery.sift

install: all
	install -d $(PREFIX)/bin
	install -m 755 $(SIFT) $(PREFIX)/bin/sift
	@if [ -x $(KERNEL) ]; then install -m 755 $(KERNEL) $(PREFIX)/bin/sift-kernel && \
	  scripts/install-kernelspec.sh $(PREFIX); fi

clean:
	rm -rf build build-asan

-include $(wildcard $(BUILD)/*/*.d $(BUILD)/tests/*.d)

# Fuzzing (clang + libFuzzer): `make fuzz` builds build-fuzz/fuzz_run and
# runs it for FUZZ_SECONDS (default 60) on tests/fuzz/corpus.
FUZZ_SECONDS ?= 60
fuzz:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT="-O1 -g" \
	  SAN="-fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer" build-fuzz/libsift.a
	clang -O1 -g -I. -fsanitize=address,undefined,fuzzer -o build-fuzz/fuzz_run tests/fuzz/fuzz_run.c \
	  build-fuzz/libsift.a $(shell pkg-config --libs cairo libpng jansson libpcre2-8 $(BLAS_PKGS)) -lm -lpthread
	@mkdir -p build-fuzz/corpus
	build-fuzz/fuzz_run -max_total_time=$(FUZZ_SECONDS) -max_len=512 -timeout=10 \
	  -dict=tests/fuzz/sift.dict build-fuzz/corpus tests/fuzz/corpus

# read_json's engine on any bytes (tests/fuzz/fuzz_json.c), seeded with the JSON test files.
fuzz-json:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT="-O1 -g" \
	  SAN="-fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer" build-fuzz/libsift.a
	clang -O1 -g -I. $(shell pkg-config --cflags jansson) -fsanitize=address,undefined,fuzzer -o build-fuzz/fuzz_json \
	  tests/fuzz/fuzz_json.c build-fuzz/libsift.a $(shell pkg-config --libs cairo libpng jansson libpcre2-8 $(BLAS_PKGS)) -lm -lpthread
	@mkdir -p build-fuzz/corpus_json
	build-fuzz/fuzz_json -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 build-fuzz/corpus_json tests/fuzz/corpus_json