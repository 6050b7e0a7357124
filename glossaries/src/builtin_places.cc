// The places glossary (builtin.h): ICU/CLDR country, region and exemplar-city
// names, iso-codes ISO 3166-1/3166-2 names and translations (JSON + .mo, read
// at run time), CLDR subdivision names when unicode-cldr-core is installed,
// and the curated news layer (builtin_curated.cc) on top.
#include <unicode/locdspnm.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/ulocdata.h>
#include <unicode/unistr.h>
#include <unicode/uregion.h>
#include <unicode/uversion.h>
#include <tinyxml2.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "tmkit/glossaries/builtin.h"

namespace tmkit {
namespace {

std::string Utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return NotFound(path + ": no such file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return IOError(path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return IOError(path + ": read error");
  return ss.str();
}

// --- A small JSON reader for the iso-codes files --------------------------

class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : s_(text) {}

  // The string members of each object of the top-level member `name`.
  std::vector<std::map<std::string, std::string>> ReadArray(std::string_view name) {
    std::vector<std::map<std::string, std::string>> out;
    Expect('{');
    if (Peek() == '}') return out;
    for (;;) {
      std::string key = String();
      Expect(':');
      if (key == name) {
        Expect('[');
        if (Peek() == ']') {
          ++pos_;
        } else {
          for (;;) {
            out.push_back(Object());
            if (Peek() == ',') { ++pos_; continue; }
            Expect(']');
            break;
          }
        }
      } else {
        SkipValue();
      }
      if (Peek() == ',') { ++pos_; continue; }
      Expect('}');
      return out;
    }
  }

  struct Failure {
    size_t offset;
    std::string what;
  };

 private:
  char Peek() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' ||
                                s_[pos_] == '\t')) {
      ++pos_;
    }
    if (pos_ >= s_.size()) throw Failure{pos_, "unexpected end of file"};
    return s_[pos_];
  }
  void Expect(char c) {
    if (Peek() != c) throw Failure{pos_, std::string("expected '") + c + "', found '" + s_[pos_] + "'"};
    ++pos_;
  }
  std::map<std::string, std::string> Object() {
    std::map<std::string, std::string> obj;
    Expect('{');
    if (Peek() == '}') { ++pos_; return obj; }
    for (;;) {
      std::string key = String();
      Expect(':');
      if (Peek() == '"') obj[key] = String();
      else SkipValue();
      if (Peek() == ',') { ++pos_; continue; }
      Expect('}');
      return obj;
    }
  }
  void SkipValue() {
    char c = Peek();
    if (c == '"') { String(); return; }
    if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      ++pos_;
      if (Peek() == close) { ++pos_; return; }
      for (;;) {
        if (c == '{') { String(); Expect(':'); }
        SkipValue();
        if (Peek() == ',') { ++pos_; continue; }
        Expect(close);
        return;
      }
    }
    size_t start = pos_;
    while (pos_ < s_.size() && std::strchr(",}] \n\r\t", s_[pos_]) == nullptr) ++pos_;
    if (pos_ == start) throw Failure{pos_, "expected a value"};
  }
  uint32_t Hex4() {
    if (pos_ + 4 > s_.size()) throw Failure{pos_, "truncated \\u escape"};
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= c - '0';
      else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
      else throw Failure{pos_ - 1, "bad \\u escape"};
    }
    return v;
  }
  static void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  std::string String() {
    Expect('"');
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_++];
      if (c != '\\') { out += c; continue; }
      if (pos_ >= s_.size()) break;
      char e = s_[pos_++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          uint32_t cp = Hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && pos_ + 6 <= s_.size() && s_[pos_] == '\\' &&
              s_[pos_ + 1] == 'u') {
            pos_ += 2;
            uint32_t lo = Hex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          AppendUtf8(out, cp);
          break;
        }
        default: out += e;
      }
    }
    if (pos_ >= s_.size()) throw Failure{pos_, "unterminated string"};
    ++pos_;
    return out;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

// --- Sources -----------------------------------------------------------------

enum SourceId : int {
  kIcuCountries,
  kIcuRegions,
  kIcuCities,
  kIsoCountries,
  kIsoSubdivisions,
  kCldrSubdivisions,
  kCurated,
  kSourceCount
};

struct Name {
  std::string text;
  TermStatus status = TermStatus::kUnspecified;
  int source = 0;
  std::vector<std::string> forms;
};

struct Place {
  std::string type;
  std::vector<Prop> ids;                     // isoCode, timeZone, country, m49
  std::map<std::string, std::vector<Name>> names;  // requested lang → names, best first
  bool curated = false;
};

void AddName(Place& p, const std::string& lang, std::string text, int source) {
  if (text.empty()) return;
  std::vector<Name>& names = p.names[lang];
  for (const Name& n : names) {
    if (n.text == text) return;
  }
  names.push_back({std::move(text), TermStatus::kUnspecified, source, {}});
}

std::string Primary(const std::string& tag) { return tag.substr(0, tag.find('-')); }

icu::Locale IcuLocale(const std::string& tag) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc = icu::Locale::forLanguageTag(tag, status);
  return U_FAILURE(status) ? icu::Locale(Primary(tag).c_str()) : loc;
}

bool IsLatinScript(const std::string& tag) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc = IcuLocale(tag);
  loc.addLikelySubtags(status);
  return U_SUCCESS(status) && std::strcmp(loc.getScript(), "Latn") == 0;
}

// The .mo catalogue of `domain` for a language: <dir>/ll_CC/… first, then <dir>/ll/….
const std::unordered_map<std::string, std::string>* LoadCatalogue(
    const BuiltinOptions& options, const std::string& lang, const std::string& domain,
    std::map<std::string, std::unordered_map<std::string, std::string>>& cache, bool* found) {
  std::string key = lang + "\n" + domain;
  auto it = cache.find(key);
  if (it != cache.end()) return &it->second;
  std::string underscored = lang;
  std::replace(underscored.begin(), underscored.end(), '-', '_');
  *found = false;
  for (const std::string& dir : {underscored, Primary(lang)}) {
    Result<std::unordered_map<std::string, std::string>> mo =
        ReadMoFile(options.locale_dir + "/" + dir + "/LC_MESSAGES/" + domain + ".mo");
    if (mo) {
      *found = true;
      return &(cache[key] = std::move(*mo));
    }
    if (mo.error().code != ErrorCode::kNotFound && options.reporter) {
      options.reporter->Report({Problem::Severity::kWarning, "", 0, mo.error().message});
    }
  }
  return &cache[key];
}

void Warn(const BuiltinOptions& options, const std::string& message) {
  if (options.reporter) options.reporter->Report({Problem::Severity::kWarning, "", 0, message});
}

// Subdivision names that are ordinary words ("Central", "North East",
// "Littoral"): as terms they would match everywhere, so they are left out.
bool IsGenericName(const std::string& name) {
  static const std::set<std::string> kGeneric = {
      "central", "centre", "center", "north", "south", "east", "west", "northern", "southern",
      "eastern", "western", "nord", "sud", "est", "ouest", "centro", "norte", "sur", "este",
      "oeste", "littoral", "plateau", "capital", "coast", "coastal", "lakes", "upper", "lower",
      "islands", "island", "interior", "river", "mountain", "highlands", "lowlands", "valley",
      "north-east", "north-west", "south-east", "south-west", "northeast", "northwest",
      "southeast", "southwest", "centre-nord", "centre-sud", "centre-est", "centre-ouest",
      "district", "region", "province", "city", "area", "mid", "far", "central-west"};
  std::istringstream words(name);
  bool any = false;
  for (std::string w; words >> w;) {
    std::string lower;
    for (char c : w) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!kGeneric.count(lower)) return false;
    any = true;
  }
  return any;
}

// One word, written with a capital: matched case-sensitively, so that
// Turkey is not turkey and Суми is not суми.
bool CaseSensitiveName(const std::string& text) {
  if (text.find(' ') != std::string::npos) return false;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  return u.length() > 0 && u_isupper(u.char32At(0));
}

std::vector<std::string> SplitList(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

// --- Readers ---------------------------------------------------------------------

Result<std::unordered_map<std::string, std::string>> ReadMoFile(const std::string& path) {
  Result<std::string> data = ReadWholeFile(path);
  if (!data) return std::unexpected(data.error());
  const std::string& d = *data;
  auto u32 = [&](size_t off, bool swap, uint32_t* v) {
    if (off + 4 > d.size()) return false;
    uint32_t x;
    std::memcpy(&x, d.data() + off, 4);
    *v = swap ? __builtin_bswap32(x) : x;
    return true;
  };
  uint32_t magic = 0;
  if (!u32(0, false, &magic)) return Corruption(path + ": byte 0: too short for a .mo file");
  bool swap = false;
  if (magic == 0xde120495u) swap = true;
  else if (magic != 0x950412deu) {
    return Corruption(path + ": byte 0: expected the .mo magic number 0x950412de, found another");
  }
  uint32_t n = 0, orig = 0, trans = 0;
  if (!u32(8, swap, &n) || !u32(12, swap, &orig) || !u32(16, swap, &trans)) {
    return Corruption(path + ": byte 8: truncated .mo header");
  }
  std::unordered_map<std::string, std::string> out;
  out.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t ol, oo, tl, to;
    size_t at = static_cast<size_t>(orig) + 8ull * i, at2 = static_cast<size_t>(trans) + 8ull * i;
    if (!u32(at, swap, &ol) || !u32(at + 4, swap, &oo) || !u32(at2, swap, &tl) ||
        !u32(at2 + 4, swap, &to) || static_cast<size_t>(oo) + ol > d.size() ||
        static_cast<size_t>(to) + tl > d.size()) {
      return Corruption(path + ": byte " + std::to_string(at) + ": string " + std::to_string(i) +
                        " points outside the file");
    }
    if (ol == 0) continue;  // the header entry
    std::string id(d.data() + oo, strnlen(d.data() + oo, ol));  // plural: msgid only
    std::string str(d.data() + to, strnlen(d.data() + to, tl));  // first plural form
    out.emplace(std::move(id), std::move(str));
  }
  return out;
}

Result<std::vector<std::map<std::string, std::string>>> ReadIsoCodesJson(
    const std::string& path, std::string_view array_name) {
  Result<std::string> data = ReadWholeFile(path);
  if (!data) return std::unexpected(data.error());
  try {
    return JsonReader(*data).ReadArray(array_name);
  } catch (const JsonReader::Failure& f) {
    return Corruption(path + ": byte " + std::to_string(f.offset) + ": " + f.what);
  }
}

Result<std::map<std::string, std::string>> ReadCldrSubdivisions(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return NotFound(path + ": no such file");
  tinyxml2::XMLDocument doc;
  if (doc.LoadFile(path.c_str()) != tinyxml2::XML_SUCCESS) {
    return Corruption(path + ":" + std::to_string(doc.ErrorLineNum()) + ": " + doc.ErrorStr());
  }
  std::map<std::string, std::string> out;
  const tinyxml2::XMLElement* subs = nullptr;
  if (const auto* ldml = doc.FirstChildElement("ldml")) {
    if (const auto* names = ldml->FirstChildElement("localeDisplayNames")) {
      subs = names->FirstChildElement("subdivisions");
    }
  }
  if (!subs) return out;  // a locale without subdivision names
  for (const auto* e = subs->FirstChildElement("subdivision"); e;
       e = e->NextSiblingElement("subdivision")) {
    const char* type = e->Attribute("type");
    const char* text = e->GetText();
    if (!type || !text || e->Attribute("alt") || std::strlen(type) < 3) continue;
    std::string code;
    for (const char* p = type; *p; ++p) {
      code += static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
      if (p == type + 1) code += '-';
    }
    out.emplace(std::move(code), text);
  }
  return out;
}

// --- The glossary ------------------------------------------------------------------

Result<BuiltinGlossary> BuildPlaces(const BuiltinOptions& options) {
  if (options.langs.empty()) return InvalidArgument("no languages to build (give --langs en,uk,ru,ko)");
  const std::vector<std::string>& langs = options.langs;
  constexpr uint64_t kSteps = 7;
  auto step = [&](uint64_t done) {
    if (options.progress) options.progress(done, kSteps);
  };

  UErrorCode status = U_ZERO_ERROR;
  char cldr_version[32] = "?";
  UVersionInfo v;
  ulocdata_getCLDRVersion(v, &status);
  if (U_SUCCESS(status)) u_versionToString(v, cldr_version);
  const std::string icu = std::string("ICU ") + U_ICU_VERSION + " (CLDR " + cldr_version + ")";

  std::vector<BuiltinSource> sources(kSourceCount);
  sources[kIcuCountries] = {icu + " country names", "Unicode-DFS-2016", true, 0, ""};
  sources[kIcuRegions] = {icu + " region names (UN M49)", "Unicode-DFS-2016", true, 0, ""};
  sources[kIcuCities] = {icu + " time-zone exemplar cities", "Unicode-DFS-2016", true, 0, ""};
  sources[kIsoCountries] = {"iso-codes ISO 3166-1 (" + options.iso_codes_dir + ")",
                            "LGPL-2.1-or-later", false, 0, ""};
  sources[kIsoSubdivisions] = {"iso-codes ISO 3166-2 (" + options.iso_codes_dir + ")",
                               "LGPL-2.1-or-later", false, 0, ""};
  sources[kCldrSubdivisions] = {"CLDR subdivisions (" + options.cldr_dir + "/subdivisions)",
                                "Unicode-DFS-2016", false, 0, ""};
  sources[kCurated] = {"tmkit curated news forms (builtin_curated.cc)", "tmkit", true, 0, ""};

  std::map<std::string, Place> places;

  // 1. Countries and regions: ICU's CLDR display names, full and short.
  std::vector<std::unique_ptr<icu::LocaleDisplayNames>> full, brief;
  for (const std::string& lang : langs) {
    UDisplayContext f[] = {UDISPCTX_LENGTH_FULL, UDISPCTX_NO_SUBSTITUTE};
    UDisplayContext s[] = {UDISPCTX_LENGTH_SHORT, UDISPCTX_NO_SUBSTITUTE};
    full.emplace_back(icu::LocaleDisplayNames::createInstance(IcuLocale(lang), f, 2));
    brief.emplace_back(icu::LocaleDisplayNames::createInstance(IcuLocale(lang), s, 2));
  }
  auto region_names = [&](const std::string& code, Place& p, int source) {
    for (size_t i = 0; i < langs.size(); ++i) {
      icu::UnicodeString name, short_name;
      if (full[i]) full[i]->regionDisplayName(code.c_str(), name);
      if (brief[i]) brief[i]->regionDisplayName(code.c_str(), short_name);
      for (const icu::UnicodeString* n : {&name, &short_name}) {
        if (n->isBogus() || n->isEmpty()) continue;
        AddName(p, langs[i], Utf8(*n), source);
      }
    }
  };
  for (const char* const* cc = icu::Locale::getISOCountries(); *cc; ++cc) {
    Place& p = places["country:" + std::string(*cc)];
    p.type = "country";
    p.ids.push_back({"isoCode", *cc, "", ""});
    region_names(*cc, p, kIcuCountries);
  }
  for (URegionType type : {URGN_CONTINENT, URGN_SUBCONTINENT, URGN_GROUPING}) {
    UErrorCode st = U_ZERO_ERROR;
    UEnumeration* codes = uregion_getAvailable(type, &st);
    if (U_FAILURE(st)) continue;
    while (const char* code = uenum_next(codes, nullptr, &st)) {
      if (U_FAILURE(st)) break;
      Place& p = places["region:" + std::string(code)];
      p.type = type == URGN_GROUPING ? "grouping" : "region";
      p.ids.push_back({"m49", code, "", ""});
      region_names(code, p, kIcuRegions);
    }
    uenum_close(codes);
  }
  step(1);

  // 2. iso-codes ISO 3166-1: name, common and official names as aliases.
  std::map<std::string, std::unordered_map<std::string, std::string>> catalogues;
  auto translate = [&](const std::string& lang, const std::string& domain, const std::string& name,
                       bool latin) -> std::string {
    if (Primary(lang) == "en") return name;
    bool found = false;
    const auto* mo = LoadCatalogue(options, lang, domain, catalogues, &found);
    auto it = mo->find(name);
    if (it == mo->end() || it->second.empty()) return {};
    if (it->second == name && !latin) return {};  // an untranslated copy
    return it->second;
  };
  std::vector<bool> latin;
  for (const std::string& lang : langs) latin.push_back(IsLatinScript(lang));
  {
    Result<std::vector<std::map<std::string, std::string>>> countries =
        ReadIsoCodesJson(options.iso_codes_dir + "/iso_3166-1.json", "3166-1");
    if (!countries) {
      sources[kIsoCountries].detail = countries.error().message;
      Warn(options, "iso-codes ISO 3166-1 skipped: " + countries.error().message +
                        " (install Debian's iso-codes package)");
    } else {
      sources[kIsoCountries].available = true;
      for (const auto& c : *countries) {
        auto code = c.find("alpha_2");
        if (code == c.end()) continue;
        auto it = places.find("country:" + code->second);
        if (it == places.end()) continue;
        for (const char* field : {"common_name", "name", "official_name"}) {
          auto name = c.find(field);
          if (name == c.end()) continue;
          for (size_t i = 0; i < langs.size(); ++i) {
            AddName(it->second, langs[i], translate(langs[i], "iso_3166-1", name->second, latin[i]),
                    kIsoCountries);
          }
        }
      }
    }
  }
  step(2);

  // 3. iso-codes ISO 3166-2: the subdivisions and their translations.
  {
    Result<std::vector<std::map<std::string, std::string>>> subdivisions =
        ReadIsoCodesJson(options.iso_codes_dir + "/iso_3166-2.json", "3166-2");
    if (!subdivisions) {
      sources[kIsoSubdivisions].detail = subdivisions.error().message;
      Warn(options, "iso-codes ISO 3166-2 skipped: " + subdivisions.error().message +
                        " (install Debian's iso-codes package)");
    } else {
      sources[kIsoSubdivisions].available = true;
      for (const auto& s : *subdivisions) {
        auto code = s.find("code");
        auto name = s.find("name");
        if (code == s.end() || name == s.end() || IsGenericName(name->second)) continue;
        Place& p = places[code->second];
        auto type = s.find("type");
        if (type != s.end()) p.type = type->second;
        p.ids.push_back({"isoCode", code->second, "", ""});
        p.ids.push_back({"country", code->second.substr(0, 2), "", ""});
        for (size_t i = 0; i < langs.size(); ++i) {
          AddName(p, langs[i], translate(langs[i], "iso_3166-2", name->second, latin[i]),
                  kIsoSubdivisions);
        }
      }
    }
  }
  step(3);

  // 4. CLDR subdivisions (Debian unicode-cldr-core), when installed.
  {
    std::string dir = options.cldr_dir + "/subdivisions";
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      sources[kCldrSubdivisions].detail =
          dir + " not found (Debian package unicode-cldr-core is not installed)";
      Warn(options, "CLDR subdivision names skipped: " + sources[kCldrSubdivisions].detail);
    } else {
      sources[kCldrSubdivisions].available = true;
      for (const std::string& lang : langs) {
        std::string underscored = lang;
        std::replace(underscored.begin(), underscored.end(), '-', '_');
        Result<std::map<std::string, std::string>> names =
            ReadCldrSubdivisions(dir + "/" + underscored + ".xml");
        if (!names && names.error().code == ErrorCode::kNotFound && underscored != Primary(lang)) {
          names = ReadCldrSubdivisions(dir + "/" + Primary(lang) + ".xml");
        }
        if (!names) {
          if (names.error().code != ErrorCode::kNotFound) Warn(options, names.error().message);
          continue;
        }
        for (const auto& [code, name] : *names) {
          auto it = places.find(code);
          if (it == places.end()) continue;  // only the ISO subdivisions iso-codes lists
          AddName(it->second, lang, name, kCldrSubdivisions);
        }
      }
    }
  }
  step(4);

  // 5. Exemplar cities of the canonical time zones (not Antarctic stations).
  {
    std::vector<std::unique_ptr<icu::TimeZoneNames>> tznames;
    for (const std::string& lang : langs) {
      UErrorCode st = U_ZERO_ERROR;
      tznames.emplace_back(icu::TimeZoneNames::createInstance(IcuLocale(lang), st));
      if (U_FAILURE(st)) tznames.back().reset();
    }
    UErrorCode st = U_ZERO_ERROR;
    std::unique_ptr<icu::StringEnumeration> zones(icu::TimeZone::createTimeZoneIDEnumeration(
        UCAL_ZONE_TYPE_CANONICAL_LOCATION, nullptr, nullptr, st));
    std::vector<std::string> ids;
    if (U_SUCCESS(st)) {
      while (const icu::UnicodeString* id = zones->snext(st)) {
        if (U_FAILURE(st)) break;
        ids.push_back(Utf8(*id));
      }
    }
    std::sort(ids.begin(), ids.end());
    for (const std::string& id : ids) {
      if (id.starts_with("Antarctica/") || id.starts_with("Etc/")) continue;
      std::string derived = id.substr(id.rfind('/') + 1);
      std::replace(derived.begin(), derived.end(), '_', ' ');
      Place& p = places["tz:" + id];
      p.type = "city";
      p.ids.push_back({"timeZone", id, "", ""});
      char region[8] = "";
      UErrorCode rs = U_ZERO_ERROR;
      icu::TimeZone::getRegion(icu::UnicodeString::fromUTF8(id), region, sizeof region, rs);
      if (U_SUCCESS(rs) && region[0]) p.ids.push_back({"country", region, "", ""});
      for (size_t i = 0; i < langs.size(); ++i) {
        if (!tznames[i]) continue;
        icu::UnicodeString name;
        tznames[i]->getExemplarLocationName(icu::UnicodeString::fromUTF8(id), name);
        std::string text = Utf8(name);
        if (text.empty() || (Primary(langs[i]) != "en" && text == derived && !latin[i])) continue;
        AddName(p, langs[i], text, kIcuCities);
      }
    }
  }
  step(5);

  // 6. The curated layer: merges the places it names and puts its forms first.
  for (const CuratedPlace& c : CuratedPlaces()) {
    std::vector<std::string> keys = SplitList(c.keys, ' ');
    if (keys.empty()) continue;
    Place& p = places[keys[0]];
    for (size_t k = 1; k < keys.size(); ++k) {
      auto other = places.find(keys[k]);
      if (other == places.end()) continue;
      for (auto& [lang, names] : other->second.names) {
        for (Name& n : names) AddName(p, lang, std::move(n.text), n.source);
      }
      for (Prop& id : other->second.ids) p.ids.push_back(std::move(id));
      places.erase(other);
    }
    p.curated = true;
    p.type = std::string(c.type);
    if (keys[0].starts_with("city:") || keys[0].starts_with("region:")) {
      p.ids.push_back({"country", std::string(c.country), "", ""});
    }
    const std::pair<const char*, std::string_view> preferred[] = {
        {"en", c.en}, {"uk", c.uk}, {"ru", c.ru}, {"ko", c.ko}};
    for (const std::string& lang : langs) {
      const std::string primary = Primary(lang);
      std::vector<Name>& names = p.names[lang];
      std::vector<Name> front;
      for (const auto& [l, text] : preferred) {
        if (primary == l && !text.empty()) front.push_back({std::string(text), TermStatus::kPreferred, kCurated, {}});
      }
      for (const std::string& alias : SplitList(c.aliases, '|')) {
        size_t colon = alias.find(':');
        if (alias.substr(0, colon) == primary) {
          front.push_back({alias.substr(colon + 1), TermStatus::kAdmitted, kCurated, {}});
        }
      }
      // Korean oblasts: 도네츠크주 is also written 도네츠크 주.
      if (primary == "ko" && (c.type == "oblast") && !front.empty()) {
        const std::string& t = front[0].text;
        const std::string ju = "주";
        if (t.size() > ju.size() && t.ends_with(ju)) {
          front[0].forms.push_back(t.substr(0, t.size() - ju.size()) + " " + ju);
        }
      }
      if (!front.empty()) {
        for (Name& n : names) {
          if (n.status == TermStatus::kPreferred || n.status == TermStatus::kUnspecified) {
            n.status = TermStatus::kAdmitted;
          }
        }
        std::erase_if(names, [&](const Name& n) {
          return std::any_of(front.begin(), front.end(), [&](const Name& f) { return f.text == n.text; });
        });
        names.insert(names.begin(), front.begin(), front.end());
      }
      for (const std::string& bad : SplitList(c.deprecated, '|')) {
        size_t colon = bad.find(':');
        if (bad.substr(0, colon) != primary) continue;
        std::string text = bad.substr(colon + 1);
        auto it = std::find_if(names.begin(), names.end(), [&](const Name& n) { return n.text == text; });
        if (it != names.end()) {
          it->status = TermStatus::kDeprecated;
        } else {
          names.push_back({std::move(text), TermStatus::kDeprecated, kCurated, {}});
        }
      }
      if (names.empty()) p.names.erase(lang);
    }
  }
  step(6);

  // 7. Entries: the first name of a language is preferred, the others
  // admitted; kept when they have at least two of the languages.
  BuiltinGlossary out;
  const size_t min_langs = std::min<size_t>(2, langs.size());
  for (auto& [key, p] : places) {
    size_t with_names = 0;
    for (const std::string& lang : langs) {
      auto it = p.names.find(lang);
      if (it != p.names.end() && !it->second.empty()) ++with_names;
    }
    if (with_names < min_langs) continue;
    TermEntry e;
    e.entry_id = key;
    e.subject = "geography";
    std::set<int> used;
    for (const std::string& lang : langs) {
      auto it = p.names.find(lang);
      if (it == p.names.end()) continue;
      bool first = true;
      for (Name& n : it->second) {
        Term t;
        t.lang = lang;
        t.text = n.text;
        t.forms = n.forms;
        t.case_sensitive = CaseSensitiveName(n.text);
        t.part_of_speech = "properNoun";
        t.status = n.status;
        if (t.status == TermStatus::kUnspecified) {
          t.status = first ? TermStatus::kPreferred : TermStatus::kAdmitted;
        }
        if (t.status != TermStatus::kDeprecated) first = false;
        t.source = sources[n.source].name + "; licence " + sources[n.source].license;
        used.insert(n.source);
        e.terms.push_back(std::move(t));
        ++out.terms_per_lang[lang];
      }
    }
    if (!p.type.empty()) e.extra.push_back({"placeType", p.type, "", ""});
    std::set<std::pair<std::string, std::string>> seen;
    for (const Prop& id : p.ids) {
      if (seen.insert({id.type, id.text}).second) e.extra.push_back(id);
    }
    std::string note = "Built-in places glossary. Sources:";
    for (int s : used) {
      note += (s == *used.begin() ? " " : "; ") + sources[s].name + " (" + sources[s].license + ")";
      ++sources[s].entries;
    }
    e.note = note + ".";
    out.entries.push_back(std::move(e));
  }
  out.sources = std::move(sources);
  step(7);
  return out;
}

}  // namespace tmkit
