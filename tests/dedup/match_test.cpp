// Matching rules on hand-made records: cell-boundary starts, UTC vs local dates
// across midnight, near-equal distances, three-way candidates, broken tracks, identical content
// within one source, the strava_id link, and the user's choices.
#include <gtest/gtest.h>

#include "core/activity.hpp"
#include "dedup/match.hpp"

namespace th::dedup {
namespace {

constexpr double kT = 1710027000;               // 2024-03-09T23:30:00Z
constexpr double kLat = 48.137, kLon = 11.575;  // Munich

MatchRecord rec(std::int64_t id, Source source, double start, double lat = kLat, double lon = kLon,
                double distance = 10000, std::uint32_t points = 3600) {
  MatchRecord r;
  r.id = id;
  r.source = source;
  r.source_id = std::string(source_name(source)) + "-" + std::to_string(id);
  r.start_utc = start;
  r.start_lat = lat;
  r.start_lon = lon;
  r.distance_m = distance;
  r.points = points;
  r.samples = points;
  r.has_heart_rate = true;
  r.has_altitude = true;
  r.content_hash = "hash-" + std::to_string(id);
  return r;
}

TEST(Match, StartsAFewMetresApartAcrossAGridLineMatch) {
  // 48.0° is a cell boundary for any grid with whole-degree (or 0.001°) cells; the starts lie
  // 2 m either side of it: 4.4 m apart.
  const std::vector<MatchRecord> r{rec(1, Source::Strava, kT, 48.0 - 0.00002, kLon),
                                   rec(2, Source::Intervals, kT + 4, 48.0 + 0.00002, kLon)};
  const auto pairs = find_pairs(r);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].kind, PairKind::Probable);
  EXPECT_NEAR(pairs[0].start_distance_m, 4.45, 0.05);
  // The same across the antimeridian-free longitude line 11.0°.
  const std::vector<MatchRecord> r2{rec(1, Source::Strava, kT, kLat, 11.0 - 0.00003),
                                    rec(2, Source::Intervals, kT, kLat, 11.0 + 0.00003)};
  ASSERT_EQ(find_pairs(r2).size(), 1u);
  EXPECT_EQ(find_pairs(r2)[0].kind, PairKind::Probable);
}

TEST(Match, StartsFarApartAtTheSameTimeAreAmbiguousNotProbable) {
  // 0.01° of latitude is 1.1 km.
  const std::vector<MatchRecord> r{rec(1, Source::Strava, kT),
                                   rec(2, Source::Intervals, kT, kLat + 0.01)};
  const auto pairs = find_pairs(r);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].kind, PairKind::Ambiguous);
  EXPECT_NE(pairs[0].reason.find("starts 1111 m apart"), std::string::npos) << pairs[0].reason;
}

TEST(Match, UtcAndLocalTimeAcrossMidnightMatch) {
  // Strava says 23:30 UTC on the 9th; intervals.icu's record carries local time (UTC+1) as if it
  // were UTC: 00:30 on the 10th, another calendar day.
  MatchRecord strava = rec(1, Source::Strava, kT);
  MatchRecord intervals = rec(2, Source::Intervals, kT + 3600 + 20);
  intervals.utc_offset_s = 3600;
  const auto pairs = find_pairs({strava, intervals});
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].kind, PairKind::Probable);
  EXPECT_EQ(pairs[0].time_shift_s, 3600);

  // Neither knows its offset: any whole quarter hour up to 14 h is allowed (UTC+5:45 here).
  const auto blind =
      find_pairs({rec(1, Source::Strava, kT), rec(2, Source::Intervals, kT - 20700 + 30)});
  ASSERT_EQ(blind.size(), 1u);
  EXPECT_EQ(blind[0].kind, PairKind::Probable);
  EXPECT_EQ(blind[0].time_shift_s, -20700);

  // A different outing the next morning on the same loop does not match.
  EXPECT_TRUE(
      find_pairs({rec(1, Source::Strava, kT), rec(2, Source::Intervals, kT + 16 * 3600)}).empty());
  // Nor one 7 minutes off a quarter hour.
  EXPECT_TRUE(
      find_pairs({rec(1, Source::Strava, kT), rec(2, Source::Intervals, kT + 3600 + 420)}).empty());
}

TEST(Match, AnHourApartWithNothingElseInCommonIsAnotherOuting) {
  // Known offset 3600, but start 5 km away and half the distance: a second run, not a copy.
  MatchRecord a = rec(1, Source::Strava, kT);
  a.utc_offset_s = 3600;
  const MatchRecord b = rec(2, Source::Intervals, kT + 3600, kLat + 0.05, kLon, 5000);
  EXPECT_TRUE(find_pairs({a, b}).empty());
}

TEST(Match, NearEqualDistancesWithinFivePercentOrTwoHundredMetres) {
  const auto kind = [](double d1, double d2) {
    const auto p = find_pairs({rec(1, Source::Strava, kT, kLat, kLon, d1),
                               rec(2, Source::Intervals, kT, kLat, kLon, d2)});
    return p.size() == 1 ? p[0].kind : PairKind::Certain;  // Certain: "no single pair"
  };
  EXPECT_EQ(kind(10000, 10450), PairKind::Probable);   // 4.5 %
  EXPECT_EQ(kind(10000, 10600), PairKind::Ambiguous);  // 5.7 % and 600 m
  EXPECT_EQ(kind(1000, 1190), PairKind::Probable);     // 19 % but 190 m
  EXPECT_EQ(kind(1000, 1250), PairKind::Ambiguous);    // 250 m
}

TEST(Match, ThreeWayCandidatesAreAmbiguousAndOnlyTheBestIsMerged) {
  // One Strava run; intervals.icu has two different recordings that both fit it (two devices,
  // or the run and a cool-down started a minute later on the same spot).
  const std::vector<MatchRecord> r{rec(0, Source::Strava, kT), rec(1, Source::Intervals, kT + 5),
                                   rec(2, Source::Intervals, kT + 60, kLat + 0.0005, kLon, 10300)};
  const auto pairs = find_pairs(r);
  ASSERT_EQ(pairs.size(), 2u);
  for (const auto& p : pairs) {
    EXPECT_EQ(p.kind, PairKind::Ambiguous);
    EXPECT_NE(p.reason.find("several candidates"), std::string::npos);
  }
  const Resolution res = resolve(r, pairs, {});
  // The closer candidate joins the Strava record; the other stays its own activity (two
  // different intervals.icu records are never merged with each other).
  EXPECT_EQ(res.winner_of[0], res.winner_of[1]);
  EXPECT_EQ(res.winner_of[2], 2u);
  EXPECT_TRUE(res.merged[0] != res.merged[1]);
}

TEST(Match, ThreeSourcesOfOneOutingGiveOneWinner) {
  std::vector<MatchRecord> r{rec(0, Source::Strava, kT), rec(1, Source::Intervals, kT + 3),
                             rec(2, Source::File, kT + 1)};
  r[1].points = 7200;  // the richest
  const auto pairs = find_pairs(r);
  EXPECT_EQ(pairs.size(), 3u);
  const Resolution res = resolve(r, pairs, {});
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(res.winner_of[i], 1u);
}

TEST(Match, ABrokenTrackIsAmbiguousAndLoses) {
  std::vector<MatchRecord> r{rec(0, Source::Strava, kT), rec(1, Source::Intervals, kT + 2)};
  r[1].max_jump_m = 5000;  // a GPS glitch of 5 km
  r[1].points = 7200;      // more points does not make a broken track win
  auto pairs = find_pairs(r);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].kind, PairKind::Ambiguous);
  EXPECT_NE(pairs[0].reason.find("jumps"), std::string::npos);
  EXPECT_EQ(resolve(r, pairs, {}).winner_of[1], 0u);

  // Far fewer points (a phone that stopped recording early): ambiguous, the full one wins.
  r[1].max_jump_m = 0;
  r[1].points = r[1].samples = 400;
  r[1].distance_m = 1200;
  pairs = find_pairs(r);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].kind, PairKind::Ambiguous);
  EXPECT_EQ(resolve(r, pairs, {}).winner_of[1], 0u);

  // No GPS at all (treadmill mode by mistake): ambiguous; the GPS record wins even without
  // heart rate.
  r[1] = rec(1, Source::Intervals, kT + 2, kNaN, kNaN, 9800, 0);
  r[0].has_heart_rate = false;
  pairs = find_pairs(r);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].kind, PairKind::Ambiguous);
  EXPECT_NE(pairs[0].reason.find("no GPS"), std::string::npos);
  EXPECT_EQ(resolve(r, pairs, {}).winner_of[1], 0u);
}

TEST(Match, TheRicherRecordWins) {
  std::vector<MatchRecord> r{rec(0, Source::Strava, kT), rec(1, Source::Intervals, kT)};
  r[0].has_heart_rate = false;  // phone copy: no heart rate
  EXPECT_EQ(resolve(r, find_pairs(r), {}).winner_of[0], 1u);
  r[0].has_heart_rate = true;
  r[1].has_altitude = false;
  EXPECT_EQ(resolve(r, find_pairs(r), {}).winner_of[1], 0u);
}

TEST(Match, OneSourceIsMergedOnlyForIdenticalContent) {
  // Two Strava records, same time and place, different files: two activities (e.g. a tandem
  // ride uploaded twice by different devices is the user's business, not ours).
  EXPECT_TRUE(find_pairs({rec(0, Source::Strava, kT), rec(1, Source::Strava, kT)}).empty());
  // Two loose files with the same bytes: one activity.
  std::vector<MatchRecord> r{rec(0, Source::File, kT), rec(1, Source::File, kT + 86400 * 3)};
  r[1].content_hash = r[0].content_hash;
  const auto pairs = find_pairs(r);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].kind, PairKind::Certain);
  EXPECT_EQ(pairs[0].reason, "same file content");
  const Resolution res = resolve(r, pairs, {});
  EXPECT_EQ(res.winner_of[1], 0u);  // equal richness: the lower id
}

TEST(Match, TheStravaIdLinkIsCertainWhateverTheTimes) {
  // 7 h 7 min apart: no UTC offset explains that.
  std::vector<MatchRecord> r{rec(0, Source::Strava, kT),
                             rec(1, Source::Intervals, kT + 7 * 3600 + 420)};
  EXPECT_TRUE(find_pairs(r).empty());
  r[1].linked_strava_id = r[0].source_id;
  const auto pairs = find_pairs(r);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].kind, PairKind::Certain);
}

TEST(Match, TheUsersChoicesWin) {
  std::vector<MatchRecord> r{rec(0, Source::Strava, kT), rec(1, Source::Intervals, kT)};
  r[1].points = 7200;
  const auto pairs = find_pairs(r);
  EXPECT_EQ(resolve(r, pairs, {}).winner_of[0], 1u);
  // Choose the poorer one.
  const PairChoice pick0{0, 1, false, 0};
  EXPECT_EQ(resolve(r, pairs, {pick0}).winner_of[1], 0u);
  // Then say they are not the same: both stay, the newest choice counts.
  const PairChoice distinct{0, 1, true, 0};
  Resolution res = resolve(r, pairs, {pick0, distinct});
  EXPECT_EQ(res.winner_of[0], 0u);
  EXPECT_EQ(res.winner_of[1], 1u);
  EXPECT_FALSE(res.merged[0]);
  // The winner choice for the second candidate of a three-way overrides the best match.
  const std::vector<MatchRecord> three{
      rec(0, Source::Strava, kT), rec(1, Source::Intervals, kT + 5),
      rec(2, Source::Intervals, kT + 60, kLat + 0.0005, kLon, 10300)};
  const auto p3 = find_pairs(three);
  res = resolve(three, p3, {PairChoice{0, 2, false, 2}});
  EXPECT_EQ(res.winner_of[0], 2u);
  EXPECT_EQ(res.winner_of[1], 1u);
}

TEST(Match, ManyActivitiesMatchOnlyTheirCopies) {
  // 2000 outings a day apart (at varying hours) in two sources, each copy 30 s and 10 m off:
  // exactly 2000 pairs.
  std::vector<MatchRecord> r;
  for (int i = 0; i < 2000; ++i) {
    r.push_back(rec(2 * i, Source::Strava, kT + i * 86400.0 + 2 * 3600 * (i % 4)));
    r.push_back(
        rec(2 * i + 1, Source::Intervals, r.back().start_utc + 30, kLat + 0.0001, kLon, 10050));
  }
  const auto pairs = find_pairs(r);
  ASSERT_EQ(pairs.size(), 2000u);
  for (const auto& p : pairs) {
    EXPECT_EQ(p.b, p.a + 1);
    EXPECT_EQ(p.kind, PairKind::Probable);
  }
}

}  // namespace
}  // namespace th::dedup
