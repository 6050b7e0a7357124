#include "common.h"

#include <signal.h>
#include <ucontext.h>
#include <unistd.h>

#include <cinttypes>
#include <cstring>
#include <cstdio>
#include <iostream>

#include "tmkit/core/text.h"

namespace tmkit::cli {

GlobalOptions& Globals() {
  static GlobalOptions options;
  return options;
}

int& CommandResult() {
  static int result = kExitOk;
  return result;
}

namespace {

struct sigaction g_previous_segv, g_previous_bus;

void Say(const char* s) {
  size_t n = std::strlen(s);
  while (n > 0) {
    ssize_t w = ::write(STDERR_FILENO, s, n);
    if (w <= 0) return;
    s += w;
    n -= static_cast<size_t>(w);
  }
}

// SIGSEGV/SIGBUS: LMDB has no page checksums, so garbage page or node
// offsets in a damaged data.mdb can make a read land outside the file's
// pages. Inside (or just past) a store's map, that is a damaged store, not
// a bug: say so and exit 1. Anything else goes to the previous handler (a
// sanitizer's) or the default action. Async-signal-safe calls only.
void OnFault(int sig, siginfo_t* info, void* context) {
  const void* code = nullptr;
#if defined(__x86_64__)
  code = reinterpret_cast<void*>(static_cast<ucontext_t*>(context)->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  code = reinterpret_cast<void*>(static_cast<ucontext_t*>(context)->uc_mcontext.pc);
#endif
  if (const char* file = StoreFileAt(info->si_addr, code)) {
    Say("tmkit: the store file '");
    Say(file);
    Say("' is damaged (a read went outside its pages); ");
    Say(DamagedStoreAdvice());
    Say("\n");
    ::_exit(kExitFailure);
  }
  const struct sigaction& previous = sig == SIGBUS ? g_previous_bus : g_previous_segv;
  if ((previous.sa_flags & SA_SIGINFO) && previous.sa_sigaction) {
    previous.sa_sigaction(sig, info, context);
    return;
  }
  if (!(previous.sa_flags & SA_SIGINFO) && previous.sa_handler != SIG_DFL &&
      previous.sa_handler != SIG_IGN) {
    previous.sa_handler(sig);
    return;
  }
  ::signal(sig, SIG_DFL);  // returning repeats the fault, now with the default action
}

}  // namespace

void InstallFaultHandler() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  // Its own stack, so that the handler runs even when the fault is a stack overflow.
  static char alt_stack[1 << 16];
  stack_t current;
  if (::sigaltstack(nullptr, &current) == 0 && (current.ss_flags & SS_DISABLE)) {
    stack_t ss{};
    ss.ss_sp = alt_stack;
    ss.ss_size = sizeof alt_stack;
    ::sigaltstack(&ss, nullptr);
  }
  struct sigaction sa{};
  sa.sa_sigaction = OnFault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGSEGV, &sa, &g_previous_segv);
  ::sigaction(SIGBUS, &sa, &g_previous_bus);
}

std::filesystem::path StorePath() {
  return Globals().store.empty() ? DefaultStorePath() : std::filesystem::path(Globals().store);
}

Result<Store> OpenStore(bool create, bool read_only) {
  InstallFaultHandler();
  StoreOptions options;
  options.create_if_missing = create;
  options.read_only = read_only;
  Result<Store> store = Store::Open(StorePath(), options);
  if (store) {
    store->SetWaitNotice([](const std::string& message) {
      std::cerr << "tmkit: " << message << "\n" << std::flush;
    });
  }
  return store;
}

int Fail(const Error& error) {
  std::cerr << "tmkit: " << error.message << "\n";
  return error.code == ErrorCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

int Fail(std::string_view message, int code) {
  std::cerr << "tmkit: " << message << "\n";
  return code;
}

std::string Thousands(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Bytes(uint64_t n) {
  char buf[32];
  if (n < 1000) {
    std::snprintf(buf, sizeof buf, "%" PRIu64 " B", n);
  } else if (n < 1000 * 1000) {
    std::snprintf(buf, sizeof buf, "%.1f kB", n / 1e3);
  } else if (n < 1000ull * 1000 * 1000) {
    std::snprintf(buf, sizeof buf, "%.1f MB", n / 1e6);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f GB", n / 1e9);
  }
  return buf;
}

std::string JsonString(std::string_view s) {
  // JSON is UTF-8: bytes that break it (from a damaged file, quoted in a
  // message) are written as \xNN text.
  if (!IsValidUtf8(s)) return JsonString(ForMessage(s, std::string_view::npos));
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string Display(const Segment& segment) {
  std::string out;
  size_t pos = 0;
  int next = 1;
  std::vector<int> open;
  for (const InlineCode& c : segment.codes) {
    size_t at = std::min<size_t>(c.offset, segment.text.size());
    out.append(segment.text, pos, at - pos);
    pos = at;
    switch (c.kind) {
      case CodeKind::kOpen:
      case CodeKind::kIsolatedOpen:
        open.push_back(next);
        out += "<" + std::to_string(next++) + ">";
        if (c.kind == CodeKind::kIsolatedOpen) open.pop_back();
        break;
      case CodeKind::kClose:
        if (!open.empty()) {
          out += "</" + std::to_string(open.back()) + ">";
          open.pop_back();
        } else {
          out += "</" + std::to_string(next++) + ">";
        }
        break;
      case CodeKind::kIsolatedClose:
        out += "</" + std::to_string(next++) + ">";
        break;
      case CodeKind::kPlaceholder:
        out += "<" + std::to_string(next++) + "/>";
        break;
    }
  }
  out.append(segment.text, pos, std::string::npos);
  return out;
}

Progress::Progress(std::string label, uint64_t total)
    : label_(std::move(label)), total_(total), tty_(isatty(STDERR_FILENO) && !Globals().quiet) {
  start_ = last_ = std::chrono::steady_clock::now();
}

Progress::~Progress() { Done(); }

void Progress::Update(uint64_t done, std::string_view detail) {
  if (!tty_) return;
  auto now = std::chrono::steady_clock::now();
  if (shown_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  shown_ = true;
  std::string line = "\r" + label_ + " ";
  if (total_ > 0) {
    int pct = static_cast<int>(std::min<uint64_t>(100, done * 100 / total_));
    int filled = pct / 4;
    line += "[" + std::string(filled, '#') + std::string(25 - filled, '.') + "] " +
            std::to_string(pct) + "%";
  }
  if (!detail.empty()) line += "  " + std::string(detail);
  line += "\x1b[K";
  std::cerr << line << std::flush;
}

void Progress::Done() {
  if (shown_) std::cerr << "\r\x1b[K" << std::flush;
  shown_ = false;
}

size_t CollectingReporter::Count(Problem::Severity s) const {
  size_t n = 0;
  for (const Problem& p : problems_) n += p.severity == s;
  return n;
}

void CollectingReporter::Print(size_t limit) const {
  size_t shown = 0;
  for (const Problem& p : problems_) {
    if (shown++ == limit) break;
    std::cerr << p.ToString() << "\n";
  }
  if (problems_.size() > limit) {
    std::cerr << "... and " << Thousands(problems_.size() - limit) << " more\n";
  }
}

}  // namespace tmkit::cli
