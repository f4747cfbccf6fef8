// Named parameters of an item (criterion thresholds, indicator arguments) with their defaults.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace opora {

using ParamValue = std::variant<double, std::string, bool>;

class Params {
 public:
  void set(std::string name, ParamValue v) { values_[std::move(name)] = std::move(v); }
  bool has(std::string_view name) const { return values_.find(name) != values_.end(); }

  double number(std::string_view name, double fallback) const {
    auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    if (auto d = std::get_if<double>(&it->second)) return *d;
    if (auto b = std::get_if<bool>(&it->second)) return *b ? 1.0 : 0.0;
    return fallback;
  }
  std::string text(std::string_view name, std::string fallback = {}) const {
    auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    if (auto s = std::get_if<std::string>(&it->second)) return *s;
    return fallback;
  }
  const std::map<std::string, ParamValue, std::less<>>& all() const { return values_; }

 private:
  std::map<std::string, ParamValue, std::less<>> values_;
};

}  // namespace opora
