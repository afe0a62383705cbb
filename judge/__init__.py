"""Judging: article text -> claims -> same as the ledger's? -> evidence -> verdict (pure functions).

The middle of the pipeline (watch -> judge -> deliver): `watchers/` brings articles in, `bot/`
takes verdicts out; nothing here does I/O, reads a clock or opens a database."""
