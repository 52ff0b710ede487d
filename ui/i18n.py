"""Interface language: Simplified Chinese by default (a compiled .qm), English = the source
strings. Switching installs a new translator; Qt then sends LanguageChange to every widget,
and each widget re-reads its texts in `retranslate()`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase

from app.core.paths import resources_dir

TRANSLATIONS_DIR = resources_dir() / "translations"
CJK_FONT_CANDIDATES = [
    resources_dir() / "fonts" / "wqy-microhei.ttc",
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
]

_installed: list[QTranslator] = []
# The language the interface is in now. A window's texts follow it, not a store's settings: a
# training session opens its own store, whose settings still say the default (Chinese) while the
# clerk's window is in English.
_current = ["zh_CN"]


def qt_translations_dir() -> str:
    """Qt's own catalogues (qtbase_zh_CN.qm, ...): in the PySide6 wheel, and in the bundle."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def _qt_translator(app: QCoreApplication, lang: str) -> QTranslator | None:
    """Qt's strings for `lang`: the standard buttons (OK/Cancel), file and message dialogs,
    the context menus of text fields. qtbase is enough for the widgets this app uses."""
    translator = QTranslator(app)
    return translator if translator.load(f"qtbase_{lang}", qt_translations_dir()) else None


def install_language(lang: str) -> bool:
    """Make `lang` ("zh_CN" or "en") the interface language now. False if its file is missing."""
    app = QCoreApplication.instance()
    assert app is not None
    while _installed:
        app.removeTranslator(_installed.pop())
    if lang == "en":
        _current[0] = lang
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True
    translator = QTranslator(app)
    if not translator.load(str(TRANSLATIONS_DIR / f"chudan_{lang}.qm")):
        _current[0] = "en"  # the source strings are English
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    _current[0] = lang
    # Without Qt's own catalogue the standard buttons and dialogs stay English in a Chinese window.
    qt_own = _qt_translator(app, lang)
    if qt_own is not None:
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return True


def current_language() -> str:
    """ "zh_CN" or "en": what `install_language` last made the interface language."""
    return _current[0]


def ensure_cjk_font() -> str | None:
    """Make sure Chinese renders: register the bundled (or Debian) WenQuanYi Micro Hei and put it
    first in the application font's family list. Returns the family used, or None."""
    for path in CJK_FONT_CANDIDATES:
        if path.exists():
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                app_font = QFont()
                app_font.setFamilies([families[0], *QFont().families()])
                app_font.setPointSize(10)
                QCoreApplication.instance().setFont(app_font)  # type: ignore[union-attr]
                return families[0]
    return None
