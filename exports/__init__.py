"""Plain data in, bytes out: PDF documents and Excel workbooks of the classification.

No Flask, no database and no import of ``evaluation``: callers turn rows into the dataclasses of
``exports.data`` and send the bytes themselves. Import the submodule you need
(``exports.pdf`` loads WeasyPrint, ``exports.excel`` loads XlsxWriter/openpyxl) so that one does
not pay for the other.
"""
