"""Rebuild corpus/clean/ from the gettext catalogs of a Debian system.

The clean corpus is real translated text written by the translators of GNU and
Debian software, not by us. This script documents how it was made; the corpus
is committed, so nothing here runs in tests. Run it on a Debian 12 system:

    python corpus/extract_gettext.py

Each record keeps the catalog it came from and that package's licence as its
copyright file states it.
"""

from __future__ import annotations

import gettext
import glob
import hashlib
import json
import os
import re
import subprocess
from pathlib import Path

LANGS = {
    "en": "en@quot",
    "zh-Hans": "zh_CN",
    "zh-Hant": "zh_TW",
    "ja": "ja",
    "ko": "ko",
    "ru": "ru",
    "uk": "uk",
    "bg": "bg",
    "el": "el",
    "ar": "ar",
    "he": "he",
    "th": "th",
    "hi": "hi",
    "vi": "vi",
    "tr": "tr",
    "pl": "pl",
    "cs": "cs",
    "hu": "hu",
    "ro": "ro",
    "de": "de",
    "fr": "fr",
    "es": "es",
    "pt": "pt_BR",
    "it": "it",
    "sv": "sv",
    "fi": "fi",
    "nl": "nl",
    "ka": "ka",
}
PER_LANG = 260
OUT = Path(__file__).parent / "clean"
FORMAT = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[sdiuxXcfgl]|%\(|\{\w*\}|<[a-z/]")


def package_of(path: str) -> str:
    out = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True).stdout
    return out.split(":", 1)[0].strip() if out else "unknown"


def licence_of(package: str) -> str:
    path = f"/usr/share/doc/{package}/copyright"
    if not os.path.exists(path):
        return "see package"
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("License:"):
            return line.split(":", 1)[1].strip()
    return "see /usr/share/doc copyright"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for code, locale in LANGS.items():
        seen: dict[str, dict[str, str]] = {}
        for mo in sorted(glob.glob(f"/usr/share/locale/{locale}/LC_MESSAGES/*.mo")):
            if os.path.basename(mo).startswith("iso_"):
                continue
            try:
                with open(mo, "rb") as fh:
                    catalog = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
            except Exception:
                continue
            pkg = package_of(mo)
            for value in catalog.values():
                if not isinstance(value, str):
                    continue
                text = value.strip()
                if not 20 <= len(text) <= 1500 or text.isascii():
                    continue
                if FORMAT.search(text) or text.count("\n") > 12:
                    continue
                seen.setdefault(text, {"source": f"{pkg}: {os.path.basename(mo)}", "package": pkg})
        ranked = sorted(seen, key=lambda t: hashlib.sha1(t.encode()).hexdigest())[:PER_LANG]
        with open(OUT / f"{code}.jsonl", "w", encoding="utf-8") as out:
            for text in ranked:
                meta = seen[text]
                rec = {"text": text, "source": meta["source"], "licence": licence_of(meta["package"])}
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(code, len(ranked))


if __name__ == "__main__":
    main()
