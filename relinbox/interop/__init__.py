"""Reading and writing other tools' contact formats. Pure parsing: no store, no UI.

`sources.read_source(path, fmt)` reads a vCard file, a vdir folder or a CSV export (Google,
Outlook, Outlook.com, LinkedIn) into `Contact` records and `problems.Problem`s;
docs/importing.md explains the rules. Exporters live in `relinbox.interop.export`.
This package module imports nothing, so the command line can load `formats` cheaply.
"""
