#include <gtest/gtest.h>

#include <cstdlib>

#include "render_fixture.hpp"
#include "report/render_xlsx.hpp"

namespace {

using nlohmann::json;

// The first Python that has openpyxl (Debian's python3-openpyxl lives under /usr/bin/python3,
// which a PATH python3 from elsewhere may shadow); "" when there is none.
std::string python_with_openpyxl() {
  for (const char* py : {"/usr/bin/python3", "python3"}) {
    std::string cmd = std::string(py) + " -c \"import openpyxl\" >/dev/null 2>&1";
    if (std::system(cmd.c_str()) == 0) return py;
  }
  return "";
}

const json& sheet(const json& facts, const std::string& name) {
  for (const auto& s : facts["sheets"])
    if (s["name"] == name) return s;
  throw std::runtime_error("no sheet " + name);
}

// The coordinate of the topmost cell holding `text` ("" when none).
std::string find_cell(const json& s, const std::string& text) {
  std::string best;
  int best_row = 0;
  for (const auto& [coord, c] : s["cells"].items()) {
    if (c["value"] != text) continue;
    int row = std::stoi(coord.substr(coord.find_first_of("0123456789")));
    if (best.empty() || row < best_row) best = coord, best_row = row;
  }
  return best;
}

// A cell's facts; fails the test (by exception) when the cell is empty.
const json& at(const json& s, const std::string& coord) {
  if (!s["cells"].contains(coord)) throw std::runtime_error("empty cell " + coord);
  return s["cells"][coord];
}

class RenderXlsx : public ::testing::Test {
 protected:
  void SetUp() override {
    python = python_with_openpyxl();
    if (python.empty()) GTEST_SKIP() << "python3 with openpyxl not found (apt-get install python3-openpyxl)";
    dir = opora::test::scratch("xlsx");
    opora::host::XlsxRenderer().render(opora::test::monthly_fixture(), dir / "monthly.xlsx");
    std::string cmd = python + " " + OPORA_TEST_DATA + "/report/check_xlsx.py " +
                      (dir / "monthly.xlsx").string() + " " + (dir / "facts.json").string();
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    facts = json::parse(opora::test::read_text(dir / "facts.json"));
  }
  std::string python;
  std::filesystem::path dir;
  json facts;
};

TEST_F(RenderXlsx, HasOneSheetPerSectionWithValidNames) {
  std::vector<std::string> names;
  for (const auto& s : facts["sheets"]) names.push_back(s["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "Общие сведения", "Сводка", "Дорожная карта выполнение",
                       "Выполнение мероприятий по", "Показатели результативности",
                       "Школы, отнесённые к ШНОР и ШНСУ", "Динамика результатов",
                       "Рисковые профили школ", "Пояснительная записка"}));
  EXPECT_FALSE(std::filesystem::exists(dir / "monthly.xlsx.tmp"));
}

TEST_F(RenderXlsx, PercentsAreNumbersWithAPercentFormat) {
  const json& s = sheet(facts, "Показатели результативности");
  std::string row_cell = find_cell(s, "Доля педагогов ШНОР, прошедших диагностику дефицитов");
  ASSERT_FALSE(row_cell.empty());
  std::string row = row_cell.substr(1);
  const json& value = at(s, "D" + row);  // Значение
  EXPECT_EQ(value["kind"], "number");
  EXPECT_NEAR(value["value"].get<double>(), 0.817, 1e-9);
  EXPECT_EQ(value["format"], "0.0%");
  EXPECT_EQ(at(s, "B" + row)["kind"], "number");  // Числитель: a count
  EXPECT_EQ(at(s, "B" + row)["value"], 58);
}

TEST_F(RenderXlsx, DatesAreRealDates) {
  const json& s = sheet(facts, "Дорожная карта выполнение");
  std::string row = find_cell(s, "2.").substr(1);
  ASSERT_FALSE(row.empty());
  const json& due = at(s, "D" + row);
  EXPECT_EQ(due["kind"], "datetime");
  EXPECT_EQ(due["value"], "2023-02-28");
  EXPECT_EQ(due["format"], "dd.mm.yyyy");
  EXPECT_EQ(at(s, "E" + row)["value"], "выполнено");
}

TEST_F(RenderXlsx, TableHeaderIsFrozenFilteredAndOverdueRowsColoured) {
  const json& s = sheet(facts, "Дорожная карта выполнение");
  std::string head = find_cell(s, "Мероприятие");
  ASSERT_EQ(head.substr(0, 1), "B");
  int head_row = std::stoi(head.substr(1));
  EXPECT_EQ(s["freeze"], "A" + std::to_string(head_row + 1));
  EXPECT_EQ(s["autofilter"], "A" + std::to_string(head_row) + ":G" + std::to_string(head_row + 14));
  ASSERT_EQ(s["conditional"].size(), 1u);
  EXPECT_EQ(s["conditional"][0]["range"], "A" + std::to_string(head_row + 1) + ":G" + std::to_string(head_row + 14));
  EXPECT_EQ(s["conditional"][0]["formula"][0], "$E" + std::to_string(head_row + 1) + "=\"просрочено\"");
  // Widths follow content: the activity title column is wider than the number column.
  EXPECT_GT(s["widths"]["B"].get<double>(), s["widths"]["A"].get<double>() + 20);
}

// Issue 9 §4: a sheet prints as it is — A4 landscape, one page wide, the first table's header
// repeated on every page — and the «№» column is as narrow as its numbers.
TEST_F(RenderXlsx, SheetsPrintOnA4WithRepeatedHeader) {
  for (const auto& s : facts["sheets"]) {
    SCOPED_TRACE(s["name"].get<std::string>());
    EXPECT_EQ(s["paper"], 9);  // A4
    EXPECT_EQ(s["orientation"], "landscape");
    EXPECT_TRUE(s["fit"].get<bool>());
    // fitToWidth 1 is the OOXML default: libxlsxwriter leaves it out, openpyxl reads null.
    EXPECT_TRUE(s["fit_width"].is_null() || s["fit_width"] == 1) << s["fit_width"];
    EXPECT_EQ(s["fit_height"], 0);
  }
  const json& s = sheet(facts, "Дорожная карта выполнение");
  int head_row = std::stoi(find_cell(s, "Мероприятие").substr(1));
  std::string rows = std::to_string(head_row);
  // openpyxl gives the range as written in the file ("$5:$5") or without the anchors ("5:5").
  std::string titles = s["print_title_rows"].get<std::string>();
  std::erase(titles, '$');
  EXPECT_EQ(titles, rows + ":" + rows);
  EXPECT_LT(s["widths"]["A"].get<double>(), 12);
  for (const auto& sh : facts["sheets"]) {
    if (sh["name"] == "Пояснительная записка") continue;  // one wide column of prose
    for (const auto& [col, w] : sh["widths"].items()) EXPECT_LE(w.get<double>(), 51.0) << col;
  }
}

TEST_F(RenderXlsx, ChartsBecomeTablesOfTheirNumbers) {
  const json& s = sheet(facts, "Динамика результатов");
  std::string cell = find_cell(s, "Челябинская область");
  ASSERT_EQ(cell.substr(0, 1), "A");
  const json& v2022 = at(s, "E" + cell.substr(1));
  EXPECT_NEAR(v2022["value"].get<double>(), 0.127, 1e-9);
  EXPECT_FALSE(s["freeze"].is_null());
  EXPECT_NE(find_cell(sheet(facts, "Выполнение мероприятий по"), "! просрочено"), "");
  EXPECT_NE(find_cell(sheet(facts, "Сводка"), "Данные синтетические (демонстрационные)"), "");
}

TEST(RenderXlsxErrors, UnwritablePathIsAClearError) {
  try {
    opora::host::XlsxRenderer().render(opora::test::monthly_fixture(), "/proc/opora-no/such.xlsx");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("XLSX: не удалось записать файл /proc/opora-no/such.xlsx"),
              std::string::npos) << e.what();
  }
}

TEST(XlsxSheetName, IsValidShortAndUnique) {
  std::vector<std::string> used;
  using opora::host::render::xlsx_sheet_name;
  EXPECT_EQ(xlsx_sheet_name("Итоги: [март]/апрель?*", used), "Итоги март апрель");
  EXPECT_EQ(xlsx_sheet_name("Сводка", used), "Сводка");
  EXPECT_EQ(xlsx_sheet_name("СВОДКА", used), "СВОДКА (2)");
  EXPECT_EQ(xlsx_sheet_name("сводка", used), "сводка (3)");
  EXPECT_EQ(xlsx_sheet_name("", used), "Лист 5");
  EXPECT_EQ(xlsx_sheet_name("'цитата'", used), "цитата");
  std::string long_title = "Выполнение мероприятий дорожной карты по школам округа";
  std::string a = xlsx_sheet_name(long_title, used);
  std::string b = xlsx_sheet_name(long_title, used);
  EXPECT_EQ(a, "Выполнение мероприятий дорожной");
  EXPECT_EQ(b, "Выполнение мероприятий (2)");
}

}  // namespace
