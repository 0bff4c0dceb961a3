#include "core/bytes.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "core/hash.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

TEST(Bytes, AtomicWriteThenReadBack) {
  test::ScratchDir dir;
  const auto file = dir.path() / "a.txt";
  write_file_atomic(file, std::string_view("hello"));
  write_file_atomic(file, std::string_view("hello again"));
  const Bytes b = read_file(file);
  EXPECT_EQ(std::string(b.begin(), b.end()), "hello again");
  // No temporary file is left behind.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(Bytes, ReadRefusesOversizeAndMissingFiles) {
  test::ScratchDir dir;
  const auto file = dir.path() / "big.bin";
  write_file_atomic(file, std::string(1000, 'x'));
  EXPECT_THROW(read_file(file, 999), IoError);
  EXPECT_THROW(read_file(dir.path() / "missing"), IoError);
}

TEST(Hash, StableAndSensitive) {
  const std::string a = "abc", b = "abd";
  const auto ha = content_hash(ByteView(reinterpret_cast<const std::uint8_t*>(a.data()), a.size()));
  const auto hb = content_hash(ByteView(reinterpret_cast<const std::uint8_t*>(b.data()), b.size()));
  EXPECT_EQ(ha.size(), 32u);
  EXPECT_NE(ha, hb);
  EXPECT_EQ(ha, content_hash(ByteView(reinterpret_cast<const std::uint8_t*>(a.data()), a.size())));
}

}  // namespace
}  // namespace th
