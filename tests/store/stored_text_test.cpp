// Sources and intervals.icu row states are enums in code and text in the database: the text
// written is the text read back, and text the store does not know (a damaged or hand-edited
// database) is a ParseError naming the database, never a silently wrong value.

#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "store/dedup_tables.hpp"
#include "store/intervals_index.hpp"
#include "store/sqlite_stmt.hpp"
#include "store/store.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

void expect_parse_error(const auto& read, const std::string& db, const std::string& text) {
  try {
    read();
    ADD_FAILURE() << "no ParseError";
  } catch (const ParseError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind(db, 0), 0u) << message;
    EXPECT_NE(message.find("'" + text + "'"), std::string::npos) << message;
  }
}

std::string column(Store& store, const char* sql) {
  sql::Statement s(store.handle(), store.name(), sql);
  sql::Query q(store.handle(), s, store.name(), "test");
  EXPECT_TRUE(q.step());
  return q.get_text();
}

TEST(StoredText, SourcesAreWrittenAsTheirNamesAndReadBack) {
  test::ScratchDir dir;
  Store store(dir.path() / "trackheat.db");
  for (const Source s : {Source::Strava, Source::Intervals, Source::File}) {
    StoredActivity a;
    a.source = s;
    a.source_id = "1";
    store.upsert_activity(a);
    dedup::Decision d;
    d.kind = dedup::DecisionKind::Exclude;
    d.subject = {s, "1"};
    dedup::add_decision(store, d);
  }
  EXPECT_EQ(
      column(store,
             "SELECT group_concat(source, ',') FROM (SELECT source FROM activities ORDER BY id)"),
      "strava,intervals,file");
  EXPECT_EQ(column(store,
                   "SELECT group_concat(subject_source, ',') FROM (SELECT subject_source FROM "
                   "dedup_decisions ORDER BY id)"),
            "strava,intervals,file");
  const auto rows = store.activities();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].source, Source::Strava);
  EXPECT_EQ(rows[1].source, Source::Intervals);
  EXPECT_EQ(rows[2].source, Source::File);
  const auto decisions = dedup::load_decisions(store);
  ASSERT_EQ(decisions.size(), 3u);
  EXPECT_EQ(decisions[1].subject.source, Source::Intervals);
}

TEST(StoredText, AnUnknownSourceInTheDatabaseIsAParseErrorNamingIt) {
  test::ScratchDir dir;
  const std::string db = (dir.path() / "trackheat.db").string();
  Store store(db);
  StoredActivity a;
  a.source = Source::Strava;
  a.source_id = "1";
  store.upsert_activity(a);
  dedup::Decision d;
  d.kind = dedup::DecisionKind::Winner;
  d.subject = {Source::Strava, "1"};
  d.other = dedup::ActivityKey{Source::Intervals, "i1"};
  dedup::add_decision(store, d);

  sql::exec(store.handle(), store.name(), "UPDATE dedup_decisions SET other_source = 'garmin'",
            "test");
  expect_parse_error([&] { dedup::load_decisions(store); }, db, "garmin");
  sql::exec(store.handle(), store.name(), "UPDATE activities SET source = 'Strava'", "test");
  expect_parse_error([&] { store.activities(); }, db, "Strava");
}

TEST(StoredText, IntervalsStatesRoundTripAndUnknownOnesAreParseErrors) {
  test::ScratchDir dir;
  const std::string db = (dir.path() / "trackheat.db").string();
  Store store(db);
  const IntervalsState all[] = {IntervalsState::Pending, IntervalsState::Downloaded,
                                IntervalsState::Stub, IntervalsState::Failed,
                                IntervalsState::Deleted};
  int n = 0;
  for (const IntervalsState s : all) {
    EXPECT_EQ(parse_intervals_state(intervals_state_name(s)), s);
    IntervalsEntry e;
    e.intervals_id = "i" + std::to_string(n++);
    e.state = s;
    put_intervals_entry(store, e);
  }
  EXPECT_EQ(column(store,
                   "SELECT group_concat(state, ',') FROM (SELECT state FROM "
                   "intervals_activities ORDER BY intervals_id)"),
            "pending,downloaded,stub,failed,deleted");
  const auto index = load_intervals_index(store);
  ASSERT_EQ(index.size(), 5u);
  EXPECT_EQ(index.at("i3").state, IntervalsState::Failed);

  sql::exec(store.handle(), store.name(),
            "UPDATE intervals_activities SET state = 'queued' WHERE intervals_id = 'i2'", "test");
  expect_parse_error([&] { load_intervals_index(store); }, db, "queued");
}

}  // namespace
}  // namespace th
