#include "tmkit/core/status.h"

namespace tmkit {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return "invalid input";
    case ErrorCode::kInvalidArgument:
      return "invalid argument";
    case ErrorCode::kNotFound:
      return "not found";
    case ErrorCode::kIOError:
      return "I/O error";
    case ErrorCode::kCorruption:
      return "corruption";
    case ErrorCode::kNotSupported:
      return "not supported";
    case ErrorCode::kResourceLimit:
      return "limit exceeded";
  }
  return "error";
}

std::string Problem::ToString() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) out += ":" + std::to_string(line);
    out += ": ";
  } else if (line > 0) {
    out += "line " + std::to_string(line) + ": ";
  }
  if (severity == Severity::kWarning) out += "warning: ";
  if (severity == Severity::kSkipped) out += "skipped: ";
  out += message;
  return out;
}

}  // namespace tmkit
