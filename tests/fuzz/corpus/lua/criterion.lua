criterion { id = "x", title = "X", category = "risk_zone", params = { a = 1 },
  evaluate = function(s, p) return true, 1, "ok" end }
