"""The pipelines that are timed: each runs as its own process, YAML in, ``.docx`` out.

- ``gdcpos``: the command ``gdcpos build framework`` (no module here: it is the product).
- :mod:`bench.pipelines.docxtpl_pipeline`: PyYAML (libyaml) + a docxtpl template.
- :mod:`bench.pipelines.pandoc_pipeline`: PyYAML (libyaml) + Markdown + ``pandoc``.

Both baselines share :mod:`bench.pipelines.common` so that they render the same content.
"""
