"""What the window tests share: the sample file, a prompter that answers at once, and
fixtures (in conftest.py) that keep settings and recovery files inside the test's folder."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "design_example.yaml")


class FakePrompts:
    """Answers every question at once and records what was asked."""

    def __init__(self):
        self.asked = []
        self.save_answer = "discard"
        self.reload_answer = True
        self.restore_answer = True
        self.open_path = None
        self.save_path = None

    def ask_save_changes(self, name):
        self.asked.append(("save_changes", name))
        return self.save_answer

    def ask_reload(self, name):
        self.asked.append(("reload", name))
        return self.reload_answer

    def ask_restore(self, entry):
        self.asked.append(("restore", entry.original_path))
        return self.restore_answer

    def warn_changed_on_disk(self, name):
        self.asked.append(("changed_on_disk", name))

    def show_error(self, title, text, details=""):
        self.asked.append(("error", text))

    def show_load_problems(self, path, problems):
        self.asked.append(("load_problems", [p.code for p in problems]))

    def get_open_path(self, directory=""):
        return self.open_path

    def get_save_path(self, suggestion=""):
        return self.save_path
