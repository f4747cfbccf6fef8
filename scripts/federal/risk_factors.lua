-- Risk-profile factors of the 500+ programme (рисковый профиль школы). Levels: 1 low,
-- 2 medium, 3 high. A region may add factors or retitle one by declaring the same code.
risk_factor { code = "low_equipment",            title = "Низкий уровень оснащения школы" }
risk_factor { code = "staff_shortage",           title = "Дефицит педагогических кадров" }
risk_factor { code = "teacher_competence",       title = "Недостаточная предметная и методическая компетентность педагогических работников" }
risk_factor { code = "students_at_risk",         title = "Высокая доля обучающихся с рисками учебной неуспешности" }
risk_factor { code = "low_motivation",           title = "Низкая учебная мотивация обучающихся" }
risk_factor { code = "low_parental_involvement", title = "Низкий уровень вовлечённости родителей" }
risk_factor { code = "high_disabilities_share",  title = "Высокая доля обучающихся с ОВЗ" }
risk_factor { code = "language_barriers",        title = "Низкое качество преодоления языковых и культурных барьеров" }
risk_factor { code = "weak_prof_development",    title = "Несформированность внутришкольной системы повышения квалификации" }
risk_factor { code = "poor_environment",         title = "Пониженный уровень качества школьной образовательной среды" }
risk_factor { code = "low_adaptivity",           title = "Низкий уровень адаптивности учебного процесса" }
