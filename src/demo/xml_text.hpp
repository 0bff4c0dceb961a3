#pragma once
// Text building blocks of the project's XML writers (GPX, TCX): escaping, numbers and times
// written the same way everywhere, locale-free (internal to the demo stage).

#include <string>
#include <string_view>

namespace th::xml_text {

// Appends `text` escaped for XML character data and attribute values (&, <, >, ", ').
// Characters XML 1.0 forbids (C0 controls other than tab, LF, CR) are dropped and invalid UTF-8
// bytes become U+FFFD, so the output is always well-formed whatever a name holds.
void append_escaped(std::string& out, std::string_view text);

// `value` with exactly `decimals` digits after the point ("47.1234567"); no exponent.
void append_fixed(std::string& out, double value, int decimals);

// The shortest plain decimal that reads back as the same float ("432.1", "0.00001").
void append_shortest(std::string& out, float value);

// ISO 8601 UTC: "2020-10-07T14:43:11Z", or "2020-10-07T14:43:11.250Z" when the time, rounded
// to the millisecond, has a fraction.
void append_time(std::string& out, double unix_seconds);

}  // namespace th::xml_text
