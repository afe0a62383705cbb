"""Main-text extraction on real pages: trafilatura's baseline, the project's page text before this
change, and the project's page text now, side by side on two public sets.

    .venv/bin/python benchmarks/extraction.py /work/shared/data [--limit N] [--jobs 2]

DATA_ROOT holds `trafilatura-eval/` and `zyte-article-extraction-benchmark/` (see their README
files; nothing of them is copied here). Scoring follows each set's own protocol:

* trafilatura-eval: per page, each "with" segment found in the whitespace-normalised output is
  a TP (else FN), each "without" segment found is an FP. P/R/F1 from the counts pooled over all
  pages (micro average; the set's official numbers), and also the mean of per-page P/R (macro).
* zyte: per page, 4-token shingles (\\w+ runs) of output vs articleBody, TP/FP/FN normalised
  to sum 1; P and R are the mean over pages, F1 = 2PR/(P+R) from those means (the repo's
  evaluate.py).

"promo left" counts extracted lines (paragraphs and list items) that a furniture detector flags:
judge.claims.is_boilerplate or watchers.text.is_furniture. Lower is better; note that (c) drops
exactly such lines, so the independent measure of furniture is trafilatura-eval's "without" FPs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from multiprocessing import Pool
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from judge.claims import is_boilerplate  # noqa: E402
from watchers import text as wtext  # noqa: E402

Page = dict[str, Any]


# ---------------------------------------------------------------- the extractors compared


def trafilatura_baseline(html: bytes, title: str) -> str:
    """(a) trafilatura.extract with the options of trafilatura's own evaluation (tests/eval_common.py:
    no comments, tables kept); everything else default."""
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=True) or ""


def project_before(html: bytes, title: str) -> str:
    """(b) The project's page text as the pipeline took it before this change (commit c6ad4fa:
    bare_extraction without tables or comments, "• " items, the leading title dropped)."""
    import trafilatura

    doc: Any = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True
    )
    raw = (getattr(doc, "text", None) or "") if doc is not None else ""
    return wtext._drop_leading_title(wtext._paragraphs(raw), title)


def project_now(html: bytes, title: str) -> str:
    """(c) watchers.text.page_text, exactly as article_text calls it."""
    return wtext.page_text(html, "", title=title)[0]


EXTRACTORS: dict[str, Callable[[bytes, str], str]] = {
    "a trafilatura": trafilatura_baseline,
    "b project before": project_before,
    "c project now": project_now,
}


# ---------------------------------------------------------------- the sets


def trafilatura_eval(root: Path) -> Iterator[Page]:
    base = root / "trafilatura-eval"
    data = json.loads((base / "evaldata_subset.json").read_text(encoding="utf-8"))
    for url, item in data.items():
        path = base / "html" / (item["file"] + ".gz")
        if not path.exists():
            continue
        yield {
            "set": "trafilatura-eval",
            "id": item["file"],
            "path": str(path),
            "title": item.get("title") or "",
            "with": item["with"],
            "without": item["without"],
            "url": url,
        }


def zyte(root: Path) -> Iterator[Page]:
    base = root / "zyte-article-extraction-benchmark"
    truth = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
    for key, item in truth.items():
        yield {
            "set": "zyte",
            "id": key,
            "path": str(base / "html" / f"{key}.html.gz"),
            "title": "",
            "gold": item.get("articleBody", ""),
            "url": item.get("url", ""),
        }


# ---------------------------------------------------------------- scoring


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def count_segments(page: Page, output: str) -> tuple[int, int, int]:
    """tp, fp, fn of trafilatura-eval's substring protocol."""
    out = _norm(output)
    tp = sum(1 for w in page["with"] if _norm(w) in out)
    fp = sum(1 for w in page["without"] if _norm(w) in out)
    return tp, fp, len(page["with"]) - tp


_TOKEN = re.compile(r"\w+")


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def count_shingles(gold: str, output: str) -> tuple[float, float, float]:
    """tp, fp, fn over 4-token shingles, normalised to sum 1 (the zyte benchmark's evaluate.py)."""
    t, p = _shingles(gold), _shingles(output)
    tp = fp = fn = 0.0
    for key in t.keys() | p.keys():
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float | None:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float | None:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def promo_lines(output: str) -> list[str]:
    lines = (ln.strip().lstrip("•-").strip() for ln in output.splitlines())
    return [ln for ln in lines if ln and (is_boilerplate(ln) or wtext.is_furniture(ln))]


def run_page(page: Page) -> dict[str, Any]:
    html = gzip.open(page["path"]).read()
    result: dict[str, Any] = {"set": page["set"], "id": page["id"], "by": {}}
    for name, fn in EXTRACTORS.items():
        t0 = time.perf_counter()
        try:
            output = fn(html, page["title"])
        except Exception as e:  # a crash counts as an empty output, as in both protocols
            output = ""
            result.setdefault("errors", []).append(f"{name}: {type(e).__name__}: {e}")
        seconds = time.perf_counter() - t0
        if page["set"] == "zyte":
            counts: tuple[float, ...] = count_shingles(page["gold"], output)
        else:
            counts = count_segments(page, output)
        result["by"][name] = {
            "counts": counts,
            "seconds": seconds,
            "promo": promo_lines(output),
        }
    return result


def summarise(results: list[dict[str, Any]], set_name: str, name: str) -> dict[str, float]:
    rows = [r["by"][name] for r in results if r["set"] == set_name]
    counts = [r["counts"] for r in rows]
    precisions = [p for c in counts if sum(c[:2]) > 0 and (p := _precision(*c)) is not None]
    recalls = [r for c in counts if c[0] + c[2] > 0 and (r := _recall(*c)) is not None]
    mp, mr = statistics.mean(precisions), statistics.mean(recalls)
    out = {
        "pages": len(rows),
        "macro_p": mp,
        "macro_r": mr,
        "macro_f1": 2 * mp * mr / (mp + mr) if mp + mr else 0.0,
        "promo": sum(len(r["promo"]) for r in rows),
        "promo_pages": sum(1 for r in rows if r["promo"]),
        "ms_per_page": 1000 * statistics.mean(r["seconds"] for r in rows),
    }
    tp, fp, fn = (sum(c[i] for c in counts) for i in range(3))
    out["micro_p"] = tp / (tp + fp) if tp + fp else 0.0
    out["micro_r"] = tp / (tp + fn) if tp + fn else 0.0
    out["micro_f1"] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    out["fp"] = fp
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_root", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="pages per set (0: all)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write per-page results here")
    ap.add_argument("--show-promo", type=int, default=0, help="print N promo lines (c) left")
    args = ap.parse_args(argv)

    pages: list[Page] = []
    for loader in (trafilatura_eval, zyte):
        got = list(loader(args.data_root))
        pages += got[: args.limit] if args.limit else got
    t0 = time.perf_counter()
    with Pool(args.jobs) as pool:
        results = list(pool.imap_unordered(run_page, pages, chunksize=4))
    wall = time.perf_counter() - t0

    print(f"{len(pages)} pages, {wall:.0f} s wall with {args.jobs} processes\n")
    header = (
        f"{'set':<17} {'extractor':<17} {'P':>6} {'R':>6} {'F1':>6}   "
        f"{'P/pg':>6} {'R/pg':>6} {'F1/pg':>6}  {'w/o FP':>6} {'promo':>6} {'pages':>5} {'ms/pg':>6}"
    )
    print(header)
    for set_name in ("trafilatura-eval", "zyte"):
        for name in EXTRACTORS:
            s = summarise(results, set_name, name)
            micro = (
                f"{s['micro_p']:6.3f} {s['micro_r']:6.3f} {s['micro_f1']:6.3f}"
                if set_name == "trafilatura-eval"
                else f"{'':>6} {'':>6} {'':>6}"
            )
            fp = f"{int(s['fp']):6d}" if set_name == "trafilatura-eval" else f"{'':>6}"
            print(
                f"{set_name:<17} {name:<17} {micro}   {s['macro_p']:6.3f} {s['macro_r']:6.3f} "
                f"{s['macro_f1']:6.3f}  {fp} {s['promo']:6d} {s['promo_pages']:5d} "
                f"{s['ms_per_page']:6.1f}"
            )
    errors = [e for r in results for e in r.get("errors", ())]
    if errors:
        print(f"\n{len(errors)} extractor errors, e.g. {errors[:3]}")
    if args.show_promo:
        left = Counter(ln for r in results for ln in r["by"]["c project now"]["promo"])
        print("\npromo lines left in (c), most common:")
        for line, n in left.most_common(args.show_promo):
            print(f"  {n:3d}  {line[:150]}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
