// Roadmap tables pasted as they come out of Word (issue 9 §5): the header row repeated on every
// page and the row of column numbers under it are not activities; numbers written «4.» or
// «п. 4» are numbers; errors name the row of the pasted table.
#include <gtest/gtest.h>
#include <lua.hpp>

#include "roadmap/table_import.hpp"

namespace opora::host {
namespace {

std::string error_of(std::string_view text) {
  try {
    parse_roadmap_table(text, "карта.tsv");
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

std::vector<std::string> numbers(const RoadmapTemplate& t) {
  std::vector<std::string> out;
  for (const auto& a : t.activities) out.push_back(a.number);
  return out;
}

TEST(PastedTable, HeaderRepeatedOnEveryPageIsNotAnActivity) {
  const std::string page_header = "№ п/п\tНаименование мероприятия\tСроки\tОтветственные\n";
  const std::string text = page_header +
                           "1\t2\t3\t4\n"  // the column numbers Word documents carry
                           "\tОрганизационный этап\t\t\n"
                           "1.\tПриказ о плане\tянварь\tОтдел\n"
                           "2.\tСовещание\tфевраль\tОтдел\n" +
                           // page 2: the header again, written a little differently
                           "  № п/п \t Наименование  мероприятия\tСроки\tОтветственные\n"
                           "1\t2\t3\t4\n"
                           "3.\tСеминар\tмарт\tМетодисты\n" +
                           page_header + "п. 4\tОтчёт\tдекабрь\tОтдел\n";
  RoadmapTemplate t = parse_roadmap_table(text, "карта.tsv");
  EXPECT_EQ(numbers(t), (std::vector<std::string>{"1", "2", "3", "4"}));
  for (const auto& a : t.activities) {
    EXPECT_NE(a.title, "Наименование мероприятия");
    EXPECT_NE(a.title, "2");
  }
  EXPECT_EQ(t.activities[3].title, "Отчёт");
  EXPECT_EQ(t.sections, (std::vector<std::string>{"Организационный этап"}));
}

TEST(PastedTable, NumbersWithDotsAndPrefixesAreKeptInOneForm) {
  RoadmapTemplate t = parse_roadmap_table(
      "№\tМероприятие\tСроки\n5.\tА\tмай\n 6 \tБ\tмай\n5.1.\tВ\tмай\nп. 7\tГ\tмай\n14а\tД\tмай\n",
      "карта.tsv");
  EXPECT_EQ(numbers(t), (std::vector<std::string>{"5", "6", "5.1", "7", "14а"}));
}

TEST(PastedTable, ErrorsNameTheRowOfThePastedTable) {
  // Single-line rows: the file line is the table row.
  std::string e = error_of("№\tМероприятие\tСроки\n1\tСеминар\tмай\n2\t\tиюнь\n");
  EXPECT_EQ(e.rfind("карта.tsv:3:2: у мероприятия № 2 не заполнено наименование", 0), 0u) << e;
  EXPECT_EQ(e.find("строка 3 таблицы"), std::string::npos) << e;
  // A multi-line cell above: line 5 of the file is row 3 of the table, and the error says both.
  e = error_of("№\tМероприятие\tСроки\n1\t\"Семинар\nв три\nстроки\"\tмай\n2\t\tиюнь\n");
  EXPECT_EQ(e.rfind("карта.tsv:5:2: ", 0), 0u) << e;
  EXPECT_NE(e.find("(строка 3 таблицы)"), std::string::npos) << e;
  // Repeated headers are rows of the pasted table too: they count.
  e = error_of("№\tМероприятие\n1\t\"А\nБ\"\n№\tМероприятие\n2\t\n");
  EXPECT_EQ(e.rfind("карта.tsv:5:2: ", 0), 0u) << e;
  EXPECT_NE(e.find("(строка 4 таблицы)"), std::string::npos) << e;
}

// Runs `code` with roadmap() recording its argument; "" or the Lua error.
int capture(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_pushvalue(L, 1);
  lua_setfield(L, LUA_REGISTRYINDEX, "captured");
  return 0;
}

TEST(PastedTable, TableWithoutSectionRowsListsActivitiesDirectly) {
  RoadmapTemplate t =
      parse_roadmap_table("№\tМероприятие\tСроки\n1\tПриказ\tянварь\n2\tСеминар\tмарт\n",
                          "plan.tsv");
  const std::string lua = roadmap_to_lua(t);
  EXPECT_EQ(lua.find("title = \"\""), std::string::npos) << lua;  // roadmap{} refuses empty titles
  EXPECT_EQ(lua.find("sections"), std::string::npos) << lua;
  EXPECT_NE(lua.find("title = \"Дорожная карта plan\""), std::string::npos) << lua;
  lua_State* L = luaL_newstate();
  lua_register(L, "roadmap", capture);
  ASSERT_EQ(luaL_loadbufferx(L, lua.data(), lua.size(), "plan.lua", "t"), LUA_OK)
      << lua_tostring(L, -1);
  ASSERT_EQ(lua_pcall(L, 0, 0, 0), LUA_OK) << lua_tostring(L, -1);
  ASSERT_EQ(lua_getfield(L, LUA_REGISTRYINDEX, "captured"), LUA_TTABLE);
  ASSERT_EQ(lua_getfield(L, -1, "activities"), LUA_TTABLE);
  EXPECT_EQ(lua_rawlen(L, -1), 2u);
  lua_close(L);

  // Rows above the first section row: listed directly, the sectioned ones in sections.
  t = parse_roadmap_table("№\tМероприятие\n1\tПриказ\n\tРаздел А\n2\tСеминар\n", "plan.tsv");
  const std::string mixed = roadmap_to_lua(t);
  EXPECT_EQ(mixed.find("title = \"\""), std::string::npos) << mixed;
  EXPECT_LT(mixed.find("Приказ"), mixed.find("Раздел А")) << mixed;
}

}  // namespace
}  // namespace opora::host
