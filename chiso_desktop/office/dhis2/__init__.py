"""DHIS2 exchange through a mapping file (docs/dhis2.md): dataValueSets and ADX."""
