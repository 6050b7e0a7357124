// XLIFF version detection and the document factory.
#include <string>

#include "tmkit/formats/xliff.h"
#include "xliff_format.h"
#include "xml_pull_parser.h"

namespace tmkit {

Result<XliffVersion> DetectXliffVersion(const std::string& path) {
  std::string ns, version;
  int line = 0;
  try {
    xml::XmlPullParser parser(std::make_unique<xml::FileSource>(path), path);
    xml::XmlEvent ev;
    bool found = false;
    while (parser.Next(&ev)) {
      if (ev.type != xml::XmlEventType::kStartElement) continue;
      if (ev.local_name != "xliff") {
        return InvalidInput(path + ":" + std::to_string(ev.line) +
                            ": expected the root element <xliff>, found <" + ev.qname + ">");
      }
      ns = ev.ns_uri;
      line = ev.line;
      if (const std::string* v = ev.Attr("version")) version = *v;
      found = true;
      break;
    }
    if (!found) return InvalidInput(path + ": the file has no root element");
  } catch (const xml::XmlError& e) {
    return InvalidInput(e.what());
  }
  const std::string where = path + ":" + std::to_string(line) + ": ";
  if (ns == internal::kXliff12Namespace || (ns.empty() && (version == "1.2" || version == "1.1")) ||
      ns == "urn:oasis:names:tc:xliff:document:1.1") {
    if (version != "1.2" && version != "1.1" && !version.empty()) {
      return InvalidInput(where + "the XLIFF 1.2 namespace with version=\"" + version +
                          "\"; expected version=\"1.2\"");
    }
    return XliffVersion::k1_2;
  }
  if (ns == internal::kXliff2Namespace) {
    if (version == "2.0") return XliffVersion::k2_0;
    if (version == "2.1") return XliffVersion::k2_1;
    return InvalidInput(where + "the XLIFF 2 namespace with version=\"" + version +
                        "\"; expected version=\"2.0\" or \"2.1\"");
  }
  if (ns == internal::kXliff22Namespace) {
    if (version == "2.2") return XliffVersion::k2_2;
    return InvalidInput(where + "the XLIFF 2.2 namespace with version=\"" + version +
                        "\"; expected version=\"2.2\"");
  }
  return InvalidInput(where + "<xliff> in namespace '" + ns + "' with version=\"" + version +
                      "\"; expected " + internal::kXliff12Namespace + " (1.2) or " +
                      internal::kXliff2Namespace + " (2.0, 2.1)");
}

Result<std::unique_ptr<XliffDocument>> XliffDocument::Open(const std::string& path,
                                                           const ReadOptions& options) {
  Result<XliffVersion> v = DetectXliffVersion(path);
  if (!v) return std::unexpected(v.error());
  if (*v == XliffVersion::k1_2) return internal::OpenXliff12Document(path, options);
  return internal::OpenXliff2Document(path, options);
}

}  // namespace tmkit
