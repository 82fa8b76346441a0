"""How a figure's or entry's status is told to readers."""

LONG = {
    "confirmed": "Confirmed in the published source.",
    "deck": "As reported in the BSW workshop deck; not confirmed in a published source.",
    "quoted": "Quoted from the source by another organisation (see note); not read in the source itself.",
}
SHORT = {
    "confirmed": "",
    "deck": "as reported in the workshop deck",
    "quoted": "as quoted by another organisation",
}
