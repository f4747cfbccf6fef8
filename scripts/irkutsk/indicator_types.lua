-- Иркутская область writes its targets over several groups at once: «100% ШНОР, ШНСУ и
-- общеобразовательных организаций, находящихся в зоне риска, приняли участие». The federal
-- participation_share counts one category; this type counts the union of several.
indicator_type {
  id = "groups_participation_share",
  title = "Доля школ нескольких категорий, принявших участие",
  args = { categories = "low_results social_risk risk_zone", activity = "" },
  compute = function(ctx, a)
    local members, total = {}, 0
    for code in string.gmatch(a.categories, "[%w_]+") do
      for _, s in ipairs(ctx:identified(code)) do
        if not members[s.login] then
          members[s.login] = true
          total = total + 1
        end
      end
    end
    local took = 0
    local seen = {}
    for _, s in ipairs(ctx:participants(a.activity)) do
      if members[s.login] and not seen[s.login] then
        seen[s.login] = true
        took = took + 1
      end
    end
    -- Category codes are not words for the reader: the indicator's own title names the groups.
    if total == 0 then
      return took, total, "школы этих категорий не отобраны: знаменатель не определён"
    end
    return took, total, string.format("школ, принявших участие в мероприятии %s: %d из %d",
                                      a.activity, took, total)
  end,
}
