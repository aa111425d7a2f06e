# acmeprobe: see README.md. Every target that needs a Debian package runs
# scripts/deps.sh first, which installs only what is missing.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
DESTDIR    ?=
CC         ?= cc
CLANG      ?= clang
OPT        ?= -O2 -g
WARN       := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla
STD        := -std=c11 -D_POSIX_C_SOURCE=200809L
CPPFLAGS   += -Isrc -DACMEPROBE_VERSION='"$(VERSION)"'
ALL_CFLAGS  = $(STD) $(WARN) $(OPT) $(CFLAGS)
# OpenSSL does TLS (src/http/tls.c is the only file that includes it).
LDLIBS     += -lssl -lcrypto

LIB_SRC    := $(sort $(wildcard src/dns/*.c src/net/*.c src/caa/*.c src/http/*.c src/check/*.c))
CLI_SRC    := $(sort $(wildcard src/cli/*.c))
UNIT_SRC   := $(sort $(wildcard tests/unit/*.c))
FUZZ_SRC   := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BINS  := $(patsubst fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_SECONDS ?= 30

LIB_OBJ    := $(patsubst %.c,build/obj/%.o,$(LIB_SRC))
CLI_OBJ    := $(patsubst %.c,build/obj/%.o,$(CLI_SRC))
ASAN_OBJ   := $(patsubst %.c,build/asan/%.o,$(LIB_SRC))
SAN        := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all deps deps-bench test unit asan integration fuzz fuzz-smoke bench \
	lint format install clean

all: acmeprobe

deps:
	@scripts/deps.sh test

deps-bench:
	@scripts/deps.sh bench

acmeprobe: $(LIB_OBJ) $(CLI_OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

build/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SAN) -MMD -MP -c -o $@ $<

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(ASAN_OBJ:.o=.d)

# ---- tests ---------------------------------------------------------------

test: deps
	$(MAKE) rules-check
	$(MAKE) unit
	$(MAKE) asan
	$(MAKE) integration
	$(MAKE) fuzz-smoke

# The rule index (docs/rules.md): every rule cited in src/ and in a test
# (scripts/rules-pending.txt excepted), no citation of a rule that does
# not exist, docs/rules.md and src/cli/rules_text.c as --write makes them.
.PHONY: rules-check
rules-check:
	/usr/bin/python3 scripts/rules-index.py --check

build/unit/tests: $(UNIT_SRC) $(LIB_OBJ) | deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(ALL_CFLAGS) -o $@ $(UNIT_SRC) $(LIB_OBJ) -lcriterion $(LDLIBS)

build/unit/tests-asan: $(UNIT_SRC) $(ASAN_OBJ) | deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(ALL_CFLAGS) $(SAN) -o $@ $(UNIT_SRC) $(ASAN_OBJ) -lcriterion $(LDLIBS)

# Tests find their fixtures relative to the repository root.
unit: build/unit/tests
	build/unit/tests --jobs 2

asan: build/unit/tests-asan
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		build/unit/tests-asan --jobs 2

integration: acmeprobe | deps
	tests/integration/run.sh

# ---- fuzzing -------------------------------------------------------------

FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -g -O1

build/fuzz/%: fuzz/%.c $(LIB_SRC) | deps
	@mkdir -p $(@D)
	$(CLANG) $(STD) $(WARN) $(CPPFLAGS) $(FUZZ_FLAGS) -o $@ $< $(LIB_SRC) $(LDLIBS)

fuzz: $(FUZZ_BINS)

# Each target runs FUZZ_SECONDS from its seed corpus; new inputs go to a
# scratch folder so the committed corpus does not change under CI, and any
# crash, leak or timeout fails the target.
fuzz-smoke: $(FUZZ_BINS)
	@for t in $(FUZZ_BINS); do \
		name=$${t##*/}; \
		scratch=build/fuzz-scratch/$$name; rm -rf $$scratch; mkdir -p $$scratch; \
		echo "fuzz-smoke: $$name for $(FUZZ_SECONDS) s"; \
		$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=build/fuzz-scratch/$$name- -print_final_stats=1 \
			$$scratch fuzz/corpus/$$name > build/fuzz-scratch/$$name.log 2>&1 \
			|| { tail -n 40 build/fuzz-scratch/$$name.log; exit 1; }; \
		grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' \
			build/fuzz-scratch/$$name.log; \
	done

# ---- benchmarks ----------------------------------------------------------

bench: deps-bench $(LIB_OBJ)
	bench/run.sh

# ---- style ---------------------------------------------------------------

lint:
	@scripts/deps.sh lint
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
		--std=c11 --inline-suppr -Isrc src
	clang-tidy --quiet $(LIB_SRC) $(CLI_SRC) -- $(STD) $(CPPFLAGS)

format:
	@scripts/deps.sh lint
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(wildcard src/*/*.h) $(UNIT_SRC) $(FUZZ_SRC)

install: acmeprobe
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 acmeprobe $(DESTDIR)$(PREFIX)/bin/acmeprobe

clean:
	rm -rf build acmeprobe
