"""gdcpos: assemble Iran's position on the UN Global Digital Compact into Persian Word documents."""

__version__ = "0.1.0"
