// Plans: every deadline kind expands into dated occurrences; per-school activities get one
// row per identified school; re-running adds what is missing and deletes nothing.
#include "fixture.hpp"

namespace opora::host::test {

namespace {

struct Occ {
  std::string due_start, due_end, kind;
};

std::vector<Occ> occurrences_of(Db& db, int position, std::optional<std::int64_t> school = {}) {
  auto q = db.prepare(
      "SELECT o.due_start, o.due_end, o.kind FROM occurrences o JOIN activities a ON "
      "a.id = o.activity WHERE a.position = ? AND (o.school IS ? OR ? IS NULL) ORDER BY o.seq");
  q.bind_all(position, school, school);
  std::vector<Occ> out;
  while (q.step())
    out.push_back({std::string(q.column_text(0)), std::string(q.column_text(1)),
                   std::string(q.column_text(2))});
  return out;
}

}  // namespace

TEST_F(EngineStore, EachDeadlineKindExpandsIntoOccurrences) {
  auto made = create_plan(*db_, muni_template(), "reg/muni", 2023, members());
  EXPECT_TRUE(made.new_roadmap);
  EXPECT_EQ(made.activities_added, 7);

  auto date = occurrences_of(*db_, 1);
  ASSERT_EQ(date.size(), 1u);
  EXPECT_EQ(date[0].due_end, "2023-01-25");
  EXPECT_EQ(date[0].kind, "dated");

  auto by = occurrences_of(*db_, 2);
  ASSERT_EQ(by.size(), 1u);
  EXPECT_EQ(by[0].due_end, "2023-02-10");

  auto months = occurrences_of(*db_, 3);  // Октябрь, декабрь, март, май in calendar 2023
  ASSERT_EQ(months.size(), 4u);
  EXPECT_EQ(months[0].due_end, "2023-03-31");
  EXPECT_EQ(months[1].due_end, "2023-05-31");
  EXPECT_EQ(months[3].due_end, "2023-12-31");
  EXPECT_EQ(months[0].kind, "window");

  EXPECT_EQ(occurrences_of(*db_, 4).size(), 4u);  // ежеквартально

  auto open = occurrences_of(*db_, 7);  // по графику ВГАПО
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].kind, "open");
}

TEST_F(EngineStore, PerSchoolActivityHasOneOccurrencePerIdentifiedSchool) {
  create_plan(*db_, muni_template(), "reg/muni", 2023, members());
  for (std::int64_t s = 1; s <= 5; ++s) EXPECT_EQ(occurrences_of(*db_, 5, s).size(), 1u) << s;
  EXPECT_TRUE(occurrences_of(*db_, 5, 6).empty());  // not identified
}

TEST_F(EngineStore, RerunAddsMissingSchoolRowsAndKeepsProgress) {
  auto first = create_plan(*db_, muni_template(), "reg/muni", 2023, {});
  ASSERT_EQ(first.waiting, std::vector<std::string>{"5"});
  auto before = count("occurrences");
  db_->exec(
      "INSERT INTO progress(occurrence, action, status, date, who, recorded_at) "
      "VALUES (1, 'record', 'done', '2023-01-20', 't', 'x')");
  auto again = create_plan(*db_, muni_template(), "reg/muni", 2023, members());
  EXPECT_FALSE(again.new_roadmap);
  EXPECT_EQ(again.roadmap, first.roadmap);
  EXPECT_EQ(again.activities_added, 0);
  EXPECT_EQ(again.occurrences_added, 5);
  EXPECT_EQ(count("occurrences"), before + 5);
  EXPECT_EQ(count("progress"), 1);
  EXPECT_EQ(create_plan(*db_, muni_template(), "reg/muni", 2023, members()).occurrences_added, 0);
}

TEST_F(EngineStore, SchoolYearPlanPlacesAutumnInTheFirstYear) {
  auto t = muni_template();
  t.year_kind = "school";
  t.activities = {activity("1", "Семинар", "октябрь"), activity("2", "Итоги", "май")};
  create_plan(*db_, t, "reg/muni", 2022, {});
  EXPECT_EQ(occurrences_of(*db_, 1)[0].due_end, "2022-10-31");
  EXPECT_EQ(occurrences_of(*db_, 2)[0].due_end, "2023-05-31");
}

}  // namespace opora::host::test
