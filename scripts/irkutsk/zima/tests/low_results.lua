-- Зима (Иркутская область): the federal ШНОР rule with the region's parameters
-- (scripts/irkutsk/criteria.lua): require_both = false, so either two failing works in the year
-- OR one work failing two years running makes a school ШНОР.

local function work(login, year, grade, n, twos)
  return { login = login, procedure = "ВПР", year = year, grade = grade, subject = "Математика",
           participants = n, m2 = twos, m3 = n - twos, m4 = 0, m5 = 0 }
end

case {
  name = "Зима: две проваленные работы за год — ШНОР без повторения",
  year = 2024,
  schools = { { login = "two_works" }, { login = "one_work" } },
  results = {
    work("two_works", 2024, 4, 20, 6), work("two_works", 2024, 5, 20, 7),
    -- one failing work (6/20) and one at 5/20 = 25 %, nothing in 2023.
    work("one_work", 2024, 4, 20, 6), work("one_work", 2024, 5, 20, 5),
  },
  expect = {
    flagged = { low_results = { "two_works" } },
    not_flagged = { low_results = { "one_work" } },
  },
}

case {
  name = "Зима: одна работа, проваленная два года подряд, — ШНОР",
  year = 2024,
  schools = { { login = "twice" } },
  results = { work("twice", 2023, 4, 20, 6), work("twice", 2024, 4, 20, 9) },
  expect = {
    flagged = { low_results = { "twice" } },
    explains = { twice = { low_results = "1 из требуемых 2" } },
  },
}
