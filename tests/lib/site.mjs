// What lia serves, derived from the database facts (see db.mjs).

/** The pages that exist whatever the data. */
export const FIXED_PAGES = ['/', '/themes', '/actions', '/crpd', '/organisation', '/events', '/interviews', '/periods'];

/** The URL of page path p in lang (?lang= added to any query); base without the trailing slash. */
export const langUrl = (base, p, lang) => `${base}${p}${p.includes('?') ? '&' : '?'}lang=${lang}`;

/** The main navigation, in order. */
export const NAV_PATHS = ['/', '/themes', '/actions', '/crpd', '/organisation', '/events', '/interviews', '/funds', '/periods'];

export const STATIC_FILES = ['/static/lia.css', '/static/favicon.svg'];

/** Every page: the fixed ones and one per theme, action point, article and period. */
export function allPages(facts) {
	return [
		...FIXED_PAGES,
		...facts.themes.map((t) => `/themes/${t.id}`),
		...facts.actions.map((a) => `/actions/${a.id}`),
		...facts.articles.map((a) => `/crpd/${a.number}`),
		...facts.periods.map((p) => `/periods/${p.id}`),
	];
}

const DUTCH_WORDS = /\b(de|het|een|en|niet|van|voor|met|naar|deze|dit|geen|er|bestaat|pagina|nummer|adres|kies|zijn|wij|u|je|uw|gebruikte|opnieuw|overzicht|hier|alleen|kan|kunt|op)\b/gi;
const ENGLISH_WORDS = /\b(the|not|there|with|this|of|page|number|address|you|your|used|see|list|only|can|here|again|does|exist|overview|to|and|on)\b/gi;

/** Rough check that a short text is Dutch rather than English (function words). */
export function looksDutch(text) {
	const nl = (String(text).match(DUTCH_WORDS) ?? []).length;
	const en = (String(text).match(ENGLISH_WORDS) ?? []).length;
	return nl > en;
}

export function looksEnglish(text) {
	const nl = (String(text).match(DUTCH_WORDS) ?? []).length;
	const en = (String(text).match(ENGLISH_WORDS) ?? []).length;
	return en > nl;
}
