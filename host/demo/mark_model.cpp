#include "demo/mark_model.hpp"

#include <cmath>

namespace opora::host::gen {

namespace {

// Shares of "2" and "5" for an average school: ВПР is the harshest, ЕГЭ "2" means below the
// minimum score.
struct Target {
  double p2, p5;
};

Target target_of(std::string_view procedure) {
  if (procedure == "ОГЭ") return {0.07, 0.18};
  if (procedure == "ЕГЭ") return {0.04, 0.10};
  return {0.15, 0.12};
}

}  // namespace

MarkModel::MarkModel(const Scale& scale) : scale_(&scale) {
  // Solve for m and s so that P(score < b3) = p2 and P(score >= b5) = p5 when mu = 0:
  // score < b iff a < m + s * logit((b - 0.5) / max).
  const Target t = target_of(scale.procedure);
  const double c3 = logit(t.p2), c5 = -logit(t.p5);
  const double l3 = logit((scale.b3 - 0.5) / scale.max_score);
  const double l5 = logit((scale.b5 - 0.5) / scale.max_score);
  s_ = (c5 - c3) / (l5 - l3);
  m_ = c3 - s_ * l3;
  marks_.resize(scale.max_score + 1);
  for (int score = 0; score <= scale.max_score; ++score)
    marks_[score] = score >= scale.b5 ? 5 : score >= scale.b4 ? 4 : score >= scale.b3 ? 3 : 2;
}

int MarkModel::mark_of(int score) const { return marks_[score]; }

int MarkModel::draw_score(double mu, Rng& rng) const {
  const double a = mu + logit(rng.uniform());
  const double share = logistic((a - m_) / s_);
  return int(std::lround(share * scale_->max_score));
}

MarkCounts MarkModel::draw(int n, double mu, Rng& rng, std::vector<int>* scores,
                           double push) const {
  MarkCounts out;
  if (scores) scores->clear();
  const int b[3] = {scale_->b3, scale_->b4, scale_->b5};
  for (int i = 0; i < n; ++i) {
    int score = draw_score(mu, rng);
    if (push > 0) {
      for (int boundary : b)
        if (score >= boundary - 2 && score < boundary && rng.chance(push)) score = boundary;
    }
    ++out.m[marks_[score] - 2];
    out.score_sum += score;
    if (scores) scores->push_back(score);
  }
  return out;
}

const MarkModel& model_for(const Scale& scale) {
  static const std::vector<MarkModel> models = [] {
    std::vector<MarkModel> v;
    for (const auto& s : scales()) v.emplace_back(s);
    return v;
  }();
  return models[&scale - scales().data()];
}

}  // namespace opora::host::gen
