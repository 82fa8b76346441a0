"""Small text helpers shared by the renderers."""

from .suggest import closest


def nearest(word: str, choices) -> str:
    """Return a hint naming the choice nearest to ``word`` (or listing them)."""
    close = closest(word, choices)
    if close:
        return f"Did you mean '{close}'?"
    choices = sorted(choices)
    shown = ", ".join(choices[:12]) + (" …" if len(choices) > 12 else "")
    return f"Known ids: {shown}."
