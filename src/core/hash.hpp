#pragma once
// Content hashes: the key of the parse cache and of "same file" dedup. XXH3-128 (libxxhash):
// fast enough that hashing every file on every import costs far less than reading it.

#include <string>

#include "core/bytes.hpp"

namespace th {

// 32 lower-case hex digits.
std::string content_hash(ByteView bytes);

}  // namespace th
