// The ФИС ОКО plugin, loaded as built: the score-peaks criterion and the marks importer.
#include <cstdlib>
#include <fstream>
#include <map>

#include "fake_dataset.hpp"
#include "plugin_fixture.hpp"
#include "recording_sink.hpp"
#include "util/csv_table.hpp"

namespace opora::test {
namespace {

// Scores from a histogram {score: students}; marks follow from the boundaries of 3, 4 and 5.
struct Work {
  std::vector<std::int16_t> scores;
  std::array<int, 4> marks{};
};
Work make_work(const std::map<int, int>& histogram, std::array<int, 3> bounds) {
  Work w;
  for (auto [score, n] : histogram)
    for (int i = 0; i < n; ++i) {
      w.scores.push_back(std::int16_t(score));
      int mark = 2;
      for (int b : bounds)
        if (score >= b) ++mark;
      ++w.marks[mark - 2];
    }
  return w;
}

// A flat histogram 0..20, two students at each score.
std::map<int, int> flat() {
  std::map<int, int> h;
  for (int s = 0; s <= 20; ++s) h[s] = 2;
  return h;
}

// The flat one with students "pulled up" onto 7, 12 and 16 from one point below.
std::map<int, int> peaked() {
  auto h = flat();
  h[6] = 1, h[7] = 8;
  h[11] = 1, h[12] = 7;
  h[15] = 2, h[16] = 5;
  return h;
}

class Fioko : public RealPlugin {
 protected:
  void SetUp() override { load("fioko"); }

  SchoolIndex school_with(const std::map<int, int>& histogram, bool consistent_marks = true) {
    auto s = data.add_school("sch22010" + std::to_string(data.school_count()), "Школа");
    auto w = make_work(histogram, {7, 12, 16});
    if (!consistent_marks) w.marks[0] += 5;  // aggregated marks of another set of students
    data.add_result(s, 2023, "ВПР", "Математика", 5, w.marks);
    data.add_scores(s, 2023, "ВПР", "Математика", 5, w.scores);
    return s;
  }
  Verdict verdict(SchoolIndex s, const Params& overrides = {}) {
    auto c = criterion("fioko_score_peaks");
    Params p = c->defaults();
    for (const auto& [k, v] : overrides.all()) p.set(k, v);
    std::vector<SchoolIndex> all;
    for (SchoolIndex i = 0; i < data.school_count(); ++i) all.push_back(i);
    RunContext ctx{data, 2023, "altai", all};
    return c->start(ctx, p)->evaluate(s);
  }

  FakeDataset data;
};

TEST_F(Fioko, RegistersItsItems) {
  auto c = criterion("fioko_score_peaks");
  EXPECT_EQ(c->category(), "bias_signs");
  EXPECT_EQ(c->defaults().number("min_participants", 0), 20);
  EXPECT_EQ(c->defaults().number("peak_ratio", 0), 2.5);
  EXPECT_NE(importer("fioko_marks"), nullptr);
  EXPECT_EQ(catalog.criteria()[0].origin.where, "plugin fioko 1.0.0 (fioko.so)");
}

TEST_F(Fioko, PeaksAtTheInferredBoundariesAreFlaggedWithTheFigures) {
  auto v = verdict(school_with(peaked()));
  EXPECT_TRUE(v.flagged) << v.explanation;
  EXPECT_EQ(v.score, 3);
  EXPECT_NE(v.explanation.find("ВПР Математика, 5 класс"), std::string::npos) << v.explanation;
  EXPECT_NE(v.explanation.find("граница отметки «3» — 7 б., на ней 8 уч., на балл ниже — 1 уч."),
            std::string::npos)
      << v.explanation;
  EXPECT_NE(v.explanation.find("граница отметки «5» — 16 б., на ней 5 уч., на балл ниже — 2 уч."),
            std::string::npos)
      << v.explanation;
}

TEST_F(Fioko, AFlatHistogramIsNotFlagged) {
  auto v = verdict(school_with(flat()));
  EXPECT_FALSE(v.flagged);
  EXPECT_EQ(v.score, 0);
  EXPECT_NE(v.explanation.find("проверено работ: 1"), std::string::npos) << v.explanation;
}

TEST_F(Fioko, ThresholdsAreParameters) {
  auto s = school_with(peaked());
  Params four;
  four.set("min_boundaries", 4.0);
  EXPECT_FALSE(verdict(s, four).flagged);
  // 5 at 16 against 2 at 15 is a ratio of 2.5: a stricter ratio leaves two peaks.
  Params strict;
  strict.set("peak_ratio", 3.0);
  EXPECT_EQ(verdict(s, strict).score, 2);
  Params excess;
  excess.set("min_excess", 7.0);
  EXPECT_EQ(verdict(s, excess).score, 1);  // only 8 against 1 at the boundary of «3»
}

TEST_F(Fioko, SmallWorksAreNotJudged) {
  std::map<int, int> small{{6, 1}, {7, 8}, {11, 1}, {12, 7}};  // 17 students
  auto v = verdict(school_with(small));
  EXPECT_FALSE(v.flagged);
  EXPECT_NE(v.explanation.find("нет работ 2023 года"), std::string::npos) << v.explanation;
}

TEST_F(Fioko, BoundariesComeFromTheParameterWhenMarksDoNotMatchScores) {
  auto s = school_with(peaked(), /*consistent_marks=*/false);
  EXPECT_FALSE(verdict(s).flagged);
  Params p;
  p.set("boundaries", std::string("Математика 5: 7 12 16; Русский язык 4: 14 24 33"));
  auto v = verdict(s, p);
  EXPECT_TRUE(v.flagged) << v.explanation;
  EXPECT_EQ(v.score, 3);
}

TEST_F(Fioko, MarksImporterConvertsPercentsIntoCounts) {
  RecordingSink sink;
  host::read_table(*importer("fioko_marks"), fixture("fioko_marks.csv"), sink);
  for (const auto& e : sink.errors) ADD_FAILURE() << e.row << ":" << e.column << " " << e.message;
  ASSERT_EQ(sink.results.size(), 4u);

  const auto& [a, row_a] = sink.results[0];
  EXPECT_EQ(row_a, 6);
  EXPECT_EQ(a.login, "sch220150");
  EXPECT_EQ(a.procedure, "ВПР");
  EXPECT_EQ(a.year, 2022);
  EXPECT_EQ(a.subject, "Математика");
  EXPECT_EQ(a.grade, 5);
  EXPECT_EQ(a.participants, 48);
  EXPECT_EQ((std::array<int, 4>{a.marks[0], a.marks[1], a.marks[2], a.marks[3]}),
            (std::array<int, 4>{5, 17, 18, 8}));
  EXPECT_FALSE(a.has_mean_score);

  // 33,33 × 3 rounds to one each: the counts still add up to the participants.
  const auto& b = sink.results[1].first;
  EXPECT_EQ(b.marks[0] + b.marks[1] + b.marks[2] + b.marks[3], 3);
  EXPECT_EQ(b.marks[3], 0);
  EXPECT_EQ(sink.results[2].first.participants, 0);

  // The second table, with its marks on the line under the header.
  const auto& [c, row_c] = sink.results[3];
  EXPECT_EQ(row_c, 13);
  EXPECT_EQ(c.subject, "Русский язык");
  EXPECT_EQ(c.grade, 4);
  EXPECT_EQ((std::array<int, 4>{c.marks[0], c.marks[1], c.marks[2], c.marks[3]}),
            (std::array<int, 4>{3, 14, 23, 12}));
}

TEST_F(Fioko, MarksImporterReadsWindows1251) {
  RecordingSink sink;
  host::read_table(*importer("fioko_marks"), fixture("fioko_marks_cp1251.csv"), sink);
  ASSERT_TRUE(sink.errors.empty()) << sink.errors[0].message;
  ASSERT_EQ(sink.results.size(), 1u);
  EXPECT_EQ(sink.results[0].first.subject, "Окружающий мир");
  EXPECT_EQ(sink.results[0].first.year, 2021);
  EXPECT_EQ(sink.results[0].first.marks[2], 10);
}

TEST_F(Fioko, MarksImporterNamesRowAndColumnOfEachBadCell) {
  RecordingSink sink;
  host::read_table(*importer("fioko_marks"), fixture("fioko_marks_bad.csv"), sink);
  ASSERT_EQ(sink.errors.size(), 4u);
  auto expect = [&](std::size_t i, int row, int col, const std::string& frag) {
    EXPECT_EQ(sink.errors[i].row, row) << sink.errors[i].message;
    EXPECT_EQ(sink.errors[i].column, col) << sink.errors[i].message;
    EXPECT_NE(sink.errors[i].message.find(frag), std::string::npos) << sink.errors[i].message;
  };
  expect(0, 3, 3, "«Кол-во участников»: ожидалось целое число, в ячейке «сорок»");
  expect(1, 4, 4, "сумма процентов отметок «2»–«5» равна 90,00");
  expect(2, 5, 1, "«sch 2201» не похоже на логин ОО");
  expect(3, 6, 5, "процент отметки «3»");
  ASSERT_EQ(sink.results.size(), 1u);  // the good row still reaches the sink
  EXPECT_EQ(sink.results[0].first.login, "sch220154");
}

TEST_F(Fioko, MarksImporterRefusesATableWithoutTitleOrAFileOfAnotherKind) {
  ScratchDir dir;
  auto no_title = dir.path() / "no_title.csv";
  std::ofstream(no_title) << "Логин ОО;Кол-во участников;2;3;4;5\nsch220150;10;10;20;30;40\n";
  RecordingSink a;
  host::read_table(*importer("fioko_marks"), no_title, a);
  ASSERT_EQ(a.errors.size(), 1u);
  EXPECT_EQ(a.errors[0].row, 1);
  EXPECT_NE(a.errors[0].message.find("ВПР 2022. Математика. 5 класс"), std::string::npos);
  EXPECT_TRUE(a.results.empty());

  RecordingSink b;
  host::read_table(*importer("fioko_marks"), fixture("nso_monitoring.csv"), b);
  ASSERT_FALSE(b.errors.empty());
  EXPECT_TRUE(b.results.empty());

  RecordingSink c;
  host::read_table(*importer("fioko_marks"), dir.path() / "absent.csv", c);
  ASSERT_EQ(c.errors.size(), 1u);
  // The host opens the file (plugins read tables through its reader) and says why it cannot.
  EXPECT_EQ(c.errors[0].row, 0);
  EXPECT_NE(c.errors[0].message.find("не удалось открыть файл"), std::string::npos);
  EXPECT_NE(c.errors[0].message.find("absent.csv"), std::string::npos);
}

// Issue 12 §1: a plugin importer gets the same table from an XLSX book (written by openpyxl
// from the CSV fixture, numbers as numbers) as from the CSV, through the host.
TEST_F(Fioko, MarksImporterReadsTheSameTableFromXlsx) {
  ScratchDir dir;
  std::string cmd = "/usr/bin/python3 " + std::string(OPORA_TEST_DATA) + "/import/make_xlsx.py " +
                    dir.path().string() + " " + fixture("fioko_marks.csv").string() +
                    " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "python3 with openpyxl not found";
  RecordingSink csv, xlsx;
  host::read_table(*importer("fioko_marks"), fixture("fioko_marks.csv"), csv);
  host::read_table(*importer("fioko_marks"), dir.path() / "fioko_marks.xlsx", xlsx);
  for (const auto& e : xlsx.errors) ADD_FAILURE() << e.row << ":" << e.column << " " << e.message;
  ASSERT_EQ(xlsx.results.size(), csv.results.size());
  for (std::size_t i = 0; i < csv.results.size(); ++i) {
    const auto& [a, row_a] = csv.results[i];
    const auto& [b, row_b] = xlsx.results[i];
    EXPECT_EQ(row_b, row_a);
    EXPECT_EQ(b.login, a.login);
    EXPECT_EQ(b.subject, a.subject);
    EXPECT_EQ(b.grade, a.grade);
    EXPECT_EQ(b.participants, a.participants);
    for (int m = 0; m < 4; ++m) EXPECT_EQ(b.marks[m], a.marks[m]) << i << " mark " << m + 2;
  }
}

// Found by fuzz_plugin_import: "nan" / "inf" read as numbers, and a count beyond int64
// converted to an integer (undefined behaviour). Each is now a cell error.
TEST_F(Fioko, MarksImporterRefusesNanInfinityAndHugeCounts) {
  ScratchDir dir;
  auto file = dir.path() / "odd_numbers.csv";
  std::ofstream(file) << "ВПР 2022. Математика. 5 класс\n"
                         "Логин ОО;Кол-во участников;2;3;4;5\n"
                         "sch220150;10;nan;50;25;25\n"
                         "sch220151;1e300;25;25;25;25\n"
                         "sch220152;10;inf;0;0;0\n";
  RecordingSink sink;
  host::read_table(*importer("fioko_marks"), file, sink);
  ASSERT_EQ(sink.errors.size(), 3u);
  EXPECT_EQ(sink.errors[0].row, 3);
  EXPECT_EQ(sink.errors[0].column, 3);
  EXPECT_EQ(sink.errors[1].row, 4);
  EXPECT_EQ(sink.errors[1].column, 2);
  EXPECT_EQ(sink.errors[2].row, 5);
  EXPECT_TRUE(sink.results.empty());
}

}  // namespace
}  // namespace opora::test
