"""The web face of the assistant: Gradio UI, HTTP API and portal embedding (served by app.py)."""
