/*
 * pool: a fixed set of connections shared by the server's worker threads.
 * The pool owns every connection; a thread borrows one for the length of a
 * request and gives it back. One more connection, the watcher, only reads
 * the data version (store/version.c). On SQLite with several municipalities
 * it also keeps the national version (store_national_version): each file's
 * counter as last read, read again only when the file was written since
 * (an inotify watch on their folder).
 */
#include "store/db.h"

#include "core/err.h"
#include "core/log.h"
#include "core/mem.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/inotify.h>
#endif

/* SQLite: the connections to one other municipality's file, opened when
 * first needed; at most MUNI_IDLE wait idle per municipality, and at most
 * MUNI_OPEN_MAX connections (idle ones and data-version watchers) stay open
 * across all municipalities: beyond that the least recently used are closed
 * (a deployment of 342 municipalities would otherwise keep thousands of
 * descriptors). The table grows as municipalities are asked for. */
#define MUNI_IDLE 4
#define MUNI_OPEN_MAX 96
struct muni_pool {
	long long id;
	unsigned nidle;
	struct store *idle[MUNI_IDLE];
	struct store *watch;      /* its data version (never writes) */
	unsigned long long epoch; /* which opening of the watcher (its versions start again) */
	unsigned long long used;  /* p->tick when last used */
};

/* SQLite: what the national version knows of one other municipality's
 * file (store_national_version). */
struct nat_file {
	long long id;
	char *name;                 /* the file's name in the folder: gm0202.sqlite */
	unsigned long long n;       /* its counter as last read */
	bool dirty;                 /* never read, or written since it was last read */
	unsigned long long since_ms; /* its last event: a read from NAT_SETTLE_MS after it is needed (0: none) */
	bool reading;               /* that read is under way (store_national_version) */
	unsigned long long marks;   /* how many times it was marked changed */
};

/* SQLite: the parts of the national version (store_national_version). */
struct nat {
	pthread_mutex_t lock;       /* taken before watch_lock and muni_lock, never after */
	char *folder;               /* the municipalities' files (store_municipality_folder) */
	int fd;                     /* inotify; -1 when there is none */
	int wd;                     /* its watch of folder; -1 while it has none */
	bool blind;                 /* no inotify to be had: every counter is read every time */
	bool have_registry;
	bool late_busy;             /* a request is doing second reads (one at a time) */
	unsigned long long unknown_ms; /* the last event for a file not (yet) in files, or the watch's start */
	long long dv;               /* the watcher's data version when the registry was read */
	unsigned long long home;    /* municipality 1's counter, read then */
	size_t nfiles;
	struct nat_file *files;     /* sorted by name */
};

struct store_pool {
	char *path;
	bool server;
	bool bypass; /* PostgreSQL: the role skips row-level security */
	pthread_mutex_t muni_lock;
	unsigned nmuni, cap_muni;
	struct muni_pool *muni;
	unsigned nopen;             /* idle connections and watchers of other municipalities */
	unsigned long long tick;    /* LRU clock */
	unsigned long long epochs;  /* watchers opened so far */
	pthread_mutex_t lock;
	pthread_cond_t freed;
	unsigned n, nfree;
	struct store **all;
	struct store **free_list;
	pthread_mutex_t watch_lock; /* the watcher is used by one thread at a time */
	struct store *watch;        /* never writes: its data_version sees every commit */
	struct version_listener *listener; /* PostgreSQL: the data version without a round trip (version.c) */
	struct nat nat;
};

unsigned store_pool_open_files(struct store_pool *p)
{
	pthread_mutex_lock(&p->muni_lock);
	unsigned n = p->nopen;
	pthread_mutex_unlock(&p->muni_lock);
	return n;
}

static bool nat_watch(struct nat *t);

int store_pool_open(const char *path, unsigned n, struct store_pool **out, char **err)
{
	struct store_pool *p = mem_calloc(1, sizeof(*p));
	p->path = mem_strdup(path);
	p->server = store_is_server(path);
	pthread_mutex_init(&p->muni_lock, NULL);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	pthread_mutex_init(&p->watch_lock, NULL);
	pthread_mutex_init(&p->nat.lock, NULL);
	p->nat.fd = p->nat.wd = -1;
	if (!p->server) {
		/* From the start, so that by the first national picture the
		 * files have settled (see store_national_version). */
		p->nat.folder = store_municipality_folder(path);
		nat_watch(&p->nat);
	}
	p->all = mem_calloc(n, sizeof(*p->all));
	p->free_list = mem_calloc(n, sizeof(*p->free_list));
	for (unsigned i = 0; i < n; i++) {
		int rc = store_open(path, STORE_OPEN_EXISTING, &p->all[i], err);
		if (rc != 0) {
			store_pool_close(p);
			*out = NULL;
			return rc;
		}
		p->n++;
		p->free_list[p->nfree++] = p->all[i];
	}
	int rc = store_open(path, STORE_OPEN_EXISTING, &p->watch, err);
	if (rc == 0 && p->server && store_bypasses_rls(p->watch, &p->bypass) != 0) {
		if (err)
			*err = mem_strdup("cannot read whether the role skips row-level security");
		rc = LIA_EDB;
	}
	if (rc != 0) {
		store_pool_close(p);
		*out = NULL;
		return rc;
	}
	if (p->server)
		p->listener = version_listener_start(path);
	*out = p;
	return 0;
}

void store_pool_close(struct store_pool *p)
{
	if (!p)
		return;
	version_listener_stop(p->listener);
	for (unsigned i = 0; i < p->n; i++)
		store_close(p->all[i]);
	store_close(p->watch);
	for (unsigned i = 0; i < p->nmuni; i++) {
		for (unsigned j = 0; j < p->muni[i].nidle; j++)
			store_close(p->muni[i].idle[j]);
		store_close(p->muni[i].watch);
	}
	free(p->muni);
	for (size_t i = 0; i < p->nat.nfiles; i++)
		free(p->nat.files[i].name);
	free(p->nat.files);
	free(p->nat.folder);
	if (p->nat.fd >= 0)
		close(p->nat.fd);
	pthread_mutex_destroy(&p->nat.lock);
	pthread_mutex_destroy(&p->muni_lock);
	free(p->path);
	pthread_mutex_destroy(&p->watch_lock);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->freed);
	free(p->all);
	free(p->free_list);
	free(p);
}

static struct store *acquire_shared(struct store_pool *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->nfree == 0)
		pthread_cond_wait(&p->freed, &p->lock);
	struct store *s = p->free_list[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	return s;
}

/* Municipality 1's connection; NULL when it cannot be had (never one
 * scoped to another municipality). */
struct store *store_pool_acquire(struct store_pool *p)
{
	return store_pool_acquire_for(p, 1);
}

/* SQLite: the pool of municipality id (made when first asked for); with
 * muni_lock held. The table is kept sorted by id (a binary search: the
 * national picture asks for each of 342); the pointer holds until the next
 * call. */
static struct muni_pool *muni_find(struct store_pool *p, long long id)
{
	unsigned lo = 0, hi = p->nmuni;
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (p->muni[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->nmuni && p->muni[lo].id == id) {
		p->muni[lo].used = ++p->tick;
		return &p->muni[lo];
	}
	if (p->nmuni == p->cap_muni) {
		unsigned cap = p->cap_muni ? p->cap_muni * 2 : 16;
		p->muni = mem_realloc(p->muni, cap * sizeof(*p->muni));
		p->cap_muni = cap;
	}
	memmove(&p->muni[lo + 1], &p->muni[lo], (p->nmuni - lo) * sizeof(*p->muni));
	p->nmuni++;
	struct muni_pool *m = &p->muni[lo];
	*m = (struct muni_pool){.id = id, .used = ++p->tick};
	return m;
}

/* Close the least recently used idle connections and watchers of other
 * municipalities while more than MUNI_OPEN_MAX are open, sparing keep;
 * with muni_lock held. */
static void muni_trim(struct store_pool *p, const struct muni_pool *keep)
{
	while (p->nopen > MUNI_OPEN_MAX) {
		struct muni_pool *lru = NULL;
		for (unsigned i = 0; i < p->nmuni; i++) {
			struct muni_pool *m = &p->muni[i];
			if (m != keep && (m->nidle || m->watch) && (!lru || m->used < lru->used))
				lru = m;
		}
		if (!lru)
			return;
		while (lru->nidle) {
			store_close(lru->idle[--lru->nidle]);
			p->nopen--;
		}
		if (lru->watch) {
			store_close(lru->watch);
			lru->watch = NULL;
			p->nopen--;
		}
	}
}

struct store *store_pool_acquire_for(struct store_pool *p, long long municipality_id)
{
	if (p->bypass && municipality_id != 1) {
		/* Row-level security would not separate it from the others. */
		log_error("municipality %lld is not served: the database role skips row-level security "
		          "(connect as an ordinary role)", municipality_id);
		return NULL;
	}
	if (p->server || municipality_id == 1) {
		struct store *s = acquire_shared(p);
		if (s->kind == DB_PG)
			db_pg_check_idle(s);
		if (p->bypass) {
			/* Municipality 1 alone: with a second one its rows would
			 * show the other's too. */
			int e = 0;
			long long n = db_int(s, &e, 0, "SELECT count(*) FROM municipality", NULL);
			if (e || n != 1) {
				log_error("no municipality is served: the database role skips row-level security and the "
				          "deployment has several municipalities (connect as an ordinary role)");
				store_pool_release(p, s);
				return NULL;
			}
		}
		if (p->server && s->municipality_id != municipality_id) {
			int e = 0;
			long long known = municipality_id == 1 ? 1 : db_int(s, &e, 0,
				"SELECT count(*) FROM municipality WHERE id = ?", "i", municipality_id);
			if (e || !known || db_pg_scope(s, municipality_id) != 0) {
				store_pool_release(p, s);
				return NULL;
			}
		}
		return s;
	}
	pthread_mutex_lock(&p->muni_lock);
	struct muni_pool *m = muni_find(p, municipality_id);
	struct store *s = NULL;
	if (m->nidle) {
		s = m->idle[--m->nidle];
		p->nopen--;
	}
	pthread_mutex_unlock(&p->muni_lock);
	if (s)
		return s;
	char *err = NULL;
	if (store_open_municipality(p->path, municipality_id, STORE_OPEN_EXISTING, &s, &err) != 0) {
		log_error("municipality %lld: %s", municipality_id, err ? err : "cannot open its database");
		free(err);
		return NULL;
	}
	return s;
}

void store_pool_release(struct store_pool *p, struct store *s)
{
	if (s && s->wrote) {
		/* A change committed on this connection is counted before the
		 * connection is given back, and so before the answer leaves: the
		 * listener's notification of it may come later. */
		if (p->listener)
			version_listener_wrote(p->listener, s);
		s->wrote = false;
	}
	if (!p->server && s->municipality_id != 1) {
		pthread_mutex_lock(&p->muni_lock);
		struct muni_pool *m = muni_find(p, s->municipality_id);
		if (m->nidle < MUNI_IDLE) {
			m->idle[m->nidle++] = s;
			p->nopen++;
			s = NULL;
			muni_trim(p, m);
		}
		pthread_mutex_unlock(&p->muni_lock);
		store_close(s);
		return;
	}
	pthread_mutex_lock(&p->lock);
	p->free_list[p->nfree++] = s;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

int store_data_version(struct store_pool *p, unsigned long long *out)
{
	if (p->listener && version_listener_get(p->listener, out))
		return 0;
	long long v = 0;
	pthread_mutex_lock(&p->watch_lock);
	int rc = db_data_version(p->watch, &v);
	pthread_mutex_unlock(&p->watch_lock);
	*out = (unsigned long long)v;
	return rc;
}

/* SQLite: the watcher of municipality id, opened if need be; with
 * muni_lock held. NULL when its file cannot be opened (logged). */
static struct store *muni_watch(struct store_pool *p, long long municipality_id, struct muni_pool **out)
{
	struct muni_pool *m = muni_find(p, municipality_id);
	*out = m;
	if (!m->watch) {
		char *err = NULL;
		if (store_open_municipality(p->path, municipality_id, STORE_OPEN_EXISTING, &m->watch, &err) != 0) {
			log_error("municipality %lld: %s", municipality_id, err ? err : "cannot open its database");
			m->watch = NULL;
		} else {
			/* A watcher opened again counts from its own start: the
			 * epoch keeps its numbers apart from the closed one's. */
			m->epoch = ++p->epochs;
			p->nopen++;
			muni_trim(p, m);
		}
		free(err);
	}
	return m->watch;
}

int store_data_version_for(struct store_pool *p, long long municipality_id, unsigned long long *out)
{
	if (p->server || municipality_id == 1)
		return store_data_version(p, out);
	*out = 0;
	long long v = 0;
	int rc = LIA_ENOTFOUND;
	pthread_mutex_lock(&p->muni_lock);
	struct muni_pool *m;
	struct store *w = muni_watch(p, municipality_id, &m);
	if (w)
		rc = db_data_version(w, &v);
	unsigned long long epoch = m->epoch;
	pthread_mutex_unlock(&p->muni_lock);
	*out = rc == 0 ? (epoch << 40) + (unsigned long long)v : 0;
	return rc;
}

/* SQLite: the counter of what the national picture reads from one file
 * (lia_national_version, 0020), read on watcher w. */
static int national_counter(struct store *w, unsigned long long *out)
{
	int e = 0;
	long long n = db_int(w, &e, -1, "SELECT n FROM lia_national_version WHERE id = 1", NULL);
	if (e || n < 0)
		return LIA_EDB;
	*out = (unsigned long long)n;
	return 0;
}

/* How long after a write to a file its counter is read once more: in WAL
 * mode the write to -wal (the event) comes before the commit is visible to
 * readers (the index in -shm, which gives no event, is updated after), so
 * the read right after the event may see the state before it. Those second
 * reads are a safety net for a window of microseconds: at most
 * NAT_LATE_READS of them per request and by one request at a time, after
 * it let go of the lock, so that those after the watch began (every file)
 * are spread over requests and hold none of the others up. */
#define NAT_SETTLE_MS 1500
#define NAT_LATE_READS 4

static unsigned long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (unsigned long long)t.tv_sec * 1000 + (unsigned long long)t.tv_nsec / 1000000;
}

/* Every file's counter must be read (again), now and after the settle
 * time: what was written before the watch (or while events were lost) is
 * not known. */
static void nat_all_dirty(struct nat *t, unsigned long long now)
{
	for (size_t i = 0; i < t->nfiles; i++) {
		t->files[i].dirty = true;
		t->files[i].since_ms = now;
		t->files[i].marks++;
	}
}

static int nat_cmp(const void *a, const void *b)
{
	return strcmp(((const struct nat_file *)a)->name, ((const struct nat_file *)b)->name);
}

static struct nat_file *nat_by_name(struct nat *t, const char *name)
{
	if (!t->nfiles)
		return NULL;
	struct nat_file key = {.name = (char *)name};
	return bsearch(&key, t->files, t->nfiles, sizeof(*t->files), nat_cmp);
}

#ifdef __linux__
/* What can change a file's committed data: a write to it or its -wal or
 * -journal, and the file itself made, removed or moved into or out of place
 * (a backup put back). Not -wal made or removed on its own: every opening
 * and last closing does that, the watchers' own too. */
#define NAT_EVENTS (IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)

/* Mark the file event names as changed (name: gm0202.sqlite, or with -wal,
 * -journal or -shm after it). */
static void nat_event(struct nat *t, const struct inotify_event *ev, unsigned long long now)
{
	const char *end = ev->len ? strstr(ev->name, ".sqlite") : NULL;
	if (!end)
		return;
	end += strlen(".sqlite");
	bool main_file = *end == '\0';
	if (!main_file && (!(ev->mask & IN_MODIFY) || strcmp(end, "-shm") == 0))
		return;
	char name[64];
	size_t n = (size_t)(end - ev->name);
	if (n >= sizeof(name))
		return;
	memcpy(name, ev->name, n);
	name[n] = '\0';
	struct nat_file *f = nat_by_name(t, name);
	if (f) {
		f->dirty = true;
		f->since_ms = now;
		f->marks++;
	} else {
		t->unknown_ms = now;
	}
}

/* Set the watch up if it is not (the folder is made with the second
 * municipality, perhaps by another process after the start) and take the
 * events since the last request. false: no watch, every counter must be
 * read. */
static bool nat_watch(struct nat *t)
{
	if (t->blind)
		return false;
	if (t->fd < 0) {
		t->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (t->fd < 0) {
			log_warn("the national picture reads every municipality's file on each request: no inotify (%s)",
			         strerror(errno));
			t->blind = true;
			return false;
		}
	}
	if (t->wd < 0) {
		t->wd = inotify_add_watch(t->fd, t->folder, NAT_EVENTS | IN_ONLYDIR | IN_DELETE_SELF | IN_MOVE_SELF);
		if (t->wd < 0) {
			/* Not there yet: no file of another municipality either. */
			if (errno == ENOENT)
				return false;
			log_warn("the national picture reads every municipality's file on each request: cannot watch %s (%s)",
			         t->folder, strerror(errno));
			t->blind = true;
			return false;
		}
		t->unknown_ms = now_ms();
		nat_all_dirty(t, t->unknown_ms);
	}
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool lost = false;
	for (;;) {
		ssize_t len = read(t->fd, buf, sizeof(buf));
		if (len <= 0) {
			if (len < 0 && errno == EINTR)
				continue;
			break;
		}
		unsigned long long now = now_ms();
		for (char *q = buf; q < buf + len;) {
			const struct inotify_event *ev = (const struct inotify_event *)q;
			q += sizeof(*ev) + ev->len;
			/* The end (IN_IGNORED) of a watch removed before is no news. */
			if (ev->wd != t->wd && !(ev->mask & IN_Q_OVERFLOW))
				continue;
			if (ev->mask & IN_Q_OVERFLOW)
				lost = true;
			else if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF))
				lost = true; /* the folder went or moved: watch it again by its name */
			else
				nat_event(t, ev, now);
		}
	}
	if (lost) {
		inotify_rm_watch(t->fd, t->wd); /* EINVAL if the folder's removal ended it already */
		t->wd = -1;
		t->unknown_ms = now_ms();
		nat_all_dirty(t, t->unknown_ms);
		return false;
	}
	return true;
}
#else
static bool nat_watch(struct nat *t)
{
	if (!t->blind)
		log_warn("the national picture reads every municipality's file on each request: no inotify here");
	t->blind = true;
	return false;
}
#endif

/* The registry (id and file of every municipality but the first) and
 * municipality 1's counter, read again when the deployment's file changed;
 * with t->lock held. The files known already keep what is known of them. */
static int nat_registry(struct store_pool *p, struct nat *t)
{
	long long dv = 0;
	pthread_mutex_lock(&p->watch_lock);
	int rc = db_data_version(p->watch, &dv);
	if (rc != 0 || (t->have_registry && dv == t->dv)) {
		pthread_mutex_unlock(&p->watch_lock);
		return rc;
	}
	/* The watcher never writes: each read is a transaction of its own, so
	 * it sees every commit, and one after dv only makes this read again. */
	json_t *rows = db_rows(p->watch, "SELECT id, code FROM municipality WHERE id <> 1", NULL);
	unsigned long long home = 0;
	rc = rows ? national_counter(p->watch, &home) : LIA_EDB;
	pthread_mutex_unlock(&p->watch_lock);
	if (rc != 0) {
		json_decref(rows);
		return rc;
	}
	size_t n = json_array_size(rows), i;
	struct nat_file *files = mem_calloc(n ? n : 1, sizeof(*files));
	json_t *row;
	json_array_foreach(rows, i, row) {
		const char *code = json_string_value(json_object_get(row, "code"));
		char *file = store_municipality_location(p->path, code ? code : "");
		const char *slash = strrchr(file, '/');
		files[i] = (struct nat_file){.id = json_integer_value(json_object_get(row, "id")),
		                             .name = mem_strdup(slash ? slash + 1 : file), .dirty = true};
		free(file);
		const struct nat_file *old = nat_by_name(t, files[i].name);
		if (old && old->id == files[i].id) {
			files[i].n = old->n;
			files[i].dirty = old->dirty;
			files[i].since_ms = old->since_ms;
			files[i].reading = old->reading;
			files[i].marks = old->marks;
		} else {
			/* Its events until now were not taken as its own. */
			files[i].since_ms = t->unknown_ms;
		}
	}
	json_decref(rows);
	qsort(files, n, sizeof(*files), nat_cmp);
	for (i = 0; i < t->nfiles; i++)
		free(t->files[i].name);
	free(t->files);
	t->files = files;
	t->nfiles = n;
	t->home = home;
	t->dv = dv;
	t->have_registry = true;
	return 0;
}

unsigned long long store_pool_files_opened(struct store_pool *p)
{
	pthread_mutex_lock(&p->muni_lock);
	unsigned long long n = p->epochs;
	pthread_mutex_unlock(&p->muni_lock);
	return n;
}

/* Was file name in folder (or its -wal or -journal) last written more than
 * NAT_SETTLE_MS ago, so that a read now sees every commit made in it? A
 * commit is written (the mtime moves) before it is visible; only an
 * unfinished commit is not, and it was written just now. This spares the
 * second read of every file after the watch begins, when the files were
 * not written in the settle time before. */
static bool nat_quiet(const char *folder, const char *name)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	static const char *const suffix[] = {"", "-wal", "-journal"};
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		char path[4096];
		struct stat st;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s%s", folder, name, suffix[i]) >= sizeof(path))
			return false;
		if (stat(path, &st) != 0) {
			if (errno == ENOENT)
				continue;
			return false;
		}
		/* An empty -wal was made by a connection's opening (the mail
		 * worker's, a watcher's): no commit is in it. */
		if (i > 0 && st.st_size == 0)
			continue;
		long long age_ms = ((long long)now.tv_sec - (long long)st.st_mtim.tv_sec) * 1000 +
		                   ((long long)now.tv_nsec - (long long)st.st_mtim.tv_nsec) / 1000000;
		if (age_ms < NAT_SETTLE_MS)
			return false;
	}
	return true;
}

/* Municipality id's counter, read on its watcher (opened if need be). */
static int nat_read(struct store_pool *p, long long id, unsigned long long *n)
{
	pthread_mutex_lock(&p->muni_lock);
	struct muni_pool *m;
	struct store *w = muni_watch(p, id, &m);
	int rc = w ? national_counter(w, n) : LIA_ENOTFOUND;
	pthread_mutex_unlock(&p->muni_lock);
	return rc;
}

int store_national_counter_for(struct store_pool *p, long long municipality_id, unsigned long long *out)
{
	*out = 0;
	if (p->server)
		return LIA_ENOTFOUND;
	struct nat *t = &p->nat;
	int rc = LIA_ENOTFOUND;
	pthread_mutex_lock(&t->lock);
	/* Only while watched: the events are taken by store_national_version,
	 * and one after them moves the version the page is kept under, so a
	 * summary kept by a counter a little old is made again on the next. */
	for (size_t i = 0; t->wd >= 0 && !t->blind && i < t->nfiles; i++) {
		struct nat_file *f = &t->files[i];
		if (f->id != municipality_id)
			continue;
		rc = 0;
		if (f->dirty && (rc = nat_read(p, f->id, &f->n)) == 0)
			f->dirty = false; /* since_ms stays: the second read is still due */
		*out = f->n;
		break;
	}
	pthread_mutex_unlock(&t->lock);
	return rc;
}

/* A second read after the settle time, done by one request outside t->lock. */
struct nat_late {
	long long id;
	char name[64];
	unsigned long long marks;
	unsigned long long n;
	int rc;
};

int store_national_version(struct store_pool *p, unsigned long long *out)
{
	*out = 0;
	if (p->server)
		return store_data_version(p, out);
	struct nat *t = &p->nat;
	struct nat_late late[NAT_LATE_READS];
	unsigned nlate = 0;
	pthread_mutex_lock(&t->lock);
	/* The events first, then the registry: a file registered after the
	 * events were taken is read as new. */
	bool watched = nat_watch(t);
	int rc = nat_registry(p, t);
	unsigned long long sum = t->home, start = now_ms();
	for (size_t i = 0; rc == 0 && i < t->nfiles; i++) {
		struct nat_file *f = &t->files[i];
		/* The time before the read: a read at least NAT_SETTLE_MS after
		 * the file's last event sees all the event was for. (The clock
		 * once per file read only: it costs here.) */
		bool fresh = f->dirty || !watched;
		unsigned long long now = fresh && f->since_ms ? now_ms() : start;
		bool settled = f->since_ms && now >= f->since_ms + NAT_SETTLE_MS;
		if (!fresh) {
			/* Only a safety net: this request reads it after it let go
			 * of the lock, and the next ones count what it read. */
			if (settled && !t->late_busy && !f->reading && nlate < NAT_LATE_READS &&
			    strlen(f->name) < sizeof(late->name)) {
				f->reading = true;
				late[nlate] = (struct nat_late){.id = f->id, .marks = f->marks};
				strcpy(late[nlate++].name, f->name);
			}
			sum += f->n;
			continue;
		}
		bool quiet = f->since_ms && !settled && watched && nat_quiet(t->folder, f->name);
		rc = nat_read(p, f->id, &f->n);
		if (rc == 0) {
			f->dirty = false;
			if (settled || quiet)
				f->since_ms = 0;
		}
		sum += f->n;
	}
	if (nlate)
		t->late_busy = true;
	pthread_mutex_unlock(&t->lock);
	if (nlate) {
		for (unsigned i = 0; i < nlate; i++)
			late[i].rc = nat_read(p, late[i].id, &late[i].n);
		pthread_mutex_lock(&t->lock);
		t->late_busy = false;
		for (unsigned i = 0; i < nlate; i++) {
			struct nat_file *f = nat_by_name(t, late[i].name);
			if (!f || f->id != late[i].id)
				continue;
			f->reading = false;
			/* Not if it was written again since: then it is dirty, or was
			 * read after this read began, and this value may be older. */
			if (late[i].rc == 0 && f->marks == late[i].marks) {
				f->n = late[i].n;
				f->since_ms = 0;
			}
		}
		pthread_mutex_unlock(&t->lock);
	}
	*out = rc == 0 ? sum : 0;
	return rc;
}
