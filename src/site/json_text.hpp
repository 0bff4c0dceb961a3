#pragma once
// Hand-written JSON output for the site's data files (manifest.json, data/*.js), where
// nlohmann::json's dump falls short: strings must be safe inside an HTML <script> element, and
// numbers should carry no needless digits ("12", not "12.0"; "0.1", not "0.10000000000000001").

#include <cstdint>
#include <string>
#include <string_view>

namespace th::json_text {

// Appends `text` as a JSON string literal (with quotes) that is also safe inside <script>:
// '<', '>' and '&' become \u003c, \u003e, \u0026 (so "</script>" or "<!--" cannot end or
// change the script), U+2028 and U+2029 become \u2028 and \u2029 (line terminators in older
// JavaScript), control characters are escaped, and every invalid UTF-8 sequence (overlong forms,
// surrogates, code points above U+10FFFF, stray or truncated bytes) becomes U+FFFD. Valid
// non-ASCII text is copied as UTF-8.
void append_string(std::string& out, std::string_view text);

// Appends at most `significant` significant digits (1..17), shortest form, JSON syntax; NaN
// and infinities become null, -0 becomes 0.
void append_number(std::string& out, double v, int significant = 10);

// Appends `v` rounded to `decimals` (0..9) places without trailing zeros ("12.5", "12",
// "-0.3"); null when not finite. Magnitudes beyond 1e15 fall back to append_number().
void append_fixed(std::string& out, double v, int decimals);

// Appends round(v * 10^decimals) / 10^decimals with the rounding done by `round_fn` on the
// scaled value (std::floor and std::ceil round a bounding box outwards). Same limits as above.
void append_rounded(std::string& out, double v, int decimals, double (*round_fn)(double));

void append_int(std::string& out, std::int64_t v);

}  // namespace th::json_text
