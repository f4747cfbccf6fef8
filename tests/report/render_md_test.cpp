#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "render_fixture.hpp"
#include "report/render_md.hpp"

namespace {

using opora::test::count;

// Cell separators of a pipe-table line: `|` not escaped by a backslash.
std::size_t pipes(const std::string& line) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < line.size(); ++i)
    if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++n;
  return n;
}

std::vector<std::vector<std::string>> tables(const std::string& md) {
  std::vector<std::vector<std::string>> out;
  std::istringstream in(md);
  std::string line;
  bool in_table = false;
  while (std::getline(in, line)) {
    bool row = !line.empty() && line[0] == '|';
    if (row && !in_table) out.emplace_back();
    if (row) out.back().push_back(line);
    in_table = row;
  }
  return out;
}

class RenderMarkdown : public ::testing::Test {
 protected:
  std::string md = opora::host::report_to_markdown(opora::test::monthly_fixture());
};

TEST_F(RenderMarkdown, TablesAreWellFormed) {
  auto all = tables(md);
  // roadmap, indicators, schools tables + 3 bar charts, line chart, matrix as tables
  ASSERT_EQ(all.size(), 8u);
  for (const auto& t : all) {
    ASSERT_GE(t.size(), 3u) << t[0];
    std::size_t width = pipes(t[0]);
    EXPECT_GE(width, 3u);
    for (const auto& line : t) {
      EXPECT_EQ(pipes(line), width) << line;
      EXPECT_EQ(line.back(), '|') << line;
    }
    for (std::size_t i = 0; i < t[1].size(); ++i)
      EXPECT_NE(std::string("| -:").find(t[1][i]), std::string::npos) << "separator row: " << t[1];
  }
}

TEST_F(RenderMarkdown, EscapesPipesInsideCells) {
  EXPECT_NE(md.find("Разработка антирисковых программ \\| концепций развития"), std::string::npos);
  EXPECT_EQ(md.find("программ | концепций"), std::string::npos);
}

TEST_F(RenderMarkdown, HasHeadingsFiguresAndChartTables) {
  EXPECT_EQ(md.rfind("# Ежемесячный отчёт о реализации дорожной карты\n", 0), 0u);
  EXPECT_NE(md.find("\n## Сводка\n"), std::string::npos);
  EXPECT_NE(md.find("\n- Просрочено: **2** (критично)\n"), std::string::npos);
  EXPECT_NE(md.find("\n- Доля выполненных мероприятий: **35,7\u00a0%** (требует внимания)\n"), std::string::npos);
  EXPECT_NE(md.find("| Доля педагогов с ИОМ | 9,9\u00a0% | 10\u00a0% |"), std::string::npos);
  EXPECT_NE(md.find("| Подготовительный этап | 6 | 4 | 1 | 1 | — |"), std::string::npos);
  EXPECT_NE(md.find("| МБОУ ООШ №76 | 30,2\u00a0% | — | 33,5\u00a0% | 34,1\u00a0% | — |"), std::string::npos);
  EXPECT_NE(md.find("> **Данные синтетические:**"), std::string::npos);
  EXPECT_NE(md.find("| 4. | Самодиагностика школ и составление рискового профиля (РПШ) | Руководители ОО | 31.03.2023 | просрочено | — | 4 |"),
            std::string::npos);
}

}  // namespace
