"""vCard 2.1 / 3.0 / 4.0: a tolerant line-level reader and the mapping to `Contact`."""

from relinbox.interop.vcard.mapping import card_to_contact, read_vcards
from relinbox.interop.vcard.properties import Prop
from relinbox.interop.vcard.reader import RawCard, read_cards

__all__ = ["Prop", "RawCard", "card_to_contact", "read_cards", "read_vcards"]
