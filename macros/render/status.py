"""How a figure's or entry's status is told to readers."""

LONG = {
    "confirmed": "Found in the published source.",
    "deck": "As reported in the workshop slides; not found in a published source.",
    "quoted": "Reported by another organisation (see the source and note); not read in the original.",
}
SHORT = {
    "confirmed": "",
    "deck": "as reported in the workshop slides",
    "quoted": "as reported by another organisation",
}
