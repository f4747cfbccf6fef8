-- The school social well-being index (ИСБШ-style): a weighted sum of the school's context
-- indicators, each standardised over the region (z-score), so that a higher index means a less
-- favourable social context. Weights are criterion parameters named after the indicators.
local M = {}

-- Context indicators and the direction in which they make conditions worse.
M.indicators = {
  { code = "low_income_share",          title = "доля малообеспеченных семей" },
  { code = "single_parent_share",       title = "доля неполных семей" },
  { code = "parents_higher_ed_share",   title = "доля родителей с высшим образованием" },
  { code = "preventive_register_share", title = "доля обучающихся на профилактическом учёте" },
  { code = "disabilities_share",        title = "доля обучающихся с ОВЗ" },
  { code = "non_native_russian_share",  title = "доля обучающихся с неродным русским языком" },
  { code = "staff_vacancies",           title = "вакансии педагогов" },
  { code = "distance_km",               title = "удалённость от муниципального центра, км" },
}

-- Index of one school, given per-indicator statistics of the region. Indicators the school has
-- no observation of are left out and the remaining weights renormalised.
function M.index(school, year, p, stats)
  local sum, wsum = 0, 0
  for _, ind in ipairs(M.indicators) do
    local w = p["w_" .. ind.code] or 0
    local st = stats[ind.code]
    if w ~= 0 and st and st.sd > 0 then
      local v = school:context(ind.code, year)
      if v then
        sum = sum + w * (v - st.mean) / st.sd
        wsum = wsum + math.abs(w)
      end
    end
  end
  if wsum == 0 then return nil end
  return sum / wsum
end

-- Statistics of every indicator over the run's population (computed once by the host).
function M.stats(run, year)
  local stats = {}
  for _, ind in ipairs(M.indicators) do
    local mean, sd, n = run:context_stats(ind.code, year)
    if n and n > 1 then stats[ind.code] = { mean = mean, sd = sd } end
  end
  return stats
end

-- Index of every school of the population — an array over run:schools(), false where the school
-- has no observation of any weighted indicator — and the q-quantile of the indices. Computed
-- over the indicators' columns (run:context_column): for each school the same terms, added in
-- the same order, as M.index, without a school view or a call per school.
function M.population(run, year, p, q)
  local stats = M.stats(run, year)
  local sum, wsum = {}, {}
  for _, ind in ipairs(M.indicators) do
    local w = p["w_" .. ind.code] or 0
    local st = stats[ind.code]
    if w ~= 0 and st and st.sd > 0 then
      local column, mean, sd, weight = run:context_column(ind.code, year), st.mean, st.sd, math.abs(w)
      for i = 1, #column do
        local v = column[i]
        if v then
          sum[i] = (sum[i] or 0) + w * (v - mean) / sd
          wsum[i] = (wsum[i] or 0) + weight
        end
      end
    end
  end
  local index, values = {}, {}
  for i = 1, #run do
    local ws = wsum[i]
    if ws and ws ~= 0 then
      local v = sum[i] / ws
      index[i] = v
      values[#values + 1] = v
    else
      index[i] = false
    end
  end
  local threshold = #values > 0 and run:quantile(values, q) or nil
  return { index = index, threshold = threshold, count = #values }
end

-- Default weights (parameters of the criteria that use the index).
M.default_weights = {
  w_low_income_share = 0.25,
  w_single_parent_share = 0.10,
  w_parents_higher_ed_share = -0.20,
  w_preventive_register_share = 0.15,
  w_disabilities_share = 0.10,
  w_non_native_russian_share = 0.10,
  w_staff_vacancies = 0.05,
  w_distance_km = 0.05,
}

return M
