#include <gtest/gtest.h>

#include "catalog/catalog.hpp"
#include "render_fixture.hpp"
#include "report/render_json.hpp"
#include "report/renderers.hpp"

namespace {

TEST(RenderJson, WritesTheDocumentAsIsPrettyPrinted) {
  auto out = opora::test::scratch("json") / "sub" / "monthly.json";
  opora::host::JsonRenderer().render(opora::test::monthly_fixture(), out);
  std::string text = opora::test::read_text(out);
  EXPECT_EQ(nlohmann::json::parse(text), opora::test::monthly_json());
  EXPECT_EQ(text.rfind("{\n  \"as_of\"", 0), 0u);  // indented
  EXPECT_NE(text.find("Чебаркульский городской округ"), std::string::npos);  // UTF-8 kept, not \u escapes
}

TEST(RenderJson, RefusesABrokenDocumentWithoutWriting) {
  auto out = opora::test::scratch("json_bad") / "bad.json";
  EXPECT_THROW(opora::host::JsonRenderer().render("{\"schema\": \"opora.report/1\"}", out), std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(BuiltinRenderers, RegisterFourFormatsFromTheHost) {
  opora::host::Catalog catalog;
  opora::host::register_builtin_renderers(catalog);
  std::vector<std::string> formats;
  for (const auto& e : catalog.renderers()) {
    formats.push_back(e.item->format() + "/" + e.item->extension());
    EXPECT_EQ(e.origin.kind, "host");
    EXPECT_EQ(e.origin.where, "host/report");
    EXPECT_EQ(e.territory, "federal");
  }
  EXPECT_EQ(formats, (std::vector<std::string>{"html/html", "xlsx/xlsx", "md/md", "json/json"}));
  auto eff = catalog.effective("chelyabinsk/chebarkul");
  EXPECT_EQ(eff.renderers.size(), 4u);
}

}  // namespace
