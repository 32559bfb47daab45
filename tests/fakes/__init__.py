"""Fakes of platform modules, installed where the real platform would provide them."""
