-- Челябинская область: identification as the Chebarkul order of 10.04.2023 № 145Д describes it.
-- Two routes: (1) low results by the federal ФИОКО-style rule over the previous year's procedures
-- (the federal low_results criterion, unchanged); (2) ШНСУ by an expert point sum over
-- social-condition criteria: the school with the most points in its municipality (ООШ №76 scored
-- 53). Stable low results and negative dynamics are separate flags.
local results = require "federal.lib.results"

category { code = "stable_low_results", title = "Стабильно низкие результаты обучения" }

-- Point bands "threshold:points, ...": the highest band the value reaches gives the points.
-- For indicators where less is worse (parents with higher education), bands are "≤".
local function points(value, bands, less_is_worse)
  local best = 0
  for threshold, pts in string.gmatch(bands, "([%d%.]+)%s*:%s*(%d+)") do
    local t, p = tonumber(threshold), tonumber(pts)
    local reached
    if less_is_worse then reached = value <= t else reached = value >= t end
    if reached and p > best then best = p end
  end
  return best
end

-- The expert criteria: indicator, bands, direction, title (parameters of the criterion below).
local point_criteria = {
  { code = "low_income_share",          title = "малообеспеченные семьи" },
  { code = "single_parent_share",       title = "неполные семьи" },
  { code = "parents_higher_ed_share",   title = "родители с высшим образованием", less = true },
  { code = "preventive_register_share", title = "обучающиеся на профилактическом учёте" },
  { code = "disabilities_share",        title = "обучающиеся с ОВЗ" },
  { code = "non_native_russian_share",  title = "неродной русский язык" },
  { code = "staff_vacancies",           title = "вакансии педагогов" },
  { code = "distance_km",               title = "удалённость от центра, км" },
  { code = "rural",                     title = "сельская местность" },
}

local function score(school, year, p)
  local total, parts = 0, {}
  for _, c in ipairs(point_criteria) do
    local v = school:context(c.code, year)
    if v then
      local pts = points(v, p["bands_" .. c.code], c.less)
      total = total + pts
      if pts > 0 then
        local value = math.type(v) == "integer" and tostring(v) or results.num(v, 2):gsub(",?0+$", "")
        parts[#parts + 1] = string.format("%s %s → %d", c.title, value, pts)
      end
    end
  end
  if school.students > 0 and school.students < p.small_school then
    total = total + p.small_school_points
    parts[#parts + 1] = string.format("малокомплектная (%d обучающихся) → %d", school.students,
                                      p.small_school_points)
  end
  return total, parts
end

-- Replaces the federal social_risk (ШНСУ) criterion for the region.
criterion {
  id = "social_risk",
  title = "ШНСУ по экспертной сумме баллов социальных критериев",
  category = "social_risk",
  years = 1,  -- results read: the year under review only
  params = {
    bands_low_income_share = "0.15:3, 0.25:6, 0.35:9",
    bands_single_parent_share = "0.2:2, 0.3:4, 0.4:6",
    bands_parents_higher_ed_share = "0.3:2, 0.2:4, 0.1:6",
    bands_preventive_register_share = "0.02:2, 0.04:4, 0.06:6",
    bands_disabilities_share = "0.05:2, 0.1:4, 0.15:6",
    bands_non_native_russian_share = "0.05:2, 0.1:4, 0.2:6",
    bands_staff_vacancies = "1:2, 2:4, 4:6",
    bands_distance_km = "10:2, 25:4, 50:6",
    bands_rural = "1:5",
    small_school = 100, small_school_points = 3,
    min_points = 40,  -- below this sum no school is ШНСУ, even the municipality's highest
  },
  prepare = function(run, p)
    -- The highest sum of each municipality.
    local best = {}
    for _, s in ipairs(run:schools()) do
      local total = score(s, run.year, p)
      if not best[s.territory] or total > best[s.territory] then best[s.territory] = total end
    end
    return { best = best }
  end,
  evaluate = function(school, p, state, run)
    local total, parts = score(school, run.year, p)
    local best = state.best[school.territory] or 0
    local flagged = total == best and total >= p.min_points
    return flagged, total, string.format(
      "сумма баллов %d (наибольшая в муниципалитете — %d, минимальная для отнесения — %d): %s",
      total, best, p.min_points, #parts > 0 and table.concat(parts, "; ") or "нет баллов")
  end,
}

-- Стабильно низкие результаты: share of "2" over the year's works at least `share` in each of
-- `years` consecutive years up to the year under review.
criterion {
  id = "stable_low_results",
  title = "Стабильно низкие результаты обучения (три года подряд)",
  category = "stable_low_results",
  years = 5,  -- results read: the `years` parameter's span back from the year, five at most
  params = { share = 0.20, years = 3, min_participants = 10, procedures = "ВПР, ОГЭ, ЕГЭ" },
  evaluate = function(school, p, _, run)
    local procs = results.list(p.procedures)
    local parts, all = {}, true
    for y = run.year - p.years + 1, run.year do
      local s = results.share2(school, y, procs, p.min_participants)
      parts[#parts + 1] = string.format("%d: %s", y, s and results.percent(s) or "нет данных")
      if not s or s < p.share then all = false end
    end
    return all, 0, string.format("доля «2» по годам (порог %s): %s", results.percent(p.share),
                                 table.concat(parts, ", "))
  end,
}
