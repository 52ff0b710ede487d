"""What the frozen desk bundle holds besides code, kept as data so the spec uses it and a test
can check it against the packages actually installed (tests/unit/shipping/).

Every runtime package that ships non-code files is in exactly one of the three tables: its
files are collected, a PyInstaller hook collects them, or they are not needed at run time (with
the reason). A new dependency that brings data files fails that test until it is placed here."""

from __future__ import annotations

# Package -> why its data files are needed. The spec calls collect_data_files() on each.
COLLECTED = {
    "rapidocr": "the PP-OCR ONNX models and their configs (config.yaml, default_models.yaml)",
    "stdnum": "region and code tables the ID-number and USCC validators read",
    "reportlab": "the base fonts and metrics behind every PDF",
    "opencc": "t2s.json and its dictionaries, the traditional-to-simplified tables the OCR repair uses",
    "confusable_homoglyphs": "confusables.json and categories.json: a user name may not look like another's",
}

# Package -> the only files collected, where the package also holds what the bundle never uses
# (OpenCC's wheel carries its command-line tools, static libraries and C headers).
COLLECTED_ONLY = {"opencc": ["clib/share/opencc/*"]}

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
QT_TRANSLATIONS = ("qtbase_zh_CN.qm", "qtmultimedia_zh_CN.qm")

# Qt modules the app never imports and the hooks would otherwise pull in through plugins or
# dependencies (QML/Quick come in with QtMultimedia's plugins, the virtual keyboard with the
# platform input contexts).
QT_EXCLUDED_MODULES = (
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
# through plugin dependencies, and the plugin folders the desk does not use. QtQml and QtQuick
# stay: Qt's FFmpeg multimedia plugin (the wizard's camera) links them.
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
)
# Single plugin files left out: the on-screen keyboard (QML only), and the GTK 3 platform theme,
# which would draw file dialogs with GTK and brings the build machine's whole GTK stack (below).
# Without it Qt uses the XDG desktop portal's dialogs where the desktop has one, else its own.
# The input-method neighbours stay: ibus and compose are how clerks type names in Chinese.
QT_EXCLUDED_PLUGIN_FILES = ("libqtvirtualkeyboardplugin", "qtvirtualkeyboardplugin", "libqgtk3")

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
