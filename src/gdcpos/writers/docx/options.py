"""Options of the Word writer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DocxOptions:
    """How a .docx looks beyond what its reference.docx gives.

    Fonts and the body size are always applied over the reference's styles (a workspace sets them
    in ``gdcpos.yaml``); page setup, header, footer and the rest of each style come from
    ``reference_docx``, or from the packaged reference when it is ``None``.
    Iranian official documents conventionally use B Nazanin for body text and B Titr for headings
    (persian-docx.md, "Fonts"); Latin text is set in ``latin_font``.
    """

    body_font: str = "B Nazanin"
    heading_font: str = "B Titr"
    latin_font: str = "Times New Roman"
    body_size_pt: float = 13.0
    reference_docx: Path | None = None
    embed_page_number_font: bool = True

    def __post_init__(self) -> None:
        if not 6 <= self.body_size_pt <= 40:
            raise ValueError(f"body_size_pt must be between 6 and 40, not {self.body_size_pt}")
        for name in ("body_font", "heading_font", "latin_font"):
            if not getattr(self, name).strip():
                raise ValueError(f"{name} must not be empty")

    @property
    def body_half_points(self) -> int:
        """Body size in Word's unit for ``w:sz``/``w:szCs``: half-points."""
        return round(self.body_size_pt * 2)
