"""The flow canvas: GraphScene mirrors the script, NodeItem/EdgeItem draw it, GraphView shows
it, OverviewView shows all of it small."""
from designer.ui.canvas.edge_item import EdgeItem
from designer.ui.canvas.minimap import OverviewView
from designer.ui.canvas.node_item import CardInfo, NodeItem
from designer.ui.canvas.scene import GraphScene
from designer.ui.canvas.view import GraphView

__all__ = ["CardInfo", "EdgeItem", "GraphScene", "GraphView", "NodeItem", "OverviewView"]
