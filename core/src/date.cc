#include "tmkit/core/date.h"

#include <chrono>
#include <cstdio>

namespace tmkit {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

Result<int64_t> ParseIsoDate(std::string_view text) {
  auto bad = [&] {
    return InvalidInput("expected a date such as 20020523T091200Z, found '" + std::string(text) +
                        "'");
  };
  std::string_view s = text;
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  int year, month, day, hour = 0, minute = 0, second = 0;
  size_t p = 0;
  if (!Digits(s, 0, 4, &year)) return bad();
  p = 4;
  bool extended = p < s.size() && s[p] == '-';
  if (extended) ++p;
  if (!Digits(s, p, 2, &month)) return bad();
  p += 2;
  if (extended) {
    if (p >= s.size() || s[p] != '-') return bad();
    ++p;
  }
  if (!Digits(s, p, 2, &day)) return bad();
  p += 2;
  int64_t offset_seconds = 0;
  if (p < s.size()) {
    if (s[p] != 'T' && s[p] != 't' && s[p] != ' ') return bad();
    ++p;
    if (!Digits(s, p, 2, &hour)) return bad();
    p += 2;
    bool colon = p < s.size() && s[p] == ':';
    if (colon) ++p;
    if (!Digits(s, p, 2, &minute)) return bad();
    p += 2;
    if (p < s.size() && (s[p] == ':' || (!colon && s[p] >= '0' && s[p] <= '9'))) {
      if (s[p] == ':') ++p;
      if (!Digits(s, p, 2, &second)) return bad();
      p += 2;
    }
    if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
      ++p;
      while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
    }
    if (p < s.size()) {
      if (s[p] == 'Z' || s[p] == 'z') {
        ++p;
      } else if (s[p] == '+' || s[p] == '-') {
        int sign = s[p] == '-' ? -1 : 1;
        ++p;
        int oh, om = 0;
        if (!Digits(s, p, 2, &oh)) return bad();
        p += 2;
        if (p < s.size() && s[p] == ':') ++p;
        if (p < s.size()) {
          if (!Digits(s, p, 2, &om)) return bad();
          p += 2;
        }
        offset_seconds = sign * (oh * 3600 + om * 60);
      }
    }
  }
  if (p != s.size()) return bad();
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) {
    return bad();
  }
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
}

std::string FormatTmxDate(int64_t seconds) {
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  int64_t rem = seconds - days * 86400;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld%02u%02uT%02d%02d%02dZ", static_cast<long long>(y), m, d,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                static_cast<int>(rem % 60));
  return buf;
}

std::string FormatIsoDate(int64_t seconds) {
  std::string t = FormatTmxDate(seconds);  // YYYYMMDDThhmmssZ
  return t.substr(0, 4) + "-" + t.substr(4, 2) + "-" + t.substr(6, 2) + "T" + t.substr(9, 2) + ":" +
         t.substr(11, 2) + ":" + t.substr(13, 2) + "Z";
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace tmkit
