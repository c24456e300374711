"""Benchmark of gdcpos beside the pipelines a user would otherwise write (design §7).

``python -m bench.run`` (or ``make bench``) generates synthetic workspaces with
:mod:`bench.synth`, times each pipeline of :mod:`bench.pipelines` as a whole process, and writes
``bench/out/results.md`` and ``bench/out/results.json``. Kept free of imports so that the
pipeline subprocesses (``python -m bench.pipelines....``) start as fast as a user's script.
"""
