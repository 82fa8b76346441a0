"""One small pure function per macro. Each takes the loaded data and returns HTML/Markdown."""
