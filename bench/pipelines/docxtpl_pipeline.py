"""Baseline "libyaml + docxtpl": the framework from a workspace, as a user would script it.

Run as its own process, timed whole (start-up, YAML in, .docx out)::

    python -m bench.pipelines.docxtpl_pipeline WORKSPACE OUTDIR --template TEMPLATE.docx

It loads every YAML file with ``yaml.CSafeLoader`` (:mod:`bench.pipelines.common`), renders the
template made by :mod:`bench.pipelines.docxtpl_template` and writes ``OUTDIR/framework.docx``.

``autoescape=True`` is passed on purpose: docxtpl's default is ``False``, and then an ``&`` or
``<`` in an agency's text is pasted raw into the XML, which docxtpl parses back with lxml's
``recover=True``: no error, the text is silently cut (``R&D`` in the synthetic texts comes out
as ``R``; a ``<tag>`` can vanish with what follows). Nothing tells the user.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from docxtpl import DocxTemplate

from bench.pipelines.common import load_framework


def render(workspace: Path, outdir: Path, template: Path) -> Path:
    """Render the framework of ``workspace`` with ``template`` into ``outdir/framework.docx``."""
    framework = load_framework(workspace)
    document = DocxTemplate(str(template))
    document.render({"cover": framework.cover, "axes": framework.axes}, autoescape=True)
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / "framework.docx"
    document.save(str(target))
    return target


def main() -> None:
    """Command line of the pipeline (see the module's docstring)."""
    parser = argparse.ArgumentParser(description="Framework via PyYAML (libyaml) + docxtpl.")
    parser.add_argument("workspace", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--template", type=Path, required=True)
    args = parser.parse_args()
    render(args.workspace, args.outdir, args.template)


if __name__ == "__main__":
    main()
