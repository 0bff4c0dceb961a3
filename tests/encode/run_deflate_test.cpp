// The run-only DEFLATE encoder against zlib's inflater, the independent reader: every stream
// must inflate (zlib checks the block structure, the Huffman codes' completeness and the
// Adler-32) to exactly the input, as renamed.
#include "encode/run_deflate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "encode/png_chunks.hpp"

namespace th {
namespace {

using test::inflate_zlib;

Bytes deflate(const Bytes& data) {
  Bytes out;
  RunDeflate(data).append_zlib(out);
  return out;
}

void expect_round_trip(const Bytes& data) {
  const Bytes stream = deflate(data);
  EXPECT_EQ(inflate_zlib(stream, data.size()), data);
}

TEST(RunDeflateTest, EmptyAndTinyInputsInflate) {
  expect_round_trip({});
  expect_round_trip({0});
  expect_round_trip({7});
  expect_round_trip({1, 1});
  expect_round_trip({1, 1, 1});
  expect_round_trip({0, 0, 0, 0});
}

TEST(RunDeflateTest, RunsOfEveryLengthAcrossTheLongestMatch) {
  // Runs of 1..600 copies, so every length symbol, length 258 itself and runs split into
  // several matches all occur.
  Bytes data;
  for (int n = 1; n <= 600; ++n)
    data.insert(data.end(), static_cast<std::size_t>(n), static_cast<std::uint8_t>(n % 251));
  expect_round_trip(data);
  // One long run compresses to a few bytes per 258.
  const Bytes zeros(1 << 20, 0);
  const Bytes stream = deflate(zeros);
  EXPECT_LT(stream.size(), zeros.size() / 100);
  EXPECT_EQ(inflate_zlib(stream, zeros.size()), zeros);
}

TEST(RunDeflateTest, RandomBytesOfEveryKindInflate) {
  std::mt19937 rng(12);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t size = std::uniform_int_distribution<std::size_t>(0, 70000)(rng);
    const int alphabet = std::uniform_int_distribution<int>(1, 256)(rng);
    const double zero_share = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    Bytes data(size);
    for (auto& b : data) {
      b = std::uniform_real_distribution<double>(0, 1)(rng) < zero_share
              ? 0
              : static_cast<std::uint8_t>(std::uniform_int_distribution<int>(0, alphabet - 1)(rng));
    }
    expect_round_trip(data);
  }
}

TEST(RunDeflateTest, SkewedCountsNeedingCodesLongerThan15BitsAreLimited) {
  // Symbol k (1..18) occurs 2^(k-1) times: an unlimited Huffman code would give the two rarest
  // symbols 17 bits, more than DEFLATE allows, so the encoder must limit the lengths. The bytes
  // are laid out so no symbol occurs three times in a row (most common first, never a third
  // copy), which keeps every occurrence a literal rather than part of a run.
  std::array<std::uint32_t, 19> left{};
  std::size_t total = 0;
  for (int k = 1; k <= 18; ++k) total += left[k] = 1u << (k - 1);
  Bytes data;
  data.reserve(total);
  while (data.size() < total) {
    const std::size_t n = data.size();
    int best = 0;
    for (int k = 1; k <= 18; ++k) {
      const bool triple = n >= 2 && data[n - 1] == k && data[n - 2] == k;
      if (left[k] > 0 && !triple && (best == 0 || left[k] > left[best])) best = k;
    }
    if (best == 0) {  // only a third copy is left: take it (a run of 3, once at most)
      for (int k = 1; k <= 18; ++k) best = left[k] > 0 ? k : best;
    }
    data.push_back(static_cast<std::uint8_t>(best));
    --left[best];
  }
  expect_round_trip(data);
}

TEST(RunDeflateTest, RenamedBytesInflateToTheRenamedData) {
  std::mt19937 rng(3);
  Bytes data(50000);
  for (auto& b : data) b = static_cast<std::uint8_t>(rng() % 4 == 0 ? rng() % 9 : 0);
  RunDeflate deflate(data);
  const std::array<bool, 256> values = deflate.byte_values();
  for (int v = 0; v < 256; ++v) EXPECT_EQ(values[v], v < 9) << v;

  // A one-to-one renaming of the values present: v -> 200 - v.
  std::array<std::uint8_t, 256> to{};
  std::iota(to.begin(), to.end(), std::uint8_t{0});
  for (int v = 0; v < 9; ++v) to[v] = static_cast<std::uint8_t>(200 - v);
  deflate.rename(to);
  Bytes stream;
  deflate.append_zlib(stream);
  Bytes expected = data;
  for (auto& b : expected) b = to[b];
  EXPECT_EQ(inflate_zlib(stream, expected.size()), expected);
}

TEST(RunDeflateTest, RunsGiveTheSameStreamAsTheirBytes) {
  std::mt19937 rng(21);
  for (int trial = 0; trial < 100; ++trial) {
    // Runs of random lengths (0 included) and values from a small alphabet, so neighbours often
    // repeat a value and runs cross the 258-byte limit.
    std::vector<ByteRun> runs(std::uniform_int_distribution<std::size_t>(0, 300)(rng));
    Bytes data;
    for (ByteRun& r : runs) {
      r.value = static_cast<std::uint8_t>(rng() % 3);
      r.count = static_cast<std::uint32_t>(
          rng() % 4 == 0 ? rng() % 700 : std::uniform_int_distribution<int>(0, 4)(rng));
      data.insert(data.end(), r.count, r.value);
    }
    Bytes from_runs;
    RunDeflate{std::span<const ByteRun>(runs)}.append_zlib(from_runs);
    EXPECT_EQ(from_runs, deflate(data)) << trial;
    EXPECT_EQ(inflate_zlib(from_runs, data.size()), data) << trial;
  }
}

TEST(RunDeflateTest, OutputIsDeterministicAndAppends) {
  const Bytes data = {0, 0, 0, 0, 5, 5, 5, 5, 5, 1, 2, 3, 0, 0, 0};
  Bytes out = {0xAB};
  RunDeflate(data).append_zlib(out);
  ASSERT_EQ(out.front(), 0xAB);
  const Bytes stream(out.begin() + 1, out.end());
  EXPECT_EQ(stream, deflate(data));
  EXPECT_EQ(inflate_zlib(stream, data.size()), data);
}

}  // namespace
}  // namespace th
