// Built-in glossaries generated from the data installed on the machine:
// `tmkit term build places|units`.
//
//   places  country and region names (ICU/CLDR), ISO 3166-2 subdivisions and
//           their translations (Debian iso-codes, read at run time), CLDR
//           subdivision names (Debian unicode-cldr-core, when installed),
//           exemplar cities of the time-zone data (ICU), and a small curated
//           layer of the forms news writes that these sources lack ("Donetsk
//           Oblast", "Kharkiv", 키이우), which wins over them.
//   units   every measurement unit ICU knows, in each language: the singular
//           nominative as the term, its plural forms and (uk, ru) grammatical
//           cases as Term::forms, short symbols as admitted terms, the
//           formatting patterns ("{0} кілометрів", "시속 {0}킬로미터") as props.
//
//   BuiltinOptions options;
//   options.langs = {"en", "uk", "ko"};
//   Result<BuiltinGlossary> places = BuildPlaces(options);
//   for (TermEntry& e : places->entries) sink.Add(PrepareEntry(std::move(e)));
//
// Every entry records where each term comes from (Term::source, naming the
// source and its licence) and the entry's key (TermEntry::entry_id: "UA-14",
// "tz:Asia/Pyongyang", "unit:kilometer"). The output depends only on the
// options and the installed data: building twice gives identical entries, in
// the same order, so a second import of the same set adds nothing.
//
// The rules (which source wins, which entries are kept) are in doc/terms.md,
// "Built-in glossaries".
//
// Thread-safety: the functions are thread-safe (they share no state; ICU's
// caches are thread-safe).
#ifndef TMKIT_GLOSSARIES_BUILTIN_H_
#define TMKIT_GLOSSARIES_BUILTIN_H_

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tmkit/core/status.h"
#include "tmkit/core/terms.h"

namespace tmkit {

struct BuiltinOptions {
  // The languages to build, normalised BCP 47 tags ("en", "uk", "ru", "ko").
  // An entry keeps the terms of these languages only, and is dropped unless
  // it has terms in at least two of them (in the one, if only one is asked).
  std::vector<std::string> langs;
  // Where the Debian data lives (tests point these at fixtures).
  std::string iso_codes_dir = "/usr/share/iso-codes/json";  // iso_3166-1.json, iso_3166-2.json
  std::string locale_dir = "/usr/share/locale";  // <lang>/LC_MESSAGES/iso_3166-{1,2}.mo
  std::string cldr_dir = "/usr/share/unicode/cldr/common";  // subdivisions/<lang>.xml
  // Sources that are missing or unreadable are reported here as warnings
  // (the build goes on without them). nullptr: not reported.
  Reporter* reporter = nullptr;
  // Called now and then with (steps done, total steps); may be empty.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

// What a source contributed.
struct BuiltinSource {
  std::string name;     // "ICU 72.1 region names (CLDR 42.0)"
  std::string license;  // "Unicode-DFS-2016", "LGPL-2.1-or-later", "tmkit"
  bool available = false;
  uint64_t entries = 0;  // entries it added a term to
  std::string detail;    // why it is missing, when it is
  bool operator==(const BuiltinSource&) const = default;
};

struct BuiltinGlossary {
  std::vector<TermEntry> entries;  // in a stable order (by entry_id)
  std::vector<BuiltinSource> sources;
  // Terms per language (texts, not counting forms) of `entries`.
  std::map<std::string, uint64_t> terms_per_lang;
};

// The places glossary. Errors: kInvalidArgument when `options.langs` is
// empty. Missing data files are not errors (see BuiltinOptions::reporter);
// ICU's own data is always there.
Result<BuiltinGlossary> BuildPlaces(const BuiltinOptions& options);

// The units glossary (ICU only). Errors: kInvalidArgument when
// `options.langs` is empty.
Result<BuiltinGlossary> BuildUnits(const BuiltinOptions& options);

// --- The curated news layer ----------------------------------------------

// One curated place: the forms news writes, per language. A name given here
// becomes the entry's preferred term in that language; the sources' names
// stay as admitted terms (or deprecated ones, when listed in `deprecated`).
struct CuratedPlace {
  // The keys of the source entries it completes, space-separated ("UA-30
  // tz:Europe/Kiev" merges the ISO code and the time-zone city), or a key of
  // its own ("city:UA:Kharkiv") when no source has the place.
  std::string_view keys;
  std::string_view en, uk, ru, ko;  // preferred names; empty: keep the sources'
  // Other acceptable names, "lang:text" separated by "|" ("en:Donetsk Region").
  std::string_view aliases;
  // Names to avoid, "lang:text|…" ("en:Kiev|ko:키예프"): kept as deprecated
  // terms, so recognition finds them and QA can flag them.
  std::string_view deprecated;
  std::string_view type;     // "oblast", "city", "province", "capital"…
  // ISO 3166-1 code of the country; also the group of the table whose
  // sources builtin_curated.cc names in its header comment ([UA], [KP]…).
  std::string_view country;
};

// The curated table (builtin_curated.cc), in its fixed order.
std::span<const CuratedPlace> CuratedPlaces();

// --- Readers (exposed for tests) ---------------------------------------------

// A GNU gettext .mo catalogue: msgid → msgstr (the first plural form for
// plural entries; the header entry "" is left out). kNotFound when the file
// does not exist; kCorruption (with the offset) when it is not a .mo file or
// a table points outside it.
Result<std::unordered_map<std::string, std::string>> ReadMoFile(const std::string& path);

// The objects of the array `array_name` of an iso-codes JSON file
// ({"3166-2": [{"code": "UA-14", "name": "Donetska oblast", …}, …]}): each
// object's string members, in file order. kNotFound / kCorruption (with the
// byte offset) as ReadMoFile.
Result<std::vector<std::map<std::string, std::string>>> ReadIsoCodesJson(
    const std::string& path, std::string_view array_name);

// A CLDR subdivisions file (common/subdivisions/<lang>.xml): ISO 3166-2 code
// ("UA-14", from CLDR's "ua14") → name; entries CLDR marks as alternatives
// (alt=…) are left out. kNotFound / kCorruption as ReadMoFile.
Result<std::map<std::string, std::string>> ReadCldrSubdivisions(const std::string& path);

}  // namespace tmkit

#endif  // TMKIT_GLOSSARIES_BUILTIN_H_
