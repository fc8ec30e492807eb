/*
 * generate_words: the words of generated example programmes (generate.c):
 * the themes a Local Inclusion Agenda usually has, with their CRPD articles
 * and action points, and the sentences of progress updates. Plain Dutch
 * (B1); the English names are for the English pages. Only generate.c
 * includes this file.
 */
#ifndef LIA_STORE_GENERATE_WORDS_H
#define LIA_STORE_GENERATE_WORDS_H

struct gen_theme {
	const char *slug, *prefix, *name_nl, *name_en, *desc_nl, *desc_en;
	int articles[3]; /* CRPD articles, 0 ends the list */
	const char *titles[6];
};

static const struct gen_theme gen_themes[] = {
	{"werk", "WRK", "Werk", "Work",
	 "Iedereen die wil en kan werken, krijgt een eerlijke kans op een baan.",
	 "Everyone who wants to and can work gets a fair chance at a job.", {27, 5, 0},
	 {"Meer banen bij de gemeente voor mensen met een beperking", "Werkgevers helpen bij het aannemen van mensen met een beperking",
	  "Sneller hulp bij een aangepaste werkplek", "Stages voor jongeren met een beperking",
	  "Betaald werk voor ervaringsdeskundigen", "Jobcoaches beter bereikbaar maken"}},
	{"onderwijs", "OND", "Onderwijs", "Education",
	 "Alle kinderen leren en spelen samen, zo dicht mogelijk bij huis.",
	 "All children learn and play together, as close to home as possible.", {24, 7, 0},
	 {"Samen naar de opvang: vroeg-inclusie", "Minder kinderen thuis zonder school", "Leerlingenvervoer dat past",
	  "Scholen helpen met toegankelijke gebouwen", "Ouders beter informeren over passend onderwijs",
	  "Samen spelen op het schoolplein"}},
	{"zorg-en-ondersteuning", "ZRG", "Zorg en ondersteuning", "Care and support",
	 "Inwoners krijgen de hulp die bij hen past en houden zelf de regie.",
	 "Residents get the support that suits them and stay in charge of their own lives.", {19, 25, 26},
	 {"Ervaringsdeskundigen in de wijkteams", "Eén loket voor hulp en zorg", "Keukentafelgesprek in makkelijke taal",
	  "Cliëntondersteuning bekender maken", "Hulpmiddelen sneller geregeld", "Respijtzorg voor mantelzorgers"}},
	{"sport-cultuur-en-vrije-tijd", "SPO", "Sport, cultuur en vrije tijd", "Sport, culture and leisure",
	 "Iedereen kan meedoen aan sport, cultuur en uitgaan.",
	 "Everyone can take part in sport, culture and going out.", {30, 8, 0},
	 {"Aangepast sporten in elke wijk", "Toegankelijke speeltuinen", "Theater en bibliotheek voor iedereen",
	  "Sportclubs helpen om iedereen welkom te heten", "Uitpas met begeleider gratis", "Prikkelarme uren in het zwembad"}},
	{"wonen", "WON", "Wonen", "Housing",
	 "Er zijn genoeg geschikte woningen, ook voor mensen met een beperking.",
	 "There are enough suitable homes, also for people with a disability.", {19, 28, 9},
	 {"Meer levensloopbestendige woningen", "Afspraken met woningcorporaties over aangepaste woningen",
	  "Woningaanpassing sneller geregeld", "Wonen met zorg in de wijk", "Een overzicht van toegankelijke huurwoningen",
	  "Nieuwbouw toetsen op toegankelijkheid"}},
	{"vervoer-en-mobiliteit", "MOB", "Vervoer en mobiliteit", "Transport and mobility",
	 "Iedereen kan zelfstandig reizen: met de bus, de fiets, de scootmobiel of te voet.",
	 "Everyone can travel on their own: by bus, bike, mobility scooter or on foot.", {9, 20, 0},
	 {"Toegankelijke bushaltes", "Doelgroepenvervoer op tijd", "Gehandicaptenparkeerplaatsen op de goede plek",
	  "Stoepen zonder obstakels", "Reizen leren met een maatje", "Oversteekplaatsen met geluid en ribbels"}},
	{"gemeente-als-organisatie", "ORG", "Gemeente als organisatie", "The municipality as an organisation",
	 "De gemeente is zelf toegankelijk: website, brieven en balies.",
	 "The municipality itself is accessible: website, letters and service desks.", {9, 21, 0},
	 {"Een toegankelijke website", "Brieven in begrijpelijke taal", "Tolkcontact bij de balie",
	  "Inclusie in elk nieuw beleid", "Medewerkers trainen in toegankelijk werken", "Toegankelijke vergaderingen van de raad"}},
	{"openbare-ruimte", "OPR", "Openbare ruimte", "Public space",
	 "Straten, pleinen en parken zijn voor iedereen te gebruiken.",
	 "Streets, squares and parks can be used by everyone.", {9, 20, 0},
	 {"Openbare toiletten die iedereen kan gebruiken", "Schouw met inwoners door het centrum", "Bankjes om uit te rusten",
	  "Terrassen met ruimte voor rolstoelen", "Toegankelijke evenementen", "Rustplekken in het park"}},
	{"bewustwording", "BEW", "Bewustwording", "Awareness",
	 "Inwoners en organisaties weten wat inclusie is en doen mee.",
	 "Residents and organisations know what inclusion means and take part.", {8, 5, 0},
	 {"Week van de Toegankelijkheid", "Gastlessen over leven met een beperking", "Ondernemers bewust maken",
	  "Verhalen van inwoners delen", "Een prijs voor inclusief ondernemen", "Campagne: vraag wat iemand nodig heeft"}},
	{"veiligheid", "VEI", "Veiligheid", "Safety",
	 "Iedereen is veilig, ook bij een noodgeval.",
	 "Everyone is safe, also in an emergency.", {11, 16, 0},
	 {"Noodplan dat ook werkt voor mensen met een beperking", "Meldpunt voor discriminatie bekender maken",
	  "Hulpverleners trainen in communicatie", "Veilig thuis: aandacht voor kwetsbare inwoners",
	  "Waarschuwingen in gebarentaal en makkelijke taal", "Wijkagent als aanspreekpunt"}},
	{"meedoen-in-de-politiek", "PAR", "Meedoen in de politiek", "Political participation",
	 "Iedereen kan stemmen en meepraten over de gemeente.",
	 "Everyone can vote and have a say in the municipality.", {29, 12, 0},
	 {"Toegankelijke stembureaus", "Verkiezingsinformatie in makkelijke taal", "Inwonerspanel met ervaringsdeskundigen",
	  "Raadsvergaderingen met schrijftolk", "Adviesraad sociaal domein versterken", "Stemhulp voor mensen die slecht zien"}},
	{"inkomen-en-armoede", "INK", "Inkomen en armoede", "Income and poverty",
	 "Een beperking maakt niemand armer: regelingen zijn makkelijk te vinden.",
	 "A disability makes no one poorer: support schemes are easy to find.", {28, 5, 0},
	 {"Eén formulier voor alle regelingen", "Compensatie voor extra kosten", "Schuldhulp die past",
	  "Regelingen uitleggen in makkelijke taal", "Kwijtschelding automatisch regelen", "Vrijwilligers bij de formulierenhulp"}},
	{"gezondheid", "GEZ", "Gezondheid", "Health",
	 "Iedereen krijgt goede zorg voor lichaam en geest.",
	 "Everyone gets good care for body and mind.", {25, 26, 0},
	 {"Huisartsenpraktijken toegankelijk", "Preventie in makkelijke taal", "Psychische hulp zonder wachtlijst",
	  "Beweegprogramma voor ouderen", "Gezonde school voor iedereen", "Voorlichting over hulpmiddelen"}},
	{"gezin-en-relaties", "GZN", "Gezin en relaties", "Family and relationships",
	 "Mensen met een beperking kunnen een gezin vormen en vrienden maken.",
	 "People with a disability can form a family and make friends.", {23, 22, 0},
	 {"Steun voor ouders met een beperking", "Maatjesproject tegen eenzaamheid", "Ontmoetingsplekken in de wijk",
	  "Privacy bij hulp thuis", "Opvoedhulp die past", "Contact met lotgenoten"}},
};
#define GEN_THEMES (sizeof(gen_themes) / sizeof(gen_themes[0]))

static const char *const gen_first[] = {"Anna", "Bram", "Chantal", "Dirk", "Eva", "Farid", "Gerda", "Hans", "Iris",
                                        "Jan", "Karin", "Leon", "Mila", "Nadia", "Otto", "Petra", "Rik", "Sara",
                                        "Tim", "Ursula", "Vera", "Wim", "Yara", "Zeynep"};
static const char *const gen_last[] = {"de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Groot",
                                       "Mulder", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
                                       "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
                                       "Kaya", "Yilmaz", "Haddou", "Ramdin"};

static const char *const gen_progress[] = {
	"We hebben een plan gemaakt. De eerste stappen zijn gezet.",
	"Het werk loopt volgens plan. Inwoners denken mee.",
	"We hebben met partners afspraken gemaakt. Die werken we nu uit.",
	"Er was een bijeenkomst met ervaringsdeskundigen. Hun ideeën staan in het plan.",
	"De eerste resultaten zijn zichtbaar in de wijk.",
	"We hebben getest met inwoners. Wat niet goed ging, passen we aan.",
};
static const char *const gen_expert[] = {
	"Goed dat ervaringsdeskundigen vanaf het begin meedoen.",
	"Het gaat de goede kant op, maar het duurt lang.",
	"Inwoners merken er nog weinig van. Vertel meer over wat er al is gedaan.",
	"Een mooi resultaat. Houd het vol.",
};
static const char *const gen_motto[] = {"Iedereen doet mee", "Samen toegankelijk", "Meedoen zonder drempels",
                                        "Een gemeente voor iedereen", "Gewoon meedoen", "Niemand aan de kant"};

#endif
