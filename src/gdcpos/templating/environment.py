"""The Jinja2 environment documents are rendered with: sandboxed, autoescaping, strict.

Search path: the workspace's ``templates/`` folder first, then the packaged templates. The
packaged set is also reachable under the prefix ``gdcpos/``, so a workspace template can extend
the packaged template it replaces: ``{% extends "gdcpos/framework.html.j2" %}``. The prefix is
looked up first, so a workspace folder named ``gdcpos/`` can never shadow the packaged set.

Agency text reaches a template only through expressions, and every expression is escaped: the
``safe`` filter is removed and ``{% autoescape %}`` is refused, so no value can add markup and
thereby change a document's structure. Templates themselves are trusted (they are the
workspace owner's code), but names that would leave the templates folder are refused.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import importlib.resources
import re
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    Template,
    TemplateSyntaxError,
)
from jinja2.bccache import Bucket
from jinja2.ext import Extension
from jinja2.lexer import (
    TOKEN_BLOCK_BEGIN,
    TOKEN_DATA,
    TOKEN_NAME,
    TOKEN_VARIABLE_BEGIN,
    Token,
    TokenStream,
)
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import escape

from gdcpos.cachedir import cache_folder
from gdcpos.persian import JalaliDate, normalize_prose, to_persian_digits
from gdcpos.templating.errors import TemplateNameRefused

__all__ = [
    "PACKAGED_PREFIX",
    "SOURCE_ATTRIBUTE",
    "TemplateEnvironment",
    "TemplateSearchPath",
    "check_template_name",
    "make_environment",
    "packaged_templates_dir",
]

PACKAGED_PREFIX = "gdcpos"
"""Names under ``gdcpos/`` always load the packaged template, even when the workspace has one."""

SOURCE_ATTRIBUTE = "data-gdcpos-at"
"""Attribute added to every tag written in a template, ``"NAME:LINE"``, so that the subset parser
can name the template line a bad tag came from. Reserved: templates must not write it."""

# Templates whose text is the HTML subset; only their tags are marked with their source line.
_MARKED_SUFFIXES = (".html", ".html.j2", ".htm", ".htm.j2")
_TAG_START = re.compile(r"<([A-Za-z][A-Za-z0-9]*)(?=[\s/>]|\Z)")
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:")


def packaged_templates_dir() -> Path:
    """The folder of templates shipped inside the package (``gdcpos/resources/templates``)."""
    folder = importlib.resources.files("gdcpos.resources").joinpath("templates")
    if not isinstance(folder, Path):
        raise RuntimeError(
            f"gdcpos must be installed as files, not inside an archive: {folder} is not a folder"
        )
    return folder


def check_template_name(name: str) -> None:
    """Refuse a template name that could reach outside the templates folder.

    Jinja's own loaders already refuse ``..`` but quietly treat ``/etc/x`` as ``etc/x``; a
    name like that is a mistake or an attack either way, so it is refused with a clear message.
    """
    problem = ""
    if not name:
        problem = "is empty"
    elif "\x00" in name:
        problem = "contains a NUL character"
    elif name.startswith(("/", "\\")) or _WINDOWS_DRIVE.match(name):
        problem = "is an absolute path; name a template relative to the templates folder"
    elif "\\" in name:
        problem = 'contains "\\"; separate folders with "/"'
    elif ".." in name.split("/"):
        problem = 'contains ".." and would leave the templates folder'
    if problem:
        raise TemplateNameRefused(f"template name {name!r} {problem}")


@dataclass(frozen=True)
class TemplateSearchPath:
    """Where templates are looked up, and how a template file is named in messages."""

    workspace: Path | None
    packaged: Path

    def display_name(self, name: str | None, filename: str | None) -> str:
        """``templates/x.html.j2`` for a workspace template, ``gdcpos/x.html.j2`` for a packaged
        one: the first is relative to the workspace, the second is how templates refer to it."""
        if filename:
            path = Path(filename).resolve()
            roots: list[tuple[Path, str]] = []
            if self.workspace is not None:
                roots.append((self.workspace.resolve(), self.workspace.name))
            roots.append((self.packaged.resolve(), PACKAGED_PREFIX))
            for root, label in roots:
                if path.is_relative_to(root):
                    return f"{label}/{path.relative_to(root).as_posix()}"
        return name or "<template>"


class _ContainedLoader(BaseLoader):
    """Checks every requested name (also from ``extends``/``include``) before looking it up."""

    def __init__(self, inner: BaseLoader) -> None:
        self._inner = inner

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        check_template_name(template)
        return self._inner.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return self._inner.list_templates()


class _SourceMarks(Extension):
    """Marks each tag written in a template with its template and line; refuses autoescape blocks.

    Only template text is marked (expressions are escaped and cannot hold tags), so the subset
    parser can report a bad tag at the template line that wrote it, even across includes and
    macros, instead of at a line of the rendered output nobody sees.
    """

    def filter_stream(self, stream: TokenStream) -> Iterable[Token]:
        if stream.name is not None and not stream.name.endswith(_MARKED_SUFFIXES):
            # Not a document template (a YAML or text scaffold): its "<" are not tags.
            return self._autoescape_refused(stream)
        environment = self.environment
        if isinstance(environment, TemplateEnvironment):
            label = environment.search_path.display_name(stream.name, stream.filename)
        else:
            label = stream.name or "<template>"
        return self._marked(stream, str(escape(label)))

    @staticmethod
    def _autoescape_refused(stream: TokenStream) -> Iterator[Token]:
        previous_type = ""
        for token in stream:
            _refuse_autoescape(token, previous_type, stream)
            yield token
            previous_type = token.type

    @staticmethod
    def _marked(stream: TokenStream, escaped_label: str) -> Iterator[Token]:
        previous_type = ""
        waiting: Token | None = None  # template text, marked once the next token is known
        for token in stream:
            if waiting is not None:
                # In "<h{{ level }}" the tag name goes on in the expression: leave that tag.
                name_continues = token.type == TOKEN_VARIABLE_BEGIN
                yield _marked_data(waiting, escaped_label, name_continues)
                waiting = None
            if token.type == TOKEN_DATA:
                waiting = token
            else:
                _refuse_autoescape(token, previous_type, stream)
                yield token
            previous_type = token.type
        if waiting is not None:
            yield _marked_data(waiting, escaped_label, name_continues=False)


def _refuse_autoescape(token: Token, previous_type: str, stream: TokenStream) -> None:
    starts_a_tag = token.type == TOKEN_NAME and previous_type == TOKEN_BLOCK_BEGIN
    if starts_a_tag and token.value == "autoescape":
        raise TemplateSyntaxError(
            "{% autoescape %} is not allowed: every expression in a gdcpos template is "
            "escaped, so that no value can add markup to a document",
            token.lineno,
            stream.name,
            stream.filename,
        )


def _marked_data(token: Token, escaped_label: str, name_continues: bool) -> Token:
    text: str = token.value
    parts: list[str] = []
    line = token.lineno
    position = 0
    for match in _TAG_START.finditer(text):
        if name_continues and match.end() == len(text):
            break
        line += text.count("\n", position, match.start())
        parts.append(text[position : match.end()])
        parts.append(f' {SOURCE_ATTRIBUTE}="{escaped_label}:{line}"')
        position = match.end()
    if not parts:
        return token
    parts.append(text[position:])
    return Token(token.lineno, TOKEN_DATA, "".join(parts))


_PLAIN_VALUES = frozenset((str, int, float, bool, tuple, type(None)))
_ABSENT = object()


def _escape_output(value: object) -> str:
    """What ``{{ value }}`` writes: exactly what markupsafe's ``escape`` writes, at a fraction of
    its cost for the commonest value, text with nothing to escape.

    ``escape`` makes a ``Markup`` of every value, which for a document of ten thousand items is
    a quarter of the render. Compiled templates only ever join what this returns into the output
    (see :class:`_Template`), so plain text needs no ``Markup``: text of type ``str`` holding none
    of the five characters markupsafe replaces is written as it is, and everything else (text
    holding one, ``Markup``, numbers, objects with ``__html__``) goes to markupsafe.
    """
    if type(value) is str and not (
        "<" in value or ">" in value or "&" in value or '"' in value or "'" in value
    ):
        return value
    return escape(value)


class _Template(Template):
    """A template whose expressions are escaped with :func:`_escape_output` and whose output
    comes as one piece (see :func:`_joined`)."""

    @classmethod
    def from_code(
        cls,
        environment: Environment,
        code: CodeType,
        globals: MutableMapping[str, Any],
        uptodate: Callable[[], bool] | None = None,
    ) -> Template:
        template = super().from_code(environment, code, globals, uptodate)
        # The compiled module writes every expression as `escape(...)`, markupsafe's function
        # imported from jinja2.runtime, and nowhere else uses that name; the module's functions
        # look it up in the module's namespace, which is their globals. Were that ever not so,
        # nothing is replaced and markupsafe escapes as before.
        namespace = template.root_render_func.__globals__
        if namespace.get("escape") is escape:
            namespace["escape"] = _escape_output
        template.root_render_func = _joined(template.root_render_func)
        return template


def _joined(render: Callable[[Context], Iterator[str]]) -> Callable[[Context], Iterator[str]]:
    """``render``, a compiled template's output as pieces, giving all of it as one piece.

    A template that extends another passes on each piece of its parent's output (every value
    and stretch of text): a generator step for each piece at each level of inheritance, which
    for a ten-thousand-item framework (three levels, 127,000 pieces) is an eighth of its render.
    Joined here, a parent's output reaches its child as one piece. (``Template.generate`` then
    streams a template's output in one piece, too; gdcpos renders whole documents only.)
    """

    @functools.wraps(render)  # keeps the compiled function at hand as ``__wrapped__``
    def render_joined(context: Context) -> Iterator[str]:
        yield "".join(render(context))

    return render_joined


class TemplateEnvironment(SandboxedEnvironment):
    """A sandboxed, autoescaping, strict Jinja2 environment that knows its search path."""

    template_class = _Template

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Read ``obj.attribute``: plain data at once, anything else through the sandbox's checks.

        A document reads tens of thousands of titles and texts; a public attribute whose value is
        plain data (text, a number, a tuple) can neither run code nor reach interpreter internals,
        so the sandbox's general checks, a third of a large render, are kept for the rest.
        """
        if attribute[:1] != "_":  # a third faster than startswith, called once for each value
            value = getattr(obj, attribute, _ABSENT)
            if type(value) in _PLAIN_VALUES:
                return value
        return super().getattr(obj, attribute)

    def __init__(self, search_path: TemplateSearchPath) -> None:
        packaged = FileSystemLoader(search_path.packaged)
        loaders: list[BaseLoader] = [PrefixLoader({PACKAGED_PREFIX: packaged}, delimiter="/")]
        if search_path.workspace is not None:
            loaders.append(FileSystemLoader(search_path.workspace))
        loaders.append(packaged)
        super().__init__(
            loader=_ContainedLoader(ChoiceLoader(loaders)),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
            extensions=[_SourceMarks],
            bytecode_cache=_bytecode_cache(),
        )
        self.search_path = search_path
        del self.filters["safe"]
        self.filters.update(
            fa_digits=fa_digits,
            fa_prose=fa_prose,
            fa_date=fa_date,
        )


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept between runs (compiling them is a tenth of a small build)."""
    folder = cache_folder("templates", ("gdcpos.templating",), ("jinja2",))
    return _ForgivingBytecodeCache(str(folder)) if folder is not None else None


class _ForgivingBytecodeCache(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, held to the rule of every gdcpos cache: one that
    cannot be read or written only costs time. A damaged entry is compiled again; an entry that
    cannot be written (a full disk, a read-only or removed folder) is not kept."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # whatever a damaged file makes unpickling or unmarshalling raise
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def make_environment(workspace_templates: Path | None = None) -> TemplateEnvironment:
    """The environment for a workspace: its ``templates/`` folder (if it exists) before ours."""
    workspace = (
        workspace_templates
        if workspace_templates is not None and workspace_templates.is_dir()
        else None
    )
    return TemplateEnvironment(TemplateSearchPath(workspace, packaged_templates_dir()))


def fa_digits(value: object) -> str:
    """Filter: the value with Persian digits, for numbers the document itself writes."""
    return to_persian_digits(str(value))


def fa_prose(value: object) -> str:
    """Filter: Persian prose normalised for output (letters, digits), Latin tokens untouched."""
    return normalize_prose(str(value))


def fa_date(value: object) -> str:
    """Filter: a Jalali date as printed in documents, e.g. ``۱۵ فروردین ۱۴۰۲``.

    Takes a :class:`JalaliDate`, a Gregorian ``date``/``datetime`` or a date as typed in files.
    """
    if isinstance(value, JalaliDate):
        date = value
    elif isinstance(value, _dt.date):
        date = JalaliDate.from_gregorian(value)
    elif isinstance(value, str):
        date = JalaliDate.parse(value)
    else:
        raise TypeError(f"fa_date needs a date, got {type(value).__name__}")
    return date.format_persian()
