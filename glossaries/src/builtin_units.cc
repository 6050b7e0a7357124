// The units glossary (builtin.h): every measurement unit ICU knows, with the
// forms ICU's CLDR data gives for each language: the plural forms (one, few,
// many, other), the grammatical cases where the language has them (uk, ru:
// genitive, dative, instrumental, locative/prepositional…; ICU 72's @draft
// DisplayOptions, used only here), short symbols and the patterns with {0}
// ("{0} кілометрів", Korean "시속 {0}킬로미터").
#include <unicode/displayoptions.h>
#include <unicode/measfmt.h>
#include <unicode/measunit.h>
#include <unicode/numberformatter.h>
#include <unicode/plurrule.h>
#include <unicode/strenum.h>
#include <unicode/uchar.h>
#include <unicode/ulocdata.h>
#include <unicode/unistr.h>
#include <unicode/uversion.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>

#include "tmkit/glossaries/builtin.h"

namespace tmkit {
namespace {

using icu::number::LocalizedNumberFormatter;
using icu::number::NumberFormatter;

std::string Utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string Primary(const std::string& tag) { return tag.substr(0, tag.find('-')); }

icu::Locale IcuLocale(const std::string& tag) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc = icu::Locale::forLanguageTag(tag, status);
  return U_FAILURE(status) ? icu::Locale(Primary(tag).c_str()) : loc;
}

// A formatted measure cut into the unit's text and the pattern around the number.
struct Parts {
  std::string unit;     // the unit field(s), joined by a space: "кілометрів", "시속 킬로미터"
  std::string pattern;  // the whole text with the number as {0}: "{0} кілометрів"
  int spans = 0;        // unit fields: 2 in Korean "시속 {0}킬로미터"
};

bool Format(const LocalizedNumberFormatter& f, double value, Parts* out) {
  UErrorCode st = U_ZERO_ERROR;
  icu::number::FormattedNumber fn = f.formatDouble(value, st);
  icu::UnicodeString s = fn.toString(st);
  if (U_FAILURE(st)) return false;
  icu::ConstrainedFieldPosition cfp;
  cfp.constrainCategory(UFIELD_CATEGORY_NUMBER);
  int32_t b = -1, e = -1;
  icu::UnicodeString unit;
  while (fn.nextPosition(cfp, st) && U_SUCCESS(st)) {
    int32_t field = cfp.getField();
    if (field == UNUM_MEASURE_UNIT_FIELD || field == UNUM_PERCENT_FIELD ||
        field == UNUM_PERMILL_FIELD) {
      if (!unit.isEmpty()) unit.append(u' ');
      unit.append(s, cfp.getStart(), cfp.getLimit() - cfp.getStart());
      ++out->spans;
    } else if (field == UNUM_INTEGER_FIELD || field == UNUM_FRACTION_FIELD ||
               field == UNUM_DECIMAL_SEPARATOR_FIELD || field == UNUM_GROUPING_SEPARATOR_FIELD) {
      if (b < 0 || cfp.getStart() < b) b = cfp.getStart();
      if (cfp.getLimit() > e) e = cfp.getLimit();
    }
  }
  if (U_FAILURE(st) || b < 0) return false;
  unit.trim();
  s.replace(b, e - b, u"{0}");
  // CLDR writes U+00A0/U+202F between number and unit; a pattern is for
  // people and tools to fill, so keep them as they are, but the unit text
  // itself never has them at its ends (trimmed above).
  out->unit = Utf8(unit);
  out->pattern = Utf8(s);
  return !out->unit.empty();
}

// A plural category with a sample value (an integer one when there is one).
struct Category {
  std::string name;
  double sample = 0;
};

std::vector<Category> Categories(const icu::Locale& loc) {
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::PluralRules> rules(icu::PluralRules::forLocale(loc, st));
  std::vector<Category> out;
  if (U_FAILURE(st)) return {{"other", 5}};
  std::unique_ptr<icu::StringEnumeration> keywords(rules->getKeywords(st));
  if (U_FAILURE(st)) return {{"other", 5}};
  while (const icu::UnicodeString* k = keywords->snext(st)) {
    if (U_FAILURE(st)) break;
    double samples[16];
    int32_t n = rules->getSamples(*k, samples, 16, st);
    if (U_FAILURE(st)) {
      st = U_ZERO_ERROR;
      n = 0;
    }
    if (n == 0) continue;
    double v = samples[0];
    for (int32_t i = 0; i < n; ++i) {
      if (samples[i] == static_cast<double>(static_cast<int64_t>(samples[i]))) {
        v = samples[i];
        break;
      }
    }
    out.push_back({Utf8(*k), v});
  }
  // one, two, few, many, other: the dictionary form first.
  static const std::vector<std::string> kOrder = {"one", "two", "few", "many", "zero", "other"};
  auto rank = [&](const Category& c) {
    return std::find(kOrder.begin(), kOrder.end(), c.name) - kOrder.begin();
  };
  std::sort(out.begin(), out.end(), [&](const Category& a, const Category& b) { return rank(a) < rank(b); });
  if (out.empty()) out.push_back({"other", 5});
  return out;
}

constexpr UDisplayOptionsGrammaticalCase kCases[] = {
    UDISPOPT_GRAMMATICAL_CASE_GENITIVE,     UDISPOPT_GRAMMATICAL_CASE_DATIVE,
    UDISPOPT_GRAMMATICAL_CASE_ACCUSATIVE,   UDISPOPT_GRAMMATICAL_CASE_INSTRUMENTAL,
    UDISPOPT_GRAMMATICAL_CASE_LOCATIVE,     UDISPOPT_GRAMMATICAL_CASE_PREPOSITIONAL,
    UDISPOPT_GRAMMATICAL_CASE_VOCATIVE,     UDISPOPT_GRAMMATICAL_CASE_ABLATIVE,
    UDISPOPT_GRAMMATICAL_CASE_ERGATIVE,     UDISPOPT_GRAMMATICAL_CASE_COMITATIVE,
};

// The one place that uses ICU 72's @draft grammatical-case option.
LocalizedNumberFormatter WithCase(const LocalizedNumberFormatter& f,
                                  UDisplayOptionsGrammaticalCase c) {
  return f.displayOptions(icu::DisplayOptions::builder().setGrammaticalCase(c).build());
}

// Whether ICU inflects unit names by case in this language (uk, ru yes; en, ko no).
bool HasCases(const icu::Locale& loc) {
  UErrorCode st = U_ZERO_ERROR;
  icu::MeasureUnit km = icu::MeasureUnit::forIdentifier("kilometer", st);
  if (U_FAILURE(st)) return false;
  LocalizedNumberFormatter f =
      NumberFormatter::withLocale(loc).unit(km).unitWidth(UNUM_UNIT_WIDTH_FULL_NAME);
  Parts nom, gen;
  return Format(f, 1, &nom) && Format(WithCase(f, UDISPOPT_GRAMMATICAL_CASE_DATIVE), 1, &gen) &&
         nom.unit != gen.unit;
}

// Symbols that are ordinary words or single letters ("in" for inch, "m",
// "т", "с"): without a number next to them they would match everywhere, so
// they are kept as a prop of the unit's term, not as terms.
bool SymbolIsRecognisable(const std::string& symbol, const std::string& lang) {
  // Recognition reads words: "в." is the word "в", "°C" the word "C".
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(symbol), letters;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    if (u_isalnum(c)) letters.append(c);
    i += U16_LENGTH(c);
  }
  if (letters.countChar32() < 2) return false;
  static const std::set<std::string> kWords = {
      // en
      "in", "ha", "mi", "pt", "am", "pm", "mo", "yr", "wk", "min", "sec", "hr", "cal", "kt", "st",
      "ct", "qt", "pc", "lb", "oz", "ft", "yd", "dr", "is", "at", "to", "em", "px", "ly", "au",
      "bar", "day", "days", "mol", "rad", "mph", "kph", "dB", "gal", "cup", "tsp", "tbsp", "PS",
      // uk, ru: words too ("год" is a year in ru, "мин" a mine's stem, "дн" …)
      "год", "мин", "сек", "ч", "дн", "нед", "мес", "лет", "г", "л", "м", "т", "с", "д", "в",
      "ст", "пт", "ар", "га", "бар", "бал", "кал", "рад", "град", "дня", "тыс", "тис", "мес.",
      "хв", "міс", "тиж", "р", "рр", "ц", "мм", "см"};
  (void)lang;
  return !kWords.count(symbol) && !kWords.count(Utf8(letters));
}

struct LangForms {
  std::string text;                     // the dictionary form
  std::vector<std::string> forms;       // other plural forms and cases, in a fixed order
  std::vector<std::string> symbols;     // short forms
  std::vector<Prop> patterns;           // pattern-one: "{0} кілометр", …
};

void AddUnique(std::vector<std::string>& v, const std::string& s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

LangForms FormsOf(const icu::MeasureUnit& unit, const icu::Locale& loc,
                  const std::vector<Category>& categories, bool cases) {
  LangForms out;
  LocalizedNumberFormatter full =
      NumberFormatter::withLocale(loc).unit(unit).unitWidth(UNUM_UNIT_WIDTH_FULL_NAME);
  std::vector<std::string> all;
  bool split = false;
  for (const Category& c : categories) {
    Parts p;
    if (!Format(full, c.sample, &p)) continue;
    split |= p.spans > 1;
    AddUnique(all, p.unit);
    out.patterns.push_back({"pattern-" + c.name, p.pattern, "", ""});
  }
  if (cases) {
    for (UDisplayOptionsGrammaticalCase gc : kCases) {
      LocalizedNumberFormatter f = WithCase(full, gc);
      for (const Category& c : categories) {
        Parts p;
        if (Format(f, c.sample, &p)) AddUnique(all, p.unit);
      }
    }
  }
  if (all.empty()) return out;
  out.text = all[0];
  if (split) {
    // The unit wraps the number (시속 {0}킬로미터, 섭씨 {0}도): the pieces
    // joined are no text anyone writes, so the term is ICU's display name
    // (시간당 킬로미터, 섭씨) and the pattern says how it is used.
    UErrorCode st = U_ZERO_ERROR;
    icu::MeasureFormat mf(loc, UMEASFMT_WIDTH_WIDE, st);
    icu::UnicodeString name;
    if (U_SUCCESS(st)) name = mf.getUnitDisplayName(unit, st);
    if (U_SUCCESS(st) && !name.isEmpty()) {
      out.text = Utf8(name);
      all.clear();
    }
  }
  if (!all.empty()) out.forms.assign(all.begin() + 1, all.end());
  for (UNumberUnitWidth w : {UNUM_UNIT_WIDTH_SHORT, UNUM_UNIT_WIDTH_NARROW}) {
    LocalizedNumberFormatter f = NumberFormatter::withLocale(loc).unit(unit).unitWidth(w);
    for (const Category& c : categories) {
      Parts p;
      if (Format(f, c.sample, &p) && p.unit != out.text &&
          std::find(out.forms.begin(), out.forms.end(), p.unit) == out.forms.end()) {
        AddUnique(out.symbols, p.unit);
      }
    }
  }
  return out;
}

}  // namespace

Result<BuiltinGlossary> BuildUnits(const BuiltinOptions& options) {
  if (options.langs.empty()) return InvalidArgument("no languages to build (give --langs en,uk,ru,ko)");
  const std::vector<std::string>& langs = options.langs;

  UErrorCode st = U_ZERO_ERROR;
  char cldr_version[32] = "?";
  UVersionInfo v;
  ulocdata_getCLDRVersion(v, &st);
  if (U_SUCCESS(st)) u_versionToString(v, cldr_version);
  BuiltinSource source{std::string("ICU ") + U_ICU_VERSION + " (CLDR " + cldr_version +
                           ") measurement units",
                       "Unicode-DFS-2016", true, 0, ""};
  const std::string term_source = source.name + "; licence " + source.license;

  // Every unit ICU knows, currencies aside (they are not units of measure).
  st = U_ZERO_ERROR;
  int32_t count = icu::MeasureUnit::getAvailable(nullptr, 0, st);
  std::vector<icu::MeasureUnit> all(count > 0 ? count : 0);
  st = U_ZERO_ERROR;
  if (count > 0) icu::MeasureUnit::getAvailable(all.data(), count, st);
  if (U_FAILURE(st)) return NotSupported(std::string("ICU lists no units: ") + u_errorName(st));
  std::vector<std::pair<std::string, icu::MeasureUnit>> units;
  for (const icu::MeasureUnit& u : all) {
    std::string type = u.getType();
    if (type == "currency" || type == "none") continue;
    units.emplace_back(type + "/" + u.getIdentifier(), u);
  }
  std::sort(units.begin(), units.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

  struct LangSetup {
    std::string tag;
    icu::Locale loc;
    std::vector<Category> categories;
    bool cases = false;
    // en: en-GB spellings (kilometre, per cent) as forms of the en term.
    std::optional<icu::Locale> variant;
    std::vector<Category> variant_categories;
  };
  std::vector<LangSetup> setups;
  for (const std::string& lang : langs) {
    LangSetup s{lang, IcuLocale(lang), {}, false, std::nullopt, {}};
    s.categories = Categories(s.loc);
    s.cases = HasCases(s.loc);
    if (lang == "en") {
      s.variant = icu::Locale("en", "GB");
      s.variant_categories = Categories(*s.variant);
    }
    setups.push_back(std::move(s));
  }

  BuiltinGlossary out;
  const size_t min_langs = std::min<size_t>(2, langs.size());
  uint64_t done = 0;
  for (const auto& [key, unit] : units) {
    if (options.progress && done % 16 == 0) options.progress(done, units.size());
    ++done;
    const std::string id = unit.getIdentifier();
    TermEntry e;
    e.entry_id = "unit:" + id;
    e.subject = "units of measurement";
    size_t with_terms = 0;
    for (const LangSetup& s : setups) {
      LangForms f = FormsOf(unit, s.loc, s.categories, s.cases);
      if (f.text.empty()) continue;
      if (s.variant) {
        LangForms gb = FormsOf(unit, *s.variant, s.variant_categories, false);
        AddUnique(f.forms, gb.text);
        for (const std::string& x : gb.forms) AddUnique(f.forms, x);
        std::erase(f.forms, f.text);
        for (const Prop& p : gb.patterns) {
          if (std::find(f.patterns.begin(), f.patterns.end(), p) == f.patterns.end()) {
            f.patterns.push_back({p.type, p.text, "en-GB", ""});
          }
        }
      }
      ++with_terms;
      Term t;
      t.lang = s.tag;
      t.text = f.text;
      t.forms = f.forms;
      t.part_of_speech = "noun";
      t.status = TermStatus::kPreferred;
      t.source = term_source;
      t.extra = f.patterns;
      std::vector<std::string> recognisable;
      for (const std::string& sym : f.symbols) {
        if (SymbolIsRecognisable(sym, s.tag)) recognisable.push_back(sym);
        else t.extra.push_back({"symbol", sym, "", ""});
      }
      e.terms.push_back(std::move(t));
      ++out.terms_per_lang[s.tag];
      for (const std::string& sym : recognisable) {
        Term a;
        a.lang = s.tag;
        a.text = sym;
        a.case_sensitive = true;  // mA is not MA, Mm not mm
        a.part_of_speech = "noun";
        a.status = TermStatus::kAdmitted;
        a.source = term_source;
        a.extra.push_back({"termType", "abbreviation", "", ""});
        e.terms.push_back(std::move(a));
        ++out.terms_per_lang[s.tag];
      }
    }
    if (with_terms < min_langs) continue;
    e.extra.push_back({"unitId", id, "", ""});
    e.extra.push_back({"unitType", unit.getType(), "", ""});
    e.note = "Built-in units glossary. Source: " + source.name + " (" + source.license + ").";
    out.entries.push_back(std::move(e));
  }
  if (options.progress) options.progress(units.size(), units.size());
  source.entries = out.entries.size();
  out.sources.push_back(std::move(source));
  return out;
}

}  // namespace tmkit
