# Makefile: the two README commands (make run, make check) and their helpers; Meson does the build.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

DEBIAN_PACKAGES := gcc pkg-config meson ninja-build python3 \
	libmicrohttpd-dev libsqlite3-dev libpq-dev libjansson-dev libsodium-dev libutf8proc-dev \
	libcmocka-dev libcurl4-openssl-dev curl libxml2-utils wrk nginx postgresql postgresql-client \
	libzip-dev libexpat1-dev libxlsxwriter-dev clang libclang-rt-dev

DB      := var/danvan.db
LISTEN  := 127.0.0.1:8080
ASAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# seconds of libFuzzer per harness: make fuzz, and the brief run of make check
FUZZ_SECONDS       := 600
FUZZ_CHECK_SECONDS := 10

.PHONY: deps build run check check-build check-asan check-crash bench clean check-fuzz fuzz

# Install the Debian packages that are missing (as root), or say exactly what to run.
deps:
	@missing=""; \
	for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' "$$p" 2>/dev/null | grep -q '^install ok installed$$' \
			|| missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "deps: all Debian packages present"; exit 0; fi; \
	if [ "$$(id -u)" -ne 0 ]; then \
		echo "deps: missing Debian packages:$$missing" >&2; \
		echo "deps: run: sudo apt-get install -y$$missing" >&2; \
		exit 1; \
	fi; \
	echo "deps: installing:$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -q; \
	apt-get install -y -q --no-install-recommends $$missing

build/build.ninja:
	meson setup build

build: build/build.ninja
	ninja -C build

# Demo database on first run; then serve in the foreground (Ctrl-C stops it).
run: deps build
	@mkdir -p var
	@if [ ! -e $(DB) ]; then \
		echo "run: creating the demo database $(DB) (takes a little while)"; \
		build/danvan demo --db sqlite:$(DB) && \
		echo "run: adding a year of synthetic citizens' cases for the dashboards" && \
		build/danvan gen --cases 20000 --seed 1 --db sqlite:$(DB); \
	else \
		build/danvan migrate --db sqlite:$(DB); \
	fi
	@echo
	@echo "danvan: open http://$(LISTEN)/"
	@if [ -r var/demo-logins.txt ]; then \
		echo "demo logins (login, password, role, unit) from var/demo-logins.txt:"; \
		awk -F'\t' '{ printf "  %-22s %-22s %-14s %s\n", $$1, $$2, $$3, $$4 }' var/demo-logins.txt; \
	else \
		echo "run: var/demo-logins.txt is missing; create users with: build/danvan user add --help"; \
	fi
	@echo
	exec build/danvan serve --db sqlite:$(DB) --listen $(LISTEN)

# Everything: strict build and every test, then the same under ASan+UBSan, then each fuzz
# harness briefly (clang, libFuzzer).
check: deps
	@start=$$(date +%s); status=0; plain=failed; asan=failed; fuzz=failed; \
	if $(MAKE) --no-print-directory check-build; then plain=passed; else status=1; fi; \
	if $(MAKE) --no-print-directory check-asan; then asan=passed; else status=1; fi; \
	if $(MAKE) --no-print-directory check-fuzz; then fuzz=passed; else status=1; fi; \
	echo; \
	echo "check: build/ (-Werror): $$plain; build-asan/ (ASan+UBSan): $$asan;" \
		"build-fuzz/ (libFuzzer, $(FUZZ_CHECK_SECONDS) s a harness): $$fuzz;" \
		"$$(( $$(date +%s) - start )) s"; \
	if [ $$status -eq 0 ]; then echo "check: ALL PASSED"; else echo "check: FAILED"; fi; \
	exit $$status

check-build:
	@if [ -f build/build.ninja ]; then meson configure build -Dwerror=true; \
	else meson setup build -Dwerror=true; fi
	ninja -C build
	meson test -C build --print-errorlogs

check-asan:
	@if [ -f build-asan/build.ninja ]; then \
		meson configure build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true; \
	else \
		meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true; \
	fi
	ninja -C build-asan
	$(ASAN_ENV) meson test -C build-asan --print-errorlogs --timeout-multiplier 3

# Crash safety, the long run: 20 rounds per engine of intake under load, kill -9, restart and
# checks (make check runs 3 per engine). CRASH_ARGS adds options, e.g. --seed S to replay.
check-crash: deps build
	DANVAN_SHARED=$(CURDIR)/../shared tests/crash/run build/danvan --rounds 20 $(CRASH_ARGS)

# libFuzzer harnesses (fuzz/, clang in build-fuzz/): briefly in make check, at length here.
check-fuzz:
	fuzz/run $(FUZZ_CHECK_SECONDS)

fuzz: deps
	fuzz/run $(FUZZ_SECONDS)

bench: deps build
	bench/run
	bench/work
	bench/dash
	bench/soak

clean:
	rm -rf build build-asan build-fuzz bench/out
