/*
 * A small program over the ZooKeeper C client (libzookeeper_mt), built by CClientTest with gcc and run against
 * Paddock and against ZooKeeper 3.9.3 through a TCP proxy; the two outputs, normalised, must be equal.
 *
 * It covers the synchronous and the asynchronous API, ACLs and digest auth, one-shot watches, multi (a successful
 * one and one that fails on a version check), and a reconnect: it prints "CUT" and waits for a line on stdin while
 * the test cuts its connection at the proxy, then checks that it is connected again on the same session.
 *
 * Only the main thread prints: watch events and async completions are recorded by the client's threads and printed
 * by the main thread when it waits for them, so the output does not depend on thread timing.
 *
 * usage: cclient host:port
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zookeeper/zookeeper.h>

#define WAIT_SECONDS 15
#define MAX_EVENTS 64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int session_state = 0;
static int saw_disconnect = 0;
static char *events[MAX_EVENTS];
static int event_count = 0;
static int async_done = 0;
static char async_result[512];

static const char *type_name(int type) {
    if (type == ZOO_CREATED_EVENT) return "CREATED";
    if (type == ZOO_DELETED_EVENT) return "DELETED";
    if (type == ZOO_CHANGED_EVENT) return "CHANGED";
    if (type == ZOO_CHILD_EVENT) return "CHILD";
    if (type == ZOO_SESSION_EVENT) return "SESSION";
    if (type == ZOO_NOTWATCHING_EVENT) return "NOTWATCHING";
    return "OTHER";
}

static void deadline(struct timespec *ts) {
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += WAIT_SECONDS;
}

static void watcher(zhandle_t *zh, int type, int state, const char *path, void *ctx) {
    (void) zh;
    pthread_mutex_lock(&lock);
    if (type == ZOO_SESSION_EVENT) {
        session_state = state;
        if (state != ZOO_CONNECTED_STATE) {
            saw_disconnect = 1;
        }
    } else if (event_count < MAX_EVENTS) {
        char buf[300];
        snprintf(buf, sizeof buf, "event %s path=%s watcher=%s", type_name(type), path,
                 ctx ? (const char *) ctx : "default");
        events[event_count++] = strdup(buf);
    }
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
}

/* Waits for the next watch event and prints it (or that none came). */
static void print_next_event(void) {
    struct timespec ts;
    deadline(&ts);
    pthread_mutex_lock(&lock);
    while (event_count == 0) {
        if (pthread_cond_timedwait(&changed, &lock, &ts) == ETIMEDOUT) break;
    }
    if (event_count == 0) {
        printf("no event within %d s\n", WAIT_SECONDS);
    } else {
        printf("%s\n", events[0]);
        free(events[0]);
        memmove(events, events + 1, sizeof(char *) * (size_t) (--event_count));
    }
    pthread_mutex_unlock(&lock);
}

static int await_connected(int after_disconnect) {
    struct timespec ts;
    deadline(&ts);
    pthread_mutex_lock(&lock);
    while (session_state != ZOO_CONNECTED_STATE || (after_disconnect && !saw_disconnect)) {
        if (pthread_cond_timedwait(&changed, &lock, &ts) == ETIMEDOUT) break;
    }
    int ok = session_state == ZOO_CONNECTED_STATE && (!after_disconnect || saw_disconnect);
    pthread_mutex_unlock(&lock);
    return ok;
}

static void print_stat(const char *what, const struct Stat *s) {
    printf("%s: czxid=0x%llx mzxid=0x%llx pzxid=0x%llx version=%d cversion=%d aversion=%d ephemeralOwner=0x%llx "
           "dataLength=%d numChildren=%d\n", what, (unsigned long long) s->czxid, (unsigned long long) s->mzxid,
           (unsigned long long) s->pzxid, s->version, s->cversion, s->aversion,
           (unsigned long long) s->ephemeralOwner, s->dataLength, s->numChildren);
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Children sorted: ZooKeeper does not promise an order. */
static void print_children(const char *what, struct String_vector *v) {
    qsort(v->data, (size_t) v->count, sizeof(char *), cmp_str);
    printf("%s:", what);
    for (int i = 0; i < v->count; i++) printf(" %s", v->data[i]);
    printf("\n");
    deallocate_String_vector(v);
}

/* ---- the asynchronous API: completions record, the main thread waits and prints ---- */

static void async_finish(const char *text) {
    pthread_mutex_lock(&lock);
    snprintf(async_result, sizeof async_result, "%s", text);
    async_done = 1;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
}

static void string_completion(int rc, const char *name, const void *data) {
    char buf[400];
    snprintf(buf, sizeof buf, "%s: rc=%s name=%s", (const char *) data, zerror(rc), rc == ZOK ? name : "-");
    async_finish(buf);
}

static void data_completion(int rc, const char *value, int len, const struct Stat *stat, const void *data) {
    char buf[400];
    snprintf(buf, sizeof buf, "%s: rc=%s value=%.*s version=%d", (const char *) data, zerror(rc),
             rc == ZOK ? len : 0, rc == ZOK ? value : "", rc == ZOK ? stat->version : -1);
    async_finish(buf);
}

static void void_completion(int rc, const void *data) {
    char buf[400];
    snprintf(buf, sizeof buf, "%s: rc=%s", (const char *) data, zerror(rc));
    async_finish(buf);
}

static void strings_completion(int rc, const struct String_vector *v, const void *data) {
    char buf[400];
    int n = snprintf(buf, sizeof buf, "%s: rc=%s count=%d", (const char *) data, zerror(rc),
                     rc == ZOK ? v->count : -1);
    (void) n;
    async_finish(buf);
}

static void async_begin(void) {
    pthread_mutex_lock(&lock);
    async_done = 0;
    pthread_mutex_unlock(&lock);
}

static void async_print(int submit_rc) {
    if (submit_rc != ZOK) {
        printf("submit failed: %s\n", zerror(submit_rc));
        return;
    }
    struct timespec ts;
    deadline(&ts);
    pthread_mutex_lock(&lock);
    while (!async_done) {
        if (pthread_cond_timedwait(&changed, &lock, &ts) == ETIMEDOUT) break;
    }
    printf("%s\n", async_done ? async_result : "no completion");
    pthread_mutex_unlock(&lock);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s host:port\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
    zhandle_t *zh = zookeeper_init(argv[1], watcher, 10000, 0, 0, 0);
    if (!zh || !await_connected(0)) {
        printf("not connected\n");
        return 1;
    }
    long long session = zoo_client_id(zh)->client_id;
    printf("connected: session=0x%llx timeout=%d\n", session, zoo_recv_timeout(zh));

    char buf[512];
    int len;
    struct Stat stat;
    struct String_vector children;

    printf("-- synchronous API\n");
    int rc = zoo_create(zh, "/c", "root", 4, &ZOO_OPEN_ACL_UNSAFE, 0, buf, sizeof buf);
    printf("create /c: %s %s\n", zerror(rc), buf);
    rc = zoo_create(zh, "/c", "again", 5, &ZOO_OPEN_ACL_UNSAFE, 0, buf, sizeof buf);
    printf("create /c again: %s\n", zerror(rc));
    for (int i = 0; i < 2; i++) {
        rc = zoo_create(zh, "/c/seq-", "s", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_SEQUENCE, buf, sizeof buf);
        printf("create sequential: %s %s\n", zerror(rc), buf);
    }
    rc = zoo_create(zh, "/c/eph", "e", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_EPHEMERAL, buf, sizeof buf);
    printf("create ephemeral: %s %s\n", zerror(rc), buf);
    rc = zoo_create(zh, "/c/eph/child", "x", 1, &ZOO_OPEN_ACL_UNSAFE, 0, buf, sizeof buf);
    printf("create under ephemeral: %s\n", zerror(rc));
    len = sizeof buf;
    rc = zoo_get(zh, "/c", 0, buf, &len, &stat);
    printf("get /c: %s %.*s\n", zerror(rc), len, buf);
    print_stat("stat /c", &stat);
    rc = zoo_exists(zh, "/c/eph", 0, &stat);
    printf("exists /c/eph: %s\n", zerror(rc));
    print_stat("stat /c/eph", &stat);
    rc = zoo_exists(zh, "/c/none", 0, &stat);
    printf("exists /c/none: %s\n", zerror(rc));
    rc = zoo_set(zh, "/c", "v2", 2, 0);
    printf("set /c version 0: %s\n", zerror(rc));
    rc = zoo_set(zh, "/c", "v3", 2, 0);
    printf("set /c version 0 again: %s\n", zerror(rc));
    rc = zoo_get_children(zh, "/c", 0, &children);
    printf("get_children /c: %s\n", zerror(rc));
    print_children("children /c", &children);
    rc = zoo_get_children2(zh, "/c", 0, &children, &stat);
    printf("get_children2 /c: %s\n", zerror(rc));
    print_children("children /c", &children);
    print_stat("stat /c", &stat);
    rc = zoo_delete(zh, "/c", -1);
    printf("delete /c (has children): %s\n", zerror(rc));
    rc = zoo_delete(zh, "/c/seq-0000000000", 5);
    printf("delete with a wrong version: %s\n", zerror(rc));
    rc = zoo_delete(zh, "/c/seq-0000000000", 0);
    printf("delete: %s\n", zerror(rc));

    printf("-- ACLs and digest auth\n");
    rc = zoo_add_auth(zh, "digest", "alice:secret", 12, 0, 0);
    printf("add_auth digest: %s\n", zerror(rc));
    rc = zoo_create(zh, "/c/private", "p", 1, &ZOO_CREATOR_ALL_ACL, 0, buf, sizeof buf);
    printf("create with CREATOR_ALL_ACL: %s\n", zerror(rc));
    struct ACL_vector acl;
    rc = zoo_get_acl(zh, "/c/private", &acl, &stat);
    printf("get_acl: %s count=%d", zerror(rc), rc == ZOK ? acl.count : -1);
    for (int i = 0; rc == ZOK && i < acl.count; i++) {
        printf(" %s:%s:%d", acl.data[i].id.scheme, acl.data[i].id.id, acl.data[i].perms);
    }
    printf(" aversion=%d\n", stat.aversion);
    if (rc == ZOK) deallocate_ACL_vector(&acl);
    rc = zoo_set_acl(zh, "/c/private", 0, &ZOO_READ_ACL_UNSAFE);
    printf("set_acl READ_ACL_UNSAFE: %s\n", zerror(rc));
    rc = zoo_set(zh, "/c/private", "q", 1, -1);
    printf("set on a read-only node: %s\n", zerror(rc));
    rc = zoo_create(zh, "/c/bad-acl", "x", 1, &ZOO_CREATOR_ALL_ACL, 0, buf, sizeof buf);
    printf("create with CREATOR_ALL_ACL again: %s\n", zerror(rc));

    printf("-- asynchronous API\n");
    async_begin();
    async_print(zoo_acreate(zh, "/c/async", "a1", 2, &ZOO_OPEN_ACL_UNSAFE, 0, string_completion, "acreate /c/async"));
    async_begin();
    async_print(zoo_aget(zh, "/c/async", 0, data_completion, "aget /c/async"));
    async_begin();
    async_print(zoo_adelete(zh, "/c/async", 3, void_completion, "adelete /c/async version 3"));
    async_begin();
    async_print(zoo_aget_children(zh, "/c", 0, strings_completion, "aget_children /c"));
    async_begin();
    async_print(zoo_async(zh, "/c", string_completion, "async (sync) /c"));
    async_begin();
    async_print(zoo_aget(zh, "/c/missing", 0, data_completion, "aget /c/missing"));

    printf("-- watches\n");
    len = sizeof buf;
    rc = zoo_wget(zh, "/c", watcher, "data-watch", buf, &len, &stat);
    printf("wget /c: %s\n", zerror(rc));
    rc = zoo_wget_children(zh, "/c", watcher, "child-watch", &children);
    printf("wget_children /c: %s\n", zerror(rc));
    deallocate_String_vector(&children);
    rc = zoo_wexists(zh, "/c/later", watcher, "exists-watch", &stat);
    printf("wexists /c/later: %s\n", zerror(rc));
    rc = zoo_set(zh, "/c", "v4", 2, -1);
    printf("set /c: %s\n", zerror(rc));
    print_next_event();
    rc = zoo_create(zh, "/c/later", "l", 1, &ZOO_OPEN_ACL_UNSAFE, 0, buf, sizeof buf);
    printf("create /c/later: %s\n", zerror(rc));
    print_next_event();
    print_next_event();
    rc = zoo_exists(zh, "/c/later", 1, &stat);
    printf("exists /c/later with the default watcher: %s\n", zerror(rc));
    rc = zoo_delete(zh, "/c/later", -1);
    printf("delete /c/later: %s\n", zerror(rc));
    print_next_event();

    printf("-- multi\n");
    {
        zoo_op_t ops[4];
        zoo_op_result_t results[4];
        char p1[128], p2[128];
        zoo_create_op_init(&ops[0], "/c/m1", "m", 1, &ZOO_OPEN_ACL_UNSAFE, 0, p1, sizeof p1);
        zoo_create_op_init(&ops[1], "/c/m2-", "m", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_SEQUENCE, p2, sizeof p2);
        zoo_set_op_init(&ops[2], "/c/m1", "m!", 2, 0, NULL);
        zoo_check_op_init(&ops[3], "/c", 2);
        rc = zoo_multi(zh, 4, ops, results);
        printf("multi create+create+set+check: %s", zerror(rc));
        for (int i = 0; i < 4; i++) printf(" [%s]", zerror(results[i].err));
        printf(" paths=%s,%s\n", p1, p2);
        zoo_delete_op_init(&ops[0], "/c/m1", -1);
        zoo_check_op_init(&ops[1], "/c", 99);
        rc = zoo_multi(zh, 2, ops, results);
        printf("multi delete+failing check: %s [%s] [%s]\n", zerror(rc), zerror(results[0].err),
               zerror(results[1].err));
        rc = zoo_exists(zh, "/c/m1", 0, &stat);
        printf("exists /c/m1 after the failed multi: %s version=%d\n", zerror(rc), stat.version);
    }

    printf("-- reconnect\n");
    pthread_mutex_lock(&lock);
    saw_disconnect = 0;
    pthread_mutex_unlock(&lock);
    printf("CUT\n");
    fflush(stdout);
    if (!fgets(buf, sizeof buf, stdin)) {
        printf("no go-ahead on stdin\n");
        return 1;
    }
    int again = await_connected(1);
    printf("reconnected: %s, same session: %s\n", again ? "yes" : "no",
           zoo_client_id(zh)->client_id == session ? "yes" : "no");
    rc = zoo_exists(zh, "/c/eph", 0, &stat);
    printf("ephemeral still there: %s\n", zerror(rc));
    len = sizeof buf;
    rc = zoo_get(zh, "/c", 0, buf, &len, &stat);
    printf("get /c after reconnect: %s %.*s\n", zerror(rc), len, buf);

    pthread_mutex_lock(&lock);
    printf("unread events: %d\n", event_count);
    pthread_mutex_unlock(&lock);
    rc = zookeeper_close(zh);
    printf("close: %s\n", zerror(rc));
    return 0;
}
