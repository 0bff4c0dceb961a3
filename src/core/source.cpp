#include "core/source.hpp"

#include <string>

#include "core/errors.hpp"

namespace th {

std::string_view source_name(Source s) {
  switch (s) {
    case Source::Strava: return "strava";
    case Source::Intervals: return "intervals";
    case Source::File: return "file";
  }
  return "file";
}

Source parse_source(std::string_view text) {
  for (const Source s : {Source::Strava, Source::Intervals, Source::File}) {
    if (text == source_name(s)) return s;
  }
  throw ParseError("unknown activity source '" + std::string(text.substr(0, 40)) + "'");
}

}  // namespace th
