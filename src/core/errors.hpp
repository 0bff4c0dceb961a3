#pragma once
// The small exception hierarchy of trackheat. Library code throws; only main() turns an
// exception into a message and an exit status.

#include <stdexcept>
#include <string>

namespace th {

// Base of everything trackheat throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Input that cannot be understood: a corrupt file, a CSV without a required column.
class ParseError : public Error {
 public:
  using Error::Error;
};

// The operating system or a library refused: cannot open, read, write, a database error.
class IoError : public Error {
 public:
  using Error::Error;
};

// The user asked for something impossible: bad option value, missing path.
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace th
