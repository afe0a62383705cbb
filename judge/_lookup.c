/* The ledger's two hot loops in C: finding a claim's candidate records in the posting lists,
 * and scoring them (judge/ledger.py, class _Query, has the same code in Python and the
 * reasons for each step). Both functions give exactly what the Python code gives: the same
 * records in the same order, and the same scores, because every sum is taken in the same order
 * with the same double arithmetic (built with -ffp-contract=off, so no fused multiply-add).
 * The module is optional: if it is not built, the ledger runs its Python code. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------ a small int -> slot map */

typedef struct {
    Py_ssize_t *keys; /* -1: empty */
    Py_ssize_t *slots;
    size_t mask;
    int shift;
} IntMap;

static int
intmap_init(IntMap *m, Py_ssize_t n)
{
    size_t size = 16;
    int bits = 4;
    while (size < (size_t)n * 2 + 1) {
        size <<= 1;
        bits++;
    }
    m->shift = 64 - bits;
    m->keys = PyMem_Malloc(size * sizeof(Py_ssize_t));
    m->slots = PyMem_Malloc(size * sizeof(Py_ssize_t));
    if (m->keys == NULL || m->slots == NULL) {
        PyMem_Free(m->keys);
        PyMem_Free(m->slots);
        PyErr_NoMemory();
        return -1;
    }
    memset(m->keys, 0xff, size * sizeof(Py_ssize_t));
    m->mask = size - 1;
    return 0;
}

static void
intmap_free(IntMap *m) /* also of a map never set up (NULL arrays) */
{
    PyMem_Free(m->keys);
    PyMem_Free(m->slots);
}

/* The slot of key, or -1 if absent; with insert, an absent key gets slot `value`. */
static Py_ssize_t
intmap_get(IntMap *m, Py_ssize_t key, int insert, Py_ssize_t value)
{
    /* Fibonacci hashing: the top bits of the product */
    size_t h = (size_t)(((unsigned long long)key * 0x9E3779B97F4A7C15ULL) >> m->shift);
    for (;;) {
        h &= m->mask;
        if (m->keys[h] == key) {
            return m->slots[h];
        }
        if (m->keys[h] == -1) {
            if (insert) {
                m->keys[h] = key;
                m->slots[h] = value;
            }
            return -1;
        }
        h++;
    }
}

static Py_ssize_t
as_index(PyObject *o)
{
    Py_ssize_t v = PyLong_AsSsize_t(o);
    if (v < 0 && !PyErr_Occurred()) {
        PyErr_SetString(PyExc_ValueError, "_lookup: negative id");
    }
    return v;
}

/* ------------------------------------------------------------------ candidates */

typedef struct {
    PyObject *list; /* borrowed posting list */
    Py_ssize_t len;
    double w;
    Py_ssize_t order; /* position in the weights dict: the sort is stable */
} Tok;

static int
tok_cmp(const void *a, const void *b)
{
    const Tok *x = a, *y = b;
    if (x->len != y->len) {
        return x->len < y->len ? -1 : 1;
    }
    return x->order < y->order ? -1 : (x->order > y->order);
}

typedef struct {
    PyObject *rid; /* borrowed from a posting list */
    double total;
    Py_ssize_t first;
    Py_ssize_t count;
} Rec;

static int
rec_cmp(const void *a, const void *b)
{
    const Rec *x = *(const Rec *const *)a, *y = *(const Rec *const *)b;
    if (x->total != y->total) {
        return x->total > y->total ? -1 : 1;
    }
    return x->first < y->first ? -1 : (x->first > y->first);
}

/* candidates(postings, weights, limit, budget) -> (list of record ids, unwalked weight) */
static PyObject *
lookup_candidates(PyObject *self, PyObject *args)
{
    PyObject *postings, *weights;
    Py_ssize_t limit, budget;
    if (!PyArg_ParseTuple(args, "O!O!nn", &PyList_Type, &postings, &PyDict_Type, &weights,
                          &limit, &budget)) {
        return NULL;
    }
    Py_ssize_t n = PyDict_GET_SIZE(weights), npost = PyList_GET_SIZE(postings);
    Tok *toks = PyMem_Malloc((n ? n : 1) * sizeof(Tok));
    if (toks == NULL) {
        return PyErr_NoMemory();
    }
    Rec *recs = NULL, **several = NULL;
    Py_ssize_t *slot_at = NULL;
    IntMap map = {NULL, NULL, 0, 0};
    PyObject *out = NULL, *key, *value;
    Py_ssize_t pos = 0, j = 0;
    while (PyDict_Next(weights, &pos, &key, &value)) {
        Py_ssize_t id = as_index(key);
        if (id < 0) {
            goto done;
        }
        if (id >= npost) {
            PyErr_SetString(PyExc_IndexError, "_lookup: token id without a posting list");
            goto done;
        }
        PyObject *p = PyList_GET_ITEM(postings, id);
        if (!PyList_Check(p)) {
            PyErr_SetString(PyExc_TypeError, "_lookup: a posting list must be a list");
            goto done;
        }
        toks[j].list = p;
        toks[j].len = PyList_GET_SIZE(p);
        toks[j].w = PyFloat_AsDouble(value);
        if (toks[j].w == -1.0 && PyErr_Occurred()) {
            goto done;
        }
        toks[j].order = j;
        j++;
    }
    qsort(toks, (size_t)n, sizeof(Tok), tok_cmp);
    /* The walk: rarest first, within the budget (the first list always). */
    double unwalked = 0.0;
    Py_ssize_t walked = 0, m = 0;
    for (Py_ssize_t t = 0; t < n; t++) {
        if (walked && walked + toks[t].len > budget) {
            unwalked += toks[t].w;
            continue;
        }
        walked += toks[t].len;
        toks[m++] = toks[t];
    }
    PyObject *rids = PyList_New(0);
    if (rids == NULL) {
        goto done;
    }
    out = Py_BuildValue("(Nd)", rids, unwalked);
    if (out == NULL || m == 0 || limit <= 0) {
        goto done;
    }
    /* Each walked entry adds its list's weight to its record, in walk order. */
    recs = PyMem_Malloc(walked * sizeof(Rec));
    slot_at = PyMem_Malloc(walked * sizeof(Py_ssize_t));
    if (recs == NULL || slot_at == NULL || intmap_init(&map, walked) < 0) {
        if (!PyErr_Occurred()) {
            PyErr_NoMemory();
        }
        Py_CLEAR(out);
        goto done;
    }
    Py_ssize_t nrec = 0, nseveral = 0, at = 0;
    for (Py_ssize_t li = 0; li < m; li++) {
        PyObject *p = toks[li].list;
        double w = toks[li].w;
        for (Py_ssize_t e = 0; e < toks[li].len; e++, at++) {
            PyObject *rid = PyList_GET_ITEM(p, e);
            Py_ssize_t r = as_index(rid);
            if (r < 0) {
                Py_CLEAR(out);
                goto done;
            }
            Py_ssize_t s = intmap_get(&map, r, 1, nrec);
            if (s < 0) {
                s = nrec++;
                recs[s].rid = rid;
                recs[s].total = 0.0 + w;
                recs[s].first = at;
                recs[s].count = 1;
            }
            else {
                recs[s].total += w;
                if (recs[s].count++ == 1) {
                    nseveral++;
                }
            }
            slot_at[at] = s;
        }
    }
    /* Records met once keep walk order (the weights fall along the walk); the few met several
     * times are sorted by (-total, first) and merged in. */
    several = PyMem_Malloc((nseveral ? nseveral : 1) * sizeof(Rec *));
    if (several == NULL) {
        PyErr_NoMemory();
        Py_CLEAR(out);
        goto done;
    }
    Py_ssize_t k = 0;
    for (Py_ssize_t s = 0; s < nrec; s++) {
        if (recs[s].count > 1) {
            several[k++] = &recs[s];
        }
    }
    qsort(several, (size_t)nseveral, sizeof(Rec *), rec_cmp);
    Py_ssize_t si = 0, a = 0;
    while (PyList_GET_SIZE(rids) < limit) {
        while (a < walked && recs[slot_at[a]].count > 1) {
            a++;
        }
        Rec *single = a < walked ? &recs[slot_at[a]] : NULL;
        Rec *next;
        if (si < nseveral && (single == NULL || rec_cmp(&several[si], &single) < 0)) {
            next = several[si++];
        }
        else if (single != NULL) {
            next = single;
            a++;
        }
        else {
            break;
        }
        if (PyList_Append(rids, next->rid) < 0) {
            Py_CLEAR(out);
            goto done;
        }
    }
done:
    PyMem_Free(toks);
    PyMem_Free(recs);
    PyMem_Free(slot_at);
    PyMem_Free(several);
    intmap_free(&map);
    return out;
}

/* ------------------------------------------------------------------ scoring */

typedef struct {
    double bound;
    Py_ssize_t i;
    double sw;
} Cand;

static int
cand_cmp(const void *a, const void *b)
{
    /* sorted(reverse=True) of (bound, i): bound falling, then i falling */
    const Cand *x = a, *y = b;
    if (x->bound != y->bound) {
        return x->bound > y->bound ? -1 : 1;
    }
    return x->i > y->i ? -1 : (x->i < y->i);
}

typedef struct {
    double score;
    Py_ssize_t negrid;
    PyObject *rid;
} Item;

static int
item_less(const Item *x, const Item *y)
{
    /* (score, -rid) < (score', -rid') as tuples */
    return x->score < y->score || (x->score == y->score && x->negrid < y->negrid);
}

static int
item_cmp_desc(const void *a, const void *b)
{
    const Item *x = a, *y = b;
    return item_less(y, x) ? -1 : (item_less(x, y) ? 1 : 0);
}

/* top(rtoks, logdf, cands, weights, base, total, lightest, idf_scale, k) -> [(score, rid)] */
static PyObject *
lookup_top(PyObject *self, PyObject *args)
{
    PyObject *rtoks, *logdf, *cands, *weights;
    double base, total, lightest, idf_scale;
    Py_ssize_t k;
    if (!PyArg_ParseTuple(args, "O!O!O!O!ddddn", &PyList_Type, &rtoks, &PyList_Type, &logdf,
                          &PyList_Type, &cands, &PyDict_Type, &weights, &base, &total, &lightest,
                          &idf_scale, &k)) {
        return NULL;
    }
    if (!(total > 0.0)) {
        PyErr_SetString(PyExc_ValueError, "_lookup: a query's total weight must be positive");
        return NULL;
    }
    Py_ssize_t nq = PyDict_GET_SIZE(weights), nc = PyList_GET_SIZE(cands);
    Py_ssize_t nrec = PyList_GET_SIZE(rtoks), ndf = PyList_GET_SIZE(logdf);
    IntMap map = {NULL, NULL, 0, 0};
    double *qw = PyMem_Malloc((nq ? nq : 1) * sizeof(double));
    Cand *cs = PyMem_Malloc((nc ? nc : 1) * sizeof(Cand));
    Item *best = PyMem_Malloc((k > 0 ? k : 1) * sizeof(Item));
    PyObject *out = NULL, *key, *value;
    if (qw == NULL || cs == NULL || best == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (intmap_init(&map, nq) < 0) {
        goto done;
    }
    Py_ssize_t pos = 0, j = 0;
    while (PyDict_Next(weights, &pos, &key, &value)) {
        Py_ssize_t id = as_index(key);
        if (id < 0) {
            goto done;
        }
        qw[j] = PyFloat_AsDouble(value);
        if (qw[j] == -1.0 && PyErr_Occurred()) {
            goto done;
        }
        intmap_get(&map, id, 1, j);
        j++;
    }
    /* What each candidate shares with the claim, summed in the record's token order, and an
     * upper bound of its score. */
    for (Py_ssize_t i = 0; i < nc; i++) {
        Py_ssize_t rid = as_index(PyList_GET_ITEM(cands, i));
        if (rid < 0) {
            goto done;
        }
        if (rid >= nrec || !PyTuple_Check(PyList_GET_ITEM(rtoks, rid))) {
            PyErr_SetString(PyExc_IndexError, "_lookup: no token tuple for a candidate");
            goto done;
        }
        PyObject *rt = PyList_GET_ITEM(rtoks, rid);
        Py_ssize_t len = PyTuple_GET_SIZE(rt), shared = 0;
        double sw = 0.0;
        for (Py_ssize_t e = 0; e < len; e++) {
            Py_ssize_t t = as_index(PyTuple_GET_ITEM(rt, e));
            if (t < 0) {
                goto done;
            }
            Py_ssize_t s = intmap_get(&map, t, 0, 0);
            if (s >= 0) {
                sw += qw[s];
                shared++;
            }
        }
        cs[i].sw = sw;
        cs[i].i = i;
        cs[i].bound = sw / (total + sw + (double)(len - shared) * lightest) + 0.5 * (sw / total);
    }
    qsort(cs, (size_t)nc, sizeof(Cand), cand_cmp);
    Py_ssize_t nbest = 0;
    for (Py_ssize_t c = 0; c < nc && k > 0; c++) {
        Py_ssize_t lo = 0;
        if (nbest == k) {
            for (Py_ssize_t b = 1; b < nbest; b++) {
                if (item_less(&best[b], &best[lo])) {
                    lo = b;
                }
            }
            if (cs[c].bound < best[lo].score - 1e-9) {
                break;
            }
        }
        PyObject *ridobj = PyList_GET_ITEM(cands, cs[c].i);
        PyObject *rt = PyList_GET_ITEM(rtoks, as_index(ridobj));
        Py_ssize_t len = PyTuple_GET_SIZE(rt);
        double sum = 0.0;
        for (Py_ssize_t e = 0; e < len; e++) {
            Py_ssize_t t = PyLong_AsSsize_t(PyTuple_GET_ITEM(rt, e));
            if (t < 0 || t >= ndf || !PyFloat_CheckExact(PyList_GET_ITEM(logdf, t))) {
                if (!PyErr_Occurred()) {
                    PyErr_SetString(PyExc_IndexError, "_lookup: token id without a weight");
                }
                goto done;
            }
            sum += PyFloat_AS_DOUBLE(PyList_GET_ITEM(logdf, t));
        }
        double sw = cs[c].sw;
        double rw = (double)len * base - idf_scale * sum;
        Item item = {0.5 * (2.0 * sw / (total + rw)) + 0.5 * (sw / total),
                     -as_index(ridobj), ridobj};
        if (nbest < k) {
            best[nbest++] = item;
        }
        else if (item_less(&best[lo], &item)) {
            best[lo] = item;
        }
    }
    qsort(best, (size_t)nbest, sizeof(Item), item_cmp_desc);
    out = PyList_New(nbest);
    if (out == NULL) {
        goto done;
    }
    for (Py_ssize_t b = 0; b < nbest; b++) {
        PyObject *pair = Py_BuildValue("(dO)", best[b].score, best[b].rid);
        if (pair == NULL) {
            Py_CLEAR(out);
            goto done;
        }
        PyList_SET_ITEM(out, b, pair);
    }
done:
    PyMem_Free(qw);
    PyMem_Free(cs);
    PyMem_Free(best);
    intmap_free(&map);
    return out;
}

/* ------------------------------------------------------------------ MinHash of word 4-shingles */

/* BLAKE2b (RFC 7693) with an 8-byte digest and no key: what hashlib.blake2b(digest_size=8)
 * gives, so the signature is the Python code's (judge/ledger.py, `fingerprint`). */

static const uint64_t blake2b_iv[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

static const uint8_t blake2b_sigma[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

#define ROTR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))
#define B2B_G(a, b, c, d, x, y)           \
    do {                                  \
        v[a] = v[a] + v[b] + (x);         \
        v[d] = ROTR64(v[d] ^ v[a], 32);   \
        v[c] = v[c] + v[d];               \
        v[b] = ROTR64(v[b] ^ v[c], 24);   \
        v[a] = v[a] + v[b] + (y);         \
        v[d] = ROTR64(v[d] ^ v[a], 16);   \
        v[c] = v[c] + v[d];               \
        v[b] = ROTR64(v[b] ^ v[c], 63);   \
    } while (0)

/* One round: the message word indices are constants once ROUND is expanded with a literal r,
 * so the twelve rounds compile to straight-line code on registers. */
#define B2B_ROUND(r)                                                                  \
    do {                                                                              \
        B2B_G(0, 4, 8, 12, m[blake2b_sigma[r][0]], m[blake2b_sigma[r][1]]);           \
        B2B_G(1, 5, 9, 13, m[blake2b_sigma[r][2]], m[blake2b_sigma[r][3]]);           \
        B2B_G(2, 6, 10, 14, m[blake2b_sigma[r][4]], m[blake2b_sigma[r][5]]);          \
        B2B_G(3, 7, 11, 15, m[blake2b_sigma[r][6]], m[blake2b_sigma[r][7]]);          \
        B2B_G(0, 5, 10, 15, m[blake2b_sigma[r][8]], m[blake2b_sigma[r][9]]);          \
        B2B_G(1, 6, 11, 12, m[blake2b_sigma[r][10]], m[blake2b_sigma[r][11]]);        \
        B2B_G(2, 7, 8, 13, m[blake2b_sigma[r][12]], m[blake2b_sigma[r][13]]);         \
        B2B_G(3, 4, 9, 14, m[blake2b_sigma[r][14]], m[blake2b_sigma[r][15]]);         \
    } while (0)

static void
blake2b_compress(uint64_t h[8], const uint8_t block[128], uint64_t t, int last)
{
    uint64_t v[16], m[16];
    for (int i = 0; i < 16; i++) {
        const uint8_t *p = block + 8 * i; /* little-endian words, whatever the host's order */
        m[i] = (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
               (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
               (uint64_t)p[7] << 56;
    }
    for (int i = 0; i < 8; i++) {
        v[i] = h[i];
        v[i + 8] = blake2b_iv[i];
    }
    v[12] ^= t; /* the byte count never reaches 2**64: its high word stays 0 */
    if (last) {
        v[14] = ~v[14];
    }
    B2B_ROUND(0);
    B2B_ROUND(1);
    B2B_ROUND(2);
    B2B_ROUND(3);
    B2B_ROUND(4);
    B2B_ROUND(5);
    B2B_ROUND(6);
    B2B_ROUND(7);
    B2B_ROUND(8);
    B2B_ROUND(9);
    B2B_ROUND(10);
    B2B_ROUND(11);
    for (int i = 0; i < 8; i++) {
        h[i] ^= v[i] ^ v[i + 8];
    }
}

/* The first 8 bytes of BLAKE2b-64(data), as the little-endian word h[0]. */
static uint64_t
blake2b_8(const uint8_t *data, size_t len)
{
    uint64_t h[8];
    uint8_t block[128];
    memcpy(h, blake2b_iv, sizeof h);
    h[0] ^= 0x01010000ULL ^ 8ULL; /* digest length 8, no key, fanout 1, depth 1 */
    uint64_t t = 0;
    while (len > 128) {
        t += 128;
        blake2b_compress(h, data, t, 0);
        data += 128;
        len -= 128;
    }
    memset(block, 0, sizeof block);
    if (len) {
        memcpy(block, data, len);
    }
    t += len;
    blake2b_compress(h, block, t, 1);
    return h[0];
}

/* minhash(words) -> the 256 hex characters of `fingerprint`: for each 4-shingle (four
 * consecutive words joined by b" "), its 8-byte BLAKE2b digest d; bin d[0] >> 2 keeps the
 * smallest d[6] << 8 | d[7]; a bin without a shingle reads ffff. */
static PyObject *
lookup_minhash(PyObject *self, PyObject *args)
{
    PyObject *words;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &words)) {
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(words);
    unsigned int smallest[64];
    for (int b = 0; b < 64; b++) {
        smallest[b] = 0xFFFF;
    }
    size_t cap = 256;
    uint8_t *buf = PyMem_Malloc(cap);
    if (buf == NULL) {
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i + 4 <= n; i++) {
        size_t len = 3;
        for (Py_ssize_t j = i; j < i + 4; j++) {
            PyObject *w = PyList_GET_ITEM(words, j);
            if (!PyBytes_Check(w)) {
                PyMem_Free(buf);
                PyErr_SetString(PyExc_TypeError, "minhash: words must be bytes");
                return NULL;
            }
            len += (size_t)PyBytes_GET_SIZE(w);
        }
        if (len > cap) {
            uint8_t *bigger = PyMem_Realloc(buf, len);
            if (bigger == NULL) {
                PyMem_Free(buf);
                return PyErr_NoMemory();
            }
            buf = bigger;
            cap = len;
        }
        size_t at = 0;
        for (Py_ssize_t j = i; j < i + 4; j++) {
            PyObject *w = PyList_GET_ITEM(words, j);
            Py_ssize_t wl = PyBytes_GET_SIZE(w);
            if (j > i) {
                buf[at++] = ' ';
            }
            memcpy(buf + at, PyBytes_AS_STRING(w), (size_t)wl);
            at += (size_t)wl;
        }
        uint64_t d = blake2b_8(buf, at);
        unsigned int bin = (unsigned int)(d & 0xFF) >> 2;              /* digest byte 0 */
        unsigned int low = (unsigned int)((d >> 40) & 0xFF00) | (unsigned int)(d >> 56); /* 6, 7 */
        if (low < smallest[bin]) {
            smallest[bin] = low;
        }
    }
    PyMem_Free(buf);
    char hex[256];
    static const char digits[] = "0123456789abcdef";
    for (int b = 0; b < 64; b++) {
        unsigned int v = smallest[b];
        hex[4 * b] = digits[(v >> 12) & 15];
        hex[4 * b + 1] = digits[(v >> 8) & 15];
        hex[4 * b + 2] = digits[(v >> 4) & 15];
        hex[4 * b + 3] = digits[v & 15];
    }
    return PyUnicode_FromStringAndSize(hex, 256);
}

static PyMethodDef methods[] = {
    {"candidates", lookup_candidates, METH_VARARGS,
     "candidates(postings, weights, limit, budget) -> (record ids, unwalked weight)"},
    {"top", lookup_top, METH_VARARGS,
     "top(rtoks, logdf, cands, weights, base, total, lightest, idf_scale, k) -> [(score, rid)]"},
    {"minhash", lookup_minhash, METH_VARARGS,
     "minhash(words) -> the 256 hex characters of ledger.fingerprint for these word runs"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_lookup", "The ledger's candidate walk and scoring, in C.", -1, methods,
};

PyMODINIT_FUNC
PyInit__lookup(void)
{
    return PyModule_Create(&module);
}
