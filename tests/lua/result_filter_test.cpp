// The result filter scripts pass to school:count_works / aggregate / works / share2: every field
// narrows the rows, unknown names match nothing, unknown keys are ignored, and a malformed field
// is named (the first in the order year, grade, min_participants, procedure, subject,
// min_share2 when several are).
#include <gtest/gtest.h>

#include "fake_dataset.hpp"
#include "lua/engine.hpp"

using namespace opora;
using namespace opora::host;
using opora::test::work;

namespace {

struct FilterFields : ::testing::Test {
  std::filesystem::path root = test::temp_tree("filter");
  test::FakeDataset data;
  std::vector<SchoolIndex> population{0};

  FilterFields() {
    // 2023: ВПР 5 Русский 4/10 "2", ВПР 5 Математика 3/10, ОГЭ 9 Русский 0/10; 2022: 1/10.
    data.schools.push_back({"sch01", "СОШ №1", "r/m", "r", 300,
                            {work(2022, 0, 5, 0, 1, 5, 3, 1), work(2023, 0, 5, 0, 4, 3, 2, 1),
                             work(2023, 0, 5, 1, 3, 3, 3, 1), work(2023, 1, 9, 0, 0, 5, 5, 0)},
                            {}});
  }
  ~FilterFields() override { std::filesystem::remove_all(root.parent_path()); }

  // Evaluates `return school:count_works(<filter>)` and gives the count as the explanation.
  std::string count(const std::string& filter) {
    test::write_file(root, "federal/package.lua",
                     "package { name = 'РФ', level = 'federal' }\nrequire 'criteria'\n");
    test::write_file(root, "federal/criteria.lua",
                     "criterion { id = 'f', title = 'f', category = 'risk_zone',\n"
                     "  evaluate = function(school)\n"
                     "    return false, 0, tostring((school:count_works(" +
                         filter + ")))\n  end }\n");
    auto engine = LuaEngine::create();
    Catalog catalog;
    auto errors = engine->load_tree(root, catalog);
    EXPECT_TRUE(errors.empty()) << errors[0];
    const auto& c = *catalog.criteria().at(0).item;
    auto run = c.start(RunContext{data, 2023, "r", population}, c.defaults());
    try {
      return run->evaluate(0).explanation;
    } catch (const std::runtime_error& e) {
      return e.what();
    }
  }
};

TEST_F(FilterFields, EveryFieldNarrowsTheRows) {
  EXPECT_EQ(count("nil"), "4");
  EXPECT_EQ(count("{ year = 2023 }"), "3");
  EXPECT_EQ(count("{ year = 2023, procedure = 'ВПР' }"), "2");
  EXPECT_EQ(count("{ year = 2023, grade = 9 }"), "1");
  EXPECT_EQ(count("{ year = 2023, subject = 'Математика' }"), "1");
  EXPECT_EQ(count("{ year = 2023, min_share2 = 0.3 }"), "2");
  EXPECT_EQ(count("{ year = 2023, min_share2 = 0.35 }"), "1");
  EXPECT_EQ(count("{ min_participants = 11 }"), "0");
  EXPECT_EQ(count("{ year = 2023, procedure = 'ВПР', grade = 5, subject = 'Русский язык', "
                  "min_participants = 10, min_share2 = 0.4 }"),
            "1");
}

// An unknown procedure or subject is data the dataset lacks (matches nothing); an unknown field
// is a script's typo ("yaer" would silently mean "any year"), so it is an error (issue 8, §7).
TEST_F(FilterFields, UnknownNamesMatchNothingAndUnknownKeysAreRefused) {
  EXPECT_EQ(count("{ procedure = 'КДР' }"), "0");
  EXPECT_EQ(count("{ subject = 'Астрономия', year = 2023 }"), "0");
  EXPECT_NE(count("{ year = 2023, colour = 'red' }").find("неизвестное поле фильтра «colour»"),
            std::string::npos);
  EXPECT_NE(count("{ year = 2023, [1] = 5 }").find("в фильтре допустимы только именованные поля"),
            std::string::npos);
}

TEST_F(FilterFields, MalformedFieldIsNamed) {
  auto has = [](const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  };
  EXPECT_PRED2(has, count("{ year = '2023' }"), "school:count_works: поле year должно быть числом");
  EXPECT_PRED2(has, count("{ subject = 1 }"), "поле subject должно быть строкой");
  EXPECT_PRED2(has, count("{ min_share2 = 'a' }"), "поле min_share2 должно быть числом");
  // Several malformed fields: the first in report order is named, whatever the table order.
  EXPECT_PRED2(has, count("{ min_share2 = 'a', procedure = 5, grade = {} }"),
               "поле grade должно быть числом");
  EXPECT_PRED2(has, count("{ subject = 1, procedure = 2 }"), "поле procedure должно быть строкой");
}

}  // namespace
