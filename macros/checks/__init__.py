"""Checks across files, run before the engine (references, links, macro calls), and the release gate."""
