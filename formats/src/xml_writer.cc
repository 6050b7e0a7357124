#include "xml_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace tmkit::xml {

namespace {

// The replacement for character `c`, or nullptr to copy it. In attributes,
// quotes and tab/LF/CR are escaped too (attribute-value normalisation would
// turn the white space into spaces).
const char* Replacement(char c, bool attribute) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '\r':
      return "&#xD;";
    case '"':
      return attribute ? "&quot;" : nullptr;
    case '\t':
      return attribute ? "&#x9;" : nullptr;
    case '\n':
      return attribute ? "&#xA;" : nullptr;
    default:
      return nullptr;
  }
}

void AppendEscaped(std::string_view text, bool attribute, std::string* out) {
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char* rep = Replacement(text[i], attribute);
    if (!rep) continue;
    out->append(text.data() + start, i - start);
    out->append(rep);
    start = i + 1;
  }
  out->append(text.data() + start, text.size() - start);
}

// Output is written to ".NAME.tmkit-XXXXXX" beside NAME, which the writer
// holds an flock(2) on until it renames or removes it.
constexpr std::string_view kTempMark = ".tmkit-";

bool IsTempName(std::string_view name) {
  constexpr size_t kRandom = 6;  // mkstemp's XXXXXX
  if (name.size() < 1 + 1 + kTempMark.size() + kRandom || name[0] != '.') return false;
  std::string_view tail = name.substr(name.size() - kRandom - kTempMark.size());
  if (!tail.starts_with(kTempMark)) return false;
  for (char c : tail.substr(kTempMark.size())) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// A writer that was killed leaves its temporary file behind; the lock it held
// went with the process. Removes such files in `dir` (only ours, only
// unlocked ones: a temporary file of a running writer stays).
void RemoveAbandonedTempFiles(const std::filesystem::path& dir) {
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!IsTempName(it->path().filename().string())) continue;
    int fd = ::open(it->path().c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) continue;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0) {
      ::unlink(it->path().c_str());
    }
    ::close(fd);
  }
}

}  // namespace

void AppendEscapedText(std::string_view text, std::string* out) {
  AppendEscaped(text, /*attribute=*/false, out);
}

void AppendEscapedAttr(std::string_view value, std::string* out) {
  AppendEscaped(value, /*attribute=*/true, out);
}

int32_t FirstForbiddenChar(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return c;
    // U+FFFE / U+FFFF: EF BF BE / EF BF BF.
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE) {
      return 0xFFFE + (static_cast<unsigned char>(text[i + 2]) & 1);
    }
  }
  return -1;
}

Result<std::unique_ptr<OutputFile>> OutputFile::Create(const std::string& path) {
  std::unique_ptr<OutputFile> out(new OutputFile());
  out->path_ = path;
  std::filesystem::path p(path);
  std::filesystem::path dir = p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
  RemoveAbandonedTempFiles(dir);
  std::string tmpl;
  int fd = -1;
  // Another writer's sweep may remove the file between mkstemp and flock;
  // then it has no link left and a new one is made.
  for (int attempt = 0; attempt < 8 && fd < 0; ++attempt) {
    tmpl = (dir / ("." + p.filename().string() + std::string(kTempMark) + "XXXXXX")).string();
    fd = mkstemp(tmpl.data());
    if (fd < 0) {
      return IOError("cannot write in '" + dir.string() + "': " + std::strerror(errno));
    }
    // Where flock(2) is not supported, the file goes unlocked (and no sweep
    // removes anything there either).
    struct stat st;
    bool swept = flock(fd, LOCK_EX | LOCK_NB) != 0 ? errno == EWOULDBLOCK
                                                   : fstat(fd, &st) != 0 || st.st_nlink == 0;
    if (swept) {
      ::close(fd);
      fd = -1;
    }
  }
  if (fd < 0) return IOError("cannot write in '" + dir.string() + "': no temporary file");
  out->temp_path_ = tmpl;
  out->file_ = fdopen(fd, "wb");
  if (!out->file_) {
    ::close(fd);
    std::remove(tmpl.c_str());
    return IOError("cannot write '" + path + "': " + std::strerror(errno));
  }
  out->buffer_.reserve(kBlock + (kBlock >> 2));
  return out;
}

OutputFile::~OutputFile() {
  if (file_) {
    std::fclose(file_);
    std::remove(temp_path_.c_str());
  }
}

void OutputFile::Write(std::string_view data) {
  buffer_.append(data);
  MaybeFlush();
}

void OutputFile::Flush() {
  if (!buffer_.empty() && !failed_) {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      failed_ = true;
      error_ = errno;
    }
  }
  buffer_.clear();
}

Status OutputFile::Commit() {
  Flush();
  if (!failed_ && std::fflush(file_) != 0) {
    failed_ = true;
    error_ = errno;
  }
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fileno(file_), 0666 & ~mask);  // mkstemp made it 0600
  if (!failed_ && fsync(fileno(file_)) != 0) {
    failed_ = true;
    error_ = errno;
  }
  int rc = std::fclose(file_);
  file_ = nullptr;
  if (!failed_ && rc != 0) {
    failed_ = true;
    error_ = errno;
  }
  if (failed_) {
    std::remove(temp_path_.c_str());
    return IOError("writing '" + path_ + "' failed: " + std::strerror(error_) +
                   (error_ == ENOSPC ? " (free some disk space and try again)" : ""));
  }
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    int e = errno;
    std::remove(temp_path_.c_str());
    return IOError("cannot create '" + path_ + "': " + std::strerror(e));
  }
  return {};
}

}  // namespace tmkit::xml
