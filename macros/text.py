"""Small text helpers shared by the renderers."""


def nearest(word: str, choices) -> str:
    """Return a hint naming the choice nearest to ``word`` (or listing them)."""
    import difflib

    choices = sorted(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.4)
    if close:
        return f"Did you mean '{close[0]}'?"
    shown = ", ".join(choices[:12]) + (" …" if len(choices) > 12 else "")
    return f"Known ids: {shown}."
