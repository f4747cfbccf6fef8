-- Иркутская область: ШНОР, ШНСУ, the «зона риска» group and the region's resilient schools —
-- the federal criteria with the region's parameters.
configure {
  low_results = { fail_share = 0.30, min_works = 2, require_both = false },
  risk_zone   = { require_both = false, risk_share = 0.14 },
  social_risk = { top_share = 0.15 },
  resilient   = { social_quantile = 0.70, results_quantile = 0.70 },
}
