"""Send bytes built by one function (exports/) as a download."""

import io

from flask import request, send_file

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def send_bytes(content: bytes, filename: str, mimetype: str):
    return send_file(
        io.BytesIO(content),
        mimetype=mimetype,
        as_attachment=True,
        download_name=filename,
        max_age=0,
    )


def send_document(kind: str, data, stem: str):
    """exports' ``<kind>_pdf``, or ``<kind>_docx`` with ?format=docx (the văn thư edits it)."""
    if request.args.get("format") == "docx":
        from exports import word

        return send_bytes(getattr(word, f"{kind}_docx")(data), f"{stem}.docx", DOCX)
    from exports import pdf

    return send_bytes(getattr(pdf, f"{kind}_pdf")(data), f"{stem}.pdf", PDF)
