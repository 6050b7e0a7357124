// Helpers shared by the tests: temporary folders, paths to ../shared, running
// the tmkit binary.
#ifndef TMKIT_TESTS_TEST_UTIL_H_
#define TMKIT_TESTS_TEST_UTIL_H_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#ifndef TMKIT_SHARED_DIR
#define TMKIT_SHARED_DIR "/work/shared"
#endif

namespace tmkit::testing {

// A fresh folder under $TMPDIR, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tmkit-test-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string SharedPath(const std::string& relative) {
  return std::string(TMKIT_SHARED_DIR) + "/" + relative;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

// Lines of a list in ../shared/data/formats/lists whose path ends with `ext`.
inline std::vector<std::string> ListedSamples(const std::string& list, const std::string& ext) {
  std::vector<std::string> out;
  std::ifstream in(SharedPath("data/formats/lists/" + list));
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() >= ext.size() && line.compare(line.size() - ext.size(), ext.size(), ext) == 0) {
      out.push_back(SharedPath("data/formats/" + line));
    }
  }
  return out;
}

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs a shell command line; captures stdout and stderr.
inline CommandResult RunShell(const std::string& command) {
  TempDir tmp;
  std::string out = tmp / "out", err = tmp / "err";
  std::string full = "(" + command + ") >" + out + " 2>" + err + " </dev/null";
  int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

// Single-quotes `s` for the shell.
inline std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'')
      q += "'\\''";
    else
      q += c;
  }
  return q + "'";
}

}  // namespace tmkit::testing

#endif  // TMKIT_TESTS_TEST_UTIL_H_
