#include "engine/rule_tests.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <unistd.h>

#include "engine/identify.hpp"
#include "engine/runs.hpp"
#include "import/import.hpp"
#include "store/migrations.hpp"
#include "store/territory.hpp"

namespace opora::host {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<RuleTestFile> find_rule_tests(const fs::path& scripts_root, std::string_view territory) {
  std::vector<RuleTestFile> out;
  for (const auto& p : discover_packages(scripts_root)) {
    if (!territory.empty() && p.territory != territory) continue;
    std::vector<fs::path> files;
    std::error_code ec;
    for (auto it = fs::directory_iterator(p.dir / kTestsFolder, ec);
         !ec && it != fs::directory_iterator(); it.increment(ec))
      if (it->path().extension() == ".lua" && it->is_regular_file(ec)) files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (auto& f : files) out.push_back({p.territory, std::move(f)});
  }
  return out;
}

namespace {

// A scratch folder for one case's CSV files, removed with it.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "opora-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("не удалось создать временную папку");
    path = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string cell(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "1" : "0";
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_number()) {
    std::ostringstream s;
    s.precision(17);
    s << v.get<double>();
    return s.str();
  }
  return "";
}

std::string quoted(const std::string& s) {
  if (s.find_first_of(";\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The rows of a fixture table as the CSV file the importer of `kind` reads: English column keys,
// one row per table. Row 2 of the file is the table's first row.
void write_csv(const fs::path& file, const json& rows) {
  std::vector<std::string> columns;
  for (const auto& r : rows)
    for (const auto& [k, v] : r.items())
      if (std::find(columns.begin(), columns.end(), k) == columns.end()) columns.push_back(k);
  std::ofstream out(file, std::ios::binary);
  for (std::size_t i = 0; i < columns.size(); ++i) out << (i ? ";" : "") << quoted(columns[i]);
  out << "\n";
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < columns.size(); ++i)
      out << (i ? ";" : "") << quoted(r.contains(columns[i]) ? cell(r[columns[i]]) : "");
    out << "\n";
  }
}

// Codes a key of expect may name: the effective categories and criterion ids.
bool known_key(const Effective& eff, const std::string& key) {
  if (eff.category(key)) return true;
  for (const auto& c : eff.criteria)
    if (c.item->id() == key || c.item->category() == key) return true;
  return false;
}

struct CaseRun {
  const Catalog& catalog;
  const std::vector<RuleTestTerritory>& territories;
  std::string territory;
  int year = 0;
  std::vector<std::string> problems;

  void fail(std::string p) { problems.push_back(std::move(p)); }

  // Imports the fixture tables; false when the data was refused (problems say why).
  bool load(Db& db, const json& c) {
    {
      Transaction tx(db);
      for (const auto& t : territories) ensure_territory(db, t.id, t.name, t.parent, t.level, "package");
      tx.commit();
    }
    ScratchDir dir;
    for (auto kind : builtin_import_kinds()) {
      std::string k(kind);
      if (!c.contains(k)) continue;
      json rows = c[k];
      if (!rows.is_array()) {
        fail("поле " + k + " — список таблиц-строк");
        return false;
      }
      if (rows.empty()) continue;
      for (auto& r : rows) {
        if (!r.is_object()) {
          fail("поле " + k + ": каждая строка — таблица с полями (login = ..., ...)");
          return false;
        }
        // A school needs no more than its login: the case's territory and the login as name.
        if (k == "schools") {
          if (!r.contains("territory")) r["territory"] = territory;
          if (!r.contains("name") && r.contains("login")) r["name"] = r["login"];
        }
      }
      auto file = dir.path / (k + ".csv");
      write_csv(file, rows);
      try {
        import_file(db, kind, file, &catalog);
      } catch (const ImportFailed& e) {
        // "…/schools.csv:3:2: msg" → "schools, строка 2 (столбец 2): msg" would need parsing;
        // naming the table and the file row (header = row 1) is enough to find it.
        for (auto msg : e.errors()) {
          auto prefix = dir.path.string() + "/";
          if (auto at = msg.find(prefix); at != std::string::npos) msg.erase(at, prefix.size());
          fail("данные не приняты (строка 1 таблицы — строка 2 файла): " + msg);
        }
        return false;
      }
    }
    return true;
  }

  void compare(const Identification& id, const Snapshot& data, const json& expect) {
    auto eff = catalog.effective(territory);
    std::map<std::string, const SchoolOutcome*> by_login;
    for (const auto& s : id.schools) by_login[std::string(data.school(s.school).login)] = &s;
    auto flagged_in = [](const SchoolOutcome& s, const std::string& key) -> const CriterionVerdict* {
      for (const auto& v : s.verdicts)
        if (v.verdict.flagged && (v.category == key || v.criterion == key)) return &v;
      return nullptr;
    };
    auto explain = [](const SchoolOutcome& s, const std::string& key) {
      std::string out;
      for (const auto& v : s.verdicts)
        if (v.category == key || v.criterion == key)
          out += (out.empty() ? "" : "; ") + v.criterion + ": " + v.verdict.explanation;
      return out.empty() ? std::string("нет вердикта по «" + key + "»") : out;
    };
    auto school = [&](const json& login, const std::string& where) -> const SchoolOutcome* {
      if (!login.is_string()) {
        fail(where + ": логины школ — строки");
        return nullptr;
      }
      auto it = by_login.find(login.get<std::string>());
      if (it == by_login.end()) {
        fail(where + ": школы " + login.get<std::string>() + " нет среди школ территории " +
             territory);
        return nullptr;
      }
      return it->second;
    };
    // flagged / not_flagged: { <category or criterion> = { "login", ... } }
    for (const char* what : {"flagged", "not_flagged"}) {
      if (!expect.contains(what)) continue;
      bool want = std::string(what) == "flagged";
      for (const auto& [key, logins] : expect[what].items()) {
        auto where = std::string("expect.") + what + "." + key;
        if (!known_key(eff, key)) {
          fail(where + ": нет такой категории или критерия в правилах территории " + territory);
          continue;
        }
        if (!logins.is_array()) {
          fail(where + ": ожидался список логинов");
          continue;
        }
        for (const auto& login : logins) {
          auto* s = school(login, where);
          if (!s) continue;
          bool is = flagged_in(*s, key) != nullptr;
          if (is != want)
            fail("школа " + login.get<std::string>() + (want ? " не отнесена" : " отнесена") +
                 " к «" + key + "», ожидалось " + (want ? "отнесена" : "не отнесена") + " (" +
                 explain(*s, key) + ")");
        }
      }
    }
    // explains: { login = { <category or criterion> = "text the explanation contains" } }
    if (expect.contains("explains")) {
      for (const auto& [login, keys] : expect["explains"].items()) {
        auto* s = school(json(login), "expect.explains");
        if (!s) continue;
        for (const auto& [key, text] : keys.items()) {
          auto got = explain(*s, key);
          if (!text.is_string() || got.find(text.get<std::string>()) == std::string::npos)
            fail("объяснение для школы " + login + " по «" + key + "» не содержит «" +
                 cell(text) + "»: " + got);
        }
      }
    }
  }
};

}  // namespace

std::vector<RuleTestResult> run_rule_test_file(const Catalog& catalog, LuaEngine& sandbox,
                                               const fs::path& scripts_root,
                                               const RuleTestFile& file,
                                               const std::vector<RuleTestTerritory>& territories) {
  std::vector<RuleTestResult> out;
  auto label = (scripts_root.filename() / file.path.lexically_relative(scripts_root))
                   .generic_string();
  auto read = sandbox.read_test_file(scripts_root, file.path);
  if (!read.error.empty()) {
    out.push_back({label, "", {read.error}});
    return out;
  }
  if (read.cases.empty()) out.push_back({label, "", {"в файле нет ни одного case{}"}});
  static const std::set<std::string> fields = {
      "name", "line", "territory", "year", "expect", "territories", "schools", "results",
      "context", "students", "risk", "territory_context"};
  for (const auto& c : read.cases) {
    RuleTestResult r;
    r.where = label + ":" + std::to_string(c.value("line", 0));
    CaseRun run{catalog, territories, file.territory, 0, {}};
    if (c.contains("name") && c["name"].is_string()) r.name = c["name"].get<std::string>();
    else run.fail("у случая нет имени (name = \"...\")");
    for (const auto& [k, v] : c.items())
      if (!fields.count(k)) run.fail("неизвестное поле «" + k + "»");
    if (c.contains("territory")) {
      if (c["territory"].is_string()) run.territory = c["territory"].get<std::string>();
      else run.fail("поле territory — строка");
    }
    if (c.contains("year") && c["year"].is_number_integer()) run.year = c["year"].get<int>();
    else run.fail("нет года отбора (year = 2023)");
    if (!c.contains("expect") || !c["expect"].is_object()) {
      run.fail("нет ожиданий (expect = { flagged = ..., not_flagged = ... })");
    } else {
      for (const auto& [k, v] : c["expect"].items())
        if (k != "flagged" && k != "not_flagged" && k != "explains")
          run.fail("expect: неизвестное поле «" + k + "» (известны flagged, not_flagged, explains)");
        else if (!v.is_object())
          run.fail("expect." + k + " — таблица");
    }
    // The packages' territories, or one the case's own territories table adds.
    bool declared = false;
    if (c.contains("territories") && c["territories"].is_array())
      for (const auto& t : c["territories"])
        if (t.is_object() && t.value("id", json()) == json(run.territory)) declared = true;
    if (!declared && std::none_of(territories.begin(), territories.end(),
                                  [&](const RuleTestTerritory& t) { return t.id == run.territory; }))
      run.fail("территории «" + run.territory + "» нет среди территорий пакетов");
    if (run.problems.empty()) {
      try {
        Db db = Db::open(":memory:");
        migrate(db);
        if (run.load(db, c)) {
          auto data = load_snapshot_for(db, run.territory, run.year);
          auto id = identify(catalog, *data, run.territory, run.year);
          if (!id.complete()) run.fail("не все критерии выполнены:\n" + describe_failures(id, *data));
          run.compare(id, *data, c["expect"]);
          // A criterion's batch form (evaluate_all) must judge as its per-school form does:
          // every case checks it, so a package's own tests catch a batch form that drifted.
          IdentifyOptions per_school;
          per_school.batch = false;
          for (const auto& problem :
               batch_differences(id, identify(catalog, *data, run.territory, run.year, per_school),
                                 *data))
            run.fail(problem);
        }
      } catch (const std::exception& e) {
        run.fail(e.what());
      }
    }
    r.problems = std::move(run.problems);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace opora::host
