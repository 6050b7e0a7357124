// XmlCursor: a reader's position in a pull parser's events — the current
// event, the element depth after it — and where its warnings go. The TMX and
// XLIFF readers derive from it to share the walking code.
//
// Thread-safety: one cursor belongs to one thread.
#ifndef TMKIT_FORMATS_XML_CURSOR_H_
#define TMKIT_FORMATS_XML_CURSOR_H_

#include <memory>
#include <set>
#include <string>

#include "tmkit/core/status.h"
#include "xml_pull_parser.h"

namespace tmkit::xml {

class XmlCursor {
 public:
  XmlCursor(const XmlCursor&) = delete;
  XmlCursor& operator=(const XmlCursor&) = delete;

 protected:
  XmlCursor(std::unique_ptr<XmlPullParser> parser, std::string file, Reporter* reporter)
      : parser_(std::move(parser)), file_(std::move(file)), reporter_(reporter) {}
  ~XmlCursor() = default;

  // The next event into ev_: true; false at the end of the document.
  bool Advance() {
    if (!parser_->Next(&ev_)) return false;
    if (ev_.type == XmlEventType::kStartElement) ++depth_;
    if (ev_.type == XmlEventType::kEndElement) --depth_;
    return true;
  }
  // Advances until the element depth is below `depth` (past the end tag of
  // the element opened at that depth); XmlError if the document ends first.
  void SkipTo(int depth) {
    while (depth_ >= depth) {
      if (!Advance()) throw XmlError(file_, parser_->line(), "the file ends inside an element");
    }
  }
  // Skips the rest of the element whose start tag is the current event.
  void SkipElement() { SkipTo(depth_); }

  void Warn(int line, const std::string& message) {
    if (reporter_) reporter_->Report(Problem{Problem::Severity::kWarning, file_, line, message});
  }
  // Warns the first time `key` is seen only.
  void WarnOnce(const std::string& key, int line, const std::string& message) {
    if (warned_.insert(key).second) Warn(line, message + " (reported once)");
  }

  std::unique_ptr<XmlPullParser> parser_;
  std::string file_;
  XmlEvent ev_;
  int depth_ = 0;  // element depth after the current event

 private:
  Reporter* reporter_;
  std::set<std::string> warned_;
};

}  // namespace tmkit::xml

#endif  // TMKIT_FORMATS_XML_CURSOR_H_
