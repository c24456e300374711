"""Render a template and parse its output into a :class:`~gdcpos.document.model.Document`.

Every failure leaves here as a :class:`TemplatingError` naming the template and line, so a
template bug is reported like any other located problem instead of as a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType

from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError

from gdcpos.document.model import Document, DocumentInfo
from gdcpos.templating.environment import (
    PACKAGED_PREFIX,
    TemplateEnvironment,
    check_template_name,
)
from gdcpos.templating.errors import TemplatingError
from gdcpos.templating.subset import parse_subset

__all__ = ["render_document", "render_markup"]

# Errors a template's own expressions raise (``1/0``, ``"x" + 1``); outside template code these
# are bugs in gdcpos and are left alone.
_EXPRESSION_ERRORS = (TypeError, ValueError, ArithmeticError, LookupError)


def render_document(
    env: Environment,
    template_name: str,
    context: Mapping[str, object],
    info: DocumentInfo,
) -> Document:
    """Render ``template_name`` with ``context`` and parse the HTML subset it writes.

    The template also sees ``info`` (the document's metadata) unless the context defines it.
    """
    markup = render_markup(env, template_name, {"info": info, **context})
    return Document(info=info, blocks=parse_subset(markup, _display_name(env, template_name)))


def render_markup(env: Environment, template_name: str, context: Mapping[str, object]) -> str:
    """Render a template to text, turning every template failure into a TemplatingError."""
    check_template_name(template_name)
    try:
        template = env.get_template(template_name)
        return template.render(context)
    except TemplatingError as error:
        # A refused name in {% include %} or {% extends %}: say where it was written.
        if error.template:
            raise
        template_path, line = _template_frame(env, error.__traceback__)
        raise type(error)(error.message, template_path, line) from error
    except TemplateSyntaxError as error:
        raise TemplatingError(
            error.message or "syntax error",
            _display_name(env, error.name, error.filename),
            error.lineno,
        ) from error
    except TemplateNotFound as error:
        template_path, line = _template_frame(env, error.__traceback__)
        searched = _searched(env, error.name if isinstance(error.name, str) else None)
        raise TemplatingError(
            f"no template named {error.name!r} ({searched})", template_path, line
        ) from error
    except TemplateError as error:
        template_path, line = _template_frame(env, error.__traceback__)
        raise TemplatingError(
            error.message or type(error).__name__, template_path or template_name, line
        ) from error
    except _EXPRESSION_ERRORS as error:
        template_path, line = _template_frame(env, error.__traceback__)
        if not template_path:
            raise
        raise TemplatingError(f"{type(error).__name__}: {error}", template_path, line) from error


def _template_frame(env: Environment, traceback: TracebackType | None) -> tuple[str, int]:
    """The innermost template line in a traceback Jinja has rewritten to point at templates."""
    found = ("", 0)
    while traceback is not None:
        frame = traceback.tb_frame
        # Jinja marks the frames it makes to stand for template code with this global.
        if "__jinja_exception__" in frame.f_globals:
            found = (_display_name(env, None, frame.f_code.co_filename), traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def _display_name(env: Environment, name: str | None, filename: str | None = None) -> str:
    if isinstance(env, TemplateEnvironment):
        if filename is None and name is not None:
            filename = _filename_of(env, name)
        return env.search_path.display_name(name, filename)
    return name or filename or ""


def _filename_of(env: Environment, name: str) -> str | None:
    try:
        return env.get_template(name).filename
    except (TemplateError, TemplatingError):
        return None


def _searched(env: Environment, name: str | None) -> str:
    packaged_only = name is not None and name.startswith(f"{PACKAGED_PREFIX}/")
    if (
        isinstance(env, TemplateEnvironment)
        and env.search_path.workspace is not None
        and not packaged_only
    ):
        return f"looked in {env.search_path.workspace}, then the packaged templates"
    return "looked in the packaged templates"
