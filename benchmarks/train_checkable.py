"""Train judge/models/checkable.json, the "is this sentence checkable?" model (judge/checkable.py).

Usage: .venv/bin/python benchmarks/train_checkable.py DATA_ROOT [--out judge/models/checkable.json]
       [--update-hash] [--no-checkthat] [--limit N] [--epochs N] [--seed N]

DATA_ROOT holds claimbuster/ and checkthat2024-task1/ (see their README files); nothing is copied.
Training data, label 1 = checkable:
- ClaimBuster 3class_train_data_small.json: NFS (-1) -> 0, UFS (0) and CFS (1) -> 1.
- CheckThat! 2024 English train, "Yes" rows only (check-worthy implies checkable), minus every id
  of the ClaimBuster test set and of the CheckThat dev/test files (CheckThat train contains the
  ClaimBuster ground truth, so the held-out sets would leak otherwise). Its "No" rows mix
  non-factual and unimportant factual sentences, so they are not used.
- NEWS_NEGATIVE / NEWS_POSITIVE below: page furniture, promos, speculation and commentary as
  written in news pages, and reported speech, figures, denials (written for this script), with
  weight NEWS_WEIGHT each because debate transcripts have none of them.

Model: logistic regression over the features of judge.checkable.features, plain SGD with L2,
fixed seed and order, so two runs give the same file byte for byte. Features seen fewer than
MIN_COUNT times are dropped. A second, shape-only model (the "#" features) is the fallback for
sentences in other languages. No third-party package is needed.

`--head use-m3` trains the vector model instead (judge.checkable.Head, written to
judge/models/checkable-use-m3.json): a logistic regression, same data and weights, over the
sentence model's vectors of the sentences, fitted by Newton's method (deterministic; NumPy and
the sentence model's package needed, as in the default install). It judges sentences in the
other languages the sentence model knows.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from judge.checkable import MODEL_PATH, features  # noqa: E402

csv.field_size_limit(10**7)

MIN_COUNT = 2
NEWS_WEIGHT = 4.0
THRESHOLD = 0.4  # recall over precision: a lost claim costs more than a kept aside (see docs)
MIN_COVERAGE = 0.5  # share of known word tokens below which the shape-only fallback is used
SHAPE_QUANTILE = 0.15  # fallback: ~85% of checkable English sentences pass on shape alone
HEAD_L2 = 1e-3  # the vector model's L2 penalty (per mean sample weight)
# its decision threshold, low: recall first, as THRESHOLD (docs/benchmarks-checkable.md)
HEAD_THRESHOLD = 0.2
HEAD_NEWTON_STEPS = 30

# ---------------------------------------------------------------- hand-written news sentences

# Not checkable: page furniture, promos, prompts, speculation, commentary.
NEWS_NEGATIVE = """
Join our WhatsApp community to get the latest updates straight to your phone.
Join our Telegram channel for breaking news alerts.
Our community members are treated to special offers, promotions and adverts from us and our partners.
You can check out at any time.
This is a developing story and will be updated.
This story is developing; please check back for updates.
This is a breaking news story, more to follow.
More details to follow.
Check back later for more on this story.
We're sorry, this feature is currently unavailable.
Sorry, this video is not available in your region.
This content is not available due to your privacy preferences.
Please enable JavaScript to view the comments.
Please update your browser to see this content.
To continue reading, subscribe for just £1 a week.
Subscribe now and get unlimited access to all our journalism.
Sign up to our free daily newsletter.
Get the best stories delivered to your inbox every morning.
Enter your email address to receive our weekly briefing.
Thank you for subscribing!
You have successfully signed up.
Download our app for the latest news on the go.
Get the app and never miss a story.
Turn on notifications to stay informed.
Follow us on Facebook, Instagram and X for more.
Like our page to keep up with local news.
Share this article with your friends.
Share your thoughts in the comments below.
What do you think? Let us know in the comments.
Have your say on this story.
Comments are moderated and may take some time to appear.
We use cookies to improve your experience on our site.
By continuing to browse, you agree to our use of cookies.
Accept all cookies to continue.
Manage your consent preferences here.
This website uses cookies and similar technologies.
Advertisement continues below.
Scroll down to continue reading.
Click to expand the gallery.
Watch the full video above.
Listen to this article.
Read the full report on our website.
Log in to your account to save articles.
Create a free account to keep reading.
You have reached your limit of free articles this month.
Already a subscriber? Sign in.
Support independent journalism today with a donation.
Your support helps us keep our reporting free for everyone.
If you value our reporting, please consider making a contribution.
Got a story? Email our newsdesk.
Do you have information about this story? Contact us securely.
Send us your photos and videos.
We want to hear from you.
Sign up for push alerts on your device.
Never miss a story: follow our live coverage.
Refresh the page for the latest updates.
Our live coverage has now ended.
Thanks for following along with us today.
We'll bring you more as we get it.
Stay tuned for more updates.
Here's what you need to know.
Here is everything we know so far.
Keep reading for the full story.
Find out more in the video below.
Tap to play the podcast episode.
This article contains affiliate links.
We may earn a commission from purchases made through links on this page.
Terms and conditions apply.
All views expressed are the author's own.
The views in this column do not necessarily reflect those of the publication.
Loading comments.
Something went wrong, please try again later.
Your browser does not support the video tag.
If true, they suggest a pattern of behaviour that goes well beyond one incident.
If confirmed, the findings could reshape the entire investigation.
If the reports are accurate, this may be only the beginning.
The full truth may never be known.
We may never know what really happened that night.
These allegations are not occurring in a vacuum.
It remains to be seen whether the plan will work.
Only time will tell whether the deal will hold.
The question now is what happens next.
Questions remain about who knew what, and when.
It is hard to overstate the significance of this moment.
This could be a turning point for the company.
The move might signal a shift in strategy.
Critics would argue that the damage has already been done.
Some will see this as a long overdue reckoning.
Whatever the outcome, the case has already changed the debate.
The stakes could hardly be higher.
It may take years before the full consequences become clear.
Perhaps the real story lies elsewhere.
One thing is certain: the pressure is only going to grow.
That is a question many voters will be asking.
In many ways, the scandal says more about the system than about any one person.
This is a story about power and who gets to hold it.
The implications are troubling.
It should serve as a wake-up call for regulators.
Observers say the episode should worry anyone who cares about accountability.
The affair has cast a long shadow over the organisation.
For now, the waiting continues.
The timing could not be worse for the government.
There is no easy answer.
Make no mistake, this matters.
Readers can draw their own conclusions.
It is worth asking why it took so long.
This is not the first time such questions have been raised, and it will not be the last.
If anything, the episode shows how fragile trust has become.
Should the allegations prove true, resignations might follow.
It would be a mistake to read too much into a single poll.
The situation could escalate quickly.
Much depends on what the investigators find.
Whether the reforms go far enough is another matter.
""".strip().splitlines()

# Checkable: attributed statements, figures, dates, denials, official statements, events.
NEWS_POSITIVE = """
The company said in a statement that it had suspended two managers pending an investigation.
Police said a 34-year-old man was arrested on Tuesday evening.
According to the ministry, 1,240 people were evacuated from the area.
The minister told reporters the budget would be cut by 12 percent.
A spokesperson for the council denied that any documents had been destroyed.
The firm denied the allegations, calling them "entirely false".
He has denied any wrongdoing.
She declined to comment when contacted by the newspaper.
Prosecutors charged the former director with fraud on Monday.
The court fined the company €2.3 million.
The hospital confirmed that three patients had died.
Officials said the fire started in a kitchen on the third floor.
The report found that emissions rose by 4% last year.
Unemployment fell to 3.9% in March, the statistics office said.
The bill passed the Senate by 52 votes to 48.
The mayor announced her resignation on Friday.
Shares in the company fell 8% after the announcement.
The airline cancelled more than 300 flights on Sunday.
The earthquake had a magnitude of 6.1, the geological survey said.
Two people were taken to hospital with minor injuries.
The documents, seen by the newspaper, show payments of $450,000 to a consultancy.
The club confirmed the signing in a post on its website.
The regulator opened a formal investigation in 2021.
The union said 85 percent of members voted in favour of strike action.
"We did nothing wrong," the chief executive said.
"The decision has been taken," a government source told the agency.
In a letter to shareholders, the chairman admitted that mistakes had been made.
The ambassador was summoned to the foreign ministry on Wednesday.
The suspect appeared before magistrates and was remanded in custody.
The company has not responded to requests for comment.
The government has rejected the claims as baseless.
The ministry said no such agreement had been signed.
The victim was named locally as a 19-year-old student.
The football association said it had received a complaint and was looking into it.
A spokesman for the prime minister said the meeting had been postponed.
The factory employs about 600 people.
The bridge was closed for six hours after the collision.
The inquiry heard that warnings were ignored on at least four occasions.
An audit found that £1.2m had been spent without approval.
The committee voted to refer the matter to the police.
The singer's lawyer said his client would contest the charges.
The president signed the decree on 3 May.
The trial is scheduled to begin in September.
Emergency services were called to the scene shortly after 9pm.
The company reported a net loss of $37 million for the quarter.
Investigators recovered the flight recorders on Thursday.
The minister resigned hours after the recording was published.
The police force said it had referred itself to the watchdog.
Thousands of people marched through the capital on Saturday.
The report was published by the National Audit Office.
The contract was worth about 40 million euros, according to public records.
He was sentenced to four years in prison.
The agency said it had found no evidence of tampering.
The club said the player had been suspended for three matches.
The school was closed after inspectors rated it inadequate.
According to court filings, the payments began in 2019.
The charity said it had raised more than £2m for the appeal.
The WHO said 14 cases had been confirmed in the region.
Officials confirmed that the dam had been breached in two places.
The spokesperson said the claims were "categorically untrue".
The board met on Monday and accepted his resignation.
Records show the building failed two fire inspections.
The vote was postponed until next week, the speaker's office said.
The family said in a statement that they were "devastated".
Local media reported that the suspect had fled the country.
The central bank raised interest rates by a quarter of a percentage point.
The lawsuit was filed in a federal court in Texas.
Russia's defence ministry said its forces had taken the village.
The minister said the government had no plans to raise taxes.
Data from the health agency show hospital admissions doubled in a week.
The minister offered no evidence to support the allegation.
The company did not provide any documents to back up its figures.
Police have not released the names of the two men.
No charges have been filed so far.
The new line is intended to cut journey times by a third.
The programme is meant to train 2,000 nurses a year.
""".strip().splitlines()


# ---------------------------------------------------------------- data


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[1:]


def checkthat_english(root: Path, split: str) -> list[tuple[str, str, int]]:
    """(id, text, 1 for Yes) of a CheckThat 2024 English split."""
    path = root / "checkthat2024-task1" / "english" / f"CT24_checkworthy_english_{split}.tsv"
    out: list[tuple[str, str, int]] = []
    for row in read_tsv(path):
        # One train line holds two records: id, text, "No29286", "You can't ...", "No".
        if len(row) == 5:
            m = re.fullmatch(r"(Yes|No)(\d+)", row[2])
            if m:
                out.append((row[0], row[1], int(m.group(1) == "Yes")))
                row = [m.group(2), row[3], "No"]
        if len(row) < 3:
            continue
        out.append((row[0], row[1], int(row[-1].strip() == "Yes")))
    return out


def claimbuster(root: Path, name: str) -> list[tuple[str, str, int]]:
    """(id, text, 3-class label -1/0/1) of a ClaimBuster file."""
    with (root / "claimbuster" / name).open(encoding="utf-8") as f:
        return [(str(x["sentence_id"]), x["text"], int(x["label"])) for x in json.load(f)]


def training_set(root: Path, use_checkthat: bool = True) -> list[tuple[str, int, float]]:
    """(text, label, weight) in a fixed order."""
    data = [
        (t, int(lab >= 0), 1.0) for _, t, lab in claimbuster(root, "3class_train_data_small.json")
    ]
    if use_checkthat:
        held_out = {i for i, _, _ in claimbuster(root, "3class_test_disjoint_2000.json")}
        for split in ("dev", "dev-test", "test_gold"):
            held_out |= {i for i, _, _ in checkthat_english(root, split)}
        seen = {t for t, _, _ in data}
        for i, t, yes in checkthat_english(root, "train"):
            if yes and i not in held_out and t not in seen:
                data.append((t, 1, 1.0))
                seen.add(t)
    data += [(t, 0, NEWS_WEIGHT) for t in NEWS_NEGATIVE]
    data += [(t, 1, NEWS_WEIGHT) for t in NEWS_POSITIVE]
    return data


# ---------------------------------------------------------------- training


def sgd(
    rows: list[tuple[list[str], int, float]],
    epochs: int,
    seed: int,
    lr: float = 0.1,
    l2: float = 1e-5,
) -> tuple[float, dict[str, float]]:
    """Logistic regression by SGD with a decaying step; deterministic for a given seed."""
    rng = random.Random(seed)
    order = list(range(len(rows)))
    w: dict[str, float] = {}
    b = 0.0
    step = 0
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            feats, y, weight = rows[i]
            z = b + sum(w.get(f, 0.0) for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            eta = lr / (1.0 + step * 1e-5)
            g = (p - y) * weight * eta
            shrink = 1.0 - eta * l2
            for f in feats:
                w[f] = w.get(f, 0.0) * shrink - g
            b -= g
            step += 1
    return b, w


def train(data: list[tuple[str, int, float]], epochs: int = 8, seed: int = 13) -> dict:
    featurised = [(features(t)[0], y, wt) for t, y, wt in data]
    counts: Counter[str] = Counter()
    for feats, _, _ in featurised:
        counts.update(set(feats))
    keep = {f for f, c in counts.items() if c >= MIN_COUNT or f[0] in "#^"}
    rows = [([f for f in feats if f in keep], y, wt) for feats, y, wt in featurised]
    bias, weights = sgd(rows, epochs, seed)

    shape_rows = [([f for f in feats if f[0] == "#"], y, wt) for feats, y, wt in rows]
    shape_bias, shape = sgd(shape_rows, epochs, seed)
    pos = sorted(
        shape_bias + sum(shape.get(f, 0.0) for f in feats) for feats, y, _ in shape_rows if y
    )
    center = pos[int(SHAPE_QUANTILE * (len(pos) - 1))] if pos else 0.0

    return {
        "format": "storywatch-checkable-1",
        "threshold": THRESHOLD,
        "min_coverage": MIN_COVERAGE,
        "bias": round(bias, 4),
        "shape_bias": round(shape_bias, 4),
        "shape_center": round(center, 4),
        "shape_weights": {f: round(v, 4) for f, v in sorted(shape.items())},
        # Every unigram is kept, however small its weight: the known words tell English text
        # from other languages (judge.checkable.Model.coverage).
        "weights": {
            f: round(v, 4)
            for f, v in sorted(weights.items())
            if abs(v) >= 5e-4 or (f[0] not in "#^" and " " not in f)
        },
    }


def train_head(data: list[tuple[str, int, float]], encoder) -> dict:
    """The vector model of `encoder`'s sentence vectors (judge.checkable.Head)."""
    import numpy as np

    texts = [t for t, _, _ in data]
    vecs = np.vstack([encoder.encode(texts[i : i + 256]) for i in range(0, len(texts), 256)])
    x = np.hstack([vecs.astype(np.float64), np.ones((len(texts), 1))])
    y = np.array([label for _, label, _ in data], dtype=np.float64)
    sw = np.array([w for _, _, w in data], dtype=np.float64)
    sw /= sw.sum()
    penalty = np.full(x.shape[1], HEAD_L2)
    penalty[-1] = 0.0  # the bias is not penalised
    beta = np.zeros(x.shape[1])
    for _ in range(HEAD_NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -30.0, 30.0)))
        grad = x.T @ (sw * (p - y)) + penalty * beta
        hess = (x * (sw * p * (1.0 - p))[:, None]).T @ x + np.diag(penalty)
        beta -= np.linalg.solve(hess, grad)
    return {
        "format": "storywatch-checkable-head-1",
        "model": encoder.name,
        "dim": int(vecs.shape[1]),
        "threshold": HEAD_THRESHOLD,
        "l2": HEAD_L2,
        "bias": round(float(beta[-1]), 4),
        "weights": [round(float(v), 4) for v in beta[:-1]],
    }


def dump(model: dict) -> bytes:
    return (
        json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
    ).encode()


def update_hash(sha: str, head: str | None = None) -> None:
    path = ROOT / "judge" / "checkable.py"
    text = path.read_text(encoding="utf-8")
    if head is None:
        pattern, new = r'^MODEL_SHA256 = "[0-9a-f]{64}"', f'MODEL_SHA256 = "{sha}"'
    else:
        pattern, new = rf'("{re.escape(head)}": )"[0-9a-f]{{64}}"', rf'\g<1>"{sha}"'
    path.write_text(re.sub(pattern, new, text, count=1, flags=re.M), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "data_root", type=Path, help="directory with claimbuster/ and checkthat2024-task1/"
    )
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument(
        "--update-hash", action="store_true", help="write the SHA-256 into judge/checkable.py"
    )
    ap.add_argument(
        "--no-checkthat", action="store_true", help="ClaimBuster and the news lists only"
    )
    ap.add_argument(
        "--limit", type=int, default=0, help="train on the first N ClaimBuster rows (tests)"
    )
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument(
        "--head", metavar="MODEL", help="train the vector model of this sentence model (use-m3)"
    )
    args = ap.parse_args(argv)

    data = training_set(args.data_root, use_checkthat=not args.no_checkthat)
    if args.limit:
        data = data[: args.limit] + [d for d in data if d[2] == NEWS_WEIGHT]
    if args.head:
        from judge.checkable import HEAD_PATHS
        from judge.embed import load_encoder

        out = args.out if args.out != MODEL_PATH else HEAD_PATHS[args.head]
        blob = dump(train_head(data, load_encoder("embeddings", model=args.head)))
        _write(blob, out, f"trained on {len(data)} sentences", args.update_hash, args.head)
        return 0
    model = train(data, epochs=args.epochs, seed=args.seed)
    pos = sum(y for _, y, _ in data)
    what = f"trained on {len(data)} sentences ({pos} checkable), {len(model['weights'])} weights"
    _write(dump(model), args.out, what, args.update_hash)
    return 0


def _write(blob: bytes, out: Path, what: str, update: bool, head: str | None = None) -> None:
    """Write a model file, say what and where, and pin its SHA-256 in judge/checkable.py if asked."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(blob)
    sha = hashlib.sha256(blob).hexdigest()
    print(f"{what}, {len(blob) / 1024:.0f} KiB -> {out}\nsha256 {sha}")
    if update:
        update_hash(sha, head=head)
        where = "MODEL_SHA256" if head is None else f"HEAD_SHA256[{head!r}]"
        print(f"{where} updated in judge/checkable.py")


if __name__ == "__main__":
    sys.exit(main())
