// The one vocabulary of assessment procedures and subjects. Every importer writes, and every
// criterion lookup reads, the canonical names (ВПР, ОГЭ, ЕГЭ; subjects as ФИС ОКО names them),
// so the same numbers are read the same way whatever a file called them: "VPR", "впр" and
// "ВПР" with a Latin В are one procedure; "ru" and «русский язык» one subject. A name that is
// neither canonical nor a known alias is refused by the importers, not stored as a new term.
//
//   Vocabulary v = Vocabulary::standard();
//   v.add_procedure("КДР", {"KDR"});          // a region's own procedure, declared by a package
//   v.procedure("kdr")  -> "КДР";  v.procedure("XYZ-2022") -> nullopt
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace opora::host {

// The comparison key of a name: trimmed, lower case, ё → е, quote marks dropped, inner spaces
// collapsed (header_key), and Latin letters that look like Cyrillic ones (A, B, E, K, M, H, O,
// P, C, T, X, Y and a, e, o, p, c, x, y) read as the Cyrillic letter, so a mixed-script
// "BПP" matches "ВПР".
std::string term_key(std::string_view name);

class Vocabulary {
 public:
  // The canonical procedures and subjects with their aliases (the table in vocabulary.cpp).
  static Vocabulary standard();

  // Adds a term (or aliases of an existing one). Returns "" or the Russian reason it was not
  // added: an alias already meaning another term.
  std::string add_procedure(std::string_view name, const std::vector<std::string>& aliases = {});
  std::string add_subject(std::string_view name, const std::vector<std::string>& aliases = {});

  // The canonical name for what a file or a script wrote; nullopt when unknown.
  std::optional<std::string_view> procedure(std::string_view text) const;
  std::optional<std::string_view> subject(std::string_view text) const;

  // Canonical names in registration order, for messages: "ВПР, ОГЭ, ЕГЭ, ...".
  std::string procedure_list() const;
  std::string subject_list() const;

 private:
  struct Terms {
    std::vector<std::string> names;                       // canonical, in order
    std::unordered_map<std::string, std::size_t> by_key;  // term_key of name or alias → index
    std::string add(std::string_view name, const std::vector<std::string>& aliases,
                    std::string_view what);
    std::optional<std::string_view> find(std::string_view text) const;
    std::string list() const;
  };
  Terms procedures_, subjects_;
};

// The standard vocabulary, built once (criteria lookups use it to read "VPR" as ВПР).
const Vocabulary& standard_vocabulary();

}  // namespace opora::host
