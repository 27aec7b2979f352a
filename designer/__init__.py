"""CallScript Studio: design, test and export voice-robot call scripts (话术)."""

__version__ = "0.1.0"
