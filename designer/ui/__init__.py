"""Everything Qt: the designer window. Only this package and main.py import PySide6."""
