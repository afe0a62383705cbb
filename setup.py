"""Builds the optional C part of the ledger (judge/_lookup.c); everything else is in pyproject.toml.

The extension is optional: without a C compiler the install still succeeds and the ledger runs
the same lookup in Python (slower). `storywatch check` says which one is in use."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "judge._lookup",
            ["judge/_lookup.c"],
            optional=True,
            # No fused multiply-add: scores must be bit-for-bit those of the Python code.
            extra_compile_args=["-ffp-contract=off"],
        )
    ]
)
