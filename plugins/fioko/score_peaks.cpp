#include "score_peaks.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "format.hpp"
#include "cells.hpp"

namespace fioko {
namespace {

using opora::plugin_util::decimal;

struct Settings {
  std::string procedure;  // "" = every procedure with student-level scores
  int min_participants;
  double peak_ratio;
  int min_excess;
  int min_boundaries;
  // Explicit boundaries by "subject grade" (folded), used when they cannot be inferred.
  std::map<std::string, std::vector<int>> boundaries;
};

// "Математика 5: 7 10 14; Русский язык 4: 14 24 33" → {"математика 5": {7, 10, 14}}.
std::map<std::string, std::vector<int>> parse_boundaries(const std::string& text) {
  std::map<std::string, std::vector<int>> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find(';', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view item(text.data() + pos, end - pos);
    pos = end + 1;
    auto colon = item.find(':');
    if (colon == std::string_view::npos) continue;
    std::vector<int> scores;
    std::string_view rest = item.substr(colon + 1);
    std::size_t i = 0;
    while (i < rest.size()) {
      auto j = rest.find_first_of(" ,", i);
      if (j == std::string_view::npos) j = rest.size();
      if (auto v = opora::plugin_util::parse_count(rest.substr(i, j - i))) scores.push_back(*v);
      i = j + 1;
    }
    if (scores.size() == 3) out[opora::plugin_util::fold(item.substr(0, colon))] = scores;
  }
  return out;
}

// Lowest primary score that received mark k (3, 4, 5): with marks monotone in the score it is
// the score at rank "number of marks below k" of the sorted scores. Needs the work's mark
// counts to describe the same students as the scores; 0 when a boundary is not defined.
std::vector<int> infer_boundaries(const opora::ResultRow& row, const std::vector<int>& sorted) {
  int total = row.marks[0] + row.marks[1] + row.marks[2] + row.marks[3];
  if (total != int(sorted.size())) return {};
  std::vector<int> b;
  int below = 0;
  for (int k = 1; k < 4; ++k) {
    below += row.marks[k - 1];
    bool defined = below > 0 && below < total && sorted[below - 1] < sorted[below];
    b.push_back(defined ? sorted[below] : 0);
  }
  return b;
}

class Run final : public opora::CriterionRun {
 public:
  Run(const opora::RunContext& ctx, Settings s) : ctx_(ctx), s_(std::move(s)) {}

  opora::Verdict evaluate(opora::SchoolIndex school) override {
    const auto& data = ctx_.data;
    int wanted = s_.procedure.empty() ? -1 : data.procedure_id(s_.procedure);
    if (!s_.procedure.empty() && wanted < 0)
      return {false, 0.0, "нет результатов процедуры " + s_.procedure + " в данных"};

    int peaks = 0, works = 0;
    std::string details;
    for (const auto& row : data.results(school)) {
      if (row.year != ctx_.year || (wanted >= 0 && row.procedure != wanted)) continue;
      auto span = data.student_scores(school, row.year, row.procedure, row.subject, row.grade);
      if (int(span.size()) < s_.min_participants) continue;
      std::vector<int> sorted(span.begin(), span.end());
      std::sort(sorted.begin(), sorted.end());
      std::string subject(data.subject_name(row.subject));
      std::vector<int> bounds = infer_boundaries(row, sorted);
      if (bounds.empty()) {
        auto it = s_.boundaries.find(opora::plugin_util::fold(subject + " " +
                                                              std::to_string(row.grade)));
        if (it == s_.boundaries.end()) continue;
        bounds = it->second;
      }
      ++works;
      std::map<int, int> count;
      for (int v : sorted) ++count[v];
      for (int k = 0; k < 3; ++k) {
        int b = bounds[k];
        if (b <= 0) continue;
        int at = count[b], before = count[b - 1];
        if (at - before < s_.min_excess || at < s_.peak_ratio * before) continue;
        ++peaks;
        details += "; " + std::string(data.procedure_name(row.procedure)) + " " + subject + ", " +
                   std::to_string(row.grade) + " класс (" + std::to_string(sorted.size()) +
                   " уч.): граница отметки «" + std::to_string(k + 3) + "» — " +
                   std::to_string(b) + " б., на ней " + std::to_string(at) +
                   " уч., на балл ниже — " + std::to_string(before) + " уч.";
      }
    }
    opora::Verdict v;
    v.flagged = peaks >= s_.min_boundaries;
    v.score = peaks;
    if (works == 0) {
      v.explanation = "нет работ " + std::to_string(ctx_.year) +
                      " года с баллами учеников (не менее " +
                      std::to_string(s_.min_participants) + " участников) и известными границами";
      return v;
    }
    v.explanation = "пиков на границах отметок: " + std::to_string(peaks) + " (порог " +
                    std::to_string(s_.min_boundaries) + ", в " + decimal(s_.peak_ratio) +
                    " раза и не менее чем на " + std::to_string(s_.min_excess) +
                    " уч. больше, чем на балл ниже), проверено работ: " + std::to_string(works) +
                    details;
    return v;
  }

 private:
  opora::RunContext ctx_;  // a copy: the host's context may be a temporary
  Settings s_;
};

class ScorePeaks final : public opora::Criterion {
 public:
  std::string id() const override { return "fioko_score_peaks"; }
  std::string title() const override {
    return "Признаки необъективности: пики распределения первичных баллов на границах отметок";
  }
  std::string category() const override { return opora::category::bias_signs; }
  int years() const override { return 1; }  // the works and student scores of the year only
  opora::Params defaults() const override {
    opora::Params p;
    p.set("procedure", std::string("ВПР"));
    p.set("min_participants", 20.0);
    p.set("peak_ratio", 2.5);
    p.set("min_excess", 3.0);
    p.set("min_boundaries", 2.0);
    p.set("boundaries", std::string());
    return p;
  }
  std::unique_ptr<opora::CriterionRun> start(const opora::RunContext& ctx,
                                             const opora::Params& p) const override {
    Settings s{p.text("procedure", "ВПР"),
               int(p.number("min_participants", 20)),
               p.number("peak_ratio", 2.5),
               int(p.number("min_excess", 3)),
               int(p.number("min_boundaries", 2)),
               parse_boundaries(p.text("boundaries"))};
    return std::make_unique<Run>(ctx, std::move(s));
  }
};

}  // namespace

std::unique_ptr<opora::Criterion> make_score_peaks() { return std::make_unique<ScorePeaks>(); }

}  // namespace fioko
