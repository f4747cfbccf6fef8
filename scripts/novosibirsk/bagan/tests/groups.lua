-- Баган (Новосибирская область): the prevention group comes from the regional monitoring (РМКП)
-- through the plugin criterion nso_monitoring_low with the region's thresholds (≥ 25 % below the
-- basic level in ≥ 2 works of ≥ 10 participants, scripts/novosibirsk/criteria.lua); the risk
-- group from ЕГЭ, ОГЭ and ВПР (nso_risk_group: ≥ 2 works with ≥ 25 % of «2», or ≥ 18 % of «2»
-- over all works). Levels of the monitoring are stored as marks: «2» is below basic.

local function work(login, procedure, grade, subject, n, m2)
  return { login = login, procedure = procedure, year = 2022, grade = grade, subject = subject,
           participants = n, m2 = m2, m3 = n - m2, m4 = 0, m5 = 0 }
end

case {
  name = "Баган: группа профилактики — две работы мониторинга с 25 % ниже базового",
  year = 2022,
  schools = { { login = "mon2" }, { login = "mon1" } },
  results = {
    -- mon2: 5/20 = 25 % (the threshold counts) and 6/20 = 30 %.
    work("mon2", "РМКП", 6, "Математика", 20, 5), work("mon2", "РМКП", 7, "Русский язык", 20, 6),
    -- mon1: only one low work; the other 4/20 = 20 %.
    work("mon1", "РМКП", 6, "Математика", 20, 6), work("mon1", "РМКП", 7, "Русский язык", 20, 4),
  },
  expect = {
    flagged = { prevention_group = { "mon2" } },
    not_flagged = { prevention_group = { "mon1" } },
    explains = { mon2 = { prevention_group = "2 из 2 (порог — 2)" } },
  },
}

case {
  name = "Баган: группа риска — доля «2» 18 % по всем работам или две работы от 25 %",
  year = 2022,
  schools = { { login = "overall" }, { login = "two" }, { login = "fine" } },
  results = {
    -- overall: (4 + 3 + 2) / (20 + 20 + 10) = 9/50 = 18 %, no work at 25 %.
    work("overall", "ОГЭ", 9, "Математика", 20, 4), work("overall", "ОГЭ", 9, "Русский язык", 20, 3),
    work("overall", "ВПР", 5, "Математика", 10, 2),
    -- two: 5/20 = 25 % twice, and 0/60 elsewhere: 10/100 = 10 % overall.
    work("two", "ЕГЭ", 11, "Русский язык", 20, 5), work("two", "ОГЭ", 9, "Математика", 20, 5),
    work("two", "ВПР", 5, "Математика", 60, 0),
    -- fine: 3/20 = 15 % and 2/20 = 10 %.
    work("fine", "ОГЭ", 9, "Математика", 20, 3), work("fine", "ОГЭ", 9, "Русский язык", 20, 2),
  },
  expect = {
    flagged = { risk_group = { "overall", "two" } },
    not_flagged = { risk_group = { "fine" } },
  },
}
