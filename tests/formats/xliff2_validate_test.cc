// tmkit's XLIFF 2 validator (formats/src/xliff2_validate.h): every 2.x file
// of ../shared/data/formats/lists (valid.txt and tolerant.txt pass,
// invalid.txt fails with a message naming the rule) and small documents per
// rule family.
#include "xliff2_validate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "test_util.h"

namespace tmkit::internal {
namespace {

using ::testing::HasSubstr;

// XLIFF 1.x files share the lists; only 2.x roots are for this validator.
bool IsXliff2(const std::string& path) {
  std::string head = testing::ReadFile(path).substr(0, 2000);
  return head.find("urn:oasis:names:tc:xliff:document:2.") != std::string::npos;
}

std::vector<std::string> Xliff2Samples(const std::string& list) {
  std::vector<std::string> out;
  for (const std::string& p : testing::ListedSamples(list, ".xlf"))
    if (IsXliff2(p)) out.push_back(p);
  return out;
}

std::string Base(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// Listed "valid" but breaking a rule the suite itself tests as invalid: the
// OmegaT copy of the XLIFF 2.0 spec example 9.5 has a <target> and no trgLang
// (exactly core/invalid/bad_NoTrgLang.xlf). notes/formats.md lists it as
// XSD-valid, which it is; the rule is in the prose. Rejected on purpose.
const std::map<std::string, std::string> kValidButBreaksRule = {{"ex.9.5.xlf", "trgLang"}};

// Listed "invalid" and still accepted, with the reason (see the doc's gaps).
const std::map<std::string, std::string> kKnownAccepted = {
    {"Bad-slr_sizeInfo-not-integer.xlf",
     "integer sizeInfo is a rule of the standard slr profiles; this file declares no profile "
     "and core/valid/withModulesAttributesInEc.xlf (valid) has sizeInfo=\"some info\" likewise"}};

TEST(Xliff2ValidateSamplesTest, EveryValidAndTolerantFilePasses) {
  std::vector<std::string> files = Xliff2Samples("valid.txt");
  for (const std::string& p : Xliff2Samples("tolerant.txt")) files.push_back(p);
  ASSERT_GE(files.size(), 60u);
  int accepted = 0;
  for (const std::string& path : files) {
    Status st = ValidateXliff2(path);
    auto conflict = kValidButBreaksRule.find(Base(path));
    if (conflict != kValidButBreaksRule.end()) {
      ASSERT_FALSE(st.has_value()) << path;
      EXPECT_THAT(st.error().message, HasSubstr(conflict->second)) << path;
      std::printf("  listed-valid rejected on purpose: %s: %s\n", Base(path).c_str(),
                  st.error().message.c_str());
      continue;
    }
    EXPECT_TRUE(st.has_value()) << path << ": " << (st ? "" : st.error().message);
    accepted += st.has_value();
  }
  std::printf("valid/tolerant XLIFF 2 files accepted: %d / %zu\n", accepted, files.size());
}

TEST(Xliff2ValidateSamplesTest, EveryInvalidFileFailsNamingTheRule) {
  std::vector<std::string> files = Xliff2Samples("invalid.txt");
  ASSERT_GE(files.size(), 100u);
  int rejected = 0;
  std::printf("%-62s %s\n", "file", "message");
  for (const std::string& path : files) {
    Status st = ValidateXliff2(path);
    if (st.has_value()) {
      EXPECT_TRUE(kKnownAccepted.count(Base(path))) << path << " was accepted";
      std::printf("%-62s ACCEPTED (known gap)\n", Base(path).c_str());
      continue;
    }
    ++rejected;
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidInput) << path;
    const std::string& m = st.error().message;
    // "path:line: rule: expected ..., found ..." (or the XML parser's message).
    EXPECT_THAT(m, HasSubstr(path + ":")) << m;
    bool xml_error = m.find("expected") == std::string::npos;
    if (!xml_error) {
      EXPECT_THAT(m, HasSubstr(", found ")) << m;
    }
    std::printf("%-62s %s\n", Base(path).c_str(), m.substr(m.find(Base(path))).c_str());
  }
  std::printf("invalid XLIFF 2 files rejected: %d / %zu\n", rejected, files.size());
  EXPECT_EQ(rejected + static_cast<int>(kKnownAccepted.size()), static_cast<int>(files.size()));
}

// ---------------------------------------------------------------------------
// Small documents, one rule family each.

std::string Doc(const std::string& unit_body, const std::string& xliff_attrs = "trgLang=\"fr\"",
                const std::string& file_head = "") {
  return "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"en\" " +
         xliff_attrs + "><file id=\"f1\">" + file_head + "<unit id=\"u1\">" + unit_body +
         "</unit></file></xliff>";
}

class Xliff2ValidateTest : public ::testing::Test {
 protected:
  // "" when valid, else the message.
  static std::string Check(const std::string& doc) {
    Status st = ValidateXliff2Text(doc, "t.xlf");
    return st ? "" : st.error().message;
  }
  static void ExpectValid(const std::string& doc) { EXPECT_EQ(Check(doc), "") << doc; }
  static void ExpectRule(const std::string& doc, const std::string& rule) {
    std::string m = Check(doc);
    EXPECT_THAT(m, HasSubstr(rule)) << doc;
  }
};

TEST_F(Xliff2ValidateTest, MinimalDocumentIsValid) {
  ExpectValid(Doc("<segment><source>a</source><target>b</target></segment>"));
}

TEST_F(Xliff2ValidateTest, MalformedXmlIsInvalidInputWithLine) {
  std::string m = Check(
      "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" "
      "srcLang=\"en\">\n<file id=\"f\"></xliff>");
  EXPECT_THAT(m, HasSubstr("t.xlf:2"));
}

TEST_F(Xliff2ValidateTest, RootMustBeXliff2) {
  ExpectRule("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" version=\"1.2\"/>",
             "root element");
}

TEST_F(Xliff2ValidateTest, MissingFileFails) {
  ExpectRule(
      "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" "
      "srcLang=\"en\"></xliff>",
      "at least one <file>");
}

TEST_F(Xliff2ValidateTest, LanguageTags) {
  EXPECT_TRUE(IsWellFormedBcp47("en"));
  EXPECT_TRUE(IsWellFormedBcp47("zh-Hant-TW"));
  EXPECT_TRUE(IsWellFormedBcp47("de-CH-1901"));
  EXPECT_TRUE(IsWellFormedBcp47("sl-rozaj-biske"));
  EXPECT_TRUE(IsWellFormedBcp47("en-a-bbb-x-a-ccc"));
  EXPECT_TRUE(IsWellFormedBcp47("x-whatever"));
  EXPECT_TRUE(IsWellFormedBcp47("i-klingon"));
  EXPECT_TRUE(IsWellFormedBcp47("es-419"));
  EXPECT_FALSE(IsWellFormedBcp47("f r"));
  EXPECT_FALSE(IsWellFormedBcp47(""));
  EXPECT_FALSE(IsWellFormedBcp47("en-"));
  EXPECT_FALSE(IsWellFormedBcp47("e"));
  EXPECT_FALSE(IsWellFormedBcp47("en-a"));
  EXPECT_FALSE(IsWellFormedBcp47("toolongtag"));
  EXPECT_FALSE(IsWellFormedBcp47("en_US"));
  ExpectRule(Doc("<segment><source>a</source></segment>", "trgLang=\"fr_FR\""), "BCP 47");
}

TEST_F(Xliff2ValidateTest, InheritedXmlLangMustMatchSrcAndTrgLang) {
  ExpectRule(
      "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" "
      "srcLang=\"en\" trgLang=\"fr\"><file id=\"f\"><group id=\"g\" xml:lang=\"de\">"
      "<unit id=\"u\"><segment><source>a</source></segment></unit></group></file></xliff>",
      "xml:lang of <source>");
  ExpectRule(Doc("<segment><source>a</source><target xml:lang=\"de\">b</target></segment>"),
             "xml:lang of <target>");
  ExpectValid(Doc("<segment><source xml:lang=\"EN\">a</source><target>b</target></segment>"));
  ExpectRule(Doc("<segment><source>a</source><target>b</target></segment>", ""), "trgLang");
}

TEST_F(Xliff2ValidateTest, XmlSpaceOfSourceAndTargetAgree) {
  ExpectRule(Doc("<segment><source xml:space=\"preserve\">a</source><target>b</target></segment>"),
             "xml:space of <target>");
  ExpectValid(
      "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" "
      "srcLang=\"en\" trgLang=\"fr\"><file id=\"f\"><unit id=\"u\" xml:space=\"preserve\">"
      "<segment><source> a</source><target> b</target></segment></unit></file></xliff>");
}

TEST_F(Xliff2ValidateTest, StructureAndAttributes) {
  ExpectRule(Doc("<segment><target>b</target></segment>"), "content of <segment>");
  ExpectRule(Doc("<ignorable><source> </source></ignorable>"), "at least one <segment>");
  ExpectRule(Doc("<segment state=\"done\"><source>a</source></segment>"), "value of state");
  ExpectRule(Doc("<segment subState=\"x:y\"><source>a</source></segment>"), "subState");
  ExpectRule(Doc("<segment><source dir=\"rtl\">a</source></segment>"), "attributes of <source>");
  ExpectRule(Doc("<segment id=\"#1\"><source>a</source></segment>"), "NMTOKEN");
  ExpectRule(Doc("<segment><source>a</source></segment>text"), "no text");
  ExpectRule(Doc("<notes/><segment><source>a</source></segment>"), "at least one <note>");
}

TEST_F(Xliff2ValidateTest, Extensions) {
  std::string ns = "trgLang=\"fr\" xmlns:my=\"urn:my\"";
  ExpectValid(Doc("<my:x id=\"1\"/><segment><source>a</source></segment>", ns));
  ExpectRule(Doc("<my:x id=\"1\"/><my:y xml:id=\"1\"/><segment><source>a</source></segment>", ns),
             "extension element id uniqueness");
  ExpectRule(Doc("<segment><source my:a=\"1\">a</source></segment>", ns), "extension attribute");
  ExpectRule(Doc("<segment><source><ph id=\"1\" my:a=\"1\"/></source></segment>", ns),
             "extension attribute");
  ExpectValid(Doc("<segment><source><mrk id=\"m\" my:a=\"1\">a</mrk></source></segment>", ns));
  ExpectRule(Doc("<segment><source>a</source></segment><my:x/>", ns), "content of <unit>");
}

TEST_F(Xliff2ValidateTest, IdsUniquePerScope) {
  ExpectRule(Doc("<segment id=\"s\"><source>a</source></segment>"
                 "<ignorable id=\"s\"><source> </source></ignorable>"),
             "segment/ignorable id uniqueness");
  ExpectRule(Doc("<notes><note id=\"n\">x</note><note id=\"n\">y</note></notes>"
                 "<segment><source>a</source></segment>"),
             "note id uniqueness");
  ExpectRule(Doc("<segment><source><ph id=\"1\"/><ph id=\"1\"/></source></segment>"),
             "inline id uniqueness");
}

TEST_F(Xliff2ValidateTest, InlineCodePairing) {
  ExpectValid(
      Doc("<segment><source><sc id=\"1\"/>a</source></segment>"
          "<segment><source>b<ec startRef=\"1\"/></source></segment>"));
  ExpectRule(Doc("<segment><source><sc id=\"1\"/>a</source></segment>"), "<sc> pairing");
  ExpectValid(Doc("<segment><source><sc id=\"1\" isolated=\"yes\"/>a</source></segment>"));
  ExpectRule(Doc("<segment><source><ec startRef=\"1\"/><sc id=\"1\"/></source></segment>"),
             "<ec> pairing");
  ExpectRule(Doc("<segment><source><ec id=\"1\"/></source></segment>"), "<ec> pairing");
  ExpectRule(Doc("<segment><source><ec isolated=\"yes\" startRef=\"1\"/></source></segment>"),
             "isolated <ec>");
  ExpectRule(Doc("<segment><source><sc id=\"1\" canCopy=\"no\"/>a<ec startRef=\"1\"/></source>"
                 "</segment>"),
             "canCopy of <ec>");
  ExpectRule(Doc("<segment><source><em startRef=\"m\"/></source></segment>"), "<em> pairing");
}

TEST_F(Xliff2ValidateTest, DataRefsAndCodes) {
  std::string od = "<originalData><data id=\"d1\">x</data></originalData>";
  ExpectValid(Doc(od + "<segment><source><ph id=\"1\" dataRef=\"d1\"/></source></segment>"));
  ExpectRule(Doc(od + "<segment><source><ph id=\"1\" dataRef=\"d2\"/></source></segment>"),
             "dataRef on <ph>");
  ExpectRule(Doc(od + "<segment><source><ph id=\"1\" dataRef=\"d1\"/>"
                      "<ph id=\"2\" copyOf=\"1\" dataRef=\"d1\"/></source></segment>"),
             "copyOf");
  ExpectRule(Doc("<segment><source><ph id=\"1\" subType=\"xlf:b\"/></source></segment>"),
             "subType");
  ExpectRule(Doc("<segment><source><ph id=\"1\" type=\"ui\" subType=\"xlf:b\"/></source>"
                 "</segment>"),
             "subType");
  ExpectRule(Doc("<segment><source><cp hex=\"0041\"/></source></segment>"), "hex of <cp>");
  ExpectValid(Doc("<segment><source><cp hex=\"0001\"/></source></segment>"));
}

TEST_F(Xliff2ValidateTest, EditingHints) {
  ExpectRule(Doc("<segment><source><ph id=\"1\" canDelete=\"no\"/>a</source>"
                 "<target>b</target></segment>"),
             "canDelete='no'");
  ExpectValid(Doc("<segment><source><ph id=\"1\" canDelete=\"no\"/>a</source></segment>"));
  ExpectRule(Doc("<segment><source><ph id=\"1\" canReorder=\"no\"/></source></segment>"),
             "canReorder on <ph>");
  ExpectRule(Doc("<segment><source>a</source><target order=\"1\">b</target></segment>"
                 "<segment><source>c</source><target order=\"1\">d</target></segment>"),
             "order of <target>");
}

TEST_F(Xliff2ValidateTest, FragmentIdentifiers) {
  auto mrk = [](const std::string& ref) {
    return Doc("<segment><source><mrk id=\"m1\" type=\"term\" ref=\"" + ref +
               "\">a</mrk></source></segment>");
  };
  ExpectValid(mrk("#m1"));
  ExpectValid(mrk("#/f=f1/u=u1/m1"));
  ExpectValid(mrk("#t=m1"));
  ExpectValid(mrk("http://example.com/term"));
  ExpectRule(mrk("#/u=u1/f=f1"), "fragment identifier");
  ExpectRule(mrk("#f=f1/d=d1/u=1"), "fragment identifier");
  ExpectRule(mrk("#a/b"), "fragment identifier");
  ExpectRule(mrk("#z=x"), "fragment identifier");
}

TEST_F(Xliff2ValidateTest, CommentAnnotations) {
  std::string notes = "<notes><note id=\"n1\">x</note></notes>";
  ExpectValid(Doc(notes + "<segment><source><mrk id=\"m\" type=\"comment\" ref=\"#n=n1\">a"
                          "</mrk></source></segment>"));
  ExpectRule(Doc(notes + "<segment><source><mrk id=\"m\" type=\"comment\" ref=\"#n=n2\">a"
                         "</mrk></source></segment>"),
             "comment annotation ref");
  ExpectRule(Doc(notes + "<segment><source><mrk id=\"m\" type=\"comment\" value=\"v\" "
                         "ref=\"#n=n1\">a</mrk></source></segment>"),
             "exactly one of value and ref");
}

TEST_F(Xliff2ValidateTest, Modules) {
  std::string ns =
      "trgLang=\"fr\" xmlns:mtc=\"urn:oasis:names:tc:xliff:matches:2.0\" "
      "xmlns:mda=\"urn:oasis:names:tc:xliff:metadata:2.0\" "
      "xmlns:fs=\"urn:oasis:names:tc:xliff:fs:2.0\" "
      "xmlns:val=\"urn:oasis:names:tc:xliff:validation:2.0\" "
      "xmlns:slr=\"urn:oasis:names:tc:xliff:sizerestriction:2.0\"";
  std::string seg = "<segment id=\"s1\"><source>a</source></segment>";
  ExpectValid(
      Doc("<mtc:matches><mtc:match ref=\"#s1\"><source>a</source><target>b</target>"
          "</mtc:match></mtc:matches>" +
              seg,
          ns));
  ExpectRule(Doc("<mtc:matches><mtc:match ref=\"s1\"><source>a</source><target>b</target>"
                 "</mtc:match></mtc:matches>" +
                     seg,
                 ns),
             "ref of <mtc:match>");
  ExpectRule(Doc("<mda:metadata><mda:metaGroup><mda:meta>x</mda:meta></mda:metaGroup>"
                 "</mda:metadata>" +
                     seg,
                 ns),
             "required attribute of <mda:meta>");
  ExpectRule(Doc("<mtc:matches/>" + seg, ns), "content of <mtc:matches>");
  ExpectRule(Doc(seg, ns, "<mtc:matches/>"), "extension point");
  ExpectRule(
      "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" "
      "srcLang=\"en\" " +
          ns +
          "><file id=\"f\"><group id=\"g\" fs:subFs=\"a\">"
          "<unit id=\"u\">" +
          seg + "</unit></group></file></xliff>",
      "fs:subFs");
  ExpectRule(Doc(seg, ns,
                 "<val:validation><val:rule isPresent=\"a\" occurs=\"0\"/>"
                 "</val:validation>"),
             "occurs");
  ExpectRule(
      "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" "
      "srcLang=\"en\" " +
          ns + "><file id=\"f\"><unit id=\"u\" slr:sizeRestriction=\"x\">" + seg +
          "</unit></file></xliff>",
      "slr:sizeRestriction");
}

}  // namespace
}  // namespace tmkit::internal
