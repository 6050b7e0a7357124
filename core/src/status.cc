#include "tmkit/core/status.h"

namespace tmkit {

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
