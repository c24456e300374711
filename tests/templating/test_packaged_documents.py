"""The framework template, written for speed, writes what its plain form writes.

``framework.html.j2`` takes its numbers from the context and uses no ``loop`` (see its header).
LOOPED below is the same layout written the obvious way, numbering with ``loop.index``; both
must give the same document, for the repository's workspace and for any shape of text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import REPO

from gdcpos.assemble import context as ctx
from gdcpos.assemble.audience import view_for
from gdcpos.assemble.documents import DOCUMENTS, DocumentName
from gdcpos.check.status import decision_statuses
from gdcpos.document.model import Block, DocumentInfo, Heading, LineBreak, Paragraph, Run
from gdcpos.models import Audience, Classification, Kind
from gdcpos.persian import JalaliDate
from gdcpos.templating import TemplateEnvironment, make_environment, render_document
from gdcpos.validate import validate_workspace

INFO = DocumentInfo(title="چارچوب", created=dt.datetime(2023, 4, 4, 12, 0), marking="داخلی")

LOOPED = """\
{% extends "gdcpos/_document.html.j2" %}
{% block body %}
{% block introduction %}
<h1>مقدمه</h1>
<p>{{ introduction }}</p>
<p>{{ method }}</p>
{% endblock %}
{% for axis in axes %}
{% set a = loop.index %}
<h1 data-number="{{ a | fa_digits }}">{{ axis.title }}</h1>
{% if axis.description %}
<p class="note">{{ axis.description }}</p>
{% endif %}
{% for section in axis.kinds %}
{% set k = loop.index %}
<h2 data-number="{{ a | fa_digits }}-{{ k | fa_digits }}">{{ section.title }}</h2>
{% for item in section.items %}
<p class="item-title"><strong>{{ (a ~ "-" ~ k ~ "-" ~ loop.index) | fa_digits }}. \
{{ item.title }}</strong></p>
{% for lines in item.paragraphs %}
<p>{% for line in lines %}{% if not loop.first %}<br>{% endif %}{{ line }}{% endfor %}</p>
{% endfor %}
<p class="meta">{{ item.attribution }}{% if show_classification %} — طبقه‌بندی: \
{{ item.classification_label }}{% endif %}</p>
{% endfor %}
{% endfor %}
{% else %}
<p class="note">هنوز موضعی ثبت نشده است.</p>
{% endfor %}
{% endblock %}
"""

LOOPED_DECLARED = """\
{% extends "looped-framework.html.j2" %}
{% block introduction %}
<p>{{ introduction }}</p>
{% endblock %}
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> TemplateEnvironment:
    folder: Path = tmp_path_factory.mktemp("ws") / "templates"
    folder.mkdir()
    (folder / "looped-framework.html.j2").write_text(LOOPED, encoding="utf-8")
    (folder / "looped-declared.html.j2").write_text(LOOPED_DECLARED, encoding="utf-8")
    return make_environment(folder)


def both(env: TemplateEnvironment, name: str, context: dict[str, object]) -> tuple[Block, ...]:
    """The blocks the packaged template writes, checked against its looped form."""
    packaged = render_document(env, f"{name}.html.j2", context, INFO).blocks
    assert packaged == render_document(env, f"looped-{name}.html.j2", context, INFO).blocks
    return packaged


@pytest.mark.parametrize("name", [DocumentName.FRAMEWORK, DocumentName.DECLARED])
def test_the_repository_workspace(env: TemplateEnvironment, name: DocumentName) -> None:
    workspace = validate_workspace(REPO).workspace
    assert workspace is not None
    view = view_for(workspace, Audience.COMMISSION, include_secret=True)
    standing = decision_statuses(workspace, JalaliDate(1403, 1, 1))
    context, content = DOCUMENTS[name].build_context(view, standing)
    context = {**context, "facts": [], "notices": []}
    blocks = both(env, name.value, context)
    titles = [block for block in blocks if isinstance(block, Paragraph) and block.role]
    assert len([p for p in titles if p.role == "item-title"]) == content.items > 20


COMMON = {"introduction": "مقدمه", "method": "روش", "facts": [], "notices": []}
_PROSE = st.text(alphabet=st.sampled_from(list("ab سلام\u200c \n\n\r\t<&")), max_size=12)


def _item(title: str, text: str) -> ctx.Item:
    return ctx.Item(
        ids=("mfa-001",),
        title=title,
        text=text,
        kind=Kind.NORM,
        classification=Classification.INTERNAL,
        agencies=("خارجه",),
        duties=(1, 12),
        references=(),
        dimensions=(),
    )


@settings(max_examples=60, deadline=None)
@given(
    shape=st.lists(st.lists(st.lists(_PROSE, min_size=1, max_size=3), max_size=2), max_size=3),
    show_classification=st.booleans(),
)
def test_any_shape_of_axes_sections_and_text(
    env: TemplateEnvironment, shape: list[list[list[str]]], show_classification: bool
) -> None:
    """Axes of sections of items, numbered as axis_sections numbers them (by place)."""
    axes = [
        ctx.AxisSection(
            f"axis-{a}",
            f"محور {a}",
            "" if a % 2 else "شرح",
            tuple(
                ctx.KindSection(
                    Kind.NORM,
                    "هنجارها",
                    tuple(_item(f"عنوان {text}", text) for text in texts),
                    number=f"{ctx.fa_number(a)}-{ctx.fa_number(k)}",
                )
                for k, texts in enumerate(sections, start=1)
            ),
            number=ctx.fa_number(a),
        )
        for a, sections in enumerate(shape, start=1)
    ]
    context = {**COMMON, "axes": axes, "show_classification": show_classification}
    both(env, "framework", context)


def test_lines_and_paragraphs_of_an_item(env: TemplateEnvironment) -> None:
    item = _item("عنوان", "سطر یک\nسطر دو\n\nبند دو")
    section = ctx.KindSection(Kind.NORM, "هنجارها", (item,), number="۱-۱")
    axes = [ctx.AxisSection("a", "محور", "", (section,), number="۱")]
    context = {**COMMON, "axes": axes, "show_classification": False}
    blocks = both(env, "framework", context)
    assert blocks[-5:] == (
        Heading(2, (Run("هنجارها"),), number="۱-۱"),
        Paragraph((Run("۱-۱-۱. عنوان", bold=True),), role="item-title"),
        Paragraph((Run("سطر یک"), LineBreak(), Run("سطر دو"))),
        Paragraph((Run("بند دو"),)),
        Paragraph((Run("پیشنهاددهنده: خارجه — وظایف: ۱، ۱۲"),), role="meta"),
    )
