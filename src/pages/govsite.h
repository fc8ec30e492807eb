/*
 * govsite: what a Dutch government website must show, and the few facts
 * about the municipality those pages need. The accessibility statement
 * (accessibility.c), the privacy and cookie page (privacy.c) and
 * /.well-known/security.txt (govsite.c) are filled from lia's own checks
 * and from a struct govsite that `lia serve` takes from its command line
 * (--contact-email, --statement-status, --security-contact ...). The
 * facts belong to whoever runs the server, not to the programme's data:
 * they change when the municipality re-tests or changes its contact, never
 * through a form, so they are options (in the systemd unit) rather than a
 * stored setting with its own form, migration and audit trail.
 */
#ifndef LIA_PAGES_GOVSITE_H
#define LIA_PAGES_GOVSITE_H

#include "http/request.h"

/* Every field may be NULL: the pages then show a marked place for the
 * municipality to fill, and security.txt does not exist (404). Strings are
 * borrowed (argv) and must live as long as the process. */
struct govsite {
	const char *contact_email;    /* where people report a problem with the site or ask about their data */
	const char *privacy_email;    /* the municipality's data protection officer (FG) */
	const char *statement_status; /* "A" .. "E": the status of the municipality's own statement */
	const char *statement_date;   /* YYYY-MM-DD: when the municipality signed its statement */
	const char *statement_url;    /* the municipality's statement (the register at digitoegankelijk.nl) */
	const char *security_contact; /* RFC 9116 Contact: a mailto:, https: or tel: URI */
	const char *security_expires; /* YYYY-MM-DD: the last day security.txt may be trusted */
	const char *public_url;       /* https://lia.example.nl: the site's address, for Canonical */
};

/* Checks g before serving with it. Returns 0, or LIA_EINVAL with *why set to
 * a msgid saying what the option needs (an English sentence in N_(),
 * translated by the caller), and *bad to the value that is wrong. `today` is
 * YYYY-MM-DD: security.txt's expiry must lie after it. */
int govsite_check(const struct govsite *g, const char *today, const char **why, const char **bad);

/* Copies g (not the strings it points to) as the facts every request reads.
 * Call once, before the server starts its threads; NULL forgets them (tests). */
void govsite_configure(const struct govsite *g);

/* The facts now configured (all fields NULL when none). Never NULL. */
const struct govsite *govsite_get(void);

/* GET /accessibility: the accessibility statement (accessibility.c). */
int page_accessibility(struct req *r, struct resp *out);
/* GET /privacy: the privacy and cookie statement (privacy.c). */
int page_privacy(struct req *r, struct resp *out);
/* GET /.well-known/security.txt (RFC 9116), a raw text file; 404 unless
 * both a contact and an expiry are configured. */
int page_security_txt(struct req *r, struct resp *out);

#endif
