// The boundary of package report sections: blocks are mapped onto the document's kinds, and a
// malformed or unknown block is a BlockError naming the block, never a document a renderer
// cannot draw (issue 13, "malformed block").
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "catalog/catalog.hpp"
#include "report/document_parts.hpp"
#include "report/section_blocks.hpp"

namespace {

using nlohmann::json;
using opora::host::BlockError;
using opora::host::section_blocks;

std::string error_of(const json& blocks) {
  try {
    section_blocks(blocks);
  } catch (const BlockError& e) {
    return e.what();
  }
  return "";
}

TEST(SectionBlocks, MapsEveryKindOntoTheDocumentKinds) {
  auto out = section_blocks(json::parse(R"([
    {"type":"paragraph","text":"абзац"},
    {"type":"key_value","title":"Итоги","items":[{"label":"ШНОР","value":3},{"label":"Нет"}]},
    {"type":"table","columns":[{"key":"n","title":"Число","type":"number"},
                               {"key":"d","title":"Дата","type":"date"},
                               {"key":"s","title":"Статус","type":"status"}],
     "rows":[{"n":1.5,"d":"2023-03-31","s":"done"},{"n":null}],"status_key":"s"},
    {"type":"bar_chart","unit":"count","bars":[{"label":"a","value":2,"target":3}]},
    {"type":"line_chart","unit":"percent","x":["2022","2023"],
     "series":[{"label":"l","values":[1,null]}]},
    {"type":"list","title":"Список","items":["один","два"]}
  ])"));
  std::vector<std::string> types;
  for (const auto& b : out) types.push_back(b["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"text", "table", "table", "bar_chart", "line_chart",
                                             "text", "text"}));
  EXPECT_EQ(out[1]["rows"][0]["value"], "3");
  EXPECT_EQ(out[1]["rows"][1]["value"], "—");
  EXPECT_EQ(out[2]["status_key"], "s");
  EXPECT_TRUE(out[4]["series"][0]["values"][1].is_null());
  EXPECT_EQ(out[5]["title"], "Список");
  EXPECT_EQ(out[6]["text"], "— два");
  EXPECT_TRUE(section_blocks(json::object()).empty());  // an empty Lua table
}

TEST(SectionBlocks, MalformedBlocksNameTheBlockAndTheProblem) {
  EXPECT_NE(error_of(json::parse(R"([{"type":"pie"}])")).find("блок №1 (pie): неизвестный тип"),
            std::string::npos);
  EXPECT_NE(error_of(json::parse(R"([{"text":"x"}])")).find("полем type"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"type":"text"})")).find("массив блоков"), std::string::npos);
  auto date = error_of(json::parse(R"([{"type":"text","text":"ok"},{"type":"table",
      "columns":[{"key":"d","type":"date"}],"rows":[{"d":"31.03.2023"}]}])"));
  EXPECT_NE(date.find("блок №2 (table), строка №1, колонка «d»"), std::string::npos) << date;
  // A date that has the shape but not a day of the calendar (the one calendar module decides).
  auto no_day = error_of(json::parse(R"([{"type":"table","columns":[{"key":"d","type":"date"}],
      "rows":[{"d":"2023-02-30"}]}])"));
  EXPECT_NE(no_day.find("колонка «d»"), std::string::npos) << no_day;
  EXPECT_NE(error_of(json::parse(R"([{"type":"table","columns":[{"key":"n","type":"number"}],
      "rows":[{"n":"много"}]}])")).find("ожидается число"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"([{"type":"table","columns":[{"key":"n"}],
      "rows":[{"x":1}]}])")).find("нет колонки «x»"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"([{"type":"table","columns":[{"key":"n","type":"money"}],
      "rows":[]}])")).find("«money»"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"([{"type":"line_chart","x":["a","b"],
      "series":[{"label":"l","values":[1]}]}])")).find("значений 1"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"([{"type":"bar_chart","unit":"штук","bars":[]}])"))
                .find("«unit»"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"([{"type":"table","columns":[{"key":"s","type":"status"}],
      "rows":[{"s":"готово"}]}])")).find("«готово»"), std::string::npos);
}

// The built-in sections are one registration table, and the ids the catalog checks report{}
// against are exactly its keys.
TEST(SectionBlocks, BuiltinRegistrationTableMatchesTheCatalogIds) {
  std::vector<std::string> keys;
  for (const auto& [id, fn] : opora::host::builtin_sections()) keys.push_back(id);
  auto ids = opora::host::builtin_section_ids();
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(keys, ids);
}

}  // namespace
