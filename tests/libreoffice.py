"""LibreOffice, headless, as the check that a Word file Ruqsat writes opens in a real word processor."""

import shutil
import subprocess
from pathlib import Path

from tests.conftest import require_service


def pdf_of(docx: bytes, folder: Path) -> bytes:
    """The PDF LibreOffice makes of the Word file `docx` (working in `folder`, with a profile of its
    own so that parallel tests do not share one)."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        require_service("LibreOffice is not installed (.ci/run should install libreoffice-writer)")
    source = folder / "document.docx"
    source.write_bytes(docx)
    subprocess.run(
        [office, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return (folder / "document.pdf").read_bytes()
