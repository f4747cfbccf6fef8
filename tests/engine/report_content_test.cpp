// Issue 9 §4, "What the report shows": hand-made plans with known answers, checked on the report
// document and on its rendered text.
#include <stdlib.h>

#include <algorithm>

#include "engine/progress.hpp"
#include "engine/status.hpp"
#include "fixture.hpp"
#include "report/document.hpp"
#include "report/document_parts.hpp"
#include "report/render_format.hpp"
#include "report/render_html.hpp"
#include "report/render_md.hpp"

namespace opora::host::test {

namespace {

using json = nlohmann::json;

OccurrenceQuery query(std::string activity, std::string school = "", std::string due = "") {
  OccurrenceQuery q;
  q.activity = std::move(activity);
  q.school = std::move(school);
  q.due = std::move(due);
  return q;
}

ProgressEntry entry(std::string status, std::string date, std::string evidence,
                    std::string note = "") {
  return {std::move(status), std::move(date), std::move(evidence), std::move(note), "тест"};
}

const json& section_of(const json& doc, const std::string& id) {
  for (const auto& s : doc["sections"])
    if (s["id"] == id) return s;
  throw std::runtime_error("no section " + id);
}

const json& block_titled(const json& section, const std::string& title) {
  for (const auto& b : section["blocks"])
    if (b.value("title", "") == title) return b;
  throw std::runtime_error("no block " + title);
}

const json& row_where(const json& table, const std::string& key, const std::string& value) {
  for (const auto& r : table["rows"])
    if (r.value(key, json()).is_string() && r[key] == value) return r;
  throw std::runtime_error("no row " + key + " = " + value);
}

}  // namespace

class ReportContent : public EngineStore {
 protected:
  json report(const std::string& month, ReportOptions o = {}) {
    o.generated_at = "2023-04-01T09:30:00Z";
    auto data = load_snapshot_for(*db_, "reg/muni", 2023, false);
    return build_monthly_report(*db_, *catalog_, *data, "reg/muni", month, o);
  }
};

// «2 из 0 (teachers_total)»: without the territory's figure the share has no denominator, and
// the report says so instead of «из 0» or the figure's id.
TEST_F(ReportContent, IndicatorWithoutDenominatorSaysNoData) {
  db_->exec("DELETE FROM territory_observations");
  auto plan = load_plan_state(*db_, make_plan());
  auto act14 = find_activity(plan, [] {
                 auto q = query("14");
                 q.position = 7;
                 return q;
               }()).id;
  for (int i = 0; i < 2; ++i)
    add_participation(*db_, {act14, std::nullopt, "Педагог " + std::to_string(i), "teacher",
                             "2023-03-10", "тест"});
  auto doc = report("2023-03");
  const auto& table = section_of(doc, "indicators")["blocks"][0];
  const auto& row = row_where(table, "id", "teachers");
  EXPECT_EQ(row["numerator"], 2);
  EXPECT_EQ(row["denominator"], "нет данных");
  EXPECT_TRUE(row["value"].is_null());
  std::string why = row["explanation"];
  EXPECT_EQ(why.rfind("нет данных для знаменателя", 0), 0u) << why;
  std::string text = report_to_markdown(doc.dump());
  EXPECT_EQ(text.find("из 0"), std::string::npos) << text;
  EXPECT_EQ(text.find("teachers_total"), std::string::npos);
  // With the figure, the words are «участников: 2 из 50» — still no id.
  db_->exec("INSERT INTO territory_observations VALUES ('reg/muni', 2023, 'teachers_total', 50)");
  auto with = report("2023-03");
  const auto& r2 = row_where(section_of(with, "indicators")["blocks"][0], "id", "teachers");
  EXPECT_EQ(r2["explanation"], "участников: 2 из 50");
}

// «школ (low_results social_risk risk_zone)»: category codes in a package's text become titles.
TEST_F(ReportContent, CategoryCodesInPackageTextBecomeTitles) {
  auto eff = catalog_->effective("reg/muni");
  EXPECT_EQ(readable_text(eff, "школ (low_results social_risk risk_zone): 2 из 5"),
            "школ (ШНОР — школы с низкими образовательными результатами, ШНСУ — школы, "
            "функционирующие в неблагоприятных социальных условиях, Зона риска): 2 из 5");
  // Words that merely contain a code, and unknown identifiers, stay as written.
  EXPECT_EQ(readable_text(eff, "low_results_x и мероприятие 5"), "low_results_x и мероприятие 5");
  EXPECT_EQ(readable_text(eff, ""), "");
}

// The month as «март 2023», not «2023-03»; the build time in local time.
TEST_F(ReportContent, MonthInWordsAndLocalTime) {
  make_plan();
  auto doc = report("2023-03");
  const auto& head = section_of(doc, "header")["blocks"][0];
  EXPECT_EQ(row_where(head, "key", "Отчётный месяц")["value"], "март 2023");
  EXPECT_EQ(render::format_month("2024-01"), "январь 2024");
  EXPECT_EQ(render::format_month("2024-13"), "2024-13");
  std::string old_tz = getenv("TZ") ? getenv("TZ") : "";
  setenv("TZ", "UTC-3", 1);  // POSIX: three hours east of UTC, like Moscow
  tzset();
  EXPECT_EQ(render::format_timestamp("2023-04-01T21:30:00Z"), "02.04.2023 00:30");
  EXPECT_EQ(render::format_timestamp("2023-04-01T12:05:00+07:00"), "01.04.2023 12:05");
  if (old_tz.empty()) unsetenv("TZ");
  else setenv("TZ", old_tz.c_str(), 1);
  tzset();
}

// Sections in the document's own order: «Обобщающий этап» is last in the plan, first in the
// alphabet.
TEST_F(ReportContent, SectionsInDocumentOrder) {
  auto t = muni_template();
  t.sections = {"Подготовительный этап", "Основной этап", "Обобщающий этап"};
  const char* by_activity[] = {"Подготовительный этап", "Подготовительный этап", "Основной этап",
                               "Основной этап", "Основной этап", "Обобщающий этап",
                               "Обобщающий этап"};
  for (std::size_t i = 0; i < t.activities.size(); ++i) t.activities[i].section = by_activity[i];
  create_plan(*db_, t, "reg/muni", 2023, members());
  auto doc = report("2023-03");
  const auto& bars = block_titled(section_of(doc, "summary"), "Выполнение по разделам с начала года");
  std::vector<std::string> order;
  for (const auto& b : bars["bars"]) order.push_back(b["label"]);
  // Every section with something due by March, in the plan's order.
  EXPECT_EQ(order, (std::vector<std::string>{"Подготовительный этап", "Основной этап",
                                             "Обобщающий этап"}));
}

// «Т.М.Артамонова» / «Т.М.Артамонова.» / «Т. М. Артамонова» are one person; a final initial keeps
// its dot; a cell naming two people counts for both.
TEST(ResponsiblePeople, SpellingsOfOnePersonAreOne) {
  using V = std::vector<std::string>;
  EXPECT_EQ(responsible_people("Т.М.Артамонова"), V{"Т.М.Артамонова"});
  EXPECT_EQ(responsible_people("Т.М.Артамонова."), V{"Т.М.Артамонова"});
  EXPECT_EQ(responsible_people(" Т. М.  Артамонова "), V{"Т.М.Артамонова"});
  EXPECT_EQ(responsible_people("Артамонова Т.М."), V{"Артамонова Т.М."});
  EXPECT_EQ(responsible_people("Т.М.Артамонова, Отдел образования;"),
            (V{"Т.М.Артамонова", "Отдел образования"}));
  EXPECT_EQ(responsible_people("Т.М.Артамонова.\nт.м.артамонова"),
            (V{"Т.М.Артамонова", "т.м.артамонова"}));  // case is the document's: kept
  EXPECT_EQ(responsible_people(""), V{});
  // Regression: the 0xA0 byte inside «Р» (D0 A0) is not a no-break space.
  EXPECT_EQ(responsible_people("Руководитель РМО"), V{"Руководитель РМО"});
  EXPECT_EQ(responsible_people("Р.\u00a0Р.\u00a0Петрова"), V{"Р.Р.Петрова"});
}

TEST_F(ReportContent, ByResponsibleGroupsOnePersonAndListsTheirActivities) {
  auto t = muni_template();
  t.activities[0].responsible = "Т.М.Артамонова";
  t.activities[1].responsible = "Т.М.Артамонова.";
  t.activities[2].responsible = "Т. М. Артамонова, Отдел образования";
  auto plan = load_plan_state(*db_, create_plan(*db_, t, "reg/muni", 2023, members()).roadmap);
  auto st = month_status(plan, "2023-03");
  ASSERT_TRUE(st.by_responsible.count("Т.М.Артамонова"));
  EXPECT_FALSE(st.by_responsible.count("Т.М.Артамонова."));
  // Overdue by March: row 1 (25.01) and row 2 (10.02), both hers; the March seminar is hers too.
  EXPECT_EQ(st.by_responsible["Т.М.Артамонова"].overdue, 2);
  EXPECT_EQ(st.by_responsible["Т.М.Артамонова"].due, 1);
  auto doc = report("2023-03");
  const auto& counts = block_titled(section_of(doc, "roadmap"), "По ответственным");
  EXPECT_EQ(counts["rows"][0]["responsible"], "Т.М.Артамонова");  // first named by the plan
  const auto& view = block_titled(section_of(doc, "roadmap"), "Мероприятия месяца по ответственным");
  int hers = 0;
  for (const auto& r : view["rows"]) hers += r["responsible"] == "Т.М.Артамонова";
  EXPECT_EQ(hers, 3) << view.dump(1);
}

// The cumulative table: everything due since the plan's start with «отметка о выполнении», all
// confirming documents and the notes; per-school rows as «4 из 5 ШНОР», the detail in an annex.
TEST_F(ReportContent, CumulativeTableWithEveryDocumentAndNote) {
  auto plan = load_plan_state(*db_, make_plan());
  auto first = find_occurrence(plan, query("1")).id;
  record_progress(*db_, first, entry("in_progress", "2023-01-20", "Проект приказа", "на согласовании"));
  record_progress(*db_, first, entry("done", "2023-01-24", "Приказ №5 от 24.01.2023", "утверждён"));
  for (int s = 1; s <= 4; ++s)
    record_progress(*db_, find_occurrence(plan, query("5", "sch99000" + std::to_string(s))).id,
                    entry("done", "2023-03-1" + std::to_string(s), "РПШ школы " + std::to_string(s)));
  auto doc = report("2023-03");
  const auto& roadmap = section_of(doc, "roadmap");
  const auto& all = block_titled(roadmap, "Выполнение дорожной карты с начала её действия");
  bool has_completion = false;
  for (const auto& c : all["columns"]) has_completion |= c["title"] == "Отметка о выполнении";
  EXPECT_TRUE(has_completion);
  const auto& r1 = row_where(all, "number", "1");
  EXPECT_EQ(r1["completion"], "выполнено 24.01.2023");
  EXPECT_EQ(r1["evidence"], "Проект приказа; Приказ №5 от 24.01.2023");
  EXPECT_EQ(r1["note"], "на согласовании; утверждён");
  // Row 2 (due 10.02) is overdue and in the table though nothing was recorded.
  EXPECT_EQ(row_where(all, "number", "2")["status"], "overdue");
  // Five ШНОР in one line, four of them done; the school column says so in words.
  int lines5 = 0;
  for (const auto& r : all["rows"]) lines5 += r["number"] == "5";
  EXPECT_EQ(lines5, 1);
  const auto& r5 = row_where(all, "number", "5");
  EXPECT_EQ(r5["school"], "выполнено: 4 из 5 ШНОР");
  EXPECT_EQ(r5["status"], "due");  // the fifth school's window is still open in March
  EXPECT_NE(r5["evidence"].get<std::string>().find("РПШ школы 4"), std::string::npos);
  // The month's table summarises the same way.
  const auto& month = roadmap["blocks"][0];
  int month5 = 0;
  for (const auto& r : month["rows"]) month5 += r["number"] == "5";
  EXPECT_EQ(month5, 1);
  // The annex has every school.
  const auto& annex = block_titled(roadmap, "Приложение. Выполнение мероприятий по школам");
  EXPECT_EQ(annex["rows"].size(), 5u);
  EXPECT_EQ(row_where(annex, "school", "sch990002 Школа №2")["evidence"], "РПШ школы 2");
  // Not later than the report: an entry of April is not in March's table.
  record_progress(*db_, find_occurrence(plan, query("5", "sch990005")).id,
                  entry("done", "2023-04-02", "РПШ школы 5"));
  auto again = report("2023-03");
  EXPECT_EQ(row_where(block_titled(section_of(again, "roadmap"),
                                   "Выполнение дорожной карты с начала её действия"),
                      "number", "5")["school"],
            "выполнено: 4 из 5 ШНОР");
}

// «Исполнитель» and the user's «Пояснительная записка», in every text format.
TEST_F(ReportContent, ExplanatoryNoteAndSignature) {
  make_plan();
  ReportOptions o;
  o.explanatory = "Первый абзац\nпродолжение.\n\n  Второй абзац.  \n";
  o.executor = "Иванова И.И., методист";
  auto doc = report("2023-03", o);
  EXPECT_EQ(doc["explanatory_note"], o.explanatory);
  EXPECT_EQ(doc["signature"]["executor"], "Иванова И.И., методист");
  auto html = report_to_html(doc.dump());
  EXPECT_NE(html.find("<h2>Пояснительная записка</h2>\n<p>Первый абзац продолжение.</p>\n"
                      "<p>Второй абзац.</p>"),
            std::string::npos);
  EXPECT_NE(html.find("Исполнитель: Иванова И.И., методист"), std::string::npos);
  auto md = report_to_markdown(doc.dump());
  EXPECT_NE(md.find("## Пояснительная записка\n\nПервый абзац продолжение.\n\nВторой абзац.\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("Исполнитель: Иванова И.И., методист"), std::string::npos);
  // Without them: no note section, a blank line to sign on.
  auto bare = report_to_markdown(report("2023-03").dump());
  EXPECT_EQ(bare.find("Пояснительная записка"), std::string::npos);
  EXPECT_NE(bare.find("Исполнитель: ____"), std::string::npos);
}

// Indicator values carry their unit per row: a percent indicator's value is a percent cell.
TEST_F(ReportContent, IndicatorValuesCarryTheirUnit) {
  make_plan();
  auto doc = report("2023-03");
  const auto& table = section_of(doc, "indicators")["blocks"][0];
  EXPECT_EQ(row_where(table, "id", "rpsh_share")["units"]["value"], "percent");
  EXPECT_EQ(row_where(table, "id", "seminars")["units"]["value"], "count");
  auto md = report_to_markdown(doc.dump());
  EXPECT_NE(md.find("0\u00a0%"), std::string::npos) << md;  // rpsh_share: 0 of 5 in March
}

}  // namespace opora::host::test
