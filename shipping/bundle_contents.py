"""What the frozen desk bundle holds besides code, kept as data so the spec uses it and a test
can check it against the packages actually installed (tests/unit/shipping/).

Every runtime package that ships non-code files is in exactly one of the three tables: its
files are collected, a PyInstaller hook collects them, or they are not needed at run time (with
the reason). A new dependency that brings data files fails that test until it is placed here."""

from __future__ import annotations

from pathlib import PurePosixPath

# Package -> why its data files are needed. The spec calls collect_data_files() on each.
COLLECTED = {
    "rapidocr": "the PP-OCR ONNX models and their configs (config.yaml, default_models.yaml)",
    "stdnum": "region and code tables the ID-number and USCC validators read",
    "reportlab": "the base fonts and metrics behind every PDF",
    "opencc": "t2s.json and its dictionaries, the traditional-to-simplified tables the OCR repair uses",
    "confusable_homoglyphs": "confusables.json and categories.json: a user name may not look like another's",
}

# Package -> the only files collected (patterns relative to the package folder), where the package
# also holds what the bundle never uses. pyinstaller-hooks-contrib's hooks for both collect the
# whole package, so the spec drops every other non-code file of these packages after the analysis
# (`outside_collected_only`). OpenCC's wheel carries its command-line tools, static libraries, C
# headers and 30 conversions; the OCR repair uses `t2s` only (app/ocr/engine.py), and a test checks
# these patterns cover every dictionary t2s.json names. python-stdnum carries bank, MAC-address,
# ISBN... tables; the desk reads the Chinese region codes only (app/identity/resident_id.py).
COLLECTED_ONLY = {
    "opencc": [
        "clib/share/opencc/t2s.json",
        "clib/share/opencc/CJK_Compatibility_Ideographs.ocd2",
        "clib/share/opencc/TS*.ocd2",
    ],
    "stdnum": ["cn/loc.dat"],
}

# PyInstaller's type codes for the files a package's own code imports: never dropped by the above.
IMPORTED_TYPECODES = ("EXTENSION", "PYMODULE", "PYSOURCE")


def outside_collected_only(dest: str, typecode: str) -> bool:
    """Whether a bundle entry is a non-code file of a COLLECTED_ONLY package that its patterns do
    not name (so it is left out)."""
    if typecode in IMPORTED_TYPECODES:
        return False
    path = PurePosixPath(dest.replace("\\", "/"))
    package, *rest = path.parts
    patterns = COLLECTED_ONLY.get(package)
    if patterns is None or not rest:
        return False
    inside = PurePosixPath(*rest)
    return not any(inside.match(pattern) for pattern in patterns)


# Package -> the hook (PyInstaller's or pyinstaller-hooks-contrib's) that already collects it.
BY_HOOK = {
    "PySide6": "PyInstaller's Qt hooks: plugins, translations and libraries of the used modules",
    "pypdfium2": "hook-pypdfium2 (pyinstaller-hooks-contrib): its version.json, read at import",
    "pypdfium2_raw": "hook-pypdfium2_raw: libpdfium and its version.json",
    "certifi": "hook-certifi: cacert.pem, the CA bundle requests verifies head office against",
}

# Package -> why its non-code files stay out of the bundle.
NOT_NEEDED = {
    "alembic": "revision templates: the desk only runs migrations, it never writes new ones",
    "cv2": "licence texts, which go into THIRD-PARTY-NOTICES.txt instead",
    "jeepney": "a test fixture",
    "keyring": "shell completion scripts",
    "numpy": "C headers, static libraries, pkg-config files and tests",
    "onnxruntime": "sample models, build tools and licence texts (the texts go into the notices)",
    "pycparser": "only used while cffi modules are compiled, never at run time",
    "shapely": "test data",
    "shiboken6": "CMake files for building bindings",
    "sqlalchemy": "a developer note",
    "tqdm": "shell completion and a man page",
    "urllib3": "a worker script for Pyodide in the browser",
}

# Qt's translation catalogues the bundle keeps (the app speaks zh_CN and English, and Qt's
# English is its source text). The other ~130 catalogues are dropped.
QT_TRANSLATIONS = ("qtbase_zh_CN.qm",)

# Qt modules the app never imports and the hooks would otherwise pull in through plugins or
# dependencies (QML/Quick come in with QtMultimedia's plugins, the virtual keyboard with the
# platform input contexts), and the desk camera's QtMultimedia: the outlet bundle leaves the camera
# out (with it QML/Quick, Qt's FFmpeg and PulseAudio's libraries, about 45 MB; the decision and
# what the clerk does instead are in docs/install.md; ui/wizard/camera.py says it at the outlet).
QT_EXCLUDED_MODULES = (
    "QtMultimedia",
    "QtMultimediaWidgets",
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtBluetooth",
    "QtCharts",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDesigner",
    "QtGraphs",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtNfc",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtSvgWidgets",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
    "QtAxContainer",
    "QtOpenGLWidgets",
)

# Shared libraries (by file-name prefix, any folder) that come with the excluded modules
# through plugin dependencies, and the plugin folders the desk does not use.
QT_EXCLUDED_LIB_PREFIXES = (
    "libQt6VirtualKeyboard",
    "Qt6VirtualKeyboard",
    "libQt6Quick3D",
    "Qt6Quick3D",
    "libQt6Pdf",
    "libQt6Charts",
    "libQt6Graphs",
    "libQt6DataVisualization",
    "libQt6Location",
    "libQt6Positioning",
    "libQt6WebEngine",
    "libQt6WebChannel",
    "libQt6WebSockets",
    "libQt6Sql",
    "libQt6Test",
    "libQt63D",
    "libQt6ShaderTools",
    "libQt6Designer",
    "Qt6Pdf",
    "Qt6Charts",
    "Qt6Graphs",
    "Qt6WebEngine",
    "Qt6Sql",
    "Qt6Test",
    "Qt63D",
    "Qt6ShaderTools",
    "Qt6Designer",
    "libQt6EglFSDeviceIntegration",  # only the eglfs platform plugin (left out below) links these
    "libQt6EglFsKmsSupport",
    # QML and Quick: only the camera's multimedia plugin linked them (PyInstaller still collects
    # them, and then nothing in the bundle links them).
    "libQt6Qml",
    "libQt6Quick",
    "Qt6Qml",
    "Qt6Quick",
)

# Libraries of the build machine PyInstaller collects although nothing in the bundle links them
# (checked by following every library's NEEDED entries in a build): Debian's libjpeg (Pillow and
# Qt's JPEG plugin carry their own).
UNLINKED_SYSTEM_LIBS = ("libjpeg.so.62",)
# Single plugin files left out: the on-screen keyboard (QML only), and the GTK 3 platform theme,
# which would draw file dialogs with GTK and brings the build machine's whole GTK stack (below).
# Without it Qt uses the XDG desktop portal's dialogs where the desktop has one, else its own.
# The input-method neighbours stay: ibus and compose are how clerks type names in Chinese.
# The platform plugins for screens without a desktop (eglfs, linuxfb, vnc, vkkhrdisplay, minimal:
# kiosks and embedded boards) are left out too: an outlet PC runs X11 or Wayland (xcb, wayland), and
# installer-check and the benchmarks run offscreen; eglfs' device integrations and the evdev/tuio
# input plugins (folders below) serve only those.
QT_EXCLUDED_PLUGIN_FILES = (
    "libqtvirtualkeyboardplugin",
    "qtvirtualkeyboardplugin",
    "libqgtk3",
    "libqeglfs",
    "libqlinuxfb",
    "libqvnc",
    "libqvkkhrdisplay",
    "libqminimal",  # and libqminimalegl
)

# The build machine's libraries that only the GTK 3 theme plugin links (by file-name prefix; 17 MB,
# found by following every other library's and plugin's NEEDED entries in a build). Shipping them
# also mixed Debian's GTK into whatever desktop the outlet PC runs.
GTK_THEME_LIBS = (
    "libgtk-3.",
    "libgdk-3.",
    "libgdk_pixbuf-2.0.",
    "libatk-1.0.",
    "libatk-bridge-2.0.",
    "libatspi.",
    "libcairo.",
    "libcairo-gobject.",
    "libepoxy.",
    "libpango-1.0.",
    "libpangocairo-1.0.",
    "libpangoft2-1.0.",
    "libpixman-1.",
    "libharfbuzz.",
    "libgraphite2.",
    "libthai.",
    "libdatrie.",
    "libfribidi.",
)
QT_EXCLUDED_PLUGIN_DIRS = (
    "egldeviceintegrations",
    "generic",
    "qmltooling",
    "sqldrivers",
    "designer",
    "position",
    "geoservices",
    "sensors",
    "texttospeech",
    "webview",
    "virtualkeyboard",
    "qmllint",
    "scenegraph",
    "renderers",
    "sceneparsers",
    "geometryloaders",
    "assetimporters",
)

# Python packages never wanted in the desk bundle, even if something imports them optionally.
PYTHON_EXCLUDES = (
    "hq",
    "fastapi",
    "starlette",
    "uvicorn",
    "psycopg",
    "psycopg_binary",
    "tests",
    "benchmarks",
    "shipping",
    "tkinter",
    "matplotlib",
    "hypothesis",
    "mypy",
    "pytest",
    "_pytest",
    "IPython",
    "setuptools",
    "pip",
    "sympy",
    "PIL._avif",  # AVIF photos: not a format documents arrive in; its codec library is 5 MB
)
