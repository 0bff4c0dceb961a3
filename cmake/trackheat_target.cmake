# Per-target settings shared by every trackheat target: strict warnings, optional -Werror and
# sanitizers. Applied target by target (never through global flags) so third-party code that
# CMake pulls in is left alone.
function(trackheat_configure target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
    -Wimplicit-fallthrough)
  if(TRACKHEAT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${SANITIZE} -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${SANITIZE})
  endif()
endfunction()

# trackheat_library(name SOURCES ... DEPS ...): a stage library under src/<stage>/.
function(trackheat_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  trackheat_configure(${name})
endfunction()
