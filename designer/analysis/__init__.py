"""Checks of a script: structure (validate), graph, keywords, compliance (lint), coverage."""
from designer.analysis.structure import check_structure

__all__ = ["check_structure"]
