; Inno Setup script for the Windows installer (built on Windows, see docs/install.md):
;   iscc /DAppVersion=0.1.0 shipping\windows\chudan.iss
; Input: dist\chudan\ from `shipping\windows\build_bundle.ps1` (chudan.exe, chudan-cli.exe, _internal\).
; Installs per machine into Program Files, a Start menu entry and an optional desktop icon for
; the window (chudan.exe), and puts the folder on the machine's PATH so chudan-cli.exe (the
; console program: db check, backup, restore, export-key) runs from any Command Prompt.
; Uninstalling removes the program and its PATH entry only: each user's data in
; %LOCALAPPDATA%\chudan stays.
; Needs ChineseSimplified.isl in Inno Setup's Languages folder (see docs/install.md).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B1D6F1E-3C2A-4C7E-9B59-2F0C5A7E1D11}
AppName=Chudan 出单台
AppVersion={#AppVersion}
AppPublisher=Chudan
DefaultDirName={autopf}\Chudan
DefaultGroupName=Chudan 出单台
UninstallDisplayIcon={app}\chudan.exe
SetupIconFile=..\..\resources\icons\chudan.ico
LicenseFile=..\..\LICENSE
OutputDir=..\..\dist
OutputBaseFilename=chudan-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
ChangesEnvironment=yes
WizardStyle=modern

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\..\dist\chudan\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Chudan 出单台"; Filename: "{app}\chudan.exe"
Name: "{group}\Third-party notices"; Filename: "{app}\THIRD-PARTY-NOTICES.txt"
Name: "{group}\{cm:UninstallProgram,Chudan}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Chudan 出单台"; Filename: "{app}\chudan.exe"; Tasks: desktopicon

[Registry]
; The install folder on the machine PATH: `chudan-cli db check` in any Command Prompt.
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; \
    ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; \
    Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\chudan.exe"; Description: "{cm:LaunchProgram,Chudan 出单台}"; Flags: nowait postinstall skipifsilent

[Code]
const
  EnvKey = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment';

function NeedsAddPath(Dir: string): Boolean;
var
  Current: string;
begin
  if not RegQueryStringValue(HKEY_LOCAL_MACHINE, EnvKey, 'Path', Current) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Current) + ';') = 0;
end;

{ Uninstalling takes the folder off the machine PATH again (the [Registry] entry above appended
  ';{app}'); without this a removed Chudan left a dead PATH entry behind. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Current, Entry: string;
  At: Integer;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  if not RegQueryStringValue(HKEY_LOCAL_MACHINE, EnvKey, 'Path', Current) then
    exit;
  Entry := ';' + ExpandConstant('{app}');
  At := Pos(Uppercase(Entry) + ';', Uppercase(Current) + ';');
  if At > 0 then
  begin
    Delete(Current, At, Length(Entry));
    RegWriteExpandStringValue(HKEY_LOCAL_MACHINE, EnvKey, 'Path', Current);
  end;
end;
