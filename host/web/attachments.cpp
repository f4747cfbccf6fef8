#include "web/attachments.hpp"

#include <vector>

#include "util/clock.hpp"

namespace opora::host::web {

std::string shown_file_name(std::string_view uploaded) {
  auto slash = uploaded.find_last_of("/\\");
  if (slash != std::string_view::npos) uploaded = uploaded.substr(slash + 1);
  std::string out;
  for (unsigned char c : uploaded)
    if (c >= 0x20 && c != 0x7f) out += char(c);
  if (out.size() > 200) {
    out.resize(200);
    // Do not cut a UTF-8 sequence in half.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
  }
  if (out.empty() || out == "." || out == "..") out = "файл";
  return out;
}

std::int64_t add_attachment(Db& db, std::int64_t progress, const std::string& name,
                            const std::string& mime, const std::string& content,
                            const std::string& who) {
  auto q = db.prepare(
      "INSERT INTO attachments(progress, name, mime, size, content, who, recorded_at) "
      "VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
  q.bind_all(progress, shown_file_name(name), mime.empty() ? "application/octet-stream" : mime,
             static_cast<std::int64_t>(content.size()));
  sqlite3_bind_blob64(q.handle(), 5, content.data(), content.size(), SQLITE_TRANSIENT);
  q.bind(6, who);
  q.run();
  return db.last_insert_rowid();
}

std::vector<Attachment> attachments_of_plan(Db& db, std::int64_t roadmap) {
  auto q = db.prepare(
      "SELECT f.id, f.progress, f.size, f.name, f.mime, f.who, f.recorded_at FROM attachments f "
      "JOIN progress p ON p.id = f.progress JOIN occurrences o ON o.id = p.occurrence "
      "JOIN activities a ON a.id = o.activity WHERE a.roadmap = ? ORDER BY f.id");
  q.bind(1, roadmap);
  std::vector<Attachment> out;
  while (q.step())
    out.push_back({q.column_int64(0), q.column_int64(1), q.column_int64(2),
                   std::string(q.column_text(3)), std::string(q.column_text(4)),
                   std::string(q.column_text(5)), std::string(q.column_text(6))});
  return out;
}

std::optional<std::pair<Attachment, std::string>> attachment_content(Db& db, std::int64_t id) {
  auto q = db.prepare(
      "SELECT id, progress, size, name, mime, who, recorded_at, content FROM attachments "
      "WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  Attachment a{q.column_int64(0), q.column_int64(1), q.column_int64(2),
               std::string(q.column_text(3)), std::string(q.column_text(4)),
               std::string(q.column_text(5)), std::string(q.column_text(6))};
  auto* blob = static_cast<const char*>(sqlite3_column_blob(q.handle(), 7));
  std::string content(blob ? blob : "", static_cast<std::size_t>(sqlite3_column_bytes(q.handle(), 7)));
  return std::make_pair(std::move(a), std::move(content));
}

}  // namespace opora::host::web
