#include "engine/rule_diff.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "util/fingerprint.hpp"
#include "util/number.hpp"

namespace opora::host {

bool IdentificationDiff::same_categories() const {
  return std::all_of(categories.begin(), categories.end(),
                     [](const CategoryChange& c) { return c.entered.empty() && c.left.empty(); });
}

std::string category_explanation(const SchoolOutcome& s, const std::string& category) {
  bool flagged = std::find(s.categories.begin(), s.categories.end(), category) != s.categories.end();
  std::vector<const CriterionVerdict*> of;
  for (const auto& v : s.verdicts)
    if (v.category == category && (!flagged || v.verdict.flagged)) of.push_back(&v);
  std::string out;
  for (const auto* v : of) {
    if (!out.empty()) out += "; ";
    // With several criteria in one category the reader needs to know which one says what.
    if (of.size() > 1) out += v->criterion + ": ";
    out += v->verdict.explanation;
  }
  return out;
}

namespace {

std::string verdict_text(const CriterionVerdict& v) {
  return std::string(v.verdict.flagged ? "ДА" : "нет") + " (" + number_text(v.verdict.score) +
         "): " + v.verdict.explanation;
}

bool same_verdict(const Verdict& a, const Verdict& b) {
  return a.flagged == b.flagged && a.score == b.score && a.explanation == b.explanation;
}

}  // namespace

IdentificationDiff compare_identifications(const Identification& a, const Identification& b,
                                           const std::vector<std::string>& category_order) {
  IdentificationDiff out;
  std::map<SchoolIndex, const SchoolOutcome*> in_b;
  for (const auto& s : b.schools) in_b[s.school] = &s;
  std::set<std::string> codes;
  for (const auto* side : {&a, &b})
    for (const auto& s : side->schools)
      for (const auto& v : s.verdicts) codes.insert(v.category);
  std::vector<std::string> ordered;
  for (const auto& c : category_order)
    if (codes.erase(c)) ordered.push_back(c);
  ordered.insert(ordered.end(), codes.begin(), codes.end());

  static const SchoolOutcome none{};
  for (const auto& code : ordered) {
    CategoryChange c{code, {}, {}, {}};
    for (const auto& sa : a.schools) {
      auto it = in_b.find(sa.school);
      const SchoolOutcome& sb = it == in_b.end() ? none : *it->second;
      auto has = [&](const SchoolOutcome& s) {
        return std::find(s.categories.begin(), s.categories.end(), code) != s.categories.end();
      };
      bool was = has(sa), is = it != in_b.end() && has(sb);
      if (!was && !is) continue;
      SchoolChange ch{sa.school, category_explanation(sa, code),
                      it == in_b.end() ? std::string() : category_explanation(sb, code)};
      (was && is ? c.stayed : was ? c.left : c.entered).push_back(std::move(ch));
    }
    out.categories.push_back(std::move(c));
  }

  for (const auto& sa : a.schools) {
    auto it = in_b.find(sa.school);
    const SchoolOutcome& sb = it == in_b.end() ? none : *it->second;
    std::map<std::string, const CriterionVerdict*> vb;
    for (const auto& v : sb.verdicts) vb[v.criterion] = &v;
    for (const auto& v : sa.verdicts) {
      auto f = vb.find(v.criterion);
      if (f == vb.end())
        out.verdicts.push_back({sa.school, v.criterion, verdict_text(v), ""});
      else if (!same_verdict(v.verdict, f->second->verdict))
        out.verdicts.push_back({sa.school, v.criterion, verdict_text(v), verdict_text(*f->second)});
      if (f != vb.end()) vb.erase(f);
    }
    for (const auto& [id, v] : vb) out.verdicts.push_back({sa.school, id, "", verdict_text(*v)});
  }
  return out;
}

namespace {

std::string value_text(const nlohmann::json& v) {
  if (v.is_number()) return number_text(v.get<double>());
  if (v.is_string()) return "«" + v.get<std::string>() + "»";
  return v.dump();
}

// "fail_share 0.3 → 0.25, min_works 2 → 3"; "" when the parameters are the same.
std::string param_changes(const nlohmann::json& a, const nlohmann::json& b) {
  std::set<std::string> keys;
  for (const auto* side : {&a, &b})
    if (side->is_object())
      for (const auto& [k, v] : side->items()) keys.insert(k);
  std::string out;
  for (const auto& k : keys) {
    auto va = a.is_object() && a.contains(k) ? a[k] : nlohmann::json();
    auto vb = b.is_object() && b.contains(k) ? b[k] : nlohmann::json();
    if (va == vb) continue;
    if (!out.empty()) out += ", ";
    out += k + " " + (va.is_null() ? "—" : value_text(va)) + " → " +
           (vb.is_null() ? "—" : value_text(vb));
  }
  return out;
}

// A package origin without the scripts tree's own folder name ("scripts/federal/x.lua:3" →
// "federal/x.lua:3"): two trees compared, or a copy of one, are the same rules where their files
// are. Plugin origins ("плагин fioko 1.0.0") stay as they are.
std::string origin_of(const nlohmann::json& rule) {
  auto o = rule.value("origin", "");
  auto slash = o.find('/');
  if (o.find(".lua:") == std::string::npos || slash == std::string::npos) return o;
  return o.substr(slash + 1);
}

// The rule key ("criterion@origin[ territory]") with the origin as origin_of() gives it.
std::string key_of(const std::string& key, const nlohmann::json& rule) {
  auto head = rule.value("criterion", key) + "@" + rule.value("origin", "");
  auto tail = key.starts_with(head) ? key.substr(head.size()) : std::string();
  return rule.value("criterion", key) + "@" + origin_of(rule) + tail;
}

nlohmann::json without_tree(nlohmann::json rule) {
  if (rule.is_object()) rule["origin"] = origin_of(rule);
  return rule;
}

}  // namespace

std::string ruleset_fingerprint(const nlohmann::json& ruleset) {
  nlohmann::json same = nlohmann::json::object();
  for (const auto& [key, r] : ruleset.items()) same[key_of(key, r)] = without_tree(r);
  return fingerprint_hex(same.dump());
}

std::vector<RuleChange> compare_rulesets(const nlohmann::json& a, const nlohmann::json& b) {
  // By criterion id: one criterion may run from several origins (a municipality's override).
  std::map<std::string, std::vector<std::pair<std::string, nlohmann::json>>> ra, rb;
  for (const auto& [key, r] : a.items())
    ra[r.value("criterion", key)].emplace_back(key_of(key, r), without_tree(r));
  for (const auto& [key, r] : b.items())
    rb[r.value("criterion", key)].emplace_back(key_of(key, r), without_tree(r));
  for (auto* side : {&ra, &rb})
    for (auto& [id, list] : *side) std::sort(list.begin(), list.end());
  std::set<std::string> ids;
  for (const auto& [id, v] : ra) ids.insert(id);
  for (const auto& [id, v] : rb) ids.insert(id);
  std::vector<RuleChange> out;
  std::map<std::string, std::vector<std::string>> text_changed;  // package folder → criteria
  for (const auto& id : ids) {
    const auto& xa = ra[id];
    const auto& xb = rb[id];
    if (xa == xb) continue;
    std::string text = "критерий " + id + ": ";
    if (xa.empty()) {
      text += "добавлен (" + xb.front().second.value("origin", "") + ")";
    } else if (xb.empty()) {
      text += "удалён (был " + xa.front().second.value("origin", "") + ")";
    } else {
      std::vector<std::string> parts;
      auto oa = xa.front().second.value("origin", ""), ob = xb.front().second.value("origin", "");
      if (oa != ob) parts.push_back("источник " + oa + " → " + ob);
      auto ca = xa.front().second.value("category", ""), cb = xb.front().second.value("category", "");
      if (ca != cb) parts.push_back("категория " + ca + " → " + cb);
      // A package's text is one fingerprint for all its rules: said once per package, below.
      auto sa = xa.front().second.value("source", ""), sb = xb.front().second.value("source", "");
      if (sa != sb) {
        auto file = ob.substr(0, ob.rfind(':'));
        text_changed[file.substr(0, file.rfind('/'))].push_back(id);
      }
      // Parameters as the schools of each origin ran them, origin by origin where both have it.
      std::map<std::string, nlohmann::json> pb;
      for (const auto& [k, r] : xb) pb[k] = r.value("params", nlohmann::json());
      for (const auto& [k, r] : xa) {
        auto it = pb.find(k);
        const auto& other = it != pb.end() ? it->second : xb.front().second["params"];
        auto p = param_changes(r.value("params", nlohmann::json()), other);
        if (!p.empty() && std::find(parts.begin(), parts.end(), p) == parts.end())
          parts.push_back(p);
      }
      if (xa.size() != xb.size())
        parts.push_back("источников " + std::to_string(xa.size()) + " → " +
                        std::to_string(xb.size()));
      if (parts.empty() && sa != sb) continue;  // only the package's text: its line below
      if (parts.empty()) parts.push_back("изменены параметры");
      for (std::size_t i = 0; i < parts.size(); ++i) text += (i ? "; " : "") + parts[i];
    }
    out.push_back({id, text});
  }
  for (const auto& [package, criteria] : text_changed) {
    std::string list;
    for (const auto& c : criteria) list += (list.empty() ? "" : ", ") + c;
    out.push_back({"", "пакет " + package + ": изменён текст правил (критерии " + list + ")"});
  }
  return out;
}

}  // namespace opora::host
