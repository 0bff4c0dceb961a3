#include "encode/run_deflate.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <vector>

namespace th {
namespace {

static_assert(std::endian::native == std::endian::little, "the bit writer stores words as LE");

constexpr int kMinRun = 3;    // DEFLATE's shortest match
constexpr int kMaxRun = 258;  // and its longest
constexpr int kEndOfBlock = 256;
constexpr int kLitLenSymbols = 286;
constexpr int kCodeLengthSymbols = 19;
constexpr int kMaxCodeBits = 15;
constexpr int kMaxCodeLengthBits = 7;
constexpr std::uint32_t kAdlerModulus = 65521;

// RFC 1951 §3.2.5: the length symbols 257..285, their base lengths and extra bits.
constexpr std::array<std::uint16_t, 29> kLengthBase = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                                       15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                                       67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::array<std::uint8_t, 29> kLengthExtraBits = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};

// For each run length 3..258: its symbol, extra bits and their value, looked up per token.
struct LengthCode {
  std::uint16_t symbol = 0;
  std::uint8_t extra_bits = 0;
  std::uint8_t extra_value = 0;
};

constexpr std::array<LengthCode, kMaxRun + 1> make_length_codes() {
  std::array<LengthCode, kMaxRun + 1> codes{};
  for (int code = 0; code < 29; ++code) {
    const int span = code == 28 ? 1 : (1 << kLengthExtraBits[code]);
    for (int k = 0; k < span; ++k) {
      const int length = kLengthBase[code] + k;
      if (length > kMaxRun) break;
      // Length 258 is symbol 285 (zlib's choice), not 284 with extra bits 31.
      if (length == kMaxRun && code != 28) break;
      codes[length] = {static_cast<std::uint16_t>(257 + code), kLengthExtraBits[code],
                       static_cast<std::uint8_t>(k)};
    }
  }
  return codes;
}
constexpr auto kLengthCodes = make_length_codes();

// RFC 1951 §3.2.7: the order in which the code-length code's lengths are written.
constexpr std::array<std::uint8_t, kCodeLengthSymbols> kCodeLengthOrder = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

// How many bytes from `p` (at most `limit`) equal `value`: eight at a time while they match.
std::size_t run_length(const std::uint8_t* p, std::uint8_t value, std::size_t limit) {
  const std::uint64_t pattern = 0x0101010101010101ULL * value;
  std::size_t n = 0;
  while (n + 8 <= limit) {
    std::uint64_t word;
    std::memcpy(&word, p + n, sizeof word);
    const std::uint64_t diff = word ^ pattern;
    if (diff != 0) return n + static_cast<std::size_t>(std::countr_zero(diff) / 8);
    n += 8;
  }
  while (n < limit && p[n] == value) ++n;
  return n;
}

// Code lengths of a Huffman code for `freq`, none longer than `max_bits`. Symbols with frequency
// 0 get length 0. Ties are broken by symbol so the result is deterministic. When fewer than two
// symbols occur, a second one gets length 1 too: inflaters reject an incomplete code-length code,
// and a complete code costs nothing here. Too-long codes are fixed by halving the frequencies
// (keeping them >= 1) and building again, which converges fast and costs a few bytes at most.
void huffman_lengths(std::span<const std::uint32_t> freq, int max_bits,
                     std::span<std::uint8_t> lengths) {
  const int n = static_cast<int>(freq.size());
  std::fill(lengths.begin(), lengths.end(), std::uint8_t{0});
  std::vector<std::uint32_t> weights(freq.begin(), freq.end());
  int used = 0;
  for (const std::uint32_t f : weights) used += f > 0 ? 1 : 0;
  if (used < 2) {
    for (int s = 0; s < n && used < 2; ++s) {
      if (weights[s] == 0) {
        weights[s] = 1;
        ++used;
      }
    }
  }

  std::vector<int> leaves;
  std::vector<std::uint64_t> node_weight;
  std::vector<int> parent;
  for (;;) {
    leaves.clear();
    for (int s = 0; s < n; ++s) {
      if (weights[s] > 0) leaves.push_back(s);
    }
    std::sort(leaves.begin(), leaves.end(), [&](int a, int b) {
      return weights[a] != weights[b] ? weights[a] < weights[b] : a < b;
    });
    // Nodes 0..m-1 are the sorted leaves, m.. the internal nodes in creation order; internal
    // weights never decrease, so two queues replace a heap.
    const int m = static_cast<int>(leaves.size());
    node_weight.assign(static_cast<std::size_t>(2 * m - 1), 0);
    parent.assign(static_cast<std::size_t>(2 * m - 1), -1);
    for (int i = 0; i < m; ++i) node_weight[i] = weights[leaves[i]];
    int next_leaf = 0;
    int next_internal = m;
    const auto take = [&](int created) {
      if (next_leaf < m &&
          (next_internal >= created || node_weight[next_leaf] <= node_weight[next_internal])) {
        return next_leaf++;
      }
      return next_internal++;
    };
    for (int created = m; created < 2 * m - 1; ++created) {
      const int a = take(created);
      const int b = take(created);
      node_weight[created] = node_weight[a] + node_weight[b];
      parent[a] = created;
      parent[b] = created;
    }
    // Depths from the root (the last node) down: a parent always comes after its children.
    std::vector<int> depth(static_cast<std::size_t>(2 * m - 1), 0);
    int deepest = 0;
    for (int i = 2 * m - 3; i >= 0; --i) {
      depth[i] = depth[parent[i]] + 1;
      deepest = std::max(deepest, depth[i]);
    }
    if (deepest <= max_bits) {
      for (int i = 0; i < m; ++i) lengths[leaves[i]] = static_cast<std::uint8_t>(depth[i]);
      return;
    }
    for (std::uint32_t& w : weights) {
      if (w > 0) w = std::max<std::uint32_t>(1, w >> 1);
    }
  }
}

// Canonical codes for `lengths` (RFC 1951 §3.2.2), bit-reversed because DEFLATE sends Huffman
// codes most significant bit first into a least-significant-bit-first stream.
void canonical_codes(std::span<const std::uint8_t> lengths, std::span<std::uint16_t> codes) {
  std::array<std::uint16_t, kMaxCodeBits + 1> count{};
  for (const std::uint8_t len : lengths) ++count[len];
  count[0] = 0;
  std::array<std::uint16_t, kMaxCodeBits + 2> next{};
  std::uint16_t code = 0;
  for (int bits = 1; bits <= kMaxCodeBits; ++bits) {
    code = static_cast<std::uint16_t>((code + count[bits - 1]) << 1);
    next[bits] = code;
  }
  for (std::size_t s = 0; s < lengths.size(); ++s) {
    const int len = lengths[s];
    if (len == 0) continue;
    const std::uint16_t c = next[len]++;
    std::uint16_t reversed = 0;
    for (int b = 0; b < len; ++b)
      reversed |= static_cast<std::uint16_t>(((c >> b) & 1) << (len - 1 - b));
    codes[s] = reversed;
  }
}

// Writes bits least significant first into a buffer sized in advance by the caller.
class BitWriter {
 public:
  explicit BitWriter(std::uint8_t* out) : out_(out) {}

  // Precondition: count <= 32 and value < 2^count.
  void put(std::uint32_t value, int count) {
    bits_ |= std::uint64_t{value} << filled_;
    filled_ += count;
    if (filled_ >= 32) {
      const auto word = static_cast<std::uint32_t>(bits_);
      std::memcpy(out_, &word, sizeof word);
      out_ += 4;
      bits_ >>= 32;
      filled_ -= 32;
    }
  }
  // Pads to a whole byte; returns one past the last byte written.
  std::uint8_t* finish() {
    while (filled_ > 0) {
      *out_++ = static_cast<std::uint8_t>(bits_);
      bits_ >>= 8;
      filled_ -= 8;
    }
    return out_;
  }

 private:
  std::uint8_t* out_;
  std::uint64_t bits_ = 0;
  int filled_ = 0;
};

// The dynamic block header's code-length sequence, run-length coded with symbols 16/17/18.
struct CodeLengthToken {
  std::uint8_t symbol;
  std::uint8_t extra;
};

std::vector<CodeLengthToken> code_length_tokens(std::span<const std::uint8_t> lengths) {
  std::vector<CodeLengthToken> out;
  std::size_t i = 0;
  while (i < lengths.size()) {
    const std::uint8_t len = lengths[i];
    std::size_t repeat = 1;
    while (i + repeat < lengths.size() && lengths[i + repeat] == len) ++repeat;
    i += repeat;
    if (len == 0) {
      while (repeat >= 11) {
        const std::size_t k = std::min<std::size_t>(repeat, 138);
        out.push_back({18, static_cast<std::uint8_t>(k - 11)});
        repeat -= k;
      }
      if (repeat >= 3) {
        out.push_back({17, static_cast<std::uint8_t>(repeat - 3)});
        repeat = 0;
      }
    } else {
      out.push_back({len, 0});
      --repeat;
      while (repeat >= 3) {
        const std::size_t k = std::min<std::size_t>(repeat, 6);
        out.push_back({16, static_cast<std::uint8_t>(k - 3)});
        repeat -= k;
      }
    }
    for (; repeat > 0; --repeat) out.push_back({len, 0});
  }
  return out;
}

constexpr int code_length_extra_bits(int symbol) {
  return symbol == 16 ? 2 : symbol == 17 ? 3 : symbol == 18 ? 7 : 0;
}

}  // namespace

RunDeflate::RunDeflate(std::span<const std::uint8_t> data) {
  tokens_.reserve(data.size() / 16 + 64);
  const std::uint8_t* p = data.data();
  const std::size_t n = data.size();
  std::size_t i = 0;
  while (i < n) {
    const std::size_t run =
        i == 0 ? 0 : run_length(p + i, p[i - 1], std::min<std::size_t>(kMaxRun, n - i));
    if (run >= kMinRun) {
      tokens_.push_back(static_cast<std::uint16_t>(256 + run));
      i += run;
    } else {
      tokens_.push_back(p[i]);
      ++i;
    }
  }
}

RunDeflate::RunDeflate(std::span<const ByteRun> runs) {
  // The tokens the byte scan above gives: the first byte of a value is a literal (the byte
  // before it differs, or there is none); after it, as many bytes as remain of the value, up to
  // 258, are a run when there are at least 3 of them, else literals.
  std::size_t r = 0;
  while (r < runs.size()) {
    const std::uint8_t value = runs[r].value;
    std::uint64_t count = 0;
    for (; r < runs.size() && (runs[r].value == value || runs[r].count == 0); ++r) {
      count += runs[r].count;
    }
    if (count == 0) continue;
    tokens_.push_back(value);
    std::uint64_t left = count - 1;
    while (left >= kMinRun) {
      const auto run = static_cast<std::uint16_t>(std::min<std::uint64_t>(left, kMaxRun));
      tokens_.push_back(static_cast<std::uint16_t>(256 + run));
      left -= run;
    }
    for (; left > 0; --left) tokens_.push_back(value);
  }
}

std::array<bool, 256> RunDeflate::byte_values() const {
  std::array<bool, 256> seen{};
  for (const std::uint16_t token : tokens_) {
    if (token < 256) seen[token] = true;
  }
  return seen;
}

void RunDeflate::rename(const std::array<std::uint8_t, 256>& to) {
  for (std::uint16_t& token : tokens_) {
    if (token < 256) token = to[token];
  }
}

void RunDeflate::append_zlib(Bytes& out) const {
  // Symbol counts for the Huffman code, and the Adler-32 of the bytes the tokens stand for.
  std::array<std::uint32_t, kLitLenSymbols> litlen_freq{};
  std::uint64_t a = 1;
  std::uint64_t b = 0;
  std::uint64_t last = 0;
  // The sums are reduced every kReduceEvery tokens, not per token (the modulo was the loop's
  // main cost): a token adds at most 258 * 255 to a, so between reductions a < 2^25 and b grows
  // by less than 2^33 per token, far from overflowing 64 bits.
  constexpr int kReduceEvery = 256;
  int unreduced = 0;
  for (const std::uint16_t token : tokens_) {
    if (token < 256) {
      ++litlen_freq[token];
      last = token;
      a += last;
      b += a;
    } else {
      // A run of n copies of v in closed form: a grows by n*v, b by n*a + v*(1 + 2 + ... + n).
      const std::uint64_t run = token - 256u;
      ++litlen_freq[kLengthCodes[run].symbol];
      b += run * a + last * run * (run + 1) / 2;
      a += run * last;
    }
    if (++unreduced == kReduceEvery) {
      a %= kAdlerModulus;
      b %= kAdlerModulus;
      unreduced = 0;
    }
  }
  a %= kAdlerModulus;
  b %= kAdlerModulus;
  litlen_freq[kEndOfBlock] = 1;
  const auto adler = static_cast<std::uint32_t>((b << 16) | a);

  std::array<std::uint8_t, kLitLenSymbols> litlen_len{};
  huffman_lengths(litlen_freq, kMaxCodeBits, litlen_len);
  std::array<std::uint16_t, kLitLenSymbols> litlen_code{};
  canonical_codes(litlen_len, litlen_code);
  // Only distance 1 (symbol 0) is ever used. A one-symbol code would be incomplete, so the
  // distance code is two symbols of one bit each, and distance 1 is sent as the bit 0.
  constexpr std::array<std::uint8_t, 2> dist_len = {1, 1};
  constexpr std::uint32_t dist_bits = 0;

  int hlit = kLitLenSymbols;
  while (hlit > 257 && litlen_len[hlit - 1] == 0) --hlit;
  std::vector<std::uint8_t> all_lengths(litlen_len.begin(), litlen_len.begin() + hlit);
  all_lengths.insert(all_lengths.end(), dist_len.begin(), dist_len.end());
  const std::vector<CodeLengthToken> cl_tokens = code_length_tokens(all_lengths);
  std::array<std::uint32_t, kCodeLengthSymbols> cl_freq{};
  for (const CodeLengthToken& t : cl_tokens) ++cl_freq[t.symbol];
  std::array<std::uint8_t, kCodeLengthSymbols> cl_len{};
  huffman_lengths(cl_freq, kMaxCodeLengthBits, cl_len);
  std::array<std::uint16_t, kCodeLengthSymbols> cl_code{};
  canonical_codes(cl_len, cl_code);
  int hclen = kCodeLengthSymbols;
  while (hclen > 4 && cl_len[kCodeLengthOrder[hclen - 1]] == 0) --hclen;

  // Worst case: 3 header bytes of bits per code length, 35 bits per token, the trailer.
  const std::size_t start = out.size();
  const std::size_t bound =
      2 + 64 + 3 * (all_lengths.size() + kCodeLengthSymbols) + 5 * (tokens_.size() + 1) + 4;
  out.resize(start + bound);
  out[start] = 0x78;      // CMF: deflate, 32 KiB window
  out[start + 1] = 0x01;  // FLG: fastest level, no dictionary, (0x7801 % 31 == 0)
  BitWriter bits(out.data() + start + 2);
  bits.put(1, 1);  // BFINAL: the only block
  bits.put(2, 2);  // BTYPE: dynamic Huffman codes
  bits.put(static_cast<std::uint32_t>(hlit - 257), 5);
  bits.put(static_cast<std::uint32_t>(dist_len.size() - 1), 5);
  bits.put(static_cast<std::uint32_t>(hclen - 4), 4);
  for (int k = 0; k < hclen; ++k) bits.put(cl_len[kCodeLengthOrder[k]], 3);
  for (const CodeLengthToken& t : cl_tokens) {
    bits.put(cl_code[t.symbol], cl_len[t.symbol]);
    if (const int extra = code_length_extra_bits(t.symbol); extra > 0) bits.put(t.extra, extra);
  }

  for (const std::uint16_t token : tokens_) {
    if (token < 256) {
      bits.put(litlen_code[token], litlen_len[token]);
    } else {
      const LengthCode& lc = kLengthCodes[token - 256];
      bits.put(litlen_code[lc.symbol], litlen_len[lc.symbol]);
      // The extra bits and the one-bit distance code go out together.
      bits.put(lc.extra_value | (dist_bits << lc.extra_bits), lc.extra_bits + dist_len[0]);
    }
  }
  bits.put(litlen_code[kEndOfBlock], litlen_len[kEndOfBlock]);
  std::uint8_t* end = bits.finish();
  out.resize(static_cast<std::size_t>(end - out.data()));
  append_be32(out, adler);
}

}  // namespace th
