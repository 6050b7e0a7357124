#include "unit_codec.h"

#include <algorithm>
#include <cstring>

#include "tmkit/core/text.h"

namespace tmkit::internal {
namespace {

constexpr uint8_t kUnitFormat = 1;
constexpr uint8_t kOriginFormat = 1;
constexpr int kMaxNesting = 32;

class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  void U8(uint8_t v) { out_->push_back(static_cast<char>(v)); }
  void Varint(uint64_t v) {
    while (v >= 0x80) {
      out_->push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_->push_back(static_cast<char>(v));
  }
  void Signed(int64_t v) {
    Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
  }
  void Str(std::string_view s) {
    Varint(s.size());
    out_->append(s);
  }
  void Attrs(const std::vector<Attribute>& attrs) {
    Varint(attrs.size());
    for (const Attribute& a : attrs) {
      Str(a.name);
      Str(a.value);
    }
  }
  void Props(const std::vector<Prop>& props) {
    Varint(props.size());
    for (const Prop& p : props) {
      Str(p.type);
      Str(p.text);
      Str(p.lang);
      Str(p.encoding);
    }
  }
  void Notes(const std::vector<Note>& notes) {
    Varint(notes.size());
    for (const Note& n : notes) {
      Str(n.text);
      Str(n.lang);
      Str(n.encoding);
    }
  }
  void Provenance(const tmkit::Provenance& p) {
    Signed(p.creation_date);
    Signed(p.change_date);
    Str(p.creation_id);
    Str(p.change_id);
  }
  void Segment(const tmkit::Segment& s) {
    Str(s.text);
    Varint(s.codes.size());
    for (const InlineCode& c : s.codes) {
      U8(static_cast<uint8_t>(c.kind));
      Str(c.element);
      Str(c.id);
      Str(c.x);
      Str(c.type);
      Attrs(c.attrs);
      Varint(c.data.size());
      for (const CodePart& part : c.data) {
        if (part.sub.empty()) {
          U8(0);
          Str(part.text);
        } else {
          U8(1);
          Attrs(part.sub_attrs);
          Segment(part.sub.front());
        }
      }
      Varint(c.offset);
    }
  }

 private:
  std::string* out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return pos_ == in_.size(); }
  uint8_t U8() {
    if (pos_ >= in_.size()) return Fail();
    return static_cast<uint8_t>(in_[pos_++]);
  }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return Fail();
      uint8_t b = static_cast<uint8_t>(in_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    return Fail();
  }
  int64_t Signed() {
    uint64_t v = Varint();
    return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
  }
  // A count of items that each take at least one byte: bounded by what is left.
  size_t Count() {
    uint64_t n = Varint();
    if (n > in_.size() - pos_) {
      Fail();
      return 0;
    }
    return static_cast<size_t>(n);
  }
  std::string Str() {
    uint64_t n = Varint();
    if (!ok_ || n > in_.size() - pos_) {
      Fail();
      return {};
    }
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  void Attrs(std::vector<Attribute>* attrs) {
    size_t n = Count();
    attrs->resize(n);
    for (Attribute& a : *attrs) {
      a.name = Str();
      a.value = Str();
    }
  }
  void Props(std::vector<Prop>* props) {
    size_t n = Count();
    props->resize(n);
    for (Prop& p : *props) {
      p.type = Str();
      p.text = Str();
      p.lang = Str();
      p.encoding = Str();
    }
  }
  void Notes(std::vector<Note>* notes) {
    size_t n = Count();
    notes->resize(n);
    for (Note& note : *notes) {
      note.text = Str();
      note.lang = Str();
      note.encoding = Str();
    }
  }
  void Provenance(tmkit::Provenance* p) {
    p->creation_date = Signed();
    p->change_date = Signed();
    p->creation_id = Str();
    p->change_id = Str();
  }
  void Segment(tmkit::Segment* s, int depth) {
    if (depth > kMaxNesting) {
      Fail();
      return;
    }
    s->text = Str();
    size_t n = Count();
    s->codes.resize(n);
    for (InlineCode& c : s->codes) {
      uint8_t kind = U8();
      if (kind > static_cast<uint8_t>(CodeKind::kPlaceholder)) Fail();
      c.kind = static_cast<CodeKind>(kind);
      c.element = Str();
      c.id = Str();
      c.x = Str();
      c.type = Str();
      Attrs(&c.attrs);
      size_t parts = Count();
      c.data.resize(parts);
      for (CodePart& part : c.data) {
        uint8_t is_sub = U8();
        if (is_sub == 0) {
          part.text = Str();
        } else {
          Attrs(&part.sub_attrs);
          part.sub.resize(1);
          Segment(&part.sub.front(), depth + 1);
        }
        if (!ok_) return;
      }
      uint64_t offset = Varint();
      if (offset > s->text.size()) Fail();
      c.offset = static_cast<uint32_t>(offset);
      if (!ok_) return;
    }
  }

 private:
  uint8_t Fail() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

void AppendChecksum(size_t start, std::string* out) {
  uint32_t sum = static_cast<uint32_t>(Hash64(std::string_view(*out).substr(start)));
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>(sum >> (8 * i));
  out->append(b, 4);
}

// Splits off and checks the checksum; returns the body (format byte + payload).
Result<std::string_view> CheckedBody(std::string_view record, std::string_view what) {
  if (record.size() < 5) return Corruption(std::string(what) + " record is truncated");
  std::string_view body = record.substr(0, record.size() - 4);
  uint32_t stored = 0;
  for (int i = 0; i < 4; ++i) {
    stored |= static_cast<uint32_t>(static_cast<uint8_t>(record[record.size() - 4 + i])) << (8 * i);
  }
  if (stored != static_cast<uint32_t>(Hash64(body))) {
    return Corruption(std::string(what) + " record fails its checksum");
  }
  return body;
}

}  // namespace

void EncodeSegment(const Segment& segment, std::string* out) { Writer(out).Segment(segment); }

void EncodeUnit(const TranslationUnit& unit, uint32_t origin_id, std::string* out) {
  size_t start = out->size();
  Writer w(out);
  w.U8(kUnitFormat);
  w.Str(unit.tuid);
  w.Str(unit.source_lang);
  w.Provenance(unit.provenance);
  w.Varint(origin_id);
  w.Props(unit.props);
  w.Notes(unit.notes);
  w.Attrs(unit.attrs);
  w.Varint(unit.variants.size());
  for (const Variant& v : unit.variants) {
    w.Str(v.lang);
    w.Segment(v.segment);
    w.Provenance(v.provenance);
    w.Props(v.props);
    w.Notes(v.notes);
    w.Attrs(v.attrs);
  }
  AppendChecksum(start, out);
}

Status DecodeUnit(std::string_view record, TranslationUnit* unit, uint32_t* origin_id) {
  Result<std::string_view> body = CheckedBody(record, "unit");
  if (!body) return std::unexpected(body.error());
  Reader r(*body);
  if (r.U8() != kUnitFormat) return Corruption("unit record has an unknown format");
  unit->tuid = r.Str();
  unit->source_lang = r.Str();
  r.Provenance(&unit->provenance);
  uint64_t origin = r.Varint();
  *origin_id = static_cast<uint32_t>(origin);
  r.Props(&unit->props);
  r.Notes(&unit->notes);
  r.Attrs(&unit->attrs);
  size_t n = r.Count();
  unit->variants.resize(n);
  for (Variant& v : unit->variants) {
    v.lang = r.Str();
    r.Segment(&v.segment, 0);
    r.Provenance(&v.provenance);
    r.Props(&v.props);
    r.Notes(&v.notes);
    r.Attrs(&v.attrs);
    if (!r.ok()) break;
  }
  if (!r.ok() || !r.done() || origin > UINT32_MAX) return Corruption("unit record is damaged");
  return {};
}

void EncodeOrigin(const OriginInfo& origin, std::string* out) {
  size_t start = out->size();
  Writer w(out);
  w.U8(kOriginFormat);
  w.Varint(origin.id);
  w.Str(origin.path);
  w.Str(origin.format);
  w.Signed(origin.imported_at);
  w.Varint(origin.units);
  w.Attrs(origin.header_attrs);
  w.Props(origin.props);
  w.Notes(origin.notes);
  AppendChecksum(start, out);
}

Status DecodeOrigin(std::string_view record, OriginInfo* origin) {
  Result<std::string_view> body = CheckedBody(record, "origin");
  if (!body) return std::unexpected(body.error());
  Reader r(*body);
  if (r.U8() != kOriginFormat) return Corruption("origin record has an unknown format");
  origin->id = static_cast<uint32_t>(r.Varint());
  origin->path = r.Str();
  origin->format = r.Str();
  origin->imported_at = r.Signed();
  origin->units = r.Varint();
  r.Attrs(&origin->header_attrs);
  r.Props(&origin->props);
  r.Notes(&origin->notes);
  if (!r.ok() || !r.done()) return Corruption("origin record is damaged");
  return {};
}

std::string DuplicateKey(const TranslationUnit& unit) {
  std::vector<std::string> parts;
  parts.reserve(unit.variants.size());
  for (const Variant& v : unit.variants) {
    std::string p = v.lang;
    p += '\x1f';
    EncodeSegment(v.segment, &p);
    parts.push_back(std::move(p));
  }
  std::sort(parts.begin(), parts.end());
  std::string key;
  for (const std::string& p : parts) {
    Writer(&key).Str(p);
  }
  return key;
}

}  // namespace tmkit::internal
