/*
 * outbox: sending what the outbox holds (mail.h). Each due message is taken
 * first (its due time moved past the attempt, so a second worker or a crash
 * does not send it again at once), then handed to the relay. A message with
 * a one-time link (an invitation, a reset) is stored with a placeholder: a
 * token is made just before it is sent, only its digest is stored (replacing
 * the link's earlier one), and the token lives only in the copy handed to
 * the relay; nothing with it is written back. Accepted: sent. Refused for now
 * (4xx, no answer): tried again after interval x 2^attempts (at most six
 * hours), MAIL_ATTEMPTS times. Refused for good (5xx) or out of attempts:
 * failed, shown to the coordinator (/mail), who may put it back.
 */
#include "mail/mail.h"

#include "core/clock.h"
#include "core/err.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/secret.h"
#include "store/mail.h"

#include <sodium.h>

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAIL_ATTEMPTS 8
#define MAIL_BACKOFF_MAX_S (6 * 3600)
#define MAIL_LEASE_S 600   /* a message taken and not finished is tried again after this */
#define MAIL_TIMEOUT_S 60  /* one conversation with the relay */
#define MAIL_BATCH 50

static struct mail_config config;
static char *base_url, *relay_hosts;

void mail_configure(const struct mail_config *c)
{
	config = *c;
	free(base_url);
	base_url = mem_strdup(c->base_url ? c->base_url : "http://127.0.0.1:8080");
	config.base_url = base_url;
	free(relay_hosts);
	relay_hosts = c->relay_hosts ? mem_strdup(c->relay_hosts) : NULL;
	config.relay_hosts = relay_hosts;
}

bool mail_relay_allowed(const char *url, long long municipality)
{
	if (!config.relay_hosts)
		return municipality == 1;
	if (!smtp_url_ok(url))
		return false;
	/* The host: after the scheme, up to the port or the path ([...] for
	 * an IPv6 address). */
	const char *h = url + (strncmp(url, "smtps://", 8) == 0 ? 8 : 7);
	size_t n = *h == '[' ? strcspn(h, "]") + 1 : strcspn(h, ":/");
	for (const char *p = config.relay_hosts; *p;) {
		p += strspn(p, ", ");
		size_t len = strcspn(p, ", ");
		if (len && len == n && strncasecmp(p, h, n) == 0)
			return true;
		p += len;
	}
	return false;
}

const struct mail_config *mail_config_get(void)
{
	return &config;
}

/* The municipality the running thread writes mail for (mail_scope). */
static _Thread_local char scope_base[512];

void mail_scope(const char *where)
{
	const char *base = base_url ? base_url : "http://127.0.0.1:8080";
	if (!where || !*where)
		scope_base[0] = '\0';
	else if (where[0] == '/')
		snprintf(scope_base, sizeof(scope_base), "%s%s", base, where);
	else
		snprintf(scope_base, sizeof(scope_base), "%s", where);
}

const char *mail_base_url(void)
{
	if (scope_base[0])
		return scope_base;
	return base_url ? base_url : "http://127.0.0.1:8080";
}


bool mail_relay(struct store *s, struct smtp_relay *out, json_t **hold)
{
	*hold = NULL;
	if (config.relay.url) {
		*out = config.relay;
		return true;
	}
	json_t *set = NULL;
	if (store_mail_settings(s, true, &set) != 0)
		return false;
	const char *url = json_string_value(json_object_get(set, "smtp_url"));
	if (!url || !*url) {
		json_decref(set);
		return false;
	}
	if (!mail_relay_allowed(url, store_municipality_of(s))) {
		json_decref(set); /* as if none were set: the caller says so, once */
		return false;
	}
	*out = (struct smtp_relay){.url = url, .from = json_string_value(json_object_get(set, "smtp_from")),
	                           .user = json_string_value(json_object_get(set, "smtp_user")),
	                           .password = json_string_value(json_object_get(set, "smtp_password"))};
	*hold = set;
	return true;
}

/* One message, taken: send it and record what happened. */
static int send_one(struct store *s, const struct smtp_relay *relay, unsigned interval_s, json_t *m, bool *ok)
{
	long long id = (long long)json_integer_value(json_object_get(m, "id"));
	long long attempts = (long long)json_integer_value(json_object_get(m, "attempts")) + 1;
	char msgid[96];
	snprintf(msgid, sizeof(msgid), "<lia-%lld-%lld.%ld@lia.invalid>", id, attempts, (long)time(NULL));
	struct smtp_message sm = {
		.to = json_string_value(json_object_get(m, "to_email")),
		.to_name = json_string_value(json_object_get(m, "to_name")),
		.lang = json_string_value(json_object_get(m, "lang")),
		.subject = json_string_value(json_object_get(m, "subject")),
		.text = json_string_value(json_object_get(m, "body_text")),
		.html = json_string_value(json_object_get(m, "body_html")),
		.message_id = msgid,
	};
	char *err = NULL, *text = NULL, *html = NULL;
	bool permanent = false;
	char now[24];
	clock_iso_offset(0, now, sizeof(now));
	long long link_id = (long long)json_integer_value(json_object_get(m, "link_id"));
	int rc = 0;
	if (link_id > 0) {
		char token[SECRET_TOKEN_LEN + 1], digest[SECRET_DIGEST_LEN + 1];
		bool live = false;
		secret_token(token);
		secret_digest(token, digest);
		if (store_link_renew(s, link_id, digest, now, &live) != 0) {
			sodium_memzero(token, sizeof(token));
			return LIA_EDB;
		}
		if (live) {
			sm.text = text = mail_fill_token(sm.text, token);
			sm.html = html = mail_fill_token(sm.html, token);
		} else {
			rc = -1;
			permanent = true;
			err = mem_strdup("the one-time link was used or has expired: invite again, or ask for a new password");
		}
		sodium_memzero(token, sizeof(token));
	}
	if (rc == 0)
		rc = smtp_send(relay, &sm, MAIL_TIMEOUT_S, &err, &permanent);
	/* The copies with the token are wiped, not only freed. */
	if (text)
		sodium_memzero(text, strlen(text));
	if (html)
		sodium_memzero(html, strlen(html));
	free(text);
	free(html);
	int wrc;
	*ok = rc == 0;
	if (rc == 0) {
		wrc = store_mail_sent(s, id, now);
		log_info("mail %lld (%s) sent to the relay", id, json_string_value(json_object_get(m, "kind")));
	} else if (permanent || attempts >= MAIL_ATTEMPTS) {
		wrc = store_mail_failed(s, id, attempts, err, NULL);
		log_warn("mail %lld failed for good after %lld attempt%s: %s", id, attempts, attempts == 1 ? "" : "s", err);
	} else {
		long wait = (long)(interval_s ? interval_s : 1);
		for (long long i = 1; i < attempts && wait < MAIL_BACKOFF_MAX_S; i++)
			wait *= 2;
		if (wait > MAIL_BACKOFF_MAX_S)
			wait = MAIL_BACKOFF_MAX_S;
		char retry[24];
		clock_iso_offset(wait, retry, sizeof(retry));
		wrc = store_mail_failed(s, id, attempts, err, retry);
		log_warn("mail %lld not delivered (attempt %lld), trying again at %s: %s", id, attempts, retry, err);
	}
	free(err);
	return wrc ? LIA_EDB : 0;
}

int mail_send_due(struct store *s, const struct smtp_relay *relay, unsigned interval_s, unsigned *sent,
                  unsigned *failed)
{
	*sent = *failed = 0;
	char now[24], lease[24];
	clock_iso_offset(0, now, sizeof(now));
	clock_iso_offset(MAIL_LEASE_S, lease, sizeof(lease));
	json_t *due = NULL;
	if (store_mail_due(s, now, MAIL_BATCH, &due) != 0)
		return LIA_EDB;
	int rc = 0;
	size_t i;
	json_t *m;
	json_array_foreach(due, i, m) {
		bool taken = false, ok = false;
		long long id = (long long)json_integer_value(json_object_get(m, "id"));
		if ((rc = store_mail_claim(s, id, json_string_value(json_object_get(m, "next_attempt_at")), lease, &taken)) != 0)
			break;
		if (!taken)
			continue;
		if ((rc = send_one(s, relay, interval_s, m, &ok)) != 0)
			break;
		if (ok)
			(*sent)++;
		else
			(*failed)++;
	}
	json_decref(due);
	return rc;
}

/* --- the worker thread of `lia serve` ---------------------------------- */

static pthread_t worker;
static bool worker_running;
static atomic_bool worker_stop;
static pthread_mutex_t worker_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t worker_cv = PTHREAD_COND_INITIALIZER;
static char *worker_db;

static void remind_now(struct store *s)
{
	char today[24], now[24];
	clock_iso_offset(0, now, sizeof(now));
	snprintf(today, sizeof(today), "%.10s", now);
	json_t *queued = NULL;
	if (mail_remind(s, today, now, config.remind_days, false, &queued) != 0)
		log_error("mail: could not queue the reminders");
	else if (json_array_size(queued))
		log_info("mail: queued %zu reminder%s", json_array_size(queued), json_array_size(queued) == 1 ? "" : "s");
	json_decref(queued);
}

/* What the worker keeps per municipality: when it last queued reminders or
 * warned that no relay is set. Its connection is borrowed for its round
 * (worker_connect). */
struct worker_municipality {
	long long id;
	struct store *s;
	time_t last_remind;
	bool warned;
};

/* A connection for municipality id's round: on PostgreSQL the worker's one
 * connection, set to that municipality (one connection whatever their
 * number); on SQLite its file, opened for the round (a file each would keep
 * hundreds of descriptors open). NULL if it cannot be had (logged). */
static struct store *worker_connect(struct store *deployment, long long id)
{
	if (id == 1 && store_municipality_of(deployment) == 1)
		return deployment;
	if (store_is_server(worker_db))
		return store_scope(deployment, id) == 0 ? deployment : NULL;
	struct store *s = NULL;
	char *err = NULL;
	if (store_open_municipality(worker_db, id, STORE_OPEN_EXISTING, &s, &err) != 0) {
		log_error("mail: cannot open municipality %lld: %s", id, err ? err : "?");
		s = NULL;
	}
	free(err);
	return s;
}

/* One round for one municipality: reminders (hourly) and the outbox. */
static void worker_round(struct worker_municipality *w)
{
	struct smtp_relay relay;
	json_t *hold = NULL;
	/* Reminders only while a relay is set: without one they would wait
	 * in the outbox and arrive late, all at once. */
	if (mail_relay(w->s, &relay, &hold)) {
		if (config.remind && time(NULL) - w->last_remind >= 3600) {
			remind_now(w->s);
			w->last_remind = time(NULL);
		}
		unsigned sent, failed;
		if (mail_send_due(w->s, &relay, config.interval_s, &sent, &failed) != 0)
			log_error("mail: could not read or update the outbox");
		w->warned = false;
	} else if (!w->warned) {
		log_warn("mail: municipality %lld has no SMTP relay that lia may use (--smtp-url, the mail page, "
		         "--smtp-relay-hosts): its messages wait in the outbox", w->id);
		w->warned = true;
	}
	json_decref(hold);
}

/* Every municipality of the deployment in turn, each with its own outbox,
 * relay setting and reminders, and links to its own pages (mail_scope). */
static void *worker_main(void *arg)
{
	(void)arg;
	struct store *deployment = NULL;
	char *err = NULL;
	if (store_open(worker_db, STORE_OPEN_EXISTING, &deployment, &err) != 0) {
		log_error("mail: cannot open the database: %s", err ? err : "?");
		free(err);
		return NULL;
	}
	struct worker_municipality *ws = NULL;
	size_t nw = 0, cap = 0;
	while (!atomic_load(&worker_stop)) {
		json_t *all = NULL;
		/* The registry is the deployment's, whichever municipality the
		 * connection was last set to. */
		if (store_scope(deployment, 1) != 0 || store_municipalities(deployment, &all) != 0) {
			log_error("mail: cannot read the municipalities of the deployment");
			json_decref(all);
			all = json_pack("[{sI, ss, s?}]", "id", (json_int_t)1, "slug", "", "host", NULL);
		}
		size_t i;
		json_t *m;
		json_array_foreach(all, i, m) {
			if (atomic_load(&worker_stop))
				break;
			long long id = (long long)json_integer_value(json_object_get(m, "id"));
			struct worker_municipality *w = NULL;
			for (size_t k = 0; k < nw && !w; k++)
				if (ws[k].id == id)
					w = &ws[k];
			if (!w) {
				if (nw == cap) {
					cap = cap ? cap * 2 : 16;
					ws = mem_realloc(ws, cap * sizeof(*ws));
				}
				w = &ws[nw++];
				*w = (struct worker_municipality){.id = id};
			}
			w->s = worker_connect(deployment, id);
			if (!w->s)
				continue;
			const char *host = json_string_value(json_object_get(m, "host"));
			char where[300] = "";
			if (host)
				snprintf(where, sizeof(where), "https://%s", host);
			else if (json_array_size(all) > 1)
				snprintf(where, sizeof(where), "/%s", json_string_value(json_object_get(m, "slug")));
			mail_scope(where);
			worker_round(w);
			mail_scope(NULL);
			if (w->s != deployment)
				store_close(w->s);
			w->s = NULL;
		}
		json_decref(all);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += config.interval_s ? config.interval_s : 1;
		pthread_mutex_lock(&worker_mu);
		if (!atomic_load(&worker_stop))
			pthread_cond_timedwait(&worker_cv, &worker_mu, &until);
		pthread_mutex_unlock(&worker_mu);
	}
	free(ws);
	store_close(deployment);
	return NULL;
}

int mail_worker_start(const char *db)
{
	free(worker_db);
	worker_db = mem_strdup(db);
	atomic_store(&worker_stop, false);
	/* The thread must not take the signals the server's main thread waits
	 * for (sigtimedwait): it starts with every signal blocked. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(&worker, NULL, worker_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return -1;
	worker_running = true;
	return 0;
}

void mail_worker_stop(void)
{
	if (!worker_running)
		return;
	pthread_mutex_lock(&worker_mu);
	atomic_store(&worker_stop, true);
	pthread_cond_signal(&worker_cv);
	pthread_mutex_unlock(&worker_mu);
	pthread_join(worker, NULL);
	worker_running = false;
	free(worker_db);
	worker_db = NULL;
}
