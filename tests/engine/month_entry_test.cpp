// Entering the month's work (issue 9 §5): activity numbers as documents write them, schools of
// another territory, the same record entered twice. Hand-made store, known answers.
#include <functional>

#include "engine/plan_state.hpp"
#include "engine/progress.hpp"
#include "engine/progress_import.hpp"
#include "fixture.hpp"
#include "import/import.hpp"
#include "roadmap/activity_number.hpp"
#include "store/territory.hpp"

namespace opora::host::test {

namespace {

OccurrenceQuery number(std::string n, std::string school = "") {
  OccurrenceQuery q;
  q.activity = std::move(n);
  q.school = std::move(school);
  return q;
}

ProgressEntry entry(std::string date, std::string evidence = "Приказ №1") {
  return {"done", std::move(date), std::move(evidence), "", "тест"};
}

std::string message(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(ActivityNumber, WrittenFormsAreOneNumber) {
  EXPECT_EQ(canonical_activity_number("5"), "5");
  EXPECT_EQ(canonical_activity_number("5."), "5");
  EXPECT_EQ(canonical_activity_number(" 5 "), "5");
  EXPECT_EQ(canonical_activity_number("\xC2\xA0" "5.\xC2\xA0"), "5");
  EXPECT_EQ(canonical_activity_number("5.1."), "5.1");
  EXPECT_EQ(canonical_activity_number("5. 1"), "5.1");
  EXPECT_EQ(canonical_activity_number("п. 5"), "5");
  EXPECT_EQ(canonical_activity_number("П.5."), "5");
  EXPECT_EQ(canonical_activity_number("пункт 5"), "5");
  EXPECT_EQ(canonical_activity_number("№ 5"), "5");
  EXPECT_EQ(canonical_activity_number("4.."), "4");
  EXPECT_EQ(canonical_activity_number("28-п"), "28-п");  // a suffix is part of the number
  EXPECT_EQ(canonical_activity_number("14а"), "14а");
  EXPECT_EQ(canonical_activity_number("."), ".");
  EXPECT_EQ(canonical_activity_number(""), "");
  EXPECT_TRUE(same_activity_number("4.", "4"));
  EXPECT_FALSE(same_activity_number("4", "14"));
  EXPECT_FALSE(same_activity_number("5.1", "51"));
}

TEST_F(EngineStore, ActivityNumberAsTheDocumentWritesItIsAccepted) {
  auto plan = load_plan_state(*db_, make_plan());
  for (const char* written : {"2", "2.", " 2 ", "п. 2", "№2"})
    EXPECT_EQ(find_activity(plan, number(written)).title, "Совещание с руководителями") << written;
  EXPECT_EQ(find_occurrence(plan, number("5.", "sch990001")).login, "sch990001");
  // Ambiguity and absence are still reported, with the number in its one form.
  EXPECT_NE(message([&] { find_activity(plan, number("14.")); }).find("номер 14 встречается"),
            std::string::npos);
  EXPECT_NE(message([&] { find_activity(plan, number("99.")); }).find("нет мероприятия №99"),
            std::string::npos);
}

TEST_F(EngineStore, PlanWhoseNumbersEndWithADotMatchesPlainNumbers) {
  RoadmapTemplate t = muni_template();
  t.id = "dotted";
  for (auto& a : t.activities) a.number += ".";  // «1.», «2.», ... as some documents write them
  auto id = create_plan(*db_, t, "reg/muni", 2023, members()).roadmap;
  auto plan = load_plan_state(*db_, id);
  EXPECT_EQ(find_activity(plan, number("1")).title, "Приказ об утверждении плана");
  EXPECT_EQ(find_activity(plan, number("1.")).title, "Приказ об утверждении плана");
  auto r = import_progress_text(
      *db_, id,
      "мероприятие;школа;срок;статус;дата;подтверждение;примечание;кто\n"
      "п. 1;;;выполнено;2023-01-25;Приказ №5;;Иванова\n",
      "progress.csv");
  EXPECT_EQ(r.written, 1);
}

TEST_F(EngineStore, SchoolOfAnotherTerritoryIsRefusedForParticipation) {
  ensure_territory(*db_, "other", "Другая область", "federal", "region", "import");
  ensure_territory(*db_, "other/town", "Другой район", "other", "municipality", "import");
  ensure_territory(*db_, "reg/muni/village", "Сельское поселение", "reg/muni", "municipality",
                   "import");
  db_->exec("INSERT INTO schools(id, login, name, territory) VALUES "
            "(50, 'sch500001', 'Чужая школа', 'other/town'), "
            "(51, 'sch510001', 'Сельская школа', 'reg/muni/village'), "
            "(52, 'sch520001', 'Областная школа', 'reg')");
  auto plan = load_plan_state(*db_, make_plan());
  const auto meeting = find_activity(plan, number("2")).id;
  auto before = count("participation");
  std::string e = message([&] {
    add_participation(*db_, {meeting, 50, "", "", "2023-02-05", "тест"},
                      Date{2023, 12, 31});
  });
  EXPECT_NE(e.find("sch500001"), std::string::npos) << e;
  EXPECT_NE(e.find("Другой район"), std::string::npos) << e;
  EXPECT_NE(e.find("Тестовый район"), std::string::npos) << e;
  // A school of the region above the municipality is not the municipality's either.
  EXPECT_THROW(add_participation(*db_, {meeting, 52, "", "", "2023-02-05", "тест"},
                                 Date{2023, 12, 31}),
               ProgressError);
  EXPECT_EQ(count("participation"), before);
  // The plan's own schools and those of territories inside it are accepted.
  EXPECT_GT(add_participation(*db_, {meeting, 1, "", "", "2023-02-05", "тест"}, Date{2023, 12, 31}),
            0);
  EXPECT_GT(add_participation(*db_, {meeting, 51, "", "", "2023-02-05", "тест"}, Date{2023, 12, 31}),
            0);
}

TEST_F(EngineStore, SameRecordTwiceIsRefusedNamingTheStoredOne) {
  auto plan = load_plan_state(*db_, make_plan());
  auto o = find_occurrence(plan, number("2")).id;
  auto first = record_progress(*db_, o, entry("2023-02-05"));
  std::string e = message([&] { record_progress(*db_, o, entry("2023-02-05")); });
  EXPECT_NE(e.find("уже есть: №" + std::to_string(first)), std::string::npos) << e;
  EXPECT_EQ(count("progress"), 1);
  // A note or another person does not make it another event.
  EXPECT_THROW(record_progress(*db_, o, {"done", "2023-02-05", "Приказ №1", "ещё раз", "Петрова"}),
               ProgressError);
  // A deliberate second meeting has its own date or its own evidence.
  EXPECT_GT(record_progress(*db_, o, entry("2023-02-07")), first);
  EXPECT_GT(record_progress(*db_, o, entry("2023-02-05", "Протокол №2")), first);
  EXPECT_EQ(count("progress"), 3);
  // Once the first record is undone, entering it again is allowed.
  undo_progress(*db_, first, "тест", "");
  EXPECT_GT(record_progress(*db_, o, entry("2023-02-05")), first);
}

TEST_F(EngineStore, ImportRefusesRecordsAlreadyStoredOrRepeatedInTheFile) {
  auto id = make_plan();
  const std::string header = "мероприятие;школа;срок;статус;дата;подтверждение;примечание;кто\n";
  const std::string row = "1;;;выполнено;2023-01-25;Приказ №5;;Иванова\n";
  EXPECT_EQ(import_progress_text(*db_, id, header + row, "first.csv").written, 1);
  std::string e = message([&] { import_progress_text(*db_, id, header + row, "again.csv"); });
  EXPECT_NE(e.find("again.csv:2:1:"), std::string::npos) << e;
  EXPECT_NE(e.find("уже есть: №1"), std::string::npos) << e;
  const std::string other = "2;;;выполнено;2023-02-05;Протокол;;Иванова\n";
  e = message([&] { import_progress_text(*db_, id, header + other + other, "twice.csv"); });
  EXPECT_NE(e.find("twice.csv:3:1:"), std::string::npos) << e;
  EXPECT_NE(e.find("строке 2"), std::string::npos) << e;
  EXPECT_EQ(count("progress"), 1);
}

}  // namespace opora::host::test
