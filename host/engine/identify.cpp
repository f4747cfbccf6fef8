#include "engine/identify.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <stdexcept>

#include "engine/params_json.hpp"
#include "engine/rule_diff.hpp"
#include "util/fingerprint.hpp"
#include "util/json_text.hpp"
#include "util/parallel.hpp"

namespace opora::host {

namespace {

struct RunKey {
  const Criterion* criterion;
  std::string region;
  std::string params;
  bool operator<(const RunKey& o) const {
    return std::tie(criterion, region, params) < std::tie(o.criterion, o.region, o.params);
  }
};

}  // namespace

namespace {

// A rule that failed within one part of the run, at `failed_at` (`order`: its position among
// that school's criteria), and the part's schools it then gave no verdict for.
struct PartFailure {
  std::string rule_key, criterion, origin, error;
  SchoolIndex failed_at = 0;
  std::size_t order = 0;
  std::vector<SchoolIndex> schools;
};

// What one part of a run (the schools of one region) gave, before the parts are merged.
struct Part {
  std::vector<SchoolOutcome> schools;
  // The rule key of each verdict, per school: into rule_keys (a deque: its keys never move,
  // also when the part is moved), one string per rule and territory, not per verdict.
  std::vector<std::vector<const std::string*>> verdict_rules;
  std::deque<std::string> rule_keys;
  std::vector<PartFailure> failures;
  nlohmann::json rules = nlohmann::json::object();
};

// A started criterion run and, when the criterion has a batch form, the verdicts it gave for
// every school of its population (explanations still to be asked for).
struct StartedRun {
  std::unique_ptr<CriterionRun> run;
  std::vector<Verdict> batch;
  bool batched = false;
};

Part identify_part(const Catalog& catalog, const Snapshot& data,
                   const std::vector<SchoolIndex>& schools, int year,
                   const std::vector<std::uint32_t>& population_position,
                   const IdentifyOptions& options) {
  Part out;
  // What a territory runs: its effective criteria with merged parameters. Computed once per
  // level its chain last declares anything at (a country's municipalities mostly run their
  // region's or the federal rules), then shared by every territory meeting that level.
  struct Prepared {
    const Entry<Criterion>* entry;
    Params params;
    nlohmann::json params_json;
    std::string params_key;
    std::string id, category;  // the criterion's, asked once (virtual, guarded for a plugin)
    std::string rule_key;      // criterion@origin
    bool own_params = false;   // parameters other than the declaring package's (configure{})
    std::string config_problem;  // a configure{} the rule cannot use: the criterion fails with it
  };
  struct Rules {
    Effective effective;  // the entries the criteria point to
    std::vector<Prepared> criteria;
  };
  struct Plan {
    const Rules* rules;
    std::vector<const std::string*> rule_keys;  // per criterion: its key in this territory
    // per criterion: its started run for this territory's region (found once, not per school)
    std::vector<StartedRun*> started;
  };
  const auto levels = catalog.levels();
  std::map<std::string, std::unique_ptr<Rules>, std::less<>> rules_at;
  std::map<std::string, Plan, std::less<>> plans;
  // One started run per (criterion, region, parameters): prepare() runs once.
  std::map<RunKey, StartedRun> runs;
  // rule key → its entry in out.failures
  std::map<std::string, std::size_t> failed;
  // The parameters a criterion has in the package that declares it (cached by rule key).
  std::map<std::string, nlohmann::json> declared;
  auto declared_params = [&](const Entry<Criterion>& entry) -> const nlohmann::json& {
    auto key = entry.item->id() + "@" + entry.origin.where;
    auto it = declared.find(key);
    if (it != declared.end()) return it->second;
    nlohmann::json pjson;
    Effective at = catalog.effective(entry.territory);
    for (const auto& c : at.criteria)
      if (c.item->id() == entry.item->id()) pjson = params_to_json(at.params_for(c));
    return declared.emplace(key, std::move(pjson)).first->second;
  };
  auto rules_for = [&](std::string_view t) -> const Rules& {
    std::string level = "federal";
    for (auto& l : Catalog::chain_of(t))
      if (levels.contains(l)) level = std::move(l);
    auto it = rules_at.find(level);
    if (it != rules_at.end()) return *it->second;
    auto rules = std::make_unique<Rules>();
    rules->effective = catalog.effective(level);
    const auto& effective = rules->effective;
    for (const auto& entry : effective.criteria) {
      Params params = effective.params_for(entry);
      auto pjson = params_to_json(params);
      bool own = pjson != declared_params(entry);
      auto key = pjson.dump();
      auto id = entry.item->id();
      auto rule_key = id + "@" + entry.origin.where;
      rules->criteria.push_back({&entry, std::move(params), std::move(pjson), std::move(key),
                                 std::move(id), entry.item->category(), std::move(rule_key), own,
                                 override_problem(effective, entry)});
    }
    return *rules_at.emplace(std::move(level), std::move(rules)).first->second;
  };

  for (auto school : schools) {
    auto t = data.territory_of(school);
    auto plan_it = plans.find(t);
    if (plan_it == plans.end()) {
      Plan plan{&rules_for(t), {}, {}};
      for (const auto& c : plan.rules->criteria) {
        // A configure{} below the declaring package gives the same rule other parameters: its
        // own item in the rule set (keyed by the territory whose effective parameters differ),
        // so the rule set and its hash change when any territory's parameters do. Decided
        // against the declaring territory's own parameters, not the first school seen, so the
        // keys are the same however the schools are split between workers.
        auto rule_key = c.own_params ? c.rule_key + " " + std::string(t) : c.rule_key;
        if (!out.rules.contains(rule_key)) {
          auto& rule = out.rules[rule_key] = {{"criterion", c.id},
                                              {"category", c.category},
                                              {"origin", c.entry->origin.where},
                                              {"territory", c.entry->territory},
                                              {"params", c.params_json}};
          // The rule's code: a changed package text is a changed rule even with equal
          // parameters.
          if (!c.entry->origin.source.empty()) rule["source"] = c.entry->origin.source;
        }
        plan.rule_keys.push_back(&out.rule_keys.emplace_back(std::move(rule_key)));
      }
      plan.started.assign(plan.rules->criteria.size(), nullptr);
      plan_it = plans.emplace(std::string(t), std::move(plan)).first;
    }

    SchoolOutcome outcome{school, {}, {}};
    std::vector<const std::string*> rules;
    // Verdicts a batch gave without an explanation: (verdict position, criterion order, run).
    struct Unexplained {
      std::size_t verdict, order;
      CriterionRun* run;
    };
    std::vector<Unexplained> unexplained;
    const auto& criteria = plan_it->second.rules->criteria;
    const auto& rule_keys = plan_it->second.rule_keys;
    auto& started_runs = plan_it->second.started;
    // A failing criterion is named and skipped; the rest of the run goes on.
    auto fail = [&](std::size_t k, const char* what) {
      const auto& c = criteria[k];
      failed.emplace(*rule_keys[k], out.failures.size());
      out.failures.push_back({*rule_keys[k], c.id, c.entry->origin.where, what,
                              school, k, {school}});
    };
    for (std::size_t k = 0; k < criteria.size(); ++k) {
      const auto& c = criteria[k];
      const auto& item = *c.entry->item;
      if (auto f = failed.find(*rule_keys[k]); f != failed.end()) {
        out.failures[f->second].schools.push_back(school);
        continue;
      }
      try {
        if (!c.config_problem.empty()) throw std::runtime_error(c.config_problem);
        if (!started_runs[k]) {
          // A territory lies in one region: its run of criterion k is the region's run with
          // these parameters, shared with the region's other territories of equal parameters.
          RunKey key{&item, std::string(data.region_of(school)), c.params_key};
          auto run_it = runs.find(key);
          if (run_it == runs.end()) {
            auto population = data.region_population(key.region);
            RunContext ctx{data, year, key.region, population};
            StartedRun started{item.start(ctx, c.params), {}, false};
            if (options.batch) {
              started.batch.resize(population.size());
              started.batched = started.run->evaluate_all(started.batch);
              if (!started.batched) started.batch.clear();
            }
            run_it = runs.emplace(key, std::move(started)).first;
          }
          started_runs[k] = &run_it->second;
        }
        auto& started = *started_runs[k];
        Verdict v = started.batched ? started.batch[population_position[school]]
                                    : started.run->evaluate(school);
        if (started.batched && v.explanation.empty())
          unexplained.push_back({outcome.verdicts.size(), k, started.run.get()});
        outcome.verdicts.push_back({c.id, c.category, std::move(v)});
        rules.push_back(rule_keys[k]);
      } catch (const std::exception& e) {
        fail(k, e.what());
      }
    }
    // Explanations of batch verdicts, only where they are shown: a school flagged into any
    // category shows all its verdicts; with explain_all, every school.
    bool shown = options.explain_all ||
                 std::any_of(outcome.verdicts.begin(), outcome.verdicts.end(),
                             [](const CriterionVerdict& v) { return v.verdict.flagged; });
    if (shown && !unexplained.empty()) {
      std::vector<bool> drop(outcome.verdicts.size(), false);
      for (const auto& u : unexplained) {
        try {
          outcome.verdicts[u.verdict].verdict.explanation = u.run->explain(school);
        } catch (const std::exception& e) {
          // Like a failure in evaluate: this school and the rule's later ones get no verdict.
          drop[u.verdict] = true;
          fail(u.order, e.what());
        }
      }
      for (std::size_t i = outcome.verdicts.size(); i-- > 0;)
        if (drop[i]) {
          outcome.verdicts.erase(outcome.verdicts.begin() + std::ptrdiff_t(i));
          rules.erase(rules.begin() + std::ptrdiff_t(i));
        }
    }
    out.schools.push_back(std::move(outcome));
    out.verdict_rules.push_back(std::move(rules));
  }
  return out;
}

// Codes of the flagged categories, in criterion order, each once.
void set_categories(SchoolOutcome& s) {
  s.categories.clear();
  for (const auto& v : s.verdicts)
    if (v.verdict.flagged &&
        std::find(s.categories.begin(), s.categories.end(), v.category) == s.categories.end())
      s.categories.push_back(v.category);
}

}  // namespace

Identification identify(const std::vector<const Catalog*>& catalogs, const Snapshot& data,
                        std::string_view territory, int year, const IdentifyOptions& options) {
  if (catalogs.empty()) throw std::logic_error("identify: no catalog");
  Identification out;
  out.territory = std::string(territory);
  out.year = year;
  auto targets = data.schools_in(territory);
  std::vector<std::size_t> position(data.school_count(), 0);
  for (std::size_t i = 0; i < targets.size(); ++i) position[targets[i]] = i;
  // Each school's place in its region's population: where a batch verdict of it is.
  std::vector<std::uint32_t> population_position(data.school_count(), 0);
  for (auto region : data.regions()) {
    auto population = data.region_population(region);
    for (std::size_t i = 0; i < population.size(); ++i)
      population_position[population[i]] = std::uint32_t(i);
  }

  // Parts are regions: a criterion's territory-wide statistics are per region, so a region's
  // schools are judged exactly as in one pass over the country.
  std::map<std::string_view, std::vector<SchoolIndex>> by_region;
  for (auto s : targets) by_region[data.region_of(s)].push_back(s);
  std::vector<const std::vector<SchoolIndex>*> regions;
  for (const auto& [r, list] : by_region) regions.push_back(&list);
  std::vector<Part> parts(regions.size());
  parallel_for(regions.size(), unsigned(catalogs.size()), [&](unsigned w, std::size_t i) {
    parts[i] = identify_part(*catalogs[w], data, *regions[i], year, population_position, options);
  });

  // Merged as one pass in school order would have run: a rule that failed is not run again, so
  // its first failure (the earliest school) leaves every later school of the rule without a
  // verdict, in whichever part it was judged.
  std::map<std::string, const PartFailure*> first;
  auto earlier = [&](const PartFailure& a, const PartFailure& b) {
    return std::pair(position[a.failed_at], a.order) < std::pair(position[b.failed_at], b.order);
  };
  for (const auto& p : parts)
    for (const auto& f : p.failures)
      if (auto& best = first[f.rule_key]; !best || earlier(f, *best)) best = &f;
  std::vector<const PartFailure*> failures;
  for (const auto& [rule, f] : first) failures.push_back(f);
  std::sort(failures.begin(), failures.end(),
            [&](const PartFailure* a, const PartFailure* b) { return earlier(*a, *b); });
  std::map<std::string, std::size_t> failure_of;  // rule key → index in out.failures
  for (const auto* f : failures) {
    failure_of[f->rule_key] = out.failures.size();
    out.failures.push_back({f->criterion, f->origin, f->error, f->failed_at, {}});
    out.errors.push_back("критерий " + f->criterion + " (" + f->origin + "): " + f->error);
  }
  // Rules each school got no verdict from in its part (failed there or after).
  std::set<std::pair<SchoolIndex, std::string>> missing;
  for (const auto& p : parts)
    for (const auto& f : p.failures)
      for (auto s : f.schools) missing.insert({s, f.rule_key});

  struct Placed {
    SchoolOutcome* outcome;
    const std::vector<const std::string*>* rules;
  };
  std::vector<Placed> ordered(targets.size());
  out.schools.reserve(targets.size());
  for (auto& p : parts)
    for (std::size_t i = 0; i < p.schools.size(); ++i)
      ordered[position[p.schools[i].school]] = {&p.schools[i], &p.verdict_rules[i]};
  for (std::size_t pos = 0; pos < ordered.size(); ++pos) {
    auto& s = *ordered[pos].outcome;
    const auto& rules = *ordered[pos].rules;
    auto failed_before = [&](const std::string& rule) {
      auto it = failure_of.find(rule);
      return it != failure_of.end() && position[out.failures[it->second].failed_at] <= pos
                 ? &out.failures[it->second]
                 : nullptr;
    };
    if (failure_of.empty()) {  // every rule gave every school its verdict: nothing to sort out
      set_categories(s);
      out.schools.push_back(std::move(s));
      continue;
    }
    // Every rule of the school in its criterion order: verdicts kept, or the school listed.
    std::vector<CriterionVerdict> kept;
    std::set<std::string> listed;
    for (std::size_t k = 0; k < s.verdicts.size(); ++k) {
      if (auto* f = failed_before(*rules[k])) {
        f->schools.push_back(s.school);
        listed.insert(*rules[k]);
      } else {
        kept.push_back(std::move(s.verdicts[k]));
      }
    }
    for (auto it = missing.lower_bound({s.school, ""});
         it != missing.end() && it->first == s.school; ++it)
      if (!listed.count(it->second))
        if (auto* f = failed_before(it->second)) f->schools.push_back(s.school);
    s.verdicts = std::move(kept);
    set_categories(s);
    out.schools.push_back(std::move(s));
  }
  nlohmann::json rules = nlohmann::json::object();
  for (auto& p : parts)
    for (auto& [k, v] : p.rules.items())
      if (!rules.contains(k)) rules[k] = std::move(v);
  out.ruleset = std::move(rules);
  out.ruleset_hash = ruleset_fingerprint(out.ruleset);
  return out;
}

Identification identify(const Catalog& catalog, const Snapshot& data, std::string_view territory,
                        int year, const IdentifyOptions& options) {
  return identify(std::vector<const Catalog*>{&catalog}, data, territory, year, options);
}

std::vector<std::string> batch_differences(const Identification& batched,
                                           const Identification& per_school, const Snapshot& data) {
  std::vector<std::string> out;
  std::map<std::pair<SchoolIndex, std::string>, const Verdict*> theirs;
  for (const auto& s : per_school.schools)
    for (const auto& v : s.verdicts) theirs[{s.school, v.criterion}] = &v.verdict;
  auto number = [](double x) { return nlohmann::json(x).dump(); };
  for (const auto& s : batched.schools)
    for (const auto& v : s.verdicts) {
      auto where = "критерий " + v.criterion + ", школа " + std::string(data.school(s.school).login) +
                   ": evaluate_all и evaluate расходятся — ";
      auto it = theirs.find({s.school, v.criterion});
      if (it == theirs.end())
        out.push_back(where + "по одной школе вердикта нет");
      else if (it->second->flagged != v.verdict.flagged)
        out.push_back(where + "отбор " + (v.verdict.flagged ? "да" : "нет") + " и " +
                      (it->second->flagged ? "да" : "нет"));
      else if (it->second->score != v.verdict.score)
        out.push_back(where + "балл " + number(v.verdict.score) + " и " + number(it->second->score));
      else if (it->second->explanation != v.verdict.explanation)
        out.push_back(where + "пояснения «" + v.verdict.explanation + "» и «" +
                      it->second->explanation + "»");
    }
  return out;
}

std::string describe_failures(const Identification& id, const Snapshot& data,
                              std::size_t max_logins) {
  std::string out;
  for (const auto& f : id.failures) {
    out += "  критерий " + f.criterion + " (" + f.origin + "): без вердикта " +
           std::to_string(f.schools.size()) + " из " + std::to_string(id.schools.size()) +
           " школ:";
    for (std::size_t i = 0; i < f.schools.size() && i < max_logins; ++i)
      out += std::string(i ? ", " : " ") + std::string(data.school(f.schools[i]).login);
    if (f.schools.size() > max_logins)
      out += " и ещё " + std::to_string(f.schools.size() - max_logins);
    out += "; ошибка у школы " + std::string(data.school(f.failed_at).login) + ": " + f.error +
           "\n";
  }
  return out;
}

namespace {

nlohmann::json school_json(const SchoolOutcome& s, const Snapshot& data) {
  auto info = data.school(s.school);
  nlohmann::json verdicts = nlohmann::json::array();
  for (const auto& v : s.verdicts)
    verdicts.push_back({{"criterion", v.criterion},
                        {"category", v.category},
                        {"flagged", v.verdict.flagged},
                        {"score", v.verdict.score},
                        {"explanation", v.verdict.explanation}});
  return {{"login", info.login},
          {"name", info.name},
          {"territory", info.territory},
          {"categories", s.categories},
          {"verdicts", std::move(verdicts)}};
}

nlohmann::json failures_json(const Identification& id, const Snapshot& data) {
  nlohmann::json failures = nlohmann::json::array();
  for (const auto& f : id.failures) {
    nlohmann::json logins = nlohmann::json::array();
    for (auto s : f.schools) logins.push_back(std::string(data.school(s).login));
    failures.push_back({{"criterion", f.criterion},
                        {"origin", f.origin},
                        {"error", f.error},
                        {"failed_at", std::string(data.school(f.failed_at).login)},
                        {"schools", std::move(logins)}});
  }
  return failures;
}

// `v.dump(2)` as it reads nested `depth` levels deep: every line after the first indented.
void write_nested(std::ostream& out, const nlohmann::json& v, int depth) {
  auto text = v.dump(2);
  std::string pad(std::size_t(depth) * 2, ' ');
  std::size_t from = 0;
  for (auto nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
    out.write(text.data() + from, std::streamsize(nl + 1 - from));
    out << pad;
    from = nl + 1;
  }
  out.write(text.data() + from, std::streamsize(text.size() - from));
}

}  // namespace

nlohmann::json to_json(const Identification& id, const Snapshot& data, bool flagged_only) {
  nlohmann::json schools = nlohmann::json::array();
  for (const auto& s : id.schools)
    if (!flagged_only || !s.categories.empty()) schools.push_back(school_json(s, data));
  nlohmann::json j = {{"territory", id.territory}, {"year", id.year}, {"schools", std::move(schools)}};
  if (!id.errors.empty()) j["errors"] = id.errors;
  if (!id.failures.empty()) j["failures"] = failures_json(id, data);
  return j;
}

namespace {

// One school as `school_json(s, data).dump(2)` reads nested two levels deep, written straight
// into `out`: no DOM per school (a country has 18,000 flagged schools and 110,000 verdicts).
void append_school(std::string& out, const SchoolOutcome& s, const Snapshot& data) {
  auto info = data.school(s.school);
  out += "{\n      \"categories\": [";
  for (std::size_t i = 0; i < s.categories.size(); ++i) {
    out += i ? ",\n        " : "\n        ";
    append_json_string(out, s.categories[i]);
  }
  out += s.categories.empty() ? "]" : "\n      ]";
  out += ",\n      \"login\": ";
  append_json_string(out, info.login);
  out += ",\n      \"name\": ";
  append_json_string(out, info.name);
  out += ",\n      \"territory\": ";
  append_json_string(out, info.territory);
  out += ",\n      \"verdicts\": [";
  for (std::size_t i = 0; i < s.verdicts.size(); ++i) {
    const auto& v = s.verdicts[i];
    out += i ? ",\n        {\n          \"category\": " : "\n        {\n          \"category\": ";
    append_json_string(out, v.category);
    out += ",\n          \"criterion\": ";
    append_json_string(out, v.criterion);
    out += ",\n          \"explanation\": ";
    append_json_string(out, v.verdict.explanation);
    out += v.verdict.flagged ? ",\n          \"flagged\": true" : ",\n          \"flagged\": false";
    out += ",\n          \"score\": ";
    append_json_number(out, v.verdict.score);
    out += "\n        }";
  }
  out += s.verdicts.empty() ? "]\n    }" : "\n      ]\n    }";
}

}  // namespace

void write_json(std::ostream& out, const Identification& id, const Snapshot& data,
                bool flagged_only) {
  // The keys in the order a JSON object of nlohmann keeps them (sorted), so the text is
  // to_json(...).dump(2) exactly (a test compares them), written school by school.
  out << "{\n";
  if (!id.errors.empty()) {
    out << "  \"errors\": ";
    write_nested(out, id.errors, 1);
    out << ",\n";
  }
  if (!id.failures.empty()) {
    out << "  \"failures\": ";
    write_nested(out, failures_json(id, data), 1);
    out << ",\n";
  }
  out << "  \"schools\": [";
  // Blocks of schools are written into their own buffers by the machine's threads, then out in
  // order: the text of a country (50 MB with every criterion) is the one part of the command
  // left on one core otherwise. At most a few blocks' text is held at once.
  constexpr std::size_t kSchoolsPerBlock = 2048;
  const std::size_t blocks = (id.schools.size() + kSchoolsPerBlock - 1) / kSchoolsPerBlock;
  const unsigned workers = std::min(default_jobs(), 4u);
  bool first = true;
  for (std::size_t from = 0; from < blocks; from += workers) {
    std::vector<std::string> text(std::min<std::size_t>(workers, blocks - from));
    parallel_for(text.size(), workers, [&](unsigned, std::size_t k) {
      auto begin = (from + k) * kSchoolsPerBlock;
      auto end = std::min(id.schools.size(), begin + kSchoolsPerBlock);
      for (auto i = begin; i < end; ++i) {
        const auto& s = id.schools[i];
        if (flagged_only && s.categories.empty()) continue;
        text[k] += ",\n    ";
        append_school(text[k], s, data);
      }
    });
    for (const auto& t : text) {
      if (t.empty()) continue;
      // The first school of the list has no comma before it.
      std::size_t skip = first ? 1 : 0;
      out.write(t.data() + skip, std::streamsize(t.size() - skip));
      first = false;
    }
  }
  out << (first ? "]" : "\n  ]") << ",\n";
  out << "  \"territory\": " << nlohmann::json(id.territory).dump() << ",\n";
  out << "  \"year\": " << id.year << "\n}";
}

}  // namespace opora::host
