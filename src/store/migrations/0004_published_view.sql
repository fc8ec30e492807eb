-- summary-en: what the public sees: the state of each action point in the latest published period
-- summary-nl: wat iedereen ziet: de stand van elk actiepunt in de laatste gepubliceerde periode
-- 0004: what the public sees. The public sees the state of an action point
-- as of its latest update in a PUBLISHED reporting period; signed-in users
-- see drafts too (action_point_current). Same columns in both views.
CREATE VIEW action_point_published AS
SELECT a.id AS action_point_id,
       COALESCE(u.status, 'niet_gestart') AS status,
       COALESCE(u.health, 'grijs') AS health,
       u.id AS update_id,
       u.period_id AS period_id
FROM action_point a
LEFT JOIN progress_update u ON u.id = (
  SELECT u2.id FROM progress_update u2
  JOIN reporting_period p2 ON p2.id = u2.period_id
  WHERE u2.action_point_id = a.id AND p2.state = 'published'
  ORDER BY p2.seq DESC, u2.id DESC
  LIMIT 1);
