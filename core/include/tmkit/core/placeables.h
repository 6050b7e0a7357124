// Placeables: numbers, percentages, dates and times in running text, recognised
// per language and rewritten for another language (ICU).
//
// A fuzzy match whose source differs from the query only in placeables is
// adapted: each placeable of the match's source that differs from the query's
// is found, by value, in the match's target and replaced with the query's
// value formatted for the target language, in the style the target used
// ("October 23" → "24 жовтня"; 11,000 en → 11 000 uk). See doc/placeables.md.
//
// Example:
//   std::vector<Placeable> q = FindPlaceables("About 12,000 troops", "en");
//   std::vector<Placeable> s = FindPlaceables("About 11,000 troops", "en");
//   std::optional<Segment> t = AdaptTarget(target, "uk", {{s[0], q[0]}});
//   // t->text == "Близько 12 000 військових"
//
// Thread-safety: all functions are thread-safe (ICU objects are per thread).
#ifndef TMKIT_CORE_PLACEABLES_H_
#define TMKIT_CORE_PLACEABLES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/core/types.h"

namespace tmkit {

enum class PlaceableKind {
  kNumber,   // 11,000  11 000  3.5  3,5  -4  2024
  kPercent,  // 2.5%  2,5 %  2,5 відсотка is a number plus a word
  kDate,     // October 23, 2024  Oct. 23  23 жовтня 2024 р.  2024년 10월 23일  2024-10-23
  kTime,     // 3:00 PM  15:30  오후 3시 30분
};

struct Placeable {
  PlaceableKind kind = PlaceableKind::kNumber;
  size_t begin = 0;  // byte offsets of the placeable in the text searched
  size_t end = 0;
  // kNumber, kPercent: the value (11000, 3.5, 2.5 for 2.5%), and the number of
  // fraction digits written.
  double value = 0;
  int fraction_digits = 0;
  // kDate: year (0 when the text gives none), month 1–12, day 1–31 (0 when absent).
  // kTime: hour 0–23, minute 0–59.
  int year = 0, month = 0, day = 0, hour = -1, minute = -1;
  // How the text wrote it, so that a new value can be written the same way
  // (grouping, pattern); opaque.
  std::string style;

  // Same kind and same value (dates and times: same fields; numbers: equal
  // values).
  bool SameValue(const Placeable& other) const;
};

// Every placeable in `text` (NFC) written in language `lang`, in text order,
// never overlapping. Numbers are parsed by the conventions of `lang` (11,000
// is eleven thousand in en and eleven in uk, where 11,5 is eleven and a half).
std::vector<Placeable> FindPlaceables(std::string_view text, std::string_view lang);

// `value` written for language `lang`, in the style of `like` (a placeable of
// the text being rewritten) when given, else in the language's default style.
// Empty when the value cannot be written in that style (a date without a year
// in a style that writes the year or the weekday; a field out of range).
std::string FormatPlaceable(const Placeable& value, std::string_view lang,
                            const Placeable* like = nullptr);

// One placeable to rewrite: `from` (in the match's source) became `to` (in the query).
struct PlaceableChange {
  Placeable from;
  Placeable to;
};

// `target` (in `target_lang`) with every changed placeable rewritten: the
// target's placeable with the same value as `from` gets `to`'s value, in the
// target's style; a unit word right after a rewritten number is re-inflected
// for the new number where the language needs it (uk: 1 кілометр, 2 кілометри,
// 5 кілометрів). Inline code offsets are moved along. nullopt when a change
// cannot be placed: no target placeable has that value, or several do and the
// order does not tell which; also when an inline code sits inside a span to
// rewrite, or a weekday next to a rewritten date is not part of it ("у
// середу, 23 жовтня": it would be left wrong).
std::optional<Segment> AdaptTarget(const Segment& target, std::string_view target_lang,
                                   const std::vector<PlaceableChange>& changes);

}  // namespace tmkit

#endif  // TMKIT_CORE_PLACEABLES_H_
