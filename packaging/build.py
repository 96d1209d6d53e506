"""Build CAR-T Guide for a clinic that has no Python: a one-folder app and (on Debian) a .deb.

    python packaging/build.py             # dist/cartguide/ and dist/cartguide_<version>_<arch>.deb
    python packaging/build.py --no-deb    # only the one-folder app (Linux or Windows)
    python packaging/build.py --deb-only  # package an existing dist/cartguide/ again

Needs the project installed with its packaging extra (``pip install -e ".[package]"``), and for
the .deb ``dpkg-deb`` and ``ldd`` (any Debian or Ubuntu). Build on the oldest Debian/Ubuntu
release your kiosks run: the app carries the Qt and Python it needs, but the C library and the
graphics and sound libraries come from the kiosk's system (the .deb's Depends: names them).

The .deb installs:
  /opt/cartguide/                               the app (PyInstaller one-folder)
  /usr/bin/cartguide                            a link to it
  /usr/lib/systemd/user/cartguide-kiosk.service the kiosk unit, started from /usr/bin/cartguide
  /usr/share/cartguide/cartguide-kiosk.desktop  the autostart entry (copied per kiosk user)
  /usr/share/doc/cartguide/                     the kiosk how-to, an example site.yaml, licences
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
NAME = "cartguide"
MAINTAINER = "CAR-T Guide project <cartguide@localhost>"
HOMEPAGE_NOTE = "See /usr/share/doc/cartguide/README.kiosk.md"

# Libraries a kiosk must have even though nothing in the bundle links them directly: Qt opens
# the X11 platform plugin's helpers and OpenGL at run time.
ALWAYS_DEPENDS = ["libc6", "libegl1", "libgl1", "libfontconfig1", "libdbus-1-3",
                  "libxkbcommon0", "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4",
                  "libxcb-keysyms1"]
RECOMMENDS = ["speech-dispatcher", "speech-dispatcher-espeak-ng", "libspeechd2", "libpulse0",
              "cups-client"]


def version() -> str:
    text = (ROOT / "src" / NAME / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    if not match:
        raise SystemExit("no __version__ in src/cartguide/__init__.py")
    return match.group(1)


def run_pyinstaller(dist: Path, work: Path) -> Path:
    """The one-folder app in ``dist/cartguide``."""
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--distpath", str(dist), "--workpath", str(work),
                    str(PACKAGING / "cartguide.spec")], check=True)
    app = dist / NAME
    exe = app / (f"{NAME}.exe" if os.name == "nt" else NAME)
    if not exe.exists():
        raise SystemExit(f"PyInstaller did not make {exe}")
    return app


# -- the .deb -----------------------------------------------------------------------------------
def deb_arch() -> str:
    try:
        return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def system_libraries(app: Path) -> set[Path]:
    """Shared libraries the bundle loads from the system (outside ``app``)."""
    internal = app / "_internal"
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = os.pathsep.join(
        str(p) for p in (internal, internal / "PySide6" / "Qt" / "lib") if p.is_dir())
    found: set[Path] = set()
    objects = [p for p in app.rglob("*") if p.is_file() and not p.is_symlink()
               and (".so" in p.name or p == app / NAME)]
    for obj in objects:
        done = subprocess.run(["ldd", str(obj)], capture_output=True, text=True, env=env,
                              check=False)
        for line in done.stdout.splitlines():
            match = re.search(r"=>\s+(/\S+)", line) or re.match(r"\s*(/\S+)\s+\(", line)
            if not match:
                continue
            path = Path(match.group(1))
            if app.resolve() not in path.resolve().parents:
                found.add(path)
    return found


def packages_of(paths: set[Path]) -> set[str]:
    """The Debian packages that hold ``paths`` (as dpkg-shlibdeps would name them)."""
    packages: set[str] = set()
    for path in sorted(paths):
        for candidate in (path, path.resolve()):
            done = subprocess.run(["dpkg", "-S", str(candidate)], capture_output=True,
                                  text=True, check=False)
            if done.returncode == 0:
                for line in done.stdout.splitlines():
                    packages.add(line.split(":", 1)[0].split(",")[0].strip())
                break
    return packages


def glibc_version() -> str:
    done = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libc6"], capture_output=True,
                          text=True, check=False)
    upstream = done.stdout.split("-")[0]
    return upstream if re.match(r"^\d+\.\d+", upstream) else "2.36"


def control_file(ver: str, arch: str, depends: list[str], installed_kib: int) -> str:
    return "\n".join([
        f"Package: {NAME}",
        f"Version: {ver}",
        "Section: education",
        "Priority: optional",
        f"Architecture: {arch}",
        f"Maintainer: {MAINTAINER}",
        f"Installed-Size: {installed_kib}",
        f"Depends: {', '.join(depends)}",
        f"Recommends: {', '.join(RECOMMENDS)}",
        "Description: patient-education kiosk about CAR-T cell therapy",
        " CAR-T Guide explains CAR-T cell therapy for advanced gastric and pancreatic",
        " cancer (Claudin 18.2 trials) to patients and families, in plain words, in",
        " English and Chinese, with read-aloud, large text and take-home print-outs.",
        " It runs full screen on an unattended clinic kiosk (systemd user unit with a",
        " watchdog, idle reset) or in a window for nurses. It never uses the network.",
        " .",
        f" {HOMEPAGE_NOTE}",
        "",
    ])


def packaged_unit() -> str:
    """The kiosk unit with ExecStart pointing at the installed app."""
    text = (PACKAGING / "cartguide-kiosk.service").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^ExecStart=.*$", f"ExecStart=/usr/bin/{NAME} --kiosk", text)
    text = re.sub(r"(?m)^# Where docs/kiosk-install.md puts the venv.*\n(^#.*\n)?",
                  "# Installed by the cartguide .deb. Another place or options? Do not edit this"
                  " file:\n# `systemctl --user edit cartguide-kiosk` and set an empty ExecStart="
                  " then the new one.\n", text)
    return text.replace("~/.config/systemd/user/", "(installed in /usr/lib/systemd/user/)")


def packaged_desktop_entry() -> str:
    text = (PACKAGING / "cartguide-kiosk.desktop").read_text(encoding="utf-8")
    return text.replace("/home/kiosk/.local/share/cartguide/venv/bin/cartguide",
                        f"/usr/bin/{NAME}")


def build_deb(app: Path, dist: Path, compression: str = "zstd") -> Path:
    for tool in ("dpkg-deb", "ldd", "dpkg"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found: build the .deb on Debian or Ubuntu.")
    ver, arch = version(), deb_arch()
    stage = dist / "deb-root"
    shutil.rmtree(stage, ignore_errors=True)
    opt = stage / "opt" / NAME
    shutil.copytree(app, opt, symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    (stage / "usr" / "bin" / NAME).symlink_to(f"/opt/{NAME}/{NAME}")
    units = stage / "usr" / "lib" / "systemd" / "user"
    units.mkdir(parents=True)
    (units / "cartguide-kiosk.service").write_text(packaged_unit(), encoding="utf-8")
    share = stage / "usr" / "share" / NAME
    share.mkdir(parents=True)
    (share / "cartguide-kiosk.desktop").write_text(packaged_desktop_entry(), encoding="utf-8")
    doc = stage / "usr" / "share" / "doc" / NAME
    (doc / "examples").mkdir(parents=True)
    shutil.copy2(PACKAGING / "deb" / "README.kiosk.md", doc / "README.kiosk.md")
    shutil.copy2(PACKAGING / "deb" / "site.yaml.example", doc / "examples" / "site.yaml")
    copyright_text = (PACKAGING / "deb" / "copyright").read_text(encoding="utf-8")
    copyright_text += "\n" + (ROOT / "LICENSE").read_text(encoding="utf-8")
    (doc / "copyright").write_text(copyright_text, encoding="utf-8")
    stamp = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime())
    changelog = (f"{NAME} ({ver}) stable; urgency=medium\n\n  * Release {ver}.\n\n"
                 f" -- {MAINTAINER}  {stamp}\n")
    (doc / "changelog.gz").write_bytes(gzip.compress(changelog.encode("utf-8"),
                                                     compresslevel=9, mtime=0))

    depends = set(ALWAYS_DEPENDS) | packages_of(system_libraries(opt))
    depends.discard("libc6")
    depend_list = [f"libc6 (>= {glibc_version()})", *sorted(depends)]
    size_kib = sum(p.stat().st_size for p in stage.rglob("*")
                   if p.is_file() and not p.is_symlink()) // 1024
    debian = stage / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control_file(ver, arch, depend_list, size_kib),
                                    encoding="utf-8")
    for script in ("postinst", "postrm"):
        source = PACKAGING / "deb" / script
        if source.exists():
            shutil.copy2(source, debian / script)
            (debian / script).chmod(0o755)
    for path in stage.rglob("*"):  # dpkg wants 0755 folders and no group/other write bits
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        path.chmod(0o755 if path.is_dir() or mode & 0o111 else 0o644)
    target = dist / f"{NAME}_{ver}_{arch}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", "--build",
                    str(stage), str(target)], check=True)
    shutil.rmtree(stage)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="output folder (default: dist/)")
    parser.add_argument("--no-deb", action="store_true", help="only the one-folder app")
    parser.add_argument("--deb-only", action="store_true",
                        help="package an existing DIST/cartguide/ without running PyInstaller")
    parser.add_argument("--compression", choices=("zstd", "xz", "gzip"), default="zstd",
                        help="the .deb's compression: zstd (default, quick; dpkg 1.21.18+, "
                        "Debian 12, Ubuntu 21.10+), xz (about 10 %% smaller, minutes slower)")
    args = parser.parse_args(argv)
    dist: Path = args.dist.resolve()
    dist.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    app = dist / NAME if args.deb_only else run_pyinstaller(dist, ROOT / "build" / "pyinstaller")
    size = sum(p.stat().st_size for p in app.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"app: {app} ({size / 2**20:.0f} MiB)")
    if not args.no_deb and sys.platform.startswith("linux"):
        deb = build_deb(app, dist, args.compression)
        print(f"deb: {deb} ({deb.stat().st_size / 2**20:.0f} MiB)")
    print(f"built in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
