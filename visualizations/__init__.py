"""Interactive network pages (pyvis / vis-network), offline and safe with document text."""

from .network import PageOptions, build_network, render_page, write_page

__all__ = ["PageOptions", "build_network", "render_page", "write_page"]
