// Errors as values at module boundaries.
//
// Every fallible public function of tmkit returns `Result<T>` (a
// `std::expected<T, Error>`) or `Status` (a `Result<void>`). An `Error` has a
// closed set of codes and one message written for a translator: where (file:line
// or unit id), what was expected, what was found, and a fix when one is known.
// Modules may throw internally (a parser) but convert at their entry point.
//
//   tmkit::Result<Store> store = tmkit::Store::Open(dir, {});
//   if (!store) { std::cerr << store.error().ToString() << "\n"; return 1; }
//
// Thread-safety: plain values; safe to copy between threads.
#ifndef TMKIT_CORE_STATUS_H_
#define TMKIT_CORE_STATUS_H_

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace tmkit {

enum class ErrorCode {
  kInvalidInput,     // the user's file or text is malformed
  kInvalidArgument,  // a flag or parameter is wrong (usage error)
  kNotFound,         // no such unit, file or store
  kIOError,          // the operating system refused a read or write
  kCorruption,       // the store's bytes are not what tmkit wrote
  kNotSupported,     // valid, but not something tmkit can do (e.g. a newer schema)
  kResourceLimit,    // a documented limit was hit (entity expansion, nesting, size)
};

struct Error {
  ErrorCode code = ErrorCode::kInvalidInput;
  std::string message;
  // Set by readers for one broken unit that OnBadInput::kSkip would have
  // skipped (as opposed to a file that cannot be read at all).
  bool skippable = false;

  // "message" as shown to the user (the code is implied by the wording).
  const std::string& ToString() const { return message; }

  // Returns a copy whose message is "context: message" (kenlm style: each layer
  // adds where it was; mdb_copy style: name the step that failed).
  Error WithContext(std::string_view context) const {
    return Error{code, std::string(context) + ": " + message, skippable};
  }
  bool operator==(const Error&) const = default;
};

template <typename T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> MakeError(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}
inline std::unexpected<Error> InvalidInput(std::string message) {
  return MakeError(ErrorCode::kInvalidInput, std::move(message));
}
inline std::unexpected<Error> InvalidArgument(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}
inline std::unexpected<Error> NotFound(std::string message) {
  return MakeError(ErrorCode::kNotFound, std::move(message));
}
inline std::unexpected<Error> IOError(std::string message) {
  return MakeError(ErrorCode::kIOError, std::move(message));
}
inline std::unexpected<Error> Corruption(std::string message) {
  return MakeError(ErrorCode::kCorruption, std::move(message));
}
inline std::unexpected<Error> NotSupported(std::string message) {
  return MakeError(ErrorCode::kNotSupported, std::move(message));
}
inline std::unexpected<Error> ResourceLimit(std::string message) {
  return MakeError(ErrorCode::kResourceLimit, std::move(message));
}

// Problems that do not stop the work (a deprecated attribute, a skipped unit)
// go to a reporter that the caller injects; libraries never print.
struct Problem {
  enum class Severity { kWarning, kSkipped, kError };
  Severity severity = Severity::kWarning;
  std::string file;  // may be empty
  int line = 0;      // 0 when unknown
  std::string message;

  // "file:line: message" (or less, when parts are unknown).
  std::string ToString() const;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void Report(const Problem& problem) = 0;
};

// A reporter that drops everything (the default where none is given).
class NullReporter final : public Reporter {
 public:
  void Report(const Problem&) override {}
};

}  // namespace tmkit

#endif  // TMKIT_CORE_STATUS_H_
