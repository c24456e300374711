"""Loading: bytes → text → YAML data with a source map. Knows nothing of the models."""

from gdcpos.load.files import (
    MAX_FILE_BYTES,
    LoadedFile,
    load_yaml_file,
    parse_bytes,
    read_limited,
    read_whole,
)
from gdcpos.load.yaml_source import SourceMap, parse_yaml

__all__ = [
    "MAX_FILE_BYTES",
    "LoadedFile",
    "SourceMap",
    "load_yaml_file",
    "parse_bytes",
    "parse_yaml",
    "read_limited",
    "read_whole",
]
