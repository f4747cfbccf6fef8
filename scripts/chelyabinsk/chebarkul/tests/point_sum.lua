-- Челябинская область, Чебаркульский городской округ (приказ от 10.04.2023 № 145Д): ШНСУ is the
-- school with the highest expert point sum in its municipality, and only at 40 points or more
-- (criterion social_risk, scripts/chelyabinsk/criteria.lua); stable low results are a share of
-- «2» of at least 20 % three years running.

local T = "chelyabinsk/chebarkul"

-- Context rows of one school for one year: { indicator = value, ... }.
local function context(login, year, values)
  local rows = {}
  for indicator, value in pairs(values) do
    rows[#rows + 1] = { login = login, year = year, indicator = indicator, value = value }
  end
  return rows
end

local function concat(...)
  local out = {}
  for _, list in ipairs({ ... }) do
    for _, row in ipairs(list) do out[#out + 1] = row end
  end
  return out
end

-- Hand-computed sums with the order's bands:
--   s76: low income 0.36 → 9, single parents 0.41 → 6, parents with higher education 0.09 → 6
--        (≤ 0.1), preventive register 0.07 → 6, disabilities 0.16 → 6, non-native Russian
--        0.21 → 6, vacancies 4 → 6, 50 km → 6, rural → 5: 56 points (300 pupils: no small-school
--        points).
--   s10: the same without non-native Russian speakers (0 → 0): 50 points, not the highest.
case {
  name = "Чебаркуль: ШНСУ — школа с наибольшей суммой баллов (56), вторая (50) — нет",
  territory = T, year = 2023,
  schools = { { login = "s76", students = 300 }, { login = "s10", students = 300 } },
  context = concat(
    context("s76", 2023, { low_income_share = 0.36, single_parent_share = 0.41,
                           parents_higher_ed_share = 0.09, preventive_register_share = 0.07,
                           disabilities_share = 0.16, non_native_russian_share = 0.21,
                           staff_vacancies = 4, distance_km = 50, rural = 1 }),
    context("s10", 2023, { low_income_share = 0.36, single_parent_share = 0.41,
                           parents_higher_ed_share = 0.09, preventive_register_share = 0.07,
                           disabilities_share = 0.16, non_native_russian_share = 0,
                           staff_vacancies = 4, distance_km = 50, rural = 1 })),
  expect = {
    flagged = { social_risk = { "s76" } },
    not_flagged = { social_risk = { "s10" } },
    explains = {
      s76 = { social_risk = "сумма баллов 56 (наибольшая в муниципалитете — 56" },
      s10 = { social_risk = "сумма баллов 50 (наибольшая в муниципалитете — 56" },
    },
  },
}

-- s1: low income 0.36 → 9, rural → 5, 50 pupils → 3 (small school): 17 points, the highest of
-- the municipality but under the minimum of 40.
case {
  name = "Чебаркуль: наибольшая сумма ниже 40 баллов — ШНСУ нет",
  territory = T, year = 2023,
  schools = { { login = "s1", students = 50 } },
  context = context("s1", 2023, { low_income_share = 0.36, rural = 1 }),
  expect = {
    not_flagged = { social_risk = { "s1" } },
    explains = { s1 = { social_risk = "сумма баллов 17" } },
  },
}

local function work(login, year, n, twos)
  return { login = login, procedure = "ВПР", year = year, grade = 5, subject = "Математика",
           participants = n, m2 = twos, m3 = n - twos, m4 = 0, m5 = 0 }
end

case {
  name = "Чебаркуль: стабильно низкие результаты — доля «2» от 20 % три года подряд",
  territory = T, year = 2023,
  schools = { { login = "stable" }, { login = "broken" } },
  results = {
    -- stable: 5/20 = 25 %, 4/20 = 20 % (the threshold counts), 6/20 = 30 %.
    work("stable", 2021, 20, 5), work("stable", 2022, 20, 4), work("stable", 2023, 20, 6),
    -- broken: 2022 at 3/20 = 15 % breaks the run.
    work("broken", 2021, 20, 5), work("broken", 2022, 20, 3), work("broken", 2023, 20, 6),
  },
  expect = {
    flagged = { stable_low_results = { "stable" } },
    not_flagged = { stable_low_results = { "broken" } },
  },
}
