// The ordered model behind every mark: a student's latent ability is logistic around the work's
// mean `mu`; the score is a monotone map of the ability onto 0..max, and the mark follows from
// the score and the scale's boundaries. Calibrated per procedure so that an average school
// (mu = 0) gets the usual national shares of "2" and "5".
#pragma once
#include <cstdint>
#include <vector>

#include "demo/assessments.hpp"
#include "demo/rng.hpp"

namespace opora::host::gen {

struct MarkCounts {
  int m[4] = {0, 0, 0, 0};  // counts of marks 2, 3, 4, 5
  long long score_sum = 0;
};

class MarkModel {
 public:
  explicit MarkModel(const Scale& scale);

  int mark_of(int score) const;
  // One student's score for a work with mean ability `mu`.
  int draw_score(double mu, Rng& rng) const;
  // `n` students' scores, marks summed; with `scores` the individual scores are kept too.
  // A biased school moves scores one or two points below a boundary onto it (with probability
  // `push`), which makes the histogram peak at the boundaries.
  MarkCounts draw(int n, double mu, Rng& rng, std::vector<int>* scores = nullptr,
                  double push = 0.0) const;
  const Scale& scale() const { return *scale_; }

 private:
  const Scale* scale_;
  double m_ = 0, s_ = 1;  // ability a maps to a score share logistic((a - m) / s)
  std::vector<std::uint8_t> marks_;  // mark by score
};

// The model of every scale, built once; index matches scales().
const MarkModel& model_for(const Scale& scale);

}  // namespace opora::host::gen
