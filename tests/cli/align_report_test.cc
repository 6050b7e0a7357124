// The HTML alignment report (cli/align_report.h): escaping, confidence bands,
// flagged rows and the links between them, header counts, paragraph marks,
// languages, and a page that is self-contained and well-formed XML (so
// tinyxml2, an independent parser, reads it here).
#include "align_report.h"

#include <gtest/gtest.h>
#include <tinyxml2.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace tmkit::cli {
namespace {

using tinyxml2::XMLDocument;
using tinyxml2::XMLElement;

std::vector<Sentence> Sentences(const std::vector<std::pair<std::string, uint32_t>>& texts) {
  std::vector<Sentence> out;
  for (const auto& [text, paragraph] : texts) {
    Sentence s;
    s.text = text;
    s.paragraph = paragraph;
    out.push_back(s);
  }
  return out;
}

AlignLink Link(std::vector<uint32_t> src, std::vector<uint32_t> tgt, double confidence,
               std::vector<std::string> flags = {}, std::vector<std::string> evidence = {}) {
  AlignLink link;
  link.src = std::move(src);
  link.tgt = std::move(tgt);
  link.confidence = confidence;
  link.flags = std::move(flags);
  link.evidence = std::move(evidence);
  return link;
}

// Every element of the document, depth first.
void ForEachElement(const XMLElement* e, const std::function<void(const XMLElement*)>& f) {
  for (; e; e = e->NextSiblingElement()) {
    f(e);
    ForEachElement(e->FirstChildElement(), f);
  }
}

bool HasClass(const XMLElement* e, const std::string& name) {
  const char* c = e->Attribute("class");
  if (!c) return false;
  std::string classes = std::string(" ") + c + " ";
  return classes.find(" " + name + " ") != std::string::npos;
}

// All the text inside `e`, tags removed.
std::string Text(const XMLElement* e) {
  std::string out;
  for (const tinyxml2::XMLNode* n = e->FirstChild(); n; n = n->NextSibling()) {
    if (const tinyxml2::XMLText* t = n->ToText()) {
      out += t->Value();
    } else if (const XMLElement* c = n->ToElement()) {
      out += Text(c);
    }
  }
  return out;
}

class AlignReportTest : public ::testing::Test {
 protected:
  AlignReportTest() {
    src_ = Sentences({{"Kharkiv came under attack overnight.", 0},
                      {"At least 37 people were injured.", 0},
                      {"Rescuers worked all night.", 1},
                      {"The power station was damaged.", 1},
                      {"More details will follow.", 2}});
    tgt_ = Sentences({{"Уночі Харків зазнав удару.", 0},
                      {"Щонайменше 38 людей дістали поранення.", 0},
                      {"Рятувальники працювали всю ніч, і електростанцію пошкоджено.", 1},
                      {"Раніше місто вже зазнавало обстрілів.", 2}});
    alignment_.length_ratio = 1.08;
    alignment_.links = {
        Link({0}, {0}, 0.97, {}, {"Kharkiv ↔ Харків"}),
        Link({1}, {1}, 0.62, {"numbers"}, {"37"}),
        Link({2, 3}, {2}, 0.91, {}, {}),
        Link({4}, {}, 0.31, {"unaligned", "uncertain"}, {}),
        Link({}, {3}, 0.55, {"unaligned"}, {}),
    };
  }

  AlignReportInput Input() {
    return AlignReportInput{.src_path = "/news/kharkiv.en.txt",
                            .tgt_path = "/news/kharkiv.uk.txt",
                            .src_lang = "en",
                            .tgt_lang = "uk",
                            .src = &src_,
                            .tgt = &tgt_,
                            .alignment = &alignment_,
                            .seconds = 0.25};
  }

  // Renders and parses the page; fails the test if it is not well-formed.
  const XMLElement* Render() { return Render(Input()); }
  const XMLElement* Render(const AlignReportInput& input) {
    html_ = RenderAlignReport(input);
    doc_ = std::make_unique<XMLDocument>();
    EXPECT_EQ(tinyxml2::XML_SUCCESS, doc_->Parse(html_.c_str(), html_.size()))
        << doc_->ErrorStr();
    const XMLElement* root = doc_->RootElement();
    EXPECT_NE(nullptr, root);
    return root;
  }

  const XMLElement* ById(const std::string& id) {
    const XMLElement* found = nullptr;
    ForEachElement(doc_->RootElement(), [&](const XMLElement* e) {
      const char* a = e->Attribute("id");
      if (a && id == a) found = e;
    });
    return found;
  }

  std::vector<const XMLElement*> ByClass(const std::string& name,
                                         const XMLElement* within = nullptr) {
    std::vector<const XMLElement*> out;
    const XMLElement* start = within ? within->FirstChildElement() : doc_->RootElement();
    ForEachElement(start, [&](const XMLElement* e) {
      if (HasClass(e, name)) out.push_back(e);
    });
    return out;
  }

  // The <tr> of link `n` (1-based, as the page numbers them).
  const XMLElement* Row(int n) { return ById("l" + std::to_string(n)); }

  std::vector<Sentence> src_, tgt_;
  Alignment alignment_;
  std::string html_;
  std::unique_ptr<XMLDocument> doc_;
};

TEST_F(AlignReportTest, IsAWellFormedHtml5Page) {
  const XMLElement* root = Render();
  ASSERT_NE(nullptr, root);
  EXPECT_STREQ("html", root->Name());
  EXPECT_EQ(0u, html_.find("<!DOCTYPE html>"));
  EXPECT_NE(std::string::npos, html_.find("<meta charset=\"utf-8\"/>"));
  EXPECT_NE(nullptr, root->FirstChildElement("head")->FirstChildElement("title"));
}

TEST_F(AlignReportTest, IsSelfContained) {
  Render();
  for (const char* banned : {"http:", "https:", "//cdn", "<script", "<link", "<img", "<iframe",
                             "@import", "url(", "src=", "@font-face"}) {
    EXPECT_EQ(std::string::npos, html_.find(banned)) << banned;
  }
  ForEachElement(doc_->RootElement(), [&](const XMLElement* e) {
    if (const char* href = e->Attribute("href")) {
      EXPECT_EQ('#', href[0]) << "only links inside the page: " << href;
    }
  });
  EXPECT_NE(std::string::npos, html_.find("<style>"));
}

TEST_F(AlignReportTest, EscapesTextsPathsLanguagesFlagsAndEvidence) {
  src_[0].text = "Tom & \"Jerry\" <b>bold</b> it's";
  tgt_[0].text = "</td></tr><script>alert('x')</script>";
  alignment_.links[0].evidence = {"<AT&T> ↔ \"AT&T\""};
  alignment_.links[1].flags = {"<odd & new>"};
  AlignReportInput input = Input();
  input.src_path = "/news/<a&b>\"'.txt";
  input.tgt_lang = "uk\"><x";
  Render(input);
  EXPECT_NE(std::string::npos, html_.find("Tom &amp; &quot;Jerry&quot; &lt;b&gt;bold&lt;/b&gt; it&#39;s"));
  EXPECT_NE(std::string::npos,
            html_.find("&lt;/td&gt;&lt;/tr&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  EXPECT_NE(std::string::npos, html_.find("&lt;AT&amp;T&gt; ↔ &quot;AT&amp;T&quot;"));
  EXPECT_NE(std::string::npos, html_.find("&lt;odd &amp; new&gt;"));
  EXPECT_NE(std::string::npos, html_.find("&lt;a&amp;b&gt;&quot;&#39;.txt"));
  EXPECT_EQ(std::string::npos, html_.find("<script"));
  EXPECT_EQ(std::string::npos, html_.find("<x"));
  // The parsed page gives the texts back exactly.
  const XMLElement* first = Row(1);
  ASSERT_NE(nullptr, first);
  EXPECT_NE(std::string::npos, Text(first).find("Tom & \"Jerry\" <b>bold</b> it's"));
  EXPECT_NE(std::string::npos, Text(first).find("</td></tr><script>alert('x')</script>"));
}

TEST_F(AlignReportTest, BytesThatAreNotUtf8AndControlCharactersBecomeReplacementCharacters) {
  src_[0].text = std::string("bad \xC3 byte, bell \x07, nul-free \xEF\xBF\xBF end");
  Render();
  EXPECT_NE(std::string::npos, html_.find("bad \xEF\xBF\xBD byte, bell \xEF\xBF\xBD,"));
  EXPECT_EQ(std::string::npos, html_.find('\x07'));
}

TEST_F(AlignReportTest, ConfidenceBands) {
  const std::vector<std::pair<double, std::string>> cases = {
      {1.0, "hi"}, {0.95, "hi"}, {0.9, "hi"},  {0.8999, "mid"},       {0.7, "mid"},
      {0.5, "mid"}, {0.4999, "lo"}, {0.0, "lo"}, {std::nan(""), "lo"},
  };
  for (const auto& [confidence, band] : cases) {
    SCOPED_TRACE(confidence);
    EXPECT_EQ(band, ConfidenceBand(confidence));
  }
}

TEST_F(AlignReportTest, RowsAndPillsAreColouredByConfidence) {
  Render();
  const std::vector<std::pair<int, std::string>> rows = {
      {1, "hi"}, {2, "mid"}, {3, "hi"}, {4, "lo"}, {5, "mid"}};
  for (const auto& [n, band] : rows) {
    SCOPED_TRACE(n);
    const XMLElement* row = Row(n);
    ASSERT_NE(nullptr, row);
    EXPECT_TRUE(HasClass(row, band)) << row->Attribute("class");
    std::vector<const XMLElement*> pills = ByClass("pill", row);
    ASSERT_EQ(1u, pills.size());
    EXPECT_TRUE(HasClass(pills[0], band));
  }
  // Percentages are rounded down, so the number never contradicts the colour.
  alignment_.links[0].confidence = 0.8999;
  Render();
  EXPECT_EQ("89%", Text(ByClass("pill", Row(1))[0]));
  EXPECT_TRUE(HasClass(Row(1), "mid"));
}

TEST_F(AlignReportTest, FlaggedRowsCarryReadableBadgesAndLinkToEachOther) {
  Render();
  EXPECT_TRUE(HasClass(Row(1), "ok"));
  EXPECT_TRUE(HasClass(Row(3), "ok"));
  for (int n : {2, 4, 5}) EXPECT_TRUE(HasClass(Row(n), "flag")) << n;

  auto badges = [&](int n) {
    std::vector<std::string> out;
    for (const XMLElement* b : ByClass("badge", Row(n))) out.push_back(Text(b));
    return out;
  };
  EXPECT_EQ(std::vector<std::string>{"numbers differ"}, badges(2));
  EXPECT_EQ((std::vector<std::string>{"unaligned", "uncertain"}), badges(4));
  EXPECT_TRUE(badges(1).empty());

  auto jumps = [&](int n) {
    std::vector<std::string> out;
    for (const XMLElement* j : ByClass("jump", Row(n))) {
      for (const XMLElement* a = j->FirstChildElement("a"); a; a = a->NextSiblingElement("a")) {
        out.push_back(a->Attribute("href"));
      }
    }
    return out;
  };
  EXPECT_EQ(std::vector<std::string>{"#l4"}, jumps(2));
  EXPECT_EQ((std::vector<std::string>{"#l2", "#l5"}), jumps(4));
  EXPECT_EQ(std::vector<std::string>{"#l4"}, jumps(5));
  EXPECT_TRUE(jumps(1).empty());

  // The checkbox filters with CSS alone: unflagged rows are the "ok" ones.
  const XMLElement* box = ById("only-flagged");
  ASSERT_NE(nullptr, box);
  EXPECT_STREQ("checkbox", box->Attribute("type"));
  EXPECT_NE(std::string::npos, html_.find("#only-flagged:checked ~ main tr.ok { display: none; }"));
  EXPECT_NE(std::string::npos, html_.find("Show only flagged links (3)"));
  EXPECT_NE(std::string::npos, html_.find("href=\"#l2\">\xE2\x86\x93 First flagged link"));
}

TEST_F(AlignReportTest, HeaderCountsSentencesLinksTypesAndConfidence) {
  Render();
  EXPECT_EQ("5", Text(ById("n-links")));
  EXPECT_EQ("3", Text(ById("n-flagged")));
  EXPECT_EQ("2", Text(ById("n-unaligned")));
  // (0.97 + 0.62 + 0.91 + 0.31 + 0.55) / 5 = 0.672
  EXPECT_EQ("67%", Text(ById("mean-confidence")));
  std::vector<std::string> chips;
  for (const XMLElement* c : ByClass("chip")) chips.push_back(Text(c));
  // 1-1 first, then by count.
  ASSERT_EQ(4u, chips.size());
  EXPECT_EQ("1-1 \xC3\x97" "2", chips[0]);
  EXPECT_NE(std::string::npos, html_.find("5 sentences"));
  EXPECT_NE(std::string::npos, html_.find("4 sentences"));
  EXPECT_NE(std::string::npos, html_.find("1 source \xC2\xB7 1 target"));
  EXPECT_NE(std::string::npos, html_.find("0.25 s"));
  EXPECT_NE(std::string::npos, html_.find("1.08"));
  EXPECT_NE(std::string::npos, html_.find("kharkiv.en.txt"));
  EXPECT_NE(std::string::npos, html_.find("title=\"/news/kharkiv.uk.txt\""));
}

TEST_F(AlignReportTest, SidesCarryTheirLanguageAndSentenceNumbersCountFromOne) {
  Render();
  const XMLElement* row = Row(3);
  std::vector<const XMLElement*> src = ByClass("source", row), tgt = ByClass("target", row);
  ASSERT_EQ(1u, src.size());
  ASSERT_EQ(1u, tgt.size());
  EXPECT_STREQ("en", src[0]->Attribute("lang"));
  EXPECT_STREQ("uk", tgt[0]->Attribute("lang"));
  std::vector<std::string> numbers;
  for (const XMLElement* i : ByClass("i", src[0])) numbers.push_back(Text(i));
  EXPECT_EQ((std::vector<std::string>{"3", "4"}), numbers);
  // The 0-based vecalign form, as --links writes it.
  EXPECT_EQ("[2, 3]:[2]", Text(ByClass("vl", row)[0]));
  EXPECT_EQ("2-1", Text(ByClass("type", row)[0]));
  EXPECT_EQ("[4]:[]", Text(ByClass("vl", Row(4))[0]));
  EXPECT_NE(std::string::npos, Text(Row(4)).find("no target sentence"));
  EXPECT_TRUE(HasClass(ByClass("target", Row(4))[0], "gap"));
}

TEST_F(AlignReportTest, ParagraphStartsAreMarked) {
  Render();
  // Paragraphs start at source sentences 0, 2, 4 and target sentences 0, 2, 3.
  EXPECT_EQ(6u, ByClass("pm").size() - 1) << "one ¶ in the legend, one per paragraph start";
  EXPECT_EQ(1u, ByClass("pm", ByClass("source", Row(1))[0]).size());
  EXPECT_EQ(0u, ByClass("pm", ByClass("source", Row(2))[0]).size());
  EXPECT_EQ(1u, ByClass("pm", ByClass("source", Row(3))[0]).size());
  EXPECT_FALSE(HasClass(Row(1), "pstart")) << "no rule above the first row";
  EXPECT_FALSE(HasClass(Row(2), "pstart"));
  for (int n : {3, 4, 5}) EXPECT_TRUE(HasClass(Row(n), "pstart")) << n;
}

TEST_F(AlignReportTest, HangulAndCyrillicGetFontsForTheirScripts) {
  tgt_ = Sentences({{"하르키우가 밤사이 공격을 받았다.", 0}});
  alignment_.links = {Link({0, 1, 2, 3, 4}, {0}, 0.3, {"length", "uncertain"})};
  AlignReportInput input = Input();
  input.tgt_lang = "ko";
  Render(input);
  EXPECT_STREQ("ko", ByClass("target", Row(1))[0]->Attribute("lang"));
  EXPECT_NE(std::string::npos, html_.find(":lang(ko)"));
  EXPECT_NE(std::string::npos, html_.find("word-break: keep-all"));
  EXPECT_NE(std::string::npos, html_.find(":lang(uk)"));
  EXPECT_NE(std::string::npos, html_.find("하르키우가 밤사이 공격을 받았다."));
}

TEST_F(AlignReportTest, MissingSentencesAndInputsAreShownNotFatal) {
  alignment_.links.push_back(Link({99}, {42}, 0.5));
  Render();
  EXPECT_NE(std::string::npos, Text(Row(6)).find("(the text has no sentence 100)"));

  AlignReportInput empty;
  Render(empty);
  EXPECT_NE(std::string::npos, html_.find("No links"));
  EXPECT_EQ("0", Text(ById("n-links")));
}

TEST_F(AlignReportTest, TenThousandLinksRenderQuicklyAsOnePlainTable) {
  std::vector<Sentence> src, tgt;
  Alignment big;
  for (uint32_t i = 0; i < 10000; ++i) {
    src.push_back(Sentence{.text = "Sentence " + std::to_string(i) + " of the article & more.",
                           .paragraph = i / 5});
    tgt.push_back(Sentence{.text = "Речення " + std::to_string(i) + " статті.", .paragraph = i / 5});
    big.links.push_back(Link({i}, {i}, (i % 10) / 10.0, i % 10 < 5 ? std::vector<std::string>{"uncertain"}
                                                                    : std::vector<std::string>{}));
  }
  AlignReportInput input = Input();
  input.src = &src;
  input.tgt = &tgt;
  input.alignment = &big;
  auto start = std::chrono::steady_clock::now();
  std::string html = RenderAlignReport(input);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 1.0);
  EXPECT_LT(html.size(), 12u << 20);
  Render(input);
  EXPECT_NE(nullptr, Row(10000));
  EXPECT_EQ(1u, ByClass("links").size());
  EXPECT_EQ("5,000", Text(ById("n-flagged")));
}

TEST_F(AlignReportTest, PrintsWithoutTheToolbarAndKeepsColours) {
  Render();
  size_t print = html_.find("@media print");
  ASSERT_NE(std::string::npos, print);
  std::string css = html_.substr(print);
  EXPECT_NE(std::string::npos, css.find(".toolbar"));
  EXPECT_NE(std::string::npos, css.find("print-color-adjust: exact"));
  EXPECT_NE(std::string::npos, css.find("break-inside: avoid"));
}

}  // namespace
}  // namespace tmkit::cli
