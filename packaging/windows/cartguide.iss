; Inno Setup script for CAR-T Guide on Windows: installs the PyInstaller one-folder app
; (dist\cartguide\) for all users, with a Start menu entry. Built by .github/workflows/windows.yml:
;   iscc /DAppVersion=1.0.0 packaging\windows\cartguide.iss
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6C1D1B55-CA27-4C8E-9E0B-2B64C1A1C0DE}
AppName=CAR-T Guide
AppVersion={#AppVersion}
AppPublisher=CAR-T Guide project
DefaultDirName={autopf}\CAR-T Guide
DefaultGroupName=CAR-T Guide
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=cartguide-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
LicenseFile=..\..\LICENSE

[Files]
Source: "..\..\dist\cartguide\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{group}\CAR-T Guide"; Filename: "{app}\cartguide.exe"
Name: "{group}\CAR-T Guide (kiosk)"; Filename: "{app}\cartguide.exe"; Parameters: "--kiosk"

[Run]
Filename: "{app}\cartguide-cli.exe"; Parameters: "validate"; Flags: runhidden; StatusMsg: "Checking the content..."
