"""Checking: the coverage rules run on a valid workspace, their report and its formats, status.

- ``rules``: the coverage rules, each with a stable id carried in ``Diagnostic.rule``;
- ``report``: ``run_check`` (validation, then the rules) → ``CheckReport``;
- ``formats``: ``OutputFormat`` and the one mapping from a format to its formatter;
- ``status`` and ``status_view``: the agencies × duties picture of ``gdcpos status``.

Nothing is imported here: the CLI imports ``OutputFormat`` when it starts, and importing the
rules would pull in pydantic and slow down ``gdcpos --help``.
"""
