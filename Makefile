# trackheat — the two commands a new user needs:
#   make run    installs what is missing, builds, and runs the main job (demo data if you have none)
#   make test   installs what is missing, builds, and runs every test
# Others: make build | bench | format | clean

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
STRAVA     ?= strava_export
DEMO       ?= strava_export_demo
CACHE      ?= cache
WERROR     := $(if $(CI),ON,OFF)
CMAKE_ARGS ?=

.PHONY: all setup setup-test build configure run test test-unit test-asan bench format clean

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

test: setup-test configure
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600
	$(MAKE) --no-print-directory test-asan

# The parsers and the conformance suite once more under AddressSanitizer + UBSan.
test-asan:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSANITIZE=address,undefined \
	  -DTRACKHEAT_WERROR=$(WERROR) $(CMAKE_ARGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS) --target asan_suite
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS) -L asan --timeout 900

bench: build
	@bash scripts/bench.sh "$(BUILD)"

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
