// TmxReader: streams the units of a TMX 1.1–1.4b file (private; reached
// through OpenReader in format.h). See doc/formats/tmx.md for the mapping.
//
// Memory stays bounded by one <tu>: the XML is pulled event by event.
// Thread-safety: one reader per thread.
#ifndef TMKIT_FORMATS_TMX_READER_H_
#define TMKIT_FORMATS_TMX_READER_H_

#include <map>
#include <memory>
#include <set>
#include <string>

#include "tmkit/formats/format.h"
#include "xml_cursor.h"
#include "xml_pull_parser.h"

namespace tmkit {

class TmxReader final : public UnitReader, private xml::XmlCursor {
 public:
  // `file` names the document in messages.
  TmxReader(std::unique_ptr<xml::XmlPullParser> parser, std::string file, ReadOptions options);
  ~TmxReader() override;

  Result<bool> Next(TranslationUnit* unit) override;
  const FileHeader& header() const override { return header_; }
  uint64_t bytes_read() const override;

 private:
  struct UnitError;  // a broken unit (recoverable by skipping it)
  // The <bpt>s open in one <seg> or <sub>: i → line of the <bpt>.
  struct Pairs {
    std::map<std::string, int> open;
  };

  void ReadPrologue();
  void ReadHeader();
  bool NextTu(TranslationUnit* unit);
  void ReadTu(TranslationUnit* unit);
  void ReadTuv(Variant* variant);
  void ReadSeg(Segment* segment);
  void ReadInline(Segment* segment, const std::string& end_name, Pairs* pairs);
  void ReadCode(Segment* segment, Pairs* pairs);
  void ReadProp(std::vector<Prop>* props);
  void ReadNote(std::vector<Note>* notes);
  std::string ReadTextOnly(const char* element);
  void CheckAllClosed(const Pairs& pairs, const char* element);
  void ReadProvenance(Provenance* provenance);

  ReadOptions options_;
  FileHeader header_;
  int version_major_ = 1;
  int version_minor_ = 4;
  bool started_ = false;
  bool finished_ = false;
};

}  // namespace tmkit

#endif  // TMKIT_FORMATS_TMX_READER_H_
