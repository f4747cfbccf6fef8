-- Баганский район: «дорожная карта» по сопровождению школ группы профилактики учебной
-- неуспешности на 2022-2023 годы (приказ от 04.07.2022 № 189). Results are documents (приказ,
-- протоколы), not figures: the indicators count what was done; the document sets no targets
-- except the four report meetings of «Октябрь, декабрь, март, май».
package {
  name  = "Баганский район",
  level = "municipality",
}

require "roadmap"

indicator {
  id = "school_projects_share", title = "Доля школ группы профилактики, разработавших школьные проекты",
  unit = "percent", scope = "territory",
  type = "share_done", args = { category = "prevention_group", activity = "2" },
}

indicator {
  id = "report_meetings", title = "Проведено отчетных рабочих совещаний руководителей ОО",
  unit = "count", scope = "territory",
  type = "count_done", args = { activity = "4" }, target = "не менее 4",
}

indicator {
  id = "projects_presented_share",
  title = "Доля школ группы профилактики, представивших школьные проекты («дорожные карты»)",
  unit = "percent", scope = "territory",
  type = "share_done", args = { category = "prevention_group", activity = "11" },
}

indicator {
  id = "contests_share", title = "Доля школ группы профилактики, участвующих в конкурсном движении",
  unit = "percent", scope = "territory",
  type = "participation_share", args = { category = "prevention_group", activity = "23" },
}

report {
  id = "monthly",
  title = "Ежемесячный отчёт о реализации «дорожной карты» Баганского района",
  -- nso_monitoring: the region's monitoring by school, a section of the novosibirsk plugin.
  sections = { "header", "summary", "roadmap", "matrix", "indicators", "schools",
               "nso_monitoring", "dynamics", "risk_profiles" },
}
