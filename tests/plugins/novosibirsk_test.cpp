// The Novosibirsk oblast plugin, loaded as built: the РМКП importer and the preventive-group
// criterion.
#include <fstream>

#include "fake_dataset.hpp"
#include "plugin_fixture.hpp"
#include "recording_sink.hpp"
#include "util/csv_table.hpp"

namespace opora::test {
namespace {

class Novosibirsk : public RealPlugin {
 protected:
  void SetUp() override { load("novosibirsk"); }

  Verdict verdict(SchoolIndex s, int year = 2023) {
    auto c = criterion("nso_monitoring_low");
    std::vector<SchoolIndex> all;
    for (SchoolIndex i = 0; i < data.school_count(); ++i) all.push_back(i);
    RunContext ctx{data, year, "novosibirsk", all};
    return c->start(ctx, c->defaults())->evaluate(s);
  }

  FakeDataset data;
};

TEST_F(Novosibirsk, DeclaresItsCategoryAndRegionalCriterion) {
  auto eff = catalog.effective("novosibirsk");
  const auto* cat = eff.category("prevention_group");
  ASSERT_NE(cat, nullptr);
  EXPECT_EQ(cat->item->title, "Группа профилактики учебной неуспешности");
  EXPECT_EQ(cat->territory, "novosibirsk");
  auto c = criterion("nso_monitoring_low");
  EXPECT_EQ(c->category(), "prevention_group");
  EXPECT_EQ(catalog.criteria()[0].territory, "novosibirsk");
  // A regional item: not part of another region's configuration.
  EXPECT_EQ(catalog.effective("chelyabinsk").category("prevention_group"), nullptr);
  EXPECT_TRUE(catalog.effective("chelyabinsk").criteria.empty());
}

TEST_F(Novosibirsk, FlaggedWithTwoWorksAtOrAboveAQuarterBelowBasic) {
  auto s = data.add_school("sch540101", "МКОУ Баганская СОШ № 1");
  data.add_result(s, 2023, "РМКП", "Математика", 5, {9, 10, 4, 1});    // 37,5%
  data.add_result(s, 2023, "РМКП", "Русский язык", 5, {6, 12, 5, 1});  // 25% exactly
  data.add_result(s, 2023, "РМКП", "Биология", 6, {1, 12, 10, 1});     // 4,2%
  data.add_result(s, 2023, "ВПР", "Математика", 6, {20, 2, 1, 1});     // another procedure
  auto v = verdict(s);
  EXPECT_TRUE(v.flagged) << v.explanation;
  EXPECT_EQ(v.score, 2);
  EXPECT_NE(v.explanation.find("2 из 3"), std::string::npos) << v.explanation;
  EXPECT_NE(v.explanation.find("5 класс, Математика: ниже базового 9 из 24 (37,5%)"),
            std::string::npos)
      << v.explanation;
  EXPECT_NE(v.explanation.find("не менее 25%"), std::string::npos) << v.explanation;
}

TEST_F(Novosibirsk, OneLowWorkOrSmallWorksAreNotEnough) {
  auto s = data.add_school("sch540102", "МКОУ Лозовская СОШ");
  data.add_result(s, 2023, "РМКП", "Математика", 7, {6, 3, 2, 1});  // 50%, 12 participants
  data.add_result(s, 2023, "РМКП", "Русский язык", 7, {5, 2, 1, 1});  // 9 participants: skipped
  data.add_result(s, 2022, "РМКП", "Математика", 6, {8, 3, 2, 1});  // last year
  auto v = verdict(s);
  EXPECT_FALSE(v.flagged) << v.explanation;
  EXPECT_EQ(v.score, 1);
  EXPECT_NE(v.explanation.find("1 из 1"), std::string::npos) << v.explanation;

  auto none = data.add_school("sch540103", "Школа без мониторинга");
  EXPECT_NE(verdict(none).explanation.find("нет работ регионального мониторинга 2023 года"),
            std::string::npos);
}

TEST_F(Novosibirsk, ImporterStoresLevelsAsMarksOfProcedureRMKP) {
  RecordingSink sink;
  host::read_table(*importer("nso_monitoring"), fixture("nso_monitoring.csv"), sink);
  for (const auto& e : sink.errors) ADD_FAILURE() << e.row << ":" << e.column << " " << e.message;
  ASSERT_EQ(sink.results.size(), 3u);  // the district total has no login
  const auto& [r, row] = sink.results[0];
  EXPECT_EQ(row, 3);
  EXPECT_EQ(r.login, "sch540101");
  EXPECT_EQ(r.procedure, "РМКП");
  EXPECT_EQ(r.year, 2023);  // from the title line
  EXPECT_EQ(r.grade, 5);
  EXPECT_EQ(r.subject, "Математика");
  EXPECT_EQ(r.participants, 24);
  EXPECT_EQ((std::array<int, 4>{r.marks[0], r.marks[1], r.marks[2], r.marks[3]}),
            (std::array<int, 4>{9, 10, 4, 1}));
  EXPECT_EQ(sink.results[2].first.login, "sch540102");
}

TEST_F(Novosibirsk, ImporterNamesRowAndColumnOfEachBadCell) {
  RecordingSink sink;
  host::read_table(*importer("nso_monitoring"), fixture("nso_monitoring_bad.csv"), sink);
  ASSERT_EQ(sink.errors.size(), 4u);
  auto expect = [&](std::size_t i, int row, int col, const std::string& frag) {
    EXPECT_EQ(sink.errors[i].row, row) << sink.errors[i].message;
    EXPECT_EQ(sink.errors[i].column, col) << sink.errors[i].message;
    EXPECT_NE(sink.errors[i].message.find(frag), std::string::npos) << sink.errors[i].message;
  };
  expect(0, 2, 5, "сумма по уровням (25) не равна числу участников (24)");
  expect(1, 3, 3, "«Класс»: ожидалось число от 1 до 11, в ячейке «13»");
  expect(2, 4, 4, "«Предмет»: не указан предмет");
  expect(3, 5, 6, "«ниже базового»: ожидалось целое неотрицательное число, в ячейке «два»");
  ASSERT_EQ(sink.results.size(), 1u);
  EXPECT_EQ(sink.results[0].first.year, 2024);  // from the «Год» column
  EXPECT_EQ(sink.results[0].first.subject, "Физика");
}

TEST_F(Novosibirsk, ImporterNeedsTheYear) {
  ScratchDir dir;
  auto file = dir.path() / "no_year.csv";
  std::ofstream(file) << "Логин ОО;Класс;Предмет;Участников;Ниже базового;Базовый;Повышенный;"
                         "Высокий\nsch540101;5;Математика;4;1;1;1;1\n";
  RecordingSink sink;
  host::read_table(*importer("nso_monitoring"), file, sink);
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].row, 1);
  EXPECT_NE(sink.errors[0].message.find("год мониторинга неизвестен"), std::string::npos);
  EXPECT_TRUE(sink.results.empty());
}

}  // namespace
}  // namespace opora::test
