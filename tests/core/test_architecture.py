"""The core runs without Qt: the command line and core tests need no display."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_import_linter_contract_holds():
    lint_imports = os.path.join(os.path.dirname(sys.executable), "lint-imports")
    proc = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_core_modules_import_without_pyside():
    code = (
        "import sys, importlib, pkgutil, designer\n"
        "sys.modules['PySide6'] = None\n"  # any import of PySide6 now fails
        "for m in pkgutil.walk_packages(designer.__path__, 'designer.'):\n"
        "    if m.name.startswith('designer.ui') or m.name.endswith('__main__'):\n"
        "        continue\n"
        "    importlib.import_module(m.name)\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0 and "ok" in proc.stdout, proc.stderr
