"""Generated Unicode tables (see ``tools/generate_unicode_data.py``)."""
