"""browser.py: the headless browser the EPUB tests drive (Ace's checks,
the reader-view test): Debian's chromium, or another Chromium build on
the PATH. Shared so that both tests look for it the same way."""
import shutil


def chromium():
    """The path of a Chromium executable, or None when there is none."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None
