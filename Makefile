# trackheat — the two commands a new user needs:
#   make run    installs what is missing, builds, and runs the main job (demo data if you have none)
#   make test   installs what is missing, builds, and runs every test
# Others: make build | bench | bench-growth | fuzz | format | check-format | check-layers |
#         check-lint | check-duplicates | tidy | check-tidy | clean

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_CXX   ?= clang++-14
# make fuzz: seconds per fuzz target; make test runs each for TEST_FUZZ_SECONDS.
FUZZ_SECONDS      ?= 300
TEST_FUZZ_SECONDS ?= 4
REAL_TESTDATA     ?= ../shared/testdata/real
JOBS       ?= $(shell nproc)
STRAVA     ?= strava_export
DEMO       ?= strava_export_demo
CACHE      ?= cache
WERROR     := $(if $(CI),ON,OFF)
CMAKE_ARGS ?=

.PHONY: all setup setup-test build configure run test test-unit test-asan test-fuzz fuzz \
        fuzz-build bench bench-growth format clean check-layers check-format check-lint \
        check-duplicates tidy check-tidy

all: build

setup:
	@bash scripts/setup.sh

setup-test:
	@bash scripts/setup.sh --test

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DTRACKHEAT_WERROR=$(WERROR) -DTRACKHEAT_BENCH=ON $(CMAKE_ARGS)

configure: $(BUILD)/build.ninja

build: setup-if-needed configure
	cmake --build $(BUILD) -j $(JOBS)

# `make build` alone should not apt-get behind the user's back when everything is there;
# setup.sh is cheap (dpkg queries) and silent when nothing is missing.
.PHONY: setup-if-needed
setup-if-needed: setup-test

run: build
	@bash scripts/run.sh "$(BUILD)/trackheat" "$(STRAVA)" "$(DEMO)" "$(CACHE)"

test: setup-test check-layers check-format check-lint check-duplicates configure
	cmake --build $(BUILD) -j $(JOBS)
	$(MAKE) --no-print-directory check-tidy
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600
	$(MAKE) --no-print-directory test-asan
	$(MAKE) --no-print-directory test-fuzz

# The include rule (docs/ARCHITECTURE.md): later stages include and link earlier ones only.
check-layers:
	@bash scripts/check_layers.sh

# Every C++ file formatted as .clang-format says (`make format` fixes them).
check-format:
	@bash scripts/check_format.sh

# The viewer's and the admin page's scripts as viewer/eslint.config.mjs says (ESLint from npm,
# a devDependency of viewer/ that setup.sh --test installs; never embedded in the binary).
check-lint:
	@bash scripts/check_lint.sh

# No block of code repeated in src/ or the page's scripts (jscpd from npm, tests/duplicates,
# installed by setup.sh --test): one shape for each idea.
check-duplicates:
	@bash scripts/check_duplicates.sh

# clang-tidy as .clang-tidy says: check-tidy (in make test) on the C++ files changed since the
# merge base with main (or, when that is empty, in the last commit); tidy on every file (slow).
check-tidy: configure
	@JOBS=$(JOBS) bash scripts/check_tidy.sh "$(BUILD)"

tidy: configure
	@JOBS=$(JOBS) bash scripts/check_tidy.sh --all "$(BUILD)"

# The parsers and the conformance suite once more under AddressSanitizer + UBSan.
test-asan:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSANITIZE=address,undefined \
	  -DTRACKHEAT_WERROR=$(WERROR) $(CMAKE_ARGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS) --target asan_suite
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS) -L asan --timeout 900

# libFuzzer targets (fuzz/): a clang build of only the parsers and the libraries they need.
fuzz-build:
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_CXX_COMPILER=$(FUZZ_CXX) \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRACKHEAT_FUZZ=ON -DTRACKHEAT_TESTS=OFF \
	  -DTRACKHEAT_WERROR=$(WERROR) $(CMAKE_ARGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzzers

# A few seconds per target: fails when any target finds a crash.
TEST_FUZZ_TARGETS ?= fit gpx tcx csv gzip zip track_codec tile_codes
test-fuzz: fuzz-build
	bash scripts/fuzz.sh "$(FUZZ_BUILD)" "$(TEST_FUZZ_SECONDS)" "$(REAL_TESTDATA)" $(TEST_FUZZ_TARGETS)

# Long runs: FUZZ_SECONDS per target (make fuzz FUZZ_SECONDS=3600).
fuzz: setup-test fuzz-build
	bash scripts/fuzz.sh "$(FUZZ_BUILD)" "$(FUZZ_SECONDS)" "$(REAL_TESTDATA)"

bench: build
	@bash scripts/bench.sh "$(BUILD)"

# The growth table: demo exports of 1,000, 5,000 and 20,000 activities imported and built, then
# the largest site panned in chromium (GROWTH_SIZES, GROWTH_RUNS, ...: see the script). Long:
# the 20,000-activity build alone takes minutes, GBs of memory and ~8 GB of disk.
bench-growth: build
	@bash scripts/bench_growth.sh "$(BUILD)"

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
