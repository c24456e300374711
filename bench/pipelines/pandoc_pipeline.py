"""Baseline "pandoc": the framework as Markdown, converted by pandoc, as a user would script it.

Run as its own process, timed whole (start-up, YAML in, Markdown, pandoc, .docx out)::

    python -m bench.pipelines.pandoc_pipeline WORKSPACE OUTDIR [--pandoc PANDOC]

It loads every YAML file with ``yaml.CSafeLoader`` (:mod:`bench.pipelines.common`), writes
``OUTDIR/framework.md`` with ``dir: rtl`` and ``lang: fa`` metadata, then runs
``pandoc -f markdown -t docx -o OUTDIR/framework.docx OUTDIR/framework.md``.

Agency text is escaped for Markdown (a backslash before each character Markdown gives meaning
to), otherwise ``*``, ``_``, ``<tag>``, ``[...]`` or ``$`` in a text would change the document.
The cover line is the document's ``title`` (pandoc's Title style); a contribution's title is a
strong paragraph, its text a paragraph, its attribution a paragraph.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

from bench.pipelines.common import Framework, load_framework

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|$@~^&:'\"])")


def escape(text: str) -> str:
    """Markdown-escape ``text``: every ASCII punctuation mark Markdown may read gets a backslash."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def markdown(framework: Framework) -> str:
    """The framework as pandoc Markdown, metadata block first."""
    title = framework.cover.replace("\\", "\\\\").replace('"', '\\"')
    parts = [f'---\ntitle: "{title}"\ndir: rtl\nlang: fa\n---\n']
    for axis in framework.axes:
        parts.append(f"# {escape(axis.name)}\n")
        for group in axis.kinds:
            parts.append(f"## {escape(group.label)}\n")
            for item in group.items:
                parts.append(f"**{escape(item.title)}**\n")
                parts.append(f"{escape(item.text)}\n")
                parts.append(f"{escape(item.attribution)}\n")
    return "\n".join(parts)


def render(workspace: Path, outdir: Path, pandoc: str = "pandoc") -> Path:
    """Write ``outdir/framework.md`` for ``workspace`` and convert it to ``framework.docx``."""
    framework = load_framework(workspace)
    outdir.mkdir(parents=True, exist_ok=True)
    source = outdir / "framework.md"
    source.write_text(markdown(framework), encoding="utf-8")
    del framework
    target = outdir / "framework.docx"
    command = [pandoc, "-f", "markdown", "-t", "docx", "-o", str(target), str(source)]
    subprocess.run(command, check=True)
    return target


def main() -> None:
    """Command line of the pipeline (see the module's docstring)."""
    parser = argparse.ArgumentParser(description="Framework via PyYAML (libyaml) + pandoc.")
    parser.add_argument("workspace", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--pandoc", default="pandoc", help="the pandoc executable")
    args = parser.parse_args()
    render(args.workspace, args.outdir, args.pandoc)


if __name__ == "__main__":
    main()
