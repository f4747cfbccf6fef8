#include "web/resolve.hpp"

#include <map>

namespace opora::host::web {

namespace {

Target one(Db& db, const char* sql, std::int64_t id) {
  auto q = db.prepare(sql);
  q.bind(1, id);
  if (!q.step()) return {};
  return {std::string(q.column_text(0)), q.column_null(1) ? "" : std::string(q.column_text(1))};
}

Target found(Target t, const char* what) {
  if (t.territory.empty()) throw HttpError(404, std::string(what) + " не найдено");
  return t;
}

// One resolver per TargetFrom: the registration table of how a request's territory is found.
using Resolver = Target (*)(Ctx&);
const std::map<TargetFrom, Resolver>& resolvers() {
  static const std::map<TargetFrom, Resolver> table = {
      {TargetFrom::none, [](Ctx&) { return Target{}; }},
      {TargetFrom::global, [](Ctx&) { return Target{"federal", ""}; }},
      {TargetFrom::path,
       [](Ctx& c) {
         auto t = c.param("territory");
         auto q = c.db().prepare("SELECT 1 FROM territories WHERE id = ?");
         q.bind(1, t);
         if (!q.step()) throw HttpError(404, "территория «" + t + "» не найдена");
         // A page or API call about one school (explain ?school=) reads that school: the
         // access check then requires it to lie in the territory. Only for reads: a school
         // must never widen what a curator may write.
         std::string school;
         if (c.route.action == auth::Action::read) school = c.field("school");
         return Target{t, school};
       }},
      {TargetFrom::activity,
       [](Ctx& c) {
         return found(target_of_activity(c.db(), c.id_param("id")), "мероприятие");
       }},
      {TargetFrom::activity_field,
       [](Ctx& c) {
         std::int64_t id = 0;
         try {
           id = std::stoll(c.field("activity"));
         } catch (const std::exception&) {
           throw HttpError(400, "не указано мероприятие (activity)");
         }
         auto t = found(target_of_activity(c.db(), id), "мероприятие");
         t.school = c.field("school");
         return t;
       }},
      {TargetFrom::occurrence,
       [](Ctx& c) {
         std::int64_t id = 0;
         try {
           id = std::stoll(c.field("occurrence"));
         } catch (const std::exception&) {
           throw HttpError(400, "не указан срок мероприятия (occurrence)");
         }
         return found(target_of_occurrence(c.db(), id), "срок мероприятия");
       }},
      {TargetFrom::row,
       [](Ctx& c) { return found(target_of_progress_row(c.db(), c.id_param("row")), "запись"); }},
      {TargetFrom::participation,
       [](Ctx& c) {
         return found(one(c.db(),
                          "SELECT r.territory, s.login FROM participation p "
                          "JOIN activities a ON a.id = p.activity JOIN roadmaps r ON r.id = a.roadmap "
                          "LEFT JOIN schools s ON s.id = p.school WHERE p.id = ?",
                          c.id_param("id")),
                      "запись об участии");
       }},
      {TargetFrom::attachment,
       [](Ctx& c) {
         return found(one(c.db(),
                          "SELECT r.territory, s.login FROM attachments f "
                          "JOIN progress p ON p.id = f.progress "
                          "JOIN occurrences o ON o.id = p.occurrence "
                          "JOIN activities a ON a.id = o.activity "
                          "JOIN roadmaps r ON r.id = a.roadmap "
                          "LEFT JOIN schools s ON s.id = o.school WHERE f.id = ?",
                          c.id_param("id")),
                      "файл");
       }},
  };
  return table;
}

}  // namespace

Target target_of_activity(Db& db, std::int64_t activity) {
  return one(db,
             "SELECT r.territory, NULL FROM activities a JOIN roadmaps r ON r.id = a.roadmap "
             "WHERE a.id = ?",
             activity);
}

Target target_of_occurrence(Db& db, std::int64_t occurrence) {
  return one(db,
             "SELECT r.territory, s.login FROM occurrences o "
             "JOIN activities a ON a.id = o.activity JOIN roadmaps r ON r.id = a.roadmap "
             "LEFT JOIN schools s ON s.id = o.school WHERE o.id = ?",
             occurrence);
}

Target target_of_progress_row(Db& db, std::int64_t row) {
  return one(db,
             "SELECT r.territory, s.login FROM progress p JOIN occurrences o ON o.id = p.occurrence "
             "JOIN activities a ON a.id = o.activity JOIN roadmaps r ON r.id = a.roadmap "
             "LEFT JOIN schools s ON s.id = o.school WHERE p.id = ?",
             row);
}

Target resolve_target(Ctx& ctx, TargetFrom from) { return resolvers().at(from)(ctx); }

}  // namespace opora::host::web
