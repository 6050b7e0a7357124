#include "fuzz_targets.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "tmkit/core/fuzzy.h"
#include "tmkit/core/language.h"
#include "tmkit/core/lookup.h"
#include "tmkit/core/placeables.h"
#include "tmkit/core/segment.h"
#include "tmkit/core/store.h"
#include "tmkit/core/terms.h"
#include "tmkit/core/text.h"
#include "tmkit/formats/format.h"
#include "tmkit/formats/glossary_format.h"
#include "tmkit/formats/xliff.h"
#include "tmkit/glossaries/recognize.h"
#include "tmkit/glossaries/term_base.h"
#include "tsv_reader.h"       // formats/src: TsvReader::FromStream (no file needed)
#include "xliff2_validate.h"  // formats/src: ValidateXliff2Text against ValidateXliff2

namespace tmkit::fuzz {
namespace {

// ---------------------------------------------------------------------------
// Failures and checks

void RemoveScratch();

void DefaultFailure(const std::string& what) {
  std::fprintf(stderr, "tmkit fuzz invariant broken: %s\n", what.c_str());
  std::fflush(stderr);
  RemoveScratch();  // abort() skips the atexit handlers
  std::abort();
}

FailureHandler g_failure = DefaultFailure;

void Fail(const std::string& what) { g_failure(what); }

#define FUZZ_CHECK(cond, what)                                                   \
  do {                                                                           \
    if (!(cond)) Fail(std::string(__FILE__ ":") + std::to_string(__LINE__) +     \
                      ": " #cond ": " + std::string(what));                      \
  } while (0)

std::string Clip(std::string_view s) {
  std::string out(s.substr(0, 200));
  if (s.size() > 200) out += "...";
  return out;
}

// ---------------------------------------------------------------------------
// The per-process scratch folder (readers that want a path)

class Scratch;
Scratch* g_scratch = nullptr;

class Scratch {
 public:
  static Scratch& Get() {
    if (!g_scratch) g_scratch = new Scratch();  // never destroyed: atexit removes the folder
    return *g_scratch;
  }

  // Writes `data` to `name` in the folder and returns its path.
  std::string Write(const std::string& name, const uint8_t* data, size_t size) {
    std::string path = dir_ + "/" + name;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) Fail("cannot write the scratch file " + path);
    if (size && std::fwrite(data, 1, size, f) != size) Fail("cannot write " + path);
    std::fclose(f);
    return path;
  }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  const std::string& dir() const { return dir_; }

 private:
  Scratch() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/tmkit-fuzz-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) {
      std::fprintf(stderr, "tmkit fuzz: cannot create %s\n", pattern.c_str());
      std::abort();
    }
    dir_ = buf.data();
    owner_ = getpid();
    std::atexit([] { Get().Remove(); });
  }

 public:
  void Remove() {
    if (getpid() != owner_) return;  // only the process that made it removes it
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string dir_;
  pid_t owner_ = 0;
};

void RemoveScratch() {
  if (g_scratch) g_scratch->Remove();
}

// ---------------------------------------------------------------------------
// Invariants of what readers return

class ListReporter final : public Reporter {
 public:
  void Report(const Problem& p) override {
    FUZZ_CHECK(!p.message.empty(), "a reported problem without a message");
    FUZZ_CHECK(IsValidUtf8(p.message),
               "a problem message that is not UTF-8: " + Clip(p.message));
    ++count;
  }
  size_t count = 0;
};

// An error returned for an input: it has a message, in UTF-8; an invalid-input
// error from a file reader names the file (file:line: ...).
void CheckError(const Error& e, const std::string& file_name) {
  FUZZ_CHECK(!e.message.empty(), "an error without a message");
  FUZZ_CHECK(IsValidUtf8(e.message),
             "an error message that is not UTF-8: " + Clip(e.message));
  if (!file_name.empty() && e.code == ErrorCode::kInvalidInput) {
    FUZZ_CHECK(e.message.find(file_name) != std::string::npos,
               "an invalid-input error that does not name the file: " + Clip(e.message));
  }
}

bool OnCodePoint(std::string_view text, size_t offset) {
  return offset == text.size() ||
         (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80);
}

void CheckSegment(const Segment& s, const std::string& where, int depth = 0) {
  FUZZ_CHECK(depth < 64, where + ": sub-flows nested too deep");
  FUZZ_CHECK(IsValidUtf8(s.text), where + ": text not UTF-8: " + Clip(s.text));
  uint32_t last = 0;
  for (const InlineCode& c : s.codes) {
    FUZZ_CHECK(c.offset <= s.text.size(),
               where + ": code offset " + std::to_string(c.offset) + " past the text (" +
                   std::to_string(s.text.size()) + " bytes)");
    FUZZ_CHECK(c.offset >= last, where + ": codes not ordered by offset");
    FUZZ_CHECK(OnCodePoint(s.text, c.offset), where + ": code offset inside a code point");
    last = c.offset;
    for (const CodePart& part : c.data) {
      FUZZ_CHECK(IsValidUtf8(part.text), where + ": code data not UTF-8");
      for (const Segment& sub : part.sub) CheckSegment(sub, where + " (sub)", depth + 1);
    }
  }
}

void CheckUnit(const TranslationUnit& u, const std::string& where) {
  for (const Variant& v : u.variants) {
    FUZZ_CHECK(IsValidUtf8(v.lang), where + ": variant language not UTF-8");
    CheckSegment(v.segment, where + " [" + v.lang + "]");
    for (const Prop& p : v.props) FUZZ_CHECK(IsValidUtf8(p.text), where + ": prop not UTF-8");
    for (const Note& n : v.notes) FUZZ_CHECK(IsValidUtf8(n.text), where + ": note not UTF-8");
  }
  for (const Prop& p : u.props) FUZZ_CHECK(IsValidUtf8(p.text), where + ": prop not UTF-8");
  for (const Note& n : u.notes) FUZZ_CHECK(IsValidUtf8(n.text), where + ": note not UTF-8");
}

// A unit ready for the store: its index keys are ones LMDB can store (an
// empty key is MDB_BAD_VALSIZE, and the whole import fails).
void CheckPrepared(const PreparedUnit& p, const std::string& where) {
  FUZZ_CHECK(!p.dedup_key.empty(), where + ": empty dedup key");
  for (const std::string& k : p.exact_keys) FUZZ_CHECK(!k.empty(), where + ": empty exact key");
  for (const VariantTokens& v : p.tokens) {
    FUZZ_CHECK(v.keys.size() == v.hashes.size(), where + ": token keys and hashes differ in number");
    for (const std::string& k : v.keys) {
      FUZZ_CHECK(!k.empty(),
                 where + " [" + v.lang + "]: an empty fuzzy-index token key");
    }
  }
}

void CheckEntry(const TermEntry& e, const std::string& where) {
  FUZZ_CHECK(IsValidUtf8(e.definition) && IsValidUtf8(e.note) && IsValidUtf8(e.subject),
             where + ": entry text not UTF-8");
  for (const Term& t : e.terms) {
    FUZZ_CHECK(IsValidUtf8(t.text), where + ": term not UTF-8: " + Clip(t.text));
    FUZZ_CHECK(IsValidUtf8(t.lang), where + ": term language not UTF-8");
    for (const std::string& f : t.forms) FUZZ_CHECK(IsValidUtf8(f), where + ": form not UTF-8");
    FUZZ_CHECK(IsValidUtf8(t.definition) && IsValidUtf8(t.context) && IsValidUtf8(t.note),
               where + ": term text not UTF-8");
  }
}

constexpr size_t kMaxItems = 100000;  // units or entries read from one input

// ---------------------------------------------------------------------------
// Unit import (tmkit import): OpenReader, Next, PrepareUnit, as ReadInto does
// (without its threads). Returns the error when reading failed.

std::optional<Error> ImportOnce(const std::string& path, const std::string& name, Format format,
                                ReadOptions ro) {
  ListReporter reporter;
  ro.reporter = &reporter;
  Result<std::unique_ptr<UnitReader>> reader = OpenReader(path, format, ro);
  if (!reader) {
    CheckError(reader.error(), name);
    return reader.error();
  }
  std::optional<Error> error;
  for (size_t n = 0; n < kMaxItems; ++n) {
    TranslationUnit unit;
    Result<bool> more = (*reader)->Next(&unit);
    if (!more) {
      CheckError(more.error(), name);
      error = more.error();
      break;
    }
    if (!*more) break;
    CheckUnit(unit, name + ": unit " + std::to_string(n + 1));
    Result<PreparedUnit> prepared = PrepareUnit(std::move(unit));
    if (prepared) {
      CheckPrepared(*prepared, name + ": unit " + std::to_string(n + 1));
    } else {
      CheckError(prepared.error(), "");
    }
  }
  const FileHeader& header = (*reader)->header();
  for (const Prop& p : header.props) FUZZ_CHECK(IsValidUtf8(p.text), "header prop not UTF-8");
  for (const Note& n : header.notes) FUZZ_CHECK(IsValidUtf8(n.text), "header note not UTF-8");
  for (const auto& [reason, count] : (*reader)->NotImported()) {
    FUZZ_CHECK(!reason.empty() && count > 0, "an empty not-imported reason");
  }
  FUZZ_CHECK((*reader)->bytes_read() <= std::filesystem::file_size(path) + 4,
             "bytes_read past the end of the file");
  return error;
}

// Import as a user would: --on-error fail, and after a failure --on-error skip.
void Import(const std::string& path, const std::string& name, Format format,
            ReadOptions ro = {}) {
  ro.on_error = OnBadInput::kFail;
  if (!ImportOnce(path, name, format, ro)) return;
  ro.on_error = OnBadInput::kSkip;
  ImportOnce(path, name, format, ro);
}

// The pretranslate/analyze path (XliffDocument): open, fill one target
// exactly and one fuzzily, write, and read the result back.
void PretranslateXliff(const std::string& path, const std::string& name) {
  Result<std::unique_ptr<XliffDocument>> doc = XliffDocument::Open(path, {});
  if (!doc) {
    CheckError(doc.error(), name);
    return;
  }
  const std::vector<XliffSegment>& segments = (*doc)->segments();
  int filled = 0;
  for (size_t i = 0; i < segments.size() && i < kMaxItems; ++i) {
    const XliffSegment& s = segments[i];
    CheckSegment(s.source, name + ": segment " + s.id + " source");
    CheckSegment(s.target, name + ": segment " + s.id + " target");
    FUZZ_CHECK(IsValidUtf8(s.id) && IsValidUtf8(s.state) && IsValidUtf8(s.previous_source),
               name + ": segment fields not UTF-8");
    if (filled < 2 && s.translatable && s.target_empty) {
      XliffFill fill;
      fill.target = Segment{"Fuzz target <&> \"x\"", {}};
      fill.score = filled == 0 ? 100 : 80;
      fill.origin = "fuzz.tmx";
      fill.match_source = s.source;
      Status st = (*doc)->Fill(i, fill);
      if (!st) {  // e.g. a 2.x file without trgLang: pretranslate asks for --tgt
        CheckError(st.error(), "");
        break;
      }
      ++filled;
    }
  }
  Status bad_index = (*doc)->Fill(segments.size(), XliffFill{});
  FUZZ_CHECK(!bad_index.has_value(), "Fill past the last segment succeeded");
  if (filled == 0) return;
  const std::string out = Scratch::Get().Path("out.xlf");
  Status written = (*doc)->Write(out);
  if (!written) {
    CheckError(written.error(), "");
    return;
  }
  // What pretranslate wrote must open again, with the same segments.
  Result<std::unique_ptr<XliffDocument>> again = XliffDocument::Open(out, {});
  FUZZ_CHECK(again.has_value(), "the pretranslated file does not open again: " +
                                    (again ? std::string() : Clip(again.error().message)));
  FUZZ_CHECK((*again)->segments().size() == segments.size(),
             "the pretranslated file has " + std::to_string((*again)->segments().size()) +
                 " segments, the input " + std::to_string(segments.size()));
}

// ---------------------------------------------------------------------------
// Term import (tmkit term import): DetectGlossaryFormat, OpenEntryReader,
// Next, PrepareEntry + FinishPreparing, as ReadEntriesInto does.

std::optional<Error> TermImportOnce(const std::string& path, const std::string& name,
                                    GlossaryFormat format, GlossaryReadOptions ro) {
  ListReporter reporter;
  ro.reporter = &reporter;
  Result<std::unique_ptr<EntryReader>> reader = OpenEntryReader(path, format, ro);
  if (!reader) {
    CheckError(reader.error(), name);
    return reader.error();
  }
  std::optional<Error> error;
  for (size_t n = 0; n < kMaxItems; ++n) {
    TermEntry entry;
    Result<bool> more = (*reader)->Next(&entry);
    if (!more) {
      CheckError(more.error(), name);
      error = more.error();
      break;
    }
    if (!*more) break;
    CheckEntry(entry, name + ": entry " + std::to_string(n + 1));
    PreparedEntry prepared = PrepareEntry(std::move(entry));
    if (Status st = FinishPreparing(&prepared); !st) CheckError(st.error(), "");
  }
  FUZZ_CHECK((*reader)->bytes_read() <= std::filesystem::file_size(path) + 4,
             "bytes_read past the end of the file");
  return error;
}

void TermImport(const std::string& path, const std::string& name, GlossaryFormat format,
                GlossaryReadOptions ro = {}) {
  ro.on_error = OnBadInput::kFail;
  if (!TermImportOnce(path, name, format, ro)) return;
  ro.on_error = OnBadInput::kSkip;
  TermImportOnce(path, name, format, ro);
}

void TbxTarget(const uint8_t* data, size_t size) {
  const std::string name = "in.tbx";
  const std::string path = Scratch::Get().Write(name, data, size);
  Result<GlossaryFormat> detected = DetectGlossaryFormat(path, GlossaryFormat::kAuto);
  if (!detected) {
    CheckError(detected.error(), name);
    return;
  }
  TermImport(path, name, *detected);
}

// ---------------------------------------------------------------------------
// Text targets

constexpr const char* kLangs[] = {"en", "uk", "ru", "ko", "de", "fr", "ja"};
constexpr size_t kNumLangs = sizeof(kLangs) / sizeof(kLangs[0]);

void CheckSentences(const std::vector<Sentence>& sentences, size_t text_size,
                    const std::string& what) {
  uint32_t paragraph = 0;
  for (size_t i = 0; i < sentences.size(); ++i) {
    const Sentence& s = sentences[i];
    const std::string at = what + ": sentence " + std::to_string(i);
    FUZZ_CHECK(IsValidUtf8(s.text), at + " not UTF-8");
    FUZZ_CHECK(!s.text.empty(), at + " is empty");
    FUZZ_CHECK(s.begin <= s.end && s.end <= text_size,
               at + " spans [" + std::to_string(s.begin) + ", " + std::to_string(s.end) +
                   ") of " + std::to_string(text_size) + " bytes");
    FUZZ_CHECK(s.paragraph >= paragraph, at + ": paragraph index goes back");
    paragraph = s.paragraph;
  }
}

std::vector<size_t> CodePointStarts(std::string_view s) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  return starts;
}

// ---------------------------------------------------------------------------
// The query target's store

struct QueryStore {
  std::string dir;
  std::optional<Store> store;
};

QueryStore* g_query = nullptr;

void AddUnit(std::vector<TranslationUnit>* units, std::vector<std::pair<std::string, std::string>> texts,
             std::string context_pre = "", bool with_code = false) {
  TranslationUnit u;
  u.source_lang = texts[0].first;
  for (auto& [lang, text] : texts) {
    Variant v;
    v.lang = lang;
    v.segment.text = text;
    if (with_code && !text.empty()) {
      InlineCode open;
      open.kind = CodeKind::kOpen;
      open.element = "bpt";
      open.id = "1";
      open.data.push_back(CodePart{"<b>", {}, {}});
      open.offset = 0;
      InlineCode close = open;
      close.kind = CodeKind::kClose;
      close.element = "ept";
      close.data[0].text = "</b>";
      close.offset = static_cast<uint32_t>(text.find(' ') == std::string::npos ? text.size()
                                                                               : text.find(' '));
      v.segment.codes = {open, close};
    }
    u.variants.push_back(std::move(v));
  }
  if (!context_pre.empty()) u.props.push_back(Prop{std::string(kContextPreProp), context_pre, "", ""});
  units->push_back(std::move(u));
}

std::vector<TranslationUnit> QueryUnits() {
  std::vector<TranslationUnit> u;
  AddUnit(&u, {{"en", "Russian forces shelled Kharkiv overnight."},
               {"uk", "Російські війська вночі обстріляли Харків."},
               {"ru", "Российские войска ночью обстреляли Харьков."},
               {"ko", "러시아군이 밤사이 하르키우를 포격했다."}});
  AddUnit(&u, {{"en", "At least 12 people were injured."},
               {"uk", "Щонайменше 12 людей отримали поранення."},
               {"ko", "최소 12명이 부상을 입었다."}},
          "Russian forces shelled Kharkiv overnight.");
  AddUnit(&u, {{"en", "About 11,000 troops took part in the exercise on October 23, 2024."},
               {"uk", "Близько 11 000 військових взяли участь у навчаннях 23 жовтня 2024 р."},
               {"ru", "Около 11 000 военных приняли участие в учениях 23 октября 2024 г."}});
  AddUnit(&u, {{"en", "Prices rose by 2.5% in September."},
               {"uk", "У вересні ціни зросли на 2,5%."},
               {"ko", "9월에 물가가 2.5% 상승했다."}});
  AddUnit(&u, {{"en", "The meeting starts at 3:00 PM."},
               {"uk", "Зустріч починається о 15:00."},
               {"ko", "회의는 오후 3시에 시작한다."}});
  AddUnit(&u, {{"en", "The Donetsk Oblast administration said so."},
               {"uk", "Про це повідомила адміністрація Донецької області."}},
          "", true);
  AddUnit(&u, {{"en", "Mr. Lee met Gen. Kim in Pyongyang."},
               {"ko", "이 씨는 평양에서 김 장군을 만났다."},
               {"ru", "Г-н Ли встретился с генералом Кимом в Пхеньяне."}});
  AddUnit(&u, {{"en", "The U.S. Army said so."}, {"uk", "Так заявила армія США."}});
  AddUnit(&u, {{"en", "The road is 5 kilometers long."}, {"uk", "Дорога має довжину 5 кілометрів."}});
  AddUnit(&u, {{"en", "The road is 5 kilometers long."}, {"uk", "Довжина дороги — 5 кілометрів."}});
  AddUnit(&u, {{"en", "Café owners met in Kyiv."}, {"uk", "Власники кав'ярень зустрілися в Києві."}});
  AddUnit(&u, {{"en-US", "Kyiv is the capital of Ukraine."},
               {"uk-UA", "Київ — столиця України."},
               {"de", "Kyjiw ist die Hauptstadt der Ukraine."},
               {"fr", "Kyiv est la capitale de l'Ukraine."},
               {"ja", "キーウはウクライナの首都です。"}});
  AddUnit(&u, {{"en", "The weather will be sunny tomorrow."},
               {"uk", "Завтра буде сонячна погода."},
               {"ru", "Завтра будет солнечная погода."}});
  AddUnit(&u, {{"en", "Schools reopened on 1 September."},
               {"uk", "Школи відновили роботу 1 вересня."}});
  AddUnit(&u, {{"en", "The president signed the law."},
               {"uk", "Президент підписав закон."},
               {"ko", "대통령은 법안에 서명했다."}});
  AddUnit(&u, {{"en", "THE PRESIDENT SIGNED THE LAW"}, {"uk", "ПРЕЗИДЕНТ ПІДПИСАВ ЗАКОН"}});
  AddUnit(&u, {{"en", "Ｆｕｌｌ ｗｉｄｔｈ text."}, {"uk", "Текст повної ширини."}});
  AddUnit(&u, {{"en", "Air raid alert in Kyiv and 8 regions."},
               {"uk", "Повітряна тривога у Києві та 8 областях."}});
  AddUnit(&u, {{"ko", "평양"}, {"en", "Pyongyang"}});
  AddUnit(&u, {{"en", "one"}, {"uk", "один"}});
  AddUnit(&u, {{"en", "—"}, {"uk", "—"}});
  AddUnit(&u, {{"ja", "東京で会議が開かれた。"}, {"en", "A meeting was held in Tokyo."}});
  AddUnit(&u, {{"en", "2024-10-23"}, {"uk", "23.10.2024"}});
  AddUnit(&u, {{"en", "The temperature fell to -4 degrees."},
               {"uk", "Температура знизилася до -4 градусів."}});
  AddUnit(&u, {{"en", "Seoul and Kyiv signed 3 agreements on Monday, October 21."},
               {"uk", "Сеул і Київ у понеділок, 21 жовтня, підписали 3 угоди."},
               {"ko", "서울과 키이우는 10월 21일 월요일 3건의 협정에 서명했다."}});
  for (int i = 0; i < 12; ++i) {  // near-duplicates, for fuzzy candidates
    std::string n = std::to_string(i + 2);
    AddUnit(&u, {{"en", "Russian forces shelled Kharkiv " + n + " times overnight."},
                 {"uk", "Російські війська вночі " + n + " рази обстріляли Харків."}},
            i % 3 == 0 ? "At least 12 people were injured." : "");
  }
  return u;
}

std::vector<TermEntry> QueryTerms() {
  auto term = [](std::string lang, std::string text) {
    Term t;
    t.lang = std::move(lang);
    t.text = std::move(text);
    return t;
  };
  std::vector<TermEntry> e(4);
  e[0].terms = {term("en", "Donetsk Oblast"), term("uk", "Донецька область"),
                term("ru", "Донецкая область")};
  e[0].terms[1].forms = {"Донецької області", "Донецькій області"};
  e[1].terms = {term("en", "Kharkiv"), term("uk", "Харків"), term("ko", "하르키우")};
  e[2].terms = {term("en", "Pyongyang"), term("ko", "평양"), term("uk", "Пхеньян")};
  e[3].terms = {term("en", "US"), term("uk", "США")};
  e[3].terms[0].case_sensitive = true;
  Term forbidden = term("en", "Kiev");
  forbidden.status = TermStatus::kForbidden;
  e[1].terms.push_back(forbidden);
  return e;
}

void RemoveQueryStore() {
  if (!g_query) return;
  g_query->store.reset();
  std::error_code ec;
  std::filesystem::remove_all(g_query->dir, ec);
}

}  // namespace

void SetFailureHandler(FailureHandler handler) { g_failure = handler ? handler : DefaultFailure; }

// ---------------------------------------------------------------------------
// Targets

int FuzzTmx(const uint8_t* data, size_t size) {
  const std::string name = "in.tmx";
  const std::string path = Scratch::Get().Write(name, data, size);
  // Detection as import --format auto does it (root element, then extension).
  Result<Format> detected = DetectFormat(path, Format::kAuto);
  if (!detected) CheckError(detected.error(), name);
  Import(path, name, Format::kTmx);
  return 0;
}

int FuzzXliff12(const uint8_t* data, size_t size) {
  const std::string name = "in.xlf";
  const std::string path = Scratch::Get().Write(name, data, size);
  Result<Format> detected = DetectFormat(path, Format::kAuto);
  if (!detected) CheckError(detected.error(), name);
  // --format xliff: the file's namespace picks 1.2 or 2.x.
  Import(path, name, Format::kXliff12);
  PretranslateXliff(path, name);
  return 0;
}

int FuzzXliff2(const uint8_t* data, size_t size) {
  const std::string name = "in.xlf";
  const std::string path = Scratch::Get().Write(name, data, size);
  // The validator import runs first, on the file and on the same bytes in
  // memory: both must agree.
  Status on_file = internal::ValidateXliff2(path);
  Status in_memory =
      internal::ValidateXliff2Text(std::string(reinterpret_cast<const char*>(data), size), name);
  if (!on_file) CheckError(on_file.error(), name);
  if (!in_memory) CheckError(in_memory.error(), name);
  FUZZ_CHECK(on_file.has_value() == in_memory.has_value(),
             "ValidateXliff2 and ValidateXliff2Text disagree: " +
                 (on_file ? std::string("file ok") : Clip(on_file.error().message)) + " / " +
                 (in_memory ? std::string("text ok") : Clip(in_memory.error().message)));
  Import(path, name, Format::kXliff2);
  PretranslateXliff(path, name);
  return 0;
}

int FuzzTbx(const uint8_t* data, size_t size) {
  TbxTarget(data, size);
  return 0;
}

int FuzzTbx2008(const uint8_t* data, size_t size) {
  TbxTarget(data, size);
  return 0;
}

int FuzzGlossaryCsv(const uint8_t* data, size_t size) {
  // As a .csv: CSV with a header row, or MateCat's CSV (by its header).
  const std::string csv = "in.csv";
  const std::string csv_path = Scratch::Get().Write(csv, data, size);
  Result<GlossaryFormat> detected = DetectGlossaryFormat(csv_path, GlossaryFormat::kAuto);
  if (detected) {
    TermImport(csv_path, csv, *detected);
  } else {
    CheckError(detected.error(), csv);
  }
  // As an OmegaT glossary (.txt, --src en --tgt uk).
  const std::string txt = "in.txt";
  const std::string txt_path = Scratch::Get().Write(txt, data, size);
  GlossaryReadOptions ro;
  ro.source_lang = "en";
  ro.target_lang = "uk";
  TermImport(txt_path, txt, GlossaryFormat::kOmegaTsv, ro);
  return 0;
}

int FuzzTsvUnits(const uint8_t* data, size_t size) {
  const std::string name = "in.tsv";
  for (OnBadInput mode : {OnBadInput::kFail, OnBadInput::kSkip}) {
    ListReporter reporter;
    ReadOptions ro{.on_error = mode, .reporter = &reporter, .source_lang = "en", .target_lang = "uk"};
    auto in = std::make_unique<std::istringstream>(
        std::string(reinterpret_cast<const char*>(data), size));
    Result<std::unique_ptr<TsvReader>> reader = TsvReader::FromStream(std::move(in), name, ro);
    FUZZ_CHECK(reader.has_value(), "TsvReader::FromStream failed with valid languages");
    bool failed = false;
    for (size_t n = 0; n < kMaxItems; ++n) {
      TranslationUnit unit;
      Result<bool> more = (*reader)->Next(&unit);
      if (!more) {
        CheckError(more.error(), name);
        failed = true;
        break;
      }
      if (!*more) break;
      CheckUnit(unit, name + ": unit " + std::to_string(n + 1));
      FUZZ_CHECK(unit.variants.size() == 2, "a TSV unit without exactly two variants");
      Result<PreparedUnit> prepared = PrepareUnit(std::move(unit));
      if (prepared) {
        CheckPrepared(*prepared, name + ": unit " + std::to_string(n + 1));
      } else {
        CheckError(prepared.error(), "");
      }
    }
    FUZZ_CHECK((*reader)->bytes_read() <= size + 4, "bytes_read past the end of the input");
    if (!failed) break;
  }
  return 0;
}

int FuzzSegment(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string lang = kLangs[data[0] % kNumLangs];
  static constexpr TextFormat kFormats[] = {TextFormat::kAuto, TextFormat::kPlain,
                                            TextFormat::kMarkdown, TextFormat::kHtml};
  const TextFormat format = kFormats[(data[0] / kNumLangs) % 4];
  const std::string raw(reinterpret_cast<const char*>(data + 1), size - 1);

  // tmkit segment FILE --lang L: LoadTextFile (BOM, UTF-16), then SegmentDocument.
  const std::string path = Scratch::Get().Write("in.txt", data + 1, size - 1);
  Result<std::string> loaded = LoadTextFile(path);
  const std::string& text = loaded ? *loaded : raw;
  if (loaded) {
    FUZZ_CHECK(IsValidUtf8(*loaded), "LoadTextFile returned text that is not UTF-8");
  } else {
    CheckError(loaded.error(), "in.txt");
  }
  Result<std::vector<Sentence>> sentences = SegmentDocument(text, lang, format);
  if (sentences) {
    CheckSentences(*sentences, text.size(), "SegmentDocument(" + lang + ")");
  } else {
    CheckError(sentences.error(), "");
    FUZZ_CHECK(!IsValidUtf8(text), "SegmentDocument refused valid UTF-8: " +
                                       Clip(sentences.error().message));
  }
  Result<std::vector<Sentence>> lines = ReadPresegmented(text);
  if (lines) {
    CheckSentences(*lines, text.size(), "ReadPresegmented");
  } else {
    CheckError(lines.error(), "");
  }
  if (IsValidUtf8(text)) {
    for (const std::string& s : SplitSentences(text, lang)) {
      FUZZ_CHECK(IsValidUtf8(s), "SplitSentences returned text that is not UTF-8");
    }
  }
  return 0;
}

int FuzzPlaceables(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string lang = kLangs[data[0] % kNumLangs];
  const std::string other = kLangs[(data[0] / kNumLangs) % kNumLangs];
  std::string_view raw(reinterpret_cast<const char*>(data + 1), size - 1);
  if (!IsValidUtf8(raw)) return 0;  // every caller validates first
  const std::string text = ToNfc(raw);

  std::vector<Placeable> places = FindPlaceables(text, lang);
  size_t last_end = 0;
  for (const Placeable& p : places) {
    FUZZ_CHECK(p.begin < p.end && p.end <= text.size(),
               "placeable [" + std::to_string(p.begin) + ", " + std::to_string(p.end) + ") in " +
                   std::to_string(text.size()) + " bytes");
    FUZZ_CHECK(p.begin >= last_end, "placeables overlap or are out of order");
    FUZZ_CHECK(OnCodePoint(text, p.begin) && OnCodePoint(text, p.end),
               "placeable not on code point boundaries");
    last_end = p.end;
    FUZZ_CHECK(p.SameValue(p), "a placeable differs from itself");
    for (const std::string& l : {lang, other}) {
      FUZZ_CHECK(IsValidUtf8(FormatPlaceable(p, l, &p)), "FormatPlaceable(like) not UTF-8");
      FUZZ_CHECK(IsValidUtf8(FormatPlaceable(p, l)), "FormatPlaceable not UTF-8");
    }
  }
  // Adapt the text as if each placeable had changed (lookup's rewrite).
  if (!places.empty()) {
    std::vector<PlaceableChange> changes;
    for (const Placeable& p : places) {
      Placeable to = p;
      to.value = p.value + 1;
      if (p.day > 0) to.day = p.day % 28 + 1;
      if (p.minute >= 0) to.minute = (p.minute + 1) % 60;
      changes.push_back({p, to});
    }
    Segment target{text, {}};
    InlineCode code;
    code.kind = CodeKind::kPlaceholder;
    code.element = "ph";
    code.offset = static_cast<uint32_t>(places[0].begin);
    target.codes.push_back(code);
    for (size_t n : {size_t{1}, changes.size()}) {
      std::vector<PlaceableChange> some(changes.begin(), changes.begin() + n);
      for (const std::string& l : {lang, other}) {
        std::optional<Segment> plain = AdaptTarget(Segment{text, {}}, l, some);
        if (plain) CheckSegment(*plain, "AdaptTarget(" + l + ")");
        std::optional<Segment> coded = AdaptTarget(target, l, some);
        if (coded) CheckSegment(*coded, "AdaptTarget(" + l + ", codes)");
      }
    }
  }
  // Scoring tokens and the fuzzy score of the text against a prefix of it.
  std::vector<Placeable> token_places;
  std::vector<Token> tokens = Tokenize(text, lang, &token_places);
  for (const Token& t : tokens) {
    FUZZ_CHECK(t.begin <= t.end && t.end <= text.size(), "token outside the text");
    FUZZ_CHECK(t.placeable < static_cast<int>(token_places.size()), "token placeable index");
    FUZZ_CHECK(!t.key.empty(), "an empty token key (the fuzzy index cannot store it) at byte " +
                                   std::to_string(t.begin));
  }
  std::vector<size_t> starts = CodePointStarts(text);
  const std::string prefix = starts.empty() ? "" : ToNfc(text.substr(0, starts[starts.size() / 2]));
  const int ab = FuzzyScore(text, prefix, lang);
  const int ba = FuzzyScore(prefix, text, lang);
  FUZZ_CHECK(ab >= 0 && ab <= 100, "FuzzyScore out of 0..100: " + std::to_string(ab));
  FUZZ_CHECK(ab == ba, "FuzzyScore is not symmetric: " + std::to_string(ab) + " vs " +
                           std::to_string(ba));
  for (const DiffPart& d : DiffToQuery(prefix, text, lang)) {
    FUZZ_CHECK(IsValidUtf8(d.text), "DiffToQuery part not UTF-8");
  }
  return 0;
}

void FuzzQueryInit() {
  if (g_query) return;
  g_query = new QueryStore();
  g_query->dir = Scratch::Get().dir() + "/store";
  Result<Store> store =
      Store::Open(g_query->dir, StoreOptions{.initial_map_bytes = 16ull << 20});
  if (!store) Fail("cannot create the query store: " + store.error().message);
  g_query->store.emplace(std::move(*store));
  std::vector<TranslationUnit> units = QueryUnits();
  Result<ImportStats> imported = g_query->store->Import(
      ImportOptions{.origin_path = "fuzz-units.tmx", .origin_format = "tmx"},
      [&](UnitSink& sink) -> Status {
        for (const TranslationUnit& u : units) {
          if (Status s = sink.Add(u); !s) return s;
        }
        return {};
      });
  if (!imported) Fail("cannot import the query units: " + imported.error().message);
  std::vector<TermEntry> entries = QueryTerms();
  Result<TermImportStats> terms = g_query->store->ImportTerms(
      TermImportOptions{.origin_path = "fuzz-terms.tbx"}, [&](TermSink& sink) -> Status {
        for (const TermEntry& e : entries) {
          if (Status s = sink.Add(PrepareEntry(e)); !s) return s;
        }
        return {};
      });
  if (!terms) Fail("cannot import the query terms: " + terms.error().message);
  std::atexit(RemoveQueryStore);  // runs before the scratch folder's removal
}

int FuzzQuery(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  FuzzQueryInit();
  const Store& store = *g_query->store;
  static constexpr const char* kPairs[][2] = {{"en", "uk"}, {"uk", "en"}, {"en", "ko"},
                                              {"ko", "en"}, {"en", "ru"}, {"ru", "uk"},
                                              {"ja", "en"}, {"en-US", "de"}};
  static constexpr int kMinScores[] = {70, 50, 1, 100};
  const uint8_t b = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  if (!IsValidUtf8(rest)) return 0;  // lookup and concordance refuse it first
  // "previous\nquery": the segment before, for 101 context matches.
  std::string previous, query(rest);
  if (size_t nl = rest.find('\n'); nl != std::string_view::npos) {
    previous = rest.substr(0, nl);
    query = rest.substr(nl + 1);
  }
  LookupOptions options{.source_lang = kPairs[b & 7][0],
                        .target_lang = kPairs[b & 7][1],
                        .min_score = kMinScores[(b >> 3) & 3],
                        .max_results = 5,
                        .previous = previous,
                        .alignment_penalty = 1,
                        .adapt = (b & 0x20) == 0,
                        .counters = nullptr};
  Result<std::vector<Match>> matches = Lookup(store, Segment{query, {}}, options);
  if (matches) {
    FUZZ_CHECK(matches->size() <= options.max_results, "more matches than max_results");
    for (size_t i = 0; i < matches->size(); ++i) {
      const Match& m = (*matches)[i];
      FUZZ_CHECK(m.score >= options.min_score && m.score <= 101,
                 "match score " + std::to_string(m.score));
      if (i) FUZZ_CHECK((*matches)[i - 1].score >= m.score, "matches not best first");
      CheckSegment(m.source, "match source");
      CheckSegment(m.target, "match target");
      for (const DiffPart& d : m.diff) FUZZ_CHECK(IsValidUtf8(d.text), "diff part not UTF-8");
    }
    // Terms in the query, as lookup shows them.
    StoreTermSource source(store);
    Result<std::vector<TermHit>> hits =
        FindTerms(query, options.source_lang, options.target_lang, source);
    if (hits) {
      const size_t code_points = CodePointStarts(query).size();
      for (const TermHit& h : *hits) {
        FUZZ_CHECK(h.start >= 0 && h.start <= h.end && static_cast<size_t>(h.end) <= code_points,
                   "term hit outside the query");
        FUZZ_CHECK(h.byte_start <= h.byte_end && h.byte_end <= query.size(),
                   "term hit bytes outside the query");
      }
    } else {
      CheckError(hits.error(), "");
    }
  } else {
    CheckError(matches.error(), "");
    FUZZ_CHECK(matches.error().code != ErrorCode::kCorruption &&
                   matches.error().code != ErrorCode::kIOError,
               "lookup failed on the store: " + Clip(matches.error().message));
  }

  // Concordance (tmkit concordance TEXT --lang L), as cmd_concordance does it.
  const std::string text = ToNfc(query);
  const std::string lang = PrimaryLanguage(options.source_lang);
  std::vector<Placeable> query_places;
  std::vector<Token> tokens = Tokenize(text, lang, &query_places);
  if (!tokens.empty()) {
    std::vector<std::string> keys;
    for (const Token& t : tokens) keys.push_back(t.key);
    uint64_t total = 0;
    bool exact = true;
    size_t visited = 0;
    Status s = store.FindPhrase(
        lang, keys, 1000, 20000,
        [&](const PhraseHit& hit, const TranslationUnit& unit) {
          ++visited;
          FUZZ_CHECK(unit.FindVariant(hit.lang) != nullptr, "a phrase hit without its variant");
          const Variant* v = unit.FindVariant(hit.lang);
          std::vector<Placeable> places;
          std::vector<Token> found = Tokenize(v->segment.text, hit.lang, &places);
          for (size_t start = 0; start + tokens.size() <= found.size(); ++start) {
            size_t i = 0;
            for (; i < tokens.size(); ++i) {
              const Token& t = found[start + i];
              const Token& q = tokens[i];
              if (q.placeable >= 0) {
                if (t.placeable < 0 ||
                    !places[t.placeable].SameValue(query_places[q.placeable])) break;
              } else if (AccentFold(t.key) != AccentFold(q.key)) {
                break;
              }
            }
            if (i == tokens.size()) break;
          }
        },
        &total, &exact);
    if (!s) {
      CheckError(s.error(), "");
      FUZZ_CHECK(s.error().code != ErrorCode::kCorruption, "concordance: " + Clip(s.error().message));
    } else {
      FUZZ_CHECK(visited <= 1000, "FindPhrase visited more than its limit");
    }
  }
  return 0;
}

const FuzzTarget kFuzzTargets[] = {
    {"tmx", FuzzTmx, nullptr},
    {"xliff12", FuzzXliff12, nullptr},
    {"xliff2", FuzzXliff2, nullptr},
    {"tbx", FuzzTbx, nullptr},
    {"tbx2008", FuzzTbx2008, nullptr},
    {"glossary_csv", FuzzGlossaryCsv, nullptr},
    {"tsv_units", FuzzTsvUnits, nullptr},
    {"segment", FuzzSegment, nullptr},
    {"placeables", FuzzPlaceables, nullptr},
    {"query", FuzzQuery, FuzzQueryInit},
    {nullptr, nullptr, nullptr},
};

const FuzzTarget* FindFuzzTarget(std::string_view name) {
  for (const FuzzTarget* t = kFuzzTargets; t->name; ++t) {
    if (name == t->name) return t;
  }
  return nullptr;
}

}  // namespace tmkit::fuzz
