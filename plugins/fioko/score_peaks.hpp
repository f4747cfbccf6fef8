// Criterion fioko_score_peaks: peaks of the primary-score histogram just at the mark boundaries,
// a sign of non-objective marking (the checker "pulls up" a work to the next mark).
#pragma once
#include <memory>

#include <opora/criterion.hpp>

namespace fioko {

std::unique_ptr<opora::Criterion> make_score_peaks();

}  // namespace fioko
