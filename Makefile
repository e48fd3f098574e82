# articled - annotated-article API. `make run` serves articles/, `make test` runs everything.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
CC         ?= cc
HOST       ?= 127.0.0.1
PORT       ?= 8080
DIR        ?= articles

# One build directory per variant: release (default), asan, cov.
VARIANT    ?= release
B          := build/$(VARIANT)

PKGS       := libmicrohttpd jansson zlib libpq sqlite3 icu-uc icu-i18n
TEST_PKGS  := check libcurl

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wstrict-prototypes \
        -Wmissing-prototypes -Wformat=2 -Wvla -Wwrite-strings -Wimplicit-fallthrough \
        -Werror

OPT_release := -O2 -g
OPT_asan    := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
OPT_cov     := -O0 -g --coverage
OPT_clang   := -O1 -g

PKG_CFLAGS  = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS   = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)

# Project flags stay apart from the user's CFLAGS/LDFLAGS.
ALL_CPPFLAGS = -Iinclude -I$(B)/gen -D_POSIX_C_SOURCE=200809L -DARTICLED_VERSION='"$(VERSION)"' $(CPPFLAGS)
ALL_CFLAGS   = -std=c11 $(WARN) $(OPT_$(VARIANT)) -MMD -MP $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS  = $(OPT_$(VARIANT)) $(LDFLAGS)
LIBS         = $(PKG_LIBS) -lpthread -lm

LEXICONS := $(sort $(wildcard service/lexicon/*.txt))
LIB_SRC  := $(filter-out service/main.c,$(sort $(wildcard service/*.c service/annotate/*.c)))
LIB_OBJ  := $(LIB_SRC:service/%.c=$(B)/obj/%.o) $(B)/obj/lexicon_data.o $(B)/obj/page_assets.o
ASSETS   := service/assets/reader.css service/assets/reader.js
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
INTEG_SRC := $(sort $(wildcard tests/integration/test_*.c))
INTEG_BIN := $(INTEG_SRC:tests/integration/%.c=$(B)/tests/%)

BIN := $(B)/articled

.PHONY: all deps deps-check deps-contract deps-bench run test test-unit test-integration test-contract test-browser clang \
        test-hostile test-accuracy asan valgrind fuzz fuzz-short bench bench-load bench-nginx docker-smoke format lint \
        clean install bundle examples
.DEFAULT_GOAL := all

all: deps-check $(BIN)
	@ln -sf $(VARIANT)/articled build/articled 2>/dev/null || true

# Missing Debian packages are installed when root; otherwise the exact command is printed.
deps deps-check:
	@sh .ci/deps

deps-contract:
	@sh .ci/deps contract

deps-bench:
	@sh .ci/deps bench

# Grouped targets (&:): one run of the generator makes both files, also under -j.
$(B)/gen/lexicon_data.c $(B)/gen/lexicon_data.h &: service/lexicon/gen.sh $(LEXICONS)
	@mkdir -p $(B)/gen
	sh service/lexicon/gen.sh $(B)/gen/lexicon_data.c $(B)/gen/lexicon_data.h $(LEXICONS)

$(B)/obj/lexicon_data.o: $(B)/gen/lexicon_data.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The binary serves its own contract as one document (schemas inlined), YAML and JSON, made
# by `redocly bundle` (`make bundle`) and committed, so building needs no node;
# `make test-contract` fails when they are older than openapi.yaml and schemas/.
BUNDLED := schemas/bundled/openapi.yaml schemas/bundled/openapi.json

# ... and the default article, served when there is no articles directory.
$(B)/gen/embed_data.c $(B)/gen/embed_data.h &: service/embed.sh $(BUNDLED) \
		articles/paris-attacks.txt articles/paris-attacks.meta.json Makefile
	@mkdir -p $(B)/gen
	sh service/embed.sh $(B)/gen/embed_data.c $(B)/gen/embed_data.h openapi_yaml=schemas/bundled/openapi.yaml \
	  openapi_json=schemas/bundled/openapi.json default_article=articles/paris-attacks.txt \
	  default_meta=articles/paris-attacks.meta.json

$(B)/obj/embed_data.o: $(B)/gen/embed_data.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The reader's stylesheet and script, served by the binary (no CDN).
$(B)/gen/page_assets.c $(B)/gen/page_assets.h &: service/embed.sh $(ASSETS)
	@mkdir -p $(B)/gen
	sh service/embed.sh $(B)/gen/page_assets.c $(B)/gen/page_assets.h \
	  page_css=service/assets/reader.css page_js=service/assets/reader.js

$(B)/obj/page_assets.o: $(B)/gen/page_assets.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(B)/obj/page.o: $(B)/gen/page_assets.h

$(B)/obj/main.o: service/main.c $(B)/gen/embed_data.h $(B)/gen/lexicon_data.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(B)/obj/%.o: service/%.c $(B)/gen/lexicon_data.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libarticled.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(B)/obj/main.o $(B)/obj/embed_data.o $(B)/libarticled.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libarticled.a $(B)/gen/lexicon_data.h tests/unit/check_main.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(TEST_CFLAGS) -o $@ $< $(B)/libarticled.a $(LIBS) $(TEST_LIBS)

$(B)/tests/%: tests/integration/%.c $(B)/libarticled.a tests/integration/harness.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -Itests/integration -Itests/unit $(ALL_CFLAGS) $(TEST_CFLAGS) -o $@ $< $(B)/libarticled.a $(LIBS) $(TEST_LIBS)

run: all
	$(BIN) serve --host $(HOST) --port $(PORT) --dir $(DIR)

# Unit tests (Check), then the server tests over libcurl, then the contract and accuracy
# checks and the pages in a browser, then the whole suite again under ASan+UBSan, fuzzing
# and the container smoke test.
test: deps-check
	@mkdir -p build
	@set -e; { $(MAKE) --no-print-directory test-unit test-integration test-contract test-browser && \
	  $(MAKE) --no-print-directory asan && \
	  $(MAKE) --no-print-directory clang && \
	  $(MAKE) --no-print-directory fuzz-short && \
	  $(MAKE) --no-print-directory docker-smoke; echo $$? >build/test.rc; } 2>&1 | tee build/test.log
	@test "$$(cat build/test.rc)" = 0 && sh tests/summary.sh build/test.log

test-unit: $(BIN) $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; ARTICLED_FIXTURES=tests/fixtures $$t; done

test-integration: $(BIN) $(INTEG_BIN)
	@rm -rf $(B)/responses
	@set -e; for t in $(INTEG_BIN); do echo "== $$t"; ARTICLED_BIN=$(BIN) ARTICLED_FIXTURES=tests/fixtures \
	  ARTICLED_DUMP_DIR=$(B)/responses $$t; done

test-contract: deps-contract test-integration
	sh tests/contract/run.sh $(BIN) $(B)/responses

# Regenerate what is made from the contract with the pinned npm tools (tests/contract/):
# the served bundle from openapi.yaml and schemas/, the examples from a running server.
bundle: deps-contract
	sh tests/contract/npm.sh
	sh tests/contract/bundle.sh schemas/bundled

examples: deps-contract $(BIN)
	sh tests/contract/npm.sh
	node tests/contract/examples.mjs $(BIN) schemas/examples.json

# The pages in Debian's chromium (puppeteer-core, axe-core); screenshots in build/browser.
test-browser: $(BIN)
	sh tests/browser/run.sh $(BIN) build/browser

# Hostile clients (raw sockets, slowhttptest; loopback, about a minute): run by asan on its build.
test-hostile: $(BIN)
	/usr/bin/python3 tests/hostile/run.py $(BIN)

asan:
	$(MAKE) --no-print-directory VARIANT=asan test-unit test-integration test-hostile

# The same sources and warnings under clang, whose -Wformat-nonliteral and -Wsign-conversion
# see what gcc's do not (skipped without clang, as the fuzzers are).
clang:
	@if command -v clang >/dev/null 2>&1; then $(MAKE) --no-print-directory VARIANT=clang CC=clang \
	  build/clang/articled $(UNIT_SRC:tests/unit/%.c=build/clang/tests/%); else echo "SKIP: clang not installed"; fi

valgrind: $(BIN) $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== valgrind $$t"; CK_FORK=no ARTICLED_FIXTURES=tests/fixtures \
	  valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect $$t; done
	$(BIN) annotate articles/paris-attacks.txt >/dev/null
	valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect $(BIN) annotate articles/paris-attacks.txt >/dev/null

fuzz fuzz-short:
	@sh tests/fuzz/run.sh $(if $(filter fuzz,$@),600,30)

# Speed and memory figures live here, never in timed unit tests.
bench: deps-bench $(BIN) $(B)/bench-annotate $(B)/bench-memory
	sh tests/bench/annotate-compare.sh $(B)/bench-annotate
	sh tests/bench/memory.sh $(B)/bench-memory
	sh tests/bench/http.sh $(BIN)
	sh tests/bench/pages.sh $(BIN)
	python3 tests/bench/publish.py $(BIN)
	sh tests/bench/search.sh $(BIN)

$(B)/bench-annotate: tests/bench/annotate.c $(B)/libarticled.a
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -O2 -o $@ $< $(B)/libarticled.a $(LIBS)

# mallinfo2 and malloc_trim are glibc's.
$(B)/bench-memory: tests/bench/memory.c $(B)/libarticled.a
	$(CC) $(ALL_CPPFLAGS) -D_GNU_SOURCE $(ALL_CFLAGS) -O2 -o $@ $< $(B)/libarticled.a $(LIBS)

# The 10,000-article load beside the build before the load work (BASE_REV, ROUNDS; a few minutes).
bench-load: deps-bench $(BIN)
	sh tests/bench/load.sh $(BIN) 10000 $(or $(BASE_REV),da81498) $(or $(ROUNDS),3)

# Side by side with nginx (installed when missing and root); a few minutes: run it rarely.
bench-nginx: deps-bench $(BIN)
	sh tests/bench/vs-nginx.sh $(BIN)

docker-smoke:
	@sh docker/smoke-test.sh

format:
	clang-format -i service/*.c service/annotate/*.[ch] include/*.h tests/*/*.c tests/*/*.h

lint:
	clang-tidy service/*.c service/annotate/*.c -- $(ALL_CPPFLAGS) -std=c11 $(PKG_CFLAGS)

install: $(BIN)
	install -D -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/articled

clean:
	rm -rf build

-include $(wildcard $(B)/obj/*.d $(B)/obj/annotate/*.d $(B)/tests/*.d)
