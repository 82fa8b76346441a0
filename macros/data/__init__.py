"""What the project holds: mkdocs.yml, the pages and their front matter, the data files;
read once and validated (pydantic models in schema.py)."""
