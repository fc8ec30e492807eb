-- summary-en: a counter of what the national picture shows, so its page is kept ready on SQLite too
-- summary-nl: een teller van wat het landelijke beeld laat zien, zodat die pagina ook bij SQLite klaar kan staan
-- 0020 (SQLite): the national picture at the root of a deployment with several
-- municipalities reads one file per municipality (q_national_all.c). Its ready
-- page is kept under the sum of these counters over all files
-- (store_deployment_version): each file's counter moves, in the same
-- transaction, with every change to what the page reads from it, and with
-- nothing else (a draft update, a person, a fund leave it alone). The page
-- reads: the registry (municipality), the survey (lia_survey), the CRPD
-- articles, and per municipality its organisation, programme, themes, number
-- of action points, published periods, published state of each action point
-- (action_point_state.pub_*) and action articles (store_published_summary,
-- q_national.c). A counter only grows, so the sum only grows.
CREATE TABLE lia_national_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n INTEGER NOT NULL
);
INSERT INTO lia_national_version (id, n) VALUES (1, 0);

CREATE TRIGGER lia_national_municipality_insert AFTER INSERT ON municipality
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_municipality_update AFTER UPDATE ON municipality
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_municipality_delete AFTER DELETE ON municipality
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_lia_survey_insert AFTER INSERT ON lia_survey
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_lia_survey_update AFTER UPDATE ON lia_survey
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_lia_survey_delete AFTER DELETE ON lia_survey
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_crpd_article_insert AFTER INSERT ON crpd_article
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_crpd_article_update AFTER UPDATE ON crpd_article
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_crpd_article_delete AFTER DELETE ON crpd_article
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_organisation_insert AFTER INSERT ON organisation
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_organisation_update AFTER UPDATE ON organisation
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_organisation_delete AFTER DELETE ON organisation
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_programme_insert AFTER INSERT ON programme
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_programme_update AFTER UPDATE ON programme
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_programme_delete AFTER DELETE ON programme
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_theme_insert AFTER INSERT ON theme
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_theme_update AFTER UPDATE ON theme
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_theme_delete AFTER DELETE ON theme
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_reporting_period_insert AFTER INSERT ON reporting_period
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_reporting_period_update AFTER UPDATE ON reporting_period
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_reporting_period_delete AFTER DELETE ON reporting_period
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_action_article_insert AFTER INSERT ON action_article
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_action_article_update AFTER UPDATE ON action_article
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_action_article_delete AFTER DELETE ON action_article
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_action_point_insert AFTER INSERT ON action_point
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_action_point_delete AFTER DELETE ON action_point
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER lia_national_action_point_state_update AFTER UPDATE ON action_point_state
  WHEN OLD.pub_status IS NOT NEW.pub_status OR OLD.pub_health IS NOT NEW.pub_health
    OR OLD.pub_update_id IS NOT NEW.pub_update_id OR OLD.pub_period_id IS NOT NEW.pub_period_id
BEGIN
  UPDATE lia_national_version SET n = n + 1 WHERE id = 1;
END;
