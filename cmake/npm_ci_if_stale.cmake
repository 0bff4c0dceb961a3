# Runs `npm ci --omit=dev --no-audit --no-fund` in DIR only when DIR/node_modules is missing or
# older than DIR/package-lock.json (npm ci writes node_modules/.package-lock.json), or a file of the list
# REQUIRED is missing. STAMP is touched when npm ci ran (or STAMP is missing), so what depends
# on it is rebuilt only then.
# scripts/setup.sh does the same before the build, so a build normally finds node_modules fresh
# and needs no network. Run as: cmake -DDIR=... -DSTAMP=... -P npm_ci_if_stale.cmake
cmake_minimum_required(VERSION 3.25)
set(installed "${DIR}/node_modules/.package-lock.json")
set(stale FALSE)
if(NOT EXISTS "${installed}" OR "${DIR}/package-lock.json" IS_NEWER_THAN "${installed}")
  set(stale TRUE)
endif()
foreach(f IN LISTS REQUIRED)
  if(NOT EXISTS "${f}")
    set(stale TRUE)
  endif()
endforeach()
if(stale)
  message(STATUS "npm ci in ${DIR} (node_modules missing or older than package-lock.json)")
  # --omit=dev: the build needs only what it embeds; scripts/setup.sh --test adds ESLint.
  execute_process(COMMAND npm ci --omit=dev --no-audit --no-fund --loglevel=error
                  WORKING_DIRECTORY "${DIR}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "npm ci failed in ${DIR}: run scripts/setup.sh (it needs the npm registry once)")
  endif()
endif()
if(stale OR NOT EXISTS "${STAMP}")
  file(TOUCH "${STAMP}")
endif()
