-- Волгоградская область: by the concept of work with schools with low results and schools in
-- unfavourable social conditions, a school is supported as ШНОР and/or ШНСУ. The federal rules
-- apply; the region judges works from 8 participants and ranks the social index in its top 15%.
configure {
  low_results = { min_participants = 8, require_both = false, min_works = 2 },
  social_risk = { top_share = 0.15 },
}
