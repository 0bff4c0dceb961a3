// parse_strava_date: the "Activity Date" column of Strava's activities.csv.
//
// English exports write "Oct 7, 2020, 2:43:11 PM" (UTC); older ones "2018-09-12 15:02:23";
// exports in other locales translate the month and use 24-hour clocks ("09.12.2022, 15:24:49" in
// German). We accept every form whose reading is certain and refuse the rest: a wrong start time
// would silently mislead dedup and the date filter, a missing one is only a warning.
//
// Accepted, with any blanks (including the no-break spaces newer ICU puts before "PM"):
//   <month-word>[.] <day>[,] <year>[,] <time>      "Oct 7, 2020, 2:43:11 PM", "Oct 7 2020 2:43 PM"
//   <day>[.] [de] <month-word>[.] [de] <year>[,] <time>   "7 Oct 2020, 14:43:11", "7. Okt. 2020 …"
//   <day>.<month>.<year>[,] <time>                 "09.12.2022, 15:24:49" (dots: always day first)
//   ISO 8601 with a time                           "2018-09-12 15:02:23"
// <time> is H:MM[:SS] with AM/PM (also "a.m.") or 24-hour without; "UTC"/"GMT" may follow.
// Refused: slashed numeric dates ("10/07/2020": month or day first is a guess), 2-digit years,
// impossible dates (Feb 30), out-of-range clocks.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "core/time_util.hpp"
#include "sources/strava_export.hpp"

namespace th {

namespace {

struct MonthName {
  std::string_view word;  // lower-case (ASCII folding only), no trailing dot
  int month;
};

// Month words of the languages Strava exports in (en, de, fr, es, it, nl, pt). No word maps to
// two different months across these languages, so the union is unambiguous.
constexpr std::array kMonthNames = {
    MonthName{"jan", 1},       MonthName{"january", 1},    MonthName{"januar", 1},
    MonthName{"jän", 1},       MonthName{"jänner", 1},     MonthName{"janv", 1},
    MonthName{"janvier", 1},   MonthName{"ene", 1},        MonthName{"enero", 1},
    MonthName{"gen", 1},       MonthName{"gennaio", 1},    MonthName{"januari", 1},
    MonthName{"janeiro", 1},   MonthName{"feb", 2},        MonthName{"february", 2},
    MonthName{"februar", 2},   MonthName{"févr", 2},       MonthName{"fév", 2},
    MonthName{"février", 2},   MonthName{"febrero", 2},    MonthName{"febbraio", 2},
    MonthName{"februari", 2},  MonthName{"fev", 2},        MonthName{"fevereiro", 2},
    MonthName{"mar", 3},       MonthName{"march", 3},      MonthName{"mär", 3},
    MonthName{"märz", 3},      MonthName{"mrz", 3},        MonthName{"mars", 3},
    MonthName{"marzo", 3},     MonthName{"maart", 3},      MonthName{"mrt", 3},
    MonthName{"março", 3},     MonthName{"apr", 4},        MonthName{"april", 4},
    MonthName{"avr", 4},       MonthName{"avril", 4},      MonthName{"abr", 4},
    MonthName{"abril", 4},     MonthName{"aprile", 4},     MonthName{"may", 5},
    MonthName{"mai", 5},       MonthName{"mayo", 5},       MonthName{"mag", 5},
    MonthName{"maggio", 5},    MonthName{"mei", 5},        MonthName{"maio", 5},
    MonthName{"jun", 6},       MonthName{"june", 6},       MonthName{"juni", 6},
    MonthName{"juin", 6},      MonthName{"junio", 6},      MonthName{"giu", 6},
    MonthName{"giugno", 6},    MonthName{"junho", 6},      MonthName{"jul", 7},
    MonthName{"july", 7},      MonthName{"juli", 7},       MonthName{"juil", 7},
    MonthName{"juillet", 7},   MonthName{"julio", 7},      MonthName{"lug", 7},
    MonthName{"luglio", 7},    MonthName{"julho", 7},      MonthName{"aug", 8},
    MonthName{"august", 8},    MonthName{"août", 8},       MonthName{"aout", 8},
    MonthName{"ago", 8},       MonthName{"agosto", 8},     MonthName{"augustus", 8},
    MonthName{"sep", 9},       MonthName{"sept", 9},       MonthName{"september", 9},
    MonthName{"septembre", 9}, MonthName{"septiembre", 9}, MonthName{"setiembre", 9},
    MonthName{"set", 9},       MonthName{"settembre", 9},  MonthName{"setembro", 9},
    MonthName{"oct", 10},      MonthName{"october", 10},   MonthName{"okt", 10},
    MonthName{"oktober", 10},  MonthName{"octobre", 10},   MonthName{"octubre", 10},
    MonthName{"ott", 10},      MonthName{"ottobre", 10},   MonthName{"out", 10},
    MonthName{"outubro", 10},  MonthName{"nov", 11},       MonthName{"november", 11},
    MonthName{"novembre", 11}, MonthName{"noviembre", 11}, MonthName{"novembro", 11},
    MonthName{"dec", 12},      MonthName{"december", 12},  MonthName{"dez", 12},
    MonthName{"dezember", 12}, MonthName{"déc", 12},       MonthName{"décembre", 12},
    MonthName{"dic", 12},      MonthName{"diciembre", 12}, MonthName{"dicembre", 12},
    MonthName{"dezembro", 12},
};

std::optional<int> month_from_word(std::string_view lower_word) {
  for (const auto& m : kMonthNames) {
    if (m.word == lower_word) return m.month;
  }
  return std::nullopt;
}

struct Token {
  enum class Kind : std::uint8_t { Number, Word, Punct };
  Kind kind;
  std::string text;  // Word: ASCII-lower-cased; Number: the digits; Punct: the character
  int value = 0;     // Number only
};

// Blanks, including U+00A0 (no-break space), U+2009 (thin space) and U+202F (narrow no-break
// space, which CLDR 42+ puts between the time and "PM"). Returns the byte length, 0 if none.
std::size_t blank_length(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  if (s[i] == ' ' || s[i] == '\t') return 1;
  if (i + 1 < s.size() && at(i) == 0xC2 && at(i + 1) == 0xA0) return 2;
  if (i + 2 < s.size() && at(i) == 0xE2 && at(i + 1) == 0x80 &&
      (at(i + 2) == 0xAF || at(i + 2) == 0x89)) {
    return 3;
  }
  return 0;
}

bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || u >= 0x80;
}

std::optional<std::vector<Token>> tokenize(std::string_view s) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < s.size()) {
    if (const std::size_t blank = blank_length(s, i); blank > 0) {
      i += blank;
      continue;
    }
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      Token t{Token::Kind::Number, {}, 0};
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (t.text.size() == 4) return std::nullopt;  // no field of a date has more digits
        t.value = t.value * 10 + (s[i] - '0');
        t.text.push_back(s[i++]);
      }
      tokens.push_back(std::move(t));
    } else if (is_word_byte(c)) {
      Token t{Token::Kind::Word, {}, 0};
      while (i < s.size() && is_word_byte(s[i]) && blank_length(s, i) == 0) {
        const char w = s[i++];
        t.text.push_back(w >= 'A' && w <= 'Z' ? static_cast<char>(w - 'A' + 'a') : w);
      }
      tokens.push_back(std::move(t));
    } else if (c == ',' || c == '.' || c == ':' || c == '/' || c == '-') {
      tokens.push_back(Token{Token::Kind::Punct, std::string(1, c), 0});
      ++i;
    } else {
      return std::nullopt;
    }
  }
  return tokens;
}

struct Date {
  int year = 0, month = 0, day = 0;
};

// A cursor over the tokens with the small matchers the grammar needs. Matchers advance only
// on success.
class Cursor {
 public:
  explicit Cursor(const std::vector<Token>& tokens) : t_(tokens) {}

  bool punct(char c) {
    if (i_ < t_.size() && t_[i_].kind == Token::Kind::Punct && t_[i_].text[0] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool number(std::size_t min_digits, std::size_t max_digits, int& out) {
    if (i_ < t_.size() && t_[i_].kind == Token::Kind::Number && t_[i_].text.size() >= min_digits &&
        t_[i_].text.size() <= max_digits) {
      out = t_[i_++].value;
      return true;
    }
    return false;
  }
  bool word(std::string_view w) {
    if (i_ < t_.size() && t_[i_].kind == Token::Kind::Word && t_[i_].text == w) {
      ++i_;
      return true;
    }
    return false;
  }
  bool month_word(int& month) {
    if (i_ < t_.size() && t_[i_].kind == Token::Kind::Word) {
      if (const auto m = month_from_word(t_[i_].text)) {
        month = *m;
        ++i_;
        return true;
      }
    }
    return false;
  }
  bool at_end() const { return i_ == t_.size(); }
  const Token* peek() const { return i_ < t_.size() ? &t_[i_] : nullptr; }
  void skip() { ++i_; }

 private:
  const std::vector<Token>& t_;
  std::size_t i_ = 0;
};

// "Oct 7, 2020" / "Oct. 7 2020"
bool month_first(Cursor& c, Date& d) {
  if (!c.month_word(d.month)) return false;
  c.punct('.');
  if (!c.number(1, 2, d.day)) return false;
  c.punct(',');
  return c.number(4, 4, d.year);
}

// "7 Oct 2020" / "7. Okt. 2020" / "7 de oct. de 2020"
bool day_first_word(Cursor& c, Date& d) {
  if (!c.number(1, 2, d.day)) return false;
  c.punct('.');
  c.word("de");
  if (!c.month_word(d.month)) return false;
  c.punct('.');
  c.word("de");
  return c.number(4, 4, d.year);
}

// "09.12.2022"
bool day_first_dotted(Cursor& c, Date& d) {
  return c.number(1, 2, d.day) && c.punct('.') && c.number(1, 2, d.month) && c.punct('.') &&
         c.number(4, 4, d.year);
}

bool valid_date(const Date& d) {
  return d.year >= 1900 && d.year <= 2200 && valid_civil_date(d.year, d.month, d.day);
}

// "2:43:11 PM", "14:43:11", "2:43 p.m. UTC". Returns seconds since midnight.
std::optional<int> read_time(Cursor& c) {
  int h = 0, m = 0, s = 0;
  if (!c.number(1, 2, h) || !c.punct(':') || !c.number(2, 2, m)) return std::nullopt;
  if (c.punct(':') && !c.number(2, 2, s)) return std::nullopt;
  // What follows may only be an AM/PM marker (dots allowed: "p.m.") and a UTC zone name.
  std::string marker;
  while (const Token* t = c.peek()) {
    if (t->kind == Token::Kind::Punct && t->text == ".") {
      c.skip();
    } else if (t->kind == Token::Kind::Word && (t->text == "utc" || t->text == "gmt")) {
      c.skip();
      if (!c.at_end()) return std::nullopt;  // nothing after the zone
    } else if (t->kind == Token::Kind::Word && marker.size() < 2) {
      marker += t->text;
      c.skip();
    } else {
      return std::nullopt;
    }
  }
  if (m > 59 || s > 60) return std::nullopt;  // 60: a leap second, rolls into the next minute
  if (marker.empty()) {
    if (h > 23) return std::nullopt;
  } else if (marker == "am" || marker == "pm") {
    if (h > 12) return std::nullopt;
    h %= 12;  // 12 AM is midnight, 12 PM is noon
    if (marker == "pm") h += 12;
  } else {
    return std::nullopt;
  }
  return h * 3600 + m * 60 + s;
}

}  // namespace

std::optional<double> parse_strava_date(std::string_view text) {
  // Trim blanks: a cell may carry spaces.
  text = trim(text, " \t");
  if (text.empty() || text.size() > 64) return std::nullopt;  // no real date is longer

  // Year first: ISO 8601 (older exports). A date without a clock is not a start time.
  if (text.size() > 10 && text[0] >= '0' && text[0] <= '9' && text[4] == '-') {
    // parse_iso8601 checks fields one by one; refuse "2021-02-30" here rather than roll it over.
    const auto digits = [&](std::size_t pos, std::size_t len) {
      int v = 0;
      for (std::size_t i = pos; i < pos + len; ++i) {
        if (text[i] < '0' || text[i] > '9') return -1;
        v = v * 10 + (text[i] - '0');
      }
      return v;
    };
    if (!valid_date(Date{digits(0, 4), digits(5, 2), digits(8, 2)})) return std::nullopt;
    return parse_iso8601(text);
  }

  const auto tokens = tokenize(text);
  if (!tokens) return std::nullopt;
  using Reader = bool (*)(Cursor&, Date&);
  for (const Reader read_date :
       {Reader{month_first}, Reader{day_first_word}, Reader{day_first_dotted}}) {
    Cursor c(*tokens);
    Date d;
    if (!read_date(c, d) || !valid_date(d)) continue;
    c.punct(',');
    c.word("at");  // "Oct 7, 2020 at 2:43:11 PM"
    const auto seconds = read_time(c);
    if (!seconds || !c.at_end()) return std::nullopt;
    const long long days =
        days_from_civil(d.year, static_cast<unsigned>(d.month), static_cast<unsigned>(d.day));
    return static_cast<double>(days * 86400 + *seconds);
  }
  return std::nullopt;
}

}  // namespace th
