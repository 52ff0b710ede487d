# Windows counterpart of scripts/build_bundle.sh (run in PowerShell from the repository root,
# with Python 3.11 x64 from python.org on PATH as `py -3.11`). See docs/install.md.
$ErrorActionPreference = "Stop"
$venv = "build\runtime-venv"
if (-not (Test-Path "$venv\Scripts\python.exe")) {
    py -3.11 -m venv $venv
    & "$venv\Scripts\python.exe" -m pip install -q --upgrade pip
    & "$venv\Scripts\python.exe" -m pip install -q -c requirements.lock -r requirements-desk.txt -r requirements-build.txt
}
& "$venv\Scripts\python.exe" -m shipping.notices build\THIRD-PARTY-NOTICES.txt
& "$venv\Scripts\pyinstaller.exe" build_installer.spec --noconfirm --log-level WARN --distpath dist --workpath build\pyinstaller
foreach ($bundle in "dist\chudan", "dist\chudan-dev") {
    Copy-Item LICENSE, build\THIRD-PARTY-NOTICES.txt $bundle
}
Write-Host "dist\chudan (release) and dist\chudan-dev (development) built; next: iscc shipping\windows\chudan.iss"
