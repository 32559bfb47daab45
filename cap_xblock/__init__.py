"""cap_xblock: Communautés d'Apprentissage et de Pratiques (CAP) for Open edX."""

__version__ = "0.2.0"
