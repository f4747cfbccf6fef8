#include "store/territory.hpp"

namespace opora::host {

Upsert ensure_territory(Db& db, std::string_view id, std::string_view name,
                        std::string_view parent, std::string_view level,
                        std::string_view source) {
  auto parent_value = parent.empty() ? std::nullopt : std::optional<std::string_view>(parent);
  Statement find = db.prepare("SELECT source FROM territories WHERE id = ?");
  find.bind(1, id);
  if (!find.step()) {
    db.prepare("INSERT INTO territories(id, name, parent, level, source) VALUES (?, ?, ?, ?, ?)")
        .bind_all(id, name, parent_value, level, source)
        .run();
    return Upsert::inserted;
  }
  if (find.column_text(0) == "package" && source != "package") return Upsert::unchanged;
  find.reset();
  int n = db.prepare(
                "UPDATE territories SET name = ?2, parent = ?3, level = ?4, source = ?5 "
                "WHERE id = ?1 AND (name IS NOT ?2 OR parent IS NOT ?3 OR level IS NOT ?4 "
                "OR source IS NOT ?5)")
              .bind_all(id, name, parent_value, level, source)
              .run();
  return n ? Upsert::updated : Upsert::unchanged;
}

std::string in_subtree_sql(std::string_view column, int param, std::string_view territory) {
  auto p = "?" + std::to_string(param);
  if (territory == "federal") return "(" + p + " = 'federal')";
  auto c = std::string(column);
  // Ids under t are exactly those in [t || '/', t || '0'): '0' is the character after '/'. One
  // range [t, t || '0') on the index, then the ids between t and t || '/' (e.g. "t-2") dropped.
  return "(" + c + " >= " + p + " AND " + c + " < " + p + " || '0' AND (" + c + " = " + p +
         " OR " + c + " >= " + p + " || '/'))";
}

std::string schools_of_subtree(std::string_view alias, std::string_view territory) {
  auto from = "schools " + std::string(alias);
  return territory == "federal" ? from : from + " INDEXED BY schools_territory";
}

}  // namespace opora::host
