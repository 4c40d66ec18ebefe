"""Building test input files: a real text PDF (pypdf), terms bodies with distinctive words."""

from __future__ import annotations

from pathlib import Path


def write(path: Path, text: str | bytes) -> Path:
    """Write text (UTF-8) or bytes to `path`, making its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def terms_body(name: str, word: str) -> str:
    """A short terms text whose licence clause carries `word` (so a question can find it)."""
    return (
        f"# {name} Terms of Service\n\n"
        f"## 1. Your content\n\nYou keep ownership of the {word} recordings you upload to "
        f"{name}. You grant {name} a licence to host and stream your {word} recordings.\n\n"
        f"## 2. Fees\n\n{name} charges no fee for uploads. Payouts are made every month.\n"
    )


def write_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF whose text layer holds `lines`."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    commands = ["BT /F1 11 Tf 72 740 Td 14 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        commands.append(f"({escaped}) Tj T*")
    commands.append("ET")
    stream = DecodedStreamObject()
    stream.set_data("\n".join(commands).encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path
