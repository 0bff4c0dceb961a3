#pragma once
// Which activities a live map shows: the viewer's filter as URL query parameters.
//
//   after=YYYY-MM-DD  before=YYYY-MM-DD   inclusive, the activity's local start date (start +
//                                         UTC offset when known), as data/activities.js counts it
//   min_km=N  max_km=N                    inclusive, the recorded distance in km
//   sport=Run,Ride                        sport names as data/activities.js writes them
//                                         ("sport=" chooses none: nothing matches)
// Every parameter is optional; none selects every drawn activity. An activity without a start
// date fails a date bound, one without a distance a distance bound (the viewer's rule: they
// drop out once that part of the filter is narrowed).

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/sport.hpp"

namespace th::live {

// A bad query parameter; what() is one line for a 400 reply.
class BadRequest : public Error {
 public:
  using Error::Error;
};

// What the filter looks at of one activity.
struct FilterFacts {
  std::optional<std::int64_t> local_day;  // days since 1970 of the local start date
  std::optional<double> distance_km;
  Sport sport = Sport::Unknown;
};

inline constexpr std::size_t kSportCount = static_cast<std::size_t>(Sport::Other) + 1;

struct LiveFilter {
  std::optional<std::int64_t> after_day, before_day;  // days since 1970, inclusive
  std::optional<double> min_km, max_km;
  std::optional<std::bitset<kSportCount>> sports;  // nullopt: every sport

  bool selects_all() const { return !after_day && !before_day && !min_km && !max_km && !sports; }
  bool matches(const FilterFacts& a) const;
  // The parameters in a fixed order and form ("after=2024-01-01&sport=Ride,Run"; "" for none):
  // equal filters give equal text, so it keys caches and ETags.
  std::string canonical() const;
};

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Reads the filter's parameters from `params`; keys in `other_keys` are left to the caller,
// any other key, a repeated key or a malformed value throws BadRequest.
LiveFilter parse_live_filter(const QueryParams& params,
                             const std::vector<std::string_view>& other_keys = {});

}  // namespace th::live
