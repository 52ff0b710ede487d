# Windows counterpart of scripts/build_bundle.sh (run in PowerShell from the repository root,
# with Python 3.11 x64 from python.org on PATH as `py -3.11`). See docs/install.md.
$ErrorActionPreference = "Stop"

# $ErrorActionPreference does not stop on a failing native program (pip, pyinstaller): each
# call goes through here, so a failed step ends the build instead of leaving a half bundle.
function Invoke-Step {
    param([string]$Program, [string[]]$Arguments)
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Program $($Arguments -join ' ') failed (exit $LASTEXITCODE)" }
}

$venv = "build\runtime-venv"
$stamp = "$venv\.chudan-runtime"
# The venv is rebuilt when the lock or the requirement lists change, as on Linux.
$want = (Get-FileHash -Algorithm SHA256 -InputStream ([IO.MemoryStream]::new(
    [Text.Encoding]::UTF8.GetBytes((Get-Content -Raw requirements.lock, requirements-desk.txt, requirements-build.txt) -join "")
))).Hash
if (-not (Test-Path $stamp) -or (Get-Content -Raw $stamp).Trim() -ne $want) {
    if (Test-Path $venv) { Remove-Item -Recurse -Force $venv }
    Invoke-Step py @("-3.11", "-m", "venv", $venv)
    Invoke-Step "$venv\Scripts\python.exe" @("-m", "pip", "install", "-q", "--upgrade", "pip")
    Invoke-Step "$venv\Scripts\python.exe" @("-m", "pip", "install", "-q", "-c", "requirements.lock",
        "-r", "requirements-desk.txt", "-r", "requirements-build.txt")
    Set-Content -Path $stamp -Value $want
}
Remove-Item Env:PYTHONPATH -ErrorAction SilentlyContinue
Invoke-Step "$venv\Scripts\python.exe" @("-m", "shipping.notices", "build\THIRD-PARTY-NOTICES.txt")
Invoke-Step "$venv\Scripts\pyinstaller.exe" @("build_installer.spec", "--noconfirm", "--log-level", "WARN",
    "--distpath", "dist", "--workpath", "build\pyinstaller")
foreach ($bundle in "dist\chudan", "dist\chudan-dev") {
    Copy-Item LICENSE, build\THIRD-PARTY-NOTICES.txt $bundle
    foreach ($exe in "chudan.exe", "chudan-cli.exe") {
        if (-not (Test-Path "$bundle\$exe")) { throw "$bundle\$exe is missing" }
    }
}
Write-Host "dist\chudan (release) and dist\chudan-dev (development) built; next: iscc shipping\windows\chudan.iss"
