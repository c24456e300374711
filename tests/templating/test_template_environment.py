"""The environment: search order, extending packaged templates, strictness, refused names."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest
from jinja2 import FileSystemLoader, Template, TemplateNotFound
from markupsafe import Markup, escape

from gdcpos.document.model import DocumentInfo, Paragraph, Run
from gdcpos.templating import (
    TemplateNameRefused,
    TemplatingError,
    check_template_name,
    make_environment,
    packaged_templates_dir,
    render_document,
    render_markup,
)
from gdcpos.templating.environment import _escape_output

INFO = DocumentInfo(title="عنوان", created=dt.datetime(2023, 4, 4, 12, 0), marking="داخلی")


def write_templates(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


@pytest.fixture
def workspace_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    return folder


def texts(markup_env_result: list[object]) -> list[str]:
    return [
        "".join(run.text for run in block.inlines if isinstance(run, Run))
        for block in markup_env_result
        if isinstance(block, Paragraph)
    ]


def test_packaged_templates_are_found_as_files() -> None:
    folder = packaged_templates_dir()
    assert (folder / "base.html.j2").is_file()
    assert (folder / "_macros.html.j2").is_file()


def test_workspace_template_comes_before_the_packaged_one(workspace_templates: Path) -> None:
    write_templates(workspace_templates, {"base.html.j2": "<p>از فضای کار</p>"})
    env = make_environment(workspace_templates)
    document = render_document(env, "base.html.j2", {}, INFO)
    assert texts(list(document.blocks)) == ["از فضای کار"]


def test_packaged_template_is_used_when_the_workspace_has_none(workspace_templates: Path) -> None:
    env = make_environment(workspace_templates)
    markup = render_markup(env, "base.html.j2", {"info": INFO})
    assert 'class="cover"' in markup


def test_missing_workspace_folder_falls_back_to_packaged(tmp_path: Path) -> None:
    env = make_environment(tmp_path / "no-such-folder")
    assert env.search_path.workspace is None
    assert 'class="toc"' in render_markup(env, "base.html.j2", {"info": INFO})


def test_workspace_template_extends_the_packaged_one_it_replaces(
    workspace_templates: Path,
) -> None:
    write_templates(
        workspace_templates,
        {
            "base.html.j2": """
                {% extends "gdcpos/base.html.j2" %}
                {% block toc %}{% endblock %}
                {% block body %}<p>متن ویژه</p>{% endblock %}
            """
        },
    )
    document = render_document(make_environment(workspace_templates), "base.html.j2", {}, INFO)
    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds == ["Cover", "PageBreak", "Paragraph"]
    assert texts(list(document.blocks)) == ["متن ویژه"]


def test_the_packaged_prefix_cannot_be_shadowed_by_the_workspace(
    workspace_templates: Path,
) -> None:
    write_templates(workspace_templates, {"gdcpos/base.html.j2": "<p>shadow</p>"})
    markup = render_markup(
        make_environment(workspace_templates), "gdcpos/base.html.j2", {"info": INFO}
    )
    assert "shadow" not in markup
    assert 'class="cover"' in markup


def test_workspace_templates_can_import_packaged_macros(workspace_templates: Path) -> None:
    write_templates(
        workspace_templates,
        {
            "doc.html.j2": """
                {% import "_macros.html.j2" as m %}
                {{ m.prose(text, role="note") }}
            """
        },
    )
    env = make_environment(workspace_templates)
    document = render_document(env, "doc.html.j2", {"text": "یک\nدو\n\nسه"}, INFO)
    assert [type(block).__name__ for block in document.blocks] == ["Paragraph", "Paragraph"]
    first = document.blocks[0]
    assert isinstance(first, Paragraph)
    assert first.role == "note"
    assert len(first.inlines) == 3  # یک, line break, دو


def test_undefined_variable_is_an_error_with_template_and_line(workspace_templates: Path) -> None:
    write_templates(workspace_templates, {"doc.html.j2": "<p>a</p>\n<p>{{ missing }}</p>\n"})
    with pytest.raises(TemplatingError) as caught:
        render_document(make_environment(workspace_templates), "doc.html.j2", {}, INFO)
    assert caught.value.template == "templates/doc.html.j2"
    assert caught.value.line == 2
    assert "missing" in caught.value.message
    assert str(caught.value.to_diagnostic()).startswith("templates/doc.html.j2:2: error:")


def test_undefined_attribute_is_an_error(workspace_templates: Path) -> None:
    write_templates(workspace_templates, {"doc.html.j2": "<p>{{ info.no_such_field }}</p>"})
    with pytest.raises(TemplatingError, match="no_such_field"):
        render_document(make_environment(workspace_templates), "doc.html.j2", {}, INFO)


def test_error_inside_an_included_template_names_that_template(
    workspace_templates: Path,
) -> None:
    write_templates(
        workspace_templates,
        {
            "doc.html.j2": '<p>x</p>\n{% include "part.html.j2" %}\n',
            "part.html.j2": "<p>a</p>\n<p>b</p>\n{{ 1 / 0 }}",
        },
    )
    with pytest.raises(TemplatingError) as caught:
        render_markup(make_environment(workspace_templates), "doc.html.j2", {})
    assert (caught.value.template, caught.value.line) == ("templates/part.html.j2", 3)
    assert "ZeroDivisionError" in caught.value.message


def test_syntax_error_is_located(workspace_templates: Path) -> None:
    write_templates(workspace_templates, {"doc.html.j2": "<p>a</p>\n{% if %}\n"})
    with pytest.raises(TemplatingError) as caught:
        render_markup(make_environment(workspace_templates), "doc.html.j2", {})
    assert (caught.value.template, caught.value.line) == ("templates/doc.html.j2", 2)


def test_unknown_template_is_a_clear_error(workspace_templates: Path) -> None:
    with pytest.raises(TemplatingError) as caught:
        render_markup(make_environment(workspace_templates), "nope.html.j2", {})
    assert caught.value.message == (
        f"no template named 'nope.html.j2' (looked in {workspace_templates}, "
        "then the packaged templates)"
    )


def test_an_unknown_packaged_template_names_only_where_it_was_looked_for(
    workspace_templates: Path,
) -> None:
    # "gdcpos/..." is never looked for in the workspace: saying so sent people looking there.
    write_templates(workspace_templates, {"doc.html.j2": '{% include "gdcpos/nope.html.j2" %}'})
    with pytest.raises(TemplatingError) as caught:
        render_markup(make_environment(workspace_templates), "doc.html.j2", {})
    assert caught.value.message == (
        "no template named 'gdcpos/nope.html.j2' (looked in the packaged templates)"
    )


@pytest.mark.parametrize(
    "name",
    ["../secret.txt", "a/../../secret.txt", "/etc/passwd", "C:/x", "a\\..\\b", "", "a\x00b"],
)
def test_names_leaving_the_templates_folder_are_refused(
    workspace_templates: Path, name: str
) -> None:
    (workspace_templates.parent / "secret.txt").write_text("SECRET", encoding="utf-8")
    env = make_environment(workspace_templates)
    with pytest.raises(TemplateNameRefused):
        render_markup(env, name, {})
    with pytest.raises(TemplateNameRefused):
        check_template_name(name)


def test_include_of_a_name_leaving_the_folder_is_refused_where_it_is_written(
    workspace_templates: Path,
) -> None:
    (workspace_templates.parent / "secret.txt").write_text("SECRET", encoding="utf-8")
    write_templates(workspace_templates, {"doc.html.j2": '<p>x</p>\n{% include "../secret.txt" %}'})
    with pytest.raises(TemplateNameRefused) as caught:
        render_markup(make_environment(workspace_templates), "doc.html.j2", {})
    assert (caught.value.template, caught.value.line) == ("templates/doc.html.j2", 2)
    assert "would leave the templates folder" in caught.value.message


def test_jinja_alone_refuses_dotdot_but_reads_absolute_names_as_relative(tmp_path: Path) -> None:
    """Why gdcpos checks names itself: Jinja refuses "..", but "/x" quietly becomes "x"."""
    write_templates(tmp_path, {"etc/passwd": "inside"})
    loader = FileSystemLoader(tmp_path)
    env = make_environment(None)
    with pytest.raises(TemplateNotFound):
        loader.get_source(env, "../secret.txt")
    assert loader.get_source(env, "/etc/passwd")[0] == "inside"


def test_safe_filter_is_not_available(workspace_templates: Path) -> None:
    write_templates(workspace_templates, {"doc.html.j2": "<p>{{ text | safe }}</p>"})
    with pytest.raises(TemplatingError, match="safe"):
        render_markup(make_environment(workspace_templates), "doc.html.j2", {"text": "<b>x</b>"})


def test_autoescape_cannot_be_switched_off(workspace_templates: Path) -> None:
    write_templates(
        workspace_templates,
        {"doc.html.j2": "<p>a</p>\n{% autoescape false %}<p>{{ text }}</p>{% endautoescape %}"},
    )
    with pytest.raises(TemplatingError) as caught:
        render_markup(make_environment(workspace_templates), "doc.html.j2", {"text": "<b>x</b>"})
    assert caught.value.line == 2
    assert "autoescape" in caught.value.message


def test_the_sandbox_refuses_python_internals(workspace_templates: Path) -> None:
    write_templates(
        workspace_templates, {"doc.html.j2": "<p>{{ info.__class__.__init__.__globals__ }}</p>"}
    )
    with pytest.raises(TemplatingError):
        render_markup(make_environment(workspace_templates), "doc.html.j2", {"info": INFO})


def test_autoescape_is_on_for_every_template_name(workspace_templates: Path) -> None:
    write_templates(workspace_templates, {"doc.txt": "{{ text }}", "doc.docx.j2": "{{ text }}"})
    env = make_environment(workspace_templates)
    assert render_markup(env, "doc.txt", {"text": "<b>&"}) == "&lt;b&gt;&amp;"
    assert render_markup(env, "doc.docx.j2", {"text": "<b>&"}) == "&lt;b&gt;&amp;"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("2024 | fa_digits", "۲۰۲۴"),
        ("'بند 3' | fa_digits", "بند ۳"),
        ("'1402-01-15' | fa_date", "۱۵ فروردین ۱۴۰۲"),
        ("day | fa_date", "۱۵ فروردین ۱۴۰۲"),
        ("'علي 12 و A/RES/79/1' | fa_prose", "علی ۱۲ و A/RES/79/1"),
    ],
)
def test_persian_filters(expression: str, expected: str) -> None:
    env = make_environment(None)
    template = env.from_string("{{ " + expression + " }}")
    assert template.render(day=dt.date(2023, 4, 4)) == expected


def test_trim_and_lstrip_blocks_are_on() -> None:
    env = make_environment(None)
    template = env.from_string(
        "<ul>\n  {% for x in items %}\n  <li>{{ x }}</li>\n  {% endfor %}\n</ul>"
    )
    rendered = template.render(items=[1, 2])
    assert "{" not in rendered
    assert rendered.count("\n") == 3


def test_only_html_templates_get_source_marks(workspace_templates: Path) -> None:
    write_templates(
        workspace_templates,
        {"submission.yaml.j2": "# <agency> {{ agency }}\n", "doc.html.j2": "<p>{{ agency }}</p>"},
    )
    env = make_environment(workspace_templates)
    assert render_markup(env, "submission.yaml.j2", {"agency": "mfa"}) == "# <agency> mfa"
    assert render_markup(env, "doc.html.j2", {"agency": "mfa"}) == (
        '<p data-gdcpos-at="templates/doc.html.j2:1">mfa</p>'
    )


class _Html:
    def __html__(self) -> str:
        return "<em>trusted</em>"


class _Text(str):
    pass


ESCAPED_VALUES = [
    "",
    "متن ساده\u200cبا نیم‌فاصله",
    "<b>x</b>",
    "R&D &amp; &lt;",
    "\"quoted\" 'single'",
    "a > b",
    Markup("<strong>kept</strong> &amp;"),
    _Text("<subclass> & text"),
    _Html(),
    7,
    1.5,
    None,
    ("<a>", 1),
]


@pytest.mark.parametrize("value", ESCAPED_VALUES)
def test_expressions_are_escaped_as_markupsafe_escapes(value: object) -> None:
    """The environment's own escaping of {{ }} writes exactly what markupsafe's escape writes."""
    assert _escape_output(value) == str(escape(value))
    env = make_environment(None)
    assert env.from_string("{{ value }}").render(value=value) == str(escape(value))
    macro = "{% macro show(x) %}[{{ x }}]{% endmacro %}{{ show(value) }}{{ show(value) }}"
    assert env.from_string(macro).render(value=value) == f"[{escape(value)}]" * 2


def test_every_template_escapes_with_the_environments_escape(workspace_templates: Path) -> None:
    """Loaded, compiled from a string or read back from the bytecode cache: each template's
    expressions go through _escape_output (else they are escaped, only more slowly)."""
    write_templates(workspace_templates, {"doc.html.j2": "<p>{{ text }}</p>"})
    for _ in range(2):  # the second environment reads the compiled template from the cache
        env = make_environment(workspace_templates)
        for template in (env.get_template("doc.html.j2"), env.from_string("{{ text }}")):
            compiled = template.root_render_func.__wrapped__  # type: ignore[attr-defined]
            assert compiled.__globals__["escape"] is _escape_output
        assert render_markup(env, "doc.html.j2", {"text": "<b>"}).endswith(">&lt;b&gt;</p>")


# Three levels of inheritance, with what reaches across them: blocks inside blocks, super(),
# self.<block>(), a scoped block in a loop, an include, imported macros, and a parent writing
# text around its blocks.
INHERITING_TEMPLATES = {
    "base.html.j2": """\
        <h1>{% block title %}base{% endblock %}</h1>
        {% block body %}<p>base body</p>{% endblock %}
        <p>{{ self.title() }}</p>
        {% include "part.html.j2" %}
        """,
    "middle.html.j2": """\
        {% extends "base.html.j2" %}
        {% import "macros.html.j2" as m %}
        {% block title %}middle {{ super() }}{% endblock %}
        {% block body %}{% block intro %}<p>intro</p>{% endblock %}{{ m.para(text) }}{% endblock %}
        """,
    "child.html.j2": """\
        {% extends "middle.html.j2" %}
        {% block intro %}
        {{ super() }}
        {% for n in range(3) %}
        {% block item scoped %}<p>{{ n }}</p>{% endblock %}
        {% endfor %}
        {% endblock %}
        """,
    "part.html.j2": "<p>included {{ text }}</p>\n",
    "macros.html.j2": "{% macro para(x) %}<p>{{ x }}</p>{% endmacro %}\n",
}


def test_inheriting_templates_write_what_jinja_writes(workspace_templates: Path) -> None:
    """Each template's output comes as one piece (environment._joined): all of it, in order,
    as with Jinja's own Template, rendered or streamed."""
    write_templates(workspace_templates, INHERITING_TEMPLATES)
    env = make_environment(workspace_templates)
    jinja_env = make_environment(workspace_templates)
    jinja_env.template_class = Template
    context = {"text": "<&>"}
    for name in INHERITING_TEMPLATES:
        expected = jinja_env.get_template(name).render(context)
        assert env.get_template(name).render(context) == expected
        assert "".join(env.get_template(name).generate(context)) == expected
    written = re.sub(
        ' data-gdcpos-at="[^"]*"', "", env.get_template("child.html.j2").render(context)
    )
    assert written == (
        "<h1>middle base</h1>\n<p>intro</p>\n<p>0</p><p>1</p><p>2</p><p>&lt;&amp;&gt;</p>"
        "<p>middle base</p>\n<p>included &lt;&amp;&gt;</p>"
    )


def test_a_damaged_compiled_template_is_compiled_again(
    workspace_templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A truncated pickle, or junk after the header, ended every later build in a traceback.
    monkeypatch.setenv("GDCPOS_CACHE_DIR", str(tmp_path / "cache"))
    write_templates(workspace_templates, {"doc.html.j2": "<p>{{ text }}</p>"})
    render_markup(make_environment(workspace_templates), "doc.html.j2", {"text": "x"})
    entries = list((tmp_path / "cache").rglob("*.cache"))
    assert entries
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:20])
    shown = render_markup(make_environment(workspace_templates), "doc.html.j2", {"text": "y"})
    assert shown.endswith(">y</p>")


def test_a_template_cache_that_cannot_be_written_only_costs_time(
    workspace_templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full disk, a read-only or removed cache folder made every build fail.
    import gdcpos.templating.environment as environment

    monkeypatch.setenv("GDCPOS_CACHE_DIR", str(tmp_path / "cache"))
    write_templates(workspace_templates, {"doc.html.j2": "<p>{{ text }}</p>"})

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(environment.FileSystemBytecodeCache, "dump_bytecode", full)
    shown = render_markup(make_environment(workspace_templates), "doc.html.j2", {"text": "z"})
    assert shown.endswith(">z</p>")
