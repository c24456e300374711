"""Templates: Jinja2 renders a small HTML subset that is parsed into the document model.

One template serves every writer (Word and the HTML preview), and agency text, which reaches a
template only through escaped expressions, can never change a document's structure. The subset,
the classes, the filters and how to override a packaged template: ``docs/templates.md``.
"""

from gdcpos.templating.environment import (
    PACKAGED_PREFIX,
    TemplateEnvironment,
    TemplateSearchPath,
    check_template_name,
    make_environment,
    packaged_templates_dir,
)
from gdcpos.templating.errors import TemplateNameRefused, TemplateSubsetError, TemplatingError
from gdcpos.templating.render import render_document, render_markup
from gdcpos.templating.subset import parse_subset

__all__ = [
    "PACKAGED_PREFIX",
    "TemplateEnvironment",
    "TemplateNameRefused",
    "TemplateSearchPath",
    "TemplateSubsetError",
    "TemplatingError",
    "check_template_name",
    "make_environment",
    "packaged_templates_dir",
    "parse_subset",
    "render_document",
    "render_markup",
]
