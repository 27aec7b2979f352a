"""CallScript Studio, the designer window.

    python main.py [FILE]                      open FILE (a sample script when none is given)
    python main.py --screenshot PNG [FILE]     render the window with FILE to PNG and exit
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
import time
from typing import Optional, Sequence

ROOT = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SAMPLE = os.path.join(ROOT, "scripts_library", "property_followup", "script.yaml")
SCREENSHOT_SIZE = (1400, 900)


def default_script() -> Optional[str]:
    """The sample opened when no file is named: property_followup, else the first sample."""
    if os.path.exists(DEFAULT_SAMPLE):
        return DEFAULT_SAMPLE
    samples = sorted(glob.glob(os.path.join(ROOT, "scripts_library", "*", "script.yaml")))
    return samples[0] if samples else None


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="CallScript Studio designer")
    parser.add_argument("file", nargs="?", help="script file to open (YAML, callscript: 1)")
    parser.add_argument("--screenshot", metavar="PNG",
                        help="render the window with the script to PNG and exit (no display)")
    return parser.parse_args(list(argv))


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return screenshot(args.screenshot, args.file or default_script())
    return run(args.file or default_script())


def _load_error(path: str):
    """None when path loads, else the ScriptFileError explaining why not."""
    from designer.formats.script_yaml import load_script
    from designer.model import ScriptFileError
    try:
        load_script(path)
    except ScriptFileError as exc:
        return exc
    return None


def screenshot(png: str, path: Optional[str]) -> int:
    if not path:
        print("main.py: no script to show: name a FILE", file=sys.stderr)
        return 2
    error = _load_error(path)
    if error is not None:
        print(f"main.py: cannot open {path}:", file=sys.stderr)
        for problem in error.problems:
            print("  " + problem.format(), file=sys.stderr)
        return 2
    from designer.ui.app import create_app
    app = create_app([sys.argv[0]])
    window = build_window()
    window.resize(*SCREENSHOT_SIZE)
    if not window.files.open_path(path, ask=False):
        return 2
    window.show()
    for _ in range(3):
        app.processEvents()
    deadline = time.monotonic() + 60  # a large flow routes its arrows after the first paint
    while not window.scene.is_routed() and time.monotonic() < deadline:
        app.processEvents()
    window.show_flow()
    window.document.select_nodes([window.document.script.start])  # the inspector shows it
    window.problems.check_now()
    window.problems.wait_idle()
    for _ in range(3):
        app.processEvents()
    image = window.grab()
    if not image.save(png):
        print(f"main.py: cannot write {png}", file=sys.stderr)
        return 2
    window.files.close_cleanly()
    return 0


def build_window():
    """The main window with every dock: the core ones, audio (controls in the inspector, the
    Audio dock, File > Export) and QA (simulator, test runner, unanswered questions)."""
    from designer.ui.audio_docks import install_audio_ui
    from designer.ui.main_window import MainWindow
    from designer.ui.qa_docks import install_qa_docks
    window = MainWindow()
    install_audio_ui(window)
    install_qa_docks(window)
    window.arrange_docks()
    return window


def run(path: Optional[str]) -> int:
    from designer.ui.app import create_app
    from designer.ui.main_window import recovery_mode
    app = create_app(sys.argv)
    window = build_window()
    window.restore_window_state()
    # a file that cannot be opened is explained in a dialog; the window starts a new script
    if not (path and window.files.open_path(path, ask=False)):
        window.files.new_script()
    window.show()
    window.offer_recovery(recovery_mode())
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
