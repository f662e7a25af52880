"""INAD, the national index of the digital domiciles (domicili digitali)."""
