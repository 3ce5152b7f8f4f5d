"""The format names the command line offers (constants only: cheap to import)."""

CSV_FORMATS = ("google", "outlook", "outlook-com", "linkedin")
IMPORT_FORMATS = ("auto", "vcard", *CSV_FORMATS, "vdir")
EXPORT_FORMATS = ("json", "vcard", "csv")  # contact formats: `interop.export.EXPORTERS`
CALENDAR_FORMATS = ("ics",)  # built by services.calendar from the cadence
