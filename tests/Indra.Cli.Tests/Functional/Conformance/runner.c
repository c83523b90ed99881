/*
 * Conformance syscall runner: executes a script of system calls, one per line, relative to a working directory,
 * and prints exactly one result line per script line, so the same script run natively and inside the mount can be
 * compared line by line.
 *
 *   runner WORKDIR SCRIPT
 *
 * Result lines: "0" (or a value) on success, "-1 ENAME" on failure. stat/lstat/fstat print the fields the calls
 * determine: type, permission bits, nlink, uid, gid, size (not for directories, whose size is the file system's own
 * business), rdev (devices only) and, when asked ("a", "m" or "am"), atime/mtime: only times the script set explicitly
 * with utimens, printed exactly while unchanged and as "changed" once a call moved them. Never printed: st_ino, st_dev, st_blocks, st_blksize, ctime.
 *
 * "user UID GID [G1,G2,...]" forks; the child drops privileges for good (setgroups, setresgid, setresuid) and runs
 * the lines up to the next "root" line; the parent waits and carries on from that line as root. File descriptors
 * live in slots 0-9 ("open 3 PATH FLAGS MODE", "fchmod 3 0600", "close 3"). In every argument \xHH stands for a
 * byte (a space, a newline, a byte that is not UTF-8); listings and link targets print such bytes the same way.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 8
#define SLOTS 10

static int slots[SLOTS];

/*
 * Times a script set explicitly with utimens, by path. A stat asking for them ("a", "m", "am") prints such a time
 * exactly while the file still has it and "changed" once a later call moved it; a time never set explicitly (or set
 * to UTIME_NOW) is never printed.
 */
struct explicit_times {
    char path[256];
    struct timespec at[2];
    int known[2];
};

static struct explicit_times recorded[256];
static int recorded_count;

static struct explicit_times *times_of(const char *path, int create)
{
    for (int i = 0; i < recorded_count; i++) {
        if (strcmp(recorded[i].path, path) == 0) return &recorded[i];
    }
    if (!create || recorded_count == 256 || strlen(path) >= sizeof recorded[0].path) return NULL;
    struct explicit_times *record = &recorded[recorded_count++];
    memset(record, 0, sizeof *record);
    strcpy(record->path, path);
    return record;
}

static void record_times(const char *path, const struct timespec *times)
{
    struct explicit_times *record = times_of(path, 1);
    if (!record) return;
    for (int i = 0; i < 2; i++) {
        if (times[i].tv_nsec == UTIME_OMIT) continue;
        record->known[i] = times[i].tv_nsec != UTIME_NOW;
        record->at[i] = times[i];
    }
}

static void print_time(const char *name, const struct timespec *actual, const struct explicit_times *record, int index)
{
    if (!record || !record->known[index]) return;
    if (actual->tv_sec == record->at[index].tv_sec && actual->tv_nsec == record->at[index].tv_nsec) {
        printf(" %s=%lld.%09ld", name, (long long)actual->tv_sec, actual->tv_nsec);
    }
    else printf(" %s=changed", name);
}

static const char *errno_name(int e)
{
    switch (e) {
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case EIO: return "EIO";
    case ENXIO: return "ENXIO";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case EACCES: return "EACCES";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case EXDEV: return "EXDEV";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ETXTBSY: return "ETXTBSY";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case EROFS: return "EROFS";
    case EMLINK: return "EMLINK";
    case ERANGE: return "ERANGE";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOSYS: return "ENOSYS";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ELOOP: return "ELOOP";
    case ENODATA: return "ENODATA";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EADDRINUSE: return "EADDRINUSE";
    case ECONNREFUSED: return "ECONNREFUSED";
    default: {
        static char unknown[16];
        snprintf(unknown, sizeof unknown, "E%d", e);
        return unknown;
    }
    }
}

static void result(long value)
{
    if (value < 0) printf("-1 %s\n", errno_name(errno));
    else printf("%ld\n", value);
}

static long number(const char *text, int base)
{
    return strtol(text, NULL, base);
}

static int open_flags(const char *text)
{
    static const struct { const char *name; int flag; } names[] = {
        { "O_RDONLY", O_RDONLY }, { "O_WRONLY", O_WRONLY }, { "O_RDWR", O_RDWR }, { "O_CREAT", O_CREAT },
        { "O_EXCL", O_EXCL }, { "O_TRUNC", O_TRUNC }, { "O_APPEND", O_APPEND }, { "O_DIRECTORY", O_DIRECTORY },
        { "O_NOFOLLOW", O_NOFOLLOW }, { "O_NONBLOCK", O_NONBLOCK },
    };
    int flags = 0;
    char copy[256];
    snprintf(copy, sizeof copy, "%s", text);
    for (char *save = NULL, *token = strtok_r(copy, "|", &save); token; token = strtok_r(NULL, "|", &save)) {
        int known = 0;
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            if (strcmp(token, names[i].name) == 0) {
                flags |= names[i].flag;
                known = 1;
            }
        }
        if (!known) {
            fprintf(stderr, "unknown open flag %s\n", token);
            exit(2);
        }
    }
    return flags;
}

static int slot(const char *text)
{
    int index = (int)number(text, 10);
    if (index < 0 || index >= SLOTS) {
        fprintf(stderr, "bad slot %s\n", text);
        exit(2);
    }
    return index;
}

/* Prints the result of a read: "-1 ENAME", or "LENGTH:BYTES" with bytes outside printable ASCII escaped. */
static void print_data(ssize_t length, const char *data)
{
    if (length < 0) {
        result(-1);
        return;
    }
    printf("%zd:", length);
    for (ssize_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c > 32 && c < 127 && c != '\\') putchar(c);
        else printf("\\x%02x", c);
    }
    putchar('\n');
}

/* close(2) that leaves errno as the call before it set it. */
static void close_keeping_errno(int fd)
{
    int saved = errno;
    close(fd);
    errno = saved;
}

/* PATH names the explicit times to compare against (NULL for fstat, which prints none). */
static void print_stat(int rc, const struct stat *st, const char *path, const char *times)
{
    if (rc < 0) {
        result(-1);
        return;
    }
    const char *type = S_ISREG(st->st_mode) ? "reg" : S_ISDIR(st->st_mode) ? "dir" : S_ISLNK(st->st_mode) ? "lnk"
        : S_ISFIFO(st->st_mode) ? "fifo" : S_ISSOCK(st->st_mode) ? "sock" : S_ISCHR(st->st_mode) ? "chr"
        : S_ISBLK(st->st_mode) ? "blk" : "unknown";
    printf("0 %s %04o nlink=%lu uid=%u gid=%u", type, (unsigned)(st->st_mode & 07777), (unsigned long)st->st_nlink,
           (unsigned)st->st_uid, (unsigned)st->st_gid);
    if (!S_ISDIR(st->st_mode)) printf(" size=%lld", (long long)st->st_size);
    if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) printf(" rdev=%u,%u", major(st->st_rdev), minor(st->st_rdev));
    const struct explicit_times *record = path && times ? times_of(path, 0) : NULL;
    if (times && strchr(times, 'a')) print_time("atime", &st->st_atim, record, 0);
    if (times && strchr(times, 'm')) print_time("mtime", &st->st_mtim, record, 1);
    putchar('\n');
}

static struct timespec time_value(const char *text)
{
    struct timespec value = { 0, 0 };
    if (strcmp(text, "NOW") == 0) value.tv_nsec = UTIME_NOW;
    else if (strcmp(text, "OMIT") == 0) value.tv_nsec = UTIME_OMIT;
    else {
        char *dot = NULL;
        value.tv_sec = strtoll(text, &dot, 10);
        if (dot && *dot == '.') value.tv_nsec = strtol(dot + 1, NULL, 10);
    }
    return value;
}

static int access_mode(const char *text)
{
    if (strcmp(text, "F") == 0) return F_OK;
    int mode = 0;
    for (const char *c = text; *c; c++) mode |= *c == 'R' ? R_OK : *c == 'W' ? W_OK : *c == 'X' ? X_OK : 0;
    return mode;
}

static unsigned node_type(const char *text)
{
    if (strcmp(text, "fifo") == 0) return S_IFIFO;
    if (strcmp(text, "chr") == 0) return S_IFCHR;
    if (strcmp(text, "blk") == 0) return S_IFBLK;
    if (strcmp(text, "sock") == 0) return S_IFSOCK;
    return S_IFREG;
}

static long bind_socket(const char *path)
{
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof address.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(address.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    int rc = bind(fd, (struct sockaddr *)&address, sizeof address);
    close_keeping_errno(fd);
    return rc;
}

/* Opens PATH to look at what it holds (never following a symlink, never waiting on a FIFO); prints the error on failure. */
static int open_to_read(const char *path)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
    if (fd < 0) result(-1);
    return fd;
}

static void content(const char *path)
{
    int fd = open_to_read(path);
    if (fd < 0) return;
    char data[512];
    ssize_t length = read(fd, data, sizeof data);
    close_keeping_errno(fd);
    print_data(length, data);
}

/* Writes COUNT bytes of a pattern that never repeats at a block boundary (byte i is (i * 131 + i / 4096) % 251). */
static long fill(int fd, long count)
{
    static char chunk[65536];
    long done = 0;
    while (done < count) {
        size_t size = (size_t)(count - done < (long)sizeof chunk ? count - done : (long)sizeof chunk);
        for (size_t i = 0; i < size; i++) {
            long position = done + (long)i;
            chunk[i] = (char)((position * 131 + position / 4096) % 251);
        }
        ssize_t written = write(fd, chunk, size);
        if (written < 0) return -1;
        done += written;
    }
    return done;
}

/* Prints "SIZE:HASH", the FNV-1a 64 of the whole file, so files too large to print compare by content. */
static void checksum(const char *path)
{
    int fd = open_to_read(path);
    if (fd < 0) return;
    static char chunk[65536];
    unsigned long long hash = 14695981039346656037ULL;
    long long total = 0;
    for (;;) {
        ssize_t length = read(fd, chunk, sizeof chunk);
        if (length < 0) {
            close_keeping_errno(fd);
            result(-1);
            return;
        }
        if (length == 0) break;
        for (ssize_t i = 0; i < length; i++) hash = (hash ^ (unsigned char)chunk[i]) * 1099511628211ULL;
        total += length;
    }
    close(fd);
    printf("%lld:%016llx\n", total, hash);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A name in a listing: bytes outside printable ASCII, the separator "," and the backslash as \xHH. */
static void print_name(const char *name)
{
    for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
        if (*c > 32 && *c < 127 && *c != ',' && *c != '\\') putchar(*c);
        else printf("\\x%02x", *c);
    }
}

static void list(const char *path)
{
    DIR *dir = opendir(path);
    if (!dir) {
        result(-1);
        return;
    }
    char **names = NULL;
    size_t count = 0, capacity = 0;
    for (struct dirent *entry; (entry = readdir(dir));) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
        if (count == capacity) {
            capacity = capacity ? capacity * 2 : 64;
            names = realloc(names, capacity * sizeof *names);
        }
        names[count++] = strdup(entry->d_name);
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], compare_names);
    printf("0");
    for (size_t i = 0; i < count; i++) {
        putchar(i == 0 ? ' ' : ',');
        print_name(names[i]);
        free(names[i]);
    }
    free(names);
    putchar('\n');
}

static int drop_privileges(const char *uid_text, const char *gid_text, const char *groups_text)
{
    gid_t groups[16];
    int count = 0;
    if (groups_text) {
        char copy[256];
        snprintf(copy, sizeof copy, "%s", groups_text);
        for (char *save = NULL, *token = strtok_r(copy, ",", &save); token && count < 16; token = strtok_r(NULL, ",", &save)) {
            groups[count++] = (gid_t)number(token, 10);
        }
    }
    gid_t gid = (gid_t)number(gid_text, 10);
    uid_t uid = (uid_t)number(uid_text, 10);
    if (setgroups((size_t)count, groups) < 0 || setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0) return -1;
    return 0;
}

/* Runs one script line other than "user" and "root". */
static void run(char **a, int n)
{
    const char *op = a[0];
    struct stat st;
#define ARG(i) (n > (i) ? a[i] : NULL)
    if (strcmp(op, "umask") == 0) printf("%04o\n", (unsigned)umask((mode_t)number(a[1], 8)));
    else if (strcmp(op, "stat") == 0) print_stat(stat(a[1], &st), &st, a[1], ARG(2));
    else if (strcmp(op, "lstat") == 0) print_stat(lstat(a[1], &st), &st, a[1], ARG(2));
    else if (strcmp(op, "fstat") == 0) print_stat(fstat(slots[slot(a[1])], &st), &st, NULL, NULL);
    else if (strcmp(op, "open") == 0) {
        int fd = open(a[2], open_flags(a[3]), n > 4 ? (mode_t)number(a[4], 8) : 0);
        slots[slot(a[1])] = fd;
        if (fd < 0) result(-1);
        else printf("fd\n");
    }
    else if (strcmp(op, "close") == 0) {
        int index = slot(a[1]);
        result(close(slots[index]));
        slots[index] = -1;
    }
    else if (strcmp(op, "write") == 0) result(write(slots[slot(a[1])], a[2], strlen(a[2])));
    else if (strcmp(op, "read") == 0) {
        char data[512];
        size_t want = (size_t)number(a[2], 10);
        print_data(read(slots[slot(a[1])], data, want < sizeof data ? want : sizeof data), data);
    }
    else if (strcmp(op, "pwrite") == 0) result(pwrite(slots[slot(a[1])], a[3], strlen(a[3]), number(a[2], 10)));
    else if (strcmp(op, "pread") == 0) {
        char data[512];
        size_t want = (size_t)number(a[3], 10);
        print_data(pread(slots[slot(a[1])], data, want < sizeof data ? want : sizeof data, number(a[2], 10)), data);
    }
    else if (strcmp(op, "fill") == 0) result(fill(slots[slot(a[1])], number(a[2], 10)));
    else if (strcmp(op, "checksum") == 0) checksum(a[1]);
    else if (strcmp(op, "content") == 0) content(a[1]);
    else if (strcmp(op, "list") == 0) list(a[1]);
    else if (strcmp(op, "chmod") == 0) result(chmod(a[1], (mode_t)number(a[2], 8)));
    else if (strcmp(op, "fchmod") == 0) result(fchmod(slots[slot(a[1])], (mode_t)number(a[2], 8)));
    else if (strcmp(op, "chown") == 0) result(chown(a[1], (uid_t)number(a[2], 10), (gid_t)number(a[3], 10)));
    else if (strcmp(op, "lchown") == 0) result(lchown(a[1], (uid_t)number(a[2], 10), (gid_t)number(a[3], 10)));
    else if (strcmp(op, "fchown") == 0) result(fchown(slots[slot(a[1])], (uid_t)number(a[2], 10), (gid_t)number(a[3], 10)));
    else if (strcmp(op, "link") == 0) result(link(a[1], a[2]));
    else if (strcmp(op, "unlink") == 0) result(unlink(a[1]));
    else if (strcmp(op, "rename") == 0) {
        unsigned flags = n < 4 || strcmp(a[3], "0") == 0 ? 0 : strcmp(a[3], "NOREPLACE") == 0 ? RENAME_NOREPLACE : RENAME_EXCHANGE;
        result(renameat2(AT_FDCWD, a[1], AT_FDCWD, a[2], flags));
    }
    else if (strcmp(op, "mkdir") == 0) result(mkdir(a[1], (mode_t)number(a[2], 8)));
    else if (strcmp(op, "rmdir") == 0) result(rmdir(a[1]));
    else if (strcmp(op, "symlink") == 0) result(symlink(a[1], a[2]));
    else if (strcmp(op, "readlink") == 0) {
        static char target[8192];
        ssize_t length = readlink(a[1], target, sizeof target - 1);
        if (length < 0) result(-1);
        else {
            target[length] = '\0';
            printf("0 ");
            print_name(target);
            putchar('\n');
        }
    }
    else if (strcmp(op, "truncate") == 0) result(truncate(a[1], number(a[2], 10)));
    else if (strcmp(op, "ftruncate") == 0) result(ftruncate(slots[slot(a[1])], number(a[2], 10)));
    else if (strcmp(op, "utimens") == 0) {
        struct timespec times[2] = { time_value(a[2]), time_value(a[3]) };
        int flags = n > 4 && strcmp(a[4], "nofollow") == 0 ? AT_SYMLINK_NOFOLLOW : 0;
        int rc = utimensat(AT_FDCWD, a[1], times, flags);
        if (rc == 0) record_times(a[1], times);
        result(rc);
    }
    else if (strcmp(op, "mknod") == 0) {
        dev_t device = n > 5 ? makedev((unsigned)number(a[4], 10), (unsigned)number(a[5], 10)) : 0;
        result(mknod(a[1], node_type(a[2]) | (mode_t)number(a[3], 8), device));
    }
    else if (strcmp(op, "mkfifo") == 0) result(mkfifo(a[1], (mode_t)number(a[2], 8)));
    else if (strcmp(op, "bind") == 0) result(bind_socket(a[1]));
    else if (strcmp(op, "access") == 0) result(access(a[1], access_mode(a[2])));
    else {
        fprintf(stderr, "unknown call %s\n", op);
        exit(2);
    }
#undef ARG
}

/* Decodes \xHH in place, so a script can name files with spaces, newlines or bytes that are not UTF-8. */
static void decode(char *token)
{
    char *out = token;
    for (char *in = token; *in;) {
        if (in[0] == '\\' && in[1] == 'x' && in[2] && in[3]) {
            char hex[3] = { in[2], in[3], '\0' };
            *out++ = (char)strtol(hex, NULL, 16);
            in += 4;
        }
        else *out++ = *in++;
    }
    *out = '\0';
}

static int split(char *line, char **a)
{
    int n = 0;
    for (char *save = NULL, *token = strtok_r(line, " \n", &save); token && n < MAX_ARGS; token = strtok_r(NULL, " \n", &save)) {
        decode(token);
        a[n++] = token;
    }
    return n;
}

int main(int argc, char **argv)
{
    FILE *script = argc == 3 ? fopen(argv[2], "r") : NULL;
    if (!script || chdir(argv[1]) < 0) {
        fprintf(stderr, "usage: runner WORKDIR SCRIPT\n");
        return 2;
    }
    for (int i = 0; i < SLOTS; i++) slots[i] = -1;
    umask(022);
    char **lines = NULL;
    size_t count = 0, capacity = 0;
    char *line = NULL;
    size_t size = 0;
    while (getline(&line, &size, script) >= 0) {
        if (count == capacity) {
            capacity = capacity ? capacity * 2 : 256;
            lines = realloc(lines, capacity * sizeof *lines);
        }
        lines[count++] = strdup(line);
    }
    free(line);
    fclose(script);
    int unprivileged = 0;
    for (size_t i = 0; i < count; i++) {
        char *a[MAX_ARGS];
        int n = split(lines[i], a);
        if (n == 0) continue;
        if (strcmp(a[0], "root") == 0) {
            if (unprivileged) {
                fflush(stdout);
                _exit(0);
            }
            printf("0\n");
        }
        else if (strcmp(a[0], "user") == 0) {
            fflush(stdout);
            pid_t child = fork();
            if (child == 0) {
                unprivileged = 1;
                result(drop_privileges(a[1], a[2], n > 3 ? a[3] : NULL));
                continue;
            }
            int status = 0;
            waitpid(child, &status, 0);
            size_t end = i + 1;
            for (; end < count; end++) {
                char copy[16];
                snprintf(copy, sizeof copy, "%s", lines[end]);
                if (strncmp(copy, "root", 4) == 0 && (copy[4] == '\n' || copy[4] == '\0' || copy[4] == ' ')) break;
            }
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fprintf(stderr, "unprivileged section at line %zu ended with status %d\n", i + 1, status);
                return 3;
            }
            i = end - 1;
        }
        else run(a, n);
        fflush(stdout);
    }
    return 0;
}
