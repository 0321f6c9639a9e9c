# Build Chi so Desktop for Windows: PyInstaller one-folder app, then the
# per-user Inno Setup installer.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 -SkipInstaller
#
# Needs (on the build PC, which has a network connection; the PCs that install
# the result need none): Python 3.12 x64 (py launcher or python on PATH),
# Inno Setup 6.3 or newer (ISCC.exe; set $env:ISCC if it is not in a standard place).
# Output: dist\chiso-desktop\ (the app folder) and
#         dist\installer\ChiSoDesktop-<version>-setup.exe (the installer).
# Signing (optional): set CHISO_SIGN_PFX (a .pfx file) and CHISO_SIGN_PASSWORD, or
# CHISO_SIGN_THUMBPRINT (a certificate in the user's store); signtool.exe comes from
# $env:SIGNTOOL or the newest Windows SDK. Without them nothing is signed.
# This file is ASCII on purpose: Windows PowerShell 5.1 reads BOM-less files as ANSI.
[CmdletBinding()]
param(
    [switch]$SkipInstaller
)
$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

# 1. Python: the project's .venv if present, else a build venv in build\venv.
$Python = Join-Path $Root ".venv\Scripts\python.exe"
if (-not (Test-Path $Python)) {
    $Python = Join-Path $Root "build\venv\Scripts\python.exe"
    if (-not (Test-Path $Python)) {
        New-Item -ItemType Directory -Force -Path (Join-Path $Root "build") | Out-Null
        if (Get-Command py -ErrorAction SilentlyContinue) {
            Invoke-Checked "py" @("-3.12", "-m", "venv", "build\venv")
        } else {
            Invoke-Checked "python" @("-m", "venv", "build\venv")
        }
        Invoke-Checked $Python @("-m", "pip", "install", "-q", "--upgrade", "pip")
    }
}
Invoke-Checked $Python @("-m", "pip", "install", "-q", "-e", ".[build]")

# 2. Version from chiso_desktop.__version__ (the spec writes the .exe version resources).
$Version = (& $Python -c "import chiso_desktop; print(chiso_desktop.__version__)").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "cannot read chiso_desktop.__version__" }
$Numbers = @([regex]::Matches($Version, "\d+") | Select-Object -First 4 | ForEach-Object { $_.Value })
while ($Numbers.Count -lt 4) { $Numbers += "0" }
$FileVersion = $Numbers -join "."
Write-Host "Chi so Desktop $Version (file version $FileVersion)"

# 3. The one-folder app: dist\chiso-desktop\{chiso-desktop.exe, chiso.exe, _internal\}.
$Started = Get-Date
Invoke-Checked $Python @("-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
    "--distpath", "dist", "--workpath", "build\pyinstaller", "packaging\chiso.spec")
$AppDir = Join-Path $Root "dist\chiso-desktop"
foreach ($exe in @("chiso.exe", "chiso-desktop.exe")) {
    if (-not (Test-Path (Join-Path $AppDir $exe))) { throw "build incomplete: $exe is missing" }
}
$Reported = (& (Join-Path $AppDir "chiso.exe") --version).Trim()
if ($Reported -ne "chiso $Version") { throw "dist\chiso-desktop\chiso.exe --version printed '$Reported'" }
$SizeMb = [math]::Round(((Get-ChildItem $AppDir -Recurse -File | Measure-Object Length -Sum).Sum / 1MB), 0)
Write-Host ("App folder built in {0:N0} s, {1} MB" -f ((Get-Date) - $Started).TotalSeconds, $SizeMb)

if ($SkipInstaller) { exit 0 }

# 4. Signing, when a certificate is configured: the two .exe files now, the setup
#    and its uninstaller through Inno Setup's SignTool (the /S option below).
$SignArgs = $null
if ($env:CHISO_SIGN_PFX -or $env:CHISO_SIGN_THUMBPRINT) {
    $SignTool = $env:SIGNTOOL
    if (-not $SignTool) {
        $SignTool = Get-ChildItem (Join-Path ${env:ProgramFiles(x86)} "Windows Kits\10\bin\*\x64\signtool.exe") -ErrorAction SilentlyContinue |
            Sort-Object FullName -Descending | Select-Object -First 1 -ExpandProperty FullName
    }
    if (-not $SignTool) { throw "a signing certificate is configured but signtool.exe was not found; set `$env:SIGNTOOL" }
    $Timestamp = if ($env:CHISO_SIGN_TIMESTAMP_URL) { $env:CHISO_SIGN_TIMESTAMP_URL } else { "http://timestamp.digicert.com" }
    if ($env:CHISO_SIGN_PFX) {
        $SignArgs = @("sign", "/fd", "sha256", "/td", "sha256", "/tr", $Timestamp, "/f", $env:CHISO_SIGN_PFX, "/p", $env:CHISO_SIGN_PASSWORD)
    } else {
        $SignArgs = @("sign", "/fd", "sha256", "/td", "sha256", "/tr", $Timestamp, "/sha1", $env:CHISO_SIGN_THUMBPRINT)
    }
    foreach ($exe in @("chiso.exe", "chiso-desktop.exe")) {
        Invoke-Checked $SignTool ($SignArgs + @((Join-Path $AppDir $exe)))
    }
    Write-Host "Signed chiso.exe and chiso-desktop.exe with $SignTool"
}

# 5. The installer.
$Iscc = $env:ISCC
if (-not $Iscc) {
    $Candidates = @(
        (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
    )
    $Iscc = $Candidates | Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
}
if (-not $Iscc) { throw "ISCC.exe (Inno Setup 6) not found; install it or set `$env:ISCC" }
$IsccArgs = @("/Q", "/DAppVersion=$Version", "/DFileVersion=$FileVersion")
if ($SignArgs) {
    $Quoted = ($SignArgs | ForEach-Object { if ($_ -match '\s') { '$q' + $_ + '$q' } else { $_ } }) -join " "
    $IsccArgs += @("/DSignTool", "/Schiso=`$q$SignTool`$q $Quoted `$f")
}
Invoke-Checked $Iscc ($IsccArgs + @("packaging\windows\chiso.iss"))
Write-Host "Installer: dist\installer\ChiSoDesktop-$Version-setup.exe"
