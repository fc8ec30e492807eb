-- lia demo data: the Actieprogramma Inclusie 2021-2024 'Iedereen doet mee'
-- of the gemeente Nijmegen, after the seed letter to the council (second
-- progress report, 2023). All people, most partner organisations, numbers,
-- amounts, interviews and notes are invented example data.
--
-- Run by `lia demo` in one transaction, after the migrations, on a database
-- where crpd_article and lia_survey are already filled. Portable SQL
-- (SQLite and PostgreSQL): explicit integer ids, single-quoted strings,
-- dates 'YYYY-MM-DD', times 'YYYY-MM-DDTHH:MM:SSZ', money in integer cents.
-- user_account, audit_entry and lia_survey_response stay empty.

-- ---------------------------------------------------------------------------
-- organisation
-- ---------------------------------------------------------------------------
INSERT INTO organisation (id, kind, name, cbs_code, website, description) VALUES
  (1, 'municipality', 'Gemeente Nijmegen', 'GM0268', NULL,
   'De gemeente Nijmegen voert het Actieprogramma Inclusie uit, samen met partners in de stad.'),
  (2, 'partner', 'Ixta Noa', NULL, NULL,
   'Ixta Noa is een plek waar mensen met psychische kwetsbaarheid elkaar helpen bij hun herstel.'),
  (3, 'partner', 'Zelfregiecentrum Nijmegen', NULL, NULL,
   'Het Zelfregiecentrum is een plek van en voor inwoners die zelf de regie over hun leven willen houden.'),
  (4, 'partner', 'Nijmeegse Coalitie voor Inclusie', NULL, NULL,
   'De Coalitie is een groep inwoners en organisaties die samen werken aan een stad waar iedereen mee kan doen.'),
  (5, 'partner', 'Woonstichting Waalhuis', NULL, 'https://waalhuis.example.org',
   'Een woningcorporatie met betaalbare huurwoningen in de stad (voorbeeld).'),
  (6, 'partner', 'Stichting Sport en Spel Waalstad', NULL, 'https://sportenspel.example.org',
   'Een stichting die sportclubs en speeltuinen helpt om iedereen welkom te heten (voorbeeld).'),
  (7, 'partner', 'Samenwerkingsverband Onderwijs Waalstad', NULL, 'https://onderwijs-waalstad.example.org',
   'Scholen die samen zorgen voor een passende plek voor elk kind (voorbeeld).');

-- ---------------------------------------------------------------------------
-- programme
-- ---------------------------------------------------------------------------
INSERT INTO programme (id, organisation_id, title, subtitle, start_year, end_year, adopted_on, lia_phase, description, is_example) VALUES
  (1, 1, 'Actieprogramma Inclusie 2021-2024', 'Iedereen doet mee', 2021, 2024, '2021-07-08', 'in_uitvoering',
   'In dit programma werken de gemeente en partners in de stad samen aan een Nijmegen waar iedereen mee kan doen. Ook mensen met een beperking. Het programma is de Lokale Inclusie Agenda van Nijmegen en hoort bij het VN-verdrag Handicap. Dit is voorbeelddata.',
   1);

-- ---------------------------------------------------------------------------
-- theme
-- ---------------------------------------------------------------------------
INSERT INTO theme (id, programme_id, position, slug, name_nl, name_en, description_nl, description_en) VALUES
  (1, 1, 1, 'werk', 'Werk', 'Work',
   'Iedereen die wil en kan werken, krijgt een eerlijke kans op een baan. Ook mensen met een beperking. De gemeente geeft zelf het goede voorbeeld.',
   'Everyone who wants to and can work gets a fair chance at a job, including people with a disability. The municipality sets a good example as an employer.'),
  (2, 1, 2, 'onderwijs', 'Onderwijs', 'Education',
   'Alle kinderen leren en spelen samen, zo dicht mogelijk bij huis. Kinderen met een beperking horen er vanaf het begin bij.',
   'All children learn and play together, as close to home as possible. Children with a disability belong from the very start.'),
  (3, 1, 3, 'zorg-en-ondersteuning', 'Zorg en ondersteuning', 'Care and support',
   'Inwoners krijgen de hulp en zorg die bij hen past. Ze houden zelf de regie. Ervaringsdeskundigen denken en werken mee.',
   'Residents get the care and support that fit them and stay in control of their own lives. Experience experts help to shape and deliver it.'),
  (4, 1, 4, 'participatie', 'Participatie', 'Participation',
   'Iedereen kan meedoen in de stad: sporten, spelen, cultuur, stemmen en meepraten over plannen van de gemeente.',
   'Everyone can take part in city life: sport, play, culture, voting and having a say in the plans of the municipality.'),
  (5, 1, 5, 'bouwen-en-wonen', 'Bouwen en wonen', 'Building and housing',
   'Er zijn genoeg woningen die passen bij mensen met een beperking. Gebouwen, straten en pleinen zijn voor iedereen goed te gebruiken.',
   'There are enough homes that suit people with a disability. Buildings, streets and squares are easy to use for everyone.'),
  (6, 1, 6, 'vervoer', 'Vervoer', 'Transport',
   'Iedereen kan zelfstandig door de stad reizen. Met de bus, de fiets, de scootmobiel, de auto of te voet.',
   'Everyone can get around the city independently: by bus, bike, mobility scooter, car or on foot.'),
  (7, 1, 7, 'gemeente-als-organisatie', 'Gemeente als organisatie', 'The municipality as an organisation',
   'De gemeente is zelf toegankelijk. De website, brieven, documenten en balies zijn voor iedereen te gebruiken. Bij nieuw beleid denken we direct aan inclusie.',
   'The municipality itself is accessible. Its website, letters, documents and service desks work for everyone. Inclusion is part of every new policy from the start.');

-- ---------------------------------------------------------------------------
-- theme_article (articles 10-18, 22, 23 and 32-50 stay uncovered on purpose)
-- ---------------------------------------------------------------------------
INSERT INTO theme_article (theme_id, article_number) VALUES
  (1, 27), (1, 5),
  (2, 24), (2, 7),
  (3, 19), (3, 25), (3, 26),
  (4, 29), (4, 30), (4, 8),
  (5, 9), (5, 19), (5, 28),
  (6, 9), (6, 20),
  (7, 4), (7, 9), (7, 21), (7, 31);

-- ---------------------------------------------------------------------------
-- person (invented people; e-mail only at example.nl / example.org)
-- ---------------------------------------------------------------------------
INSERT INTO person (id, name, organisation_id, job_title, email, phone, is_municipal, is_experience_expert, communication_needs, consent_recorded_on) VALUES
  (1,  'Marloes Verhoeven',   1, 'Beleidsadviseur inclusie, coördinator Actieprogramma Inclusie', 'm.verhoeven@example.nl', NULL, 1, 0, NULL, NULL),
  (2,  'Youssef El Amrani',   1, 'Beleidsadviseur sociaal domein',          'y.elamrani@example.nl',    NULL, 1, 0, NULL, NULL),
  (3,  'Ingrid Hermsen',      1, 'Beleidsadviseur fysiek domein',           'i.hermsen@example.nl',     NULL, 1, 0, NULL, NULL),
  (4,  'Bart Janssen',        1, 'Beleidsadviseur werk en inkomen',         'b.janssen@example.nl',     NULL, 1, 0, NULL, NULL),
  (5,  'Fatma Yilmaz',        1, 'Beleidsadviseur onderwijs',               'f.yilmaz@example.nl',      NULL, 1, 0, NULL, NULL),
  (6,  'Ruud van Dijk',       1, 'Beleidsadviseur zorg en ondersteuning (Wmo)', 'r.vandijk@example.nl', NULL, 1, 0, NULL, NULL),
  (7,  'Sanne de Boer',       1, 'Beleidsadviseur sport en bewegen',        's.deboer@example.nl',      NULL, 1, 0, NULL, NULL),
  (8,  'Priya Ramdin',        1, 'Beleidsadviseur wonen',                   'p.ramdin@example.nl',      NULL, 1, 0, NULL, NULL),
  (9,  'Kees Arts',           1, 'Verkeerskundige',                         'k.arts@example.nl',        NULL, 1, 0, NULL, NULL),
  (10, 'Linda Peters',        1, 'Programmamanager Betrouwbare en Moderne Dienstverlening', 'l.peters@example.nl', NULL, 1, 0, NULL, NULL),
  (11, 'Thijs Willems',       1, 'Adviseur digitale toegankelijkheid',      't.willems@example.nl',     NULL, 1, 0, NULL, NULL),
  (12, 'Noor Bakker',         1, 'Coördinator verkiezingen',                'n.bakker@example.nl',      NULL, 1, 0, NULL, NULL),
  (13, 'Erik Gerritsen',      1, 'HR-adviseur',                             'e.gerritsen@example.nl',   NULL, 1, 0, NULL, NULL),
  (14, 'Lotte van den Berg',  1, 'Communicatieadviseur',                    'l.vandenberg@example.nl',  NULL, 1, 0, NULL, NULL),
  (15, 'Mohamed Bouzid',      2, 'Ervaringsdeskundige',                     'm.bouzid@example.org',     NULL, 0, 1,
   'Graag de stukken een week van tevoren, dan kan ik ze rustig lezen.', '2022-01-20'),
  (16, 'Anneke Lamers',       3, 'Ervaringsdeskundige',                     'a.lamers@example.org',     NULL, 0, 1, NULL, NULL),
  (17, 'Jeroen Hendriks',     4, 'Ervaringsdeskundige, voorzitter projectgroep', 'j.hendriks@example.org', NULL, 0, 1,
   'Gebruikt een schermlezer: stuur documenten als toegankelijke pdf of Word.', '2021-09-01'),
  (18, 'Esther Vos',          4, 'Ervaringsdeskundige',                     'e.vos@example.org',        NULL, 0, 1,
   'Gebarentolk nodig bij overleg. Contact liever per e-mail of chat dan per telefoon.', '2021-09-01'),
  (19, 'Daan Smits',          3, 'Ervaringsdeskundige',                     'd.smits@example.org',      NULL, 0, 1,
   'Graag informatie in makkelijke taal.', '2022-03-10'),
  (20, 'Wilma Kersten',       NULL, 'Ervaringsdeskundige (inwoner)',        'wilma.kersten@example.org', NULL, 0, 1, NULL, NULL);

-- ---------------------------------------------------------------------------
-- project_member (the project group)
-- ---------------------------------------------------------------------------
INSERT INTO project_member (programme_id, person_id, role, since) VALUES
  (1, 1,  'coordinator', '2021-07-08'),
  (1, 17, 'voorzitter',  '2021-09-01'),
  (1, 2,  'lid',         '2021-07-08'),
  (1, 3,  'lid',         '2021-07-08'),
  (1, 15, 'lid',         '2021-09-01'),
  (1, 16, 'lid',         '2021-09-01'),
  (1, 18, 'lid',         '2021-09-01'),
  (1, 14, 'secretaris',  '2022-01-01');

-- ---------------------------------------------------------------------------
-- action_point
-- ---------------------------------------------------------------------------
INSERT INTO action_point (id, theme_id, code, title, description, dossier_holder_id, starts_on, due_on, created_at) VALUES
  -- werk
  (1, 1, 'WRK-01', 'Meer banen bij de gemeente voor mensen met een beperking',
   'De gemeente wil zelf het goede voorbeeld geven. We maken vacatures en sollicitaties toegankelijk. Zo krijgen meer mensen met een beperking een baan bij de gemeente.',
   13, '2021-09-01', '2024-12-31', '2021-07-08T09:00:00Z'),
  (2, 1, 'WRK-02', 'Werkgevers helpen om mensen met een beperking aan te nemen',
   'Het werkgeversservicepunt geeft werkgevers advies en hulp. Bijvoorbeeld over subsidie, een aangepaste werkplek of begeleiding op het werk.',
   4, '2021-10-01', '2024-12-31', '2021-07-08T09:00:00Z'),
  (3, 1, 'WRK-03', 'Sneller hulp bij een aangepaste werkplek',
   'Wie werkt en een beperking heeft, moet snel hulp krijgen. Denk aan een jobcoach, een aangepaste stoel of een aangepaste computer. We maken de aanvraag korter en makkelijker.',
   4, '2022-03-01', '2024-06-30', '2021-07-08T09:00:00Z'),
  (4, 1, 'WRK-04', 'Betaald werk voor ervaringsdeskundigen',
   'Ervaringsdeskundigen doen belangrijk werk. Daar hoort een eerlijke vergoeding of een betaalde baan bij. We maken afspraken over betaling en opleiding.',
   2, '2021-11-01', '2024-12-31', '2021-07-08T09:00:00Z'),
  (5, 1, 'WRK-05', 'Stages voor jongeren met een beperking',
   'Jongeren uit het speciaal onderwijs en het praktijkonderwijs krijgen hulp bij het vinden van een stage. Zo zetten ze een eerste stap naar werk.',
   4, '2022-01-01', '2023-12-31', '2021-07-08T09:00:00Z'),
  -- onderwijs
  (6, 2, 'OND-01', 'Vroeg-inclusie: jonge kinderen groeien samen op',
   'Kinderen met en zonder beperking gaan samen naar de kinderopvang en de peuterspeelzaal. Zo leren ze elkaar al jong kennen. Dit helpt om te voorkomen dat kinderen later apart naar school gaan.',
   5, '2021-09-01', '2024-12-31', '2021-07-08T09:00:00Z'),
  (7, 2, 'OND-02', 'Geen kind thuis zonder school',
   'Sommige kinderen gaan niet naar school, omdat er geen passende plek is. Samen met de scholen zoeken we voor elk kind een plek. Het liefst op een gewone school in de buurt.',
   5, '2021-09-01', '2024-12-31', '2021-07-08T09:00:00Z'),
  (8, 2, 'OND-03', 'Toegankelijke schoolgebouwen',
   'Bij nieuwbouw en verbouw van scholen letten we op toegankelijkheid. Denk aan een lift, brede deuren en een rustige ruimte.',
   3, '2022-01-01', '2025-12-31', '2021-07-08T09:00:00Z'),
  (9, 2, 'OND-04', 'Leerlingenvervoer dat past en op tijd is',
   'Sommige leerlingen hebben vervoer nodig naar school. Dat vervoer moet veilig en op tijd zijn. Kinderen die het kunnen, leren zelf reizen.',
   5, '2022-08-01', '2024-07-31', '2021-07-08T09:00:00Z'),
  (10, 2, 'OND-05', 'Gastlessen van ervaringsdeskundigen op school',
   'Ervaringsdeskundigen vertellen in de klas hoe het is om een beperking te hebben. Zo leren kinderen elkaar beter begrijpen.',
   5, '2022-09-01', '2024-12-31', '2021-07-08T09:00:00Z'),
  -- zorg en ondersteuning
  (11, 3, 'ZRG-01', 'Pilot: ervaringsdeskundigen in Buurtteams',
   'In een paar Buurtteams werken ervaringsdeskundigen mee. Zij helpen inwoners vanuit hun eigen ervaring. We kijken wat dit oplevert.',
   6, '2021-10-01', '2023-06-30', '2021-07-08T09:00:00Z'),
  (12, 3, 'ZRG-02', 'Ervaringsdeskundigen in alle 10 Buurtteams',
   'De pilot was een succes. Daarom komen er in alle 10 Buurtteams ervaringsdeskundigen. We regelen de afspraken, de begeleiding en de vergoeding.',
   6, '2023-09-01', '2025-12-31', '2023-07-03T10:00:00Z'),
  (13, 3, 'ZRG-03', 'Handreiking ervaringsdeskundigheid in het sociaal domein',
   'Een handreiking is een soort handleiding. Hierin staat hoe je ervaringsdeskundigen goed inzet en betaalt. De handreiking is voor de gemeente en voor organisaties in zorg en welzijn.',
   2, '2021-09-01', '2023-06-30', '2021-07-08T09:00:00Z'),
  (14, 3, 'ZRG-04', 'Cliëntondersteuning bekender maken',
   'Iedereen mag gratis hulp krijgen van een onafhankelijke cliëntondersteuner. Bijvoorbeeld bij een gesprek over zorg. Nog niet iedereen weet dat. We maken dit beter bekend.',
   6, '2021-07-08', '2024-12-31', '2021-07-08T09:00:00Z'),
  (15, 3, 'ZRG-05', 'De Wmo-aanvraag makkelijker maken',
   'De brieven en formulieren voor de Wmo zijn vaak moeilijk. We schrijven ze opnieuw, in makkelijke taal. Ervaringsdeskundigen lezen mee.',
   6, '2022-01-01', '2024-06-30', '2021-07-08T09:00:00Z'),
  (16, 3, 'ZRG-06', 'Eigen app met hulp en zorg in de wijk',
   'Het plan was een app met alle hulp en zorg in de wijk. Zo zou iedereen snel de juiste hulp vinden.',
   2, '2021-11-01', '2023-06-30', '2021-07-08T09:00:00Z'),
  -- participatie
  (17, 4, 'PAR-01', 'Toegankelijk samen spelen',
   'Speelplekken moeten geschikt zijn voor alle kinderen. Ook voor kinderen in een rolstoel of met een andere beperking. Dit is een belangrijk deel van het uitvoeringskader BOSS (Bewegen, ontmoeten, spelen en sporten).',
   7, '2021-10-01', '2025-12-31', '2021-07-08T09:00:00Z'),
  (18, 4, 'PAR-02', 'Sporten en bewegen voor iedereen',
   'Iedereen kan sporten bij een club in de buurt. Sportclubs krijgen hulp om mensen met een beperking welkom te heten. Ook dit hoort bij BOSS.',
   7, '2022-01-01', '2025-12-31', '2021-07-08T09:00:00Z'),
  (19, 4, 'PAR-03', 'Toegankelijke stembureaus',
   'Iedereen moet zelfstandig kunnen stemmen. Alle stembureaus zijn goed bereikbaar en er is hulp voor wie dat nodig heeft. Bijvoorbeeld een leesloep of een stemmal voor mensen die slecht zien.',
   12, '2021-09-01', '2024-12-31', '2021-07-08T09:00:00Z'),
  (20, 4, 'PAR-04', 'Week van de Toegankelijkheid',
   'Elk jaar in oktober is de Week van de Toegankelijkheid. Samen met partners laten we zien wat goed gaat en wat beter moet. Iedereen kan meedoen.',
   14, '2022-06-01', '2024-12-31', '2021-07-08T09:00:00Z'),
  (21, 4, 'PAR-05', 'Cultuur voor iedereen',
   'Musea, theaters en de bibliotheek worden beter toegankelijk. Denk aan plekken voor rolstoelen, ringleidingen en voorstellingen met een tolk.',
   2, '2022-03-01', '2024-12-31', '2021-07-08T09:00:00Z'),
  (22, 4, 'PAR-06', 'Meedenken over plannen van de gemeente',
   'Mensen met een beperking praten mee over plannen van de gemeente. Dat doen ze vanaf het begin, niet pas aan het eind. We werken met een vast meedenkpanel.',
   1, '2021-07-08', '2024-12-31', '2021-07-08T09:00:00Z'),
  -- bouwen en wonen
  (23, 5, 'BWN-01', 'Inclusief wonen: na de werkconferentie',
   'In december 2023 is de Werkconferentie Inclusief Wonen. Daar maken we samen afspraken. Daarna werken we die afspraken uit in een plan.',
   8, '2023-06-01', '2024-12-31', '2023-05-15T10:00:00Z'),
  (24, 5, 'BWN-02', 'Meer woningen voor mensen met een beperking',
   'Er zijn te weinig woningen voor mensen in een rolstoel of met een andere beperking. We maken afspraken met de woningcorporatie over nieuwe en aangepaste woningen.',
   8, '2021-09-01', '2025-12-31', '2021-07-08T09:00:00Z'),
  (25, 5, 'BWN-03', 'Toegankelijke straten en pleinen',
   'Stoepen, oversteekplaatsen en pleinen moeten voor iedereen goed te gebruiken zijn. We passen het handboek voor de openbare ruimte aan. Bij elk nieuw project letten we hierop.',
   3, '2021-07-08', '2024-12-31', '2021-07-08T09:00:00Z'),
  (26, 5, 'BWN-04', 'Toegankelijke openbare toiletten in de binnenstad',
   'In de binnenstad zijn te weinig toiletten die je met een rolstoel kunt gebruiken. We zoeken plekken voor nieuwe toiletten. We maken ook afspraken met winkels en cafés.',
   3, '2022-01-01', '2024-12-31', '2021-07-08T09:00:00Z'),
  (27, 5, 'BWN-05', 'Gebouwen van de gemeente toegankelijk',
   'Het stadhuis, de wijkcentra en andere gebouwen van de gemeente moeten voor iedereen te gebruiken zijn. We laten ze controleren en verbeteren wat nodig is.',
   3, '2021-10-01', '2024-12-31', '2021-07-08T09:00:00Z'),
  (28, 5, 'BWN-06', 'Een eigen woning na een instelling',
   'Mensen die uit een instelling of beschermd wonen komen, hebben een passende woning nodig. Met hulp in de buurt als dat nodig is.',
   8, '2024-01-01', '2025-12-31', '2023-11-20T10:00:00Z'),
  -- vervoer
  (29, 6, 'VER-01', 'Toegankelijke bushaltes',
   'We maken bushaltes hoger, zodat je makkelijk in en uit de bus stapt. Ook met een rolstoel of rollator. Er komen geleidelijnen voor mensen die slecht zien.',
   9, '2021-07-08', '2025-12-31', '2021-07-08T09:00:00Z'),
  (30, 6, 'VER-02', 'Veilige looproutes naar haltes en station',
   'De weg naar de bushalte of het station moet vrij en veilig zijn. Zonder hoge stoepranden of obstakels. We beginnen met de drukste routes.',
   9, '2022-06-01', '2025-12-31', '2021-07-08T09:00:00Z'),
  (31, 6, 'VER-03', 'Wmo-vervoer dat op tijd is',
   'Veel mensen reizen met het Wmo-vervoer. Dat vervoer moet op tijd zijn. Chauffeurs moeten weten hoe ze reizigers goed helpen.',
   6, '2021-07-08', '2024-12-31', '2021-07-08T09:00:00Z'),
  (32, 6, 'VER-04', 'Gehandicaptenparkeerkaart sneller regelen',
   'Het aanvragen van een gehandicaptenparkeerkaart duurde lang. We maken de aanvraag korter en sneller.',
   9, '2021-10-01', '2023-12-31', '2021-07-08T09:00:00Z'),
  (33, 6, 'VER-05', 'Minder paaltjes en obstakels op fietspaden',
   'Paaltjes en hekjes op fietspaden zijn lastig voor mensen met een driewieler, handbike of scootmobiel. We halen paaltjes weg die niet nodig zijn.',
   9, '2024-03-01', '2025-06-30', '2023-12-05T10:00:00Z'),
  -- gemeente als organisatie
  (34, 7, 'GEM-01', 'Tolkcontact: de gemeente bellen in gebarentaal, spraak of tekst',
   'Via de website kunnen inwoners de gemeente bellen met een tolk. Dat kan in gebarentaal, met spraak of met tekst. Dit hoort bij de opgave Betrouwbare en Moderne Dienstverlening.',
   10, '2021-10-01', '2023-12-31', '2021-07-08T09:00:00Z'),
  (35, 7, 'GEM-02', 'Toegankelijke website van de gemeente',
   'De website van de gemeente moet voldoen aan de regels voor digitale toegankelijkheid (WCAG). We laten de website elk jaar testen en lossen fouten op.',
   11, '2021-07-08', '2024-12-31', '2021-07-08T09:00:00Z'),
  (36, 7, 'GEM-03', 'Toegankelijke documenten en formulieren',
   'Veel documenten op de website zijn pdf-bestanden. Die zijn vaak niet te lezen met een schermlezer. We maken nieuwe documenten toegankelijk. Oude documenten die veel gelezen worden, verbeteren we.',
   11, '2022-01-01', '2024-12-31', '2021-07-08T09:00:00Z'),
  (37, 7, 'GEM-04', 'Brieven in begrijpelijke taal',
   'Brieven van de gemeente moeten makkelijk te lezen zijn. We schrijven de brieven die we het meest versturen opnieuw, op taalniveau B1.',
   10, '2021-09-01', '2024-12-31', '2021-07-08T09:00:00Z'),
  (38, 7, 'GEM-05', 'Medewerkers leren over het VN-verdrag',
   'Medewerkers van de gemeente leren wat het VN-verdrag Handicap betekent voor hun werk. Ervaringsdeskundigen geven de training mee.',
   13, '2022-01-01', '2024-12-31', '2021-07-08T09:00:00Z'),
  (39, 7, 'GEM-06', 'Inclusietoets bij nieuw beleid',
   'Bij elk nieuw plan kijken we meteen of het goed is voor mensen met een beperking. Daarvoor is er een korte lijst met vragen: de inclusietoets.',
   1, '2021-11-01', '2024-12-31', '2021-07-08T09:00:00Z'),
  (40, 7, 'GEM-07', 'Cijfers over inclusie verzamelen',
   'We willen weten of het beter gaat. Daarom verzamelen we cijfers, bijvoorbeeld uit de stadspeiling. Zo zien we wat werkt.',
   2, '2023-01-01', '2024-12-31', '2022-12-12T10:00:00Z');

-- ---------------------------------------------------------------------------
-- action_partner
-- ---------------------------------------------------------------------------
INSERT INTO action_partner (action_point_id, organisation_id) VALUES
  (1, 4),
  (2, 4),
  (3, 3),
  (4, 2), (4, 3),
  (5, 7),
  (6, 7),
  (7, 7),
  (8, 7),
  (10, 2), (10, 4),
  (11, 2), (11, 3),
  (12, 2), (12, 3),
  (13, 2), (13, 3), (13, 4),
  (14, 3),
  (15, 4),
  (17, 6), (17, 4),
  (18, 6),
  (19, 4),
  (20, 2), (20, 3), (20, 4), (20, 6),
  (21, 4),
  (22, 2), (22, 3), (22, 4),
  (23, 5), (23, 4), (23, 3),
  (24, 5),
  (25, 4),
  (26, 4),
  (27, 4),
  (28, 5), (28, 2),
  (30, 4),
  (31, 4),
  (33, 4),
  (34, 4),
  (35, 4),
  (36, 4),
  (38, 2), (38, 4),
  (39, 4);

-- ---------------------------------------------------------------------------
-- action_article
-- ---------------------------------------------------------------------------
INSERT INTO action_article (action_point_id, article_number) VALUES
  (1, 27), (1, 5),
  (2, 27),
  (3, 27), (3, 26),
  (4, 27),
  (5, 27), (5, 24),
  (6, 24), (6, 7),
  (7, 24), (7, 7),
  (8, 24), (8, 9),
  (9, 24), (9, 20),
  (10, 8), (10, 24),
  (11, 19), (11, 26),
  (12, 19), (12, 26), (12, 27),
  (13, 4), (13, 19),
  (14, 19), (14, 21),
  (15, 19), (15, 21),
  (16, 19), (16, 21),
  (17, 30), (17, 7), (17, 9),
  (18, 30),
  (19, 29), (19, 9),
  (20, 8), (20, 9),
  (21, 30),
  (22, 29), (22, 4),
  (23, 19), (23, 28),
  (24, 19), (24, 28), (24, 9),
  (25, 9), (25, 20),
  (26, 9),
  (27, 9),
  (28, 19),
  (29, 9), (29, 20),
  (30, 9), (30, 20),
  (31, 20),
  (32, 20),
  (33, 20), (33, 9),
  (34, 21), (34, 9),
  (35, 21), (35, 9),
  (36, 21), (36, 9),
  (37, 21),
  (38, 8), (38, 4),
  (39, 4),
  (40, 31);

-- ---------------------------------------------------------------------------
-- reporting_period
-- Period 1 is inserted open; it is published after its updates (below),
-- because the guard trigger refuses updates in a published period.
-- ---------------------------------------------------------------------------
INSERT INTO reporting_period (id, programme_id, seq, name, starts_on, ends_on, state, published_at) VALUES
  (1, 1, 1, '1e voortgangsrapportage 2021', '2021-07-08', '2021-12-21', 'open', NULL),
  (2, 1, 2, '2e voortgangsrapportage 2023', '2022-01-01', '2023-12-31', 'open', NULL);

-- ---------------------------------------------------------------------------
-- interview (period 2; every one by a duo: municipal employee + experience expert)
-- restricted_notes always contain the marker VERTROUWELIJK: never public.
-- ---------------------------------------------------------------------------
INSERT INTO interview (id, programme_id, theme_id, period_id, held_on, public_summary, restricted_notes, created_at) VALUES
  (1, 1, 1, 2, '2023-09-12',
   'Gesprek over werk. Er werken meer mensen met een beperking bij de gemeente. Goede begeleiding op de werkplek blijft wel nodig.',
   'VERTROUWELIJK. De dossierhouder vertelde over een nieuwe collega (mevrouw R.) die na drie maanden is uitgevallen door overprikkeling. Zij wil niet dat dit bekend wordt. Afspraak: HR neemt contact met haar op.',
   '2023-09-12T15:30:00Z'),
  (2, 1, 2, 2, '2023-09-19',
   'Gesprek over onderwijs. Vroeg-inclusie loopt goed op vier locaties. Er zijn nog te veel kinderen zonder passende plek op school.',
   'VERTROUWELIJK. Een moeder heeft een klacht ingediend over haar zoon (10 jaar, epilepsie). Hij zit al 14 maanden thuis zonder school. Klachtnummer KL-2023-0217. Niet delen buiten de projectgroep.',
   '2023-09-19T15:00:00Z'),
  (3, 1, 3, 2, '2023-09-26',
   'Gesprek over zorg en ondersteuning. De handreiking ervaringsdeskundigheid is vastgesteld. De brieven over de Wmo worden begrijpelijker.',
   'VERTROUWELIJK. Daan Smits gaf aan dat hij door zijn eigen ziekte de laatste maanden minder kon doen. Hij wil dit niet in het verslag. Afspraak: in het voorjaar doet hij minder interviews.',
   '2023-09-26T14:45:00Z'),
  (4, 1, 4, 2, '2023-10-10',
   'Gesprek over spelen en sporten in het kader BOSS. Drie speeltuinen zijn aangepast. Sportclubs willen graag meer mensen met een beperking ontvangen.',
   'VERTROUWELIJK. Een vader meldde dat zijn dochter (rolstoelgebruiker) bij een sportclub werd geweigerd. De namen van de club en het gezin zijn bekend bij de dossierhouder. Dit wordt apart uitgezocht.',
   '2023-10-10T16:00:00Z'),
  (5, 1, 4, 2, '2023-10-17',
   'Gesprek over meedoen. De stembureaus waren toegankelijk en de Week van de Toegankelijkheid was een succes. Cultuur is nog niet overal toegankelijk.',
   'VERTROUWELIJK. Een lid van het meedenkpanel heeft een klacht over hoe een medewerker hem heeft behandeld. De klacht loopt via de klachtencoördinator. Naam en gegevens staan in het klachtendossier.',
   '2023-10-17T15:15:00Z'),
  (6, 1, 5, 2, '2023-10-24',
   'Gesprek over wonen. Er zijn te weinig rolstoelwoningen gebouwd. De werkconferentie in december moet leiden tot duidelijke afspraken.',
   'VERTROUWELIJK. Wilma Kersten vertelde over haar eigen woonsituatie: zij wacht al vier jaar op een rolstoelwoning en slaapt in de woonkamer. Ze wil niet dat dit openbaar wordt.',
   '2023-10-24T15:00:00Z'),
  (7, 1, 6, 2, '2023-10-31',
   'Gesprek over vervoer. De bushaltes worden volgens plan aangepast. Het Wmo-vervoer is vaak te laat. Dat is een knelpunt.',
   'VERTROUWELIJK. Een reiziger (meneer B., 78 jaar, dementie) is in september door de taxi op het verkeerde adres afgezet. Dit is gemeld bij de vervoerder onder kenmerk INC-2023-0931.',
   '2023-10-31T14:30:00Z'),
  (8, 1, 7, 2, '2023-11-07',
   'Gesprek over de dienstverlening van de gemeente. Tolkcontact staat op de website. De website is beter toegankelijk, maar veel pdf-bestanden nog niet.',
   'VERTROUWELIJK. Esther Vos had bij het vorige overleg geen tolk, omdat de aanvraag te laat was. Zij voelde zich buitengesloten. De coördinator heeft excuses aangeboden.',
   '2023-11-07T15:45:00Z'),
  (9, 1, 7, 2, '2023-11-14',
   'Gesprek over de gemeente als organisatie. Veel medewerkers volgden de training over het VN-verdrag. De inclusietoets wordt nog niet overal gebruikt.',
   'VERTROUWELIJK. Eén afdeling weigert de inclusietoets te gebruiken. De naam van de manager en de e-mails hierover zijn bekend bij de coördinator. Eerst intern bespreken.',
   '2023-11-14T15:00:00Z'),
  (10, 1, 3, 2, '2023-11-21',
   'Vervolggesprek over ervaringsdeskundigen in de Buurtteams. De pilot is afgerond en was een succes. Nu komen er ervaringsdeskundigen in alle 10 Buurtteams.',
   'VERTROUWELIJK. In één Buurtteam was een conflict tussen een ervaringsdeskundige en een collega. Beiden zijn bij naam genoemd. De teamleider begeleidt dit.',
   '2023-11-21T16:00:00Z');

-- ---------------------------------------------------------------------------
-- interview_participant
-- ---------------------------------------------------------------------------
INSERT INTO interview_participant (interview_id, person_id, role) VALUES
  (1, 3,  'interviewer_municipal'), (1, 15, 'interviewer_expert'),
  (1, 13, 'dossier_holder'), (1, 4, 'dossier_holder'), (1, 2, 'dossier_holder'),
  (2, 1,  'interviewer_municipal'), (2, 16, 'interviewer_expert'),
  (2, 5,  'dossier_holder'), (2, 3, 'dossier_holder'),
  (3, 14, 'interviewer_municipal'), (3, 19, 'interviewer_expert'),
  (3, 6,  'dossier_holder'), (3, 2, 'dossier_holder'),
  (4, 3,  'interviewer_municipal'), (4, 20, 'interviewer_expert'),
  (4, 7,  'dossier_holder'),
  (5, 3,  'interviewer_municipal'), (5, 18, 'interviewer_expert'),
  (5, 12, 'dossier_holder'), (5, 14, 'dossier_holder'), (5, 2, 'dossier_holder'), (5, 1, 'dossier_holder'),
  (6, 2,  'interviewer_municipal'), (6, 20, 'interviewer_expert'),
  (6, 8,  'dossier_holder'), (6, 3, 'dossier_holder'),
  (7, 2,  'interviewer_municipal'), (7, 17, 'interviewer_expert'),
  (7, 9,  'dossier_holder'), (7, 6, 'dossier_holder'),
  (8, 14, 'interviewer_municipal'), (8, 17, 'interviewer_expert'), (8, 18, 'interviewer_expert'),
  (8, 10, 'dossier_holder'), (8, 11, 'dossier_holder'),
  (9, 14, 'interviewer_municipal'), (9, 15, 'interviewer_expert'),
  (9, 1,  'dossier_holder'), (9, 13, 'dossier_holder'), (9, 2, 'dossier_holder'),
  (10, 1, 'interviewer_municipal'), (10, 16, 'interviewer_expert'), (10, 19, 'interviewer_expert'),
  (10, 6, 'dossier_holder');

-- ---------------------------------------------------------------------------
-- interview_action
-- ---------------------------------------------------------------------------
INSERT INTO interview_action (interview_id, action_point_id) VALUES
  (1, 1), (1, 2), (1, 3), (1, 4), (1, 5),
  (2, 6), (2, 7), (2, 8), (2, 9), (2, 10),
  (3, 11), (3, 12), (3, 13), (3, 14), (3, 15), (3, 16),
  (4, 17), (4, 18),
  (5, 19), (5, 20), (5, 21), (5, 22),
  (6, 23), (6, 24), (6, 25), (6, 26), (6, 27),
  (7, 29), (7, 30), (7, 31), (7, 32),
  (8, 34), (8, 35), (8, 36), (8, 37),
  (9, 38), (9, 39), (9, 40),
  (10, 11), (10, 12);

-- ---------------------------------------------------------------------------
-- progress_update, period 1 (1e voortgangsrapportage 2021): 25 action points
-- ---------------------------------------------------------------------------
INSERT INTO progress_update (id, action_point_id, period_id, status, health, progress_md, health_cause, health_consequence, health_measures, holder_assessment, expert_assessment, author_id, expert_id, interview_id, created_at) VALUES
  (1, 1, 1, 'in_voorbereiding', 'groen',
   'We zoeken uit welke functies geschikt zijn. HR maakt samen met de afdelingen een plan.',
   '', '', '', 'Een goede start.', '', 13, NULL, NULL, '2021-11-22T10:00:00Z'),
  (2, 2, 1, 'in_voorbereiding', 'groen',
   'Het werkgeversservicepunt maakt een folder voor werkgevers. De eerste gesprekken met werkgevers zijn gepland.',
   '', '', '', '', '', 4, NULL, NULL, '2021-11-22T10:15:00Z'),
  (3, 4, 1, 'niet_gestart', 'grijs',
   'Nog niet gestart. We wachten eerst op de handreiking ervaringsdeskundigheid (ZRG-03).',
   '', '', '', '', '', 2, NULL, NULL, '2021-11-23T09:00:00Z'),
  (4, 5, 1, 'niet_gestart', 'grijs',
   'Nog niet gestart. De start is gepland in 2022.',
   '', '', '', '', '', 4, NULL, NULL, '2021-11-23T09:10:00Z'),
  (5, 6, 1, 'in_voorbereiding', 'groen',
   'Eerste gesprekken met kinderopvang en peuterspeelzalen. We zoeken twee locaties om mee te beginnen.',
   '', '', '', '', '', 5, NULL, NULL, '2021-11-24T11:00:00Z'),
  (6, 7, 1, 'in_uitvoering', 'groen',
   'Er is elke maand overleg met de scholen over kinderen die thuis zitten. Voor elk kind zoeken we een oplossing.',
   '', '', '', 'Het overleg werkt goed.', '', 5, NULL, NULL, '2021-11-24T11:20:00Z'),
  (7, 8, 1, 'niet_gestart', 'grijs',
   'Start in 2022, samen met het nieuwe huisvestingsplan voor scholen.',
   '', '', '', '', '', 3, NULL, NULL, '2021-11-25T09:00:00Z'),
  (8, 11, 1, 'in_voorbereiding', 'groen',
   'Drie Buurtteams doen mee aan de pilot. We zoeken nu ervaringsdeskundigen.',
   '', '', '', '', '', 6, NULL, NULL, '2021-11-29T10:00:00Z'),
  (9, 13, 1, 'in_uitvoering', 'groen',
   'Een werkgroep schrijft de handreiking. Ixta Noa en het Zelfregiecentrum doen mee.',
   '', '', '', 'We liggen op schema.', '', 2, NULL, NULL, '2021-11-29T10:30:00Z'),
  (10, 14, 1, 'in_uitvoering', 'groen',
   'Er is een nieuwe folder. Buurtteams wijzen inwoners vaker op gratis cliëntondersteuning.',
   '', '', '', '', '', 6, NULL, NULL, '2021-11-29T11:00:00Z'),
  (11, 15, 1, 'niet_gestart', 'grijs',
   'Start in 2022.',
   '', '', '', '', '', 6, NULL, NULL, '2021-11-29T11:15:00Z'),
  (12, 16, 1, 'in_voorbereiding', 'groen',
   'We zoeken uit wat de app moet kunnen. We praten hierover met inwoners.',
   '', '', '', '', '', 2, NULL, NULL, '2021-11-30T09:00:00Z'),
  (13, 17, 1, 'in_voorbereiding', 'groen',
   'We maken een lijst van alle speelplekken in de stad. Daarna kiezen we waar we beginnen.',
   '', '', '', '', '', 7, NULL, NULL, '2021-11-30T09:30:00Z'),
  (14, 19, 1, 'in_voorbereiding', 'groen',
   'Voor de verkiezingen van maart 2022 controleren we alle stembureaus op toegankelijkheid.',
   '', '', '', '', '', 12, NULL, NULL, '2021-11-30T10:00:00Z'),
  (15, 22, 1, 'in_uitvoering', 'groen',
   'Het meedenkpanel is gestart. Er doen 24 inwoners mee.',
   '', '', '', 'Mooi dat zoveel mensen willen meedenken.', '', 1, NULL, NULL, '2021-12-01T09:00:00Z'),
  (16, 24, 1, 'in_voorbereiding', 'groen',
   'We werken aan de nieuwe woonvisie. Daarin komt een doel voor het aantal toegankelijke woningen.',
   '', '', '', '', '', 8, NULL, NULL, '2021-12-01T10:00:00Z'),
  (17, 25, 1, 'in_uitvoering', 'groen',
   'Het handboek voor de openbare ruimte wordt aangepast. Ervaringsdeskundigen liepen mee bij een schouw.',
   '', '', '', '', '', 3, NULL, NULL, '2021-12-01T10:30:00Z'),
  (18, 27, 1, 'in_voorbereiding', 'groen',
   'Er komt een onderzoek naar de toegankelijkheid van 12 gebouwen van de gemeente.',
   '', '', '', '', '', 3, NULL, NULL, '2021-12-01T11:00:00Z'),
  (19, 29, 1, 'in_uitvoering', 'groen',
   'In 2021 zijn 14 bushaltes aangepast.',
   '', '', '', '', '', 9, NULL, NULL, '2021-12-02T09:00:00Z'),
  (20, 31, 1, 'in_uitvoering', 'oranje',
   'Er zijn klachten over taxi''s die te laat komen.',
   'Er zijn te weinig chauffeurs. Door corona veranderde het rooster vaak.',
   'Reizigers komen te laat op hun werk, bij de dagbesteding of bij een afspraak.',
   'We praten elke maand met de vervoerder. Er komt een panel van reizigers.',
   'Dit heeft onze aandacht.', '', 6, NULL, NULL, '2021-12-02T09:30:00Z'),
  (21, 32, 1, 'in_voorbereiding', 'groen',
   'We zoeken uit hoe de medische keuring sneller kan.',
   '', '', '', '', '', 9, NULL, NULL, '2021-12-02T10:00:00Z'),
  (22, 34, 1, 'in_voorbereiding', 'groen',
   'We zoeken uit hoe inwoners de gemeente kunnen bellen met een tolk.',
   '', '', '', '', '', 10, NULL, NULL, '2021-12-03T09:00:00Z'),
  (23, 35, 1, 'in_uitvoering', 'groen',
   'De website is getest. Er zijn 38 punten gevonden om te verbeteren. De belangrijkste lossen we eerst op.',
   '', '', '', '', '', 11, NULL, NULL, '2021-12-03T09:30:00Z'),
  (24, 37, 1, 'in_uitvoering', 'groen',
   'De 10 brieven die we het meest versturen, schrijven we opnieuw.',
   '', '', '', '', '', 10, NULL, NULL, '2021-12-03T10:00:00Z'),
  (25, 39, 1, 'in_voorbereiding', 'groen',
   'Een eerste versie van de inclusietoets is klaar. We proberen hem uit bij twee nieuwe plannen.',
   '', '', '', '', '', 1, NULL, NULL, '2021-12-03T10:30:00Z');

-- ---------------------------------------------------------------------------
-- narrative, period 1 (added before the period is published)
-- ---------------------------------------------------------------------------
INSERT INTO narrative (id, period_id, kind, position, title, body_md) VALUES
  (1, 1, 'highlight', 1, 'De projectgroep is gestart',
   'De gemeente en partners in de stad werken samen in een projectgroep. Ook ervaringsdeskundigen doen mee. We maken samen afspraken over hoe we werken.'),
  (2, 1, 'outlook', 1, 'In 2022 starten veel actiepunten',
   'Veel actiepunten zijn nog in voorbereiding. In 2022 gaan we ze uitvoeren. We houden de gemeenteraad op de hoogte.');

-- ---------------------------------------------------------------------------
-- Publish period 1: from now on it is frozen.
-- ---------------------------------------------------------------------------
UPDATE reporting_period SET state = 'published', published_at = '2021-12-21T10:00:00Z' WHERE id = 1;

-- ---------------------------------------------------------------------------
-- progress_update, period 2 (2e voortgangsrapportage 2023): 38 action points
-- (BWN-06 and VER-05 start in 2024 and have no update yet)
-- ---------------------------------------------------------------------------
INSERT INTO progress_update (id, action_point_id, period_id, status, health, progress_md, health_cause, health_consequence, health_measures, holder_assessment, expert_assessment, author_id, expert_id, interview_id, created_at) VALUES
  -- werk
  (26, 1, 2, 'in_uitvoering', 'groen',
   '- Vacatures staan nu ook in makkelijke taal.
- Sinds 2022 zijn 11 mensen met een beperking bij de gemeente gaan werken.
- Leidinggevenden krijgen een korte training.',
   '', '', '',
   'We liggen op schema. Het doel van 20 banen eind 2024 is haalbaar.',
   'Goed dat er banen bijkomen. Let erop dat mensen ook blijven. Daarvoor is goede begeleiding op het werk nodig.',
   13, 15, 1, '2023-12-04T09:00:00Z'),
  (27, 2, 2, 'doorlopend', 'groen',
   'Het werkgeversservicepunt heeft 64 werkgevers geholpen. Er is één vast aanspreekpunt voor vragen over aanpassingen.',
   '', '', '',
   'Dit is nu gewoon werk van het servicepunt. Het loopt goed.',
   'Eens. Wel weten veel kleine werkgevers nog niet dat deze hulp er is.',
   4, 15, 1, '2023-12-04T09:10:00Z'),
  (28, 3, 2, 'in_uitvoering', 'groen',
   'Het aanvraagformulier is korter. De wachttijd ging van gemiddeld 10 naar 6 weken.',
   '', '', '',
   'Een goede stap. We willen naar 4 weken.',
   'Zes weken is nog steeds lang als je al aan het werk bent. Blijf hieraan werken.',
   4, 15, 1, '2023-12-04T09:20:00Z'),
  (29, 4, 2, 'in_uitvoering', 'groen',
   'Er zijn afspraken over een vaste vergoeding voor ervaringsdeskundigen. Twee ervaringsdeskundigen kregen een betaalde baan bij de gemeente.',
   '', '', '',
   'De handreiking helpt veel. We zijn op de goede weg.',
   'Fijn dat dit er is. De vergoeding mag geen gevolgen hebben voor een uitkering. Dat is nog niet overal goed geregeld.',
   2, 15, 1, '2023-12-04T09:30:00Z'),
  (30, 5, 2, 'vervallen', 'grijs',
   'Dit actiepunt is vervallen. Stages voor jongeren met een beperking horen nu bij de aanpak van het regionale werkbedrijf. We volgen het daar.',
   '', '', '',
   'Dubbel werk is niet nodig. De regio doet dit al goed.',
   'Akkoord. Laat in de volgende rapportage wel zien hoeveel jongeren een stage vonden.',
   4, 15, 1, '2023-12-04T09:40:00Z'),
  -- onderwijs
  (31, 6, 2, 'in_uitvoering', 'groen',
   'Op 4 locaties spelen peuters met en zonder beperking samen. De medewerkers kregen extra training.

- 4 locaties in 2023
- 8 locaties gepland in 2024',
   '', '', '',
   'We zetten hier stevig op in. Ouders zijn positief.',
   'Heel mooi. Zorg dat ouders van kinderen met een beperking dit ook horen. Zij horen vaak alleen over speciale opvang.',
   5, 16, 2, '2023-12-05T09:00:00Z'),
  (32, 7, 2, 'in_uitvoering', 'groen',
   'Het aantal kinderen zonder passende plek op school daalde van 31 naar 19. Elk kind heeft een vaste contactpersoon.',
   '', '', '',
   'Er is vooruitgang, maar 19 kinderen is nog te veel.',
   'Ik ben kritischer. Voor deze 19 kinderen duurt het wachten vaak langer dan een jaar. Dat moet sneller.',
   5, 16, 2, '2023-12-05T09:10:00Z'),
  (33, 8, 2, 'in_uitvoering', 'groen',
   'In het nieuwe huisvestingsplan voor scholen staan eisen voor toegankelijkheid. Twee nieuwe scholen worden volgens deze eisen gebouwd.',
   '', '', '',
   'Het staat nu vast in het plan. Dat is een belangrijke stap.',
   'Goed. Vraag ook leerlingen en ouders met een beperking om mee te kijken naar de bouwtekeningen.',
   3, 16, 2, '2023-12-05T09:20:00Z'),
  (34, 9, 2, 'in_uitvoering', 'groen',
   'Er is een nieuwe vervoerder. 35 leerlingen leren zelf reizen met de bus.',
   '', '', '',
   'Het vervoer gaat beter dan vorig jaar.',
   'Ouders zeggen dat de taxi soms nog te laat is. Blijf dat goed volgen.',
   5, 16, 2, '2023-12-05T09:30:00Z'),
  (35, 10, 2, 'doorlopend', 'groen',
   'Ervaringsdeskundigen gaven 42 gastlessen op 15 basisscholen. Scholen vragen zelf om een nieuwe les.',
   '', '', '',
   'Dit loopt goed en gaat gewoon door.',
   'De kinderen stellen mooie vragen. Betaal de gastsprekers wel op tijd.',
   5, 16, 2, '2023-12-05T09:40:00Z'),
  -- zorg en ondersteuning
  (36, 11, 2, 'afgerond', 'grijs',
   'De pilot is afgerond. Inwoners en medewerkers van de Buurtteams zijn positief. Daarom is afgesproken dat er in alle 10 Buurtteams ervaringsdeskundigen komen (zie ZRG-02).',
   '', '', '',
   'Een succes. Ervaringsdeskundigen bereiken inwoners die anders geen hulp vragen.',
   'Ik ben trots op dit resultaat. We hebben veel geleerd over wat ervaringsdeskundigen nodig hebben.',
   6, 16, 10, '2023-12-06T09:00:00Z'),
  (37, 12, 2, 'in_voorbereiding', 'oranje',
   'Alle 10 Buurtteams willen meedoen. We zoeken nu ervaringsdeskundigen en maken afspraken over hun begeleiding.',
   'Het is lastig om genoeg ervaringsdeskundigen te vinden. Ook is nog niet duidelijk wie hen begeleidt.',
   'Niet alle Buurtteams kunnen in 2024 beginnen.',
   'Ixta Noa en het Zelfregiecentrum helpen bij het zoeken. Er komt een vaste begeleider voor elke groep van Buurtteams.',
   'De afspraak staat. Het praktisch regelen kost meer tijd dan gedacht.',
   'Eens met oranje. Een ervaringsdeskundige mag niet alleen komen te staan in een team. Goede begeleiding is echt nodig.',
   6, 16, 10, '2023-12-06T09:10:00Z'),
  (38, 13, 2, 'afgerond', 'grijs',
   'De handreiking ervaringsdeskundigheid is vastgesteld. Er is ook een korte versie in makkelijke taal.',
   '', '', '',
   'Klaar. Nu is het belangrijk dat organisaties de handreiking ook gebruiken.',
   'Goed dat ervaringsdeskundigen zelf meeschreven. Het document is lang. De korte versie helpt.',
   2, 19, 3, '2023-12-06T09:20:00Z'),
  (39, 14, 2, 'doorlopend', 'groen',
   'Meer inwoners vinden de weg naar een cliëntondersteuner: 410 in 2023, tegen 260 in 2021.',
   '', '', '',
   'Een goede groei. We blijven dit bekend maken.',
   'Eens. Vooral mensen met een licht verstandelijke beperking weten het vaak nog niet.',
   6, 19, 3, '2023-12-06T09:30:00Z'),
  (40, 15, 2, 'in_uitvoering', 'groen',
   'Zes van de tien brieven over de Wmo zijn opnieuw geschreven, in makkelijke taal. Ervaringsdeskundigen hebben ze getest.',
   '', '', '',
   'Op schema. De andere brieven volgen in 2024.',
   'De nieuwe brieven zijn veel beter. Het formulier op de website is nog moeilijk.',
   6, 19, 3, '2023-12-06T09:40:00Z'),
  (41, 16, 2, 'vervallen', 'grijs',
   'Dit actiepunt is vervallen. Er is al een landelijke website met dezelfde informatie. We zorgen dat de informatie over Nijmegen daar goed en compleet op staat.',
   '', '', '',
   'Een eigen app kost veel geld en doet hetzelfde. Dit is een betere keuze.',
   'Begrijpelijk. Wel jammer dat er niets op papier is voor mensen zonder computer.',
   2, 19, 3, '2023-12-06T09:50:00Z'),
  -- participatie
  (42, 17, 2, 'in_uitvoering', 'groen',
   'In het uitvoeringskader BOSS staat samen spelen centraal. Drie speeltuinen zijn aangepast, met een rolstoelschommel en verharde paden.',
   '', '', '',
   'Dit is een speerpunt. Elk jaar passen we meer speelplekken aan.',
   'Mooi. Denk ook aan bankjes voor ouders, opa''s en oma''s met een beperking.',
   7, 20, 4, '2023-12-07T09:00:00Z'),
  (43, 18, 2, 'in_uitvoering', 'groen',
   'Twaalf sportclubs hebben nu aanbod voor mensen met een beperking. Een sportcoach helpt de clubs.',
   '', '', '',
   'Clubs doen graag mee. Er is veel vraag.',
   'Goed. Aangepast sportmateriaal is voor veel mensen nog te duur.',
   7, 20, 4, '2023-12-07T09:10:00Z'),
  (44, 19, 2, 'doorlopend', 'groen',
   'Bij de verkiezingen in maart en november 2023 waren alle stembureaus toegankelijk. Er waren stemmallen en leesloepen.',
   '', '', '',
   'Dit hoort nu vast bij elke verkiezing.',
   'Bij twee stembureaus was de ingang niet goed aangegeven. Verder ging het goed.',
   12, 18, 5, '2023-12-07T09:20:00Z'),
  (45, 20, 2, 'doorlopend', 'groen',
   'De Week van de Toegankelijkheid in oktober 2023 was een succes. Partners organiseerden samen meer dan 20 activiteiten.',
   '', '', '',
   'Veel energie en goede samenwerking. Dit willen we elk jaar doen.',
   'Bij de opening waren gebarentolken. Dat was fijn. Regel volgend jaar ook tolken bij de andere activiteiten.',
   14, 18, 5, '2023-12-07T09:30:00Z'),
  (46, 21, 2, 'in_uitvoering', 'oranje',
   'Vier culturele instellingen hebben laten onderzoeken hoe toegankelijk ze zijn. Twee hebben een ringleiding laten aanleggen.',
   'Veel gebouwen zijn oud. Aanpassingen zijn duur en de instellingen hebben weinig geld.',
   'Mensen met een beperking kunnen nog niet overal naar voorstellingen en tentoonstellingen.',
   'We zoeken samen met de instellingen naar subsidie. Toegankelijkheid komt in de nieuwe cultuurnota.',
   'Er is goede wil, maar het gaat langzaam.',
   'Eens met oranje. Goede informatie op de website over toegankelijkheid helpt al veel. En dat kost weinig.',
   2, 18, 5, '2023-12-07T09:40:00Z'),
  (47, 22, 2, 'doorlopend', 'groen',
   'Het meedenkpanel gaf in 2023 advies over 9 plannen. Bijvoorbeeld over de nieuwe woonvisie.',
   '', '', '',
   'Het panel is niet meer weg te denken.',
   'Het panel wordt soms laat gevraagd. Dan is het plan al bijna klaar.',
   1, 18, 5, '2023-12-07T09:50:00Z'),
  -- bouwen en wonen
  (48, 23, 2, 'in_uitvoering', 'groen',
   'Op 7 december 2023 was de Werkconferentie Inclusief Wonen. Er kwamen 85 mensen. Samen maakten we 5 afspraken. Die werken we in 2024 uit.',
   '', '', '',
   'Een goede start. Nu moeten we de afspraken waarmaken.',
   'Een mooie dag, goed geregeld. Er was een prikkelarme ruimte. Het vervolg moet wel concreet worden.',
   8, 20, 6, '2023-12-11T09:00:00Z'),
  (49, 24, 2, 'in_uitvoering', 'rood',
   'In 2023 zijn 18 rolstoelwoningen opgeleverd. Het doel was 40.',
   'Bouwen is veel duurder geworden. Een aantal bouwprojecten is uitgesteld.',
   'Mensen wachten lang op een passende woning. Sommigen moeten in een instelling blijven wonen.',
   'We maken nieuwe afspraken met de woningcorporatie. Bestaande woningen worden vaker aangepast. De wethouder bespreekt dit met de corporaties.',
   'We halen het doel niet. Dit is een knelpunt.',
   'Terecht rood. Ik ken mensen die al jaren wachten. Dit heeft haast.',
   8, 20, 6, '2023-12-11T09:10:00Z'),
  (50, 25, 2, 'in_uitvoering', 'groen',
   'Het nieuwe handboek voor de openbare ruimte is klaar. Ervaringsdeskundigen keken mee. Nieuwe straten voldoen nu aan de eisen.',
   '', '', '',
   'Goed op schema.',
   'Nieuwe straten zijn beter. Oude straten met losse stoeptegels blijven een probleem.',
   3, 20, 6, '2023-12-11T09:20:00Z'),
  (51, 26, 2, 'in_voorbereiding', 'oranje',
   'Er zijn drie mogelijke plekken voor een toegankelijk toilet in de binnenstad.',
   'Het is moeilijk om geschikte plekken te vinden. Ook is het onderhoud duur.',
   'Mensen met een beperking blijven korter in de stad, of komen niet.',
   'In 2024 is er extra geld voor het ontwerp. We praten met ondernemers over het openstellen van hun toilet.',
   'Het gaat langzamer dan we wilden.',
   'Dit is voor veel mensen een groot probleem. Ik snap oranje, maar het voelt als rood.',
   3, 20, 6, '2023-12-11T09:30:00Z'),
  (52, 27, 2, 'in_uitvoering', 'groen',
   'Twaalf gebouwen zijn onderzocht. Het stadhuis heeft nu een automatische deur en een betere lift.',
   '', '', '',
   'We werken de lijst af.',
   'Goed. Bij de balie in het stadhuis mist nog een ringleiding.',
   3, 20, 6, '2023-12-11T09:40:00Z'),
  -- vervoer
  (53, 29, 2, 'in_uitvoering', 'groen',
   '- 2022: 22 bushaltes aangepast
- 2023: 26 bushaltes aangepast

Nu is ongeveer twee derde van de haltes toegankelijk.',
   '', '', '',
   'We liggen op schema voor 2025.',
   'Fijn. Let ook op de geleidelijnen. Die houden soms op vlak voor de halte.',
   9, 17, 7, '2023-12-12T09:00:00Z'),
  (54, 30, 2, 'in_voorbereiding', 'groen',
   'We kozen de vijf drukste routes naar het station. Ervaringsdeskundigen liepen de routes en schreven de knelpunten op.',
   '', '', '',
   'Een goede voorbereiding. Het werk begint in 2024.',
   'De lijst met knelpunten is lang. Begin met de gevaarlijke oversteekplaatsen.',
   9, 17, 7, '2023-12-12T09:10:00Z'),
  (55, 31, 2, 'in_uitvoering', 'rood',
   'Er zijn meer klachten gekomen. In 2023 was 1 op de 8 ritten te laat.',
   'Er zijn te weinig chauffeurs. De vervoerder vindt moeilijk nieuwe mensen.',
   'Reizigers missen afspraken, hun werk of de dagbesteding. Sommigen durven niet meer te reizen.',
   'De vervoerder heeft een plan gemaakt om het te verbeteren. Er is elke maand overleg. Het panel van reizigers praat mee over het nieuwe contract.',
   'Dit is een knelpunt. We houden de vervoerder aan de afspraken.',
   'Rood is terecht. Reizigers voelen zich niet serieus genomen. Geef ook goede informatie als een rit te laat is.',
   6, 17, 7, '2023-12-12T09:20:00Z'),
  (56, 32, 2, 'afgerond', 'grijs',
   'De aanvraag van een gehandicaptenparkeerkaart duurt nu gemiddeld 4 weken in plaats van 10. Wie een blijvende beperking heeft, hoeft niet steeds opnieuw gekeurd te worden.',
   '', '', '',
   'Het doel is gehaald.',
   'Een goede verbetering. Dit merken mensen echt.',
   9, 17, 7, '2023-12-12T09:30:00Z'),
  -- gemeente als organisatie
  (57, 34, 2, 'afgerond', 'grijs',
   'Tolkcontact staat op de website. Inwoners kunnen de gemeente nu bellen in gebarentaal, met spraak of met tekst. Dat is gratis.',
   '', '', '',
   'Een mooie stap binnen de opgave Betrouwbare en Moderne Dienstverlening.',
   'Heel goed. Zet Tolkcontact ook op brieven en bij de balie in het stadhuis. Dan weten mensen dat het er is.',
   10, 18, 8, '2023-12-13T09:00:00Z'),
  (58, 35, 2, 'doorlopend', 'groen',
   'De website is opnieuw getest. Van de 38 fouten zijn er 33 opgelost. De toegankelijkheidsverklaring is bijgewerkt.',
   '', '', '',
   'De website voldoet bijna helemaal. We testen elk jaar.',
   'Met mijn schermlezer gaat het veel beter. Formulieren zijn soms nog lastig.',
   11, 17, 8, '2023-12-13T09:10:00Z'),
  (59, 36, 2, 'in_uitvoering', 'oranje',
   'Nieuwe documenten maken we toegankelijk. Van de oude pdf-bestanden is ongeveer een derde verbeterd.',
   'Er staan meer dan 2.000 oude pdf-bestanden op de website. Niet alle afdelingen weten hoe je een toegankelijk document maakt.',
   'Mensen die een schermlezer gebruiken, kunnen belangrijke informatie niet lezen.',
   'Alle afdelingen krijgen een korte training. Oude documenten die bijna niemand leest, halen we weg. Voor publicatie komt er een vaste controle.',
   'Het gaat vooruit, maar het is veel werk.',
   'Oranje klopt. Stukken voor de gemeenteraad zijn vaak nog niet te lezen. Dat maakt meepraten moeilijk.',
   11, 17, 8, '2023-12-13T09:20:00Z'),
  (60, 37, 2, 'doorlopend', 'groen',
   'De 25 brieven die we het meest versturen, zijn nu op taalniveau B1. Een taalpanel met inwoners test nieuwe brieven.',
   '', '', '',
   'Dit hoort nu bij ons gewone werk.',
   'Veel beter. Brieven over geld en belasting zijn nog moeilijk.',
   10, 17, 8, '2023-12-13T09:30:00Z'),
  (61, 38, 2, 'in_uitvoering', 'groen',
   '180 medewerkers volgden de training over het VN-verdrag. Ervaringsdeskundigen gaven de training samen met een trainer.',
   '', '', '',
   'Goede reacties. In 2024 komen er nog 4 trainingen.',
   'Het werkt goed als medewerkers echte verhalen horen. Maak de training verplicht voor leidinggevenden.',
   13, 15, 9, '2023-12-14T09:00:00Z'),
  (62, 39, 2, 'in_uitvoering', 'oranje',
   'De inclusietoets is klaar. In 2023 is hij bij 6 nieuwe plannen gebruikt.',
   'Nog niet alle afdelingen kennen de inclusietoets. Het gebruik is niet verplicht.',
   'Bij sommige nieuwe plannen denkt men pas laat aan mensen met een beperking.',
   'De inclusietoets komt in het vaste model voor voorstellen aan het college. De coördinator geeft uitleg aan alle afdelingen.',
   'Het idee is goed, maar het moet een vast deel van het werk worden.',
   'Eens. Een lijst met vragen is niet genoeg. Praat ook met de mensen om wie het gaat.',
   1, 15, 9, '2023-12-14T09:10:00Z'),
  (63, 40, 2, 'in_voorbereiding', 'groen',
   'In de stadspeiling van 2024 komen vragen over toegankelijkheid. We maken een korte lijst met cijfers voor de volgende rapportage.',
   '', '', '',
   'Een goede basis voor de volgende rapportage.',
   'Cijfers zijn nuttig. Vraag mensen met een beperking ook naar hun eigen ervaring.',
   2, 15, 9, '2023-12-14T09:20:00Z');

-- ---------------------------------------------------------------------------
-- fund_source
-- ---------------------------------------------------------------------------
INSERT INTO fund_source (id, programme_id, name, year, amount_cents, note) VALUES
  (1, 1, 'Coalitieakkoord: extra middelen', 2023, 30000000,
   'Uit het coalitieakkoord: een boost voor de inclusie-agenda met € 300.000 per jaar, bovenop de bestaande budgetten. Het geld is een smeermiddel om sneller verschil te maken voor Nijmegenaren met een beperking.'),
  (2, 1, 'Coalitieakkoord: extra middelen', 2024, 30000000,
   'Uit het coalitieakkoord: € 300.000 per jaar extra voor de inclusie-agenda (2023 tot en met 2026).'),
  (3, 1, 'Coalitieakkoord: extra middelen', 2025, 30000000,
   'Uit het coalitieakkoord: € 300.000 per jaar extra voor de inclusie-agenda (2023 tot en met 2026).'),
  (4, 1, 'Coalitieakkoord: extra middelen', 2026, 30000000,
   'Uit het coalitieakkoord: € 300.000 per jaar extra voor de inclusie-agenda (2023 tot en met 2026). Dit is het laatste jaar.'),
  (5, 1, 'Regulier budget sociaal domein', 2023, 7500000,
   'Deel van het bestaande budget voor het sociaal domein. Gebruikt voor de website en de handreiking ervaringsdeskundigheid.');

-- ---------------------------------------------------------------------------
-- allocation
-- 2023 coalitieakkoord: 272.500 of 300.000 allocated; regulier: 55.000 of 75.000;
-- 2024 coalitieakkoord: 235.000 of 300.000; 2025: 312.500 of 300.000 (warning:
-- allocated more than available); 2026: 150.000 so far. Allocation 16 is for
-- action point 5, withdrawn in period 2 (warning: money for a withdrawn action).
-- ---------------------------------------------------------------------------
INSERT INTO allocation (id, source_id, action_point_id, purpose, amount_cents, allocated_on, note, code) VALUES
  (1,  1, 11,   'ervaringsdeskundigheid',  6000000, '2023-01-17', 'Vergoeding ervaringsdeskundigen in de pilot Buurtteams.', 'IA23-01'),
  (2,  1, NULL, 'ervaringsdeskundigheid',  3500000, '2023-01-17', 'Vergoeding ervaringsdeskundigen in de projectgroep en bij de interviews.', 'IA23-02'),
  (3,  1, 20,   'zichtbaarheid',           4000000, '2023-03-07', 'Week van de Toegankelijkheid 2023.', 'IA23-03'),
  (4,  1, 23,   'inhoudelijke_verdieping', 2500000, '2023-06-13', 'Werkconferentie Inclusief Wonen en het vervolg.', 'IA23-04'),
  (5,  1, 34,   'toegankelijkheid',        3000000, '2023-02-21', 'Tolkcontact op de website.', 'IA23-05'),
  (6,  1, 17,   'toegankelijkheid',        4500000, '2023-03-07', 'Aanpassen van speelplekken voor samen spelen (BOSS).', 'IA23-06'),
  (7,  1, 6,    'inhoudelijke_verdieping', 2000000, '2023-04-04', 'Training en begeleiding vroeg-inclusie.', 'IA23-07'),
  (8,  1, NULL, 'organisatie',              750000, '2023-01-17', 'Ondersteuning van de projectgroep.', 'IA23-08'),
  (9,  5, 35,   'toegankelijkheid',        4000000, '2023-02-07', 'Test en herstel van de website en formulieren.', 'RB23-01'),
  (10, 5, 13,   'inhoudelijke_verdieping', 1500000, '2023-01-24', 'Schrijven en vormgeven van de handreiking.', 'RB23-02'),
  (11, 2, 12,   'ervaringsdeskundigheid',  9000000, '2024-01-16', 'Ervaringsdeskundigen in alle 10 Buurtteams.', 'IA24-01'),
  (12, 2, 20,   'zichtbaarheid',           4000000, '2024-01-16', 'Week van de Toegankelijkheid 2024.', 'IA24-02'),
  (13, 2, 26,   'toegankelijkheid',        5000000, '2024-01-30', 'Ontwerp van toegankelijke openbare toiletten.', 'IA24-03'),
  (14, 2, NULL, 'ervaringsdeskundigheid',  3500000, '2024-01-16', 'Vergoeding ervaringsdeskundigen in de projectgroep en bij de interviews.', 'IA24-04'),
  (15, 2, 23,   'inhoudelijke_verdieping', 2000000, '2024-01-30', 'Uitwerken van de afspraken van de werkconferentie.', 'IA24-05'),
  (16, 1, 5,    'inhoudelijke_verdieping', 1000000, '2023-02-14', 'Begeleiding op de werkplek bij stages voor jongeren met een beperking.', 'IA23-09'),
  (17, 3, 12,   'ervaringsdeskundigheid',  9000000, '2025-01-14', 'Ervaringsdeskundigen in alle 10 Buurtteams, 2025.', 'IA25-01'),
  (18, 3, 20,   'zichtbaarheid',           4000000, '2025-01-14', 'Week van de Toegankelijkheid 2025.', 'IA25-02'),
  (19, 3, NULL, 'ervaringsdeskundigheid',  3500000, '2025-01-14', 'Vergoeding ervaringsdeskundigen in de projectgroep en bij de interviews.', 'IA25-03'),
  (20, 3, 26,   'toegankelijkheid',        8000000, '2025-02-11', 'Bouw van twee toegankelijke openbare toiletten.', 'IA25-04'),
  (21, 3, 23,   'inhoudelijke_verdieping', 2500000, '2025-02-11', 'Proef inclusief wonen met de woningcorporatie.', 'IA25-05'),
  (22, 3, 35,   'toegankelijkheid',        3000000, '2025-03-04', 'Toegankelijke website en formulieren: het vervolg.', 'IA25-06'),
  (23, 3, NULL, 'organisatie',             1250000, '2025-06-17', 'Ondersteuning van de projectgroep.', 'IA25-07'),
  (24, 4, 12,   'ervaringsdeskundigheid',  9000000, '2026-01-13', 'Ervaringsdeskundigen in alle 10 Buurtteams, 2026.', 'IA26-01'),
  (25, 4, NULL, 'ervaringsdeskundigheid',  3500000, '2026-01-13', 'Vergoeding ervaringsdeskundigen in de projectgroep en bij de interviews.', 'IA26-02'),
  (26, 4, 20,   'zichtbaarheid',           2500000, '2026-01-13', 'Week van de Toegankelijkheid 2026.', 'IA26-03');

-- ---------------------------------------------------------------------------
-- expense (one credit note; allocation 12 is overspent by € 750 (warning);
-- expense 29 is a late invoice dated outside its source's year (warning))
-- ---------------------------------------------------------------------------
INSERT INTO expense (id, allocation_id, spent_on, amount_cents, description, reference) VALUES
  (1,  1, '2023-03-31', 1425000, 'Vergoeding ervaringsdeskundigen Buurtteams, eerste kwartaal', 'FAC-2023-0112'),
  (2,  1, '2023-06-30', 1510000, 'Vergoeding ervaringsdeskundigen Buurtteams, tweede kwartaal', 'FAC-2023-0287'),
  (3,  1, '2023-09-30', 1480000, 'Vergoeding ervaringsdeskundigen Buurtteams, derde kwartaal', 'FAC-2023-0412'),
  (4,  1, '2023-12-15', 1395000, 'Vergoeding ervaringsdeskundigen Buurtteams, vierde kwartaal', 'FAC-2023-0598'),
  (5,  2, '2023-05-26',  385000, 'Training samen interviewen voor duo''s', 'FAC-2023-0371'),
  (6,  2, '2023-11-30',  640000, 'Vergoeding ervaringsdeskundigen voor de interviews', 'FAC-2023-0455'),
  (7,  2, '2023-12-20',  218050, 'Reiskosten en vrijwilligersvergoedingen', 'MEM-2023-0088'),
  (8,  3, '2023-09-15',  329040, 'Drukwerk en posters in makkelijke taal', 'FAC-2023-0489'),
  (9,  3, '2023-10-09',  987500, 'Huur van zalen en techniek', 'FAC-2023-0501'),
  (10, 3, '2023-10-11',  462000, 'Gebarentolken en schrijftolken', 'FAC-2023-0507'),
  (11, 3, '2023-10-20', 1800000, 'Bijdrage aan activiteiten van partners', 'SUB-2023-0034'),
  (12, 3, '2023-11-02',  -25000, 'Creditnota: minder uren techniek', 'CRE-2023-0012'),
  (13, 4, '2023-12-12',  675000, 'Zaal en lunch werkconferentie', 'FAC-2023-0611'),
  (14, 4, '2023-12-12',  240000, 'Dagvoorzitter werkconferentie', 'FAC-2023-0615'),
  (15, 4, '2023-12-14',  198000, 'Tolken werkconferentie', 'FAC-2023-0617'),
  (16, 5, '2023-03-15', 1850000, 'Tolkcontact: licentie 2023', 'FAC-2023-0198'),
  (17, 5, '2023-04-12',  620000, 'Tolkcontact: koppeling met de website', 'FAC-2023-0233'),
  (18, 6, '2023-05-10',  890000, 'Onderzoek toegankelijkheid speelplekken', 'FAC-2023-0344'),
  (19, 6, '2023-10-27', 2730000, 'Speeltuin aangepast: rolstoelschommel en verharde paden', 'FAC-2023-0522'),
  (20, 7, '2023-11-21',  780000, 'Training pedagogisch medewerkers vroeg-inclusie', 'FAC-2023-0466'),
  (21, 8, '2023-12-29',  600000, 'Ondersteuning secretariaat projectgroep', 'INT-2023-0021'),
  (22, 9, '2023-04-18', 1260000, 'Toegankelijkheidsonderzoek website', 'FAC-2023-0255'),
  (23, 9, '2023-11-08',  945000, 'Herstel van formulieren en pdf-bestanden', 'FAC-2023-0540'),
  (24, 10, '2023-05-31', 1125000, 'Schrijven en vormgeven handreiking', 'FAC-2023-0301'),
  (25, 10, '2023-06-16',  215000, 'Versie van de handreiking in makkelijke taal', 'FAC-2023-0319'),
  (26, 14, '2024-02-09',  315000, 'Vergoeding ervaringsdeskundigen projectgroep, januari', 'FAC-2024-0042'),
  (27, 13, '2024-02-23',  480000, 'Ontwerp toegankelijke openbare toiletten', 'FAC-2024-0061'),
  (28, 11, '2024-03-29', 2140000, 'Ervaringsdeskundigen Buurtteams, eerste kwartaal 2024', 'FAC-2024-0097'),
  (29, 3,  '2024-01-12',  185000, 'Nagekomen factuur schrijftolken Week van de Toegankelijkheid 2023', 'FAC-2024-0008'),
  (30, 11, '2024-06-28', 2250000, 'Ervaringsdeskundigen Buurtteams, tweede kwartaal 2024', 'FAC-2024-0203'),
  (31, 11, '2024-09-30', 2310000, 'Ervaringsdeskundigen Buurtteams, derde kwartaal 2024', 'FAC-2024-0321'),
  (32, 11, '2024-12-16', 2190000, 'Ervaringsdeskundigen Buurtteams, vierde kwartaal 2024', 'FAC-2024-0467'),
  (33, 12, '2024-09-20', 1250000, 'Drukwerk, posters en programma in makkelijke taal', 'FAC-2024-0344'),
  (34, 12, '2024-10-08',  980000, 'Gebarentolken en schrijftolken', 'FAC-2024-0371'),
  (35, 12, '2024-10-18', 1845000, 'Huur van zalen, techniek en bijdragen aan partners', 'FAC-2024-0389'),
  (36, 13, '2024-06-14', 1670000, 'Test van het ontwerp met inwoners met een beperking', 'FAC-2024-0188'),
  (37, 14, '2024-06-28',  945000, 'Vergoeding ervaringsdeskundigen projectgroep, februari tot en met juni', 'FAC-2024-0207'),
  (38, 14, '2024-12-13', 1120000, 'Vergoeding ervaringsdeskundigen bij de interviews', 'FAC-2024-0455'),
  (39, 15, '2024-05-22', 1200000, 'Uitwerking van de afspraken van de werkconferentie', 'FAC-2024-0162'),
  (40, 17, '2025-03-31', 2210000, 'Ervaringsdeskundigen Buurtteams, eerste kwartaal 2025', 'FAC-2025-0091'),
  (41, 17, '2025-06-30', 2240000, 'Ervaringsdeskundigen Buurtteams, tweede kwartaal 2025', 'FAC-2025-0214'),
  (42, 17, '2025-09-30', 2195000, 'Ervaringsdeskundigen Buurtteams, derde kwartaal 2025', 'FAC-2025-0330'),
  (43, 17, '2025-12-15', 2280000, 'Ervaringsdeskundigen Buurtteams, vierde kwartaal 2025', 'FAC-2025-0471'),
  (44, 18, '2025-09-26', 1120000, 'Drukwerk en programma in makkelijke taal', 'FAC-2025-0349'),
  (45, 18, '2025-10-10', 1530000, 'Zalen, techniek, gebarentolken en schrijftolken', 'FAC-2025-0362'),
  (46, 18, '2025-10-24',  960000, 'Bijdrage aan activiteiten van partners', 'SUB-2025-0021'),
  (47, 19, '2025-06-27', 1480000, 'Vergoeding ervaringsdeskundigen projectgroep, eerste halfjaar', 'FAC-2025-0220'),
  (48, 19, '2025-12-12', 1515000, 'Vergoeding ervaringsdeskundigen projectgroep en interviews, tweede halfjaar', 'FAC-2025-0468'),
  (49, 20, '2025-08-29', 5600000, 'Bouw van het eerste toegankelijke openbare toilet (Plein 1944)', 'FAC-2025-0298'),
  (50, 21, '2025-05-16',  900000, 'Begeleiding van de proef inclusief wonen', 'FAC-2025-0171'),
  (51, 22, '2025-04-25', 1450000, 'Herstel van formulieren en toegankelijke pdf-bestanden', 'FAC-2025-0150'),
  (52, 23, '2025-12-19', 1100000, 'Ondersteuning secretariaat projectgroep 2025', 'INT-2025-0017'),
  (53, 24, '2026-03-31', 2250000, 'Ervaringsdeskundigen Buurtteams, eerste kwartaal 2026', 'FAC-2026-0088'),
  (54, 24, '2026-06-30', 2250000, 'Ervaringsdeskundigen Buurtteams, tweede kwartaal 2026', 'FAC-2026-0207'),
  (55, 24, '2026-09-30', 2250000, 'Ervaringsdeskundigen Buurtteams, derde kwartaal 2026', 'FAC-2026-0316'),
  (56, 25, '2026-06-26', 1400000, 'Vergoeding ervaringsdeskundigen projectgroep, eerste halfjaar', 'FAC-2026-0219');

-- ---------------------------------------------------------------------------
-- event
-- ---------------------------------------------------------------------------
INSERT INTO event (id, programme_id, name, starts_on, ends_on, location, description, accessibility, participants) VALUES
  (1, 1, 'Week van de Toegankelijkheid', '2023-10-02', '2023-10-08',
   'Op verschillende plekken in Nijmegen. De opening was in het stadhuis.',
   'Een week vol activiteiten over toegankelijkheid. Er waren rondleidingen, een rolstoelroute door de binnenstad, een debat en een informatiemarkt. Partners en inwoners maakten het programma samen.',
   'Gebarentolk en schrijftolk bij de opening en het debat. Alle plekken rolstoeltoegankelijk. Prikkelarme ruimte in het stadhuis. Programma in makkelijke taal en als toegankelijke pdf.',
   650),
  (2, 1, 'Werkconferentie Inclusief Wonen', '2023-12-07', '2023-12-07',
   'Stadhuis Nijmegen',
   'Een dag over wonen voor mensen met een beperking. Inwoners, de woningcorporatie, zorgaanbieders en de gemeente zochten samen naar oplossingen. Er zijn vijf afspraken gemaakt.',
   'Gebarentolk en schrijftolk. Ringleiding in de zaal. Rolstoeltoegankelijk, met een aangepast toilet. Prikkelarme ruimte. Stukken vooraf in makkelijke taal.',
   85),
  (3, 1, 'Schouw toegankelijkheid binnenstad', '2023-06-14', NULL,
   'Binnenstad, start bij het station',
   'Inwoners met en zonder beperking liepen samen door de binnenstad. Ze schreven op wat goed ging en wat lastig was. De lijst ging naar de afdeling openbare ruimte.',
   'Route zonder trappen. Begeleiders voor mensen die slecht zien. Pauze halverwege, met toilet. Gebarentolk op aanvraag.',
   18),
  (4, 1, 'Speeldag Samen Spelen', '2023-05-20', NULL,
   'Aangepaste speeltuin in de wijk Dukenburg',
   'Opening van een aangepaste speeltuin. Kinderen met en zonder beperking speelden samen. Er waren spelletjes, muziek en een sportclinic.',
   'Verharde paden en een rolstoelschommel. Rustige hoek voor kinderen die snel overprikkeld raken. Aangepast toilet.',
   140);

-- ---------------------------------------------------------------------------
-- event_theme
-- ---------------------------------------------------------------------------
INSERT INTO event_theme (event_id, theme_id) VALUES
  (1, 4), (1, 5), (1, 6), (1, 7),
  (2, 5), (2, 3),
  (3, 5), (3, 6),
  (4, 4), (4, 2);

-- ---------------------------------------------------------------------------
-- event_partner
-- ---------------------------------------------------------------------------
INSERT INTO event_partner (event_id, organisation_id) VALUES
  (1, 2), (1, 3), (1, 4), (1, 6),
  (2, 5), (2, 4), (2, 3), (2, 2),
  (3, 4),
  (4, 6), (4, 7);

-- ---------------------------------------------------------------------------
-- narrative, period 2
-- ---------------------------------------------------------------------------
INSERT INTO narrative (id, period_id, kind, position, title, body_md) VALUES
  (3, 2, 'highlight', 1, 'Handreiking ervaringsdeskundigheid vastgesteld',
   'Er is nu een handreiking voor ervaringsdeskundigheid in het sociaal domein. Daarin staat hoe je ervaringsdeskundigen goed inzet, begeleidt en betaalt. Ervaringsdeskundigen schreven zelf mee. Er is ook een korte versie in makkelijke taal.'),
  (4, 2, 'highlight', 2, 'Straks ervaringsdeskundigen in alle 10 Buurtteams',
   'De pilot met ervaringsdeskundigen in de Buurtteams is goed afgerond. Inwoners voelen zich beter begrepen. Daarom gaan er in alle 10 Buurtteams ervaringsdeskundigen werken. Hoe we dat goed regelen, vraagt de komende tijd nog aandacht.'),
  (5, 2, 'highlight', 3, 'Tolkcontact: bel de gemeente op uw manier',
   'U kunt de gemeente nu via de website bellen met een tolk. Dat kan in gebarentaal, met spraak of met tekst. Dit is een stap in de opgave Betrouwbare en Moderne Dienstverlening.'),
  (6, 2, 'highlight', 4, 'Vroeg-inclusie: samen opgroeien vanaf het begin',
   'Jonge kinderen met en zonder beperking gaan samen naar de opvang. Zo leren ze elkaar kennen. Dat helpt om te voorkomen dat kinderen later apart naar school gaan.

- 4 locaties in 2023
- 8 locaties gepland in 2024'),
  (7, 2, 'highlight', 5, 'Samen spelen in BOSS',
   'In het uitvoeringskader BOSS (Bewegen, ontmoeten, spelen en sporten) is samen spelen een belangrijk punt. Drie speeltuinen zijn al aangepast. Zo ontmoeten kinderen elkaar al jong en hoort ieder kind erbij.'),
  (8, 2, 'outlook', 1, 'Het programma loopt tot en met 2024',
   'Het actieprogramma loopt officieel tot en met 2024. Het extra geld uit het coalitieakkoord is er tot en met 2026. Alle partners zien dit als het begin van een lange samenwerking.'),
  (9, 2, 'outlook', 2, 'Samen kiezen hoe we verder gaan',
   'In 2024 zoeken we uit hoe we na dit programma verder gaan. Verlengen we het programma? Of passen we de koers een beetje aan? Dat besluiten we samen met onze partners en met de mensen om wie het gaat.');

-- ---------------------------------------------------------------------------
-- Period 2 is published: it is the report the council received (the seed
-- letter). Period 3 is open: the drafts that signed-in users see, and that
-- the public does not see until the coordinator publishes the period.
-- ---------------------------------------------------------------------------
UPDATE reporting_period SET state = 'published', published_at = '2024-01-16T10:00:00Z' WHERE id = 2;

INSERT INTO reporting_period (id, programme_id, seq, name, starts_on, ends_on, state, published_at) VALUES
  (3, 1, 3, '3e voortgangsrapportage 2024', '2024-01-01', '2024-12-31', 'open', NULL);
UPDATE reporting_period SET updates_due_on = '2024-11-29', assessments_due_on = '2024-12-13' WHERE id = 3;

INSERT INTO interview (id, programme_id, theme_id, period_id, held_on, public_summary, restricted_notes, created_at) VALUES
  (11, 1, 6, 3, '2024-03-14',
   'Gesprek over vervoer. De looproutes naar de haltes worden dit jaar aangepast. Het werk aan de fietspaden begint later.',
   'VERTROUWELIJK: een bewoner vertelde over een val bij een paaltje. Zijn naam en gezondheid staan in het dossier, niet hier.',
   '2024-03-14T15:00:00Z');

INSERT INTO interview_participant (interview_id, person_id, role) VALUES
  (11, 3, 'interviewer_municipal'),
  (11, 18, 'interviewer_expert'),
  (11, 9, 'dossier_holder');

INSERT INTO interview_action (interview_id, action_point_id) VALUES
  (11, 30),
  (11, 33);

INSERT INTO progress_update (id, action_point_id, period_id, status, health, progress_md, health_cause, health_consequence, health_measures, holder_assessment, expert_assessment, author_id, expert_id, interview_id, created_at) VALUES
  (64, 8, 3, 'afgerond', 'grijs',
   'Alle schoolgebouwen zijn gecontroleerd. Vijf scholen hebben een lift of een hellingbaan gekregen.',
   '', '', '', 'Klaar, binnen het budget.', 'Goed gedaan. Let op: ook de schoolpleinen moeten toegankelijk zijn.', 3, 16, NULL, '2024-04-02T09:00:00Z'),
  (65, 15, 3, 'in_uitvoering', 'groen',
   'Het nieuwe aanvraagformulier is getest met zes inwoners. Het formulier is nu korter en in makkelijke taal.',
   '', '', '', 'Het loopt goed.', 'Het formulier is veel beter. Bellen moet ook kunnen, niet alleen online.', 6, 16, NULL, '2024-04-03T10:00:00Z'),
  (66, 21, 3, 'in_uitvoering', 'groen',
   'Drie theaters hebben nu een ringleiding en een prikkelarme voorstelling per maand.',
   '', '', '', 'Het knelpunt van vorig jaar is opgelost.', 'Eens. De kaartverkoop online is nog lastig met een schermlezer.', 2, 15, NULL, '2024-04-05T11:00:00Z'),
  (67, 24, 3, 'in_uitvoering', 'rood',
   'Er zijn nog steeds te weinig geschikte woningen. De bouw van 40 woningen is uitgesteld.',
   'De bouwkosten zijn gestegen en een project is gestopt.',
   'Mensen wachten langer op een woning die bij hen past.',
   'We zoeken samen met de woningcorporatie naar bestaande woningen die we kunnen aanpassen.',
   'We doen wat we kunnen, maar dit kost tijd.', 'Dit is het grootste probleem voor veel mensen. Blijf het melden aan de raad.', 8, 17, NULL, '2024-04-08T14:00:00Z'),
  (68, 30, 3, 'in_uitvoering', 'groen',
   'De looproutes naar vier haltes worden dit jaar aangepast, met geleidelijnen en lagere stoepranden.',
   '', '', '', 'Het werk is gepland.', 'Goed dat blinde inwoners de routes mee hebben getest.', 9, 18, 11, '2024-03-20T09:30:00Z'),
  (69, 33, 3, 'in_voorbereiding', 'oranje',
   'De lijst met paaltjes die weg moeten is klaar. Het werk begint later dan gepland.',
   'Er is te weinig personeel voor de uitvoering.',
   'Paaltjes blijven langer staan. Dat is gevaarlijk voor mensen met een rolstoel of scootmobiel.',
   'We zetten de gevaarlijkste plekken eerst op de planning.',
   'We beginnen in het najaar.', 'Dit moet sneller. Er zijn al mensen gevallen.', 9, 18, 11, '2024-03-20T10:00:00Z'),
  (70, 36, 3, 'in_uitvoering', 'groen',
   'Alle nieuwe formulieren worden nu getest met een schermlezer voordat ze online gaan.',
   '', '', '', 'De achterstand is bijna weg.', 'Ik merk verschil. Oude pdf-bestanden zijn soms nog lastig.', 11, 15, NULL, '2024-04-10T13:00:00Z'),
  (71, 38, 3, 'afgerond', 'grijs',
   '150 medewerkers hebben de training over het VN-verdrag gevolgd. De training is nu vast onderdeel van het inwerken.',
   '', '', '', 'Afgerond.', 'Fijn dat ervaringsdeskundigen de training mee geven.', 13, 17, NULL, '2024-04-12T15:00:00Z');
