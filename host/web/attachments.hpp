// Files attached to progress records, kept inside the store (table attachments): the content is
// a BLOB under a generated id, so the uploader's file name is only ever shown, never a path.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.hpp"

namespace opora::host::web {

struct Attachment {
  std::int64_t id = 0, progress = 0, size = 0;
  std::string name, mime, who, recorded_at;
};

// The shown name of an uploaded file: its last path component, control characters dropped,
// at most 200 bytes; "файл" when nothing is left.
std::string shown_file_name(std::string_view uploaded);

// Stores `content` for progress row `progress` (inside the caller's transaction).
std::int64_t add_attachment(Db& db, std::int64_t progress, const std::string& name,
                            const std::string& mime, const std::string& content,
                            const std::string& who);
std::vector<Attachment> attachments_of_plan(Db& db, std::int64_t roadmap);
// The content of attachment `id`, with its row; nullopt when there is none.
std::optional<std::pair<Attachment, std::string>> attachment_content(Db& db, std::int64_t id);

}  // namespace opora::host::web
