"""General and Business tabs of the script settings."""
from __future__ import annotations

import dataclasses
from typing import Any, Optional

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QVBoxLayout, QWidget

from designer.model import Business, Consent, Voice
from designer.ui.document import Document
from designer.ui.panels.settings_base import SectionTab, set_spin, spin_box, suggest
from designer.ui.panels.widgets import blocked

LANGUAGES = ("zh-CN", "zh-TW", "zh-HK", "en-US", "en-GB")
TTS_ENGINES = ("pyttsx3", "piper")
CONSENT_BASES = ("prior_consent", "prior_express_written_consent", "existing_customer",
                 "existing_relationship", "legitimate_interest", "contract", "none")


class GeneralTab(SectionTab):
    """Name, version, language, voice and the compliance policies the script declares."""

    sections = ("name", "version", "language", "voice", "policies")
    POLICIES = ("cn", "us", "eu", "uk")

    def __init__(self, document: Document, parent: Optional[QWidget] = None):
        super().__init__(document, parent)
        form = QFormLayout(self)
        self.name_edit = self.line(lambda t: self.push_section("name", t.strip(), self.tr("name")))
        self.version_edit = self.line(
            lambda t: self.push_section("version", t.strip(), self.tr("version")))
        self.language_edit = suggest(self.line(
            lambda t: self.push_section("language", t.strip(), self.tr("language"))), LANGUAGES)
        self.engine_edit = suggest(self.line(lambda t: self._voice(engine=t.strip())),
                                   TTS_ENGINES)
        self.voice_edit = self.line(lambda t: self._voice(voice=t.strip()))
        self.rate_spin = spin_box(50, 400)
        self.rate_spin.setSuffix(self.tr(" words/min"))
        self.rate_spin.valueChanged.connect(lambda v: self._voice(rate=v))
        form.addRow(self.tr("Script name"), self.name_edit)
        form.addRow(self.tr("Version"), self.version_edit)
        form.addRow(self.tr("Language"), self.language_edit)
        form.addRow(self.tr("Speech engine"), self.engine_edit)
        form.addRow(self.tr("Voice"), self.voice_edit)
        form.addRow(self.tr("Speaking rate"), self.rate_spin)
        form.addRow(self._build_policies())
        self.refresh()

    def _build_policies(self) -> QWidget:
        group = QGroupBox(self.tr("Compliance policies checked by lint and export"))
        layout = QVBoxLayout(group)
        names = {"cn": self.tr("China (cn)"), "us": self.tr("United States (us)"),
                 "eu": self.tr("European Union (eu)"), "uk": self.tr("United Kingdom (uk)")}
        self.policy_checks: dict[str, QCheckBox] = {}
        for code in self.POLICIES:
            check = QCheckBox(names[code])
            check.toggled.connect(lambda on, c=code: self._policy(c, on))
            layout.addWidget(check)
            self.policy_checks[code] = check
        return group

    def refresh(self) -> None:
        s = self.document.script
        self.name_edit.set_value(s.name)
        self.version_edit.set_value(s.version)
        self.language_edit.set_value(s.language)
        self.engine_edit.set_value(s.voice.engine)
        self.voice_edit.set_value(s.voice.voice)
        set_spin(self.rate_spin, s.voice.rate)
        for code, check in self.policy_checks.items():
            if check.isChecked() != (code in s.policies):
                with blocked(check):
                    check.setChecked(code in s.policies)

    def _voice(self, **change: Any) -> None:
        voice: Voice = dataclasses.replace(self.document.script.voice, **change)
        self.push_section("voice", voice, self.tr("voice"))

    def _policy(self, code: str, on: bool) -> None:
        old = self.document.script.policies
        new = tuple(p for p in old if p != code) + ((code,) if on else ())
        if on and code in old:
            new = old
        self.push_section("policies", new, self.tr("policies"))


class BusinessTab(SectionTab):
    """Who calls and why: read by the compliance checks and written into the package."""

    sections = ("business",)

    def __init__(self, document: Document, parent: Optional[QWidget] = None):
        super().__init__(document, parent)
        form = QFormLayout(self)
        self.legal_name_edit = self.line(lambda t: self._business(legal_name=t.strip()))
        self.callback_edit = self.line(lambda t: self._business(callback_number=t.strip()))
        self.purpose_edit = self.line(lambda t: self._business(purpose=t.strip()))
        self.number_source_edit = self.line(lambda t: self._business(number_source=t.strip()))
        self.number_source_edit.setPlaceholderText(self.tr("e.g. customers' own registration"))
        self.basis_edit = suggest(self.line(lambda t: self._consent(basis=t.strip())),
                                  CONSENT_BASES)
        self.consent_source_edit = self.line(lambda t: self._consent(source=t.strip()))
        self.consent_source_edit.setPlaceholderText(self.tr("where the consent was given"))
        form.addRow(self.tr("Legal name"), self.legal_name_edit)
        form.addRow(self.tr("Callback number"), self.callback_edit)
        form.addRow(self.tr("Purpose of the call"), self.purpose_edit)
        form.addRow(self.tr("Where the numbers come from"), self.number_source_edit)
        form.addRow(self.tr("Consent basis"), self.basis_edit)
        form.addRow(self.tr("Consent source"), self.consent_source_edit)
        self.refresh()

    def refresh(self) -> None:
        b = self.document.script.business
        self.legal_name_edit.set_value(b.legal_name)
        self.callback_edit.set_value(b.callback_number)
        self.purpose_edit.set_value(b.purpose)
        self.number_source_edit.set_value(b.number_source)
        self.basis_edit.set_value(b.consent.basis if b.consent else "")
        self.consent_source_edit.set_value(b.consent.source if b.consent else "")

    def _business(self, **change: Any) -> None:
        business: Business = dataclasses.replace(self.document.script.business, **change)
        self.push_section("business", business, self.tr("business"))

    def _consent(self, **change: str) -> None:
        consent = dataclasses.replace(self.document.script.business.consent or Consent(), **change)
        self._business(consent=None if consent == Consent() else consent)
