-- summary-en: the list of action points and its filter choices are read in order from indexes, so long lists load faster
-- summary-nl: de lijst met actiepunten en de keuzes om te filteren komen op volgorde uit indexen, zodat lange lijsten sneller laden
-- 0026 (SQLite): indexes for the action point list (store_actions_open).
-- The list is ordered by the theme's place and then the code. SQLite sorted
-- every row of the list for each request (a temporary b-tree, some 3,600
-- instructions a row at 5,000 rows); with the themes in the order of their
-- place and each theme's action points in the order of their code, it reads
-- them in that order. The index holds the columns the list shows, so the
-- rows are read from it alone (a covering index: some 1,400 instructions a
-- row less than a look-up in the table). The filter's choices (the dossier
-- holders and CRPD articles that occur) were a DISTINCT over every action
-- point; with an index on each they are a look-up per person and article.
-- IF [NOT] EXISTS: a file restored from before this migration and migrated
-- again must not fail.
DROP INDEX IF EXISTS action_point_theme;
CREATE INDEX action_point_theme ON action_point (theme_id, code, title, starts_on, due_on, dossier_holder_id);
CREATE INDEX IF NOT EXISTS theme_position ON theme (position, id);
CREATE INDEX IF NOT EXISTS action_point_holder ON action_point (dossier_holder_id);
CREATE INDEX IF NOT EXISTS action_article_article ON action_article (article_number);
