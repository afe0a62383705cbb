"""The word-set gates in judge/evidence.py only skip work: with or without them, the same evidence."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from judge import evidence
from judge.claims import make_claim, words

# Words that make up the evidence patterns, and some that do not, in any order and case.
_VOCAB = (
    "the a an police ministry spokesman company court report documents filing records data said "
    "says told confirmed denied rejected issued released published obtained seen by statement in "
    "on Monday reporters according to copy of audit preliminary found shows Nordcam Anna Berg "
    "Kremlin Peskov put out state confirm public made was has long not never an aide sources "
    'newspaper Mirror reported that with of and , . : “ ” "'
).split()
_TEXT = st.lists(st.sampled_from(_VOCAB), min_size=3, max_size=25).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.booleans())
def test_gated_evidence_equals_ungated(text: str, known: bool) -> None:
    claim = make_claim(text)

    def k(name: str) -> bool:
        return known

    ungated = evidence._evidence(claim, k, k, None)
    ws = words(text)
    if ws is not None and evidence._TRIGGERS.isdisjoint(ws):
        assert ungated is None
    else:
        assert evidence._evidence(claim, k, k, ws) == ungated
