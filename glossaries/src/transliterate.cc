// Transliteration suggestions: the Ukrainian national romanisation (a table),
// ICU transliterators for Russian, Korean and other scripts, and the name
// finder of SuggestNames. The rules and their reasons are in doc/terms.md
// ("Transliteration suggestions").
#include "tmkit/glossaries/transliterate.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <span>
#include <unordered_set>

#include "term_keys.h"
#include "tmkit/core/language.h"

namespace tmkit {
namespace {

// --- Code points -------------------------------------------------------------

// The NFC code points of `s` (invalid UTF-8 bytes read as U+FFFD).
std::u32string NfcCodePoints(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_SUCCESS(status)) {
    icu::UnicodeString n = nfc->normalize(u, status);
    if (U_SUCCESS(status)) u = std::move(n);
  }
  std::u32string out;
  out.reserve(u.length());
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    out.push_back(static_cast<char32_t>(u.char32At(i)));
  }
  return out;
}

void AppendUtf8(char32_t c, std::string* out) {
  char buf[4];
  int32_t len = 0;
  U8_APPEND_UNSAFE(buf, len, static_cast<UChar32>(c));
  out->append(buf, len);
}

std::string ToUtf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (char32_t c : s) AppendUtf8(c, &out);
  return out;
}

UScriptCode ScriptOf(char32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
  return U_SUCCESS(status) ? script : USCRIPT_COMMON;
}

bool IsLetter(char32_t c) { return u_isalpha(static_cast<UChar32>(c)); }
bool IsUpper(char32_t c) { return u_isupper(static_cast<UChar32>(c)); }
bool IsMark(char32_t c) { return u_getCombiningClass(static_cast<UChar32>(c)) != 0 ||
                                 u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK; }
bool IsCyrillicLetter(char32_t c) { return IsLetter(c) && ScriptOf(c) == USCRIPT_CYRILLIC; }

// Apostrophes written inside Ukrainian words: ' ’ ʼ (and the rarer ‘ `).
bool IsApostrophe(char32_t c) {
  return c == U'\'' || c == U'\u2019' || c == U'\u02BC' || c == U'\u2018' || c == U'`';
}

// --- ICU transliterators -------------------------------------------------------

// The transliterator with this ICU id, built once per thread; null when ICU
// cannot build it (missing data).
icu::Transliterator* CachedTransliterator(const char* id) {
  thread_local std::map<std::string, std::unique_ptr<icu::Transliterator>, std::less<>> cache;
  auto it = cache.find(std::string_view(id));
  if (it == cache.end()) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
        icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
    if (U_FAILURE(status)) t.reset();
    it = cache.emplace(id, std::move(t)).first;
  }
  return it->second.get();
}

// `run` through the ICU transliterator `id`; unchanged when there is none.
std::string IcuTransliterate(std::u32string_view run, const char* id) {
  icu::Transliterator* t = CachedTransliterator(id);
  std::string utf8 = ToUtf8(run);
  if (t == nullptr) return utf8;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
  t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

// Diacritics (after NFD), the BGN primes ʹ ʺ, the BGN separator · and
// apostrophes removed: the ASCII-ish form English news writes.
std::string StripToNewsForm(std::string_view latin) {
  std::u32string cps;
  {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(latin.data(), static_cast<int32_t>(latin.size())));
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_SUCCESS(status)) {
      icu::UnicodeString n = nfd->normalize(u, status);
      if (U_SUCCESS(status)) u = std::move(n);
    }
    for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) cps.push_back(u.char32At(i));
  }
  std::string out;
  for (char32_t c : cps) {
    if (IsMark(c) || c == U'\u02B9' || c == U'\u02BA' || c == U'\u00B7' || c == U'\'' ||
        c == U'"' || c == U'\u2019') {
      continue;
    }
    AppendUtf8(c, &out);
  }
  return out;
}

// --- Ukrainian: KMU Resolution 55 (2010) ------------------------------------------

// One lower-case letter's romanisation: `initial` at the start of a word,
// `medial` elsewhere (they differ only for є ї й ю я, and ё in borrowed text).
struct UkLetter {
  char32_t letter;
  const char* initial;
  const char* medial;
};

constexpr std::array<UkLetter, 38> kUkrainian = {{
    {U'а', "a", "a"},     {U'б', "b", "b"},   {U'в', "v", "v"},       {U'г', "h", "h"},
    {U'ґ', "g", "g"},     {U'д', "d", "d"},   {U'е', "e", "e"},       {U'є', "ye", "ie"},
    {U'ж', "zh", "zh"},   {U'з', "z", "z"},   {U'и', "y", "y"},       {U'і', "i", "i"},
    {U'ї', "yi", "i"},    {U'й', "y", "i"},   {U'к', "k", "k"},       {U'л', "l", "l"},
    {U'м', "m", "m"},     {U'н', "n", "n"},   {U'о', "o", "o"},       {U'п', "p", "p"},
    {U'р', "r", "r"},     {U'с', "s", "s"},   {U'т', "t", "t"},       {U'у', "u", "u"},
    {U'ф', "f", "f"},     {U'х', "kh", "kh"}, {U'ц', "ts", "ts"},     {U'ч', "ch", "ch"},
    {U'ш', "sh", "sh"},   {U'щ', "shch", "shch"}, {U'ь', "", ""},     {U'ю', "yu", "iu"},
    {U'я', "ya", "ia"},
    // Not Ukrainian letters, found in quoted Russian or Belarusian names.
    {U'ё', "yo", "io"},   {U'ы', "y", "y"},   {U'э', "e", "e"},       {U'ъ', "", ""},
    {U'ў', "u", "u"},
}};

const UkLetter* FindUkLetter(char32_t lower) {
  for (const UkLetter& l : kUkrainian) {
    if (l.letter == lower) return &l;
  }
  return nullptr;
}

// The next letter of the word after position i (apostrophes inside the word
// skipped), or 0.
char32_t NextLetter(std::u32string_view s, size_t i) {
  for (size_t j = i + 1; j < s.size(); ++j) {
    if (IsLetter(s[j])) return s[j];
    if (!(IsApostrophe(s[j]) || IsMark(s[j]))) return 0;
  }
  return 0;
}

char32_t PrevLetter(std::u32string_view s, size_t i) {
  for (size_t j = i; j-- > 0;) {
    if (IsLetter(s[j])) return s[j];
    if (!(IsApostrophe(s[j]) || IsMark(s[j]))) return 0;
  }
  return 0;
}

// Appends `latin` (lower case) in the case the source letter calls for:
// lower, all caps (the neighbouring letter of the word is upper case too:
// ЩОРС → SHCHORS) or title (Щорс → Shchors).
void AppendCased(std::string_view latin, bool upper, bool all_caps, std::string* out) {
  for (size_t k = 0; k < latin.size(); ++k) {
    char c = latin[k];
    if (upper && (all_caps || k == 0)) c = static_cast<char>(c - 'a' + 'A');
    out->push_back(c);
  }
}

// The Ukrainian national romanisation of `s`; non-Cyrillic characters are
// kept, Cyrillic letters outside the table go through Any-Latin; Latin-ASCII.
std::string RomanizeUkrainian(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (size_t i = 0; i < s.size(); ++i) {
    const char32_t c = s[i];
    const bool prev_is_letter = i > 0 && IsLetter(s[i - 1]);
    if (IsApostrophe(c) && i > 0 && i + 1 < s.size() && IsCyrillicLetter(s[i - 1]) &&
        IsCyrillicLetter(s[i + 1])) {
      continue;  // Кам'янське → Kamianske
    }
    if (IsMark(c) && i > 0 && IsCyrillicLetter(s[i - 1])) continue;  // stress marks
    if (!IsCyrillicLetter(c)) {
      AppendUtf8(c, &out);
      continue;
    }
    const char32_t lower = static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
    const UkLetter* letter = FindUkLetter(lower);
    if (letter == nullptr) {
      out += StripToNewsForm(IcuTransliterate(s.substr(i, 1), "Any-Latin; Latin-ASCII"));
      continue;
    }
    // Word-initial: not after a letter, nor after an apostrophe inside a word.
    const bool medial =
        prev_is_letter || (i >= 2 && IsApostrophe(s[i - 1]) && IsLetter(s[i - 2])) ||
        (i >= 1 && IsMark(s[i - 1]));
    std::string_view latin = medial ? letter->medial : letter->initial;
    // зг → zgh, to keep it apart from ж (zh): Згурівка → Zghurivka.
    if (lower == U'г' && i > 0 && u_tolower(static_cast<UChar32>(s[i - 1])) == U'з') {
      latin = "gh";
    }
    const bool upper = IsUpper(c);
    bool all_caps = false;
    if (upper) {
      const char32_t next = NextLetter(s, i);
      const char32_t prev = PrevLetter(s, i);
      all_caps = next != 0 ? IsUpper(next) : (prev != 0 && IsUpper(prev));
    }
    AppendCased(latin, upper, all_caps, &out);
  }
  return out;
}

// --- Runs of one script --------------------------------------------------------

enum class RunKind { kKeep, kCyrillic, kHangul, kOther };

RunKind KindOf(char32_t c) {
  switch (ScriptOf(c)) {
    case USCRIPT_LATIN:
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED:
    case USCRIPT_UNKNOWN:
      return RunKind::kKeep;
    case USCRIPT_CYRILLIC:
      return RunKind::kCyrillic;
    case USCRIPT_HANGUL:
      return RunKind::kHangul;
    default:
      return RunKind::kOther;
  }
}

// Hangul-Latin on one run of Hangul: syllable hyphens removed (pyeong-yang →
// pyeongyang), the first letter capitalised when the run starts a word.
std::string RomanizeHangul(std::u32string_view run, bool word_start) {
  std::string latin = IcuTransliterate(run, "Hangul-Latin");
  std::erase(latin, '-');
  if (word_start && !latin.empty() && latin[0] >= 'a' && latin[0] <= 'z') {
    latin[0] = static_cast<char>(latin[0] - 'a' + 'A');
  }
  return latin;
}

enum class Scheme { kUkrainian, kRussian, kOther };

Scheme SchemeOf(std::string_view lang) {
  const std::string primary = PrimaryLanguage(lang);
  if (primary == "uk") return Scheme::kUkrainian;
  if (primary == "ru") return Scheme::kRussian;
  return Scheme::kOther;
}

std::string RomanizeCodePoints(std::u32string_view s, Scheme scheme) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    const RunKind kind = KindOf(s[i]);
    if (kind == RunKind::kKeep) {
      AppendUtf8(s[i], &out);
      ++i;
      continue;
    }
    // The run: characters of this kind, combining marks, and apostrophes
    // between two of its letters (Кам'янське is one run).
    size_t j = i + 1;
    while (j < s.size()) {
      if (KindOf(s[j]) == kind || IsMark(s[j])) {
        ++j;
      } else if (IsApostrophe(s[j]) && j + 1 < s.size() && KindOf(s[j + 1]) == kind) {
        j += 2;
      } else {
        break;
      }
    }
    const std::u32string_view run = s.substr(i, j - i);
    const bool word_start = i == 0 || !IsLetter(s[i - 1]);
    switch (kind) {
      case RunKind::kCyrillic:
        if (scheme == Scheme::kUkrainian) {
          out += RomanizeUkrainian(run);
        } else if (scheme == Scheme::kRussian) {
          out += StripToNewsForm(IcuTransliterate(run, "Russian-Latin/BGN"));
        } else {
          out += StripToNewsForm(IcuTransliterate(run, "Any-Latin; Latin-ASCII"));
        }
        break;
      case RunKind::kHangul:
        out += RomanizeHangul(run, word_start);
        break;
      default:
        out += IcuTransliterate(run, "Any-Latin; Latin-ASCII");
        break;
    }
    i = j;
  }
  return out;
}

// --- Name finding (SuggestNames) --------------------------------------------------

// Capitalised at a sentence start, never names: prepositions, conjunctions,
// pronouns and particles of Ukrainian and Russian.
const std::unordered_set<std::u32string>& FunctionWords() {
  static const std::unordered_set<std::u32string> kWords = {
      // Ukrainian
      U"у", U"в", U"до", U"на", U"за", U"з", U"зі", U"із", U"від", U"по", U"про", U"під",
      U"над", U"між", U"при", U"через", U"для", U"без", U"після", U"перед", U"біля", U"та",
      U"і", U"й", U"а", U"але", U"або", U"що", U"як", U"це", U"цей", U"ця", U"ці", U"той",
      U"те", U"ті", U"ми", U"ви", U"вони", U"він", U"вона", U"воно", U"я", U"ти", U"їх",
      U"їм", U"його", U"її", U"їй", U"не", U"ні", U"вже", U"також", U"тому", U"коли", U"де",
      U"там", U"тут", U"усі", U"всі", U"все", U"якщо", U"щоб", U"хоча", U"проте", U"однак",
      U"крім", U"згідно", U"серед", U"навіть", U"лише", U"тільки", U"ще", U"наш", U"наша",
      U"наші", U"ваш", U"свій", U"який", U"яка", U"які", U"хто", U"чому", U"тоді", U"потім",
      // Russian (the words not above)
      U"во", U"из", U"от", U"под", U"около", U"и", U"но", U"или", U"что", U"это", U"этот", U"эта",
      U"эти", U"тот", U"они", U"он", U"она", U"оно", U"им", U"его", U"ее", U"её", U"уже",
      U"также", U"поэтому", U"когда", U"где", U"всё", U"если", U"чтобы", U"хотя", U"однако",
      U"кроме", U"согласно", U"среди", U"даже", U"лишь", U"только", U"ещё", U"еще", U"со", U"ко",
      U"об", U"о", U"с", U"к", U"после", U"свой", U"который", U"которая", U"которые", U"кто",
      U"почему", U"тогда", U"потом", U"между",
  };
  return kWords;
}

std::u32string Lower(std::u32string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (char32_t c : s) out.push_back(static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
  return out;
}

// A word of the text, from the ICU word break iterator.
struct Word {
  size_t byte_begin = 0, byte_end = 0;  // an initial's span includes its period
  int start = 0, end = 0;               // code points
  std::u32string cps;                   // as written (not normalised)
  bool cyrillic = false;                // has a Cyrillic letter
  bool capitalised = false;             // first letter upper case
  bool all_caps = false;                // two letters or more, all upper case
  bool lower = false;                   // first letter lower case
  int letters = 0;
  bool initial = false;                 // initials and their period: В., В.О.
  bool sentence_start = false;
  bool candidate = false;               // may be (part of) a name
};

std::u32string DecodeRaw(std::string_view s) {
  std::u32string out;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    out.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
  }
  return out;
}

bool IsSentenceEnd(char32_t c) { return c == U'.' || c == U'!' || c == U'?' || c == U'…'; }

bool IsQuoteOrBracket(char32_t c) {
  const int8_t type = u_charType(static_cast<UChar32>(c));
  return type == U_INITIAL_PUNCTUATION || type == U_FINAL_PUNCTUATION ||
         type == U_START_PUNCTUATION || type == U_END_PUNCTUATION || c == U'"' || c == U'\'';
}

bool IsLineBreak(char32_t c) {
  return c == U'\n' || c == U'\r' || c == U'\u2028' || c == U'\u2029' || c == U'\u0085';
}

// Whether the word starting at code point `pos` of `text` starts a sentence:
// only spaces, quotes, brackets and dashes separate it from the start of the
// text, a line break, or a sentence end (. ! ? …) — a period after an
// abbreviation (м., вул., обл.) or an initial (В.) does not end a sentence.
bool StartsSentence(std::u32string_view text, size_t pos) {
  bool quoted = false;
  size_t i = pos;
  while (i > 0) {
    const char32_t c = text[i - 1];
    if (IsLineBreak(c)) return true;
    if (u_isUWhiteSpace(static_cast<UChar32>(c))) {
      --i;
    } else if (IsQuoteOrBracket(c) || u_charType(static_cast<UChar32>(c)) == U_DASH_PUNCTUATION) {
      quoted = true;
      --i;
    } else {
      break;
    }
  }
  if (i == 0) return true;
  const char32_t c = text[i - 1];
  if (c == U':') return quoted;  // заявив: «Ми …
  if (!IsSentenceEnd(c)) return false;
  if (c != U'.') return true;
  // The word before the period: an initial or a short lower-case abbreviation?
  size_t j = i - 1;
  size_t letters = 0;
  bool any_upper = false;
  while (j > 0 && IsLetter(text[j - 1])) {
    any_upper = any_upper || IsUpper(text[j - 1]);
    ++letters;
    --j;
  }
  if (letters == 1 && any_upper) return false;                // В. Зеленський
  if (letters >= 1 && letters <= 3 && !any_upper) return false;  // м. Київ, вул. Хрещатик
  return true;
}

// One upper-case letter, or several joined by periods (В, В.О: ICU reads
// "В.О" as one word); with the period that follows, initials.
bool IsInitials(std::u32string_view cps) {
  if (cps.size() % 2 == 0) return false;
  for (size_t k = 0; k < cps.size(); ++k) {
    if (k % 2 == 0 ? !(IsLetter(cps[k]) && IsUpper(cps[k])) : cps[k] != U'.') return false;
  }
  return true;
}

// The Word records of `text`; code-point offsets count the text as written.
std::vector<Word> ReadWords(std::string_view text, std::string_view lang,
                            std::u32string* all) {
  std::vector<internal::WordSpan> spans;
  internal::SplitWords(text, lang, &spans);
  *all = DecodeRaw(text);
  std::vector<Word> words;
  words.reserve(spans.size());
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t byte = 0;
  int cp = 0;
  for (const internal::WordSpan& span : spans) {
    while (byte < static_cast<int32_t>(span.begin)) {
      U8_FWD_1(p, byte, n);
      ++cp;
    }
    Word w;
    w.byte_begin = span.begin;
    w.byte_end = span.end;
    w.start = cp;
    while (byte < static_cast<int32_t>(span.end)) {
      U8_FWD_1(p, byte, n);
      ++cp;
    }
    w.end = cp;
    w.cps = all->substr(w.start, w.end - w.start);
    bool first_letter = true;
    bool every_upper = true;
    for (char32_t c : w.cps) {
      if (!IsLetter(c)) continue;
      ++w.letters;
      if (ScriptOf(c) == USCRIPT_CYRILLIC) w.cyrillic = true;
      if (first_letter) {
        w.capitalised = IsUpper(c);
        w.lower = u_islower(static_cast<UChar32>(c));
        first_letter = false;
      }
      every_upper = every_upper && IsUpper(c);
    }
    w.all_caps = w.letters >= 2 && every_upper && !IsInitials(w.cps);
    if (IsInitials(w.cps) && static_cast<size_t>(w.end) < all->size() &&
        (*all)[w.end] == U'.') {
      w.initial = true;
      w.byte_end += 1;
      w.end += 1;
      w.cps.push_back(U'.');
      ++byte;
      ++cp;
    }
    w.sentence_start = StartsSentence(*all, static_cast<size_t>(w.start));
    words.push_back(std::move(w));
  }
  return words;
}

bool OverlapsKnown(const Word& w, const std::vector<TermHit>& known) {
  return std::any_of(known.begin(), known.end(), [&](const TermHit& h) {
    return w.start < h.end && h.start < w.end;
  });
}

// The characters between two words of a name: spaces (not a line break), one
// hyphen, or nothing after an initial (В.О. Зеленський).
bool JoinsName(std::u32string_view gap, const Word& before) {
  if (gap.empty()) return before.initial;
  if (gap.size() == 1 && (gap[0] == U'-' || gap[0] == U'\u2010' || gap[0] == U'\u2011')) {
    return !before.initial;
  }
  return std::all_of(gap.begin(), gap.end(), [](char32_t c) {
    return u_isUWhiteSpace(static_cast<UChar32>(c)) && !IsLineBreak(c);
  });
}

bool IsHyphenGap(std::u32string_view gap) {
  return gap.size() == 1 && (gap[0] == U'-' || gap[0] == U'\u2010' || gap[0] == U'\u2011');
}

struct Ending {
  std::u32string_view stem_end;  // what the stem must end with
  std::u32string_view ending;    // the inflected ending, removed
  std::u32string_view base;      // the dictionary ending, added
};

// Adjectival surnames and place adjectives (-ський, -цький, -зький; ru -ский,
// -цкий) and -енко surnames: the oblique cases whose base form is certain.
constexpr Ending kUkrainianEndings[] = {
    {U"ськ", U"ого", U"ий"}, {U"ськ", U"ому", U"ий"}, {U"ськ", U"им", U"ий"},
    {U"ськ", U"ої", U"а"},   {U"ськ", U"ій", U"а"},   {U"ськ", U"ою", U"а"},
    {U"цьк", U"ого", U"ий"}, {U"цьк", U"ому", U"ий"}, {U"цьк", U"им", U"ий"},
    {U"цьк", U"ої", U"а"},   {U"цьк", U"ій", U"а"},   {U"цьк", U"ою", U"а"},
    {U"зьк", U"ого", U"ий"}, {U"зьк", U"ому", U"ий"}, {U"зьк", U"им", U"ий"},
    {U"зьк", U"ої", U"а"},   {U"зьк", U"ій", U"а"},   {U"зьк", U"ою", U"а"},
    {U"енк", U"ові", U"о"},  {U"енк", U"ом", U"о"},   {U"енк", U"а", U"о"},
    {U"енк", U"у", U"о"},
};
constexpr Ending kRussianEndings[] = {
    {U"ск", U"ого", U"ий"}, {U"ск", U"ому", U"ий"}, {U"ск", U"им", U"ий"},
    {U"ск", U"ую", U"ая"},  {U"цк", U"ого", U"ий"}, {U"цк", U"ому", U"ий"},
    {U"цк", U"им", U"ий"},  {U"цк", U"ую", U"ая"},
};

// The word with a certain oblique ending replaced by its base form's
// (Зеленського → Зеленський), or as written.
std::u32string BaseForm(const std::u32string& word, Scheme scheme) {
  std::span<const Ending> endings;
  if (scheme == Scheme::kUkrainian) endings = kUkrainianEndings;
  if (scheme == Scheme::kRussian) endings = kRussianEndings;
  const std::u32string lower = Lower(word);
  for (const Ending& e : endings) {
    const size_t tail = e.stem_end.size() + e.ending.size();
    if (lower.size() < tail + 2) continue;  // a stem of two letters at least before it
    if (std::u32string_view(lower).substr(lower.size() - e.ending.size()) != e.ending) continue;
    if (std::u32string_view(lower).substr(lower.size() - tail, e.stem_end.size()) != e.stem_end) {
      continue;
    }
    return word.substr(0, word.size() - e.ending.size()) + std::u32string(e.base);
  }
  return word;
}

}  // namespace

std::string Romanize(std::string_view text, std::string_view from_lang) {
  const std::u32string cps = NfcCodePoints(text);
  if (std::all_of(cps.begin(), cps.end(), [](char32_t c) { return KindOf(c) == RunKind::kKeep; })) {
    return std::string(text);  // Latin (or no letters at all): as written
  }
  return RomanizeCodePoints(cps, SchemeOf(from_lang));
}

std::string_view RomanizationScheme(std::string_view from_lang) {
  const std::string primary = PrimaryLanguage(from_lang);
  if (primary == "uk") return kSchemeUkrainianNational;
  if (primary == "ru") return kSchemeRussianBgn;
  if (primary == "ko") return kSchemeHangul;
  return kSchemeAnyLatin;
}

bool IsLatinScriptLanguage(std::string_view lang) {
  // ICU reads "" and malformed tags as the root locale, likely en-Latn.
  const Result<std::string> tag = NormalizeLanguageTag(lang);
  if (!tag.has_value() || PrimaryLanguage(*tag) == "und" || *tag == kAllLanguages) return false;
  lang = *tag;
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(
      icu::StringPiece(lang.data(), static_cast<int32_t>(lang.size())), status);
  if (U_FAILURE(status) || locale.isBogus()) return false;
  if (locale.getScript()[0] == '\0') locale.addLikelySubtags(status);
  return U_SUCCESS(status) && std::string_view(locale.getScript()) == "Latn";
}

std::vector<NameSuggestion> SuggestNames(std::string_view text, std::string_view src_lang,
                                         std::string_view tgt_lang,
                                         const std::vector<TermHit>& known) {
  std::vector<NameSuggestion> out;
  const Scheme scheme = SchemeOf(src_lang);
  if (scheme == Scheme::kOther || !IsLatinScriptLanguage(tgt_lang)) return out;

  std::u32string all;
  std::vector<Word> words = ReadWords(text, src_lang, &all);

  // Evidence from the rest of the text: words written in lower case (common
  // words), capitalised words seen mid-sentence (names).
  std::unordered_set<std::u32string> lower_words;
  std::unordered_set<std::u32string> mid_sentence_names;
  for (const Word& w : words) {
    if (w.lower) lower_words.insert(Lower(w.cps));
    if (w.capitalised && !w.sentence_start) mid_sentence_names.insert(w.cps);
  }
  for (Word& w : words) {
    w.candidate = w.cyrillic && w.capitalised && !w.all_caps && (w.letters >= 2 || w.initial) &&
                  !FunctionWords().contains(Lower(w.cps)) && !OverlapsKnown(w, known);
  }
  auto gap = [&](size_t a, size_t b) {  // between words a and b = a + 1
    return std::u32string_view(all).substr(words[a].end, words[b].start - words[a].end);
  };

  size_t i = 0;
  while (i < words.size()) {
    if (!words[i].candidate) {
      ++i;
      continue;
    }
    // Extend the run: candidates joined by spaces or a hyphen, and lower-case
    // connectors between hyphens (Ростов-на-Дону).
    size_t last = i;
    size_t j = i + 1;
    while (j < words.size()) {
      if (words[j].candidate && JoinsName(gap(last, j), words[last])) {
        last = j;
        ++j;
        continue;
      }
      if (words[j].lower && words[j].cyrillic && !OverlapsKnown(words[j], known) &&
          !words[last].initial && IsHyphenGap(gap(last, j)) && j + 1 < words.size() &&
          words[j + 1].candidate && IsHyphenGap(gap(j, j + 1))) {
        last = j + 1;
        j += 2;
        continue;
      }
      break;
    }
    size_t first = i;
    i = last + 1;

    auto names_in = [&](size_t a, size_t b) {
      int n = 0;
      for (size_t k = a; k <= b; ++k) n += words[k].candidate && !words[k].initial ? 1 : 0;
      return n;
    };
    if (names_in(first, last) == 0) continue;  // initials alone
    // The first word of a sentence is capitalised whatever it is (Заява
    // Зеленського, Обстріли Херсона): it counts as a name only when the text
    // capitalises it mid-sentence too, or a hyphen ties it to the next word
    // (Івано-Франківськ). Otherwise the run goes on without it.
    const Word& head = words[first];
    if (head.sentence_start && !head.initial && !mid_sentence_names.contains(head.cps) &&
        !(first < last && IsHyphenGap(gap(first, first + 1)))) {
      ++first;
      while (first <= last && !words[first].candidate) ++first;
      if (first > last || names_in(first, last) == 0) continue;
    }

    NameSuggestion s;
    s.byte_start = words[first].byte_begin;
    s.byte_end = words[last].byte_end;
    s.start = words[first].start;
    s.end = words[last].end;
    s.source = std::string(text.substr(s.byte_start, s.byte_end - s.byte_start));
    s.as_written = Romanize(s.source, src_lang);
    std::u32string base;
    for (size_t k = first; k <= last; ++k) {
      base += words[k].candidate && !words[k].initial ? BaseForm(words[k].cps, scheme)
                                                      : words[k].cps;
      if (k < last) base += gap(k, k + 1);
    }
    s.target = Romanize(ToUtf8(base), src_lang);
    s.scheme = std::string(RomanizationScheme(src_lang));
    s.suggestion = true;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace tmkit
