-- The federal low_results rule (scripts/federal/criteria.lua defaults) as one SQL query:
-- at least 2 works of the year with ≥ 30% "2" (≥ 10 participants, ВПР/ОГЭ/ЕГЭ), and at least one
-- of those works (procedure, grade, subject) also failing the year before. :year is substituted.
WITH f AS (
  SELECT school, year, procedure, grade, subject FROM results
  WHERE year IN (:year - 1, :year) AND procedure IN ('ВПР', 'ОГЭ', 'ЕГЭ')
    AND participants >= 10 AND m2 * 1.0 / participants >= 0.3 - 1e-12
),
now AS (SELECT school, count(*) AS n FROM f WHERE year = :year GROUP BY school HAVING n >= 2),
repeated AS (
  SELECT DISTINCT a.school FROM f a JOIN f b
    ON a.school = b.school AND a.procedure = b.procedure AND a.grade = b.grade
   AND a.subject = b.subject AND a.year = :year AND b.year = :year - 1
)
SELECT s.login FROM now JOIN repeated USING (school) JOIN schools s ON s.id = now.school
ORDER BY s.login;
