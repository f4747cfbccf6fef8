-- The federal ШНОР rule (criterion low_results, scripts/federal/criteria.lua) on a region with no
-- package of its own, so only the federal defaults apply: a work fails at ≥ 30 % of «2» among
-- ≥ 10 participants; a school is ШНОР with ≥ 2 failing works in the year AND one of them failing
-- the year before too.

local region = { { id = "testland", name = "Тестовая область", level = "region" } }

-- One result row: a work of `n` participants of whom `twos` got «2» (the rest «3»).
local function work(login, year, grade, subject, n, twos)
  return { login = login, procedure = "ВПР", year = year, grade = grade, subject = subject,
           participants = n, m2 = twos, m3 = n - twos, m4 = 0, m5 = 0 }
end

case {
  name = "две проваленные работы и та же работа годом раньше — ШНОР",
  territory = "testland", territories = region, year = 2023,
  schools = { { login = "both" }, { login = "new_only" }, { login = "below_share" } },
  results = {
    -- both: 8/20 = 40 % and 6/20 = 30 % (the threshold itself fails) in 2023; 7/20 in 2022.
    work("both", 2023, 4, "Математика", 20, 8),
    work("both", 2023, 5, "Русский язык", 20, 6),
    work("both", 2022, 4, "Математика", 20, 7),
    -- new_only: two failing works in 2023, but in 2022 the same work had 2/20 = 10 %.
    work("new_only", 2023, 4, "Математика", 20, 8),
    work("new_only", 2023, 5, "Русский язык", 20, 8),
    work("new_only", 2022, 4, "Математика", 20, 2),
    -- below_share: 5/20 = 25 % is under 30 % in both years.
    work("below_share", 2023, 4, "Математика", 20, 5),
    work("below_share", 2023, 5, "Русский язык", 20, 5),
    work("below_share", 2022, 4, "Математика", 20, 5),
  },
  expect = {
    flagged = { low_results = { "both" } },
    not_flagged = { low_results = { "new_only", "below_share" } },
    explains = { both = { low_results = "2 из требуемых 2" } },
  },
}

case {
  name = "работы меньше чем из 10 участников не оцениваются",
  territory = "testland", territories = region, year = 2023,
  schools = { { login = "tiny" } },
  results = {
    -- 9 participants, 9 «2»: not judged at all (min_participants = 10).
    work("tiny", 2023, 4, "Математика", 9, 9),
    work("tiny", 2023, 5, "Русский язык", 9, 9),
    work("tiny", 2022, 4, "Математика", 9, 9),
  },
  expect = {
    not_flagged = { low_results = { "tiny" } },
    explains = { tiny = { low_results = "0 из требуемых 2" } },
  },
}
