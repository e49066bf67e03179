"""Training offers: their audiences, formats and languages (docs/domain.md §11.6)."""

from __future__ import annotations

from registry.vocab.labels import Labels

TRAINING_AUDIENCES: Labels = {
    "physicians": ("Médecins", "Physicians"),
    "nurses": ("Infirmiers et infirmières", "Nurses"),
    "pharmacists": ("Pharmaciens", "Pharmacists"),
    "technicians": ("Techniciens et manipulateurs", "Technicians"),
    "managers": ("Cadres et directions", "Managers"),
}

TRAINING_FORMATS: Labels = {
    "e_learning": ("Formation en ligne à son rythme", "Self-paced e-learning"),
    "virtual_class": ("Classe virtuelle", "Virtual classroom"),
    "in_person": ("Présentiel", "In person"),
    "blended": ("Mixte (en ligne et présentiel)", "Blended (online and in person)"),
    "simulation": ("Simulation", "Simulation"),
}

TRAINING_LANGUAGES: Labels = {
    "fr": ("Français", "French"),
    "en": ("Anglais", "English"),
}
