// The roadmap table importer over the five seed documents' tables (tests/roadmap/seeds/*.tsv),
// malformed tables, the Lua writer, and the committed municipal roadmap.lua files.
#include <gtest/gtest.h>
#include <lua.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "roadmap/table_import.hpp"

namespace opora::host {
namespace {

namespace fs = std::filesystem;

struct Seed {
  const char* municipality;
  const char* territory;
  std::size_t rows;
  std::vector<std::string> sections;
};

const std::vector<Seed>& seeds() {
  static const std::vector<Seed> all = {
      {"serafimovich", "volgograd/serafimovich", 26, {"Муниципальный уровень"}},
      {"bagan", "novosibirsk/bagan", 29,
       {"1. Нормативно-правовое обеспечение. Организационно-управленческие мероприятия.",
        "2. Методическое, диагностическое адресное сопровождение",
        "3. Информационная открытость реализации «дорожной карты»"}},
      {"chebarkul", "chelyabinsk/chebarkul", 14,
       {"Подготовительный этап", "Реализационный этап", "Обобщающий этап"}},
      {"zima", "irkutsk/zima", 31,
       {"I. Организационные мероприятия", "II. Методическое сопровождение", "II. Мониторинги"}},
      {"sochi", "krasnodar/sochi", 35,
       {"Муниципальный уровень", "Уровень образовательной организации"}},
  };
  return all;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  EXPECT_TRUE(in) << p;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

RoadmapTemplate parse_seed(const std::string& municipality) {
  const fs::path p = fs::path(OPORA_TEST_DATA) / "roadmap" / "seeds" / (municipality + ".tsv");
  return parse_roadmap_table(read_text(p), p.filename().string());
}

std::vector<std::string> numbers(const RoadmapTemplate& t) {
  std::vector<std::string> out;
  for (const auto& a : t.activities) out.push_back(a.number);
  return out;
}

// --- reading a roadmap{} file back through a bare Lua state --------------------------------

std::string str_field(lua_State* L, int table, const char* key) {
  lua_getfield(L, table, key);
  std::string v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
  lua_pop(L, 1);
  return v;
}

int capture(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_pushvalue(L, 1);
  lua_setfield(L, LUA_REGISTRYINDEX, "captured");
  return 0;
}

// Runs `code` with a stub roadmap() and returns the table it was given.
RoadmapTemplate load_roadmap_lua(const std::string& code, const std::string& name) {
  lua_State* L = luaL_newstate();
  lua_register(L, "roadmap", capture);
  RoadmapTemplate t;
  if (luaL_loadbufferx(L, code.data(), code.size(), name.c_str(), "t") != LUA_OK ||
      lua_pcall(L, 0, 0, 0) != LUA_OK) {
    ADD_FAILURE() << lua_tostring(L, -1);
    lua_close(L);
    return t;
  }
  if (lua_getfield(L, LUA_REGISTRYINDEX, "captured") != LUA_TTABLE) {
    ADD_FAILURE() << name << ": roadmap{} was not called";
    lua_close(L);
    return t;
  }
  const int root = lua_gettop(L);
  t.id = str_field(L, root, "id");
  t.title = str_field(L, root, "title");
  t.year_kind = str_field(L, root, "year_kind");
  lua_getfield(L, root, "year");
  t.year = static_cast<int>(lua_tointeger(L, -1));
  lua_getfield(L, root, "order");
  if (lua_istable(L, -1)) {
    t.order_number = str_field(L, -1, "number");
    t.order_date = str_field(L, -1, "date");
  }
  lua_pop(L, 2);
  lua_getfield(L, root, "sections");
  for (lua_Integer s = 1; s <= static_cast<lua_Integer>(lua_rawlen(L, -1)); ++s) {
    lua_rawgeti(L, -1, s);
    const int sec = lua_gettop(L);
    t.sections.push_back(str_field(L, sec, "title"));
    lua_getfield(L, sec, "activities");
    for (lua_Integer i = 1; i <= static_cast<lua_Integer>(lua_rawlen(L, -1)); ++i) {
      lua_rawgeti(L, -1, i);
      const int act = lua_gettop(L);
      ActivityTemplate a;
      a.section = t.sections.back();
      a.number = str_field(L, act, "number");
      a.title = str_field(L, act, "title");
      a.deadline = str_field(L, act, "deadline");
      a.responsible = str_field(L, act, "responsible");
      a.scope = str_field(L, act, "scope");
      a.category = str_field(L, act, "category");
      a.indicator = str_field(L, act, "indicator");
      lua_getfield(L, act, "columns");
      if (lua_istable(L, -1)) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
          a.columns[lua_tostring(L, -2)] = lua_tostring(L, -1);
          lua_pop(L, 1);
        }
      }
      lua_pop(L, 2);
      t.activities.push_back(std::move(a));
    }
    lua_pop(L, 2);
  }
  lua_close(L);
  return t;
}

// The fields the table carries; the hand edits (scope, category, indicator, year, order, id,
// title) are compared elsewhere.
void expect_same_table(const RoadmapTemplate& want, const RoadmapTemplate& got,
                       const std::string& what) {
  EXPECT_EQ(want.sections, got.sections) << what;
  ASSERT_EQ(want.activities.size(), got.activities.size()) << what;
  for (std::size_t i = 0; i < want.activities.size(); ++i) {
    const auto& w = want.activities[i];
    const auto& g = got.activities[i];
    const std::string at = what + " row " + std::to_string(i + 1) + " (№ " + w.number + ")";
    EXPECT_EQ(w.number, g.number) << at;
    EXPECT_EQ(w.section, g.section) << at;
    EXPECT_EQ(w.title, g.title) << at;
    EXPECT_EQ(w.deadline, g.deadline) << at;
    EXPECT_EQ(w.responsible, g.responsible) << at;
    EXPECT_EQ(w.columns, g.columns) << at;
  }
}

std::string error_of(std::string_view text) {
  try {
    parse_roadmap_table(text, "карта.tsv");
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

// --- the seed tables -------------------------------------------------------------------------

TEST(SeedTables, EachHasEveryRowAndSection) {
  std::size_t total = 0;
  for (const Seed& s : seeds()) {
    RoadmapTemplate t = parse_seed(s.municipality);
    EXPECT_EQ(t.activities.size(), s.rows) << s.municipality;
    EXPECT_EQ(t.sections, s.sections) << s.municipality;
    EXPECT_EQ(t.id, s.municipality);
    for (const auto& a : t.activities) {
      EXPECT_FALSE(a.title.empty()) << s.municipality << " № " << a.number;
      EXPECT_FALSE(a.number.empty()) << s.municipality << " " << a.title;
      EXPECT_FALSE(a.deadline.empty()) << s.municipality << " № " << a.number;
    }
    total += t.activities.size();
  }
  EXPECT_EQ(total, 135u);
}

TEST(SeedTables, NumbersAreKeptAsWritten) {
  auto serafimovich = numbers(parse_seed("serafimovich"));
  ASSERT_EQ(serafimovich.size(), 26u);
  EXPECT_EQ(serafimovich[13], "14");
  EXPECT_EQ(serafimovich[14], "14");
  EXPECT_EQ(serafimovich.back(), "25");

  auto chebarkul = numbers(parse_seed("chebarkul"));
  std::vector<std::string> want = {"1", "2", "3", "4", "5", "6", "7",
                                   "8", "9", "10", "11", "12", "19", "20"};
  EXPECT_EQ(chebarkul, want);

  RoadmapTemplate sochi = parse_seed("sochi");  // its number column has no header
  EXPECT_EQ(sochi.activities[20].number, "21");
  EXPECT_EQ(sochi.activities[20].section, "Уровень образовательной организации");
  EXPECT_EQ(sochi.activities[19].section, "Муниципальный уровень");
}

TEST(SeedTables, ColumnsAreRecognisedByTheirRussianNames) {
  RoadmapTemplate s = parse_seed("serafimovich");
  EXPECT_EQ(s.activities[0].deadline, "25.01.2023");
  EXPECT_EQ(s.activities[4].deadline, "13-17.02.2023");
  EXPECT_EQ(s.activities[5].columns.at("Показатель реализации"), "Доля ШНОР, составившие РПШ");
  EXPECT_EQ(s.activities[16].number, "16");
  EXPECT_EQ(s.activities[16].columns.count("Показатель реализации"), 0u);  // empty in the document

  RoadmapTemplate c = parse_seed("chebarkul");
  EXPECT_EQ(c.activities[0].deadline, "февраль 2023 г.");
  EXPECT_EQ(c.activities[0].responsible, "Заместитель начальника Т.М.Артамонова.");
  EXPECT_EQ(c.activities[0].columns.at("Выходной документ"),
            "Приказ Управления образования администрации");
  EXPECT_EQ(c.activities[0].columns.count(
                "Прогнозируемый результат (количественные характеристики результата)"), 1u);

  RoadmapTemplate b = parse_seed("bagan");
  EXPECT_EQ(b.activities[3].deadline, "Октябрь, декабрь, март, май");
  EXPECT_EQ(b.activities[3].columns.at("Результат"), "Протоколы");
  EXPECT_EQ(b.activities[15].responsible, "");  // № 16 names nobody

  RoadmapTemplate z = parse_seed("zima");
  EXPECT_EQ(z.activities[7].columns.at("Показатель реализации"),
            "Не менее 2 встреч, посвященных разработке антирисковых программ.");
  EXPECT_EQ(z.activities[29].responsible, "Комитат по образованию");  // typo as written
}

TEST(SeedTables, MultiLineCellsKeepTheirLines) {
  RoadmapTemplate s = parse_seed("serafimovich");
  EXPECT_EQ(s.activities[14].title,
            "Создание условий для «горизонтального» обучения:\nЕдиный методический день\n"
            "Объективность оценки образовательных результатов в ОО\nОбъективность проведения "
            "оценочных процедур\nФормирование муниципальных инструментов повышения качества "
            "общего образования");
  EXPECT_NE(s.activities[8].title.find("\"Знание: качество и объективность\""), std::string::npos);

  RoadmapTemplate sochi = parse_seed("sochi");
  EXPECT_EQ(sochi.activities[0].responsible,
            "И.Б. Лукашова, заместитель начальника УОН\nВ.Г. Церекидзе, директор СЦРО");
  EXPECT_EQ(sochi.activities[7].title,  // a row split over a page break, joined back
            "Мониторинг эффективности работы тьюторского консультационного пункта");
}

// --- pasted variants and malformed tables ----------------------------------------------------

TEST(TableImport, SemicolonsCrlfAndBlankLinesAreAccepted) {
  RoadmapTemplate t = parse_roadmap_table(
      "\r\n№ п/п;Содержание деятельности;Срок;Ответственный исполнитель;Форма\r\n"
      "Этап 1;;;;\r\n1.;\"Семинар\r\nдля кураторов\";май;Отдел;протокол\r\n;;;;\r\n2;Отчёт;;;\r\n",
      "x.csv");
  ASSERT_EQ(t.activities.size(), 2u);
  EXPECT_EQ(t.sections, std::vector<std::string>{"Этап 1"});
  EXPECT_EQ(t.activities[0].number, "1");
  EXPECT_EQ(t.activities[0].title, "Семинар\nдля кураторов");
  EXPECT_EQ(t.activities[0].deadline, "май");
  EXPECT_EQ(t.activities[0].responsible, "Отдел");
  EXPECT_EQ(t.activities[0].columns.at("Форма"), "протокол");
  EXPECT_EQ(t.activities[1].section, "Этап 1");
}

TEST(TableImport, HeaderNamesAreCaseAndSpacingInsensitive) {
  RoadmapTemplate t = parse_roadmap_table(
      "  № П/П \tНАИМЕНОВАНИЕ   МЕРОПРИЯТИЯ\tСроки исполнения\tОтветственные\tОжидаемый результат\n"
      "1\tВебинар\tмарт\tОтдел\tучастие\n",
      "x.tsv");
  EXPECT_EQ(t.activities[0].title, "Вебинар");
  EXPECT_EQ(t.activities[0].deadline, "март");
  EXPECT_EQ(t.activities[0].columns.at("Ожидаемый результат"), "участие");
  EXPECT_EQ(t.sections, std::vector<std::string>{""});
}

TEST(TableImport, MalformedTablesNameFileRowAndColumn) {
  EXPECT_EQ(error_of("№\tМероприятие\tСроки\n1\t\"Семинар\tмай\n2\tОтчёт\tиюнь\n")
                .rfind("карта.tsv:2:2: ", 0), 0u)
      << error_of("№\tМероприятие\tСроки\n1\t\"Семинар\tмай\n");
  EXPECT_NE(error_of("№\tМероприятие\tСроки\n1\t\"Семинар\tмай\n").find("не закрыта"),
            std::string::npos);

  std::string e = error_of("№\tСроки\tОтветственные\n1\tмай\tОтдел\n");
  EXPECT_EQ(e.rfind("карта.tsv:1:1: ", 0), 0u) << e;
  EXPECT_NE(e.find("наименованием мероприятия"), std::string::npos) << e;

  e = error_of("\n\n1\tСеминар\tмай\n");
  EXPECT_EQ(e.rfind("карта.tsv:3:1: нет строки заголовка", 0), 0u) << e;

  e = error_of("№\tМероприятие\tСроки\n1\tСеминар\tмай\n2\t\tиюнь\n");
  EXPECT_EQ(e.rfind("карта.tsv:3:2: у мероприятия № 2 не заполнено наименование", 0), 0u) << e;

  e = error_of("№\tМероприятие\n1\tСеминар\tлишнее\n");
  EXPECT_EQ(e.rfind("карта.tsv:2:3: ", 0), 0u) << e;

  e = error_of("Мероприятие\tСроки\nСеминар\tмай\n");
  EXPECT_NE(e.find("номером мероприятия"), std::string::npos) << e;

  EXPECT_EQ(error_of("").rfind("карта.tsv:1:1: таблица пуста", 0), 0u) << error_of("");
}

// --- Lua output -------------------------------------------------------------------------------

TEST(RoadmapToLua, EverySeedRoundTripsThroughLua) {
  for (const Seed& s : seeds()) {
    RoadmapTemplate t = parse_seed(s.municipality);
    const std::string lua = roadmap_to_lua(t);
    for (const auto& a : t.activities)
      EXPECT_NE(lua.find(a.title), std::string::npos) << s.municipality << " № " << a.number;
    RoadmapTemplate back = load_roadmap_lua(lua, s.municipality);
    EXPECT_EQ(back.id, s.municipality);
    expect_same_table(t, back, s.municipality);
  }
}

TEST(RoadmapToLua, AwkwardStringsSurviveQuoting) {
  RoadmapTemplate t;
  t.id = "x";
  t.year = 2024;
  t.year_kind = "school";
  t.order_number = "28-п";
  t.order_date = "2023-02-06";
  t.sections = {"]]"};
  const std::vector<std::string> titles = {
      "a]]\nb", "ends with ]\nline", "\nleading newline", "quote \" and \\ back", "ctl \x01 7",
      "tab\tin", "]=]\n]==]", "многострочный\nтекст «в кавычках»"};
  for (const auto& title : titles) {
    ActivityTemplate a;
    a.section = "]]";
    a.number = "1";
    a.title = title;
    a.scope = "school";
    a.columns["Форма \"х\""] = title;
    t.activities.push_back(a);
  }
  RoadmapTemplate back = load_roadmap_lua(roadmap_to_lua(t), "awkward");
  expect_same_table(t, back, "awkward");
  EXPECT_EQ(back.year, 2024);
  EXPECT_EQ(back.year_kind, "school");
  EXPECT_EQ(back.order_number, "28-п");
  EXPECT_EQ(back.order_date, "2023-02-06");
  EXPECT_EQ(back.activities[0].scope, "school");
}

// Writes the importer's output for each seed into the build tree: the starting point of each
// committed scripts/<region>/<municipality>/roadmap.lua (see docs/onboarding.md).
TEST(SeedRoadmaps, GeneratorWritesLuaForEachSeed) {
  const fs::path dir = fs::path(OPORA_BINARY_DIR) / "roadmap-generated";
  fs::create_directories(dir);
  for (const Seed& s : seeds()) {
    const fs::path out = dir / (std::string(s.municipality) + ".lua");
    std::ofstream(out, std::ios::binary) << roadmap_to_lua(parse_seed(s.municipality));
    EXPECT_GT(fs::file_size(out), 1000u) << out;
  }
}

// The committed roadmap.lua files are the importer's output plus documented hand edits only:
// id, title, year, year_kind, order, and scope/category/indicator of activities.
TEST(SeedRoadmaps, CommittedFilesMatchTheirTables) {
  for (const Seed& s : seeds()) {
    const fs::path p = fs::path(OPORA_SOURCE_DIR) / "scripts" / s.territory / "roadmap.lua";
    RoadmapTemplate committed = load_roadmap_lua(read_text(p), p.string());
    expect_same_table(parse_seed(s.municipality), committed, p.string());
    EXPECT_FALSE(committed.id.empty()) << p;
    EXPECT_FALSE(committed.title.empty()) << p;
    EXPECT_GT(committed.year, 2019) << p;
    EXPECT_TRUE(committed.year_kind == "calendar" || committed.year_kind == "school") << p;
    EXPECT_FALSE(committed.order_number.empty()) << p;
    EXPECT_EQ(committed.order_date.size(), 10u) << p;
  }
  // Sochi's school level is done by each ШНОР.
  const fs::path sochi = fs::path(OPORA_SOURCE_DIR) / "scripts/krasnodar/sochi/roadmap.lua";
  for (const auto& a : load_roadmap_lua(read_text(sochi), "sochi").activities) {
    const bool school_level = a.section == "Уровень образовательной организации";
    EXPECT_EQ(a.scope, school_level ? "school" : "") << "№ " << a.number;
    if (school_level) {
      EXPECT_EQ(a.category, "low_results") << "№ " << a.number;
    }
  }
}

// Each municipal package, run with stub declarations (the real loader is tested with the Lua
// engine): its roadmap's indicator ids are declared, each indicator names a known type and an
// activity number its roadmap has, and it declares its monthly report (its region declares only
// the regional summary).
const char* kPackageCheck = R"lua(
local scripts, territory = ...
local region = territory:match("^[^/]+")
local found, problems = {}, {}
local function problem(s) problems[#problems + 1] = s end
local types = { share_done = true, participation_share = true, people_share = true,
                count_done = true, positive_dynamics_share = true }
local indicators, reports, packages, map = {}, {}, {}, nil
local function run(folder, name)
  local path = scripts .. "/" .. folder .. "/" .. name:gsub("%.", "/") .. ".lua"
  local chunk, err = loadfile(path, "t")
  if not chunk then problem(err) return end
  chunk()
end
package = function(t) packages[#packages + 1] = t end
indicator = function(t) indicators[t.id] = t end
indicator_type = function(t) types[t.id] = true end
report = function(t) reports[#reports + 1] = { id = t.id, owner = current } end
section = function() end
roadmap = function(t) map = t end
-- Declarations of the region packages' identification rules: not checked here.
category = function() end
criterion = function() end
configure = function() end
risk_factor = function() end
procedure = function() end
require = function(name)
  -- Shared federal helper modules are not part of the municipal package under test.
  if name:find("^federal%.") then
    return setmetatable({}, { __index = function() return function() end end })
  end
  run(current, name)
end
current = region; run(region, "package")
current = territory; run(territory, "package")
if #packages ~= 2 or packages[1].level ~= "region" or packages[2].level ~= "municipality" then
  problem("package{} levels")
end
if not map then problem("roadmap{} not required") return table.concat(problems, "\n") end
local numbers = {}
for _, s in ipairs(map.sections) do
  for _, a in ipairs(s.activities) do
    numbers[a.number] = true
    if a.indicator and not indicators[a.indicator] then
      problem("activity " .. a.number .. ": undeclared indicator " .. a.indicator)
    end
    if a.scope == "school" and not a.category then problem("activity " .. a.number .. ": no category") end
  end
end
for id, i in pairs(indicators) do
  if not types[i.type] then problem(id .. ": unknown type " .. tostring(i.type)) end
  if i.args.activity and not numbers[i.args.activity] then
    problem(id .. ": no activity " .. i.args.activity)
  end
  if not i.title or i.title == "" then problem(id .. ": no title") end
end
-- The municipality declares its monthly report; its region, if anything, its summary.
local own = {}
for _, r in ipairs(reports) do
  if r.owner == territory then own[#own + 1] = r.id
  elseif r.id ~= "regional" then problem("region report " .. tostring(r.id)) end
end
if #own ~= 1 or own[1] ~= "monthly" then problem("no monthly report") end
return table.concat(problems, "\n")
)lua";

TEST(SeedRoadmaps, MunicipalPackagesAreConsistent) {
  for (const Seed& s : seeds()) {
    lua_State* L = luaL_newstate();
    luaL_openlibs(L);
    ASSERT_EQ(luaL_loadstring(L, kPackageCheck), LUA_OK);
    lua_pushstring(L, (std::string(OPORA_SOURCE_DIR) + "/scripts").c_str());
    lua_pushstring(L, s.territory);
    if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
      ADD_FAILURE() << s.territory << ": " << lua_tostring(L, -1);
    } else {
      EXPECT_STREQ(lua_tostring(L, -1), "") << s.territory;
    }
    lua_close(L);
  }
}

}  // namespace
}  // namespace opora::host
