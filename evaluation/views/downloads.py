"""Send bytes built by one function (exports/) as a download."""

import io

from flask import send_file


def send_bytes(content: bytes, filename: str, mimetype: str):
    return send_file(
        io.BytesIO(content),
        mimetype=mimetype,
        as_attachment=True,
        download_name=filename,
        max_age=0,
    )
