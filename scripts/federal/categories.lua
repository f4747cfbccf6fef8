-- Stable category codes: reports, indicators and regional packages refer to these.
category { code = "low_results",       title = "ШНОР — школы с низкими образовательными результатами" }
category { code = "social_risk",       title = "ШНСУ — школы, функционирующие в неблагоприятных социальных условиях" }
category { code = "risk_zone",         title = "Зона риска" }
category { code = "resilient",         title = "Резильентные школы" }
category { code = "bias_signs",        title = "Школы с признаками необъективности результатов" }
category { code = "negative_dynamics", title = "Отрицательная динамика результатов" }
