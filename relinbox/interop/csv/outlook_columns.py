"""Outlook CSV column names: the desktop export (92 columns, localised), the Outlook.com /
new Outlook export (61 columns), and their German names. Columns are found by name, so a
reordered or trimmed export reads too."""

from __future__ import annotations

import re

DESKTOP = (
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
    "Job Title", "Business Street", "Business Street 2", "Business Street 3", "Business City",
    "Business State", "Business Postal Code", "Business Country/Region", "Home Street",
    "Home Street 2", "Home Street 3", "Home City", "Home State", "Home Postal Code",
    "Home Country/Region", "Other Street", "Other Street 2", "Other Street 3", "Other City",
    "Other State", "Other Postal Code", "Other Country/Region", "Assistant's Phone",
    "Business Fax", "Business Phone", "Business Phone 2", "Callback", "Car Phone",
    "Company Main Phone", "Home Fax", "Home Phone", "Home Phone 2", "ISDN", "Mobile Phone",
    "Other Fax", "Other Phone", "Pager", "Primary Phone", "Radio Phone", "TTY/TDD Phone",
    "Telex", "Account", "Anniversary", "Assistant's Name", "Billing Information", "Birthday",
    "Business Address PO Box", "Categories", "Children", "Directory Server", "E-mail Address",
    "E-mail Type", "E-mail Display Name", "E-mail 2 Address", "E-mail 2 Type",
    "E-mail 2 Display Name", "E-mail 3 Address", "E-mail 3 Type", "E-mail 3 Display Name",
    "Gender", "Government ID Number", "Hobby", "Home Address PO Box", "Initials",
    "Internet Free Busy", "Keywords", "Language", "Location", "Manager's Name", "Mileage",
    "Notes", "Office Location", "Organizational ID Number", "Other Address PO Box", "Priority",
    "Private", "Profession", "Referred By", "Sensitivity", "Spouse", "User 1", "User 2",
    "User 3", "User 4", "Web Page",
)  # fmt: skip

# Outlook.com and the new Outlook write these 61 columns.
OUTLOOK_COM = (
    "First Name", "Middle Name", "Last Name", "Title", "Suffix", "Nickname", "Given Yomi",
    "Surname Yomi", "E-mail Address", "E-mail 2 Address", "E-mail 3 Address", "Home Phone",
    "Home Phone 2", "Business Phone", "Business Phone 2", "Mobile Phone", "Car Phone",
    "Other Phone", "Primary Phone", "Pager", "Business Fax", "Home Fax", "Other Fax",
    "Company Main Phone", "Callback", "Radio Phone", "Telex", "TTY/TDD Phone", "IMAddress",
    "Job Title", "Department", "Company", "Office Location", "Manager's Name",
    "Assistant's Name", "Assistant's Phone", "Company Yomi", "Business Street",
    "Business City", "Business State", "Business Postal Code", "Business Country/Region",
    "Home Street", "Home City", "Home State", "Home Postal Code", "Home Country/Region",
    "Other Street", "Other City", "Other State", "Other Postal Code", "Other Country/Region",
    "Personal Web Page", "Spouse", "Schools", "Hobby", "Location", "Web Page", "Birthday",
    "Anniversary", "Notes",
)  # fmt: skip
OUTLOOK_COM_ONLY = frozenset(OUTLOOK_COM) - frozenset(DESKTOP) - {"Nickname"}

OLDER_NAMES = {
    "Business Country": "Business Country/Region",
    "Home Country": "Home Country/Region",
    "Other Country": "Other Country/Region",
    "E-mail 1 Address": "E-mail Address",
    "E-mail 1 Type": "E-mail Type",
    "E-mail 1 Display Name": "E-mail Display Name",
}

GERMAN = {
    "Anrede": "Title", "Vorname": "First Name", "Weitere Vornamen": "Middle Name",
    "Nachname": "Last Name", "Firma": "Company", "Abteilung": "Department",
    "Position": "Job Title", "Straße geschäftlich": "Business Street",
    "Straße geschäftlich 2": "Business Street 2", "Straße geschäftlich 3": "Business Street 3",
    "Ort geschäftlich": "Business City", "Region geschäftlich": "Business State",
    "Postleitzahl geschäftlich": "Business Postal Code",
    "Land/Region geschäftlich": "Business Country/Region", "Straße privat": "Home Street",
    "Straße privat 2": "Home Street 2", "Straße privat 3": "Home Street 3",
    "Ort privat": "Home City", "Bundesland/Kanton privat": "Home State",
    "Postleitzahl privat": "Home Postal Code", "Land/Region privat": "Home Country/Region",
    "Weitere Straße": "Other Street", "Weitere Straße 2": "Other Street 2",
    "Weitere Straße 3": "Other Street 3", "Weiterer Ort": "Other City",
    "Weiteres/r Bundesland/Kanton": "Other State", "Weitere Postleitzahl": "Other Postal Code",
    "Weiteres/e Land/Region": "Other Country/Region", "Telefon Assistent": "Assistant's Phone",
    "Fax geschäftlich": "Business Fax", "Telefon geschäftlich": "Business Phone",
    "Telefon geschäftlich 2": "Business Phone 2", "Rückmeldung": "Callback",
    "Autotelefon": "Car Phone", "Telefon Firma": "Company Main Phone", "Fax privat": "Home Fax",
    "Telefon (privat)": "Home Phone", "Telefon (privat 2)": "Home Phone 2",
    "Mobiltelefon": "Mobile Phone", "Weiteres Fax": "Other Fax",
    "Weiteres Telefon": "Other Phone", "Haupttelefon": "Primary Phone",
    "Mobiltelefon 2": "Radio Phone", "Telefon für Hörbehinderte": "TTY/TDD Phone",
    "Abrechnungsinformation": "Billing Information", "Assistent(in)": "Assistant's Name",
    "Benutzer 1": "User 1", "Benutzer 2": "User 2", "Benutzer 3": "User 3",
    "Benutzer 4": "User 4", "Beruf": "Profession", "Büro": "Office Location",
    "E-Mail-Adresse": "E-mail Address", "E-Mail-Typ": "E-mail Type",
    "E-Mail: Angezeigter Name": "E-mail Display Name", "E-Mail 2: Adresse": "E-mail 2 Address",
    "E-Mail 2: Typ": "E-mail 2 Type", "E-Mail 2: Angezeigter Name": "E-mail 2 Display Name",
    "E-Mail 3: Adresse": "E-mail 3 Address", "E-Mail 3: Typ": "E-mail 3 Type",
    "E-Mail 3: Angezeigter Name": "E-mail 3 Display Name", "Empfohlen von": "Referred By",
    "Geburtstag": "Birthday", "Geschlecht": "Gender", "Initialen": "Initials",
    "Internet Frei/Gebucht": "Internet Free Busy", "Jahrestag": "Anniversary",
    "Kategorien": "Categories", "Kinder": "Children", "Konto": "Account",
    "Name des/r Vorgesetzten": "Manager's Name", "Notizen": "Notes",
    "Organisationsnr.": "Organizational ID Number", "Ort": "Location", "Partner": "Spouse",
    "Postfach geschäftlich": "Business Address PO Box", "Postfach privat": "Home Address PO Box",
    "Priorität": "Priority", "Privat": "Private", "Reisekilometer": "Mileage",
    "Sozialversicherungsnr.": "Government ID Number", "Sprache": "Language",
    "Stichwörter": "Keywords", "Vertraulichkeit": "Sensitivity",
    "Verzeichnisserver": "Directory Server", "Webseite": "Web Page",
    "Weiteres Postfach": "Other Address PO Box",
}  # fmt: skip

_NOT_ALNUM = re.compile(r"[\W_]+")


def norm(name: str) -> str:
    """Column names compared without case, spaces or punctuation."""
    return _NOT_ALNUM.sub("", name.casefold())


# Google's "Outlook CSV" export adds each address formatted whole; Windows Contacts (and
# tools that follow it) write the whole name as "Name".
ADDED_ELSEWHERE = ("Home Address", "Business Address", "Other Address", "Name")

ALIASES: dict[str, str] = {
    norm(name): name for name in (*DESKTOP, *OUTLOOK_COM, *ADDED_ELSEWHERE)
}
ALIASES.update({norm(old): new for old, new in OLDER_NAMES.items()})
GERMAN_NAMES = {norm(german) for german in GERMAN}
ALIASES.update({norm(german): english for german, english in GERMAN.items()})
