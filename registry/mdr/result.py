"""The MDR/IVDR helper's result: the device classes, a reason, the result, bad answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from registry.questionnaire import AnswerError as AnswerError  # one engine for both helpers
from registry.questionnaire import Reason

NOT_A_DEVICE = "not_a_device"
DEVICE_CLASSES_MDR: tuple[str, ...] = ("I", "Is", "Im", "Ir", "IIa", "IIb", "III")
DEVICE_CLASSES_IVDR: tuple[str, ...] = ("A", "A_sterile", "B", "C", "D")
CLASS_I_SUBCLASSES: tuple[str, ...] = ("Is", "Im", "Ir")  # precedence order, MDR Art 52(7)(a)-(c)

# Is/Im/Ir share a rank: they are class I devices with a notified body for one aspect only.
RANK: Mapping[str, int] = {
    NOT_A_DEVICE: 0,
    "I": 1,
    "Is": 2,
    "Im": 2,
    "Ir": 2,
    "IIa": 3,
    "IIb": 4,
    "III": 5,
    "A": 1,
    "A_sterile": 2,
    "B": 3,
    "C": 4,
    "D": 5,
}

IVD_RULE_CLASS: Mapping[str, str] = {
    "rule_1": "D",
    "rule_2_high": "D",
    "rule_2_other": "C",
    "rule_3": "C",
    "rule_4_self_test": "C",
    "rule_4_self_test_low_risk": "B",
    "rule_5": "A",
    "rule_6": "B",
    "rule_7": "B",
}


#: One step of the classification, with its legal basis (the reason of every pure rule).
MDRReason = Reason


@dataclass(frozen=True)
class MDRResult:
    """Suggested class, the rule that decided it, and every step that led there."""

    device_class: str
    rule: str
    reasons: tuple[MDRReason, ...]

    @property
    def regime(self) -> str | None:
        """``"MDR"``, ``"IVDR"`` or ``None`` when the software is not a device."""
        if self.device_class in DEVICE_CLASSES_MDR:
            return "MDR"
        return "IVDR" if self.device_class in DEVICE_CLASSES_IVDR else None

    def to_dict(self, locale: str | None = "fr") -> dict[str, Any]:
        """Return a JSON-serialisable dict."""
        return {
            "device_class": self.device_class,
            "regime": self.regime,
            "rule": self.rule,
            "reasons": [reason.to_dict(locale) for reason in self.reasons],
        }


def class_names(cls: str) -> tuple[str, str]:
    """Return the (French, English) name of a class code: ``A_sterile`` → ``A stérile``."""
    return cls.replace("_sterile", " stérile"), cls.replace("_", " ")


def class_rank(cls: str) -> int:
    """Return the rank of a class within its regime (0 = not a device, higher = stricter)."""
    try:
        return RANK[cls]
    except KeyError:
        raise ValueError(f"unknown device class: {cls!r}") from None


def compare_declared(declared: str | None, suggested: str) -> bool:
    """Return True when the declared class differs from the suggested one (a warning).

    No declared class (None or blank) never warns. Any other difference warns, including a
    declared class above the suggestion, a sub-class difference (I vs Is: the notified-body
    route changes) or another regime.
    """
    if declared is None or not declared.strip():
        return False
    return declared.strip() != suggested
