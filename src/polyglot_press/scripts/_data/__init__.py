"""Generated Unicode tables (see ``scripts/generate_unicode_data.py``)."""
