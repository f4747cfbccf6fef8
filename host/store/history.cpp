#include "store/history.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace opora::host {

namespace {

constexpr std::string_view kTables[] = {
    "territories", "schools",      "results", "observations", "territory_observations",
    "risk_profiles", "people",     "assignments",
};

std::string ident(std::string_view name) { return "\"" + std::string(name) + "\""; }

std::string literal(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

std::span<const std::string_view> history_tables() { return kTables; }

void create_history_triggers(Db& db, std::string_view table) {
  std::vector<std::string> columns;
  std::vector<std::pair<int, std::string>> key;
  Statement info = db.prepare("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid");
  info.bind(1, table);
  while (info.step()) {
    columns.emplace_back(info.column_text(0));
    if (int pk = info.column_int(1)) key.emplace_back(pk, columns.back());
  }
  if (columns.empty()) throw StoreError("нет таблицы " + std::string(table));
  std::sort(key.begin(), key.end());

  std::string json = "json_object(";
  std::string changed;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i) json += ", ", changed += " OR ";
    json += literal(columns[i]) + ", OLD." + ident(columns[i]);
    changed += "OLD." + ident(columns[i]) + " IS NOT NEW." + ident(columns[i]);
  }
  json += ")";
  // The key as text: the value itself for one column, a JSON array for a composite key.
  std::string row_key;
  if (key.size() == 1) {
    row_key = "CAST(OLD." + ident(key[0].second) + " AS TEXT)";
  } else {
    row_key = "json_array(";
    for (std::size_t i = 0; i < key.size(); ++i)
      row_key += (i ? ", OLD." : "OLD.") + ident(key[i].second);
    row_key += ")";
  }

  std::string t(table);
  std::string insert = "INSERT INTO history(table_name, row_key, action, old_value) VALUES (" +
                       literal(t) + ", " + row_key + ", ";
  db.exec("DROP TRIGGER IF EXISTS " + ident("history_update_" + t) + ";" +
          "DROP TRIGGER IF EXISTS " + ident("history_delete_" + t) + ";" +
          "CREATE TRIGGER " + ident("history_update_" + t) + " AFTER UPDATE ON " + ident(t) +
          " WHEN " + changed + " BEGIN " + insert + "'update', " + json + "); END;" +
          "CREATE TRIGGER " + ident("history_delete_" + t) + " AFTER DELETE ON " + ident(t) +
          " BEGIN " + insert + "'delete', " + json + "); END;");
}

}  // namespace opora::host
