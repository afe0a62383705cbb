/* The ledger's two hot loops in C: finding a claim's candidate records in the posting lists,
 * and scoring them (judge/ledger.py, class _Query, has the same code in Python and the
 * reasons for each step). Both functions give exactly what the Python code gives: the same
 * records in the same order, and the same scores, because every sum is taken in the same order
 * with the same double arithmetic (built with -ffp-contract=off, so no fused multiply-add).
 * The module is optional: if it is not built, the ledger runs its Python code. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
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

static PyMethodDef methods[] = {
    {"candidates", lookup_candidates, METH_VARARGS,
     "candidates(postings, weights, limit, budget) -> (record ids, unwalked weight)"},
    {"top", lookup_top, METH_VARARGS,
     "top(rtoks, logdf, cands, weights, base, total, lightest, idf_scale, k) -> [(score, rid)]"},
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
