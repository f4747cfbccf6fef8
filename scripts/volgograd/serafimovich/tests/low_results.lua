-- Серафимович (Волгоградская область): the federal ШНОР rule with the region's parameters
-- (scripts/volgograd/criteria.lua): works are judged from 8 participants (not 10), and either
-- condition suffices (require_both = false).

local function work(login, year, grade, n, twos)
  return { login = login, procedure = "ВПР", year = year, grade = grade, subject = "Математика",
           participants = n, m2 = twos, m3 = n - twos, m4 = 0, m5 = 0 }
end

case {
  name = "Серафимович: работы из 8 участников оцениваются, из 7 — нет",
  year = 2023,
  schools = { { login = "eight" }, { login = "seven" } },
  results = {
    -- 3/8 = 37.5 % in two works.
    work("eight", 2023, 4, 8, 3), work("eight", 2023, 5, 8, 3),
    work("seven", 2023, 4, 7, 3), work("seven", 2023, 5, 7, 3),
  },
  expect = {
    flagged = { low_results = { "eight" } },
    not_flagged = { low_results = { "seven" } },
    explains = { eight = { low_results = "от 8 участников" } },
  },
}
