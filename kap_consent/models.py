"""The data a practice enters: practice, clinicians, prescribers, protocol, clients, plans."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PositiveInt,
    model_validator,
)

from .types import (
    ITEMS_MAX,
    NPI,
    STATES_MAX,
    Citation,
    ClientId,
    Day,
    Email,
    Key,
    Money,
    MultilineText,
    Name,
    Phone,
    StateCode,
    Text,
)


class Strict(BaseModel):
    """Base for every input model: unknown keys are errors; docstrings describe fields."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class License(Strict):
    """One license a clinician or prescriber holds."""

    type: Text
    """The license, e.g. `Licensed Psychologist` or `Physician and Surgeon (MD)`."""
    number: Text
    """License number exactly as the board issued it."""
    state: StateCode
    """Two-letter state that issued the license."""


class Psypact(Strict):
    """A psychologist's PSYPACT Authority to Practice Interjurisdictional Telepsychology (APIT).

    It covers video sessions (not office sessions) with a client in a PSYPACT member state.
    """

    apit_number: Text
    """The APIT number PSYPACT issued."""
    member_states: list[StateCode] = Field(min_length=1, max_length=STATES_MAX)
    """PSYPACT member states, as the practice last checked the PSYPACT map, e.g. `[WA, ID]`."""


_OLD_LICENSE_FIELDS = ("license_type", "license_number", "license_state")


def _licenses_moved(data: Any) -> Any:
    """Name the new `licenses` list when a file still uses the single-license fields of 0.1."""
    if isinstance(data, dict) and any(k in data for k in _OLD_LICENSE_FIELDS):
        raise ValueError(
            "license_type, license_number and license_state are now one entry of a `licenses` "
            "list; write `licenses: [{type: ..., number: ..., state: ...}]`, one entry per license"
        )
    return data


class Licensed(Strict):
    """Someone whose licenses decide in which states they may serve a client."""

    licenses: list[License] = Field(min_length=1, max_length=ITEMS_MAX)
    """Every license held: `type`, `number`, `state`. The packet prints the ones that apply."""

    @model_validator(mode="before")
    @classmethod
    def _no_single_license(cls, data: Any) -> Any:
        return _licenses_moved(data)

    def license_states(self) -> list[str]:
        """Return the states of every license, in file order, without repeats."""
        return list(dict.fromkeys(lic.state for lic in self.licenses))


class Clinician(Licensed):
    """A psychotherapist who runs preparation, dosing and integration sessions."""

    id: Key
    """Short key a treatment plan uses to name this therapist, e.g. `rivera`."""
    name: Name
    """Full name as it should print, e.g. `Dana Rivera`."""
    credentials: Text
    """Degrees and credentials after the name, e.g. `PhD`."""
    psypact: Psypact | None = None
    """Psychologists only: PSYPACT authority for video sessions in member states."""
    npi: NPI | None = None
    """The therapist's own NPI, printed on the Good Faith Estimate when given."""
    email: Email | None = None
    """Work email, printed as a contact when given."""

    @model_validator(mode="after")
    def _psypact_needs_home_state(self) -> Clinician:
        if self.psypact is None:
            return self
        if not any("psycholog" in lic.type.lower() for lic in self.licenses):
            raise ValueError(
                "psypact is only for psychologists; no license type names a psychologist "
                "(e.g. `Licensed Psychologist`); remove psypact or correct the license type"
            )
        if not set(self.license_states()) & set(self.psypact.member_states):
            raise ValueError(
                "psypact needs a license in a PSYPACT member state (the home state), but none "
                f"of the licenses ({', '.join(self.license_states())}) is in member_states; "
                "check the APIT and the member states"
            )
        return self


class SubstanceRule(Strict):
    """One substance the prescriber asks the client to avoid around a dosing session."""

    substance: Text
    """What to avoid, e.g. `alcohol` or `cannabis`."""
    hours_before: PositiveInt | None = None
    """Hours before a dosing session to stop; leave out to defer to the prescriber."""
    hours_after: PositiveInt | None = None
    """Hours after a dosing session to keep avoiding it; leave out to defer to the prescriber."""


class HomeVitals(Strict):
    """Who measures blood pressure and heart rate before a home dose, and with what."""

    measured_by: Literal["client", "support_person", "prescriber_visit"]
    """`client`, `support_person`, or `prescriber_visit` (the prescriber visits the home)."""
    device: Text | None = None
    """What they measure with, e.g. `an automatic upper-arm blood-pressure cuff`; required
    unless the prescriber visits."""

    @model_validator(mode="after")
    def _device_named(self) -> HomeVitals:
        if self.measured_by != "prescriber_visit" and self.device is None:
            raise ValueError(
                f"device is required when {self.measured_by.replace('_', ' ')} measures; name "
                "it, e.g. `an automatic upper-arm blood-pressure cuff`"
            )
        return self


class Protocol(Strict):
    """A prescriber's safety rules. Every field is optional: absent means the prescriber decides.

    The software never supplies a clinical number of its own.
    """

    fasting_food_hours: PositiveInt | None = Field(default=None, le=24)
    """Hours without food before dosing."""
    fasting_liquids_hours: PositiveInt | None = Field(default=None, le=24)
    """Hours without liquids before dosing."""
    avoid: list[SubstanceRule] = Field(default=[], max_length=ITEMS_MAX)
    """Substances to avoid before and after dosing, and for how long."""
    max_systolic: PositiveInt | None = Field(default=None, ge=90, le=220)
    """Upper systolic blood pressure (mmHg) above which the client must not dose."""
    max_diastolic: PositiveInt | None = Field(default=None, ge=50, le=140)
    """Upper diastolic blood pressure (mmHg) above which the client must not dose."""
    max_heart_rate: PositiveInt | None = Field(default=None, ge=50, le=180)
    """Resting heart rate (beats per minute) above which the client must not dose."""
    test_dose: MultilineText | None = None
    """How the prescriber handles a first or test dose, in the prescriber's words."""
    max_doses_per_prescription: PositiveInt | None = Field(default=None, le=50)
    """Most doses dispensed on one prescription."""
    home_vitals: HomeVitals | None = None
    """Who checks vital signs before a home dose, and with what; required for home dosing."""

    HOME_DOSING_FIELDS: ClassVar[tuple[str, ...]] = (
        "max_systolic",
        "max_diastolic",
        "max_heart_rate",
        "fasting_food_hours",
        "home_vitals",
    )
    """What a prescriber must give before any client of theirs may dose at home."""

    def missing_for_home(self) -> list[str]:
        """Return the home-dosing fields this protocol leaves out."""
        return [name for name in self.HOME_DOSING_FIELDS if getattr(self, name) is None]


class Prescriber(Licensed):
    """An independent medical professional who evaluates, prescribes and monitors."""

    id: Key
    """Short key a treatment plan uses to name this prescriber, e.g. `okafor`."""
    name: Name
    """Full name as it should print."""
    credentials: Literal["MD", "DO", "NP", "PA"]
    """Professional degree: MD, DO, NP or PA."""
    organization: Text
    """The prescriber's own practice or company (independent of this practice)."""
    npi: NPI
    """10-digit National Provider Identifier; checked by its check digit."""
    phone: Phone
    """Office phone for questions and records."""
    on_call_phone: Phone
    """Phone for urgent medical questions about a dose or a reaction."""
    email: Email
    """Email for records and non-urgent questions."""
    address: MultilineText | None = None
    """Mailing address; needed when clients mail a revocation to the prescriber."""
    protocol: Protocol = Protocol()
    """This prescriber's safety rules (fasting, substances, vital-sign limits, doses)."""


class SessionInfo(Strict):
    """Length and fee of one kind of session."""

    minutes: PositiveInt = Field(le=600)
    """Typical length in minutes."""
    fee: Money
    """Therapy fee in US dollars for one session."""


class Sessions(Strict):
    """The three kinds of KAP session the therapist runs."""

    preparation: SessionInfo
    """Preparation sessions before any dosing."""
    dosing: SessionInfo
    """Dosing sessions, which last longer."""
    integration: SessionInfo
    """Integration sessions after dosing."""


class OtherFee(Strict):
    """Any other fee the practice charges."""

    description: Text
    """What the fee is for, e.g. `Late cancellation (less than 48 hours)`."""
    amount: Money
    """Amount in US dollars."""


class RecordsContact(Strict):
    """Who handles privacy questions, records requests and revocations."""

    name: Name
    """Person or role, e.g. `Privacy Officer`."""
    address: MultilineText
    """Mailing address where a written revocation can be sent."""
    phone: Phone
    """Phone number."""
    email: Email
    """Email address."""


class Telehealth(Strict):
    """How the practice meets clients by video."""

    platform: Text
    """Name of the video platform, e.g. `Doxy.me`."""
    backup_phone: Phone
    """Number the therapist calls from, or the client calls, if video fails."""


class Office(Strict):
    """A place where the practice sees clients in person."""

    id: Key
    """Short key a treatment plan uses to name this office, e.g. `portland`."""
    address: MultilineText
    """Street address; may span lines."""
    state: StateCode
    """Two-letter state the office is in; the therapist needs a license there."""


class MinorsPolicy(Strict):
    """The practice's choice to treat clients under 18."""

    states: list[StateCode] = Field(min_length=1, max_length=STATES_MAX)
    """States where the practice treats minors, after checking each state's consent law."""


Calls = Literal["client", "support_person", "emergency_contact", "prescriber_on_call", "911"]


class CrisisStep(Strict):
    """One step the practice takes when it cannot reach a client during a home session."""

    action: Text
    """What happens, written to the client, e.g. `Your therapist calls your emergency contact.`"""
    calls: list[Calls] = Field(min_length=1, max_length=ITEMS_MAX)
    """Who is called: `client`, `support_person`, `emergency_contact`, `prescriber_on_call`,
    `911`. The packet prints their numbers."""


class Practice(Strict):
    """The practice: who it is, who works with it, what it charges."""

    legal_name: Text
    """Legal business name."""
    display_name: Name
    """Name printed in headers, e.g. `Cedar Path Therapy`."""
    address: MultilineText
    """Office address; may span lines."""
    phone: Phone
    """Main office phone."""
    email: Email
    """Main office email."""
    website: Text | None = None
    """Website address, printed as text (never fetched)."""
    npi: NPI | None = None
    """The practice's organizational NPI, printed on the Good Faith Estimate when given."""
    tax_id: Text | None = None
    """The practice's tax ID (TIN), printed on the Good Faith Estimate when given."""
    states: list[StateCode] = Field(min_length=1, max_length=STATES_MAX)
    """States where the practice offers services."""
    offices: list[Office] = Field(min_length=1, max_length=ITEMS_MAX)
    """Where clients are seen in person, each with its state."""
    logo: Path | None = None
    """PNG or JPEG logo file, relative to this practice file."""
    clinicians: list[Clinician] = Field(min_length=1, max_length=ITEMS_MAX)
    """Therapists who run KAP sessions."""
    prescribers: list[Prescriber] = Field(min_length=1, max_length=ITEMS_MAX)
    """Independent prescribers the practice works with."""
    sessions: Sessions
    """Length and therapy fee of each session type."""
    other_fees: list[OtherFee] = Field(default=[], max_length=ITEMS_MAX)
    """Any other fees (for example late cancellation)."""
    cancellation_policy: MultilineText
    """The cancellation policy in the practice's words."""
    records_contact: RecordsContact
    """Privacy and records contact."""
    telehealth: Telehealth | None = None
    """Video platform; required when any client has home or video sessions."""
    references: list[Citation] | None = Field(default=None, max_length=ITEMS_MAX)
    """Replaces the packaged reference list when given."""
    crisis_plan: list[CrisisStep] | None = Field(default=None, min_length=1, max_length=ITEMS_MAX)
    """Steps, in order, when the practice cannot reach a client or support person during a
    home session; required when any client has home dosing."""
    minors: MinorsPolicy | None = None
    """Leave out to treat adults only; give it to treat clients under 18 in the listed states."""

    @model_validator(mode="after")
    def _unique_ids(self) -> Practice:
        groups: tuple[tuple[str, list[Any]], ...] = (
            ("clinicians", self.clinicians),
            ("prescribers", self.prescribers),
            ("offices", self.offices),
        )
        for label, items in groups:
            ids = [item.id for item in items]
            duplicates = sorted({i for i in ids if ids.count(i) > 1})
            if duplicates:
                raise ValueError(f"{label} share the id {', '.join(duplicates)}; ids must differ")
        return self

    def clinician(self, key: str) -> Clinician | None:
        """Return the clinician with this id, if any."""
        return next((c for c in self.clinicians if c.id == key), None)

    def prescriber(self, key: str) -> Prescriber | None:
        """Return the prescriber with this id, if any."""
        return next((p for p in self.prescribers if p.id == key), None)

    def office(self, key: str | None) -> Office | None:
        """Return the office with this id, or the only office when `key` is None."""
        if key is None:
            return self.offices[0] if len(self.offices) == 1 else None
        return next((o for o in self.offices if o.id == key), None)


class Person(Strict):
    """Someone the practice may need to reach."""

    name: Name
    """Full name."""
    relationship: Text
    """Relationship to the client, e.g. `sister`."""
    phone: Phone
    """Phone number."""


class SupportPerson(Person):
    """The sober adult who stays with the client through a home dosing session."""

    email: Email | None = None
    """Email address, if the support person has one."""


class PersonalRepresentative(Person):
    """Someone with legal authority to sign for the client."""

    authority: Text
    """The legal basis, e.g. `parent of a minor` or `court-appointed guardian`."""


class PrimaryCare(Strict):
    """The client's primary care provider."""

    name: Name
    """Clinician or clinic name."""
    phone: Phone
    """Phone number."""
    address: MultilineText | None = None
    """Address, if known."""


class TreatmentPlan(Strict):
    """What the client has agreed to start."""

    therapist: Key
    """The `id` of a clinician in the practice file."""
    prescriber: Key
    """The `id` of a prescriber in the practice file."""
    settings: Literal["office", "home", "both"]
    """Where dosing happens: `office`, `home` (therapist by video), or `both`."""
    video_sessions: bool = False
    """True when preparation or integration sessions may also happen by video."""
    preparation_sessions: PositiveInt = Field(le=50)
    """Number of preparation sessions."""
    dosing_sessions: PositiveInt = Field(le=50)
    """Number of dosing sessions."""
    integration_sessions: PositiveInt = Field(le=50)
    """Number of integration sessions."""
    medication_form: Literal["troche", "lozenge", "rapid-dissolving tablet"]
    """How the compounded ketamine is made: `troche`, `lozenge` or `rapid-dissolving tablet`."""
    start_date: Day
    """Planned first session, YYYY-MM-DD."""
    share_with_primary_care: bool = False
    """True when the client allows updates to the primary care provider."""
    office: Key | None = None
    """The `id` of the office the client visits; needed only when the practice has several."""
    home_address: MultilineText | None = None
    """Where home sessions happen, when not the client's own address."""
    home_state: StateCode | None = None
    """State of the home-session address; required with home dosing."""
    video_states: list[StateCode] = Field(default=[], max_length=STATES_MAX)
    """States the client will join video sessions from; required with `video_sessions`."""

    @property
    def has_home(self) -> bool:
        """Whether any dosing happens at home."""
        return self.settings in ("home", "both")

    @property
    def has_office(self) -> bool:
        """Whether any dosing happens in the office."""
        return self.settings in ("office", "both")

    @property
    def is_remote(self) -> bool:
        """Whether any session happens by video."""
        return self.has_home or self.video_sessions


class Client(Strict):
    """One client and their treatment plan."""

    id: ClientId
    """Client ID; names the output folder and files, so it holds no personal data."""
    legal_name: Name
    """Full legal name, printed on every page."""
    preferred_name: Name | None = None
    """Name the client likes to be called, if different."""
    date_of_birth: Day
    """YYYY-MM-DD. Under 18 at the start date: only if the practice treats minors."""
    address: MultilineText
    """Home address; may span lines."""
    phone: Phone
    """Phone number."""
    email: Email | None = None
    """Email address."""
    emergency_contact: Person
    """Who to call in an emergency."""
    support_person: SupportPerson | None = None
    """Required when the plan has home sessions."""
    primary_care: PrimaryCare | None = None
    """Primary care provider, optional."""
    personal_representative: PersonalRepresentative | None = None
    """Required for a client under 18 (the parent or guardian who gives permission)."""
    nearest_emergency_room: MultilineText | None = None
    """Nearest emergency room to where home sessions happen, optional."""
    insured_for_kap: bool = False
    """True when health insurance covers KAP for this client; otherwise the packet includes a
    Good Faith Estimate for self-pay clients."""
    plan: TreatmentPlan
    """The treatment plan."""
