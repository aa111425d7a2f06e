# acmeprobe: see README.md. Every target that needs a Debian package runs
# scripts/deps.sh first, which installs only what is missing.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
DESTDIR    ?=
MANDIR     ?= $(PREFIX)/share/man
CC         ?= cc
CLANG      ?= clang
OPT        ?= -O2 -g
WARN       := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla
STD        := -std=c11 -D_POSIX_C_SOURCE=200809L
CPPFLAGS   += -Isrc -DACMEPROBE_VERSION='"$(VERSION)"'
ALL_CFLAGS  = $(STD) $(WARN) $(OPT) $(CFLAGS)
# OpenSSL does TLS (src/http/tls.c, and tls_alpn.c for tls-alpn-01) and
# SHA-256 (src/acme/digest.c), the only files that include it. TLS=0
# leaves it out: they are then compiled with -DACMEPROBE_TLS=0 (into
# tls-notls.o, tls_alpn-notls.o, digest-notls.o); an https hop fails, and
# so do hashing a key authorization and tls-alpn-01, saying so.
TLS        ?= 1
ifneq ($(TLS),0)
LDLIBS     += -lssl -lcrypto
endif
# libcrypto also does DNSSEC (src/dnssec/crypto.c is the only file there
# that includes it). DNSSEC=0, implied by TLS=0, leaves it out:
# crypto.c and chain.c are then compiled with -DACMEPROBE_DNSSEC=0 (into
# *-nocrypto.o) and validation answers "not built in".
DNSSEC     ?= $(if $(filter 0,$(TLS)),0,1)
ifneq ($(DNSSEC),0)
ifeq ($(TLS),0)
LDLIBS     += -lcrypto
endif
endif

LIB_SRC    := $(sort $(wildcard src/dns/*.c src/net/*.c src/caa/*.c src/http/*.c src/check/*.c \
	src/dnssec/*.c src/acme/*.c src/json/*.c))
CLI_SRC    := $(sort $(wildcard src/cli/*.c))
# The rules' text and its reader: pure CLI files that the unit tests
# (tests/unit/test_rules.c) and fuzz/fuzz_unpack.c link too.
RULES_SRC  := src/cli/rules_text.c src/cli/rules_unpack.c
# The commands' long --help, packed (src/cli/cli.h: HELP); make tiny has
# the usage lines only and leaves them out.
HELP_SRC   := src/cli/help_text.c src/cli/help.c
UNIT_SRC   := $(sort $(wildcard tests/unit/*.c))
FUZZ_SRC   := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BINS  := $(patsubst fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_SECONDS ?= 20

LIB_OBJ    := $(patsubst %.c,build/obj/%.o,$(LIB_SRC))
ifeq ($(TLS),0)
LIB_OBJ    := $(patsubst %/tls.o,%/tls-notls.o,$(patsubst %/digest.o,%/digest-notls.o,\
	$(patsubst %/tls_alpn.o,%/tls_alpn-notls.o,$(LIB_OBJ))))
endif
ifeq ($(DNSSEC),0)
LIB_OBJ    := $(patsubst %/dnssec/crypto.o,%/dnssec/crypto-nocrypto.o,\
	$(patsubst %/dnssec/chain.o,%/dnssec/chain-nocrypto.o,$(LIB_OBJ)))
endif
CLI_OBJ    := $(patsubst %.c,build/obj/%.o,$(CLI_SRC))
RULES_OBJ  := $(patsubst %.c,build/obj/%.o,$(RULES_SRC))
ASAN_OBJ   := $(patsubst %.c,build/asan/%.o,$(LIB_SRC) $(RULES_SRC))
SAN        := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all deps deps-bench test unit asan integration fuzz fuzz-smoke bench \
	lint format install clean

all: acmeprobe

deps:
	@scripts/deps.sh test

deps-bench:
	@scripts/deps.sh bench

# (build/obj/.tls-N relinks ./acmeprobe when TLS= or DNSSEC= changes)
acmeprobe: $(LIB_OBJ) $(CLI_OBJ) build/obj/.tls-$(TLS)$(DNSSEC)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LDLIBS)

build/obj/.tls-$(TLS)$(DNSSEC):
	@mkdir -p $(@D)
	@rm -f build/obj/.tls-*
	@touch $@

build/obj/%-notls.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DACMEPROBE_TLS=0 $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/obj/%-nocrypto.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DACMEPROBE_DNSSEC=0 $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

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
	$(MAKE) man-check
	$(MAKE) unit
	$(MAKE) asan
	$(MAKE) integration
	$(MAKE) fuzz-smoke

# The rule index (docs/rules.md): every rule cited in src/ and in a test
# (scripts/rules-pending.txt excepted), no citation of a rule that does
# not exist, docs/rules.md and src/cli/rules_text.c as --write makes them;
# and src/cli/help_text.c as scripts/help-pack.py --write makes it.
.PHONY: rules-check
rules-check:
	/usr/bin/python3 scripts/rules-index.py --check
	/usr/bin/python3 scripts/help-pack.py --check

build/unit/tests: $(UNIT_SRC) $(LIB_OBJ) $(RULES_OBJ) | deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(ALL_CFLAGS) -o $@ $(UNIT_SRC) $(LIB_OBJ) $(RULES_OBJ) -lcriterion $(LDLIBS)

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
# fuzz/README.md says what each target, corpus and dictionary is for.
#   make fuzz                      build every target (build/fuzz/<target>)
#   make fuzz T=fuzz_msg SECONDS=600 [JOBS=2]
#                                  one long run; new inputs and crashes go to
#                                  fuzz/findings/<target>/ (git-ignored)
#   make fuzz-smoke                every target FUZZ_SECONDS from its corpus
#   make fuzz-merge [T=target]     -merge=1 of fuzz/findings/<target>/corpus
#                                  into fuzz/corpus/<target>/ (named seeds kept)
#   make fuzz-coverage [T=target]  llvm-cov line coverage of src/ per corpus

SECONDS      ?= 600
JOBS         ?= 1
T            ?=
# Extra libFuzzer flags for fuzz, fuzz-smoke and fuzz-merge (e.g. -max_len=65535).
FUZZ_ARGS    ?=
# fuzz-merge keeps an input for new edges only, not for new hit counts of
# known edges: the same line coverage in a corpus a tenth of the size (the
# fuller corpus stays in fuzz/findings/<target>/corpus for long runs).
FUZZ_MERGE_ARGS ?= -use_counters=0
# The dictionary of each target: fuzz/<target>.dict if there is one, else
# this map (target=fuzz/<name>.dict).
FUZZ_DICTS   := fuzz_msg=dns fuzz_response=dns fuzz_exchange=dns fuzz_name=dnsname fuzz_args=dnsname \
	fuzz_resolvconf=resolvconf fuzz_http_response=http fuzz_url=http \
	fuzz_caa=caa fuzz_caa_zoneline=caa fuzz_persist=persist fuzz_dns01=dns01 \
	fuzz_dnssec=dns fuzz_json=json fuzz_explain=explain
# The files fuzz-coverage holds to FUZZ_COV_MIN percent of lines.
FUZZ_PARSERS := src/dns/wire.c src/dns/msg.c src/dns/rr.c src/dns/rdata.c src/dns/text.c \
	src/dns/response.c src/dns/exchange.c src/dns/resolvconf.c src/caa/rdata.c src/caa/zoneline.c \
	src/http/url.c src/http/response.c src/acme/persist.c src/acme/cert.c \
	src/dnssec/anchors.c src/cli/rules_unpack.c src/json/parse.c
FUZZ_COV_MIN ?= 90

# The library is compiled once per flavour and linked into every target.
FUZZ_CFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -g -O1
COV_CFLAGS  := -fprofile-instr-generate -fcoverage-mapping -g -O1
FUZZ_OBJ    := $(patsubst %.c,build/fuzz-obj/%.o,$(LIB_SRC) src/cli/rules_unpack.c)
COV_OBJ     := $(patsubst %.c,build/fuzz-cov/obj/%.o,$(LIB_SRC) src/cli/rules_unpack.c)
COV_BINS    := $(patsubst fuzz/%.c,build/fuzz-cov/%,$(FUZZ_SRC))
FUZZ_ENV     = FUZZ_DICTS="$(FUZZ_DICTS)" FUZZ_ARGS="$(FUZZ_ARGS)"

.PHONY: fuzz-merge fuzz-coverage

build/fuzz-obj/%.o: %.c | deps
	@mkdir -p $(@D)
	$(CLANG) $(STD) $(WARN) $(CPPFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

build/fuzz/%: fuzz/%.c $(FUZZ_OBJ) | deps
	@mkdir -p $(@D)
	$(CLANG) $(STD) $(WARN) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_OBJ) $(LDLIBS)

build/fuzz-cov/obj/%.o: %.c | deps
	@mkdir -p $(@D)
	$(CLANG) $(STD) $(WARN) $(CPPFLAGS) $(COV_CFLAGS) -MMD -MP -c -o $@ $<

build/fuzz-cov/%: fuzz/%.c $(COV_OBJ) | deps
	@mkdir -p $(@D)
	$(CLANG) $(STD) $(WARN) $(CPPFLAGS) $(COV_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(COV_OBJ) $(LDLIBS)

-include $(FUZZ_OBJ:.o=.d) $(COV_OBJ:.o=.d)
.SECONDARY: $(FUZZ_OBJ) $(COV_OBJ)

ifeq ($(T),)
fuzz: $(FUZZ_BINS)
else
fuzz: build/fuzz/$(T)
	$(FUZZ_ENV) scripts/fuzz-run.sh $(T) $(SECONDS) $(JOBS)
endif

# Every target FUZZ_SECONDS from its corpus (two at a time), new inputs to
# a scratch folder so the committed corpus does not change under CI; any
# crash, leak, timeout or sanitizer report fails. First, the bug-class
# files and fuzz_exchange's named seeds must be what their generators write.
fuzz-smoke: $(FUZZ_BINS)
	scripts/fuzz-bugclass-corpus.py --check
	scripts/fuzz-exchange-seeds.py --check
	$(FUZZ_ENV) scripts/fuzz-smoke.sh $(FUZZ_SECONDS) $(notdir $(FUZZ_BINS))

fuzz-merge: $(if $(T),build/fuzz/$(T),$(FUZZ_BINS))
	$(FUZZ_ENV) FUZZ_MERGE_ARGS="$(FUZZ_MERGE_ARGS)" \
		scripts/fuzz-merge.sh $(or $(T),$(notdir $(FUZZ_BINS)))

fuzz-coverage: $(if $(T),build/fuzz-cov/$(T),$(COV_BINS))
	FUZZ_PARSERS="$(FUZZ_PARSERS)" FUZZ_COV_MIN=$(FUZZ_COV_MIN) \
		scripts/fuzz-coverage.sh $(or $(T),$(notdir $(COV_BINS)))

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
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1
	install -m 0755 acmeprobe $(DESTDIR)$(PREFIX)/bin/acmeprobe
	install -m 0644 acmeprobe.1 $(DESTDIR)$(MANDIR)/man1/acmeprobe.1

# The man page: mandoc -Tlint clean, style messages included, except the
# two that depend on which manuals this host has installed (the .Xr of
# SEE ALSO: "referenced manual not found", "outdated mandoc.db").
man-check:
	@scripts/deps.sh test
	@out=$$(mandoc -Tlint -Wstyle acmeprobe.1 2>&1 | \
		grep -v -e 'referenced manual not found' -e 'outdated mandoc.db'); \
	if [ -n "$$out" ]; then echo "$$out"; exit 1; fi; echo "man-check: acmeprobe.1 is clean"

# ---- static and tiny builds ----------------------------------------------
# README.md ("Embedded and minimal hosts") says what they are for.
#   make static   build/static/acmeprobe: fully static x86-64 binary, glibc
#                 and OpenSSL's static libraries (libssl-dev), stripped
#   make tiny     build/tiny/acmeprobe: static with musl (musl-gcc, Debian's
#                 musl-tools), no TLS (TLS=0), no rules text (RULES=0);
#                 cross-compile with CC=<musl cross gcc> make tiny
#   make size     both, their sizes and the peak RSS of one caa check
#                 against the budgets, beside drill, kdig, dig and busybox
#                 nslookup measured in the same run (scripts/size-report.sh);
#                 fails on a missed budget
# Both are made for size (SIZE_OPT below: -Oz, link-time optimization,
# switches as compare chains, not jump tables), one section per function
# and datum, dropped at link time when unreferenced (--gc-sections), no
# unwind tables (C has no exceptions), non-PIE code (shorter addressing),
# no page padding between code and data (noseparate-code), input sections
# laid out by alignment (--sort-section=alignment: libcrypto's
# ecp_nistz256-x86_64.o has a .text aligned to 4 KiB, and ld padded up to
# 4095 octets of nothing before it, after our code: static 5,130,672 ->
# 5,130,576 bytes, its text segment exact to the octet; tiny 153,552 ->
# 153,424). .init and .fini are SORT_NONE in ld's script, so their order
# stays; .init_array and .fini_array hold one entry each.
# Tiny also goes without RELRO (musl's static start does not apply it) and
# with a 64-octet common page size: by default ld pads the file up to the
# next 4 KiB boundary before the data whenever that saves a page of memory
# at run time (up to 4 KiB on disk for nothing in a 150 KiB budget; without
# RELRO nothing needs the data page-aligned). Static keeps RELRO: glibc's
# static start write-protects it (.data.rel.ro: OpenSSL's method tables,
# and the GOT) in whole pages, and ld pads the file before the data so
# that RELRO ends on a page boundary (0..4095 octets, 1,451 now; -z
# common-page-size=64 changes nothing there, measured; only -z norelro
# would, leaving those tables writable).
# Warnings are not errors here (another compiler, another optimizer's
# diagnostics).
SMALL_CFLAGS  := $(STD) $(filter-out -Werror,$(WARN)) -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-pie
SMALL_LDFLAGS := -static -no-pie -s -Wl,--gc-sections -Wl,-z,noseparate-code \
	-Wl,--build-id=none -Wl,--sort-section=alignment
# $(call size_opt,CC): the flags that make CC's code smallest, those of
# them CC has (asked once per build, and only when a static or tiny object
# is built: see STATIC_OPT, TINY_OPT). Figures: make static and make tiny,
# the flags added one by one to main 42e5661 with the rules text packed;
# static counted on its text segment (readelf -l), exact with
# --sort-section.
#  -Oz (GCC 12, clang), else -Os: static -2,112 octets, tiny (had it).
#  -flto where CC can link with it (a toolchain without the LTO plugin gets
#    none): code inlined and dropped across files; static -2,064, tiny
#    about -1 KiB (153,936 -> 152,784 bytes).
#  -fno-inline-functions-called-once (GCC; clang has no such flag): GCC
#    inlines a static function called once even at -Oz, and the callers
#    grow more than the call costs: static -2,496, tiny -1,088.
#  -fno-jump-tables: static -768 (tiny had it).
#  -malign-data=abi (GCC, x86): arrays aligned as the ABI says, not padded
#    to 32 octets for faster vector loads (speed, not correctness):
#    measured on main at a9e6ac4, static -480, tiny -256.
size_opt = $(shell $(1) -Oz -E -x c /dev/null >/dev/null 2>&1 && echo -Oz || echo -Os) \
	$(shell printf 'int main(void){return 0;}' | \
	$(1) -flto -x c - -o /dev/null >/dev/null 2>&1 && echo -flto) \
	$(call cc_has,$(1),-fno-inline-functions-called-once) \
	$(call cc_has,$(1),-malign-data=abi) -fno-jump-tables
# $(call cc_has,CC,FLAG): FLAG if CC takes it without a word, else nothing.
cc_has = $(shell $(1) -Werror $(2) -c -x c /dev/null -o /dev/null >/dev/null 2>&1 && echo $(2))
# make static STATIC_OPT=-Os (no LTO) gives a link map with one line per
# object of ours, for reading what takes the space (LTO merges them).
STATIC_OPT     = $(eval STATIC_OPT := $(call size_opt,$(CC)))$(STATIC_OPT)
# make tiny CC=...: a given compiler (a cross one); else musl-gcc.
TINY_CC       := $(if $(filter default,$(origin CC)),musl-gcc,$(CC))
TINY_OPT       = $(eval TINY_OPT := $(call size_opt,$(TINY_CC)))$(TINY_OPT)
# What each small build leaves out to stay within its budget (README,
# "Embedded and minimal hosts", says what each costs): make static the
# readers of what was found elsewhere, the rules' text, `explain` and
# `check --merge` (a full build reads the reports a small host wrote);
# make tiny those too, and TLS, DNSSEC, dns01, IP identifiers, Let's
# Encrypt's texts in the reports, the doctor's repeats, the vantage object,
# caa --records and the long --help.
STATIC_LEAVES_OUT := -DACMEPROBE_RULES=0 -DACMEPROBE_EXPLAIN=0 -DACMEPROBE_MERGE=0
TINY_LEAVES_OUT   := $(STATIC_LEAVES_OUT) -DACMEPROBE_TLS=0 -DACMEPROBE_DNSSEC=0 \
	-DACMEPROBE_DNS01=0 -DACMEPROBE_IP=0 -DACMEPROBE_LE_TEXT=0 -DACMEPROBE_TRANSIENT=0 \
	-DACMEPROBE_VANTAGE=0 -DACMEPROBE_RECORDS=0 -DACMEPROBE_SHORT_HELP=1
STATIC_OBJ    := $(patsubst %.c,build/static/obj/%.o,$(LIB_SRC) $(CLI_SRC))
# (one object folder per compiler: a cross build never links another's)
TINY_OBJDIR   := build/tiny/obj/$(notdir $(firstword $(TINY_CC)))
TINY_OBJ      := $(patsubst %.c,$(TINY_OBJDIR)/%.o,$(LIB_SRC) \
	$(filter-out $(RULES_SRC) $(HELP_SRC) src/cli/cmd_dns01.c,$(CLI_SRC)))

.PHONY: static tiny size man-check

static: build/static/acmeprobe

tiny: build/tiny/acmeprobe

# (the map file is what scripts/size-report.sh reads the archives' shares from)
build/static/acmeprobe: $(STATIC_OBJ)
	$(CC) $(SMALL_CFLAGS) $(STATIC_OPT) $(SMALL_LDFLAGS) $(LDFLAGS) -Wl,-Map=$@.map -o $@ $^ -lssl -lcrypto

# The floor of the static build: a bare TLS client, same flags and archives
# (scripts/size-floor-tls.c says why; make size prints it).
build/static/floor-tls: scripts/size-floor-tls.c Makefile
	@mkdir -p $(@D)
	$(CC) $(SMALL_CFLAGS) $(STATIC_OPT) $(SMALL_LDFLAGS) $(LDFLAGS) -Wl,-Map=$@.map -o $@ $< -lssl -lcrypto

build/static/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DACMEPROBE_STATIC $(STATIC_LEAVES_OUT) $(SMALL_CFLAGS) $(STATIC_OPT) $(CFLAGS) \
		-MMD -MP -c -o $@ $<

build/tiny/acmeprobe: $(TINY_OBJ)
	$(TINY_CC) $(SMALL_CFLAGS) $(TINY_OPT) $(SMALL_LDFLAGS) -Wl,-z,norelro \
		-Wl,-z,common-page-size=64 $(LDFLAGS) \
		-Wl,-Map=$@.map -o $@ $^

$(TINY_OBJDIR)/%.o: %.c
	@mkdir -p $(@D)
	$(TINY_CC) $(CPPFLAGS) $(TINY_LEAVES_OUT) $(SMALL_CFLAGS) $(TINY_OPT) $(CFLAGS) -MMD -MP -c -o $@ $<

-include $(STATIC_OBJ:.o=.d) $(TINY_OBJ:.o=.d)
# (their flags are here: a change rebuilds them)
$(STATIC_OBJ) $(TINY_OBJ): Makefile

size:
	@scripts/deps.sh size
	$(MAKE) static tiny build/static/floor-tls
	scripts/size-report.sh build/tiny/acmeprobe build/static/acmeprobe build/static/floor-tls

clean:
	rm -rf build acmeprobe
