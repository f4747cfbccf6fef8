-- Зиминское городское муниципальное образование: муниципальный план мероприятий («дорожная
-- карта») на 2024 год (приказ от 17.04.2024 № 191). Targets are the document's own words
-- («Не менее 2 встреч», «100% ШНОР …», «10 % педагогических работников»). Targets over «ШНОР,
-- ШНСУ и школы зоны риска» use the region's groups_participation_share (scripts/irkutsk).
package {
  name  = "Зиминское городское муниципальное образование",
  level = "municipality",
}

require "roadmap"

local ALL = "low_results social_risk risk_zone"  -- ШНОР, ШНСУ и зона риска

local function count(id, activity, title, target)
  indicator { id = id, title = title, unit = "count", scope = "territory",
              type = "count_done", args = { activity = activity }, target = target }
end

local function groups(id, activity, categories, title, target)
  indicator { id = id, title = title, unit = "percent", scope = "territory",
              type = "groups_participation_share",
              args = { categories = categories, activity = activity }, target = target }
end

local function shnor(id, activity, title, target)
  indicator { id = id, title = title, unit = "percent", scope = "territory",
              type = "participation_share", args = { category = "low_results", activity = activity },
              target = target }
end

count("interviews_teams", "4", "Не менее 1 собеседования с управленческими командами "
      .. "общеобразовательных организаций", "не менее 1")
count("interviews_gmo", "5", "Не менее 5 собеседований с руководителями городских методических "
      .. "объединений учителей-предметников", "не менее 5")
count("arp_meetings", "8", "Не менее 2 встреч, посвященных разработке антирисковых программ.",
      "не менее 2")
shnor("group_meetings_share", "9", "100% кураторов и ШНОР приняли участие в групповых встречах",
      "100%")
count("arp_count", "10", "Не менее 2 антирисковых программ", "не менее 2")
count("regional_events", "12", "Участие не менее, чем в 2 мероприятиях", "не менее 2")
groups("consultations_share", "13", ALL, "100% ШНОР, ШНСУ и общеобразовательных организаций, "
       .. "находящихся в зоне риска по низким образовательным результатам, приняли участие в "
       .. "консультациях", "100%")
groups("method_events_share", "14", ALL, "100% ШНОР, ШНСУ и общеобразовательных организаций, "
       .. "находящихся в зоне риска по низким образовательным результатам, приняли участие в "
       .. "методических мероприятиях", "100%")
groups("teams_qualified_share", "15", ALL, "100% управленческих команд ШНОР, ШНСУ и "
       .. "общеобразовательных организаций, находящихся в зоне риска по низким образовательным "
       .. "результатам, повысили квалификацию по вопросам управления качеством образования", "100%")
groups("exchange_share", "16", "low_results social_risk",
       "100% ШНОР, ШНСУ и кураторов приняли участие в мероприятиях", "100%")
groups("webinars_share", "17", ALL, "100% ШНОР, ШНСУ и общеобразовательных организаций, "
       .. "находящихся в зоне риска по низким образовательным результатам, приняли участие в "
       .. "мероприятиях", "100%")
groups("family_webinars_share", "18", ALL, "100% ШНОР, ШНСУ и общеобразовательных организаций, "
       .. "находящихся в зоне риска по низким образовательным результатам, приняли участие в "
       .. "мероприятиях", "100%")

indicator {
  id = "teachers_iom",
  title = "Разработаны индивидуальные образовательные маршруты у 10 % педагогических работников "
          .. "ШНОР, ШНСУ и общеобразовательных организаций, находящихся в зоне риска по низким "
          .. "образовательным результатам",
  unit = "percent", scope = "territory",
  type = "people_share", args = { activity = "20", role = "teacher", total = "teachers_total" },
  target = "10 %",
}

groups("regional_events_share", "23", ALL, "Педагоги 100% ШНОР, ШНСУ и общеобразовательных "
       .. "организаций, находящихся в зоне риска по низким образовательным результатам, приняли "
       .. "участие в мероприятиях", "100%")
count("problem_section", "24", "Не менее 1 проблемной секции, посвященной проблеме повышения "
      .. "качества образования", "не менее 1")
shnor("needs_share", "25", "100% ШНОР приняли участие в сборе образовательных потребностей", "100%")
shnor("survey_share", "26", "100% ШНОР приняли участие в исследовании", "100%")

report {
  id = "monthly",
  title = "Ежемесячный отчёт о реализации муниципальной дорожной карты Зиминского городского "
          .. "муниципального образования",
  sections = { "header", "summary", "roadmap", "matrix", "indicators", "schools", "dynamics",
               "risk_profiles" },
}
