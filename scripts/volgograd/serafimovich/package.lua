-- Серафимовичский муниципальный район: план (карта) действий на 2023 год (распоряжение от
-- 06.02.2023 № 28-п). Every activity has a «Показатель реализации»; the document sets no target
-- values, so the indicators below carry none. Activity "14" is used twice in the document: its
-- indicators count both rows.
package {
  name  = "Серафимовичский муниципальный район",
  level = "municipality",
}

require "roadmap"

local function shnor(id, activity, title)
  indicator { id = id, title = title, unit = "percent", scope = "territory",
              type = "share_done", args = { category = "low_results", activity = activity } }
end

local function schools(id, activity, title)
  indicator { id = id, title = title, unit = "percent", scope = "territory",
              type = "participation_share", args = { category = "low_results", activity = activity } }
end

local function people(id, activity, role, total, title)
  indicator { id = id, title = title, unit = "percent", scope = "territory",
              type = "people_share", args = { activity = activity, role = role, total = total } }
end

shnor("curators_assigned", "1", "Доля ШНОР, которые назначены школы-кураторы, муниципальные кураторы")
shnor("agreements_share", "2", "Доля ШНОР, заключивших Соглашения")
schools("webinar_share", "3", "Доля школ, принявших участие")
people("curators_consulted", "4", "curator", "curators_total", "Доля кураторов, принявших участие")
shnor("visited_share", "5",
      "Доля ШНОР-участниц муниципального проекта в 2023 году, которые посетили кураторы")
shnor("rpsh_share", "6", "Доля ШНОР, составившие РПШ")
shnor("spr_share", "7", "Доля ШНОР, разработавших СПР")
shnor("action_maps_share", "8", "Доля ШНОР, разработавших Карты действий")

indicator { id = "application_sent", title = "Заявка", unit = "count", scope = "territory",
            type = "count_done", args = { activity = "9" }, target = "1" }

people("managers_diagnostics", "10", "manager", "managers_total",
       "Доля управленческих работников, прошедших диагностику профессиональных дефицитов")
people("teachers_diagnostics", "10", "teacher", "teachers_total",
       "Доля педагогических работников, прошедших диагностику профессиональных дефицитов")
people("managers_positive", "10", "manager_positive", "managers_total",
       "Доля управленческих работников, показавших положительную динамику")
people("teachers_positive", "10", "teacher_positive", "teachers_total",
       "Доля педагогических работников, показавших положительную динамику")
people("managers_iom", "11", "manager", "managers_total",
       "Доля управленческих работников, реализовавших ИОМ")
people("teachers_iom", "11", "teacher", "teachers_total",
       "Доля педагогических работников, реализовавших ИОМ")
people("coordinators_kpk", "12", "coordinator", "coordinators_total",
       "Доля муниципальных координаторов, прошедших КПК")
schools("teams_trained", "13", "Доля управленческих команд, прошедших обучение")
schools("teams_internship", "14", "Доля управленческих команд, прошедших стажировку")
schools("method_day_share", "14", "Доля школ, принявших участие")
schools("platform_nov_share", "15", "Доля школ, принявших участие")
schools("platform_feb_share", "17", "Доля школ, принявших участие")
schools("platform_mar_share", "18", "Доля школ, принявших участие")
schools("platform_apr_share", "19", "Доля школ, принявших участие")
schools("festival_share", "20", "Доля школ, принявших участие")
schools("regional_projects_share", "21", "Доля школ, включенных в региональные проекты и программы")
schools("contests_share", "22", "Доля школ, принявших участие")
schools("monitoring_share", "23", "Доля школ, принявших участие в мониторинге")
schools("summary_share", "24", "Доля школ, принявших участие")

indicator {
  id = "positive_dynamics",
  title = "Доля ПНОР ежегодно показывающих положительную динамику образовательных результатов "
          .. "обучающихся за 2019-2022 гг.",
  unit = "percent", scope = "territory",
  type = "positive_dynamics_share", args = { category = "low_results", procedure = "ВПР" },
}

report {
  id = "monthly",
  title = "Ежемесячный отчёт о реализации плана (карты) действий Серафимовичского муниципального района",
  sections = { "header", "summary", "roadmap", "matrix", "indicators", "schools", "dynamics",
               "risk_profiles" },
}
