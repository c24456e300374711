"""Errors of the templating layer: each names the template and, when known, its line.

A template problem is a bug in a template (a workspace's or a packaged one), not in an agency's
data; it still reaches the user as ``PATH:LINE: error: MESSAGE`` through :meth:`to_diagnostic`.
"""

from __future__ import annotations

from gdcpos.diagnostics import Diagnostic, Location, Severity


class TemplatingError(Exception):
    """A template could not be loaded, rendered or parsed into the document model.

    ``template`` is the template's display path (``templates/framework.html.j2`` for a workspace
    template, ``gdcpos/framework.html.j2`` for a packaged one), empty when unknown; ``line`` is
    1-based, 0 when unknown.
    """

    def __init__(self, message: str, template: str = "", line: int = 0) -> None:
        self.message = message
        self.template = template
        self.line = line
        super().__init__(str(self.location) + ": " + message if template else message)

    @property
    def location(self) -> Location:
        return Location(self.template, self.line)

    def to_diagnostic(self) -> Diagnostic:
        """The error as the diagnostic the CLI prints with every other problem."""
        return Diagnostic(self.location, self.message, Severity.ERROR, rule="template")


class TemplateNameRefused(TemplatingError):
    """A template name that would leave the templates folder (``../x``, ``/etc/x``, ``C:x``)."""


class TemplateSubsetError(TemplatingError):
    """Rendered output that is not in the documented HTML subset (an unknown tag, a bad class)."""
