"""The notice as a one-page A4 PDF, on the shared PDF layer (registry/pdf/)."""

from __future__ import annotations

from flask_babel import format_datetime
from flask_babel import gettext as _

from registry.pdf import Document, Metadata
from registry.services.notices.model import Kind, Notice

AUTHOR = "Registre IA Santé"


def render(notice: Notice) -> bytes:
    """The PDF file: the same sections as the page, in the same order."""
    doc = Document(
        Metadata(
            title=_("Professional's notice: %(name)s", name=notice.system_name),
            language=notice.language,
            author=AUTHOR,
            subject=_("What a health professional needs to know before using this AI system"),
            keywords=(notice.system_name, notice.manufacturer, notice.risk_class),
            created=notice.generated_at,
        ),
        footer=_(
            "Source: %(url)s · generated on %(date)s · %(based)s",
            url=notice.url,
            date=format_datetime(notice.generated_at, "medium"),
            based=notice.based_on,
        ),
        page_label=_("page {page} of {pages}"),
        margin=11,
        base_size=8.2,
    )
    subtitle = [notice.manufacturer]
    if notice.version:
        subtitle.append(_("version %(version)s", version=notice.version))
    if notice.risk_class:
        subtitle.append(_("AI Act: %(label)s", label=notice.risk_class))
    doc.title(_("Professional's notice: %(name)s", name=notice.system_name), " · ".join(subtitle))
    colon = " : " if notice.language == "fr" else ": "
    for section in notice.sections:
        doc.heading(section.title)
        said: list[str] = []
        for block in section.blocks:
            if block.kind == Kind.SAY:  # consecutive sentences of ours make one paragraph
                said.append(block.text)
                continue
            if said:
                doc.paragraph(" ".join(said))
                said = []
            if block.kind == Kind.QUOTE:
                doc.paragraph(f"{block.label}{colon}{block.text}")
            elif block.kind == Kind.MISSING:
                doc.paragraph(_("Missing: %(text)s", text=block.text), muted=True)
            elif block.kind == Kind.FREQUENCY:
                doc.paragraph(f"{block.text} {block.label}", bold=True)
            elif block.kind == Kind.LINK:
                doc.link(f"{block.text}{colon}{block.url}", block.url)
        if said:
            doc.paragraph(" ".join(said))
        if section.table is not None:
            doc.table(section.table.headers, section.table.rows, widths=(1, 1.4, 2.6))
    return doc.output()
