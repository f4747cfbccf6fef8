#include "dataset/snapshot_cache.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <iostream>
#include <random>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <unordered_map>

#include <xxhash.h>

#include "store/db.hpp"
#include "util/parallel.hpp"

namespace opora::host {

namespace {

// Format 2 (1 hashed with a function of our own, slower than XXH3). Any change of the layout
// below, of ResultRow or of what a section holds is a new format number: a file of another
// format is rebuilt, never read.
constexpr char kMagic[8] = {'O', 'P', 'O', 'R', 'A', 'S', 'N', 'P'};
constexpr std::uint32_t kFormat = 2;

struct Header {
  char magic[8];
  std::uint32_t format;
  std::uint32_t header_bytes;  // sizeof(Header)
  std::uint32_t row_bytes;     // sizeof(ResultRow)
  std::int32_t schema;         // the store's user_version
  std::uint64_t file_bytes;    // the whole file: a shorter one is a truncated write
  char data_version[64];       // the store's data version, NUL-padded
  std::uint64_t schools, slices, rows, context, risk, strings, string_bytes;
  std::uint64_t procedures, subjects, indicators, factors;
  // Byte offsets of the sections, in this order; rows last (the bulk).
  std::uint64_t at_schools, at_slices, at_context, at_risk, at_names, at_strings, at_chars,
      at_rows;
  std::uint64_t meta_hash;    // every byte from at_schools to at_rows
  std::uint64_t header_hash;  // this header with header_hash = 0
};

// One school in store-id order; schools + 1 records, the last one closing the slices.
struct SchoolRec {
  std::int64_t store_id;
  std::uint32_t login, name, territory, kind, locality;  // string ids
  std::int32_t students;
  std::uint32_t slice_begin;    // its years: slices[slice_begin .. next school's)
  std::uint32_t context_begin;  // its observations, likewise
  std::uint32_t risk_begin;
  std::uint32_t pad;
};

// The rows of one school in one year: rows[row_begin .. row_end), with their hash.
struct SliceRec {
  std::int32_t year;
  std::uint32_t row_begin, row_end;
  std::uint32_t pad;
  std::uint64_t hash;
};

static_assert(sizeof(SchoolRec) == 48 && sizeof(SliceRec) == 24);
static_assert(sizeof(ResultRow) == 32 && std::is_trivially_copyable_v<ResultRow>);

// XXH3 (libxxhash): checks every slice a run reads at memory speed. Against accidents (a torn
// or damaged file), not attacks: the file is the store owner's.
std::uint64_t hash_bytes(const void* data, std::size_t n, std::uint64_t seed) {
  return XXH3_64bits_withSeed(data, n, seed);
}

std::uint64_t header_hash(Header h) {
  h.header_hash = 0;
  return hash_bytes(&h, sizeof h, kFormat);
}

// A read-only mapping of the whole file, unmapped when the last snapshot using it goes.
struct Mapping {
  void* base = MAP_FAILED;
  std::size_t size = 0;
  ~Mapping() {
    if (base != MAP_FAILED) munmap(base, size);
  }
  const unsigned char* bytes() const { return static_cast<const unsigned char*>(base); }
};

std::size_t pad8(std::size_t n) { return (n + 7) & ~std::size_t(7); }

bool in_subtree(std::string_view own, std::string_view t) {
  return own == t || (own.size() > t.size() && own.starts_with(t) && own[t.size()] == '/');
}

bool whole_country(const SnapshotRequest& r) {
  return r.territories.empty() ||
         std::find(r.territories.begin(), r.territories.end(), "federal") != r.territories.end();
}

int schema_of(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  int v = -1;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW)
    v = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  return v;
}

// One line on stderr per process: the run goes on from the store.
void notice(const std::string& text) {
  static std::atomic<bool> said{false};
  if (said.exchange(true)) return;
  std::cerr << "opora: " << text << "; данные прочитаны из базы\n";
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

std::filesystem::path snapshot_cache_path(sqlite3* db) {
  const char* f = db ? sqlite3_db_filename(db, "main") : nullptr;
  if (!f || !*f) return {};
  return std::filesystem::path(std::string(f) + ".snapshot");
}

bool snapshot_cache_enabled() {
  const char* v = std::getenv("OPORA_SNAPSHOT_CACHE");
  if (!v) return true;
  std::string s(v);
  return !(s == "off" || s == "0" || s == "no");
}

void SnapshotFile::write(const Snapshot& full, const std::filesystem::path& file,
                         const std::string& version, int schema) {
  if (version.size() >= sizeof(Header::data_version))
    throw std::runtime_error("версия данных слишком длинная");
  // Strings interned once each (territories repeat on every school of a municipality).
  std::vector<std::uint32_t> string_offsets{0};
  std::string chars;
  std::unordered_map<std::string_view, std::uint32_t> ids;
  std::deque<std::string> keep;  // stable storage for the map's keys
  auto intern = [&](std::string_view s) {
    if (auto it = ids.find(s); it != ids.end()) return it->second;
    auto id = std::uint32_t(string_offsets.size() - 1);
    chars.append(s);
    string_offsets.push_back(std::uint32_t(chars.size()));
    keep.emplace_back(s);
    ids.emplace(keep.back(), id);
    return id;
  };

  const std::size_t n = full.school_count();
  std::vector<SchoolRec> schools(n + 1);
  std::vector<SliceRec> slices;
  for (std::size_t i = 0; i < n; ++i) {
    auto& s = schools[i];
    s.store_id = full.store_ids_[i];
    s.login = intern(full.logins_[i]);
    s.name = intern(full.names_[i]);
    s.territory = intern(full.territory_names_[full.territory_[i]]);
    s.kind = intern(full.kinds_[i]);
    s.locality = intern(full.localities_[i]);
    s.students = full.students_[i];
    s.slice_begin = std::uint32_t(slices.size());
    s.context_begin = full.context_begin_[i];
    s.risk_begin = full.risk_begin_[i];
    s.pad = 0;
    for (auto k = full.row_begin_[i]; k < full.row_end_[i]; ++k) {
      int year = full.rows_data_[k].year;
      if (slices.empty() || k == full.row_begin_[i] || slices.back().year != year) {
        if (k != full.row_begin_[i] && year < slices.back().year)
          throw std::runtime_error("строки результатов не упорядочены по годам");
        slices.push_back({year, k, k, 0, 0});
      }
      slices.back().row_end = k + 1;
    }
  }
  if (n > 0 && full.row_begin_[0] != 0)
    throw std::runtime_error("строки результатов не с начала массива");
  for (std::size_t j = 0; j < slices.size(); ++j)
    slices[j].hash = hash_bytes(full.rows_data_ + slices[j].row_begin,
                                (slices[j].row_end - slices[j].row_begin) * sizeof(ResultRow), j);
  schools[n] = {};
  schools[n].slice_begin = std::uint32_t(slices.size());
  schools[n].context_begin = std::uint32_t(full.context_.size());
  schools[n].risk_begin = std::uint32_t(full.risk_.size());

  std::vector<std::uint32_t> names;
  for (const auto* list : {&full.procedures_.names, &full.subjects_.names,
                           &full.indicators_.names, &full.factors_.names})
    for (const auto& name : *list) names.push_back(intern(name));

  // The metadata sections, laid out after the header, then the rows.
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.format = kFormat;
  h.header_bytes = sizeof(Header);
  h.row_bytes = sizeof(ResultRow);
  h.schema = schema;
  std::memcpy(h.data_version, version.data(), version.size());
  h.schools = n;
  h.slices = slices.size();
  h.rows = full.row_count_;
  h.context = full.context_.size();
  h.risk = full.risk_.size();
  h.strings = string_offsets.size() - 1;
  h.string_bytes = chars.size();
  h.procedures = full.procedures_.names.size();
  h.subjects = full.subjects_.names.size();
  h.indicators = full.indicators_.names.size();
  h.factors = full.factors_.names.size();

  std::string meta;
  auto put = [&](const void* p, std::size_t bytes) {
    std::uint64_t at = sizeof(Header) + meta.size();
    meta.append(static_cast<const char*>(p), bytes);
    meta.resize(pad8(meta.size()), '\0');
    return at;
  };
  h.at_schools = put(schools.data(), schools.size() * sizeof(SchoolRec));
  h.at_slices = put(slices.data(), slices.size() * sizeof(SliceRec));
  h.at_context = put(full.context_.data(), full.context_.size() * sizeof(Snapshot::ContextValue));
  h.at_risk = put(full.risk_.data(), full.risk_.size() * sizeof(Snapshot::RiskValue));
  h.at_names = put(names.data(), names.size() * sizeof(std::uint32_t));
  h.at_strings = put(string_offsets.data(), string_offsets.size() * sizeof(std::uint32_t));
  h.at_chars = put(chars.data(), chars.size());
  meta.resize((sizeof(Header) + meta.size() + 63) / 64 * 64 - sizeof(Header), '\0');
  h.at_rows = sizeof(Header) + meta.size();
  h.file_bytes = h.at_rows + h.rows * sizeof(ResultRow);
  h.meta_hash = hash_bytes(meta.data(), meta.size(), kFormat);
  h.header_hash = header_hash(h);

  // A temporary file of our own, renamed over the cache once complete and synced: a reader
  // sees the old file or the new one, never a part (two builders at once: the last rename wins,
  // and both files are whole).
  std::random_device rd;
  auto tmp = file;
  tmp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(rd());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("«" + tmp.string() + "»: " + errno_text());
  auto fail = [&](const std::string& what) {
    auto text = "«" + tmp.string() + "»: " + what;
    ::close(fd);
    ::unlink(tmp.c_str());
    throw std::runtime_error(text);
  };
  auto write_all = [&](const void* p, std::size_t bytes) {
    auto c = static_cast<const char*>(p);
    while (bytes > 0) {
      auto w = ::write(fd, c, std::min<std::size_t>(bytes, std::size_t(1) << 30));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) fail(errno_text());
      c += w;
      bytes -= std::size_t(w);
    }
  };
  write_all(&h, sizeof h);
  write_all(meta.data(), meta.size());
  write_all(full.rows_data_, full.row_count_ * sizeof(ResultRow));
  if (::fsync(fd) != 0) fail(errno_text());
  if (::close(fd) != 0) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("«" + tmp.string() + "»: " + errno_text());
  }
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    auto text = "«" + file.string() + "»: " + errno_text();
    ::unlink(tmp.c_str());
    throw std::runtime_error(text);
  }
}

std::unique_ptr<Snapshot> SnapshotFile::read(const std::filesystem::path& file,
                                             const std::string& version, int schema,
                                             const SnapshotRequest& r, std::string* why) {
  auto no = [&](const char* reason) -> std::unique_ptr<Snapshot> {
    if (why) *why = reason;
    return nullptr;
  };
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return no("нет файла");
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return no("не обычный файл");
  }
  auto map = std::make_shared<Mapping>();
  map->size = std::size_t(st.st_size);
  if (map->size >= sizeof(Header))
    map->base = ::mmap(nullptr, map->size, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (map->size < sizeof(Header)) return no("файл короче заголовка");
  if (map->base == MAP_FAILED) return no("не удалось отобразить файл в память");
  const unsigned char* base = map->bytes();

  Header h;
  std::memcpy(&h, base, sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return no("не файл кэша opora");
  if (h.format != kFormat || h.header_bytes != sizeof(Header) || h.row_bytes != sizeof(ResultRow))
    return no("другая версия формата");
  if (h.header_hash != header_hash(h)) return no("заголовок повреждён");
  if (h.file_bytes != map->size) return no("файл обрезан или дописан");
  if (h.schema != schema) return no("другая версия схемы базы");
  h.data_version[sizeof h.data_version - 1] = '\0';
  if (version != h.data_version) return no("устарел: данные в базе изменились");

  // Sections in the order written, inside the file, before the rows.
  auto fits = [&](std::uint64_t at, std::uint64_t count, std::uint64_t size,
                  std::uint64_t next) {
    return at % 8 == 0 && count <= (next - at) / size && at <= next;
  };
  if (!(fits(h.at_schools, h.schools + 1, sizeof(SchoolRec), h.at_slices) &&
        fits(h.at_slices, h.slices, sizeof(SliceRec), h.at_context) &&
        fits(h.at_context, h.context, sizeof(Snapshot::ContextValue), h.at_risk) &&
        fits(h.at_risk, h.risk, sizeof(Snapshot::RiskValue), h.at_names) &&
        fits(h.at_names, h.procedures + h.subjects + h.indicators + h.factors,
             sizeof(std::uint32_t), h.at_strings) &&
        fits(h.at_strings, h.strings + 1, sizeof(std::uint32_t), h.at_chars) &&
        fits(h.at_chars, h.string_bytes, 1, h.at_rows) && h.at_schools == sizeof(Header) &&
        h.at_rows % alignof(ResultRow) == 0 &&
        h.rows == (h.file_bytes - h.at_rows) / sizeof(ResultRow)))
    return no("разметка разделов неверна");
  if (hash_bytes(base + h.at_schools, h.at_rows - h.at_schools, kFormat) != h.meta_hash)
    return no("служебные разделы повреждены");

  auto schools = reinterpret_cast<const SchoolRec*>(base + h.at_schools);
  auto slices = reinterpret_cast<const SliceRec*>(base + h.at_slices);
  auto context = reinterpret_cast<const Snapshot::ContextValue*>(base + h.at_context);
  auto risk = reinterpret_cast<const Snapshot::RiskValue*>(base + h.at_risk);
  auto names = reinterpret_cast<const std::uint32_t*>(base + h.at_names);
  auto offsets = reinterpret_cast<const std::uint32_t*>(base + h.at_strings);
  auto chars = reinterpret_cast<const char*>(base + h.at_chars);
  auto rows = reinterpret_cast<const ResultRow*>(base + h.at_rows);
  // The hashes hold, so the structure is the one written; the bounds are checked anyway, so a
  // bug can never read outside the file.
  auto text = [&](std::uint32_t id, std::string_view& out) {
    if (id >= h.strings || offsets[id] > offsets[id + 1] || offsets[id + 1] > h.string_bytes)
      return false;
    out = std::string_view(chars + offsets[id], offsets[id + 1] - offsets[id]);
    return true;
  };

  auto s = std::unique_ptr<Snapshot>(new Snapshot());
  const bool all = whole_country(r);
  Snapshot::Interned territories, regions;
  std::vector<char> proc_seen(h.procedures), subj_seen(h.subjects), ind_seen(h.indicators),
      fac_seen(h.factors);
  s->store_ids_.reserve(h.schools);
  for (auto* v : {&s->logins_, &s->names_, &s->kinds_, &s->localities_}) v->reserve(h.schools);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> to_check;  // per school: its slices read
  to_check.reserve(h.schools);
  for (std::uint64_t i = 0; i < h.schools; ++i) {
    const auto& rec = schools[i];
    const auto& next = schools[i + 1];
    std::string_view territory, login, name, kind, locality;
    if (!text(rec.territory, territory)) return no("неверная ссылка на строку");
    if (!all && std::none_of(r.territories.begin(), r.territories.end(),
                             [&](const std::string& t) { return in_subtree(territory, t); }))
      continue;
    if (!text(rec.login, login) || !text(rec.name, name) || !text(rec.kind, kind) ||
        !text(rec.locality, locality))
      return no("неверная ссылка на строку");
    if (rec.slice_begin > next.slice_begin || next.slice_begin > h.slices ||
        rec.context_begin > next.context_begin || next.context_begin > h.context ||
        rec.risk_begin > next.risk_begin || next.risk_begin > h.risk)
      return no("неверные границы школы");
    // Lookups by store id are binary searches: the order must hold.
    if (!s->store_ids_.empty() && rec.store_id <= s->store_ids_.back())
      return no("школы не в порядке номеров");
    s->store_ids_.push_back(rec.store_id);
    // Views into the mapping: no copy of a school's texts.
    s->logins_.push_back(login);
    s->names_.push_back(name);
    s->territory_.push_back(territories.intern(territory));
    s->region_.push_back(regions.intern(territory.substr(0, territory.find('/'))));
    s->kinds_.push_back(kind);
    s->localities_.push_back(locality);
    s->students_.push_back(rec.students);

    // The requested years: one contiguous run of the school's year slices (checked below).
    std::uint32_t begin = 0, end = 0, first_slice = 0, last_slice = 0;
    bool any = false;
    for (auto j = rec.slice_begin; j < next.slice_begin; ++j) {
      const auto& sl = slices[j];
      if ((r.first_year && sl.year < r.first_year) || (r.last_year && sl.year > r.last_year))
        continue;
      if (sl.row_begin > sl.row_end || sl.row_end > h.rows || (any && sl.row_begin != end))
        return no("неверные границы года");
      if (!any) begin = sl.row_begin, first_slice = j;
      end = sl.row_end;
      last_slice = j + 1;
      any = true;
    }
    to_check.push_back({first_slice, last_slice});
    s->row_begin_.push_back(begin);
    s->row_end_.push_back(end);
    s->row_count_ += end - begin;

    // Observations and risk levels stay in the mapping too: the school's range of each
    // (their codes are checked below, with the rows).
    s->context_begin_.push_back(rec.context_begin);
    s->context_end_.push_back(next.context_begin);
    s->risk_begin_.push_back(rec.risk_begin);
    s->risk_end_.push_back(next.risk_begin);
  }
  s->context_data_ = context;
  s->risk_data_ = risk;
  s->territory_names_ = std::move(territories.names);
  s->region_names_ = std::move(regions.names);

  // The rows of the requested years against their hashes, and the codes of those rows and of
  // the schools' observations and risk levels: the bulk of a read (every byte of those years
  // is read once), so spread over threads, each with its own seen-flags.
  constexpr std::size_t kSchoolsPerItem = 2048;
  const unsigned workers = std::min(default_jobs(), 4u);
  struct Seen {
    std::vector<char> procedures, subjects, indicators, factors;
  };
  std::vector<Seen> seen(workers, Seen{std::vector<char>(h.procedures),
                                       std::vector<char>(h.subjects),
                                       std::vector<char>(h.indicators),
                                       std::vector<char>(h.factors)});
  enum Damage : int { kNone, kRows, kResultCode, kIndicator, kFactor };
  std::atomic<int> damage{kNone};
  auto check_school = [&](Seen& mine, std::size_t i) -> Damage {
    for (auto j = to_check[i].first; j < to_check[i].second; ++j) {
      const auto& sl = slices[j];
      auto n = sl.row_end - sl.row_begin;
      if (hash_bytes(rows + sl.row_begin, n * sizeof(ResultRow), j) != sl.hash) return kRows;
      for (auto k = sl.row_begin; k < sl.row_end; ++k) {
        if (rows[k].procedure >= h.procedures || rows[k].subject >= h.subjects)
          return kResultCode;
        mine.procedures[rows[k].procedure] = mine.subjects[rows[k].subject] = 1;
      }
    }
    for (auto k = s->context_begin_[i]; k < s->context_end_[i]; ++k) {
      if (context[k].indicator < 0 || std::uint64_t(context[k].indicator) >= h.indicators)
        return kIndicator;
      mine.indicators[context[k].indicator] = 1;
    }
    for (auto k = s->risk_begin_[i]; k < s->risk_end_[i]; ++k) {
      if (risk[k].factor < 0 || std::uint64_t(risk[k].factor) >= h.factors) return kFactor;
      mine.factors[risk[k].factor] = 1;
    }
    return kNone;
  };
  parallel_for((to_check.size() + kSchoolsPerItem - 1) / kSchoolsPerItem, workers,
               [&](unsigned w, std::size_t item) {
                 auto last = std::min(to_check.size(), (item + 1) * kSchoolsPerItem);
                 for (auto i = item * kSchoolsPerItem; i < last && damage == kNone; ++i)
                   if (auto d = check_school(seen[w], i); d != kNone) damage = d;
               });
  switch (damage.load()) {
    case kRows: return no("строки результатов повреждены");
    case kResultCode: return no("неверный код процедуры или предмета");
    case kIndicator: return no("неверный код показателя");
    case kFactor: return no("неверный код фактора");
    default: break;
  }
  for (const auto& mine : seen)
    for (auto [all, part] : {std::pair{&proc_seen, &mine.procedures},
                             std::pair{&subj_seen, &mine.subjects},
                             std::pair{&ind_seen, &mine.indicators},
                             std::pair{&fac_seen, &mine.factors}})
      for (std::size_t k = 0; k < all->size(); ++k) (*all)[k] |= (*part)[k];

  // The cache's ids are the whole country's; a name is found only when the requested rows use
  // it, as in a snapshot read from the store (a criterion tells "no such procedure here").
  const std::uint32_t* list = names;
  for (auto [target, count, seen] :
       {std::tuple{&s->procedures_, h.procedures, &proc_seen},
        std::tuple{&s->subjects_, h.subjects, &subj_seen},
        std::tuple{&s->indicators_, h.indicators, &ind_seen},
        std::tuple{&s->factors_, h.factors, &fac_seen}}) {
    for (std::uint64_t k = 0; k < count; ++k) {
      std::string_view name;
      if (!text(list[k], name)) return no("неверная ссылка на строку");
      target->names.emplace_back(name);
      if ((*seen)[k]) target->ids.emplace(std::string(name), int(k));
    }
    list += count;
  }
  s->rows_data_ = rows;
  s->mapping_ = std::move(map);
  return s;
}

std::unique_ptr<Snapshot> SnapshotFile::load(sqlite3* db, const SnapshotRequest& request) {
  // Only a file store opened through Db (whose writes keep the data version) has a cache.
  if (!snapshot_cache_enabled() || !data_version_tracked(db)) return nullptr;
  auto file = snapshot_cache_path(db);
  if (file.empty()) return nullptr;
  auto version = data_version(db);
  int schema = schema_of(db);
  if (version.empty() || schema < 0) return nullptr;

  std::string why;
  if (auto s = read(file, version, schema, request, &why)) return s;

  // Missing, stale or unsound: build it from the store, in the caller's transaction.
  auto dir = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  if (::access(dir.c_str(), W_OK) != 0) {
    notice("кэш снимка данных «" + file.string() + "» не записан: нет права записи в каталог");
    return nullptr;
  }
  try {
    auto full = std::unique_ptr<Snapshot>(new Snapshot());
    full->load_direct(db, SnapshotRequest{});
    write(*full, file, version, schema);
  } catch (const std::exception& e) {
    notice(std::string("кэш снимка данных не записан: ") + e.what());
    return nullptr;
  }
  return read(file, version, schema, request, &why);
}

}  // namespace opora::host
