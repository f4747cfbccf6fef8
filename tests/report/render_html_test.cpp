#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "catalog/catalog.hpp"
#include "render_fixture.hpp"
#include "report/render_html.hpp"
#include "report/render_svg.hpp"
#include "report/renderers.hpp"

namespace {

using opora::test::count;
using nlohmann::json;

// Checks that elements nest properly: every opened element is closed in order, void and
// self-closing elements aside, <style> content skipped. Returns "" or what is wrong.
std::string nesting_error(const std::string& html) {
  static const std::vector<std::string> void_elements = {"meta", "br", "link", "img", "input", "hr"};
  std::vector<std::string> stack;
  std::size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string::npos) {
    std::size_t end = html.find('>', pos);
    if (end == std::string::npos) return "unterminated tag at " + std::to_string(pos);
    std::string tag = html.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    if (tag.empty() || tag[0] == '!') continue;
    bool closing = tag[0] == '/';
    std::string name = tag.substr(closing ? 1 : 0);
    name = name.substr(0, name.find_first_of(" \n\t/"));
    if (closing) {
      if (stack.empty() || stack.back() != name)
        return "</" + name + "> closes <" + (stack.empty() ? "nothing" : stack.back()) + ">";
      stack.pop_back();
      continue;
    }
    if (tag.back() == '/') continue;
    if (std::find(void_elements.begin(), void_elements.end(), name) != void_elements.end()) continue;
    stack.push_back(name);
    if (name == "style") {  // CSS may hold '<' or '>' in theory; skip to its end
      pos = html.find("</style>", pos);
      if (pos == std::string::npos) return "unterminated <style>";
    }
  }
  if (!stack.empty()) return "<" + stack.back() + "> never closed";
  return "";
}

std::string section_html(const std::string& html, const std::string& id) {
  auto start = html.find("data-section=\"" + id + "\"");
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</section>", start) - start);
}

class RenderHtml : public ::testing::Test {
 protected:
  json doc = opora::test::monthly_json();
  std::string html = opora::host::report_to_html(opora::test::monthly_fixture());
};

TEST(HtmlNestingCheck, RejectsMisnestedTags) {
  EXPECT_NE(nesting_error("<table><tr></table>"), "");
  EXPECT_NE(nesting_error("<svg><rect></svg>"), "");
  EXPECT_NE(nesting_error("<div>"), "");
  EXPECT_EQ(nesting_error("<div><rect x=\"1\"/><meta charset=\"utf-8\"></div>"), "");
}

TEST_F(RenderHtml, IsWellFormedHtml5InRussian) {
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"ru\">", 0), 0u);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_EQ(nesting_error(html), "");
  EXPECT_EQ(count(html, "<table"), count(html, "</table>"));
  EXPECT_EQ(count(html, "<svg"), count(html, "</svg>"));
  EXPECT_EQ(count(html, "<svg"), 5u);  // 2 bar charts + 1 risk bar chart + matrix + line chart
}

TEST_F(RenderHtml, IsPrintableOnA4) {
  EXPECT_NE(html.find("@page { size: A4;"), std::string::npos);
  EXPECT_NE(html.find("thead { display: table-header-group; }"), std::string::npos);
  EXPECT_NE(html.find("break-inside: avoid"), std::string::npos);
}

TEST_F(RenderHtml, FetchesNothingFromTheNetwork) {
  std::string rest = html;
  const std::string xmlns = "xmlns=\"http://www.w3.org/2000/svg\"";
  for (auto p = rest.find(xmlns); p != std::string::npos; p = rest.find(xmlns)) rest.erase(p, xmlns.size());
  EXPECT_EQ(rest.find("http://"), std::string::npos);
  EXPECT_EQ(rest.find("https://"), std::string::npos);
  EXPECT_EQ(rest.find("//"), std::string::npos) << "protocol-relative reference";
  EXPECT_EQ(rest.find("<script"), std::string::npos);
  EXPECT_EQ(rest.find("<link"), std::string::npos);
  EXPECT_EQ(rest.find("@import"), std::string::npos);
  EXPECT_EQ(rest.find("url("), std::string::npos);
  EXPECT_EQ(rest.find(" src="), std::string::npos);
}

TEST_F(RenderHtml, EverySchoolNameAppearsEscaped) {
  const json& schools = opora::test::block_of(doc, "schools", 0)["rows"];
  ASSERT_EQ(schools.size(), 6u);
  for (const auto& row : schools) {
    std::string name = row["school"];
    EXPECT_NE(html.find(opora::host::render::xml_escape(name)), std::string::npos) << name;
  }
  EXPECT_NE(html.find("МКОУ &quot;Филимоновская ООШ&quot; &amp; д/с"), std::string::npos);
  EXPECT_EQ(html.find("\"Филимоновская ООШ\" & д/с"), std::string::npos);
  EXPECT_NE(html.find("(&lt;отрицательная динамика&gt;)"), std::string::npos);
}

TEST_F(RenderHtml, IndicatorChartHasABarAndATargetPerIndicator) {
  std::string part = section_html(html, "indicators");
  ASSERT_FALSE(part.empty());
  std::size_t indicators = opora::test::block_of(doc, "indicators", 0)["rows"].size();
  EXPECT_EQ(count(part, "class=\"bar\""), indicators);
  EXPECT_EQ(count(part, "class=\"target\""), indicators);
  EXPECT_NE(part.find("Доля педагогов с ИОМ"), std::string::npos);
  EXPECT_NE(part.find("9,9\u00a0% · цель 10\u00a0%"), std::string::npos);
}

TEST_F(RenderHtml, StackedBarsHaveOnePartPerStatusAndALegend) {
  std::string part = section_html(html, "summary");
  EXPECT_EQ(count(part, "class=\"bar-part\""), 3u + 4u + 1u);
  EXPECT_EQ(count(part, "class=\"bar\""), 0u);
  EXPECT_NE(part.find(">запланировано</text>"), std::string::npos);  // legend entry
}

TEST_F(RenderHtml, MatrixHasACellPerSchoolAndActivityAndALegend) {
  std::string part = section_html(html, "matrix");
  EXPECT_EQ(count(part, "class=\"cell\""), 6u * 6u);
  for (const char* label : {"выполнено", "просрочено", "выполняется", "отменено", "не относится к школе"})
    EXPECT_NE(part.find(std::string(">") + label + "</text>"), std::string::npos) << label;
}

TEST_F(RenderHtml, LineChartDrawsOnlyKnownPoints) {
  std::string part = section_html(html, "dynamics");
  std::size_t known = 0;
  for (const auto& s : opora::test::block_of(doc, "dynamics", 0)["series"])
    for (const auto& v : s["values"]) known += v.is_number();
  EXPECT_EQ(count(part, "<circle"), known);
  EXPECT_NE(part.find(">Челябинская область</text>"), std::string::npos);
  EXPECT_NE(part.find(">2019</text>"), std::string::npos);
}

TEST_F(RenderHtml, StatusesCarryTextNotOnlyColour) {
  std::string part = section_html(html, "roadmap");
  EXPECT_EQ(count(part, "<tr class=\"row-overdue\">"), 2u);
  EXPECT_EQ(count(part, "</span>просрочено</td>"), 2u);
  EXPECT_NE(part.find("<time datetime=\"2023-02-28\">28.02.2023</time>"), std::string::npos);
  EXPECT_NE(html.find("‼ критично"), std::string::npos);  // figure status
}

TEST_F(RenderHtml, HeaderShowsPeriodPlanAndSyntheticNote) {
  EXPECT_NE(html.find("Чебаркульский городской округ"), std::string::npos);
  EXPECT_NE(html.find("Отчётный период: март 2023 · по состоянию на 31.03.2023"), std::string::npos);
  EXPECT_NE(html.find("Приказ № 145Д от 10.04.2023"), std::string::npos);
  EXPECT_NE(html.find("class=\"synthetic\""), std::string::npos);
  EXPECT_NE(html.find("Данные синтетические"), std::string::npos);

  doc["synthetic"] = false;
  doc["plan"] = nullptr;
  std::string real = opora::host::report_to_html(doc.dump());
  EXPECT_EQ(real.find("синтетические"), std::string::npos);
  EXPECT_NE(real.find("План (дорожная карта) на этот год не утверждён."), std::string::npos);
}

TEST_F(RenderHtml, HostileStringsCannotInjectMarkup) {
  doc["title"] = "<script>alert(1)</script>";
  json& schools = doc["sections"][5]["blocks"][0]["rows"];
  schools[0]["school"] = "</td></table><img src=x onerror=alert(1)>";
  doc["sections"][3]["blocks"][0]["rows"][0] = "</text></svg><script>x</script>";
  doc["sections"][1]["id"] = "\"><b>";
  std::string out = opora::host::report_to_html(doc.dump());
  EXPECT_EQ(out.find("<script"), std::string::npos);
  EXPECT_EQ(out.find("<img"), std::string::npos);
  EXPECT_EQ(out.find("<b>"), std::string::npos);
  EXPECT_EQ(nesting_error(out), "");
}

TEST(RenderHtmlErrors, NamesWhatIsWrong) {
  try {
    opora::host::report_to_html("{ not json");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("не является корректным JSON"), std::string::npos) << e.what();
  }
  json doc = opora::test::monthly_json();
  doc["sections"][2]["blocks"][0]["type"] = "pie";
  try {
    opora::host::report_to_html(doc.dump());
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "Документ отчёта: секция «roadmap», блок 1 (pie): неизвестный тип блока «pie»");
  }
  doc = opora::test::monthly_json();
  doc["schema"] = "opora.report/2";
  EXPECT_THROW(opora::host::report_to_html(doc.dump()), std::runtime_error);
  doc = opora::test::monthly_json();
  doc["sections"][6]["blocks"][0]["series"][0]["values"].erase(0);
  try {
    opora::host::report_to_html(doc.dump());
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("«dynamics», блок 1 (line_chart): в ряду «МБОУ «СОШ №1»» 4 значений"),
              std::string::npos) << e.what();
  }
}

// Writes the fixture through the registered renderer; the browser check
// (tests/report/browser_check.sh) runs this case with OPORA_REPORT_HTML_OUT set.
TEST(RenderHtmlFile, WritesFixtureThroughTheCatalog) {
  opora::host::Catalog catalog;
  opora::host::register_builtin_renderers(catalog);
  const opora::Renderer* html = nullptr;
  for (const auto& e : catalog.renderers())
    if (e.item->format() == "html") html = e.item.get();
  ASSERT_NE(html, nullptr);
  const char* env = std::getenv("OPORA_REPORT_HTML_OUT");
  std::filesystem::path out = env ? std::filesystem::path(env)
                                  : opora::test::scratch("html") / "monthly.html";
  html->render(opora::test::monthly_fixture(), out);
  std::string written = opora::test::read_text(out);
  EXPECT_EQ(written, opora::host::report_to_html(opora::test::monthly_fixture()));
}

}  // namespace
