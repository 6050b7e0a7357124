// Helpers for the end-to-end CLI tests: run build/tmkit on a store in a
// temporary folder, read its JSON output, generate TMX files, and start
// tmkit in the background (for kill and concurrency tests).
#ifndef TMKIT_TESTS_CLI_CLI_TEST_HELPERS_H_
#define TMKIT_TESTS_CLI_CLI_TEST_HELPERS_H_

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "test_util.h"

#ifndef TMKIT_BINARY
#define TMKIT_BINARY "build/tmkit"
#endif
#ifndef TMKIT_SOURCE_DIR
#define TMKIT_SOURCE_DIR "."
#endif

extern char** environ;

namespace tmkit::testing {

inline const std::string kSample =
    std::string(TMKIT_SOURCE_DIR) + "/data/sample/kharkiv-article.tmx";
inline const std::string kTmx14Dtd = SharedPath("data/formats/schemas/tmx/tmx14.dtd");

// ---------------------------------------------------------------------------
// A minimal JSON reader, enough for tmkit's --json output.

class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::map<std::string, Json>;

  static Json Parse(const std::string& text) {
    size_t pos = 0;
    Json v = ParseValue(text, pos);
    SkipSpace(text, pos);
    if (pos != text.size()) throw std::runtime_error("trailing text in JSON: " + text.substr(pos));
    return v;
  }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_object() const { return std::holds_alternative<std::shared_ptr<Object>>(v_); }
  bool is_array() const { return std::holds_alternative<std::shared_ptr<Array>>(v_); }
  bool has(const std::string& key) const { return is_object() && obj().count(key); }

  const Json& operator[](const std::string& key) const {
    static const Json kNull;
    if (!is_object()) return kNull;
    auto it = obj().find(key);
    return it == obj().end() ? kNull : it->second;
  }
  const Json& operator[](size_t i) const {
    static const Json kNull;
    return is_array() && i < arr().size() ? arr()[i] : kNull;
  }
  size_t size() const { return is_array() ? arr().size() : is_object() ? obj().size() : 0; }
  const Array& items() const {
    static const Array kEmpty;
    return is_array() ? arr() : kEmpty;
  }
  const Object& fields() const {
    static const Object kEmpty;
    return is_object() ? obj() : kEmpty;
  }
  // -1 when not a number.
  int64_t num() const {
    return std::holds_alternative<double>(v_) ? static_cast<int64_t>(std::get<double>(v_)) : -1;
  }
  bool is_number() const { return std::holds_alternative<double>(v_); }
  std::string str() const {
    return std::holds_alternative<std::string>(v_) ? std::get<std::string>(v_) : "";
  }
  bool boolean() const { return std::holds_alternative<bool>(v_) && std::get<bool>(v_); }

 private:
  const Object& obj() const { return *std::get<std::shared_ptr<Object>>(v_); }
  const Array& arr() const { return *std::get<std::shared_ptr<Array>>(v_); }

  static void SkipSpace(const std::string& t, size_t& p) {
    while (p < t.size() && (t[p] == ' ' || t[p] == '\n' || t[p] == '\r' || t[p] == '\t')) ++p;
  }
  static void Expect(const std::string& t, size_t& p, char c) {
    SkipSpace(t, p);
    if (p >= t.size() || t[p] != c) {
      throw std::runtime_error(std::string("JSON: expected '") + c + "' at " + std::to_string(p));
    }
    ++p;
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
  static std::string ParseString(const std::string& t, size_t& p) {
    Expect(t, p, '"');
    std::string out;
    while (p < t.size() && t[p] != '"') {
      char c = t[p++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (p >= t.size()) break;
      char e = t[p++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          uint32_t cp = std::stoul(t.substr(p, 4), nullptr, 16);
          p += 4;
          if (cp >= 0xD800 && cp < 0xDC00 && t.compare(p, 2, "\\u") == 0) {
            uint32_t lo = std::stoul(t.substr(p + 2, 4), nullptr, 16);
            p += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          out += e;
      }
    }
    Expect(t, p, '"');
    return out;
  }
  static Json ParseValue(const std::string& t, size_t& p) {
    SkipSpace(t, p);
    if (p >= t.size()) throw std::runtime_error("JSON: unexpected end");
    Json v;
    char c = t[p];
    if (c == '{') {
      ++p;
      auto o = std::make_shared<Object>();
      SkipSpace(t, p);
      if (p < t.size() && t[p] == '}') {
        ++p;
      } else {
        while (true) {
          std::string key = ParseString(t, p);
          Expect(t, p, ':');
          (*o)[key] = ParseValue(t, p);
          SkipSpace(t, p);
          if (p < t.size() && t[p] == ',') {
            ++p;
            continue;
          }
          Expect(t, p, '}');
          break;
        }
      }
      v.v_ = o;
    } else if (c == '[') {
      ++p;
      auto a = std::make_shared<Array>();
      SkipSpace(t, p);
      if (p < t.size() && t[p] == ']') {
        ++p;
      } else {
        while (true) {
          a->push_back(ParseValue(t, p));
          SkipSpace(t, p);
          if (p < t.size() && t[p] == ',') {
            ++p;
            continue;
          }
          Expect(t, p, ']');
          break;
        }
      }
      v.v_ = a;
    } else if (c == '"') {
      v.v_ = ParseString(t, p);
    } else if (t.compare(p, 4, "true") == 0) {
      p += 4;
      v.v_ = true;
    } else if (t.compare(p, 5, "false") == 0) {
      p += 5;
      v.v_ = false;
    } else if (t.compare(p, 4, "null") == 0) {
      p += 4;
    } else {
      size_t used = 0;
      v.v_ = std::stod(t.substr(p, 40), &used);
      p += used;
    }
    return v;
  }

  std::variant<std::monostate, bool, double, std::string, std::shared_ptr<Array>,
               std::shared_ptr<Object>>
      v_;
};

// The units a stats --json reports for one language pair; -1 when absent.
inline int64_t PairUnits(const Json& stats, const std::string& src, const std::string& tgt) {
  for (const Json& p : stats["pairs"].items()) {
    if (p["src"].str() == src && p["tgt"].str() == tgt) return p["units"].num();
  }
  return -1;
}

// ---------------------------------------------------------------------------
// Running tmkit.

// "build/tmkit --store 'DIR' ARGS" (ARGS are passed to the shell as they are).
inline std::string TmkitCommand(const std::string& store, const std::string& args) {
  return ShellQuote(TMKIT_BINARY) + " --store " + ShellQuote(store) + " " + args;
}

// A store in a fresh temporary folder and verbs to run tmkit on it.
class StoreFixture {
 public:
  std::string store() const { return dir_ / "store"; }
  std::string Path(const std::string& name) const { return dir_ / name; }

  CommandResult Tmkit(const std::string& args) const {
    return RunShell(TmkitCommand(store(), args));
  }

  // stats --json parsed; a null Json when stats fails.
  Json Stats() const {
    CommandResult r = Tmkit("stats --json");
    if (r.exit_code != 0) return Json();
    return Json::Parse(r.out);
  }
  int64_t Units() const { return Stats()["units"].num(); }

  // lookup TEXT --json parsed.
  Json Lookup(const std::string& text, const std::string& src, const std::string& tgt) const {
    CommandResult r =
        Tmkit("lookup " + ShellQuote(text) + " --src " + src + " --tgt " + tgt + " --json");
    if (r.exit_code != 0) return Json();
    return Json::Parse(r.out);
  }

  // Writes `content` to a file in the temporary folder; returns its path.
  std::string Write(const std::string& name, const std::string& content) const {
    std::string path = Path(name);
    WriteFile(path, content);
    return path;
  }

 private:
  TempDir dir_;
};

// ---------------------------------------------------------------------------
// TMX files made in the test.

// A TMX 1.4 document with the required header around `body` (the <tu>s).
// The header takes lines 1-4, so the first <tu> of `body` is on line 5.
inline std::string TmxDocument(const std::string& body, const std::string& srclang = "en") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<tmx version=\"1.4\">\n"
         "<header creationtool=\"tmkit-test\" creationtoolversion=\"1\" datatype=\"plaintext\" "
         "segtype=\"sentence\" adminlang=\"en\" srclang=\"" +
         srclang +
         "\" o-tmf=\"test\"/>\n"
         "<body>\n" +
         body + "</body>\n</tmx>\n";
}

// A TBX v3 (TBX-Basic, DCA) document whose body holds `entries`; build them
// with TbxEntry, TbxLang and TbxTerm.
inline std::string TbxDocument(const std::string& entries) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" "
         "xmlns=\"urn:iso:std:iso:30042:ed-2\">\n"
         "<tbxHeader><fileDesc><sourceDesc><p>tmkit test</p></sourceDesc></fileDesc></tbxHeader>\n"
         "<text><body>\n" +
         entries + "</body></text></tbx>\n";
}
inline std::string TbxEntry(const std::string& id, const std::string& langs) {
  return "<conceptEntry id=\"" + id + "\">" + langs + "</conceptEntry>\n";
}
inline std::string TbxLang(const std::string& lang, const std::string& terms) {
  return "<langSec xml:lang=\"" + lang + "\">" + terms + "</langSec>";
}
// A term, with its administrativeStatus when given ("supersededTerm-admn-sts").
inline std::string TbxTerm(const std::string& text, const std::string& status = "") {
  std::string s = "<termSec><term>" + text + "</term>";
  if (!status.empty()) s += "<termNote type=\"administrativeStatus\">" + status + "</termNote>";
  return s + "</termSec>";
}

// One <tu> on one line.
inline std::string Tu(const std::string& en, const std::string& uk) {
  return "<tu><tuv xml:lang=\"en\"><seg>" + en + "</seg></tuv><tuv xml:lang=\"uk\"><seg>" + uk +
         "</seg></tuv></tu>\n";
}

// Unit `i` of a generated memory: an English news-like sentence and its
// Ukrainian translation, both naming "report PREFIX-i" (so every source is distinct).
inline std::pair<std::string, std::string> GeneratedUnit(size_t i, const std::string& prefix) {
  static const char* kSubjects[][2] = {{"Rescue teams", "Рятувальні бригади"},
                                       {"Local officials", "Місцеві посадовці"},
                                       {"The regional governor", "Голова області"},
                                       {"Air defence units", "Підрозділи ППО"},
                                       {"Volunteers", "Волонтери"},
                                       {"Railway workers", "Залізничники"},
                                       {"City engineers", "Міські інженери"},
                                       {"Doctors", "Лікарі"}};
  static const char* kVerbs[][2] = {{"repaired", "відремонтували"},
                                    {"inspected", "оглянули"},
                                    {"reported damage to", "повідомили про пошкодження"},
                                    {"cleared", "розчистили"},
                                    {"reopened", "знову відкрили"},
                                    {"protected", "захистили"}};
  static const char* kObjects[][2] = {{"the power station", "електростанцію"},
                                      {"a school building", "будівлю школи"},
                                      {"the main bridge", "головний міст"},
                                      {"several apartment blocks", "кілька житлових будинків"},
                                      {"the water supply", "водопостачання"},
                                      {"the central market", "центральний ринок"},
                                      {"two hospitals", "дві лікарні"}};
  static const char* kPlaces[][2] = {{"Kharkiv", "Харкові"}, {"Odesa", "Одесі"},
                                     {"Dnipro", "Дніпрі"},   {"Lviv", "Львові"},
                                     {"Poltava", "Полтаві"}, {"Sumy", "Сумах"}};
  const auto& s = kSubjects[i % 8];
  const auto& v = kVerbs[(i / 8) % 6];
  const auto& o = kObjects[(i / 48) % 7];
  const auto& p = kPlaces[(i / 336) % 6];
  std::string id = prefix + "-" + std::to_string(i);
  return {std::string(s[0]) + " " + v[0] + " " + o[0] + " in " + p[0] +
              " overnight, according to report " + id + " published by the city council.",
          std::string(s[1]) + " " + v[1] + " " + o[1] + " у " + p[1] + " вночі, йдеться у звіті " +
              id + ", оприлюдненому міською радою."};
}

// Writes a TMX of `n` generated en→uk units (GeneratedUnit(0…n-1, prefix)),
// streaming: 200,000 units are about 60 MB and take well under a second.
inline void WriteGeneratedTmx(const std::string& path, size_t n, const std::string& prefix) {
  std::ofstream out(path, std::ios::binary);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n"
         "<header creationtool=\"tmkit-test\" creationtoolversion=\"1\" datatype=\"plaintext\" "
         "segtype=\"sentence\" adminlang=\"en\" srclang=\"en\" o-tmf=\"test\"/>\n<body>\n";
  std::string buf;
  for (size_t i = 0; i < n; ++i) {
    auto [en, uk] = GeneratedUnit(i, prefix);
    buf += "<tu tuid=\"" + prefix + "-" + std::to_string(i) + "\">" + "<tuv xml:lang=\"en\"><seg>" +
           en + "</seg></tuv><tuv xml:lang=\"uk\"><seg>" + uk + "</seg></tuv></tu>\n";
    if (buf.size() > (1 << 20)) {
      out << buf;
      buf.clear();
    }
  }
  out << buf << "</body>\n</tmx>\n";
}

// A TBX of `n` entries, en/uk, each with a distinct term ("station PREFIXi").
inline std::string GeneratedTbx(int n, const std::string& prefix) {
  std::string entries;
  for (int i = 0; i < n; ++i) {
    std::string id = prefix + std::to_string(i);
    entries += TbxEntry(id, TbxLang("en", TbxTerm("station " + id)) +
                                TbxLang("uk", TbxTerm("станція " + id)));
  }
  return TbxDocument(entries);
}

// The units of an exported TMX, without its header (which holds the export's date).
inline std::string ExportBody(const std::string& path) {
  std::string text = ReadFile(path);
  size_t body = text.find("<body>");
  return body == std::string::npos ? text : text.substr(body);
}

// ---------------------------------------------------------------------------
// tmkit in the background.

class BackgroundTmkit {
 public:
  // Starts `tmkit --store STORE ARGS...`, stdout and stderr to files next to `log_prefix`.
  BackgroundTmkit(const std::string& store, const std::vector<std::string>& args,
                  const std::string& log_prefix)
      : out_path_(log_prefix + ".out"), err_path_(log_prefix + ".err") {
    std::vector<std::string> argv_s = {TMKIT_BINARY, "--store", store};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    started_ = std::chrono::steady_clock::now();
  }
  ~BackgroundTmkit() {
    if (pid_ > 0 && !finished_) {
      kill(pid_, SIGKILL);
      Wait();
    }
  }
  BackgroundTmkit(const BackgroundTmkit&) = delete;
  BackgroundTmkit& operator=(const BackgroundTmkit&) = delete;

  bool started() const { return pid_ > 0; }

  // True while the process has not exited (reaps it when it has).
  bool Running() {
    if (finished_ || pid_ <= 0) return false;
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == 0) return true;
    Record(status);
    return false;
  }

  // Sends SIGKILL (if still running) and reaps the process.
  void Kill() {
    if (pid_ > 0 && !finished_) kill(pid_, SIGKILL);
    Wait();
  }

  void Wait() {
    if (finished_ || pid_ <= 0) return;
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    Record(status);
  }

  // After Wait/Kill: true if the process ended by itself (not by a signal).
  bool exited() const { return exited_; }
  int exit_code() const { return exit_code_; }
  bool killed_by_signal() const { return signaled_; }
  double seconds() const { return std::chrono::duration<double>(ended_ - started_).count(); }
  std::string out() const { return ReadFile(out_path_); }
  std::string err() const { return ReadFile(err_path_); }

 private:
  void Record(int status) {
    finished_ = true;
    ended_ = std::chrono::steady_clock::now();
    exited_ = WIFEXITED(status);
    exit_code_ = exited_ ? WEXITSTATUS(status) : -1;
    signaled_ = WIFSIGNALED(status);
  }

  std::string out_path_, err_path_;
  pid_t pid_ = -1;
  bool finished_ = false, exited_ = false, signaled_ = false;
  int exit_code_ = -1;
  std::chrono::steady_clock::time_point started_, ended_;
};

}  // namespace tmkit::testing

#endif  // TMKIT_TESTS_CLI_CLI_TEST_HELPERS_H_
