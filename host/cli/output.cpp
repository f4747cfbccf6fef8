#include "cli/output.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <system_error>

namespace opora::host {

namespace {

namespace fs = std::filesystem;

// The same file by identity (st_dev/st_ino: hard links, symlinks, "./a/../t.db") when both
// exist, else by the normalised absolute path (a -wal that does not exist yet).
bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec) && !ec;
  auto ca = fs::weakly_canonical(fs::absolute(a, ec), ec);
  auto cb = fs::weakly_canonical(fs::absolute(b, ec), ec);
  return ca == cb;
}

// `file` (existing) lies somewhere under the folder `dir`, links resolved.
bool inside(const fs::path& dir, const fs::path& file) {
  std::error_code ec;
  auto d = fs::canonical(dir, ec);
  if (ec) return false;
  auto f = fs::canonical(file, ec);
  if (ec) return false;
  auto [end, _] = std::mismatch(d.begin(), d.end(), f.begin(), f.end());
  return end == d.end();
}

// The files a command must never write over: the store and SQLite's files beside it.
std::vector<fs::path> protected_files(const Globals& g) {
  std::vector<fs::path> out;
  if (g.db.empty()) return out;
  for (auto suffix : {"", "-wal", "-shm", "-journal"}) out.emplace_back(g.db + suffix);
  return out;
}

void refuse_protected(const Globals& g, const fs::path& out,
                      const std::vector<fs::path>& inputs) {
  for (const auto& p : protected_files(g))
    if (same_file(out, p))
      throw UsageError("«" + out.string() + "» — это файл базы данных (" + p.string() +
                       "); запись в него её уничтожит. Укажите другой путь в --out");
  std::error_code ec;
  for (const auto& p : inputs) {
    if (same_file(out, p))
      throw UsageError("«" + out.string() + "» — это входной файл команды (" + p.string() +
                       "); укажите другой путь в --out");
    // A folder the command reads (the packages, the plugins): none of its files is replaced.
    if (fs::is_directory(p, ec) && fs::exists(out, ec) && inside(p, out))
      throw UsageError("«" + out.string() + "» — файл из каталога " + p.string() +
                       ", который команда читает; укажите другой путь в --out");
  }
}

}  // namespace

void check_output_file(const Globals& g, const fs::path& out, const std::vector<fs::path>& inputs) {
  if (out.empty()) throw UsageError("не указан файл для записи (--out)");
  refuse_protected(g, out, inputs);
  std::error_code ec;
  if (fs::is_directory(out, ec))
    throw UsageError("«" + out.string() + "» — каталог; укажите в --out имя файла");
  auto parent = fs::absolute(out, ec).parent_path();
  if (!fs::is_directory(parent, ec))
    throw UsageError("каталог «" + out.parent_path().string() + "» для файла «" + out.string() +
                     "» не существует; создайте его или укажите другой путь");
}

void prepare_output_dir(const Globals& g, const fs::path& dir) {
  if (dir.empty()) throw UsageError("не указан каталог для записи (--out)");
  refuse_protected(g, dir, {});
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw UsageError("«" + dir.string() + "» — файл, а нужен каталог (--out)");
  if (fs::is_directory(dir, ec)) return;
  // The folder itself is made, not a chain of them: a mistyped parent is an error, as for files.
  auto abs = fs::absolute(dir, ec).lexically_normal();
  if (!abs.has_filename()) abs = abs.parent_path();  // "reports/"
  if (!fs::is_directory(abs.parent_path(), ec))
    throw UsageError("каталог «" + dir.parent_path().string() + "» для «" + dir.string() +
                     "» не существует; создайте его или укажите другой путь");
  fs::create_directory(dir, ec);
  if (ec)
    throw UsageError("не удалось создать каталог «" + dir.string() + "»: " + ec.message());
}

fs::path temporary_name(const fs::path& dir, const std::string& suffix) {
  static std::atomic<unsigned> counter{0};
  auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  return dir / (".opora-" + std::to_string(getpid()) + "-" + std::to_string(stamp) + "-" +
                std::to_string(counter++) + suffix);
}

void write_output(const Globals& g, const fs::path& out,
                  const std::function<void(const fs::path& tmp)>& write,
                  const std::vector<fs::path>& inputs) {
  check_output_file(g, out, inputs);
  std::error_code ec;
  // Same folder, so the rename is atomic; same extension, for writers that look at it.
  auto tmp = temporary_name(fs::absolute(out, ec).parent_path(), out.extension().string());
  try {
    write(tmp);
    fs::rename(tmp, out);
  } catch (const fs::filesystem_error& e) {
    fs::remove(tmp, ec);
    throw UserError("не удалось записать «" + out.string() + "»: " + e.code().message());
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
}

}  // namespace opora::host
