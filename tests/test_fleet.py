"""The example Ansible playbook for many kiosks: valid for ansible-playbook, and the site
settings it writes are settings the guide accepts without a single problem."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cartguide.bundles import generate_key
from cartguide.config import load_settings

ROOT = Path(__file__).resolve().parents[1]
ANSIBLE = ROOT / "packaging" / "ansible"


def ansible_playbook() -> str:
    beside = Path(sys.executable).parent / "ansible-playbook"
    found = str(beside) if beside.exists() else shutil.which("ansible-playbook")
    if found is None:
        pytest.skip("ansible-core is not installed (it is in the test extra)")
    return found


def test_the_playbook_passes_ansible_syntax_check() -> None:
    done = subprocess.run([ansible_playbook(), "--syntax-check", "-i",
                           str(ANSIBLE / "inventory.example.ini"),
                           str(ANSIBLE / "playbook.yml")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("everything", [True, False])
def test_the_settings_template_writes_settings_without_problems(tmp_path: Path,
                                                                everything: bool) -> None:
    jinja2 = pytest.importorskip("jinja2")  # comes with ansible-core
    _, public = generate_key()
    values = {
        "cartguide_clinic_name": "St Example Cancer Centre",
        "cartguide_contact_phone": "020 7946 0000",
        "cartguide_default_language": "zh_CN",
        "cartguide_idle_timeout_seconds": 180,
        "cartguide_emergency_number": "120" if everything else "",
        "cartguide_staff_pin_hash": "",
        "cartguide_site_layer": "clinic/site" if everything else "",
        "cartguide_bundle_public_keys": public if everything else "",
        "cartguide_bundle_folder": "/srv/cartguide-bundles",
        "cartguide_status_dir": "/var/lib/prometheus/node-exporter",
    }
    template = (ANSIBLE / "templates" / "site.yaml.j2").read_text(encoding="utf-8")
    text = jinja2.Template(template, trim_blocks=True).render(**values)
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_settings(path)
    assert not result.issues, result.issues
    settings = result.settings
    assert settings.clinic_name == "St Example Cancer Centre"
    assert settings.idle_timeout_seconds == 180
    assert settings.status_file == "/var/lib/prometheus/node-exporter/cartguide.prom"
    assert bool(settings.site_content) is everything
    assert (settings.bundle_public_keys == public) is everything
